// Instruction decoding and the operand-stack depth dataflow.
//
// Both the code generator (to set `CodeBlock.maxStack`) and the verifier
// (on untrusted snapshots) use this file, so every read is bounds-checked and
// every malformed input is reported as a `BytecodeVerificationError`.

/// One instruction decoded from a code block.
struct DecodedInstruction {
    /// Address of the opcode byte.
    var pc: Int
    var opcode: Opcode
    /// Operand values in order (at most two); `i32` operands are sign-extended.
    var operands: (Int, Int)

    /// Address of the next instruction.
    var nextPC: Int { pc + opcode.info.size }

    /// The absolute jump target, for jump instructions.
    var jumpTarget: Int? { opcode.info.isJump ? nextPC + operands.0 : nil }

    /// Decodes the instruction at `pc`, or returns nil when the opcode byte is
    /// invalid or the operands are truncated.
    static func decode(_ code: [UInt8], at pc: Int) -> DecodedInstruction? {
        guard pc >= 0, pc < code.count, let opcode = Opcode(rawValue: code[pc]) else { return nil }
        let info = opcode.info
        guard pc + info.size <= code.count else { return nil }
        var values = [0, 0]
        var offset = pc + 1
        for (position, kind) in info.operands.enumerated() {
            var raw: UInt32 = 0
            for byte in 0..<kind.size {
                raw |= UInt32(code[offset + byte]) << (8 * UInt32(byte))
            }
            switch kind {
            case .u8, .u16, .u32: values[position] = Int(raw)
            case .i32: values[position] = Int(Int32(bitPattern: raw))
            }
            offset += kind.size
        }
        return DecodedInstruction(pc: pc, opcode: opcode, operands: (values[0], values[1]))
    }

    /// Values popped, including the counts some instructions encode in an operand.
    var pops: Int {
        let base = opcode.info.pops
        switch opcode {
        case .call, .construct, .superCall, .objectRest: return base + operands.0
        case .makeClass: return base + (operands.1 != 0 ? 1 : 0)
        default: return base
        }
    }

    /// The depth change on the fall-through path.
    var fallThroughEffect: Int { opcode.info.pushes - pops }
}

/// What an operand refers to; drives operand range checks and disassembly.
enum OperandRole {
    /// A frame slot (`u16`).
    case local
    /// An index into the closure's captured cells.
    case upvalue
    /// An index into `CodeBlock.constants`.
    case constant
    /// An index into `CodeBlock.names`.
    case name
    /// An index into `CodeBlock.children`.
    case child
    /// A slot of the VM's global-slot array.
    case globalSlot
    /// An inline-cache slot (`< cacheCount`).
    case cache
    /// A jump offset.
    case jumpOffset
    /// An immediate integer (`pushInt`).
    case integer
    /// A count of stack values or elements (argc, key count, array capacity).
    case count
    /// `defineMethod` flags.
    case flags
    /// `makeClass`'s has-superclass flag (0 or 1).
    case hasSuper
    /// `createRest`'s first argument index (`<= parameterCount`).
    case argumentIndex
}

extension Opcode {
    /// True for instructions after which execution never continues at the next address.
    /// The meaning of each operand, parallel to `info.operands`.
    var operandRoles: [OperandRole] {
        switch self {
        case .pushInt: return [.integer]
        case .pushConst: return [.constant]
        case .getLocal, .setLocal, .newCell, .getCell, .setCell, .copyCell: return [.local]
        case .getUpvalue, .setUpvalue: return [.upvalue]
        case .getGlobalSlot, .setGlobalSlot: return [.globalSlot]
        case .getGlobal, .getGlobalOrUndefined, .setGlobal, .getField, .setField, .getMethod:
            return [.name, .cache]
        case .checkHole, .throwConstAssign, .deleteField, .defineField: return [.name]
        case .defineMethod: return [.flags]
        case .objectRest, .newArray, .call, .construct, .superCall: return [.count]
        case .makeClosure: return [.child]
        case .makeClass: return [.child, .hasSuper]
        case .createRest: return [.argumentIndex]
        default:
            return info.isJump ? [.jumpOffset] : []
        }
    }

    var endsPath: Bool {
        switch self {
        case .jump, .throw, .return, .returnUndefined: return true
        default: return false
        }
    }
}

/// The result of the stack-depth dataflow over one code block.
struct StackDepthAnalysis {
    /// Every instruction in address order.
    var instructions: [DecodedInstruction]
    /// Operand-stack depth before the instruction at each address (nil: unreachable
    /// or not an instruction boundary).
    var depthAtPC: [Int?]
    /// The largest depth reached.
    var maxDepth: Int

    /// Decodes `block.code` linearly, checks jump and handler targets, and
    /// propagates depths from the entry (depth 0) and every handler entry
    /// (`stackDepth + 1`).
    static func analyze(_ block: CodeBlock) throws -> StackDepthAnalysis {
        let code = block.code
        func failure(_ message: String, pc: Int? = nil) -> BytecodeVerificationError {
            BytecodeVerificationError(functionName: block.name, pc: pc, message: message)
        }

        var instructions: [DecodedInstruction] = []
        var indexAtPC = [Int](repeating: -1, count: code.count + 1)
        var pc = 0
        while pc < code.count {
            guard let instruction = DecodedInstruction.decode(code, at: pc) else {
                if Opcode(rawValue: code[pc]) == nil {
                    throw failure("invalid opcode byte \(code[pc])", pc: pc)
                }
                throw failure("truncated operands", pc: pc)
            }
            indexAtPC[pc] = instructions.count
            instructions.append(instruction)
            pc = instruction.nextPC
        }
        func isBoundary(_ target: Int) -> Bool { target >= 0 && target < code.count && indexAtPC[target] >= 0 }

        for instruction in instructions {
            if let target = instruction.jumpTarget, !isBoundary(target) {
                throw failure("jump target \(target) is not an instruction boundary", pc: instruction.pc)
            }
        }

        var depths = [Int?](repeating: nil, count: code.count)
        var worklist: [Int] = []
        var maxDepth = 0
        func flow(to target: Int, depth: Int, from source: Int?) throws {
            guard depth >= 0 else { throw failure("stack underflow", pc: source) }
            guard target < code.count else { throw failure("execution falls off the end of the code", pc: source) }
            if let known = depths[target] {
                if known != depth {
                    throw failure("inconsistent stack depth at \(target): \(known) vs \(depth)", pc: source)
                }
                return
            }
            depths[target] = depth
            maxDepth = max(maxDepth, depth)
            worklist.append(target)
        }

        if !code.isEmpty { try flow(to: 0, depth: 0, from: nil) }
        for handler in block.handlers {
            let start = Int(handler.start), end = Int(handler.end), entry = Int(handler.handler)
            guard start <= end, end <= code.count else {
                throw failure("handler range \(start)..<\(end) is outside the code")
            }
            guard start == code.count || indexAtPC[start] >= 0, end == code.count || indexAtPC[end] >= 0 else {
                throw failure("handler range \(start)..<\(end) does not fall on instruction boundaries")
            }
            guard isBoundary(entry) else { throw failure("handler target \(entry) is not an instruction boundary") }
            guard handler.stackDepth < UInt32(Int32.max) else { throw failure("handler stack depth too large") }
            try flow(to: entry, depth: Int(handler.stackDepth) + 1, from: nil)
        }

        while let current = worklist.popLast() {
            let instruction = instructions[indexAtPC[current]]
            let depth = depths[current]!
            guard depth >= instruction.pops else { throw failure("stack underflow", pc: current) }
            let after = depth + instruction.fallThroughEffect
            maxDepth = max(maxDepth, after)
            if let target = instruction.jumpTarget {
                try flow(to: target, depth: depth + instruction.opcode.jumpPathStackEffect, from: current)
            }
            if !instruction.opcode.endsPath {
                try flow(to: instruction.nextPC, depth: after, from: current)
            }
        }
        return StackDepthAnalysis(instructions: instructions, depthAtPC: depths, maxDepth: maxDepth)
    }
}
