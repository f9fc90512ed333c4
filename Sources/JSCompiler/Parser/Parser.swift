// The recursive-descent parser: entry point, parser state and shared helpers.
// The grammar lives in the `ParserStatements`, `ParserExpressions`,
// `ParserFunctions` and `ParserPatterns` extensions.
//
// Node locations are the node's first token, except: `.member` (the property
// name), `.index` (the `[` or `?.`), `.call` (the `(` or `?.`),
// `.taggedTemplate` (the template), and binary, logical, assignment and
// postfix update expressions (the operator).

/// Parses JavaScript source text into a `Program`.
public enum JSParser {
    /// Parses a whole script. Throws `SyntaxError` (defined in AST.swift) with 1-based line/column.
    public static func parseProgram(_ source: String, fileName: String) throws -> Program {
        try Parser(source: source, fileName: fileName).parseProgram()
    }
}

extension Parser {
    /// Parser state that changes at function boundaries.
    struct FunctionContext {
        /// `await` is an operator (async functions and the top level).
        var isAsync: Bool
        var isStrict: Bool
        var allowsReturn: Bool
        var allowsSuperCall: Bool
        var allowsSuperProperty: Bool
        var allowsNewTarget: Bool
        /// Inside a class field initializer (`arguments` is forbidden).
        var isClassFieldInitializer = false
        /// Parsing the parameter list (where `await` expressions are forbidden).
        var isInParameters = false
        /// Labels of the enclosing labelled statements in this function.
        var labels: [Label] = []
        /// Enclosing loops and switches (targets of an unlabelled `break`).
        var breakableDepth = 0
        /// Enclosing loops (targets of an unlabelled `continue`).
        var loopDepth = 0

        struct Label {
            var name: String
            /// The label names a loop (a valid `continue` target).
            var isLoop: Bool
        }
    }

    /// Names declared in one scope, for early "already declared" errors.
    struct DeclarationScope {
        enum Kind {
            /// A function body (or the program): `var` declarations stop here.
            case function
            case block
        }
        var kind: Kind
        /// `let`, `const`, `class`, and functions declared in blocks.
        var lexicalNames: Set<String> = []
        /// `var` names declared in this scope or hoisted through it, and parameters.
        var varNames: Set<String> = []
        /// Catch clause parameters (may be redeclared by `var`, not by `let`).
        var catchParameters: Set<String> = []
        /// Functions declared in this block (sloppy code may redeclare them).
        var blockFunctionNames: Set<String> = []
    }
}

/// A recursive-descent JavaScript parser producing the AST of AST.swift.
final class Parser {
    /// Recursion limit of the descent ("Nesting too deep" beyond it).
    static let maximumNestingDepth = 400
    /// Limit on left-associative chains (`a + b + ...`, `a.b.c...`), which
    /// produce equally deep trees.
    static let maximumChainLength = 10_000

    var lexer: Lexer
    let fileName: String
    /// The current token.
    var token: Token
    private var peekedToken: Token?
    /// UTF-16 offset one past the last consumed token.
    var previousTokenEnd = 0
    private var nextScopeID: ScopeID = 0
    private var nestingDepth = 0
    var context: FunctionContext
    var declarationScopes: [DeclarationScope] = []
    /// The first `{a = 1}` shorthand initializer not yet known to be part of a
    /// destructuring pattern (an error unless it becomes one).
    var pendingCoverInitializer: SourceLocation?
    /// Start offset of the assignment expression being parsed: only there can
    /// an arrow function begin.
    var potentialArrowStart = -1
    /// End offset of the last arrow function parsed without parentheses around
    /// it; no operator or call may follow it.
    var bareArrowEnd = -1

    init(source: String, fileName: String) throws {
        var lexer = Lexer(source: source, fileName: fileName)
        token = try lexer.next()
        self.lexer = lexer
        self.fileName = fileName
        context = FunctionContext(isAsync: true, isStrict: false, allowsReturn: false, allowsSuperCall: false,
                                  allowsSuperProperty: false, allowsNewTarget: false)
    }

    /// Parses the whole script (its body is an async function body).
    func parseProgram() throws -> Program {
        let scope = newScopeID()
        pushDeclarationScope(.function)
        let (body, _) = try parseBody(endsAtBrace: false)
        return Program(body: body, scope: scope, isStrict: context.isStrict, scopeCount: nextScopeID)
    }

    // MARK: - Tokens

    /// Moves to the next token. Not inlined: keeps the lexer out of the
    /// (deeply recursive) grammar functions' stack frames.
    @inline(never)
    func advance() throws {
        previousTokenEnd = token.end
        if let next = peekedToken {
            token = next
            peekedToken = nil
        } else {
            token = try lexer.next()
        }
    }

    /// The token after the current one.
    @inline(never)
    func peek() throws -> Token {
        if let next = peekedToken { return next }
        let next = try lexer.next()
        peekedToken = next
        return next
    }

    func at(_ punctuator: Punctuator) -> Bool {
        if case .punctuator(let p) = token.kind { return p == punctuator }
        return false
    }

    func at(_ keyword: Keyword) -> Bool {
        if case .keyword(let k) = token.kind { return k == keyword }
        return false
    }

    /// The current token is the contextual keyword `name` written without escapes.
    func atContextual(_ name: String) -> Bool {
        if case .identifier(let n) = token.kind { return n == name && !token.hasEscape }
        return false
    }

    var atEnd: Bool { token.kind == .endOfInput }

    func eat(_ punctuator: Punctuator) throws -> Bool {
        guard at(punctuator) else { return false }
        try advance()
        return true
    }

    func eat(_ keyword: Keyword) throws -> Bool {
        guard at(keyword) else { return false }
        try advance()
        return true
    }

    func expect(_ punctuator: Punctuator) throws {
        guard at(punctuator) else { throw unexpected() }
        try advance()
    }

    func expect(_ keyword: Keyword) throws {
        guard at(keyword) else { throw unexpected() }
        try advance()
    }

    /// Ends a statement: `;`, or automatic semicolon insertion before `}`,
    /// the end of input, or a token on a new line.
    func consumeSemicolon() throws {
        if try eat(.semicolon) { return }
        guard at(.rightBrace) || atEnd || token.newlineBefore else { throw unexpected() }
    }

    /// The source text from `start` to the end of the last consumed token.
    func sourceText(from start: Int) -> String {
        let end = max(start, min(previousTokenEnd, lexer.source.count))
        return Lexer.string(lexer.source[start..<end])
    }

    // MARK: - Errors

    func error(_ message: String, at location: SourceLocation) -> SyntaxError {
        SyntaxError(message: message, fileName: fileName, location: location)
    }

    /// The V8-style "Unexpected ..." error for `token` (default: the current one).
    func unexpected(_ offending: Token? = nil) -> SyntaxError {
        let t = offending ?? token
        let message: String
        switch t.kind {
        case .endOfInput: message = "Unexpected end of input"
        case .identifier(let name):
            if !t.hasEscape && Parser.contextualKeywordTokens.contains(name) {
                message = "Unexpected token '\(name)'"
            } else if !t.hasEscape && name == "await" {
                message = "Unexpected reserved word"
            } else if context.isStrict && Parser.strictModeReservedWords.contains(name) {
                message = "Unexpected strict mode reserved word"
            } else {
                message = "Unexpected identifier '\(name)'"
            }
        case .number: message = "Unexpected number"
        case .string: message = "Unexpected string"
        case .template(let part):
            message = part.isHead ? "Unexpected template string" : "Unexpected token '}'"
        case .keyword(let keyword): message = "Unexpected token '\(keyword.rawValue)'"
        case .punctuator(let p): message = "Unexpected token '\(p.rawValue)'"
        }
        return error(message, at: t.location)
    }

    /// Contextual keywords that V8 reports as tokens rather than identifiers.
    static let contextualKeywordTokens: Set<String> = ["async", "get", "set"]

    static let strictModeReservedWords: Set<String> = [
        "implements", "interface", "let", "package", "private", "protected", "public", "static", "yield",
    ]

    // MARK: - Depth and scopes

    /// Counts one level of recursion; balance with `leaveNesting()`.
    func enterNesting() throws {
        nestingDepth += 1
        if nestingDepth > Parser.maximumNestingDepth {
            throw error("Nesting too deep", at: token.location)
        }
    }

    func leaveNesting() {
        nestingDepth -= 1
    }

    /// Checks the length of a left-associative chain being built.
    func checkChainLength(_ length: Int) throws {
        if length > Parser.maximumChainLength {
            throw error("Nesting too deep", at: token.location)
        }
    }

    func newScopeID() -> ScopeID {
        defer { nextScopeID += 1 }
        return nextScopeID
    }

    func pushDeclarationScope(_ kind: DeclarationScope.Kind) {
        declarationScopes.append(DeclarationScope(kind: kind))
    }

    func popDeclarationScope() {
        declarationScopes.removeLast()
    }

    // MARK: - Names

    /// Gives an anonymous function or class expression the name `name`.
    func inferName(_ name: String, for expression: Expression) {
        switch expression {
        case .function(let function) where function.name.isEmpty && !function.hasOwnNameBinding:
            function.name = name
        case .class(let classNode) where classNode.name.isEmpty:
            classNode.name = name
            classNode.constructor.name = name
        default:
            break
        }
    }

    /// The canonical string of a numeric property key (JavaScript's
    /// Number-to-String: `1.50` → `"1.5"`, `1e21` → `"1e+21"`).
    static func canonicalNumberKey(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if value < 0 { return "-" + canonicalNumberKey(-value) }
        // Swift prints the shortest round-tripping digits; reformat them.
        let text = "\(value)"
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pointIndex = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        let integerDigits = mantissa[..<pointIndex]
        let fractionDigits = pointIndex < mantissa.endIndex ? mantissa[mantissa.index(after: pointIndex)...] : ""
        var digits = String(integerDigits) + String(fractionDigits)
        var pointPosition = integerDigits.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 {
            digits.removeLast()
        }
        let k = digits.count
        let n = pointPosition
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return String(digits.prefix(n)) + "." + String(digits.dropFirst(n))
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let exponentText = n - 1 >= 0 ? "+\(n - 1)" : "\(n - 1)"
        let head = String(digits.prefix(1))
        let tail = k > 1 ? "." + String(digits.dropFirst()) : ""
        return head + tail + "e" + exponentText
    }
}
