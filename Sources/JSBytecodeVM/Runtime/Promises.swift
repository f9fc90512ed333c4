// Promise states, reactions and the job queue, and the suspension of async
// functions at `await`. Everything here is data (reactions, jobs, suspended
// frames are heap records), so a snapshot can capture it at any pause.

extension VM {
    /// A new pending promise.
    public func newPromise(proto: Value? = nil) -> Value {
        allocate(JSObject(shape: rootShape, proto: proto ?? intrinsics.promisePrototype, kind: .promise(PromiseData())))
    }

    /// The promise record of a value, if it is a promise.
    public func promiseData(_ v: Value) -> PromiseData? {
        guard v.isObject, case .promise(let p) = object(v).kind else { return nil }
        return p
    }

    func enqueue(_ job: Job) { jobs.append(job) }

    /// Resolves `promise` with `value` (adopting thenables through a job).
    public func resolvePromise(_ promise: Value, with value: Value) {
        guard let p = promiseData(promise), p.state == .pending else { return }
        if value == promise {
            rejectPromise(promise, with: makeError(.typeError, "Chaining cycle detected for promise #<Promise>"))
            return
        }
        guard value.isObject else {
            settle(promise, p, .fulfilled, value)
            return
        }
        let then: Value
        do {
            then = try get(value, Atom.then)
        } catch let e as JSThrow {
            rejectPromise(promise, with: e.value)
            return
        } catch {
            return
        }
        guard isCallable(then) else {
            settle(promise, p, .fulfilled, value)
            return
        }
        enqueue(.resolveThenable(promise: promise, thenable: value, then: then))
    }

    /// Rejects `promise` with `reason`.
    public func rejectPromise(_ promise: Value, with reason: Value) {
        guard let p = promiseData(promise), p.state == .pending else { return }
        settle(promise, p, .rejected, reason)
        if !p.isHandled && promise != scriptPromise { unhandledRejections.append(promise) }
    }

    private func settle(_ promise: Value, _ p: PromiseData, _ state: PromiseData.State, _ result: Value) {
        p.state = state
        p.result = result
        let reactions = state == .fulfilled ? p.fulfillReactions : p.rejectReactions
        p.fulfillReactions = []
        p.rejectReactions = []
        for r in reactions { enqueue(.reaction(r, argument: result, rejected: state == .rejected)) }
    }

    /// PerformPromiseThen with data reactions.
    public func performThen(_ promise: Value, onFulfilled: PromiseReaction, onRejected: PromiseReaction) {
        guard let p = promiseData(promise) else { return }
        switch p.state {
        case .pending:
            p.fulfillReactions.append(onFulfilled)
            p.rejectReactions.append(onRejected)
        case .fulfilled:
            enqueue(.reaction(onFulfilled, argument: p.result, rejected: false))
        case .rejected:
            if !p.isHandled, let i = unhandledRejections.firstIndex(of: promise) { unhandledRejections.remove(at: i) }
            enqueue(.reaction(onRejected, argument: p.result, rejected: true))
        }
        p.isHandled = true
    }

    /// PromiseResolve(%Promise%, value): the value itself for a native promise.
    func promiseResolve(_ value: Value) throws -> Value {
        if promiseData(value) != nil, try get(value, Atom.constructor) == intrinsics.promiseConstructor {
            return value
        }
        let p = newPromise()
        resolvePromise(p, with: value)
        return p
    }

    /// The resolve and reject functions of `promise` (sharing one "already resolved" flag).
    public func makeResolvingFunctions(_ promise: Value) -> (resolve: Value, reject: Value) {
        let flag = allocate(JSObject(shape: rootShape, proto: .null, kind: .resolvedFlag(false)))
        let resolve = makeNativeFunction(PromiseBuiltins.resolveFunctionID, internalSlots: [promise, flag])
        let reject = makeNativeFunction(PromiseBuiltins.rejectFunctionID, internalSlots: [promise, flag])
        return (resolve, reject)
    }

    // MARK: Await

    /// `await` on the value at the operand-stack top: parks the innermost
    /// frame in a heap record and hands the function's promise to its
    /// caller. Returns a value when the frame was the entry frame of the run.
    func awaitValue(entryDepth: Int) throws -> Value? {
        let fi = frames.count - 1
        let frame = frames[fi]
        let value = stack[sp - 1]
        sp -= 1
        frames[fi].sp = sp
        let promise = try promiseResolve(value)
        let saved = Array(UnsafeBufferPointer(start: stack + frame.base, count: sp - frame.base))
        let suspended = SuspendedFrame(codeIndex: frame.codeIndex, pc: frame.pc, stack: saved,
                                       argumentList: frame.argumentList, newTarget: frame.newTarget,
                                       promise: frame.promise)
        let record = allocate(JSObject(shape: rootShape, proto: .null, kind: .suspendedFrame(suspended)))
        let reaction = PromiseReaction(kind: .awaitResume, capability: .undefined, handler: record)
        performThen(promise, onFulfilled: reaction, onRejected: reaction)
        frames.removeLast()
        sp = frame.base
        if frame.resumed { return .undefined }
        do {
            return try deliver(frame.promise, base: frame.base, mode: frame.returnMode)
        } catch let e as JSThrow {
            return try unwind(e.value, entryDepth: entryDepth)
        }
    }

    /// Continues a suspended async frame with the settled value (or throws
    /// the rejection reason at its `await`).
    func resume(_ record: Value, with value: Value, rejected: Bool) throws {
        guard record.isObject, case .suspendedFrame(let s) = object(record).kind, !s.stack.isEmpty else { return }
        let base = sp
        try ensureStack(base + s.stack.count + codes[Int(s.codeIndex)].block.maxStack)
        for (i, v) in s.stack.enumerated() { stack[base + i] = v }
        sp = base + s.stack.count
        frames.append(Frame(codeIndex: s.codeIndex, pc: s.pc, base: base, sp: sp, returnMode: .host,
                            isConstruct: false, argumentList: s.argumentList, newTarget: s.newTarget,
                            promise: s.promise, resumed: true))
        s.stack = []
        let entry = frames.count - 1
        do {
            if rejected {
                if try unwind(value, entryDepth: entry) != nil { return }
            } else {
                stack[sp] = value
                sp += 1
                frames[entry].sp = sp
            }
            _ = try run(entryDepth: entry)
        } catch is EscapedThrow {
            // An async frame never lets a throw escape; nothing to do.
        }
    }
}
