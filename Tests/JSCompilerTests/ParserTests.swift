import Testing
@testable import JSCompiler

// MARK: - AST printer

/// Renders AST nodes as compact S-expressions for assertions.
private enum Render {
    static func program(_ program: Program) -> String {
        program.body.map(statement).joined(separator: " ")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    static func key(_ key: PropertyKey) -> String {
        switch key {
        case .named(let name): return name
        case .computed(let expression): return "[\(self.expression(expression))]"
        }
    }

    static func list(_ head: String, _ items: [String]) -> String {
        "(" + ([head] + items).joined(separator: " ") + ")"
    }

    static func expression(_ expression: Expression) -> String {
        switch expression {
        case .number(let value, _): return number(value)
        case .string(let value, _): return "\"\(value)\""
        case .template(let quasis, let expressions, _):
            var items = ["\"\(quasis[0])\""]
            for (index, part) in expressions.enumerated() {
                items.append(self.expression(part))
                items.append("\"\(quasis[index + 1])\"")
            }
            return list("template", items)
        case .boolean(let value, _): return "\(value)"
        case .null: return "null"
        case .identifier(let name, _): return name
        case .this: return "this"
        case .newTarget: return "new.target"
        case .array(let elements, _):
            return list("array", elements.map {
                switch $0 {
                case .expression(let e): return self.expression(e)
                case .spread(let e): return "..." + self.expression(e)
                case .hole: return "hole"
                }
            })
        case .object(let properties, _):
            return list("object", properties.map {
                switch $0 {
                case .property(let k, let v): return "\(key(k)):\(self.expression(v))"
                case .getter(let k, let f): return "get \(key(k)):\(function(f))"
                case .setter(let k, let f): return "set \(key(k)):\(function(f))"
                case .spread(let e): return "..." + self.expression(e)
                }
            })
        case .function(let f): return function(f)
        case .class(let c): return classNode(c)
        case .unary(let op, let operand, _): return list("\(op)", [self.expression(operand)])
        case .update(let op, let prefix, let target, _):
            let symbol = op == .increment ? "++" : "--"
            return prefix ? list(symbol, [self.expression(target)]) : "(\(self.expression(target)) \(symbol))"
        case .binary(let op, let left, let right, _):
            return list(binary(op), [self.expression(left), self.expression(right)])
        case .logical(let op, let left, let right, _):
            return list(logical(op), [self.expression(left), self.expression(right)])
        case .assignment(let op, let target, let value, _):
            let symbol: String
            switch op {
            case .assign: symbol = "="
            case .compound(let binaryOp): symbol = binary(binaryOp) + "="
            case .logical(let logicalOp): symbol = logical(logicalOp) + "="
            }
            return list(symbol, [pattern(target), self.expression(value)])
        case .conditional(let test, let consequent, let alternate, _):
            return list("?", [self.expression(test), self.expression(consequent), self.expression(alternate)])
        case .call(let callee, let arguments, let optional, _):
            return list(optional ? "call?" : "call", [self.expression(callee)] + arguments.map(argument))
        case .new(let callee, let arguments, _):
            return list("new", [self.expression(callee)] + arguments.map(argument))
        case .member(let object, let name, let optional, _):
            return list(optional ? "?." : ".", [self.expression(object), name])
        case .index(let object, let index, let optional, _):
            return list(optional ? "?.[]" : "[]", [self.expression(object), self.expression(index)])
        case .optionalChain(let chain, _): return list("chain", [self.expression(chain)])
        case .superCall(let arguments, _): return list("super", arguments.map(argument))
        case .superMember(let name, _): return "super.\(name)"
        case .superIndex(let index, _): return "super[\(self.expression(index))]"
        case .sequence(let expressions, _): return list(",", expressions.map(self.expression))
        case .await(let operand, _): return list("await", [self.expression(operand)])
        case .taggedTemplate(let tag, let cooked, let raw, let expressions, _):
            let strings = zip(cooked, raw).map { "\($0.0.map { "\"\($0)\"" } ?? "nil")/\"\($0.1)\"" }
            return list("tagged", [self.expression(tag)] + strings + expressions.map(self.expression))
        }
    }

    static func argument(_ argument: Argument) -> String {
        switch argument {
        case .expression(let e): return expression(e)
        case .spread(let e): return "..." + expression(e)
        }
    }

    static func binary(_ op: BinaryOperator) -> String {
        switch op {
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .remainder: return "%"
        case .exponent: return "**"
        case .shiftLeft: return "<<"
        case .shiftRight: return ">>"
        case .unsignedShiftRight: return ">>>"
        case .bitwiseAnd: return "&"
        case .bitwiseOr: return "|"
        case .bitwiseXor: return "^"
        case .equal: return "=="
        case .notEqual: return "!="
        case .strictEqual: return "==="
        case .strictNotEqual: return "!=="
        case .lessThan: return "<"
        case .lessThanOrEqual: return "<="
        case .greaterThan: return ">"
        case .greaterThanOrEqual: return ">="
        case .instanceof: return "instanceof"
        case .in: return "in"
        }
    }

    static func logical(_ op: LogicalOperator) -> String {
        switch op {
        case .and: return "&&"
        case .or: return "||"
        case .nullishCoalescing: return "??"
        }
    }

    static func pattern(_ pattern: Pattern) -> String {
        switch pattern {
        case .identifier(let name, _): return name
        case .expression(let e): return expression(e)
        case .array(let elements, let rest, _):
            let items = elements.map { $0.map(self.pattern) ?? "_" } + (rest.map { ["..." + self.pattern($0)] } ?? [])
            return "[" + items.joined(separator: " ") + "]"
        case .object(let properties, let rest, _):
            let items = properties.map { "\(key($0.key)):\(self.pattern($0.value))" }
                + (rest.map { ["..." + self.pattern($0)] } ?? [])
            return "{" + items.joined(separator: " ") + "}"
        case .withDefault(let target, let value): return "\(self.pattern(target))=\(expression(value))"
        }
    }

    static func function(_ f: FunctionNode) -> String {
        var head: String
        switch f.kind {
        case .normal: head = "function"
        case .arrow: head = "arrow"
        case .method: head = "method"
        case .getter: head = "getter"
        case .setter: head = "setter"
        case .classConstructor: head = "constructor"
        case .derivedConstructor: head = "derived-constructor"
        }
        if f.isAsync { head = "async-" + head }
        let parameters = f.parameters.map(pattern) + (f.rest.map { ["..." + pattern($0)] } ?? [])
        let body: String
        switch f.body {
        case .statements(let statements): body = list("body", statements.map(statement))
        case .expression(let e): body = expression(e)
        }
        return list(head, [f.name.isEmpty ? "_" : f.name, "(" + parameters.joined(separator: " ") + ")", body])
    }

    static func classNode(_ c: ClassNode) -> String {
        var items = [c.name.isEmpty ? "_" : c.name]
        if let superClass = c.superClass { items.append("extends " + expression(superClass)) }
        items.append(function(c.constructor))
        items += c.constructor.fields.map(member)
        items += c.members.map(member)
        return list("class", items)
    }

    static func member(_ m: ClassMember) -> String {
        let prefix = m.isStatic ? "static " : ""
        switch m.kind {
        case .method(let f), .getter(let f), .setter(let f): return prefix + "\(key(m.key)):" + function(f)
        case .field(let value): return prefix + "field \(key(m.key))" + (value.map { "=" + expression($0) } ?? "")
        }
    }

    static func declaration(_ d: VariableDeclaration) -> String {
        list("\(d.kind)", d.declarators.map { d in
            d.initializer.map { "\(pattern(d.target))=\(expression($0))" } ?? pattern(d.target)
        })
    }

    static func statement(_ statement: Statement) -> String {
        switch statement {
        case .expression(let e, _): return expression(e) + ";"
        case .variableDeclaration(let d): return declaration(d)
        case .functionDeclaration(let f): return function(f)
        case .classDeclaration(let c): return classNode(c)
        case .return(let e, _): return list("return", e.map { [expression($0)] } ?? [])
        case .if(let test, let consequent, let alternate, _):
            return list("if", [expression(test), self.statement(consequent)] + (alternate.map { [self.statement($0)] } ?? []))
        case .block(let body, _, _): return list("block", body.map(self.statement))
        case .for(let initializer, let test, let update, let body, _, _):
            let initText: String
            switch initializer {
            case .declaration(let d)?: initText = declaration(d)
            case .expression(let e)?: initText = expression(e)
            case nil: initText = "_"
            }
            return list("for", [initText, test.map(expression) ?? "_", update.map(expression) ?? "_",
                                self.statement(body)])
        case .forIn(let head, let object, let body, _, _):
            return list("for-in", [forHead(head), expression(object), self.statement(body)])
        case .forOf(let head, let iterable, let body, _, _):
            return list("for-of", [forHead(head), expression(iterable), self.statement(body)])
        case .while(let test, let body, _): return list("while", [expression(test), self.statement(body)])
        case .doWhile(let body, let test, _): return list("do", [self.statement(body), expression(test)])
        case .break(let label, _): return list("break", label.map { [$0] } ?? [])
        case .continue(let label, _): return list("continue", label.map { [$0] } ?? [])
        case .throw(let e, _): return list("throw", [expression(e)])
        case .try(let block, _, let parameter, let catchBody, _, let finallyBody, _, _):
            var items = [list("block", block.map(self.statement))]
            if let catchBody {
                items.append(list("catch", [parameter.map(pattern) ?? "_"] + catchBody.map(self.statement)))
            }
            if let finallyBody { items.append(list("finally", finallyBody.map(self.statement))) }
            return list("try", items)
        case .switch(let discriminant, let cases, _, _):
            return list("switch", [expression(discriminant)] + cases.map { c in
                list(c.test.map { "case " + expression($0) } ?? "default", c.body.map(self.statement))
            })
        case .labeled(let label, let body, _): return list("label", [label, self.statement(body)])
        case .empty: return "(empty)"
        case .debugger: return "(debugger)"
        }
    }

    static func forHead(_ head: ForInOfHead) -> String {
        switch head {
        case .declaration(let kind, let target): return "\(kind) \(pattern(target))"
        case .pattern(let target): return pattern(target)
        }
    }
}

// MARK: - Helpers

private func parse(_ source: String) throws -> Program {
    try JSParser.parseProgram(source, fileName: "test.js")
}

/// The S-expression of a whole program.
private func ast(_ source: String) throws -> String {
    Render.program(try parse(source))
}

/// The S-expression of a program consisting of one expression statement (without the `;`).
private func expr(_ source: String) throws -> String {
    let rendered = try ast(source)
    return rendered.hasSuffix(";") ? String(rendered.dropLast()) : rendered
}

/// The syntax error for `source`, if parsing fails.
private func parseError(_ source: String) -> SyntaxError? {
    do {
        _ = try parse(source)
        return nil
    } catch let error as SyntaxError {
        return error
    } catch {
        return nil
    }
}

/// "message @line:column" of the syntax error for `source`, or "ok".
private func errorText(_ source: String) -> String {
    guard let error = parseError(source) else { return "ok" }
    return "\(error.message) @\(error.location)"
}

private func message(_ source: String) -> String? {
    parseError(source)?.message
}

/// The first function node found in a program of one statement.
private func firstFunction(_ source: String) throws -> FunctionNode? {
    let program = try parse(source)
    switch program.body.first {
    case .functionDeclaration(let f)?: return f
    case .expression(.function(let f), _)?: return f
    case .variableDeclaration(let d)?:
        if case .function(let f)? = d.declarators.first?.initializer { return f }
        return nil
    default: return nil
    }
}

private func firstClass(_ source: String) throws -> ClassNode? {
    let program = try parse(source)
    switch program.body.first {
    case .classDeclaration(let c)?: return c
    case .expression(.class(let c), _)?: return c
    case .variableDeclaration(let d)?:
        if case .class(let c)? = d.declarators.first?.initializer { return c }
        return nil
    default: return nil
    }
}

// MARK: - Tests

@Suite struct ParserTests {
    @Test func literals() throws {
        #expect(try expr("1") == "1")
        #expect(try expr("'a'") == "\"a\"")
        #expect(try ast("true; false; null; this") == "true; false; null; this;")
        #expect(try expr("[1, , 2, ...a,]") == "(array 1 hole 2 ...a)")
        #expect(try expr("[,]") == "(array hole)")
        #expect(try expr("[]") == "(array)")
        #expect(try expr("`a${b}c${d + 1}e`") == "(template \"a\" b \"c\" (+ d 1) \"e\")")
        #expect(try expr("`plain`") == "(template \"plain\")")
        #expect(try expr("`${ `${x}` }`") == "(template \"\" (template \"\" x \"\") \"\")")
    }

    @Test func objectLiterals() throws {
        #expect(try expr("({a, b: 1, [c]: 2, 'd': 3, if: 4, ...e})")
                == "(object a:a b:1 [c]:2 d:3 if:4 ...e)")
        #expect(try expr("({1: a, 0x10: b, 1.50: c, 1e21: d, .000001: e, 1e-7: f})")
                == "(object 1:a 16:b 1.5:c 1e+21:d 0.000001:e 1e-7:f)")
        #expect(try expr("({m() {}, async n() {}, get g() { return 1 }, set s(v) {}})")
                == "(object m:(method m () (body)) n:(async-method n () (body)) "
                + "get g:(getter g () (body (return 1))) set s:(setter s (v) (body)))")
        #expect(try expr("({get: 1, set() {}, async: 2, get})")
                == "(object get:1 set:(method set () (body)) async:2 get:get)")
        #expect(try expr("({f: function() {}, g: () => 1, [k]: () => 2})")
                == "(object f:(function f () (body)) g:(arrow g () 1) [k]:(arrow _ () 2))")
        #expect(message("({a b})") == "Unexpected identifier 'b'")
        #expect(message("({*g() {}})") == "Generators are not supported")
        #expect(message("({get g(a) {}})") == "Getter must not have any formal parameters.")
        #expect(message("({set s() {}})") == "Setter must have exactly one formal parameter.")
        #expect(message("({set s(a, b) {}})") == "Setter must have exactly one formal parameter.")
        #expect(message("({set s(...a) {}})") == "Setter function argument must not be a rest parameter")
    }

    @Test func precedence() throws {
        #expect(try expr("1 + 2 * 3 ** 2") == "(+ 1 (* 2 (** 3 2)))")
        #expect(try expr("2 ** 3 ** 2") == "(** 2 (** 3 2))")
        #expect(try expr("a - b - c") == "(- (- a b) c)")
        #expect(try expr("a || b && c") == "(|| a (&& b c))")
        #expect(try expr("a && b || c") == "(|| (&& a b) c)")
        #expect(try expr("a | b ^ c & d") == "(| a (^ b (& c d)))")
        #expect(try expr("a == b < c << d + e") == "(== a (< b (<< c (+ d e))))")
        #expect(try expr("a ?? b ?? c") == "(?? (?? a b) c)")
        #expect(try expr("(a || b) ?? c") == "(?? (|| a b) c)")
        #expect(try expr("a ?? (b && c)") == "(?? a (&& b c))")
        #expect(try expr("a ?? b | c") == "(?? a (| b c))")
        #expect(try expr("a = b = c") == "(= a (= b c))")
        #expect(try expr("a += b ??= c") == "(+= a (??= b c))")
        #expect(try expr("a ? b : c ? d : e") == "(? a b (? c d e))")
        #expect(try expr("a ? b = 1 : c") == "(? a (= b 1) c)")
        #expect(try expr("typeof a + b") == "(+ (typeof a) b)")
        #expect(try expr("!a instanceof B") == "(instanceof (logicalNot a) B)")
        #expect(try expr("a in b") == "(in a b)")
        #expect(try expr("-a * +b") == "(* (minus a) (plus b))")
        #expect(try expr("(-2) ** 2") == "(** (minus 2) 2)")
        #expect(try expr("2 ** -2") == "(** 2 (minus 2))")
        #expect(try expr("a++ + ++b") == "(+ (a ++) (++ b))")
        #expect(try expr("void delete a.b") == "(void (delete (. a b)))")
        #expect(try expr("a, b, c") == "(, a b c)")
        #expect(try expr("x = (1, 2)") == "(= x (, 1 2))")
    }

    @Test func precedenceErrors() {
        #expect(errorText("a ?? b || c") == "Unexpected token '||' @1:8")
        #expect(errorText("a || b ?? c") == "Unexpected token '??' @1:8")
        #expect(errorText("a && b ?? c") == "Unexpected token '??' @1:8")
        #expect(errorText("a ?? b && c") == "Unexpected token '&&' @1:8")
        #expect(message("-2 ** 2") == "Unary operator used immediately before exponentiation expression. "
                + "Parenthesis must be used to disambiguate operator precedence")
        #expect(message("typeof a ** 2") != nil)
    }

    @Test func callsMembersAndNew() throws {
        #expect(try expr("a.b[c](d, ...e)") == "(call ([] (. a b) c) d ...e)")
        #expect(try expr("a.if.class") == "(. (. a if) class)")
        #expect(try expr("new X") == "(new X)")
        #expect(try expr("new X(1)") == "(new X 1)")
        #expect(try expr("new X.Y(...a)") == "(new (. X Y) ...a)")
        #expect(try expr("new X().y") == "(. (new X) y)")
        #expect(try expr("new new X()()") == "(new (new X))")
        #expect(try expr("new (f())") == "(new (call f))")
        #expect(try expr("f()()") == "(call (call f))")
        #expect(try expr("tag`a${b}c`") == "(tagged tag \"a\"/\"a\" \"c\"/\"c\" b)")
        #expect(try expr("tag`\\unicode\\n`") == "(tagged tag nil/\"\\unicode\\n\")")
        #expect(try expr("a.b`x`") == "(tagged (. a b) \"x\"/\"x\")")
        #expect(message("`\\unicode`") == "Invalid Unicode escape sequence")
        #expect(message("`${}`") == "Unexpected token '}'")
    }

    @Test func optionalChaining() throws {
        #expect(try expr("a?.b") == "(chain (?. a b))")
        #expect(try expr("a?.b.c()") == "(chain (call (. (?. a b) c)))")
        #expect(try expr("a?.[0]") == "(chain (?.[] a 0))")
        #expect(try expr("a?.()") == "(chain (call? a))")
        #expect(try expr("a.b?.c.d?.e") == "(chain (?. (. (?. (. a b) c) d) e))")
        #expect(try expr("(a?.b).c") == "(. (chain (?. a b)) c)")
        #expect(try expr("a?.b + c?.d") == "(+ (chain (?. a b)) (chain (?. c d)))")
        #expect(try expr("f(a?.b)") == "(call f (chain (?. a b)))")
        #expect(try expr("a?.5:1") == "(? a 0.5 1)")
        #expect(message("a?.b = 1") == "Invalid left-hand side in assignment")
        #expect(message("a?.b++") == "Invalid left-hand side expression in postfix operation")
        #expect(message("new a?.b()") == "Invalid optional chain from new expression")
        #expect(message("a?.b`t`") == "Invalid tagged template on optional chain")
        #expect(message("a?.`t`") == "Invalid tagged template on optional chain")
    }

    @Test func superAndNewTarget() throws {
        #expect(try expr("(class extends B { constructor() { super(1); super.x; super[y]; } })")
                == "(class _ extends B (derived-constructor _ () (body (super 1); super.x; super[y];)))")
        #expect(try expr("({m() { return super.m() }})")
                == "(object m:(method m () (body (return (call super.m)))))")
        #expect(try ast("function f() { new.target; () => new.target }")
                == "(function f () (body new.target; (arrow _ () new.target);))")
        #expect(message("super()") == "'super' keyword unexpected here")
        #expect(message("class A { constructor() { super() } }") == "'super' keyword unexpected here")
        #expect(message("class A extends B { m() { super() } }") == "'super' keyword unexpected here")
        #expect(message("function f() { super.x }") == "'super' keyword unexpected here")
        #expect(message("new.target") == "new.target expression is not allowed here")
        #expect(message("() => new.target") == "new.target expression is not allowed here")
    }

    @Test func arrowFunctions() throws {
        #expect(try expr("x => x") == "(arrow _ (x) x)")
        #expect(try expr("() => {}") == "(arrow _ () (body))")
        #expect(try expr("(a, b = 1, ...r) => {}") == "(arrow _ (a b=1 ...r) (body))")
        #expect(try expr("({a}) => a") == "(arrow _ ({a:a}) a)")
        #expect(try expr("({a = 1, b: [c]}, [d, , ...e]) => a")
                == "(arrow _ ({a:a=1 b:[c]} [d _ ...e]) a)")
        #expect(try expr("(a,) => a") == "(arrow _ (a) a)")
        #expect(try expr("async x => x") == "(async-arrow _ (x) x)")
        #expect(try expr("async (a, ...b) => a") == "(async-arrow _ (a ...b) a)")
        #expect(try expr("async () => await 1") == "(async-arrow _ () (await 1))")
        #expect(try expr("async(a, b)") == "(call async a b)")
        #expect(try expr("async") == "async")
        #expect(try expr("a => b => a + b") == "(arrow _ (a) (arrow _ (b) (+ a b)))")
        #expect(try expr("x => ({})") == "(arrow _ (x) (object))")
        #expect(try expr("(x => x)(1)") == "(call (arrow _ (x) x) 1)")
        #expect(try expr("a ? () => 1 : () => 2") == "(? a (arrow _ () 1) (arrow _ () 2))")
        #expect(try expr("f(x => x, y)") == "(call f (arrow _ (x) x) y)")
        #expect(try ast("const f = () => {}\n(1)") == "(const f=(arrow f () (body))) 1;")
        #expect(try ast("const f = () => {}\n[1]") == "(const f=(arrow f () (body))) (array 1);")
        #expect(message("x\n=> x") == "Unexpected token '=>'")
        #expect(message("(...r, a) => 1") == "Rest parameter must be last formal parameter")
        #expect(message("async (...r = 1) => 1") == "Rest parameter may not have a default initializer")
        #expect(message("(...r = 1) => 1") == "Rest parameter may not have a default initializer")
        #expect(message("async (...r, a) => 1") == "Rest parameter must be last formal parameter")
        #expect(message("(a,)") == "Unexpected token ')'")
        #expect(message("()") == "Unexpected token ')'")
        #expect(message("(...a)") == "Unexpected token '...'")
        #expect(message("(a.b) => 1") == "Invalid destructuring assignment target")
        #expect(message("(a, a) => 1") == "Duplicate parameter name not allowed in this context")
        #expect(message("() => {} + 1") == "Unexpected token '+'")
        #expect(message("a + b => 1") == "Unexpected token '=>'")
        #expect(message("(a = 1) += 1") == "Invalid left-hand side in assignment")
    }

    @Test func destructuringAssignment() throws {
        #expect(try expr("[a, b] = [b, a]") == "(= [a b] (array b a))")
        #expect(try expr("({a, b} = obj)") == "(= {a:a b:b} obj)")
        #expect(try expr("({a = 1, b: {c} = {}, ...d} = obj)") == "(= {a:a=1 b:{c:c}=(object) ...d} obj)")
        #expect(try expr("[a.b, c[0], , ...d.e] = x") == "(= [(. a b) ([] c 0) _ ...(. d e)] x)")
        #expect(try expr("[{a = 1}] = x") == "(= [{a:a=1}] x)")
        #expect(try expr("[a = () => {}] = x") == "(= [a=(arrow a () (body))] x)")
        #expect(try expr("a.b = c") == "(= (. a b) c)")
        #expect(try expr("a[0] += 1") == "(+= ([] a 0) 1)")
        #expect(try expr("a ||= b") == "(||= a b)")
        #expect(errorText("1 = 2") == "Invalid left-hand side in assignment @1:1")
        #expect(errorText("a + b = c") == "Invalid left-hand side in assignment @1:1")
        #expect(message("[a] += 1") == "Invalid left-hand side in assignment")
        #expect(message("f() = 1") == "Invalid left-hand side in assignment")
        #expect(message("[...a, b] = x") == "Rest element must be last element")
        #expect(message("[1] = x") == "Invalid destructuring assignment target")
        #expect(message("({a = 1})") == "Invalid shorthand property initializer")
        #expect(message("f({a = 1})") == "Invalid shorthand property initializer")
        #expect(message("[{a = 1}]") == "Invalid shorthand property initializer")
        #expect(message("({a = 1}).b = 2") == "Invalid shorthand property initializer")
        #expect(message("++1") == "Invalid left-hand side expression in prefix operation")
        #expect(message("(a + b)++") == "Invalid left-hand side expression in postfix operation")
        #expect(message("({get a(){}} = x)") == "Invalid destructuring assignment target")
    }

    @Test func variableDeclarations() throws {
        #expect(try ast("var a = 1, b; let c; const d = 2")
                == "(var a=1 b) (let c) (const d=2)")
        #expect(try ast("const {a, b: [c, d = 1], ...e} = o")
                == "(const {a:a b:[c d=1] ...e}=o)")
        #expect(try ast("let [, a, ...b] = c") == "(let [_ a ...b]=c)")
        #expect(try ast("let = 1") == "(= let 1);")
        #expect(try ast("let\nx = 1") == "(let x=1)")
        #expect(errorText("let x = ;") == "Unexpected token ';' @1:9")
        #expect(errorText("const x;") == "Missing initializer in const declaration @1:7")
        #expect(message("let [a];") == "Missing initializer in destructuring declaration")
        #expect(message("let let = 1") == "let is disallowed as a lexically bound name")
        #expect(message("var {a: 1} = b") == "Unexpected number")
    }

    @Test func redeclarations() {
        #expect(errorText("let x; let x;") == "Identifier 'x' has already been declared @1:12")
        #expect(message("const x = 1; var x;") == "Identifier 'x' has already been declared")
        #expect(message("var x; let x;") == "Identifier 'x' has already been declared")
        #expect(message("let x; { var x; }") == "Identifier 'x' has already been declared")
        #expect(message("let x; function x() {}") == "Identifier 'x' has already been declared")
        #expect(message("function f(a) { let a; }") == "Identifier 'a' has already been declared")
        #expect(message("try {} catch (e) { let e; }") == "Identifier 'e' has already been declared")
        #expect(message("switch (x) { case 1: let a; case 2: let a; }") == "Identifier 'a' has already been declared")
        #expect(message("class A {} class A {}") == "Identifier 'A' has already been declared")
        #expect(message("let [a, a] = b") == "Identifier 'a' has already been declared")
        #expect(message("var x; var x; function f() {} function f() {}") == nil)
        #expect(message("let x; { let x; }") == nil)
        #expect(message("function f(a) { var a; }") == nil)
        #expect(message("try {} catch (e) { var e; }") == nil)
        #expect(message("for (let i = 0;;) { let i; }") == nil)
        #expect(message("{ function g() {} function g() {} }") == nil)
        #expect(message("'use strict'; { function g() {} function g() {} }") != nil)
    }

    @Test func controlFlowStatements() throws {
        #expect(try ast("if (a) b; else if (c) d; else e")
                == "(if a b; (if c d; e;))")
        #expect(try ast("if (a) function f() {}") == "(if a (block (function f () (body))))")
        #expect(try ast("while (a) { b }") == "(while a (block b;))")
        #expect(try ast("do x(); while (y) z()") == "(do (call x); y) (call z);")
        #expect(try ast("for (;;) {}") == "(for _ _ _ (block))")
        #expect(try ast("for (let i = 0, j; i < n; i++) ;")
                == "(for (let i=0 j) (< i n) (i ++) (empty))")
        #expect(try ast("for (i = 0, j = 1; ; ) break") == "(for (, (= i 0) (= j 1)) _ _ (break))")
        #expect(try ast("for (var x in o) {}") == "(for-in var x o (block))")
        #expect(try ast("for (const [k, v] of m) {}") == "(for-of const [k v] m (block))")
        #expect(try ast("for (a.b of c) ;") == "(for-of (. a b) c (empty))")
        #expect(try ast("for ([a, b] of c) ;") == "(for-of [a b] c (empty))")
        #expect(try ast("for ({a = 1} of c) ;") == "(for-of {a:a=1} c (empty))")
        #expect(try ast("for (x in a, b) ;") == "(for-in x (, a b) (empty))")
        #expect(try ast("for ((x in y);;) ;") == "(for (in x y) _ _ (empty))")
        #expect(try ast("switch (x) { case 1: a; break; default: b; case 2: }")
                == "(switch x (case 1 a; (break)) (default b;) (case 2))")
        #expect(try ast("try { a } catch (e) { b } finally { c }")
                == "(try (block a;) (catch e b;) (finally c;))")
        #expect(try ast("try {} catch { x }") == "(try (block) (catch _ x;))")
        #expect(try ast("try {} catch ({message}) {}") == "(try (block) (catch {message:message}))")
        #expect(try ast("try {} finally {}") == "(try (block) (finally))")
        #expect(try ast("throw new Error('x')") == "(throw (new Error \"x\"))")
        #expect(try ast("a: for (;;) { b: { break b; } continue a; }")
                == "(label a (for _ _ _ (block (label b (block (break b))) (continue a))))")
        #expect(try ast("a: b: while (1) continue a;") == "(label a (label b (while 1 (continue a))))")
        #expect(try ast(";debugger;") == "(empty) (debugger)")
        #expect(try ast("{ let a; } {}") == "(block (let a)) (block)")
        #expect(try ast("function f() { return; } function g() { return 1, 2 }")
                == "(function f () (body (return))) (function g () (body (return (, 1 2))))")
    }

    @Test func controlFlowErrors() {
        #expect(errorText("break;") == "Illegal break statement @1:1")
        #expect(message("continue;") == "Illegal continue statement: no surrounding iteration statement")
        #expect(message("switch (a) { case 1: continue; }")
                == "Illegal continue statement: no surrounding iteration statement")
        #expect(errorText("foo: while (1) { break bar; }") == "Undefined label 'bar' @1:24")
        #expect(message("a: { continue a; }") != nil)
        #expect(message("a: { while (1) continue a; }")
                == "Illegal continue statement: 'a' does not denote an iteration statement")
        #expect(message("a: a: ;") == "Label 'a' has already been declared")
        #expect(message("while (1) { function f() { break; } }") == "Illegal break statement")
        #expect(errorText("return 1") == "Illegal return statement @1:1")
        #expect(message("try {}") == "Missing catch or finally after try")
        #expect(message("for await (x of y) {}") == "for await loops are not supported")
        #expect(message("for (let a, b of c) {}") == "Invalid left-hand side in for-of loop: Must have a single binding.")
        #expect(message("for (let a = 1 of c) {}") == "for-of loop variable declaration may not have an initializer.")
        #expect(message("for (let a in c, d) {}") == nil)
        #expect(message("for (a + b of c) {}") == "Invalid left-hand side in for-loop")
        #expect(message("for (const x;;) {}") == "Missing initializer in const declaration")
        #expect(message("switch (a) { default: default: }") == "More than one default clause in switch statement")
        #expect(message("if (a) let x = 1;") == "Lexical declaration cannot appear in a single-statement context")
        #expect(message("while (a) const x = 1;") == "Lexical declaration cannot appear in a single-statement context")
        #expect(message("with (a) {}") == "With statements are not supported")
        #expect(message("import x from 'y'") == "Cannot use import statement outside a module")
        #expect(message("while (1) function f() {}") != nil)
    }

    @Test func automaticSemicolonInsertion() throws {
        #expect(try ast("a\nb") == "a; b;")
        #expect(try ast("function f() { return\nx }") == "(function f () (body (return) x;))")
        #expect(try ast("x\n++y") == "x; (++ y);")
        #expect(try ast("x\n++\ny") == "x; (++ y);")
        #expect(try ast("a = b\n(c)") == "(= a (call b c));")
        #expect(try ast("a = b\n[c]") == "(= a ([] b c));")
        #expect(try ast("let x = 1\nlet y = 2") == "(let x=1) (let y=2)")
        #expect(try ast("{ a } b") == "(block a;) b;")
        #expect(try ast("while (1) { break\nfoo }") == "(while 1 (block (break) foo;))")
        #expect(try ast("a\n?.b") == "(chain (?. a b));")
        #expect(try ast("x = 1 /* \n */ y = 2") == "(= x 1); (= y 2);")
        #expect(try ast("var a = 1 // c\nvar b") == "(var a=1) (var b)")
        #expect(try ast("async\nfunction f() {}") == "async; (function f () (body))")
        #expect(message("throw\nx") == "Illegal newline after throw")
        #expect(message("a b") == "Unexpected identifier 'b'")
        #expect(message("for (a\nb;;) {}") == "Unexpected identifier 'b'")
        #expect(message("for (;\n;\n)") == "Unexpected end of input")
        #expect(message("x\n++") == "Unexpected end of input")
        #expect(message("class A { x = 1 y = 2 }") == "Unexpected identifier 'y'")
    }

    @Test func functions() throws {
        #expect(try ast("function f(a, b = 2, {c}, ...d) { 'use asm'; return a }")
                == "(function f (a b=2 {c:c} ...d) (body \"use asm\"; (return a)))")
        #expect(try ast("async function f() { await x; }") == "(async-function f () (body (await x);))")
        #expect(try expr("(function() {})") == "(function _ () (body))")
        #expect(try expr("(async function g() {})") == "(async-function g () (body))")
        #expect(message("function* g() {}") == "Generators are not supported")
        #expect(message("(function*() {})") == "Generators are not supported")
        #expect(message("async function* g() {}") == "Generators are not supported")
        #expect(message("function f(a, ...b, c) {}") == "Rest parameter must be last formal parameter")
        #expect(message("function f(...a = 1) {}") == "Rest parameter may not have a default initializer")
        #expect(message("function f(a, a) { 'use strict' }") == "Duplicate parameter name not allowed in this context")
        #expect(message("function f(a, a) {}") == nil)
        #expect(message("function f(a = 1) { 'use strict' }")
                == "Illegal 'use strict' directive in function with non-simple parameter list")
    }

    @Test func functionNodeDetails() throws {
        let declaration = try #require(try firstFunction("function f(a) { return a }"))
        #expect(declaration.name == "f" && !declaration.hasOwnNameBinding && declaration.kind == .normal)
        #expect(declaration.sourceText == "function f(a) { return a }")
        #expect(declaration.location == SourceLocation(line: 1, column: 1))

        let named = try #require(try firstFunction("const g = function h() {}"))
        #expect(named.name == "h" && named.hasOwnNameBinding)

        let inferred = try #require(try firstFunction("let k = async () => 1;"))
        #expect(inferred.name == "k" && inferred.kind == .arrow && inferred.isAsync)
        #expect(inferred.sourceText == "async () => 1")

        let arrow = try #require(try firstFunction("x => x * 2"))
        #expect(arrow.sourceText == "x => x * 2")

        let asyncFunction = try #require(try firstFunction("  async function a() { await 1 }  "))
        #expect(asyncFunction.sourceText == "async function a() { await 1 }")
        #expect(asyncFunction.location == SourceLocation(line: 1, column: 3))

        #expect(try ast("x = function() {}; y ||= () => 1; z += function() {}")
                == "(= x (function x () (body))); (||= y (arrow y () 1)); (+= z (function _ () (body)));")
        #expect(try ast("var c = class {}") == "(var c=(class c (constructor c () (body))))")
        #expect(try ast("let [a = function() {}] = []")
                == "(let [a=(function a () (body))]=(array))")
        #expect(try ast("function f(a = () => 1) {}")
                == "(function f (a=(arrow a () 1)) (body))")
        #expect(try ast("var s = (0, function() {})") == "(var s=(, 0 (function _ () (body))))")

        let program = try parse("({ m() {}, get [k]() {} })")
        guard case .expression(.object(let properties, _), _)? = program.body.first,
              case .property(_, .function(let method)) = properties[0],
              case .getter(_, let getter) = properties[1] else {
            Issue.record("unexpected shape")
            return
        }
        #expect(method.sourceText == "m() {}" && method.kind == .method)
        #expect(getter.sourceText == "get [k]() {}" && getter.name == "")
    }

    @Test func strictness() throws {
        let strict = try parse("'use strict'; function f() {} ")
        #expect(strict.isStrict)
        guard case .functionDeclaration(let f)? = strict.body.last else {
            Issue.record("expected a function")
            return
        }
        #expect(f.isStrict)
        #expect(try !parse("'use\\x20strict'").isStrict)
        #expect(try !parse("('use strict')").isStrict)
        #expect(try !parse("a; 'use strict'").isStrict)
        #expect(try parse("'a'; 'use strict'").isStrict)
        let inner = try #require(try firstFunction("function g() { 'use strict' }"))
        #expect(inner.isStrict)
        #expect(try !parse("function g() { 'use strict' }").isStrict)
        let sloppy = try #require(try firstFunction("function g() { }"))
        #expect(!sloppy.isStrict)
        let classNode = try #require(try firstClass("class A { m() {} }"))
        #expect(classNode.constructor.isStrict)
        if case .method(let m) = classNode.members[0].kind { #expect(m.isStrict) }

        #expect(message("'use strict'; with (a) {}") == "Strict mode code may not include a with statement")
        #expect(message("'use strict'; delete x") == "Delete of an unqualified identifier in strict mode.")
        #expect(message("'use strict'; 010") == "Octal literals are not allowed in strict mode.")
        #expect(message("'use strict'; '\\01'") == "Octal escape sequences are not allowed in strict mode.")
        #expect(message("'\\01'; 'use strict'") == "Octal escape sequences are not allowed in strict mode.")
        #expect(message("'use strict'; var eval") == "Unexpected eval or arguments in strict mode")
        #expect(message("'use strict'; arguments = 1") == "Unexpected eval or arguments in strict mode")
        #expect(message("'use strict'; var let = 1") == "Unexpected strict mode reserved word")
        #expect(message("'use strict'; implements") == "Unexpected strict mode reserved word")
        #expect(message("function f(eval) { 'use strict' }") == "Unexpected eval or arguments in strict mode")
        #expect(message("class A { m(a, a) {} }") == "Duplicate parameter name not allowed in this context")
        #expect(message("delete x; var eval; 010") == nil)
    }

    @Test func classes() throws {
        #expect(try ast("class A {}") == "(class A (constructor A () (body)))")
        #expect(try ast("class B extends A {}")
                == "(class B extends A (derived-constructor B (...args) (body (super ...args);)))")
        #expect(try ast("class C extends mix(A) { constructor(x) { super(x) } }")
                == "(class C extends (call mix A) (derived-constructor C (x) (body (super x);)))")
        #expect(try ast("class D { static x = 1; y = 2; z; static s() {} get g() {} set g(v) {} "
                        + "async m() {} [k]() {} }")
                == "(class D (constructor D () (body)) field y=2 field z static field x=1 static s:(method s () (body)) "
                + "g:(getter g () (body)) g:(setter g (v) (body)) m:(async-method m () (body)) [k]:(method _ () (body)))")
        #expect(try ast("class E { get; set = 1; static; async\nm() {} static static() {} }")
                == "(class E (constructor E () (body)) field get field set=1 field static field async "
                + "m:(method m () (body)) static static:(method static () (body)))")
        #expect(try ast("class F { f = () => this; static g = function() {} }")
                == "(class F (constructor F () (body)) field f=(arrow f () this) static field g=(function g () (body)))")
        #expect(try expr("(class {})") == "(class _ (constructor _ () (body)))")
        #expect(try ast("x = class Named {}") == "(= x (class Named (constructor Named () (body))));")

        let derived = try #require(try firstClass("class B extends A { x = 1 }"))
        #expect(derived.constructor.kind == .derivedConstructor)
        #expect(derived.constructor.fields.count == 1)
        #expect(derived.constructor.sourceText == "class B extends A { x = 1 }")

        #expect(message("class A { constructor() {} constructor() {} }") == "A class may only have one constructor")
        #expect(message("class A { get constructor() {} }") == "Class constructor may not be an accessor")
        #expect(message("class A { async constructor() {} }") == "Class constructor may not be an async method")
        #expect(message("class A { constructor = 1 }") == "Classes may not have a field named 'constructor'")
        #expect(message("class A { static prototype() {} }") == "Classes may not have a static property named 'prototype'")
        #expect(message("class A { *g() {} }") == "Generators are not supported")
        #expect(message("class A { x = arguments }")
                == "'arguments' is not allowed in class field initializer or static initialization block")
        #expect(message("class A { m() { with (a) {} } }") == "Strict mode code may not include a with statement")
        #expect(message("class A { #x = 1 }") == "Invalid or unexpected token")
        #expect(message("class { }") == "Unexpected token '{'")
    }

    @Test func awaitHandling() throws {
        #expect(try ast("await x") == "(await x);")
        #expect(try ast("async function f() { return await g() }")
                == "(async-function f () (body (return (await (call g)))))")
        #expect(try ast("function f() { var await = 1; return await }")
                == "(function f () (body (var await=1) (return await)))")
        #expect(try ast("function f() { await(1) }") == "(function f () (body (call await 1);))")
        #expect(try expr("(async () => { await 1 })") == "(async-arrow _ () (body (await 1);))")
        #expect(message("function f() { await x }") == "await is only valid in async functions and the top level bodies of modules")
        #expect(message("let await = 1") == "Unexpected reserved word")
        #expect(message("async function f(a = await 1) {}")
                == "Illegal await-expression in formal parameters of async function")
        #expect(message("async function f(a = () => 1) { await a }") == nil)
        #expect(message("await ** 2") != nil)
    }

    @Test func scopeIDs() throws {
        let program = try parse("""
        { let a; }
        function f() { for (let i of x) {} }
        try {} catch (e) {}
        switch (x) {}
        class A {}
        """)
        #expect(program.scope == 0)
        var ids: [ScopeID] = [program.scope]
        for statement in program.body {
            switch statement {
            case .block(_, let scope, _): ids.append(scope)
            case .functionDeclaration(let f):
                ids.append(f.scope)
                if case .statements(let body) = f.body, case .forOf(_, _, let loopBody, let scope, _)? = body.first {
                    ids.append(scope)
                    if case .block(_, let blockScope, _) = loopBody { ids.append(blockScope) }
                }
            case .try(_, let a, _, _, let b, _, let c, _): ids += [a, b, c]
            case .switch(_, _, let scope, _): ids.append(scope)
            case .classDeclaration(let c): ids += [c.scope, c.constructor.scope]
            default: break
            }
        }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0 >= 0 && $0 < program.scopeCount })
        #expect(program.scopeCount == Int32(ids.count))
    }

    @Test func errorMessagesAndLocations() {
        #expect(errorText("a(") == "Unexpected end of input @1:3")
        #expect(errorText("if (a) {") == "Unexpected end of input @1:9")
        #expect(errorText("x = 1 2") == "Unexpected number @1:7")
        #expect(errorText("x = 'a' 'b'") == "Unexpected string @1:9")
        #expect(errorText("\n  }") == "Unexpected token '}' @2:3")
        #expect(errorText("a = /re/") == "Regular expression literals are not supported @1:5")
        #expect(errorText("x = 'abc") == "Invalid or unexpected token @1:5")
        #expect(errorText("x = `abc") == "Unexpected end of input @1:9")
        #expect(errorText("`${a b}`") == "Missing } in template expression @1:6")
        #expect(errorText("f(a b)") == "missing ) after argument list @1:5")
        #expect(errorText("new F(a;") == "missing ) after argument list @1:8")
        #expect(errorText("function () {}") == "Function statements require a function name @1:10")
        #expect(errorText("({3})") == "Unexpected number @1:3")
        #expect(errorText("({'a' 1})") == "Unexpected number @1:7")
        #expect(errorText("x async") == "Unexpected token 'async' @1:3")
        #expect(errorText("x get") == "Unexpected token 'get' @1:3")
        #expect(errorText("x of") == "Unexpected identifier 'of' @1:3")
        #expect(errorText("x await") == "Unexpected reserved word @1:3")
        #expect(errorText("/* abc") == "Invalid or unexpected token @1:1")
        #expect(errorText("let x = 123n") == "BigInt literals are not supported @1:9")
        #expect(errorText("var if = 1") == "Unexpected token 'if' @1:5")
        #expect(errorText("a.b.c = 1;\nfoo bar") == "Unexpected identifier 'bar' @2:5")
        #expect(errorText("😀") == "Invalid or unexpected token @1:1")
        #expect(errorText("x = 1; @") == "Invalid or unexpected token @1:8")
        #expect(errorText("x = y ? z") == "Unexpected end of input @1:10")
        #expect(errorText("export default 1") == "Unexpected token 'export' @1:1")
    }

    @Test func nodeLocations() throws {
        let program = try parse("x;\n  a.b(c) + d[e]")
        #expect(program.body.count == 2)
        guard case .expression(.binary(.add, .call(.member(_, _, _, let memberLocation), _, _, let callLocation),
                                       .index(_, _, _, let indexLocation), let plusLocation), let statementLocation)
                = program.body[1] else {
            Issue.record("unexpected shape")
            return
        }
        #expect(statementLocation == SourceLocation(line: 2, column: 3))
        #expect(memberLocation == SourceLocation(line: 2, column: 5))
        #expect(callLocation == SourceLocation(line: 2, column: 6))
        #expect(plusLocation == SourceLocation(line: 2, column: 10))
        #expect(indexLocation == SourceLocation(line: 2, column: 13))

        let classNode = try #require(try firstClass("class A {\n  static m() {}\n}"))
        #expect(classNode.location == SourceLocation(line: 1, column: 1))
        #expect(classNode.members[0].location == SourceLocation(line: 2, column: 3))
        if case .method(let method) = classNode.members[0].kind {
            #expect(method.location == SourceLocation(line: 2, column: 10))
            #expect(method.sourceText == "m() {}")
        }
    }

    @Test func miscellaneous() throws {
        #expect(try parse("").scopeCount == 1)
        #expect(try ast("var café = 1, $ = 2, _ = 3") == "(var café=1 $=2 _=3)")
        #expect(try ast("a\\u0062 = 1") == "(= ab 1);")
        #expect(try expr("1..toString()") == "(call (. 1 toString))")
        #expect(try expr("a ? .5 : 1") == "(? a 0.5 1)")
        #expect(try ast("#!/usr/bin/env fetchflow\nx") == "x;")
        #expect(try expr("x => y => { return x }") == "(arrow _ (x) (arrow _ (y) (body (return x))))")
        #expect(try expr("(class { static x = new.target; [a] = 1 })")
                == "(class _ (constructor _ () (body)) field [a]=1 static field x=new.target)")
        #expect(try ast("let\n[a] = b") == "(let [a]=b)")
        #expect(try ast("label: function f() {}") == "(label label (function f () (body)))")
        #expect(message("}") == "Unexpected token '}'")
        #expect(message("a => {}.b") == "Unexpected token '.'")
        #expect(message("({a}) = 1; ({a: 1} = 2)") == "Invalid destructuring assignment target")
    }

    @Test func nestingLimit() throws {
        let depth = 1000
        #expect(message(String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth))
                == "Nesting too deep")
        #expect(message(String(repeating: "[", count: depth)) == "Nesting too deep")
        #expect(message(String(repeating: "{", count: depth)) == "Nesting too deep")
        #expect(message(String(repeating: "!", count: depth) + "a") == "Nesting too deep")
        #expect(message(String(repeating: "a = ", count: depth) + "a") == "Nesting too deep")
        #expect(message(String(repeating: "x => ", count: depth) + "a") == "Nesting too deep")
        #expect(message(String(repeating: "a ? b : ", count: depth) + "c") == "Nesting too deep")
        #expect(message("let " + String(repeating: "[", count: depth)) == "Nesting too deep")
        #expect(message(String(repeating: "function f() {", count: depth)) == "Nesting too deep")
        #expect(message(String(repeating: "new ", count: depth) + "X") == "Nesting too deep")
        #expect(message(String(repeating: "2 ** ", count: depth) + "2") == "Nesting too deep")
        #expect(message(String(repeating: "`${", count: depth)) == "Nesting too deep")
        // Moderately deep code is fine, and long flat chains too.
        let moderate = 100
        #expect(message(String(repeating: "(", count: moderate) + "1" + String(repeating: ")", count: moderate)) == nil)
        #expect(message("x = " + Array(repeating: "a", count: 5000).joined(separator: " + ")) == nil)
        #expect(message("x" + String(repeating: ".a", count: 5000)) == nil)
        #expect(message("x = " + Array(repeating: "a", count: 20_000).joined(separator: " + ")) == "Nesting too deep")
    }

    @Test func randomInputNeverCrashes() {
        var generator = SplitMix64(seed: 0x5EED)
        let fragments = ["(", ")", "{", "}", "[", "]", "=>", "`", "${", "'", "\"", "\\", "/", "*", "?.", "??",
                         "...", ",", ";", ":", "?", "=", "async", "await", "function", "class", "extends", "let",
                         "const", "var", "for", "of", "in", "if", "else", "return", "new", "super", "this", "x",
                         "1", "0x", "1_", "\n", " ", "get", "set", "static", "++", "--", "-", "+", "!", "u{",
                         "\\u", "#", "\u{2028}", "😀", "break", "continue", "label:", "try", "catch", "finally",
                         "switch", "case", "default", "do", "while", "yield", "*", "delete", "typeof"]
        let seeds = ["class A extends B { constructor(a, ...b) { super(...b); this.x = a?.b ?? 1 } static m() {} }",
                     "for (const [k, v] of Object.entries(o)) { if (k) continue; else break }",
                     "const f = async ({a = 1, b: [c]}, ...rest) => { await g(`x${a}y${`${c}`}`); return rest }",
                     "label: while (x) { switch (y) { case 1: break label; default: x-- } }",
                     "let {a, ...b} = obj; [a, b] = [b, a]; x ||= y &&= z ??= w; tag`a\\u{41}${b}`"]
        for iteration in 0..<2000 {
            var source: String
            switch iteration % 3 {
            case 0:
                // Random fragments.
                source = ""
                for _ in 0..<Int(generator.next() % 40) {
                    source += fragments[Int(generator.next() % UInt64(fragments.count))]
                }
            case 1:
                // Mutated valid programs: delete, duplicate or insert pieces.
                var units = Array(seeds[Int(generator.next() % UInt64(seeds.count))].utf16)
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    guard !units.isEmpty else { break }
                    let position = Int(generator.next() % UInt64(units.count))
                    switch generator.next() % 3 {
                    case 0: units.remove(at: position)
                    case 1: units.insert(units[Int(generator.next() % UInt64(units.count))], at: position)
                    default:
                        let fragment = fragments[Int(generator.next() % UInt64(fragments.count))]
                        units.insert(contentsOf: fragment.utf16, at: position)
                    }
                }
                source = String(decoding: units, as: UTF16.self)
            default:
                // Random code units, including lone surrogates and control characters.
                let count = Int(generator.next() % 64)
                let units = (0..<count).map { _ -> UInt16 in
                    generator.next() % 4 == 0 ? UInt16(truncatingIfNeeded: generator.next())
                                              : UInt16(32 + generator.next() % 95)
                }
                source = String(decoding: units, as: UTF16.self)
            }
            do {
                _ = try JSParser.parseProgram(source, fileName: "fuzz.js")
            } catch is SyntaxError {
                // Expected for most inputs.
            } catch {
                Issue.record("unexpected error type for \(source.debugDescription): \(error)")
            }
        }
    }
}

/// A small deterministic random number generator for the fuzz test.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
