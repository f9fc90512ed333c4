// Destructuring and binding targets: declarations, parameters, assignment
// patterns and for-in/of heads all bind the value on top of the stack.

/// Whether a binding store initialises a declaration or assigns to an existing binding.
enum BindingMode {
    /// A declaration (`let`/`const`/class/catch/parameter): no TDZ or const checks.
    case initialize
    /// An assignment: TDZ-checked, throws for constants.
    case assign
    /// An assignment right after a TDZ-checked read of the same binding
    /// (compound assignment, `++`): throws for constants.
    case update
}

extension CodeGenerator {
    /// Binds the value on top of the stack to `pattern`, consuming it.
    func emitPatternBinding(_ pattern: Pattern, mode: BindingMode) throws {
        try nested {
            switch pattern {
            case .identifier(let name, let location):
                setLine(location)
                try emitStoreVariable(name, mode: mode)
            case .expression(let target):
                try emitStoreToTarget(target)
            case .withDefault(let target, let defaultValue):
                try emitDefaultValue(defaultValue)
                try emitPatternBinding(target, mode: mode)
            case .array(let elements, let rest, let location):
                setLine(location)
                try emitArrayPattern(elements, rest: rest, mode: mode)
            case .object(let properties, let rest, let location):
                setLine(location)
                try emitObjectPattern(properties, rest: rest, mode: mode, at: location)
            }
        }
    }

    /// `[v] -> [v or default]`: only `undefined` selects the default.
    func emitDefaultValue(_ defaultValue: Expression) throws {
        let keep = makeLabel()
        emit(.dup)
        emit(.pushUndefined)
        emit(.strictEq)
        emitJump(.jumpIfFalse, to: keep)
        emit(.pop)
        try emitExpression(defaultValue)
        bind(keep)
    }

    /// `[v] -> []`: stores into a member-expression target (assignment patterns).
    private func emitStoreToTarget(_ target: Expression) throws {
        switch target {
        case .identifier(let name, let location):
            setLine(location)
            try emitStoreVariable(name, mode: .assign)
        case .member(let object, let name, _, let location):
            try emitExpression(object)
            emit(.swap)
            setLine(location)
            emit(.setField, name: name)
        case .index(let object, let index, _, _):
            try emitExpression(object)
            try emitExpression(index)
            emit(.rot3)
            emit(.setIndex)
        case .superMember(let name, let location):
            try emitThis(at: location)
            emitString(name)
            emit(.rot3)
            emit(.setSuper)
        case .superIndex(let index, let location):
            try emitThis(at: location)
            try emitExpression(index)
            emit(.rot3)
            emit(.setSuper)
        default:
            throw error("Invalid destructuring assignment target", at: .none)
        }
    }

    /// `[v] -> []` through the iterator protocol.
    private func emitArrayPattern(_ elements: [Pattern?], rest: Pattern?, mode: BindingMode) throws {
        emit(.getIterator)
        for element in elements {
            emit(.iteratorValue)
            if let element {
                try emitPatternBinding(element, mode: mode)
            } else {
                emit(.pop)
            }
        }
        if let rest {
            try withTemporary { array in
                emit(.newArray, 0)
                emit(.setLocal, Int(array))
                emitAppendRemainingValues(to: array)
                emit(.getLocal, Int(array))
                try emitPatternBinding(rest, mode: mode)
            }
        }
        emit(.iteratorClose)
    }

    /// `[iterator next] -> [iterator next]`: appends every remaining value of
    /// the iterator to the array in register `array` (spread, rest elements).
    func emitAppendRemainingValues(to array: UInt16) {
        let next = makeLabel(), done = makeLabel()
        bind(next)
        emitJump(.iteratorStep, to: done)
        emit(.getLocal, Int(array))
        emit(.swap)
        emit(.arrayPush)
        emit(.pop)
        emitJump(.jump, to: next)
        bind(done)
    }

    /// `[v] -> []`; with a rest element the keys read are kept in registers
    /// for `objectRest`.
    private func emitObjectPattern(_ properties: [PatternProperty], rest: Pattern?, mode: BindingMode,
                                   at location: SourceLocation) throws {
        emit(.requireObjectCoercible)
        guard properties.count <= Int(UInt8.max) || rest == nil else {
            throw error("Too many properties before a rest element", at: location)
        }
        var keyRegisters: [UInt16] = []
        defer { if let first = keyRegisters.first { releaseTemporary(first) } }
        for property in properties {
            emit(.dup)
            switch property.key {
            case .named(let name):
                emit(.getField, name: name)
            case .computed(let key):
                try emitExpression(key)
                emit(.toPropertyKey)
                if rest != nil {
                    let register = try allocateTemporary()
                    keyRegisters.append(register)
                    emit(.dup)
                    emit(.setLocal, Int(register))
                }
                emit(.getIndex)
            }
            try emitPatternBinding(property.value, mode: mode)
        }
        guard let rest else {
            emit(.pop)
            return
        }
        var computedKeys = keyRegisters.makeIterator()
        for property in properties {
            switch property.key {
            case .named(let name): emitString(name)
            case .computed: emit(.getLocal, Int(computedKeys.next() ?? 0))
            }
        }
        emit(.objectRest, properties.count)
        try emitPatternBinding(rest, mode: mode)
    }
}
