#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSCompiler

/// A thrown JavaScript value travelling through Swift code (native builtins
/// and interpreter slow paths). The interpreter turns it into unwinding.
public struct JSThrow: Error {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}

/// One atom: an interned string or a symbol.
enum AtomEntry {
    /// An interned string (its handle in `VM.strings`, rooted forever).
    case string(UInt32)
    /// A symbol with its description (a string handle or undefined).
    case symbol(description: Value, registeredKey: Bool)
}

/// The inline cache of one property instruction (its `u16 cache` operand):
/// for receivers of shape `shape`, the property is data slot `slot` of the
/// receiver itself (`holderShape == 0`) or of its prototype, the object
/// `holder` (value bits), while that prototype has shape `holderShape`.
/// Shape ids start at 1, so a zeroed cache always misses. String
/// primitives have no shape: `stringReceiver` stands for them, with the
/// property on `String.prototype`.
struct InlineCache {
    /// The receiver "shape" of string primitives (never handed out).
    static let stringReceiver = ShapeID.max
    /// A cache that has not been filled (misses for every receiver).
    static let empty = InlineCache(shape: 0, slot: 0)

    var shape: ShapeID
    var holderShape: ShapeID = 0
    var holder: UInt64 = 0
    var slot: Int32

    /// An own data property.
    init(shape: ShapeID, slot: Int) {
        self.shape = shape
        self.slot = Int32(slot)
    }

    /// A data property of the receiver's prototype `holder`.
    init(shape: ShapeID, holder: Value, holderShape: ShapeID, slot: Int) {
        self.shape = shape
        self.holder = holder.bits
        self.holderShape = holderShape
        self.slot = Int32(slot)
    }
}

/// How often the dispatch loop left its fast paths for the general code.
/// Counted on the slow paths only (free on the fast ones); tests use it to
/// guard the fast paths without timing anything: a loop whose misses grow
/// with its iteration count has lost its fast path.
public struct FastPathStatistics: Equatable, Sendable {
    /// Property reads and writes whose instruction's inline cache missed
    /// (the VM's property cache may still have answered them).
    public var inlineCacheMisses = 0
    /// Property reads and writes (`obj.name`, `obj.name = v`, method loads,
    /// literal definitions) that neither the instruction's inline cache nor
    /// the VM's property cache answered: the general lookup ran.
    public var propertyCacheMisses = 0
    /// Global variable reads whose inline cache missed.
    public var globalCacheMisses = 0
    /// Computed reads and writes (`a[i]`) that were not a dense array
    /// element.
    public var elementSlowPaths = 0

    /// The counts accumulated since `earlier` was read.
    public func since(_ earlier: FastPathStatistics) -> FastPathStatistics {
        var d = self
        d.inlineCacheMisses -= earlier.inlineCacheMisses
        d.propertyCacheMisses -= earlier.propertyCacheMisses
        d.globalCacheMisses -= earlier.globalCacheMisses
        d.elementSlowPaths -= earlier.elementSlowPaths
        return d
    }
}

/// A loaded code block with its runtime side tables.
public final class RuntimeCode {
    public let block: CodeBlock
    // The side tables are read through raw views of arrays this record
    // owns and never changes: the dispatch loop indexes them by verified
    // operands without reference counting (an array held by a class would
    // be retained around every read).
    private let storage: (ContiguousArray<Value>, ContiguousArray<PropertyKey>, ContiguousArray<Int32>,
                          ContiguousArray<Capture>)
    /// Constant pool as values (strings interned when loaded).
    let constants: UnsafeBufferPointer<Value>
    /// `names[i]` as atoms.
    let atoms: UnsafeBufferPointer<PropertyKey>
    /// Child code blocks as indices into `VM.codes`.
    let children: UnsafeBufferPointer<Int32>
    /// The variables closures over this code capture (`block.captures`).
    let captures: UnsafeBufferPointer<Capture>
    /// Inline caches, one per `u16 cache` operand (a raw buffer: the
    /// dispatch loop reads it without reference counting).
    let caches: UnsafeMutablePointer<InlineCache>
    /// A private copy of the bytecode (stable address for the dispatch loop).
    let code: UnsafeMutableBufferPointer<UInt8>
    /// The function name as a string value (shared by every closure).
    let nameValue: Value
    // Copies of the block's layout facts (immutable, read without access
    // checks: the block's own properties are checked dynamically when read
    // from this module).
    let registerCount: Int
    let maxStack: Int
    let parameterCount: Int
    let usesArguments: Bool
    let isStrict: Bool
    let isAsync: Bool
    let kind: CodeKind
    /// The function's `length`.
    let length: Int
    /// True when closures over this code capture cells (their frames need upvalues).
    let hasCaptures: Bool

    init(block: CodeBlock, constants: ContiguousArray<Value>, atoms: ContiguousArray<PropertyKey>,
         children: ContiguousArray<Int32>, nameValue: Value) {
        self.block = block
        self.nameValue = nameValue
        registerCount = block.registerCount
        maxStack = block.maxStack
        parameterCount = block.parameterCount
        usesArguments = block.usesArguments
        isStrict = block.isStrict
        isAsync = block.isAsync
        kind = block.kind
        length = block.length
        hasCaptures = !block.captures.isEmpty
        let captureList = ContiguousArray(block.captures)
        storage = (constants, atoms, children, captureList)
        self.constants = storage.0.withUnsafeBufferPointer { $0 }
        self.atoms = storage.1.withUnsafeBufferPointer { $0 }
        self.children = storage.2.withUnsafeBufferPointer { $0 }
        captures = storage.3.withUnsafeBufferPointer { $0 }
        caches = UnsafeMutablePointer<InlineCache>.allocate(capacity: max(block.cacheCount, 1))
        caches.initialize(repeating: .empty, count: max(block.cacheCount, 1))
        // One spare zero byte so that reading the opcode after a final instruction is safe.
        code = UnsafeMutableBufferPointer.allocate(capacity: block.code.count + 1)
        _ = code.initialize(from: block.code)
        code[block.code.count] = 0
    }
    deinit {
        code.deallocate()
        caches.deallocate()
    }
}

/// How the interpreter hands a finished frame's result to its caller.
public enum ReturnMode: UInt8 {
    /// Push the result on the caller's operand stack.
    case push
    /// Discard the result.
    case discard
    /// Return from the dispatch loop to the Swift caller (the entry frame of a run).
    case host
    /// The result is an iterator result for `iteratorStep`: check `done`.
    case iteratorStep
    /// The result is an iterator result for `iteratorValue`.
    case iteratorValue
    /// The result of `[Symbol.iterator]()`: check it is an object and fetch `next`.
    case getIterator
}

/// An active call frame. Slots live in `VM.stack` from `base`.
public struct Frame {
    /// Index into `VM.codes`.
    public var codeIndex: Int32
    /// Resume address (saved when the frame is not the innermost).
    public var pc: Int
    /// Stack index of slot 0 (the callee).
    public var base: Int
    /// Saved operand-stack top (absolute index), valid when not innermost.
    public var sp: Int
    public var returnMode: ReturnMode
    /// A `new` call: an object result wins, otherwise `this` (slot 1).
    public var isConstruct: Bool
    /// An arguments-list array (when the code `usesArguments`), else undefined.
    public var argumentList: Value
    public var newTarget: Value
    /// For async functions: the promise returned to the caller.
    public var promise: Value
    /// True once the frame has been resumed from a suspension (its result
    /// then goes nowhere: the caller got the promise at the first await).
    public var resumed: Bool
}

/// A fetch() call the host has to perform.
public struct PendingRequest {
    public var id: String
    public var url: String
    public var method: String
    public var headers: [(String, String)]
    public var body: String?
    /// The promise `fetch` returned.
    public var promise: Value
    /// Milliseconds since 1970 when the script called fetch.
    public var timestamp: Double
}

/// One console call.
public struct LogEntry: Equatable, Sendable {
    public var level: String
    public var text: String
    public init(level: String, text: String) {
        self.level = level
        self.text = text
    }
}

/// The virtual machine: heap, globals, code, stacks and the job queue.
/// Not thread-safe; use one VM per thread at a time.
public final class VM {
    // MARK: Heap tables
    @exclusivity(unchecked) var objects: ContiguousArray<JSObject?> = [nil]
    @exclusivity(unchecked) var freeObjects: [UInt32] = []
    @exclusivity(unchecked) var strings: ContiguousArray<JSString?> = []
    @exclusivity(unchecked) var freeStrings: [UInt32] = []
    /// The collector's marks by handle (`collectGarbage` sizes and clears them).
    @exclusivity(unchecked) var stringMarks: [Bool] = []
    /// Variable cells (captured bindings).
    @exclusivity(unchecked) var cells: ContiguousArray<Value> = []
    @exclusivity(unchecked) var freeCells: [UInt32] = []
    @exclusivity(unchecked) var cellMarks: [Bool] = []
    @exclusivity(unchecked) var atoms: [AtomEntry] = [.symbol(description: .undefined, registeredKey: false)]
    @exclusivity(unchecked) var atomByUnits: [AtomKey: PropertyKey] = [:]
    /// For each atom: its array index value, or -1.
    @exclusivity(unchecked) var atomArrayIndex: [Int64] = [-1]
    /// `Symbol.for` registry.
    var symbolRegistry: [[UInt16]: PropertyKey] = [:]
    /// Allocations since the last collection (drives the GC).
    @exclusivity(unchecked) var allocationDebt = 0
    @exclusivity(unchecked) var gcThreshold = 100_000
    /// Nested dispatch loops (native → JS calls) in progress; no GC while > 0.
    @exclusivity(unchecked) var reentrancyDepth = 0
    /// How deep natives may nest calls into JavaScript on this thread's stack.
    @exclusivity(unchecked) var nativeStack = NativeStackGuard()
    var invalidObjectStorage: JSObject?
    var invalidStringStorage: JSString?
    /// The function object of the native being called (natives with internal slots read it).
    @exclusivity(unchecked) public internal(set) var currentNativeCallee: Value?

    // MARK: Shapes
    let rootShape = Shape()
    /// Shape of closures without `prototype`: `length`, `name`.
    lazy var functionShape = rootShape.adding(Atom.length, flags: .configurable).adding(Atom.name, flags: .configurable)
    /// Shape of constructible closures: `length`, `name`, `prototype`.
    lazy var constructorShape = functionShape.adding(Atom.prototype, flags: .writable)

    /// Named property lookups by receiver shape, for sites whose own inline
    /// cache misses (`Core/PropertyCache.swift`).
    let propertyCache = PropertyCache()

    // MARK: Code
    @exclusivity(unchecked) public internal(set) var codes: [RuntimeCode] = []

    /// The code block at `index`, borrowed without reference counting (the
    /// call path reads one per call and return): `codes` keeps every block
    /// for the VM's lifetime.
    @inline(__always) func code(at index: Int32) -> Unmanaged<RuntimeCode> {
        codes.withUnsafeBufferPointer { Unmanaged.passUnretained($0[Int(index)]) }
    }
    /// Top-level bindings of all scripts (`getGlobalSlot`).
    @exclusivity(unchecked) var globalSlots: ContiguousArray<Value> = []
    /// The compiler's view of the same bindings.
    public var globalScope = GlobalScope()

    // MARK: Execution state
    let stack: UnsafeMutablePointer<Value>
    let stackCapacity: Int
    @exclusivity(unchecked) var sp = 0
    @exclusivity(unchecked) var frames: FrameStack
    @exclusivity(unchecked) var jobs: [Job] = []
    @exclusivity(unchecked) var jobHead = 0
    /// Rejected promises nobody has handled yet, oldest first.
    var unhandledRejections: [Value] = []
    /// The promise of the script currently being executed.
    var scriptPromise: Value = .undefined
    /// An exception thrown by a `queueMicrotask` callback: ends the script.
    var fatalThrow: Value?
    /// The event-loop work a budget pause interrupted; its frames are on the frame stack.
    var interruptedEntry: EntryPoint?

    // MARK: Limits
    /// Instructions left in the current run (decremented per instruction,
    /// checked at safe points); `Int.max` when unlimited.
    @exclusivity(unchecked) var stepsLeft = Int.max
    /// Slow-path counts since the VM was created or restored.
    @exclusivity(unchecked) public internal(set) var fastPathStatistics = FastPathStatistics()
    /// `limits.maxHeapBytes`, or `Int.max`.
    let heapLimit: Int
    /// Estimated live heap bytes found by the last collection.
    @exclusivity(unchecked) var heapBytesAtCollection = 0
    /// Estimated bytes allocated since the last collection.
    @exclusivity(unchecked) var heapBytesSinceCollection = 0
    /// The limit that ended the last execution, if one did.
    var termination: Termination?
    public let limits: ExecutionLimits

    // MARK: Host-facing state
    public var logs: [LogEntry] = []
    /// Called for each console entry as it happens (the CLI streams them).
    public var logSink: ((LogEntry) -> Void)?
    public var pendingRequests: [PendingRequest] = []
    var nextRequestID = 1
    /// xorshift128+ state of `Math.random` (seeded, snapshotted).
    var rngState: (UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9)

    // MARK: Intrinsics (filled by the builtins installers)
    @exclusivity(unchecked) public var globalObject: Value = .undefined
    @exclusivity(unchecked) public var intrinsics = Intrinsics()

    /// A VM with the standard global environment.
    public convenience init(limits: ExecutionLimits = ExecutionLimits()) {
        self.init(limits: limits, installingBuiltins: true)
    }

    /// With `installingBuiltins: false` the heap is empty (no atoms, no
    /// objects): the snapshot reader fills it.
    init(limits: ExecutionLimits, installingBuiltins: Bool) {
        self.limits = limits
        heapLimit = limits.maxHeapBytes ?? Int.max
        stepsLeft = limits.maxSteps ?? Int.max
        stackCapacity = limits.stackCapacity
        // Fresh anonymous pages, zeroed by the OS only as the stack grows
        // into them, so creating a VM does not fill megabytes (calloc would:
        // after the first free, glibc serves blocks this size from the heap
        // and clears them). All-zero bits are the number +0, a valid value
        // in every slot, though each slot is written before it is read.
        let bytes = limits.stackCapacity * MemoryLayout<Value>.stride
        let pages = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let pages, pages != MAP_FAILED else {
            fatalError("cannot map the operand stack (\(limits.stackCapacity) values)")
        }
        stack = pages.bindMemory(to: Value.self, capacity: limits.stackCapacity)
        frames = FrameStack(capacity: limits.maxCallDepth + 1)
        guard installingBuiltins else { return }
        for name in wellKnownNames { _ = intern(Array(name.utf16)) }
        for description in wellKnownSymbols { _ = newSymbol(description: newString(description)) }
        installBuiltins()
    }

    deinit {
        frames.deallocate()
        propertyCache.deallocate()
        munmap(stack, stackCapacity * MemoryLayout<Value>.stride)
    }

    /// Records a console entry and streams it to `logSink`.
    public func emitLog(level: String, text: String) {
        let entry = LogEntry(level: level, text: text)
        logs.append(entry)
        logSink?(entry)
    }

    // MARK: Objects

    /// The cached code index (`JSObject.codeIndex`) of the object `value`
    /// refers to, -1 for a non-function or a non-object. Read on every call
    /// without reference counting: the table slot is loaded as a raw
    /// pointer and borrowed (the table keeps the object alive).
    @inline(__always) func calleeCodeIndex(_ value: Value) -> Int32 {
        borrowingObject(value, orElse: -1) { $0.codeIndex }
    }

    /// `read` applied to the object `value` refers to, borrowed without
    /// reference counting (the table slot is loaded as a raw pointer; the
    /// table keeps the object alive); `fallback` for a non-object or a
    /// handle naming no object. For the dispatch loop's fast paths (calls,
    /// inline-cache hits, dense elements).
    @inline(__always) func borrowingObject<R>(_ value: Value, orElse fallback: R, _ read: (JSObject) -> R) -> R {
        guard let object = objectReference(value) else { return fallback }
        return object._withUnsafeGuaranteedRef(read)
    }

    /// The property `cache` names for `receiver`, nil on a miss (or when
    /// `receiver` is no object). Objects are borrowed, not retained.
    @inline(__always) func cachedProperty(_ receiver: Value, _ cache: UnsafeMutablePointer<InlineCache>) -> Value? {
        let c = cache.pointee
        guard receiver.isObject else {
            guard receiver.isString && c.shape == InlineCache.stringReceiver else { return nil }
            return borrowingObject(Value(bits: c.holder), orElse: nil) { $0.cachedSlot(shape: c.holderShape, slot: Int(c.slot)) }
        }
        return borrowingObject(receiver, orElse: nil) { o in
            if c.holderShape == 0 { return o.cachedSlot(shape: c.shape, slot: Int(c.slot)) }
            guard o.shapeID == c.shape && o.proto.bits == c.holder else { return nil }
            return borrowingObject(o.proto, orElse: nil) { $0.cachedSlot(shape: c.holderShape, slot: Int(c.slot)) }
        }
    }

    /// The object `value` refers to, its table slot loaded as a raw pointer
    /// (no reference counting; the table keeps the object alive); nil for a
    /// non-object or a handle naming no object.
    @inline(__always) func objectReference(_ value: Value) -> Unmanaged<JSObject>? {
        guard value.isObject else { return nil }
        return objects.withUnsafeBufferPointer { VM.entry($0, Int(value.handle)) }
    }

    /// Slot `i` of a heap table, loaded as a raw pointer (no reference
    /// counting); nil when `i` is out of range or the slot is empty.
    @inline(__always) private static func entry<T: AnyObject>(_ table: UnsafeBufferPointer<T?>, _ i: Int) -> Unmanaged<T>? {
        guard i < table.count,
              let raw = UnsafeRawPointer(table.baseAddress.unsafelyUnwrapped)
                  .load(fromByteOffset: i * MemoryLayout<T?>.stride, as: UnsafeRawPointer?.self)
        else { return nil }
        return Unmanaged<T>.fromOpaque(raw)
    }

    /// `receiver.length` of an array or a string, read in place; nil for
    /// any other value (its `length` is an ordinary property lookup).
    @inline(__always) func intrinsicLength(_ receiver: Value) -> Value? {
        if receiver.isObject {
            return borrowingObject(receiver, orElse: nil) { $0.isArray ? Value($0.elements.count) : nil }
        }
        guard receiver.isString else { return nil }
        return borrowingString(receiver) { Value($0.count) }
    }

    /// `read` applied to the string record `value` refers to, borrowed
    /// without reference counting; nil for a non-string or a handle naming
    /// no string.
    @inline(__always) func borrowingString<R>(_ value: Value, _ read: (JSString) -> R) -> R? {
        guard value.isString,
              let s = strings.withUnsafeBufferPointer({ VM.entry($0, Int(value.handle)) }) else { return nil }
        return s._withUnsafeGuaranteedRef(read)
    }

    /// `body` applied to the code units of string values `a` and `b`, read
    /// in place (a handle naming no string reads as empty). The views are
    /// valid only inside `body`, which must not create or change strings.
    @inline(__always) func withUnits<R>(_ a: Value, _ b: Value,
                                        _ body: (UnsafeBufferPointer<UInt16>, UnsafeBufferPointer<UInt16>) -> R) -> R {
        let empty = UnsafeBufferPointer<UInt16>(start: nil, count: 0)
        return borrowingString(a) { x in
            borrowingString(b) { y in body(x.unitsView, y.unitsView) } ?? body(x.unitsView, empty)
        } ?? (borrowingString(b) { y in body(empty, y.unitsView) } ?? body(empty, empty))
    }

    /// The object behind a handle. A handle that names no live object (only
    /// possible with crafted snapshots or bytecode) yields `invalidObject`
    /// instead of trapping.
    @inline(__always) public func object(_ handle: UInt32) -> JSObject {
        let i = Int(handle)
        if i < objects.count, let o = objects[i] { return o }
        return invalidObject
    }

    /// The object behind an object value (`invalidObject` for any other value).
    @inline(__always) public func object(_ value: Value) -> JSObject {
        let i = Int(value.handle)
        if value.isObject, i < objects.count, let o = objects[i] { return o }
        return invalidObject
    }

    /// A detached empty object standing in for invalid references.
    var invalidObject: JSObject {
        if let o = invalidObjectStorage { return o }
        // A private dictionary shape: its ids come from this VM's shapes, so
        // caches keyed by shape id can never confuse it with a real object's.
        let o = JSObject(shape: rootShape.toDictionary(), proto: .null)
        invalidObjectStorage = o
        return o
    }

    /// Registers `object` in the heap and returns its value.
    public func allocate(_ object: JSObject) -> Value {
        allocationDebt += 1
        chargeHeap(VM.objectRecordBytes &+ object.elements.count &* 8)
        if let h = freeObjects.popLast() {
            objects[Int(h)] = object
            return Value(object: h)
        }
        objects.append(object)
        return Value(object: UInt32(objects.count - 1))
    }

    /// A new ordinary object with the given prototype (default Object.prototype).
    public func newObject(proto: Value? = nil) -> Value {
        allocate(JSObject(shape: rootShape, proto: proto ?? intrinsics.objectPrototype))
    }

    /// A new array holding `elements`.
    public func newArray(_ elements: ContiguousArray<Value> = []) -> Value {
        let o = JSObject(shape: rootShape, proto: intrinsics.arrayPrototype, kind: .array)
        o.elements = elements
        return allocate(o)
    }

    public func newArray(_ elements: [Value]) -> Value { newArray(ContiguousArray(elements)) }

    // MARK: Cells

    /// A new variable cell holding `value`.
    public func newCell(_ value: Value) -> UInt32 {
        allocationDebt += 1
        chargeHeap(VM.cellRecordBytes)
        if let h = freeCells.popLast() {
            cells[Int(h)] = value
            return h
        }
        cells.append(value)
        return UInt32(cells.count - 1)
    }

    // MARK: Strings

    /// A new string value.
    public func newString(_ units: [UInt16]) -> Value {
        chargeHeap(units.count &* 2)
        return allocate(string: JSString(units))
    }

    public func newString(_ string: String) -> Value { newString(Array(string.utf16)) }

    /// Registers an existing string record.
    func allocate(string s: JSString) -> Value {
        allocationDebt += 1
        chargeHeap(VM.stringRecordBytes)
        if let h = freeStrings.popLast() {
            strings[Int(h)] = s
            return Value(string: h)
        }
        strings.append(s)
        return Value(string: UInt32(strings.count - 1))
    }

    /// String concatenation of two string values.
    public func concatenate(_ a: Value, _ b: Value) -> Value {
        let sa = jsString(a), sb = jsString(b)
        if sb.count == 0 { return a }
        if sa.count == 0 { return b }
        chargeHeap(sb.count &* 2)  // a shared buffer grows by `sb` only
        return allocate(string: sa.appending(sb))
    }

    /// The string record of a string value (an empty string for any other
    /// value, which only crafted snapshots or bytecode can produce).
    @inline(__always) public func jsString(_ value: Value) -> JSString {
        let i = Int(value.handle)
        if value.isString, i < strings.count, let s = strings[i] { return s }
        return invalidString
    }

    /// An empty string standing in for invalid references.
    var invalidString: JSString {
        if let s = invalidStringStorage { return s }
        let s = JSString([])
        invalidStringStorage = s
        return s
    }

    /// The UTF-16 units of a string value.
    @inline(__always) public func units(_ value: Value) -> [UInt16] { jsString(value).units }

    /// The Swift string of a string value.
    public func swiftString(_ value: Value) -> String { jsString(value).string }

    // MARK: Atoms

    /// The atom for a string (interning it once).
    public func intern(_ units: [UInt16]) -> PropertyKey {
        if let a = atomByUnits[AtomKey(units: units)] { return a }
        let s = newString(units)
        let atom = PropertyKey(atoms.count)
        atoms.append(.string(s.handle))
        atomByUnits[AtomKey(units: units)] = atom
        atomArrayIndex.append(VM.arrayIndex(of: units))
        jsString(s).atom = atom
        return atom
    }

    public func intern(_ string: String) -> PropertyKey { intern(Array(string.utf16)) }

    /// The atom of a string value (cached on the string).
    @inline(__always) public func atom(ofString value: Value) -> PropertyKey {
        let s = jsString(value)
        if s.atom != 0 { return s.atom }
        let a = intern(s.units)
        s.atom = a
        return a
    }

    /// A new symbol (its atom).
    public func newSymbol(description: Value) -> PropertyKey {
        let atom = PropertyKey(atoms.count)
        atoms.append(.symbol(description: description, registeredKey: false))
        atomArrayIndex.append(-1)
        return atom
    }

    @inline(__always) public func isSymbolAtom(_ key: PropertyKey) -> Bool {
        if case .symbol = atoms[Int(key)] { return true }
        return false
    }

    /// The string value of a string atom, or the symbol value of a symbol atom.
    public func keyValue(_ key: PropertyKey) -> Value {
        switch atoms[Int(key)] {
        case .string(let h): return Value(string: h)
        case .symbol: return Value(symbol: key)
        }
    }

    /// The text of an atom (symbols render as `Symbol(description)`).
    public func atomString(_ key: PropertyKey) -> String {
        switch atoms[Int(key)] {
        case .string(let h): return strings[Int(h)]!.string
        case .symbol(let d, _): return "Symbol(\(d.isString ? swiftString(d) : ""))"
        }
    }

    /// The array index an atom denotes, or -1.
    @inline(__always) public func arrayIndex(ofAtom key: PropertyKey) -> Int64 { atomArrayIndex[Int(key)] }

    /// The canonical array index (0 ..< 2^32-1) spelled by `units`, or -1.
    static func arrayIndex(of units: [UInt16]) -> Int64 {
        if units.isEmpty || units.count > 10 { return -1 }
        if units.count > 1 && units[0] == 48 { return -1 }
        var n: Int64 = 0
        for u in units {
            guard u >= 48 && u <= 57 else { return -1 }
            n = n * 10 + Int64(u - 48)
        }
        return n < 4_294_967_295 ? n : -1
    }

    // MARK: Code loading

    /// Registers a compiled code block tree; returns the index of its root.
    @discardableResult
    public func load(_ block: CodeBlock) -> Int32 {
        let children = ContiguousArray(block.children.map { load($0) })
        let constants = ContiguousArray(block.constants.map { c -> Value in
            switch c {
            case .number(let d): return Value(d)
            case .string(let s): return keyValue(intern(s))
            }
        })
        let atoms = ContiguousArray(block.names.map { intern($0) })
        codes.append(RuntimeCode(block: block, constants: constants, atoms: atoms, children: children,
                                 nameValue: keyValue(intern(block.name))))
        return Int32(codes.count - 1)
    }

    // MARK: Errors

    /// Makes an error object of the given intrinsic constructor's type.
    public func makeError(_ type: ErrorType, _ message: String) -> Value {
        let proto: Value
        switch type {
        case .error: proto = intrinsics.errorPrototype
        case .typeError: proto = intrinsics.typeErrorPrototype
        case .rangeError: proto = intrinsics.rangeErrorPrototype
        case .referenceError: proto = intrinsics.referenceErrorPrototype
        case .syntaxError: proto = intrinsics.syntaxErrorPrototype
        case .evalError: proto = intrinsics.evalErrorPrototype
        case .uriError: proto = intrinsics.uriErrorPrototype
        case .aggregateError: proto = intrinsics.aggregateErrorPrototype
        }
        let e = allocate(JSObject(shape: rootShape, proto: proto, kind: .error))
        defineNamed(e, Atom.message, newString(message), flags: .hidden)
        defineNamed(e, Atom.stack, newString(stackTrace(header: "\(type.name): \(message)")), flags: .hidden)
        return e
    }

    /// A `JSThrow` carrying a new error object.
    public func error(_ type: ErrorType, _ message: String) -> JSThrow {
        JSThrow(makeError(type, message))
    }

    /// The stack trace text for an error created now: `header` then one
    /// `    at name (file:line)` line per active JS frame, innermost first.
    public func stackTrace(header: String) -> String {
        var lines = [header]
        for frame in frames.reversed().prefix(20) {
            let code = codes[Int(frame.codeIndex)].block
            let name = code.kind == .script ? "<main>" : (code.name.isEmpty ? "<anonymous>" : code.name)
            lines.append("    at \(name) (\(code.fileName):\(code.line(at: frame.pc)))")
        }
        return lines.joined(separator: "\n")
    }
}

/// The native error types.
public enum ErrorType: CaseIterable {
    case error, typeError, rangeError, referenceError, syntaxError, evalError, uriError, aggregateError
    public var name: String {
        switch self {
        case .error: return "Error"
        case .typeError: return "TypeError"
        case .rangeError: return "RangeError"
        case .referenceError: return "ReferenceError"
        case .syntaxError: return "SyntaxError"
        case .evalError: return "EvalError"
        case .uriError: return "URIError"
        case .aggregateError: return "AggregateError"
        }
    }
}

/// Prototypes and constructors the VM needs to reach directly.
public struct Intrinsics {
    public var objectPrototype: Value = .null
    public var functionPrototype: Value = .null
    /// Prototype of async functions (its `constructor` is `AsyncFunction`).
    public var asyncFunctionPrototype: Value = .null
    public var arrayPrototype: Value = .null
    public var stringPrototype: Value = .null
    public var numberPrototype: Value = .null
    public var booleanPrototype: Value = .null
    public var symbolPrototype: Value = .null
    public var errorPrototype: Value = .null
    public var typeErrorPrototype: Value = .null
    public var rangeErrorPrototype: Value = .null
    public var referenceErrorPrototype: Value = .null
    public var syntaxErrorPrototype: Value = .null
    public var evalErrorPrototype: Value = .null
    public var uriErrorPrototype: Value = .null
    public var aggregateErrorPrototype: Value = .null
    public var promisePrototype: Value = .null
    public var promiseConstructor: Value = .undefined
    public var mapPrototype: Value = .null
    public var setPrototype: Value = .null
    public var iteratorPrototype: Value = .null
    public var arrayIteratorPrototype: Value = .null
    public var stringIteratorPrototype: Value = .null
    public var mapIteratorPrototype: Value = .null
    public var setIteratorPrototype: Value = .null
    /// `Array.prototype[Symbol.iterator]` as installed (for the for-of fast path).
    public var arrayValuesFunction: Value = .undefined
    /// Self-hosted helpers the VM calls (e.g. Response construction), by name.
    public var hidden: [String: Value] = [:]
    public init() {}
}
