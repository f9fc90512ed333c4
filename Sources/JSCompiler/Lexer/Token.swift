// Tokens produced by `Lexer` and consumed by `Parser`.

/// Reserved words. Contextual keywords (`let`, `static`, `async`, `await`,
/// `get`, `set`, `of`, `yield`) are lexed as identifiers and interpreted by
/// the parser.
enum Keyword: String, CaseIterable, Sendable {
    case `break`, `case`, `catch`, `class`, `const`, `continue`, `debugger`, `default`, `delete`, `do`
    case `else`, `enum`, `export`, `extends`, `false`, `finally`, `for`, `function`, `if`, `import`
    case `in`, `instanceof`, `new`, `null`, `return`, `super`, `switch`, `this`, `throw`, `true`
    case `try`, `typeof`, `var`, `void`, `while`, `with`

    /// Keyword lookup by spelling (faster than the synthesized `init(rawValue:)`).
    static let bySpelling: [String: Keyword] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}

/// Punctuators; the raw value is the source spelling (used in error messages).
enum Punctuator: String, Sendable {
    case leftBrace = "{", rightBrace = "}", leftParen = "(", rightParen = ")"
    case leftBracket = "[", rightBracket = "]"
    case dot = ".", ellipsis = "...", semicolon = ";", comma = ",", colon = ":"
    case question = "?", questionDot = "?.", questionQuestion = "??", arrow = "=>"
    case lessThan = "<", greaterThan = ">", lessThanOrEqual = "<=", greaterThanOrEqual = ">="
    case equal = "==", notEqual = "!=", strictEqual = "===", strictNotEqual = "!=="
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", starStar = "**"
    case plusPlus = "++", minusMinus = "--"
    case shiftLeft = "<<", shiftRight = ">>", unsignedShiftRight = ">>>"
    case ampersand = "&", pipe = "|", caret = "^", bang = "!", tilde = "~"
    case logicalAnd = "&&", logicalOr = "||"
    case assign = "=", plusAssign = "+=", minusAssign = "-=", starAssign = "*=", slashAssign = "/="
    case percentAssign = "%=", starStarAssign = "**=", shiftLeftAssign = "<<=", shiftRightAssign = ">>="
    case unsignedShiftRightAssign = ">>>=", ampersandAssign = "&=", pipeAssign = "|=", caretAssign = "^="
    case logicalAndAssign = "&&=", logicalOrAssign = "||=", questionQuestionAssign = "??="
}

/// One chunk of a template literal: `` `...` ``, `` `...${ ``, `}...${` or `` }...` ``.
struct TemplatePart: Equatable, Sendable {
    /// The cooked string; `nil` when it contains an invalid escape (allowed
    /// only in tagged templates).
    var cooked: String?
    /// The raw source text of the chunk, with line terminators normalised to LF.
    var raw: String
    /// True when the chunk starts with `` ` `` (the start of a template literal).
    var isHead: Bool
    /// True when the chunk ends with `` ` `` (no further substitution follows).
    var isTail: Bool
    /// Why `cooked` is `nil`, and where the offending escape starts.
    var invalidEscape: String?
    var invalidEscapeLocation: SourceLocation
}

/// What a token is, with its value.
enum TokenKind: Equatable, Sendable {
    /// An identifier or contextual keyword; the name has escapes decoded.
    case identifier(String)
    case keyword(Keyword)
    case punctuator(Punctuator)
    case number(Double)
    /// A string literal's cooked value.
    case string(String)
    indirect case template(TemplatePart)
    case endOfInput
}

/// A token with its position in the source.
struct Token: Sendable {
    var kind: TokenKind
    /// UTF-16 offsets of the token's first unit and one past its last.
    var start: Int
    var end: Int
    var location: SourceLocation
    /// A line terminator (or a comment containing one) precedes the token.
    var newlineBefore: Bool
    /// Identifiers: written with `\u` escapes. Strings: contain any escape or
    /// line continuation (so they cannot be a `"use strict"` directive).
    var hasEscape = false
    /// A legacy octal number (`017`, `08`) or string escape (`\1`, `\8`);
    /// these are errors in strict code.
    var hasLegacyOctal = false

    init(kind: TokenKind, start: Int, end: Int, location: SourceLocation, newlineBefore: Bool) {
        self.kind = kind
        self.start = start
        self.end = end
        self.location = location
        self.newlineBefore = newlineBefore
    }
}
