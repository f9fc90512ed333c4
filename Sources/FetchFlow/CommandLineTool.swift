import Foundation
import JSBytecodeVM

/// The `fetchflow` command line (docs/cli-contract.md), as a library
/// function so that tests drive exactly the code the executable runs.
///
/// Exit statuses: 0 success (for `start`/`resume` also when the outcome is
/// a script error), 1 uncaught JavaScript error in `run`, 2 usage, I/O,
/// mock miss, bad responses file or bad snapshot (one line on stderr).
public enum CommandLineTool {
    /// The CLI version (`fetchflow --version`).
    public static let version = "1.0.0"

    /// The usage text (`fetchflow --help`).
    public static let usage = """
        usage: fetchflow run SCRIPT [--mock FILE | --http] [--state-dir DIR] [LIMITS]
               fetchflow start SCRIPT --state OUT [LIMITS]
               fetchflow resume IN [--responses FILE] --state OUT [LIMITS]
               fetchflow inspect IN [--max-snapshot-bytes N]
               fetchflow --version | --help

          run      run SCRIPT to completion, answering fetches from the mock file FILE
                   or over HTTP(S) (--http, the default); console.log/info/debug go to
                   stdout and console.warn/error to stderr as they happen; with
                   --state-dir every pause is also written as DIR/NNNN.ffsnap.
          start    run SCRIPT until the first pause or the end; print the outcome JSON
                   and write the snapshot to OUT when paused
          resume   load the snapshot IN, deliver the responses in FILE (a JSON array of
                   {"id","status","statusText","headers","body"} or {"id","error"}; none
                   when omitted), run until the next pause or the end; print the outcome
                   JSON and write the snapshot to OUT when paused (IN is never modified)
          inspect  describe the snapshot IN as JSON without running it

        LIMITS (each run, start or resume gets its own budget):
          --max-steps N            VM instructions before the budget runs out
          --on-budget pause|terminate
                                   pause (the default for start and resume: the outcome
                                   is paused with "reason":"budget") or end the script
                                   with an uncatchable RangeError (the default for run;
                                   run --on-budget pause needs --state-dir and exits 3)
          --max-heap-bytes N       live heap beyond which the script ends (uncatchable)
          --max-call-depth N       call depth beyond which a catchable RangeError is thrown
          --max-snapshot-bytes N   largest snapshot file accepted (default 1 GiB)

        exit status: 0 ok; 1 uncaught JavaScript error (run); 2 usage, I/O, mock miss,
        bad responses file or bad snapshot; 3 run paused by its step budget
        """

    /// Runs the command line `arguments` (without the program name).
    /// `stdout` and `stderr` receive text as it is produced (lines end in "\n").
    /// Returns the exit status.
    public static func run(arguments: [String], stdout: @escaping (String) -> Void,
                           stderr: @escaping (String) -> Void) async -> Int32 {
        let io = Output(stdout: stdout, stderr: stderr)
        do {
            try await dispatch(arguments, io)
            return 0
        } catch let failure as Failure {
            io.err(failure.message)
            return failure.status
        } catch {
            io.err("fetchflow: \(error)")
            return 2
        }
    }

    // MARK: - Plumbing

    struct Output {
        let stdout: (String) -> Void
        let stderr: (String) -> Void
        func out(_ line: String) { stdout(line + "\n") }
        func err(_ line: String) { stderr(line + "\n") }
    }

    /// Ends the command with an exit status and one line on stderr
    /// (an empty message prints nothing).
    struct Failure: Error {
        var status: Int32
        var message: String
        static func usage(_ problem: String) -> Failure {
            Failure(status: 2, message: "fetchflow: \(problem) (run 'fetchflow --help' for usage)")
        }
        static func error(_ message: String) -> Failure { Failure(status: 2, message: "fetchflow: \(message)") }
    }

    struct ParsedArguments {
        var positional: [String] = []
        var options: [String: String] = [:]
        var flags: Set<String> = []
    }

    /// Parses `--name value`, `--name=value` and flags; `--` ends options.
    static func parse(_ args: [String], command: String, valued: Set<String>, flags: Set<String>) throws -> ParsedArguments {
        var result = ParsedArguments()
        var i = 0
        var optionsEnded = false
        while i < args.count {
            let a = args[i]
            i += 1
            if optionsEnded || !a.hasPrefix("--") || a == "--" {
                if a == "--" && !optionsEnded { optionsEnded = true; continue }
                result.positional.append(a)
                continue
            }
            var name = a
            var inline: String?
            if let eq = a.firstIndex(of: "=") {
                name = String(a[a.startIndex..<eq])
                inline = String(a[a.index(after: eq)...])
            }
            if valued.contains(name) {
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard i < args.count else { throw Failure.usage("\(name) needs a value") }
                    value = args[i]
                    i += 1
                }
                if result.options[name] != nil { throw Failure.usage("\(name) given more than once") }
                result.options[name] = value
            } else if flags.contains(name) {
                if inline != nil { throw Failure.usage("\(name) takes no value") }
                result.flags.insert(name)
            } else {
                throw Failure.usage("unknown option \(name) for '\(command)'")
            }
        }
        return result
    }

    static func one(_ parsed: ParsedArguments, _ what: String, command: String) throws -> String {
        guard parsed.positional.count == 1 else {
            if parsed.positional.isEmpty { throw Failure.usage("'\(command)' needs \(what)") }
            throw Failure.usage("'\(command)' takes one \(what), got \(parsed.positional.count) arguments")
        }
        return parsed.positional[0]
    }

    static func required(_ parsed: ParsedArguments, _ option: String, command: String) throws -> String {
        guard let v = parsed.options[option] else { throw Failure.usage("'\(command)' needs \(option)") }
        guard !v.isEmpty else { throw Failure.usage("\(option) needs a non-empty value") }
        return v
    }

    static func readFile(_ path: String, maxBytes: Int = FileIO.maxReadSize) throws -> [UInt8] {
        do {
            return try FileIO.readFile(path, maxBytes: maxBytes)
        } catch let e as FileError {
            throw Failure.error(e.description)
        }
    }

    static func writeFile(_ bytes: [UInt8], _ path: String) throws {
        do {
            try FileIO.writeFileAtomically(bytes, to: path)
        } catch let e as FileError {
            throw Failure.error(e.description)
        }
    }

    static func readScript(_ path: String) throws -> String {
        var bytes = try readFile(path)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func dispatch(_ arguments: [String], _ io: Output) async throws {
        guard let command = arguments.first else {
            throw Failure.usage("missing command")
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "run": try await runCommand(rest, io)
        case "start": try startCommand(rest, io)
        case "resume": try resumeCommand(rest, io)
        case "inspect": try inspectCommand(rest, io)
        case "--version", "-V", "version":
            io.out("fetchflow \(version) (engine \(JSBytecodeVM.VM.engineVersion))")
        case "--help", "-h", "help":
            io.out(usage)
        default:
            throw Failure.usage("unknown command '\(command)'")
        }
    }

    // MARK: - run

    static func runCommand(_ args: [String], _ io: Output) async throws {
        let parsed = try parse(args, command: "run", valued: limitOptions.union(["--mock", "--state-dir"]),
                               flags: ["--http"])
        let scriptPath = try one(parsed, "a SCRIPT", command: "run")
        if parsed.options["--mock"] != nil && parsed.flags.contains("--http") {
            throw Failure.usage("--mock and --http exclude each other")
        }
        let limits = try executionLimits(parsed, defaultAction: .terminate)
        if limits.onBudgetExhausted == .pause && parsed.options["--state-dir"] == nil {
            throw Failure.usage("run --on-budget pause needs --state-dir (where the paused state is written)")
        }
        let source = try readScript(scriptPath)
        let fetcher: any Fetcher
        if let mockPath = parsed.options["--mock"] {
            let bytes = try readFile(mockPath)
            do {
                fetcher = try MockFetcher(bytes: bytes)
            } catch let e as MockFetcher.FormatError {
                throw Failure.error("invalid mock file '\(mockPath)': \(e.description)")
            }
        } else {
            fetcher = URLSessionFetcher()
        }
        var stateDir: String?
        if let dir = parsed.options["--state-dir"] {
            guard !dir.isEmpty else { throw Failure.usage("--state-dir needs a non-empty value") }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
                if !isDir.boolValue { throw Failure.error("--state-dir '\(dir)' is not a directory") }
            } else {
                do {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                } catch {
                    throw Failure.error("cannot create directory '\(dir)'")
                }
            }
            stateDir = dir
        }

        let fvm = FetchVM(limits: limits)
        fvm.logHandler = { entry in
            switch entry.level {
            case "warn", "error": io.err(entry.text)
            default: io.out(entry.text)
            }
        }
        var pauses = 0
        /// Writes the current state as the next DIR/NNNN.ffsnap; returns its path.
        func saveState(_ vm: FetchVM) throws -> String? {
            pauses += 1
            guard let dir = stateDir else { return nil }
            let path = (dir as NSString).appendingPathComponent(String(format: "%04d.ffsnap", pauses))
            try writeFile(vm.vm.writeSnapshot(), path)
            return path
        }
        let outcome: FetchVM.StepOutcome
        do {
            outcome = try await fvm.drive(.execute(source, scriptPath), fetcher: fetcher,
                                          onStep: { _ = $0.takeLogs() },
                                          onPause: { _ = try saveState($0) })
        } catch let miss as MockFetcher.Miss {
            throw Failure.error(miss.description)
        } catch let e as FetchFlowError {
            throw Failure.error(e.description)
        }
        switch outcome {
        case .completed:
            return
        case .paused:
            // Only a budget pause ends a drive; --state-dir is required for it.
            let path = try saveState(fvm) ?? ""
            throw Failure(status: 3, message: "fetchflow: step budget exhausted; paused state written to \(path)")
        case .threw(let e):
            throw Failure(status: 1, message: e.isSyntaxError ? e.description : "Uncaught \(e.summary)")
        }
    }

    // MARK: - start / resume

    static func startCommand(_ args: [String], _ io: Output) throws {
        let parsed = try parse(args, command: "start", valued: limitOptions.union(["--state"]), flags: [])
        let scriptPath = try one(parsed, "a SCRIPT", command: "start")
        let out = try required(parsed, "--state", command: "start")
        let limits = try executionLimits(parsed, defaultAction: .pause)
        let source = try readScript(scriptPath)
        let fvm = FetchVM(limits: limits)
        let outcome = fvm.step(.execute(source, scriptPath))
        try report(outcome, fvm, stateOut: out, io)
    }

    static func resumeCommand(_ args: [String], _ io: Output) throws {
        let parsed = try parse(args, command: "resume", valued: limitOptions.union(["--responses", "--state"]), flags: [])
        let inPath = try one(parsed, "an IN snapshot", command: "resume")
        let out = try required(parsed, "--state", command: "resume")
        let limits = try executionLimits(parsed, defaultAction: .pause)
        let snapshotBytes = try readFile(inPath, maxBytes: limits.maxSnapshotBytes)
        var responsesPath = "(none)"
        var responseBytes = Array("[]".utf8)
        if parsed.options["--responses"] != nil {
            responsesPath = try required(parsed, "--responses", command: "resume")
            responseBytes = try readFile(responsesPath)
        }
        try resume(snapshot: snapshotBytes, named: inPath, responses: responseBytes, named: responsesPath,
                   stateOut: out, limits: limits, io)
    }

    /// The options every running command takes (see `usage`).
    static let limitOptions: Set<String> = ["--max-steps", "--on-budget", "--max-heap-bytes", "--max-call-depth",
                                            "--max-snapshot-bytes"]

    /// The limits given by `limitOptions`; `defaultAction` applies without `--on-budget`.
    static func executionLimits(_ parsed: ParsedArguments, defaultAction: BudgetAction) throws -> ExecutionLimits {
        func positive(_ option: String) throws -> Int? {
            guard let text = parsed.options[option] else { return nil }
            guard let n = Int(text), n > 0 else { throw Failure.usage("\(option) needs a positive integer") }
            return n
        }
        var action = defaultAction
        if let text = parsed.options["--on-budget"] {
            guard let a = BudgetAction(rawValue: text) else { throw Failure.usage("--on-budget needs 'pause' or 'terminate'") }
            action = a
        }
        let defaults = ExecutionLimits()
        return ExecutionLimits(maxCallDepth: try positive("--max-call-depth") ?? defaults.maxCallDepth,
                               maxSteps: try positive("--max-steps"), onBudgetExhausted: action,
                               maxHeapBytes: try positive("--max-heap-bytes"),
                               maxSnapshotBytes: try positive("--max-snapshot-bytes") ?? defaults.maxSnapshotBytes)
    }

    /// The body of `resume` once both input files are read: restore (the
    /// snapshot is verified), validate the whole responses file, check the
    /// ids against the pending requests, and only then deliver, run, report.
    static func resume(snapshot snapshotBytes: [UInt8], named inPath: String, responses responseBytes: [UInt8],
                       named responsesPath: String, stateOut out: String, limits: ExecutionLimits = ExecutionLimits(),
                       _ io: Output) throws {
        let fvm: FetchVM
        do {
            fvm = try FetchVM(restoring: snapshotBytes, limits: limits)
        } catch let e as SnapshotError {
            throw Failure.error("invalid snapshot '\(inPath)': \(e.description)")
        }
        let deliveries: [Delivery]
        do {
            deliveries = try parseResponses(responseBytes)
        } catch let e as ResponsesError {
            throw Failure.error("invalid responses file '\(responsesPath)': \(e.message)")
        }
        do {
            try fvm.validate(deliveries)
        } catch let e as FetchFlowError {
            throw Failure.error("responses file '\(responsesPath)': \(e.description)")
        }
        let outcome = fvm.step(.resume(deliveries))
        try report(outcome, fvm, stateOut: out, io)
    }

    /// Writes the snapshot (when paused) and then prints the outcome JSON.
    static func report(_ outcome: FetchVM.StepOutcome, _ fvm: FetchVM, stateOut: String, _ io: Output) throws {
        let logs = fvm.takeLogs()
        let logsNode = JSONNode.array(logs.map { .object([("level", .string($0.level)), ("text", .string($0.text))]) })
        let json: JSONNode
        switch outcome {
        case .paused(let reason):
            try writeFile(fvm.vm.writeSnapshot(), stateOut)
            json = .object([("status", .string("paused")), ("reason", .string(reason.rawValue)),
                            ("requests", .array(fvm.vm.pendingRequests.map {
                                requestNode(id: $0.id, url: $0.url, method: $0.method, headers: $0.headers, body: $0.body)
                            })),
                            ("logs", logsNode)])
        case .completed(let text):
            let result = (try? JSONParser.parse(text)) ?? .null
            json = .object([("status", .string("completed")), ("result", result), ("logs", logsNode)])
        case .threw(let e):
            json = .object([("status", .string("error")),
                            ("error", .object([("name", .string(e.name)), ("message", .string(e.message))])),
                            ("logs", logsNode)])
        }
        io.out(json.serialized())
    }

    static func requestNode(id: String, url: String, method: String, headers: [(String, String)], body: String?) -> JSONNode {
        var headerMembers: [(String, JSONNode)] = []
        var index: [String: Int] = [:]
        for (name, value) in headers {
            if let i = index[name], case .string(let old) = headerMembers[i].1 {
                headerMembers[i].1 = .string(old + ", " + value)
            } else {
                index[name] = headerMembers.count
                headerMembers.append((name, .string(value)))
            }
        }
        return .object([("id", .string(id)), ("url", .string(url)), ("method", .string(method)),
                        ("headers", .object(headerMembers)), ("body", body.map { .string($0) } ?? .null)])
    }

    // MARK: - inspect

    static func inspectCommand(_ args: [String], _ io: Output) throws {
        let parsed = try parse(args, command: "inspect", valued: ["--max-snapshot-bytes"], flags: [])
        let inPath = try one(parsed, "an IN snapshot", command: "inspect")
        let bytes = try readFile(inPath, maxBytes: try executionLimits(parsed, defaultAction: .pause).maxSnapshotBytes)
        let info: SnapshotInfo
        do {
            info = try JSBytecodeVM.VM.inspectSnapshot(bytes)
        } catch let e as SnapshotError {
            throw Failure.error("invalid snapshot '\(inPath)': \(e.description)")
        }
        let json = JSONNode.object([
            ("formatVersion", .number(Double(info.formatVersion))),
            ("engineVersion", .string(info.engineVersion)),
            ("requests", .array(info.requests.map {
                requestNode(id: $0.id, url: $0.url, method: $0.method, headers: $0.headers, body: $0.body)
            })),
            ("stats", .object(info.stats.map { ($0.0, .number(Double($0.1))) })),
        ])
        io.out(json.serialized())
    }

    // MARK: - responses file

    struct ResponsesError: Error {
        var message: String
    }

    /// Parses and validates a whole responses file (structure, types,
    /// statuses, duplicate ids) before anything is delivered.
    static func parseResponses(_ bytes: [UInt8]) throws -> [Delivery] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch let e as JSONParseError {
            throw ResponsesError(message: "invalid JSON: \(e.description)")
        }
        guard case .array(let items) = root else {
            throw ResponsesError(message: "expected a JSON array of responses, got \(root.typeName)")
        }
        var out: [Delivery] = []
        var seen = Set<String>()
        for (n, item) in items.enumerated() {
            func bad(_ what: String) -> ResponsesError { ResponsesError(message: "element \(n): \(what)") }
            guard case .object = item else { throw bad("expected an object, got \(item.typeName)") }
            guard case .string(let id)? = item["id"] else { throw bad("\"id\" must be a string") }
            guard seen.insert(id).inserted else { throw bad("duplicate id '\(id)'") }
            if let error = item["error"] {
                guard case .string(let message) = error else { throw bad("\"error\" must be a string") }
                out.append(.failure(id: id, message: message))
                continue
            }
            guard let statusNode = item["status"] else { throw bad("needs \"status\" (or \"error\")") }
            guard case .number(let s) = statusNode, s == s.rounded(), s >= 200, s <= 599 else {
                throw bad("\"status\" must be an integer from 200 to 599")
            }
            var statusText = ""
            switch item["statusText"] {
            case nil, .null?: break
            case .string(let t)?: statusText = t
            default: throw bad("\"statusText\" must be a string")
            }
            var headers: [(String, String)] = []
            switch item["headers"] {
            case nil, .null?: break
            case .object(let members)?:
                for (name, value) in members {
                    guard case .string(let v) = value else { throw bad("header \"\(name)\" must be a string") }
                    headers.append((name.lowercased(), v))
                }
            default: throw bad("\"headers\" must be an object")
            }
            var body = ""
            switch item["body"] {
            case nil, .null?: break
            case .string(let b)?: body = b
            default: throw bad("\"body\" must be a string or null")
            }
            out.append(.response(id: id, status: Int(s), statusText: statusText, headers: headers, body: body, url: nil))
        }
        return out
    }
}
