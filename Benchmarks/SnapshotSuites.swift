// The pause/snapshot and start-up suites of fetchflow-bench (`--suite NAME`):
//   roundtrip   pause → snapshot → restore → resume of a small script (median µs)
//   sequential  a script awaiting 1,000 fetches in a loop, every step a full
//               snapshot round trip: first 100 steps vs last 100 steps, replayed
//               alternately from their saved pauses
//   heap        10,000 and 100,000 live objects {id, name, tags} across a pause:
//               snapshot bytes vs JSON.stringify, write and read ms, MB/s
//   startup     a `fetchflow run hello.js` process (median wall ms), and a
//               further VM in a warm process (median µs)

import Foundation
import JSBytecodeVM

enum SnapshotSuites {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Answers every pending request with `body`.
    static func answerAll(_ vm: VM, body: String) {
        for r in vm.pendingRequests {
            try? vm.deliverResponse(id: r.id, status: 200, statusText: "OK", headers: [], body: body)
        }
    }

    /// Restores a pause, answers every pending request with `body` and runs
    /// to the next pause.
    static func resume(_ bytes: [UInt8], body: String) -> VM {
        guard let vm = try? VM.restore(snapshot: bytes) else { fatalError("restore failed") }
        answerAll(vm, body: body)
        _ = vm.runUntilIdle()
        return vm
    }

    /// One full step: snapshot, then `resume`. Returns the new VM and the nanoseconds taken.
    static func roundTripStep(_ vm: VM, body: String) -> (VM, UInt64) {
        let t0 = now()
        let next = resume(vm.writeSnapshot(), body: body)
        return (next, now() - t0)
    }

    /// Median of a sample in microseconds.
    static func medianMicros(_ ns: [UInt64]) -> Double { Double(ns.sorted()[ns.count / 2]) / 1000 }

    static func roundTrip() -> Double {
        let source = """
        let n = 0;
        while (true) { const r = await fetch("https://x/" + n); n += (await r.text()).length; if (n > 1e9) break; }
        """
        let vm = VM()
        _ = vm.execute(source: source, fileName: "round.js")
        var current = vm
        var samples: [UInt64] = []
        for _ in 0..<200 {
            let (next, ns) = roundTripStep(current, body: "ok")
            samples.append(ns)
            current = next
        }
        return medianMicros(samples)
    }

    /// One step from a saved pause: `resume`, then snapshot the next pause.
    /// Returns the nanoseconds taken.
    static func replayStep(_ bytes: [UInt8], body: String) -> UInt64 {
        let t0 = now()
        _ = resume(bytes, body: body).writeSnapshot()
        return now() - t0
    }

    /// A script awaiting 1,000 fetches in a loop. The pauses of steps
    /// 0..<100 and 900..<1000 are kept, then replayed alternately (early,
    /// late, early, ...) so that machine noise falls on both halves alike.
    static func sequential() -> (first: Double, last: Double) {
        let source = """
        const seen = [];
        for (let i = 0; i < 1000; i++) { const r = await fetch("https://x/item/" + i); seen.push((await r.text()).length); }
        seen.length
        """
        var vm = VM()
        _ = vm.execute(source: source, fileName: "sequential.js")
        var early: [[UInt8]] = [], late: [[UInt8]] = []
        var step = 0
        while !vm.pendingRequests.isEmpty {
            let bytes = vm.writeSnapshot()
            if step < 100 { early.append(bytes) } else if step >= 900 { late.append(bytes) }
            vm = resume(bytes, body: "payload")
            step += 1
        }
        var first: [UInt64] = [], last: [UInt64] = []
        for (a, b) in zip(early, late) {
            first.append(replayStep(a, body: "payload"))
            last.append(replayStep(b, body: "payload"))
        }
        return (medianMicros(first), medianMicros(last))
    }

    struct HeapFigures {
        var objects: Int, snapshotBytes: Int, jsonBytes: Int, writeMs: Double, readMs: Double
    }

    static func heap(_ count: Int) -> HeapFigures {
        let source = """
        const data = [];
        for (let i = 0; i < \(count); i++) data.push({ id: i, name: "user" + i, tags: ["t" + (i % 7), "g" + (i % 3)] });
        globalThis.jsonLength = JSON.stringify(data).length;
        await fetch("https://x/pause");
        data.length
        """
        let vm = VM()
        _ = vm.execute(source: source, fileName: "heap.js")
        let jsonLength = Int((try? vm.toNumber(vm.get(vm.globalObject, vm.intern("jsonLength")))) ?? 0)
        var writes: [UInt64] = [], reads: [UInt64] = []
        var bytes: [UInt8] = []
        for _ in 0..<5 {
            let t0 = now()
            bytes = vm.writeSnapshot()
            let t1 = now()
            let restored = try? VM.restore(snapshot: bytes)
            let t2 = now()
            // Freeing the restored heap is not part of reading it.
            withExtendedLifetime(restored) {}
            writes.append(t1 - t0)
            reads.append(t2 - t1)
        }
        return HeapFigures(objects: count, snapshotBytes: bytes.count, jsonBytes: jsonLength,
                           writeMs: medianMicros(writes) / 1000, readMs: medianMicros(reads) / 1000)
    }

    /// Start-up: a `fetchflow run` process on a one-line script (median
    /// wall ms, `runs` processes of the CLI built beside this harness), and
    /// creating a VM in a process that already has one (median µs: what
    /// every further VM costs once the builtins and prelude are prepared).
    static func startup(runs: Int = 21) -> (processMillis: Double?, vmMicros: Double) {
        var vmSamples: [UInt64] = []
        for _ in 0..<200 {
            let t0 = now()
            let vm = VM()
            _ = vm.execute(source: "console.log(\"hello\")", fileName: "hello.js")
            vmSamples.append(now() - t0)
        }
        let cli = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("fetchflow")
        guard FileManager.default.isExecutableFile(atPath: cli.path) else { return (nil, medianMicros(vmSamples)) }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("fetchflow-bench-hello.js")
        try? Data("console.log(\"hello\");\n".utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        var processSamples: [UInt64] = []
        for _ in 0..<runs {
            // posix_spawn + waitpid: Foundation's Process polls for the exit.
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup(cli.path), strdup("run"), strdup(script.path), nil]
            defer { argv.forEach { free($0) } }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            defer { posix_spawn_file_actions_destroy(&actions) }
            var pid: pid_t = 0
            let t0 = now()
            guard posix_spawn(&pid, cli.path, &actions, nil, argv, environ) == 0 else { return (nil, medianMicros(vmSamples)) }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            processSamples.append(now() - t0)
        }
        return (medianMicros(processSamples) / 1000, medianMicros(vmSamples))
    }

    /// The suites `fetchflow-bench --suite NAME` selects.
    enum Suite: String, CaseIterable {
        case roundtrip, sequential, heap, startup
    }

    static func run(_ suites: [Suite], json: Bool) {
        var fields: [String] = []
        var lines: [String] = []
        for suite in suites {
            switch suite {
            case .roundtrip:
                let rt = roundTrip()
                fields.append("\"roundTripMicros\":\(String(format: "%.1f", rt))")
                lines.append(String(format: "round trip (pause → snapshot → restore → resume): median %.1f µs", rt))
            case .sequential:
                let seq = sequential()
                fields.append("\"sequentialFirst100Micros\":\(String(format: "%.1f", seq.first)),\"sequentialLast100Micros\":\(String(format: "%.1f", seq.last))")
                lines.append(String(format: "1,000 sequential fetches: first 100 steps median %.1f µs, last 100 steps median %.1f µs (ratio %.2f)",
                                    seq.first, seq.last, seq.last / seq.first))
            case .heap:
                let heaps = [heap(10_000), heap(100_000)]
                let h = heaps.map { "{\"objects\":\($0.objects),\"snapshotBytes\":\($0.snapshotBytes),\"jsonBytes\":\($0.jsonBytes),\"writeMs\":\(String(format: "%.3f", $0.writeMs)),\"readMs\":\(String(format: "%.3f", $0.readMs))}" }
                fields.append("\"heaps\":[\(h.joined(separator: ","))]")
                for h in heaps {
                    let mb = Double(h.snapshotBytes) / 1e6
                    lines.append(String(format: "heap %7d objects: snapshot %9d bytes (%.2f× JSON.stringify's %d), write %.1f ms (%.0f MB/s), read %.1f ms (%.0f MB/s)",
                                        h.objects, h.snapshotBytes, Double(h.snapshotBytes) / Double(max(h.jsonBytes, 1)), h.jsonBytes,
                                        h.writeMs, mb / (h.writeMs / 1000), h.readMs, mb / (h.readMs / 1000)))
                }
            case .startup:
                let s = startup()
                fields.append("\"startupProcessMillis\":\(s.processMillis.map { String(format: "%.2f", $0) } ?? "null"),\"vmCreationMicros\":\(String(format: "%.1f", s.vmMicros))")
                let process = s.processMillis.map { String(format: "%.1f ms", $0) } ?? "n/a (no fetchflow beside the harness)"
                lines.append(String(format: "start-up: `fetchflow run hello.js` median wall %@; a further VM in the same process median %.1f µs",
                                    process as NSString, s.vmMicros))
            }
        }
        print(json ? "{" + fields.joined(separator: ",") + "}" : lines.joined(separator: "\n"))
    }
}
