@_spi(Fuzzing) import FetchFlow
import JSBytecodeVM
import JSCompiler

/// The fuzz targets: what the libFuzzer executables in Fuzz/Targets call
/// for each input, and what the regression test replays for each file of
/// Fuzz/regressions/<rawValue>/.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Source text (UTF-8, invalid sequences replaced) -> compiler. The
    /// compiled code must pass `BytecodeVerifier`. Then the script runs
    /// under the harness limits, answering every fetch, for a few rounds;
    /// each pause's snapshot must load again.
    case compile
    /// Snapshot bytes -> `Snapshot(bytes:)` -> `FetchVM(snapshot:)` -> resume,
    /// answering every pending fetch for a few rounds. The header is rebuilt
    /// first (`SnapshotHeaderRepair`) so that mutations reach the decoder and
    /// kept inputs outlive engine changes. Snapshots written at later pauses
    /// must load again.
    case snapshot
    /// Responses-file bytes -> the `fetchflow resume` parser -> delivery to a
    /// script paused on three fetches (`PausedFixture`) -> resume.
    case responses
    /// Bytes -> calls of the `%Intrinsics` natives with hostile arguments
    /// (`IntrinsicCalls`), as a crafted snapshot's code could make them;
    /// afterwards the heap must snapshot and load again.
    case intrinsics

    /// Runs one input. Returns normally when the engine accepted it or
    /// rejected it cleanly (a syntax error, a `SnapshotError`, a rejected
    /// responses file, a script error); throws a `FuzzFailure` or the
    /// unexpected error when the engine broke one of its promises (see each
    /// case). Crashes and sanitizer reports stay crashes.
    public func run(_ input: [UInt8]) throws {
        switch self {
        case .compile: try Self.compile(input)
        case .snapshot: try Self.resumeSnapshot(input)
        case .responses: try Self.deliverResponses(input)
        case .intrinsics: try IntrinsicCalls.run(input)
        }
    }

    static func compile(_ input: [UInt8]) throws {
        let source = String(decoding: input, as: UTF8.self)
        var globals = GlobalScope()
        let script: CompiledScript
        do {
            script = try Compiler.compile(source, fileName: "fuzz.js", globals: &globals)
        } catch is SyntaxError {
            return
        }
        do {
            try BytecodeVerifier.verify(script.main)
        } catch {
            throw FuzzFailure("the compiler emitted code that fails verification: \(error)")
        }
        try FuzzDriver.drive(FetchVM(limits: FuzzDriver.limits())) { try $0.execute(source, fileName: "fuzz.js") }
    }

    static func resumeSnapshot(_ input: [UInt8]) throws {
        let snapshot: Snapshot
        let vm: FetchVM
        do {
            snapshot = try Snapshot(bytes: SnapshotHeaderRepair.repaired(input))
            vm = try FetchVM(snapshot: snapshot, limits: FuzzDriver.limits())
        } catch is SnapshotError {
            return
        }
        let responses = vm.pendingRequests.map(FuzzDriver.answer)
        try FuzzDriver.drive(vm) { try $0.respond(responses) }
    }

    static func deliverResponses(_ input: [UInt8]) throws {
        let vm = try PausedFixture.pausedVM()
        let responses: ValidatedResponses
        do {
            responses = try CommandLineTool.validatedResponsesFile(input, for: vm)
        } catch {
            return  // a malformed file, a bad status or an unknown id: rejected before anything runs
        }
        try FuzzDriver.drive(vm) { try $0.respond(responses) }
    }
}

/// An input made the engine break one of its promises (not a clean rejection).
public struct FuzzFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
