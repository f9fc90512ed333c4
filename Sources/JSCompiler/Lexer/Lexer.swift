// The JavaScript lexer: turns UTF-16 source text into `Token`s on demand.
//
// The lexer is context-free: `/` is always division (regular expression
// literals are rejected by the parser), and template literals are tracked
// with a stack of open braces, so that a `}` closing a `${` substitution
// resumes the template without help from the parser.

/// UTF-16 code units the lexer compares against.
private enum Unit {
    static let tab: UInt16 = 0x09, lineFeed: UInt16 = 0x0A, verticalTab: UInt16 = 0x0B
    static let formFeed: UInt16 = 0x0C, carriageReturn: UInt16 = 0x0D, space: UInt16 = 0x20
    static let bang: UInt16 = 0x21, hash: UInt16 = 0x23, dollar: UInt16 = 0x24
    static let star: UInt16 = 0x2A, plus: UInt16 = 0x2B, minus: UInt16 = 0x2D
    static let dot: UInt16 = 0x2E, slash: UInt16 = 0x2F, zero: UInt16 = 0x30, seven: UInt16 = 0x37
    static let nine: UInt16 = 0x39, equals: UInt16 = 0x3D, greaterThan: UInt16 = 0x3E
    static let backslash: UInt16 = 0x5C, underscore: UInt16 = 0x5F, backtick: UInt16 = 0x60
    static let leftBrace: UInt16 = 0x7B, rightBrace: UInt16 = 0x7D
    static let noBreakSpace: UInt16 = 0xA0, lineSeparator: UInt16 = 0x2028
    static let paragraphSeparator: UInt16 = 0x2029, byteOrderMark: UInt16 = 0xFEFF
    /// Returned when reading past the end; matches no character class.
    static let none: UInt16 = 0xFFFF

    static func ascii(_ letter: Unicode.Scalar) -> UInt16 { UInt16(truncatingIfNeeded: letter.value) }
}

/// How an escape sequence inside a string or template turned out.
private enum EscapeOutcome {
    case valid
    /// `\1`–`\7`, `\0` followed by a digit, `\8`, `\9` in a string literal.
    case legacyOctal
    /// Invalid escape; the message explains why.
    case invalid(String)
}

/// Produces tokens from JavaScript source text.
struct Lexer {
    /// The source as UTF-16 code units (columns count UTF-16 units).
    let source: [UInt16]
    let fileName: String
    private var position = 0
    private var line: Int32 = 1
    private var lineStart = 0
    /// One entry per open `{` or template `${`; `true` marks a template
    /// substitution, so the matching `}` continues the template.
    private var braceStack: [Bool] = []

    init(source: String, fileName: String) {
        self.source = Lexer.utf16Units(of: source)
        self.fileName = fileName
        skipShebang()
    }

    /// The UTF-16 code units of `text`; faster than `Array(text.utf16)` for
    /// native strings (which hold valid UTF-8).
    private static func utf16Units(of text: String) -> [UInt16] {
        var text = text
        return text.withUTF8 { bytes in
            // UTF-16 never needs more code units than UTF-8 needs bytes.
            [UInt16](unsafeUninitializedCapacity: bytes.count) { units, count in
                var index = 0
                count = 0
                while index < bytes.count {
                    let lead = bytes[index]
                    if lead < 0x80 {
                        units[count] = UInt16(lead)
                        count += 1
                        index += 1
                        continue
                    }
                    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                    var scalar = UInt32(lead) & (0xFF >> (length + 1))
                    for offset in 1..<length where index + offset < bytes.count {
                        scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F)
                    }
                    index += length
                    if scalar >= 0x10000 {
                        units[count] = UInt16(truncatingIfNeeded: 0xD800 + ((scalar - 0x10000) >> 10))
                        units[count + 1] = UInt16(truncatingIfNeeded: 0xDC00 + ((scalar - 0x10000) & 0x3FF))
                        count += 2
                    } else {
                        units[count] = UInt16(truncatingIfNeeded: scalar)
                        count += 1
                    }
                }
            }
        }
    }

    /// Converts UTF-16 code units to a `String`, with a fast path for ASCII
    /// (Swift's generic UTF-16 decoding is comparatively slow).
    static func string(_ units: ArraySlice<UInt16>) -> String {
        guard units.allSatisfy({ $0 < 0x80 }) else { return String(decoding: units, as: UTF16.self) }
        return String(unsafeUninitializedCapacity: units.count) { buffer in
            for (index, unit) in units.enumerated() {
                buffer[index] = UInt8(truncatingIfNeeded: unit)
            }
            return units.count
        }
    }

    // MARK: - Entry point

    /// Scans the next token; returns `.endOfInput` at the end (repeatedly).
    mutating func next() throws -> Token {
        let newlineBefore = try skipTrivia()
        var token = Token(kind: .endOfInput, start: position, end: position,
                          location: location(at: position), newlineBefore: newlineBefore)
        if position < source.count {
            token.kind = try scanToken(&token)
        }
        token.end = position
        return token
    }

    /// The 1-based line and column of a UTF-16 offset on the current line.
    private func location(at offset: Int) -> SourceLocation {
        SourceLocation(line: line, column: Int32(clamping: offset - lineStart + 1))
    }

    private func error(_ message: String, at offset: Int) -> SyntaxError {
        SyntaxError(message: message, fileName: fileName, location: location(at: offset))
    }

    private func invalidToken(at offset: Int) -> SyntaxError {
        error("Invalid or unexpected token", at: offset)
    }

    /// The code unit at `offset`, or `Unit.none` past the end.
    @inline(__always)
    private func unit(at offset: Int) -> UInt16 {
        offset < source.count ? source[offset] : Unit.none
    }

    /// Records that a line terminator ended just before `position`.
    private mutating func startNewLine() {
        line &+= 1
        lineStart = position
    }

    // MARK: - Whitespace and comments

    private mutating func skipShebang() {
        guard unit(at: 0) == Unit.hash, unit(at: 1) == Unit.bang else { return }
        while position < source.count, !isLineTerminator(source[position]) {
            position += 1
        }
    }

    /// Skips whitespace and comments; returns whether a line terminator was crossed.
    private mutating func skipTrivia() throws -> Bool {
        var newline = false
        while position < source.count {
            let c = source[position]
            switch c {
            case Unit.space, Unit.tab, Unit.verticalTab, Unit.formFeed, Unit.noBreakSpace, Unit.byteOrderMark:
                position += 1
            case Unit.lineFeed, Unit.carriageReturn, Unit.lineSeparator, Unit.paragraphSeparator:
                skipLineTerminator()
                newline = true
            case Unit.slash:
                let next = unit(at: position + 1)
                if next == Unit.slash {
                    while position < source.count, !isLineTerminator(source[position]) {
                        position += 1
                    }
                } else if next == Unit.star {
                    if try skipBlockComment() { newline = true }
                } else {
                    return newline
                }
            default:
                guard isUnicodeSpace(c) else { return newline }
                position += 1
            }
        }
        return newline
    }

    /// Consumes one line terminator (CRLF counts as one) at `position`.
    private mutating func skipLineTerminator() {
        if source[position] == Unit.carriageReturn, unit(at: position + 1) == Unit.lineFeed {
            position += 1
        }
        position += 1
        startNewLine()
    }

    /// Skips `/* ... */`; returns whether it contained a line terminator.
    private mutating func skipBlockComment() throws -> Bool {
        let start = position
        position += 2
        var newline = false
        while position < source.count {
            let c = source[position]
            if c == Unit.star, unit(at: position + 1) == Unit.slash {
                position += 2
                return newline
            }
            if isLineTerminator(c) {
                skipLineTerminator()
                newline = true
            } else {
                position += 1
            }
        }
        throw invalidToken(at: start)
    }

    private func isLineTerminator(_ c: UInt16) -> Bool {
        c == Unit.lineFeed || c == Unit.carriageReturn || c == Unit.lineSeparator || c == Unit.paragraphSeparator
    }

    /// Unicode "Zs" spaces other than U+0020 and U+00A0.
    private func isUnicodeSpace(_ c: UInt16) -> Bool {
        c == 0x1680 || (0x2000...0x200A).contains(c) || c == 0x202F || c == 0x205F || c == 0x3000
    }

    // MARK: - Dispatch

    private mutating func scanToken(_ token: inout Token) throws -> TokenKind {
        let c = source[position]
        if c >= 0x80 {
            let (scalar, _) = codePoint(at: position)
            guard isIdentifierStart(scalar) else { throw invalidToken(at: position) }
            return try scanIdentifier(&token)
        }
        switch UInt8(c) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "$"), UInt8(ascii: "_"), UInt8(ascii: "\\"):
            return try scanIdentifier(&token)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try scanNumber(&token)
        case UInt8(ascii: "."):
            if isDecimalDigit(unit(at: position + 1)) { return try scanNumber(&token) }
            if unit(at: position + 1) == Unit.dot, unit(at: position + 2) == Unit.dot {
                return punctuator(.ellipsis, length: 3)
            }
            return punctuator(.dot, length: 1)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return try scanString(&token)
        case UInt8(ascii: "`"):
            position += 1
            return try scanTemplate(isHead: true)
        case UInt8(ascii: "{"):
            braceStack.append(false)
            return punctuator(.leftBrace, length: 1)
        case UInt8(ascii: "}"):
            let closesSubstitution = braceStack.popLast() ?? false
            position += 1
            if closesSubstitution { return try scanTemplate(isHead: false) }
            return .punctuator(.rightBrace)
        default:
            return try scanPunctuator()
        }
    }

    private mutating func punctuator(_ p: Punctuator, length: Int) -> TokenKind {
        position += length
        return .punctuator(p)
    }

    /// Scans operators by longest match.
    private mutating func scanPunctuator() throws -> TokenKind {
        let c = source[position]
        let next = unit(at: position + 1)
        let third = unit(at: position + 2)
        let equals = Unit.equals
        switch UInt8(truncatingIfNeeded: c) {
        case UInt8(ascii: "("): return punctuator(.leftParen, length: 1)
        case UInt8(ascii: ")"): return punctuator(.rightParen, length: 1)
        case UInt8(ascii: "["): return punctuator(.leftBracket, length: 1)
        case UInt8(ascii: "]"): return punctuator(.rightBracket, length: 1)
        case UInt8(ascii: ";"): return punctuator(.semicolon, length: 1)
        case UInt8(ascii: ","): return punctuator(.comma, length: 1)
        case UInt8(ascii: ":"): return punctuator(.colon, length: 1)
        case UInt8(ascii: "~"): return punctuator(.tilde, length: 1)
        case UInt8(ascii: "?"):
            if next == UInt16(UInt8(ascii: "?")) {
                return third == equals ? punctuator(.questionQuestionAssign, length: 3)
                                       : punctuator(.questionQuestion, length: 2)
            }
            if next == Unit.dot, !isDecimalDigit(third) { return punctuator(.questionDot, length: 2) }
            return punctuator(.question, length: 1)
        case UInt8(ascii: "<"):
            if next == UInt16(UInt8(ascii: "<")) {
                return third == equals ? punctuator(.shiftLeftAssign, length: 3) : punctuator(.shiftLeft, length: 2)
            }
            return next == equals ? punctuator(.lessThanOrEqual, length: 2) : punctuator(.lessThan, length: 1)
        case UInt8(ascii: ">"):
            if next == Unit.greaterThan {
                if third == Unit.greaterThan {
                    return unit(at: position + 3) == equals ? punctuator(.unsignedShiftRightAssign, length: 4)
                                                             : punctuator(.unsignedShiftRight, length: 3)
                }
                return third == equals ? punctuator(.shiftRightAssign, length: 3) : punctuator(.shiftRight, length: 2)
            }
            return next == equals ? punctuator(.greaterThanOrEqual, length: 2) : punctuator(.greaterThan, length: 1)
        case UInt8(ascii: "="):
            if next == equals {
                return third == equals ? punctuator(.strictEqual, length: 3) : punctuator(.equal, length: 2)
            }
            return next == Unit.greaterThan ? punctuator(.arrow, length: 2) : punctuator(.assign, length: 1)
        case UInt8(ascii: "!"):
            if next == equals {
                return third == equals ? punctuator(.strictNotEqual, length: 3) : punctuator(.notEqual, length: 2)
            }
            return punctuator(.bang, length: 1)
        case UInt8(ascii: "+"):
            if next == Unit.plus { return punctuator(.plusPlus, length: 2) }
            return next == equals ? punctuator(.plusAssign, length: 2) : punctuator(.plus, length: 1)
        case UInt8(ascii: "-"):
            if next == Unit.minus { return punctuator(.minusMinus, length: 2) }
            return next == equals ? punctuator(.minusAssign, length: 2) : punctuator(.minus, length: 1)
        case UInt8(ascii: "*"):
            if next == Unit.star {
                return third == equals ? punctuator(.starStarAssign, length: 3) : punctuator(.starStar, length: 2)
            }
            return next == equals ? punctuator(.starAssign, length: 2) : punctuator(.star, length: 1)
        case UInt8(ascii: "/"):
            return next == equals ? punctuator(.slashAssign, length: 2) : punctuator(.slash, length: 1)
        case UInt8(ascii: "%"):
            return next == equals ? punctuator(.percentAssign, length: 2) : punctuator(.percent, length: 1)
        case UInt8(ascii: "&"):
            if next == c {
                return third == equals ? punctuator(.logicalAndAssign, length: 3) : punctuator(.logicalAnd, length: 2)
            }
            return next == equals ? punctuator(.ampersandAssign, length: 2) : punctuator(.ampersand, length: 1)
        case UInt8(ascii: "|"):
            if next == c {
                return third == equals ? punctuator(.logicalOrAssign, length: 3) : punctuator(.logicalOr, length: 2)
            }
            return next == equals ? punctuator(.pipeAssign, length: 2) : punctuator(.pipe, length: 1)
        case UInt8(ascii: "^"):
            return next == equals ? punctuator(.caretAssign, length: 2) : punctuator(.caret, length: 1)
        default:
            throw invalidToken(at: position)
        }
    }

    // MARK: - Identifiers

    /// The code point at `offset` (combining a surrogate pair) and its length in units.
    private func codePoint(at offset: Int) -> (UInt32, Int) {
        let high = source[offset]
        if (0xD800...0xDBFF).contains(high) {
            let low = unit(at: offset + 1)
            if (0xDC00...0xDFFF).contains(low) {
                return (0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(low) - 0xDC00), 2)
            }
        }
        return (UInt32(high), 1)
    }

    private func isIdentifierStart(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return isASCIIIdentifierStart(UInt16(scalar)) }
        return Unicode.Scalar(scalar)?.properties.isIDStart ?? false
    }

    private func isIdentifierPart(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return isASCIIIdentifierPart(UInt16(scalar)) }
        if scalar == 0x200C || scalar == 0x200D { return true }
        return Unicode.Scalar(scalar)?.properties.isIDContinue ?? false
    }

    private func isASCIIIdentifierStart(_ c: UInt16) -> Bool {
        let lower = c | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || c == Unit.dollar || c == Unit.underscore
    }

    private func isASCIIIdentifierPart(_ c: UInt16) -> Bool {
        isASCIIIdentifierStart(c) || isDecimalDigit(c)
    }

    private mutating func scanIdentifier(_ token: inout Token) throws -> TokenKind {
        let start = position
        while position < source.count, isASCIIIdentifierPart(source[position]) {
            position += 1
        }
        if position < source.count, source[position] == Unit.backslash || source[position] >= 0x80 {
            return try scanIdentifierWithEscapes(from: start, &token)
        }
        let length = position - start
        if length >= 2, length <= 10, source[start] >= 0x61 {
            let name = Lexer.string(source[start..<position])
            if let keyword = Keyword.bySpelling[name] { return .keyword(keyword) }
            return .identifier(name)
        }
        return .identifier(Lexer.string(source[start..<position]))
    }

    /// The slow path: identifiers with `\u` escapes or non-ASCII characters.
    private mutating func scanIdentifierWithEscapes(from start: Int, _ token: inout Token) throws -> TokenKind {
        position = start
        var name: [UInt16] = []
        while position < source.count {
            let c = source[position]
            let scalar: UInt32
            if c == Unit.backslash {
                let escapeStart = position
                guard unit(at: position + 1) == Unit.ascii("u") else { throw invalidToken(at: escapeStart) }
                position += 2
                guard let value = scanUnicodeEscapeBody() else { throw invalidToken(at: escapeStart) }
                scalar = value
                token.hasEscape = true
                let valid = name.isEmpty ? isIdentifierStart(scalar) : isIdentifierPart(scalar)
                guard valid else { throw invalidToken(at: escapeStart) }
            } else {
                let (value, length) = codePoint(at: position)
                guard name.isEmpty ? isIdentifierStart(value) : isIdentifierPart(value) else { break }
                scalar = value
                position += length
            }
            appendCodePoint(scalar, to: &name)
        }
        let text = Lexer.string(name[...])
        if let keyword = Keyword.bySpelling[text] {
            if token.hasEscape {
                throw error("Keyword must not contain escaped characters", at: start)
            }
            return .keyword(keyword)
        }
        return .identifier(text)
    }

    /// Appends a code point as one or two UTF-16 units (lone surrogates are kept as is).
    private func appendCodePoint(_ value: UInt32, to buffer: inout [UInt16]) {
        if value <= 0xFFFF {
            buffer.append(UInt16(value))
        } else {
            let offset = value - 0x10000
            buffer.append(UInt16(0xD800 + (offset >> 10)))
            buffer.append(UInt16(0xDC00 + (offset & 0x3FF)))
        }
    }

    /// Scans `XXXX` or `{X...}` after `\u`; `nil` when malformed. Returns values
    /// above 0x10FFFF as is so callers can report them.
    private mutating func scanUnicodeEscapeBody() -> UInt32? {
        if unit(at: position) == Unit.leftBrace {
            position += 1
            var value: UInt32 = 0
            var digits = 0
            while let digit = hexValue(unit(at: position)) {
                value = min(value &* 16 &+ digit, 0x110000)
                digits += 1
                position += 1
            }
            guard digits > 0, unit(at: position) == Unit.rightBrace else { return nil }
            position += 1
            return value
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexValue(unit(at: position)) else { return nil }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private func hexValue(_ c: UInt16) -> UInt32? {
        if isDecimalDigit(c) { return UInt32(c - Unit.zero) }
        let lower = c | 0x20
        if lower >= 0x61 && lower <= 0x66 { return UInt32(lower - 0x61 + 10) }
        return nil
    }

    private func isDecimalDigit(_ c: UInt16) -> Bool {
        c >= Unit.zero && c <= Unit.nine
    }

    // MARK: - Numbers

    private mutating func scanNumber(_ token: inout Token) throws -> TokenKind {
        let start = position
        let value: Double
        if source[position] == Unit.zero, let radix = radix(ofPrefix: unit(at: position + 1)) {
            position += 2
            let digits = try scanDigits(radix: radix)
            guard !digits.isEmpty else { throw invalidToken(at: start) }
            value = Lexer.integerValue(digits: digits, radix: radix)
        } else if source[position] == Unit.zero, isDecimalDigit(unit(at: position + 1))
                    || unit(at: position + 1) == Unit.underscore {
            value = try scanLegacyLeadingZeroNumber(&token)
        } else {
            value = try scanDecimalNumber(start: start)
        }
        if unit(at: position) == Unit.ascii("n") {
            throw error("BigInt literals are not supported", at: start)
        }
        if position < source.count {
            let (next, _) = codePoint(at: position)
            if isIdentifierStart(next) || isDecimalDigit(source[position]) || source[position] == Unit.backslash {
                throw invalidToken(at: start)
            }
        }
        return .number(value)
    }

    /// The radix selected by the letter after a leading `0` (`0x`, `0o`, `0b`).
    private func radix(ofPrefix letter: UInt16) -> Int? {
        switch letter | 0x20 {
        case Unit.ascii("x"): return 16
        case Unit.ascii("o"): return 8
        case Unit.ascii("b"): return 2
        default: return nil
        }
    }

    /// `017` (legacy octal) or `08.5` (decimal with a leading zero).
    private mutating func scanLegacyLeadingZeroNumber(_ token: inout Token) throws -> Double {
        let start = position
        if unit(at: position + 1) == Unit.underscore {
            throw error("Numeric separator can not be used after leading 0.", at: position + 1)
        }
        token.hasLegacyOctal = true
        var digits: [UInt8] = []
        while isDecimalDigit(unit(at: position)) {
            digits.append(UInt8(source[position]))
            position += 1
        }
        if digits.allSatisfy({ $0 <= UInt8(ascii: "7") }) {
            return Lexer.integerValue(digits: digits, radix: 8)
        }
        position = start
        return try scanDecimalNumber(start: start)
    }

    private mutating func scanDecimalNumber(start: Int) throws -> Double {
        var text = try scanDigits(radix: 10)
        if unit(at: position) == Unit.dot {
            position += 1
            let fraction = try scanDigits(radix: 10)
            if !fraction.isEmpty {
                text.append(UInt8(ascii: "."))
                text.append(contentsOf: fraction)
            }
        }
        if text.isEmpty || text.first == UInt8(ascii: ".") { text.insert(UInt8(ascii: "0"), at: 0) }
        if unit(at: position) | 0x20 == Unit.ascii("e") {
            position += 1
            text.append(UInt8(ascii: "e"))
            let sign = unit(at: position)
            if sign == Unit.plus || sign == Unit.minus {
                text.append(UInt8(sign))
                position += 1
            }
            let exponent = try scanDigits(radix: 10)
            guard !exponent.isEmpty else { throw invalidToken(at: start) }
            text.append(contentsOf: exponent)
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)) else { throw invalidToken(at: start) }
        return value
    }

    /// Scans digits of `radix` with `_` separators; returns the ASCII digits.
    private mutating func scanDigits(radix: Int) throws -> [UInt8] {
        var digits: [UInt8] = []
        while position < source.count {
            let c = source[position]
            if c == Unit.underscore {
                if digits.isEmpty { break }
                let next = unit(at: position + 1)
                if next == Unit.underscore {
                    throw error("Only one underscore is allowed as numeric separator", at: position + 1)
                }
                guard isDigit(next, radix: radix) else {
                    throw error("Numeric separators are not allowed at the end of numeric literals", at: position)
                }
                position += 1
                continue
            }
            guard isDigit(c, radix: radix) else { break }
            digits.append(UInt8(c))
            position += 1
        }
        return digits
    }

    private func isDigit(_ c: UInt16, radix: Int) -> Bool {
        guard let value = hexValue(c) else { return false }
        return value < radix
    }

    /// The correctly rounded value of an integer written in radix 2, 8 or 16.
    static func integerValue(digits: [UInt8], radix: Int) -> Double {
        let bitsPerDigit = radix == 16 ? 4 : radix == 8 ? 3 : 1
        var mantissa: UInt64 = 0
        var significantBits = 0
        var droppedBits = 0
        var sticky = false
        for digit in digits {
            let lower = digit | 0x20
            let value = lower >= UInt8(ascii: "a") ? UInt64(lower - UInt8(ascii: "a") + 10)
                                                    : UInt64(digit - UInt8(ascii: "0"))
            for shift in stride(from: bitsPerDigit - 1, through: 0, by: -1) {
                let bit = (value >> UInt64(shift)) & 1
                if significantBits == 0 && bit == 0 { continue }
                if significantBits < 64 {
                    mantissa = mantissa << 1 | bit
                    significantBits += 1
                } else {
                    droppedBits += 1
                    if bit == 1 { sticky = true }
                }
            }
        }
        if sticky { mantissa |= 1 }
        return Double(sign: .plus, exponent: droppedBits, significand: Double(mantissa))
    }

    // MARK: - Strings and templates

    private mutating func scanString(_ token: inout Token) throws -> TokenKind {
        let start = position
        let quote = source[position]
        position += 1
        let contentStart = position
        var buffer: [UInt16] = []
        while true {
            guard position < source.count else { throw invalidToken(at: start) }
            let c = source[position]
            if c == quote { break }
            if c == Unit.lineFeed || c == Unit.carriageReturn { throw invalidToken(at: start) }
            if c == Unit.backslash {
                if !token.hasEscape {
                    token.hasEscape = true
                    buffer.append(contentsOf: source[contentStart..<position])
                }
                let escapeStart = position
                position += 1
                guard position < source.count else { throw invalidToken(at: start) }
                switch scanEscape(into: &buffer, inTemplate: false) {
                case .valid: break
                case .legacyOctal: token.hasLegacyOctal = true
                case .invalid(let message): throw error(message, at: escapeStart)
                }
            } else {
                if token.hasEscape { buffer.append(c) }
                position += 1
            }
        }
        let value = token.hasEscape ? Lexer.string(buffer[...])
                                    : Lexer.string(source[contentStart..<position])
        position += 1
        return .string(value)
    }

    /// Scans the escape sequence whose backslash is just before `position`
    /// and appends its value to `buffer`.
    private mutating func scanEscape(into buffer: inout [UInt16], inTemplate: Bool) -> EscapeOutcome {
        let c = source[position]
        position += 1
        switch c {
        case Unit.ascii("n"): buffer.append(Unit.lineFeed)
        case Unit.ascii("t"): buffer.append(Unit.tab)
        case Unit.ascii("r"): buffer.append(Unit.carriageReturn)
        case Unit.ascii("b"): buffer.append(0x08)
        case Unit.ascii("f"): buffer.append(Unit.formFeed)
        case Unit.ascii("v"): buffer.append(Unit.verticalTab)
        case Unit.carriageReturn:
            if unit(at: position) == Unit.lineFeed { position += 1 }
            startNewLine()
        case Unit.lineFeed, Unit.lineSeparator, Unit.paragraphSeparator:
            startNewLine()
        case Unit.zero where !isDecimalDigit(unit(at: position)):
            buffer.append(0)
        case Unit.zero...Unit.seven:
            if inTemplate { return .invalid("Octal escape sequences are not allowed in template strings") }
            var value = UInt16(c - Unit.zero)
            let maxDigits = c <= Unit.ascii("3") ? 2 : 1
            for _ in 0..<maxDigits {
                let next = unit(at: position)
                guard next >= Unit.zero && next <= Unit.seven else { break }
                value = value * 8 + (next - Unit.zero)
                position += 1
            }
            buffer.append(value)
            return .legacyOctal
        case Unit.ascii("8"), Unit.nine:
            if inTemplate { return .invalid("\\8 and \\9 are not allowed in template strings") }
            buffer.append(c)
            return .legacyOctal
        case Unit.ascii("x"):
            guard let high = hexValue(unit(at: position)), let low = hexValue(unit(at: position + 1)) else {
                return .invalid("Invalid hexadecimal escape sequence")
            }
            position += 2
            buffer.append(UInt16(high * 16 + low))
        case Unit.ascii("u"):
            guard let value = scanUnicodeEscapeBody() else { return .invalid("Invalid Unicode escape sequence") }
            guard value <= 0x10FFFF else { return .invalid("Undefined Unicode code-point") }
            appendCodePoint(value, to: &buffer)
        default:
            buffer.append(c)
        }
        return .valid
    }

    /// Scans a template chunk; `position` is just after the opening `` ` `` (when
    /// `isHead`) or `}`.
    private mutating func scanTemplate(isHead: Bool) throws -> TokenKind {
        var cooked: [UInt16] = []
        var raw: [UInt16] = []
        var invalidEscape: String?
        var invalidEscapeLocation = SourceLocation.none
        func part(isTail: Bool) -> TokenKind {
            .template(TemplatePart(cooked: invalidEscape == nil ? Lexer.string(cooked[...]) : nil,
                                   raw: Lexer.string(raw[...]), isHead: isHead, isTail: isTail,
                                   invalidEscape: invalidEscape, invalidEscapeLocation: invalidEscapeLocation))
        }
        while true {
            guard position < source.count else { throw error("Unexpected end of input", at: position) }
            let c = source[position]
            if c == Unit.backtick {
                position += 1
                return part(isTail: true)
            }
            if c == Unit.dollar, unit(at: position + 1) == Unit.leftBrace {
                position += 2
                braceStack.append(true)
                return part(isTail: false)
            }
            if c == Unit.backslash {
                let escapeStart = position
                let escapeLocation = location(at: escapeStart)
                position += 1
                guard position < source.count else { continue }
                if case .invalid(let message) = scanEscape(into: &cooked, inTemplate: true), invalidEscape == nil {
                    invalidEscape = message
                    invalidEscapeLocation = escapeLocation
                }
                appendNormalizingLineTerminators(source[escapeStart..<position], to: &raw)
            } else if c == Unit.carriageReturn || c == Unit.lineFeed || c == Unit.lineSeparator
                        || c == Unit.paragraphSeparator {
                let normalized = c == Unit.carriageReturn ? Unit.lineFeed : c
                cooked.append(normalized)
                raw.append(normalized)
                skipLineTerminator()
            } else {
                cooked.append(c)
                raw.append(c)
                position += 1
            }
        }
    }

    /// Appends `units`, turning CRLF and CR into LF (template raw strings).
    private func appendNormalizingLineTerminators(_ units: ArraySlice<UInt16>, to buffer: inout [UInt16]) {
        var previousWasCarriageReturn = false
        for c in units {
            if c == Unit.lineFeed && previousWasCarriageReturn {
                previousWasCarriageReturn = false
                continue
            }
            previousWasCarriageReturn = c == Unit.carriageReturn
            buffer.append(previousWasCarriageReturn ? Unit.lineFeed : c)
        }
    }
}
