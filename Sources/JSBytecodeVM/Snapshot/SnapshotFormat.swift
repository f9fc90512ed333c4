import JSCompiler

// The snapshot file format: constants, tags, public result types, the engine
// fingerprint and the body checksum. The layout is documented in
// docs/snapshot-format.md; the writer (SnapshotWriter.swift) and the reader
// (SnapshotReader.swift) both follow the tables here.

/// A snapshot that cannot be loaded: truncated, corrupt, hostile or from another engine version.
public struct SnapshotError: Error, CustomStringConvertible {
    /// One line saying what is wrong (no stack trace, no dump).
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A fetch request recorded in a snapshot.
public struct SnapshotRequest: Equatable {
    public var id: String
    public var url: String
    public var method: String
    public var headers: [(String, String)]
    public var body: String?
    /// Milliseconds since 1970 when the script called `fetch`.
    public var timestamp: Double

    public init(id: String, url: String, method: String, headers: [(String, String)], body: String?,
                timestamp: Double) {
        self.id = id
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timestamp = timestamp
    }

    public static func == (a: SnapshotRequest, b: SnapshotRequest) -> Bool {
        a.id == b.id && a.url == b.url && a.method == b.method && a.body == b.body
            && a.timestamp.bitPattern == b.timestamp.bitPattern
            && a.headers.count == b.headers.count
            && zip(a.headers, b.headers).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// What `inspect` shows without running anything.
public struct SnapshotInfo {
    public var formatVersion: Int
    public var engineVersion: String
    /// Pending requests in issue order.
    public var requests: [SnapshotRequest]
    /// Counts, in this order: objects, strings, cells, atoms, codeBlocks,
    /// frames (live call frames), suspendedFrames (async functions parked at
    /// `await`), jobs, pendingRequests, bytes (file size).
    public var stats: [(String, Int)]

    public init(formatVersion: Int, engineVersion: String, requests: [SnapshotRequest], stats: [(String, Int)]) {
        self.formatVersion = formatVersion
        self.engineVersion = engineVersion
        self.requests = requests
        self.stats = stats
    }
}

/// Constants of the snapshot format (see docs/snapshot-format.md).
enum SnapshotFormat {
    /// `\x89 F F S N A P \n`: non-ASCII first byte (catches 7-bit transfers), a newline last.
    static let magic: [UInt8] = [0x89, 0x46, 0x46, 0x53, 0x4E, 0x41, 0x50, 0x0A]
    /// Bumped whenever the byte layout changes.
    static let version: UInt32 = 6
    /// Longest engine-version string accepted in a header.
    static let maxEngineVersionLength = 255
    /// magic + version + engine length (u16) + body length (u64) + CRC-32, without the engine string.
    static let fixedHeaderSize = 8 + 4 + 2 + 8 + 4

    /// Body sections, in the order they must appear.
    enum Section: UInt8, CaseIterable {
        case requests = 1, counts, strings, atoms, code, cells, objects, globals, execution

        var name: String {
            switch self {
            case .requests: return "requests"
            case .counts: return "counts"
            case .strings: return "strings"
            case .atoms: return "atoms"
            case .code: return "code"
            case .cells: return "cells"
            case .objects: return "objects"
            case .globals: return "globals"
            case .execution: return "execution"
            }
        }
    }

    /// Value tags. Tags at or above `smallIntBase` encode the integer `tag - smallIntBase`.
    enum ValueTag {
        static let undefined: UInt8 = 0
        static let null: UInt8 = 1
        static let `false`: UInt8 = 2
        static let `true`: UInt8 = 3
        static let hole: UInt8 = 4
        /// An integral double in ±2^53 (not -0): zigzag LEB128.
        static let int: UInt8 = 5
        /// Any other double: 8 bytes little-endian IEEE 754.
        static let double: UInt8 = 6
        /// LEB128 string handle.
        static let string: UInt8 = 7
        /// LEB128 object handle (1-based).
        static let object: UInt8 = 8
        /// LEB128 atom id of a symbol.
        static let symbol: UInt8 = 9
        /// LEB128 cell handle (frame slots only).
        static let cell: UInt8 = 10
        /// The object handle after the highest one named so far in this section.
        static let nextObject: UInt8 = 11
        /// The string handle after the highest one named so far in this section.
        static let nextString: UInt8 = 12
        static let smallIntBase: UInt8 = 32
        static let smallIntMax = Int(255 - smallIntBase)
    }

    /// The low two bits of a STRINGS entry's LEB128 header; the rest is a
    /// unit count, or for an alias the number of an earlier entry with units.
    enum StringEntry {
        /// One byte per unit follows (every unit < 256).
        static let narrow: UInt64 = 0
        /// Two little-endian bytes per unit follow.
        static let wide: UInt64 = 1
        /// The same string as an earlier entry (nothing follows).
        static let alias: UInt64 = 2
    }

    /// `ObjectKind` tags.
    enum ObjectTag {
        static let ordinary: UInt8 = 0
        static let array: UInt8 = 1
        static let arguments: UInt8 = 2
        static let function: UInt8 = 3
        static let error: UInt8 = 4
        static let primitive: UInt8 = 5
        static let map: UInt8 = 6
        static let set: UInt8 = 7
        static let promise: UInt8 = 8
        static let accessor: UInt8 = 9
        static let iterator: UInt8 = 10
        static let suspendedFrame: UInt8 = 11
        static let resolvedFlag: UInt8 = 12
        static let last: UInt8 = 12
    }

    /// Bits of an object's head byte above its kind (bits 0-3): which
    /// optional parts follow. An absent part is predicted: flags = extensible,
    /// the prototype and property list of the previous object of the same
    /// kind (null and the empty list before the first), no elements.
    enum ObjectHead {
        static let kindMask: UInt8 = 0x0F
        static let proto: UInt8 = 0x10
        static let list: UInt8 = 0x20
        static let flags: UInt8 = 0x40
        static let elements: UInt8 = 0x80
    }

    /// Object flag bits.
    enum ObjectFlag {
        static let extensible: UInt8 = 1
        static let sealed: UInt8 = 2
        static let frozen: UInt8 = 4
        static let dictionary: UInt8 = 8
        static let all: UInt8 = 15
    }

    /// `FunctionTarget` tags.
    enum FunctionTag {
        static let bytecode: UInt8 = 0
        static let native: UInt8 = 1
        static let bound: UInt8 = 2
    }

    /// `Job` tags.
    enum JobTag {
        static let reaction: UInt8 = 0
        static let resolveThenable: UInt8 = 1
        static let callback: UInt8 = 2
    }

    /// Interrupted event-loop work (`EntryPoint`): none, or what it settles.
    enum EntryTag {
        static let none: UInt8 = 0
        static let script: UInt8 = 1
        static let reaction: UInt8 = 2
        static let thenable: UInt8 = 3
        static let task: UInt8 = 4
    }

    /// Atom entry tags.
    enum AtomTag {
        static let string: UInt8 = 0
        static let symbol: UInt8 = 1
        static let registeredSymbol: UInt8 = 2
    }

    /// Code-block flag bits.
    enum CodeFlag {
        static let isAsync: UInt8 = 1
        static let isStrict: UInt8 = 2
        static let usesArguments: UInt8 = 4
        static let all: UInt8 = 7
    }

    /// Smallest encoded sizes, used to bound counts by the bytes left before allocating.
    enum MinSize {
        static let value = 1
        /// The head byte.
        static let object = 1
        static let string = 1
        static let atom = 2
        /// name, kind, flags, 5 integers, code, 6 list counts, source text, file name.
        static let codeBlock = 17
        /// codeIndex, pc, base, sp, mode, flags, 3 values.
        static let frame = 9
        static let job = 2
        static let request = 13
        static let property = 3
    }

    /// Every `Intrinsics` field that holds a value, in snapshot order. A test
    /// checks this list against the fields of `Intrinsics`.
    static let intrinsicFields: [(name: String, path: WritableKeyPath<Intrinsics, Value>)] = [
        ("objectPrototype", \.objectPrototype),
        ("functionPrototype", \.functionPrototype),
        ("asyncFunctionPrototype", \.asyncFunctionPrototype),
        ("arrayPrototype", \.arrayPrototype),
        ("stringPrototype", \.stringPrototype),
        ("numberPrototype", \.numberPrototype),
        ("booleanPrototype", \.booleanPrototype),
        ("symbolPrototype", \.symbolPrototype),
        ("errorPrototype", \.errorPrototype),
        ("typeErrorPrototype", \.typeErrorPrototype),
        ("rangeErrorPrototype", \.rangeErrorPrototype),
        ("referenceErrorPrototype", \.referenceErrorPrototype),
        ("syntaxErrorPrototype", \.syntaxErrorPrototype),
        ("evalErrorPrototype", \.evalErrorPrototype),
        ("uriErrorPrototype", \.uriErrorPrototype),
        ("aggregateErrorPrototype", \.aggregateErrorPrototype),
        ("promisePrototype", \.promisePrototype),
        ("promiseConstructor", \.promiseConstructor),
        ("mapPrototype", \.mapPrototype),
        ("setPrototype", \.setPrototype),
        ("iteratorPrototype", \.iteratorPrototype),
        ("arrayIteratorPrototype", \.arrayIteratorPrototype),
        ("stringIteratorPrototype", \.stringIteratorPrototype),
        ("mapIteratorPrototype", \.mapIteratorPrototype),
        ("setIteratorPrototype", \.setIteratorPrototype),
        ("arrayValuesFunction", \.arrayValuesFunction),
    ]

    /// A fingerprint of everything a snapshot's meaning depends on besides its
    /// own bytes: native ids, opcode encodings, well-known atoms, intrinsic
    /// fields and the format version. Any change yields a new engine version.
    static let engineFingerprint: UInt64 = {
        var h = FNV1a64()
        h.add("format \(version)\n")
        for n in NativeRegistry.all {
            h.add("native \(n.owner).\(n.name)/\(n.length)/\(n.kind)\n")
        }
        for op in Opcode.allCases {
            let i = op.info
            h.add("op \(op.rawValue) \(i.name) \(i.operands.map { $0.size }) \(i.pops) \(i.pushes) \(i.isJump)\n")
        }
        for name in wellKnownNames { h.add("atom \(name)\n") }
        for name in wellKnownSymbols { h.add("symbol \(name)\n") }
        for field in intrinsicFields { h.add("intrinsic \(field.name)\n") }
        h.add("prelude \(PreludeCache.fingerprint)\n")
        return h.value
    }()
}

extension VM {
    /// The engine version written into snapshots (a snapshot from another version is rejected).
    public static let engineVersion: String = {
        let hex = String(SnapshotFormat.engineFingerprint, radix: 16)
        return "fetchflow-vm/1 (" + String(repeating: "0", count: 16 - hex.count) + hex + ")"
    }()
}

/// What `ValueTag.nextObject` and `.nextString` stand for while one
/// section is written or read: one past the highest handle named so far.
struct ValuePredictor {
    var nextObject: UInt32 = 1
    var nextString: UInt32 = 0
}

/// FNV-1a, 64-bit (the engine fingerprint).
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ s: String) { add(s.utf8) }

    mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* 0x0000_0100_0000_01B3
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected, as in zlib/PNG), slicing-by-8.
enum CRC32 {
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 {
                let prev = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (prev >> 8) ^ t[Int(prev & 0xFF)]
            }
        }
        return t
    }()

    /// The CRC-32 of `bytes[range]`.
    static func checksum(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
        bytes.withUnsafeBufferPointer { checksum(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The CRC-32 of `b`.
    static func checksum(_ b: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        tables.withUnsafeBufferPointer { t in
            var i = 0
            let end = b.count
            while i + 8 <= end {
                let lo = crc ^ (UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24)
                crc = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(b[i + 4])] ^ t[2 * 256 + Int(b[i + 5])]
                    ^ t[1 * 256 + Int(b[i + 6])] ^ t[Int(b[i + 7])]
                i += 8
            }
            while i < end {
                crc = t[Int((crc ^ UInt32(b[i])) & 0xFF)] ^ (crc >> 8)
                i += 1
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
