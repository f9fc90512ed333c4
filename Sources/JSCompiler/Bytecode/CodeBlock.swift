// Compiled functions: the unit the VM runs and the snapshot stores.

/// A constant-pool entry.
public enum Constant: Hashable, Sendable {
    case number(Double)
    case string(String)
}

/// Where a closure's captured cell comes from when `makeClosure` runs.
public struct Capture: Hashable, Sendable {
    /// True: the cell stored in the *creating* frame's local `index`.
    /// False: the creating closure's own upvalue `index`.
    public var fromParentLocal: Bool
    public var index: UInt16
    public init(fromParentLocal: Bool, index: UInt16) {
        self.fromParentLocal = fromParentLocal
        self.index = index
    }
}

/// A try region: an exception thrown by an instruction at a pc in
/// `start..<end` truncates the operand stack to `stackDepth` values (above
/// the registers), pushes the exception and continues at `handler`.
/// Entries are ordered innermost first.
public struct ExceptionHandler: Hashable, Sendable {
    public var start: UInt32
    public var end: UInt32
    public var handler: UInt32
    public var stackDepth: UInt32
    public init(start: UInt32, end: UInt32, handler: UInt32, stackDepth: UInt32) {
        self.start = start
        self.end = end
        self.handler = handler
        self.stackDepth = stackDepth
    }
}

/// Maps the instruction at `pc` (and those after it, up to the next entry)
/// to a source line.
public struct LineEntry: Hashable, Sendable {
    public var pc: UInt32
    public var line: Int32
    public init(pc: UInt32, line: Int32) {
        self.pc = pc
        self.line = line
    }
}

/// What kind of function a code block is; decides `this`, `new` and
/// `prototype` behaviour.
public enum CodeKind: UInt8, Sendable {
    case script, normal, arrow, method, getter, setter, classConstructor, derivedConstructor
}

/// One compiled function (or a script body). Built by the code generator,
/// then only read (its properties skip dynamic exclusivity checks: every
/// VM that loads the block reads them).
public final class CodeBlock {
    /// Function name (for `name`, stack traces, `[Function: f]`).
    @exclusivity(unchecked) public var name: String
    @exclusivity(unchecked) public var kind: CodeKind
    @exclusivity(unchecked) public var isAsync: Bool
    @exclusivity(unchecked) public var isStrict: Bool
    /// Number of declared parameters before any rest parameter or the first
    /// default (the function's `length`).
    @exclusivity(unchecked) public var length: Int
    /// Declared parameters (without rest): they occupy slots `2..<2+parameterCount`.
    @exclusivity(unchecked) public var parameterCount: Int
    /// Slots for callee, `this`, parameters and locals; the operand stack
    /// starts here.
    @exclusivity(unchecked) public var registerCount: Int
    /// The maximum operand-stack depth (computed from `Opcode.info`).
    @exclusivity(unchecked) public var maxStack: Int
    /// True when the function reads `arguments` or has a rest parameter: the
    /// VM then keeps the actual argument list of each call.
    @exclusivity(unchecked) public var usesArguments: Bool
    @exclusivity(unchecked) public var code: [UInt8]
    @exclusivity(unchecked) public var constants: [Constant]
    /// Property and variable names referenced by instructions (`u32 name` operands).
    @exclusivity(unchecked) public var names: [String]
    /// Functions created by `makeClosure` / `makeClass`.
    @exclusivity(unchecked) public var children: [CodeBlock]
    /// Captured cells of closures over this code, in upvalue order.
    @exclusivity(unchecked) public var captures: [Capture]
    @exclusivity(unchecked) public var handlers: [ExceptionHandler]
    @exclusivity(unchecked) public var lines: [LineEntry]
    /// Number of inline-cache slots used by `u16 cache` operands.
    @exclusivity(unchecked) public var cacheCount: Int
    /// The source text of the function (`Function.prototype.toString`).
    @exclusivity(unchecked) public var sourceText: String
    /// The script file name (for stack traces).
    @exclusivity(unchecked) public var fileName: String

    public init(name: String, kind: CodeKind, isAsync: Bool, isStrict: Bool, length: Int, parameterCount: Int,
                registerCount: Int, maxStack: Int, usesArguments: Bool, code: [UInt8], constants: [Constant],
                names: [String], children: [CodeBlock], captures: [Capture], handlers: [ExceptionHandler],
                lines: [LineEntry], cacheCount: Int, sourceText: String, fileName: String) {
        self.name = name
        self.kind = kind
        self.isAsync = isAsync
        self.isStrict = isStrict
        self.length = length
        self.parameterCount = parameterCount
        self.registerCount = registerCount
        self.maxStack = maxStack
        self.usesArguments = usesArguments
        self.code = code
        self.constants = constants
        self.names = names
        self.children = children
        self.captures = captures
        self.handlers = handlers
        self.lines = lines
        self.cacheCount = cacheCount
        self.sourceText = sourceText
        self.fileName = fileName
    }

    /// The source line of the instruction at `pc` (0 when unknown).
    public func line(at pc: Int) -> Int32 {
        var result: Int32 = 0
        for entry in lines {
            if Int(entry.pc) > pc { break }
            result = entry.line
        }
        return result
    }
}

/// The top-level bindings shared by every script run in one VM (REPL
/// semantics: a `let` of script 1 is visible in script 2). Each binding has
/// a fixed slot in the VM's global-slot array.
public struct GlobalScope: Sendable {
    public struct Binding: Hashable, Sendable {
        public var slot: UInt32
        public var kind: DeclarationKind
        public init(slot: UInt32, kind: DeclarationKind) {
            self.slot = slot
            self.kind = kind
        }
    }
    /// Bindings by name.
    public var bindings: [String: Binding] = [:]
    /// Number of slots in use (the next binding gets this slot).
    public var slotCount: UInt32 = 0
    public init() {}
}

/// The result of compiling a script: its body as an async function.
public struct CompiledScript {
    /// The script body (`kind == .script`, `isAsync == true`); returns the
    /// completion value.
    public var main: CodeBlock
    public init(main: CodeBlock) {
        self.main = main
    }
}
