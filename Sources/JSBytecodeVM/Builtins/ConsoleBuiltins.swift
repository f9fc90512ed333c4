// The `console` object: each method formats its arguments like Node's
// console (Inspect.swift) and records one log entry at its level.

enum ConsoleBuiltins {
    static let natives: [NativeFunction] = ["log", "info", "debug", "warn", "error"].map { level in
        NativeFunction("console", level, 0) { vm, _, args in
            vm.emitLog(level: level, text: try vm.formatLog(Array(args)))
            return .undefined
        }
    }

    static func install(_ vm: VM) {
        let console = vm.newObject()
        vm.installNatives(owner: "console", on: console)
        vm.defineNamed(vm.globalObject, vm.intern("console"), console, flags: .hidden)
    }
}
