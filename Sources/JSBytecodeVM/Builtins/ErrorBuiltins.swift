// Error and its native subclasses (TypeError, RangeError, ..., AggregateError),
// Error.prototype.toString, Error.captureStackTrace and the VM's summary of
// a thrown value for "Uncaught ..." lines.

enum ErrorBuiltins {
    static let natives: [NativeFunction] = ErrorType.allCases.map { type in
        NativeFunction(type.name, type.name, type == .aggregateError ? 2 : 1, .constructor) { vm, _, args in
            try vm.constructError(type, args)
        }
    } + [
        NativeFunction("Error", "captureStackTrace", 2) { vm, _, args in
            guard args[0].isObject else { throw vm.error(.typeError, "invalid_argument") }
            let header = try vm.errorToString(args[0])
            try vm.defineOwn(args[0], Atom.stack, vm.newString(vm.stackTrace(header: header)), flags: .hidden)
            return .undefined
        },
        NativeFunction("Error.prototype", "toString", 0) { vm, this, _ in
            guard this.isObject else {
                throw vm.error(.typeError, "Method Error.prototype.toString called on incompatible receiver \(vm.describeForError(this))")
            }
            return vm.newString(try vm.errorToString(this))
        },
    ]

    /// Where each error type's prototype lives in `Intrinsics`.
    static func prototypeKeyPath(_ type: ErrorType) -> WritableKeyPath<Intrinsics, Value> {
        switch type {
        case .error: return \.errorPrototype
        case .typeError: return \.typeErrorPrototype
        case .rangeError: return \.rangeErrorPrototype
        case .referenceError: return \.referenceErrorPrototype
        case .syntaxError: return \.syntaxErrorPrototype
        case .evalError: return \.evalErrorPrototype
        case .uriError: return \.uriErrorPrototype
        case .aggregateError: return \.aggregateErrorPrototype
        }
    }

    static func install(_ vm: VM) {
        var errorConstructor = Value.undefined
        for type in ErrorType.allCases {
            // Error.prototype inherits from Object.prototype, the others from Error.prototype.
            let proto = vm.newObject(proto: type == .error ? vm.intrinsics.objectPrototype : vm.intrinsics.errorPrototype)
            vm.intrinsics[keyPath: prototypeKeyPath(type)] = proto
            let ctor = vm.installConstructor(type.name, prototype: proto)
            vm.defineNamed(proto, Atom.name, vm.newString(type.name), flags: .hidden)
            vm.defineNamed(proto, Atom.message, vm.newString(""), flags: .hidden)
            if type == .error { errorConstructor = ctor } else { vm.object(ctor).proto = errorConstructor }
        }
    }
}

extension VM {
    /// The shared body of the error constructors: `message`, `cause` and
    /// `stack` (plus `errors` for AggregateError), all own and non-enumerable.
    fileprivate func constructError(_ type: ErrorType, _ args: NativeArguments) throws -> Value {
        let fallback = intrinsics[keyPath: ErrorBuiltins.prototypeKeyPath(type)]
        let proto = try prototype(forNewTarget: args.newTarget, fallback: fallback)
        let e = allocate(JSObject(shape: rootShape, proto: proto, kind: .error))
        let first = type == .aggregateError ? 1 : 0
        let message = args[first].isUndefined ? nil : try toStringValue(args[first])
        let options = args[first + 1]
        let cause = options.isObject && hasProperty(options, Atom.cause) ? try get(options, Atom.cause) : nil
        let errors = type == .aggregateError ? newArray(try iterableToList(args[0])) : nil
        // V8's property order: stack, message, cause, errors.
        let header = try errorToString(name: try get(e, Atom.name), message: message ?? get(e, Atom.message))
        try defineOwn(e, Atom.stack, newString(stackTrace(header: header)), flags: .hidden)
        if let message { try defineOwn(e, Atom.message, message, flags: .hidden) }
        if let cause { try defineOwn(e, Atom.cause, cause, flags: .hidden) }
        if let errors { try defineOwn(e, Atom.errors, errors, flags: .hidden) }
        return e
    }

    /// Error.prototype.toString of `e`: "name: message", or whichever is non-empty.
    func errorToString(_ e: Value) throws -> String {
        try errorToString(name: try get(e, Atom.name), message: try get(e, Atom.message))
    }

    private func errorToString(name nameValue: Value, message messageValue: Value) throws -> String {
        let name = nameValue.isUndefined ? "Error" : try toSwiftString(nameValue)
        let message = messageValue.isUndefined ? "" : try toSwiftString(messageValue)
        if name.isEmpty { return message }
        if message.isEmpty { return name }
        return "\(name): \(message)"
    }

    /// IterableToList for AggregateError's `errors` (arrays directly, other
    /// iterables through their iterator).
    private func iterableToList(_ iterable: Value) throws -> [Value] {
        if iterable.isNullish {
            throw error(.typeError, "\(primitiveToString(iterable)) is not iterable (cannot read property Symbol(Symbol.iterator))")
        }
        let method = try get(iterable, Atom.symbolIterator)
        if iterable.isObject, object(iterable).isArray, method == intrinsics.arrayValuesFunction {
            return object(iterable).elements.map { $0.isHole ? .undefined : $0 }
        }
        guard isCallable(method) else {
            let what = iterable.isObject ? typeOf(iterable) : "\(typeOf(iterable)) \(primitiveToString(iterable))"
            throw error(.typeError, "\(what) is not iterable (cannot read property Symbol(Symbol.iterator))")
        }
        let iterator = try call(method, this: iterable, arguments: [])
        guard iterator.isObject else { throw error(.typeError, "Result of the Symbol.iterator method is not an object") }
        let next = try get(iterator, Atom.next)
        var list: [Value] = []
        while true {
            let result = try call(next, this: iterator, arguments: [])
            guard result.isObject else {
                throw error(.typeError, "Iterator result \(describeForError(result)) is not an object")
            }
            if toBoolean(try get(result, Atom.done)) { return list }
            if list.count >= maxDenseIndex { throw error(.rangeError, "Invalid array length") }
            list.append(try get(result, Atom.value))
        }
    }

    /// What an "Uncaught ..." line shows for a thrown value: `Name: message`
    /// for errors and error-like objects (string `name` and `message`), the
    /// raw text of a string, and the inspected value otherwise.
    public func errorSummary(_ v: Value) -> String {
        if v.isString { return swiftString(v) }
        guard v.isObject else { return inspect(v) }
        let name = (try? get(v, Atom.name)) ?? .undefined
        let message = (try? get(v, Atom.message)) ?? .undefined
        var isError = name.isString && message.isString
        if case .error = object(v).kind { isError = true }
        guard isError || isPrototype(intrinsics.errorPrototype, of: v) else { return inspect(v) }
        let nameText = name.isUndefined ? "Error" : (try? toSwiftString(name)) ?? "Error"
        let messageText = message.isUndefined ? "" : (try? toSwiftString(message)) ?? ""
        return "\(nameText): \(messageText)"
    }
}
