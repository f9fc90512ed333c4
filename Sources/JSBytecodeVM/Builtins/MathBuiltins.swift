import Foundation

// The Math object: ES2020 functions and constants over Glibc's libm, with
// the JavaScript corner cases (`Math.round(-0.4)` is -0; `Math.pow` is the
// interpreter's `**`). `Math.random` is xorshift128+ on `VM.rngState`, so
// it is deterministic and part of a snapshot.

enum MathBuiltins {
    static let natives: [NativeFunction] = [
        unary("abs") { Swift.abs($0) },
        unary("acos") { acos($0) },
        unary("acosh") { acosh($0) },
        unary("asin") { asin($0) },
        unary("asinh") { asinh($0) },
        unary("atan") { atan($0) },
        unary("atanh") { atanh($0) },
        binary("atan2") { atan2($0, $1) },
        unary("cbrt") { cubeRoot($0) },
        unary("ceil") { $0.rounded(.up) },
        NativeFunction("Math", "clz32", 1) { vm, _, args in
            Value(Int(try vm.toUint32(args[0]).leadingZeroBitCount))
        },
        unary("cos") { cos($0) },
        unary("cosh") { cosh($0) },
        unary("exp") { exp($0) },
        unary("expm1") { expm1($0) },
        unary("floor") { $0.rounded(.down) },
        unary("fround") { Double(Float($0)) },
        NativeFunction("Math", "hypot", 2) { vm, _, args in
            let values = try args.map { Swift.abs(try vm.toNumber($0)) }
            return Value(hypotenuse(values))
        },
        NativeFunction("Math", "imul", 2) { vm, _, args in
            let a = try vm.toInt32(args[0]), b = try vm.toInt32(args[1])
            return Value(Int(a &* b))
        },
        unary("log") { log($0) },
        unary("log1p") { log1p($0) },
        unary("log10") { log10($0) },
        unary("log2") { log2($0) },
        NativeFunction("Math", "max", 2) { vm, _, args in
            var result = -Double.infinity
            for v in args {
                let d = v.isNumber ? v.number : try vm.toNumber(v)
                // NaN wins; +0 beats -0.
                if d.isNaN || result.isNaN { result = .nan } else if d > result || (d == 0 && result == 0 && d.sign == .plus) { result = d }
            }
            return Value(result)
        },
        NativeFunction("Math", "min", 2) { vm, _, args in
            var result = Double.infinity
            for v in args {
                let d = v.isNumber ? v.number : try vm.toNumber(v)
                // NaN wins; -0 beats +0.
                if d.isNaN || result.isNaN { result = .nan } else if d < result || (d == 0 && result == 0 && d.sign == .minus) { result = d }
            }
            return Value(result)
        },
        binary("pow") { jsPower($0, $1) },
        NativeFunction("Math", "random", 0) { vm, _, _ in
            // V8's xorshift128+ step, then 52 random mantissa bits in [1, 2) minus 1.
            var s1 = vm.rngState.0
            let s0 = vm.rngState.1
            s1 ^= s1 << 23
            s1 ^= s1 >> 17
            s1 ^= s0
            s1 ^= s0 >> 26
            vm.rngState = (s0, s1)
            return Value(Double(bitPattern: s0 >> 12 | 0x3FF0_0000_0000_0000) - 1)
        },
        unary("round") { jsRound($0) },
        unary("sign") { $0.isNaN || $0 == 0 ? $0 : ($0 > 0 ? 1 : -1) },
        unary("sin") { sin($0) },
        unary("sinh") { sinh($0) },
        unary("sqrt") { $0.squareRoot() },
        unary("tan") { tan($0) },
        unary("tanh") { tanh($0) },
        unary("trunc") { $0.rounded(.towardZero) },
    ]

    static func install(_ vm: VM) {
        let math = vm.newObject()
        vm.installNatives(owner: "Math", on: math)
        let constants: [(String, Double)] = [
            ("E", 2.718281828459045), ("LN10", 2.302585092994046), ("LN2", 0.6931471805599453),
            ("LOG10E", 0.4342944819032518), ("LOG2E", 1.4426950408889634), ("PI", Double.pi),
            ("SQRT1_2", 0.7071067811865476), ("SQRT2", 1.4142135623730951),
        ]
        for (name, value) in constants { vm.defineNamed(math, vm.intern(name), Value(value), flags: []) }
        vm.defineNamed(math, Atom.symbolToStringTag, vm.newString("Math"), flags: .configurable)
        vm.defineNamed(vm.globalObject, vm.intern("Math"), math, flags: .hidden)
    }

    /// A one-argument Math function of ToNumber(x).
    private static func unary(_ name: String, _ f: @escaping (Double) -> Double) -> NativeFunction {
        NativeFunction("Math", name, 1) { vm, _, args in
            let v = args[0]
            return Value(f(v.isNumber ? v.number : try vm.toNumber(v)))
        }
    }

    /// A two-argument Math function (both arguments converted, in order).
    private static func binary(_ name: String, _ f: @escaping (Double, Double) -> Double) -> NativeFunction {
        NativeFunction("Math", name, 2) { vm, _, args in
            let x = try vm.toNumber(args[0])
            return Value(f(x, try vm.toNumber(args[1])))
        }
    }

    /// Math.round: halves round up; -0 and (-0.5, 0) give -0.
    static func jsRound(_ x: Double) -> Double {
        if !x.isFinite || x == x.rounded(.towardZero) { return x }
        if x < 0 && x >= -0.5 { return -0.0 }
        let floor = x.rounded(.down)
        return x - floor >= 0.5 ? floor + 1 : floor
    }

    /// Glibc's cbrt plus one Newton step, so that perfect cubes come out exact
    /// (glibc gives -3.0000000000000004 for the cube root of -27).
    private static func cubeRoot(_ x: Double) -> Double {
        let r = cbrt(x)
        guard r.isFinite, r != 0, abs(x) < 1e300, abs(x) > 1e-300 else { return r }
        return r - (r * r * r - x) / (3 * r * r)
    }

    /// Math.hypot of absolute values, scaled by the largest to avoid overflow
    /// and summed with compensation (as V8 does).
    private static func hypotenuse(_ values: [Double]) -> Double {
        var largest = 0.0
        var sawNaN = false
        for v in values {
            if v.isInfinite { return .infinity }
            if v.isNaN { sawNaN = true } else { largest = max(largest, v) }
        }
        if sawNaN { return .nan }
        if largest == 0 { return 0 }
        var sum = 0.0, compensation = 0.0
        for v in values {
            let n = v / largest
            let summand = n * n - compensation
            let preliminary = sum + summand
            compensation = (preliminary - sum) - summand
            sum = preliminary
        }
        return sum.squareRoot() * largest
    }
}
