import FetchFlow

/// Runs a paused `FetchVM` for a few rounds, answering every fetch, and
/// checks that each pause's snapshot loads again.
enum FuzzDriver {
    /// The limits of every VM the harness creates: a modest call depth and
    /// stack (a smaller stack is also much faster to set up).
    static let limits: VMLimits = {
        var limits = VMLimits()
        limits.maxCallDepth = 500
        limits.stackCapacity = 1 << 16
        return limits
    }()

    /// Resume rounds per input.
    static let maxRounds = 3

    /// The canned answer to a fetch.
    static func answer(_ request: FetchRequest) -> FetchResponse {
        .json(id: request.id, .object(["ok": .bool(true), "items": .array([.number(1), .string("two")])]))
    }

    /// Delivers `responses` to the paused `vm` and runs it. While it pauses
    /// again (at most `maxRounds` rounds in all), reloads it from the pause's
    /// snapshot and answers every pending fetch with `answer`. Script errors
    /// and rejected answers end the run; a pause snapshot that does not load
    /// is a `FuzzFailure`.
    static func continueRunning(_ vm: FetchVM, delivering responses: [FetchResponse]) throws {
        var vm = vm
        var responses = responses
        for _ in 0..<maxRounds {
            let result: ExecutionResult
            do {
                result = try vm.respond(responses)
            } catch is ScriptError {
                return
            } catch is FetchFlowError {
                return
            }
            guard case .paused(let pause) = result else { return }
            do {
                vm = try FetchVM(snapshot: Snapshot(bytes: pause.snapshot.bytes), limits: limits)
            } catch {
                throw FuzzFailure("a snapshot written at a pause does not load: \(error)")
            }
            responses = pause.requests.map(answer)
        }
    }
}
