import Foundation
import JSBytecodeVM
import JSCompiler

/// A JavaScript virtual machine whose execution can stop at any pending
/// `fetch()` and continue later, possibly in another process, from a
/// `Snapshot`.
///
/// Scripts executed one after another share one global scope (REPL style):
/// a top-level `let` of one `execute` call is visible in the next.
///
/// A `FetchVM` is not thread-safe: use it from one task at a time.
///
///     let vm = FetchVM()
///     var result = try vm.execute(#"const r = await fetch("https://x/a"); (await r.json()).n"#)
///     while case .paused(let pause) = result {
///         let answers = pause.requests.map { FetchResponse.success(id: $0.id, body: #"{"n":1}"#) }
///         result = try vm.resume(pause.snapshot, responses: answers)
///     }
public final class FetchVM {
    /// The engine state (replaced by `resume`).
    var vm: JSBytecodeVM.VM
    /// The limits every engine instance of this FetchVM gets.
    public let limits: ExecutionLimits

    /// Called with each console entry as it happens (in addition to the
    /// entries collected in each result).
    public var logHandler: ((LogEntry) -> Void)? {
        didSet { vm.logSink = logHandler }
    }

    /// A fresh VM with the standard globals, `fetch`, `Response` and `Headers`.
    public init(limits: ExecutionLimits = ExecutionLimits()) {
        self.limits = limits
        vm = JSBytecodeVM.VM(limits: limits)
    }

    /// A FetchVM holding the paused execution of `snapshot` (nothing runs
    /// yet; continue it with `respond(_:)`). Throws `SnapshotError`.
    public convenience init(snapshot: Snapshot, limits: ExecutionLimits = ExecutionLimits()) throws {
        try self.init(restoring: snapshot.bytes, limits: limits)
    }

    /// Restores raw snapshot bytes (validated by the engine).
    init(restoring bytes: [UInt8], limits: ExecutionLimits = ExecutionLimits()) throws {
        self.limits = limits
        vm = try JSBytecodeVM.VM.restore(snapshot: bytes, limits: limits)
        vm.logs.removeAll()
    }

    // MARK: Public API

    /// Compiles and runs `code` until it completes or waits for fetches.
    /// Throws `ScriptError` for an uncaught exception or a syntax error.
    public func execute(_ code: String, fileName: String = "script.js") throws -> ExecutionResult {
        vm.logs.removeAll()
        return try result(of: step(.execute(code, fileName)))
    }

    /// Loads `snapshot` into this FetchVM (replacing its state), delivers
    /// `responses` (a subset of the pending requests may be answered; the
    /// rest stay pending) and runs until completion or the next pause.
    /// Throws `SnapshotError`, `FetchFlowError` (unknown or duplicate ids,
    /// checked before anything is delivered) or `ScriptError`.
    public func resume(_ snapshot: Snapshot, responses: [FetchResponse]) throws -> ExecutionResult {
        try load(snapshot.bytes)
        return try respond(responses)
    }

    /// Delivers `responses` to the paused script of this FetchVM and runs
    /// until completion or the next pause, without a snapshot round trip.
    public func respond(_ responses: [FetchResponse]) throws -> ExecutionResult {
        let deliveries = responses.map(\.delivery)
        try validate(deliveries)
        return try result(of: step(.resume(deliveries)))
    }

    /// The fetches the current script waits for, in issue order.
    public var pendingRequests: [FetchRequest] { vm.pendingRequests.map(FetchRequest.init) }

    /// The current state as a snapshot.
    public func snapshot() throws -> Snapshot {
        try Snapshot(bytes: vm.writeSnapshot())
    }

    /// Runs `code` to completion, performing every fetch with `fetcher`
    /// (all requests pending at a pause concurrently) and continuing until
    /// the script finishes. The completion carries the logs of the whole run.
    /// Throws `ScriptError`, or whatever the fetcher throws (e.g. `MockFetcher.Miss`).
    public func run(_ code: String, fileName: String = "script.js", using fetcher: any Fetcher) async throws -> Completion {
        var logs: [LogEntry] = []
        let outcome = try await drive(.execute(code, fileName), fetcher: fetcher, onStep: { logs += $0.takeLogs() })
        switch outcome {
        case .completed(let json):
            return Completion(value: Self.value(ofJSON: json), json: json, logs: logs)
        case .threw(var e):
            e.logs = logs
            throw e
        case .paused:
            // drive returns paused only when the step budget ran out.
            throw FetchFlowError.budgetExhausted(try snapshot())
        }
    }

    // MARK: Internals shared with the CLI

    enum Step {
        /// Compile and run source text (code, file name).
        case execute(String, String)
        /// Deliver answers checked with `validate`, then continue the paused script.
        case resume([Delivery])
    }

    /// What one step ended with (logs are read separately with `takeLogs`).
    enum StepOutcome {
        /// JSON text of the completion value (`null` when none).
        case completed(String)
        case paused(PauseReason)
        case threw(ScriptError)
    }

    /// Runs one step and converts the outcome.
    func step(_ step: Step) -> StepOutcome {
        let outcome: RunOutcome
        switch step {
        case .execute(let code, let fileName): outcome = vm.execute(source: code, fileName: fileName)
        case .resume(let deliveries): outcome = vm.runUntilIdle { try Self.deliver(deliveries, to: $0) }
        }
        switch outcome {
        case .completed(let v):
            return .completed(jsonText(of: v))
        case .paused(let reason):
            return .paused(reason)
        case .threw(let v):
            let error = scriptError(from: v)
            vm.pendingRequests.removeAll()  // the execution is over; its fetches are abandoned
            return .threw(error)
        case .syntaxError(let e):
            let line = Int(e.location.line), column = Int(e.location.column)
            return .threw(ScriptError(
                name: "SyntaxError", message: "\(e.message) (\(e.fileName):\(line):\(column))",
                location: ScriptError.SourceLocation(fileName: e.fileName, line: line, column: column)))
        }
    }

    /// Collected console entries since the last call.
    func takeLogs() -> [LogEntry] {
        let logs = vm.logs
        vm.logs.removeAll()
        return logs
    }

    /// Replaces the engine state with a snapshot's.
    func load(_ bytes: [UInt8]) throws {
        let restored = try JSBytecodeVM.VM.restore(snapshot: bytes, limits: limits)
        restored.logSink = logHandler
        restored.logs.removeAll()
        vm = restored
    }

    /// Checks every answer against the pending requests (known ids, each
    /// answered once, statuses 200...599) before anything is delivered.
    func validate(_ deliveries: [Delivery]) throws {
        let pending = Set(vm.pendingRequests.map(\.id))
        var seen = Set<String>()
        for d in deliveries {
            guard pending.contains(d.id) else { throw FetchFlowError.unknownRequestID(d.id) }
            guard seen.insert(d.id).inserted else { throw FetchFlowError.duplicateResponseID(d.id) }
            if case .response(let id, let status, _, _, _, _) = d, !(200...599).contains(status) {
                throw FetchFlowError.invalidResponse(id: id, reason: "status \(status) is outside 200...599")
            }
        }
    }

    /// Hands validated answers to the engine, in order. Runs inside the
    /// step (`Step.resume`), so the script code that builds each `Response`
    /// is bounded by the step budget and the heap limit.
    private static func deliver(_ deliveries: [Delivery], to vm: JSBytecodeVM.VM) throws {
        for d in deliveries {
            switch d {
            case .response(let id, let status, let statusText, let headers, let body, let url):
                try vm.deliverResponse(id: id, status: status, statusText: statusText, headers: headers,
                                       body: HTTPStatus.isNullBody(status) ? "" : body, url: url)
            case .failure(let id, let message):
                try vm.deliverNetworkError(id: id, message: message)
            }
        }
    }

    /// Runs `first`, then while paused fetches every pending request with
    /// `fetcher` (concurrently), delivers the answers in request order and
    /// continues. `onStep` runs after every step (logs), `onPause` at every
    /// pause before fetching. A budget pause ends the drive (it returns `.paused(.budget)`).
    func drive(_ first: Step, fetcher: any Fetcher, onStep: (FetchVM) -> Void = { _ in },
               onPause: (FetchVM) throws -> Void = { _ in }) async throws -> StepOutcome {
        vm.logs.removeAll()
        var outcome = step(first)
        onStep(self)
        while case .paused(.fetch) = outcome {
            try onPause(self)
            let requests = vm.pendingRequests.map(FetchRequest.init)
            let responses = try await Self.fetchAll(requests, with: fetcher)
            let deliveries = responses.map(\.delivery)
            try validate(deliveries)
            outcome = step(.resume(deliveries))
            onStep(self)
        }
        return outcome
    }

    /// Performs `requests` concurrently; answers come back in request order
    /// (each answer's id is set to its request's id).
    static func fetchAll(_ requests: [FetchRequest], with fetcher: any Fetcher) async throws -> [FetchResponse] {
        if requests.count == 1 {
            var r = try await fetcher.response(for: requests[0])
            r.id = requests[0].id
            return [r]
        }
        return try await withThrowingTaskGroup(of: (Int, FetchResponse).self) { group in
            for (i, request) in requests.enumerated() {
                group.addTask { (i, try await fetcher.response(for: request)) }
            }
            var out = [FetchResponse?](repeating: nil, count: requests.count)
            for try await (i, response) in group {
                var r = response
                r.id = requests[i].id
                out[i] = r
            }
            return out.compactMap { $0 }
        }
    }

    // MARK: Conversions

    func result(of outcome: StepOutcome) throws -> ExecutionResult {
        let logs = takeLogs()
        switch outcome {
        case .completed(let json):
            return .completed(Completion(value: Self.value(ofJSON: json), json: json, logs: logs))
        case .paused(let reason):
            return .paused(Pause(snapshot: try snapshot(), requests: pendingRequests, logs: logs, reason: reason))
        case .threw(var e):
            e.logs = logs
            throw e
        }
    }

    static func value(ofJSON json: String) -> JSONValue {
        (try? JSONValue(parsing: json)) ?? .null
    }

    /// The completion value through the script's `JSON.stringify`,
    /// normalised to compact JSON (`null` when undefined or not serialisable).
    func jsonText(of value: Value) -> String {
        if value.isUndefined { return "null" }
        guard let json = try? vm.get(vm.globalObject, vm.intern("JSON")),
              let stringify = try? vm.get(json, vm.intern("stringify")),
              let text = try? vm.call(stringify, this: json, arguments: [value]),
              text.isString,
              let swiftText = try? vm.toSwiftString(text),
              let node = try? JSONParser.parse(swiftText)
        else { return "null" }
        return node.serialized()
    }

    /// Name, message and stack of a thrown value.
    func scriptError(from value: Value) -> ScriptError {
        let summary = vm.errorSummary(value)
        guard value.isObject else {
            return ScriptError(name: "Error", message: summary, summary: summary)
        }
        func stringProperty(_ name: String) -> String? {
            guard let v = try? vm.get(value, vm.intern(name)), !v.isUndefined else { return nil }
            return try? vm.toSwiftString(v)
        }
        let name = stringProperty("name")
        let message = stringProperty("message")
        var stack: String?
        if let s = try? vm.get(value, vm.intern("stack")), s.isString { stack = vm.swiftString(s) }
        if name == nil && message == nil {
            return ScriptError(name: "Error", message: summary, stack: stack, summary: summary)
        }
        return ScriptError(name: name ?? "Error", message: message ?? "", stack: stack, summary: summary)
    }
}

// MARK: - One-shot functions

/// Runs `code` in a fresh `FetchVM` until it completes or pauses
/// (the original FetchFlow API). Throws `ScriptError`.
public func executeCode(_ code: String, limits: ExecutionLimits = ExecutionLimits()) async throws -> ExecutionResult {
    try FetchVM(limits: limits).execute(code)
}

/// Continues a paused execution from its snapshot with `responses` (none
/// for a budget pause; the original FetchFlow API). Throws `SnapshotError`,
/// `FetchFlowError` or `ScriptError`.
public func resumeExecution(_ snapshot: Snapshot, _ responses: [FetchResponse],
                            limits: ExecutionLimits = ExecutionLimits()) async throws -> ExecutionResult {
    try FetchVM(snapshot: snapshot, limits: limits).respond(responses)
}
