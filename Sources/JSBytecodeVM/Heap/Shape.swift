// Hidden classes: objects with the same property keys added in the same
// order share one `Shape`, so a property access can cache `(shape, slot)`.

/// An interned property key: an atom id (a string or a symbol).
public typealias PropertyKey = UInt32

/// A shape's identity for inline caches. 64 bits so that ids are never
/// reused: a dictionary shape takes a new id on every change, and a wrapped
/// counter would let a stale cache entry match an unrelated shape.
public typealias ShapeID = UInt64

/// Attributes of one own property.
public struct PropertyFlags: OptionSet, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let writable = PropertyFlags(rawValue: 1)
    public static let enumerable = PropertyFlags(rawValue: 2)
    public static let configurable = PropertyFlags(rawValue: 4)
    /// The slot holds an accessor-pair object (`ObjectKind.accessor`).
    public static let accessor = PropertyFlags(rawValue: 8)
    /// Plain assignment: writable, enumerable, configurable.
    public static let `default`: PropertyFlags = [.writable, .enumerable, .configurable]
    /// Builtin methods and `constructor`: writable, configurable, not enumerable.
    public static let hidden: PropertyFlags = [.writable, .configurable]
}

/// A hidden class: the ordered own keys of an object and their attributes.
/// Shared shapes form a transition tree; an object with many properties or
/// with deletions gets a private *dictionary* shape that it mutates in place.
public final class Shape {
    /// Unique id used by inline caches (a dictionary shape gets a new id on
    /// every change, which invalidates caches).
    @exclusivity(unchecked) public private(set) var id: ShapeID
    @exclusivity(unchecked) public private(set) var keys: ContiguousArray<PropertyKey>
    @exclusivity(unchecked) public private(set) var flags: ContiguousArray<PropertyFlags>
    @exclusivity(unchecked) private var index: [PropertyKey: Int32]
    @exclusivity(unchecked) private var transitions: [UInt64: Shape] = [:]
    public let isDictionary: Bool

    /// Hands out shape ids; one per VM (shapes never cross VMs).
    final class IDSource {
        private var next: ShapeID = 1
        func make() -> ShapeID {
            let id = next
            next &+= 1
            return id
        }
    }
    private let ids: IDSource

    /// Objects switch to a dictionary shape beyond this many properties.
    static let dictionaryThreshold = 64

    /// The empty root shape.
    public init() {
        ids = IDSource()
        id = ids.make()
        keys = []
        flags = []
        index = [:]
        isDictionary = false
    }

    private init(ids: IDSource, keys: ContiguousArray<PropertyKey>, flags: ContiguousArray<PropertyFlags>,
                 dictionary: Bool) {
        self.ids = ids
        id = ids.make()
        self.keys = keys
        self.flags = flags
        isDictionary = dictionary
        index = [:]
        if dictionary { buildIndex() }
    }

    /// Fills `index` from `keys`. A shared shape builds it on its first
    /// lookup: most shapes of a long transition chain are only passed
    /// through (building an object, restoring a snapshot) and never searched.
    private func buildIndex() {
        index.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() { index[k] = Int32(i) }
    }

    public var count: Int { keys.count }

    /// True once the key index exists (tests check that it is built lazily).
    var isIndexed: Bool { !index.isEmpty }

    /// The slot of `key`, or -1.
    @inline(__always) public func lookup(_ key: PropertyKey) -> Int {
        if keys.count <= 8 && !isDictionary {
            var i = 0
            while i < keys.count {
                if keys[i] == key { return i }
                i += 1
            }
            return -1
        }
        if index.isEmpty && !keys.isEmpty { buildIndex() }
        if let i = index[key] { return Int(i) }
        return -1
    }

    /// The shape after adding `key` with `flags` (shared transition, or an
    /// in-place change for dictionary shapes, which returns `self`).
    public func adding(_ key: PropertyKey, flags newFlags: PropertyFlags) -> Shape {
        if isDictionary {
            index[key] = Int32(keys.count)
            keys.append(key)
            flags.append(newFlags)
            id = ids.make()
            return self
        }
        let transitionKey = UInt64(key) << 8 | UInt64(newFlags.rawValue)
        if let next = transitions[transitionKey] { return next }
        var k = keys
        k.append(key)
        var f = flags
        f.append(newFlags)
        let next = Shape(ids: ids, keys: k, flags: f, dictionary: k.count > Shape.dictionaryThreshold)
        if !next.isDictionary { transitions[transitionKey] = next }
        return next
    }

    /// A private dictionary copy of this shape.
    public func toDictionary() -> Shape {
        Shape(ids: ids, keys: keys, flags: flags, dictionary: true)
    }

    /// Changes the attributes of slot `i` (dictionary shapes only).
    public func setFlags(_ newFlags: PropertyFlags, at i: Int) {
        precondition(isDictionary)
        flags[i] = newFlags
        id = ids.make()
    }

    /// Removes slot `i` (dictionary shapes only); later slots move down by one.
    public func remove(at i: Int) {
        precondition(isDictionary)
        keys.remove(at: i)
        flags.remove(at: i)
        index.removeAll(keepingCapacity: true)
        for (j, k) in keys.enumerated() { index[k] = Int32(j) }
        id = ids.make()
    }
}
