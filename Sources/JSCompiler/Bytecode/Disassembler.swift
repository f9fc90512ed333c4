// Human-readable listings of code blocks (tests, debugging, `--disassemble`).

/// Renders code blocks as text, one instruction per line:
///
///     function point (normal) params=2 length=2 registers=4 stack=3 caches=2
///       0000  getLocal        slot=1
///       0003  getLocal        slot=2
///       0006  setField        name="x" cache=0
///
/// Jumps show absolute targets, constants are rendered inline, children are
/// listed after their parent.
public enum Disassembler {
    public static func disassemble(_ block: CodeBlock, recursive: Bool = true) -> String {
        var output = ""
        var pending = [(block, "")]
        var listed = Set<ObjectIdentifier>()
        while let (current, path) = pending.popLast() {
            guard listed.insert(ObjectIdentifier(current)).inserted else { continue }
            if !output.isEmpty { output += "\n" }
            output += listing(of: current, path: path)
            if recursive {
                for (index, child) in current.children.enumerated().reversed() {
                    pending.append((child, path.isEmpty ? "\(index)" : "\(path).\(index)"))
                }
            }
        }
        return output
    }

    /// The header, instructions and tables of one block; `path` locates a child
    /// (`"0.2"`: child 2 of child 0).
    private static func listing(of block: CodeBlock, path: String) -> String {
        var attributes = ["\(block.kind)"]
        if block.isAsync { attributes.append("async") }
        if block.isStrict { attributes.append("strict") }
        if block.usesArguments { attributes.append("arguments") }
        let title = block.name.isEmpty ? "<anonymous>" : block.name
        let sizes = "params=\(block.parameterCount) length=\(block.length) registers=\(block.registerCount)"
            + " stack=\(block.maxStack) caches=\(block.cacheCount)"
        var lines = [(path.isEmpty ? "" : "[\(path)] ")
                     + "function \(title) (\(attributes.joined(separator: ", "))) " + sizes]
        if !block.captures.isEmpty {
            let captures = block.captures.map { $0.fromParentLocal ? "slot \($0.index)" : "upvalue \($0.index)" }
            lines.append("  captures: " + captures.joined(separator: ", "))
        }
        var pc = 0
        while pc < block.code.count {
            guard let instruction = DecodedInstruction.decode(block.code, at: pc) else {
                lines.append("  \(address(pc))  <invalid byte \(block.code[pc])>")
                pc += 1
                continue
            }
            lines.append(render(instruction, in: block))
            pc = instruction.nextPC
        }
        for handler in block.handlers {
            lines.append("  handler \(address(Int(handler.start)))..<\(address(Int(handler.end)))" +
                         " -> \(address(Int(handler.handler))) depth=\(handler.stackDepth)")
        }
        return lines.joined(separator: "\n")
    }

    private static func render(_ instruction: DecodedInstruction, in block: CodeBlock) -> String {
        let name = instruction.opcode.info.name
        var text = "  \(address(instruction.pc))  " + name
        let values = [instruction.operands.0, instruction.operands.1]
        let operands = zip(instruction.opcode.operandRoles, values).map { role, value in
            describe(value, as: role, of: instruction, in: block)
        }
        if !operands.isEmpty {
            text += String(repeating: " ", count: max(1, 16 - name.count)) + operands.joined(separator: " ")
        }
        return text
    }

    private static func describe(_ value: Int, as role: OperandRole, of instruction: DecodedInstruction,
                                 in block: CodeBlock) -> String {
        switch role {
        case .local: return "slot=\(value)"
        case .upvalue: return "upvalue=\(value)"
        case .constant:
            guard value < block.constants.count else { return "const=#\(value)?" }
            return "const=" + render(block.constants[value])
        case .name:
            guard value < block.names.count else { return "name=#\(value)?" }
            return "name=" + quoted(block.names[value])
        case .child:
            guard value < block.children.count else { return "child=\(value)?" }
            let childName = block.children[value].name
            return "child=\(value)" + (childName.isEmpty ? "" : " (\(childName))")
        case .globalSlot: return "global=\(value)"
        case .cache: return "cache=\(value)"
        case .jumpOffset: return "-> " + address(instruction.jumpTarget ?? 0)
        case .integer: return "\(value)"
        case .count: return "\(value)"
        case .flags: return "flags=\(value)"
        case .hasSuper: return "hasSuper=\(value)"
        case .argumentIndex: return "index=\(value)"
        }
    }

    private static func render(_ constant: Constant) -> String {
        switch constant {
        case .string(let string): return quoted(string)
        case .number(let number):
            if number == number.rounded(), abs(number) < 1e15, !(number == 0 && number.sign == .minus) {
                return "\(Int(number))"
            }
            return "\(number)"
        }
    }

    /// A double-quoted, escaped rendering of a string.
    private static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// A four-digit (or wider) zero-padded address.
    private static func address(_ pc: Int) -> String {
        let digits = String(pc)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
