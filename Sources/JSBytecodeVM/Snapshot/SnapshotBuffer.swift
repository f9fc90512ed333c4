// Byte-level primitives of the snapshot format: an append-only output
// buffer, and a bounds-checked input cursor that turns every malformed or
// truncated read into a `SnapshotError` (never a trap).

/// Append-only little-endian output in one growable raw allocation: each
/// write checks the capacity once, then stores its bytes straight.
final class SnapshotBuffer {
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Makes room for `n` more bytes.
    @inline(__always) func reserve(_ n: Int) {
        if n > capacity - count { grow(n) }
    }

    @inline(never) private func grow(_ n: Int) {
        var newCapacity = capacity * 2
        while newCapacity - count < n { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// Stores `v` little-endian at the end (room must be reserved).
    @inline(__always) private func store<T: FixedWidthInteger>(_ v: T) {
        UnsafeMutableRawPointer(base + count).storeBytes(of: v.littleEndian, as: T.self)
        count += MemoryLayout<T>.size
    }

    @inline(__always) func u8(_ v: UInt8) {
        reserve(1)
        base[count] = v
        count += 1
    }

    func u16(_ v: UInt16) {
        reserve(2)
        store(v)
    }

    func u32(_ v: UInt32) {
        reserve(4)
        store(v)
    }

    func u64(_ v: UInt64) {
        reserve(8)
        store(v)
    }

    func f64(_ d: Double) { u64(d.bitPattern) }

    /// Unsigned LEB128.
    @inline(__always) func varint(_ v: UInt64) {
        reserve(10)
        count = storeLEB128(v, at: count)
    }

    /// Stores `v` as unsigned LEB128 at `p` (capacity reserved by the
    /// caller); returns the position after it.
    @inline(__always) private func storeLEB128(_ v: UInt64, at p: Int) -> Int {
        var v = v
        var p = p
        while v >= 0x80 {
            base[p] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            p += 1
        }
        base[p] = UInt8(v)
        return p + 1
    }

    @inline(__always) func varint(_ v: Int) { varint(UInt64(max(v, 0))) }
    @inline(__always) func varint(_ v: UInt32) { varint(UInt64(v)) }
    @inline(__always) func varint(_ v: Int32) { varint(UInt64(max(v, 0))) }

    /// A value tag followed by an unsigned LEB128 payload.
    @inline(__always) func tagged(_ tag: UInt8, _ v: UInt32) {
        reserve(6)
        base[count] = tag
        count = storeLEB128(UInt64(v), at: count + 1)
    }

    /// Signed LEB128 via zigzag.
    @inline(__always) func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    func bool(_ b: Bool) { u8(b ? 1 : 0) }

    /// Raw bytes.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append($0) } }

    /// A Swift string: LEB128 byte count, then UTF-8.
    func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(utf8.count)
            append(utf8)
        }
    }

    /// A STRINGS entry with units: LEB128 `count << 2 | narrow or wide`,
    /// then one byte per unit (all units < 256) or two little-endian bytes
    /// per unit (`SnapshotFormat.StringEntry`).
    func units(_ u: UnsafeBufferPointer<UInt16>) {
        // Optimistically one byte per unit, in the same pass that checks for
        // a unit above 0xFF; a wide string is then rewritten.
        let n = u.count
        reserve(10 + 2 * n)
        let start = count
        count = storeLEB128(UInt64(n) << 2 | SnapshotFormat.StringEntry.narrow, at: count)
        let p = base + count
        var high: UInt16 = 0
        for i in 0..<n {
            let x = u[i]
            high |= x
            p[i] = UInt8(truncatingIfNeeded: x)
        }
        if high <= 0xFF {
            count += n
            return
        }
        count = storeLEB128(UInt64(n) << 2 | SnapshotFormat.StringEntry.wide, at: start)
        let q = base + count
        for i in 0..<n {
            q[2 * i] = UInt8(truncatingIfNeeded: u[i])
            q[2 * i + 1] = UInt8(truncatingIfNeeded: u[i] >> 8)
        }
        count += 2 * n
    }
}

extension SnapshotBuffer {
    /// True when the `units` entry that starts at `offset` is `u`.
    func holds(_ u: UnsafeBufferPointer<UInt16>, at offset: Int) -> Bool {
        var header: UInt64 = 0, shift: UInt64 = 0, p = offset
        while true {
            let b = base[p]
            header |= UInt64(b & 0x7F) << shift
            p += 1
            if b < 0x80 { break }
            shift += 7
        }
        guard header >> 2 == UInt64(u.count) else { return false }
        let bytes = base + p
        if header & 3 == SnapshotFormat.StringEntry.wide {
            for i in 0..<u.count where UInt16(bytes[2 * i]) | UInt16(bytes[2 * i + 1]) << 8 != u[i] { return false }
        } else {
            for i in 0..<u.count where UInt16(bytes[i]) != u[i] { return false }
        }
        return true
    }

    /// The encoded size of `varint(v)`.
    static func varintSize(_ v: Int) -> Int {
        var n = 1
        var v = UInt64(max(v, 0)) >> 7
        while v != 0 {
            n += 1
            v >>= 7
        }
        return n
    }
}

/// Bounds-checked little-endian input over `data[pos..<end]`.
struct SnapshotCursor {
    /// The whole file (borrowed: the cursor lives inside `withUnsafeBufferPointer`).
    let data: UnsafeBufferPointer<UInt8>
    var pos: Int
    /// End of the current section (reads beyond it fail); never beyond `data.count`.
    var end: Int
    /// What is being decoded, for error messages.
    var context = "header"

    init(_ data: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        self.data = data
        pos = start
        self.end = min(end, data.count)
    }

    @inline(__always) private var base: UnsafePointer<UInt8> { data.baseAddress.unsafelyUnwrapped }

    var remaining: Int { end - pos }

    func failure(_ message: String) -> SnapshotError {
        SnapshotError("corrupt snapshot: \(message) (in \(context), at byte \(pos))")
    }

    func truncated() -> SnapshotError {
        SnapshotError("corrupt snapshot: unexpected end of data (in \(context), at byte \(pos))")
    }

    @inline(__always) mutating func u8() throws -> UInt8 {
        guard pos < end else { throw truncated() }
        let b = base[pos]
        pos += 1
        return b
    }

    /// A little-endian integer of `T`'s size.
    @inline(__always) private mutating func load<T: FixedWidthInteger>(_: T.Type) throws -> T {
        guard end - pos >= MemoryLayout<T>.size else { throw truncated() }
        let v = UnsafeRawPointer(base + pos).loadUnaligned(as: T.self)
        pos += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    mutating func u16() throws -> UInt16 { try load(UInt16.self) }
    mutating func u32() throws -> UInt32 { try load(UInt32.self) }
    mutating func u64() throws -> UInt64 { try load(UInt64.self) }

    mutating func f64() throws -> Double { Double(bitPattern: try u64()) }

    /// Unsigned LEB128 (at most 10 bytes, no bits beyond 64).
    @inline(__always) mutating func varint() throws -> UInt64 {
        guard pos < end else { throw truncated() }
        let first = base[pos]
        if first < 0x80 {
            pos += 1
            return UInt64(first)
        }
        return try longVarint()
    }

    @inline(never) private mutating func longVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < end else { throw truncated() }
            let b = base[pos]
            pos += 1
            if shift == 63 && b > 1 { throw failure("integer overflows 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw failure("integer overflows 64 bits") }
        }
    }

    /// A LEB128 integer no larger than `max`.
    @inline(__always) mutating func int(max: Int, _ what: @autoclosure () -> String) throws -> Int {
        let v = try varint()
        guard max >= 0, v <= UInt64(max) else { throw failure("\(what()) \(v) is out of range (at most \(max))") }
        return Int(v)
    }

    /// A zigzag LEB128 integer.
    mutating func zigzag() throws -> Int64 {
        let u = try varint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// A count of items that each take at least `minBytes`: checked against
    /// the bytes left before anything is allocated for them.
    @inline(__always) mutating func count(_ what: @autoclosure () -> String, minBytes: Int) throws -> Int {
        let v = try varint()
        guard v <= UInt64(remaining / max(minBytes, 1)) else {
            throw failure("\(what()) count \(v) exceeds the \(remaining) bytes left")
        }
        return Int(v)
    }

    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let b: throw failure("invalid boolean byte \(b)")
        }
    }

    /// A Swift string (invalid UTF-8 becomes U+FFFD).
    mutating func string() throws -> String {
        let n = try count("string byte", minBytes: 1)
        return String(decoding: try bytes(n), as: UTF8.self)
    }

    /// A STRINGS entry (see `SnapshotBuffer.units`): its units, or for an
    /// alias the number of the earlier entry (`entry` is this one's number).
    enum StringEntry {
        case units([UInt16])
        case alias(of: Int)
    }

    mutating func stringEntry(_ entry: Int) throws -> StringEntry {
        typealias E = SnapshotFormat.StringEntry
        let header = try varint()
        let kind = header & 3
        if kind == E.alias {
            guard header >> 2 < UInt64(entry) else { throw failure("string \(entry) is an alias of string \(header >> 2), not an earlier one") }
            return .alias(of: Int(header >> 2))
        }
        guard kind != 3 else { throw failure("string \(entry) has an unknown kind 3") }
        let wide = kind == E.wide
        let n64 = header >> 2
        guard n64 <= UInt64(remaining / (wide ? 2 : 1)) else { throw failure("string length \(n64) exceeds the data") }
        let n = Int(n64)
        let p = base + pos
        pos += wide ? 2 * n : n
        // reserveCapacity + append: `init(unsafeUninitializedCapacity:)` and
        // `init(repeating:count:)` are not specialized here and look up the
        // storage class's type metadata on every call.
        var units = [UInt16]()
        units.reserveCapacity(n)
        if wide {
            for i in 0..<n { units.append(UInt16(p[2 * i]) | UInt16(p[2 * i + 1]) << 8) }
        } else {
            for i in 0..<n { units.append(UInt16(p[i])) }
        }
        return .units(units)
    }

    /// A view of the next `n` bytes (valid while `data` is).
    mutating func bytes(_ n: Int) throws -> UnsafeBufferPointer<UInt8> {
        guard n >= 0, n <= remaining else { throw truncated() }
        let out = UnsafeBufferPointer(rebasing: data[pos..<pos + n])
        pos += n
        return out
    }
}
