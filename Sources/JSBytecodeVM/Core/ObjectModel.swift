// Property access: [[Get]], [[Set]], [[DefineOwnProperty]], [[Delete]],
// [[HasProperty]] and [[OwnPropertyKeys]] over shapes, elements and the
// exotic cases (arrays, strings, arguments).

/// A property descriptor as seen by `Object.getOwnPropertyDescriptor` & co.
public struct PropertyDescriptor {
    public var value: Value = .undefined
    public var getter: Value = .undefined
    public var setter: Value = .undefined
    public var flags: PropertyFlags = []
    public var isAccessor: Bool { flags.contains(.accessor) }
    public init(value: Value, flags: PropertyFlags) {
        self.value = value
        self.flags = flags
    }
    public init(getter: Value, setter: Value, flags: PropertyFlags) {
        self.getter = getter
        self.setter = setter
        self.flags = flags.union(.accessor)
    }
}

/// Largest index stored densely; beyond it indexed writes are rejected with a RangeError.
let maxDenseIndex = 1 << 26

extension VM {
    // MARK: Keys

    /// ToPropertyKey for an index-like number: the atom of its canonical string.
    public func key(forIndex index: Int) -> PropertyKey { intern(Array(String(index).utf16)) }

    /// ToPropertyKey (may call `toString` on objects).
    public func toPropertyKey(_ v: Value) throws -> PropertyKey {
        if v.isString { return atom(ofString: v) }
        if v.isSymbol { return v.handle }
        if let i = v.elementIndex { return key(forIndex: i) }
        let p = try toPrimitive(v, hint: .string)
        if p.isSymbol { return p.handle }
        return atom(ofString: try toStringValue(p))
    }

    // MARK: Own properties

    /// The own property `key` of an object, without invoking getters.
    public func getOwnProperty(_ o: JSObject, _ key: PropertyKey) -> PropertyDescriptor? {
        let idx = arrayIndex(ofAtom: key)
        if idx >= 0 {
            switch o.kind {
            case .array, .arguments:
                if idx < o.elements.count, !o.elements[Int(idx)].isHole {
                    return PropertyDescriptor(value: o.elements[Int(idx)], flags: elementFlags(o))
                }
            case .primitive(let p) where p.isString:
                let u = units(p)
                if idx < u.count { return PropertyDescriptor(value: newString([u[Int(idx)]]), flags: .enumerable) }
            default: break
            }
        }
        if key == Atom.length {
            switch o.kind {
            case .array: return PropertyDescriptor(value: Value(o.elements.count), flags: .writable)
            case .arguments: break
            case .primitive(let p) where p.isString: return PropertyDescriptor(value: Value(units(p).count), flags: [])
            default: break
            }
        }
        let slot = o.shape.lookup(key)
        if slot < 0 { return nil }
        let flags = o.shape.flags[slot]
        if flags.contains(.accessor) {
            if case .accessor(let g, let s) = object(o.slots[slot]).kind {
                return PropertyDescriptor(getter: g, setter: s, flags: flags)
            }
        }
        return PropertyDescriptor(value: o.slots[slot], flags: flags)
    }

    /// Elements of a frozen/sealed array report non-writable/non-configurable.
    private func elementFlags(_ o: JSObject) -> PropertyFlags {
        var f: PropertyFlags = .enumerable
        if o.elementsWritable { f.insert(.writable) }
        if o.elementsConfigurable { f.insert(.configurable) }
        return f
    }

    /// Defines or replaces an own data property (no attribute checks: for
    /// builtins, literals and internal use). An array index key of an array
    /// stores an element, which can fail: past the dense limit or the heap
    /// limit (reachable with any target, e.g. from a crafted snapshot).
    public func defineOwn(_ target: Value, _ key: PropertyKey, _ value: Value, flags: PropertyFlags = .default) throws {
        let o = object(target)
        if case .array = o.kind, arrayIndex(ofAtom: key) >= 0 {
            try setElement(o, Int(arrayIndex(ofAtom: key)), value)
            return
        }
        defineNamed(o, key, value, flags: flags)
    }

    /// Defines or replaces an own data property whose key names no element
    /// (an ordinary object's key, or a name that is not an array index):
    /// the property table only, which cannot fail.
    public func defineNamed(_ target: Value, _ key: PropertyKey, _ value: Value, flags: PropertyFlags = .default) {
        defineNamed(object(target), key, value, flags: flags)
    }

    private func defineNamed(_ o: JSObject, _ key: PropertyKey, _ value: Value, flags: PropertyFlags) {
        let slot = o.shape.lookup(key)
        if slot >= 0 {
            if o.shape.flags[slot] != flags {
                if !o.shape.isDictionary { o.shape = o.shape.toDictionary() }
                o.shape.setFlags(flags, at: slot)
                o.shapeDidChange()
            }
            o.slots[slot] = value
            return
        }
        o.shape = o.shape.adding(key, flags: flags)
        o.appendSlot(value)
    }

    /// Defines an accessor property.
    public func defineAccessor(_ target: Value, _ key: PropertyKey, getter: Value, setter: Value,
                               flags: PropertyFlags = .configurable) {
        let o = object(target)
        let pair = allocate(JSObject(shape: rootShape, proto: .null, kind: .accessor(getter: getter, setter: setter)))
        let f = flags.union(.accessor).subtracting(.writable)
        let slot = o.shape.lookup(key)
        if slot >= 0 {
            if !o.shape.isDictionary { o.shape = o.shape.toDictionary() }
            o.shape.setFlags(f, at: slot)
            o.shapeDidChange()
            o.slots[slot] = pair
            return
        }
        o.shape = o.shape.adding(key, flags: f)
        o.appendSlot(pair)
    }

    /// Stores element `index` of an array-like object, growing it with holes
    /// (elements are dense: at most `maxDenseIndex`, within the heap limit).
    func setElement(_ o: JSObject, _ index: Int, _ value: Value) throws {
        if index < o.elements.count {
            o.elements[index] = value
            return
        }
        if index > maxDenseIndex { throw error(.rangeError, "Invalid array length") }
        let growth = (index + 1 - o.elements.count) * MemoryLayout<Value>.stride
        try reserveHeap(growth)
        chargeHeap(growth)
        if index > o.elements.count {
            o.elements.reserveCapacity(index + 1)
            while o.elements.count < index { o.elements.append(.hole) }
        }
        o.elements.append(value)
    }

    // MARK: Get

    /// [[Get]] of `key` on any value (primitives use their prototype).
    public func get(_ target: Value, _ key: PropertyKey) throws -> Value {
        if target.isObject { return try getFromObject(target.handle, key, receiver: target) }
        return try getFromPrimitive(target, key)
    }

    /// [[Get]] with a value key (`obj[key]`), with fast paths for indices.
    public func getIndexed(_ target: Value, _ keyValue: Value) throws -> Value {
        if let i = keyValue.elementIndex {
            if target.isObject {
                let o = object(target)
                switch o.kind {
                case .array, .arguments:
                    if i < o.elements.count {
                        let v = o.elements[i]
                        if !v.isHole { return v }
                    }
                default: break
                }
            } else if target.isString {
                let s = jsString(target)
                if i < s.units.count { return newString([s.units[i]]) }
                return .undefined
            }
        }
        if keyValue.isNumber, target.isObject {
            // An index key that was never interned names no property anywhere:
            // answer without interning it (so probing indices does not grow the atom table).
            let d = keyValue.number
            if let i = Int(exactly: d), i >= 0, atomByUnits[AtomKey(units: Array(String(i).utf16))] == nil {
                if case .primitive(let p) = object(target).kind, p.isString {} else { return .undefined }
            }
        }
        if target.isNullish {
            let k = keyValue.isSymbol ? "Symbol()" : ((try? toSwiftString(keyValue)) ?? "?")
            throw error(.typeError, "Cannot read properties of \(target.isNull ? "null" : "undefined") (reading '\(k)')")
        }
        return try get(target, try toPropertyKey(keyValue))
    }

    func getFromPrimitive(_ target: Value, _ key: PropertyKey) throws -> Value {
        let proto: Value
        if target.isString {
            if key == Atom.length { return Value(jsString(target).count) }
            let idx = arrayIndex(ofAtom: key)
            if idx >= 0 {
                let u = jsString(target).units
                return idx < u.count ? newString([u[Int(idx)]]) : .undefined
            }
            proto = intrinsics.stringPrototype
        } else if target.isNumber {
            proto = intrinsics.numberPrototype
        } else if target.isBoolean {
            proto = intrinsics.booleanPrototype
        } else if target.isSymbol {
            proto = intrinsics.symbolPrototype
        } else {
            throw error(.typeError, "Cannot read properties of \(target.isNull ? "null" : "undefined") (reading '\(atomString(key))')")
        }
        return try getFromObject(proto.handle, key, receiver: target)
    }

    /// [[Get]] walking the prototype chain from object `handle`.
    public func getFromObject(_ handle: UInt32, _ key: PropertyKey, receiver: Value) throws -> Value {
        var h = handle
        let idx = arrayIndex(ofAtom: key)
        while true {
            let o = object(h)
            if idx >= 0 || key == Atom.length {
                switch o.kind {
                case .array, .arguments, .primitive:
                    if let d = getOwnProperty(o, key) {
                        if d.isAccessor { return try callGetter(d.getter, receiver) }
                        return d.value
                    }
                default: break
                }
            }
            let slot = o.shape.lookup(key)
            if slot >= 0 {
                let v = o.slots[slot]
                if o.shape.flags[slot].contains(.accessor) {
                    guard case .accessor(let g, _) = object(v).kind else { return .undefined }
                    return try callGetter(g, receiver)
                }
                return v
            }
            guard o.proto.isObject else { return .undefined }
            h = o.proto.handle
        }
    }

    func callGetter(_ getter: Value, _ receiver: Value) throws -> Value {
        if getter.isUndefined { return .undefined }
        return try call(getter, this: receiver, arguments: [])
    }

    // MARK: Set

    /// [[Set]] `target[key] = value`. Throws a TypeError on failure when
    /// `strict` (and for primitives with no setter, silently ignores otherwise).
    public func set(_ target: Value, _ key: PropertyKey, _ value: Value, strict: Bool = true) throws {
        guard target.isObject else {
            if target.isNullish {
                throw error(.typeError, "Cannot set properties of \(target.isNull ? "null" : "undefined") (setting '\(atomString(key))')")
            }
            // Setters on primitive prototypes are honoured; other writes are dropped.
            let protoValue = target.isString ? intrinsics.stringPrototype
                : target.isNumber ? intrinsics.numberPrototype
                : target.isBoolean ? intrinsics.booleanPrototype : intrinsics.symbolPrototype
            if let (_, d) = findProperty(protoValue.handle, key), d.isAccessor, !d.setter.isUndefined {
                _ = try call(d.setter, this: target, arguments: [value])
            } else if strict {
                throw error(.typeError, "Cannot create property '\(atomString(key))' on \(typeOf(target)) '\(try toSwiftString(target))'")
            }
            return
        }
        let o = object(target)
        let idx = arrayIndex(ofAtom: key)
        if idx >= 0, case .array = o.kind {
            try setArrayElement(o, Int(idx), value, strict: strict)
            return
        }
        if key == Atom.length, case .array = o.kind {
            try setArrayLength(o, value)
            return
        }
        let slot = o.shape.lookup(key)
        if slot >= 0 {
            let flags = o.shape.flags[slot]
            if flags.contains(.accessor) {
                guard case .accessor(_, let s) = object(o.slots[slot]).kind, !s.isUndefined else {
                    if strict { throw error(.typeError, "Cannot set property \(atomString(key)) of \(describeForError(target)) which has only a getter") }
                    return
                }
                _ = try call(s, this: target, arguments: [value])
                return
            }
            if !flags.contains(.writable) {
                if strict { throw error(.typeError, "Cannot assign to read only property '\(atomString(key))' of object") }
                return
            }
            o.slots[slot] = value
            return
        }
        // Not own: look for a setter or a read-only property up the chain.
        if o.proto.isObject, let (_, d) = findProperty(o.proto.handle, key) {
            if d.isAccessor {
                if d.setter.isUndefined {
                    if strict { throw error(.typeError, "Cannot set property \(atomString(key)) of \(describeForError(target)) which has only a getter") }
                    return
                }
                _ = try call(d.setter, this: target, arguments: [value])
                return
            }
            if !d.flags.contains(.writable) {
                if strict { throw error(.typeError, "Cannot assign to read only property '\(atomString(key))' of object") }
                return
            }
        }
        if !o.extensible {
            if strict { throw error(.typeError, "Cannot add property \(atomString(key)), object is not extensible") }
            return
        }
        if idx >= 0, case .arguments = o.kind {
            try setElement(o, Int(idx), value)
            return
        }
        o.shape = o.shape.adding(key, flags: .default)
        o.appendSlot(value)
    }

    /// `target[keyValue] = value` with fast paths for array indices.
    public func setIndexed(_ target: Value, _ keyValue: Value, _ value: Value, strict: Bool = true) throws {
        if let i = keyValue.elementIndex, target.isObject {
            let o = object(target)
            if case .array = o.kind, o.extensible, o.elementsWritable {
                if i < o.elements.count {
                    o.elements[i] = value
                    return
                }
                if i == o.elements.count {
                    o.elements.append(value)
                    chargeHeap(8)
                    return
                }
            }
        }
        try set(target, try toPropertyKey(keyValue), value, strict: strict)
    }

    func setArrayElement(_ o: JSObject, _ index: Int, _ value: Value, strict: Bool) throws {
        if index < o.elements.count, !o.elements[index].isHole {
            if !o.elementsWritable {
                if strict { throw error(.typeError, "Cannot assign to read only property '\(index)' of object '[object Array]'") }
                return
            }
            o.elements[index] = value
            return
        }
        if !o.extensible {
            if strict { throw error(.typeError, "Cannot add property \(index), object is not extensible") }
            return
        }
        if index > maxDenseIndex { throw error(.rangeError, "Array index \(index) is too large") }
        if index >= o.elements.count {
            try reserveHeap((index + 1 - o.elements.count) * 8)
            chargeHeap((index + 1 - o.elements.count) * 8)
        }
        try setElement(o, index, value)
    }

    func setArrayLength(_ o: JSObject, _ value: Value) throws {
        let d = try toNumber(value)
        guard d >= 0, d == d.rounded(.towardZero), d < 4_294_967_296 else { throw error(.rangeError, "Invalid array length") }
        let n = Int(d)
        if n > maxDenseIndex { throw error(.rangeError, "Invalid array length") }
        if n < o.elements.count {
            o.elements.removeSubrange(n...)
        } else {
            try reserveHeap((n - o.elements.count) * 8)
            chargeHeap((n - o.elements.count) * 8)
            while o.elements.count < n { o.elements.append(.hole) }
        }
    }

    /// Finds `key` on object `handle` or its prototype chain: the holder and descriptor.
    public func findProperty(_ handle: UInt32, _ key: PropertyKey) -> (UInt32, PropertyDescriptor)? {
        var h = handle
        while true {
            let o = object(h)
            if let d = getOwnProperty(o, key) { return (h, d) }
            guard o.proto.isObject else { return nil }
            h = o.proto.handle
        }
    }

    // MARK: Has / delete / keys

    /// [[HasProperty]] (`key in obj`).
    public func hasProperty(_ target: Value, _ key: PropertyKey) -> Bool {
        guard target.isObject else { return false }
        return findProperty(target.handle, key) != nil
    }

    /// [[Delete]]; returns false for non-configurable properties.
    @discardableResult
    public func deleteProperty(_ target: Value, _ key: PropertyKey) -> Bool {
        guard target.isObject else { return true }
        let o = object(target)
        let idx = arrayIndex(ofAtom: key)
        if idx >= 0 {
            switch o.kind {
            case .array, .arguments:
                if idx < o.elements.count {
                    if !o.elementsConfigurable { return false }
                    if idx == o.elements.count - 1, case .arguments = o.kind {
                        o.elements.removeLast()
                    } else {
                        o.elements[Int(idx)] = .hole
                    }
                    return true
                }
            default: break
            }
        }
        if key == Atom.length, case .array = o.kind { return false }
        let slot = o.shape.lookup(key)
        if slot < 0 { return true }
        if !o.shape.flags[slot].contains(.configurable) { return false }
        if !o.shape.isDictionary { o.shape = o.shape.toDictionary() }
        o.shape.remove(at: slot)
        o.shapeDidChange()
        o.slots.remove(at: slot)
        return true
    }

    /// [[OwnPropertyKeys]]: integer keys ascending, then strings in insertion
    /// order, then symbols (only when `includeSymbols`).
    public func ownKeys(_ target: Value, includeSymbols: Bool = false, onlyEnumerable: Bool = false) -> [PropertyKey] {
        let o = object(target)
        var indexKeys: [PropertyKey] = []
        switch o.kind {
        case .array, .arguments:
            for (i, v) in o.elements.enumerated() where !v.isHole { indexKeys.append(key(forIndex: i)) }
        case .primitive(let p) where p.isString:
            for i in 0..<units(p).count { indexKeys.append(key(forIndex: i)) }
        default: break
        }
        var named: [(Int64, PropertyKey)] = []
        var strs: [PropertyKey] = []
        var syms: [PropertyKey] = []
        for (i, k) in o.shape.keys.enumerated() {
            if onlyEnumerable && !o.shape.flags[i].contains(.enumerable) { continue }
            let idx = arrayIndex(ofAtom: k)
            if idx >= 0 { named.append((idx, k)) }
            else if isSymbolAtom(k) { syms.append(k) }
            else { strs.append(k) }
        }
        if !named.isEmpty {
            named.sort { $0.0 < $1.0 }
            indexKeys += named.map { $0.1 }
        }
        if case .array = o.kind, !onlyEnumerable { strs.insert(Atom.length, at: 0) }
        return indexKeys + strs + (includeSymbols ? syms : [])
    }

    // MARK: Prototypes

    /// Sets the prototype; false if it would create a cycle or the object is not extensible.
    @discardableResult
    public func setPrototype(_ target: Value, _ proto: Value) -> Bool {
        let o = object(target)
        if o.proto == proto { return true }
        if !o.extensible { return false }
        var p = proto
        while p.isObject {
            if p == target { return false }
            p = object(p).proto
        }
        o.proto = proto
        return true
    }

    /// `OrdinaryHasInstance`: is `proto` on the prototype chain of `value`?
    public func isPrototype(_ proto: Value, of value: Value) -> Bool {
        guard value.isObject else { return false }
        var p = object(value).proto
        while p.isObject {
            if p == proto { return true }
            p = object(p).proto
        }
        return false
    }

    /// A short description of a value for error messages (`#<Foo>`, `[object Array]`).
    func describeForError(_ v: Value) -> String {
        guard v.isObject else { return (try? toSwiftString(v)) ?? "value" }
        if case .array = object(v).kind { return "[object Array]" }
        return "#<\(className(of: v))>"
    }

    /// The constructor name used when printing an object (`Foo` for `new Foo`).
    public func className(of v: Value) -> String {
        guard v.isObject else { return "" }
        var p = object(v).proto
        while p.isObject {
            let po = object(p)
            let slot = po.shape.lookup(Atom.constructor)
            if slot >= 0, !po.shape.flags[slot].contains(.accessor) {
                let c = po.slots[slot]
                if c.isObject, let name = try? getFromObject(c.handle, Atom.name, receiver: c), name.isString {
                    return swiftString(name)
                }
            }
            p = po.proto
        }
        return "Object"
    }
}

extension JSObject {
    /// False once the object is frozen (elements become read-only).
    var elementsWritable: Bool { !frozen }
    /// False once the object is sealed or frozen.
    var elementsConfigurable: Bool { !sealed }
}
