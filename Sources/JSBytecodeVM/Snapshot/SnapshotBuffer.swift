// Byte-level primitives of the snapshot format: an append-only output
// buffer, and a bounds-checked input cursor that turns every malformed or
// truncated read into a `SnapshotError` (never a trap).

/// Append-only little-endian output.
struct SnapshotBuffer {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    @inline(__always) mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func u16(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    mutating func u32(_ v: UInt32) {
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }

    mutating func u64(_ v: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    mutating func f64(_ d: Double) { u64(d.bitPattern) }

    /// Unsigned LEB128.
    @inline(__always) mutating func varint(_ v: UInt64) {
        if v < 0x80 {
            bytes.append(UInt8(v))
            return
        }
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    @inline(__always) mutating func varint(_ v: Int) { varint(UInt64(max(v, 0))) }
    @inline(__always) mutating func varint(_ v: UInt32) { varint(UInt64(v)) }
    @inline(__always) mutating func varint(_ v: Int32) { varint(UInt64(max(v, 0))) }

    /// Signed LEB128 via zigzag.
    mutating func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }

    /// A Swift string: LEB128 byte count, then UTF-8.
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// UTF-16 code units: LEB128 `count << 1 | wide`, then one byte per unit
    /// (all units < 256) or two little-endian bytes per unit.
    mutating func units(_ u: ArraySlice<UInt16>) {
        var wide = false
        for x in u where x > 0xFF {
            wide = true
            break
        }
        varint(UInt64(u.count) << 1 | (wide ? 1 : 0))
        // No reserveCapacity here: reserving "count + n" for every string
        // defeats the array's geometric growth and made writing quadratic.
        if wide {
            for x in u {
                bytes.append(UInt8(truncatingIfNeeded: x))
                bytes.append(UInt8(truncatingIfNeeded: x >> 8))
            }
        } else {
            for x in u { bytes.append(UInt8(truncatingIfNeeded: x)) }
        }
    }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}

/// Bounds-checked little-endian input over `data[pos..<end]`.
struct SnapshotCursor {
    let data: [UInt8]
    var pos: Int
    /// End of the current section (reads beyond it fail).
    var end: Int
    /// What is being decoded, for error messages.
    var context = "header"

    init(_ data: [UInt8], from start: Int, to end: Int) {
        self.data = data
        pos = start
        self.end = end
    }

    var remaining: Int { end - pos }

    func failure(_ message: String) -> SnapshotError {
        SnapshotError("corrupt snapshot: \(message) (in \(context), at byte \(pos))")
    }

    func truncated() -> SnapshotError {
        SnapshotError("corrupt snapshot: unexpected end of data (in \(context), at byte \(pos))")
    }

    @inline(__always) mutating func u8() throws -> UInt8 {
        guard pos < end else { throw truncated() }
        let b = data[pos]
        pos += 1
        return b
    }

    mutating func u16() throws -> UInt16 {
        guard end - pos >= 2 else { throw truncated() }
        let v = UInt16(data[pos]) | UInt16(data[pos + 1]) << 8
        pos += 2
        return v
    }

    mutating func u32() throws -> UInt32 {
        guard end - pos >= 4 else { throw truncated() }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(data[pos + i]) << (8 * UInt32(i)) }
        pos += 4
        return v
    }

    mutating func u64() throws -> UInt64 {
        guard end - pos >= 8 else { throw truncated() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(data[pos + i]) << (8 * UInt64(i)) }
        pos += 8
        return v
    }

    mutating func f64() throws -> Double { Double(bitPattern: try u64()) }

    /// Unsigned LEB128 (at most 10 bytes, no bits beyond 64).
    @inline(__always) mutating func varint() throws -> UInt64 {
        guard pos < end else { throw truncated() }
        let first = data[pos]
        if first < 0x80 {
            pos += 1
            return UInt64(first)
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < end else { throw truncated() }
            let b = data[pos]
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
        let s = String(decoding: data[pos..<pos + n], as: UTF8.self)
        pos += n
        return s
    }

    /// UTF-16 code units (see `SnapshotBuffer.units`).
    mutating func units() throws -> [UInt16] {
        let header = try varint()
        let wide = header & 1 == 1
        let n64 = header >> 1
        guard n64 <= UInt64(remaining / (wide ? 2 : 1)) else { throw failure("string length \(n64) exceeds the data") }
        let n = Int(n64)
        var out = [UInt16](repeating: 0, count: n)
        if wide {
            var p = pos
            for i in 0..<n {
                out[i] = UInt16(data[p]) | UInt16(data[p + 1]) << 8
                p += 2
            }
            pos = p
        } else {
            var p = pos
            for i in 0..<n {
                out[i] = UInt16(data[p])
                p += 1
            }
            pos = p
        }
        return out
    }

    /// `n` raw bytes.
    mutating func bytes(_ n: Int) throws -> [UInt8] {
        guard n >= 0, n <= remaining else { throw truncated() }
        let out = Array(data[pos..<pos + n])
        pos += n
        return out
    }
}
