import Foundation
import Testing
@testable import FetchFlow
import JSBytecodeVM

private func texts(_ logs: [LogEntry]) -> [String] { logs.map(\.text) }

/// Resumes budget pauses (no responses) until the script completes or
/// pauses for another reason; returns the result and how many budget pauses there were.
private func finishBudgetPauses(_ vm: FetchVM, _ first: ExecutionResult, limit: Int = 1000) throws -> (ExecutionResult, Int) {
    var result = first
    var pauses = 0
    while let pause = result.pause, pause.reason == .budget, pauses < limit {
        pauses += 1
        result = try vm.resume(pause.snapshot, responses: [])
    }
    return (result, pauses)
}

@Suite("Execution limits")
struct LimitsTests {
    @Test func infiniteLoopPausesByBudgetAndAFetchResponseEndsIt() throws {
        let limits = ExecutionLimits(maxSteps: 20_000)
        let source = """
            let done = false, n = 0;
            fetch("https://x/stop").then(r => r.text()).then(t => { done = t; });
            while (!done) { n++; if (n % 500 === 0) await null; }
            console.log("stopped by", done);
            n > 1000
            """
        var result = try FetchVM(limits: limits).execute(source)
        for round in 1...3 {
            let pause = try #require(result.pause, "round \(round)")
            #expect(pause.reason == .budget)
            #expect(pause.requests.map(\.url) == ["https://x/stop"])
            // A fresh FetchVM each time: the snapshot alone carries the running loop.
            result = try FetchVM(limits: limits).resume(pause.snapshot, responses: [])
        }
        let pause = try #require(result.pause)
        let vm = FetchVM(limits: limits)
        result = try vm.resume(pause.snapshot, responses: [.success(id: pause.requests[0].id, body: "response")])
        let (final, _) = try finishBudgetPauses(vm, result)
        let completion = try #require(final.completion)
        #expect(completion.value == true)
        #expect(texts(final.logs) == ["stopped by response"])
    }

    @Test func fetchPausesSayFetch() throws {
        let result = try FetchVM(limits: ExecutionLimits(maxSteps: 1_000_000)).execute("await fetch('https://x/a'); 1")
        #expect(result.pause?.reason == .fetch)
    }

    @Test func budgetPauseInsideADeepCallStack() throws {
        let source = """
            function deep(n) {
                if (n === 0) { let s = 0; for (let i = 0; i < 20000; i++) s += i % 7; return s; }
                return deep(n - 1) + 1;
            }
            deep(300)
            """
        let expected = try FetchVM().execute(source).completion?.value
        #expect(expected == 60_297)
        let vm = FetchVM(limits: ExecutionLimits(maxSteps: 5_000))
        let first = try vm.execute(source)
        #expect(first.pause?.reason == .budget)
        let (final, pauses) = try finishBudgetPauses(vm, first)
        #expect(pauses > 10)
        #expect(final.completion?.value == expected)
    }

    @Test func budgetPauseInsideSortWithAComparator() throws {
        let source = """
            let calls = 0;
            const a = [];
            for (let i = 0; i < 3000; i++) a.push((i * 7919) % 3001);
            a.sort((x, y) => { calls++; return x - y; });
            let sorted = true;
            for (let i = 1; i < a.length; i++) if (a[i - 1] > a[i]) sorted = false;
            [sorted, calls, a[0], a[2999]]
            """
        let unlimited = try #require(try FetchVM().execute(source).completion?.value)
        let vm = FetchVM(limits: ExecutionLimits(maxSteps: 10_000))
        let first = try vm.execute(source)
        let (final, pauses) = try finishBudgetPauses(vm, first)
        #expect(pauses > 5)
        #expect(final.completion?.value == unlimited)
        if case .array(let items) = unlimited { #expect(items.first == true) } else { Issue.record("not an array") }
    }

    @Test func budgetPausesAreDeterministic() throws {
        let source = "let i = 0; while (true) i++;"
        let a = try #require(try FetchVM(limits: ExecutionLimits(maxSteps: 12_345)).execute(source).pause)
        let b = try #require(try FetchVM(limits: ExecutionLimits(maxSteps: 12_345)).execute(source).pause)
        #expect(a.snapshot.bytes == b.snapshot.bytes)
    }

    @Test func terminateIsUncatchable() throws {
        let vm = FetchVM(limits: ExecutionLimits(maxSteps: 10_000, onBudgetExhausted: .terminate))
        let source = "try { while (true) {} } catch (e) { console.log('caught') } finally { console.log('finally') }"
        let error = try #require(throws: ScriptError.self) { try vm.execute(source) }
        #expect(error.name == "RangeError")
        #expect(error.message == "step budget exhausted (10000 steps)")
        #expect(error.logs.isEmpty)
        // The VM is usable again afterwards.
        #expect(try vm.execute("1 + 1").completion?.value == 2)
    }

    @Test func terminateStopsAHugeNativeJob() throws {
        let vm = FetchVM(limits: ExecutionLimits(maxSteps: 100_000, onBudgetExhausted: .terminate))
        // Few instructions, much native work: JSON charges steps per value.
        let source = "JSON.parse(JSON.stringify(Array(200000).fill('xxxxxxxxxx'))).length"
        do {
            _ = try vm.execute(source)
            Issue.record("the native work was not charged")
        } catch let error as ScriptError {
            #expect(error.message.hasPrefix("step budget exhausted"))
        }
    }

    @Test func largeLogsAreChargedByTheirLength() throws {
        let vm = FetchVM(limits: ExecutionLimits(maxSteps: 100_000, onBudgetExhausted: .terminate))
        // A hundred loop iterations, but a megabyte of output each: a step
        // per 64 bytes is 16,384 steps a line, so the budget pays for six.
        let source = "const big = 'x'.repeat(1 << 20); for (let i = 0; i < 100; i++) console.log(big)"
        let error = try #require(throws: ScriptError.self) { try vm.execute(source) }
        #expect(error.message == "step budget exhausted (100000 steps)")
        #expect(error.logs.count == 6)
    }

    @Test func aLoopInsideANativeCallbackCannotPauseAndIsTerminated() throws {
        let vm = FetchVM(limits: ExecutionLimits(maxSteps: 10_000))
        let error = try #require(throws: ScriptError.self) {
            try vm.execute("JSON.stringify({ toJSON() { while (true) {} } })")
        }
        #expect(error.name == "RangeError")
        #expect(error.message.hasPrefix("step budget exhausted"))
    }

    /// Building a delivered Response is script code (the headers list is
    /// filled in a loop): it is part of the resumed step, so the step
    /// budget bounds it, also in a VM fresh from a snapshot, and a
    /// termination ends the script rather than becoming a fetch failure.
    @Test(arguments: [false, true])
    func deliveringAResponseCountsAgainstTheStepBudget(restored: Bool) throws {
        let limits = ExecutionLimits(maxSteps: 2_000, onBudgetExhausted: .terminate)
        // After delivery the script does almost nothing, so only building the
        // Response can run out of budget.
        let source = "try { const r = await fetch('https://x/h'); r.status } catch (e) { 'caught ' + e }"
        var vm = FetchVM(limits: limits)
        let pause = try #require(try vm.execute(source).pause)
        if restored { vm = try FetchVM(snapshot: pause.snapshot, limits: limits) }
        var headers: [String: String] = [:]
        for i in 0..<5_000 { headers["h\(i)"] = "v" }
        let error = try #require(throws: ScriptError.self) {
            try vm.respond([.success(id: pause.requests[0].id, headers: headers)])
        }
        #expect(error.name == "RangeError")
        #expect(error.message == "step budget exhausted (2000 steps)")
        // Few headers fit the budget.
        let small = FetchVM(limits: limits)
        let smallPause = try #require(try small.execute(source).pause)
        let result = try small.respond([.success(id: smallPause.requests[0].id, headers: ["h1": "one"])])
        #expect(result.completion?.value == 200)
    }

    @Test func executeWhilePausedByBudgetIsRefused() throws {
        let vm = FetchVM(limits: ExecutionLimits(maxSteps: 1_000))
        #expect(try vm.execute("while (true) {}").pause?.reason == .budget)
        let error = try #require(throws: ScriptError.self) { try vm.execute("1") }
        #expect(error.message.contains("paused in the middle of a script"))
    }

    @Test func runUsingAFetcherStopsAtABudgetPause() async throws {
        let vm = FetchVM(limits: ExecutionLimits(maxSteps: 5_000))
        let fetcher = MockFetcher(entries: ["https://x/a": .text("ok")])
        do {
            _ = try await vm.run("await fetch('https://x/a'); while (true) {}", using: fetcher)
            Issue.record("expected a budget stop")
        } catch FetchFlowError.budgetExhausted(let snapshot) {
            #expect(snapshot.pendingRequests.isEmpty)
        }
    }

    @Test func memoryBombIsStoppedCleanly() throws {
        let vm = FetchVM(limits: ExecutionLimits(maxHeapBytes: 64 << 20))
        let source = "const a = []; try { while (true) a.push(new Array(1e6)); } catch (e) { console.log('caught') }"
        let error = try #require(throws: ScriptError.self) { try vm.execute(source) }
        #expect(error.name == "RangeError")
        #expect(error.message == "heap limit exceeded (67108864 bytes)")
        #expect(error.logs.isEmpty)
    }

    @Test func smallObjectsAndStringsCountTowardTheHeapLimit() throws {
        for bomb in ["const a = []; while (true) a.push({ x: 1, y: [1, 2, 3] });",
                     "const a = []; let s = 'x'; while (true) { a.push(s); s = s + s + 'y'; }",
                     "const a = []; a.length = 60000000;",
                     "const a = []; for (let i = 0; ; i++) a[i] = i;"] {
            let vm = FetchVM(limits: ExecutionLimits(maxHeapBytes: 32 << 20))
            let error = try #require(throws: ScriptError.self, "\(bomb)") { try vm.execute(bomb) }
            #expect(error.message.hasPrefix("heap limit exceeded"), "\(bomb)")
        }
    }

    @Test func garbageDoesNotCountTowardTheHeapLimit() throws {
        let vm = FetchVM(limits: ExecutionLimits(maxHeapBytes: 16 << 20))
        let source = "let last; for (let i = 0; i < 300000; i++) last = { i, s: 'v' + i, t: [i] }; last.i"
        #expect(try vm.execute(source).completion?.value == 299_999)
    }

    @Test func callDepthIsConfigurableAndCatchable() throws {
        let vm = FetchVM(limits: ExecutionLimits(maxCallDepth: 100))
        let source = """
            function f(n) { return n === 0 ? 0 : 1 + f(n - 1); }
            let message;
            try { f(150); } catch (e) { message = e.name + ": " + e.message; }
            [f(50), message]
            """
        #expect(try vm.execute(source).completion?.value == [50, "RangeError: Maximum call stack size exceeded"])
    }

    /// Natives that call JavaScript nest on the Swift stack. A cycle of
    /// natives pushes no JavaScript frame, and a raised call-depth limit can
    /// outgrow the thread's stack: both used to crash the process.
    @Test func nativeRecursionIsACatchableRangeError() throws {
        let vm = FetchVM()
        let source = """
            const messages = [];
            for (const method of ["toUpperCase", "trim", "toLowerCase"]) {
              const o = {};
              o.toString = String.prototype[method];
              try { String(o); } catch (e) { messages.push(e.name + ": " + e.message); }
            }
            const v = { valueOf: Number.prototype.toFixed };
            try { +v; } catch (e) { messages.push(e.name); }
            messages
            """
        #expect(try vm.execute(source).completion?.value == [
            "RangeError: Maximum call stack size exceeded", "RangeError: Maximum call stack size exceeded",
            "RangeError: Maximum call stack size exceeded", "TypeError",
        ])

        let deep = FetchVM(limits: ExecutionLimits(maxCallDepth: 1_000_000))
        let nested = """
            function Node(d) { this.c = d > 0 ? new Node(d - 1) : null; }
            Node.prototype.toString = function () { return this.c ? "(" + `${this.c}` + ")" : "x"; };
            let message;
            try { `${new Node(100000)}`; } catch (e) { message = e.name + ": " + e.message; }
            [`${new Node(100)}`.length, message]
            """
        #expect(try deep.execute(nested).completion?.value == [201, "RangeError: Maximum call stack size exceeded"])
    }

    @Test func snapshotSizeCeiling() throws {
        let pause = try #require(try FetchVM().execute("await fetch('https://x/a')").pause)
        let small = ExecutionLimits(maxSnapshotBytes: pause.snapshot.bytes.count - 1)
        let error = try #require(throws: SnapshotError.self) { try FetchVM(snapshot: pause.snapshot, limits: small) }
        #expect(error.description.contains("exceeds the limit of"))
        _ = try FetchVM(snapshot: pause.snapshot, limits: ExecutionLimits(maxSnapshotBytes: pause.snapshot.bytes.count))
    }

    @Test func hostileLengthFieldsAreRejectedBeforeAllocating() throws {
        let bytes = try #require(try FetchVM().execute("await fetch('https://x/a')").pause).snapshot.bytes
        // The header's body length claims 1 GiB more than the file holds.
        let engineLength = Int(bytes[12]) | Int(bytes[13]) << 8
        let lengthAt = 14 + engineLength
        var hostile = bytes
        let claimed = UInt64(bytes.count) + (1 << 30)
        for i in 0..<8 { hostile[lengthAt + i] = UInt8(truncatingIfNeeded: claimed >> (8 * UInt64(i))) }
        let error = try #require(throws: SnapshotError.self) { try Snapshot(bytes: hostile) }
        #expect(error.description.contains("announces"))
        // A section length of 1 GiB inside a checksummed body.
        var section = [UInt8](bytes[0..<(lengthAt + 12)])
        section += [1, 0x80, 0x80, 0x80, 0x80, 0x04]  // section 1, LEB128 1 << 30
        let rewritten = SnapshotTestBytes.withValidHeader(section, bodyStart: lengthAt + 12)
        let sectionError = try #require(throws: SnapshotError.self) { try Snapshot(bytes: rewritten) }
        #expect(sectionError.description.contains("claims 1073741824 bytes"))
    }

    @Test func globalThisHoldsOnlyTheDocumentedNames() throws {
        let names = try #require(try FetchVM().execute("Object.getOwnPropertyNames(globalThis).sort()").completion?.value)
        #expect(names == .array(documentedGlobals.sorted().map { .string($0) }))
    }
}

/// The globals README.md documents (no file system, process or environment access).
let documentedGlobals = [
    "AggregateError", "Array", "Boolean", "Error", "EvalError", "Function", "Headers", "Infinity", "JSON", "Map",
    "Math", "NaN", "Number", "Object", "Promise", "RangeError", "ReferenceError", "Response", "Set", "String",
    "Symbol", "SyntaxError", "TypeError", "URIError", "console", "decodeURI", "decodeURIComponent", "encodeURI",
    "encodeURIComponent", "fetch",
    "globalThis", "isFinite", "isNaN", "parseFloat", "parseInt", "queueMicrotask", "undefined",
]

/// Builds snapshot bytes with a correct length and checksum around a body.
enum SnapshotTestBytes {
    static func withValidHeader(_ bytes: [UInt8], bodyStart: Int) -> [UInt8] {
        var out = bytes
        let bodyLength = UInt64(out.count - bodyStart)
        let lengthAt = bodyStart - 12
        for i in 0..<8 { out[lengthAt + i] = UInt8(truncatingIfNeeded: bodyLength >> (8 * UInt64(i))) }
        let crc = crc32(out[bodyStart...])
        for i in 0..<4 { out[lengthAt + 8 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        return out
    }

    static func crc32(_ data: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in data {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}
