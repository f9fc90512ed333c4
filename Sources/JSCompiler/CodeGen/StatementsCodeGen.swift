// Statements, declarations and scope entry.

extension CodeGenerator {
    func emitStatements(_ statements: [Statement]) throws {
        for statement in statements { try emitStatement(statement) }
    }

    func emitStatement(_ statement: Statement) throws {
        try nested {
            switch statement {
            case .expression(let expression, let location):
                setLine(location)
                if let completion = completionRegister {
                    try emitExpression(expression)
                    emit(.setLocal, Int(completion))
                } else {
                    try emitEffect(expression)
                }
            case .variableDeclaration(let declaration):
                try emitVariableDeclaration(declaration)
            case .functionDeclaration:
                break  // created when its scope is entered
            case .classDeclaration(let node):
                setLine(node.location)
                try emitClass(node)
                try emitStoreVariable(node.name, mode: .initialize)
            case .return(let value, let location):
                setLine(location)
                try emitReturn(value, at: location)
            case .if(let test, let consequent, let alternate, let location):
                setLine(location)
                let otherwise = makeLabel()
                try emitBranch(test, whenTruthy: false, to: otherwise)
                try emitStatement(consequent)
                if let alternate {
                    let end = makeLabel()
                    emitJump(.jump, to: end)
                    bind(otherwise)
                    try emitStatement(alternate)
                    bind(end)
                } else {
                    bind(otherwise)
                }
            case .block(let body, let scopeID, _):
                try emitBlock(body, scopeID: scopeID)
            case .for, .forIn, .forOf, .while, .doWhile:
                try emitLoop(statement, labels: [])
            case .break(let label, let location):
                setLine(location)
                try emitBreak(label: label, at: location)
            case .continue(let label, let location):
                setLine(location)
                try emitContinue(label: label, at: location)
            case .throw(let value, let location):
                setLine(location)
                try emitExpression(value)
                setLine(location)
                emit(.throw)
            case .try(let block, let blockScope, let parameter, let catchBody, let catchScope, let finally,
                      let finallyScope, let location):
                setLine(location)
                try emitTry(block: block, blockScope: blockScope, catchParameter: parameter, catchBody: catchBody,
                            catchScope: catchScope, finally: finally, finallyScope: finallyScope)
            case .switch(let discriminant, let cases, let scopeID, let location):
                setLine(location)
                try emitSwitch(discriminant, cases: cases, scopeID: scopeID, labels: [])
            case .labeled(let label, let body, _):
                try emitLabeled([label], body: body)
            case .empty:
                break
            case .debugger(let location):
                setLine(location)
                emit(.debugger)
            }
        }
    }

    func emitBlock(_ body: [Statement], scopeID: ScopeID) throws {
        try withScope(scopeID) { try emitStatements(body) }
    }

    func emitVariableDeclaration(_ declaration: VariableDeclaration) throws {
        setLine(declaration.location)
        for declarator in declaration.declarators {
            if let initializer = declarator.initializer {
                try emitExpression(initializer)
            } else if declaration.kind == .var {
                continue  // `var x;` leaves x unchanged
            } else {
                emit(.pushUndefined)
            }
            try emitPatternBinding(declarator.target, mode: declaration.kind == .var ? .assign : .initialize)
        }
    }

    // MARK: Scopes

    /// Enters the scope a parser id denotes for the duration of `body`.
    func withScope<T>(_ scopeID: ScopeID, _ body: () throws -> T) throws -> T {
        try withScope(try analysis.scope(scopeID), body)
    }

    func withScope<T>(_ entered: Scope, _ body: () throws -> T) throws -> T {
        let saved = scope
        scope = entered
        defer { scope = saved }
        try emitScopeEntry(entered)
        return try body()
    }

    /// Initialises a scope's bindings (holes, cells) and creates its function
    /// declarations. A scope can be compiled more than once (inlined `finally`
    /// bodies), so its bindings start out uninitialised again.
    func emitScopeEntry(_ entered: Scope) throws {
        for binding in entered.declarations {
            initializedBindings.remove(ObjectIdentifier(binding))
            emitEntryInitialization(of: binding)
        }
        try emitHoistedFunctions(of: entered)
    }

    func emitHoistedFunctions(of entered: Scope) throws {
        for (node, binding) in entered.hoistedFunctions {
            emit(.makeClosure, try childIndex(of: node))
            try emitStoreVariable(binding.name, mode: .initialize)
        }
    }

    /// The code a binding needs when its scope is entered: TDZ bindings start
    /// as the hole, captured bindings get a fresh cell, implicit bindings and
    /// captured parameters move into their cell.
    func emitEntryInitialization(of binding: Binding) {
        let kind = binding.kind
        switch binding.storage {
        case .globalSlot(let slot):
            if kind.hasTemporalDeadZone {
                emit(.pushHole)
            } else if binding.isNewGlobal, kind == .variable {
                emit(.pushUndefined)
            } else {
                return
            }
            emit(.setGlobalSlot, Int(slot))
        case .cell(let slot):
            switch kind {
            case .parameter: emit(.getLocal, Int(slot))
            case .this: emit(.getLocal, 1)
            case .callee: emit(.getLocal, 0)
            case .newTarget: emit(.getNewTarget)
            case .arguments: emit(.createArguments)
            case .variable, .parameterPattern: emit(.pushUndefined)
            default:
                emit(.newCell, Int(slot))  // holds the hole until the declaration runs
                return
            }
            emit(.newCell, Int(slot))
            emit(.setCell, Int(slot))
        case .register(let slot):
            switch kind {
            case .arguments:
                emit(.createArguments)
            case .variable:
                guard binding.isReferenced else { return }
                emit(.pushUndefined)
            case _ where kind.hasTemporalDeadZone && binding.mayBeAccessedBeforeInitialization:
                emit(.pushHole)
            default:
                return
            }
            emit(.setLocal, Int(slot))
        case .newTarget:
            break
        }
    }
}
