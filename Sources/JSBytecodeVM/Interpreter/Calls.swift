import JSCompiler

// Calls, construction and returns. A call to compiled code pushes a `Frame`
// whose slots start where the caller pushed the callee; the dispatch loop
// then continues in the callee. Natives run to completion right here.

/// A throw that escaped the entry frame of a `run`; converted to `JSThrow`
/// by the Swift-facing entry points (never caught by the dispatch loop).
struct EscapedThrow: Error {
    var value: Value
}

extension VM {
    /// Id of `Function.prototype.call` / `apply` (turned into plain calls).
    static let callNativeID = NativeRegistry.idByKey["Function.prototype.call"] ?? -1
    static let applyNativeID = NativeRegistry.idByKey["Function.prototype.apply"] ?? -1

    /// True when code `codeIndex` runs by a plain call (class constructors
    /// need `new`).
    @inline(__always) func callsPlainly(_ codeIndex: Int32) -> Bool {
        let kind = code(at: codeIndex)._withUnsafeGuaranteedRef { $0.kind }
        return kind != .classConstructor && kind != .derivedConstructor
    }

    /// Calls `[callee this args...]` laid out at `stack[base...]`. Pushes a
    /// frame for compiled code (and returns nil); a native runs now and its
    /// result is delivered per `mode` (returned when `mode` is `.host`).
    @discardableResult
    func invoke(base: Int, argc: Int, mode: ReturnMode) throws -> Value? {
        var argc = argc
        while true {
            let callee = stack[base]
            let codeIndex = calleeCodeIndex(callee)
            if codeIndex >= 0 && callsPlainly(codeIndex) {
                try pushFrame(codeIndex: codeIndex, base: base, argc: argc, mode: mode, newTarget: .undefined,
                              isConstruct: false)
                return nil
            }
            let id = borrowingObject(callee, orElse: -1) { $0.nativeID }
            if id == VM.callNativeID {
                // f.call(thisArg, ...args): drop the `call` function itself.
                for i in 0...argc { stack[base + i] = stack[base + 1 + i] }
                if argc == 0 {
                    stack[base + 1] = .undefined
                } else {
                    argc -= 1
                }
                self.sp = base + 2 + argc
                continue
            }
            if id == VM.applyNativeID {
                let target = stack[base + 1]
                let thisArg = argc > 0 ? stack[base + 2] : .undefined
                let list = argc > 1 ? try listFromArrayLike(stack[base + 3]) : []
                try ensureStack(base + 2 + list.count)
                stack[base] = target
                stack[base + 1] = thisArg
                for (i, v) in list.enumerated() { stack[base + 2 + i] = v }
                argc = list.count
                self.sp = base + 2 + argc
                continue
            }
            if id >= 0 {
                self.sp = base + 2 + argc
                currentNativeCallee = callee
                let result = try NativeRegistry.all[Int(id)].implementation(
                    self, stack[base + 1], NativeArguments(slots: stack + base + 2, count: argc))
                return try deliver(result, base: base, mode: mode)
            }
            guard callee.isObject, case .function(let f) = object(callee).kind else {
                throw error(.typeError, "\(describeCallee(callee)) is not a function")
            }
            // Compiled functions and natives were called above: what is
            // left is a bound function or a class constructor.
            guard case .bound(let target, let boundThis, let boundArgs) = f.target else {
                throw error(.typeError, "Class constructor \(codes[Int(f.codeIndex)].block.name) cannot be invoked without 'new'")
            }
            try shiftArguments(base: base, argc: argc, inserting: boundArgs)
            stack[base] = target
            stack[base + 1] = boundThis
            argc += boundArgs.count
        }
    }

    /// `new` on `[callee newTarget args...]` at `stack[base...]`.
    @discardableResult
    func construct(base: Int, argc: Int, mode: ReturnMode) throws -> Value? {
        var argc = argc
        while true {
            let callee = stack[base]
            let newTarget = stack[base + 1]
            guard callee.isObject, case .function(let f) = object(callee).kind, f.isConstructor else {
                throw error(.typeError, "\(describeCallee(callee)) is not a constructor")
            }
            switch f.target {
            case .bytecode(let codeIndex, _):
                if codes[Int(codeIndex)].kind == .derivedConstructor {
                    stack[base + 1] = .hole
                } else {
                    let proto = try prototype(forNewTarget: newTarget, fallback: intrinsics.objectPrototype)
                    stack[base + 1] = newObject(proto: proto)
                }
                try pushFrame(codeIndex: codeIndex, base: base, argc: argc, mode: mode, newTarget: newTarget,
                              isConstruct: true)
                return nil
            case .native(let id):
                self.sp = base + 2 + argc
                currentNativeCallee = callee
                let result = try NativeRegistry.all[Int(id)].implementation(
                    self, .undefined, NativeArguments(slots: stack + base + 2, count: argc, newTarget: newTarget))
                return try deliver(result, base: base, mode: mode)
            case .bound(let target, _, let boundArgs):
                try shiftArguments(base: base, argc: argc, inserting: boundArgs)
                stack[base] = target
                stack[base + 1] = newTarget == callee ? target : newTarget
                argc += boundArgs.count
            }
        }
    }

    /// `super(...args)` with the `argc` arguments on top of the stack.
    func superCall(argc: Int) throws {
        let frame = frames[frames.count - 1]
        let callee = stack[frame.base]
        let parent = object(callee).proto
        guard isConstructor(parent) else {
            throw error(.typeError, "Super constructor \(describeCallee(parent)) of anonymous class is not a constructor")
        }
        let argsStart = sp - argc
        try ensureStack(sp + 2)
        var i = argc - 1
        while i >= 0 {
            stack[argsStart + 2 + i] = stack[argsStart + i]
            i -= 1
        }
        stack[argsStart] = parent
        stack[argsStart + 1] = frame.newTarget
        sp += 2
        try construct(base: argsStart, argc: argc, mode: .push)
    }

    /// Inserts `inserted` before the `argc` arguments at `stack[base + 2...]`.
    private func shiftArguments(base: Int, argc: Int, inserting inserted: [Value]) throws {
        guard !inserted.isEmpty else { return }
        try ensureStack(base + 2 + argc + inserted.count)
        var i = argc - 1
        while i >= 0 {
            stack[base + 2 + inserted.count + i] = stack[base + 2 + i]
            i -= 1
        }
        for (j, v) in inserted.enumerated() { stack[base + 2 + j] = v }
        self.sp = base + 2 + argc + inserted.count
    }

    /// RangeError unless `top` more slots fit on the operand stack.
    func ensureStack(_ top: Int) throws {
        if top + 64 >= stackCapacity { throw error(.rangeError, "Maximum call stack size exceeded") }
    }

    /// Pushes a frame for compiled code whose callee, `this` and arguments
    /// are at `stack[base...]`.
    func pushFrame(codeIndex: Int32, base: Int, argc: Int, mode: ReturnMode, newTarget: Value,
                   isConstruct: Bool) throws {
        unowned(unsafe) let block = code(at: codeIndex).takeUnretainedValue()
        if frames.count >= limits.maxCallDepth { throw error(.rangeError, "Maximum call stack size exceeded") }
        try ensureStack(base + block.registerCount + block.maxStack)
        var argumentList = Value.undefined
        if block.usesArguments {
            argumentList = newArray(ContiguousArray(UnsafeBufferPointer(start: stack + base + 2, count: argc)))
        }
        let parameters = block.parameterCount
        var i = base + 2 + min(argc, parameters)
        let end = base + block.registerCount
        while i < end {
            stack[i] = .undefined
            i += 1
        }
        if !block.isStrict && stack[base + 1].isNullish && block.kind != .arrow {
            stack[base + 1] = globalObject
        }
        let promise = block.isAsync ? newPromise() : .undefined
        frames.append(Frame(codeIndex: codeIndex, pc: 0, base: base, sp: end, returnMode: mode,
                            isConstruct: isConstruct, argumentList: argumentList, newTarget: newTarget,
                            promise: promise, resumed: false))
        self.sp = end
    }

    /// Pops the innermost frame, which returned `result`, and hands the
    /// result to its caller. Returns the result when the frame was the
    /// entry frame of the current `run` (mode `.host`), else nil.
    func returnFromFrame(_ result: Value, entryDepth: Int) throws -> Value? {
        let frame = frames.removeLast()
        self.sp = frame.base
        var result = result
        if frame.isConstruct && !result.isObject {
            let this = stack[frame.base + 1]
            if this.isHole {
                return try unwind(makeError(.referenceError, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor"), entryDepth: entryDepth)
            }
            result = this
        }
        if !frame.promise.isUndefined {
            resolvePromise(frame.promise, with: result)
            if frame.resumed { return .undefined }
            result = frame.promise
        }
        do {
            return try deliver(result, base: frame.base, mode: frame.returnMode)
        } catch let e as JSThrow {
            return try unwind(e.value, entryDepth: entryDepth)
        }
    }

    /// Returns `result` from the innermost frame when that is a plain call
    /// whose caller takes the result on its stack (no construct, no async
    /// promise, no iterator protocol): pops the frame and pushes the result.
    /// False (nothing changed) otherwise; `returnFromFrame` does the rest.
    @inline(__always) func returnToCaller(_ result: Value) -> Bool {
        let frame = frames[frames.count - 1]
        guard frame.returnMode == .push && !frame.isConstruct && frame.promise.isUndefined && frames.count > 1 else {
            return false
        }
        frames.removeLast()
        pushResult(result, base: frame.base)
        frames[frames.count - 1].sp = sp
        return true
    }

    /// Puts a call's result where its callee was (`ReturnMode.push`).
    @inline(__always) private func pushResult(_ result: Value, base: Int) {
        stack[base] = result
        sp = base + 1
    }

    /// Hands a call's result to the caller whose callee slot was `base`.
    func deliver(_ result: Value, base: Int, mode: ReturnMode) throws -> Value? {
        switch mode {
        case .push:
            pushResult(result, base: base)
        case .discard:
            sp = base
        case .host:
            sp = base
            return result
        case .getIterator:
            sp = base
            guard result.isObject else { throw error(.typeError, "Result of the Symbol.iterator method is not an object") }
            // Builtin iterators are stepped natively (`next` undefined marks that).
            var next = Value.undefined
            if case .iterator = object(result).kind {} else { next = try get(result, Atom.next) }
            stack[base] = result
            stack[base + 1] = next
            sp = base + 2
        case .iteratorStep, .iteratorValue:
            sp = base
            guard result.isObject else {
                throw error(.typeError, "Iterator result \(describeForError(result)) is not an object")
            }
            let done = toBoolean(try get(result, Atom.done))
            if done {
                if mode == .iteratorStep {
                    let fi = frames.count - 1
                    let code = codes[Int(frames[fi].codeIndex)]
                    let pc = frames[fi].pc
                    let offset = Int(Int32(littleEndian: UnsafeRawPointer(code.code.baseAddress! + pc - 4)
                        .loadUnaligned(as: Int32.self)))
                    frames[fi].pc = pc + offset
                } else {
                    stack[base] = .undefined
                    sp = base + 1
                }
            } else {
                stack[base] = try get(result, Atom.value)
                sp = base + 1
            }
        }
        if !frames.isEmpty { frames[frames.count - 1].sp = sp }
        return nil
    }

    /// Finds the handler for `thrown`, popping frames that have none.
    /// Returns nil to continue in the frame now innermost, or the entry
    /// frame's result (an async entry frame settles its promise instead of
    /// throwing); throws `EscapedThrow` when the throw leaves the entry frame.
    func unwind(_ thrown: Value, entryDepth: Int) throws -> Value? {
        var thrown = thrown
        while true {
            let fi = frames.count - 1
            let frame = frames[fi]
            let code = codes[Int(frame.codeIndex)].block
            let pc = UInt32(max(frame.pc - 1, 0))
            for h in code.handlers where pc >= h.start && pc < h.end {
                let newSP = frame.base + code.registerCount + Int(h.stackDepth)
                stack[newSP] = thrown
                frames[fi].sp = newSP + 1
                frames[fi].pc = Int(h.handler)
                sp = newSP + 1
                return nil
            }
            frames.removeLast()
            sp = frame.base
            if !frame.promise.isUndefined {
                rejectPromise(frame.promise, with: thrown)
                if frame.resumed { return .undefined }
                do {
                    return try deliver(frame.promise, base: frame.base, mode: frame.returnMode)
                } catch let e as JSThrow {
                    thrown = e.value
                    continue
                }
            }
            if fi <= entryDepth || frame.returnMode == .host { throw EscapedThrow(value: thrown) }
        }
    }

    /// Replaces the array at `stack[index]` with its elements (spread calls);
    /// returns how many there are.
    func spreadArguments(at index: Int) throws -> Int {
        let array = stack[index]
        guard array.isObject else { return 0 }
        let elements = object(array).elements
        try ensureStack(index + elements.count)
        for (i, v) in elements.enumerated() { stack[index + i] = v.isHole ? .undefined : v }
        sp = index + elements.count
        if !frames.isEmpty { frames[frames.count - 1].sp = sp }
        return elements.count
    }

    /// CreateListFromArrayLike (for `apply`).
    func listFromArrayLike(_ v: Value) throws -> [Value] {
        if v.isNullish { return [] }
        guard v.isObject else { throw error(.typeError, "CreateListFromArrayLike called on non-object") }
        let o = object(v)
        switch o.kind {
        case .array, .arguments:
            return o.elements.map { $0.isHole ? .undefined : $0 }
        default:
            let n = Int(min(max(try toInteger(try get(v, Atom.length)), 0), Double(maxDenseIndex)))
            var out: [Value] = []
            out.reserveCapacity(n)
            for i in 0..<n { out.append(try get(v, key(forIndex: i))) }
            return out
        }
    }

    /// Text naming a callee in "is not a function" errors.
    func describeCallee(_ v: Value) -> String {
        if v.isString { return "\"\(swiftString(v))\"" }
        if v.isObject {
            if case .function = object(v).kind {
                let name = (try? get(v, Atom.name)).flatMap { $0.isString ? swiftString($0) : nil } ?? ""
                return name.isEmpty ? "anonymous" : name
            }
            return describeForError(v)
        }
        return primitiveToString(v)
    }

    // MARK: Closures and classes

    /// A new closure over `codes[codeIndex]` created by the frame at `base`.
    func makeClosure(codeIndex: Int32, base: Int, upvalues: UnsafeBufferPointer<UInt32> = .init(start: nil, count: 0),
                     callee: Value) -> Value {
        unowned(unsafe) let code = self.code(at: codeIndex).takeUnretainedValue()
        var captured = ContiguousArray<UInt32>()
        captured.reserveCapacity(code.captures.count)
        for c in code.captures {
            if c.fromParentLocal {
                let slot = stack[base + Int(c.index)]
                captured.append(slot.isCell ? slot.handle : newCell(slot))
            } else {
                captured.append(Int(c.index) < upvalues.count ? upvalues[Int(c.index)] : newCell(.undefined))
            }
        }
        let isConstructor = code.kind == .normal && !code.isAsync
        let data = FunctionData(target: .bytecode(codeIndex: codeIndex, upvalues: captured), isConstructor: isConstructor)
        if code.kind == .arrow, callee.isObject, case .function(let parent) = object(callee).kind {
            data.homeObject = parent.homeObject
        }
        let f = JSObject(shape: isConstructor ? constructorShape : functionShape,
                         proto: code.isAsync ? intrinsics.asyncFunctionPrototype : intrinsics.functionPrototype,
                         kind: .function(data))
        f.slots = [Value(code.length), code.nameValue]
        let fv = allocate(f)
        if isConstructor {
            let proto = newObject()
            defineNamed(proto, Atom.constructor, fv, flags: .hidden)
            f.slots.append(proto)
        }
        return fv
    }

    /// Creates a class: its constructor closure and prototype object.
    func makeClass(codeIndex: Int32, superclass: Value?, base: Int,
                   upvalues: UnsafeBufferPointer<UInt32>) throws -> (Value, Value) {
        var protoParent = intrinsics.objectPrototype
        var constructorParent = intrinsics.functionPrototype
        if let superclass {
            if superclass.isNull {
                protoParent = .null
            } else {
                guard isConstructor(superclass) else {
                    throw error(.typeError, "Class extends value \(describeForError(superclass)) is not a constructor or null")
                }
                let p = try get(superclass, Atom.prototype)
                guard p.isObject || p.isNull else {
                    throw error(.typeError, "Class extends value does not have valid prototype property")
                }
                protoParent = p
                constructorParent = superclass
            }
        }
        let proto = newObject(proto: protoParent)
        let ctor = makeClosure(codeIndex: codeIndex, base: base, upvalues: upvalues, callee: .undefined)
        let o = object(ctor)
        o.proto = constructorParent
        if case .function(let data) = o.kind {
            data.isConstructor = true
            data.homeObject = proto
        }
        try defineOwn(ctor, Atom.prototype, proto, flags: [])
        try defineOwn(proto, Atom.constructor, ctor, flags: .hidden)
        return (ctor, proto)
    }

    /// Defines a method, getter or setter (`defineMethod` flags).
    func defineMethod(target: Value, key keyValue: Value, function: Value, flags: Int) throws {
        let key = try toPropertyKey(keyValue)
        if case .function(let data) = object(function).kind { data.homeObject = target }
        let enumerable = flags & 4 != 0
        switch flags & 3 {
        case 0:
            try defineOwn(target, key, function, flags: enumerable ? .default : .hidden)
        default:
            var getter = Value.undefined, setter = Value.undefined
            if let existing = getOwnProperty(object(target), key), existing.isAccessor {
                getter = existing.getter
                setter = existing.setter
            }
            if flags & 3 == 1 { getter = function } else { setter = function }
            defineAccessor(target, key, getter: getter, setter: setter,
                           flags: enumerable ? [.enumerable, .configurable] : .configurable)
        }
    }

    // MARK: Calls from Swift

    /// Calls a function from native code (a nested dispatch loop for
    /// compiled callees). No garbage collection happens while nested.
    public func call(_ function: Value, this: Value, arguments: [Value]) throws -> Value {
        try checkNativeStack()
        reentrancyDepth += 1
        defer { reentrancyDepth -= 1 }
        return try callFromHost(function, this: this, arguments: arguments)
    }

    /// `new function(...arguments)` from native code.
    public func construct(_ function: Value, arguments: [Value], newTarget: Value? = nil) throws -> Value {
        try checkNativeStack()
        reentrancyDepth += 1
        defer { reentrancyDepth -= 1 }
        return try callAtStackTop(function, second: newTarget ?? function, arguments: arguments, construct: true)
    }

    /// A catchable RangeError when too little of the thread's stack is left
    /// for native code to call JavaScript once more (see `NativeStackGuard`).
    @inline(__always) private func checkNativeStack() throws {
        if !nativeStack.hasRoom(depth: reentrancyDepth) { throw error(.rangeError, "Maximum call stack size exceeded") }
    }

    /// Calls a function with the dispatch loop as the outermost level (the
    /// event loop's jobs); garbage collection may run.
    func callFromHost(_ function: Value, this: Value, arguments: [Value]) throws -> Value {
        try callAtStackTop(function, second: this, arguments: arguments, construct: false)
    }

    /// Lays out `[function second arguments...]` at the stack top (`second`
    /// is `this`, or `newTarget` when constructing) and runs the call to
    /// completion.
    private func callAtStackTop(_ function: Value, second: Value, arguments: [Value], construct: Bool) throws -> Value {
        let base = sp
        try ensureStack(base + 2 + arguments.count)
        stack[base] = function
        stack[base + 1] = second
        for (i, v) in arguments.enumerated() { stack[base + 2 + i] = v }
        sp = base + 2 + arguments.count
        do {
            let immediate = construct
                ? try self.construct(base: base, argc: arguments.count, mode: .host)
                : try invoke(base: base, argc: arguments.count, mode: .host)
            if let result = immediate { return result }
            return try run(entryDepth: frames.count - 1)
        } catch let e as EscapedThrow {
            throw JSThrow(e.value)
        } catch let pause as BudgetPause {
            throw pause  // the frames stay for the snapshot
        } catch {
            sp = base
            throw error
        }
    }
}
