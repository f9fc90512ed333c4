/// Rebuilds the header of a snapshot: the format and engine versions of this
/// engine, and the body length and CRC-32 of the bytes that follow. Mutated
/// snapshots then reach the decoder instead of failing the checksum, and
/// kept inputs still do after an engine change. Layout (little-endian):
/// magic (8 bytes), format version (u32), engine version length n (u16),
/// engine version (n bytes), body length (u64), CRC-32 of the body (u32), body.
enum SnapshotHeaderRepair {
    /// Magic, format version and engine version of this engine's snapshots.
    static let currentHeaderStart: [UInt8] = {
        let bytes = PausedFixture.pausedSnapshot.bytes
        return Array(bytes[..<engineVersionEnd(bytes)!])
    }()

    /// `bytes` with a rebuilt header; unchanged when the magic is wrong or
    /// the header is incomplete (the loader rejects those).
    static func repaired(_ bytes: [UInt8]) -> [UInt8] {
        guard let end = engineVersionEnd(bytes), bytes.count >= end + 12,
              bytes.starts(with: currentHeaderStart.prefix(8)) else { return bytes }
        let body = bytes[(end + 12)...]
        var out = currentHeaderStart
        append(UInt64(body.count), bytes: 8, to: &out)
        append(UInt64(crc32(body)), bytes: 4, to: &out)
        out += body
        return out
    }

    /// The offset after the engine version string.
    private static func engineVersionEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 14 else { return nil }
        return 14 + (Int(bytes[12]) | Int(bytes[13]) << 8)
    }

    private static func append(_ value: UInt64, bytes count: Int, to out: inout [UInt8]) {
        for i in 0..<count { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    /// CRC-32 (IEEE 802.3, reflected), as the snapshot writer computes it.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
}
