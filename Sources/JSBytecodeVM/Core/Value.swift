// The 64-bit JavaScript value (NaN-boxed).
//
//   bits (hex)                      meaning
//   < FFF9_0000_0000_0000           a Double (NaNs canonicalised to 7FF8_0000_0000_0000)
//   FFF9_0000_0000_000k             special: 0 undefined, 1 null, 2 false, 3 true, 4 hole
//   FFFA_0000_hhhh_hhhh             object handle h (index into `Heap.objects`)
//   FFFB_0000_hhhh_hhhh             string handle h (index into `Heap.strings`)
//   FFFC_0000_aaaa_aaaa             symbol: atom a (index into `Heap.atoms`)
//   FFFD_0000_hhhh_hhhh             variable cell handle h (only in frame slots)
//
// Copying a `Value` never touches a reference count.

/// A JavaScript value: an 8-byte NaN-boxed word.
public struct Value: Equatable, Hashable {
    public var bits: UInt64

    @inline(__always) public init(bits: UInt64) { self.bits = bits }

    static let tagSpecial: UInt64 = 0xFFF9_0000_0000_0000
    static let tagObject: UInt64 = 0xFFFA_0000_0000_0000
    static let tagString: UInt64 = 0xFFFB_0000_0000_0000
    static let tagSymbol: UInt64 = 0xFFFC_0000_0000_0000
    static let tagCell: UInt64 = 0xFFFD_0000_0000_0000
    static let tagMask: UInt64 = 0xFFFF_0000_0000_0000
    static let canonicalNaN: UInt64 = 0x7FF8_0000_0000_0000

    public static let undefined = Value(bits: tagSpecial | 0)
    public static let null = Value(bits: tagSpecial | 1)
    public static let `false` = Value(bits: tagSpecial | 2)
    public static let `true` = Value(bits: tagSpecial | 3)
    /// The TDZ / array-hole marker; never visible to scripts.
    public static let hole = Value(bits: tagSpecial | 4)

    @inline(__always) public init(_ number: Double) {
        bits = number.isNaN ? Value.canonicalNaN : number.bitPattern
    }
    @inline(__always) public init(_ int: Int) { bits = Double(int).bitPattern }
    @inline(__always) public init(_ bool: Bool) { bits = bool ? Value.true.bits : Value.false.bits }
    @inline(__always) public init(object handle: UInt32) { bits = Value.tagObject | UInt64(handle) }
    @inline(__always) public init(string handle: UInt32) { bits = Value.tagString | UInt64(handle) }
    @inline(__always) public init(symbol atom: UInt32) { bits = Value.tagSymbol | UInt64(atom) }
    @inline(__always) public init(cell handle: UInt32) { bits = Value.tagCell | UInt64(handle) }

    @inline(__always) public var isNumber: Bool { bits < Value.tagSpecial }
    @inline(__always) public var isObject: Bool { bits & Value.tagMask == Value.tagObject }
    @inline(__always) public var isString: Bool { bits & Value.tagMask == Value.tagString }
    @inline(__always) public var isSymbol: Bool { bits & Value.tagMask == Value.tagSymbol }
    @inline(__always) public var isCell: Bool { bits & Value.tagMask == Value.tagCell }
    @inline(__always) public var isUndefined: Bool { bits == Value.undefined.bits }
    @inline(__always) public var isNull: Bool { bits == Value.null.bits }
    @inline(__always) public var isNullish: Bool { bits == Value.undefined.bits || bits == Value.null.bits }
    @inline(__always) public var isBoolean: Bool { bits == Value.true.bits || bits == Value.false.bits }
    @inline(__always) public var isHole: Bool { bits == Value.hole.bits }

    /// The number (only meaningful when `isNumber`).
    @inline(__always) public var number: Double { Double(bitPattern: bits) }
    /// The number as an element index when it is an integer in `0..<2^32 - 1`
    /// (an array index); nil for every other value, including huge, fractional,
    /// negative and non-finite numbers, so the conversion can never trap.
    @inline(__always) public var elementIndex: Int? {
        guard isNumber else { return nil }
        let d = number
        guard d >= 0 && d < 4_294_967_295 else { return nil }
        let i = Int(d)
        return Double(i) == d ? i : nil
    }
    /// The handle / atom payload (only meaningful for tagged values).
    @inline(__always) public var handle: UInt32 { UInt32(truncatingIfNeeded: bits) }
    @inline(__always) public var boolValue: Bool { bits == Value.true.bits }

    /// A decoded view for slow paths and printing.
    public enum Kind {
        case undefined, null, boolean(Bool), number(Double), string(UInt32), symbol(UInt32), object(UInt32)
        case hole, cell(UInt32)
    }
    public var kind: Kind {
        if isNumber { return .number(number) }
        switch bits & Value.tagMask {
        case Value.tagObject: return .object(handle)
        case Value.tagString: return .string(handle)
        case Value.tagSymbol: return .symbol(handle)
        case Value.tagCell: return .cell(handle)
        default:
            switch bits {
            case Value.undefined.bits: return .undefined
            case Value.null.bits: return .null
            case Value.true.bits: return .boolean(true)
            case Value.false.bits: return .boolean(false)
            default: return .hole
            }
        }
    }
}
