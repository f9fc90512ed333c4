// Bytecode verification: the gate untrusted code blocks (snapshots) pass
// before the VM runs them. The VM's dispatch loop relies on these facts and
// does not re-check them.

/// Why a code block was rejected.
public struct BytecodeVerificationError: Error, CustomStringConvertible, Sendable {
    /// Name of the offending code block.
    public var functionName: String
    /// Address of the offending instruction, when there is one.
    public var pc: Int?
    public var message: String

    public init(functionName: String, pc: Int?, message: String) {
        self.functionName = functionName
        self.pc = pc
        self.message = message
    }

    public var description: String {
        let location = pc.map { " at pc \($0)" } ?? ""
        return "invalid bytecode in function '\(functionName)'\(location): \(message)"
    }
}

/// Checks code blocks (and their children) for structural validity.
public enum BytecodeVerifier {
    /// Throws a `BytecodeVerificationError` unless every instruction of `block`
    /// and of all its descendants decodes completely, every jump and handler
    /// lands on an instruction boundary, every operand is in range, the stack
    /// depth is consistent, never negative and within `maxStack`, and no path
    /// falls off the end of the code. Never traps, whatever the input.
    public static func verify(_ block: CodeBlock) throws {
        var pending: [(block: CodeBlock, parent: CodeBlock?)] = [(block, nil)]
        var verified = Set<ObjectIdentifier>()
        while let (current, parent) = pending.popLast() {
            if let parent { try verifyCaptures(of: current, createdBy: parent) }
            guard verified.insert(ObjectIdentifier(current)).inserted else { continue }
            try verifyBlock(current)
            for child in current.children { pending.append((child, current)) }
        }
    }

    private static func verifyBlock(_ block: CodeBlock) throws {
        func failure(_ message: String, pc: Int? = nil) -> BytecodeVerificationError {
            BytecodeVerificationError(functionName: block.name, pc: pc, message: message)
        }
        guard block.parameterCount >= 0, block.length >= 0, block.maxStack >= 0, block.cacheCount >= 0,
              block.registerCount >= 2 + block.parameterCount, block.registerCount <= Int(UInt16.max) + 1 else {
            throw failure("invalid frame layout (registers \(block.registerCount), parameters \(block.parameterCount))")
        }
        let analysis = try StackDepthAnalysis.analyze(block)
        guard let last = analysis.instructions.last, last.opcode.endsPath else {
            throw failure("the code does not end with a return, throw or jump")
        }
        guard analysis.maxDepth <= block.maxStack else {
            throw failure("stack depth \(analysis.maxDepth) exceeds maxStack \(block.maxStack)")
        }
        for instruction in analysis.instructions {
            try verifyOperands(of: instruction, in: block)
        }
        // A handler truncates the stack to its depth, so it must never be entered from below it.
        let depths = RangeMinimum(analysis.depthAtPC.map { $0 ?? Int.max })
        for handler in block.handlers {
            let lowest = depths.minimum(in: Int(handler.start)..<Int(handler.end))
            if lowest < Int(handler.stackDepth) {
                throw failure("stack depth \(lowest) in a try range is below its handler's \(handler.stackDepth)")
            }
        }
    }

    private static func verifyOperands(of instruction: DecodedInstruction, in block: CodeBlock) throws {
        let values = [instruction.operands.0, instruction.operands.1]
        for (role, value) in zip(instruction.opcode.operandRoles, values) {
            let limit: Int?
            switch role {
            case .local: limit = block.registerCount
            case .upvalue: limit = block.captures.count
            case .constant: limit = block.constants.count
            case .name: limit = block.names.count
            case .child: limit = block.children.count
            case .cache: limit = block.cacheCount
            case .hasSuper: limit = 2
            case .argumentIndex: limit = block.parameterCount + 1
            case .jumpOffset:
                // The interpreter's safe points (step budget, collection) sit
                // on the backward edges of these three; no other jump may loop.
                let loops = instruction.opcode == .jump || instruction.opcode == .jumpIfTrue
                    || instruction.opcode == .jumpIfFalse
                if value < 0 && !loops {
                    throw BytecodeVerificationError(
                        functionName: block.name, pc: instruction.pc,
                        message: "\(instruction.opcode.info.name) jumps backward (only loop jumps may)")
                }
                limit = nil
            case .globalSlot, .integer, .count, .flags: limit = nil
            }
            if let limit, value >= limit {
                throw BytecodeVerificationError(
                    functionName: block.name, pc: instruction.pc,
                    message: "\(instruction.opcode.info.name) operand \(value) out of range (limit \(limit))")
            }
        }
        // Slot 0 holds the running function for the whole frame: the
        // interpreter reads the function's upvalues without retaining it.
        let writesLocal = instruction.opcode == .setLocal || instruction.opcode == .newCell
            || instruction.opcode == .copyCell
        if writesLocal && instruction.operands.0 == 0 {
            throw BytecodeVerificationError(
                functionName: block.name, pc: instruction.pc,
                message: "\(instruction.opcode.info.name) writes slot 0 (the running function)")
        }
        try verifyChildKind(of: instruction, in: block)
    }

    /// `makeClosure` creates plain functions; `makeClass` creates a constructor
    /// that is derived exactly when the class has a superclass.
    private static func verifyChildKind(of instruction: DecodedInstruction, in block: CodeBlock) throws {
        let fits: Bool
        switch instruction.opcode {
        case .makeClosure:
            let kind = block.children[instruction.operands.0].kind
            fits = kind != .script && kind != .classConstructor && kind != .derivedConstructor
        case .makeClass:
            let kind = block.children[instruction.operands.0].kind
            fits = kind == (instruction.operands.1 == 1 ? .derivedConstructor : .classConstructor)
        default:
            return
        }
        if !fits {
            throw BytecodeVerificationError(functionName: block.name, pc: instruction.pc,
                                            message: "\(instruction.opcode.info.name) of a child of the wrong kind")
        }
    }

    private static func verifyCaptures(of block: CodeBlock, createdBy parent: CodeBlock) throws {
        for capture in block.captures {
            let limit = capture.fromParentLocal ? parent.registerCount : parent.captures.count
            if Int(capture.index) >= limit {
                throw BytecodeVerificationError(
                    functionName: block.name, pc: nil,
                    message: "capture index \(capture.index) out of range in parent '\(parent.name)'")
            }
        }
    }
}

/// Range-minimum queries over a fixed array (an iterative segment tree), so
/// that checking many handler ranges stays linearithmic on hostile input.
private struct RangeMinimum {
    private var tree: [Int]
    private let count: Int

    init(_ values: [Int]) {
        count = values.count
        tree = [Int](repeating: Int.max, count: 2 * max(count, 1))
        for (index, value) in values.enumerated() { tree[count + index] = value }
        var node = count - 1
        while node > 0 {
            tree[node] = min(tree[2 * node], tree[2 * node + 1])
            node -= 1
        }
    }

    /// The minimum over `range` (clamped to the array); `Int.max` when empty.
    func minimum(in range: Range<Int>) -> Int {
        var low = max(range.lowerBound, 0) + count, high = min(range.upperBound, count) + count
        var result = Int.max
        while low < high {
            if low & 1 == 1 { result = min(result, tree[low]); low += 1 }
            if high & 1 == 1 { high -= 1; result = min(result, tree[high]) }
            low >>= 1
            high >>= 1
        }
        return result
    }
}
