// The Object constructor, its statics and Object.prototype.
// `Object.assign`, `Object.fromEntries` and `Object.prototype.toLocaleString`
// run user code (setters, iterators, `toString`) and live in the prelude
// (Prelude_object.swift) on top of the `%Intrinsics` helpers declared here.

enum ObjectBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("Object", "Object", 1, .constructor) { vm, _, args in
            if args.isConstructCall {
                // `class X extends Object`: an ordinary object with X.prototype.
                let proto = try vm.prototype(forNewTarget: args.newTarget, fallback: vm.intrinsics.objectPrototype)
                if proto != vm.intrinsics.objectPrototype { return vm.newObject(proto: proto) }
            }
            return args[0].isNullish ? vm.newObject() : try vm.toObject(args[0])
        },

        // MARK: Object statics
        NativeFunction("Object", "keys", 1) { vm, _, args in
            let o = try vm.toObject(args[0])
            return vm.newArray(vm.ownKeys(o, onlyEnumerable: true).map { vm.keyValue($0) })
        },
        NativeFunction("Object", "values", 1) { vm, _, args in
            vm.newArray(try vm.enumerableOwnEntries(args[0]).map { $0.1 })
        },
        NativeFunction("Object", "entries", 1) { vm, _, args in
            vm.newArray(try vm.enumerableOwnEntries(args[0]).map { vm.newArray([vm.keyValue($0.0), $0.1]) })
        },
        NativeFunction("Object", "create", 2) { vm, _, args in
            let proto = args[0]
            guard proto.isObject || proto.isNull else {
                throw vm.error(.typeError, "Object prototype may only be an Object or null: \(vm.describeForError(proto))")
            }
            let o = vm.newObject(proto: proto)
            if !args[1].isUndefined { try vm.defineProperties(o, args[1]) }
            return o
        },
        NativeFunction("Object", "getPrototypeOf", 1) { vm, _, args in
            vm.object(try vm.toObject(args[0])).proto
        },
        NativeFunction("Object", "setPrototypeOf", 2) { vm, _, args in
            let target = args[0], proto = args[1]
            if target.isNullish { throw vm.error(.typeError, "Object.setPrototypeOf called on null or undefined") }
            guard proto.isObject || proto.isNull else {
                throw vm.error(.typeError, "Object prototype may only be an Object or null: \(vm.describeForError(proto))")
            }
            if target.isObject { try vm.setPrototypeOrThrow(target, proto) }
            return target
        },
        NativeFunction("Object", "defineProperty", 3) { vm, _, args in
            guard args[0].isObject else { throw vm.error(.typeError, "Object.defineProperty called on non-object") }
            let key = try vm.toPropertyKey(args[1])
            try vm.definePropertyOrThrow(args[0], key, try vm.toPropertyDescriptor(args[2]))
            return args[0]
        },
        NativeFunction("Object", "defineProperties", 2) { vm, _, args in
            guard args[0].isObject else { throw vm.error(.typeError, "Object.defineProperties called on non-object") }
            try vm.defineProperties(args[0], args[1])
            return args[0]
        },
        NativeFunction("Object", "getOwnPropertyDescriptor", 2) { vm, _, args in
            let o = try vm.toObject(args[0])
            let key = try vm.toPropertyKey(args[1])
            guard let d = vm.getOwnProperty(vm.object(o), key) else { return .undefined }
            return vm.fromPropertyDescriptor(d)
        },
        NativeFunction("Object", "getOwnPropertyDescriptors", 1) { vm, _, args in
            let o = try vm.toObject(args[0])
            let result = vm.newObject()
            for key in vm.ownKeys(o, includeSymbols: true) {
                if let d = vm.getOwnProperty(vm.object(o), key) { try vm.defineOwn(result, key, vm.fromPropertyDescriptor(d)) }
            }
            return result
        },
        NativeFunction("Object", "getOwnPropertyNames", 1) { vm, _, args in
            let o = try vm.toObject(args[0])
            return vm.newArray(vm.ownKeys(o).map { vm.keyValue($0) })
        },
        NativeFunction("Object", "getOwnPropertySymbols", 1) { vm, _, args in
            let o = try vm.toObject(args[0])
            return vm.newArray(vm.ownKeys(o, includeSymbols: true).filter { vm.isSymbolAtom($0) }.map { vm.keyValue($0) })
        },
        NativeFunction("Object", "hasOwn", 2) { vm, _, args in
            let o = try vm.toObject(args[0])
            return Value(vm.getOwnProperty(vm.object(o), try vm.toPropertyKey(args[1])) != nil)
        },
        NativeFunction("Object", "is", 2) { vm, _, args in Value(vm.sameValue(args[0], args[1])) },
        NativeFunction("Object", "freeze", 1) { vm, _, args in
            if args[0].isObject { vm.setIntegrityLevel(args[0], frozen: true) }
            return args[0]
        },
        NativeFunction("Object", "seal", 1) { vm, _, args in
            if args[0].isObject { vm.setIntegrityLevel(args[0], frozen: false) }
            return args[0]
        },
        NativeFunction("Object", "preventExtensions", 1) { vm, _, args in
            if args[0].isObject { vm.object(args[0]).extensible = false }
            return args[0]
        },
        NativeFunction("Object", "isFrozen", 1) { vm, _, args in
            Value(!args[0].isObject || vm.testIntegrityLevel(args[0], frozen: true))
        },
        NativeFunction("Object", "isSealed", 1) { vm, _, args in
            Value(!args[0].isObject || vm.testIntegrityLevel(args[0], frozen: false))
        },
        NativeFunction("Object", "isExtensible", 1) { vm, _, args in
            Value(args[0].isObject && vm.object(args[0]).extensible)
        },

        // MARK: Object.prototype
        NativeFunction("Object.prototype", "hasOwnProperty", 1) { vm, this, args in
            let key = try vm.toPropertyKey(args[0])
            let o = try vm.toObject(this)
            return Value(vm.getOwnProperty(vm.object(o), key) != nil)
        },
        NativeFunction("Object.prototype", "isPrototypeOf", 1) { vm, this, args in
            guard args[0].isObject else { return .false }
            return Value(vm.isPrototype(try vm.toObject(this), of: args[0]))
        },
        NativeFunction("Object.prototype", "propertyIsEnumerable", 1) { vm, this, args in
            let key = try vm.toPropertyKey(args[0])
            let o = try vm.toObject(this)
            return Value(vm.getOwnProperty(vm.object(o), key)?.flags.contains(.enumerable) == true)
        },
        NativeFunction("Object.prototype", "toString", 0) { vm, this, _ in
            vm.newString(try vm.objectToStringTag(this))
        },
        NativeFunction("Object.prototype", "valueOf", 0) { vm, this, _ in try vm.toObject(this) },
        NativeFunction("Object.prototype", "__proto__", 0, .getter) { vm, this, _ in
            vm.object(try vm.toObject(this)).proto
        },
        NativeFunction("Object.prototype", "set __proto__", 1, .internal) { vm, this, args in
            if this.isNullish {
                throw vm.error(.typeError, "Object.prototype.__proto__ called on null or undefined")
            }
            let proto = args[0]
            guard proto.isObject || proto.isNull, this.isObject else { return .undefined }
            try vm.setPrototypeOrThrow(this, proto)
            return .undefined
        },

        // MARK: Prelude helpers
        NativeFunction("%Intrinsics", "objectOwnKeys", 1) { vm, _, args in
            // objectOwnKeys(o): [[OwnPropertyKeys]] as string and symbol values.
            vm.newArray(vm.ownKeys(args[0], includeSymbols: true).map { vm.keyValue($0) })
        },
        NativeFunction("%Intrinsics", "objectIsEnumerableOwn", 2) { vm, _, args in
            let key = try vm.toPropertyKey(args[1])
            return Value(vm.getOwnProperty(vm.object(args[0]), key)?.flags.contains(.enumerable) == true)
        },
        NativeFunction("%Intrinsics", "objectAssignFast", 2) { vm, _, args in
            // objectAssignFast(to, from): copies when no user code can run; false = take the slow path.
            Value(try vm.assignWithoutUserCode(to: args[0], from: args[1]))
        },
    ]

    static func install(_ vm: VM) {
        let proto = vm.intrinsics.objectPrototype
        vm.installConstructor("Object", prototype: proto)
        // Give the `__proto__` accessor its setter.
        if let d = vm.getOwnProperty(vm.object(proto), Atom.proto), d.isAccessor {
            let setter = vm.makeNativeFunction(owner: "Object.prototype", name: "set __proto__")
            vm.defineAccessor(proto, Atom.proto, getter: d.getter, setter: setter, flags: .configurable)
        }
    }
}

/// The fields present in a property descriptor object (ToPropertyDescriptor).
struct DescriptorFields {
    var value: Value?
    var writable: Bool?
    var getter: Value?
    var setter: Value?
    var enumerable: Bool?
    var configurable: Bool?

    var isAccessor: Bool { getter != nil || setter != nil }
    var isData: Bool { value != nil || writable != nil }
}

extension VM {
    // MARK: Property descriptors

    /// ToPropertyDescriptor with V8's messages.
    func toPropertyDescriptor(_ v: Value) throws -> DescriptorFields {
        guard v.isObject else {
            throw error(.typeError, "Property description must be an object: \(describeForError(v))")
        }
        var d = DescriptorFields()
        func field(_ key: PropertyKey) throws -> Value? { hasProperty(v, key) ? try get(v, key) : nil }
        if let e = try field(Atom.enumerable) { d.enumerable = toBoolean(e) }
        if let c = try field(Atom.configurable) { d.configurable = toBoolean(c) }
        d.value = try field(Atom.value)
        if let w = try field(Atom.writable) { d.writable = toBoolean(w) }
        if let g = try field(Atom.get) {
            if !g.isUndefined && !isCallable(g) { throw error(.typeError, "Getter must be a function: \(describeForError(g))") }
            d.getter = g
        }
        if let s = try field(Atom.set) {
            if !s.isUndefined && !isCallable(s) { throw error(.typeError, "Setter must be a function: \(describeForError(s))") }
            d.setter = s
        }
        if d.isAccessor && d.isData {
            throw error(.typeError, "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute, \(describeForError(v))")
        }
        return d
    }

    /// FromPropertyDescriptor: `{ value, writable, enumerable, configurable }` or `{ get, set, ... }`.
    func fromPropertyDescriptor(_ d: PropertyDescriptor) -> Value {
        let r = newObject()
        if d.isAccessor {
            defineNamed(r, Atom.get, d.getter)
            defineNamed(r, Atom.set, d.setter)
        } else {
            defineNamed(r, Atom.value, d.value)
            defineNamed(r, Atom.writable, Value(d.flags.contains(.writable)))
        }
        defineNamed(r, Atom.enumerable, Value(d.flags.contains(.enumerable)))
        defineNamed(r, Atom.configurable, Value(d.flags.contains(.configurable)))
        return r
    }

    /// [[DefineOwnProperty]] with ValidateAndApplyPropertyDescriptor; throws
    /// V8's TypeErrors where the definition is rejected.
    func definePropertyOrThrow(_ target: Value, _ key: PropertyKey, _ desc: DescriptorFields) throws {
        let o = object(target)
        guard let current = getOwnProperty(o, key) else {
            if !o.extensible {
                throw error(.typeError, "Cannot define property \(atomString(key)), object is not extensible")
            }
            var flags: PropertyFlags = []
            if desc.enumerable == true { flags.insert(.enumerable) }
            if desc.configurable == true { flags.insert(.configurable) }
            if desc.isAccessor {
                try defineAccessorChecked(o, target, key, getter: desc.getter ?? .undefined,
                                          setter: desc.setter ?? .undefined, flags: flags)
            } else {
                if desc.writable == true { flags.insert(.writable) }
                try defineDataChecked(o, target, key, desc.value ?? .undefined, flags: flags)
            }
            return
        }
        let configurable = current.flags.contains(.configurable)
        if !configurable {
            var rejected = desc.configurable == true
                || (desc.enumerable != nil && desc.enumerable != current.flags.contains(.enumerable))
            if !rejected && (desc.isAccessor || desc.isData) {
                if desc.isAccessor != current.isAccessor {
                    rejected = true
                } else if current.isAccessor {
                    rejected = (desc.getter.map { !sameValue($0, current.getter) } ?? false)
                        || (desc.setter.map { !sameValue($0, current.setter) } ?? false)
                } else if !current.flags.contains(.writable) {
                    rejected = desc.writable == true || (desc.value.map { !sameValue($0, current.value) } ?? false)
                }
            }
            if rejected { throw error(.typeError, "Cannot redefine property: \(atomString(key))") }
        }
        // Merge the new fields into the current attributes.
        var flags: PropertyFlags = []
        if desc.enumerable ?? current.flags.contains(.enumerable) { flags.insert(.enumerable) }
        if desc.configurable ?? configurable { flags.insert(.configurable) }
        if desc.isAccessor {
            let keep = current.isAccessor
            try defineAccessorChecked(o, target, key, getter: desc.getter ?? (keep ? current.getter : .undefined),
                                      setter: desc.setter ?? (keep ? current.setter : .undefined), flags: flags)
        } else if desc.isData || !current.isAccessor {
            if desc.writable ?? (!current.isAccessor && current.flags.contains(.writable)) { flags.insert(.writable) }
            let value = desc.value ?? (current.isAccessor ? .undefined : current.value)
            try defineDataChecked(o, target, key, value, flags: flags)
        } else {
            // A generic descriptor on an accessor: only the attributes change.
            try defineAccessorChecked(o, target, key, getter: current.getter, setter: current.setter, flags: flags)
        }
    }

    /// Stores a data property, routing the exotic cases (array elements and
    /// length, string wrapper indices) to their storage.
    private func defineDataChecked(_ o: JSObject, _ target: Value, _ key: PropertyKey, _ value: Value,
                                   flags: PropertyFlags) throws {
        let idx = arrayIndex(ofAtom: key)
        switch o.kind {
        case .array, .arguments:
            if idx >= 0 {
                // Elements carry no per-index attributes.
                if idx > maxDenseIndex { throw error(.rangeError, "Invalid array length") }
                try setElement(o, Int(idx), value)
                return
            }
            if key == Atom.length, o.isArray {
                try setArrayLength(o, value)
                return
            }
        case .primitive(let p) where p.isString:
            // Indices and length are read-only and were validated unchanged.
            if (idx >= 0 && idx < units(p).count) || key == Atom.length { return }
        default:
            break
        }
        try defineOwn(target, key, value, flags: flags)
    }

    /// Stores an accessor property (an array element becomes a hole first).
    private func defineAccessorChecked(_ o: JSObject, _ target: Value, _ key: PropertyKey, getter: Value,
                                       setter: Value, flags: PropertyFlags) throws {
        let idx = arrayIndex(ofAtom: key)
        switch o.kind {
        case .array, .arguments:
            if idx >= 0 && idx < o.elements.count { o.elements[Int(idx)] = .hole }
            if key == Atom.length, o.isArray { throw error(.typeError, "Cannot redefine property: length") }
        default:
            break
        }
        defineAccessor(target, key, getter: getter, setter: setter, flags: flags)
    }

    /// ObjectDefineProperties: reads every descriptor first, then defines them.
    func defineProperties(_ target: Value, _ properties: Value) throws {
        let props = try toObject(properties)
        var descriptors: [(PropertyKey, DescriptorFields)] = []
        for key in ownKeys(props, includeSymbols: true) {
            guard let d = getOwnProperty(object(props), key), d.flags.contains(.enumerable) else { continue }
            let value = d.isAccessor ? try get(props, key) : d.value
            descriptors.append((key, try toPropertyDescriptor(value)))
        }
        for (key, desc) in descriptors { try definePropertyOrThrow(target, key, desc) }
    }

    // MARK: Helpers of the statics

    /// The enumerable own string-keyed properties of ToObject(v) with their
    /// values (`Object.values` / `Object.entries`), re-checked as getters run.
    func enumerableOwnEntries(_ v: Value) throws -> [(PropertyKey, Value)] {
        let o = try toObject(v)
        var result: [(PropertyKey, Value)] = []
        for key in ownKeys(o, onlyEnumerable: true) {
            guard let d = getOwnProperty(object(o), key), d.flags.contains(.enumerable) else { continue }
            result.append((key, d.isAccessor ? try callGetter(d.getter, o) : d.value))
        }
        return result
    }

    /// Sets [[Prototype]], with V8's errors for non-extensible objects, cycles
    /// and Object.prototype (an immutable prototype exotic object).
    func setPrototypeOrThrow(_ target: Value, _ proto: Value) throws {
        if target == intrinsics.objectPrototype && proto != object(target).proto {
            throw error(.typeError, "Immutable prototype object 'Object.prototype' cannot have their prototype set")
        }
        if setPrototype(target, proto) { return }
        if !object(target).extensible { throw error(.typeError, "\(describeForError(target)) is not extensible") }
        throw error(.typeError, "Cyclic __proto__ value")
    }

    /// `Object.seal` / `Object.freeze`: no new properties, existing ones
    /// non-configurable (and read-only data when frozen).
    func setIntegrityLevel(_ target: Value, frozen: Bool) {
        let o = object(target)
        o.extensible = false
        o.sealed = true
        if frozen { o.frozen = true }
        for i in 0..<o.shape.count {
            var f = o.shape.flags[i]
            f.remove(.configurable)
            if frozen && !f.contains(.accessor) { f.remove(.writable) }
            if f == o.shape.flags[i] { continue }
            if !o.shape.isDictionary { o.shape = o.shape.toDictionary() }
            o.shape.setFlags(f, at: i)
            o.shapeDidChange()
        }
    }

    /// TestIntegrityLevel for `Object.isSealed` / `Object.isFrozen`.
    func testIntegrityLevel(_ target: Value, frozen: Bool) -> Bool {
        let o = object(target)
        if o.extensible { return false }
        for key in ownKeys(target, includeSymbols: true) {
            if key == Atom.length && o.isArray {
                // The array length attribute follows the object's integrity level.
                if !o.frozen && frozen { return false }
                continue
            }
            guard let d = getOwnProperty(o, key) else { continue }
            if d.flags.contains(.configurable) { return false }
            if frozen && !d.isAccessor && d.flags.contains(.writable) { return false }
        }
        return true
    }

    /// `Object.prototype.toString`: `[object Tag]`, honouring `Symbol.toStringTag`.
    func objectToStringTag(_ this: Value) throws -> String {
        if this.isUndefined { return "[object Undefined]" }
        if this.isNull { return "[object Null]" }
        let o = try toObject(this)
        let builtinTag: String
        switch object(o).kind {
        case .array: builtinTag = "Array"
        case .arguments: builtinTag = "Arguments"
        case .function: builtinTag = "Function"
        case .error: builtinTag = "Error"
        case .primitive(let p):
            builtinTag = p.isBoolean ? "Boolean" : p.isNumber ? "Number" : p.isString ? "String" : "Object"
        default: builtinTag = "Object"
        }
        let tag = try get(o, Atom.symbolToStringTag)
        return "[object \(tag.isString ? swiftString(tag) : builtinTag)]"
    }

    /// Object.assign's copy of one source when it provably runs no user code:
    /// the source has only data properties and every target key is a plain
    /// writable data property or absent (with no accessor or read-only
    /// property inherited). Returns false, having changed nothing, otherwise.
    func assignWithoutUserCode(to target: Value, from source: Value) throws -> Bool {
        guard target.isObject, source.isObject else { return false }
        let from = object(source), to = object(target)
        switch (from.kind, to.kind) {
        case (.ordinary, .ordinary), (.array, .ordinary): break
        default: return false
        }
        let keys = ownKeys(source, includeSymbols: true, onlyEnumerable: true)
        var values: [Value] = []
        values.reserveCapacity(keys.count)
        for key in keys {
            guard let d = getOwnProperty(from, key), !d.isAccessor else { return false }
            if let (_, existing) = findProperty(target.handle, key) {
                if existing.isAccessor || !existing.flags.contains(.writable) { return false }
            } else if !to.extensible {
                return false
            }
            values.append(d.value)
        }
        for (key, value) in zip(keys, values) { try set(target, key, value) }
        return true
    }
}
