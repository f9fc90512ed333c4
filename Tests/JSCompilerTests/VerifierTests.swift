import Foundation
import Testing
@testable import JSCompiler

/// JavaScript files of the shared corpus (`../shared` next to the package), if present.
func corpusFiles() -> [URL] {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    var files: [URL] = []
    for directory in ["conformance/cases", "bench/programs"] {
        let url = shared.appendingPathComponent(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        files += names.filter { $0.hasSuffix(".js") }.sorted().map { url.appendingPathComponent($0) }
    }
    return files
}

/// Encodes instructions (opcode and operand values) with `Opcode.info`.
func assemble(_ instructions: [(Opcode, [Int])]) -> [UInt8] {
    var code: [UInt8] = []
    for (opcode, operands) in instructions {
        code.append(opcode.rawValue)
        for (kind, value) in zip(opcode.info.operands, operands) {
            let bits = UInt32(truncatingIfNeeded: value)
            for byte in 0..<kind.size { code.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(byte)))) }
        }
    }
    return code
}

/// A small well-formed block to corrupt: `return (c0 + local2) with a handler`.
func sampleBlock(code: [UInt8]? = nil) -> CodeBlock {
    let body = code ?? assemble([(.pushConst, [0]), (.getLocal, [2]), (.add, []), (.return, [])])
    return CodeBlock(name: "sample", kind: .normal, isAsync: false, isStrict: true, length: 1, parameterCount: 1,
                     registerCount: 3, maxStack: 2, usesArguments: false, code: body, constants: [.number(1.5)],
                     names: ["x"], children: [], captures: [], handlers: [], lines: [], cacheCount: 1,
                     sourceText: "", fileName: "test.js")
}

/// The verification failure message for `block`, or nil when it verifies.
func rejection(_ block: CodeBlock) -> String? {
    do {
        try BytecodeVerifier.verify(block)
        return nil
    } catch let error as BytecodeVerificationError {
        return error.message
    } catch {
        return "\(error)"
    }
}

@Suite struct VerifierTests {
    @Test func acceptsWellFormedCode() {
        #expect(rejection(sampleBlock()) == nil)
    }

    @Test func rejectsBadOpcodeByte() {
        let code: [UInt8] = [0xFF, Opcode.returnUndefined.rawValue]
        #expect(rejection(sampleBlock(code: code))?.contains("invalid opcode") == true)
    }

    @Test func rejectsTruncatedOperand() {
        let code = Array(assemble([(.pushConst, [0])]).dropLast())
        #expect(rejection(sampleBlock(code: code))?.contains("truncated") == true)
    }

    @Test func rejectsJumpIntoTheMiddleOfAnInstruction() {
        let code = assemble([(.pushInt, [1]), (.jumpIfTrue, [-7]), (.returnUndefined, [])])
        #expect(rejection(sampleBlock(code: code))?.contains("not an instruction boundary") == true)
        let outside = assemble([(.jump, [100]), (.returnUndefined, [])])
        #expect(rejection(sampleBlock(code: outside)) != nil)
    }

    /// Slot 0 holds the running function, whose upvalues the interpreter
    /// borrows for the whole frame: no instruction may replace it.
    @Test func slotZeroIsNeverWritten() {
        for opcode in [Opcode.setLocal, .newCell, .copyCell] {
            let prefix: [(Opcode, [Int])] = opcode == .setLocal ? [(.pushInt, [1])] : []
            let writesZero = assemble(prefix + [(opcode, [0]), (.returnUndefined, [])])
            #expect(rejection(sampleBlock(code: writesZero))?.contains("writes slot 0") == true)
            let writesTwo = assemble(prefix + [(opcode, [2]), (.returnUndefined, [])])
            #expect(rejection(sampleBlock(code: writesTwo)) == nil)
        }
        #expect(rejection(sampleBlock(code: assemble([(.getLocal, [0]), (.return, [])]))) == nil)
    }

    @Test func onlyLoopJumpsGoBackward() {
        // jumpIfNullish back to itself would loop without a safe point (no step budget check).
        let sneaky = assemble([(.pushNull, []), (.jumpIfNullish, [-5]), (.returnUndefined, [])])
        #expect(rejection(sampleBlock(code: sneaky))?.contains("jumps backward") == true)
        let loop = assemble([(.pushTrue, []), (.jumpIfTrue, [-6]), (.returnUndefined, [])])
        #expect(rejection(sampleBlock(code: loop)) == nil)
    }

    @Test func rejectsOutOfRangeOperands() {
        // The sample has 1 constant, 1 name, 1 cache slot, 3 registers, 1 parameter, no captures or children.
        let cases: [[(Opcode, [Int])]] = [
            [(.pushConst, [1])],
            [(.pushNull, []), (.getField, [1, 0])],
            [(.pushNull, []), (.getField, [0, 1])],
            [(.getLocal, [3])],
            [(.getUpvalue, [0])],
            [(.makeClosure, [0])],
            [(.createRest, [2])],
        ]
        for instructions in cases {
            let block = sampleBlock(code: assemble(instructions + [(.return, [])]))
            #expect(rejection(block)?.contains("out of range") == true, "\(instructions)")
        }
        #expect(rejection(sampleBlock(code: assemble([(.createRest, [1]), (.return, [])]))) == nil)
    }

    @Test func rejectsStackUnderflowAndOverflow() {
        #expect(rejection(sampleBlock(code: assemble([(.pop, []), (.returnUndefined, [])])))?
            .contains("underflow") == true)
        #expect(rejection(sampleBlock(code: assemble([(.call, [2]), (.return, [])])))?.contains("underflow") == true)
        let deep = assemble([(.pushNull, []), (.pushNull, []), (.pushNull, []), (.return, [])])
        #expect(rejection(sampleBlock(code: deep))?.contains("exceeds maxStack") == true)
    }

    @Test func rejectsInconsistentDepthAtMergePoint() {
        // One path pushes a value before joining the other.
        let code = assemble([(.pushTrue, []), (.jumpIfTrue, [1]), (.pushNull, []), (.returnUndefined, [])])
        #expect(rejection(sampleBlock(code: code))?.contains("inconsistent stack depth") == true)
    }

    @Test func rejectsFallingOffTheEnd() {
        #expect(rejection(sampleBlock(code: assemble([(.pushNull, []), (.pop, [])]))) != nil)
        #expect(rejection(sampleBlock(code: [])) != nil)
        let conditional = assemble([(.pushTrue, []), (.jumpIfTrue, [-6])])
        #expect(rejection(sampleBlock(code: conditional)) != nil)
    }

    @Test func rejectsBadHandlers() {
        let code = assemble([(.pushNull, []), (.pop, []), (.returnUndefined, []), (.pop, []), (.returnUndefined, [])])
        let valid = sampleBlock(code: code)
        valid.handlers = [ExceptionHandler(start: 0, end: 2, handler: 3, stackDepth: 0)]
        #expect(rejection(valid) == nil)
        for handler in [ExceptionHandler(start: 0, end: 9, handler: 3, stackDepth: 0),
                        ExceptionHandler(start: 2, end: 1, handler: 3, stackDepth: 0),
                        ExceptionHandler(start: 0, end: 2, handler: 9, stackDepth: 0),
                        ExceptionHandler(start: 0, end: 2, handler: 3, stackDepth: 5),
                        ExceptionHandler(start: 0, end: 2, handler: 3, stackDepth: 1)] {
            let block = sampleBlock(code: code)
            block.handlers = [handler]
            #expect(rejection(block) != nil, "\(handler)")
        }
    }

    @Test func rejectsCapturesOutsideTheParent() {
        let parent = sampleBlock(code: assemble([(.makeClosure, [0]), (.return, [])]))
        let child = sampleBlock(code: assemble([(.getUpvalue, [0]), (.return, [])]))
        child.captures = [Capture(fromParentLocal: true, index: 3)]
        parent.children = [child]
        #expect(rejection(parent)?.contains("capture index") == true)
        child.captures = [Capture(fromParentLocal: true, index: 2)]
        #expect(rejection(parent) == nil)
        child.code = assemble([(.getUpvalue, [1]), (.return, [])])
        #expect(rejection(parent)?.contains("out of range") == true)
    }

    @Test func neverTrapsOnGarbage() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...UInt8.max, using: &generator) }
            let block = sampleBlock(code: bytes)
            block.handlers = [ExceptionHandler(start: UInt32.random(in: 0...300, using: &generator),
                                               end: UInt32.random(in: 0...300, using: &generator),
                                               handler: UInt32.random(in: 0...300, using: &generator),
                                               stackDepth: UInt32.random(in: 0...3, using: &generator))]
            _ = rejection(block)
            _ = Disassembler.disassemble(block)
        }
    }

    @Test func corpusCompilesAndVerifies() throws {
        var failures: [String] = []
        for file in corpusFiles() {
            guard let source = try? String(contentsOf: file, encoding: .utf8) else { continue }
            var globals = GlobalScope()
            do {
                let script = try Compiler.compile(source, fileName: file.lastPathComponent, globals: &globals)
                try BytecodeVerifier.verify(script.main)
            } catch {
                failures.append("\(file.lastPathComponent): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
