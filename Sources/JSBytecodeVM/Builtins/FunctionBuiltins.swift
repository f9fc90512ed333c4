// The Function constructor and Function.prototype. `call` and `apply` are
// recognised by the interpreter, which turns them into real JS calls; the
// Swift implementations below are the fallback for other callers.

enum FunctionBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("Function", "Function", 1, .constructor) { vm, _, _ in
            throw vm.error(.typeError, "Function constructor is not supported")
        },
        NativeFunction("Function.prototype", "call", 1) { vm, this, args in
            guard vm.isCallable(this) else { throw vm.error(.typeError, "\(vm.describeForError(this)) is not a function") }
            return try vm.call(this, this: args[0], arguments: Array(args.dropFirst()))
        },
        NativeFunction("Function.prototype", "apply", 2) { vm, this, args in
            guard vm.isCallable(this) else { throw vm.error(.typeError, "\(vm.describeForError(this)) is not a function") }
            return try vm.call(this, this: args[0], arguments: try vm.listFromArrayLike(args[1]))
        },
        NativeFunction("Function.prototype", "bind", 1) { vm, this, args in
            try vm.boundFunction(this, this: args[0], arguments: Array(args.dropFirst()))
        },
        NativeFunction("Function.prototype", "toString", 0) { vm, this, _ in
            vm.newString(try vm.functionSourceText(this))
        },
        NativeFunction("Function.prototype", "@@hasInstance", 1) { vm, this, args in
            Value(try vm.ordinaryHasInstance(this, args[0]))
        },
    ]

    static func install(_ vm: VM) {
        let proto = vm.intrinsics.functionPrototype
        vm.installConstructor("Function", prototype: proto)
        // Function.prototype[Symbol.hasInstance] is neither writable nor configurable.
        if let d = vm.getOwnProperty(vm.object(proto), Atom.symbolHasInstance) {
            vm.defineNamed(proto, Atom.symbolHasInstance, d.value, flags: [])
        }
    }
}

extension VM {
    /// BoundFunctionCreate plus `bind`'s `length` and `name` ("bound f").
    func boundFunction(_ target: Value, this boundThis: Value, arguments: [Value]) throws -> Value {
        guard isCallable(target) else { throw error(.typeError, "Bind must be called on a function") }
        let data = FunctionData(target: .bound(target: target, this: boundThis, arguments: arguments),
                                isConstructor: isConstructor(target))
        let f = allocate(JSObject(shape: rootShape, proto: object(target).proto, kind: .function(data)))
        var length = 0.0
        if getOwnProperty(object(target), Atom.length) != nil {
            let l = try get(target, Atom.length)
            if l.isNumber {
                length = l.number == .infinity ? .infinity : max(0, try toInteger(l) - Double(arguments.count))
            }
        }
        try defineOwn(f, Atom.length, Value(length), flags: .configurable)
        let name = try get(target, Atom.name)
        try defineOwn(f, Atom.name, newString("bound " + (name.isString ? swiftString(name) : "")), flags: .configurable)
        return f
    }

    /// `Function.prototype.toString`: the source of compiled functions,
    /// `function name() { [native code] }` for natives and self-hosted builtins.
    func functionSourceText(_ f: Value) throws -> String {
        guard f.isObject, let data = object(f).function else {
            throw error(.typeError, "Function.prototype.toString requires that 'this' be a Function")
        }
        var name = ""
        if let d = getOwnProperty(object(f), Atom.name), !d.isAccessor, d.value.isString { name = swiftString(d.value) }
        switch data.target {
        case .bytecode(let codeIndex, _):
            let block = codes[Int(codeIndex)].block
            if !block.fileName.hasPrefix("<prelude") { return block.sourceText }
        case .native:
            break
        case .bound:
            name = ""
        }
        return name.isEmpty ? "function () { [native code] }" : "function \(name)() { [native code] }"
    }
}
