// Expressions, from the comma operator down to primary expressions.

/// A binary or logical operator in precedence climbing.
private enum InfixOperator {
    case binary(BinaryOperator)
    case logical(LogicalOperator)
}

/// Precedence of the right operand of `??`: a bitwise-OR expression, so that
/// `??` never absorbs `||` or `&&` (mixing them needs parentheses).
private let nullishOperandPrecedence = 4

extension Parser {
    /// Method modifiers in object literals and class bodies.
    enum MethodModifier {
        case async, get, set
    }

    // MARK: - Comma, assignment, conditional

    /// `Expression`: assignment expressions separated by commas.
    func parseExpression(allowIn: Bool = true) throws -> Expression {
        let start = token.location
        let first = try parseAssignment(allowIn: allowIn)
        return try parseSequence(startingWith: first, at: start, allowIn: allowIn)
    }

    /// Continues `first` with `, expr, ...` if a comma follows.
    func parseSequence(startingWith first: Expression, at location: SourceLocation,
                       allowIn: Bool) throws -> Expression {
        guard at(.comma) else { return first }
        var expressions = [first]
        while try eat(.comma) {
            expressions.append(try parseAssignment(allowIn: allowIn))
        }
        return .sequence(expressions, location)
    }

    /// `AssignmentExpression`, including arrow functions. With
    /// `allowCoverInitializer`, an object/array literal containing `{a = 1}`
    /// is returned (with `pendingCoverInitializer` set) so that an enclosing
    /// construct can still turn it into a pattern.
    func parseAssignment(allowIn: Bool = true, allowCoverInitializer: Bool = false) throws -> Expression {
        try enterNesting()
        defer { leaveNesting() }
        let outerPending = pendingCoverInitializer
        pendingCoverInitializer = nil
        potentialArrowStart = token.start
        let start = token.location
        let left = try parseConditional(allowIn: allowIn)
        if case .punctuator(let p) = token.kind, let op = assignmentOperator(p), !atBareArrowEnd {
            let location = token.location
            let target: Pattern
            if case .assign = op {
                target = try toAssignmentTarget(left, at: start)
            } else {
                try checkNoPendingCoverInitializer()
                target = try toSimpleAssignmentTarget(left, at: start)
            }
            pendingCoverInitializer = outerPending
            try advance()
            let value = try parseAssignment(allowIn: allowIn)
            if case .identifier(let name, _) = target {
                switch op {
                case .assign, .logical: inferName(name, for: value)
                case .compound: break
                }
            }
            return .assignment(op, target: target, value: value, location)
        }
        if let pending = pendingCoverInitializer {
            guard allowCoverInitializer, isObjectOrArrayLiteral(left) else {
                throw error("Invalid shorthand property initializer", at: pending)
            }
            pendingCoverInitializer = outerPending ?? pending
        } else {
            pendingCoverInitializer = outerPending
        }
        return left
    }

    /// Throws if a `{a = 1}` shorthand initializer is waiting to become a pattern.
    func checkNoPendingCoverInitializer() throws {
        if let pending = pendingCoverInitializer {
            throw error("Invalid shorthand property initializer", at: pending)
        }
    }

    private func isObjectOrArrayLiteral(_ expression: Expression) -> Bool {
        switch expression {
        case .object, .array: return true
        default: return false
        }
    }

    /// True right after an unparenthesized arrow function, which no operator,
    /// call or member access may follow.
    var atBareArrowEnd: Bool { bareArrowEnd == previousTokenEnd }

    private func assignmentOperator(_ p: Punctuator) -> AssignmentOperator? {
        switch p {
        case .assign: return .assign
        case .plusAssign: return .compound(.add)
        case .minusAssign: return .compound(.subtract)
        case .starAssign: return .compound(.multiply)
        case .slashAssign: return .compound(.divide)
        case .percentAssign: return .compound(.remainder)
        case .starStarAssign: return .compound(.exponent)
        case .shiftLeftAssign: return .compound(.shiftLeft)
        case .shiftRightAssign: return .compound(.shiftRight)
        case .unsignedShiftRightAssign: return .compound(.unsignedShiftRight)
        case .ampersandAssign: return .compound(.bitwiseAnd)
        case .pipeAssign: return .compound(.bitwiseOr)
        case .caretAssign: return .compound(.bitwiseXor)
        case .logicalAndAssign: return .logical(.and)
        case .logicalOrAssign: return .logical(.or)
        case .questionQuestionAssign: return .logical(.nullishCoalescing)
        default: return nil
        }
    }

    private func parseConditional(allowIn: Bool) throws -> Expression {
        let start = token.location
        let test = try parseBinary(minimumPrecedence: 0, allowIn: allowIn)
        guard at(.question), !atBareArrowEnd else { return test }
        try advance()
        let consequent = try parseAssignment(allowIn: true)
        try expect(.colon)
        let alternate = try parseAssignment(allowIn: allowIn)
        return .conditional(test: test, consequent: consequent, alternate: alternate, start)
    }

    // MARK: - Binary operators

    /// The binary or logical operator at the current token and its precedence.
    private func infixOperator(allowIn: Bool) -> (InfixOperator, Int)? {
        switch token.kind {
        case .keyword(.instanceof): return (.binary(.instanceof), 8)
        case .keyword(.in): return allowIn ? (.binary(.in), 8) : nil
        case .punctuator(let p):
            switch p {
            case .questionQuestion: return (.logical(.nullishCoalescing), 1)
            case .logicalOr: return (.logical(.or), 2)
            case .logicalAnd: return (.logical(.and), 3)
            case .pipe: return (.binary(.bitwiseOr), 4)
            case .caret: return (.binary(.bitwiseXor), 5)
            case .ampersand: return (.binary(.bitwiseAnd), 6)
            case .equal: return (.binary(.equal), 7)
            case .notEqual: return (.binary(.notEqual), 7)
            case .strictEqual: return (.binary(.strictEqual), 7)
            case .strictNotEqual: return (.binary(.strictNotEqual), 7)
            case .lessThan: return (.binary(.lessThan), 8)
            case .greaterThan: return (.binary(.greaterThan), 8)
            case .lessThanOrEqual: return (.binary(.lessThanOrEqual), 8)
            case .greaterThanOrEqual: return (.binary(.greaterThanOrEqual), 8)
            case .shiftLeft: return (.binary(.shiftLeft), 9)
            case .shiftRight: return (.binary(.shiftRight), 9)
            case .unsignedShiftRight: return (.binary(.unsignedShiftRight), 9)
            case .plus: return (.binary(.add), 10)
            case .minus: return (.binary(.subtract), 10)
            case .star: return (.binary(.multiply), 11)
            case .slash: return (.binary(.divide), 11)
            case .percent: return (.binary(.remainder), 11)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Precedence climbing over the left-associative binary and logical
    /// operators. `??` may not be mixed with `&&`/`||` without parentheses.
    private func parseBinary(minimumPrecedence: Int, allowIn: Bool) throws -> Expression {
        var left = try parseExponentiation()
        var lastLogical: LogicalOperator?
        var chainLength = 0
        while !atBareArrowEnd, let (op, precedence) = infixOperator(allowIn: allowIn), precedence >= minimumPrecedence {
            let operatorToken = token
            try advance()
            chainLength += 1
            try checkChainLength(chainLength)
            switch op {
            case .logical(let logical):
                let isNullish = logical == .nullishCoalescing
                if let last = lastLogical, (last == .nullishCoalescing) != isNullish {
                    throw unexpected(operatorToken)
                }
                let right = try parseBinary(minimumPrecedence: isNullish ? nullishOperandPrecedence : precedence + 1,
                                            allowIn: allowIn)
                left = .logical(logical, left, right, operatorToken.location)
                lastLogical = logical
            case .binary(let binary):
                let right = try parseBinary(minimumPrecedence: precedence + 1, allowIn: allowIn)
                left = .binary(binary, left, right, operatorToken.location)
            }
        }
        return left
    }

    /// `**` (right-associative); a unary expression may not be its base.
    private func parseExponentiation() throws -> Expression {
        if atUnaryOperator {
            let expression = try parseUnary()
            if at(.starStar) {
                throw error("Unary operator used immediately before exponentiation expression. "
                            + "Parenthesis must be used to disambiguate operator precedence", at: token.location)
            }
            return expression
        }
        let base = try parseUpdate()
        guard at(.starStar), !atBareArrowEnd else { return base }
        let location = token.location
        try advance()
        try enterNesting()
        defer { leaveNesting() }
        return .binary(.exponent, base, try parseExponentiation(), location)
    }

    // MARK: - Unary and update

    private var atUnaryOperator: Bool {
        switch token.kind {
        case .punctuator(.plus), .punctuator(.minus), .punctuator(.bang), .punctuator(.tilde),
             .keyword(.delete), .keyword(.void), .keyword(.typeof):
            return true
        case .identifier("await"):
            return context.isAsync && !token.hasEscape
        default:
            return false
        }
    }

    private func parseUnary() throws -> Expression {
        let location = token.location
        let op: UnaryOperator
        switch token.kind {
        case .punctuator(.plus): op = .plus
        case .punctuator(.minus): op = .minus
        case .punctuator(.bang): op = .logicalNot
        case .punctuator(.tilde): op = .bitwiseNot
        case .keyword(.delete): op = .delete
        case .keyword(.void): op = .void
        case .keyword(.typeof): op = .typeof
        case .identifier("await") where context.isAsync && !token.hasEscape:
            if context.isInParameters {
                throw error("Illegal await-expression in formal parameters of async function", at: location)
            }
            try advance()
            try enterNesting()
            defer { leaveNesting() }
            return .await(try parseUnary(), location)
        default:
            return try parseUpdate()
        }
        try advance()
        try enterNesting()
        defer { leaveNesting() }
        let operand = try parseUnary()
        if op == .delete, context.isStrict, case .identifier = operand {
            throw error("Delete of an unqualified identifier in strict mode.", at: location)
        }
        return .unary(op, operand, location)
    }

    private func parseUpdate() throws -> Expression {
        let location = token.location
        if at(.plusPlus) || at(.minusMinus) {
            let op: UpdateOperator = at(.plusPlus) ? .increment : .decrement
            try advance()
            let operandLocation = token.location
            try enterNesting()
            defer { leaveNesting() }
            let operand = try parseUnary()
            try checkUpdateTarget(operand, prefix: true, at: operandLocation)
            return .update(op, prefix: true, target: operand, location)
        }
        let expression = try parseLeftHandSide()
        guard at(.plusPlus) || at(.minusMinus), !token.newlineBefore, !atBareArrowEnd else { return expression }
        let op: UpdateOperator = at(.plusPlus) ? .increment : .decrement
        try checkUpdateTarget(expression, prefix: false, at: location)
        let operatorLocation = token.location
        try advance()
        return .update(op, prefix: false, target: expression, operatorLocation)
    }

    // MARK: - Calls and members

    /// `LeftHandSideExpression`: `new`, `super`, calls and member accesses.
    func parseLeftHandSide() throws -> Expression {
        let start = token.location
        let base: Expression
        if at(.new) {
            base = try parseNew()
        } else if at(.super) {
            base = try parseSuper()
        } else {
            base = try parsePrimary()
        }
        return try parseSubscripts(base, start: start, allowCalls: true)
    }

    /// Member accesses, calls (unless `allowCalls` is false, for a `new`
    /// callee), optional chains and tagged templates after `base`. A chain
    /// containing `?.` is wrapped in `.optionalChain` once.
    private func parseSubscripts(_ base: Expression, start: SourceLocation, allowCalls: Bool) throws -> Expression {
        if atBareArrowEnd { return base }
        var expression = base
        var isOptionalChain = false
        var chainLength = 0
        while true {
            let location = token.location
            switch token.kind {
            case .punctuator(.dot):
                try advance()
                let (name, nameLocation) = try parseMemberName()
                expression = .member(object: expression, name: name, optional: false, nameLocation)
            case .punctuator(.questionDot):
                guard allowCalls else { throw error("Invalid optional chain from new expression", at: location) }
                isOptionalChain = true
                try advance()
                if at(.leftParen) {
                    expression = .call(callee: expression, arguments: try parseArguments(), optional: true, location)
                } else if try eat(.leftBracket) {
                    let index = try parseExpression()
                    try expect(.rightBracket)
                    expression = .index(object: expression, index: index, optional: true, location)
                } else if case .template = token.kind {
                    throw error("Invalid tagged template on optional chain", at: token.location)
                } else {
                    let (name, nameLocation) = try parseMemberName()
                    expression = .member(object: expression, name: name, optional: true, nameLocation)
                }
            case .punctuator(.leftBracket):
                try advance()
                let index = try parseExpression()
                try expect(.rightBracket)
                expression = .index(object: expression, index: index, optional: false, location)
            case .punctuator(.leftParen) where allowCalls:
                expression = .call(callee: expression, arguments: try parseArguments(), optional: false, location)
            case .template(let part) where part.isHead:
                if isOptionalChain { throw error("Invalid tagged template on optional chain", at: location) }
                let (parts, expressions) = try parseTemplateParts()
                expression = .taggedTemplate(tag: expression, cooked: parts.map(\.cooked), raw: parts.map(\.raw),
                                             expressions: expressions, location)
            default:
                return isOptionalChain ? .optionalChain(expression, start) : expression
            }
            chainLength += 1
            try checkChainLength(chainLength)
        }
    }

    /// A property name after `.` or `?.` (any identifier name, keywords included).
    private func parseMemberName() throws -> (String, SourceLocation) {
        let location = token.location
        switch token.kind {
        case .identifier(let name):
            try advance()
            return (name, location)
        case .keyword(let keyword):
            try advance()
            return (keyword.rawValue, location)
        default:
            throw unexpected()
        }
    }

    /// `(args)`, with spreads and a trailing comma.
    func parseArguments(allowCoverInitializer: Bool = false) throws -> [Argument] {
        try expect(.leftParen)
        var arguments: [Argument] = []
        while !at(.rightParen) {
            if try eat(.ellipsis) {
                arguments.append(.spread(try parseAssignment(allowCoverInitializer: allowCoverInitializer)))
            } else {
                arguments.append(.expression(try parseAssignment(allowCoverInitializer: allowCoverInitializer)))
            }
            if at(.rightParen) { break }
            guard try eat(.comma) else { throw error("missing ) after argument list", at: token.location) }
        }
        try advance()
        return arguments
    }

    /// `new.target`, or `new callee` with optional arguments.
    private func parseNew() throws -> Expression {
        let location = token.location
        try advance()
        if try eat(.dot) {
            guard atContextual("target") else { throw unexpected() }
            guard context.allowsNewTarget else { throw error("new.target expression is not allowed here", at: location) }
            try advance()
            return .newTarget(location)
        }
        try enterNesting()
        defer { leaveNesting() }
        let calleeStart = token.location
        let base: Expression
        if at(.new) {
            base = try parseNew()
        } else if at(.super) {
            base = try parseSuper()
        } else {
            base = try parsePrimary()
        }
        let callee = try parseSubscripts(base, start: calleeStart, allowCalls: false)
        let arguments = at(.leftParen) ? try parseArguments() : []
        return .new(callee: callee, arguments: arguments, location)
    }

    /// `super(...)`, `super.name` or `super[index]`.
    private func parseSuper() throws -> Expression {
        let location = token.location
        try advance()
        switch token.kind {
        case .punctuator(.leftParen) where context.allowsSuperCall:
            return .superCall(arguments: try parseArguments(), location)
        case .punctuator(.dot) where context.allowsSuperProperty:
            try advance()
            return .superMember(name: try parseMemberName().0, location)
        case .punctuator(.leftBracket) where context.allowsSuperProperty:
            try advance()
            let index = try parseExpression()
            try expect(.rightBracket)
            return .superIndex(index: index, location)
        default:
            throw error("'super' keyword unexpected here", at: location)
        }
    }

    // MARK: - Primary expressions

    private func parsePrimary() throws -> Expression {
        let location = token.location
        let canBeArrow = token.start == potentialArrowStart
        switch token.kind {
        case .number(let value):
            try checkLegacyOctalAllowed()
            try advance()
            return .number(value, location)
        case .string(let value):
            try checkLegacyOctalAllowed()
            try advance()
            return .string(value, location)
        case .template(let part) where part.isHead:
            return try parseTemplateLiteral()
        case .identifier(let name):
            return try parseIdentifierExpression(name, canBeArrow: canBeArrow)
        case .keyword(.this):
            try advance()
            return .this(location)
        case .keyword(.null):
            try advance()
            return .null(location)
        case .keyword(.true), .keyword(.false):
            let value = at(.true)
            try advance()
            return .boolean(value, location)
        case .keyword(.function):
            return .function(try parseFunctionExpression())
        case .keyword(.class):
            return .class(try parseClassExpression())
        case .punctuator(.leftParen):
            return try parseParenthesizedOrArrow(canBeArrow: canBeArrow)
        case .punctuator(.leftBracket):
            return try parseArrayLiteral()
        case .punctuator(.leftBrace):
            return try parseObjectLiteral()
        case .punctuator(.slash), .punctuator(.slashAssign):
            throw error("Regular expression literals are not supported", at: location)
        default:
            throw unexpected()
        }
    }

    /// Rejects a legacy octal number or string escape (the current token) in strict code.
    private func checkLegacyOctalAllowed() throws {
        guard token.hasLegacyOctal && context.isStrict else { return }
        if case .number = token.kind {
            throw error("Octal literals are not allowed in strict mode.", at: token.location)
        }
        throw error("Octal escape sequences are not allowed in strict mode.", at: token.location)
    }

    /// An identifier reference, `async function`, or an arrow function
    /// starting with an identifier or `async`.
    private func parseIdentifierExpression(_ name: String, canBeArrow: Bool) throws -> Expression {
        let start = token
        if name == "async" && !token.hasEscape {
            let next = try peek()
            if !next.newlineBefore {
                if next.kind == .keyword(.function) {
                    return .function(try parseFunctionExpression())
                }
                if canBeArrow, case .identifier = next.kind {
                    try advance()
                    let (parameter, parameterLocation) = try parseBindingIdentifier()
                    guard at(.arrow), !token.newlineBefore else { throw unexpected() }
                    return .function(try parseArrowFunction(parameters: [.identifier(parameter, parameterLocation)],
                                                            rest: nil, isAsync: true, start: start))
                }
                if canBeArrow, next.kind == .punctuator(.leftParen) {
                    return try parseAsyncArrowOrCall(start: start)
                }
            }
        }
        try advance()
        if canBeArrow && at(.arrow) {
            guard !token.newlineBefore else { throw unexpected() }
            try validateBindingName(name, at: start.location)
            return .function(try parseArrowFunction(parameters: [.identifier(name, start.location)], rest: nil,
                                                    isAsync: false, start: start))
        }
        try validateIdentifierReference(name, at: start.location)
        if name == "await" && !token.newlineBefore {
            switch token.kind {
            case .identifier, .number, .string, .keyword(.this):
                throw error("await is only valid in async functions and the top level bodies of modules",
                            at: start.location)
            default:
                break
            }
        }
        return .identifier(name, start.location)
    }

    /// `async (...)`: an async arrow function if `=>` follows, else a call of `async`.
    private func parseAsyncArrowOrCall(start: Token) throws -> Expression {
        try advance()
        let argumentsLocation = token.location
        let outerPending = pendingCoverInitializer
        pendingCoverInitializer = nil
        let arguments = try parseArguments(allowCoverInitializer: true)
        if at(.arrow) && !token.newlineBefore {
            pendingCoverInitializer = outerPending
            var parameters: [Pattern] = []
            var rest: Pattern?
            for (index, argument) in arguments.enumerated() {
                switch argument {
                case .expression(let expression):
                    parameters.append(try toArrowParameter(expression))
                case .spread(let expression):
                    guard index == arguments.count - 1 else {
                        throw error("Rest parameter must be last formal parameter", at: argumentsLocation)
                    }
                    if case .assignment = expression {
                        throw error("Rest parameter may not have a default initializer", at: location(of: expression))
                    }
                    rest = try toArrowParameter(expression)
                }
            }
            return .function(try parseArrowFunction(parameters: parameters, rest: rest, isAsync: true, start: start))
        }
        try checkNoPendingCoverInitializer()
        pendingCoverInitializer = outerPending
        return .call(callee: .identifier("async", start.location), arguments: arguments, optional: false,
                     argumentsLocation)
    }

    /// `( expression )` or the parameters of an arrow function.
    private func parseParenthesizedOrArrow(canBeArrow: Bool) throws -> Expression {
        let start = token
        try advance()
        let contentLocation = token.location
        let outerPending = pendingCoverInitializer
        pendingCoverInitializer = nil
        var items: [Expression] = []
        var rest: Pattern?
        /// The first token that is valid only in arrow parameters (`...`, a trailing comma).
        var arrowOnlyToken: Token?
        while !at(.rightParen) {
            if at(.ellipsis) {
                arrowOnlyToken = arrowOnlyToken ?? token
                try advance()
                rest = try parseRestParameter()
                break
            }
            items.append(try parseAssignment(allowCoverInitializer: true))
            if at(.rightParen) { break }
            try expect(.comma)
            if at(.rightParen) { arrowOnlyToken = arrowOnlyToken ?? token }
        }
        let closingParen = token
        try expect(.rightParen)
        if canBeArrow && at(.arrow) && !token.newlineBefore {
            pendingCoverInitializer = outerPending
            let parameters = try items.map { try toArrowParameter($0) }
            return .function(try parseArrowFunction(parameters: parameters, rest: rest, isAsync: false, start: start))
        }
        if let offending = arrowOnlyToken { throw unexpected(offending) }
        if items.isEmpty { throw unexpected(closingParen) }
        try checkNoPendingCoverInitializer()
        pendingCoverInitializer = outerPending
        return items.count == 1 ? items[0] : .sequence(items, contentLocation)
    }

    /// An untagged template literal, whose escapes must all be valid.
    private func parseTemplateLiteral() throws -> Expression {
        let location = token.location
        let (parts, expressions) = try parseTemplateParts()
        var quasis: [String] = []
        for part in parts {
            guard let cooked = part.cooked else {
                throw error(part.invalidEscape ?? "Invalid escape sequence", at: part.invalidEscapeLocation)
            }
            quasis.append(cooked)
        }
        return .template(quasis: quasis, expressions: expressions, location)
    }

    /// The chunks and substitutions of a template literal starting at the current token.
    private func parseTemplateParts() throws -> ([TemplatePart], [Expression]) {
        var parts: [TemplatePart] = []
        var expressions: [Expression] = []
        while case .template(let part) = token.kind {
            parts.append(part)
            try advance()
            if part.isTail { return (parts, expressions) }
            expressions.append(try parseExpression())
            guard case .template(let next) = token.kind, !next.isHead else {
                throw atEnd ? unexpected() : error("Missing } in template expression", at: token.location)
            }
        }
        throw unexpected()
    }

    private func parseArrayLiteral() throws -> Expression {
        let location = token.location
        try advance()
        var elements: [ArrayElement] = []
        while !at(.rightBracket) {
            if try eat(.comma) {
                elements.append(.hole)
                continue
            }
            if try eat(.ellipsis) {
                elements.append(.spread(try parseAssignment(allowCoverInitializer: true)))
            } else {
                elements.append(.expression(try parseAssignment(allowCoverInitializer: true)))
            }
            if !at(.rightBracket) { try expect(.comma) }
        }
        try advance()
        return .array(elements, location)
    }

    private func parseObjectLiteral() throws -> Expression {
        let location = token.location
        try advance()
        var properties: [ObjectProperty] = []
        while !at(.rightBrace) {
            properties.append(try parseObjectProperty())
            if !at(.rightBrace) { try expect(.comma) }
        }
        try advance()
        return .object(properties, location)
    }

    private func parseObjectProperty() throws -> ObjectProperty {
        let start = token
        if try eat(.ellipsis) {
            return .spread(try parseAssignment(allowCoverInitializer: true))
        }
        let modifier = try parseMethodModifier()
        let keyToken = token
        let key = try parsePropertyKey()
        if modifier != nil || at(.leftParen) {
            let function = try parseMethod(key: key, modifier: modifier, start: start)
            switch modifier {
            case .get: return .getter(key: key, function: function)
            case .set: return .setter(key: key, function: function)
            case .async, nil: return .property(key: key, value: .function(function))
            }
        }
        if try eat(.colon) {
            let value = try parseAssignment(allowCoverInitializer: true)
            if case .named(let name) = key { inferName(name, for: value) }
            return .property(key: key, value: value)
        }
        // Shorthand `{a}` or, only valid as a pattern, `{a = 1}`.
        guard case .identifier(let name) = keyToken.kind else {
            // Like V8: blame a lone non-identifier key (`{3}`), else what follows it.
            throw unexpected(at(.comma) || at(.rightBrace) ? keyToken : token)
        }
        try validateIdentifierReference(name, at: keyToken.location)
        let reference = Pattern.identifier(name, keyToken.location)
        guard at(.assign) else { return .property(key: key, value: .identifier(name, keyToken.location)) }
        let assignLocation = token.location
        pendingCoverInitializer = pendingCoverInitializer ?? assignLocation
        try advance()
        let value = try parseAssignment()
        inferName(name, for: value)
        return .property(key: key, value: .assignment(.assign, target: reference, value: value, assignLocation))
    }

    /// Consumes `async`, `get` or `set` when it modifies the method key that
    /// follows (rather than being the key itself).
    func parseMethodModifier() throws -> MethodModifier? {
        guard case .identifier(let name) = token.kind, !token.hasEscape else { return nil }
        let modifier: MethodModifier
        switch name {
        case "async": modifier = .async
        case "get": modifier = .get
        case "set": modifier = .set
        default: return nil
        }
        let next = try peek()
        switch next.kind {
        case .punctuator(.leftParen), .punctuator(.colon), .punctuator(.comma), .punctuator(.rightBrace),
             .punctuator(.assign), .punctuator(.semicolon), .endOfInput:
            return nil
        default:
            if modifier == .async && next.newlineBefore { return nil }
        }
        try advance()
        if at(.star) { throw error("Generators are not supported", at: token.location) }
        return modifier
    }

    /// A property name: identifier name, string, number or `[computed]`.
    func parsePropertyKey() throws -> PropertyKey {
        switch token.kind {
        case .identifier(let name):
            try advance()
            return .named(name)
        case .keyword(let keyword):
            try advance()
            return .named(keyword.rawValue)
        case .string(let value):
            try checkLegacyOctalAllowed()
            try advance()
            return .named(value)
        case .number(let value):
            try checkLegacyOctalAllowed()
            try advance()
            return .named(Parser.canonicalNumberKey(value))
        case .punctuator(.leftBracket):
            try advance()
            let expression = try parseAssignment()
            try expect(.rightBracket)
            return .computed(expression)
        case .punctuator(.star):
            throw error("Generators are not supported", at: token.location)
        default:
            throw unexpected()
        }
    }
}
