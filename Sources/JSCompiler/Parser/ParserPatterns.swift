// Binding patterns, assignment targets (expression → pattern conversion),
// name validation and declaration bookkeeping.

extension Parser {
    // MARK: - Binding patterns

    /// An identifier, `[...]` or `{...}` binding target.
    func parseBindingTarget() throws -> Pattern {
        switch token.kind {
        case .punctuator(.leftBracket): return try parseArrayBindingPattern()
        case .punctuator(.leftBrace): return try parseObjectBindingPattern()
        default:
            let (name, location) = try parseBindingIdentifier()
            return .identifier(name, location)
        }
    }

    /// A binding target with an optional `= default`.
    func parseBindingElement() throws -> Pattern {
        let target = try parseBindingTarget()
        guard try eat(.assign) else { return target }
        let value = try parseAssignment()
        if case .identifier(let name, _) = target { inferName(name, for: value) }
        return .withDefault(target, value)
    }

    /// A name being declared.
    func parseBindingIdentifier() throws -> (String, SourceLocation) {
        guard case .identifier(let name) = token.kind else { throw unexpected() }
        let location = token.location
        try validateBindingName(name, at: location)
        try advance()
        return (name, location)
    }

    private func parseArrayBindingPattern() throws -> Pattern {
        try enterNesting()
        defer { leaveNesting() }
        let location = token.location
        try advance()
        var elements: [Pattern?] = []
        var rest: Pattern?
        while !at(.rightBracket) {
            if try eat(.comma) {
                elements.append(nil)
                continue
            }
            if try eat(.ellipsis) {
                rest = try parseBindingTarget()
                guard at(.rightBracket) else { throw error("Rest element must be last element", at: token.location) }
                break
            }
            elements.append(try parseBindingElement())
            if !at(.rightBracket) { try expect(.comma) }
        }
        try advance()
        return .array(elements: elements, rest: rest, location)
    }

    private func parseObjectBindingPattern() throws -> Pattern {
        try enterNesting()
        defer { leaveNesting() }
        let location = token.location
        try advance()
        var properties: [PatternProperty] = []
        var rest: Pattern?
        while !at(.rightBrace) {
            if try eat(.ellipsis) {
                let (name, restLocation) = try parseBindingIdentifier()
                rest = .identifier(name, restLocation)
                guard at(.rightBrace) else { throw error("Rest element must be last element", at: token.location) }
                break
            }
            let keyToken = token
            let key = try parsePropertyKey()
            if try eat(.colon) {
                properties.append(PatternProperty(key: key, value: try parseBindingElement()))
            } else {
                guard case .identifier(let name) = keyToken.kind else { throw unexpected() }
                try validateBindingName(name, at: keyToken.location)
                var value = Pattern.identifier(name, keyToken.location)
                if try eat(.assign) {
                    let defaultValue = try parseAssignment()
                    inferName(name, for: defaultValue)
                    value = .withDefault(value, defaultValue)
                }
                properties.append(PatternProperty(key: key, value: value))
            }
            if !at(.rightBrace) { try expect(.comma) }
        }
        try advance()
        return .object(properties: properties, rest: rest, location)
    }

    // MARK: - Expression → pattern

    /// Converts the left side of `=` (or of a for-in/of head) to a target;
    /// `location` is where the left side starts.
    func toAssignmentTarget(_ expression: Expression, message: String = "Invalid left-hand side in assignment",
                            at location: SourceLocation) throws -> Pattern {
        switch expression {
        case .identifier, .member, .index, .superMember, .superIndex, .array, .object:
            let pattern = try toPattern(expression, binding: false)
            pendingCoverInitializer = nil
            return pattern
        default:
            throw error(message, at: location)
        }
    }

    /// The target of a compound assignment (`+=`, `&&=`, ...): a name or member.
    func toSimpleAssignmentTarget(_ expression: Expression, at location: SourceLocation) throws -> Pattern {
        switch expression {
        case .identifier, .member, .index, .superMember, .superIndex:
            return try toPattern(expression, binding: false)
        default:
            throw error("Invalid left-hand side in assignment", at: location)
        }
    }

    /// Converts an arrow function parameter parsed as an expression.
    func toArrowParameter(_ expression: Expression) throws -> Pattern {
        try toPatternElement(expression, binding: true)
    }

    /// Checks the operand of `++`/`--`.
    func checkUpdateTarget(_ expression: Expression, prefix: Bool, at location: SourceLocation) throws {
        switch expression {
        case .identifier(let name, let nameLocation):
            try validateAssignedName(name, at: nameLocation)
        case .member, .index, .superMember, .superIndex:
            break
        default:
            throw error("Invalid left-hand side expression in \(prefix ? "prefix" : "postfix") operation",
                        at: location)
        }
    }

    /// An element or property value of a pattern: `target = default` or a target.
    private func toPatternElement(_ expression: Expression, binding: Bool) throws -> Pattern {
        if case .assignment(.assign, let target, let value, _) = expression {
            if binding { try checkBindingPattern(target) }
            return .withDefault(target, value)
        }
        return try toPattern(expression, binding: binding)
    }

    /// Converts an expression to a pattern. Binding patterns (arrow
    /// parameters) may not contain member expressions.
    private func toPattern(_ expression: Expression, binding: Bool) throws -> Pattern {
        switch expression {
        case .identifier(let name, let location):
            if binding {
                try validateBindingName(name, at: location)
            } else {
                try validateAssignedName(name, at: location)
            }
            return .identifier(name, location)
        case .member, .index, .superMember, .superIndex:
            guard !binding else { throw invalidDestructuringTarget(expression) }
            return .expression(expression)
        case .array(let elements, let location):
            var patterns: [Pattern?] = []
            var rest: Pattern?
            for (index, element) in elements.enumerated() {
                switch element {
                case .hole:
                    patterns.append(nil)
                case .expression(let value):
                    patterns.append(try toPatternElement(value, binding: binding))
                case .spread(let value):
                    guard index == elements.count - 1 else {
                        throw error("Rest element must be last element", at: self.location(of: value))
                    }
                    rest = try toPattern(value, binding: binding)
                }
            }
            return .array(elements: patterns, rest: rest, location)
        case .object(let properties, let location):
            var patternProperties: [PatternProperty] = []
            var rest: Pattern?
            for (index, property) in properties.enumerated() {
                switch property {
                case .property(let key, let value):
                    patternProperties.append(PatternProperty(key: key, value: try toPatternElement(value, binding: binding)))
                case .spread(let value):
                    guard index == properties.count - 1 else {
                        throw error("Rest element must be last element", at: self.location(of: value))
                    }
                    switch value {
                    case .identifier, .member, .index, .superMember, .superIndex:
                        rest = try toPattern(value, binding: binding)
                    default:
                        throw invalidDestructuringTarget(value)
                    }
                case .getter, .setter:
                    throw error("Invalid destructuring assignment target", at: location)
                }
            }
            return .object(properties: patternProperties, rest: rest, location)
        default:
            throw invalidDestructuringTarget(expression)
        }
    }

    private func invalidDestructuringTarget(_ expression: Expression) -> SyntaxError {
        error("Invalid destructuring assignment target", at: location(of: expression))
    }

    /// Rejects member expressions in a pattern that must only bind names.
    private func checkBindingPattern(_ pattern: Pattern) throws {
        switch pattern {
        case .identifier(let name, let location):
            try validateBindingName(name, at: location)
        case .expression(let expression):
            throw invalidDestructuringTarget(expression)
        case .array(let elements, let rest, _):
            for case let element? in elements { try checkBindingPattern(element) }
            if let rest { try checkBindingPattern(rest) }
        case .object(let properties, let rest, _):
            for property in properties { try checkBindingPattern(property.value) }
            if let rest { try checkBindingPattern(rest) }
        case .withDefault(let target, _):
            try checkBindingPattern(target)
        }
    }

    /// The location recorded in an expression node.
    func location(of expression: Expression) -> SourceLocation {
        switch expression {
        case .number(_, let location), .string(_, let location), .template(_, _, let location),
             .boolean(_, let location), .null(let location), .identifier(_, let location), .this(let location),
             .newTarget(let location), .array(_, let location), .object(_, let location),
             .unary(_, _, let location), .update(_, _, _, let location), .binary(_, _, _, let location),
             .logical(_, _, _, let location), .assignment(_, _, _, let location),
             .conditional(_, _, _, let location), .call(_, _, _, let location), .new(_, _, let location),
             .member(_, _, _, let location), .index(_, _, _, let location), .optionalChain(_, let location),
             .superCall(_, let location), .superMember(_, let location), .superIndex(_, let location),
             .sequence(_, let location), .await(_, let location), .taggedTemplate(_, _, _, _, let location):
            return location
        case .function(let function):
            return function.location
        case .class(let classNode):
            return classNode.location
        }
    }

    // MARK: - Name validation

    /// Checks a name being declared (variables, parameters, functions, classes).
    func validateBindingName(_ name: String, at location: SourceLocation) throws {
        if name == "await" && context.isAsync {
            throw error("Unexpected reserved word", at: location)
        }
        if context.isStrict {
            if name == "eval" || name == "arguments" {
                throw error("Unexpected eval or arguments in strict mode", at: location)
            }
            if Parser.strictModeReservedWords.contains(name) {
                throw error("Unexpected strict mode reserved word", at: location)
            }
        }
    }

    /// Checks a name used as a variable reference.
    func validateIdentifierReference(_ name: String, at location: SourceLocation) throws {
        if name == "await" && context.isAsync {
            throw error("Unexpected reserved word", at: location)
        }
        if context.isStrict && Parser.strictModeReservedWords.contains(name) {
            throw error("Unexpected strict mode reserved word", at: location)
        }
        if name == "arguments" && context.isClassFieldInitializer {
            throw error("'arguments' is not allowed in class field initializer or static initialization block",
                        at: location)
        }
    }

    /// Checks a name that is assigned to.
    private func validateAssignedName(_ name: String, at location: SourceLocation) throws {
        if context.isStrict && (name == "eval" || name == "arguments") {
            throw error("Unexpected eval or arguments in strict mode", at: location)
        }
    }

    // MARK: - Declarations

    /// Appends the names a pattern binds.
    func boundNames(of pattern: Pattern, into names: inout [(String, SourceLocation)]) {
        switch pattern {
        case .identifier(let name, let location):
            names.append((name, location))
        case .expression:
            break
        case .array(let elements, let rest, _):
            for case let element? in elements { boundNames(of: element, into: &names) }
            if let rest { boundNames(of: rest, into: &names) }
        case .object(let properties, let rest, _):
            for property in properties { boundNames(of: property.value, into: &names) }
            if let rest { boundNames(of: rest, into: &names) }
        case .withDefault(let target, _):
            boundNames(of: target, into: &names)
        }
    }

    /// Declares the names bound by a `var`/`let`/`const` target.
    func declare(_ pattern: Pattern, as kind: DeclarationKind) throws {
        var names: [(String, SourceLocation)] = []
        boundNames(of: pattern, into: &names)
        for (name, location) in names {
            if kind == .var {
                try declareVar(name, at: location)
            } else {
                if name == "let" { throw error("let is disallowed as a lexically bound name", at: location) }
                try declareLexical(name, at: location)
            }
        }
    }

    private func alreadyDeclared(_ name: String, at location: SourceLocation) -> SyntaxError {
        error("Identifier '\(name)' has already been declared", at: location)
    }

    /// Declares a `let`/`const`/`class` name in the innermost scope.
    func declareLexical(_ name: String, at location: SourceLocation) throws {
        let index = declarationScopes.count - 1
        guard index >= 0 else { return }
        let scope = declarationScopes[index]
        if scope.lexicalNames.contains(name) || scope.varNames.contains(name) || scope.catchParameters.contains(name) {
            throw alreadyDeclared(name, at: location)
        }
        declarationScopes[index].lexicalNames.insert(name)
    }

    /// Declares a `var` name, hoisted through blocks to the function scope.
    private func declareVar(_ name: String, at location: SourceLocation) throws {
        for index in declarationScopes.indices.reversed() {
            if declarationScopes[index].lexicalNames.contains(name) { throw alreadyDeclared(name, at: location) }
            declarationScopes[index].varNames.insert(name)
            if declarationScopes[index].kind == .function { break }
        }
    }

    /// Declares a function declaration's name: var-like at function level,
    /// lexical in blocks (where sloppy code may repeat it).
    func declareFunctionName(_ name: String, at location: SourceLocation) throws {
        let index = declarationScopes.count - 1
        guard index >= 0 else { return }
        if declarationScopes[index].kind == .function {
            if declarationScopes[index].lexicalNames.contains(name) { throw alreadyDeclared(name, at: location) }
            declarationScopes[index].varNames.insert(name)
            return
        }
        if !context.isStrict && declarationScopes[index].blockFunctionNames.contains(name) { return }
        try declareLexical(name, at: location)
        declarationScopes[index].blockFunctionNames.insert(name)
    }

    /// Declares parameters in the (just pushed) function scope.
    func declareParameters(_ parameters: [Pattern], rest: Pattern?) {
        var names: [(String, SourceLocation)] = []
        for parameter in parameters { boundNames(of: parameter, into: &names) }
        if let rest { boundNames(of: rest, into: &names) }
        guard let index = declarationScopes.indices.last else { return }
        for (name, _) in names { declarationScopes[index].varNames.insert(name) }
    }

    /// Declares a catch clause parameter in the (just pushed) catch scope.
    func declareCatchParameter(_ pattern: Pattern) throws {
        var names: [(String, SourceLocation)] = []
        boundNames(of: pattern, into: &names)
        guard let index = declarationScopes.indices.last else { return }
        for (name, location) in names where !declarationScopes[index].catchParameters.insert(name).inserted {
            throw alreadyDeclared(name, at: location)
        }
    }
}
