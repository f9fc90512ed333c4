// Functions, methods, arrow functions and classes.

extension Parser {
    // MARK: - Functions

    /// `function name(...) {...}` or `async function name(...) {...}`.
    func parseFunctionDeclaration() throws -> FunctionNode {
        let start = token
        let isAsync = try parseFunctionKeyword()
        if at(.leftParen) { throw error("Function statements require a function name", at: token.location) }
        let (name, nameLocation) = try parseBindingIdentifier()
        try declareFunctionName(name, at: nameLocation)
        return try parseFunctionRest(name: name, hasOwnNameBinding: false, kind: .normal, isAsync: isAsync,
                                     start: start)
    }

    /// A function expression, named or anonymous, possibly `async`.
    func parseFunctionExpression() throws -> FunctionNode {
        let start = token
        let isAsync = try parseFunctionKeyword()
        guard case .identifier = token.kind else {
            return try parseFunctionRest(name: "", hasOwnNameBinding: false, kind: .normal, isAsync: isAsync,
                                         start: start)
        }
        // The name is bound inside the function, so `await` is checked against its own asyncness.
        let outerIsAsync = context.isAsync
        context.isAsync = isAsync
        let (name, _) = try parseBindingIdentifier()
        context.isAsync = outerIsAsync
        return try parseFunctionRest(name: name, hasOwnNameBinding: true, kind: .normal, isAsync: isAsync,
                                     start: start)
    }

    /// Consumes `[async] function`, rejecting generators; returns whether it is async.
    private func parseFunctionKeyword() throws -> Bool {
        let isAsync = atContextual("async")
        if isAsync { try advance() }
        try expect(.function)
        if at(.star) { throw error("Generators are not supported", at: token.location) }
        return isAsync
    }

    /// An object-literal or class method, getter or setter; `start` is its
    /// first token (modifier or key).
    func parseMethod(key: PropertyKey, modifier: MethodModifier?, start: Token) throws -> FunctionNode {
        let kind: FunctionKind
        switch modifier {
        case .get: kind = .getter
        case .set: kind = .setter
        case .async, nil: kind = .method
        }
        return try parseFunctionRest(name: methodName(for: key), hasOwnNameBinding: false, kind: kind,
                                     isAsync: modifier == .async, start: start)
    }

    /// The inferred name of a method: its key, or `""` for computed keys.
    private func methodName(for key: PropertyKey) -> String {
        if case .named(let name) = key { return name }
        return ""
    }

    /// Parameters and body of a non-arrow function, from `(`.
    func parseFunctionRest(name: String, hasOwnNameBinding: Bool, kind: FunctionKind, isAsync: Bool,
                           start: Token) throws -> FunctionNode {
        try enterNesting()
        defer { leaveNesting() }
        let outerContext = context
        let isMethodLike = kind != .normal
        context = FunctionContext(isAsync: isAsync, isStrict: outerContext.isStrict, allowsReturn: true,
                                  allowsSuperCall: kind == .derivedConstructor, allowsSuperProperty: isMethodLike,
                                  allowsNewTarget: true)
        let scope = newScopeID()
        pushDeclarationScope(.function)
        let parametersLocation = token.location
        try expect(.leftParen)
        context.isInParameters = true
        let (parameters, rest) = try parseFormalParameters()
        context.isInParameters = false
        if kind == .getter && (!parameters.isEmpty || rest != nil) {
            throw error("Getter must not have any formal parameters.", at: parametersLocation)
        }
        if kind == .setter {
            if rest != nil { throw error("Setter function argument must not be a rest parameter", at: parametersLocation) }
            if parameters.count != 1 { throw error("Setter must have exactly one formal parameter.", at: parametersLocation) }
        }
        declareParameters(parameters, rest: rest)
        try expect(.leftBrace)
        let (body, useStrictLocation) = try parseBody(endsAtBrace: true)
        try expect(.rightBrace)
        try validateParameters(parameters, rest: rest, requireUnique: isMethodLike,
                               useStrictLocation: useStrictLocation)
        let isStrict = context.isStrict
        popDeclarationScope()
        context = outerContext
        return FunctionNode(name: name, hasOwnNameBinding: hasOwnNameBinding, kind: kind, isAsync: isAsync,
                            parameters: parameters, rest: rest, body: .statements(body), scope: scope,
                            isStrict: isStrict, location: start.location, sourceText: sourceText(from: start.start))
    }

    /// Formal parameters after `(`, through the closing `)`.
    private func parseFormalParameters() throws -> ([Pattern], Pattern?) {
        var parameters: [Pattern] = []
        while !at(.rightParen) {
            if try eat(.ellipsis) {
                let rest = try parseRestParameter()
                try advance()
                return (parameters, rest)
            }
            parameters.append(try parseBindingElement())
            if !at(.rightParen) { try expect(.comma) }
        }
        try advance()
        return (parameters, nil)
    }

    /// The target of a rest parameter after `...`; the closing `)` must follow
    /// (it is not consumed).
    func parseRestParameter() throws -> Pattern {
        let rest = try parseBindingTarget()
        if at(.assign) { throw error("Rest parameter may not have a default initializer", at: token.location) }
        guard at(.rightParen) else { throw error("Rest parameter must be last formal parameter", at: token.location) }
        return rest
    }

    /// An arrow function whose parameters are already parsed; the current
    /// token is `=>` and `start` is the first token of the function.
    func parseArrowFunction(parameters: [Pattern], rest: Pattern?, isAsync: Bool, start: Token) throws -> FunctionNode {
        try advance()
        let outerContext = context
        context = FunctionContext(isAsync: isAsync, isStrict: outerContext.isStrict, allowsReturn: true,
                                  allowsSuperCall: outerContext.allowsSuperCall,
                                  allowsSuperProperty: outerContext.allowsSuperProperty,
                                  allowsNewTarget: outerContext.allowsNewTarget,
                                  isClassFieldInitializer: outerContext.isClassFieldInitializer)
        let scope = newScopeID()
        pushDeclarationScope(.function)
        declareParameters(parameters, rest: rest)
        let body: FunctionBody
        var useStrictLocation: SourceLocation?
        if try eat(.leftBrace) {
            let statements: [Statement]
            (statements, useStrictLocation) = try parseBody(endsAtBrace: true)
            try expect(.rightBrace)
            body = .statements(statements)
        } else {
            body = .expression(try parseAssignment())
        }
        try validateParameters(parameters, rest: rest, requireUnique: true, useStrictLocation: useStrictLocation)
        let isStrict = context.isStrict
        popDeclarationScope()
        context = outerContext
        bareArrowEnd = previousTokenEnd
        return FunctionNode(name: "", kind: .arrow, isAsync: isAsync, parameters: parameters, rest: rest, body: body,
                            scope: scope, isStrict: isStrict, location: start.location,
                            sourceText: sourceText(from: start.start))
    }

    /// Early errors of a parameter list, checked once the body (and so the
    /// function's strictness) is known.
    private func validateParameters(_ parameters: [Pattern], rest: Pattern?, requireUnique: Bool,
                                    useStrictLocation: SourceLocation?) throws {
        let isSimple = rest == nil && parameters.allSatisfy {
            if case .identifier = $0 { return true }
            return false
        }
        if let location = useStrictLocation, !isSimple {
            throw error("Illegal 'use strict' directive in function with non-simple parameter list", at: location)
        }
        var names: [(String, SourceLocation)] = []
        for parameter in parameters { boundNames(of: parameter, into: &names) }
        if let rest { boundNames(of: rest, into: &names) }
        if context.isStrict || requireUnique || !isSimple {
            var seen: Set<String> = []
            for (name, location) in names where !seen.insert(name).inserted {
                throw error("Duplicate parameter name not allowed in this context", at: location)
            }
        }
        if context.isStrict {
            for (name, location) in names { try validateBindingName(name, at: location) }
        }
    }

    // MARK: - Classes

    func parseClassDeclaration() throws -> ClassNode {
        let start = token
        try advance()
        let outerStrict = context.isStrict
        context.isStrict = true
        let (name, nameLocation) = try parseBindingIdentifier()
        context.isStrict = outerStrict
        try declareLexical(name, at: nameLocation)
        return try parseClassRest(name: name, start: start)
    }

    func parseClassExpression() throws -> ClassNode {
        let start = token
        try advance()
        var name = ""
        if case .identifier = token.kind {
            let outerStrict = context.isStrict
            context.isStrict = true
            name = try parseBindingIdentifier().0
            context.isStrict = outerStrict
        }
        return try parseClassRest(name: name, start: start)
    }

    /// The heritage and body of a class, after its name. Class code is strict.
    private func parseClassRest(name: String, start: Token) throws -> ClassNode {
        try enterNesting()
        defer { leaveNesting() }
        let outerStrict = context.isStrict
        context.isStrict = true
        let scope = newScopeID()
        let superClass = try eat(.extends) ? try parseLeftHandSide() : nil
        try expect(.leftBrace)
        var explicitConstructor: FunctionNode?
        var members: [ClassMember] = []
        var instanceFields: [ClassMember] = []
        while !at(.rightBrace) {
            if try eat(.semicolon) { continue }
            guard let member = try parseClassElement(className: name, isDerived: superClass != nil,
                                                     constructor: &explicitConstructor) else { continue }
            if case .field = member.kind, !member.isStatic {
                instanceFields.append(member)
            } else {
                members.append(member)
            }
        }
        try advance()
        context.isStrict = outerStrict
        let classText = sourceText(from: start.start)
        let constructor = explicitConstructor ?? synthesizedConstructor(name: name, isDerived: superClass != nil,
                                                                         location: start.location)
        constructor.fields = instanceFields
        constructor.sourceText = classText
        return ClassNode(name: name, superClass: superClass, constructor: constructor, members: members, scope: scope,
                         location: start.location)
    }

    /// `constructor() {}`, or `constructor(...args) { super(...args) }` for a derived class.
    private func synthesizedConstructor(name: String, isDerived: Bool, location: SourceLocation) -> FunctionNode {
        let args = "args"
        let body: [Statement] = isDerived
            ? [.expression(.superCall(arguments: [.spread(.identifier(args, location))], location), location)]
            : []
        return FunctionNode(name: name, kind: isDerived ? .derivedConstructor : .classConstructor, isAsync: false,
                            parameters: [], rest: isDerived ? .identifier(args, location) : nil,
                            body: .statements(body), scope: newScopeID(), isStrict: true, location: location,
                            sourceText: "")
    }

    /// One class element. The constructor is stored in `constructor` and
    /// yields `nil`.
    private func parseClassElement(className: String, isDerived: Bool,
                                   constructor: inout FunctionNode?) throws -> ClassMember? {
        let memberLocation = token.location
        var isStatic = false
        if atContextual("static") {
            switch try peek().kind {
            case .punctuator(.leftParen), .punctuator(.assign), .punctuator(.semicolon), .punctuator(.rightBrace),
                 .endOfInput:
                break
            default:
                isStatic = true
                try advance()
            }
        }
        let start = token
        let modifier = try parseMethodModifier()
        let keyToken = token
        let key = try parsePropertyKey()
        let isNamedConstructor: Bool
        let isNamedPrototype: Bool
        if case .named(let name) = key {
            isNamedConstructor = name == "constructor"
            isNamedPrototype = name == "prototype"
        } else {
            isNamedConstructor = false
            isNamedPrototype = false
        }
        if isStatic && isNamedPrototype {
            throw error("Classes may not have a static property named 'prototype'", at: keyToken.location)
        }
        guard modifier != nil || at(.leftParen) else {
            if isNamedConstructor {
                throw error("Classes may not have a field named 'constructor'", at: keyToken.location)
            }
            let initializer = try eat(.assign) ? try parseFieldInitializer() : nil
            if let initializer, case .named(let name) = key { inferName(name, for: initializer) }
            try consumeSemicolon()
            return ClassMember(key: key, isStatic: isStatic, kind: .field(initializer), location: memberLocation)
        }
        if isNamedConstructor && !isStatic {
            switch modifier {
            case .get, .set: throw error("Class constructor may not be an accessor", at: keyToken.location)
            case .async: throw error("Class constructor may not be an async method", at: keyToken.location)
            case nil: break
            }
            if constructor != nil { throw error("A class may only have one constructor", at: keyToken.location) }
            constructor = try parseFunctionRest(name: className, hasOwnNameBinding: false,
                                                kind: isDerived ? .derivedConstructor : .classConstructor,
                                                isAsync: false, start: start)
            return nil
        }
        let function = try parseMethod(key: key, modifier: modifier, start: start)
        let kind: ClassMember.Kind
        switch modifier {
        case .get: kind = .getter(function)
        case .set: kind = .setter(function)
        case .async, nil: kind = .method(function)
        }
        return ClassMember(key: key, isStatic: isStatic, kind: kind, location: memberLocation)
    }

    /// A field initializer: evaluated like a method body with `this` bound.
    private func parseFieldInitializer() throws -> Expression {
        let outerContext = context
        context = FunctionContext(isAsync: false, isStrict: true, allowsReturn: false, allowsSuperCall: false,
                                  allowsSuperProperty: true, allowsNewTarget: true, isClassFieldInitializer: true)
        let value = try parseAssignment()
        context = outerContext
        return value
    }
}
