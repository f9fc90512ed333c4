import Foundation
@testable import FetchFlow

/// What one CLI invocation produced.
struct CLIResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
}

final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ s: String) { lock.lock(); text += s; lock.unlock() }
    var value: String { lock.lock(); defer { lock.unlock() }; return text }
}

/// Runs the CLI in-process (the exact code path of the executable).
func cli(_ arguments: [String]) async -> CLIResult {
    let out = OutputBuffer(), err = OutputBuffer()
    let status = await CommandLineTool.run(arguments: arguments, stdout: { out.append($0) }, stderr: { err.append($0) })
    return CLIResult(status: status, stdout: out.value, stderr: err.value)
}

/// A scratch directory removed when released.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fetchflow-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func read(_ name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(name)).map { [UInt8]($0) }
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
}

/// The built `fetchflow` executable: next to the running test binary
/// (`swift test` builds every product into the same directory), else under
/// the package's `.build`, else built on demand.
enum FetchflowBinary {
    static let packageRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static let url: URL? = {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["FETCHFLOW_BIN"] { candidates.append(URL(fileURLWithPath: env)) }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("fetchflow"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/fetchflow"))
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c }
        // Build it (slow, only when the tests run without the product).
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "--product", "fetchflow", "--package-path", packageRoot.path]
        build.standardOutput = FileHandle.nullDevice
        build.standardError = FileHandle.nullDevice
        try? build.run()
        build.waitUntilExit()
        let built = packageRoot.appendingPathComponent(".build/debug/fetchflow")
        return FileManager.default.isExecutableFile(atPath: built.path) ? built : nil
    }()

    /// Runs the executable with `arguments` and collects its output.
    static func run(_ arguments: [String]) throws -> CLIResult {
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        let dir = try TempDir()
        _ = FileManager.default.createFile(atPath: dir.path("out"), contents: nil)
        _ = FileManager.default.createFile(atPath: dir.path("err"), contents: nil)
        let outHandle = try FileHandle(forWritingTo: dir.url.appendingPathComponent("out"))
        let errHandle = try FileHandle(forWritingTo: dir.url.appendingPathComponent("err"))
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        p.standardOutput = outHandle
        p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return CLIResult(status: p.terminationStatus,
                         stdout: String(decoding: dir.read("out") ?? [], as: UTF8.self),
                         stderr: String(decoding: dir.read("err") ?? [], as: UTF8.self))
    }
}

/// Deterministic random numbers for the fuzz tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
