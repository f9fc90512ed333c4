import Foundation

// Type conversions and comparisons of ECMAScript section 7.

/// The preferred type of ToPrimitive.
public enum PrimitiveHint { case `default`, number, string }

extension VM {
    // MARK: ToBoolean / typeof

    @inline(__always) public func toBoolean(_ v: Value) -> Bool {
        if v.isNumber {
            let d = v.number
            return !(d == 0 || d.isNaN)
        }
        if v.bits == Value.true.bits { return true }
        if v.bits == Value.false.bits || v.isNullish || v.isHole { return false }
        if v.isString { return !jsString(v).units.isEmpty }
        return true
    }

    /// The result of the `typeof` operator.
    public func typeOf(_ v: Value) -> String {
        if v.isNumber { return "number" }
        if v.isString { return "string" }
        if v.isBoolean { return "boolean" }
        if v.isUndefined || v.isHole { return "undefined" }
        if v.isNull { return "object" }
        if v.isSymbol { return "symbol" }
        return isCallable(v) ? "function" : "object"
    }

    @inline(__always) public func isCallable(_ v: Value) -> Bool {
        guard v.isObject else { return false }
        if case .function = object(v).kind { return true }
        return false
    }

    public func isConstructor(_ v: Value) -> Bool {
        guard v.isObject, case .function(let f) = object(v).kind else { return false }
        return f.isConstructor
    }

    // MARK: ToPrimitive

    /// ToPrimitive: `Symbol.toPrimitive`, then `valueOf`/`toString` in hint order.
    public func toPrimitive(_ v: Value, hint: PrimitiveHint = .default) throws -> Value {
        guard v.isObject else { return v }
        let exotic = try get(v, Atom.symbolToPrimitive)
        if !exotic.isNullish {
            let h = hint == .string ? "string" : hint == .number ? "number" : "default"
            let r = try call(exotic, this: v, arguments: [newString(h)])
            if r.isObject { throw error(.typeError, "Cannot convert object to primitive value") }
            return r
        }
        let order: [PropertyKey] = hint == .string ? [Atom.toString, Atom.valueOf] : [Atom.valueOf, Atom.toString]
        for key in order {
            let m = try get(v, key)
            if isCallable(m) {
                let r = try call(m, this: v, arguments: [])
                if !r.isObject { return r }
            }
        }
        throw error(.typeError, "Cannot convert object to primitive value")
    }

    // MARK: ToNumber

    public func toNumber(_ v: Value) throws -> Double {
        if v.isNumber { return v.number }
        if v.isString { return VM.stringToNumber(jsString(v).units) }
        if v.isUndefined || v.isHole { return .nan }
        if v.isNull || v.bits == Value.false.bits { return 0 }
        if v.bits == Value.true.bits { return 1 }
        if v.isSymbol { throw error(.typeError, "Cannot convert a Symbol value to a number") }
        return try toNumber(try toPrimitive(v, hint: .number))
    }

    /// StringToNumber: whitespace-trimmed decimal, `0x`/`0o`/`0b`, `Infinity`; else NaN.
    /// `s` as a number when it is an optionally signed integer of at most
    /// 15 digits (exact in a double): the common case, read without
    /// building a Swift string. Nil for anything else.
    private static func smallDecimalInteger(_ s: ArraySlice<UInt16>) -> Double? {
        var i = s.startIndex
        let negative = s[i] == 45  // "-"
        if negative || s[i] == 43 { i += 1 }  // "+"
        guard s.endIndex - i > 0 && s.endIndex - i <= 15 else { return nil }
        var n: Int64 = 0
        while i < s.endIndex {
            let digit = s[i] &- 48
            guard digit < 10 else { return nil }
            n = n &* 10 &+ Int64(digit)
            i += 1
        }
        return negative ? -Double(n) : Double(n)
    }

    public static func stringToNumber(_ units: [UInt16]) -> Double {
        var start = 0
        var end = units.count
        while start < end && isJSWhitespace(units[start]) { start += 1 }
        while end > start && isJSWhitespace(units[end - 1]) { end -= 1 }
        if start == end { return 0 }
        let s = units[start..<end]
        if s.count > 2 && s[start] == 48 {
            let radixChar = s[start + 1] | 0x20
            let radix = radixChar == 120 ? 16 : radixChar == 111 ? 8 : radixChar == 98 ? 2 : 0
            if radix != 0 {
                var n = 0.0
                for u in s.dropFirst(2) {
                    guard let d = digitValue(u), d < radix else { return .nan }
                    n = n * Double(radix) + Double(d)
                }
                return n
            }
        }
        if let n = smallDecimalInteger(s) { return n }
        var text = String(decoding: s, as: UTF16.self)
        var sign = 1.0
        if text.hasPrefix("+") { text.removeFirst() } else if text.hasPrefix("-") { text.removeFirst(); sign = -1 }
        if text == "Infinity" { return sign * .infinity }
        // Only the StrDecimalLiteral grammar: digits, one dot, an exponent.
        var sawDigit = false, sawDot = false, sawExp = false, expDigits = false
        var previous: Character = " "
        for c in text {
            if c.isASCII && c.isNumber {
                if sawExp { expDigits = true } else { sawDigit = true }
            } else if c == "." && !sawDot && !sawExp {
                sawDot = true
            } else if (c == "e" || c == "E") && sawDigit && !sawExp {
                sawExp = true
            } else if (c == "+" || c == "-") && (previous == "e" || previous == "E") {
            } else {
                return .nan
            }
            previous = c
        }
        if !sawDigit || (sawExp && !expDigits) { return .nan }
        return sign * (Double(text) ?? .nan)
    }

    static func digitValue(_ u: UInt16) -> Int? {
        switch u {
        case 48...57: return Int(u - 48)
        case 97...122: return Int(u - 97 + 10)
        case 65...90: return Int(u - 65 + 10)
        default: return nil
        }
    }

    /// WhiteSpace and LineTerminator code units.
    public static func isJSWhitespace(_ u: UInt16) -> Bool {
        switch u {
        case 9, 10, 11, 12, 13, 32, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// ToNumeric followed by ToInt32.
    @inline(__always) public func toInt32(_ v: Value) throws -> Int32 {
        if v.isNumber { return VM.toInt32(v.number) }
        return VM.toInt32(try toNumber(v))
    }

    @inline(__always) public static func toInt32(_ d: Double) -> Int32 {
        if let i = Int32(exactly: d) { return i }
        if !d.isFinite { return 0 }
        let m = d.rounded(.towardZero).truncatingRemainder(dividingBy: 4_294_967_296)
        return Int32(truncatingIfNeeded: Int64(m))
    }

    public func toUint32(_ v: Value) throws -> UInt32 { UInt32(bitPattern: try toInt32(v)) }

    /// ToIntegerOrInfinity.
    public func toInteger(_ v: Value) throws -> Double {
        let d = try toNumber(v)
        if d.isNaN { return 0 }
        if d.isInfinite { return d }
        return d.rounded(.towardZero) + 0
    }

    /// A relative index argument (`slice(-2)`) clamped to `0...length`.
    public func relativeIndex(_ v: Value, length: Int, defaultValue: Int) throws -> Int {
        if v.isUndefined { return defaultValue }
        let d = try toInteger(v)
        if d < 0 { return max(0, length + Int(max(d, -Double(length) - 1))) }
        return Int(min(d, Double(length)))
    }

    // MARK: ToString

    /// ToString as a string value.
    public func toStringValue(_ v: Value) throws -> Value {
        if v.isString { return v }
        if v.isSymbol { throw error(.typeError, "Cannot convert a Symbol value to a string") }
        if v.isObject { return try toStringValue(try toPrimitive(v, hint: .string)) }
        return newString(primitiveToString(v))
    }

    /// ToString as UTF-16 units.
    public func toUnits(_ v: Value) throws -> [UInt16] {
        if v.isString { return units(v) }
        return units(try toStringValue(v))
    }

    /// ToString as a Swift string.
    public func toSwiftString(_ v: Value) throws -> String {
        if v.isString { return swiftString(v) }
        return swiftString(try toStringValue(v))
    }

    /// ToString of a non-object, non-symbol value.
    public func primitiveToString(_ v: Value) -> String {
        if v.isNumber { return VM.numberToString(v.number) }
        if v.isString { return swiftString(v) }
        if v.isUndefined || v.isHole { return "undefined" }
        if v.isNull { return "null" }
        if v.bits == Value.true.bits { return "true" }
        if v.bits == Value.false.bits { return "false" }
        if v.isSymbol { return atomString(v.handle) }
        return "[object]"
    }

    /// Number::toString(10): shortest round-trip digits in ECMAScript layout.
    public static func numberToString(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d == 0 { return "0" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if let i = Int64(exactly: d), i.magnitude < 1_000_000_000_000_000 { return String(i) }
        let (digits, exponent) = shortestDigits(abs(d))
        let sign = d < 0 ? "-" : ""
        let k = digits.count
        let n = exponent // value = 0.d1d2... * 10^n
        if k <= n && n <= 21 {
            return sign + digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: n)
            return sign + digits[..<i] + "." + digits[i...]
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + digits
        }
        let e = n - 1
        let expText = e >= 0 ? "+\(e)" : "\(e)"
        if k == 1 { return sign + digits + "e" + expText }
        let first = digits.prefix(1)
        return sign + first + "." + digits.dropFirst() + "e" + expText
    }

    /// The shortest round-trip decimal digits of a positive finite double and
    /// `n` such that the value is `0.digits × 10^n`.
    static func shortestDigits(_ d: Double) -> (String, Int) {
        let text = "\(d)" // Swift prints the shortest round-trip representation.
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(intPart) + String(fracPart)
        var n = intPart.count + exp
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            n -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, n)
    }

    // MARK: ToObject

    /// ToObject: wraps primitives; TypeError for null/undefined.
    public func toObject(_ v: Value) throws -> Value {
        if v.isObject { return v }
        if v.isNullish { throw error(.typeError, "Cannot convert undefined or null to object") }
        let proto = v.isString ? intrinsics.stringPrototype : v.isNumber ? intrinsics.numberPrototype
            : v.isBoolean ? intrinsics.booleanPrototype : intrinsics.symbolPrototype
        return allocate(JSObject(shape: rootShape, proto: proto, kind: .primitive(v)))
    }

    // MARK: Equality

    /// `===`.
    @inline(__always) public func strictEquals(_ a: Value, _ b: Value) -> Bool {
        if a.isNumber && b.isNumber { return a.number == b.number }
        if a.bits == b.bits { return !a.isNumber || !a.number.isNaN }
        if a.isString && b.isString {
            return withUnits(a, b) { x, y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count * 2) == 0)
            }
        }
        return false
    }

    /// `==` (IsLooselyEqual).
    public func looselyEquals(_ a: Value, _ b: Value) throws -> Bool {
        if a.isNumber && b.isNumber { return a.number == b.number }
        if a.isString && b.isString { return strictEquals(a, b) }
        if a.isNullish && b.isNullish { return true }
        if a.isNullish || b.isNullish { return false }
        if a.isObject && b.isObject { return a.bits == b.bits }
        if a.isBoolean { return try looselyEquals(Value(try toNumber(a)), b) }
        if b.isBoolean { return try looselyEquals(a, Value(try toNumber(b))) }
        if a.isNumber && b.isString { return a.number == (try toNumber(b)) }
        if a.isString && b.isNumber { return (try toNumber(a)) == b.number }
        if a.isSymbol || b.isSymbol { return a.bits == b.bits }
        if a.isObject { return try looselyEquals(try toPrimitive(a), b) }
        if b.isObject { return try looselyEquals(a, try toPrimitive(b)) }
        return false
    }

    /// SameValue (`Object.is`).
    public func sameValue(_ a: Value, _ b: Value) -> Bool {
        if a.isNumber && b.isNumber {
            if a.number.isNaN && b.number.isNaN { return true }
            return a.bits == b.bits
        }
        return strictEquals(a, b)
    }

    /// SameValueZero (Map/Set keys, `includes`).
    public func sameValueZero(_ a: Value, _ b: Value) -> Bool {
        if a.isNumber && b.isNumber && a.number.isNaN && b.number.isNaN { return true }
        return strictEquals(a, b)
    }

    /// The Map/Set hash key of a value under SameValueZero.
    func hashKey(_ v: Value) -> OrderedTable.HashKey {
        if v.isString { return .string(units(v)) }
        if v.isNumber {
            let d = v.number
            return .bits(d == 0 ? 0 : Value(d).bits)
        }
        return .bits(v.bits)
    }

    // MARK: Relational comparison

    /// `a < b` per IsLessThan; nil means undefined (NaN involved).
    public func lessThan(_ a: Value, _ b: Value, leftFirst: Bool = true) throws -> Bool? {
        var pa: Value, pb: Value
        if leftFirst {
            pa = try toPrimitive(a, hint: .number)
            pb = try toPrimitive(b, hint: .number)
        } else {
            pb = try toPrimitive(b, hint: .number)
            pa = try toPrimitive(a, hint: .number)
        }
        if pa.isString && pb.isString {
            return withUnits(pa, pb) { x, y in x.lexicographicallyPrecedes(y) }
        }
        let x = try toNumber(pa), y = try toNumber(pb)
        if x.isNaN || y.isNaN { return nil }
        return x < y
    }
}
