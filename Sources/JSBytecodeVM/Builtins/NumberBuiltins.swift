// Number: the constructor, its constants and predicates, and
// Number.prototype (formatting is in NumberFormatting.swift).
// `Number.parseInt` / `Number.parseFloat` are the global functions
// themselves; the prelude (Prelude_string.swift) links them once
// GlobalBuiltins has installed the globals.

enum NumberBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("Number", "Number", 1, .constructor) { vm, _, args in
            let n = args.count == 0 ? 0 : try vm.toNumber(args[0])
            guard args.isConstructCall else { return Value(n) }
            let proto = try vm.prototype(forNewTarget: args.newTarget, fallback: vm.intrinsics.numberPrototype)
            return vm.allocate(JSObject(shape: vm.rootShape, proto: proto, kind: .primitive(Value(n))))
        },
        NativeFunction("Number", "isFinite", 1) { _, _, args in
            Value(args[0].isNumber && args[0].number.isFinite)
        },
        NativeFunction("Number", "isInteger", 1) { _, _, args in
            Value(args[0].isNumber && isIntegral(args[0].number))
        },
        NativeFunction("Number", "isNaN", 1) { _, _, args in
            Value(args[0].isNumber && args[0].number.isNaN)
        },
        NativeFunction("Number", "isSafeInteger", 1) { _, _, args in
            Value(args[0].isNumber && isIntegral(args[0].number) && abs(args[0].number) <= 9_007_199_254_740_991)
        },

        NativeFunction("Number.prototype", "toExponential", 1) { vm, this, args in
            let x = try thisNumber(vm, this, "toExponential")
            let f = try vm.toInteger(args[0])
            if !x.isFinite { return vm.newString(VM.numberToString(x)) }
            guard f >= 0 && f <= 100 else {
                throw vm.error(.rangeError, "toExponential() argument must be between 0 and 100")
            }
            return vm.newString(NumberFormatting.exponential(x, fractionDigits: args[0].isUndefined ? nil : Int(f)))
        },
        NativeFunction("Number.prototype", "toFixed", 1) { vm, this, args in
            let x = try thisNumber(vm, this, "toFixed")
            let f = try vm.toInteger(args[0])
            guard f >= 0 && f <= 100 else {
                throw vm.error(.rangeError, "toFixed() digits argument must be between 0 and 100")
            }
            if !x.isFinite || abs(x) >= 1e21 { return vm.newString(VM.numberToString(x)) }
            return vm.newString(NumberFormatting.fixed(x, fractionDigits: Int(f)))
        },
        NativeFunction("Number.prototype", "toLocaleString", 0) { vm, this, _ in
            vm.newString(NumberFormatting.locale(try thisNumber(vm, this, "toLocaleString")))
        },
        NativeFunction("Number.prototype", "toPrecision", 1) { vm, this, args in
            let x = try thisNumber(vm, this, "toPrecision")
            if args[0].isUndefined { return vm.newString(VM.numberToString(x)) }
            let p = try vm.toInteger(args[0])
            if !x.isFinite { return vm.newString(VM.numberToString(x)) }
            guard p >= 1 && p <= 100 else {
                throw vm.error(.rangeError, "toPrecision() argument must be between 1 and 100")
            }
            return vm.newString(NumberFormatting.precision(x, Int(p)))
        },
        NativeFunction("Number.prototype", "toString", 1) { vm, this, args in
            let x = try thisNumber(vm, this, "toString")
            let radix = args[0].isUndefined ? 10 : try vm.toInteger(args[0])
            guard radix >= 2 && radix <= 36 else {
                throw vm.error(.rangeError, "toString() radix argument must be between 2 and 36")
            }
            if radix == 10 { return vm.newString(VM.numberToString(x)) }
            return vm.newString(NumberFormatting.radixString(x, radix: Int(radix)))
        },
        NativeFunction("Number.prototype", "valueOf", 0) { vm, this, _ in
            Value(try thisNumber(vm, this, "valueOf"))
        },
    ]

    static func install(_ vm: VM) {
        // Number.prototype is itself a Number object holding +0.
        let proto = vm.allocate(JSObject(shape: vm.rootShape, proto: vm.intrinsics.objectPrototype,
                                         kind: .primitive(Value(0))))
        vm.intrinsics.numberPrototype = proto
        let ctor = vm.installConstructor("Number", prototype: proto)
        let constants: [(String, Double)] = [
            ("EPSILON", Double.ulpOfOne), ("MAX_SAFE_INTEGER", 9_007_199_254_740_991),
            ("MAX_VALUE", Double.greatestFiniteMagnitude), ("MIN_SAFE_INTEGER", -9_007_199_254_740_991),
            ("MIN_VALUE", Double.leastNonzeroMagnitude), ("NaN", Double.nan),
            ("NEGATIVE_INFINITY", -Double.infinity), ("POSITIVE_INFINITY", Double.infinity),
        ]
        for (name, value) in constants { vm.defineNamed(ctor, vm.intern(name), Value(value), flags: []) }
    }

    /// thisNumberValue: a number primitive or a Number wrapper.
    private static func thisNumber(_ vm: VM, _ this: Value, _ method: String) throws -> Double {
        if this.isNumber { return this.number }
        if this.isObject, case .primitive(let p) = vm.object(this).kind, p.isNumber { return p.number }
        throw vm.error(.typeError, "Number.prototype.\(method) requires that 'this' be a Number")
    }

    private static func isIntegral(_ d: Double) -> Bool {
        d.isFinite && d == d.rounded(.towardZero)
    }
}
