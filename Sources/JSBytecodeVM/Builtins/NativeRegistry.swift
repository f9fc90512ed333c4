// The registry of native builtins. Every native function has a stable
// numeric id (its position in `NativeRegistry.all`), which is what a
// function object and a snapshot store; never a Swift closure identity.

/// Arguments of a native call: a view of the caller's argument slots on
/// the VM's operand stack (no copy). The stack never moves and a native
/// runs below the stack top, so the slots stay valid and unchanged for the
/// whole call; a native that keeps arguments beyond its call copies them
/// (`Array(args)`).
public struct NativeArguments: RandomAccessCollection {
    private let slots: UnsafePointer<Value>
    /// The number of arguments passed.
    public let count: Int
    /// `new.target` for constructor calls, undefined for plain calls.
    public let newTarget: Value

    /// The `count` arguments at `slots` on the operand stack.
    init(slots: UnsafePointer<Value>, count: Int, newTarget: Value = .undefined) {
        self.slots = slots
        self.count = count
        self.newTarget = newTarget
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    /// Argument `i`, or undefined when absent.
    public subscript(i: Int) -> Value { i >= 0 && i < count ? slots[i] : .undefined }
    public var isConstructCall: Bool { !newTarget.isUndefined }
}

/// A native implementation: `(vm, this, arguments) -> result`.
public typealias NativeImplementation = (VM, Value, NativeArguments) throws -> Value

/// One native builtin, declared in a static table of its builtin file.
public struct NativeFunction {
    public enum Kind {
        /// A method: a non-enumerable data property on its owner.
        case method
        /// An accessor's getter (e.g. `Map.prototype.size`).
        case getter
        /// A constructor: `owner` is the global name; `name` the same.
        case constructor
        /// Not installed on any object: the VM or the prelude reach it by
        /// `NativeRegistry.id(owner:name:)` (e.g. promise resolving functions).
        case `internal`
    }
    /// Where it is installed: `"Math"`, `"Array.prototype"`, `"Array"`
    /// (statics), `"global"` (global functions), or a family name for internals.
    public let owner: String
    public let name: String
    public let length: Int
    public let kind: Kind
    public let implementation: NativeImplementation

    public init(_ owner: String, _ name: String, _ length: Int, _ kind: Kind = .method,
                _ implementation: @escaping NativeImplementation) {
        self.owner = owner
        self.name = name
        self.length = length
        self.kind = kind
        self.implementation = implementation
    }
}

/// All native builtins, in a fixed order (ids are positions).
public enum NativeRegistry {
    public static let all: [NativeFunction] =
        ObjectBuiltins.natives + FunctionBuiltins.natives + ArrayBuiltins.natives + StringBuiltins.natives
        + NumberBuiltins.natives + MathBuiltins.natives + JSONBuiltins.natives + MapSetBuiltins.natives
        + SymbolBuiltins.natives + ErrorBuiltins.natives + PromiseBuiltins.natives + GlobalBuiltins.natives
        + ConsoleBuiltins.natives + IteratorBuiltins.natives + FetchBuiltins.natives + IntrinsicBuiltins.natives

    /// Ids by `"owner.name"`.
    static let idByKey: [String: Int32] = {
        var d: [String: Int32] = [:]
        for (i, n) in all.enumerated() { d[n.owner + "." + n.name] = Int32(i) }
        return d
    }()

    /// Ids by owner, in declaration order.
    static let idsByOwner: [String: [Int32]] = {
        var d: [String: [Int32]] = [:]
        for (i, n) in all.enumerated() { d[n.owner, default: []].append(Int32(i)) }
        return d
    }()

    /// The id of a native; traps if it does not exist (a programming error).
    public static func id(owner: String, name: String) -> Int32 {
        guard let id = idByKey[owner + "." + name] else { fatalError("no native \(owner).\(name)") }
        return id
    }
}

extension VM {
    /// A new function object for native `id`.
    public func makeNativeFunction(_ id: Int32, internalSlots: [Value] = []) -> Value {
        let n = NativeRegistry.all[Int(id)]
        let data = FunctionData(target: .native(id: id), isConstructor: n.kind == .constructor)
        data.internalSlots = internalSlots
        let f = allocate(JSObject(shape: rootShape, proto: intrinsics.functionPrototype, kind: .function(data)))
        defineNamed(f, Atom.length, Value(n.length), flags: .configurable)
        defineNamed(f, Atom.name, newString(n.name), flags: .configurable)
        return f
    }

    /// A new function object for the native `owner.name`.
    public func makeNativeFunction(owner: String, name: String, internalSlots: [Value] = []) -> Value {
        makeNativeFunction(NativeRegistry.id(owner: owner, name: name), internalSlots: internalSlots)
    }

    /// Installs every `.method` and `.getter` native of `owner` on `target`.
    public func installNatives(owner: String, on target: Value) {
        for id in NativeRegistry.idsByOwner[owner] ?? [] {
            let n = NativeRegistry.all[Int(id)]
            let key: PropertyKey = n.name.hasPrefix("@@") ? wellKnownSymbolAtom(n.name) : intern(n.name)
            switch n.kind {
            case .method:
                defineNamed(target, key, makeNativeFunction(id), flags: .hidden)
            case .getter:
                let g = makeNativeFunction(id)
                defineNamed(g, Atom.name, newString("get " + n.name), flags: .configurable)
                defineAccessor(target, key, getter: g, setter: .undefined, flags: .configurable)
            case .constructor, .internal:
                break
            }
        }
    }

    /// `"@@iterator"` → the atom of `Symbol.iterator` (for native names).
    func wellKnownSymbolAtom(_ name: String) -> PropertyKey {
        let bare = String(name.dropFirst(2))
        guard let i = wellKnownSymbols.firstIndex(of: "Symbol." + bare) else { fatalError("unknown symbol \(name)") }
        return Atom.firstSymbol + PropertyKey(i)
    }

    /// Creates the constructor native `owner.name` with `prototype`, links
    /// `prototype.constructor`, installs the `owner` statics on it and binds
    /// it as a global. Returns the constructor.
    @discardableResult
    public func installConstructor(_ name: String, prototype: Value, length: Int? = nil) -> Value {
        let ctor = makeNativeFunction(owner: name, name: name)
        if let length { defineNamed(ctor, Atom.length, Value(length), flags: .configurable) }
        defineNamed(ctor, Atom.prototype, prototype, flags: [])
        defineNamed(prototype, Atom.constructor, ctor, flags: .hidden)
        installNatives(owner: name, on: ctor)
        installNatives(owner: name + ".prototype", on: prototype)
        defineNamed(globalObject, intern(name), ctor, flags: .hidden)
        return ctor
    }

    /// The object a constructor call should create: `newTarget.prototype`
    /// when it is an object, else `fallback` (for subclassing builtins).
    public func prototype(forNewTarget newTarget: Value, fallback: Value) throws -> Value {
        guard newTarget.isObject else { return fallback }
        let p = try get(newTarget, Atom.prototype)
        return p.isObject ? p : fallback
    }
}
