import JSCompiler

// Running scripts: compile, run the body, drain the job queue, and report
// whether the script completed, threw, or is paused on pending fetches.

/// Where a run stopped.
public enum RunOutcome {
    /// The script finished; its completion value.
    case completed(Value)
    /// Fetches are pending and nothing is runnable (`.fetch`), or the step
    /// budget ran out (`.budget`; frames may be live). The state can be
    /// snapshotted; `runUntilIdle` continues it.
    case paused(PauseReason)
    /// An uncaught exception (or unhandled rejection) ended the script, or
    /// a limit terminated it (`VM.terminatedBy` tells which).
    case threw(Value)
    /// The script did not compile.
    case syntaxError(SyntaxError)
}

/// Event-loop work running in the dispatch loop, and what its completion
/// settles. Kept (and snapshotted) while a budget pause interrupts it.
enum EntryPoint: Equatable {
    /// A script body: its result is the script's promise.
    case script
    /// A `then` handler: its result resolves `capability`, its throw rejects it.
    case reaction(capability: Value)
    /// A thenable's `then` method: a throw calls `reject`.
    case thenable(reject: Value)
    /// An await resumption or a microtask callback: a throw ends the script.
    case task

    /// The value the completion settles (for the collector and the snapshot).
    var settledValue: Value {
        switch self {
        case .reaction(let capability): return capability
        case .thenable(let reject): return reject
        case .script, .task: return .undefined
        }
    }
}

extension VM {
    /// Compiles `source` in this VM's global scope, runs it and its jobs
    /// until it completes, throws, or pauses.
    public func execute(source: String, fileName: String) -> RunOutcome {
        guard interruptedEntry == nil else {
            return .threw(makeError(.error, "The VM is paused in the middle of a script; resume it before executing another"))
        }
        var scope = globalScope
        let compiled: CompiledScript
        do {
            compiled = try Compiler.compile(source, fileName: fileName, globals: &scope)
        } catch let e as SyntaxError {
            return .syntaxError(e)
        } catch {
            return .syntaxError(SyntaxError(message: "\(error)", fileName: fileName, location: .none))
        }
        globalScope = scope
        while globalSlots.count < Int(scope.slotCount) { globalSlots.append(.undefined) }
        let main = makeClosure(codeIndex: load(compiled.main), base: 0, callee: .undefined)
        // Errors of an earlier script were reported with its outcome.
        fatalThrow = nil
        unhandledRejections.removeAll()
        return runSegment {
            try $0.enter(.script) { try $0.callFromHost(main, this: .undefined, arguments: []) }
            try $0.runJobs()
        }
    }

    /// Runs `deliver` (the host handing in fetch results with
    /// `deliverResponse` / `deliverNetworkError`), continues the work a
    /// budget pause interrupted, runs queued jobs until none is left, and
    /// reports the state. Delivery belongs to the segment: the JavaScript
    /// that builds each `Response` counts against the step budget and the
    /// heap limit like the rest of the run.
    public func runUntilIdle(afterDelivering deliver: (VM) throws -> Void = { _ in }) -> RunOutcome {
        runSegment { vm in
            try deliver(vm)
            if let entry = vm.interruptedEntry, !vm.frames.isEmpty {
                vm.interruptedEntry = nil
                try vm.enter(entry) { vm in
                    do {
                        return try vm.run(entryDepth: 0)
                    } catch let e as EscapedThrow {
                        throw JSThrow(e.value)
                    }
                }
            }
            try vm.runJobs()
        }
    }

    /// Runs `body` with a fresh step budget and turns a budget pause or a
    /// termination into the outcome.
    private func runSegment(_ body: (VM) throws -> Void) -> RunOutcome {
        stepsLeft = limits.maxSteps ?? Int.max
        termination = nil
        defer { stepsLeft = limits.maxSteps ?? Int.max }
        do {
            try body(self)
        } catch is BudgetPause {
            return .paused(.budget)
        } catch let t as Termination {
            return terminated(t)
        } catch {
            fatalThrow = makeError(.error, "\(error)")
        }
        return outcome()
    }

    /// The limit that terminated the last execution, if one did.
    public var terminatedBy: String? { termination?.message }

    /// Ends the execution a limit stopped: its frames, jobs and fetches are
    /// dropped, and it throws an uncatchable RangeError.
    private func terminated(_ t: Termination) -> RunOutcome {
        termination = t
        frames.removeAll()
        sp = 0
        jobs.removeAll()
        jobHead = 0
        interruptedEntry = nil
        pendingRequests.removeAll()
        unhandledRejections.removeAll()
        return .threw(makeError(.rangeError, t.message))
    }

    /// The state of the current script after the job queue drained.
    public func outcome() -> RunOutcome {
        if let fatal = fatalThrow { return .threw(fatal) }
        if let first = unhandledRejections.first, let p = promiseData(first) { return .threw(p.result) }
        guard let script = promiseData(scriptPromise) else { return .completed(.undefined) }
        switch script.state {
        case .rejected:
            return .threw(script.result)
        case .pending:
            if !pendingRequests.isEmpty { return .paused(.fetch) }
            return .threw(makeError(.error, "The script awaits a promise that can never settle (no fetch is pending)"))
        case .fulfilled:
            if !pendingRequests.isEmpty { return .paused(.fetch) }
            return .completed(script.result)
        }
    }

    /// Runs microtasks in FIFO order until the queue is empty. A budget
    /// pause or a termination propagates (the job that was running is
    /// `interruptedEntry`, already dequeued).
    func runJobs() throws {
        while jobHead < jobs.count && fatalThrow == nil {
            let job = jobs[jobHead]
            jobHead += 1
            try run(job)
            if jobHead >= 1024 && jobHead * 2 >= jobs.count {
                jobs.removeFirst(jobHead)
                jobHead = 0
            }
            stepsLeft &-= 1
            if stepsLeft < 0 || allocationDebt > gcThreshold { try safePoint() }
        }
        jobs.removeAll(keepingCapacity: true)
        jobHead = 0
    }

    private func run(_ job: Job) throws {
        switch job {
        case .reaction(let reaction, let argument, let rejected):
            switch reaction.kind {
            case .awaitResume:
                try enter(.task) {
                    try $0.resume(reaction.handler, with: argument, rejected: rejected)
                    return .undefined
                }
            case .then:
                let capability = reaction.capability
                if reaction.handler.isUndefined {
                    if rejected { rejectPromise(capability, with: argument) } else { resolvePromise(capability, with: argument) }
                    return
                }
                try enter(.reaction(capability: capability)) {
                    try $0.callFromHost(reaction.handler, this: .undefined, arguments: [argument])
                }
            }
        case .resolveThenable(let promise, let thenable, let then):
            let (resolve, reject) = makeResolvingFunctions(promise)
            try enter(.thenable(reject: reject)) {
                try $0.callFromHost(then, this: thenable, arguments: [resolve, reject])
            }
        case .callback(let function):
            try enter(.task) { try $0.callFromHost(function, this: .undefined, arguments: []) }
        }
    }

    /// Runs `body` (which enters the dispatch loop for `entry`) and settles
    /// what `entry` settles with its result or throw. A budget pause leaves
    /// `entry` as the interrupted work; a termination propagates.
    private func enter(_ entry: EntryPoint, _ body: (VM) throws -> Value) throws {
        let result: Value
        do {
            result = try body(self)
        } catch is BudgetPause {
            interruptedEntry = entry
            throw BudgetPause()
        } catch let t as Termination {
            throw t
        } catch {
            let thrown = (error as? JSThrow)?.value ?? makeError(.error, "\(error)")
            switch entry {
            case .script, .task: fatalThrow = thrown
            case .reaction(let capability): rejectPromise(capability, with: thrown)
            case .thenable(let reject): _ = try? callFromHost(reject, this: .undefined, arguments: [thrown])
            }
            return
        }
        switch entry {
        case .script:
            scriptPromise = result
            // A body that threw before its first await rejected its promise
            // before it became `scriptPromise`: that is the script's outcome,
            // not an unhandled rejection.
            unhandledRejections.removeAll { $0 == result }
        case .reaction(let capability):
            resolvePromise(capability, with: result)
        case .thenable, .task:
            break
        }
    }

    /// Runs a compiled script body to completion (draining jobs) and returns
    /// its completion value; used for the prelude. Throws the rejection.
    func evaluateSynchronously(_ block: CodeBlock) throws -> Value {
        let main = makeClosure(codeIndex: load(block), base: 0, callee: .undefined)
        let promise = try callFromHost(main, this: .undefined, arguments: [])
        try runJobs()
        guard let p = promiseData(promise) else { return promise }
        switch p.state {
        case .fulfilled: return p.result
        case .rejected: throw JSThrow(p.result)
        case .pending: throw error(.error, "script did not complete")
        }
    }
}
