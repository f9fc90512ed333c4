// Global functions: parseInt, parseFloat, isNaN, isFinite and the URI
// encoders/decoders.

enum GlobalBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("global", "parseInt", 2) { vm, _, args in
            let units = try vm.toUnits(args[0])
            return Value(VM.parseInt(units, radix: try vm.toInt32(args[1])))
        },
        NativeFunction("global", "parseFloat", 1) { vm, _, args in
            Value(VM.parseFloat(try vm.toUnits(args[0])))
        },
        NativeFunction("global", "isNaN", 1) { vm, _, args in Value(try vm.toNumber(args[0]).isNaN) },
        NativeFunction("global", "isFinite", 1) { vm, _, args in Value(try vm.toNumber(args[0]).isFinite) },
        NativeFunction("global", "encodeURIComponent", 1) { vm, _, args in
            try vm.uriEncode(try vm.toUnits(args[0]), unescaped: GlobalBuiltins.componentUnescaped)
        },
        NativeFunction("global", "encodeURI", 1) { vm, _, args in
            try vm.uriEncode(try vm.toUnits(args[0]), unescaped: GlobalBuiltins.uriUnescaped)
        },
        NativeFunction("global", "decodeURIComponent", 1) { vm, _, args in
            try vm.uriDecode(try vm.toUnits(args[0]), reserved: [])
        },
        NativeFunction("global", "decodeURI", 1) { vm, _, args in
            try vm.uriDecode(try vm.toUnits(args[0]), reserved: GlobalBuiltins.uriReserved)
        },
    ]

    /// uriUnreserved: ASCII letters, digits and `-_.!~*'()`.
    static let componentUnescaped: Set<UInt16> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf16))
    /// uriReserved plus `#`: kept by encodeURI / decodeURI.
    static let uriReserved: Set<UInt16> = Set(Array(";/?:@&=+$,#".utf16))
    static let uriUnescaped = componentUnescaped.union(uriReserved)

    static func install(_ vm: VM) {
        vm.installNatives(owner: "global", on: vm.globalObject)
    }
}

extension VM {
    /// parseInt on a string's units with a ToInt32'd radix (0 = auto).
    static func parseInt(_ units: [UInt16], radix r: Int32) -> Double {
        var i = 0
        while i < units.count && isJSWhitespace(units[i]) { i += 1 }
        var sign = 1.0
        if i < units.count && (units[i] == 0x2D || units[i] == 0x2B) {
            if units[i] == 0x2D { sign = -1 }
            i += 1
        }
        var radix = Int(r)
        var stripPrefix = true
        if radix != 0 {
            if radix < 2 || radix > 36 { return .nan }
            if radix != 16 { stripPrefix = false }
        } else {
            radix = 10
        }
        if stripPrefix && i + 1 < units.count && units[i] == 0x30 && units[i + 1] | 0x20 == 0x78 {
            i += 2
            radix = 16
        }
        let start = i
        while i < units.count, let d = digitValue(units[i]), d < radix { i += 1 }
        if i == start { return .nan }
        if radix == 10 {
            // Decimal digits go through the correctly rounded parser.
            return sign * (Double(String(decoding: units[start..<i], as: UTF16.self)) ?? .nan)
        }
        var value = 0.0
        for u in units[start..<i] { value = value * Double(radix) + Double(digitValue(u) ?? 0) }
        return sign * value
    }

    /// parseFloat: the longest StrDecimalLiteral prefix after whitespace.
    static func parseFloat(_ units: [UInt16]) -> Double {
        var i = 0
        while i < units.count && isJSWhitespace(units[i]) { i += 1 }
        var sign = 1.0
        if i < units.count && (units[i] == 0x2D || units[i] == 0x2B) {
            if units[i] == 0x2D { sign = -1 }
            i += 1
        }
        if units[i...].starts(with: "Infinity".utf16) { return sign * .infinity }
        func isDigit(_ j: Int) -> Bool { j < units.count && units[j] >= 0x30 && units[j] <= 0x39 }
        var text = ""
        var sawDigit = false
        while isDigit(i) {
            text.append(Character(Unicode.Scalar(UInt8(units[i]))))
            sawDigit = true
            i += 1
        }
        if i < units.count && units[i] == 0x2E {
            text.append(".")
            i += 1
            while isDigit(i) {
                text.append(Character(Unicode.Scalar(UInt8(units[i]))))
                sawDigit = true
                i += 1
            }
        }
        if !sawDigit { return .nan }
        if i < units.count && units[i] | 0x20 == 0x65 {
            var j = i + 1
            var exponent = "e"
            if j < units.count && (units[j] == 0x2D || units[j] == 0x2B) {
                exponent.append(units[j] == 0x2D ? "-" : "+")
                j += 1
            }
            if isDigit(j) {
                while isDigit(j) {
                    exponent.append(Character(Unicode.Scalar(UInt8(units[j]))))
                    j += 1
                }
                text += exponent
            }
        }
        if text.hasSuffix(".") { text.removeLast() }
        return sign * (Double("0" + text) ?? .nan)
    }

    /// Encode (ECMA-262 19.2.6.5): UTF-8 percent-encoding of every code unit
    /// outside `unescaped`; lone surrogates are a URIError.
    func uriEncode(_ units: [UInt16], unescaped: Set<UInt16>) throws -> Value {
        let hex = Array("0123456789ABCDEF".utf16)
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var k = 0
        while k < units.count {
            let c = units[k]
            if unescaped.contains(c) {
                out.append(c)
                k += 1
                continue
            }
            var codePoint = UInt32(c)
            if c >= 0xDC00 && c <= 0xDFFF { throw error(.uriError, "URI malformed") }
            if c >= 0xD800 && c <= 0xDBFF {
                guard k + 1 < units.count, units[k + 1] >= 0xDC00, units[k + 1] <= 0xDFFF else {
                    throw error(.uriError, "URI malformed")
                }
                codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (UInt32(units[k + 1]) - 0xDC00)
                k += 1
            }
            k += 1
            for byte in VM.utf8Bytes(codePoint) {
                out += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
            if out.count > maxStringLength { throw error(.rangeError, "Invalid string length") }
        }
        return newString(out)
    }

    /// Decode (ECMA-262 19.2.6.6): `%XX` sequences as UTF-8; escapes of
    /// characters in `reserved` stay as written; bad sequences are a URIError.
    func uriDecode(_ units: [UInt16], reserved: Set<UInt16>) throws -> Value {
        func byte(at k: Int) -> UInt32? {
            guard k + 2 < units.count, units[k] == 0x25,
                  let hi = VM.digitValue(units[k + 1]), hi < 16,
                  let lo = VM.digitValue(units[k + 2]), lo < 16 else { return nil }
            return UInt32(hi << 4 | lo)
        }
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var k = 0
        while k < units.count {
            guard units[k] == 0x25 else {
                out.append(units[k])
                k += 1
                continue
            }
            guard let first = byte(at: k) else { throw error(.uriError, "URI malformed") }
            if first < 0x80 {
                let c = UInt16(first)
                if reserved.contains(c) { out += units[k..<k + 3] } else { out.append(c) }
                k += 3
                continue
            }
            let count = first & 0xE0 == 0xC0 ? 2 : first & 0xF0 == 0xE0 ? 3 : first & 0xF8 == 0xF0 ? 4 : 0
            guard count > 0 else { throw error(.uriError, "URI malformed") }
            var codePoint = first & (count == 2 ? 0x1F : count == 3 ? 0x0F : 0x07)
            k += 3
            for _ in 1..<count {
                guard let next = byte(at: k), next & 0xC0 == 0x80 else { throw error(.uriError, "URI malformed") }
                codePoint = codePoint << 6 | (next & 0x3F)
                k += 3
            }
            let minimum: UInt32 = count == 2 ? 0x80 : count == 3 ? 0x800 : 0x10000
            guard codePoint >= minimum, let scalar = Unicode.Scalar(codePoint) else {
                throw error(.uriError, "URI malformed")
            }
            UTF16.encode(scalar) { out.append($0) }
        }
        return newString(out)
    }

    /// The UTF-8 encoding of a code point (not a surrogate).
    private static func utf8Bytes(_ c: UInt32) -> [UInt32] {
        if c < 0x80 { return [c] }
        if c < 0x800 { return [0xC0 | c >> 6, 0x80 | c & 0x3F] }
        if c < 0x10000 { return [0xE0 | c >> 12, 0x80 | c >> 6 & 0x3F, 0x80 | c & 0x3F] }
        return [0xF0 | c >> 18, 0x80 | c >> 12 & 0x3F, 0x80 | c >> 6 & 0x3F, 0x80 | c & 0x3F]
    }
}
