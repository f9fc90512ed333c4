#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The VM-wide property cache: what a named property access resolved to,
// keyed by (receiver shape, prototype, key, operation). Each instruction's
// own inline cache remembers one shape; a site that sees many shapes (a
// function walking a list of differently built objects) misses there on
// every access, and this table answers it without the general lookup. Like
// V8's megamorphic stub cache, it is a fixed-size table: a new entry
// replaces an older one that hashed alike.
//
// An entry records the receiver's shape and, for a property found on (or
// absent from) the prototype chain, each prototype passed (its handle and
// shape). A hit re-checks all of them, so nothing ever invalidates an
// entry: any change that could alter the answer (a property added or
// deleted, attributes changed, a prototype replaced) changes a shape id
// or a prototype link, and shape ids are never reused.
//
// The table is two-way set associative: a lookup checks both entries of
// its set, and a new entry pushes the set's older one out, so two hot
// lookups that hash alike do not evict each other on every access.

/// What an entry answers.
enum PropertyOperation: UInt8 {
    /// `obj.key` reads: a data property's slot (on the receiver or a
    /// prototype), or the key's absence from the whole chain.
    case get
    /// `obj.key = v` writes: a writable own data slot, or adding the key
    /// (absent from the whole chain) by a shared shape transition.
    case set
    /// Object-literal definitions: an own data slot with the default
    /// attributes, or adding the key by a shared shape transition.
    case define
}

/// One remembered lookup. The receiver matches when its shape id is
/// `shape` and, for each of the `depth` prototypes between it and the
/// holder, the prototype link and that prototype's shape match.
struct PropertyCacheEntry {
    /// Receiver shape id; 0 (never a shape id) marks an empty entry.
    var shape: ShapeID = 0
    var key: PropertyKey = 0
    var operation: PropertyOperation = .get
    /// Prototypes between the receiver and the holder (0: own property).
    /// For an absent key, the chain's length: the holder is its last object.
    var depth: UInt8 = 0
    /// The holder's slot; -1 when the key is absent from the chain.
    var slot: Int32 = -1
    /// The first and second prototypes (value bits) and their shape ids.
    var proto1: UInt64 = 0
    var proto1Shape: ShapeID = 0
    var proto2: UInt64 = 0
    var proto2Shape: ShapeID = 0
    /// For additions: the shape after adding `key`. The receiver's current
    /// (shared) shape keeps it alive through its transition table.
    var added: Unmanaged<Shape>?

    @inline(__always) func matches(_ shape: ShapeID, _ key: PropertyKey, _ operation: PropertyOperation) -> Bool {
        self.shape == shape && self.key == key && self.operation == operation
    }
}

/// The table itself: 1,024 sets of two entries (128 KiB), allocated once
/// per VM and never snapshotted.
struct PropertyCache {
    static let setBits = 10
    let entries: UnsafeMutablePointer<PropertyCacheEntry>

    private static let bytes = (2 << setBits) * MemoryLayout<PropertyCacheEntry>.stride

    init() {
        // All-zero bits are an empty entry (shape 0), so fresh anonymous
        // pages are an empty table, zeroed by the OS only where touched
        // (calloc would clear all of it once glibc serves the size from its heap).
        let pages = mmap(nil, PropertyCache.bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let pages, pages != MAP_FAILED else { fatalError("cannot map the property cache") }
        entries = pages.bindMemory(to: PropertyCacheEntry.self, capacity: 2 << PropertyCache.setBits)
    }

    func deallocate() { munmap(entries, PropertyCache.bytes) }

    /// The set where (`shape`, `key`, `operation`) lives if cached, for a
    /// receiver whose prototype has value bits `proto`: its first entry.
    /// The prototype is hashed too: objects of one shape with different
    /// prototypes (a literal `{x, y}` and a `new Point(x, y)`) need
    /// separate entries.
    @inline(__always) private func set(_ shape: ShapeID, _ proto: UInt64, _ key: PropertyKey,
                                       _ operation: PropertyOperation) -> UnsafeMutablePointer<PropertyCacheEntry> {
        let mixed = (shape ^ proto << 20 ^ (UInt64(key) << 40) ^ UInt64(operation.rawValue) << 62)
            &* 0x9E37_79B9_7F4A_7C15
        return entries + 2 * Int(truncatingIfNeeded: mixed >> UInt64(64 - PropertyCache.setBits))
    }

    /// The entry for (`shape`, `key`, `operation`) with prototype `proto`,
    /// nil when none is cached. The prototype chain is not checked here.
    @inline(__always) func find(_ shape: ShapeID, _ proto: UInt64, _ key: PropertyKey,
                                _ operation: PropertyOperation) -> UnsafeMutablePointer<PropertyCacheEntry>? {
        let first = set(shape, proto, key, operation)
        if first.pointee.matches(shape, key, operation) { return first }
        if first[1].matches(shape, key, operation) { return first + 1 }
        return nil
    }

    /// Records `entry` (for a receiver with prototype `proto`) as its set's
    /// newer entry; the older one is dropped.
    func store(_ entry: PropertyCacheEntry, proto: UInt64) {
        let first = set(entry.shape, proto, entry.key, entry.operation)
        if !first.pointee.matches(entry.shape, entry.key, entry.operation) { first[1] = first[0] }
        first[0] = entry
    }
}

extension VM {
    /// The object the entry's holder is for `receiver` (whose shape and
    /// key matched), when the receiver's prototype chain matches the
    /// entry's; nil on a miss. Borrowed: no reference counting.
    @inline(__always) private func cachedHolder(_ receiver: Unmanaged<JSObject>,
                                                _ e: UnsafeMutablePointer<PropertyCacheEntry>) -> Unmanaged<JSObject>? {
        var holder = receiver
        if e.pointee.depth >= 1 {
            guard holder._withUnsafeGuaranteedRef({ $0.proto.bits }) == e.pointee.proto1,
                  let p = objectReference(Value(bits: e.pointee.proto1)),
                  p._withUnsafeGuaranteedRef({ $0.shapeID }) == e.pointee.proto1Shape else { return nil }
            holder = p
            if e.pointee.depth >= 2 {
                guard holder._withUnsafeGuaranteedRef({ $0.proto.bits }) == e.pointee.proto2,
                      let q = objectReference(Value(bits: e.pointee.proto2)),
                      q._withUnsafeGuaranteedRef({ $0.shapeID }) == e.pointee.proto2Shape else { return nil }
                holder = q
            }
        }
        if e.pointee.slot < 0 && !holder._withUnsafeGuaranteedRef({ $0.proto.isNull }) { return nil }
        return holder
    }

    /// `receiver.key` from the property cache (undefined for a key cached
    /// as absent); nil on a miss or for a non-object receiver. A hit on an
    /// own property or one a prototype away also fills the instruction's
    /// inline cache `site`, so a site whose key was first cached by
    /// another site still settles on its own cache.
    @inline(__always) func cachedGet(_ receiver: Value, _ key: PropertyKey,
                                     refilling site: UnsafeMutablePointer<InlineCache>) -> Value? {
        guard let r = objectReference(receiver) else { return nil }
        guard let e = r._withUnsafeGuaranteedRef({ propertyCache.find($0.shapeID, $0.proto.bits, key, .get) }),
              let holder = cachedHolder(r, e) else { return nil }
        let slot = Int(e.pointee.slot)
        if slot < 0 { return .undefined }
        if e.pointee.depth == 0 {
            site.pointee = InlineCache(shape: e.pointee.shape, slot: slot)
        } else if e.pointee.depth == 1 {
            site.pointee = InlineCache(shape: e.pointee.shape, holder: Value(bits: e.pointee.proto1),
                                       holderShape: e.pointee.proto1Shape, slot: slot)
        }
        return holder._withUnsafeGuaranteedRef { $0.slots.withUnsafeBufferPointer { slot < $0.count ? $0[slot] : nil } }
    }

    /// Performs `target.key = value` from the property cache; false on a
    /// miss (nothing changed). A write to an own slot also fills the
    /// instruction's inline cache `site` (nil for literal definitions,
    /// which have none).
    @inline(__always) func cachedSet(_ target: Value, _ key: PropertyKey, _ value: Value,
                                     _ operation: PropertyOperation,
                                     refilling site: UnsafeMutablePointer<InlineCache>? = nil) -> Bool {
        guard let r = objectReference(target) else { return false }
        guard let e = r._withUnsafeGuaranteedRef({ propertyCache.find($0.shapeID, $0.proto.bits, key, operation) }),
              operation == .define || cachedHolder(r, e) != nil else { return false }
        return r._withUnsafeGuaranteedRef { o in
            if let added = e.pointee.added {
                guard operation == .define || o.extensible else { return false }
                o.shape = added.takeUnretainedValue()
                o.appendSlot(value)
                return true
            }
            site?.pointee = InlineCache(shape: e.pointee.shape, slot: Int(e.pointee.slot))
            return o.setCachedSlot(shape: e.pointee.shape, slot: Int(e.pointee.slot), value)
        }
    }

    /// Records how `key` resolves for reads on `o` (a data property up to
    /// two prototypes away, or absent from a chain of up to three objects);
    /// accessors and longer chains are not cached. Keys that arrays,
    /// arguments objects and string wrappers answer outside their shapes
    /// (`length`, indices) are cached only as own properties.
    func rememberGet(_ o: JSObject, _ key: PropertyKey) {
        var entry = PropertyCacheEntry(shape: o.shapeID, key: key, operation: .get)
        guard let holder = walkChain(o, key, &entry), entry.slot < 0 || !holder.shape.flags[Int(entry.slot)].contains(.accessor),
              entry.depth == 0 && entry.slot >= 0 || !answersOutsideShapes(key) else { return }
        propertyCache.store(entry, proto: o.proto.bits)
    }

    /// Records how `o.key = v` proceeds: a write to a writable own data
    /// slot, or an addition when `key` is absent from the chain and the
    /// receiver's shape and the next one are shared (transition-tree) shapes.
    func rememberSet(_ o: JSObject, _ key: PropertyKey) {
        guard !answersOutsideShapes(key) else { return }
        var entry = PropertyCacheEntry(shape: o.shapeID, key: key, operation: .set)
        guard walkChain(o, key, &entry) != nil else { return }
        if entry.depth == 0 && entry.slot >= 0 {
            let flags = o.shape.flags[Int(entry.slot)]
            guard flags.contains(.writable) && !flags.contains(.accessor) else { return }
        } else {
            guard entry.slot < 0, let added = sharedTransition(o.shape, key) else { return }
            entry.added = added
        }
        propertyCache.store(entry, proto: o.proto.bits)
    }

    /// Records how a literal's `key: value` defines on `o`: a write to an
    /// own slot with the default attributes, or an addition by a shared
    /// transition. The prototype chain plays no part.
    func rememberDefine(_ o: JSObject, _ key: PropertyKey) {
        guard arrayIndex(ofAtom: key) < 0 else { return }
        var entry = PropertyCacheEntry(shape: o.shapeID, key: key, operation: .define)
        let slot = o.shape.lookup(key)
        if slot >= 0 {
            guard o.shape.flags[slot] == .default else { return }
            entry.slot = Int32(slot)
        } else {
            guard let added = sharedTransition(o.shape, key) else { return }
            entry.added = added
        }
        propertyCache.store(entry, proto: o.proto.bits)
    }

    /// The shared shape `shape` leads to by adding `key` with the default
    /// attributes, when both are transition-tree shapes (a dictionary shape
    /// changes in place, and its id with it).
    private func sharedTransition(_ shape: Shape, _ key: PropertyKey) -> Unmanaged<Shape>? {
        guard !shape.isDictionary else { return nil }
        let next = shape.adding(key, flags: .default)
        guard !next.isDictionary else { return nil }
        return Unmanaged.passUnretained(next)
    }

    /// Walks from `o` to the object holding `key` (or to the chain's end),
    /// filling `entry`'s depth, slot and prototypes; nil when the walk
    /// passes more than two prototypes before an answer.
    private func walkChain(_ o: JSObject, _ key: PropertyKey, _ entry: inout PropertyCacheEntry) -> JSObject? {
        var holder = o
        while true {
            let slot = holder.shape.lookup(key)
            if slot >= 0 {
                entry.slot = Int32(slot)
                return holder
            }
            guard holder.proto.isObject else { return holder }
            guard entry.depth < 2 else { return nil }
            let next = object(holder.proto)
            if entry.depth == 0 {
                entry.proto1 = holder.proto.bits
                entry.proto1Shape = next.shapeID
            } else {
                entry.proto2 = holder.proto.bits
                entry.proto2Shape = next.shapeID
            }
            entry.depth += 1
            holder = next
        }
    }

    /// `length` and indices: arrays, arguments objects and primitives answer
    /// them outside their shape.
    @inline(__always) func answersOutsideShapes(_ key: PropertyKey) -> Bool {
        key == Atom.length || arrayIndex(ofAtom: key) >= 0
    }
}
