// fetchflow-bench: times JavaScript programs on the FetchFlow VM.
//
//   swift run -c release fetchflow-bench [DIR_OR_FILE ...] [--runs N] [--warmup N] [--json]
//   swift run -c release fetchflow-bench --snapshots [--json]
//   swift run -c release fetchflow-bench --suite roundtrip|sequential|heap|startup [--json]
//
// With no path it runs the project's own programs (Benchmarks/programs).
// Each program runs `--warmup` times untimed, then `--runs` times timed,
// each run in a fresh VM (VM creation included, as a user pays it). A
// program's last console line must match `expected.txt` beside it (when
// listed there), otherwise the program is reported as wrong.

import Foundation
import JSBytecodeVM

struct Options {
    var paths: [String] = []
    var runs = 5
    var warmup = 1
    var json = false
    /// `--snapshots` (all of them) or `--suite NAME` (repeatable): the
    /// pause/snapshot and start-up suites instead of programs.
    var suites: [SnapshotSuites.Suite] = []
}

func parseOptions() -> Options {
    var o = Options()
    var args = Array(CommandLine.arguments.dropFirst())
    while !args.isEmpty {
        let a = args.removeFirst()
        switch a {
        case "--runs", "--warmup":
            guard let v = args.first.flatMap({ Int($0) }), v >= 0 else { fail("\(a) needs a number") }
            args.removeFirst()
            if a == "--runs" { o.runs = max(1, v) } else { o.warmup = v }
        case "--json":
            o.json = true
        case "--snapshots":
            o.suites += SnapshotSuites.Suite.allCases
        case "--suite":
            guard let name = args.first, let suite = SnapshotSuites.Suite(rawValue: name) else {
                fail("--suite needs one of \(SnapshotSuites.Suite.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            args.removeFirst()
            o.suites.append(suite)
        case "--help", "-h":
            print("usage: fetchflow-bench [DIR_OR_FILE ...] [--runs N] [--warmup N] [--json] [--snapshots] [--suite NAME]")
            exit(0)
        default:
            if a.hasPrefix("-") { fail("unknown option \(a)") }
            o.paths.append(a)
        }
    }
    if o.paths.isEmpty {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        o.paths = [here.appendingPathComponent("programs").path]
    }
    return o
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("fetchflow-bench: \(message)\n".utf8))
    exit(2)
}

/// The `.js` files named by a path (a directory's files sorted by name) and
/// the expected last lines from an `expected.txt` beside them.
func programs(at path: String) -> [(URL, String?)] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { fail("no such path \(path)") }
    let url = URL(fileURLWithPath: path)
    let directory = isDirectory.boolValue ? url : url.deletingLastPathComponent()
    var expected: [String: String] = [:]
    if let text = try? String(contentsOf: directory.appendingPathComponent("expected.txt"), encoding: .utf8) {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { expected[String(parts[0])] = String(parts[1]) }
        }
    }
    let files: [URL]
    if isDirectory.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        files = names.filter { $0.hasSuffix(".js") }.sorted().map { url.appendingPathComponent($0) }
    } else {
        files = [url]
    }
    return files.map { ($0, expected[$0.deletingPathExtension().lastPathComponent]) }
}

/// One timed run: seconds and the last console line (or the error).
func runOnce(_ source: String, name: String) -> (Double, String) {
    let start = DispatchTime.now().uptimeNanoseconds
    let vm = VM()
    let outcome = vm.execute(source: source, fileName: name)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    switch outcome {
    case .completed, .paused:
        return (seconds, vm.logs.last?.text ?? "")
    case .threw(let error):
        return (seconds, "Uncaught " + vm.errorSummary(error))
    case .syntaxError(let error):
        return (seconds, error.description)
    }
}

struct Result {
    var name: String
    var times: [Double]
    var status: String
    var median: Double { times.sorted()[times.count / 2] }
}

let options = parseOptions()
if !options.suites.isEmpty {
    SnapshotSuites.run(options.suites, json: options.json)
    exit(0)
}
var results: [Result] = []
for path in options.paths {
    for (file, expected) in programs(at: path) {
        let name = file.deletingPathExtension().lastPathComponent
        guard let source = try? String(contentsOf: file, encoding: .utf8) else { fail("cannot read \(file.path)") }
        for _ in 0..<options.warmup { _ = runOnce(source, name: file.lastPathComponent) }
        var times: [Double] = []
        var status = "ok"
        for _ in 0..<options.runs {
            let (t, line) = runOnce(source, name: file.lastPathComponent)
            times.append(t)
            if let expected, line != expected { status = "wrong: \(line)" }
        }
        let r = Result(name: name, times: times, status: status)
        results.append(r)
        if !options.json {
            print(String(format: "%-18@ median %8.3f s  min %8.3f s  max %8.3f s  %@", name as NSString, r.median,
                         times.min() ?? 0, times.max() ?? 0, status as NSString))
        }
    }
}
if options.json {
    let rows = results.map { r -> String in
        let times = r.times.map { String(format: "%.6f", $0) }.joined(separator: ",")
        let status = r.status.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"name\":\"\(r.name)\",\"median\":\(String(format: "%.6f", r.median)),\"min\":\(String(format: "%.6f", r.times.min() ?? 0)),\"max\":\(String(format: "%.6f", r.times.max() ?? 0)),\"runs\":[\(times)],\"status\":\"\(status)\"}"
    }
    print("[" + rows.joined(separator: ",\n ") + "]")
}
exit(results.contains { $0.status != "ok" } ? 1 : 0)
