// Functions, classes, calls, `new` and `super`.

extension CodeGenerator {
    // MARK: Function bodies

    /// Compiles the function this generator was created for.
    func compileFunctionBody() throws -> CodeBlock {
        guard let node = function.node else { throw CompilerLimits.internalError("function body without a node") }
        setLine(node.location)
        for binding in scope.declarations { emitEntryInitialization(of: binding) }
        if node.kind == .classConstructor, !node.fields.isEmpty {
            try emitThis(at: node.location)
            try emitFieldInitializers()
        }
        try emitParameters(of: node)
        try emitHoistedFunctions(of: scope)
        switch node.body {
        case .statements(let body):
            try emitStatements(body)
            // Dead code after a `return` still needs an ending instruction.
            if isReachable || !lastInstructionEndsPath {
                if node.kind == .derivedConstructor {
                    try emitThis(at: node.location)
                    emit(.return)
                } else {
                    emit(.returnUndefined)
                }
            }
        case .expression(let body):
            try emitExpression(body)
            emit(.return)
        }
        let length = node.parameters.prefix { parameter in
            if case .withDefault = parameter { return false }
            return true
        }.count
        return try finish(name: node.name, kind: function.kind, isAsync: node.isAsync, isStrict: isStrict,
                          length: length, sourceText: node.sourceText)
    }

    /// Default values, destructuring and the rest parameter. Simple parameters
    /// already sit in their argument slots.
    private func emitParameters(of node: FunctionNode) throws {
        for (index, parameter) in node.parameters.enumerated() {
            switch parameter {
            case .identifier:
                continue
            case .withDefault(.identifier(let name, _), let defaultValue):
                let resolution = try analysis.resolve(name, from: scope)
                let provided = makeLabel()
                emitLoad(resolution, name: name)
                emit(.pushUndefined)
                emit(.strictEq)
                emitJump(.jumpIfFalse, to: provided)
                try emitExpression(defaultValue)
                emitStore(resolution, name: name, mode: .initialize)
                bind(provided)
            default:
                emit(.getLocal, 2 + index)
                try emitPatternBinding(parameter, mode: .initialize)
            }
        }
        if let rest = node.rest {
            emit(.createRest, node.parameters.count)
            try emitPatternBinding(rest, mode: .initialize)
        }
    }

    /// `[this] -> []`: defines the class's instance fields on `this`, resolving
    /// their initialisers in the class body (not the constructor's scope).
    func emitFieldInitializers() throws {
        guard let node = function.node, let classInfo = function.classInfo,
              let fieldScope = classInfo.fieldScope else {
            emit(.pop)
            return
        }
        let saved = scope
        scope = fieldScope
        defer { scope = saved }
        for (index, field) in node.fields.enumerated() {
            setLine(field.location)
            if let key = classInfo.instanceFieldKeys[index] {
                emitLoad(try analysis.resolve(key.name, from: scope), name: key.name)
            }
            if case .field(let initializer?) = field.kind {
                try emitExpression(initializer)
            } else {
                emit(.pushUndefined)
            }
            if case .named(let name) = field.key {
                emit(.defineField, name: name)
            } else {
                emit(.defineIndex)
            }
        }
        emit(.pop)
    }

    // MARK: Classes

    /// `[] -> [constructor]`.
    func emitClass(_ node: ClassNode) throws {
        let info = try analysis.classInfo(for: node)
        try withScope(info.scope) {
            setLine(node.location)
            if let superClass = node.superClass { try emitExpression(superClass) }
            emit(.makeClass, try childIndex(of: node.constructor), node.superClass == nil ? 0 : 1)
            // [constructor prototype]; static members swap the constructor to the top.
            var constructorOnTop = false
            for element in info.elementOrder {
                switch element {
                case .member(let index):
                    let member = node.members[index]
                    switch member.kind {
                    case .method(let function), .getter(let function), .setter(let function):
                        if member.isStatic != constructorOnTop {
                            emit(.swap)
                            constructorOnTop.toggle()
                        }
                        setLine(member.location)
                        try emitMethodDefinition(key: member.key, function, flags: methodFlags(member.kind))
                    case .field:
                        if let binding = info.staticFieldKeys[index] { try emitFieldKey(member.key, into: binding) }
                    }
                case .instanceField(let index):
                    if let binding = info.instanceFieldKeys[index] {
                        try emitFieldKey(node.constructor.fields[index].key, into: binding)
                    }
                }
            }
            if constructorOnTop { emit(.swap) }
            emit(.pop)
            if let inner = info.innerBinding, inner.isReferenced {
                emit(.dup)
                try emitStoreVariable(inner.name, mode: .initialize)
            }
            try emitStaticFields(of: node, info)
        }
    }

    private func methodFlags(_ kind: ClassMember.Kind) -> Int {
        switch kind {
        case .getter: return 1
        case .setter: return 2
        default: return 0
        }
    }

    /// Evaluates a computed field key once, at class definition time.
    private func emitFieldKey(_ key: PropertyKey, into binding: Binding) throws {
        try emitPropertyKey(key)
        try emitStoreVariable(binding.name, mode: .initialize)
    }

    /// `[constructor] -> [constructor]`: each static field's value comes from
    /// a synthesized method called with `this` = the constructor.
    private func emitStaticFields(of node: ClassNode, _ info: ClassInfo) throws {
        for (index, member) in node.members.enumerated() {
            guard case .field = member.kind else { continue }
            setLine(member.location)
            if let initializer = info.staticInitializers[index] {
                emit(.dup)
                emit(.makeClosure, try childIndex(of: initializer))
                emit(.swap)
                emit(.call, 0)
            } else {
                emit(.pushUndefined)
            }
            if let key = info.staticFieldKeys[index] {
                emitLoad(try analysis.resolve(key.name, from: scope), name: key.name)
                emit(.swap)
                emit(.defineIndex)
            } else if case .named(let name) = member.key {
                emit(.defineField, name: name)
            }
        }
    }

    // MARK: Calls

    func emitCall(_ callee: Expression, _ arguments: [Argument], optional: Bool, at location: SourceLocation) throws {
        try emitCallee(callee, optional: optional)
        let count = try emitArguments(arguments)
        setLine(location)
        if let count { emit(.call, count) } else { emit(.callSpread) }
    }

    /// `[] -> [function this]`: member callees keep their object as `this`;
    /// `f?.()` short-circuits when the function is nullish.
    private func emitCallee(_ callee: Expression, optional: Bool) throws {
        let hasReceiver: Bool
        switch callee {
        case .member(let object, let name, let optionalMember, let location):
            try emitExpression(object)
            if optionalMember { try emitOptionalSite() }
            setLine(location)
            emit(.getMethod, name: name)
            hasReceiver = true
        case .index(let object, let index, let optionalMember, let location):
            try emitExpression(object)
            if optionalMember { try emitOptionalSite() }
            try emitExpression(index)
            setLine(location)
            emit(.getIndexMethod)
            hasReceiver = true
        case .superMember(let name, let location):
            try emitThis(at: location)
            emitString(name)
            emit(.getSuper)
            try emitThis(at: location)
            hasReceiver = true
        case .superIndex(let index, let location):
            try emitThis(at: location)
            try emitExpression(index)
            emit(.getSuper)
            try emitThis(at: location)
            hasReceiver = true
        default:
            try emitExpression(callee)
            hasReceiver = false
        }
        if optional {
            if hasReceiver { emit(.swap) }
            try emitOptionalSite()
            if hasReceiver { emit(.swap) }
        }
        if !hasReceiver { emit(.pushUndefined) }
    }

    /// Pushes the arguments and returns their count, or collects them into one
    /// array (spread arguments, more than 255 arguments) and returns nil.
    private func emitArguments(_ arguments: [Argument]) throws -> Int? {
        let hasSpread = arguments.contains { if case .spread = $0 { return true } else { return false } }
        guard hasSpread || arguments.count > Int(UInt8.max) else {
            for case .expression(let value) in arguments { try emitExpression(value) }
            return arguments.count
        }
        try emitArrayLiteral(arguments.map { argument in
            switch argument {
            case .expression(let value): return .expression(value)
            case .spread(let value): return .spread(value)
            }
        })
        return nil
    }

    func emitNew(_ callee: Expression, _ arguments: [Argument], at location: SourceLocation) throws {
        try emitExpression(callee)
        emit(.dup)
        let count = try emitArguments(arguments)
        setLine(location)
        if let count { emit(.construct, count) } else { emit(.constructSpread) }
    }

    /// `super(...)`: binds `this`, then runs the instance-field initialisers.
    func emitSuperCall(_ arguments: [Argument], at location: SourceLocation) throws {
        let count = try emitArguments(arguments)
        setLine(location)
        if let count { emit(.superCall, count) } else { emit(.superCallSpread) }
        emit(.dup)
        emitStore(try analysis.resolve("this", from: scope), name: "this", mode: .assign)
        if function.kind == .derivedConstructor, let node = function.node, !node.fields.isEmpty {
            emit(.dup)
            try emitFieldInitializers()
        }
    }

    /// A tagged template calls the tag with a strings array (with `raw`) and the substitutions.
    func emitTaggedTemplate(tag: Expression, cooked: [String?], raw: [String], expressions: [Expression],
                            at location: SourceLocation) throws {
        guard expressions.count < Int(UInt8.max) else {
            throw error("Too many substitutions in a tagged template", at: location)
        }
        try emitCallee(tag, optional: false)
        emit(.newArray, cooked.count)
        for string in cooked {
            if let string { emitString(string) } else { emit(.pushUndefined) }
            emit(.arrayPush)
        }
        emit(.newArray, raw.count)
        for string in raw {
            emitString(string)
            emit(.arrayPush)
        }
        emit(.defineField, name: "raw")
        for expression in expressions { try emitExpression(expression) }
        setLine(location)
        emit(.call, 1 + expressions.count)
    }
}
