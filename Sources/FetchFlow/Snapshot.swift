import Foundation
import JSBytecodeVM

/// The complete state of a paused execution as a portable binary blob:
/// store it anywhere, load it in another process or on another machine,
/// and continue with `FetchVM.resume(_:responses:)` or `resumeExecution`.
public struct Snapshot: Sendable, Equatable {
    /// The encoded snapshot (the `.ffsnap` file contents).
    public let bytes: [UInt8]
    /// The fetches the paused script waits for, in issue order (read from
    /// the bytes alone; nothing runs).
    public let pendingRequests: [FetchRequest]
    /// The snapshot format version in the header.
    public let formatVersion: Int
    /// The engine version that wrote the snapshot.
    public let engineVersion: String
    /// Counts and sizes (objects, strings, code blocks, frames, bytes, ...), in the writer's order.
    public let stats: [Stat]

    /// One named statistic of a snapshot.
    public struct Stat: Sendable, Equatable, Hashable {
        /// E.g. `objects`, `strings`, `bytes`.
        public var name: String
        /// The count or size.
        public var value: Int
    }

    /// Wraps snapshot bytes, validating the header, version and checksum
    /// (and decoding the pending requests). Throws `SnapshotError`.
    public init(bytes: [UInt8]) throws {
        let info = try VM.inspectSnapshot(bytes)
        self.bytes = bytes
        pendingRequests = info.requests.map(FetchRequest.init)
        formatVersion = info.formatVersion
        engineVersion = info.engineVersion
        stats = info.stats.map { Stat(name: $0.0, value: $0.1) }
    }

    /// Wraps snapshot bytes (see `init(bytes:)`).
    public init(data: Data) throws {
        try self.init(bytes: [UInt8](data))
    }

    /// Reads and validates a snapshot file. Throws `FileError` or `SnapshotError`.
    public init(contentsOf url: URL) throws {
        try self.init(bytes: FileIO.readFile(url.path))
    }

    /// The bytes as `Data`.
    public var data: Data { Data(bytes) }

    /// Writes the snapshot atomically (temporary file in the same directory,
    /// then rename): an existing file at `url` is replaced only on success.
    public func write(to url: URL) throws {
        try FileIO.writeFileAtomically(bytes, to: url.path)
    }

    /// Snapshots are equal when their bytes are equal (the same state always
    /// produces the same bytes).
    public static func == (a: Snapshot, b: Snapshot) -> Bool { a.bytes == b.bytes }
}
