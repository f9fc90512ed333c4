import JSBytecodeVM

/// Where an execution step stopped: the script finished, or it waits for fetches.
/// (An uncaught error is thrown as `ScriptError` instead.)
public enum ExecutionResult: Sendable, Equatable {
    /// The script finished.
    case completed(Completion)
    /// The script waits for `fetch` responses; its whole state is in the snapshot.
    case paused(Pause)

    /// The completion, if the script finished.
    public var completion: Completion? {
        if case .completed(let c) = self { return c }
        return nil
    }

    /// The pause, if the script waits for fetches.
    public var pause: Pause? {
        if case .paused(let p) = self { return p }
        return nil
    }

    /// Console output of this step.
    public var logs: [LogEntry] {
        switch self {
        case .completed(let c): return c.logs
        case .paused(let p): return p.logs
        }
    }
}

/// A finished script.
public struct Completion: Sendable, Equatable {
    /// The completion value (the value of the last expression statement, as
    /// in `eval`) converted with the script's `JSON.stringify`; `.null` when
    /// there is none or it is not JSON-serialisable.
    public var value: JSONValue
    /// The same value as compact JSON text, keeping the script's object key
    /// order (`"null"` when there is no value).
    public var json: String
    /// Console output (of this step, or of the whole run for `run(_:using:)`).
    public var logs: [LogEntry]

    /// Creates a completion.
    public init(value: JSONValue, json: String? = nil, logs: [LogEntry] = []) {
        self.value = value
        self.json = json ?? value.jsonText
        self.logs = logs
    }
}

/// A paused script: waiting for fetch responses, or stopped by its step budget.
public struct Pause: Sendable, Equatable {
    /// The whole execution state; resume it with `FetchVM.resume(_:responses:)`.
    public var snapshot: Snapshot
    /// Every pending fetch, in the order the script issued them.
    public var requests: [FetchRequest]
    /// Console output of this step.
    public var logs: [LogEntry]
    /// `.fetch`, or `.budget` when the step budget ran out (the script
    /// continues where it stopped on resume, with or without responses).
    public var reason: PauseReason

    /// Creates a pause description.
    public init(snapshot: Snapshot, requests: [FetchRequest], logs: [LogEntry] = [], reason: PauseReason = .fetch) {
        self.snapshot = snapshot
        self.requests = requests
        self.logs = logs
        self.reason = reason
    }
}
