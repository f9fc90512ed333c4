import JSCompiler

// Creates the global environment of a new VM: the fundamental objects, then
// every builtin family, then the self-hosted prelude.

extension VM {
    func installBuiltins() {
        let objectPrototype = allocate(JSObject(shape: rootShape, proto: .null))
        intrinsics.objectPrototype = objectPrototype
        let noop = FunctionData(target: .native(id: NativeRegistry.id(owner: "%Intrinsics", name: "noop")),
                                isConstructor: false)
        intrinsics.functionPrototype = allocate(JSObject(shape: rootShape, proto: objectPrototype, kind: .function(noop)))
        defineNamed(intrinsics.functionPrototype, Atom.length, Value(0), flags: .configurable)
        defineNamed(intrinsics.functionPrototype, Atom.name, newString(""), flags: .configurable)
        intrinsics.asyncFunctionPrototype = newObject(proto: intrinsics.functionPrototype)
        globalObject = newObject()
        defineNamed(globalObject, intern("globalThis"), globalObject, flags: .hidden)
        defineNamed(globalObject, Atom.undefined, .undefined, flags: [])
        defineNamed(globalObject, Atom.NaN, Value(Double.nan), flags: [])
        defineNamed(globalObject, Atom.Infinity, Value(Double.infinity), flags: [])

        ObjectBuiltins.install(self)
        FunctionBuiltins.install(self)
        SymbolBuiltins.install(self)
        ErrorBuiltins.install(self)
        IteratorBuiltins.install(self)
        ArrayBuiltins.install(self)
        StringBuiltins.install(self)
        NumberBuiltins.install(self)
        MathBuiltins.install(self)
        JSONBuiltins.install(self)
        MapSetBuiltins.install(self)
        PromiseBuiltins.install(self)
        GlobalBuiltins.install(self)
        ConsoleBuiltins.install(self)
        FetchBuiltins.install(self)
        installAsyncFunctionConstructor()
        runPrelude()
    }

    /// `AsyncFunction` (reachable only as the `constructor` of async
    /// functions' prototype; creating functions from strings is not supported).
    private func installAsyncFunctionConstructor() {
        let prototype = intrinsics.asyncFunctionPrototype
        let ctor = makeNativeFunction(owner: "%Intrinsics", name: "AsyncFunction")
        defineNamed(ctor, Atom.name, newString("AsyncFunction"), flags: .configurable)
        defineNamed(ctor, Atom.prototype, prototype, flags: [])
        defineNamed(prototype, Atom.constructor, ctor, flags: .configurable)
        defineNamed(prototype, Atom.symbolToStringTag, newString("AsyncFunction"), flags: .configurable)
    }

    /// The object handed to prelude fragments as `I`.
    private func makeIntrinsicsObject() -> Value {
        let i = newObject(proto: .null)
        installNatives(owner: "%Intrinsics", on: i)
        let named: [(String, Value)] = [
            ("global", globalObject), ("ObjectPrototype", intrinsics.objectPrototype),
            ("FunctionPrototype", intrinsics.functionPrototype), ("ArrayPrototype", intrinsics.arrayPrototype),
            ("StringPrototype", intrinsics.stringPrototype), ("NumberPrototype", intrinsics.numberPrototype),
            ("MapPrototype", intrinsics.mapPrototype), ("SetPrototype", intrinsics.setPrototype),
            ("PromisePrototype", intrinsics.promisePrototype), ("Promise", intrinsics.promiseConstructor),
            ("IteratorPrototype", intrinsics.iteratorPrototype),
            ("ArrayIteratorPrototype", intrinsics.arrayIteratorPrototype),
        ]
        for (name, value) in named { defineNamed(i, intern(name), value, flags: .hidden) }
        return i
    }

    /// Compiles (once per process) and runs every prelude fragment.
    private func runPrelude() {
        let i = makeIntrinsicsObject()
        for block in PreludeCache.blocks {
            let installer: Value
            do {
                installer = try evaluateSynchronously(block)
                _ = try call(installer, this: .undefined, arguments: [i])
            } catch let e as JSThrow {
                fatalError("prelude failed: \(debugDescription(of: e.value))")
            } catch {
                fatalError("prelude failed: \(error)")
            }
        }
        if let promise = intrinsics.hidden["Promise"] { intrinsics.promiseConstructor = promise }
        precondition(codes.count == PreludeCache.codeCount, "the prelude's code blocks must come first")
    }

    /// A one-line description of a thrown value for internal diagnostics.
    func debugDescription(of v: Value) -> String {
        if v.isObject, let m = try? get(v, Atom.message), let s = try? toSwiftString(m) {
            let stack = (try? get(v, Atom.stack)).flatMap { $0.isString ? swiftString($0) : nil } ?? ""
            return s + "\n" + stack
        }
        return (try? toSwiftString(v)) ?? "?"
    }
}

/// The prelude compiled once per process (code blocks are immutable and shared).
///
/// Every VM loads these trees first, in this order, so `VM.codes[0..<codeCount]`
/// are the prelude's in every VM of one engine version: snapshots count them
/// instead of storing them (the engine fingerprint covers their compiled form).
enum PreludeCache {
    static let blocks: [CodeBlock] = Prelude.fragments.map { fragment in
        var scope = GlobalScope()
        do {
            return try Compiler.compile(fragment.source, fileName: "<prelude:\(fragment.name)>", globals: &scope).main
        } catch {
            fatalError("prelude fragment \(fragment.name) does not compile: \(error)")
        }
    }

    /// The number of code blocks in the prelude's trees.
    static let codeCount: Int = {
        func size(_ b: CodeBlock) -> Int { b.children.reduce(1) { $0 + size($1) } }
        return blocks.reduce(0) { $0 + size($1) }
    }()

    /// The highest global slot a prelude instruction names (-1: none).
    static let maxGlobalSlotOperand: Int = {
        func scan(_ b: CodeBlock) -> Int { b.children.reduce(b.maxGlobalSlotOperand) { max($0, scan($1)) } }
        return blocks.reduce(-1) { max($0, scan($1)) }
    }()

    /// A digest of everything compiled from the prelude that a snapshot relies on.
    static let fingerprint: UInt64 = {
        var h = FNV1a64()
        func add(_ b: CodeBlock) {
            h.add("block \(b.name) \(b.kind.rawValue) \(b.isAsync) \(b.isStrict) \(b.length) \(b.parameterCount) ")
            h.add("\(b.registerCount) \(b.maxStack) \(b.usesArguments) \(b.cacheCount) \(b.fileName)\n")
            h.add(b.code)
            for c in b.constants { h.add("\(c)\n") }
            for n in b.names { h.add("name \(n)\n") }
            for c in b.captures { h.add("capture \(c.fromParentLocal) \(c.index)\n") }
            for x in b.handlers { h.add("handler \(x.start) \(x.end) \(x.handler) \(x.stackDepth)\n") }
            for l in b.lines { h.add("line \(l.pc) \(l.line)\n") }
            h.add(b.sourceText)
            h.add("children \(b.children.count)\n")
            for child in b.children { add(child) }
        }
        for block in blocks { add(block) }
        return h.value
    }()
}

/// Natives for the prelude's `I` object and the VM's own needs.
enum IntrinsicBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("%Intrinsics", "noop", 0) { _, _, _ in .undefined },
        NativeFunction("%Intrinsics", "AsyncFunction", 1) { vm, _, _ in
            throw vm.error(.evalError, "Creating functions from source text is not supported")
        },
        NativeFunction("%Intrinsics", "defineMethod", 4) { vm, _, args in
            // defineMethod(target, name, fn, length): a non-enumerable method.
            let key = try vm.toPropertyKey(args[1])
            if args[3].isNumber { try vm.defineOwn(args[2], Atom.length, args[3], flags: .configurable) }
            try vm.defineOwn(args[0], key, args[2], flags: .hidden)
            return .undefined
        },
        NativeFunction("%Intrinsics", "defineGetter", 3) { vm, _, args in
            let key = try vm.toPropertyKey(args[1])
            vm.defineAccessor(args[0], key, getter: args[2], setter: .undefined, flags: .configurable)
            return .undefined
        },
        NativeFunction("%Intrinsics", "defineValue", 3) { vm, _, args in
            // defineValue(target, name, value): a non-enumerable data property.
            try vm.defineOwn(args[0], try vm.toPropertyKey(args[1]), args[2], flags: .hidden)
            return .undefined
        },
        NativeFunction("%Intrinsics", "registerHidden", 2) { vm, _, args in
            // registerHidden(name, fn): a prelude function the VM calls directly.
            vm.intrinsics.hidden[try vm.toSwiftString(args[0])] = args[1]
            return .undefined
        },
        NativeFunction("%Intrinsics", "isCallable", 1) { vm, _, args in Value(vm.isCallable(args[0])) },
        NativeFunction("%Intrinsics", "isConstructor", 1) { vm, _, args in Value(vm.isConstructor(args[0])) },
        NativeFunction("%Intrinsics", "isObject", 1) { _, _, args in Value(args[0].isObject) },
        NativeFunction("%Intrinsics", "toObject", 1) { vm, _, args in try vm.toObject(args[0]) },
        NativeFunction("%Intrinsics", "toLength", 1) { vm, _, args in
            let d = try vm.toInteger(args[0])
            return Value(min(max(d, 0), 9_007_199_254_740_991))
        },
        NativeFunction("%Intrinsics", "toInteger", 1) { vm, _, args in Value(try vm.toInteger(args[0])) },
        NativeFunction("%Intrinsics", "toPropertyKey", 1) { vm, _, args in vm.keyValue(try vm.toPropertyKey(args[0])) },
        NativeFunction("%Intrinsics", "typeError", 1) { vm, _, args in
            throw vm.error(.typeError, try vm.toSwiftString(args[0]))
        },
        NativeFunction("%Intrinsics", "rangeError", 1) { vm, _, args in
            throw vm.error(.rangeError, try vm.toSwiftString(args[0]))
        },
        NativeFunction("%Intrinsics", "describe", 1) { vm, _, args in
            // describe(v): a short text for error messages ("undefined", "#<Foo>", "[object Array]").
            vm.newString(vm.describeForError(args[0]))
        },
        NativeFunction("%Intrinsics", "hasOwn", 2) { vm, _, args in
            guard args[0].isObject else { return .false }
            return Value(vm.getOwnProperty(vm.object(args[0]), try vm.toPropertyKey(args[1])) != nil)
        },
        NativeFunction("%Intrinsics", "createDataProperty", 3) { vm, _, args in
            try vm.defineOwn(args[0], try vm.toPropertyKey(args[1]), args[2])
            return .undefined
        },
        NativeFunction("%Intrinsics", "arrayCreate", 1) { vm, _, args in
            // arrayCreate(n): an array of n holes.
            let length = try vm.toInteger(args[0])
            guard length >= 0, length <= Double(maxDenseIndex) else { throw vm.error(.rangeError, "Invalid array length") }
            let n = Int(length)
            try vm.reserveHeap(n * 8)
            return vm.newArray(ContiguousArray(repeating: .hole, count: n))
        },
        NativeFunction("%Intrinsics", "sameValueZero", 2) { vm, _, args in Value(vm.sameValueZero(args[0], args[1])) },
    ]
}
