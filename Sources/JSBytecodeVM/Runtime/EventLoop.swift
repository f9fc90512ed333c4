import JSCompiler

// Running scripts: compile, run the body, drain the job queue, and report
// whether the script completed, threw, or is paused on pending fetches.

/// Where a run stopped.
public enum RunOutcome {
    /// The script finished; its completion value.
    case completed(Value)
    /// Nothing is runnable and fetches are pending (`VM.pendingRequests`).
    case paused
    /// An uncaught exception (or unhandled rejection) ended the script.
    case threw(Value)
    /// The script did not compile.
    case syntaxError(SyntaxError)
}

extension VM {
    /// Compiles `source` in this VM's global scope, runs it and its jobs
    /// until it completes, throws, or pauses.
    public func execute(source: String, fileName: String) -> RunOutcome {
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
        let main = makeClosure(codeIndex: load(compiled.main), base: 0, upvalues: [], callee: .undefined)
        // Errors of an earlier script were reported with its outcome.
        fatalThrow = nil
        unhandledRejections.removeAll()
        do {
            scriptPromise = try callFromHost(main, this: .undefined, arguments: [])
            // A body that threw before its first await rejected its promise
            // before it became `scriptPromise`: that is the script's outcome,
            // not an unhandled rejection.
            unhandledRejections.removeAll { $0 == scriptPromise }
        } catch let e as JSThrow {
            return .threw(e.value)
        } catch {
            return .threw(makeError(.error, "\(error)"))
        }
        return runUntilIdle()
    }

    /// Runs queued jobs until none is left and reports the state.
    public func runUntilIdle() -> RunOutcome {
        runJobs()
        return outcome()
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
            if !pendingRequests.isEmpty { return .paused }
            return .threw(makeError(.error, "The script awaits a promise that can never settle (no fetch is pending)"))
        case .fulfilled:
            if !pendingRequests.isEmpty { return .paused }
            return .completed(script.result)
        }
    }

    /// Runs microtasks in FIFO order until the queue is empty.
    func runJobs() {
        while jobHead < jobs.count && fatalThrow == nil {
            let job = jobs[jobHead]
            run(job)
            jobHead += 1
            if jobHead >= 1024 && jobHead * 2 >= jobs.count {
                jobs.removeFirst(jobHead)
                jobHead = 0
            }
            if allocationDebt > gcThreshold { collectGarbageIfNeeded() }
        }
        jobs.removeAll(keepingCapacity: true)
        jobHead = 0
    }

    private func run(_ job: Job) {
        switch job {
        case .reaction(let reaction, let argument, let rejected):
            switch reaction.kind {
            case .awaitResume:
                do {
                    try resume(reaction.handler, with: argument, rejected: rejected)
                } catch let e as JSThrow {
                    fatalThrow = e.value
                } catch {
                    fatalThrow = makeError(.error, "\(error)")
                }
            case .then:
                let capability = reaction.capability
                if reaction.handler.isUndefined {
                    if rejected { rejectPromise(capability, with: argument) } else { resolvePromise(capability, with: argument) }
                    return
                }
                do {
                    let result = try callFromHost(reaction.handler, this: .undefined, arguments: [argument])
                    resolvePromise(capability, with: result)
                } catch let e as JSThrow {
                    rejectPromise(capability, with: e.value)
                } catch {
                    rejectPromise(capability, with: makeError(.error, "\(error)"))
                }
            }
        case .resolveThenable(let promise, let thenable, let then):
            let (resolve, reject) = makeResolvingFunctions(promise)
            do {
                _ = try callFromHost(then, this: thenable, arguments: [resolve, reject])
            } catch let e as JSThrow {
                _ = try? callFromHost(reject, this: .undefined, arguments: [e.value])
            } catch {}
        case .callback(let function):
            do {
                _ = try callFromHost(function, this: .undefined, arguments: [])
            } catch let e as JSThrow {
                fatalThrow = e.value
            } catch {
                fatalThrow = makeError(.error, "\(error)")
            }
        }
    }

    /// Runs a compiled script body to completion (draining jobs) and returns
    /// its completion value; used for the prelude. Throws the rejection.
    func evaluateSynchronously(_ block: CodeBlock) throws -> Value {
        let main = makeClosure(codeIndex: load(block), base: 0, upvalues: [], callee: .undefined)
        let promise = try callFromHost(main, this: .undefined, arguments: [])
        runJobs()
        guard let p = promiseData(promise) else { return promise }
        switch p.state {
        case .fulfilled: return p.result
        case .rejected: throw JSThrow(p.result)
        case .pending: throw error(.error, "script did not complete")
        }
    }
}
