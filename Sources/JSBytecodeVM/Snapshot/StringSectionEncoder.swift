#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

// The STRINGS section. The writer's walk numbers strings by handle, in the
// order it first meets them, and does nothing else with them: reading,
// hashing and encoding their contents is this encoder's work. Equal strings
// are written once; a later one is an alias of the first (string identity
// is not observable in JavaScript).
//
// For a heap with many strings the encoder runs on a second thread while
// the walk goes on, following the walk's numbering through an atomic count
// (`StringSectionPipeline`). Both threads only read the VM; the output does
// not depend on how they interleave.

/// Encodes the STRINGS section's entries in numbering order.
struct StringSectionEncoder {
    /// The VM's string table (unchanged while writing).
    let strings: UnsafeBufferPointer<JSString?>
    /// Old handles in numbering order: the walk's `Renumbering.order`,
    /// read only below the count the walk has published.
    let order: UnsafePointer<UInt32>
    /// The entries encoded so far.
    let bytes: SnapshotBuffer
    private(set) var encoded = 0
    /// Where each entry with content starts in `bytes`, by entry number.
    private let starts: UnsafeMutablePointer<UInt32>
    /// Entries with content by content: open addressing over
    /// `hash << 32 | (entry + 1)`, 0 = empty; at most half full.
    private var table: UnsafeMutableBufferPointer<UInt64>
    private var contentCount = 0
    /// A block's strings and hashes (`block` of each).
    static let block = 32
    private let views: UnsafeMutablePointer<UnsafeBufferPointer<UInt16>>
    private let hashes: UnsafeMutablePointer<UInt32>
    /// The block's table reads, kept so that they are not optimised away.
    private var probeSink: UInt64 = 0

    /// For at most `capacity` entries.
    init(strings: UnsafeBufferPointer<JSString?>, order: UnsafePointer<UInt32>, capacity: Int) {
        self.strings = strings
        self.order = order
        bytes = SnapshotBuffer(capacity: 64 + capacity * 8)
        starts = .allocate(capacity: max(capacity, 1))
        table = .allocate(capacity: 1024)
        table.initialize(repeating: 0)
        views = .allocate(capacity: StringSectionEncoder.block)
        hashes = .allocate(capacity: StringSectionEncoder.block)
    }

    func deallocate() {
        starts.deallocate()
        table.deallocate()
        views.deallocate()
        hashes.deallocate()
    }

    /// Encodes entries `encoded..<end`, in blocks: the block's strings are
    /// located, then hashed (with their table slots read), then encoded in
    /// order. Within a stage the loads of different strings do not depend
    /// on each other, so their cache misses overlap instead of queueing.
    mutating func encode(upTo end: Int) {
        while encoded < end {
            let n = min(StringSectionEncoder.block, end - encoded)
            for j in 0..<n {
                // Borrowed: the VM's table keeps the string alive while writing.
                unowned(unsafe) let s = strings[Int(order[encoded + j])].unsafelyUnwrapped
                views[j] = s.unitsView
            }
            let mask = table.count - 1
            var probed: UInt64 = 0
            for j in 0..<n {
                let hash = AtomKey.hash(views[j])
                hashes[j] = hash
                probed ^= table[Int(hash) & mask]
            }
            probeSink = probed
            for j in 0..<n {
                encode(views[j], hash: hashes[j])
                encoded += 1
            }
        }
    }

    /// Entry `encoded`: an alias of the first equal entry, or the units.
    private mutating func encode(_ units: UnsafeBufferPointer<UInt16>, hash: UInt32) {
        let tag = UInt64(hash) << 32
        let mask = table.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            let first = Int(UInt32(truncatingIfNeeded: entry) - 1)
            if entry & 0xFFFF_FFFF_0000_0000 == tag && bytes.holds(units, at: Int(starts[first])) {
                bytes.varint(UInt64(first) << 2 | SnapshotFormat.StringEntry.alias)
                return
            }
            slot = (slot + 1) & mask
        }
        starts[encoded] = UInt32(bytes.count)
        bytes.units(units)
        table[slot] = tag | UInt64(encoded + 1)
        contentCount += 1
        if contentCount * 2 > table.count { grow() }
    }

    /// Doubles the table; every entry keeps its hash, so no string is read again.
    private mutating func grow() {
        let grown = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: table.count * 2)
        grown.initialize(repeating: 0)
        let mask = grown.count - 1
        for entry in table where entry != 0 {
            var at = Int(entry >> 32) & mask
            while grown[at] != 0 { at = (at + 1) & mask }
            grown[at] = entry
        }
        table.deallocate()
        table = grown
    }
}

/// A `StringSectionEncoder` on its own thread, following the count of
/// numbered strings the walk publishes.
///
/// The two threads share only the published count and the `order` entries
/// below it: the encoder's state lives on its own thread's stack until it
/// is handed back, so no cache line is written by both.
final class StringSectionPipeline {
    /// Heaps with at least this many live strings get a second thread;
    /// below it, starting one costs more than it saves.
    static let minimumLiveStrings = 8192
    /// The walk publishes its count after this many new strings (and at
    /// the end): each publication moves a cache line between the cores.
    static let batch = 512

    /// How many entries the walk has numbered (`order` is written below it).
    private let published = Atomic<Int>(0)
    /// Set by the walk after its last publication.
    private let finished = Atomic<Bool>(false)
    /// The encoder: handed to the thread at the start, back at the end.
    private var encoder: StringSectionEncoder
    private var thread: pthread_t?

    /// Starts the encoder's thread; nil when no thread could be started.
    static func start(_ encoder: StringSectionEncoder) -> StringSectionPipeline? {
        let pipeline = StringSectionPipeline(encoder)
        let context = Unmanaged.passRetained(pipeline).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let started = pthread_create(&thread, nil, { context in
            #if canImport(Glibc)
            let pipeline = Unmanaged<StringSectionPipeline>.fromOpaque(context!).takeRetainedValue()
            #else
            let pipeline = Unmanaged<StringSectionPipeline>.fromOpaque(context).takeRetainedValue()
            #endif
            pipeline.follow()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<StringSectionPipeline>.fromOpaque(context).release()
            return nil
        }
        pipeline.thread = thread
        return pipeline
    }

    private init(_ encoder: StringSectionEncoder) {
        self.encoder = encoder
    }

    /// Entries `0..<count` are numbered: the encoder may read them.
    @inline(__always) func publish(_ count: Int) {
        published.store(count, ordering: .releasing)
    }

    /// Waits for the encoder to finish the `count` entries numbered in all,
    /// and returns it.
    func finish(_ count: Int) -> StringSectionEncoder {
        publish(count)
        finished.store(true, ordering: .releasing)
        if let thread { pthread_join(thread, nil) }
        return encoder
    }

    /// The encoder's thread: encodes what is published until the walk has finished.
    private func follow() {
        var local = encoder
        var idle = 0
        while true {
            // `finished` first: once it is set, the count read after it is final.
            let done = finished.load(ordering: .acquiring)
            let end = published.load(ordering: .acquiring)
            if local.encoded < end {
                local.encode(upTo: end)
                idle = 0
            } else if done {
                break
            } else {
                idle += 1
                if idle > 64 { sched_yield() }
            }
        }
        encoder = local
    }
}
