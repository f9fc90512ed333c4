// Scope analysis: decides, before code generation, where every binding lives.
//
// One walk over the program in source order declares every binding (hoisting
// `var` and function declarations, block-scoping `let`/`const`/`class`),
// resolves every reference, marks bindings referenced from inner functions as
// captured (they live in heap cells), builds each function's capture list
// (Lua-style: a capture of a variable two functions up is threaded through
// the intermediate function), and records which lexical bindings may be
// touched before their declaration ran (they start as the hole).
//
// TDZ reasoning uses source order, which within one function is execution
// order (only `switch` can jump past a declaration): an access in the
// declaring function after the declaration is safe, and so is an access from
// a closure created after the declaration ran, because a closure keeps the
// cell that was current when it was created. Function declarations are
// created when their scope is entered, wherever they appear.
//
// The code generator later resolves names again through the same scopes
// (`resolve(_:from:)`); by then every decision is final.

/// Limits shared by scope analysis and code generation.
enum CompilerLimits {
    /// Slots are `u16` operands.
    static let maxRegisters = Int(UInt16.max) + 1
    /// Deepest statement/expression nesting compiled (protects the Swift stack).
    static let maxNesting = 1_000
}

/// How a name was introduced; decides initialisation, TDZ and mutability.
enum BindingKind: Equatable {
    /// `var`.
    case variable
    /// A name bound by a destructured or rest parameter (written by the prologue).
    case parameterPattern
    /// A simple parameter: it lives in its argument slot `2 + index`.
    case parameter
    /// A function declaration (initialised when its scope is entered).
    case function
    case `let`, `const`, `class`
    /// A class's own name inside its body.
    case classInner
    case catchParameter
    /// A named function expression's own name (the callee, slot 0).
    case callee
    /// The implicit `this` (slot 1).
    case this
    /// The implicit `new.target`.
    case newTarget
    /// The implicit `arguments` object.
    case arguments
    /// A compiler-generated constant (a computed class-field key).
    case hidden

    /// Bindings that hold the hole until their declaration runs.
    var hasTemporalDeadZone: Bool {
        switch self {
        case .let, .const, .class, .classInner: return true
        default: return false
        }
    }

    /// Bindings that cannot be redeclared in the same scope.
    var isLexical: Bool {
        switch self {
        case .let, .const, .class, .catchParameter: return true
        default: return false
        }
    }

    /// Assignments to these throw `TypeError` (a sloppy-mode callee name ignores them).
    var isImmutable: Bool {
        switch self {
        case .const, .classInner, .callee, .hidden: return true
        default: return false
        }
    }
}

/// Where a binding's value is kept in its own function.
enum BindingStorage: Equatable {
    /// Directly in a frame slot.
    case register(UInt16)
    /// In a heap cell stored in a frame slot (the binding is captured).
    case cell(UInt16)
    /// In the VM's global-slot array (script top-level declarations).
    case globalSlot(UInt32)
    /// Read with `getNewTarget`.
    case newTarget
}

/// One declared name.
final class Binding {
    let name: String
    let kind: BindingKind
    /// The function whose frame holds the binding.
    unowned let function: FunctionInfo
    /// The frame slot, for bindings not in a global slot; -1 for implicit
    /// bindings that stay in their source (slot 0/1, `getNewTarget`) until captured.
    fileprivate(set) var slot: Int
    let globalSlot: UInt32?
    /// A global `var`/function binding this script creates (initialised to undefined).
    let isNewGlobal: Bool
    /// Declared in a `switch` body: a jump to a later case can skip the declaration.
    let isSwitchScoped: Bool
    /// Referenced from an inner function: the binding lives in a cell.
    fileprivate(set) var isCaptured = false
    /// Some reference may run before the declaration initialised the binding:
    /// it must start as the hole and unproven accesses are checked.
    fileprivate(set) var mayBeAccessedBeforeInitialization: Bool
    /// Read or written anywhere.
    fileprivate(set) var isReferenced = false
    /// The walk step at which the declaration completed (nil until the walk passes it).
    fileprivate var initializedAtStep: Int?

    fileprivate init(name: String, kind: BindingKind, function: FunctionInfo, slot: Int, globalSlot: UInt32? = nil,
                     isNewGlobal: Bool = false, isSwitchScoped: Bool = false, mayBeAccessedEarly: Bool = false) {
        self.name = name
        self.kind = kind
        self.function = function
        self.slot = slot
        self.globalSlot = globalSlot
        self.isNewGlobal = isNewGlobal
        self.isSwitchScoped = isSwitchScoped
        self.mayBeAccessedBeforeInitialization = mayBeAccessedEarly
    }

    var storage: BindingStorage {
        if let globalSlot { return .globalSlot(globalSlot) }
        if isCaptured { return .cell(UInt16(slot)) }
        switch kind {
        case .this: return .register(1)
        case .callee: return .register(0)
        case .newTarget: return .newTarget
        default: return .register(UInt16(slot))
        }
    }
}

/// Where a captured cell comes from, before slots are final.
enum CaptureSource {
    /// A binding of the function that creates the closure.
    case parentBinding(Binding)
    /// One of the creating function's own captures.
    case parentCapture(Int)
}

/// Per-function results: slots, implicit bindings and the capture list.
final class FunctionInfo {
    /// The function; nil for the script body.
    let node: FunctionNode?
    let kind: CodeKind
    /// The function whose code creates this one's closures.
    let parent: FunctionInfo?
    /// The function's top scope (parameters and body declarations).
    fileprivate(set) var scope: Scope!
    /// Slots in use: callee, `this`, parameters, then locals.
    fileprivate(set) var slotCount: Int
    private var captureSources: [CaptureSource] = []
    private var captureIndexByBinding: [ObjectIdentifier: Int] = [:]
    fileprivate(set) var thisBinding: Binding?
    fileprivate(set) var newTargetBinding: Binding?
    fileprivate(set) var argumentsBinding: Binding?
    /// The class a constructor belongs to (its instance fields).
    fileprivate(set) var classInfo: ClassInfo?
    /// The walk step at which the closure is created in its parent.
    fileprivate var creationStep = 0

    fileprivate init(node: FunctionNode?, kind: CodeKind, parent: FunctionInfo?) {
        self.node = node
        self.kind = kind
        self.parent = parent
        self.slotCount = 2 + (node?.parameters.count ?? 0)
    }

    var parameterCount: Int { node?.parameters.count ?? 0 }

    /// True when the VM must keep the actual arguments (`arguments` or a rest parameter).
    var usesArguments: Bool { argumentsBinding != nil || node?.rest != nil }

    /// The capture list in `CodeBlock` form (valid once analysis is complete).
    var captures: [Capture] {
        captureSources.map { source in
            switch source {
            case .parentBinding(let binding): return Capture(fromParentLocal: true, index: UInt16(binding.slot))
            case .parentCapture(let index): return Capture(fromParentLocal: false, index: UInt16(index))
            }
        }
    }

    fileprivate func allocateSlot() throws -> Int {
        guard slotCount < CompilerLimits.maxRegisters else { throw CompilerLimits.functionTooLarge(node) }
        slotCount += 1
        return slotCount - 1
    }

    /// The upvalue index of `binding` (declared in an enclosing function),
    /// adding it, and threading it through intermediate functions, on first use.
    fileprivate func upvalueIndex(of binding: Binding) throws -> Int {
        if let index = captureIndexByBinding[ObjectIdentifier(binding)] { return index }
        guard let parent else { throw CompilerLimits.internalError("capture without an enclosing function") }
        let source: CaptureSource = parent === binding.function
            ? .parentBinding(binding) : .parentCapture(try parent.upvalueIndex(of: binding))
        guard captureSources.count <= Int(UInt16.max) else { throw CompilerLimits.functionTooLarge(node) }
        captureSources.append(source)
        captureIndexByBinding[ObjectIdentifier(binding)] = captureSources.count - 1
        return captureSources.count - 1
    }
}

extension CompilerLimits {
    /// The "Function too large" error (locals, captures or jumps beyond the encoding).
    static func functionTooLarge(_ node: FunctionNode?) -> SyntaxError {
        SyntaxError(message: "Function too large", fileName: "", location: node?.location ?? .none)
    }

    /// An inconsistency between the parser's tree and the compiler's expectations.
    static func internalError(_ message: String) -> SyntaxError {
        SyntaxError(message: "Internal compiler error: \(message)", fileName: "", location: .none)
    }
}

/// A lexical scope: a function's top level, a block, a catch clause, a switch
/// body, a class body, or the script.
final class Scope {
    enum Kind {
        /// Bindings of earlier scripts (above the script scope).
        case globalEnvironment
        case script
        case function
        case block
        case switchBody
        case classBody
        /// Where instance-field initialisers are resolved: the class body's
        /// names, with `this` of the constructor that runs them.
        case fieldInitializers
    }
    let kind: Kind
    let parent: Scope?
    /// The function whose code runs in this scope.
    unowned let function: FunctionInfo
    private(set) var bindings: [String: Binding] = [:]
    /// Bindings in declaration order (the order they are initialised at entry).
    private(set) var declarations: [Binding] = []
    /// Function declarations created when the scope is entered.
    fileprivate(set) var hoistedFunctions: [(node: FunctionNode, binding: Binding)] = []

    fileprivate init(kind: Kind, parent: Scope?, function: FunctionInfo) {
        self.kind = kind
        self.parent = parent
        self.function = function
    }

    /// Adds (or replaces, for duplicate parameter names) a binding.
    fileprivate func add(_ binding: Binding) {
        if bindings[binding.name] != nil {
            declarations.removeAll { $0.name == binding.name }
        }
        bindings[binding.name] = binding
        declarations.append(binding)
    }

    /// Makes `binding` (of another scope) visible here under `name` without initialising it here.
    fileprivate func alias(_ name: String, to binding: Binding) {
        bindings[name] = binding
    }
}

/// Extra scope facts for one class.
final class ClassInfo {
    /// Holds the class's own name and the computed field keys.
    let scope: Scope
    /// The inner name binding (absent for anonymous classes).
    fileprivate(set) var innerBinding: Binding?
    /// Where instance-field initialisers are resolved (nil without instance fields).
    fileprivate(set) var fieldScope: Scope?
    /// Hidden bindings holding computed instance-field keys, by index in `constructor.fields`.
    fileprivate(set) var instanceFieldKeys: [Int: Binding] = [:]
    /// Hidden bindings holding computed static-field keys, by index in `members`.
    fileprivate(set) var staticFieldKeys: [Int: Binding] = [:]
    /// Synthesized methods computing static-field values, by index in `members`.
    fileprivate(set) var staticInitializers: [Int: FunctionNode] = [:]
    /// Class elements in source order (the order their keys are evaluated).
    fileprivate(set) var elementOrder: [Element] = []

    enum Element {
        /// An entry of `ClassNode.members`.
        case member(Int)
        /// An entry of `constructor.fields`.
        case instanceField(Int)
    }

    fileprivate init(scope: Scope) {
        self.scope = scope
    }
}

/// Where a resolved name is accessed from the current function.
enum VariableLocation: Equatable {
    case register(UInt16)
    case cell(UInt16)
    case upvalue(UInt16)
    case globalSlot(UInt32)
    case newTarget
    /// Not declared anywhere: a property of the global object.
    case global
}

/// The result of resolving a name.
struct Resolution {
    var location: VariableLocation
    /// The binding (nil for global properties).
    var binding: Binding?
    /// True when the access runs in the binding's own function (no closure in between).
    var isInDeclaringFunction: Bool
}

/// Scope analysis of one script.
final class ScopeAnalysis {
    let fileName: String
    let isStrictScript: Bool
    /// The global scope after this script's declarations.
    private(set) var globals: GlobalScope
    /// The script body.
    let script: FunctionInfo
    private var scopesByID: [ScopeID: Scope] = [:]
    private var functionsByNode: [ObjectIdentifier: FunctionInfo] = [:]
    private var classesByNode: [ObjectIdentifier: ClassInfo] = [:]
    /// The scope the walk is in.
    private var current: Scope
    private var nesting = 0
    /// Counts declarations passed by the walk (orders initialisations and closure creations).
    private var walkStep = 0
    /// Creation steps of hoisted function declarations (their scope's entry).
    private var hoistedCreationSteps: [ObjectIdentifier: Int] = [:]
    /// Set once the walk is done; resolution then only reads decisions.
    private var isComplete = false

    init(program: Program, globals: GlobalScope, fileName: String) throws {
        self.fileName = fileName
        self.isStrictScript = program.isStrict
        self.globals = globals
        script = FunctionInfo(node: nil, kind: .script, parent: nil)
        let environment = Scope(kind: .globalEnvironment, parent: nil, function: script)
        for (name, global) in globals.bindings.sorted(by: { $0.value.slot < $1.value.slot }) {
            let kind: BindingKind = global.kind == .var ? .variable : (global.kind == .let ? .let : .const)
            environment.add(Binding(name: name, kind: kind, function: script, slot: -1, globalSlot: global.slot,
                                    mayBeAccessedEarly: kind.hasTemporalDeadZone))
        }
        current = Scope(kind: .script, parent: environment, function: script)
        script.scope = current
        scopesByID[program.scope] = current
        do {
            try declareVariables(in: program.body)
            try declareLexical(program.body)
            try walk(program.body)
            isComplete = true
        } catch var error as SyntaxError {
            error.fileName = fileName
            throw error
        }
    }

    // MARK: Queries for the code generator

    /// The scope a parser `ScopeID` denotes.
    func scope(_ id: ScopeID) throws -> Scope {
        guard let scope = scopesByID[id] else { throw located(CompilerLimits.internalError("unknown scope \(id)")) }
        return scope
    }

    func function(for node: FunctionNode) throws -> FunctionInfo {
        guard let info = functionsByNode[ObjectIdentifier(node)] else {
            throw located(CompilerLimits.internalError("function '\(node.name)' was not analysed"))
        }
        return info
    }

    func classInfo(for node: ClassNode) throws -> ClassInfo {
        guard let info = classesByNode[ObjectIdentifier(node)] else {
            throw located(CompilerLimits.internalError("class '\(node.name)' was not analysed"))
        }
        return info
    }

    /// Resolves `name` as seen from `scope`'s function.
    func resolve(_ name: String, from scope: Scope) throws -> Resolution {
        var candidate: Scope? = scope
        while let searched = candidate {
            if let binding = searched.bindings[name] {
                return try locate(binding, from: scope.function)
            }
            if name == "arguments", searched.kind == .function, searched.function.node != nil,
               searched.function.kind != .arrow {
                guard !isComplete else { throw located(CompilerLimits.internalError("'arguments' after analysis")) }
                let info = searched.function
                let binding = Binding(name: name, kind: .arguments, function: info, slot: try info.allocateSlot())
                searched.add(binding)
                info.argumentsBinding = binding
                return try locate(binding, from: scope.function)
            }
            candidate = searched.parent
        }
        return Resolution(location: .global, binding: nil, isInDeclaringFunction: scope.function === script)
    }

    private func locate(_ binding: Binding, from function: FunctionInfo) throws -> Resolution {
        if let slot = binding.globalSlot {
            return Resolution(location: .globalSlot(slot), binding: binding, isInDeclaringFunction: function === script)
        }
        if binding.function === function {
            let location: VariableLocation
            switch binding.storage {
            case .register(let slot): location = .register(slot)
            case .cell(let slot): location = .cell(slot)
            case .newTarget: location = .newTarget
            case .globalSlot(let slot): location = .globalSlot(slot)
            }
            return Resolution(location: location, binding: binding, isInDeclaringFunction: true)
        }
        if !binding.isCaptured {
            // Code generation must not discover captures the walk missed: the
            // declaring function may already have been compiled.
            guard !isComplete else {
                throw located(CompilerLimits.internalError("'\(binding.name)' captured after analysis"))
            }
            binding.isCaptured = true
            // Implicit bindings (this, callee, new.target) get their cell slot when first captured.
            if binding.slot < 0 { binding.slot = try binding.function.allocateSlot() }
        }
        let index = try function.upvalueIndex(of: binding)
        return Resolution(location: .upvalue(UInt16(index)), binding: binding, isInDeclaringFunction: false)
    }

    private func located(_ error: SyntaxError) -> SyntaxError {
        var error = error
        error.fileName = fileName
        return error
    }

    private func syntaxError(_ message: String, at location: SourceLocation) -> SyntaxError {
        SyntaxError(message: message, fileName: fileName, location: location)
    }

    // MARK: Declarations

    /// Declares `name` in `scope`, enforcing the redeclaration rules; `var`
    /// and function declarations of an existing var-like name share its binding.
    @discardableResult
    private func declare(_ name: String, _ kind: BindingKind, in scope: Scope,
                         at location: SourceLocation) throws -> Binding {
        if scope.kind == .script { return try declareGlobal(name, kind, in: scope, at: location) }
        if let existing = scope.bindings[name] {
            if kind.isLexical || existing.kind.isLexical {
                throw syntaxError("Identifier '\(name)' has already been declared", at: location)
            }
            if kind != .parameter { return existing }
        }
        let slot: Int
        switch kind {
        case .parameter, .this, .newTarget, .callee: slot = -1  // fixed source; a cell slot only if captured
        default: slot = try scope.function.allocateSlot()
        }
        let binding = Binding(name: name, kind: kind, function: scope.function, slot: slot,
                              isSwitchScoped: scope.kind == .switchBody)
        scope.add(binding)
        return binding
    }

    /// Script top-level declarations become global slots shared with later scripts.
    private func declareGlobal(_ name: String, _ kind: BindingKind, in scope: Scope,
                               at location: SourceLocation) throws -> Binding {
        let earlier = globals.bindings[name]
        if let existing = scope.bindings[name] {
            if kind.isLexical || existing.kind.isLexical {
                throw syntaxError("Identifier '\(name)' has already been declared", at: location)
            }
            return existing
        }
        if let earlier, kind.isLexical || earlier.kind != .var {
            throw syntaxError("Identifier '\(name)' has already been declared", at: location)
        }
        let slot: UInt32
        if let earlier {
            slot = earlier.slot
        } else {
            slot = globals.slotCount
            globals.slotCount += 1
            let declarationKind: DeclarationKind = kind == .const ? .const : (kind.isLexical ? .let : .var)
            globals.bindings[name] = GlobalScope.Binding(slot: slot, kind: declarationKind)
        }
        let binding = Binding(name: name, kind: kind, function: script, slot: -1, globalSlot: slot,
                              isNewGlobal: earlier == nil, mayBeAccessedEarly: kind.hasTemporalDeadZone)
        scope.add(binding)
        return binding
    }

    /// Hoists the `var` declarations of a function body (or the script) into the current scope.
    private func declareVariables(in statements: [Statement]) throws {
        for statement in statements { try declareVariables(in: statement) }
    }

    private func declareVariables(in statement: Statement) throws {
        switch statement {
        case .variableDeclaration(let declaration) where declaration.kind == .var:
            for declarator in declaration.declarators {
                try declareNames(in: declarator.target, as: .variable, at: declaration.location)
            }
        case .if(_, let consequent, let alternate, _):
            try declareVariables(in: consequent)
            if let alternate { try declareVariables(in: alternate) }
        case .block(let body, _, _):
            try declareVariables(in: body)
        case .for(let initializer, _, _, let body, _, _):
            if case .declaration(let declaration)? = initializer {
                try declareVariables(in: .variableDeclaration(declaration))
            }
            try declareVariables(in: body)
        case .forIn(let head, _, let body, _, let location), .forOf(let head, _, let body, _, let location):
            if case .declaration(.var, let pattern) = head {
                try declareNames(in: pattern, as: .variable, at: location)
            }
            try declareVariables(in: body)
        case .while(_, let body, _), .doWhile(let body, _, _), .labeled(_, let body, _):
            try declareVariables(in: body)
        case .try(let block, _, _, let catchBody, _, let finally, _, _):
            try declareVariables(in: block)
            try declareVariables(in: catchBody ?? [])
            try declareVariables(in: finally ?? [])
        case .switch(_, let cases, _, _):
            for switchCase in cases { try declareVariables(in: switchCase.body) }
        default:
            break
        }
    }

    /// Declares the lexical declarations (and function declarations) directly in `statements`.
    private func declareLexical(_ statements: [Statement]) throws {
        for statement in statements { try declareLexical(statement) }
    }

    private func declareLexical(_ statement: Statement) throws {
        switch statement {
        case .variableDeclaration(let declaration) where declaration.kind != .var:
            for declarator in declaration.declarators {
                try declareNames(in: declarator.target, as: declaration.kind == .let ? .let : .const,
                                 at: declaration.location)
            }
        case .classDeclaration(let node):
            try declare(node.name, .class, in: current, at: node.location)
        case .functionDeclaration(let node):
            let binding = try declare(node.name, .function, in: current, at: node.location)
            current.hoistedFunctions.append((node, binding))
            hoistedCreationSteps[ObjectIdentifier(node)] = walkStep
        case .labeled(_, let body, _):
            try declareLexical(body)
        default:
            break
        }
    }

    private func declareNames(in pattern: Pattern, as kind: BindingKind, at location: SourceLocation) throws {
        for (name, nameLocation) in boundNames(of: pattern) {
            try declare(name, kind, in: kind == .variable ? current.function.scope : current,
                        at: nameLocation == .none ? location : nameLocation)
        }
    }

    /// The identifiers a binding pattern declares, in order.
    private func boundNames(of pattern: Pattern) -> [(String, SourceLocation)] {
        switch pattern {
        case .identifier(let name, let location): return [(name, location)]
        case .expression: return []
        case .withDefault(let target, _): return boundNames(of: target)
        case .array(let elements, let rest, _):
            return elements.compactMap { $0 }.flatMap(boundNames) + (rest.map(boundNames) ?? [])
        case .object(let properties, let rest, _):
            return properties.flatMap { boundNames(of: $0.value) } + (rest.map(boundNames) ?? [])
        }
    }

    // MARK: Walk

    private func withScope<T>(_ scope: Scope, _ body: () throws -> T) rethrows -> T {
        let saved = current
        current = scope
        defer { current = saved }
        return try body()
    }

    /// Creates the scope for a parser scope id and walks `body` inside it.
    private func withNewScope(_ id: ScopeID, kind: Scope.Kind, _ body: () throws -> Void) throws {
        let scope = Scope(kind: kind, parent: current, function: current.function)
        scopesByID[id] = scope
        try withScope(scope, body)
    }

    private func nested<T>(_ body: () throws -> T) throws -> T {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= CompilerLimits.maxNesting else {
            throw syntaxError("Program too deeply nested", at: .none)
        }
        return try body()
    }

    /// Records a read or write of `name` at the current point of the walk.
    private func reference(_ name: String) throws {
        guard let binding = try resolve(name, from: current).binding else { return }
        binding.isReferenced = true
        if binding.kind.hasTemporalDeadZone, !isInitialized(binding) {
            binding.mayBeAccessedBeforeInitialization = true
        }
    }

    /// True when an access at the current point of the walk provably finds
    /// `binding` initialised (see the file comment).
    private func isInitialized(_ binding: Binding) -> Bool {
        guard let initialized = binding.initializedAtStep, !binding.isSwitchScoped else { return false }
        // The closure created directly in the declaring function that contains this access.
        var closure = current.function
        while closure !== binding.function {
            guard let parent = closure.parent else { return false }
            if parent === binding.function { return initialized <= closure.creationStep }
            closure = parent
        }
        return true
    }

    private func walk(_ statements: [Statement]) throws {
        for statement in statements { try walk(statement) }
    }

    private func walk(_ statement: Statement) throws {
        try nested {
            switch statement {
            case .expression(let expression, _), .throw(let expression, _):
                try walk(expression)
            case .variableDeclaration(let declaration):
                try walk(declaration)
            case .functionDeclaration(let node):
                try analyzeFunction(node)
            case .classDeclaration(let node):
                try walkClass(node)
                try markInitialized(node.name)
            case .return(let value, _):
                if let value { try walk(value) }
            case .if(let test, let consequent, let alternate, _):
                try walk(test)
                try walk(consequent)
                if let alternate { try walk(alternate) }
            case .block(let body, let id, _):
                try withNewScope(id, kind: .block) {
                    try declareLexical(body)
                    try walk(body)
                }
            case .for(let initializer, let test, let update, let body, let id, _):
                try withNewScope(id, kind: .block) {
                    switch initializer {
                    case .declaration(let declaration)?:
                        try declareLexical(.variableDeclaration(declaration))
                        try walk(declaration)
                    case .expression(let expression)?:
                        try walk(expression)
                    case nil:
                        break
                    }
                    if let test { try walk(test) }
                    if let update { try walk(update) }
                    try walk(body)
                }
            case .forIn(let head, let object, let body, let id, _), .forOf(let head, let object, let body, let id, _):
                try withNewScope(id, kind: .block) {
                    if case .declaration(let kind, let pattern) = head, kind != .var {
                        try declareNames(in: pattern, as: kind == .let ? .let : .const, at: .none)
                    }
                    try walk(object)
                    switch head {
                    case .declaration(_, let pattern): try walkPattern(pattern, declaring: true)
                    case .pattern(let pattern): try walkPattern(pattern, declaring: false)
                    }
                    try walk(body)
                }
            case .while(let test, let body, _), .doWhile(let body, let test, _):
                try walk(test)
                try walk(body)
            case .break, .continue, .empty, .debugger:
                break
            case .try(let block, let blockScope, let parameter, let catchBody, let catchScope, let finally,
                      let finallyScope, let location):
                try withNewScope(blockScope, kind: .block) {
                    try declareLexical(block)
                    try walk(block)
                }
                if let catchBody {
                    try withNewScope(catchScope, kind: .block) {
                        if let parameter {
                            for (name, nameLocation) in boundNames(of: parameter) {
                                try declare(name, .catchParameter, in: current,
                                            at: nameLocation == .none ? location : nameLocation)
                            }
                        }
                        try declareLexical(catchBody)
                        if let parameter { try walkPattern(parameter, declaring: true) }
                        try walk(catchBody)
                    }
                }
                if let finally {
                    try withNewScope(finallyScope, kind: .block) {
                        try declareLexical(finally)
                        try walk(finally)
                    }
                }
            case .switch(let discriminant, let cases, let id, _):
                try walk(discriminant)
                try withNewScope(id, kind: .switchBody) {
                    for switchCase in cases { try declareLexical(switchCase.body) }
                    for switchCase in cases {
                        if let test = switchCase.test { try walk(test) }
                        try walk(switchCase.body)
                    }
                }
            case .labeled(_, let body, _):
                try walk(body)
            }
        }
    }

    private func walk(_ declaration: VariableDeclaration) throws {
        for declarator in declaration.declarators {
            if let initializer = declarator.initializer { try walk(initializer) }
            try walkPattern(declarator.target, declaring: true)
        }
    }

    private func markInitialized(_ name: String) throws {
        guard let binding = try resolve(name, from: current).binding else { return }
        markInitialized(binding)
    }

    private func markInitialized(_ binding: Binding) {
        walkStep += 1
        binding.initializedAtStep = walkStep
    }

    /// Walks a binding or assignment target: defaults, computed keys, member
    /// targets, and the names it binds (declarations) or assigns (assignments).
    private func walkPattern(_ pattern: Pattern, declaring: Bool) throws {
        try nested {
            switch pattern {
            case .identifier(let name, _):
                if declaring { try markInitialized(name) } else { try reference(name) }
            case .expression(let expression):
                try walk(expression)
            case .withDefault(let target, let value):
                try walk(value)
                try walkPattern(target, declaring: declaring)
            case .array(let elements, let rest, _):
                for case let element? in elements { try walkPattern(element, declaring: declaring) }
                if let rest { try walkPattern(rest, declaring: declaring) }
            case .object(let properties, let rest, _):
                for property in properties {
                    if case .computed(let key) = property.key { try walk(key) }
                    try walkPattern(property.value, declaring: declaring)
                }
                if let rest { try walkPattern(rest, declaring: declaring) }
            }
        }
    }

    private func walk(_ expressions: [Expression]) throws {
        for expression in expressions { try walk(expression) }
    }

    private func walk(_ arguments: [Argument]) throws {
        for argument in arguments {
            switch argument {
            case .expression(let expression), .spread(let expression): try walk(expression)
            }
        }
    }

    private func walk(_ key: PropertyKey) throws {
        if case .computed(let expression) = key { try walk(expression) }
    }

    private func walk(_ expression: Expression) throws {
        try nested {
            switch expression {
            case .number, .string, .boolean, .null:
                break
            case .template(_, let expressions, _), .sequence(let expressions, _):
                try walk(expressions)
            case .identifier(let name, _):
                try reference(name)
            case .this:
                try reference("this")
            case .newTarget:
                try reference("new.target")
            case .array(let elements, _):
                for element in elements {
                    switch element {
                    case .expression(let value), .spread(let value): try walk(value)
                    case .hole: break
                    }
                }
            case .object(let properties, _):
                for property in properties {
                    switch property {
                    case .property(let key, let value):
                        try walk(key)
                        try walk(value)
                    case .getter(let key, let function), .setter(let key, let function):
                        try walk(key)
                        try analyzeFunction(function)
                    case .spread(let value):
                        try walk(value)
                    }
                }
            case .function(let node):
                try analyzeFunction(node)
            case .class(let node):
                try walkClass(node)
            case .unary(_, let operand, _), .await(let operand, _), .optionalChain(let operand, _):
                try walk(operand)
            case .update(_, _, let target, _):
                try walk(target)
            case .binary, .logical:
                // Left-deep operator chains can be very long: walk them iteratively.
                var rightOperands: [Expression] = []
                var leftmost = expression
                spine: while true {
                    switch leftmost {
                    case .binary(_, let left, let right, _), .logical(_, let left, let right, _):
                        rightOperands.append(right)
                        leftmost = left
                    default:
                        break spine
                    }
                }
                try walk(leftmost)
                for operand in rightOperands.reversed() { try walk(operand) }
            case .assignment(_, let target, let value, _):
                try walkPattern(target, declaring: false)
                try walk(value)
            case .conditional(let test, let consequent, let alternate, _):
                try walk(test)
                try walk(consequent)
                try walk(alternate)
            case .call(let callee, let arguments, _, _), .new(let callee, let arguments, _):
                try walk(callee)
                try walk(arguments)
            case .member(let object, _, _, _):
                try walk(object)
            case .index(let object, let index, _, _):
                try walk(object)
                try walk(index)
            case .superCall(let arguments, let location):
                try walk(arguments)
                try reference("this")
                try checkSuperCallPlacement(at: location)
            case .superMember:
                try reference("this")
            case .superIndex(let index, _):
                try walk(index)
                try reference("this")
            case .taggedTemplate(let tag, _, _, let expressions, _):
                try walk(tag)
                try walk(expressions)
            }
        }
    }

    /// Instance fields are initialised inline after `super(...)`, which needs
    /// the constructor's own frame: `super()` from an arrow function is only
    /// supported when the class has no instance fields.
    private func checkSuperCallPlacement(at location: SourceLocation) throws {
        guard current.function.kind == .arrow else { return }
        var enclosing = current.function.parent
        while let function = enclosing, function.kind == .arrow { enclosing = function.parent }
        if let node = enclosing?.node, node.kind == .derivedConstructor, !node.fields.isEmpty {
            throw syntaxError("super() inside an arrow function is not supported in a class with instance fields",
                              at: location)
        }
    }

    // MARK: Functions and classes

    /// Declares and walks a function; `beforeParameters` walks code that runs
    /// at entry in the function's frame (instance-field initialisers).
    @discardableResult
    private func analyzeFunction(_ node: FunctionNode,
                                 beforeParameters: ((FunctionInfo) throws -> Void)? = nil) throws -> FunctionInfo {
        let info = FunctionInfo(node: node, kind: codeKind(of: node.kind), parent: current.function)
        info.creationStep = hoistedCreationSteps[ObjectIdentifier(node)] ?? walkStep
        functionsByNode[ObjectIdentifier(node)] = info
        let scope = Scope(kind: .function, parent: current, function: info)
        info.scope = scope
        if node.scope >= 0 { scopesByID[node.scope] = scope }
        guard node.parameters.count <= Int(UInt16.max) - 2 else { throw CompilerLimits.functionTooLarge(node) }
        try withScope(scope) {
            if node.kind != .arrow {
                info.thisBinding = try declare("this", .this, in: scope, at: node.location)
                info.newTargetBinding = try declare("new.target", .newTarget, in: scope, at: node.location)
            }
            for (index, parameter) in node.parameters.enumerated() {
                if let name = simpleParameterName(parameter) {
                    try declare(name, .parameter, in: scope, at: node.location).slot = 2 + index
                } else {
                    try declareNames(in: parameter, as: .parameterPattern, at: node.location)
                }
            }
            if let rest = node.rest { try declareNames(in: rest, as: .parameterPattern, at: node.location) }
            if case .statements(let body) = node.body {
                try declareVariables(in: body)
                try declareLexical(body)
            }
            if node.hasOwnNameBinding, !node.name.isEmpty, scope.bindings[node.name] == nil {
                try declare(node.name, .callee, in: scope, at: node.location)
            }
            try beforeParameters?(info)
            for parameter in node.parameters { try walkPattern(parameter, declaring: true) }
            if let rest = node.rest { try walkPattern(rest, declaring: true) }
            switch node.body {
            case .statements(let body): try walk(body)
            case .expression(let expression): try walk(expression)
            }
        }
        return info
    }

    /// The name of a parameter that lives directly in its argument slot.
    private func simpleParameterName(_ parameter: Pattern) -> String? {
        switch parameter {
        case .identifier(let name, _), .withDefault(.identifier(let name, _), _): return name
        default: return nil
        }
    }

    private func codeKind(of kind: FunctionKind) -> CodeKind {
        switch kind {
        case .normal: return .normal
        case .arrow: return .arrow
        case .method: return .method
        case .getter: return .getter
        case .setter: return .setter
        case .classConstructor: return .classConstructor
        case .derivedConstructor: return .derivedConstructor
        }
    }

    private func walkClass(_ node: ClassNode) throws {
        let scope = Scope(kind: .classBody, parent: current, function: current.function)
        scopesByID[node.scope] = scope
        let info = ClassInfo(scope: scope)
        classesByNode[ObjectIdentifier(node)] = info
        let fields = node.constructor.fields
        try withScope(scope) {
            if !node.name.isEmpty {
                info.innerBinding = try declare(node.name, .classInner, in: scope, at: node.location)
            }
            info.elementOrder = elementOrder(of: node)
            for element in info.elementOrder {
                switch element {
                case .member(let index):
                    let member = node.members[index]
                    if case .field = member.kind, case .computed = member.key {
                        info.staticFieldKeys[index] = try declare("%static\(index)", .hidden, in: scope,
                                                                  at: member.location)
                    }
                case .instanceField(let index):
                    if case .computed = fields[index].key {
                        info.instanceFieldKeys[index] = try declare("%field\(index)", .hidden, in: scope,
                                                                    at: fields[index].location)
                    }
                }
            }
            if let superClass = node.superClass { try walk(superClass) }
            for element in info.elementOrder {
                switch element {
                case .member(let index): try walk(node.members[index].key)
                case .instanceField(let index): try walk(fields[index].key)
                }
            }
            let constructor = try analyzeFunction(node.constructor) { constructor in
                guard !fields.isEmpty, let this = constructor.thisBinding else { return }
                let fieldScope = Scope(kind: .fieldInitializers, parent: scope, function: constructor)
                fieldScope.alias("this", to: this)
                info.fieldScope = fieldScope
                try self.withScope(fieldScope) {
                    for (index, field) in fields.enumerated() {
                        if let key = info.instanceFieldKeys[index] { try self.reference(key.name) }
                        if case .field(let initializer?) = field.kind { try self.walk(initializer) }
                    }
                }
            }
            constructor.classInfo = info
            for member in node.members {
                switch member.kind {
                case .method(let function), .getter(let function), .setter(let function):
                    try analyzeFunction(function)
                case .field:
                    break
                }
            }
            // The inner name is bound before static fields are evaluated.
            if let inner = info.innerBinding { markInitialized(inner) }
            for (index, member) in node.members.enumerated() {
                guard case .field(let initializer) = member.kind else { continue }
                if let initializer {
                    let function = FunctionNode(
                        name: member.key.staticName ?? "", kind: .method, isAsync: false, parameters: [], rest: nil,
                        body: .expression(initializer), scope: -1, isStrict: true, location: member.location,
                        sourceText: "")
                    info.staticInitializers[index] = function
                    try analyzeFunction(function)
                }
                if let key = info.staticFieldKeys[index] { try reference(key.name) }
            }
        }
    }

    /// Members and instance fields merged by source position.
    private func elementOrder(of node: ClassNode) -> [ClassInfo.Element] {
        var elements: [(location: SourceLocation, element: ClassInfo.Element)] = []
        for (index, member) in node.members.enumerated() { elements.append((member.location, .member(index))) }
        for (index, field) in node.constructor.fields.enumerated() {
            elements.append((field.location, .instanceField(index)))
        }
        // A stable sort by (line, column): equal positions keep members before fields.
        return elements.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.location, rhs.element.location)
            return (a.line, a.column, lhs.offset) < (b.line, b.column, rhs.offset)
        }.map(\.element.element)
    }
}

extension PropertyKey {
    /// The key's name when it is not computed.
    var staticName: String? {
        if case .named(let name) = self { return name }
        return nil
    }
}
