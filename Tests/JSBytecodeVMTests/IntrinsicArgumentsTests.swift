import Testing
@testable import JSBytecodeVM

/// The `%Intrinsics` natives are called by the prelude with well-formed
/// arguments, but a snapshot carries the prelude's code and functions, so a
/// crafted snapshot can call any of them with anything. Each intrinsic gets
/// every pair of hostile values in its first two positions (and a mix in
/// the next two) from JavaScript, through a real call: none may trap, hang
/// or leave a heap that cannot be snapshotted and restored.
@Suite struct IntrinsicArgumentsTests {
    /// Values that break conversions and loops: NaN, infinities, huge and
    /// negative lengths, wrong types, exotic objects, live prototypes.
    static let palette = """
        const P = [undefined, null, true, NaN, Infinity, -Infinity, -0, -1, 0.5, 2 ** 31, 1e10, 2 ** 53,
          "", "abc", {}, [], [1, "b", 3], [, , 1], { length: 1e10 }, { length: Infinity }, { length: -1 },
          { 0: 5, length: 2.5 }, function f(a) { return a; }, Math.max, Symbol("s"), Promise.resolve(1),
          new Map([[1, 2]]), new Set([1]), { get x() { throw 1; }, toString() { throw 2; } },
          Object.create(null), new Error("e"), Object.prototype, Array.prototype, [1, 2].values(),
          { valueOf() { return 1e10; } }, "x".repeat(1000)];
        """

    static var names: [String] {
        NativeRegistry.all.filter { $0.owner == "%Intrinsics" }.map(\.name)
    }

    @Test(arguments: names)
    func hostileArguments(_ name: String) throws {
        let vm = VM(limits: ExecutionLimits(maxCallDepth: 200, stackCapacity: 1 << 14, maxSteps: 2_000_000,
                                            onBudgetExhausted: .terminate, maxHeapBytes: 64 << 20))
        let intrinsics = vm.newObject(proto: .null)
        vm.installNatives(owner: "%Intrinsics", on: intrinsics)
        vm.defineNamed(vm.globalObject, vm.intern("I"), intrinsics, flags: .hidden)
        let count = 36  // P.length
        var calls = 0, terminated = 0
        for a in 0..<count {
            let source = """
                {
                \(Self.palette)
                let n = 0;
                for (let b = 0; b < P.length; b++) for (let c = 0; c < 3; c++) {
                  try { I.\(name)(P[\(a)], P[b], P[(b + c) % P.length], P[(\(a) * 7 + c) % P.length]); } catch (e) {}
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
        guard case .completed(let palette) = vm.execute(source: "{ \(Self.palette) P }", fileName: "palette.js") else {
            Issue.record("the palette did not build")
            return
        }
        let values = vm.object(palette).elements
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

