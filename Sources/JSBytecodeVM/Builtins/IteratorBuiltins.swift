// %IteratorPrototype% and the builtin iterators of arrays, strings, maps and
// sets. Their state is an `IteratorData` record, so the interpreter's for-of
// fast path and the `next` methods share one stepping function
// (`stepBuiltinIterator`) and an iterator snapshots as plain data.

enum IteratorBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("%IteratorPrototype%", "@@iterator", 0) { _, this, _ in this },
        NativeFunction("%ArrayIteratorPrototype%", "next", 0) { vm, this, _ in
            try vm.builtinIteratorNext(this, family: .array)
        },
        NativeFunction("%StringIteratorPrototype%", "next", 0) { vm, this, _ in
            try vm.builtinIteratorNext(this, family: .string)
        },
        NativeFunction("%MapIteratorPrototype%", "next", 0) { vm, this, _ in
            try vm.builtinIteratorNext(this, family: .map)
        },
        NativeFunction("%SetIteratorPrototype%", "next", 0) { vm, this, _ in
            try vm.builtinIteratorNext(this, family: .set)
        },
    ]

    static func install(_ vm: VM) {
        let base = vm.newObject()
        vm.intrinsics.iteratorPrototype = base
        vm.installNatives(owner: "%IteratorPrototype%", on: base)
        func make(_ family: IteratorFamily) -> Value {
            let proto = vm.newObject(proto: base)
            vm.installNatives(owner: family.owner, on: proto)
            vm.defineNamed(proto, Atom.symbolToStringTag, vm.newString(family.tag), flags: .configurable)
            return proto
        }
        vm.intrinsics.arrayIteratorPrototype = make(.array)
        vm.intrinsics.stringIteratorPrototype = make(.string)
        vm.intrinsics.mapIteratorPrototype = make(.map)
        vm.intrinsics.setIteratorPrototype = make(.set)
    }
}

/// The four builtin iterator prototypes, each accepting its own iterator kinds.
enum IteratorFamily {
    case array, string, map, set

    var owner: String {
        switch self {
        case .array: return "%ArrayIteratorPrototype%"
        case .string: return "%StringIteratorPrototype%"
        case .map: return "%MapIteratorPrototype%"
        case .set: return "%SetIteratorPrototype%"
        }
    }

    /// The `@@toStringTag` (also the receiver name in V8's error messages).
    var tag: String {
        switch self {
        case .array: return "Array Iterator"
        case .string: return "String Iterator"
        case .map: return "Map Iterator"
        case .set: return "Set Iterator"
        }
    }

    /// The native id of this family's `next`.
    var nextID: Int32 { NativeRegistry.id(owner: owner, name: "next") }

    init?(_ kind: IteratorData.Kind) {
        switch kind {
        case .arrayValues, .arrayKeys, .arrayEntries: self = .array
        case .string: self = .string
        case .mapKeys, .mapValues, .mapEntries: self = .map
        case .setValues, .setEntries: self = .set
        case .forIn: return nil
        }
    }
}

extension VM {
    /// A new builtin iterator of `kind` over `target` (an array-like object,
    /// a string value, or a Map/Set object).
    func makeBuiltinIterator(_ kind: IteratorData.Kind, _ target: Value) -> Value {
        let proto = IteratorFamily(kind).map(iteratorPrototype) ?? intrinsics.iteratorPrototype
        return allocate(JSObject(shape: rootShape, proto: proto, kind: .iterator(IteratorData(kind: kind, target: target))))
    }

    /// A `{ value, done }` iterator result object.
    func makeIteratorResult(_ value: Value, done: Bool) -> Value {
        let r = newObject()
        defineNamed(r, Atom.value, value)
        defineNamed(r, Atom.done, Value(done))
        return r
    }

    /// The next value of a builtin iterator, or nil when done. Arrays are read
    /// live (holes read as undefined; an array that shrinks ends the
    /// iteration), strings by code point, maps and sets by entry index
    /// (skipping deleted entries and seeing entries added meanwhile).
    func stepBuiltinIterator(_ data: IteratorData) -> Value? {
        if data.done { return nil }
        let i = data.index
        var result: Value?
        switch data.kind {
        case .arrayValues, .arrayKeys, .arrayEntries:
            if data.target.isObject, i < iteratedLength(data.target) {
                data.index = i + 1
                if data.kind == .arrayKeys {
                    result = Value(i)
                } else {
                    let v = iteratedElement(data.target, i)
                    result = data.kind == .arrayValues ? v : newArray([Value(i), v])
                }
            }
        case .string:
            if data.target.isString {
                let u = jsString(data.target).units
                if i < u.count {
                    let pair = i + 1 < u.count && UTF16.isLeadSurrogate(u[i]) && UTF16.isTrailSurrogate(u[i + 1])
                    let end = pair ? i + 2 : i + 1
                    data.index = end
                    result = newString(Array(u[i..<end]))
                }
            }
        case .mapKeys, .mapValues, .mapEntries, .setValues, .setEntries:
            if let table = orderedTable(data.target) {
                var j = i
                while j < table.keys.count && table.keys[j].isHole { j += 1 }
                if j < table.keys.count {
                    data.index = j + 1
                    let k = table.keys[j]
                    switch data.kind {
                    case .mapKeys, .setValues: result = k
                    case .mapValues: result = table.values[j]
                    case .setEntries: result = newArray([k, k])
                    default: result = newArray([k, table.values[j]])
                    }
                }
            }
        case .forIn:
            break // for-in iterators are stepped by `forInStep`.
        }
        if result == nil {
            data.done = true
            data.target = .undefined
        }
        return result
    }

    /// The table of a Map or Set object.
    func orderedTable(_ v: Value) -> OrderedTable? {
        guard v.isObject else { return nil }
        switch object(v).kind {
        case .map(let t), .set(let t): return t
        default: return nil
        }
    }

    /// The current length of an iterated array-like. Array iterators cannot
    /// run user code, so non-arrays contribute their data properties only.
    private func iteratedLength(_ target: Value) -> Int {
        let o = object(target)
        if o.isArray { return o.elements.count }
        guard let (_, d) = findProperty(target.handle, Atom.length), !d.isAccessor, d.value.isNumber else { return 0 }
        let n = d.value.number
        return n > 0 ? Int(min(n, Double(maxDenseIndex))) : 0
    }

    /// Element `i` of an iterated array-like (holes and accessors read as undefined).
    private func iteratedElement(_ target: Value, _ i: Int) -> Value {
        let o = object(target)
        switch o.kind {
        case .array, .arguments:
            if i < o.elements.count, !o.elements[i].isHole { return o.elements[i] }
        default: break
        }
        guard let (_, d) = findProperty(target.handle, key(forIndex: i)), !d.isAccessor else { return .undefined }
        return d.value
    }

    /// Whether `fn` is the native function `id`.
    func isNative(_ fn: Value, _ id: Int32) -> Bool {
        guard fn.isObject, case .function(let f) = object(fn).kind, case .native(let n) = f.target else { return false }
        return n == id
    }

    /// Whether `%XIteratorPrototype%.next` of `family` is still the builtin,
    /// so that native code may step such iterators without running user code.
    func builtinNextIsIntact(_ family: IteratorFamily) throws -> Bool {
        isNative(try get(iteratorPrototype(family), Atom.next), family.nextID)
    }

    /// The `%XIteratorPrototype%` of a family.
    private func iteratorPrototype(_ family: IteratorFamily) -> Value {
        switch family {
        case .array: return intrinsics.arrayIteratorPrototype
        case .string: return intrinsics.stringIteratorPrototype
        case .map: return intrinsics.mapIteratorPrototype
        case .set: return intrinsics.setIteratorPrototype
        }
    }

    /// `%XIteratorPrototype%.next` for an iterator of `family`.
    fileprivate func builtinIteratorNext(_ this: Value, family: IteratorFamily) throws -> Value {
        guard this.isObject, case .iterator(let data) = object(this).kind, IteratorFamily(data.kind) == family else {
            throw error(.typeError, "Method \(family.tag).prototype.next called on incompatible receiver \(describeForError(this))")
        }
        let v = stepBuiltinIterator(data)
        return makeIteratorResult(v ?? .undefined, done: v == nil)
    }
}
