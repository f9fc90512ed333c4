import Foundation
import JSCompiler

// Slow paths of property, global and operator instructions (the dispatch
// loop handles the common cases inline).

extension VM {
    /// The error for literal-building instructions whose target is not an
    /// object (only reachable through a crafted snapshot or bytecode).
    func notAnObject() -> JSThrow { error(.typeError, "internal error: instruction target is not an object") }

    /// `obj.name` after both caches missed. For an object, records the
    /// lookup in the property cache and answers from it (which also fills
    /// the instruction's inline cache); what the cache does not hold
    /// (accessors, long chains) takes the general [[Get]]. String
    /// receivers cache `String.prototype` methods in the inline cache.
    func getFieldSlow(_ receiver: Value, _ key: PropertyKey, cache: Int, code: RuntimeCode) throws -> Value {
        fastPathStatistics.propertyCacheMisses += 1
        if receiver.isObject {
            rememberGet(object(receiver), key)
            if let v = cachedGet(receiver, key, refilling: code.caches + cache) { return v }
            return try getFromObject(receiver.handle, key, receiver: receiver)
        }
        if receiver.isString && !answersOutsideShapes(key),
           let v = cacheOnPrototype(intrinsics.stringPrototype, key, receiverShape: InlineCache.stringReceiver,
                                    cache: code.caches + cache) {
            return v
        }
        return try getFromPrimitive(receiver, key)
    }

    /// Data property `key` of `proto`, recorded in `cache` for receivers of
    /// `receiverShape`; nil (and no change) when `proto` has no such own
    /// data property.
    private func cacheOnPrototype(_ proto: Value, _ key: PropertyKey, receiverShape: ShapeID,
                                  cache: UnsafeMutablePointer<InlineCache>) -> Value? {
        guard proto.isObject else { return nil }
        let p = object(proto)
        let slot = p.shape.lookup(key)
        guard slot >= 0 && !p.shape.flags[slot].contains(.accessor) else { return nil }
        cache.pointee = InlineCache(shape: receiverShape, holder: proto, holderShape: p.shapeID, slot: slot)
        return p.slots[slot]
    }

    /// `obj.name = value` after both caches missed: recorded in the
    /// property cache and performed from it when it can be (a writable own
    /// slot, or an addition), else by the general [[Set]].
    func setFieldSlow(_ target: Value, _ key: PropertyKey, _ value: Value, cache: Int, code: RuntimeCode) throws {
        fastPathStatistics.propertyCacheMisses += 1
        if target.isObject {
            rememberSet(object(target), key)
            if cachedSet(target, key, value, .set, refilling: code.caches + cache) { return }
        }
        try set(target, key, value, strict: code.isStrict)
    }

    /// A literal's `key: value` after a property-cache miss.
    func defineFieldSlow(_ target: Value, _ key: PropertyKey, _ value: Value) throws {
        fastPathStatistics.propertyCacheMisses += 1
        rememberDefine(object(target), key)
        if cachedSet(target, key, value, .define) { return }
        try defineOwn(target, key, value)
    }

    /// A global variable read after a cache miss.
    func getGlobalSlow(_ key: PropertyKey, cache: Int, code: RuntimeCode, orUndefined: Bool) throws -> Value {
        fastPathStatistics.globalCacheMisses += 1
        let g = object(globalObject)
        let slot = g.shape.lookup(key)
        if slot >= 0 && !g.shape.flags[slot].contains(.accessor) {
            code.caches[cache] = InlineCache(shape: g.shapeID, slot: slot)
            return g.slots[slot]
        }
        if hasProperty(globalObject, key) { return try get(globalObject, key) }
        if orUndefined { return .undefined }
        throw error(.referenceError, "\(atomString(key)) is not defined")
    }

    /// A global variable write (sloppy code creates the property).
    func setGlobalSlow(_ key: PropertyKey, _ value: Value, strict: Bool) throws {
        if strict && !hasProperty(globalObject, key) {
            throw error(.referenceError, "\(atomString(key)) is not defined")
        }
        try set(globalObject, key, value, strict: strict)
    }

    /// `delete target[key]`.
    func deleteChecked(_ target: Value, _ key: PropertyKey, strict: Bool) throws -> Value {
        if target.isNullish { throw error(.typeError, "Cannot convert undefined or null to object") }
        let ok = deleteProperty(target, key)
        if !ok && strict {
            throw error(.typeError, "Cannot delete property '\(atomString(key))' of \(describeForError(target))")
        }
        return Value(ok)
    }

    /// `a + b` when not both numbers or both strings.
    func addSlow(_ a: Value, _ b: Value) throws -> Value {
        let pa = try toPrimitive(a), pb = try toPrimitive(b)
        if pa.isString || pb.isString {
            return concatenate(try toStringValue(pa), try toStringValue(pb))
        }
        return Value(try toNumber(pa) + toNumber(pb))
    }

    /// Relational comparison of non-numbers.
    func compareSlow(_ op: Opcode, _ a: Value, _ b: Value) throws -> Bool {
        switch op {
        case .lt: return try lessThan(a, b) == true
        case .gt: return try lessThan(b, a, leftFirst: false) == true
        case .le: return try lessThan(b, a, leftFirst: false) == false
        default: return try lessThan(a, b) == false
        }
    }

    /// `value instanceof target`.
    func instanceOf(_ value: Value, _ target: Value) throws -> Bool {
        guard target.isObject else { throw error(.typeError, "Right-hand side of 'instanceof' is not an object") }
        let hasInstance = try get(target, Atom.symbolHasInstance)
        if !hasInstance.isNullish && !isIntrinsicHasInstance(hasInstance) {
            return toBoolean(try call(hasInstance, this: target, arguments: [value]))
        }
        guard isCallable(target) else { throw error(.typeError, "Right-hand side of 'instanceof' is not callable") }
        return try ordinaryHasInstance(target, value)
    }

    private func isIntrinsicHasInstance(_ f: Value) -> Bool {
        guard f.isObject, case .function(let data) = object(f).kind, case .native(let id) = data.target else { return false }
        return NativeRegistry.all[Int(id)].name == "@@hasInstance"
    }

    /// OrdinaryHasInstance.
    public func ordinaryHasInstance(_ target: Value, _ value: Value) throws -> Bool {
        guard isCallable(target) else { return false }
        if case .function(let data) = object(target).kind, case .bound(let inner, _, _) = data.target {
            return try instanceOf(value, inner)
        }
        guard value.isObject else { return false }
        let proto = try get(target, Atom.prototype)
        guard proto.isObject else { throw error(.typeError, "Function has non-object prototype '\(primitiveToString(proto))' in instanceof check") }
        return isPrototype(proto, of: value)
    }

    /// `super[key]` read with `this` as the receiver.
    func getSuper(this: Value, key keyValue: Value, callee: Value) throws -> Value {
        let key = try toPropertyKey(keyValue)
        guard let home = homeObject(of: callee), home.isObject else {
            throw error(.syntaxError, "'super' keyword unexpected here")
        }
        let proto = object(home).proto
        guard proto.isObject else { return .undefined }
        return try getFromObject(proto.handle, key, receiver: this)
    }

    /// `super[key] = value`.
    func setSuper(this: Value, key keyValue: Value, value: Value, callee: Value) throws {
        let key = try toPropertyKey(keyValue)
        if let home = homeObject(of: callee), home.isObject {
            let proto = object(home).proto
            if proto.isObject, let (_, d) = findProperty(proto.handle, key), d.isAccessor, !d.setter.isUndefined {
                _ = try call(d.setter, this: this, arguments: [value])
                return
            }
        }
        try set(this, key, value)
    }

    private func homeObject(of callee: Value) -> Value? {
        guard callee.isObject, case .function(let data) = object(callee).kind else { return nil }
        return data.homeObject
    }

    /// CopyDataProperties: own enumerable properties of `source` onto `target`.
    func copyDataProperties(into target: Value, from source: Value, excluding: Set<PropertyKey>) throws {
        if source.isNullish { return }
        let from = try toObject(source)
        let o = object(from)
        if case .array = o.kind {
            for (i, v) in o.elements.enumerated() where !v.isHole {
                let k = key(forIndex: i)
                if !excluding.contains(k) { try defineOwn(target, k, v) }
            }
        }
        for key in ownKeys(from, includeSymbols: true) where !excluding.contains(key) {
            if case .array = o.kind, arrayIndex(ofAtom: key) >= 0 || key == Atom.length { continue }
            guard let d = getOwnProperty(o, key), d.flags.contains(.enumerable) else { continue }
            try defineOwn(target, key, d.isAccessor ? try get(from, key) : d.value)
        }
    }
}

/// `x % y` with JavaScript semantics (sign of the dividend).
@inline(__always) func jsRemainder(_ x: Double, _ y: Double) -> Double {
    if x >= 0 && y > 0 && x < 9_007_199_254_740_992 && y < 9_007_199_254_740_992,
       x == x.rounded(.towardZero), y == y.rounded(.towardZero) {
        return Double(Int64(x) % Int64(y))
    }
    return fmod(x, y)
}

/// `x ** y` with JavaScript semantics.
func jsPower(_ x: Double, _ y: Double) -> Double {
    if y.isNaN { return .nan }
    if y == 0 { return 1 }
    if (x == 1 || x == -1) && y.isInfinite { return .nan }
    return pow(x, y)
}
