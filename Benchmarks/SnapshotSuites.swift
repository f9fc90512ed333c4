// The pause/snapshot suites of fetchflow-bench:
//   roundTrip   pause → snapshot → restore → resume of a small script (median µs)
//   sequential  a script awaiting 1,000 fetches in a loop, every step a full
//               snapshot round trip: first 100 steps vs last 100 steps
//   heap        10,000 and 100,000 live objects {id, name, tags} across a pause:
//               snapshot bytes vs JSON.stringify, write and read ms, MB/s

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

    /// One full step: snapshot, restore into a new VM, answer every pending
    /// request, run to the next pause. Returns the new VM and the nanoseconds taken.
    static func roundTripStep(_ vm: VM, body: String) -> (VM, UInt64) {
        let t0 = now()
        let bytes = vm.writeSnapshot()
        guard let restored = try? VM.restore(snapshot: bytes) else { fatalError("restore failed") }
        answerAll(restored, body: body)
        _ = restored.runUntilIdle()
        return (restored, now() - t0)
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

    static func sequential() -> (first: Double, last: Double) {
        let source = """
        const seen = [];
        for (let i = 0; i < 1000; i++) { const r = await fetch("https://x/item/" + i); seen.push((await r.text()).length); }
        seen.length
        """
        var vm = VM()
        _ = vm.execute(source: source, fileName: "sequential.js")
        var samples: [UInt64] = []
        while !vm.pendingRequests.isEmpty {
            let (next, ns) = roundTripStep(vm, body: "payload")
            samples.append(ns)
            vm = next
        }
        return (medianMicros(Array(samples.prefix(100))), medianMicros(Array(samples.suffix(100))))
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

    static func run(json: Bool) {
        let rt = roundTrip()
        let seq = sequential()
        let heaps = [heap(10_000), heap(100_000)]
        if json {
            let h = heaps.map { "{\"objects\":\($0.objects),\"snapshotBytes\":\($0.snapshotBytes),\"jsonBytes\":\($0.jsonBytes),\"writeMs\":\(String(format: "%.3f", $0.writeMs)),\"readMs\":\(String(format: "%.3f", $0.readMs))}" }
            print("{\"roundTripMicros\":\(String(format: "%.1f", rt)),\"sequentialFirst100Micros\":\(String(format: "%.1f", seq.first)),\"sequentialLast100Micros\":\(String(format: "%.1f", seq.last)),\"heaps\":[\(h.joined(separator: ","))]}")
            return
        }
        print(String(format: "round trip (pause → snapshot → restore → resume): median %.1f µs", rt))
        print(String(format: "1,000 sequential fetches: first 100 steps median %.1f µs, last 100 steps median %.1f µs (ratio %.2f)",
                     seq.first, seq.last, seq.last / seq.first))
        for h in heaps {
            let mb = Double(h.snapshotBytes) / 1e6
            print(String(format: "heap %7d objects: snapshot %9d bytes (%.2f× JSON.stringify's %d), write %.1f ms (%.0f MB/s), read %.1f ms (%.0f MB/s)",
                         h.objects, h.snapshotBytes, Double(h.snapshotBytes) / Double(max(h.jsonBytes, 1)), h.jsonBytes,
                         h.writeMs, mb / (h.writeMs / 1000), h.readMs, mb / (h.readMs / 1000)))
        }
    }
}
