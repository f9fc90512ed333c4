import JSBytecodeVM

/// A script that failed: an uncaught exception (or unhandled rejection), or
/// source text that does not compile.
///
/// Syntax errors are reported as a `ScriptError` whose `name` is
/// `"SyntaxError"`, whose `message` ends with the position
/// (`"Unexpected token ')' (script.js:3:14)"`) and whose `location` is set;
/// `description` is then exactly the compiler's
/// `SyntaxError: message (file:line:col)`.
public struct ScriptError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The error's `name` (`TypeError`, `Error`, a subclass name, ...).
    /// For a thrown value that is not error-like (`throw "boom"`) this is `"Error"`.
    public var name: String
    /// The error's `message` (for a non-error thrown value: its text).
    public var message: String
    /// The JavaScript stack (`error.stack`), when the thrown value has one.
    public var stack: String?
    /// Console output produced before the failure.
    public var logs: [LogEntry]
    /// For a syntax error: where the source failed to compile.
    public var location: SourceLocation?
    /// How Node would print the thrown value after `Uncaught `:
    /// `Name: message` for errors, the value itself otherwise (`boom`).
    public var summary: String

    /// A source position (1-based line and column).
    public struct SourceLocation: Sendable, Equatable, Hashable {
        /// The file name given to `execute`.
        public var fileName: String
        /// 1-based line.
        public var line: Int
        /// 1-based column.
        public var column: Int
    }

    /// Creates a script error.
    public init(name: String, message: String, stack: String? = nil, logs: [LogEntry] = [],
                location: SourceLocation? = nil, summary: String? = nil) {
        self.name = name
        self.message = message
        self.stack = stack
        self.logs = logs
        self.location = location
        self.summary = summary ?? (message.isEmpty ? name : "\(name): \(message)")
    }

    /// True when the source did not compile.
    public var isSyntaxError: Bool { location != nil }

    /// `Name: message`.
    public var description: String { message.isEmpty ? name : "\(name): \(message)" }
}

/// Misuse of the API with responses or state that do not fit the execution.
public enum FetchFlowError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A response answers no pending request.
    case unknownRequestID(String)
    /// Two responses answer the same request.
    case duplicateResponseID(String)
    /// A response cannot be delivered (e.g. a status outside 200...599).
    case invalidResponse(id: String, reason: String)
    /// `run(_:using:)` stopped because the step budget ran out; the
    /// snapshot continues the script (`FetchVM.resume` with no responses).
    case budgetExhausted(Snapshot)

    /// One line explaining the problem.
    public var description: String {
        switch self {
        case .unknownRequestID(let id): return "unknown request id '\(id)': no pending request has this id"
        case .duplicateResponseID(let id): return "duplicate response for request id '\(id)'"
        case .invalidResponse(let id, let reason): return "invalid response for request '\(id)': \(reason)"
        case .budgetExhausted: return "the step budget ran out; the script is paused"
        }
    }
}

/// A console entry (`level` is `log`, `info`, `debug`, `warn` or `error`; `text` is the formatted line).
public typealias LogEntry = JSBytecodeVM.LogEntry

/// Limits on what one execution may use: steps, heap, call depth, snapshot size.
public typealias ExecutionLimits = JSBytecodeVM.ExecutionLimits

/// Why an execution paused: pending fetches, or a step budget that ran out.
public typealias PauseReason = JSBytecodeVM.PauseReason

/// What happens when an execution's step budget runs out.
public typealias BudgetAction = JSBytecodeVM.BudgetAction

/// A snapshot that cannot be loaded: truncated, corrupt, hostile, or
/// written by another engine version. `description` is one line.
public typealias SnapshotError = JSBytecodeVM.SnapshotError
