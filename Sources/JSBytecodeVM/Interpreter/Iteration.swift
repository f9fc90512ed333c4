// The iteration protocol for for-of, spread and destructuring, and for-in.
// Builtin iterators (arrays, strings, maps, sets) step natively; other
// iterators get their `next` called as an ordinary JavaScript call whose
// result the interpreter inspects when it returns (`ReturnMode.iteratorStep`).

extension VM {
    /// GetIterator for the value at `stack[index]` (the operand-stack top):
    /// replaces it with `[iterator next]`. Returns true when a frame was
    /// pushed to run a compiled `[Symbol.iterator]` method.
    func getIterator(at index: Int) throws -> Bool {
        let iterable = stack[index]
        if iterable.isObject {
            let o = object(iterable)
            if case .iterator = o.kind {
                stack[index + 1] = .undefined
                sp = index + 2
                frames[frames.count - 1].sp = sp
                return false
            }
        }
        let method = try get(iterable, Atom.symbolIterator)
        if iterable.isObject, method == intrinsics.arrayValuesFunction, !method.isUndefined,
           case .array = object(iterable).kind {
            stack[index] = makeBuiltinIterator(.arrayValues, iterable)
            stack[index + 1] = .undefined
            sp = index + 2
            frames[frames.count - 1].sp = sp
            return false
        }
        guard isCallable(method) else {
            throw error(.typeError, "\(iterableDescription(iterable)) is not iterable")
        }
        stack[index] = method
        stack[index + 1] = iterable
        sp = index + 2
        let depth = frames.count
        try invoke(base: index, argc: 0, mode: .getIterator)
        return frames.count != depth
    }

    private func iterableDescription(_ v: Value) -> String {
        if v.isObject { return isCallable(v) ? describeCallee(v) : "object" }
        if v.isString { return "\"\(swiftString(v))\"" }
        return primitiveToString(v)
    }

    /// Calls `next` of the user iterator in `[iterator next]` on the stack
    /// top; the result is checked when the call returns.
    func callIteratorNext(mode: ReturnMode) throws {
        let iterator = stack[sp - 2]
        let next = stack[sp - 1]
        let base = sp
        try ensureStack(base + 2)
        stack[base] = next
        stack[base + 1] = iterator
        sp = base + 2
        try invoke(base: base, argc: 0, mode: mode)
    }

    /// IteratorClose: calls `return()` of a user iterator.
    func iteratorClose(iterator: Value) throws {
        guard iterator.isObject else { return }
        if case .iterator(let data) = object(iterator).kind {
            data.done = true
            return
        }
        let ret = try get(iterator, Atom.return)
        if ret.isNullish { return }
        _ = try call(ret, this: iterator, arguments: [])
    }

    /// A for-in iterator over the enumerable string keys of `target` and its prototypes.
    func forInIterator(_ target: Value) throws -> Value {
        let data = IteratorData(kind: .forIn, target: target)
        if !target.isNullish {
            let start = try toObject(target)
            data.target = start
            var seen: Set<PropertyKey> = []
            var current = start
            while current.isObject {
                let o = object(current)
                for key in ownKeys(current) {
                    if seen.insert(key).inserted, let d = getOwnProperty(o, key), d.flags.contains(.enumerable) {
                        data.keys.append(keyValue(key))
                    }
                }
                current = o.proto
            }
        }
        return allocate(JSObject(shape: rootShape, proto: .null, kind: .iterator(data)))
    }

    /// The next key of a for-in iterator (skipping keys deleted meanwhile), or nil.
    func forInStep(_ iterator: Value) -> Value? {
        guard iterator.isObject, case .iterator(let data) = object(iterator).kind else { return nil }
        while data.index < data.keys.count {
            let k = data.keys[data.index]
            data.index += 1
            if k.isString, hasProperty(data.target, atom(ofString: k)) { return k }
        }
        return nil
    }
}
