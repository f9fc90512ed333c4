import Foundation
import Testing
@testable import FetchFlow

/// The outcome JSON's fields that these tests look at.
private struct Outcome: Decodable {
    struct Request: Decodable { var id: String }
    var status: String
    var reason: String?
    var requests: [Request]?
}

private func outcome(_ r: CLIResult) throws -> Outcome {
    try JSONDecoder().decode(Outcome.self, from: Data(r.stdout.utf8))
}

@Suite("CLI limits")
struct CLILimitsTests {
    static let spin = """
        let done = false, n = 0;
        fetch("https://x/stop").then(r => r.text()).then(t => { done = t; });
        while (!done) { n++; if (n % 500 === 0) await null; }
        console.log("stopped by", done);
        """

    @Test func budgetPausesResumeWithoutResponsesAcrossProcessesThenAResponseEndsTheLoop() async throws {
        let dir = try TempDir()
        let script = try dir.write("spin.js", Self.spin)
        var r = await cli(["start", script, "--state", dir.path("s0"), "--max-steps", "20000"])
        #expect(r.status == 0, "\(r)")
        #expect(try outcome(r).reason == "budget")
        for i in 1...3 {
            r = await cli(["resume", dir.path("s\(i - 1)"), "--state", dir.path("s\(i)"), "--max-steps", "20000"])
            let o = try outcome(r)
            #expect(o.status == "paused" && o.reason == "budget", "\(r)")
            #expect(o.requests?.map(\.id) == ["r1"])
        }
        let responses = try dir.write("r.json", #"[{"id":"r1","status":200,"body":"response"}]"#)
        r = await cli(["resume", dir.path("s3"), "--responses", responses, "--state", dir.path("s4"), "--max-steps", "20000"])
        var i = 4
        while try outcome(r).status == "paused" && i < 50 {
            r = await cli(["resume", dir.path("s\(i)"), "--state", dir.path("s\(i + 1)"), "--max-steps", "20000"])
            i += 1
        }
        #expect(try outcome(r).status == "completed", "\(r)")
        #expect(r.stdout.contains("stopped by response"))
    }

    @Test func fetchPausesReportTheirReason() async throws {
        let dir = try TempDir()
        let script = try dir.write("f.js", "await fetch('https://x/a')")
        let r = await cli(["start", script, "--state", dir.path("s")])
        #expect(r.stdout.hasPrefix(#"{"status":"paused","reason":"fetch","requests":"#), "\(r)")
    }

    @Test func runTerminatesOnBudgetByDefault() async throws {
        let dir = try TempDir()
        let script = try dir.write("loop.js", "try { while (true) {} } finally { console.log('finally') }")
        let r = await cli(["run", script, "--max-steps", "5000"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "Uncaught RangeError: step budget exhausted (5000 steps)\n")
    }

    @Test func runCanPauseOnBudgetIntoTheStateDirectory() async throws {
        let dir = try TempDir()
        let script = try dir.write("loop.js", "let i = 0; while (i < 1e6) i++; console.log(i)")
        let r = await cli(["run", script, "--max-steps", "5000", "--on-budget", "pause", "--state-dir", dir.path("st")])
        #expect(r.status == 3, "\(r)")
        #expect(r.stderr.contains("st/0001.ffsnap"))
        let resumed = await cli(["resume", dir.path("st/0001.ffsnap"), "--state", dir.path("next")])
        #expect(try outcome(resumed).status == "completed")
        #expect(resumed.stdout.contains(#""text":"1000000""#))
    }

    @Test func memoryBombEndsWithExitOne() async throws {
        let dir = try TempDir()
        let script = try dir.write("bomb.js", "const a = []; while (true) a.push(new Array(1e6));")
        let r = await cli(["run", script, "--max-heap-bytes", "50000000"])
        #expect(r.status == 1)
        #expect(r.stderr == "Uncaught RangeError: heap limit exceeded (50000000 bytes)\n")
        let start = await cli(["start", script, "--state", dir.path("s"), "--max-heap-bytes", "50000000"])
        #expect(start.status == 0)
        #expect(start.stdout.contains(#""status":"error","error":{"name":"RangeError","message":"heap limit exceeded"#))
        #expect(!dir.exists("s"))
    }

    @Test func callDepthFlag() async throws {
        let dir = try TempDir()
        let script = try dir.write("deep.js", """
            function f(n) { return n === 0 ? 0 : 1 + f(n - 1); }
            try { f(200); } catch (e) { console.log(e.name); }
            console.log(f(50));
            """)
        let r = await cli(["run", script, "--max-call-depth", "100"])
        #expect(r.status == 0)
        #expect(r.stdout == "RangeError\n50\n")
    }

    @Test func snapshotSizeCeilingLeavesTheInputUntouched() async throws {
        let dir = try TempDir()
        let script = try dir.write("f.js", "await fetch('https://x/a')")
        _ = await cli(["start", script, "--state", dir.path("s")])
        let before = dir.read("s")
        let r = await cli(["resume", dir.path("s"), "--state", dir.path("t"), "--max-snapshot-bytes", "1000"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("larger than the limit of 1000 bytes"), "\(r)")
        #expect(dir.read("s") == before)
        #expect(!dir.exists("t"))
        let inspect = await cli(["inspect", dir.path("s"), "--max-snapshot-bytes", "1000"])
        #expect(inspect.status == 2)
    }
}
