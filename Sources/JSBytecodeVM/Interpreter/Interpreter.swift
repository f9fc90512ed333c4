import JSCompiler

// The dispatch loop: fetch, decode, dispatch and unwind. Calls never recurse
// into this function (they push a `Frame` and continue); the loop keeps pc,
// sp and base in locals and writes them back to the frame record only at
// calls, returns, throws, awaits and slow paths. Arithmetic on pc, sp and
// base wraps (`&+`, `&-`): the verifier bounds jump targets and stack
// depths, and an overflow check would put a branch on every increment.

@inline(__always) private func readU8(_ p: UnsafeMutablePointer<UInt8>, _ pc: Int) -> Int { Int(p[pc]) }
@inline(__always) private func readU16(_ p: UnsafeMutablePointer<UInt8>, _ pc: Int) -> Int {
    Int(p[pc]) | Int(p[pc &+ 1]) << 8
}
@inline(__always) private func readU32(_ p: UnsafeMutablePointer<UInt8>, _ pc: Int) -> Int {
    Int(UnsafeRawPointer(p + pc).loadUnaligned(as: UInt32.self).littleEndian)
}
@inline(__always) private func readI32(_ p: UnsafeMutablePointer<UInt8>, _ pc: Int) -> Int {
    Int(Int32(littleEndian: UnsafeRawPointer(p + pc).loadUnaligned(as: Int32.self)))
}

/// The innermost frame's execution registers, loaded into loop locals.
struct LoopState {
    /// Kept alive by `VM.codes` for the VM's lifetime.
    unowned(unsafe) var code: RuntimeCode
    var pc: Int
    var sp: Int
    var base: Int
    /// The running function's upvalue cells, borrowed: slot 0 holds the
    /// function for the frame's lifetime (the verifier rejects writes to
    /// it) and a function's upvalues never change after its creation.
    var upvalues: UnsafeBufferPointer<UInt32>
}

extension VM {
    /// The registers of the innermost frame.
    func loadState() -> LoopState {
        let f = frames[frames.count - 1]
        return loopState(code: code(at: f.codeIndex), pc: f.pc, sp: f.sp, base: f.base)
    }

    /// The registers of a frame running `code` with slot 0 at `base`.
    @inline(__always) func loopState(code: Unmanaged<RuntimeCode>, pc: Int, sp: Int, base: Int) -> LoopState {
        unowned(unsafe) let code = code.takeUnretainedValue()
        let none = UnsafeBufferPointer<UInt32>(start: nil, count: 0)
        let upvalues = code.hasCaptures
            ? borrowingObject(stack[base], orElse: none, { $0.upvalues.withUnsafeBufferPointer { $0 } }) : none
        return LoopState(code: code, pc: pc, sp: sp, base: base, upvalues: upvalues)
    }

    /// Runs the dispatch loop until the frame at index `entryDepth` (whose
    /// return mode is `.host`) returns or suspends; returns its result.
    /// A throw that escapes that frame is rethrown as `JSThrow`.
    func run(entryDepth: Int) throws -> Value {
        let stack = self.stack
        var st = loadState()
        var bytes = st.code.code.baseAddress.unsafelyUnwrapped
        var pc = st.pc
        var sp = st.sp
        var base = st.base

        /// Writes the loop registers back to the innermost frame.
        @inline(__always) func save() {
            frames[frames.count - 1].pc = pc
            frames[frames.count - 1].sp = sp
            self.sp = sp
        }

        while true {
            do {
                while true {
                    let op = unsafeBitCast(bytes[pc], to: Opcode.self)
                    pc &+= 1
                    stepsLeft &-= 1
                    switch op {
                    case .nop, .debugger:
                        break
                    case .pop:
                        sp &-= 1
                    case .dup:
                        stack[sp] = stack[sp &- 1]
                        sp &+= 1
                    case .dup2:
                        stack[sp] = stack[sp &- 2]
                        stack[sp &+ 1] = stack[sp &- 1]
                        sp &+= 2
                    case .swap:
                        let t = stack[sp &- 1]
                        stack[sp &- 1] = stack[sp &- 2]
                        stack[sp &- 2] = t
                    case .dupX1:
                        let b = stack[sp &- 1]
                        stack[sp] = b
                        stack[sp &- 1] = stack[sp &- 2]
                        stack[sp &- 2] = b
                        sp &+= 1
                    case .dupX2:
                        let c = stack[sp &- 1]
                        stack[sp] = c
                        stack[sp &- 1] = stack[sp &- 2]
                        stack[sp &- 2] = stack[sp &- 3]
                        stack[sp &- 3] = c
                        sp &+= 1
                    case .rot3:
                        let a = stack[sp &- 3]
                        stack[sp &- 3] = stack[sp &- 2]
                        stack[sp &- 2] = stack[sp &- 1]
                        stack[sp &- 1] = a
                    case .rot3Back:
                        let c = stack[sp &- 1]
                        stack[sp &- 1] = stack[sp &- 2]
                        stack[sp &- 2] = stack[sp &- 3]
                        stack[sp &- 3] = c

                    case .pushUndefined:
                        stack[sp] = .undefined
                        sp &+= 1
                    case .pushNull:
                        stack[sp] = .null
                        sp &+= 1
                    case .pushTrue:
                        stack[sp] = .true
                        sp &+= 1
                    case .pushFalse:
                        stack[sp] = .false
                        sp &+= 1
                    case .pushHole:
                        stack[sp] = .hole
                        sp &+= 1
                    case .pushInt:
                        stack[sp] = Value(Double(readI32(bytes, pc)))
                        pc &+= 4
                        sp &+= 1
                    case .pushConst:
                        stack[sp] = st.code.constants[readU32(bytes, pc)]
                        pc &+= 4
                        sp &+= 1

                    case .getLocal:
                        stack[sp] = stack[base &+ readU16(bytes, pc)]
                        pc &+= 2
                        sp &+= 1
                    case .setLocal:
                        sp &-= 1
                        stack[base &+ readU16(bytes, pc)] = stack[sp]
                        pc &+= 2
                    case .newCell:
                        stack[base &+ readU16(bytes, pc)] = Value(cell: newCell(.hole))
                        pc &+= 2
                    case .getCell:
                        let cell = stack[base &+ readU16(bytes, pc)]
                        guard cell.isCell else { save(); throw error(.error, "internal error: slot holds no cell") }
                        stack[sp] = cells[Int(cell.handle)]
                        pc &+= 2
                        sp &+= 1
                    case .setCell:
                        let cell = stack[base &+ readU16(bytes, pc)]
                        guard cell.isCell else { save(); throw error(.error, "internal error: slot holds no cell") }
                        sp &-= 1
                        cells[Int(cell.handle)] = stack[sp]
                        pc &+= 2
                    case .copyCell:
                        let slot = base &+ readU16(bytes, pc)
                        let cell = stack[slot]
                        guard cell.isCell else { save(); throw error(.error, "internal error: slot holds no cell") }
                        stack[slot] = Value(cell: newCell(cells[Int(cell.handle)]))
                        pc &+= 2
                    case .getUpvalue:
                        stack[sp] = cells[Int(st.upvalues[readU16(bytes, pc)])]
                        pc &+= 2
                        sp &+= 1
                    case .setUpvalue:
                        sp &-= 1
                        cells[Int(st.upvalues[readU16(bytes, pc)])] = stack[sp]
                        pc &+= 2
                    case .getGlobalSlot:
                        let slot = readU32(bytes, pc)
                        guard slot < globalSlots.count else { save(); throw error(.error, "internal error: bad global slot") }
                        stack[sp] = globalSlots[slot]
                        pc &+= 4
                        sp &+= 1
                    case .setGlobalSlot:
                        let slot = readU32(bytes, pc)
                        guard slot < globalSlots.count else { save(); throw error(.error, "internal error: bad global slot") }
                        sp &-= 1
                        globalSlots[slot] = stack[sp]
                        pc &+= 4
                    case .getGlobal, .getGlobalOrUndefined:
                        let operands = pc
                        pc &+= 6
                        let cache = readU16(bytes, operands + 4)
                        if let cached = cachedProperty(globalObject, st.code.caches + cache) {
                            stack[sp] = cached
                        } else {
                            save()
                            let key = st.code.atoms[readU32(bytes, operands)]
                            stack[sp] = try getGlobalSlow(key, cache: cache, code: st.code, orUndefined: op == .getGlobalOrUndefined)
                        }
                        sp &+= 1
                    case .setGlobal:
                        let key = st.code.atoms[readU32(bytes, pc)]
                        pc &+= 6
                        sp &-= 1
                        save()
                        try setGlobalSlow(key, stack[sp], strict: st.code.isStrict)
                    case .checkHole:
                        if stack[sp &- 1].isHole {
                            save()
                            let name = st.code.block.names[readU32(bytes, pc)]
                            throw error(.referenceError, "Cannot access '\(name)' before initialization")
                        }
                        pc &+= 4
                    case .checkThis:
                        if stack[sp &- 1].isHole {
                            save()
                            throw error(.referenceError, "Must call super constructor in derived class before accessing 'this' or returning from derived constructor")
                        }
                    case .throwConstAssign:
                        save()
                        throw error(.typeError, "Assignment to constant variable.")

                    case .getField:
                        let receiver = stack[sp &- 1]
                        let cache = readU16(bytes, pc &+ 4)
                        if let v = cachedProperty(receiver, st.code.caches + cache) {
                            stack[sp &- 1] = v
                            pc &+= 6
                            break
                        }
                        let key = st.code.atoms[readU32(bytes, pc)]
                        pc &+= 6
                        if key == Atom.length, let n = intrinsicLength(receiver) {
                            stack[sp &- 1] = n
                            break
                        }
                        fastPathStatistics.inlineCacheMisses &+= 1
                        if let v = cachedGet(receiver, key, refilling: st.code.caches + cache) {
                            stack[sp &- 1] = v
                            break
                        }
                        save()
                        stack[sp &- 1] = try getFieldSlow(receiver, key, cache: cache, code: st.code)
                    case .getMethod:
                        let receiver = stack[sp &- 1]
                        let cache = readU16(bytes, pc &+ 4)
                        stack[sp] = receiver
                        if let v = cachedProperty(receiver, st.code.caches + cache) {
                            stack[sp &- 1] = v
                            sp &+= 1
                            pc &+= 6
                            break
                        }
                        let key = st.code.atoms[readU32(bytes, pc)]
                        pc &+= 6
                        fastPathStatistics.inlineCacheMisses &+= 1
                        sp &+= 1
                        if let v = cachedGet(receiver, key, refilling: st.code.caches + cache) {
                            stack[sp &- 2] = v
                            break
                        }
                        save()
                        stack[sp &- 2] = try getFieldSlow(receiver, key, cache: cache, code: st.code)
                    case .setField:
                        let target = stack[sp &- 2]
                        let value = stack[sp &- 1]
                        let cache = readU16(bytes, pc &+ 4)
                        sp &-= 2
                        // Only own-slot entries may be written through (compiled
                        // code never shares a cache between a read and a write;
                        // crafted bytecode might).
                        let ic = st.code.caches[cache]
                        if ic.holderShape == 0,
                           borrowingObject(target, orElse: false, { $0.setCachedSlot(shape: ic.shape, slot: Int(ic.slot), value) }) {
                            pc &+= 6
                            break
                        }
                        let key = st.code.atoms[readU32(bytes, pc)]
                        pc &+= 6
                        fastPathStatistics.inlineCacheMisses &+= 1
                        if cachedSet(target, key, value, .set, refilling: st.code.caches + cache) { break }
                        save()
                        try setFieldSlow(target, key, value, cache: cache, code: st.code)
                    case .getIndex:
                        let target = stack[sp &- 2]
                        let key = stack[sp &- 1]
                        sp &-= 1
                        if let i = key.elementIndex,
                           let v = borrowingObject(target, orElse: nil, { $0.isArray ? $0.denseElement(i) : nil }),
                           !v.isHole {
                            stack[sp &- 1] = v
                            break
                        }
                        fastPathStatistics.elementSlowPaths += 1
                        save()
                        stack[sp &- 1] = try getIndexed(target, key)
                    case .getIndexMethod:
                        let target = stack[sp &- 2]
                        let key = stack[sp &- 1]
                        save()
                        stack[sp &- 2] = try getIndexed(target, key)
                        stack[sp &- 1] = target
                    case .setIndex:
                        let target = stack[sp &- 3]
                        let key = stack[sp &- 2]
                        let value = stack[sp &- 1]
                        sp &-= 3
                        if let i = key.elementIndex,
                           borrowingObject(target, orElse: false, { $0.isArray && !$0.frozen && $0.setDenseElement(i, value) }) {
                            break
                        }
                        fastPathStatistics.elementSlowPaths += 1
                        save()
                        try setIndexed(target, key, value, strict: st.code.isStrict)
                    case .deleteField:
                        let key = st.code.atoms[readU32(bytes, pc)]
                        pc &+= 4
                        save()
                        stack[sp &- 1] = try deleteChecked(stack[sp &- 1], key, strict: st.code.isStrict)
                    case .deleteIndex:
                        save()
                        let key = try toPropertyKey(stack[sp &- 1])
                        sp &-= 1
                        stack[sp &- 1] = try deleteChecked(stack[sp &- 1], key, strict: st.code.isStrict)
                    case .defineField:
                        let key = st.code.atoms[readU32(bytes, pc)]
                        pc &+= 4
                        sp &-= 1
                        guard stack[sp &- 1].isObject else { save(); throw notAnObject() }
                        if key == Atom.proto {
                            // `{__proto__: p}` in a literal sets the prototype.
                            let p = stack[sp]
                            if p.isObject || p.isNull { setPrototype(stack[sp &- 1], p) }
                        } else if !cachedSet(stack[sp &- 1], key, stack[sp], .define) {
                            try defineFieldSlow(stack[sp &- 1], key, stack[sp])
                        }
                    case .defineIndex:
                        save()
                        guard stack[sp &- 3].isObject else { throw notAnObject() }
                        let key = try toPropertyKey(stack[sp &- 2])
                        try defineOwn(stack[sp &- 3], key, stack[sp &- 1])
                        sp &-= 2
                    case .defineMethod:
                        let flags = readU8(bytes, pc)
                        pc &+= 1
                        save()
                        guard stack[sp &- 3].isObject, stack[sp &- 1].isObject else { throw notAnObject() }
                        try defineMethod(target: stack[sp &- 3], key: stack[sp &- 2], function: stack[sp &- 1], flags: flags)
                        sp &-= 2
                    case .copyDataProperties:
                        save()
                        guard stack[sp &- 2].isObject else { throw notAnObject() }
                        try copyDataProperties(into: stack[sp &- 2], from: stack[sp &- 1], excluding: [])
                        sp &-= 1
                    case .objectRest:
                        let n = readU8(bytes, pc)
                        pc &+= 1
                        save()
                        var excluded: Set<PropertyKey> = []
                        for i in 0..<n { excluded.insert(try toPropertyKey(stack[sp &- n &+ i])) }
                        sp &-= n
                        let rest = newObject()
                        try copyDataProperties(into: rest, from: stack[sp &- 1], excluding: excluded)
                        stack[sp &- 1] = rest
                    case .getSuper:
                        save()
                        stack[sp &- 2] = try getSuper(this: stack[sp &- 2], key: stack[sp &- 1], callee: stack[base])
                        sp &-= 1
                    case .setSuper:
                        save()
                        try setSuper(this: stack[sp &- 3], key: stack[sp &- 2], value: stack[sp &- 1], callee: stack[base])
                        sp &-= 3
                    case .requireObjectCoercible:
                        if stack[sp &- 1].isNullish {
                            save()
                            throw error(.typeError, "Cannot destructure '\(primitiveToString(stack[sp &- 1]))' as it is \(primitiveToString(stack[sp &- 1])).")
                        }
                    case .toPropertyKey:
                        let v = stack[sp &- 1]
                        if !(v.isString || v.isSymbol || v.isNumber) {
                            save()
                            stack[sp &- 1] = keyValue(try toPropertyKey(v))
                        }

                    case .newObject:
                        stack[sp] = allocate(JSObject(shape: rootShape, proto: intrinsics.objectPrototype))
                        sp &+= 1
                    case .newArray:
                        let capacity = readU32(bytes, pc)
                        pc &+= 4
                        let a = JSObject(shape: rootShape, proto: intrinsics.arrayPrototype, kind: .array)
                        a.elements.reserveCapacity(min(capacity, 1 << 16))
                        stack[sp] = allocate(a)
                        sp &+= 1
                    case .arrayPush:
                        sp &-= 1
                        guard stack[sp &- 1].isObject else { save(); throw notAnObject() }
                        object(stack[sp &- 1]).elements.append(stack[sp])
                        chargeHeap(8)
                    case .arrayPushHole:
                        guard stack[sp &- 1].isObject else { save(); throw notAnObject() }
                        object(stack[sp &- 1]).elements.append(.hole)

                    case .add:
                        let a = stack[sp &- 2], b = stack[sp &- 1]
                        sp &-= 1
                        if a.isNumber && b.isNumber {
                            stack[sp &- 1] = Value(a.number + b.number)
                        } else if a.isString && b.isString {
                            stack[sp &- 1] = concatenate(a, b)
                        } else {
                            save()
                            stack[sp &- 1] = try addSlow(a, b)
                        }
                    case .sub, .mul, .div, .mod, .exp:
                        let a = stack[sp &- 2], b = stack[sp &- 1]
                        sp &-= 1
                        let x: Double, y: Double
                        if a.isNumber && b.isNumber {
                            x = a.number
                            y = b.number
                        } else {
                            save()
                            x = try toNumber(a)
                            y = try toNumber(b)
                        }
                        switch op {
                        case .sub: stack[sp &- 1] = Value(x - y)
                        case .mul: stack[sp &- 1] = Value(x * y)
                        case .div: stack[sp &- 1] = Value(x / y)
                        case .mod: stack[sp &- 1] = Value(jsRemainder(x, y))
                        default: stack[sp &- 1] = Value(jsPower(x, y))
                        }
                    case .shl, .shr, .ushr, .bitAnd, .bitOr, .bitXor:
                        let a = stack[sp &- 2], b = stack[sp &- 1]
                        sp &-= 1
                        let x: Int32, y: Int32
                        if a.isNumber && b.isNumber {
                            x = VM.toInt32(a.number)
                            y = VM.toInt32(b.number)
                        } else {
                            save()
                            x = try toInt32(a)
                            y = try toInt32(b)
                        }
                        switch op {
                        case .shl: stack[sp &- 1] = Value(Double(x << (y & 31)))
                        case .shr: stack[sp &- 1] = Value(Double(x >> (y & 31)))
                        case .ushr: stack[sp &- 1] = Value(Double(UInt32(bitPattern: x) >> UInt32(y & 31)))
                        case .bitAnd: stack[sp &- 1] = Value(Double(x & y))
                        case .bitOr: stack[sp &- 1] = Value(Double(x | y))
                        default: stack[sp &- 1] = Value(Double(x ^ y))
                        }
                    case .lt, .le, .gt, .ge:
                        let a = stack[sp &- 2], b = stack[sp &- 1]
                        sp &-= 1
                        if a.isNumber && b.isNumber {
                            let x = a.number, y = b.number
                            switch op {
                            case .lt: stack[sp &- 1] = Value(x < y)
                            case .le: stack[sp &- 1] = Value(x <= y)
                            case .gt: stack[sp &- 1] = Value(x > y)
                            default: stack[sp &- 1] = Value(x >= y)
                            }
                        } else {
                            save()
                            stack[sp &- 1] = Value(try compareSlow(op, a, b))
                        }
                    case .strictEq:
                        let a = stack[sp &- 2], b = stack[sp &- 1]
                        sp &-= 1
                        stack[sp &- 1] = Value(strictEquals(a, b))
                    case .strictNe:
                        let a = stack[sp &- 2], b = stack[sp &- 1]
                        sp &-= 1
                        stack[sp &- 1] = Value(!strictEquals(a, b))
                    case .eq, .ne:
                        let a = stack[sp &- 2], b = stack[sp &- 1]
                        sp &-= 1
                        save()
                        let r = try looselyEquals(a, b)
                        stack[sp &- 1] = Value(op == .eq ? r : !r)
                    case .instanceOf:
                        save()
                        stack[sp &- 2] = Value(try instanceOf(stack[sp &- 2], stack[sp &- 1]))
                        sp &-= 1
                    case .hasProperty:
                        let target = stack[sp &- 1]
                        save()
                        guard target.isObject else {
                            throw error(.typeError, "Cannot use 'in' operator to search for '\(primitiveToString(stack[sp &- 2]))' in \(primitiveToString(target))")
                        }
                        stack[sp &- 2] = Value(hasProperty(target, try toPropertyKey(stack[sp &- 2])))
                        sp &-= 1
                    case .neg:
                        let a = stack[sp &- 1]
                        if a.isNumber {
                            stack[sp &- 1] = Value(-a.number)
                        } else {
                            save()
                            stack[sp &- 1] = Value(-(try toNumber(a)))
                        }
                    case .toNumber:
                        let a = stack[sp &- 1]
                        if !a.isNumber {
                            save()
                            stack[sp &- 1] = Value(try toNumber(a))
                        }
                    case .not:
                        stack[sp &- 1] = Value(!toBoolean(stack[sp &- 1]))
                    case .bitNot:
                        save()
                        stack[sp &- 1] = Value(Double(~(try toInt32(stack[sp &- 1]))))
                    case .typeOf:
                        stack[sp &- 1] = newString(typeOf(stack[sp &- 1]))
                    case .inc:
                        let a = stack[sp &- 1]
                        if a.isNumber {
                            stack[sp &- 1] = Value(a.number + 1)
                        } else {
                            save()
                            stack[sp &- 1] = Value(try toNumber(a) + 1)
                        }
                    case .dec:
                        let a = stack[sp &- 1]
                        if a.isNumber {
                            stack[sp &- 1] = Value(a.number - 1)
                        } else {
                            save()
                            stack[sp &- 1] = Value(try toNumber(a) - 1)
                        }
                    case .toString:
                        let a = stack[sp &- 1]
                        if !a.isString {
                            save()
                            stack[sp &- 1] = try toStringValue(a)
                        }

                    case .jump:
                        let offset = readI32(bytes, pc)
                        pc &+= 4 + offset
                        if offset < 0 && (stepsLeft < 0 || allocationDebt > gcThreshold) {
                            save()
                            try safePoint()
                        }
                    case .jumpIfTrue, .jumpIfFalse:
                        // Loop conditions: the only conditional jumps that may go
                        // backward (the verifier enforces it), so the only ones
                        // with a safe point.
                        sp &-= 1
                        let offset = readI32(bytes, pc)
                        pc &+= 4
                        if toBoolean(stack[sp]) == (op == .jumpIfTrue) {
                            pc &+= offset
                            if offset < 0 && (stepsLeft < 0 || allocationDebt > gcThreshold) {
                                save()
                                try safePoint()
                            }
                        }
                    case .jumpIfTrueKeep:
                        let offset = readI32(bytes, pc)
                        pc &+= 4
                        if toBoolean(stack[sp &- 1]) { pc &+= offset } else { sp &-= 1 }
                    case .jumpIfFalseKeep:
                        let offset = readI32(bytes, pc)
                        pc &+= 4
                        if !toBoolean(stack[sp &- 1]) { pc &+= offset } else { sp &-= 1 }
                    case .jumpIfNullish:
                        let offset = readI32(bytes, pc)
                        pc &+= 4
                        if stack[sp &- 1].isNullish { pc &+= offset }
                    case .jumpIfNotNullish:
                        let offset = readI32(bytes, pc)
                        pc &+= 4
                        if !stack[sp &- 1].isNullish { pc &+= offset }
                    case .throw:
                        save()
                        throw JSThrow(stack[sp &- 1])
                    case .return, .returnUndefined:
                        let result = op == .return ? stack[sp &- 1] : .undefined
                        save()
                        if !returnToCaller(result), let hostResult = try returnFromFrame(result, entryDepth: entryDepth) {
                            return hostResult
                        }
                        st = loadState()
                        bytes = st.code.code.baseAddress.unsafelyUnwrapped
                        pc = st.pc
                        sp = st.sp
                        base = st.base

                    case .call, .construct, .superCall:
                        let argc = readU8(bytes, pc)
                        pc &+= 1
                        save()
                        let calleeBase = sp &- argc &- 2
                        let codeIndex = op == .call ? calleeCodeIndex(stack[calleeBase]) : -1
                        if codeIndex >= 0 && callsPlainly(codeIndex) {
                            // A compiled function: its registers are known without reading the frame back.
                            try pushFrame(codeIndex: codeIndex, base: calleeBase, argc: argc, mode: .push,
                                          newTarget: .undefined, isConstruct: false)
                            st = loopState(code: code(at: codeIndex), pc: 0, sp: self.sp, base: calleeBase)
                        } else {
                            switch op {
                            case .call:
                                try invoke(base: calleeBase, argc: argc, mode: .push)
                            case .construct:
                                try construct(base: calleeBase, argc: argc, mode: .push)
                            default:
                                try superCall(argc: argc)
                            }
                            st = loadState()
                        }
                        bytes = st.code.code.baseAddress.unsafelyUnwrapped
                        pc = st.pc
                        sp = st.sp
                        base = st.base
                        if stepsLeft < 0 || allocationDebt > gcThreshold {
                            save()
                            try safePoint()
                        }
                    case .callSpread, .constructSpread, .superCallSpread:
                        save()
                        let argc = try spreadArguments(at: sp &- 1)
                        switch op {
                        case .callSpread:
                            try invoke(base: self.sp &- argc &- 2, argc: argc, mode: .push)
                        case .constructSpread:
                            try construct(base: self.sp &- argc &- 2, argc: argc, mode: .push)
                        default:
                            try superCall(argc: argc)
                        }
                        st = loadState()
                        bytes = st.code.code.baseAddress.unsafelyUnwrapped
                        pc = st.pc
                        sp = st.sp
                        base = st.base
                    case .makeClosure:
                        let child = st.code.children[readU32(bytes, pc)]
                        pc &+= 4
                        stack[sp] = makeClosure(codeIndex: child, base: base, upvalues: st.upvalues, callee: stack[base])
                        sp &+= 1
                    case .makeClass:
                        let child = st.code.children[readU32(bytes, pc)]
                        let hasSuper = readU8(bytes, pc &+ 4) != 0
                        pc &+= 5
                        save()
                        let superclass: Value? = hasSuper ? stack[sp &- 1] : nil
                        if hasSuper { sp &-= 1 }
                        let (ctor, proto) = try makeClass(codeIndex: child, superclass: superclass, base: base, upvalues: st.upvalues)
                        stack[sp] = ctor
                        stack[sp &+ 1] = proto
                        sp &+= 2
                    case .getNewTarget:
                        stack[sp] = frames[frames.count - 1].newTarget
                        sp &+= 1
                    case .createArguments:
                        let list = frames[frames.count - 1].argumentList
                        let args = JSObject(shape: rootShape, proto: intrinsics.objectPrototype, kind: .arguments)
                        if list.isObject { args.elements = object(list).elements }
                        let a = allocate(args)
                        try defineOwn(a, Atom.length, Value(args.elements.count), flags: .hidden)
                        try defineOwn(a, Atom.symbolIterator, intrinsics.arrayValuesFunction, flags: .hidden)
                        stack[sp] = a
                        sp &+= 1
                    case .createRest:
                        let index = readU16(bytes, pc)
                        pc &+= 2
                        let list = frames[frames.count - 1].argumentList
                        var rest: ContiguousArray<Value> = []
                        if list.isObject {
                            let all = object(list).elements
                            if index < all.count { rest = ContiguousArray(all[index...]) }
                        }
                        stack[sp] = newArray(rest)
                        sp &+= 1

                    case .getIterator:
                        save()
                        if try getIterator(at: sp &- 1) {
                            st = loadState()
                            bytes = st.code.code.baseAddress.unsafelyUnwrapped
                            pc = st.pc
                            base = st.base
                        }
                        sp = self.sp
                    case .iteratorStep, .iteratorValue:
                        let iterator = stack[sp &- 2]
                        if iterator.isObject, case .iterator(let data) = object(iterator).kind, stack[sp &- 1].isUndefined {
                            if let v = stepBuiltinIterator(data) {
                                stack[sp] = v
                                sp &+= 1
                                if op == .iteratorStep { pc &+= 4 }
                            } else if op == .iteratorStep {
                                pc &+= 4 + readI32(bytes, pc)
                            } else {
                                stack[sp] = .undefined
                                sp &+= 1
                            }
                            break
                        }
                        if op == .iteratorStep { pc &+= 4 }
                        save()
                        try callIteratorNext(mode: op == .iteratorStep ? .iteratorStep : .iteratorValue)
                        st = loadState()
                        bytes = st.code.code.baseAddress.unsafelyUnwrapped
                        pc = st.pc
                        sp = st.sp
                        base = st.base
                    case .iteratorClose:
                        save()
                        try iteratorClose(iterator: stack[sp &- 2])
                        sp &-= 2
                    case .forInStart:
                        save()
                        stack[sp &- 1] = try forInIterator(stack[sp &- 1])
                    case .forInNext:
                        let offset = readI32(bytes, pc)
                        pc &+= 4
                        if let key = forInStep(stack[sp &- 1]) {
                            stack[sp] = key
                            sp &+= 1
                        } else {
                            pc &+= offset
                        }

                    case .await:
                        save()
                        if let hostResult = try awaitValue(entryDepth: entryDepth) {
                            return hostResult
                        }
                        st = loadState()
                        bytes = st.code.code.baseAddress.unsafelyUnwrapped
                        pc = st.pc
                        sp = st.sp
                        base = st.base
                    }
                }
            } catch let thrown as JSThrow {
                // Every throwing path called `save()` first, so the innermost
                // frame's pc lies inside (or just after) the throwing instruction.
                if let hostResult = try unwind(thrown.value, entryDepth: entryDepth) {
                    return hostResult
                }
                st = loadState()
                bytes = st.code.code.baseAddress.unsafelyUnwrapped
                pc = st.pc
                sp = st.sp
                base = st.base
                // A handler may lie before the throw: a loop without a jump.
                if stepsLeft < 0 { try safePoint() }
            }
        }
    }
}
