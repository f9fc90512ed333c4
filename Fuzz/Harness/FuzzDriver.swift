import FetchFlow

/// Runs a `FetchVM` for a few rounds, answering every fetch, and checks that
/// each pause's snapshot loads again.
enum FuzzDriver {
    /// Run or resume rounds per input.
    static let maxRounds = 3

    /// The limits of every VM the harness creates: a step budget and a heap
    /// limit so that no input hangs or exhausts memory, a modest call depth
    /// and stack (a smaller stack is also much faster to set up). Budget
    /// pauses (`.pause`) are resumed like fetch pauses; the last round
    /// terminates instead, so both budget paths are exercised.
    static func limits(onBudgetExhausted action: BudgetAction = .pause) -> ExecutionLimits {
        ExecutionLimits(maxCallDepth: 500, stackCapacity: 1 << 16, maxSteps: 100_000,
                        onBudgetExhausted: action, maxHeapBytes: 256 << 20)
    }

    /// The canned answer to a fetch.
    static func answer(_ request: FetchRequest) -> FetchResponse {
        .json(id: request.id, .object(["ok": .bool(true), "items": .array([.number(1), .string("two")])]))
    }

    /// Runs `firstRound` on `vm`. While the result is a pause (at most
    /// `maxRounds` rounds in all), reloads the VM from the pause's snapshot
    /// and answers every pending fetch with `answer`. Script errors and
    /// rejected answers end the run; a pause snapshot that does not load
    /// is a `FuzzFailure`.
    static func drive(_ vm: FetchVM, firstRound: (FetchVM) throws -> ExecutionResult) throws {
        var vm = vm
        var round = firstRound
        for n in 1...maxRounds {
            let result: ExecutionResult
            do {
                result = try round(vm)
            } catch is ScriptError {
                return
            } catch is FetchFlowError {
                return
            }
            guard case .paused(let pause) = result, n < maxRounds else { return }
            do {
                vm = try FetchVM(snapshot: pause.snapshot,
                                 limits: limits(onBudgetExhausted: n + 1 < maxRounds ? .pause : .terminate))
            } catch {
                throw FuzzFailure("a snapshot written at a pause does not load: \(error)")
            }
            let responses = pause.requests.map(answer)
            round = { try $0.respond(responses) }
        }
    }
}
