import FetchFlowFuzzing
import Testing
@testable import JSBytecodeVM

/// The deterministic counterpart of the `intrinsics` fuzz target (see
/// `IntrinsicCalls`): each intrinsic gets every pair of hostile values in
/// its first two positions (and a mix in the next two) from JavaScript,
/// through a real call: none may trap, hang or leave a heap (results kept)
/// that cannot be snapshotted and restored.
@Suite struct IntrinsicArgumentsTests {
    @Test(arguments: IntrinsicCalls.names)
    func hostileArguments(_ name: String) throws {
        let vm = IntrinsicCalls.makeVM(limits: ExecutionLimits(maxCallDepth: 200, stackCapacity: 1 << 14, maxSteps: 2_000_000,
                                                               onBudgetExhausted: .terminate, maxHeapBytes: 64 << 20))
        let count = IntrinsicCalls.paletteCount
        var calls = 0, terminated = 0
        for a in 0..<count {
            let source = """
                {
                \(IntrinsicCalls.palette)
                const results = globalThis.results ??= [];
                let n = 0;
                for (let b = 0; b < P.length; b++) for (let c = 0; c < 3; c++) {
                  try { results.push(I.\(name)(P[\(a)], P[b], P[(b + c) % P.length], P[(\(a) * 7 + c) % P.length])); } catch (e) {}
                  n++;
                }
                n
                }
                """
            let outcome = vm.execute(source: source, fileName: "hostile.js")
            switch outcome {
            case .completed(let n):
                calls += Int(n.number)
            case .paused(.fetch):
                calls += count * 3  // fetchStart left requests pending
            case .threw where vm.terminatedBy == nil:
                // Every call is in a try: an error past it is an unhandled
                // rejection, reported when the script had finished.
                calls += count * 3
            case .threw:
                terminated += 1
            case .paused(.budget), .syntaxError:
                Issue.record("\(name)(P[\(a)], ...) did not complete: \(outcome)")
            }
        }
        #expect(calls >= count * count * 3 / 2, "\(name): most calls ran")
        let restored = try VM.restore(snapshot: vm.writeSnapshot())
        #expect(restored.writeSnapshot().count > 0)
    }

    /// A promise resolving function keeps its promise and "already
    /// resolved" flag in internal slots, which a crafted snapshot can fill
    /// with anything: every pair of palette values, called twice.
    @Test func resolvingFunctionsWithHostileSlots() throws {
        let vm = VM(limits: ExecutionLimits(maxSteps: 10_000_000, onBudgetExhausted: .terminate))
        guard case .completed(let palette) = vm.execute(source: "{ \(IntrinsicCalls.palette) P }", fileName: "palette.js") else {
            Issue.record("the palette did not build")
            return
        }
        let values = vm.object(palette).elements
        #expect(values.count == IntrinsicCalls.paletteCount)
        var functions: [Value] = []
        for id in [PromiseBuiltins.resolveFunctionID, PromiseBuiltins.rejectFunctionID] {
            for promise in values {
                for flag in values { functions.append(vm.makeNativeFunction(id, internalSlots: [promise, flag])) }
            }
            functions.append(vm.makeNativeFunction(id, internalSlots: Array(values.prefix(3))))
        }
        vm.defineNamed(vm.globalObject, vm.intern("F"), vm.newArray(functions), flags: .hidden)
        let outcome = vm.execute(source: "for (const f of F) { f(1); f(2); } F.length", fileName: "resolving.js")
        guard case .completed(let count) = outcome else {
            Issue.record("the calls did not complete: \(outcome)")
            return
        }
        #expect(Int(count.number) == functions.count)
        #expect(try VM.restore(snapshot: vm.writeSnapshot()).writeSnapshot().count > 0)
    }
}

