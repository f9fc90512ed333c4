// Well-known property keys, interned in this order by every VM so that
// their atom ids are compile-time constants (atom 0 is reserved: "no atom").

/// Names interned first by every VM; `Atom.x` is the id of `wellKnownNames[x-1]`.
let wellKnownNames: [String] = [
    "length", "prototype", "constructor", "name", "message", "stack", "cause", "errors",
    "next", "done", "value", "then", "toString", "valueOf", "toJSON", "get", "set",
    "writable", "enumerable", "configurable", "return", "raw", "__proto__", "lastIndex",
    "index", "input", "join", "callee", "caller", "arguments", "catch", "finally",
    "status", "reason", "", "undefined", "NaN", "Infinity",
]

/// Well-known symbols, created right after `wellKnownNames`.
let wellKnownSymbols: [String] = [
    "Symbol.iterator", "Symbol.asyncIterator", "Symbol.hasInstance", "Symbol.toPrimitive",
    "Symbol.toStringTag", "Symbol.species", "Symbol.isConcatSpreadable", "Symbol.unscopables",
]

/// Atom ids of the well-known names and symbols.
public enum Atom {
    public static let length: PropertyKey = 1
    public static let prototype: PropertyKey = 2
    public static let constructor: PropertyKey = 3
    public static let name: PropertyKey = 4
    public static let message: PropertyKey = 5
    public static let stack: PropertyKey = 6
    public static let cause: PropertyKey = 7
    public static let errors: PropertyKey = 8
    public static let next: PropertyKey = 9
    public static let done: PropertyKey = 10
    public static let value: PropertyKey = 11
    public static let then: PropertyKey = 12
    public static let toString: PropertyKey = 13
    public static let valueOf: PropertyKey = 14
    public static let toJSON: PropertyKey = 15
    public static let get: PropertyKey = 16
    public static let set: PropertyKey = 17
    public static let writable: PropertyKey = 18
    public static let enumerable: PropertyKey = 19
    public static let configurable: PropertyKey = 20
    public static let `return`: PropertyKey = 21
    public static let raw: PropertyKey = 22
    public static let proto: PropertyKey = 23
    public static let lastIndex: PropertyKey = 24
    public static let index: PropertyKey = 25
    public static let input: PropertyKey = 26
    public static let join: PropertyKey = 27
    public static let callee: PropertyKey = 28
    public static let caller: PropertyKey = 29
    public static let arguments: PropertyKey = 30
    public static let `catch`: PropertyKey = 31
    public static let finally: PropertyKey = 32
    public static let status: PropertyKey = 33
    public static let reason: PropertyKey = 34
    public static let empty: PropertyKey = 35
    public static let undefined: PropertyKey = 36
    public static let NaN: PropertyKey = 37
    public static let Infinity: PropertyKey = 38

    static let firstSymbol = PropertyKey(wellKnownNames.count + 1)
    public static let symbolIterator: PropertyKey = firstSymbol
    public static let symbolAsyncIterator: PropertyKey = firstSymbol + 1
    public static let symbolHasInstance: PropertyKey = firstSymbol + 2
    public static let symbolToPrimitive: PropertyKey = firstSymbol + 3
    public static let symbolToStringTag: PropertyKey = firstSymbol + 4
    public static let symbolSpecies: PropertyKey = firstSymbol + 5
    public static let symbolIsConcatSpreadable: PropertyKey = firstSymbol + 6
    public static let symbolUnscopables: PropertyKey = firstSymbol + 7
}

/// The key of the atom table: code units hashed by `hash(_:)` (one
/// multiply per four units) so that the table's own hasher runs over one
/// word instead of every unit.
struct AtomKey: Hashable {
    let units: [UInt16]

    func hash(into hasher: inout Hasher) {
        hasher.combine(units.withUnsafeBufferPointer { AtomKey.hash($0) })
    }

    static func == (a: AtomKey, b: AtomKey) -> Bool { a.units == b.units }

    /// A 32-bit hash of UTF-16 units (four units per multiply).
    static func hash(_ units: UnsafeBufferPointer<UInt16>) -> UInt32 {
        var h = UInt64(units.count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        if let base = units.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 4 <= units.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
                i += 4
            }
        }
        // The last 1-3 units, loaded whole.
        var tail: UInt64 = 0
        if let base = units.baseAddress {
            let raw = UnsafeRawPointer(base + i)
            switch units.count - i {
            case 1: tail = UInt64(raw.load(as: UInt16.self))
            case 2: tail = UInt64(raw.loadUnaligned(as: UInt32.self))
            case 3: tail = UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self)) << 32
            default: break
            }
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }
}
