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
// Entries are handled in blocks, each in two phases: `locate` finds every
// string's units and hashes them (the cache misses: the loads of a block's
// strings do not depend on each other, so they overlap), then `encode`
// deduplicates and writes them, in entry order.
//
// For a heap with many strings the encoder runs on a second thread while
// the walk goes on, following the walk's numbering through an atomic count
// (`StringSectionPipeline`); once the walk is done, the walk's thread
// locates blocks too. Both threads only read the VM, and blocks are encoded
// in order by one thread, so the output does not depend on the timing.

/// Encodes the STRINGS section's entries in numbering order.
struct StringSectionEncoder {
    /// Entries per block.
    static let block = 64
    /// The VM's string table (unchanged while writing).
    let strings: UnsafeBufferPointer<JSString?>
    /// Old handles in numbering order: the walk's `Renumbering.order`,
    /// read only below the count the walk has published.
    let order: UnsafePointer<UInt32>
    /// Each entry's units and hash, once its block is located.
    private let views: UnsafeMutablePointer<UnsafeBufferPointer<UInt16>>
    private let hashes: UnsafeMutablePointer<UInt32>
    /// The entries encoded so far.
    let bytes: SnapshotBuffer
    private(set) var encoded = 0
    /// Where each entry with content starts in `bytes`, by entry number.
    private let starts: UnsafeMutablePointer<UInt32>
    /// Entries with content by content: open addressing over
    /// `hash << 32 | (entry + 1)`, 0 = empty; at most half full.
    private var table: UnsafeMutableBufferPointer<UInt64>
    private var contentCount = 0

    /// For at most `capacity` entries.
    init(strings: UnsafeBufferPointer<JSString?>, order: UnsafePointer<UInt32>, capacity: Int) {
        self.strings = strings
        self.order = order
        views = .allocate(capacity: max(capacity, 1))
        hashes = .allocate(capacity: max(capacity, 1))
        bytes = SnapshotBuffer(capacity: 64 + capacity * 8)
        starts = .allocate(capacity: max(capacity, 1))
        table = .allocate(capacity: 1024)
        table.initialize(repeating: 0)
    }

    func deallocate() {
        views.deallocate()
        hashes.deallocate()
        starts.deallocate()
        table.deallocate()
    }

    /// Finds and hashes the strings of `entries` (which must be numbered).
    /// Any thread may locate a block; different blocks may be located at
    /// the same time.
    func locate(_ entries: Range<Int>) {
        for entry in entries {
            // Borrowed: the VM's table keeps the string alive while writing.
            unowned(unsafe) let s = strings[Int(order[entry])].unsafelyUnwrapped
            views[entry] = s.unitsView
        }
        for entry in entries { hashes[entry] = AtomKey.hash(views[entry]) }
    }

    /// Encodes entries `encoded..<end`, which must be located.
    mutating func encode(upTo end: Int) {
        while encoded < end {
            encode(views[encoded], hash: hashes[encoded])
            encoded += 1
        }
    }

    /// Locates and encodes entries `encoded..<end`, a block at a time.
    mutating func locateAndEncode(upTo end: Int) {
        while encoded < end {
            let blockEnd = min(end, encoded + StringSectionEncoder.block)
            locate(encoded..<blockEnd)
            encode(upTo: blockEnd)
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
/// numbered strings the walk publishes: it locates published blocks and
/// encodes located ones in order. When the walk is done, its thread
/// locates the remaining blocks too (`finish`).
///
/// The threads share the published count, the block claims and flags, and
/// the located units and hashes; the encoder's output and table live on
/// the encoding thread until it is handed back.
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
    /// The next block to locate; a thread claims it by advancing this.
    private let nextBlock = Atomic<Int>(0)
    /// Per block: located (its units and hashes are written).
    private let located: UnsafeMutablePointer<Atomic<Bool>>
    private let blockCapacity: Int
    /// The encoder: handed to the thread at the start, back at the end. Its
    /// `locate` may run on either thread.
    private var encoder: StringSectionEncoder
    private let locator: StringSectionEncoder
    private var thread: pthread_t?

    /// Starts the encoder's thread; nil when no thread could be started
    /// (the encoder is then freed).
    static func start(_ encoder: StringSectionEncoder, capacity: Int) -> StringSectionPipeline? {
        let pipeline = StringSectionPipeline(encoder, capacity: capacity)
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
            encoder.deallocate()
            return nil
        }
        pipeline.thread = thread
        return pipeline
    }

    private init(_ encoder: StringSectionEncoder, capacity: Int) {
        self.encoder = encoder
        locator = encoder
        blockCapacity = capacity / StringSectionEncoder.block + 1
        located = .allocate(capacity: blockCapacity)
        for k in 0..<blockCapacity { (located + k).initialize(to: Atomic(false)) }
    }

    deinit {
        _ = located.deinitialize(count: blockCapacity)
        located.deallocate()
    }

    /// Entries `0..<count` are numbered: the encoder may read them.
    @inline(__always) func publish(_ count: Int) {
        published.store(count, ordering: .releasing)
    }

    /// Publishes the `count` entries numbered in all, helps locate what is
    /// left, waits for the encoder to finish, and returns it.
    func finish(_ count: Int) -> StringSectionEncoder {
        publish(count)
        finished.store(true, ordering: .releasing)
        while locateNextBlock(final: true) {}
        if let thread { pthread_join(thread, nil) }
        return encoder
    }

    /// Claims the next block and locates it, if it is published (whole, or
    /// the last one once `final`: the count read after `finished` was set).
    /// False when there is none to claim now.
    private func locateNextBlock(final: Bool) -> Bool {
        let available = published.load(ordering: .acquiring)
        var k = nextBlock.load(ordering: .relaxed)
        while true {
            let start = k * StringSectionEncoder.block
            let end = min(start + StringSectionEncoder.block, available)
            guard start < available, end - start == StringSectionEncoder.block || final else { return false }
            let (claimed, current) = nextBlock.compareExchange(expected: k, desired: k + 1, ordering: .relaxed)
            if claimed {
                locator.locate(start..<end)
                located[k].store(true, ordering: .releasing)
                return true
            }
            k = current
        }
    }

    /// The encoder's thread: encodes located blocks in order, and locates
    /// published ones, until the walk has finished and everything is encoded.
    private func follow() {
        var local = encoder
        var idle = 0
        while true {
            // `finished` first: once it is set, the count read after it is final.
            let done = finished.load(ordering: .acquiring)
            let total = published.load(ordering: .acquiring)
            var progressed = false
            while local.encoded < total {
                let k = local.encoded / StringSectionEncoder.block
                guard located[k].load(ordering: .acquiring) else { break }
                local.encode(upTo: min((k + 1) * StringSectionEncoder.block, total))
                progressed = true
            }
            if done && local.encoded == total { break }
            if locateNextBlock(final: done) || progressed {
                idle = 0
            } else {
                // Waiting for the walk: spin briefly, then give the core up,
                // then sleep (a walk through objects without strings).
                idle += 1
                if idle > 1024 { usleep(50) } else if idle > 64 { sched_yield() }
            }
        }
        encoder = local
    }
}
