import Testing
@testable import JSCompiler

/// All tokens of `source` up to (not including) the end of input.
private func lex(_ source: String) throws -> [Token] {
    var lexer = Lexer(source: source, fileName: "test.js")
    var tokens: [Token] = []
    while true {
        let token = try lexer.next()
        if token.kind == .endOfInput { return tokens }
        tokens.append(token)
    }
}

private func kinds(_ source: String) throws -> [TokenKind] {
    try lex(source).map(\.kind)
}

/// The error produced while lexing `source`, if any.
private func lexError(_ source: String) -> SyntaxError? {
    do {
        _ = try lex(source)
        return nil
    } catch let error as SyntaxError {
        return error
    } catch {
        return nil
    }
}

private func number(_ source: String) throws -> Double? {
    let tokens = try kinds(source)
    guard tokens.count == 1, case .number(let value) = tokens[0] else { return nil }
    return value
}

private func string(_ source: String) throws -> String? {
    let tokens = try kinds(source)
    guard tokens.count == 1, case .string(let value) = tokens[0] else { return nil }
    return value
}

private func templateParts(_ source: String) throws -> [TemplatePart] {
    try kinds(source).compactMap {
        if case .template(let part) = $0 { return part }
        return nil
    }
}

@Suite struct LexerTests {
    @Test func decimalNumbers() throws {
        #expect(try number("0") == 0)
        #expect(try number("42") == 42)
        #expect(try number("3.25") == 3.25)
        #expect(try number(".5") == 0.5)
        #expect(try number(".5e3") == 500)
        #expect(try number("1.") == 1)
        #expect(try number("1.e2") == 100)
        #expect(try number("2E-3") == 0.002)
        #expect(try number("1e+21") == 1e21)
        #expect(try number("1_000") == 1000)
        #expect(try number("1_000.000_1") == 1000.0001)
        #expect(try number("0.1") == 0.1)
        #expect(try number("9007199254740993") == 9007199254740992)
    }

    @Test func radixNumbers() throws {
        #expect(try number("0x1F") == 31)
        #expect(try number("0XfF") == 255)
        #expect(try number("0b101") == 5)
        #expect(try number("0o17") == 15)
        #expect(try number("0xFFFF_FFFF") == 4294967295)
        // Correct rounding beyond 64 bits: 2^68 + 1 rounds to 2^68.
        #expect(try number("0x100000000000000001") == Double(sign: .plus, exponent: 68, significand: 1))
        // Round half to even, with a sticky bit far below.
        #expect(try number("0x20000000000001") == 9007199254740992)
        #expect(try number("0x20000000000001000000001") == Double(0x20000000000002) * 68_719_476_736)
        #expect(try number("0x20000000000003") == 9007199254740996)
    }

    @Test func legacyLeadingZeroNumbers() throws {
        let octal = try lex("017")
        #expect(octal.first?.kind == .number(15))
        #expect(octal.first?.hasLegacyOctal == true)
        #expect(try number("08") == 8)
        #expect(try number("09.5") == 9.5)
        #expect(try lex("0.5").first?.hasLegacyOctal == false)
    }

    @Test func numberErrors() {
        #expect(lexError("123n")?.message == "BigInt literals are not supported")
        #expect(lexError("0x1n")?.message == "BigInt literals are not supported")
        #expect(lexError("1__0")?.message == "Only one underscore is allowed as numeric separator")
        #expect(lexError("1_")?.message == "Numeric separators are not allowed at the end of numeric literals")
        #expect(lexError("0_1")?.message == "Numeric separator can not be used after leading 0.")
        #expect(lexError("0x")?.message == "Invalid or unexpected token")
        #expect(lexError("0b102")?.message == "Invalid or unexpected token")
        #expect(lexError("3in x")?.message == "Invalid or unexpected token")
        #expect(lexError("1e")?.message == "Invalid or unexpected token")
        #expect(lexError("1._5") != nil)
        #expect(lexError("0x_1") != nil)
    }

    @Test func stringEscapes() throws {
        #expect(try string(#""\n\t\r\b\f\v\0\'\"\\""#) == "\n\t\r\u{8}\u{C}\u{B}\0'\"\\")
        #expect(try string(#"'\x41\u0042\u{43}'"#) == "ABC")
        #expect(try string(#""\u{1F600}""#) == "😀")
        #expect(try string(#""\uD83D\uDE00""#) == "😀")
        #expect(try string("'a\\\nb'") == "ab")
        #expect(try string("'a\\\r\nb'") == "ab")
        #expect(try string(#""\q""#) == "q")
        #expect(try string("'\u{2028}'") == "\u{2028}")
        #expect(try string(#""plain""#) == "plain")
        let octal = try lex(#""\101\7""#)
        #expect(octal.first?.kind == .string("A\u{7}"))
        #expect(octal.first?.hasLegacyOctal == true)
        #expect(try lex(#""use strict""#).first?.hasEscape == false)
        #expect(try lex(#""use\x20strict""#).first?.hasEscape == true)
    }

    @Test func stringErrors() {
        #expect(lexError("'abc")?.message == "Invalid or unexpected token")
        #expect(lexError("'ab\ncd'")?.message == "Invalid or unexpected token")
        #expect(lexError(#""\x4""#)?.message == "Invalid hexadecimal escape sequence")
        #expect(lexError(#""\u12""#)?.message == "Invalid Unicode escape sequence")
        #expect(lexError(#""\u{110000}""#)?.message == "Undefined Unicode code-point")
        #expect(lexError("'\\")?.message == "Invalid or unexpected token")
    }

    @Test func templates() throws {
        let simple = try templateParts("`a\\n${x}b`")
        #expect(simple.count == 2)
        #expect(simple[0].cooked == "a\n" && simple[0].raw == "a\\n" && simple[0].isHead && !simple[0].isTail)
        #expect(simple[1].cooked == "b" && !simple[1].isHead && simple[1].isTail)
        #expect(try kinds("`${x}`").count == 3)

        let noSubstitution = try templateParts("`hello`")
        #expect(noSubstitution.count == 1 && noSubstitution[0].isHead && noSubstitution[0].isTail)

        let lineEndings = try templateParts("`a\r\nb\rc`")
        #expect(lineEndings[0].cooked == "a\nb\nc")
        #expect(lineEndings[0].raw == "a\nb\nc")

        let invalid = try templateParts("`\\unicode`")
        #expect(invalid[0].cooked == nil)
        #expect(invalid[0].raw == "\\unicode")
        #expect(invalid[0].invalidEscape == "Invalid Unicode escape sequence")
    }

    @Test func nestedTemplatesTrackBraces() throws {
        // `a${ {b: `${c}`}.b }d`
        let tokens = try kinds("`a${ {b: `${c}`}.b }d`")
        var expected: [String] = []
        for kind in tokens {
            switch kind {
            case .template(let part): expected.append("T(\(part.cooked ?? "nil"))")
            case .identifier(let name): expected.append(name)
            case .punctuator(let p): expected.append(p.rawValue)
            default: expected.append("?")
            }
        }
        #expect(expected == ["T(a)", "{", "b", ":", "T()", "c", "T()", "}", ".", "b", "T(d)"])
        #expect(lexError("`abc")?.message == "Unexpected end of input")
        #expect(lexError("`ab\nc")?.location == SourceLocation(line: 2, column: 2))
        #expect(lexError("`${a}")?.message == "Unexpected end of input")
    }

    @Test func punctuators() throws {
        let source = "?. ?? ??= &&= ||= ** **= ... => >>>= >>> >>= << <= === !== != == && || ++ -- %= ^= |= &="
        let spelled = try kinds(source).map { kind -> String in
            if case .punctuator(let p) = kind { return p.rawValue }
            return "?"
        }
        #expect(spelled.joined(separator: " ") == source)
        // `?.` followed by a digit is `?` then a number.
        #expect(try kinds("a?.5:1") == [.identifier("a"), .punctuator(.question), .number(0.5),
                                        .punctuator(.colon), .number(1)])
        #expect(try kinds("a?.b") == [.identifier("a"), .punctuator(.questionDot), .identifier("b")])
        #expect(try kinds("a/b/=c") == [.identifier("a"), .punctuator(.slash), .identifier("b"),
                                        .punctuator(.slashAssign), .identifier("c")])
        #expect(lexError("a @ b")?.message == "Invalid or unexpected token")
        #expect(lexError("#x")?.message == "Invalid or unexpected token")
    }

    @Test func identifiersAndKeywords() throws {
        #expect(try kinds("if iffy $_ _a1 café π") == [.keyword(.if), .identifier("iffy"), .identifier("$_"),
                                                     .identifier("_a1"), .identifier("café"), .identifier("π")])
        #expect(try kinds("let async await of static") == [.identifier("let"), .identifier("async"),
                                                            .identifier("await"), .identifier("of"),
                                                            .identifier("static")])
        let escaped = try lex("\\u0061bc a\\u{62}")
        #expect(escaped.map(\.kind) == [.identifier("abc"), .identifier("ab")])
        #expect(escaped.allSatisfy { $0.hasEscape })
        #expect(lexError("\\u0069f")?.message == "Keyword must not contain escaped characters")
        #expect(lexError("\\u0031")?.message == "Invalid or unexpected token")
        #expect(lexError("a\\x")?.message == "Invalid or unexpected token")
    }

    @Test func commentsAndNewlines() throws {
        let tokens = try lex("#!/usr/bin/env node\na /* x */ b /* \n */ c // d\n e")
        #expect(tokens.map(\.kind) == [.identifier("a"), .identifier("b"), .identifier("c"), .identifier("e")])
        #expect(tokens.map(\.newlineBefore) == [true, false, true, true])
        #expect(lexError("a /* never closed")?.message == "Invalid or unexpected token")
        #expect(lexError("a /* never closed")?.location == SourceLocation(line: 1, column: 3))
    }

    @Test func locations() throws {
        let tokens = try lex("a\r\n  b\rc\u{2028}d\n\t\"😀\" x")
        #expect(tokens.map(\.location) == [
            SourceLocation(line: 1, column: 1), SourceLocation(line: 2, column: 3),
            SourceLocation(line: 3, column: 1), SourceLocation(line: 4, column: 1),
            SourceLocation(line: 5, column: 2), SourceLocation(line: 5, column: 7),
        ])
        let multiline = try lex("`a\nb` x")
        #expect(multiline[1].location == SourceLocation(line: 2, column: 4))
        let continued = try lex("'a\\\nb' x")
        #expect(continued[1].location == SourceLocation(line: 2, column: 4))
    }

    @Test func whitespace() throws {
        #expect(try kinds("\u{FEFF}a\u{A0}\u{2003}b\u{3000}\u{B}\u{C}c") == [.identifier("a"), .identifier("b"),
                                                                           .identifier("c")])
    }
}
