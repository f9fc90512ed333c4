// Internal JSON machinery shared by the API, the mock fetcher and the CLI:
//
// - `JSONNode`: a parsed JSON document that keeps object keys in file order
//   (JavaScript's `JSON.parse` semantics for duplicate keys: the first
//   position, the last value), so that re-serialising a mock `{"json": ...}`
//   value gives exactly the bytes Node's `JSON.stringify` gives.
// - `JSONParser`: a strict RFC 8259 parser over UTF-8 bytes with a depth
//   limit (hostile input must not overflow the Swift stack).
// - `JSONText`: string quoting and ECMAScript Number::toString formatting.

/// A parsed JSON value that remembers object key order.
indirect enum JSONNode: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    /// Keys in first-appearance order, no duplicates.
    case object([(String, JSONNode)])

    static func == (a: JSONNode, b: JSONNode) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The value of `key` in an object (nil for a missing key or a non-object).
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.0 == key })?.1
    }

    /// A short name of the JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Serialises like ECMAScript `JSON.stringify` (no indentation): array
    /// index keys first in ascending order, then the other keys in order;
    /// numbers in Number::toString form; non-finite numbers as `null`.
    func jsStringify() -> String {
        var out = ""
        writeJS(into: &out)
        return out
    }

    private func writeJS(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += d.isFinite ? JSONText.number(d) : "null"
        case .string(let s): JSONText.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeJS(into: &out)
            }
            out += "]"
        case .object(let members):
            // ECMAScript OrdinaryOwnPropertyKeys: integer indices ascending first.
            var indexed: [(UInt32, String, JSONNode)] = []
            var named: [(String, JSONNode)] = []
            for (k, v) in members {
                if let i = JSONText.arrayIndex(k) { indexed.append((i, k, v)) } else { named.append((k, v)) }
            }
            indexed.sort { $0.0 < $1.0 }
            out += "{"
            var first = true
            for (k, v) in indexed.map({ ($0.1, $0.2) }) + named {
                if !first { out += "," }
                first = false
                JSONText.quote(k, into: &out)
                out += ":"
                v.writeJS(into: &out)
            }
            out += "}"
        }
    }

    /// Serialises keeping object keys in their stored order (CLI output).
    func serialized() -> String {
        var out = ""
        writeOrdered(into: &out)
        return out
    }

    private func writeOrdered(into out: inout String) {
        switch self {
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeOrdered(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out += "," }
                JSONText.quote(k, into: &out)
                out += ":"
                v.writeOrdered(into: &out)
            }
            out += "}"
        default:
            writeJS(into: &out)
        }
    }
}

/// A JSON document that could not be parsed.
struct JSONParseError: Error, CustomStringConvertible {
    var message: String
    /// 1-based line and column of the offending byte.
    var line: Int
    var column: Int
    var description: String { "\(message) at line \(line), column \(column)" }
}

/// A strict JSON parser (RFC 8259) over UTF-8 bytes.
struct JSONParser {
    /// Deepest nesting accepted; deeper documents are an error, not a crash.
    static let maxDepth = 512

    private let bytes: [UInt8]
    private var pos = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses a whole document (surrounding whitespace allowed; a UTF-8 BOM is skipped).
    static func parse(_ bytes: [UInt8]) throws -> JSONNode {
        var p = JSONParser(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.pos = 3 }
        p.skipWhitespace()
        if p.pos >= bytes.count { throw p.error("empty document") }
        let value = try p.parseValue(depth: 0)
        p.skipWhitespace()
        if p.pos < bytes.count { throw p.error("unexpected data after the JSON value") }
        return value
    }

    static func parse(_ text: String) throws -> JSONNode { try parse(Array(text.utf8)) }

    private func error(_ message: String) -> JSONParseError {
        var line = 1, column = 1
        var i = 0
        let end = min(pos, bytes.count)
        while i < end {
            if bytes[i] == 0x0A { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return JSONParseError(message: message, line: line, column: column)
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONNode {
        guard pos < bytes.count else { throw error("unexpected end of input") }
        switch bytes[pos] {
        case 0x7B: return try parseObject(depth: depth + 1)
        case 0x5B: return try parseArray(depth: depth + 1)
        case 0x22: return .string(try parseString())
        case 0x74: try expectWord("true"); return .bool(true)
        case 0x66: try expectWord("false"); return .bool(false)
        case 0x6E: try expectWord("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try parseNumber())
        default: throw error("unexpected character")
        }
    }

    private mutating func expectWord(_ word: String) throws {
        for b in word.utf8 {
            guard pos < bytes.count, bytes[pos] == b else { throw error("invalid literal") }
            pos += 1
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONNode {
        if depth > JSONParser.maxDepth { throw error("nesting too deep") }
        pos += 1
        var members: [(String, JSONNode)] = []
        var index: [String: Int] = [:]
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == 0x7D { pos += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of input in an object") }
            guard bytes[pos] == 0x22 else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == 0x3A else { throw error("expected ':'") }
            pos += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            if let i = index[key] {
                members[i].1 = value
            } else {
                index[key] = members.count
                members.append((key, value))
            }
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[pos] == 0x2C { pos += 1; continue }
            if bytes[pos] == 0x7D { pos += 1; return .object(members) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONNode {
        if depth > JSONParser.maxDepth { throw error("nesting too deep") }
        pos += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == 0x5D { pos += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[pos] == 0x2C { pos += 1; continue }
            if bytes[pos] == 0x5D { pos += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func parseNumber() throws -> Double {
        let start = pos
        func digits() -> Int {
            let s = pos
            while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { pos += 1 }
            return pos - s
        }
        if bytes[pos] == 0x2D { pos += 1 }
        guard pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 else { throw error("invalid number") }
        if bytes[pos] == 0x30 {
            pos += 1
            if pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { throw error("invalid number (leading zero)") }
        } else {
            _ = digits()
        }
        if pos < bytes.count, bytes[pos] == 0x2E {
            pos += 1
            if digits() == 0 { throw error("invalid number (no digits after '.')") }
        }
        if pos < bytes.count, bytes[pos] == 0x65 || bytes[pos] == 0x45 {
            pos += 1
            if pos < bytes.count, bytes[pos] == 0x2B || bytes[pos] == 0x2D { pos += 1 }
            if digits() == 0 { throw error("invalid number (no exponent digits)") }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard let d = Double(text) else { throw error("invalid number") }
        return d
    }

    private mutating func parseHex4() throws -> UInt16 {
        guard pos + 4 <= bytes.count else { throw error("unexpected end of input in a \\u escape") }
        var v: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt16
            switch b {
            case 0x30...0x39: d = UInt16(b - 0x30)
            case 0x41...0x46: d = UInt16(b - 0x41 + 10)
            case 0x61...0x66: d = UInt16(b - 0x61 + 10)
            default: throw error("invalid \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private mutating func parseString() throws -> String {
        pos += 1  // opening quote
        // Fast path: no escapes.
        var end = pos
        while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C, bytes[end] >= 0x20 {
            end += 1
        }
        if end < bytes.count, bytes[end] == 0x22 {
            guard let s = String(validatingUTF8Bytes: bytes[pos..<end]) else { throw error("invalid UTF-8 in a string") }
            pos = end + 1
            return s
        }
        var units: [UInt16] = []
        var runStart = pos
        func flushRun(_ end: Int) throws {
            if end > runStart {
                guard let s = String(validatingUTF8Bytes: bytes[runStart..<end]) else {
                    throw error("invalid UTF-8 in a string")
                }
                units.append(contentsOf: s.utf16)
            }
        }
        while true {
            guard pos < bytes.count else { throw error("unterminated string") }
            let b = bytes[pos]
            if b == 0x22 {
                try flushRun(pos)
                pos += 1
                return String(decoding: units, as: UTF16.self)
            }
            if b < 0x20 { throw error("control character in a string") }
            if b != 0x5C { pos += 1; continue }
            try flushRun(pos)
            pos += 1
            guard pos < bytes.count else { throw error("unterminated string") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case 0x22: units.append(0x22)
            case 0x5C: units.append(0x5C)
            case 0x2F: units.append(0x2F)
            case 0x62: units.append(0x08)
            case 0x66: units.append(0x0C)
            case 0x6E: units.append(0x0A)
            case 0x72: units.append(0x0D)
            case 0x74: units.append(0x09)
            case 0x75: units.append(try parseHex4())
            default: pos -= 1; throw error("invalid escape")
            }
            runStart = pos
        }
    }
}

extension String {
    /// Decodes UTF-8, returning nil for invalid sequences.
    init?(validatingUTF8Bytes bytes: ArraySlice<UInt8>) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            self = String(decoding: bytes, as: UTF8.self)
            return
        }
        var it = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): scalars.append(s)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = String(scalars)
    }
}

/// JSON text helpers: quoting and ECMAScript number formatting.
enum JSONText {
    /// Appends `s` as a JSON string literal (JSON.stringify escaping: `"`,
    /// `\`, control characters; `/` and non-ASCII are written raw).
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        var needsEscape = false
        for u in s.utf8 where u < 0x20 || u == 0x22 || u == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
        } else {
            for scalar in s.unicodeScalars {
                switch scalar.value {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0..<0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    static func quote(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    /// ECMAScript Number::toString(10) of a finite double (shortest
    /// round-trip digits; exponent form below 1e-6 and from 1e21).
    static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Infinity" : "Infinity" }
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 9_007_199_254_740_992 { return String(Int64(x)) }
        let sign = x < 0 ? "-" : ""
        // Swift's description gives the shortest round-trip digits.
        let r = abs(x).description
        var mantissa = Substring(r)
        var exp = 0
        if let e = r.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = r[r.startIndex..<e]
            exp = Int(r[r.index(after: e)...]) ?? 0
        }
        let intPart: Substring
        let fracPart: Substring
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[mantissa.startIndex..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        } else {
            intPart = mantissa
            fracPart = ""
        }
        var digits = Array(intPart + fracPart)
        var n = intPart.count + exp  // value = 0.<digits> * 10^n
        while let f = digits.first, f == "0", digits.count > 1 { digits.removeFirst(); n -= 1 }
        while let l = digits.last, l == "0", digits.count > 1 { digits.removeLast() }
        let k = digits.count
        let ds = String(digits)
        if k <= n && n <= 21 {
            return sign + ds + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return sign + String(digits[0..<n]) + "." + String(digits[n...])
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + ds
        }
        let e = n - 1
        let es = (e >= 0 ? "+" : "-") + String(abs(e))
        if k == 1 { return sign + ds + "e" + es }
        return sign + String(digits[0]) + "." + String(digits[1...]) + "e" + es
    }

    /// The array index a property key denotes (canonical decimal < 2^32 - 1), if any.
    static func arrayIndex(_ key: String) -> UInt32? {
        let u = Array(key.utf8)
        guard !u.isEmpty, u.count <= 10, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if u.count > 1 && u[0] == 0x30 { return nil }
        guard let v = UInt64(key), v < 4_294_967_295 else { return nil }
        return UInt32(v)
    }
}
