// The `console` object: each method formats its arguments like Node's
// console (Inspect.swift) and records one log entry at its level.

enum ConsoleBuiltins {
    static let natives: [NativeFunction] = ["log", "info", "debug", "warn", "error"].map { level in
        NativeFunction("console", level, 0) { vm, _, args in
            let text = try vm.formatLog(Array(args))
            // Formatting is native work proportional to the output: a step
            // per 64 bytes, so that logging a huge string in a loop is
            // bounded by the step budget like the loop itself.
            try vm.chargeSteps(text.utf8.count / 64)
            vm.emitLog(level: level, text: text)
            return .undefined
        }
    }

    static func install(_ vm: VM) {
        let console = vm.newObject()
        vm.installNatives(owner: "console", on: console)
        vm.defineNamed(vm.globalObject, vm.intern("console"), console, flags: .hidden)
    }
}
