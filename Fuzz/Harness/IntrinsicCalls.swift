import JSBytecodeVM

/// Calls of the `%Intrinsics` natives with hostile arguments. The prelude
/// calls them with well-formed arguments, but a snapshot carries the
/// prelude's code and functions, so a crafted snapshot can call any of them
/// with anything. Shared by the `intrinsics` fuzz target and its
/// deterministic test.
public enum IntrinsicCalls {
    /// A script fragment declaring `P`, values that break conversions and
    /// loops: NaN, infinities, huge and negative lengths, wrong types,
    /// exotic objects, live prototypes.
    public static let palette = """
        const P = [undefined, null, true, NaN, Infinity, -Infinity, -0, -1, 0.5, 2 ** 31, 1e10, 2 ** 53,
          "", "abc", {}, [], [1, "b", 3], [, , 1], { length: 1e10 }, { length: Infinity }, { length: -1 },
          { 0: 5, length: 2.5 }, function f(a) { return a; }, Math.max, Symbol("s"), Promise.resolve(1),
          new Map([[1, 2]]), new Set([1]), { get x() { throw 1; }, toString() { throw 2; } },
          Object.create(null), new Error("e"), Object.prototype, Array.prototype, [1, 2].values(),
          { valueOf() { return 1e10; } }, "x".repeat(1000)];
        """

    /// The number of values `palette` declares.
    public static let paletteCount = 36

    /// The names of the `%Intrinsics` natives, in registry order.
    public static let names: [String] = NativeRegistry.all.filter { $0.owner == "%Intrinsics" }.map(\.name)

    /// A VM whose scripts see the intrinsics object as the global `I`.
    public static func makeVM(limits: ExecutionLimits) -> VM {
        let vm = VM(limits: limits)
        let intrinsics = vm.newObject(proto: .null)
        vm.installNatives(owner: "%Intrinsics", on: intrinsics)
        vm.defineNamed(vm.globalObject, vm.intern("I"), intrinsics, flags: .hidden)
        return vm
    }

    /// The fuzz input as a script: each 5 bytes are one call, the intrinsic
    /// (byte 0) and four arguments (bytes 1-4, indices into `P`). Results
    /// and thrown values are appended to `P`, so later calls get them.
    static func script(for input: [UInt8]) -> String {
        var lines = [palette]
        var i = 0
        while i + 5 <= input.count, lines.count <= 64 {
            let name = names[Int(input[i]) % names.count]
            let args = input[i + 1 ..< i + 5].map { "P[\($0) % P.length]" }.joined(separator: ", ")
            lines.append("try { P.push(I.\(name)(\(args))); } catch (e) { P.push(e); }")
            i += 5
        }
        return lines.joined(separator: "\n")
    }

    /// Runs the calls of `input` (see `script(for:)`) under the harness
    /// limits; afterwards the heap must snapshot and load again.
    static func run(_ input: [UInt8]) throws {
        let vm = makeVM(limits: FuzzDriver.limits(onBudgetExhausted: .terminate))
        _ = vm.execute(source: script(for: input), fileName: "intrinsics.js")
        do {
            _ = try VM.restore(snapshot: vm.writeSnapshot(), limits: FuzzDriver.limits())
        } catch {
            throw FuzzFailure("the heap after intrinsic calls does not snapshot and load: \(error)")
        }
    }
}
