// The code generator's driver and emitter.
//
// One `CodeGenerator` compiles one function (or the script body) into a
// `CodeBlock`; child functions get their own generator. The construct
// families live in extensions: statements, expressions, functions/classes/
// calls, patterns, and control flow.
//
// The emitter tracks the operand-stack depth along the straight-line code
// (labels remember the depth their jumps arrive with): exception handlers
// and optional-chain short-circuits need it. `maxStack` itself comes from
// the dataflow in `StackDepth.swift`, which also double-checks the code.

/// A jump target inside the function being compiled.
struct Label {
    fileprivate let id: Int
}

/// Compiles one function body into a `CodeBlock`.
final class CodeGenerator {
    let analysis: ScopeAnalysis
    /// The function being compiled.
    let function: FunctionInfo
    let fileName: String

    // MARK: Output being built
    private(set) var code: [UInt8] = []
    private var constants: [Constant] = []
    private var constantIndices: [ConstantKey: Int] = [:]
    private var names: [String] = []
    private var nameIndices: [String: Int] = [:]
    private var children: [CodeBlock] = []
    private var childIndices: [ObjectIdentifier: Int] = [:]
    /// Exception handlers, innermost first (a try statement adds its entries when it is complete).
    var handlers: [ExceptionHandler] = []
    private var lines: [LineEntry] = []
    private var currentLine: Int32 = 0
    private var cacheSlotCount = 0
    private var labels: [(target: Int?, depth: Int?, patchSites: [Int])] = []

    // MARK: Emission state
    /// Operand-stack depth at the current address.
    var stackDepth = 0
    /// False right after an instruction that ends a path, until a label is bound.
    private(set) var isReachable = true
    /// Whether the last emitted instruction ends its path (a return, throw
    /// or jump): the verifier requires that of a block's last instruction,
    /// dead code included.
    private(set) var lastInstructionEndsPath = false
    private var nextTemporary: Int
    private var registerCount: Int

    // MARK: Compilation context
    /// The innermost scope at the current point.
    var scope: Scope
    /// Enclosing loops, labels, switches and try statements, innermost last.
    var controlStack: [ControlContext] = []
    /// Optional chains being compiled, innermost last.
    var optionalChains: [OptionalChain] = []
    /// Lexical bindings whose declaration has been compiled (so reads after it in
    /// this function need no TDZ check).
    var initializedBindings: Set<ObjectIdentifier> = []
    /// The script's completion-value register (script body only).
    var completionRegister: UInt16?
    private var nesting = 0

    init(analysis: ScopeAnalysis, function: FunctionInfo) {
        self.analysis = analysis
        self.function = function
        self.fileName = analysis.fileName
        self.scope = function.scope
        self.nextTemporary = function.slotCount
        self.registerCount = function.slotCount
    }

    // MARK: Entry point

    /// Compiles a whole script into its `<main>` code block.
    static func compileScript(_ program: Program, analysis: ScopeAnalysis) throws -> CodeBlock {
        let generator = CodeGenerator(analysis: analysis, function: analysis.script)
        do {
            return try generator.compileScriptBody(program)
        } catch var error as SyntaxError {
            error.fileName = analysis.fileName
            throw error
        }
    }

    private func compileScriptBody(_ program: Program) throws -> CodeBlock {
        let completion = try allocateTemporary()
        completionRegister = completion
        emit(.pushUndefined)
        emit(.setLocal, Int(completion))
        try emitScopeEntry(scope)
        try emitStatements(program.body)
        emit(.getLocal, Int(completion))
        emit(.return)
        return try finish(name: "<main>", kind: .script, isAsync: true, isStrict: program.isStrict, length: 0,
                          sourceText: "")
    }

    /// Assembles the finished `CodeBlock`: patches jumps, computes `maxStack`.
    func finish(name: String, kind: CodeKind, isAsync: Bool, isStrict: Bool, length: Int,
                sourceText: String) throws -> CodeBlock {
        try patchJumps()
        let block = CodeBlock(
            name: name, kind: kind, isAsync: isAsync, isStrict: isStrict, length: length,
            parameterCount: function.parameterCount, registerCount: registerCount, maxStack: 0,
            usesArguments: function.usesArguments, code: code, constants: constants, names: names,
            children: children, captures: function.captures, handlers: handlers, lines: lines,
            cacheCount: min(cacheSlotCount, Int(UInt16.max) + 1), sourceText: sourceText, fileName: fileName)
        do {
            block.maxStack = try StackDepthAnalysis.analyze(block).maxDepth
        } catch let error as BytecodeVerificationError {
            throw CompilerLimits.internalError(error.description)
        }
        return block
    }

    /// Guards the Swift stack against pathologically nested source.
    func nested<T>(_ body: () throws -> T) throws -> T {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= CompilerLimits.maxNesting else { throw error("Program too deeply nested", at: .none) }
        return try body()
    }

    func error(_ message: String, at location: SourceLocation) -> SyntaxError {
        SyntaxError(message: message, fileName: fileName, location: location)
    }

    // MARK: Emitter

    /// Appends one instruction; `first` and `second` are its operands in order.
    func emit(_ opcode: Opcode, _ first: Int = 0, _ second: Int = 0) {
        if currentLine > 0, lines.last?.line != currentLine {
            if lines.last?.pc == UInt32(code.count) { lines.removeLast() }
            lines.append(LineEntry(pc: UInt32(code.count), line: currentLine))
        }
        let instruction = DecodedInstruction(pc: code.count, opcode: opcode, operands: (first, second))
        code.append(opcode.rawValue)
        for (kind, value) in zip(opcode.info.operands, [first, second]) {
            let bits = UInt32(truncatingIfNeeded: value)
            for byte in 0..<kind.size { code.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(byte)))) }
        }
        stackDepth += instruction.fallThroughEffect
        if opcode.endsPath { isReachable = false }
        lastInstructionEndsPath = opcode.endsPath
    }

    /// Emits an instruction with a name operand (and its own inline-cache slot when it has one).
    func emit(_ opcode: Opcode, name: String) {
        if opcode.info.operands.count == 2 {
            emit(opcode, nameIndex(name), cacheSlotCount < Int(UInt16.max) ? cacheSlotCount : Int(UInt16.max))
            cacheSlotCount += 1
        } else {
            emit(opcode, nameIndex(name))
        }
    }

    /// Sets the source line recorded for the following instructions.
    func setLine(_ location: SourceLocation) {
        if location.line > 0 { currentLine = location.line }
    }

    /// Emits `value` (`pushInt` when it is an Int32 other than -0).
    func emitNumber(_ value: Double) {
        if let integer = Int32(exactly: value), !(value == 0 && value.sign == .minus) {
            emit(.pushInt, Int(integer))
        } else {
            emit(.pushConst, constantIndex(.number(value)))
        }
    }

    func emitString(_ value: String) {
        emit(.pushConst, constantIndex(.string(value)))
    }

    /// Emits `count` pops.
    func emitPops(_ count: Int) {
        for _ in 0..<max(count, 0) { emit(.pop) }
    }

    // MARK: Labels

    func makeLabel() -> Label {
        labels.append((nil, nil, []))
        return Label(id: labels.count - 1)
    }

    /// Binds `label` to the current address; code after an unconditional
    /// jump continues with the depth the label's jumps arrive with.
    func bind(_ label: Label) {
        labels[label.id].target = code.count
        if !isReachable, let depth = labels[label.id].depth { stackDepth = depth }
        if labels[label.id].depth == nil { labels[label.id].depth = stackDepth }
        isReachable = true
    }

    /// The address `label` is bound to (nil while unbound).
    func labelTarget(_ label: Label) -> Int? {
        labels[label.id].target
    }

    /// Emits a jump-family instruction to `label`.
    func emitJump(_ opcode: Opcode, to label: Label) {
        let arrivalDepth = stackDepth + opcode.jumpPathStackEffect
        if labels[label.id].depth == nil { labels[label.id].depth = arrivalDepth }
        emit(opcode, 0)
        labels[label.id].patchSites.append(code.count - 4)
    }

    /// Starts an exception handler's code: the exception is on the stack at `depth + 1`.
    func bindHandler(_ label: Label, stackDepth depth: Int) {
        labels[label.id].depth = depth + 1
        isReachable = false
        bind(label)
    }

    private func patchJumps() throws {
        for label in labels where !label.patchSites.isEmpty {
            guard let target = label.target else { throw CompilerLimits.internalError("unbound label") }
            for site in label.patchSites {
                guard let offset = Int32(exactly: target - (site + 4)) else {
                    throw CompilerLimits.functionTooLarge(function.node)
                }
                let bits = UInt32(bitPattern: offset)
                for byte in 0..<4 { code[site + byte] = UInt8(truncatingIfNeeded: bits >> (8 * UInt32(byte))) }
            }
        }
    }

    // MARK: Pools

    /// Constant-pool key: numbers by bit pattern so that 0 and -0 stay distinct.
    private enum ConstantKey: Hashable {
        case number(UInt64)
        case string(String)
    }

    private func constantIndex(_ constant: Constant) -> Int {
        let key: ConstantKey
        switch constant {
        case .number(let value): key = .number(value.bitPattern)
        case .string(let value): key = .string(value)
        }
        if let index = constantIndices[key] { return index }
        constants.append(constant)
        constantIndices[key] = constants.count - 1
        return constants.count - 1
    }

    func nameIndex(_ name: String) -> Int {
        if let index = nameIndices[name] { return index }
        names.append(name)
        nameIndices[name] = names.count - 1
        return names.count - 1
    }

    /// The child index of a function's code block, compiling it on first use
    /// (a function inside an inlined `finally` is compiled once).
    func childIndex(of node: FunctionNode) throws -> Int {
        if let index = childIndices[ObjectIdentifier(node)] { return index }
        let generator = CodeGenerator(analysis: analysis, function: try analysis.function(for: node))
        children.append(try generator.compileFunctionBody())
        childIndices[ObjectIdentifier(node)] = children.count - 1
        return children.count - 1
    }

    // MARK: Temporaries

    /// A scratch register above the function's locals; release in reverse order.
    func allocateTemporary() throws -> UInt16 {
        guard nextTemporary < CompilerLimits.maxRegisters else { throw CompilerLimits.functionTooLarge(function.node) }
        nextTemporary += 1
        registerCount = max(registerCount, nextTemporary)
        return UInt16(nextTemporary - 1)
    }

    func releaseTemporary(_ slot: UInt16) {
        nextTemporary = Int(slot)
    }

    /// Runs `body` with a scratch register.
    func withTemporary<T>(_ body: (UInt16) throws -> T) throws -> T {
        let slot = try allocateTemporary()
        defer { releaseTemporary(slot) }
        return try body(slot)
    }
}
