// Native parts of Promise. The constructor, `catch`, `finally` and the
// combinators are self-hosted (Prelude_promise.swift); the natives manage
// promise records and reactions, which must stay plain data.

enum PromiseBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("Promise.prototype", "then", 2) { vm, this, args in
            guard vm.promiseData(this) != nil else {
                throw vm.error(.typeError, "Method Promise.prototype.then called on incompatible receiver \(vm.describeForError(this))")
            }
            let capability = vm.newPromise()
            let onFulfilled = vm.isCallable(args[0]) ? args[0] : .undefined
            let onRejected = vm.isCallable(args[1]) ? args[1] : .undefined
            vm.performThen(this, onFulfilled: PromiseReaction(kind: .then, capability: capability, handler: onFulfilled),
                           onRejected: PromiseReaction(kind: .then, capability: capability, handler: onRejected))
            return capability
        },
        NativeFunction("%Promise", "resolveFunction", 1, .internal) { vm, _, args in
            try settleThroughResolvingFunction(vm, args: args, reject: false)
        },
        NativeFunction("%Promise", "rejectFunction", 1, .internal) { vm, _, args in
            try settleThroughResolvingFunction(vm, args: args, reject: true)
        },
        NativeFunction("%Intrinsics", "promiseCreate", 1) { vm, _, args in
            // promiseCreate(newTarget): a pending promise whose prototype comes from newTarget.
            vm.newPromise(proto: try vm.prototype(forNewTarget: args[0], fallback: vm.intrinsics.promisePrototype))
        },
        NativeFunction("%Intrinsics", "promiseResolvingFunctions", 1) { vm, _, args in
            let (resolve, reject) = vm.makeResolvingFunctions(args[0])
            return vm.newArray([resolve, reject])
        },
        NativeFunction("%Intrinsics", "promiseResolve", 1) { vm, _, args in try vm.promiseResolve(args[0]) },
        NativeFunction("%Intrinsics", "isPromise", 1) { vm, _, args in Value(vm.promiseData(args[0]) != nil) },
        NativeFunction("global", "queueMicrotask", 1) { vm, _, args in
            guard vm.isCallable(args[0]) else {
                throw vm.error(.typeError, "The \"callback\" argument must be of type function. Received \(vm.describeForError(args[0]))")
            }
            vm.enqueue(.callback(args[0]))
            return .undefined
        },
    ]

    static let resolveFunctionID = NativeRegistry.id(owner: "%Promise", name: "resolveFunction")
    static let rejectFunctionID = NativeRegistry.id(owner: "%Promise", name: "rejectFunction")

    /// The body of a resolving function: its callee's internal slots hold
    /// the promise and the shared "already resolved" flag.
    private static func settleThroughResolvingFunction(_ vm: VM, args: NativeArguments, reject: Bool) throws -> Value {
        guard let callee = vm.currentNativeCallee, case .function(let data) = vm.object(callee).kind,
              data.internalSlots.count == 2 else { return .undefined }
        let promise = data.internalSlots[0], flag = data.internalSlots[1]
        let flagObject = vm.object(flag)
        guard case .resolvedFlag(false) = flagObject.kind else { return .undefined }
        flagObject.kind = .resolvedFlag(true)
        if reject { vm.rejectPromise(promise, with: args[0]) } else { vm.resolvePromise(promise, with: args[0]) }
        return .undefined
    }

    static func install(_ vm: VM) {
        vm.intrinsics.promisePrototype = vm.newObject()
        vm.installNatives(owner: "Promise.prototype", on: vm.intrinsics.promisePrototype)
        vm.defineNamed(vm.intrinsics.promisePrototype, Atom.symbolToStringTag, vm.newString("Promise"), flags: .configurable)
        // `queueMicrotask` (owner "global") is installed with the other global functions.
    }
}
