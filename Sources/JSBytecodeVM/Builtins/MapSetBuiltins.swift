// Map and Set. Entries live in an `OrderedTable` (insertion order, keys
// compared by SameValueZero through `VM.hashKey`). The constructors and
// `forEach` call back into JavaScript (user iterables, callbacks), so they
// are self-hosted in Prelude_array.swift on top of the `%Intrinsics` natives
// declared here.

enum MapSetBuiltins {
    static let natives: [NativeFunction] = [
        // Map.prototype
        NativeFunction("Map.prototype", "get", 1) { vm, this, args in
            let t = try vm.collectionTable(this, isSet: false, "get")
            guard let i = t.find(vm.hashKey(args[0])) else { return .undefined }
            return t.values[i]
        },
        NativeFunction("Map.prototype", "set", 2) { vm, this, args in
            let t = try vm.collectionTable(this, isSet: false, "set")
            vm.collectionInsert(t, args[0], args[1])
            return this
        },
        NativeFunction("Map.prototype", "has", 1) { vm, this, args in
            Value(try vm.collectionTable(this, isSet: false, "has").find(vm.hashKey(args[0])) != nil)
        },
        NativeFunction("Map.prototype", "delete", 1) { vm, this, args in
            Value(try vm.collectionTable(this, isSet: false, "delete").remove(vm.hashKey(args[0])))
        },
        NativeFunction("Map.prototype", "clear", 0) { vm, this, _ in
            try vm.collectionTable(this, isSet: false, "clear").removeAll()
            return .undefined
        },
        NativeFunction("Map.prototype", "size", 0, .getter) { vm, this, _ in
            Value(try vm.collectionTable(this, isSet: false, "size", getter: true).liveCount)
        },
        NativeFunction("Map.prototype", "keys", 0) { vm, this, _ in
            _ = try vm.collectionTable(this, isSet: false, "keys")
            return vm.makeBuiltinIterator(.mapKeys, this)
        },
        NativeFunction("Map.prototype", "values", 0) { vm, this, _ in
            _ = try vm.collectionTable(this, isSet: false, "values")
            return vm.makeBuiltinIterator(.mapValues, this)
        },
        NativeFunction("Map.prototype", "entries", 0) { vm, this, _ in
            _ = try vm.collectionTable(this, isSet: false, "entries")
            return vm.makeBuiltinIterator(.mapEntries, this)
        },

        // Set.prototype
        NativeFunction("Set.prototype", "add", 1) { vm, this, args in
            let t = try vm.collectionTable(this, isSet: true, "add")
            vm.collectionInsert(t, args[0])
            return this
        },
        NativeFunction("Set.prototype", "has", 1) { vm, this, args in
            Value(try vm.collectionTable(this, isSet: true, "has").find(vm.hashKey(args[0])) != nil)
        },
        NativeFunction("Set.prototype", "delete", 1) { vm, this, args in
            Value(try vm.collectionTable(this, isSet: true, "delete").remove(vm.hashKey(args[0])))
        },
        NativeFunction("Set.prototype", "clear", 0) { vm, this, _ in
            try vm.collectionTable(this, isSet: true, "clear").removeAll()
            return .undefined
        },
        NativeFunction("Set.prototype", "size", 0, .getter) { vm, this, _ in
            Value(try vm.collectionTable(this, isSet: true, "size", getter: true).liveCount)
        },
        NativeFunction("Set.prototype", "values", 0) { vm, this, _ in
            _ = try vm.collectionTable(this, isSet: true, "values")
            return vm.makeBuiltinIterator(.setValues, this)
        },
        NativeFunction("Set.prototype", "entries", 0) { vm, this, _ in
            _ = try vm.collectionTable(this, isSet: true, "entries")
            return vm.makeBuiltinIterator(.setEntries, this)
        },

        // Helpers of the self-hosted constructors and forEach.
        NativeFunction("%Intrinsics", "mapSetCreate", 2) { vm, _, args in
            // mapSetCreate(newTarget, isSet): an empty Map or Set for `new`.
            let isSet = vm.toBoolean(args[1])
            let fallback = isSet ? vm.intrinsics.setPrototype : vm.intrinsics.mapPrototype
            let proto = try vm.prototype(forNewTarget: args[0], fallback: fallback)
            let table = OrderedTable()
            return vm.allocate(JSObject(shape: vm.rootShape, proto: proto, kind: isSet ? .set(table) : .map(table)))
        },
        NativeFunction("%Intrinsics", "mapSetFillFast", 2) { vm, _, args in
            // mapSetFillFast(target, iterable): fills a new Map/Set from an
            // iterable that can be read without running user code; false
            // (and nothing added) when the prelude must iterate it instead.
            Value(try vm.collectionFillFast(args[0], from: args[1]))
        },
        NativeFunction("%Intrinsics", "mapSetLink", 3) { vm, _, args in
            // mapSetLink(ctor, prototype, name): wires a self-hosted constructor.
            try vm.defineOwn(args[0], Atom.prototype, args[1], flags: [])
            try vm.defineOwn(args[1], Atom.constructor, args[0], flags: .hidden)
            try vm.defineOwn(vm.globalObject, try vm.toPropertyKey(args[2]), args[0], flags: .hidden)
            return .undefined
        },
        NativeFunction("%Intrinsics", "mapSetRequire", 3) { vm, _, args in
            // mapSetRequire(receiver, isSet, methodName): the receiver check.
            _ = try vm.collectionTable(args[0], isSet: vm.toBoolean(args[1]), try vm.toSwiftString(args[2]))
            return .undefined
        },
        NativeFunction("%Intrinsics", "mapSetNextIndex", 2) { vm, _, args in
            // mapSetNextIndex(collection, i): the first live entry index >= i, or -1.
            guard let t = vm.orderedTable(args[0]), args[1].isNumber else { return Value(-1) }
            let start = args[1].number
            var i = start > 0 ? Int(min(start, Double(t.keys.count))) : 0
            while i < t.keys.count {
                if !t.keys[i].isHole { return Value(i) }
                i += 1
            }
            return Value(-1)
        },
        NativeFunction("%Intrinsics", "mapSetKeyAt", 2) { vm, _, args in
            vm.collectionEntry(args[0], args[1], key: true)
        },
        NativeFunction("%Intrinsics", "mapSetValueAt", 2) { vm, _, args in
            vm.collectionEntry(args[0], args[1], key: false)
        },
    ]

    static func install(_ vm: VM) {
        for (name, isSet) in [("Map", false), ("Set", true)] {
            let proto = vm.newObject()
            vm.installNatives(owner: name + ".prototype", on: proto)
            vm.defineNamed(proto, Atom.symbolToStringTag, vm.newString(name), flags: .configurable)
            let iterate = isSet ? "values" : "entries"
            let iterator = vm.getOwnProperty(vm.object(proto), vm.intern(iterate))?.value ?? .undefined
            vm.defineNamed(proto, Atom.symbolIterator, iterator, flags: .hidden)
            if isSet {
                vm.defineNamed(proto, vm.intern("keys"), iterator, flags: .hidden)
                vm.intrinsics.setPrototype = proto
            } else {
                vm.intrinsics.mapPrototype = proto
            }
        }
    }

    /// Native ids used to recognise unmodified iteration.
    static let mapSetID = NativeRegistry.id(owner: "Map.prototype", name: "set")
    static let setAddID = NativeRegistry.id(owner: "Set.prototype", name: "add")
    static let mapEntriesID = NativeRegistry.id(owner: "Map.prototype", name: "entries")
    static let setValuesID = NativeRegistry.id(owner: "Set.prototype", name: "values")
}

extension VM {
    /// The table of a Map (or Set) receiver; otherwise V8's incompatible-receiver TypeError.
    fileprivate func collectionTable(_ this: Value, isSet: Bool, _ method: String, getter: Bool = false) throws -> OrderedTable {
        if this.isObject {
            switch object(this).kind {
            case .map(let t) where !isSet: return t
            case .set(let t) where isSet: return t
            default: break
            }
        }
        let name = (getter ? "get " : "") + (isSet ? "Set" : "Map") + ".prototype." + method
        throw error(.typeError, "Method \(name) called on incompatible receiver \(describeForError(this))")
    }

    /// Adds or updates an entry (a Set passes no value: it stores the key);
    /// a -0 key is normalised to +0.
    fileprivate func collectionInsert(_ t: OrderedTable, _ key: Value, _ value: Value? = nil) {
        let k = key.isNumber && key.number == 0 ? Value(0) : key
        t.insert(hashKey(k), key: k, value: value ?? k)
    }

    /// The key or value of entry `index` (undefined when out of range or deleted).
    fileprivate func collectionEntry(_ collection: Value, _ index: Value, key: Bool) -> Value {
        guard let t = orderedTable(collection), index.isNumber, let i = Int(exactly: index.number),
              i >= 0, i < t.keys.count else { return .undefined }
        let v = key ? t.keys[i] : t.values[i]
        return v.isHole ? .undefined : v
    }

    /// The fast path of `new Map(iterable)` / `new Set(iterable)`: arrays
    /// (of entry arrays, for a Map), Maps and Sets iterated by their
    /// unmodified builtin iterators, into a collection whose `set`/`add` is
    /// the builtin. Checks everything before adding anything.
    fileprivate func collectionFillFast(_ target: Value, from source: Value) throws -> Bool {
        guard let table = orderedTable(target), source.isObject else { return false }
        let isSet: Bool
        if case .set = object(target).kind { isSet = true } else { isSet = false }
        let adder = try get(target, isSet ? intern("add") : Atom.set)
        guard isNative(adder, isSet ? MapSetBuiltins.setAddID : MapSetBuiltins.mapSetID) else { return false }
        let iterator = try get(source, Atom.symbolIterator)
        switch object(source).kind {
        case .array:
            guard iterator == intrinsics.arrayValuesFunction, try builtinNextIsIntact(.array) else { return false }
            let elements = object(source).elements
            if isSet {
                for v in elements { collectionInsert(table, v.isHole ? .undefined : v) }
                return true
            }
            for e in elements {
                guard e.isObject, object(e).isArray else { return false }
            }
            for e in elements {
                let pair = object(e).elements
                let k = pair.count > 0 && !pair[0].isHole ? pair[0] : .undefined
                let v = pair.count > 1 && !pair[1].isHole ? pair[1] : .undefined
                collectionInsert(table, k, v)
            }
            return true
        case .map(let src) where !isSet:
            guard isNative(iterator, MapSetBuiltins.mapEntriesID), try builtinNextIsIntact(.map) else { return false }
            for (i, k) in src.keys.enumerated() where !k.isHole { collectionInsert(table, k, src.values[i]) }
            return true
        case .set(let src) where isSet:
            guard isNative(iterator, MapSetBuiltins.setValuesID), try builtinNextIsIntact(.set) else { return false }
            for k in src.keys where !k.isHole { collectionInsert(table, k, k) }
            return true
        default:
            return false
        }
    }
}
