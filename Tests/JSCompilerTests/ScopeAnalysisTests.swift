import Testing
@testable import JSCompiler

/// A parsed and analysed script, with access to its function declarations by name.
private struct Analysed {
    let program: Program
    let analysis: ScopeAnalysis

    init(_ source: String, globals: GlobalScope = GlobalScope()) throws {
        program = try JSParser.parseProgram(source, fileName: "test.js")
        analysis = try ScopeAnalysis(program: program, globals: globals, fileName: "test.js")
    }

    /// The function declared (at any depth of declarations) as `name`.
    func function(_ name: String) throws -> FunctionInfo {
        func search(_ statements: [Statement]) -> FunctionNode? {
            for statement in statements {
                switch statement {
                case .functionDeclaration(let node):
                    if node.name == name { return node }
                    if case .statements(let body) = node.body, let found = search(body) { return found }
                case .block(let body, _, _):
                    if let found = search(body) { return found }
                default:
                    break
                }
            }
            return nil
        }
        let node = try #require(search(program.body))
        return try analysis.function(for: node)
    }

    /// Where `name` lives as seen from the top scope of function `function`.
    func location(of name: String, in function: String) throws -> VariableLocation {
        try analysis.resolve(name, from: try self.function(function).scope).location
    }
}

@Suite struct ScopeAnalysisTests {
    @Test func registersAndCells() throws {
        let script = try Analysed("function f() { let a = 1; let b = 2; function g() { return b; } }")
        let f = try script.function("f")
        #expect(try script.location(of: "a", in: "f") == .register(2))
        #expect(try script.location(of: "b", in: "f") == .cell(3))
        #expect(try script.location(of: "b", in: "g") == .upvalue(0))
        #expect(try script.function("g").captures == [Capture(fromParentLocal: true, index: 3)])
        #expect(f.slotCount == 5)  // callee, this, a, b, g
    }

    @Test func capturesAreThreadedThroughIntermediateFunctions() throws {
        let script = try Analysed("""
            function f() { let x; let y; function g() { function h() { return y + x; } return x; } }
            """)
        #expect(try script.function("h").captures == [Capture(fromParentLocal: false, index: 0),
                                                      Capture(fromParentLocal: false, index: 1)])
        // g captures y (for h) before x (its own use comes later in source order).
        #expect(try script.function("g").captures == [Capture(fromParentLocal: true, index: 3),
                                                      Capture(fromParentLocal: true, index: 2)])
        #expect(try script.location(of: "x", in: "h") == .upvalue(1))
    }

    @Test func topLevelDeclarationsAreGlobalSlots() throws {
        let script = try Analysed("let a = 1; function f() { return a + b; }")
        let globals = script.analysis.globals
        #expect(globals.bindings["a"] == GlobalScope.Binding(slot: 0, kind: .let))
        #expect(globals.bindings["f"] == GlobalScope.Binding(slot: 1, kind: .var))
        #expect(globals.slotCount == 2)
        #expect(try script.location(of: "a", in: "f") == .globalSlot(0))
        #expect(try script.location(of: "b", in: "f") == .global)
        #expect(try script.function("f").captures.isEmpty)
    }

    @Test func blockFunctionsAndLetsAreLocalsOfTheScript() throws {
        let script = try Analysed("{ function inner() {} let z; } var v;")
        #expect(script.analysis.globals.bindings.keys.sorted() == ["v"])
        #expect(script.analysis.script.slotCount == 4)
    }

    @Test func varHoistsOutOfBlocks() throws {
        let script = try Analysed("function f() { { var v = 1; } for (var i = 0; ;) {} return v; }")
        #expect(try script.location(of: "v", in: "f") == .register(2))
        #expect(try script.location(of: "i", in: "f") == .register(3))
    }

    @Test func implicitBindings() throws {
        let script = try Analysed("""
            function plain() { return this; }
            function viaArrow() { return () => [this, arguments, new.target]; }
            """)
        #expect(try script.location(of: "this", in: "plain") == .register(1))
        let arrowed = try script.function("viaArrow")
        #expect(arrowed.usesArguments)
        #expect(arrowed.thisBinding?.storage == .cell(2))
        #expect(arrowed.newTargetBinding.map { $0.isCaptured } == true)
        #expect(try script.location(of: "new.target", in: "plain") == .newTarget)
        #expect(try !script.function("plain").usesArguments)
    }

    @Test func calleeNameBindsSlotZero() throws {
        let main = try compileScript("const g = function fact(n) { return n ? fact(n - 1) : 0; };")
        let fact = try #require(findFunction("fact", in: main))
        var pc = 0
        var slots: [Int] = []
        while let instruction = DecodedInstruction.decode(fact.code, at: pc) {
            if instruction.opcode == .getLocal { slots.append(instruction.operands.0) }
            pc = instruction.nextPC
        }
        #expect(slots == [2, 0, 2])
    }

    @Test func scriptThisIsUndefinedAndArgumentsIsAGlobal() throws {
        let script = try Analysed("function f() { return () => arguments; } const g = () => arguments;")
        #expect(try script.analysis.resolve("arguments", from: script.analysis.script.scope).location == .global)
        #expect(try script.analysis.resolve("this", from: script.analysis.script.scope).binding == nil)
        #expect(try script.function("f").usesArguments)
    }

    @Test func temporalDeadZoneDecisions() throws {
        let script = try Analysed("""
            function f() {
              let early; early;
              let late = 1; late;
              read(); let captured = 1; function read() { return captured; }
              switch (0) { case 0: let s = 1; s; }
            }
            """)
        let scope = try script.function("f").scope!
        func mayBeEarly(_ name: String) throws -> Bool {
            try #require(script.analysis.resolve(name, from: scope).binding).mayBeAccessedBeforeInitialization
        }
        #expect(try !mayBeEarly("early"))
        #expect(try !mayBeEarly("late"))
        #expect(try mayBeEarly("captured"))
    }

    @Test func switchScopedBindingsAreAlwaysChecked() throws {
        let block = try compiledFunction("f", "function f(x) { switch (x) { case 0: let s = 1; s; } }")
        #expect(opcodes(block).contains("checkHole"))
    }

    @Test func redeclarationsAreSyntaxErrors() throws {
        for source in ["let a; let a;", "var b; let b;", "let c; var c;", "const d = 1; function d() {}",
                       "function f(p) { let p; }", "try {} catch (e) { let e; }", "{ let x; class x {} }"] {
            #expect(throws: SyntaxError.self, "\(source)") { _ = try Analysed(source) }
        }
        for source in ["var a; var a;", "var b; function b() {}", "function f(p) { var p; }",
                       "{ let x; } { let x; }", "function g(a, a) {}"] {
            #expect(throws: Never.self, "\(source)") { _ = try Analysed(source) }
        }
    }

    @Test func globalsPersistAcrossScripts() throws {
        var globals = GlobalScope()
        _ = try compileScript("let x = 1; var y = 2; const z = 3;", globals: &globals)
        #expect(globals.slotCount == 3)

        let second = try compileScript("var y = 4; x + y + z;", globals: &globals)
        #expect(globals.slotCount == 3)  // `var y` reuses its slot
        #expect(!opcodes(second).contains("pushUndefined") || opcodes(second).first == "pushUndefined")
        // Bindings of an earlier script are always TDZ-checked (it may have thrown before initialising them).
        #expect(opcodes(second).filter { $0 == "checkHole" }.count == 2)

        let before = globals
        for source in ["let x;", "var z;", "class y {}", "let fresh; let fresh;"] {
            #expect(throws: SyntaxError.self, "\(source)") { _ = try compileScript(source, globals: &globals) }
        }
        #expect(globals.bindings == before.bindings && globals.slotCount == before.slotCount)
    }

    @Test func assignmentToEarlierConstThrowsAtRunTime() throws {
        var globals = GlobalScope()
        _ = try compileScript("const k = 1;", globals: &globals)
        let block = try compileScript("k = 2;", globals: &globals)
        #expect(opcodes(block).contains("throwConstAssign"))
    }

    @Test func classBindings() throws {
        let main = try compileScript("class C { static make() { return new C(); } }")
        let make = try #require(findFunction("make", in: main))
        // Methods see the class's inner binding (a captured cell of the script).
        #expect(make.captures.count == 1 && make.captures[0].fromParentLocal)
        #expect(opcodes(make).prefix(2) == ["getUpvalue", "checkHole"])
    }

    @Test func fieldInitialisersResolveInTheClassBody() throws {
        // `y` in the field is the outer `y`, not the constructor parameter.
        let main = try compileScript("let y = 1; class C { x = y; constructor(y) {} }")
        let constructor = try #require(findFunction("C", in: main))
        #expect(opcodes(constructor) == ["getLocal", "getGlobalSlot", "checkHole", "defineField", "pop",
                                         "returnUndefined"])
    }

    @Test func superCallInArrowWithFieldsIsRejected() throws {
        #expect(throws: SyntaxError.self) {
            _ = try compileScript("class A extends B { x = 1; constructor() { const f = () => super(); f(); } }")
        }
        _ = try compileScript("class A extends B { constructor() { const f = () => super(); f(); } }")
    }
}
