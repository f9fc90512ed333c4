import Testing
@testable import JSCompiler

/// Compiles `source` as a fresh script and verifies the result.
func compileScript(_ source: String, globals: inout GlobalScope) throws -> CodeBlock {
    let main = try Compiler.compile(source, fileName: "test.js", globals: &globals).main
    try BytecodeVerifier.verify(main)
    return main
}

func compileScript(_ source: String) throws -> CodeBlock {
    var globals = GlobalScope()
    return try compileScript(source, globals: &globals)
}

/// The first code block named `name` (depth-first), or nil.
func findFunction(_ name: String, in block: CodeBlock) -> CodeBlock? {
    if block.name == name { return block }
    for child in block.children {
        if let found = findFunction(name, in: child) { return found }
    }
    return nil
}

/// The code block of function `name` in `source`.
func compiledFunction(_ name: String, _ source: String) throws -> CodeBlock {
    try #require(findFunction(name, in: try compileScript(source)))
}

/// The listing of function `name` of `source` (not its children).
func listing(_ source: String, function name: String) throws -> String {
    let main = try compileScript(source)
    let block = try #require(findFunction(name, in: main))
    return Disassembler.disassemble(block, recursive: false)
}

/// The opcode names of a block's instructions, in order.
func opcodes(_ block: CodeBlock) -> [String] {
    var result: [String] = []
    var pc = 0
    while let instruction = DecodedInstruction.decode(block.code, at: pc) {
        result.append(instruction.opcode.info.name)
        pc = instruction.nextPC
    }
    return result
}

@Suite struct CodeGenTests {
    // MARK: Golden listings

    @Test func localLoop() throws {
        let text = try listing("""
            function sum(n) { let s = 0; for (let i = 0; i < n; i++) { s += i; } return s; }
            """, function: "sum")
        #expect(text == """
            function sum (normal) params=1 length=1 registers=5 stack=2 caches=0
              0000  pushInt         0
              0005  setLocal        slot=3
              0008  pushInt         0
              0013  setLocal        slot=4
              0016  jump            -> 0038
              0021  getLocal        slot=3
              0024  getLocal        slot=4
              0027  add
              0028  setLocal        slot=3
              0031  getLocal        slot=4
              0034  inc
              0035  setLocal        slot=4
              0038  getLocal        slot=4
              0041  getLocal        slot=2
              0044  lt
              0045  jumpIfTrue      -> 0021
              0050  getLocal        slot=3
              0053  return
            """)
    }

    @Test func closureCaptureThreadsThroughIntermediateFunction() throws {
        let main = try compileScript("function outer() { let x = 1; return function inner() { return () => x++; }; }")
        let outer = try #require(findFunction("outer", in: main))
        #expect(Disassembler.disassemble(outer) == """
            function outer (normal) params=0 length=0 registers=3 stack=1 caches=0
              0000  newCell         slot=2
              0003  pushInt         1
              0008  setCell         slot=2
              0011  makeClosure     child=0 (inner)
              0016  return
            [0] function inner (normal) params=0 length=0 registers=2 stack=1 caches=0
              captures: slot 2
              0000  makeClosure     child=0
              0005  return
            [0.0] function <anonymous> (arrow) params=0 length=0 registers=2 stack=2 caches=0
              captures: upvalue 0
              0000  getUpvalue      upvalue=0
              0003  toNumber
              0004  dup
              0005  inc
              0006  setUpvalue      upvalue=0
              0009  return
            """)
    }

    @Test func closuresCreatedAfterTheDeclarationSkipTheCheck() throws {
        let main = try compileScript("""
            function f() {
              const early = () => x; let x = 1; const late = () => x; { function hoisted() { return x; } }
            }
            """)
        #expect(opcodes(try #require(findFunction("early", in: main))) == ["getUpvalue", "checkHole", "return"])
        // One early closure makes every closure access checked ...
        #expect(opcodes(try #require(findFunction("late", in: main))) == ["getUpvalue", "checkHole", "return"])
        let safe = try compileScript("""
            function g() { let y = 1; const late = () => y; { function hoisted() { return y; } } }
            """)
        // ... without one, neither a later arrow nor a function hoisted into a later block needs it.
        #expect(opcodes(try #require(findFunction("late", in: safe))) == ["getUpvalue", "return"])
        #expect(opcodes(try #require(findFunction("hoisted", in: safe))) == ["getUpvalue", "return"])
    }

    @Test func methodCall() throws {
        let text = try listing("function call(o) { return o.m(1, o.k); }", function: "call")
        #expect(text == """
            function call (normal) params=1 length=1 registers=3 stack=4 caches=2
              0000  getLocal        slot=2
              0003  getMethod       name="m" cache=0
              0010  pushInt         1
              0015  getLocal        slot=2
              0018  getField        name="k" cache=1
              0025  call            2
              0027  return
            """)
    }

    @Test func finallyIsInlinedAtEveryExit() throws {
        let text = try listing("""
            function cleanup(g, h) { for (;;) { try { if (g()) break; return 1; } finally { h(); } } }
            """, function: "cleanup")
        #expect(text == """
            function cleanup (normal) params=2 length=2 registers=5 stack=2 caches=0
              0000  getLocal        slot=2
              0003  pushUndefined
              0004  call            0
              0006  jumpIfFalse     -> 0023
              0011  getLocal        slot=3
              0014  pushUndefined
              0015  call            0
              0017  pop
              0018  jump            -> 0073
              0023  pushInt         1
              0028  setLocal        slot=4
              0031  getLocal        slot=3
              0034  pushUndefined
              0035  call            0
              0037  pop
              0038  getLocal        slot=4
              0041  return
              0042  getLocal        slot=3
              0045  pushUndefined
              0046  call            0
              0048  pop
              0049  jump            -> 0068
              0054  setLocal        slot=4
              0057  getLocal        slot=3
              0060  pushUndefined
              0061  call            0
              0063  pop
              0064  getLocal        slot=4
              0067  throw
              0068  jump            -> 0000
              0073  returnUndefined
              handler 0000..<0011 -> 0054 depth=0
              handler 0023..<0031 -> 0054 depth=0
            """)
    }

    @Test func forOfLoop() throws {
        let text = try listing("function each(list) { for (const item of list) { if (item) continue; log(item); } }",
                               function: "each")
        #expect(text == """
            function each (normal) params=1 length=1 registers=5 stack=5 caches=1
              0000  getLocal        slot=2
              0003  getIterator
              0004  iteratorStep    -> 0052
              0009  setLocal        slot=3
              0012  getLocal        slot=3
              0015  jumpIfFalse     -> 0025
              0020  jump            -> 0004
              0025  getGlobal       name="log" cache=0
              0032  pushUndefined
              0033  getLocal        slot=3
              0036  call            1
              0038  pop
              0039  jump            -> 0004
              0044  setLocal        slot=4
              0047  iteratorClose
              0048  getLocal        slot=4
              0051  throw
              0052  pop
              0053  pop
              0054  returnUndefined
              handler 0009..<0020 -> 0044 depth=2
              handler 0025..<0039 -> 0044 depth=2
            """)
    }

    @Test func scriptCompletionValueAndGlobalSlots() throws {
        let text = Disassembler.disassemble(try compileScript("var a = 1; let b; a + 1;"), recursive: false)
        #expect(text == """
            function <main> (script, async) params=0 length=0 registers=3 stack=2 caches=0
              0000  pushUndefined
              0001  setLocal        slot=2
              0004  pushUndefined
              0005  setGlobalSlot   global=0
              0010  pushHole
              0011  setGlobalSlot   global=1
              0016  pushInt         1
              0021  setGlobalSlot   global=0
              0026  pushUndefined
              0027  setGlobalSlot   global=1
              0032  getGlobalSlot   global=0
              0037  pushInt         1
              0042  add
              0043  setLocal        slot=2
              0046  getLocal        slot=2
              0049  return
            """)
    }

    // MARK: Shapes

    @Test func statementAssignmentsStoreWithoutDup() throws {
        let sum = try compiledFunction("f", "function f(i, o) { i = i + 1; i++; o.p = i; }")
        #expect(opcodes(sum) == ["getLocal", "pushInt", "add", "setLocal", "getLocal", "inc", "setLocal",
                                 "getLocal", "getLocal", "setField", "returnUndefined"])
    }

    @Test func compoundMemberAssignmentKeepsValue() throws {
        let block = try compiledFunction("f", "function f(o, k) { return [o.p += 1, o[k] *= 2]; }")
        #expect(opcodes(block) == ["newArray", "getLocal", "dup", "getField", "pushInt", "add", "dupX1", "setField",
                                   "arrayPush", "getLocal", "getLocal", "toPropertyKey", "dup2", "getIndex", "pushInt",
                                   "mul", "dupX2", "setIndex", "arrayPush", "return"])
    }

    @Test func optionalCallKeepsReceiver() throws {
        let block = try compiledFunction("f", "function f(a) { return a?.b(1); }")
        #expect(opcodes(block) == ["getLocal", "jumpIfNullish", "getMethod", "pushInt", "call", "jump", "pop",
                                   "pushUndefined", "return"])
        let member = try compiledFunction("g", "function g(a) { return a.b?.(); }")
        #expect(opcodes(member) == ["getLocal", "getMethod", "swap", "jumpIfNullish", "swap", "call", "jump", "pop",
                                    "pop", "pushUndefined", "return"])
    }

    @Test func logicalOperatorsShortCircuit() throws {
        let block = try compiledFunction("f", "function f(a, b) { return [a || b, a && b, a ?? b]; }")
        #expect(opcodes(block) == ["newArray", "getLocal", "jumpIfTrueKeep", "getLocal", "arrayPush",
                                   "getLocal", "jumpIfFalseKeep", "getLocal", "arrayPush",
                                   "getLocal", "jumpIfNotNullish", "pop", "getLocal", "arrayPush", "return"])
    }

    @Test func newAndSpreadCalls() throws {
        let block = try compiledFunction("f", "function f(C, xs) { new C(1); return g(...xs, 2); }")
        #expect(opcodes(block) == ["getLocal", "dup", "pushInt", "construct", "pop",
                                   "getGlobal", "pushUndefined", "newArray", "dup", "setLocal", "getLocal",
                                   "getIterator", "iteratorStep", "getLocal", "swap", "arrayPush", "pop", "jump",
                                   "pop", "pop", "pushInt", "arrayPush", "callSpread", "return"])
    }

    @Test func moreThan255ArgumentsUseSpreadForm() throws {
        let arguments = (0..<300).map(String.init).joined(separator: ", ")
        let block = try compiledFunction("f", "function f() { return g(\(arguments)); }")
        #expect(opcodes(block).contains("callSpread"))
        #expect(!opcodes(block).contains("call"))
    }

    @Test func derivedConstructorBindsThisAndRunsFields() throws {
        let block = try compiledFunction("B", "class B extends A { x = 1; constructor() { super(); } }")
        #expect(opcodes(block) == ["superCall", "dup", "setLocal", "dup", "pushInt", "defineField", "pop", "pop",
                                   "getLocal", "checkThis", "return"])
    }

    @Test func classDefinesMethodsOnPrototypeAndConstructor() throws {
        let main = try compileScript("class C { m() {} static s() {} get g() { return 1; } }")
        #expect(opcodes(main) == ["pushUndefined", "setLocal", "pushHole", "setGlobalSlot",
                                  "makeClass", "pushConst", "makeClosure", "defineMethod",
                                  "swap", "pushConst", "makeClosure", "defineMethod",
                                  "swap", "pushConst", "makeClosure", "defineMethod", "pop",
                                  "setGlobalSlot", "getLocal", "return"])
    }

    @Test func typeofUnresolvedNameDoesNotThrow() throws {
        let block = try compileScript("typeof missing; delete missing;")
        #expect(opcodes(block).contains("getGlobalOrUndefined"))
        #expect(opcodes(block).contains("pushTrue"))
    }

    @Test func constantsAndNamesAreDeduplicated() throws {
        let block = try compileScript("""
            var s = "x" + "x"; s = 1.5 + 1.5; s = -0; s = 2147483648; s = 7;
            o.p = o.p; o.p = 1;
            """)
        #expect(block.constants == [.string("x"), .number(1.5), .number(-0.0), .number(2147483648)])
        #expect(block.names == ["o", "p"])
        #expect(opcodes(block).filter { $0 == "pushInt" }.count == 2)
    }

    @Test func everyCachedInstructionGetsItsOwnSlot() throws {
        let block = try compileScript("a.x; a.x = 1; b; b = 2; typeof c; a.m();")
        var caches: [Int] = []
        var pc = 0
        while let instruction = DecodedInstruction.decode(block.code, at: pc) {
            if instruction.opcode.operandRoles.contains(.cache) { caches.append(instruction.operands.1) }
            pc = instruction.nextPC
        }
        #expect(caches == Array(0..<caches.count))
        #expect(block.cacheCount == caches.count)
    }

    @Test func switchComparesWithStrictEquality() throws {
        let block = try compiledFunction("f", """
            function f(x) { switch (x) { case 1: return "a"; default: g(); case 2: break; } }
            """)
        #expect(opcodes(block) == ["getLocal", "setLocal", "getLocal", "pushInt", "strictEq", "jumpIfTrue",
                                   "getLocal", "pushInt", "strictEq", "jumpIfTrue", "jump",
                                   "pushConst", "return", "getGlobal", "pushUndefined", "call", "pop", "jump",
                                   "returnUndefined"])
    }

    @Test func labelledContinueLeavesInnerForIn() throws {
        let block = try compiledFunction("f", """
            function f(a, o) {
              outer: for (const x of a) { for (const k in o) { if (k) continue outer; break outer; } }
            }
            """)
        // `continue outer` pops the for-in state; `break outer` also closes the
        // iterator; a throw from the body closes it through the handler.
        #expect(opcodes(block) == ["getLocal", "getIterator", "iteratorStep", "setLocal",
                                   "getLocal", "forInStart", "forInNext", "setLocal",
                                   "getLocal", "jumpIfFalse", "pop", "jump",
                                   "pop", "iteratorClose", "jump",
                                   "jump", "pop", "jump",
                                   "setLocal", "iteratorClose", "getLocal", "throw",
                                   "pop", "pop", "returnUndefined"])
    }

    @Test func capturedLoopBindingIsCopiedPerIteration() throws {
        let block = try compiledFunction("f", """
            function f(fs) { for (let i = 0; i < 3; i++) fs.push(() => i); }
            """)
        let names = opcodes(block)
        #expect(names.prefix(3) == ["newCell", "pushInt", "setCell"])
        let copy = try #require(names.firstIndex(of: "copyCell"))
        #expect(names[copy + 1] == "getCell" && names[copy + 2] == "inc")
    }

    @Test func forOfWithCapturedConstGetsFreshCellPerIteration() throws {
        let block = try compiledFunction("f", """
            function f(xs, fs) { for (const x of xs) fs.push(() => x); }
            """)
        let names = opcodes(block)
        let step = try #require(names.firstIndex(of: "iteratorStep"))
        #expect(Array(names[step + 1...step + 2]) == ["newCell", "setCell"])
    }

    @Test func temporalDeadZoneChecks() throws {
        let block = try compiledFunction("f", """
            function f() { g(); let x = 1; x; function g() { return x; } }
            """)
        #expect(!opcodes(block).contains("checkHole"))  // the read after the declaration is safe
        let inner = try #require(findFunction("g", in: block))
        #expect(opcodes(inner) == ["getUpvalue", "checkHole", "return"])
        let early = try compiledFunction("h", "function h() { x; let x = 2; }")
        #expect(opcodes(early) == ["pushHole", "setLocal", "getLocal", "checkHole", "pop", "pushInt", "setLocal",
                                   "returnUndefined"])
    }

    @Test func everyInlinedFinallyCopyChecksItsOwnEarlyReads() throws {
        let block = try compiledFunction("f", """
            function f(g) { try { g(); } finally { y; let y = 1; } }
            """)
        // The finally body is compiled twice (normal exit and the catch-all handler).
        #expect(opcodes(block).filter { $0 == "checkHole" }.count == 2)
    }

    @Test func constAssignmentThrows() throws {
        let block = try compiledFunction("f", "function f() { const c = 1; c = 2; }")
        #expect(opcodes(block) == ["pushInt", "setLocal", "pushInt", "throwConstAssign", "pop", "returnUndefined"])
    }

    @Test func arrowUsesThisCellOfEnclosingFunction() throws {
        let block = try compiledFunction("f", "function f() { return () => this; }")
        #expect(opcodes(block) == ["getLocal", "newCell", "setCell", "makeClosure", "return"])
        let top = try compileScript("(() => this)();")
        #expect(opcodes(top.children[0]) == ["pushUndefined", "return"])
    }

    @Test func argumentsAndRestParameters() throws {
        let main = try compileScript("function f(a, ...rest) { return arguments.length; } function g(x = 1, y) {}")
        let f = try #require(findFunction("f", in: main))
        #expect(f.usesArguments && f.length == 1 && f.parameterCount == 1)
        #expect(opcodes(f).prefix(4) == ["createArguments", "setLocal", "createRest", "setLocal"])
        let g = try #require(findFunction("g", in: main))
        #expect(g.length == 0 && !g.usesArguments)
    }

    @Test func defaultsOnlyApplyToUndefined() throws {
        let block = try compiledFunction("f", "function f({a = 1}) { return a; }")
        #expect(opcodes(block) == ["getLocal", "requireObjectCoercible", "dup", "getField",
                                   "dup", "pushUndefined", "strictEq", "jumpIfFalse", "pop", "pushInt",
                                   "setLocal", "pop", "getLocal", "return"])
    }

    @Test func lineTableFollowsStatements() throws {
        let block = try compileScript("a;\nb;\n\nc;")
        #expect(block.lines.map(\.line) == [1, 2, 4])
        #expect(block.line(at: block.code.count - 1) == 4)
    }

    @Test func asyncFunctionsAndAwait() throws {
        let main = try compileScript("async function f(p) { return await p; } await f(1);")
        #expect(main.isAsync && main.kind == .script && main.name == "<main>")
        let f = try #require(findFunction("f", in: main))
        #expect(f.isAsync && opcodes(f) == ["getLocal", "await", "return"])
    }

    @Test func tooManyLocalsIsASyntaxError() throws {
        let names = (0..<66_000).map { "v\($0)" }.joined(separator: ", ")
        #expect(throws: SyntaxError.self) { try compileScript("function f() { var \(names); }") }
    }

    @Test func maxStackCoversDeepestExpression() throws {
        let block = try compiledFunction("f", "function f(a) { return g(a, [a, a + (a * a)], a); }")
        // [g undefined a [] a a a] before `a * a`.
        #expect(block.maxStack == 7)
    }
}
