// Expressions: literals, variables, operators, assignments, member access,
// optional chains and templates.

/// An optional chain being compiled: each `?.` site jumps to its own
/// trampoline, which pops what the chain had pushed and yields `undefined`.
struct OptionalChain {
    /// Operand-stack depth where the chain started.
    var startDepth: Int
    /// Each site's trampoline and the depth it arrives with.
    var sites: [(label: Label, depth: Int)] = []
}

/// An assignable place whose object (and key) are already on the stack.
enum Reference {
    /// A variable; nothing on the stack.
    case variable(String, Resolution)
    /// `[object]`.
    case field(String)
    /// `[object key]`.
    case index
    /// `[this key]`: `super[key]`.
    case superProperty

    /// Values the reference keeps on the stack.
    var stackSize: Int {
        switch self {
        case .variable: return 0
        case .field: return 1
        case .index, .superProperty: return 2
        }
    }
}

extension CodeGenerator {
    // MARK: Dispatch

    /// Pushes the value of `expression`.
    func emitExpression(_ expression: Expression) throws {
        try nested {
            switch expression {
            case .number(let value, _):
                emitNumber(value)
            case .string(let value, _):
                emitString(value)
            case .template(let quasis, let expressions, let location):
                setLine(location)
                try emitTemplate(quasis: quasis, expressions: expressions)
            case .boolean(let value, _):
                emit(value ? .pushTrue : .pushFalse)
            case .null:
                emit(.pushNull)
            case .identifier(let name, let location):
                setLine(location)
                try emitLoadVariable(name)
            case .this(let location):
                try emitThis(at: location)
            case .newTarget:
                let resolution = try analysis.resolve("new.target", from: scope)
                if resolution.binding == nil { emit(.pushUndefined) } else { emitLoad(resolution, name: "new.target") }
            case .array(let elements, let location):
                setLine(location)
                try emitArrayLiteral(elements)
            case .object(let properties, let location):
                setLine(location)
                try emitObjectLiteral(properties)
            case .function(let node):
                emit(.makeClosure, try childIndex(of: node))
            case .class(let node):
                try emitClass(node)
            case .unary(let op, let operand, let location):
                setLine(location)
                try emitUnary(op, operand)
            case .update(let op, let prefix, let target, let location):
                setLine(location)
                try emitUpdate(op, prefix: prefix, target: target, valueUsed: true)
            case .binary, .logical:
                try emitOperatorChain(expression)
            case .assignment(let op, let target, let value, let location):
                setLine(location)
                try emitAssignment(op, target: target, value: value, valueUsed: true)
            case .conditional(let test, let consequent, let alternate, _):
                let otherwise = makeLabel(), end = makeLabel()
                try emitBranch(test, whenTruthy: false, to: otherwise)
                try emitExpression(consequent)
                emitJump(.jump, to: end)
                bind(otherwise)
                try emitExpression(alternate)
                bind(end)
            case .call(let callee, let arguments, let optional, let location):
                try emitCall(callee, arguments, optional: optional, at: location)
            case .new(let callee, let arguments, let location):
                try emitNew(callee, arguments, at: location)
            case .member(let object, let name, let optional, let location):
                try emitExpression(object)
                if optional { try emitOptionalSite() }
                setLine(location)
                emit(.getField, name: name)
            case .index(let object, let index, let optional, let location):
                try emitExpression(object)
                if optional { try emitOptionalSite() }
                try emitExpression(index)
                setLine(location)
                emit(.getIndex)
            case .optionalChain(let chain, _):
                try emitOptionalChain(chain)
            case .superCall(let arguments, let location):
                try emitSuperCall(arguments, at: location)
            case .superMember(let name, let location):
                try emitThis(at: location)
                emitString(name)
                emit(.getSuper)
            case .superIndex(let index, let location):
                try emitThis(at: location)
                try emitExpression(index)
                emit(.getSuper)
            case .sequence(let expressions, _):
                guard let last = expressions.last else {
                    emit(.pushUndefined)
                    break
                }
                for element in expressions.dropLast() { try emitEffect(element) }
                try emitExpression(last)
            case .await(let operand, let location):
                try emitExpression(operand)
                setLine(location)
                emit(.await)
            case .taggedTemplate(let tag, let cooked, let raw, let expressions, let location):
                try emitTaggedTemplate(tag: tag, cooked: cooked, raw: raw, expressions: expressions, at: location)
            }
        }
    }

    /// Evaluates `expression` for its side effects only (statement position):
    /// assignments and updates store without keeping their value.
    func emitEffect(_ expression: Expression) throws {
        try nested {
            switch expression {
            case .assignment(let op, let target, let value, let location):
                setLine(location)
                try emitAssignment(op, target: target, value: value, valueUsed: false)
            case .update(let op, let prefix, let target, let location):
                setLine(location)
                try emitUpdate(op, prefix: prefix, target: target, valueUsed: false)
            case .logical(let op, let left, let right, _) where op != .nullishCoalescing:
                let end = makeLabel()
                try emitBranch(left, whenTruthy: op == .or, to: end)
                try emitEffect(right)
                bind(end)
            case .conditional(let test, let consequent, let alternate, _):
                let otherwise = makeLabel(), end = makeLabel()
                try emitBranch(test, whenTruthy: false, to: otherwise)
                try emitEffect(consequent)
                emitJump(.jump, to: end)
                bind(otherwise)
                try emitEffect(alternate)
                bind(end)
            case .sequence(let expressions, _):
                for element in expressions { try emitEffect(element) }
            case .unary(.void, let operand, _):
                try emitEffect(operand)
            case .number, .string, .boolean, .null, .function:
                break
            default:
                try emitExpression(expression)
                emit(.pop)
            }
        }
    }

    /// Jumps to `label` when `test` is truthy (or falsy), without materialising
    /// booleans for `!`, `&&`, `||` and literals.
    func emitBranch(_ test: Expression, whenTruthy: Bool, to label: Label) throws {
        try nested {
            switch test {
            case .unary(.logicalNot, let operand, _):
                try emitBranch(operand, whenTruthy: !whenTruthy, to: label)
            case .logical(let op, let left, let right, _) where op != .nullishCoalescing:
                // `a && b` jumps on truthy only if both are; `a || b` on falsy only if both are.
                if (op == .and) == whenTruthy {
                    let skip = makeLabel()
                    try emitBranch(left, whenTruthy: !whenTruthy, to: skip)
                    try emitBranch(right, whenTruthy: whenTruthy, to: label)
                    bind(skip)
                } else {
                    try emitBranch(left, whenTruthy: whenTruthy, to: label)
                    try emitBranch(right, whenTruthy: whenTruthy, to: label)
                }
            case .boolean(let value, _):
                if value == whenTruthy { emitJump(.jump, to: label) }
            case .number(let value, _):
                if (value != 0 && !value.isNaN) == whenTruthy { emitJump(.jump, to: label) }
            default:
                try emitExpression(test)
                emitJump(whenTruthy ? .jumpIfTrue : .jumpIfFalse, to: label)
            }
        }
    }

    private func opcode(for op: BinaryOperator) -> Opcode {
        switch op {
        case .add: return .add
        case .subtract: return .sub
        case .multiply: return .mul
        case .divide: return .div
        case .remainder: return .mod
        case .exponent: return .exp
        case .shiftLeft: return .shl
        case .shiftRight: return .shr
        case .unsignedShiftRight: return .ushr
        case .bitwiseAnd: return .bitAnd
        case .bitwiseOr: return .bitOr
        case .bitwiseXor: return .bitXor
        case .equal: return .eq
        case .notEqual: return .ne
        case .strictEqual: return .strictEq
        case .strictNotEqual: return .strictNe
        case .lessThan: return .lt
        case .lessThanOrEqual: return .le
        case .greaterThan: return .gt
        case .greaterThanOrEqual: return .ge
        case .instanceof: return .instanceOf
        case .in: return .hasProperty
        }
    }

    // MARK: Variables

    func emitLoadVariable(_ name: String, forTypeof: Bool = false) throws {
        emitLoad(try analysis.resolve(name, from: scope), name: name, forTypeof: forTypeof)
    }

    /// Pushes a resolved variable, with a TDZ check unless provably initialised.
    func emitLoad(_ resolution: Resolution, name: String, forTypeof: Bool = false) {
        switch resolution.location {
        case .register(let slot): emit(.getLocal, Int(slot))
        case .cell(let slot): emit(.getCell, Int(slot))
        case .upvalue(let index): emit(.getUpvalue, Int(index))
        case .globalSlot(let slot): emit(.getGlobalSlot, Int(slot))
        case .newTarget: emit(.getNewTarget)
        case .global: emit(forTypeof ? .getGlobalOrUndefined : .getGlobal, name: name)
        }
        if needsHoleCheck(resolution) { emit(.checkHole, name: name) }
    }

    /// A TDZ check is needed unless the access is in the declaring function,
    /// after the declaration was compiled, outside a switch body.
    private func needsHoleCheck(_ resolution: Resolution) -> Bool {
        guard let binding = resolution.binding, binding.kind.hasTemporalDeadZone,
              binding.mayBeAccessedBeforeInitialization else { return false }
        return !(resolution.isInDeclaringFunction && !binding.isSwitchScoped
                 && initializedBindings.contains(ObjectIdentifier(binding)))
    }

    func emitStoreVariable(_ name: String, mode: BindingMode) throws {
        emitStore(try analysis.resolve(name, from: scope), name: name, mode: mode)
    }

    /// `[v] -> []`: stores into a resolved variable. Assignments check the TDZ
    /// and refuse constants.
    func emitStore(_ resolution: Resolution, name: String, mode: BindingMode) {
        if mode != .initialize, let binding = resolution.binding {
            if mode == .assign, needsHoleCheck(resolution) {
                emitLoad(resolution, name: name)
                emit(.pop)
            }
            if binding.kind.isImmutable {
                if binding.kind != .callee || isStrict { emit(.throwConstAssign, name: name) }
                emit(.pop)
                return
            }
        }
        switch resolution.location {
        case .register(let slot): emit(.setLocal, Int(slot))
        case .cell(let slot): emit(.setCell, Int(slot))
        case .upvalue(let index): emit(.setUpvalue, Int(index))
        case .globalSlot(let slot): emit(.setGlobalSlot, Int(slot))
        case .global: emit(.setGlobal, name: name)
        case .newTarget: emit(.pop)
        }
        if mode == .initialize, let binding = resolution.binding {
            initializedBindings.insert(ObjectIdentifier(binding))
        }
    }

    /// True when the function being compiled is strict-mode code.
    var isStrict: Bool {
        guard let node = function.node else { return analysis.isStrictScript }
        return node.isStrict || function.kind == .classConstructor || function.kind == .derivedConstructor
    }

    /// Pushes `this` (`undefined` at the script top level); checked in derived constructors.
    func emitThis(at location: SourceLocation) throws {
        let resolution = try analysis.resolve("this", from: scope)
        guard let binding = resolution.binding else {
            emit(.pushUndefined)
            return
        }
        setLine(location)
        emitLoad(resolution, name: "this")
        if binding.function.kind == .derivedConstructor { emit(.checkThis) }
    }

    // MARK: Operators

    private func emitUnary(_ op: UnaryOperator, _ operand: Expression) throws {
        switch op {
        case .minus:
            if case .number(let value, _) = operand {
                emitNumber(-value)
            } else {
                try emitExpression(operand)
                emit(.neg)
            }
        case .plus:
            try emitExpression(operand)
            emit(.toNumber)
        case .logicalNot:
            try emitExpression(operand)
            emit(.not)
        case .bitwiseNot:
            try emitExpression(operand)
            emit(.bitNot)
        case .typeof:
            if case .identifier(let name, _) = operand {
                try emitLoadVariable(name, forTypeof: true)
            } else {
                try emitExpression(operand)
            }
            emit(.typeOf)
        case .void:
            try emitEffect(operand)
            emit(.pushUndefined)
        case .delete:
            try emitDelete(operand)
        }
    }

    private func emitDelete(_ operand: Expression) throws {
        switch operand {
        case .member(let object, let name, _, let location):
            try emitExpression(object)
            setLine(location)
            emit(.deleteField, name: name)
        case .index(let object, let index, _, let location):
            try emitExpression(object)
            try emitExpression(index)
            setLine(location)
            emit(.deleteIndex)
        case .identifier(let name, _):
            let resolution = try analysis.resolve(name, from: scope)
            emit(resolution.binding == nil ? .pushTrue : .pushFalse)
        default:
            try emitEffect(operand)
            emit(.pushTrue)
        }
    }

    /// Binary and logical operators. Left-deep chains (`a + b + c ...`, which
    /// the parser allows to be very long) are compiled iteratively.
    private func emitOperatorChain(_ expression: Expression) throws {
        var links: [Expression] = []
        var leftmost = expression
        spine: while true {
            switch leftmost {
            case .binary(_, let left, _, _), .logical(_, let left, _, _):
                links.append(leftmost)
                leftmost = left
            default:
                break spine
            }
        }
        try emitExpression(leftmost)
        for link in links.reversed() {
            switch link {
            case .binary(let op, _, let right, let location):
                try emitExpression(right)
                setLine(location)
                emit(opcode(for: op))
            case .logical(let op, _, let right, _):
                let end = makeLabel()
                switch op {
                case .or:
                    emitJump(.jumpIfTrueKeep, to: end)
                case .and:
                    emitJump(.jumpIfFalseKeep, to: end)
                case .nullishCoalescing:
                    emitJump(.jumpIfNotNullish, to: end)
                    emit(.pop)
                }
                try emitExpression(right)
                bind(end)
            default:
                break
            }
        }
    }

    // MARK: Assignment

    /// Pushes what an assignment target needs on the stack (object, key) and
    /// describes it; `readModifyWrite` converts a computed key once up front.
    func emitReference(_ target: Expression, readModifyWrite: Bool) throws -> Reference {
        switch target {
        case .identifier(let name, _):
            return .variable(name, try analysis.resolve(name, from: scope))
        case .member(let object, let name, _, _):
            try emitExpression(object)
            return .field(name)
        case .index(let object, let index, _, _):
            try emitExpression(object)
            try emitExpression(index)
            if readModifyWrite { emit(.toPropertyKey) }
            return .index
        case .superMember(let name, let location):
            try emitThis(at: location)
            emitString(name)
            return .superProperty
        case .superIndex(let index, let location):
            try emitThis(at: location)
            try emitExpression(index)
            if readModifyWrite { emit(.toPropertyKey) }
            return .superProperty
        default:
            throw error("Invalid left-hand side in assignment", at: .none)
        }
    }

    /// `[ref...] -> [ref... value]`.
    func emitReferenceLoad(_ reference: Reference) {
        switch reference {
        case .variable(let name, let resolution):
            emitLoad(resolution, name: name)
        case .field(let name):
            emit(.dup)
            emit(.getField, name: name)
        case .index:
            emit(.dup2)
            emit(.getIndex)
        case .superProperty:
            emit(.dup2)
            emit(.getSuper)
        }
    }

    /// `[ref... value] -> [value]` when `valueUsed`, else `-> []`; `afterLoad`:
    /// the reference was just read (and TDZ-checked) by `emitReferenceLoad`.
    func emitReferenceStore(_ reference: Reference, valueUsed: Bool, afterLoad: Bool) {
        switch reference {
        case .variable(let name, let resolution):
            if valueUsed { emit(.dup) }
            emitStore(resolution, name: name, mode: afterLoad ? .update : .assign)
        case .field(let name):
            if valueUsed { emit(.dupX1) }
            emit(.setField, name: name)
        case .index:
            if valueUsed { emit(.dupX2) }
            emit(.setIndex)
        case .superProperty:
            if valueUsed { emit(.dupX2) }
            emit(.setSuper)
        }
    }

    private func emitAssignment(_ op: AssignmentOperator, target: Pattern, value: Expression,
                                valueUsed: Bool) throws {
        let targetExpression: Expression
        switch target {
        case .identifier(let name, let location): targetExpression = .identifier(name, location)
        case .expression(let expression): targetExpression = expression
        default:
            // Destructuring assignment.
            try emitExpression(value)
            if valueUsed { emit(.dup) }
            try emitPatternBinding(target, mode: .assign)
            return
        }
        switch op {
        case .assign:
            let reference = try emitReference(targetExpression, readModifyWrite: false)
            try emitExpression(value)
            emitReferenceStore(reference, valueUsed: valueUsed, afterLoad: false)
        case .compound(let binary):
            let reference = try emitReference(targetExpression, readModifyWrite: true)
            emitReferenceLoad(reference)
            try emitExpression(value)
            emit(opcode(for: binary))
            emitReferenceStore(reference, valueUsed: valueUsed, afterLoad: true)
        case .logical(let logical):
            let reference = try emitReference(targetExpression, readModifyWrite: true)
            emitReferenceLoad(reference)
            let keep = makeLabel(), end = makeLabel()
            switch logical {
            case .or: emitJump(.jumpIfTrueKeep, to: keep)
            case .and: emitJump(.jumpIfFalseKeep, to: keep)
            case .nullishCoalescing:
                emitJump(.jumpIfNotNullish, to: keep)
                emit(.pop)
            }
            try emitExpression(value)
            emitReferenceStore(reference, valueUsed: valueUsed, afterLoad: true)
            emitJump(.jump, to: end)
            // Short-circuit: `[ref... current]`, nothing is assigned.
            bind(keep)
            if valueUsed {
                switch reference.stackSize {
                case 1:
                    emit(.swap)
                    emit(.pop)
                case 2:
                    emit(.rot3Back)
                    emitPops(2)
                default:
                    break
                }
            } else {
                emitPops(reference.stackSize + 1)
            }
            bind(end)
        }
    }

    private func emitUpdate(_ op: UpdateOperator, prefix: Bool, target: Expression, valueUsed: Bool) throws {
        let reference = try emitReference(target, readModifyWrite: true)
        emitReferenceLoad(reference)
        let step: Opcode = op == .increment ? .inc : .dec
        if !valueUsed || prefix {
            emit(step)
            emitReferenceStore(reference, valueUsed: valueUsed, afterLoad: true)
            return
        }
        // Postfix: keep ToNumeric(old) below the reference.
        emit(.toNumber)
        switch reference.stackSize {
        case 0: emit(.dup)
        case 1: emit(.dupX1)
        default: emit(.dupX2)
        }
        emit(step)
        emitReferenceStore(reference, valueUsed: false, afterLoad: true)
    }

    // MARK: Optional chains

    /// `[... v] -> [... v]`: at a `?.`, jumps to the chain's short-circuit when `v` is nullish.
    func emitOptionalSite() throws {
        guard !optionalChains.isEmpty else { throw CompilerLimits.internalError("'?.' outside an optional chain") }
        let label = makeLabel()
        optionalChains[optionalChains.count - 1].sites.append((label, stackDepth))
        emitJump(.jumpIfNullish, to: label)
    }

    private func emitOptionalChain(_ chain: Expression) throws {
        optionalChains.append(OptionalChain(startDepth: stackDepth))
        try emitExpression(chain)
        let finished = optionalChains.removeLast()
        guard !finished.sites.isEmpty else { return }
        let end = makeLabel()
        emitJump(.jump, to: end)
        for (position, site) in finished.sites.enumerated() {
            bind(site.label)
            emitPops(site.depth - finished.startDepth)
            emit(.pushUndefined)
            if position < finished.sites.count - 1 { emitJump(.jump, to: end) }
        }
        bind(end)
    }

    // MARK: Literals

    private func emitTemplate(quasis: [String], expressions: [Expression]) throws {
        var pieces = 0
        func append() {
            if pieces > 0 { emit(.add) }
            pieces += 1
        }
        if let head = quasis.first, !head.isEmpty || expressions.isEmpty {
            emitString(head)
            pieces = 1
        }
        for (position, expression) in expressions.enumerated() {
            try emitExpression(expression)
            emit(.toString)
            append()
            if position + 1 < quasis.count, !quasis[position + 1].isEmpty {
                emitString(quasis[position + 1])
                append()
            }
        }
        if pieces == 0 { emitString("") }
    }

    /// `[] -> [array]`; spread elements go through the iterator protocol.
    func emitArrayLiteral(_ elements: [ArrayElement]) throws {
        emit(.newArray, elements.count)
        var spreadTarget: UInt16?
        defer { if let spreadTarget { releaseTemporary(spreadTarget) } }
        for element in elements {
            switch element {
            case .expression(let value):
                try emitExpression(value)
                emit(.arrayPush)
            case .hole:
                emit(.arrayPushHole)
            case .spread(let iterable):
                let array: UInt16
                if let spreadTarget {
                    array = spreadTarget
                } else {
                    array = try allocateTemporary()
                    spreadTarget = array
                    emit(.dup)
                    emit(.setLocal, Int(array))
                }
                try emitExpression(iterable)
                emit(.getIterator)
                emitAppendRemainingValues(to: array)
                emitPops(2)
            }
        }
    }

    private func emitObjectLiteral(_ properties: [ObjectProperty]) throws {
        emit(.newObject)
        for property in properties {
            switch property {
            case .property(let key, .function(let node)) where node.kind == .method:
                try emitMethodDefinition(key: key, node, flags: 4)
            case .property(.named(let name), let value):
                try emitExpression(value)
                emit(.defineField, name: name)
            case .property(.computed(let key), let value):
                try emitExpression(key)
                emit(.toPropertyKey)
                try emitExpression(value)
                emit(.defineIndex)
            case .getter(let key, let node):
                try emitMethodDefinition(key: key, node, flags: 4 | 1)
            case .setter(let key, let node):
                try emitMethodDefinition(key: key, node, flags: 4 | 2)
            case .spread(let source):
                try emitExpression(source)
                emit(.copyDataProperties)
            }
        }
    }

    /// `[target] -> [target]`: defines a method, getter or setter (`defineMethod` flags).
    func emitMethodDefinition(key: PropertyKey, _ node: FunctionNode, flags: Int) throws {
        try emitPropertyKey(key)
        emit(.makeClosure, try childIndex(of: node))
        emit(.defineMethod, flags)
    }

    /// Pushes a property key: a string constant or a computed `toPropertyKey` value.
    func emitPropertyKey(_ key: PropertyKey) throws {
        switch key {
        case .named(let name):
            emitString(name)
        case .computed(let expression):
            try emitExpression(expression)
            emit(.toPropertyKey)
        }
    }
}
