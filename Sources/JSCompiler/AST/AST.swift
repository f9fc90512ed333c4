// The abstract syntax tree produced by `Parser` and consumed by `ScopeAnalysis`
// and `CodeGenerator`.
//
// Expressions and statements are indirect enums (cheap to pattern-match in the
// code generator). Nodes that own a scope (functions, blocks, loops with
// lexical heads, catch clauses, switch bodies, classes) carry a `ScopeID`
// assigned by the parser, unique within one `Program`, so that scope analysis
// can attach its results to them without node identity.

/// A position in the source text. Lines and columns are 1-based.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int32
    public var column: Int32
    public init(line: Int32, column: Int32) {
        self.line = line
        self.column = column
    }
    public static let none = SourceLocation(line: 0, column: 0)
    public var description: String { "\(line):\(column)" }
}

/// Identifies a scope-owning node within one `Program`.
public typealias ScopeID = Int32

/// A whole script. Its body runs as the body of an async function; the value
/// of the last expression statement executed is the completion value.
public struct Program {
    public var body: [Statement]
    /// The scope of the script's top level (its declarations are globals).
    public var scope: ScopeID
    /// `"use strict"` directive at the top of the script.
    public var isStrict: Bool
    /// Number of scope ids the parser handed out (ids are `0..<scopeCount`).
    public var scopeCount: Int32
    public init(body: [Statement], scope: ScopeID, isStrict: Bool, scopeCount: Int32) {
        self.body = body
        self.scope = scope
        self.isStrict = isStrict
        self.scopeCount = scopeCount
    }
}

/// `var`, `let` or `const`.
public enum DeclarationKind: Sendable {
    case `var`, `let`, `const`
}

/// A property key in an object literal, class body or object pattern.
public indirect enum PropertyKey {
    /// An identifier, string or numeric key, already converted to its
    /// canonical string (`{1.50: x}` has key `"1.5"`).
    case named(String)
    /// `[expression]`.
    case computed(Expression)
}

/// A binding or assignment target.
public indirect enum Pattern {
    /// A plain name.
    case identifier(String, SourceLocation)
    /// A member expression (`a.b`, `a[i]`); only in assignment patterns and
    /// for-in/of heads without a declaration.
    case expression(Expression)
    /// `[a, , b = 1, ...rest]`; `nil` elements are elisions.
    case array(elements: [Pattern?], rest: Pattern?, SourceLocation)
    /// `{a, b: c, [k]: d = 1, ...rest}`.
    case object(properties: [PatternProperty], rest: Pattern?, SourceLocation)
    /// `target = defaultValue` (an element, property value or parameter).
    case withDefault(Pattern, Expression)
}

/// One `key: value` entry of an object pattern. Shorthand `{a}` is
/// `key: .named("a"), value: .identifier("a")`.
public struct PatternProperty {
    public var key: PropertyKey
    public var value: Pattern
    public init(key: PropertyKey, value: Pattern) {
        self.key = key
        self.value = value
    }
}

/// An element of an array literal.
public indirect enum ArrayElement {
    case expression(Expression)
    case spread(Expression)
    /// An elision: `[1, , 3]`.
    case hole
}

/// An argument in a call or `new`.
public indirect enum Argument {
    case expression(Expression)
    case spread(Expression)
}

/// An entry of an object literal.
public indirect enum ObjectProperty {
    /// `key: value`, shorthand `{a}` (value `.identifier("a")`), and methods
    /// (value `.function` with `kind == .method`).
    case property(key: PropertyKey, value: Expression)
    case getter(key: PropertyKey, function: FunctionNode)
    case setter(key: PropertyKey, function: FunctionNode)
    /// `...expression`.
    case spread(Expression)
}

public enum UnaryOperator: Sendable {
    case minus, plus, logicalNot, bitwiseNot, typeof, void, delete
}

public enum UpdateOperator: Sendable {
    case increment, decrement
}

public enum BinaryOperator: Sendable {
    case add, subtract, multiply, divide, remainder, exponent
    case shiftLeft, shiftRight, unsignedShiftRight
    case bitwiseAnd, bitwiseOr, bitwiseXor
    case equal, notEqual, strictEqual, strictNotEqual
    case lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual
    case instanceof, `in`
}

public enum LogicalOperator: Sendable {
    case and, or, nullishCoalescing
}

/// `=` is `.assign`; `+=` is `.compound(.add)`; `&&=`, `||=`, `??=` are
/// `.logical(...)` (they short-circuit and assign only when needed).
public enum AssignmentOperator: Sendable {
    case assign
    case compound(BinaryOperator)
    case logical(LogicalOperator)
}

public indirect enum Expression {
    case number(Double, SourceLocation)
    case string(String, SourceLocation)
    /// A template literal: `quasis.count == expressions.count + 1`; quasis
    /// are the cooked strings.
    case template(quasis: [String], expressions: [Expression], SourceLocation)
    case boolean(Bool, SourceLocation)
    case null(SourceLocation)
    case identifier(String, SourceLocation)
    case this(SourceLocation)
    /// `new.target`.
    case newTarget(SourceLocation)
    case array([ArrayElement], SourceLocation)
    case object([ObjectProperty], SourceLocation)
    /// Function expressions and arrow functions.
    case function(FunctionNode)
    case `class`(ClassNode)
    case unary(UnaryOperator, Expression, SourceLocation)
    case update(UpdateOperator, prefix: Bool, target: Expression, SourceLocation)
    case binary(BinaryOperator, Expression, Expression, SourceLocation)
    case logical(LogicalOperator, Expression, Expression, SourceLocation)
    /// For `.assign` the target may be a destructuring pattern; for the
    /// other operators it is `.identifier` or `.expression(member)`.
    case assignment(AssignmentOperator, target: Pattern, value: Expression, SourceLocation)
    case conditional(test: Expression, consequent: Expression, alternate: Expression, SourceLocation)
    /// `callee(args)`; `optional` is true for `callee?.(args)`.
    case call(callee: Expression, arguments: [Argument], optional: Bool, SourceLocation)
    case new(callee: Expression, arguments: [Argument], SourceLocation)
    /// `object.name`; `optional` is true for `object?.name`.
    case member(object: Expression, name: String, optional: Bool, SourceLocation)
    /// `object[index]`; `optional` is true for `object?.[index]`.
    case index(object: Expression, index: Expression, optional: Bool, SourceLocation)
    /// Delimits an optional chain: a `?.` anywhere inside short-circuits the
    /// whole `chain` to `undefined`. `a?.b.c()` is
    /// `.optionalChain(.call(.member(.member(a, b, optional: true), c), ...))`.
    case optionalChain(Expression, SourceLocation)
    /// `super(args)` in a derived-class constructor.
    case superCall(arguments: [Argument], SourceLocation)
    /// `super.name`.
    case superMember(name: String, SourceLocation)
    /// `super[index]`.
    case superIndex(index: Expression, SourceLocation)
    /// `a, b, c`.
    case sequence([Expression], SourceLocation)
    case await(Expression, SourceLocation)
    /// A tagged template `tag\`...\``; cooked and raw strings.
    case taggedTemplate(tag: Expression, cooked: [String?], raw: [String], expressions: [Expression], SourceLocation)
}

public enum FunctionKind: Sendable {
    /// `function` declarations and expressions.
    case normal
    case arrow
    /// Object-literal and class methods (no `prototype`, not constructible).
    case method
    case getter
    case setter
    /// A class constructor (explicit or synthesized) of a base class.
    case classConstructor
    /// A class constructor of a class with `extends`.
    case derivedConstructor
}

/// The body of a function: statements, or an arrow's expression body.
public indirect enum FunctionBody {
    case statements([Statement])
    case expression(Expression)
}

/// A function of any kind. A class so that scope analysis and codegen can
/// share it by reference.
public final class FunctionNode {
    /// The binding name (declarations, named expressions) or the inferred
    /// name (`const f = () => {}` gives `"f"`; methods get their key).
    public var name: String
    /// True when `name` is the function expression's own binding (visible
    /// inside the body), as in `const g = function f() { f() }`.
    public var hasOwnNameBinding: Bool
    public var kind: FunctionKind
    public var isAsync: Bool
    /// Parameters in order; defaults are `.withDefault`.
    public var parameters: [Pattern]
    public var rest: Pattern?
    public var body: FunctionBody
    /// The function's own scope (parameters and top-level body declarations).
    public var scope: ScopeID
    /// `"use strict"` in the body or inherited from the enclosing code.
    public var isStrict: Bool
    /// Location of the `function` keyword / first token, and of the end.
    public var location: SourceLocation
    /// The source text of the whole function (for `Function.prototype.toString`).
    public var sourceText: String
    /// Instance fields to initialise (class constructors only): run at the
    /// start of a base constructor, right after `super()` in a derived one.
    public var fields: [ClassMember]

    public init(name: String, hasOwnNameBinding: Bool = false, kind: FunctionKind, isAsync: Bool,
                parameters: [Pattern], rest: Pattern?, body: FunctionBody, scope: ScopeID,
                isStrict: Bool, location: SourceLocation, sourceText: String, fields: [ClassMember] = []) {
        self.name = name
        self.hasOwnNameBinding = hasOwnNameBinding
        self.kind = kind
        self.isAsync = isAsync
        self.parameters = parameters
        self.rest = rest
        self.body = body
        self.scope = scope
        self.isStrict = isStrict
        self.location = location
        self.sourceText = sourceText
        self.fields = fields
    }
}

/// A member of a class body.
public struct ClassMember {
    public enum Kind {
        case method(FunctionNode)
        case getter(FunctionNode)
        case setter(FunctionNode)
        /// A field; the initializer is an expression evaluated with `this`
        /// bound to the instance (or the class, for static fields).
        case field(Expression?)
    }
    public var key: PropertyKey
    public var isStatic: Bool
    public var kind: Kind
    public var location: SourceLocation
    public init(key: PropertyKey, isStatic: Bool, kind: Kind, location: SourceLocation) {
        self.key = key
        self.isStatic = isStatic
        self.kind = kind
        self.location = location
    }
}

/// A class declaration or expression.
public final class ClassNode {
    /// Binding name (or inferred name), `""` when anonymous.
    public var name: String
    public var superClass: Expression?
    /// The constructor (synthesized by the parser when absent:
    /// `constructor(...args) { super(...args) }` for derived classes).
    /// Its `fields` holds the instance fields.
    public var constructor: FunctionNode
    /// Methods, accessors and static fields (instance fields are in
    /// `constructor.fields`).
    public var members: [ClassMember]
    /// Scope holding the class's inner name binding.
    public var scope: ScopeID
    public var location: SourceLocation
    public init(name: String, superClass: Expression?, constructor: FunctionNode, members: [ClassMember],
                scope: ScopeID, location: SourceLocation) {
        self.name = name
        self.superClass = superClass
        self.constructor = constructor
        self.members = members
        self.scope = scope
        self.location = location
    }
}

/// One declarator of a `var`/`let`/`const` statement.
public struct VariableDeclarator {
    public var target: Pattern
    public var initializer: Expression?
    public init(target: Pattern, initializer: Expression?) {
        self.target = target
        self.initializer = initializer
    }
}

public struct VariableDeclaration {
    public var kind: DeclarationKind
    public var declarators: [VariableDeclarator]
    public var location: SourceLocation
    public init(kind: DeclarationKind, declarators: [VariableDeclarator], location: SourceLocation) {
        self.kind = kind
        self.declarators = declarators
        self.location = location
    }
}

/// The initializer clause of a C-style `for`.
public indirect enum ForInit {
    case declaration(VariableDeclaration)
    case expression(Expression)
}

/// The left side of `for (... in/of ...)`.
public indirect enum ForInOfHead {
    /// `for (const [k, v] of ...)`.
    case declaration(DeclarationKind, Pattern)
    /// `for (x of ...)`, `for (o.p in ...)`, `for ([a, b] of ...)`.
    case pattern(Pattern)
}

public struct SwitchCase {
    /// `nil` for `default:`.
    public var test: Expression?
    public var body: [Statement]
    public init(test: Expression?, body: [Statement]) {
        self.test = test
        self.body = body
    }
}

public indirect enum Statement {
    case expression(Expression, SourceLocation)
    case variableDeclaration(VariableDeclaration)
    case functionDeclaration(FunctionNode)
    case classDeclaration(ClassNode)
    case `return`(Expression?, SourceLocation)
    case `if`(test: Expression, consequent: Statement, alternate: Statement?, SourceLocation)
    case block([Statement], scope: ScopeID, SourceLocation)
    /// `scope` holds the `let`/`const` declared in `initializer`
    /// (per-iteration bindings).
    case `for`(initializer: ForInit?, test: Expression?, update: Expression?, body: Statement,
               scope: ScopeID, SourceLocation)
    case forIn(head: ForInOfHead, object: Expression, body: Statement, scope: ScopeID, SourceLocation)
    case forOf(head: ForInOfHead, iterable: Expression, body: Statement, scope: ScopeID, SourceLocation)
    case `while`(test: Expression, body: Statement, SourceLocation)
    case doWhile(body: Statement, test: Expression, SourceLocation)
    case `break`(label: String?, SourceLocation)
    case `continue`(label: String?, SourceLocation)
    case `throw`(Expression, SourceLocation)
    /// `catchScope` holds the catch parameter and the catch body's
    /// declarations.
    case `try`(block: [Statement], blockScope: ScopeID, catchParameter: Pattern?, catchBody: [Statement]?,
               catchScope: ScopeID, finally: [Statement]?, finallyScope: ScopeID, SourceLocation)
    case `switch`(discriminant: Expression, cases: [SwitchCase], scope: ScopeID, SourceLocation)
    case labeled(label: String, body: Statement, SourceLocation)
    case empty
    case debugger(SourceLocation)
}

/// A compile error with its position: rendered as
/// `SyntaxError: Unexpected token '}' (script.js:12:5)`.
public struct SyntaxError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var fileName: String
    public var location: SourceLocation
    public init(message: String, fileName: String, location: SourceLocation) {
        self.message = message
        self.fileName = fileName
        self.location = location
    }
    public var description: String { "SyntaxError: \(message) (\(fileName):\(location.line):\(location.column))" }
}
