// Heap records. Scripts see them only through `Value` handles; the VM owns
// them in the tables of `Heap`.

/// Growable code-unit storage that several strings may share as prefixes.
final class StringBuffer {
    @exclusivity(unchecked) var units: [UInt16]
    init(_ units: [UInt16]) { self.units = units }
}

/// A JavaScript string: immutable UTF-16 code units.
///
/// A string is the first `count` units of a buffer. `a + b` appends `b` to
/// `a`'s buffer in place when `a` ends its buffer, so building a string
/// with repeated `+=` is amortised linear (the older, shorter strings keep
/// seeing only their prefix).
public final class JSString {
    @exclusivity(unchecked) var buffer: StringBuffer
    /// Length in UTF-16 code units.
    public let count: Int
    /// The atom of this string once interned (0 = not yet).
    @exclusivity(unchecked) var atom: UInt32 = 0

    public init(_ units: [UInt16]) {
        buffer = StringBuffer(units)
        count = units.count
    }

    init(buffer: StringBuffer, count: Int) {
        self.buffer = buffer
        self.count = count
    }

    /// The code units (a copy-free view when the string owns its whole buffer).
    public var units: [UInt16] {
        if count == buffer.units.count { return buffer.units }
        let own = Array(buffer.units[0..<count])
        buffer = StringBuffer(own)
        return own
    }

    /// The code units in place, without reference counting. Valid only
    /// while no string is created or changed (the snapshot writer reads a VM
    /// that does not run).
    @inline(__always) var unitsView: UnsafeBufferPointer<UInt16> {
        UnsafeBufferPointer(start: buffer.units._baseAddressIfContiguous, count: count)
    }

    /// Unit `i` (must be `< count`).
    @inline(__always) public subscript(i: Int) -> UInt16 { buffer.units[i] }

    public var string: String { String(decoding: units, as: UTF16.self) }

    /// `self + other`, appending in place when `self` ends its buffer.
    func appending(_ other: JSString) -> JSString {
        if count >= 64 && count == buffer.units.count {
            if other === self {
                buffer.units.append(contentsOf: buffer.units)
            } else {
                buffer.units.append(contentsOf: other.buffer.units[0..<other.count])
            }
            return JSString(buffer: buffer, count: count + other.count)
        }
        var u = [UInt16]()
        u.reserveCapacity(count + other.count)
        u.append(contentsOf: buffer.units[0..<count])
        u.append(contentsOf: other.buffer.units[0..<other.count])
        return JSString(u)
    }
}

/// What an object is, beyond its properties.
public enum ObjectKind {
    case ordinary
    /// `elements` holds the indexed properties; `length` is `elements.count`.
    case array
    /// An arguments object (indexed like an array, not an Array).
    case arguments
    case function(FunctionData)
    /// An `Error` instance (for printing and `stack`).
    case error
    /// `new Number(1)`, `new String("x")`, `new Boolean(true)`, `Object(sym)`.
    case primitive(Value)
    case map(OrderedTable)
    case set(OrderedTable)
    case promise(PromiseData)
    /// A getter/setter pair stored in an accessor property's slot.
    case accessor(getter: Value, setter: Value)
    case iterator(IteratorData)
    /// The saved frame of an async function suspended at `await`.
    case suspendedFrame(SuspendedFrame)
    /// A shared "already resolved" flag of a promise's resolving functions.
    case resolvedFlag(Bool)

    /// A kind's case without its payload.
    public enum Case: UInt8 {
        case ordinary, array, arguments, function, error, primitive, map, set, promise, accessor, iterator,
             suspendedFrame, resolvedFlag
    }

    /// This kind's case (reading it copies no payload).
    public var `case`: Case {
        switch self {
        case .ordinary: return .ordinary
        case .array: return .array
        case .arguments: return .arguments
        case .function: return .function
        case .error: return .error
        case .primitive: return .primitive
        case .map: return .map
        case .set: return .set
        case .promise: return .promise
        case .accessor: return .accessor
        case .iterator: return .iterator
        case .suspendedFrame: return .suspendedFrame
        case .resolvedFlag: return .resolvedFlag
        }
    }
}

/// A JavaScript object.
public final class JSObject {
    @exclusivity(unchecked) public var shape: Shape {
        didSet { shapeID = shape.id }
    }
    /// `shape.id`, cached for inline-cache checks. Code that changes a
    /// dictionary shape in place calls `shapeDidChange()`.
    @exclusivity(unchecked) public private(set) var shapeID: ShapeID
    /// Property values in shape order.
    @exclusivity(unchecked) public var slots: ContiguousArray<Value>
    /// The prototype: an object handle or null.
    @exclusivity(unchecked) public var proto: Value
    /// Indexed elements of arrays and arguments objects; `.hole` marks holes.
    @exclusivity(unchecked) public var elements: ContiguousArray<Value>
    @exclusivity(unchecked) public var kind: ObjectKind {
        didSet {
            codeIndex = JSObject.codeIndex(of: kind)
            nativeID = JSObject.nativeID(of: kind)
            upvalues = JSObject.upvalues(of: kind)
            kindCase = kind.case
        }
    }
    /// `kind.case`, cached: the hot paths and the snapshot writer test it
    /// without copying (and retaining) the kind's payload.
    @exclusivity(unchecked) public private(set) var kindCase: ObjectKind.Case
    /// True for arrays.
    @inline(__always) public var isArray: Bool { kindCase == .array }
    /// For functions over compiled code, their `VM.codes` index, else -1
    /// (calls test it without unpacking `kind`).
    @exclusivity(unchecked) public private(set) var codeIndex: Int32 = -1
    /// For native functions, their `NativeRegistry` id, else -1.
    @exclusivity(unchecked) public private(set) var nativeID: Int32 = -1
    /// For functions over compiled code, the cells they close over (cached
    /// from `kind`: every call of a closure reads them).
    @exclusivity(unchecked) public private(set) var upvalues: ContiguousArray<UInt32> = []
    @exclusivity(unchecked) public var extensible = true
    /// Set by `Object.seal` / `Object.freeze` (elements become non-configurable).
    @exclusivity(unchecked) public var sealed = false
    /// Set by `Object.freeze` (elements become read-only).
    @exclusivity(unchecked) public var frozen = false
    var marked = false

    public init(shape: Shape, proto: Value, kind: ObjectKind = .ordinary) {
        self.shape = shape
        self.slots = []
        self.proto = proto
        self.elements = []
        self.kind = kind
        shapeID = shape.id
        codeIndex = JSObject.codeIndex(of: kind)
        nativeID = JSObject.nativeID(of: kind)
        upvalues = JSObject.upvalues(of: kind)
        kindCase = kind.case
    }

    // Fast paths of the dispatch loop: the storage is read and written in
    // place (no copy of the array reference), and an index out of range is
    // a miss, never a trap.

    /// Slot `slot` when the object has shape `id` (an inline-cache hit).
    @inline(__always) func cachedSlot(shape id: ShapeID, slot: Int) -> Value? {
        guard shapeID == id else { return nil }
        return slots.withUnsafeBufferPointer { slot < $0.count ? $0[slot] : nil }
    }

    /// Stores slot `slot` when the object has shape `id`; false on a miss.
    @inline(__always) func setCachedSlot(shape id: ShapeID, slot: Int, _ value: Value) -> Bool {
        guard shapeID == id else { return false }
        return slots.withUnsafeMutableBufferPointer { buffer in
            guard slot < buffer.count else { return false }
            buffer[slot] = value
            return true
        }
    }

    /// Dense element `i` (possibly a hole), nil when out of range.
    @inline(__always) func denseElement(_ i: Int) -> Value? {
        elements.withUnsafeBufferPointer { i >= 0 && i < $0.count ? $0[i] : nil }
    }

    /// Overwrites dense element `i`; false when out of range.
    @inline(__always) func setDenseElement(_ i: Int, _ value: Value) -> Bool {
        elements.withUnsafeMutableBufferPointer { buffer in
            guard i >= 0 && i < buffer.count else { return false }
            buffer[i] = value
            return true
        }
    }

    /// The property values in place, without reference counting. Valid only
    /// while the object and its slots are left unchanged (the snapshot writer
    /// reads a VM that does not run).
    @inline(__always) var slotsView: UnsafeBufferPointer<Value> {
        UnsafeBufferPointer(start: slots._baseAddressIfContiguous, count: slots.count)
    }

    /// The elements in place, under the same terms as `slotsView`.
    @inline(__always) var elementsView: UnsafeBufferPointer<Value> {
        UnsafeBufferPointer(start: elements._baseAddressIfContiguous, count: elements.count)
    }

    /// Appends the slot of a property just added to the shape. The first
    /// reserves room for four: objects mostly get a few properties one at a
    /// time, and growing the storage 1 → 2 → 4 reallocates at each step.
    @inline(__always) func appendSlot(_ value: Value) {
        if slots.isEmpty { slots.reserveCapacity(4) }
        slots.append(value)
    }

    /// Refreshes `shapeID` after an in-place change of a dictionary shape.
    public func shapeDidChange() { shapeID = shape.id }

    private static func codeIndex(of kind: ObjectKind) -> Int32 {
        if case .function(let f) = kind { return f.codeIndex }
        return -1
    }

    private static func nativeID(of kind: ObjectKind) -> Int32 {
        if case .function(let f) = kind, case .native(let id) = f.target { return id }
        return -1
    }

    private static func upvalues(of kind: ObjectKind) -> ContiguousArray<UInt32> {
        if case .function(let f) = kind, case .bytecode(_, let upvalues) = f.target { return upvalues }
        return []
    }


    /// The function record, if this object is callable.
    @inline(__always) public var function: FunctionData? {
        if case .function(let f) = kind { return f }
        return nil
    }
}

/// Where a function's behaviour comes from.
public enum FunctionTarget {
    /// Compiled code (`VM.codes[codeIndex]`) closing over `upvalues` (cell handles).
    case bytecode(codeIndex: Int32, upvalues: ContiguousArray<UInt32>)
    /// A native builtin by registry id.
    case native(id: Int32)
    /// `f.bind(this, ...args)`.
    case bound(target: Value, this: Value, arguments: [Value])
}

/// The callable part of a function object.
public final class FunctionData {
    public let target: FunctionTarget
    /// The object whose prototype `super` refers to (methods, constructors).
    @exclusivity(unchecked) public var homeObject: Value = .undefined
    /// True when the function can be called with `new`.
    @exclusivity(unchecked) public var isConstructor: Bool
    /// Extra state of native closures (e.g. the promise of a resolving function).
    @exclusivity(unchecked) public var internalSlots: [Value] = []
    /// The code index of a `.bytecode` target, else -1 (read on every call).
    public let codeIndex: Int32

    public init(target: FunctionTarget, isConstructor: Bool) {
        self.target = target
        self.isConstructor = isConstructor
        if case .bytecode(let index, _) = target { codeIndex = index } else { codeIndex = -1 }
    }
}

/// Map / Set storage: insertion-ordered, SameValueZero keys, tolerant of
/// deletion during iteration (deleted entries become holes until compaction).
public final class OrderedTable {
    @exclusivity(unchecked) public var keys: ContiguousArray<Value> = []
    @exclusivity(unchecked) public var values: ContiguousArray<Value> = []
    @exclusivity(unchecked) var index: [HashKey: Int] = [:]
    @exclusivity(unchecked) public private(set) var liveCount = 0

    /// A SameValueZero hash key.
    enum HashKey: Hashable {
        case bits(UInt64)
        case string([UInt16])
    }

    public init() {}

    func find(_ key: HashKey) -> Int? { index[key] }

    func insert(_ key: HashKey, key raw: Value, value: Value) {
        if let i = index[key] {
            values[i] = value
            return
        }
        index[key] = keys.count
        keys.append(raw)
        values.append(value)
        liveCount += 1
    }

    @discardableResult
    func remove(_ key: HashKey) -> Bool {
        guard let i = index.removeValue(forKey: key) else { return false }
        keys[i] = .hole
        values[i] = .hole
        liveCount -= 1
        return true
    }

    func removeAll() {
        for i in keys.indices {
            keys[i] = .hole
            values[i] = .hole
        }
        index.removeAll()
        liveCount = 0
    }

    /// Rebuilds the index from `keys` (after loading a snapshot).
    func rebuildIndex(keyOf: (Value) -> HashKey) {
        index.removeAll()
        liveCount = 0
        for (i, k) in keys.enumerated() where !k.isHole {
            index[keyOf(k)] = i
            liveCount += 1
        }
    }
}

/// A promise's state.
public final class PromiseData {
    public enum State: UInt8 { case pending, fulfilled, rejected }
    @exclusivity(unchecked) public var state: State = .pending
    @exclusivity(unchecked) public var result: Value = .undefined
    @exclusivity(unchecked) public var fulfillReactions: [PromiseReaction] = []
    @exclusivity(unchecked) public var rejectReactions: [PromiseReaction] = []
    /// True once a handler is attached (for unhandled-rejection reporting).
    @exclusivity(unchecked) public var isHandled = false
    public init() {}
}

/// A reaction registered on a promise: plain data, so it can be snapshotted.
public struct PromiseReaction {
    public enum Kind: UInt8 {
        /// `then(onFulfilled, onRejected)`: call `handler` (or pass the value
        /// through when it is undefined) and settle `capability`.
        case then
        /// Resume the suspended async frame `handler` with the value.
        case awaitResume
    }
    public var kind: Kind
    /// A promise object to settle with the handler's result, or undefined.
    public var capability: Value
    /// A function, a suspended-frame object, or undefined.
    public var handler: Value
    public init(kind: Kind, capability: Value, handler: Value) {
        self.kind = kind
        self.capability = capability
        self.handler = handler
    }
}

/// A job in the microtask queue.
public enum Job {
    /// Run `reaction` with `argument`; `rejected` tells which path settled.
    case reaction(PromiseReaction, argument: Value, rejected: Bool)
    /// NewPromiseResolveThenableJob: call `then` on `thenable` with the
    /// resolving functions of `promise`.
    case resolveThenable(promise: Value, thenable: Value, then: Value)
    /// `queueMicrotask(callback)`.
    case callback(Value)
}

/// State of a builtin iterator object.
public final class IteratorData {
    public enum Kind: UInt8 {
        case arrayValues, arrayKeys, arrayEntries, string
        case mapKeys, mapValues, mapEntries, setValues, setEntries
        /// for-in: `keys` precomputed, checked against `target` as it goes.
        case forIn
    }
    @exclusivity(unchecked) public var kind: Kind
    @exclusivity(unchecked) public var target: Value
    @exclusivity(unchecked) public var index: Int = 0
    @exclusivity(unchecked) public var keys: [Value] = []
    @exclusivity(unchecked) public var done = false
    public init(kind: Kind, target: Value) {
        self.kind = kind
        self.target = target
    }
}

/// An async function frame parked at an `await`.
public final class SuspendedFrame {
    @exclusivity(unchecked) public var codeIndex: Int32
    /// The function object (frame slot 0 is also kept in `stack[0]`).
    @exclusivity(unchecked) public var pc: Int
    /// Frame slots then operand stack, as they were at the `await`.
    @exclusivity(unchecked) public var stack: [Value]
    @exclusivity(unchecked) public var argumentList: Value
    @exclusivity(unchecked) public var newTarget: Value
    /// The promise the async function returned to its caller.
    @exclusivity(unchecked) public var promise: Value
    public init(codeIndex: Int32, pc: Int, stack: [Value], argumentList: Value, newTarget: Value, promise: Value) {
        self.codeIndex = codeIndex
        self.pc = pc
        self.stack = stack
        self.argumentList = argumentList
        self.newTarget = newTarget
        self.promise = promise
    }
}
