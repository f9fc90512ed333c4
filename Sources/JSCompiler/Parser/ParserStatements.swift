// Statements and declarations.

extension Parser {
    // MARK: - Statement lists

    /// Parses statements up to `}` (not consumed) or the end of input,
    /// starting with a directive prologue. Returns the statements and the
    /// location of the `"use strict"` directive, if any.
    func parseBody(endsAtBrace: Bool) throws -> ([Statement], SourceLocation?) {
        var statements: [Statement] = []
        var useStrictLocation: SourceLocation?
        var firstOctalDirective: SourceLocation?
        var inPrologue = true
        while !atEnd && !(endsAtBrace && at(.rightBrace)) {
            guard inPrologue, case .string(let value) = token.kind else {
                inPrologue = false
                statements.append(try parseStatementListItem())
                continue
            }
            let directive = token
            let statement = try parseStatementListItem()
            statements.append(statement)
            // A directive is a statement consisting of a lone string literal.
            guard case .expression(.string, _) = statement else {
                inPrologue = false
                continue
            }
            if directive.hasLegacyOctal && firstOctalDirective == nil {
                firstOctalDirective = directive.location
            }
            if value == "use strict" && !directive.hasEscape && directive.end - directive.start == 12 {
                context.isStrict = true
                useStrictLocation = useStrictLocation ?? directive.location
            }
            if context.isStrict, let octal = firstOctalDirective {
                throw error("Octal escape sequences are not allowed in strict mode.", at: octal)
            }
        }
        return (statements, useStrictLocation)
    }

    /// Statements up to and including the closing `}`.
    func parseStatementsToClosingBrace() throws -> [Statement] {
        var statements: [Statement] = []
        while !at(.rightBrace) {
            statements.append(try parseStatementListItem())
        }
        try advance()
        return statements
    }

    /// A statement or a declaration (`function`, `class`, `let`, `const`).
    func parseStatementListItem() throws -> Statement {
        switch token.kind {
        case .keyword(.function):
            return .functionDeclaration(try parseFunctionDeclaration())
        case .keyword(.class):
            return .classDeclaration(try parseClassDeclaration())
        case .keyword(.const):
            return try parseVariableStatement(.const)
        default:
            if try atLetDeclaration() { return try parseVariableStatement(.let) }
            if try atAsyncFunction() { return .functionDeclaration(try parseFunctionDeclaration()) }
            return try parseStatement()
        }
    }

    /// `let` starts a declaration (rather than naming a variable).
    func atLetDeclaration() throws -> Bool {
        guard atContextual("let") else { return false }
        switch try peek().kind {
        case .identifier, .punctuator(.leftBracket), .punctuator(.leftBrace): return true
        default: return false
        }
    }

    /// `async function` on one line.
    func atAsyncFunction() throws -> Bool {
        guard atContextual("async") else { return false }
        let next = try peek()
        return next.kind == .keyword(.function) && !next.newlineBefore
    }

    // MARK: - Statements

    /// A statement in a position where declarations are not allowed.
    func parseStatement() throws -> Statement {
        try enterNesting()
        defer { leaveNesting() }
        let location = token.location
        switch token.kind {
        case .punctuator(.leftBrace):
            let scope = newScopeID()
            return .block(try parseBlock(), scope: scope, location)
        case .punctuator(.semicolon):
            try advance()
            return .empty
        case .keyword(let keyword):
            switch keyword {
            case .var: return try parseVariableStatement(.var)
            case .if: return try parseIfStatement()
            case .for: return try parseForStatement()
            case .while: return try parseWhileStatement()
            case .do: return try parseDoWhileStatement()
            case .break, .continue: return try parseBreakOrContinue()
            case .return: return try parseReturnStatement()
            case .throw: return try parseThrowStatement()
            case .try: return try parseTryStatement()
            case .switch: return try parseSwitchStatement()
            case .debugger:
                try advance()
                try consumeSemicolon()
                return .debugger(location)
            case .with:
                throw error(context.isStrict ? "Strict mode code may not include a with statement"
                                             : "With statements are not supported", at: location)
            case .function:
                throw error(context.isStrict
                    ? "In strict mode code, functions can only be declared at top level or inside a block."
                    : "In non-strict mode code, functions can only be declared at top level, inside a block, or as the body of an if statement.",
                    at: location)
            case .const:
                throw error("Lexical declaration cannot appear in a single-statement context", at: location)
            case .class:
                throw unexpected()
            case .import:
                throw error("Cannot use import statement outside a module", at: location)
            default:
                break
            }
        case .identifier:
            if try atLetDeclaration() {
                throw error("Lexical declaration cannot appear in a single-statement context", at: location)
            }
            if try atAsyncFunction() {
                throw error("Async functions can only be declared at the top level or inside a block.", at: location)
            }
            if try peek().kind == .punctuator(.colon) { return try parseLabeledStatement() }
        default:
            break
        }
        let expression = try parseExpression()
        try consumeSemicolon()
        return .expression(expression, location)
    }

    /// `{ statements }` in a new declaration scope.
    func parseBlock() throws -> [Statement] {
        try expect(.leftBrace)
        pushDeclarationScope(.block)
        let statements = try parseStatementsToClosingBrace()
        popDeclarationScope()
        return statements
    }

    func parseVariableStatement(_ kind: DeclarationKind) throws -> Statement {
        let location = token.location
        try advance()
        let declarators = try parseVariableDeclarators(kind, allowIn: true, inForHead: false)
        try consumeSemicolon()
        return .variableDeclaration(VariableDeclaration(kind: kind, declarators: declarators, location: location))
    }

    /// The declarators after `var`/`let`/`const`. In a `for` head an
    /// initializer may be missing before `in`/`of`.
    func parseVariableDeclarators(_ kind: DeclarationKind, allowIn: Bool, inForHead: Bool) throws -> [VariableDeclarator] {
        var declarators: [VariableDeclarator] = []
        repeat {
            let targetLocation = token.location
            let target = try parseBindingTarget()
            try declare(target, as: kind)
            var initializer: Expression?
            if try eat(.assign) {
                let value = try parseAssignment(allowIn: allowIn)
                if case .identifier(let name, _) = target { inferName(name, for: value) }
                initializer = value
            } else if !(inForHead && (at(.in) || atContextual("of"))) {
                if case .identifier = target {
                    if kind == .const { throw error("Missing initializer in const declaration", at: targetLocation) }
                } else {
                    throw error("Missing initializer in destructuring declaration", at: targetLocation)
                }
            }
            declarators.append(VariableDeclarator(target: target, initializer: initializer))
        } while try eat(.comma)
        return declarators
    }

    private func parseIfStatement() throws -> Statement {
        let location = token.location
        try advance()
        try expect(.leftParen)
        let test = try parseExpression()
        try expect(.rightParen)
        let consequent = try parseIfBranch()
        let alternate = try eat(.else) ? try parseIfBranch() : nil
        return .if(test: test, consequent: consequent, alternate: alternate, location)
    }

    /// An `if` branch; sloppy code may declare a function there, as if in a block.
    private func parseIfBranch() throws -> Statement {
        guard at(.function), !context.isStrict else { return try parseStatement() }
        let scope = newScopeID()
        pushDeclarationScope(.block)
        let function = try parseFunctionDeclaration()
        popDeclarationScope()
        return .block([.functionDeclaration(function)], scope: scope, function.location)
    }

    /// The body of a loop (a target of `break` and `continue`).
    private func parseLoopBody() throws -> Statement {
        context.loopDepth += 1
        context.breakableDepth += 1
        let body = try parseStatement()
        context.loopDepth -= 1
        context.breakableDepth -= 1
        return body
    }

    private func parseWhileStatement() throws -> Statement {
        let location = token.location
        try advance()
        try expect(.leftParen)
        let test = try parseExpression()
        try expect(.rightParen)
        return .while(test: test, body: try parseLoopBody(), location)
    }

    private func parseDoWhileStatement() throws -> Statement {
        let location = token.location
        try advance()
        let body = try parseLoopBody()
        try expect(.while)
        try expect(.leftParen)
        let test = try parseExpression()
        try expect(.rightParen)
        // A semicolon is always inserted after `do ... while (x)`.
        _ = try eat(.semicolon)
        return .doWhile(body: body, test: test, location)
    }

    /// `var`, `const` or `let` (when it starts a declaration) in a `for` head.
    private func forDeclarationKind() throws -> DeclarationKind? {
        if at(.var) { return .var }
        if at(.const) { return .const }
        return try atLetDeclaration() ? .let : nil
    }

    private func parseForStatement() throws -> Statement {
        let location = token.location
        try advance()
        if atContextual("await") { throw error("for await loops are not supported", at: token.location) }
        try expect(.leftParen)
        let scope = newScopeID()
        pushDeclarationScope(.block)
        let statement = try parseForStatementRest(scope: scope, location: location)
        popDeclarationScope()
        return statement
    }

    /// A `for` statement after `for (`, in the scope of its head.
    private func parseForStatementRest(scope: ScopeID, location: SourceLocation) throws -> Statement {
        var initializer: ForInit?
        if let kind = try forDeclarationKind() {
            let declarationLocation = token.location
            try advance()
            let declarators = try parseVariableDeclarators(kind, allowIn: false, inForHead: true)
            if at(.in) || atContextual("of") {
                let loop = at(.in) ? "for-in" : "for-of"
                guard declarators.count == 1 else {
                    throw error("Invalid left-hand side in \(loop) loop: Must have a single binding.",
                                at: declarationLocation)
                }
                guard declarators[0].initializer == nil else {
                    throw error("\(loop) loop variable declaration may not have an initializer.",
                                at: declarationLocation)
                }
                return try parseForInOfRest(head: .declaration(kind, declarators[0].target), scope: scope,
                                            location: location)
            }
            initializer = .declaration(VariableDeclaration(kind: kind, declarators: declarators,
                                                           location: declarationLocation))
        } else if !at(.semicolon) {
            let outerPending = pendingCoverInitializer
            pendingCoverInitializer = nil
            let start = token.location
            let first = try parseAssignment(allowIn: false, allowCoverInitializer: true)
            if at(.in) || atContextual("of") {
                pendingCoverInitializer = outerPending
                let target = try toAssignmentTarget(first, message: "Invalid left-hand side in for-loop", at: start)
                return try parseForInOfRest(head: .pattern(target), scope: scope, location: location)
            }
            try checkNoPendingCoverInitializer()
            pendingCoverInitializer = outerPending
            initializer = .expression(try parseSequence(startingWith: first, at: start, allowIn: false))
        }
        try expect(.semicolon)
        let test = at(.semicolon) ? nil : try parseExpression()
        try expect(.semicolon)
        let update = at(.rightParen) ? nil : try parseExpression()
        try expect(.rightParen)
        let body = try parseLoopBody()
        return .for(initializer: initializer, test: test, update: update, body: body, scope: scope, location)
    }

    /// The rest of a for-in/of statement, from `in`/`of`.
    private func parseForInOfRest(head: ForInOfHead, scope: ScopeID, location: SourceLocation) throws -> Statement {
        let isForOf = atContextual("of")
        try advance()
        let object = isForOf ? try parseAssignment() : try parseExpression()
        try expect(.rightParen)
        let body = try parseLoopBody()
        return isForOf ? .forOf(head: head, iterable: object, body: body, scope: scope, location)
                       : .forIn(head: head, object: object, body: body, scope: scope, location)
    }

    private func parseBreakOrContinue() throws -> Statement {
        let location = token.location
        let isBreak = at(.break)
        try advance()
        var label: String?
        if case .identifier(let name) = token.kind, !token.newlineBefore {
            guard let target = context.labels.last(where: { $0.name == name }) else {
                throw error("Undefined label '\(name)'", at: token.location)
            }
            if !isBreak && !target.isLoop {
                throw error("Illegal continue statement: '\(name)' does not denote an iteration statement",
                            at: token.location)
            }
            label = name
            try advance()
        } else if isBreak && context.breakableDepth == 0 {
            throw error("Illegal break statement", at: location)
        } else if !isBreak && context.loopDepth == 0 {
            throw error("Illegal continue statement: no surrounding iteration statement", at: location)
        }
        try consumeSemicolon()
        return isBreak ? .break(label: label, location) : .continue(label: label, location)
    }

    private func parseReturnStatement() throws -> Statement {
        let location = token.location
        guard context.allowsReturn else { throw error("Illegal return statement", at: location) }
        try advance()
        var argument: Expression?
        if !at(.semicolon) && !at(.rightBrace) && !atEnd && !token.newlineBefore {
            argument = try parseExpression()
        }
        try consumeSemicolon()
        return .return(argument, location)
    }

    private func parseThrowStatement() throws -> Statement {
        let location = token.location
        try advance()
        if token.newlineBefore { throw error("Illegal newline after throw", at: token.location) }
        let argument = try parseExpression()
        try consumeSemicolon()
        return .throw(argument, location)
    }

    private func parseTryStatement() throws -> Statement {
        let location = token.location
        try advance()
        let blockScope = newScopeID()
        let block = try parseBlock()
        let catchScope = newScopeID()
        var catchParameter: Pattern?
        var catchBody: [Statement]?
        if try eat(.catch) {
            pushDeclarationScope(.block)
            if try eat(.leftParen) {
                let parameter = try parseBindingTarget()
                try declareCatchParameter(parameter)
                catchParameter = parameter
                try expect(.rightParen)
            }
            try expect(.leftBrace)
            catchBody = try parseStatementsToClosingBrace()
            popDeclarationScope()
        }
        let finallyScope = newScopeID()
        var finallyBody: [Statement]?
        if try eat(.finally) {
            finallyBody = try parseBlock()
        }
        if catchBody == nil && finallyBody == nil {
            throw error("Missing catch or finally after try", at: token.location)
        }
        return .try(block: block, blockScope: blockScope, catchParameter: catchParameter, catchBody: catchBody,
                    catchScope: catchScope, finally: finallyBody, finallyScope: finallyScope, location)
    }

    private func parseSwitchStatement() throws -> Statement {
        let location = token.location
        try advance()
        try expect(.leftParen)
        let discriminant = try parseExpression()
        try expect(.rightParen)
        try expect(.leftBrace)
        let scope = newScopeID()
        context.breakableDepth += 1
        pushDeclarationScope(.block)
        var cases: [SwitchCase] = []
        var hasDefault = false
        while !at(.rightBrace) {
            var test: Expression?
            if try eat(.case) {
                test = try parseExpression()
            } else if at(.default) {
                if hasDefault { throw error("More than one default clause in switch statement", at: token.location) }
                hasDefault = true
                try advance()
            } else {
                throw unexpected()
            }
            try expect(.colon)
            var body: [Statement] = []
            while !at(.case) && !at(.default) && !at(.rightBrace) {
                body.append(try parseStatementListItem())
            }
            cases.append(SwitchCase(test: test, body: body))
        }
        try advance()
        popDeclarationScope()
        context.breakableDepth -= 1
        return .switch(discriminant: discriminant, cases: cases, scope: scope, location)
    }

    /// `a: b: statement`; the current token is the first label.
    private func parseLabeledStatement() throws -> Statement {
        var labels: [(name: String, location: SourceLocation)] = []
        let firstLabel = context.labels.count
        while case .identifier(let name) = token.kind, try peek().kind == .punctuator(.colon) {
            try validateIdentifierReference(name, at: token.location)
            if context.labels.contains(where: { $0.name == name }) {
                throw error("Label '\(name)' has already been declared", at: token.location)
            }
            labels.append((name, token.location))
            context.labels.append(FunctionContext.Label(name: name, isLoop: false))
            try advance()
            try advance()
        }
        if at(.for) || at(.while) || at(.do) {
            for index in firstLabel..<context.labels.count {
                context.labels[index].isLoop = true
            }
        }
        var body = at(.function) && !context.isStrict ? .functionDeclaration(try parseFunctionDeclaration())
                                                      : try parseStatement()
        context.labels.removeLast(labels.count)
        for label in labels.reversed() {
            body = .labeled(label: label.name, body: body, label.location)
        }
        return body
    }
}
