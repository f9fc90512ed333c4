import Foundation

/// A JSON value: what a script's completion value becomes on the Swift side
/// (the script's own `JSON.stringify` decides the representation, so
/// `toJSON`, `undefined` members and cycles behave as in JavaScript).
public enum JSONValue: Codable, Sendable, Equatable, Hashable {
    /// JSON `null` (also what `undefined`, functions and values that cannot
    /// be serialised become).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number (JSON has no NaN or Infinity: `JSON.stringify` turns them into `null`).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object. Swift dictionaries are unordered; `Completion.json` keeps
    /// the script's key order.
    case object([String: JSONValue])

    /// Decodes any JSON value.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else if let o = try? c.decode([String: JSONValue].self) {
            self = .object(o)
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value")
        }
    }

    /// Encodes the value as the corresponding JSON value.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Parses JSON text (strict RFC 8259). Throws `JSONValue.ParseError`.
    public init(parsing text: String) throws {
        do {
            self = JSONValue(try JSONParser.parse(text))
        } catch let e as JSONParseError {
            throw ParseError(description: e.description)
        }
    }

    /// Invalid JSON text.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        /// What is wrong and where (line and column).
        public var description: String
    }

    init(_ node: JSONNode) {
        switch node {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members):
            var o: [String: JSONValue] = [:]
            for (k, v) in members { o[k] = JSONValue(v) }
            self = .object(o)
        }
    }

    /// Compact JSON text in `JSON.stringify` style (object keys sorted, since
    /// dictionaries have no order; numbers formatted as JavaScript does).
    public var jsonText: String {
        node.serialized()
    }

    var node: JSONNode {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(\.node))
        case .object(let o): return .object(o.keys.sorted().map { ($0, o[$0]!.node) })
        }
    }

    // MARK: Convenience accessors

    /// The member `key` of an object value (nil otherwise).
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array value (nil when out of range or not an array).
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number, if this is a number.
    public var numberValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// True for `null`.
    public var isNull: Bool { self == .null }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil` is JSON `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal (stored as a Double, as in JavaScript).
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal (a later duplicate key wins).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var o: [String: JSONValue] = [:]
        for (k, v) in elements { o[k] = v }
        self = .object(o)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text (see `jsonText`).
    public var description: String { jsonText }
}
