// Symbol and Boolean: the primitive types whose wrappers have no builtin
// family of their own.

enum SymbolBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("Symbol", "Symbol", 0, .constructor) { vm, _, args in
            if args.isConstructCall { throw vm.error(.typeError, "Symbol is not a constructor") }
            let description = args[0].isUndefined ? Value.undefined : try vm.toStringValue(args[0])
            return Value(symbol: vm.newSymbol(description: description))
        },
        NativeFunction("Symbol", "for", 1) { vm, _, args in
            let key = try vm.toUnits(args[0])
            if let atom = vm.symbolRegistry[key] { return Value(symbol: atom) }
            let description = vm.newString(key)
            let atom = vm.newSymbol(description: description)
            vm.atoms[Int(atom)] = .symbol(description: description, registeredKey: true)
            vm.symbolRegistry[key] = atom
            return Value(symbol: atom)
        },
        NativeFunction("Symbol", "keyFor", 1) { vm, _, args in
            guard args[0].isSymbol else { throw vm.error(.typeError, "\(vm.describeForError(args[0])) is not a symbol") }
            guard case .symbol(let description, true) = vm.atoms[Int(args[0].handle)] else { return .undefined }
            return description
        },
        NativeFunction("Symbol.prototype", "toString", 0) { vm, this, _ in
            vm.newString(vm.atomString(try vm.thisSymbolValue(this, "Symbol.prototype.toString").handle))
        },
        NativeFunction("Symbol.prototype", "valueOf", 0) { vm, this, _ in
            try vm.thisSymbolValue(this, "Symbol.prototype.valueOf")
        },
        NativeFunction("Symbol.prototype", "description", 0, .getter) { vm, this, _ in
            let symbol = try vm.thisSymbolValue(this, "Symbol.prototype.description")
            guard case .symbol(let description, _) = vm.atoms[Int(symbol.handle)] else { return .undefined }
            return description
        },
        NativeFunction("Symbol.prototype", "@@toPrimitive", 1) { vm, this, _ in
            try vm.thisSymbolValue(this, "Symbol.prototype [ @@toPrimitive ]")
        },

        NativeFunction("Boolean", "Boolean", 1, .constructor) { vm, _, args in
            let b = Value(vm.toBoolean(args[0]))
            guard args.isConstructCall else { return b }
            let proto = try vm.prototype(forNewTarget: args.newTarget, fallback: vm.intrinsics.booleanPrototype)
            return vm.allocate(JSObject(shape: vm.rootShape, proto: proto, kind: .primitive(b)))
        },
        NativeFunction("Boolean.prototype", "toString", 0) { vm, this, _ in
            vm.newString(try vm.thisBooleanValue(this, "Boolean.prototype.toString").boolValue ? "true" : "false")
        },
        NativeFunction("Boolean.prototype", "valueOf", 0) { vm, this, _ in
            try vm.thisBooleanValue(this, "Boolean.prototype.valueOf")
        },
    ]

    static func install(_ vm: VM) {
        let symbolPrototype = vm.newObject()
        vm.intrinsics.symbolPrototype = symbolPrototype
        let symbol = vm.installConstructor("Symbol", prototype: symbolPrototype)
        // `Symbol.iterator` & co., named after their descriptions.
        for (i, description) in wellKnownSymbols.enumerated() {
            let name = String(description.dropFirst("Symbol.".count))
            vm.defineNamed(symbol, vm.intern(name), Value(symbol: Atom.firstSymbol + PropertyKey(i)), flags: [])
        }
        vm.defineNamed(symbolPrototype, Atom.symbolToStringTag, vm.newString("Symbol"), flags: .configurable)
        if let d = vm.getOwnProperty(vm.object(symbolPrototype), Atom.symbolToPrimitive) {
            vm.defineNamed(symbolPrototype, Atom.symbolToPrimitive, d.value, flags: .configurable)
        }

        // Boolean.prototype is itself a Boolean wrapper of false.
        let booleanPrototype = vm.allocate(JSObject(shape: vm.rootShape, proto: vm.intrinsics.objectPrototype,
                                                    kind: .primitive(.false)))
        vm.intrinsics.booleanPrototype = booleanPrototype
        vm.installConstructor("Boolean", prototype: booleanPrototype)
    }
}

extension VM {
    /// thisSymbolValue: a symbol or a Symbol wrapper object.
    fileprivate func thisSymbolValue(_ this: Value, _ method: String) throws -> Value {
        if this.isSymbol { return this }
        if this.isObject, case .primitive(let p) = object(this).kind, p.isSymbol { return p }
        throw error(.typeError, "\(method) requires that 'this' be a Symbol")
    }

    /// thisBooleanValue: a boolean or a Boolean wrapper object.
    fileprivate func thisBooleanValue(_ this: Value, _ method: String) throws -> Value {
        if this.isBoolean { return this }
        if this.isObject, case .primitive(let p) = object(this).kind, p.isBoolean { return p }
        throw error(.typeError, "\(method) requires that 'this' be a Boolean")
    }
}
