// The Array constructor and the Array.prototype methods that never call user
// functions. Each method has a fast path over `JSObject.elements` for real
// arrays and the generic array-like algorithm (through [[Get]]/[[Set]]/
// [[Delete]] and `length`) for everything else, e.g. `arguments` or
// `Array.prototype.slice.call(obj)`. Holes of real arrays are treated as
// absent all the way up: indexed properties on Array.prototype or
// Object.prototype are not consulted (this keeps `new Array(n).join()` from
// interning n index atoms).
//
// Methods that call back into JavaScript (map, forEach, reduce, sort with a
// comparator, Array.from...) are self-hosted in Prelude_array.swift.

enum ArrayBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("Array", "Array", 1, .constructor) { vm, _, args in
            let elements: ContiguousArray<Value>
            if args.count == 1, args[0].isNumber {
                let n = args[0].number
                guard n >= 0, n == n.rounded(.towardZero), n <= Double(maxDenseIndex) else {
                    throw vm.error(.rangeError, "Invalid array length")
                }
                try vm.reserveHeap(Int(n) * 8)
                elements = ContiguousArray(repeating: .hole, count: Int(n))
            } else {
                elements = ContiguousArray(args)
            }
            let a = vm.newArray(elements)
            vm.object(a).proto = try vm.prototype(forNewTarget: args.newTarget, fallback: vm.intrinsics.arrayPrototype)
            return a
        },
        NativeFunction("Array", "isArray", 1) { vm, _, args in
            Value(args[0].isObject && vm.object(args[0]).isArray)
        },
        NativeFunction("Array", "of", 0) { vm, _, args in vm.newArray(ContiguousArray(args)) },

        NativeFunction("Array.prototype", "at", 1) { vm, this, args in
            let o = try vm.arrayReceiver(this, "at")
            let len = try vm.arrayLikeLength(o)
            let relative = try vm.toInteger(args[0])
            let k = relative >= 0 ? relative : Double(len) + relative
            guard k >= 0, k < Double(len) else { return .undefined }
            return try vm.element(o, Int(k))
        },
        NativeFunction("Array.prototype", "concat", 1) { vm, this, args in
            let o = try vm.arrayReceiver(this, "concat")
            var result = ContiguousArray<Value>()
            for item in [o] + args {
                try vm.chargeSteps(vm.object(item).elements.count)
                guard try vm.isConcatSpreadable(item) else {
                    try vm.checkArrayLength(result.count + 1)
                    result.append(item)
                    continue
                }
                let source = vm.object(item)
                if source.isArray {
                    try vm.checkArrayLength(result.count + source.elements.count)
                    result.append(contentsOf: source.elements)
                } else {
                    let len = try vm.arrayLikeLength(item)
                    try vm.checkArrayLength(result.count + len)
                    for i in 0..<len { result.append(vm.hasElement(item, i) ? try vm.element(item, i) : .hole) }
                }
            }
            return vm.newArray(result)
        },
        NativeFunction("Array.prototype", "copyWithin", 2) { vm, this, args in
            let o = try vm.arrayReceiver(this, "copyWithin")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            var to = try vm.relativeIndex(args[0], length: len, defaultValue: 0)
            var from = try vm.relativeIndex(args[1], length: len, defaultValue: 0)
            let end = try vm.relativeIndex(args[2], length: len, defaultValue: len)
            var count = min(end - from, len - to)
            guard count > 0 else { return o }
            if let a = vm.mutableArray(o), max(from, to) + count <= a.elements.count {
                a.elements.replaceSubrange(to..<(to + count), with: Array(a.elements[from..<(from + count)]))
                return o
            }
            var step = 1
            if from < to && to < from + count {
                step = -1
                from += count - 1
                to += count - 1
            }
            while count > 0 {
                try vm.moveElement(o, from: from, to: to)
                from += step
                to += step
                count -= 1
            }
            return o
        },
        NativeFunction("Array.prototype", "entries", 0) { vm, this, _ in
            vm.makeBuiltinIterator(.arrayEntries, try vm.arrayReceiver(this, "entries"))
        },
        NativeFunction("Array.prototype", "fill", 1) { vm, this, args in
            let o = try vm.arrayReceiver(this, "fill")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            let start = try vm.relativeIndex(args[1], length: len, defaultValue: 0)
            let end = try vm.relativeIndex(args[2], length: len, defaultValue: len)
            guard start < end else { return o }
            if let a = vm.mutableArray(o), end <= a.elements.count {
                for i in start..<end { a.elements[i] = args[0] }
                return o
            }
            for i in start..<end { try vm.setElementStrict(o, i, args[0]) }
            return o
        },
        NativeFunction("Array.prototype", "flat", 0) { vm, this, args in
            let o = try vm.arrayReceiver(this, "flat")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            let depth = args[0].isUndefined ? 1 : try vm.toInteger(args[0])
            var result = ContiguousArray<Value>()
            try vm.flatten(o, length: len, depth: depth, into: &result)
            return vm.newArray(result)
        },
        NativeFunction("Array.prototype", "includes", 1) { vm, this, args in
            let o = try vm.arrayReceiver(this, "includes")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            var k = try vm.relativeIndex(args[1], length: len, defaultValue: 0)
            let target = args[0]
            if vm.object(o).isArray {
                let elements = vm.object(o).elements
                while k < min(len, elements.count) {
                    let v = elements[k]
                    if vm.sameValueZero(v.isHole ? .undefined : v, target) { return .true }
                    k += 1
                }
                return .false
            }
            while k < len {
                if vm.sameValueZero(try vm.element(o, k), target) { return .true }
                k += 1
            }
            return .false
        },
        NativeFunction("Array.prototype", "indexOf", 1) { vm, this, args in
            let o = try vm.arrayReceiver(this, "indexOf")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            var k = try vm.relativeIndex(args[1], length: len, defaultValue: 0)
            let target = args[0]
            if vm.object(o).isArray {
                let elements = vm.object(o).elements
                while k < min(len, elements.count) {
                    let v = elements[k]
                    if !v.isHole && vm.strictEquals(v, target) { return Value(k) }
                    k += 1
                }
                return Value(-1)
            }
            while k < len {
                if vm.hasElement(o, k), vm.strictEquals(try vm.element(o, k), target) { return Value(k) }
                k += 1
            }
            return Value(-1)
        },
        NativeFunction("Array.prototype", "join", 1) { vm, this, args in
            let o = try vm.arrayReceiver(this, "join")
            let separator: [UInt16] = args[0].isUndefined ? [44] : try vm.toUnits(args[0])
            return try vm.arrayJoin(o, separator: separator)
        },
        NativeFunction("Array.prototype", "keys", 0) { vm, this, _ in
            vm.makeBuiltinIterator(.arrayKeys, try vm.arrayReceiver(this, "keys"))
        },
        NativeFunction("Array.prototype", "lastIndexOf", 1) { vm, this, args in
            let o = try vm.arrayReceiver(this, "lastIndexOf")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            guard len > 0 else { return Value(-1) }
            let from = args.count > 1 ? try vm.toInteger(args[1]) : Double(len - 1)
            var k = from >= 0 ? Int(min(from, Double(len - 1))) : Int(max(Double(len) + from, -1))
            let target = args[0]
            if vm.object(o).isArray {
                let elements = vm.object(o).elements
                k = min(k, elements.count - 1)
                while k >= 0 {
                    let v = elements[k]
                    if !v.isHole && vm.strictEquals(v, target) { return Value(k) }
                    k -= 1
                }
                return Value(-1)
            }
            while k >= 0 {
                if vm.hasElement(o, k), vm.strictEquals(try vm.element(o, k), target) { return Value(k) }
                k -= 1
            }
            return Value(-1)
        },
        NativeFunction("Array.prototype", "pop", 0) { vm, this, _ in
            if let a = vm.mutableArray(this) {
                guard let v = a.elements.popLast() else { return .undefined }
                return v.isHole ? .undefined : v
            }
            let o = try vm.arrayReceiver(this, "pop")
            let len = try vm.arrayLikeLength(o)
            guard len > 0 else {
                try vm.setLength(o, 0)
                return .undefined
            }
            let v = try vm.element(o, len - 1)
            try vm.deleteElement(o, len - 1)
            try vm.setLength(o, len - 1)
            return v
        },
        NativeFunction("Array.prototype", "push", 1) { vm, this, args in
            if let a = vm.mutableArray(this) {
                try vm.checkArrayLength(a.elements.count + args.count)
                if args.count == 1 { a.elements.append(args[0]) } else { a.elements.append(contentsOf: args) }
                vm.chargeHeap(args.count * 8)
                return Value(a.elements.count)
            }
            let o = try vm.arrayReceiver(this, "push")
            var len = try vm.arrayLikeLength(o)
            try vm.checkArrayLength(len + args.count)
            for v in args {
                try vm.setElementStrict(o, len, v)
                len += 1
            }
            try vm.setLength(o, len)
            return Value(len)
        },
        NativeFunction("Array.prototype", "reverse", 0) { vm, this, _ in
            if let a = vm.mutableArray(this) {
                a.elements.reverse()
                return this
            }
            let o = try vm.arrayReceiver(this, "reverse")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            var lower = 0
            while lower < len / 2 {
                let upper = len - lower - 1
                let lowerValue: Value? = vm.hasElement(o, lower) ? try vm.element(o, lower) : nil
                let upperValue: Value? = vm.hasElement(o, upper) ? try vm.element(o, upper) : nil
                if let u = upperValue { try vm.setElementStrict(o, lower, u) } else { try vm.deleteElement(o, lower) }
                if let l = lowerValue { try vm.setElementStrict(o, upper, l) } else { try vm.deleteElement(o, upper) }
                lower += 1
            }
            return o
        },
        NativeFunction("Array.prototype", "shift", 0) { vm, this, _ in
            if let a = vm.mutableArray(this) {
                guard !a.elements.isEmpty else { return .undefined }
                let v = a.elements.removeFirst()
                return v.isHole ? .undefined : v
            }
            let o = try vm.arrayReceiver(this, "shift")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            guard len > 0 else {
                try vm.setLength(o, 0)
                return .undefined
            }
            let first = try vm.element(o, 0)
            for k in 1..<len { try vm.moveElement(o, from: k, to: k - 1) }
            try vm.deleteElement(o, len - 1)
            try vm.setLength(o, len - 1)
            return first
        },
        NativeFunction("Array.prototype", "slice", 2) { vm, this, args in
            let o = try vm.arrayReceiver(this, "slice")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            let start = try vm.relativeIndex(args[0], length: len, defaultValue: 0)
            let end = try vm.relativeIndex(args[1], length: len, defaultValue: len)
            let count = max(end - start, 0)
            var result = ContiguousArray<Value>()
            result.reserveCapacity(count)
            if vm.object(o).isArray {
                let elements = vm.object(o).elements
                if start < min(end, elements.count) { result.append(contentsOf: elements[start..<min(end, elements.count)]) }
                while result.count < count { result.append(.hole) }
            } else {
                for i in start..<(start + count) { result.append(vm.hasElement(o, i) ? try vm.element(o, i) : .hole) }
            }
            return vm.newArray(result)
        },
        NativeFunction("Array.prototype", "splice", 2) { vm, this, args in
            let o = try vm.arrayReceiver(this, "splice")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            let start = try vm.relativeIndex(args[0], length: len, defaultValue: 0)
            let deleteCount: Int
            switch args.count {
            case 0: deleteCount = 0
            case 1: deleteCount = len - start
            default: deleteCount = Int(min(max(try vm.toInteger(args[1]), 0), Double(len - start)))
            }
            let items = args.dropFirst(2)
            try vm.checkArrayLength(len - deleteCount + items.count)
            if let a = vm.mutableArray(o), a.elements.count == len {
                let removed = ContiguousArray(a.elements[start..<(start + deleteCount)])
                a.elements.replaceSubrange(start..<(start + deleteCount), with: items)
                return vm.newArray(removed)
            }
            var removed = ContiguousArray<Value>()
            for i in start..<(start + deleteCount) { removed.append(vm.hasElement(o, i) ? try vm.element(o, i) : .hole) }
            let newLength = len - deleteCount + items.count
            if items.count < deleteCount {
                for k in start..<(len - deleteCount) {
                    try vm.moveElement(o, from: k + deleteCount, to: k + items.count)
                }
                var k = len
                while k > newLength {
                    try vm.deleteElement(o, k - 1)
                    k -= 1
                }
            } else if items.count > deleteCount {
                var k = len - deleteCount
                while k > start {
                    try vm.moveElement(o, from: k + deleteCount - 1, to: k + items.count - 1)
                    k -= 1
                }
            }
            for (j, item) in items.enumerated() { try vm.setElementStrict(o, start + j, item) }
            try vm.setLength(o, newLength)
            return vm.newArray(removed)
        },
        NativeFunction("Array.prototype", "toString", 0) { vm, this, _ in
            let o = try vm.toObject(this)
            let join = try vm.get(o, Atom.join)
            if vm.isNative(join, ArrayBuiltins.joinID) { return try vm.arrayJoin(o, separator: [44]) }
            if vm.isCallable(join) { return try vm.call(join, this: o, arguments: []) }
            return try vm.call(try vm.get(vm.intrinsics.objectPrototype, Atom.toString), this: o, arguments: [])
        },
        NativeFunction("Array.prototype", "toReversed", 0) { vm, this, _ in
            let o = try vm.arrayReceiver(this, "toReversed")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            var result = ContiguousArray<Value>()
            result.reserveCapacity(len)
            for k in stride(from: len - 1, through: 0, by: -1) { result.append(try vm.element(o, k)) }
            return vm.newArray(result)
        },
        NativeFunction("Array.prototype", "toSpliced", 2) { vm, this, args in
            let o = try vm.arrayReceiver(this, "toSpliced")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            let start = try vm.relativeIndex(args[0], length: len, defaultValue: 0)
            let skipCount: Int
            switch args.count {
            case 0: skipCount = 0
            case 1: skipCount = len - start
            default: skipCount = Int(min(max(try vm.toInteger(args[1]), 0), Double(len - start)))
            }
            let items = args.dropFirst(2)
            try vm.checkArrayLength(len - skipCount + items.count)
            var result = ContiguousArray<Value>()
            result.reserveCapacity(len - skipCount + items.count)
            for k in 0..<start { result.append(try vm.element(o, k)) }
            result.append(contentsOf: items)
            for k in (start + skipCount)..<len { result.append(try vm.element(o, k)) }
            return vm.newArray(result)
        },
        NativeFunction("Array.prototype", "unshift", 1) { vm, this, args in
            if let a = vm.mutableArray(this) {
                try vm.checkArrayLength(a.elements.count + args.count)
                a.elements.insert(contentsOf: args, at: 0)
                return Value(a.elements.count)
            }
            let o = try vm.arrayReceiver(this, "unshift")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            if args.count > 0 {
                try vm.checkArrayLength(len + args.count)
                var k = len
                while k > 0 {
                    try vm.moveElement(o, from: k - 1, to: k + args.count - 1)
                    k -= 1
                }
                for (j, v) in args.enumerated() { try vm.setElementStrict(o, j, v) }
            }
            try vm.setLength(o, len + args.count)
            return Value(len + args.count)
        },
        NativeFunction("Array.prototype", "values", 0) { vm, this, _ in
            vm.makeBuiltinIterator(.arrayValues, try vm.arrayReceiver(this, "values"))
        },
        NativeFunction("Array.prototype", "with", 2) { vm, this, args in
            let o = try vm.arrayReceiver(this, "with")
            let len = try vm.arrayLikeLength(o)
            try vm.chargeSteps(len)
            let relative = try vm.toInteger(args[0])
            let index = relative >= 0 ? relative : Double(len) + relative
            guard index >= 0, index < Double(len) else {
                throw vm.error(.rangeError, "Invalid index : \(VM.numberToString(relative))")
            }
            var result = ContiguousArray<Value>()
            result.reserveCapacity(len)
            for k in 0..<len { result.append(k == Int(index) ? args[1] : try vm.element(o, k)) }
            return vm.newArray(result)
        },

        NativeFunction("%Intrinsics", "arraySortDefault", 1) { vm, _, args in
            // arraySortDefault(array): sorts a plain array of primitives by
            // their strings (UTF-16 order, stable, undefined then holes last);
            // false when the prelude must sort (objects, symbols, non-arrays).
            Value(vm.sortPrimitivesByString(args[0]))
        },
        NativeFunction("%Intrinsics", "arrayBindCallback", 2) { vm, _, args in
            // arrayBindCallback(fn, thisArg): fn called with `this` = thisArg.
            guard vm.isCallable(args[0]) else {
                throw vm.error(.typeError, "\(vm.describeForError(args[0])) is not a function")
            }
            let data = FunctionData(target: .bound(target: args[0], this: args[1], arguments: []), isConstructor: false)
            return vm.allocate(JSObject(shape: vm.rootShape, proto: vm.intrinsics.functionPrototype, kind: .function(data)))
        },
    ]

    static func install(_ vm: VM) {
        // Array.prototype is itself an Array exotic object (length 0).
        let proto = vm.allocate(JSObject(shape: vm.rootShape, proto: vm.intrinsics.objectPrototype, kind: .array))
        vm.intrinsics.arrayPrototype = proto
        vm.installConstructor("Array", prototype: proto)
        let values = vm.getOwnProperty(vm.object(proto), vm.intern("values"))?.value ?? .undefined
        vm.defineNamed(proto, Atom.symbolIterator, values, flags: .hidden)
        vm.intrinsics.arrayValuesFunction = values
    }

    static let joinID = NativeRegistry.id(owner: "Array.prototype", name: "join")
    static let toStringID = NativeRegistry.id(owner: "Array.prototype", name: "toString")
    /// Longest string `join` builds (in UTF-16 units).
    static let maxStringLength = 1 << 29
}

extension VM {
    /// ToObject(this) with V8's message for array methods.
    fileprivate func arrayReceiver(_ this: Value, _ method: String) throws -> Value {
        if this.isNullish { throw error(.typeError, "Array.prototype.\(method) called on null or undefined") }
        return try toObject(this)
    }

    /// A real array whose elements may be changed in place (extensible, not sealed or frozen).
    fileprivate func mutableArray(_ v: Value) -> JSObject? {
        guard v.isObject else { return nil }
        let o = object(v)
        return o.isArray && o.extensible && !o.sealed && !o.frozen ? o : nil
    }

    /// LengthOfArrayLike. Lengths beyond `maxDenseIndex` are a RangeError,
    /// which keeps every loop over a generic array-like bounded.
    fileprivate func arrayLikeLength(_ o: Value) throws -> Int {
        let obj = object(o)
        if obj.isArray { return obj.elements.count }
        let d = try toInteger(try get(o, Atom.length))
        if d <= 0 { return 0 }
        guard d <= Double(maxDenseIndex) else { throw error(.rangeError, "Invalid array length") }
        return Int(d)
    }

    /// Throws V8's RangeError when an array would exceed `maxDenseIndex` elements.
    fileprivate func checkArrayLength(_ n: Int) throws {
        if n > maxDenseIndex { throw error(.rangeError, "Invalid array length") }
    }

    /// Get(O, i). A hole of a real array reads as undefined without
    /// consulting the prototype chain (see the file comment).
    fileprivate func element(_ o: Value, _ i: Int) throws -> Value {
        let obj = object(o)
        switch obj.kind {
        case .array:
            return i < obj.elements.count && !obj.elements[i].isHole ? obj.elements[i] : .undefined
        case .arguments:
            if i < obj.elements.count, !obj.elements[i].isHole { return obj.elements[i] }
        default: break
        }
        return try get(o, key(forIndex: i))
    }

    /// HasProperty(O, i), with the same shortcut for real arrays.
    fileprivate func hasElement(_ o: Value, _ i: Int) -> Bool {
        let obj = object(o)
        switch obj.kind {
        case .array:
            return i < obj.elements.count && !obj.elements[i].isHole
        case .arguments:
            if i < obj.elements.count, !obj.elements[i].isHole { return true }
        default: break
        }
        return hasProperty(o, key(forIndex: i))
    }

    /// Set(O, i, v, true).
    fileprivate func setElementStrict(_ o: Value, _ i: Int, _ v: Value) throws {
        try setIndexed(o, Value(i), v, strict: true)
    }

    /// DeletePropertyOrThrow(O, i).
    fileprivate func deleteElement(_ o: Value, _ i: Int) throws {
        if !deleteProperty(o, key(forIndex: i)) {
            throw error(.typeError, "Cannot delete property '\(i)' of \(describeForError(o))")
        }
    }

    /// Set(O, "length", n, true).
    fileprivate func setLength(_ o: Value, _ n: Int) throws {
        try set(o, Atom.length, Value(n), strict: true)
    }

    /// Copies element `from` to `to`, or deletes `to` when `from` is absent
    /// (the inner step of the generic copyWithin/shift/splice/unshift).
    fileprivate func moveElement(_ o: Value, from: Int, to: Int) throws {
        if hasElement(o, from) {
            try setElementStrict(o, to, try element(o, from))
        } else {
            try deleteElement(o, to)
        }
    }

    /// IsConcatSpreadable.
    fileprivate func isConcatSpreadable(_ v: Value) throws -> Bool {
        guard v.isObject else { return false }
        let spreadable = try get(v, Atom.symbolIsConcatSpreadable)
        if !spreadable.isUndefined { return toBoolean(spreadable) }
        return object(v).isArray
    }

    /// FlattenIntoArray with an explicit stack (deep nesting cannot
    /// overflow the Swift stack; a cyclic array hits V8's RangeError).
    fileprivate func flatten(_ source: Value, length: Int, depth: Double,
                             into result: inout ContiguousArray<Value>) throws {
        var stack: [(source: Value, length: Int, index: Int, depth: Double)] = [(source, length, 0, depth)]
        while let top = stack.last {
            guard top.index < top.length else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].index += 1
            guard hasElement(top.source, top.index) else { continue }
            let v = try element(top.source, top.index)
            if top.depth > 0, v.isObject, object(v).isArray {
                guard stack.count < 10_000 else { throw error(.rangeError, "Maximum call stack size exceeded") }
                stack.append((v, object(v).elements.count, 0, top.depth - 1))
            } else {
                try checkArrayLength(result.count + 1)
                result.append(v)
            }
        }
    }

    /// Array.prototype.join. Nested arrays that still use the builtin
    /// toString and join are joined in place with an explicit stack (no
    /// recursion), and an array met again inside itself joins as "" (as in V8).
    fileprivate func arrayJoin(_ root: Value, separator: [UInt16]) throws -> Value {
        var out: [UInt16] = []
        var stack: [(array: Value, length: Int, index: Int, separator: [UInt16])] =
            [(root, try arrayLikeLength(root), 0, separator)]
        var active: Set<UInt32> = [root.handle]
        while let top = stack.last {
            try chargeSteps(1)
            guard out.count <= ArrayBuiltins.maxStringLength else { throw error(.rangeError, "Invalid string length") }
            guard top.index < top.length else {
                active.remove(top.array.handle)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].index += 1
            if top.index > 0 { out += top.separator }
            let v = try element(top.array, top.index)
            if v.isNullish { continue }
            if v.isString {
                out += units(v)
            } else if !v.isObject && !v.isSymbol {
                out += primitiveToString(v).utf16
            } else if try joinsInPlace(v) {
                if active.insert(v.handle).inserted { stack.append((v, object(v).elements.count, 0, [44])) }
            } else {
                out += try toUnits(v)
            }
        }
        guard out.count <= ArrayBuiltins.maxStringLength else { throw error(.rangeError, "Invalid string length") }
        return newString(out)
    }

    /// Whether ToString of `v` would be the builtin Array.prototype.join with ",".
    private func joinsInPlace(_ v: Value) throws -> Bool {
        guard object(v).isArray, isNative(try get(v, Atom.toString), ArrayBuiltins.toStringID) else { return false }
        return isNative(try get(v, Atom.join), ArrayBuiltins.joinID)
    }

    /// The default sort of a mutable array of primitives: stable, by ToString
    /// in UTF-16 code unit order, undefined after all values, holes last.
    /// Returns false (without touching the array) when an element is an
    /// object or a symbol, whose conversion belongs to the prelude.
    fileprivate func sortPrimitivesByString(_ v: Value) -> Bool {
        guard let a = mutableArray(v) else { return false }
        var keyed: [(key: [UInt16], value: Value)] = []
        keyed.reserveCapacity(a.elements.count)
        var undefinedCount = 0, holeCount = 0
        for e in a.elements {
            if e.isHole {
                holeCount += 1
            } else if e.isUndefined {
                undefinedCount += 1
            } else if e.isObject || e.isSymbol {
                return false
            } else {
                keyed.append((e.isString ? units(e) : Array(primitiveToString(e).utf16), e))
            }
        }
        // Swift's sort is not documented as stable: break ties by position.
        let order = keyed.indices.sorted { i, j in
            let x = keyed[i].key, y = keyed[j].key
            if x == y { return i < j }
            return x.lexicographicallyPrecedes(y)
        }
        var sorted = ContiguousArray<Value>()
        sorted.reserveCapacity(a.elements.count)
        for i in order { sorted.append(keyed[i].value) }
        sorted.append(contentsOf: repeatElement(.undefined, count: undefinedCount))
        sorted.append(contentsOf: repeatElement(.hole, count: holeCount))
        a.elements = sorted
        return true
    }
}
