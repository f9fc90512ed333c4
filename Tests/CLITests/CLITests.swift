import Foundation
import Testing
@testable import FetchFlow

/// A script with a single fetch, then a two-request batch.
let pipelineScript = """
    console.log("start");
    console.warn("careful");
    const a = await (await fetch("https://api.example.com/a")).json();
    console.log("a", a.v);
    const [b, c] = await Promise.all([
      fetch("https://api.example.com/b"),
      fetch("https://api.example.com/c", {method: "POST", headers: {"Content-Type": "text/plain"}, body: "hi"})]);
    console.log("bc", await b.text(), c.status);
    console.error("done");
    a.v + 1
    """

let pipelineMock = """
    {
      "https://api.example.com/a": {"json": {"v": 41}},
      "https://api.example.com/b": {"body": "B"},
      "POST https://api.example.com/c": {"status": 201, "statusText": "Created"},
      "https://api.example.com/c": {"status": 500}
    }
    """

let answerA = #"[{"id":"r1","status":200,"statusText":"OK","headers":{"content-type":"application/json"},"body":"{\"v\":41}"}]"#

@Suite("fetchflow run")
struct RunCommandTests {
    @Test func runWithMockSplitsStdoutAndStderr() async throws {
        let dir = try TempDir()
        let script = try dir.write("p.js", pipelineScript)
        let mock = try dir.write("m.json", pipelineMock)
        let r = await cli(["run", script, "--mock", mock])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == "start\na 41\nbc B 201\n")
        #expect(r.stderr == "careful\ndone\n")
    }

    @Test func stateDirNumbersEveryPause() async throws {
        let dir = try TempDir()
        let script = try dir.write("p.js", pipelineScript)
        let mock = try dir.write("m.json", pipelineMock)
        let states = dir.path("states/nested")
        let r = await cli(["run", script, "--mock", mock, "--state-dir", states, "--max-steps", "1000000"])
        #expect(r.status == 0, "\(r)")
        let files = try FileManager.default.contentsOfDirectory(atPath: states).sorted()
        #expect(files == ["0001.ffsnap", "0002.ffsnap"])
        let second = try Snapshot(bytes: [UInt8](FileManager.default.contents(atPath: states + "/0002.ffsnap") ?? Data()))
        #expect(second.pendingRequests.map(\.id) == ["r2", "r3"])
        let inspect = await cli(["inspect", states + "/0001.ffsnap"])
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains(#""requests":[{"id":"r1","url":"https://api.example.com/a","method":"GET","headers":{},"body":null}]"#))
    }

    @Test func uncaughtErrorExitsOne() async throws {
        let dir = try TempDir()
        let script = try dir.write("u.js", """
            console.log("one");
            const r = await fetch("https://api.example.com/a");
            console.log("two");
            throw new RangeError("too far: " + r.status);
            """)
        let mock = try dir.write("m.json", pipelineMock)
        let r = await cli(["run", script, "--mock", mock])
        #expect(r.status == 1)
        #expect(r.stdout == "one\ntwo\n")
        #expect(r.stderr == "Uncaught RangeError: too far: 200\n")
    }

    @Test func syntaxErrorExitsOneWithPosition() async throws {
        let dir = try TempDir()
        let script = try dir.write("s.js", "let ok = 1;\nlet broken = (1 + ;\n")
        let r = await cli(["run", script, "--mock", try dir.write("m.json", "{}")])
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderrLines.count == 1)
        #expect(r.stderr.hasPrefix("SyntaxError: "))
        #expect(r.stderr.contains("(\(script):2:"))
    }

    @Test func mockMissExitsTwo() async throws {
        let dir = try TempDir()
        let script = try dir.write("x.js", "console.log('a'); await fetch('https://api.example.com/zzz', {method: 'DELETE'});")
        let r = await cli(["run", script, "--mock", try dir.write("m.json", pipelineMock)])
        #expect(r.status == 2)
        #expect(r.stdout == "a\n")
        #expect(r.stderrLines.count == 1)
        #expect(r.stderr.contains("no mock response for DELETE https://api.example.com/zzz"))
    }

    @Test func ioAndUsageErrorsExitTwo() async throws {
        let dir = try TempDir()
        let script = try dir.write("ok.js", "1")
        let mock = try dir.write("m.json", "{}")
        try dir.write("bad.json", "{\"u\": 5}")
        try dir.write("garbage.json", bytes: [0xFF, 0x00, 0x13])
        let cases: [[String]] = [
            [], ["bogus"], ["run"], ["run", script, script], ["run", dir.path("missing.js")], ["run", dir.url.path],
            ["run", script, "--mock", mock, "--http"], ["run", script, "--mock"], ["run", script, "--mock", dir.path("nope.json")],
            ["run", script, "--mock", dir.path("bad.json")], ["run", script, "--mock", dir.path("garbage.json")],
            ["run", script, "--max-steps", "x"], ["run", script, "--frobnicate"], ["run", script, "--state-dir", mock],
            ["run", script, "--max-steps", "0"], ["run", script, "--on-budget", "later"],
            ["run", script, "--on-budget", "pause"], ["start", script, "--state", dir.path("o"), "--max-heap-bytes", "-1"],
            ["start", script, "--state", dir.path("o"), "--max-call-depth", "many"],
            ["start", script], ["start", "--state", dir.path("o")], ["resume", dir.path("in")],
            ["resume", dir.path("in"), "--responses", mock], ["inspect"], ["inspect", dir.path("missing")],
            ["inspect", dir.url.path], ["inspect", mock],
        ]
        for args in cases {
            let r = await cli(args)
            #expect(r.status == 2, "\(args): \(r)")
            #expect(r.stderrLines.count == 1, "\(args): \(r)")
            #expect(!r.stderr.contains("Fatal"), "\(args)")
        }
        #expect(dir.entries == ["bad.json", "garbage.json", "m.json", "ok.js"])
    }

    @Test func versionAndHelp() async {
        let v = await cli(["--version"])
        #expect(v.status == 0 && v.stdout.hasPrefix("fetchflow "))
        let h = await cli(["--help"])
        #expect(h.status == 0 && h.stdout.contains("fetchflow resume IN [--responses FILE] --state OUT"))
    }
}

@Suite("fetchflow start / resume / inspect")
struct StepwiseCommandTests {
    @Test func fullStepwiseConversation() async throws {
        let dir = try TempDir()
        let script = try dir.write("p.js", pipelineScript)

        let start = await cli(["start", script, "--state", dir.path("s0")])
        #expect(start.status == 0, "\(start)")
        #expect(start.stdout == #"{"status":"paused","reason":"fetch","requests":[{"id":"r1","url":"https://api.example.com/a","method":"GET","headers":{},"body":null}],"logs":[{"level":"log","text":"start"},{"level":"warn","text":"careful"}]}"# + "\n")
        #expect(dir.exists("s0"))

        let responses1 = try dir.write("r1.json", answerA)
        let s0Before = dir.read("s0")
        let step1 = await cli(["resume", dir.path("s0"), "--responses", responses1, "--state", dir.path("s1")])
        #expect(step1.status == 0, "\(step1)")
        #expect(step1.stdout == #"{"status":"paused","reason":"fetch","requests":[{"id":"r2","url":"https://api.example.com/b","method":"GET","headers":{},"body":null},{"id":"r3","url":"https://api.example.com/c","method":"POST","headers":{"content-type":"text/plain"},"body":"hi"}],"logs":[{"level":"log","text":"a 41"}]}"# + "\n")
        #expect(dir.read("s0") == s0Before)

        // Answer a subset: r3 only; r2 stays pending.
        let responses2 = try dir.write("r2.json", #"[{"id":"r3","status":201,"statusText":"Created","headers":{},"body":""}]"#)
        let step2 = await cli(["resume", dir.path("s1"), "--responses", responses2, "--state", dir.path("s2")])
        #expect(step2.status == 0, "\(step2)")
        #expect(step2.stdout == #"{"status":"paused","reason":"fetch","requests":[{"id":"r2","url":"https://api.example.com/b","method":"GET","headers":{},"body":null}],"logs":[]}"# + "\n")

        let inspect = await cli(["inspect", dir.path("s2")])
        #expect(inspect.status == 0, "\(inspect)")
        let info = try JSONValue(parsing: inspect.stdout)
        #expect(info["formatVersion"]?.numberValue != nil)
        #expect(info["engineVersion"]?.stringValue?.isEmpty == false)
        #expect(info["requests"] == [["id": "r2", "url": "https://api.example.com/b", "method": "GET", "headers": [:], "body": nil]])
        if case .object(let stats)? = info["stats"] { #expect(!stats.isEmpty) } else { Issue.record("no stats") }
        #expect(inspect.stdout.hasPrefix(#"{"formatVersion":"#))

        let responses3 = try dir.write("r3.json", #"[{"id":"r2","status":200,"statusText":"OK","headers":{},"body":"B"}]"#)
        let step3 = await cli(["resume", dir.path("s2"), "--responses", responses3, "--state", dir.path("s3")])
        #expect(step3.status == 0, "\(step3)")
        #expect(step3.stdout == #"{"status":"completed","result":42,"logs":[{"level":"log","text":"bc B 201"},{"level":"error","text":"done"}]}"# + "\n")
        #expect(!dir.exists("s3"))
    }

    @Test func networkErrorResponse() async throws {
        let dir = try TempDir()
        let script = try dir.write("n.js", """
            try { await fetch("https://down.example.com/"); } catch (e) { console.log("caught", e.name); }
            """)
        _ = await cli(["start", script, "--state", dir.path("s0")])
        let responses = try dir.write("r.json", #"[{"id":"r1","error":"connection refused"}]"#)
        let r = await cli(["resume", dir.path("s0"), "--responses", responses, "--state", dir.path("s1")])
        #expect(r.stdout == #"{"status":"completed","result":null,"logs":[{"level":"log","text":"caught TypeError"}]}"# + "\n")
    }

    @Test func completedAndErrorOutcomes() async throws {
        let dir = try TempDir()
        let done = await cli(["start", try dir.write("c.js", "console.log('x'); ({n: 1.5, s: 'é\\n\"', a: [true, null]})"),
                              "--state", dir.path("o1")])
        #expect(done.status == 0)
        #expect(done.stdout == #"{"status":"completed","result":{"n":1.5,"s":"é\n\"","a":[true,null]},"logs":[{"level":"log","text":"x"}]}"# + "\n")
        #expect(!dir.exists("o1"))

        let failed = await cli(["start", try dir.write("e.js", "console.log('x'); throw new Error('nope')"), "--state", dir.path("o2")])
        #expect(failed.status == 0)
        #expect(failed.stdout == #"{"status":"error","error":{"name":"Error","message":"nope"},"logs":[{"level":"log","text":"x"}]}"# + "\n")

        let syntax = await cli(["start", try dir.write("s.js", "let = ;"), "--state", dir.path("o3")])
        #expect(syntax.status == 0)
        let outcome = try JSONValue(parsing: syntax.stdout)
        #expect(outcome["status"] == "error")
        #expect(outcome["error"]?["name"] == "SyntaxError")
        #expect(outcome["error"]?["message"]?.stringValue?.contains("s.js:1:") == true)
        #expect(!dir.exists("o2") && !dir.exists("o3"))
    }

    @Test func malformedResponsesLeaveEverythingUntouched() async throws {
        let dir = try TempDir()
        let script = try dir.write("p.js", """
            const [x, y] = await Promise.all([fetch("https://api.example.com/x"), fetch("https://api.example.com/y")]);
            console.log(await x.text(), await y.text());
            """)
        _ = await cli(["start", script, "--state", dir.path("in.ffsnap")])
        let original = try #require(dir.read("in.ffsnap"))
        try dir.write("out.ffsnap", "previous contents")
        let bad: [String] = [
            "", "   ", "not json", "{}", "null", "[1]", "[[]]", "[{}]", #"[{"id":1,"status":200}]"#, #"[{"id":"r1"}]"#,
            #"[{"id":"r1","status":"200"}]"#, #"[{"id":"r1","status":99}]"#, #"[{"id":"r1","status":200.5}]"#,
            #"[{"id":"r1","status":200,"headers":[]}]"#, #"[{"id":"r1","status":200,"headers":{"a":1}}]"#,
            #"[{"id":"r1","status":200,"body":5}]"#, #"[{"id":"r1","status":200,"statusText":null,"body":{}}]"#,
            #"[{"id":"r1","error":404}]"#, #"[{"id":"r1","status":200},{"id":"r1","status":200}]"#,
            #"[{"id":"r1","status":200},{"id":"r9","status":200}]"#, #"[{"id":"r2","error":"x"},{"id":"r1","status":200,}]"#,
            "[{\"id\":\"r1\",\"status\":200,\"body\":\"\u{1}\"}]",
        ]
        for (i, text) in bad.enumerated() {
            let responses = try dir.write("bad\(i).json", text)
            let r = await cli(["resume", dir.path("in.ffsnap"), "--responses", responses, "--state", dir.path("out.ffsnap")])
            #expect(r.status == 2, "\(text): \(r)")
            #expect(r.stdout == "", "\(text)")
            #expect(r.stderrLines.count == 1, "\(text): \(r)")
            #expect(dir.read("in.ffsnap") == original, "\(text)")
            #expect(dir.read("out.ffsnap") == Array("previous contents".utf8), "\(text)")
        }
        try dir.write("garbage.json", bytes: (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let g = await cli(["resume", dir.path("in.ffsnap"), "--responses", dir.path("garbage.json"), "--state", dir.path("fresh")])
        #expect(g.status == 2)
        #expect(!dir.exists("fresh"))
        // No temporary files left behind.
        #expect(dir.entries.filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func outputFailuresAreCleanAndInputStays() async throws {
        let dir = try TempDir()
        let script = try dir.write("p.js", "await fetch('https://api.example.com/a'); await fetch('https://api.example.com/b');")
        _ = await cli(["start", script, "--state", dir.path("in")])
        let original = try #require(dir.read("in"))
        let responses = try dir.write("r.json", answerA)
        for out in [dir.path("no/such/dir/out"), dir.url.path, ""] {
            let r = await cli(["resume", dir.path("in"), "--responses", responses, "--state", out])
            #expect(r.status == 2, "\(out): \(r)")
            #expect(r.stdout == "")
            #expect(r.stderrLines.count == 1)
            #expect(dir.read("in") == original)
        }
        let s = await cli(["start", script, "--state", dir.path("missing-dir/s0")])
        #expect(s.status == 2)
        #expect(s.stdout == "")
        // Resuming onto the input path replaces it only once everything succeeded.
        let same = await cli(["resume", dir.path("in"), "--responses", responses, "--state", dir.path("in")])
        #expect(same.status == 0, "\(same)")
        #expect(try Snapshot(bytes: dir.read("in") ?? []).pendingRequests.map(\.id) == ["r2"])
        #expect(dir.entries.filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func foreignAndCorruptSnapshotsExitTwo() async throws {
        let dir = try TempDir()
        let responses = try dir.write("r.json", "[]")
        try dir.write("empty", "")
        try dir.write("text", "this is not a snapshot")
        try dir.write("zeros", bytes: [UInt8](repeating: 0, count: 10_000))
        for name in ["empty", "text", "zeros", "r.json"] {
            let r = await cli(["resume", dir.path(name), "--responses", responses, "--state", dir.path("out")])
            #expect(r.status == 2, "\(name): \(r)")
            #expect(r.stderrLines.count == 1)
            #expect(!dir.exists("out"))
            let i = await cli(["inspect", dir.path(name)])
            #expect(i.status == 2 && i.stdout == "", "\(name)")
        }
    }
}

@Suite("corrupt snapshots", .serialized)
struct CorruptSnapshotTests {
    /// A real snapshot and an answer to its pending request.
    static func realSnapshot() async throws -> [UInt8] {
        let dir = try TempDir()
        let script = try dir.write("p.js", pipelineScript)
        let r = await cli(["start", script, "--state", dir.path("s0")])
        precondition(r.status == 0)
        return dir.read("s0") ?? []
    }

    /// The CLI's resume path on in-memory bytes; the exit status.
    static func resume(_ snapshot: [UInt8], _ responses: [UInt8], out: String) -> Int32 {
        let io = CommandLineTool.Output(stdout: { _ in }, stderr: { _ in })
        do {
            try CommandLineTool.resume(snapshot: snapshot, named: "in", responses: responses, named: "r.json",
                                       stateOut: out, io)
            return 0
        } catch let f as CommandLineTool.Failure {
            return f.status
        } catch {
            return 99
        }
    }

    @Test func truncationAtEveryLengthInProcess() async throws {
        let bytes = try await Self.realSnapshot()
        #expect(bytes.count > 16)
        let dir = try TempDir()
        let responses = Array(answerA.utf8)
        let out = dir.path("out")
        #expect(Self.resume(bytes, responses, out: out) == 0)
        try? FileManager.default.removeItem(atPath: out)
        let clock = ContinuousClock()
        let started = clock.now
        // Shrink one buffer in place (no copy per length).
        var truncated = bytes
        while !truncated.isEmpty {
            truncated.removeLast()
            let status = Self.resume(truncated, responses, out: out)
            if status != 2 {
                Issue.record("truncated to \(truncated.count) of \(bytes.count) bytes: exit \(status)")
                break
            }
        }
        #expect(!dir.exists("out"))
        #expect(clock.now - started < .seconds(60))
    }

    @Test func truncationThroughTheBinary() async throws {
        let bytes = try await Self.realSnapshot()
        let dir = try TempDir()
        let responses = try dir.write("r.json", answerA)
        let lengths = Set([0, 1, 4, 8, 12, 16, 24, 32, 64, bytes.count / 3, bytes.count / 2, bytes.count - 8, bytes.count - 1])
        for length in lengths.sorted() where length < bytes.count {
            let input = Array(bytes[0..<length])
            let path = try dir.write("in-\(length)", bytes: input)
            let r = try FetchflowBinary.run(["resume", path, "--responses", responses, "--state", dir.path("out")])
            #expect(r.status == 2, "length \(length): \(r)")
            #expect(r.stderrLines.count == 1, "length \(length): \(r)")
            #expect(dir.read("in-\(length)") == input)
            #expect(!dir.exists("out"))
        }
    }

    @Test func thousandRandomByteFlips() async throws {
        let bytes = try await Self.realSnapshot()
        let dir = try TempDir()
        let responses = Array(answerA.utf8)
        let out = dir.path("out")
        var rng = SplitMix64(state: 0xF1F0_5EED)
        var clean = 0, rejected = 0
        for _ in 0..<1000 {
            var copy = bytes
            let index = Int.random(in: 0..<copy.count, using: &rng)
            let flip = UInt8.random(in: 1...255, using: &rng)
            copy[index] ^= flip
            let before = copy
            let status = Self.resume(copy, responses, out: out)
            #expect(status == 0 || status == 2, "flip at \(index): exit \(status)")
            #expect(copy == before)
            if status == 0 { clean += 1 } else { rejected += 1 }
            try? FileManager.default.removeItem(atPath: out)
        }
        #expect(clean + rejected == 1000)
    }
}

@Suite("the fetchflow executable", .serialized)
struct BinaryTests {
    @Test func runStartResumeInspectThroughTheBinary() throws {
        let dir = try TempDir()
        let script = try dir.write("p.js", pipelineScript)
        let mock = try dir.write("m.json", pipelineMock)
        let run = try FetchflowBinary.run(["run", script, "--mock", mock])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "start\na 41\nbc B 201\n")
        #expect(run.stderr == "careful\ndone\n")

        let start = try FetchflowBinary.run(["start", script, "--state", dir.path("s0")])
        #expect(start.status == 0)
        #expect(start.stdout.hasPrefix(#"{"status":"paused","reason":"fetch","requests":[{"id":"r1""#))
        let responses = try dir.write("r1.json", answerA)
        let resume = try FetchflowBinary.run(["resume", dir.path("s0"), "--responses", responses, "--state", dir.path("s1")])
        #expect(resume.status == 0)
        #expect(resume.stdout.contains(#""id":"r3""#))
        let inspect = try FetchflowBinary.run(["inspect", dir.path("s1")])
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains(#""requests":[{"id":"r2""#))

        let missing = try FetchflowBinary.run(["run", dir.path("nope.js")])
        #expect(missing.status == 2)
        #expect(missing.stderrLines.count == 1)
        let uncaught = try FetchflowBinary.run(["run", try dir.write("u.js", "throw new TypeError('t')"), "--mock", mock])
        #expect(uncaught.status == 1)
        #expect(uncaught.stderr == "Uncaught TypeError: t\n")
        let version = try FetchflowBinary.run(["--version"])
        #expect(version.status == 0)
    }
}
