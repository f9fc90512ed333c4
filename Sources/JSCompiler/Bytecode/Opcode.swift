// The FetchFlow instruction set: the single source of truth.
//
// Every instruction is one opcode byte followed by fixed-size little-endian
// operands (`OperandKind`). The table `Opcode.info` gives, for each opcode,
// its operands and stack effect; the emitter, disassembler, verifier and the
// max-stack computation all derive from it.
//
// Notation in the comments: `[a b] -> [c]` shows the top of the operand
// stack before and after (rightmost is the top).
//
// Frame layout: slot 0 holds the callee, slot 1 `this`, slots 2..<2+P the
// declared parameters, then the function's other locals; the operand stack
// starts at `CodeBlock.registerCount`. Jump offsets are relative to the
// address of the *next* instruction.

/// Kinds of instruction operands.
public enum OperandKind: Sendable {
    /// Unsigned 8-bit (argument counts, flags).
    case u8
    /// Unsigned 16-bit (local slots, upvalue indices, inline-cache slots).
    case u16
    /// Unsigned 32-bit (constant, name, child-function and global-slot indices).
    case u32
    /// Signed 32-bit (integers, jump offsets).
    case i32

    /// Encoded size in bytes.
    public var size: Int {
        switch self {
        case .u8: return 1
        case .u16: return 2
        case .u32, .i32: return 4
        }
    }
}

/// Static facts about one opcode.
public struct OpcodeInfo: Sendable {
    public var name: String
    public var operands: [OperandKind]
    /// Values popped; for `call`-like instructions the count excludes the
    /// `argc` arguments, which the stack-depth computation adds.
    public var pops: Int
    public var pushes: Int
    /// True for instructions whose first operand is a jump offset.
    public var isJump: Bool
    /// Total encoded size (opcode byte plus operands).
    public var size: Int
}

/// One VM instruction. Raw values are dense (`0..<Opcode.count`).
public enum Opcode: UInt8, CaseIterable, Sendable {
    // MARK: Stack manipulation
    /// `[]`: does nothing.
    case nop
    /// `[a] -> []`.
    case pop
    /// `[a] -> [a a]`.
    case dup
    /// `[a b] -> [a b a b]`.
    case dup2
    /// `[a b] -> [b a]`.
    case swap
    /// `[a b] -> [b a b]`: copy the top below the second.
    case dupX1
    /// `[a b c] -> [c a b c]`: copy the top below the third.
    case dupX2
    /// `[a b c] -> [b c a]`: bring the third value to the top.
    case rot3
    /// `[a b c] -> [c a b]`: move the top below the other two.
    case rot3Back

    // MARK: Constants
    /// `[] -> [undefined]`.
    case pushUndefined
    /// `[] -> [null]`.
    case pushNull
    /// `[] -> [true]`.
    case pushTrue
    /// `[] -> [false]`.
    case pushFalse
    /// `[] -> [hole]`: the uninitialised marker for TDZ bindings.
    case pushHole
    /// `i32 n`: `[] -> [n]` as a number.
    case pushInt
    /// `u32 k`: `[] -> [constants[k]]` (a number or a string).
    case pushConst

    // MARK: Variables
    /// `u16 slot`: `[] -> [locals[slot]]`.
    case getLocal
    /// `u16 slot`: `[v] -> []`, `locals[slot] = v`.
    case setLocal
    /// `u16 slot`: `[] -> []`, `locals[slot]` = a fresh cell holding the hole
    /// (a captured binding's new instance: block entry, each loop iteration).
    case newCell
    /// `u16 slot`: `[] -> [cell value]` of the cell stored in `locals[slot]`.
    case getCell
    /// `u16 slot`: `[v] -> []`, stores into the cell in `locals[slot]`.
    case setCell
    /// `u16 slot`: `[] -> []`, `locals[slot]` = a new cell holding the current
    /// value of the cell in `locals[slot]` (per-iteration copy for `for (let ...)`).
    case copyCell
    /// `u16 i`: `[] -> [value]` of the closure's captured cell `i`.
    case getUpvalue
    /// `u16 i`: `[v] -> []`, stores into the closure's captured cell `i`.
    case setUpvalue
    /// `u32 slot`: `[] -> [globalSlots[slot]]` (a top-level binding of some script).
    case getGlobalSlot
    /// `u32 slot`: `[v] -> []`, `globalSlots[slot] = v`.
    case setGlobalSlot
    /// `u32 name, u16 cache`: `[] -> [globalThis[name]]`; ReferenceError
    /// `name is not defined` when absent.
    case getGlobal
    /// `u32 name, u16 cache`: `[] -> [globalThis[name] or undefined]` (for `typeof name`).
    case getGlobalOrUndefined
    /// `u32 name, u16 cache`: `[v] -> []`, `globalThis[name] = v`; in strict
    /// code a ReferenceError when the name does not exist.
    case setGlobal
    /// `u32 name`: `[v] -> [v]`; ReferenceError `Cannot access 'name' before
    /// initialization` when `v` is the hole.
    case checkHole
    /// `[v] -> [v]`; ReferenceError `Must call super constructor in derived
    /// class before accessing 'this' or returning from derived constructor`
    /// when `v` is the hole.
    case checkThis
    /// `u32 name`: `[] -> !`, TypeError `Assignment to constant variable.`
    case throwConstAssign

    // MARK: Properties
    /// `u32 name, u16 cache`: `[obj] -> [obj.name]` (may call a getter).
    case getField
    /// `u32 name, u16 cache`: `[obj v] -> []`, `obj.name = v` (may call a setter).
    case setField
    /// `u32 name, u16 cache`: `[obj] -> [obj.name obj]`: a method and its receiver.
    case getMethod
    /// `[obj key] -> [obj[key]]`.
    case getIndex
    /// `[obj key v] -> []`, `obj[key] = v`.
    case setIndex
    /// `[obj key] -> [obj[key] obj]`: a computed method and its receiver.
    case getIndexMethod
    /// `u32 name`: `[obj] -> [bool]`, `delete obj.name`.
    case deleteField
    /// `[obj key] -> [bool]`, `delete obj[key]`.
    case deleteIndex
    /// `u32 name`: `[obj v] -> [obj]`: define an enumerable data property
    /// (object literals, class fields).
    case defineField
    /// `[obj key v] -> [obj]`: define an enumerable data property with a
    /// computed key.
    case defineIndex
    /// `u8 flags`: `[obj key fn] -> [obj]`: define a method (flags bit 0
    /// clear), getter (flags & 3 == 1) or setter (flags & 3 == 2) and set
    /// `fn`'s home object to `obj`; bit 2 set = enumerable (object literals),
    /// clear = non-enumerable (classes).
    case defineMethod
    /// `[target source] -> [target]`: copy `source`'s own enumerable
    /// properties (object spread).
    case copyDataProperties
    /// `u8 n`: `[source k1 ... kn] -> [rest]`: a new object with `source`'s
    /// own enumerable properties except keys `k1...kn` (object rest).
    case objectRest
    /// `[this key] -> [value]`: `super[key]` through the callee's home object.
    case getSuper
    /// `[this key v] -> []`: `super[key] = v`.
    case setSuper
    /// `[v] -> [v]`: TypeError when `v` is null or undefined (destructuring).
    case requireObjectCoercible
    /// `[v] -> [key]`: ToPropertyKey (a string, a symbol or an integer index).
    case toPropertyKey

    // MARK: Literals
    /// `[] -> [{}]`.
    case newObject
    /// `u32 capacity`: `[] -> [[]]` with room for `capacity` elements.
    case newArray
    /// `[arr v] -> [arr]`: append `v`.
    case arrayPush
    /// `[arr] -> [arr]`: append a hole (elision).
    case arrayPushHole

    // MARK: Operators
    /// `[a b] -> [a + b]` (numeric addition or string concatenation).
    case add
    /// `[a b] -> [a - b]`.
    case sub
    /// `[a b] -> [a * b]`.
    case mul
    /// `[a b] -> [a / b]`.
    case div
    /// `[a b] -> [a % b]`.
    case mod
    /// `[a b] -> [a ** b]`.
    case exp
    /// `[a b] -> [a << b]`.
    case shl
    /// `[a b] -> [a >> b]`.
    case shr
    /// `[a b] -> [a >>> b]`.
    case ushr
    /// `[a b] -> [a & b]`.
    case bitAnd
    /// `[a b] -> [a | b]`.
    case bitOr
    /// `[a b] -> [a ^ b]`.
    case bitXor
    /// `[a b] -> [a == b]`.
    case eq
    /// `[a b] -> [a != b]`.
    case ne
    /// `[a b] -> [a === b]`.
    case strictEq
    /// `[a b] -> [a !== b]`.
    case strictNe
    /// `[a b] -> [a < b]`.
    case lt
    /// `[a b] -> [a <= b]`.
    case le
    /// `[a b] -> [a > b]`.
    case gt
    /// `[a b] -> [a >= b]`.
    case ge
    /// `[a b] -> [a instanceof b]`.
    case instanceOf
    /// `[key obj] -> [key in obj]`.
    case hasProperty
    /// `[a] -> [-a]`.
    case neg
    /// `[a] -> [+a]` (ToNumber).
    case toNumber
    /// `[a] -> [!a]`.
    case not
    /// `[a] -> [~a]`.
    case bitNot
    /// `[a] -> [typeof a]`.
    case typeOf
    /// `[a] -> [ToNumeric(a) + 1]`.
    case inc
    /// `[a] -> [ToNumeric(a) - 1]`.
    case dec
    /// `[a] -> [ToString(a)]` (template literal substitutions).
    case toString

    // MARK: Control flow
    /// `i32 offset`: jump.
    case jump
    /// `i32 offset`: `[v] -> []`, jump if `v` is truthy.
    case jumpIfTrue
    /// `i32 offset`: `[v] -> []`, jump if `v` is falsy.
    case jumpIfFalse
    /// `i32 offset`: `[v] -> [v]` and jump if truthy, else `[v] -> []` (`||`).
    case jumpIfTrueKeep
    /// `i32 offset`: `[v] -> [v]` and jump if falsy, else `[v] -> []` (`&&`).
    case jumpIfFalseKeep
    /// `i32 offset`: `[v] -> [v]`; jump if `v` is null or undefined.
    case jumpIfNullish
    /// `i32 offset`: `[v] -> [v]`; jump if `v` is neither null nor undefined.
    case jumpIfNotNullish
    /// `[v] -> !`: throw `v` (unwinds to the innermost handler).
    case `throw`
    /// `[v] -> !`: return `v` from the current function.
    case `return`
    /// `[] -> !`: return undefined.
    case returnUndefined

    // MARK: Calls and functions
    /// `u8 argc`: `[callee this a1 ... an] -> [result]`.
    case call
    /// `[callee this args] -> [result]` where `args` is an array (spread calls).
    case callSpread
    /// `u8 argc`: `[callee newTarget a1 ... an] -> [object]` (`new`).
    case construct
    /// `[callee newTarget args] -> [object]` with an array of arguments.
    case constructSpread
    /// `u8 argc`: `[a1 ... an] -> [this]`: `super(...)`; binds `this` (the
    /// code generator stores the result into the `this` binding).
    case superCall
    /// `[args] -> [this]`: `super(...args)` with an array of arguments.
    case superCallSpread
    /// `u32 child`: `[] -> [closure]` over `CodeBlock.children[child]`,
    /// capturing cells as its `captures` describe.
    case makeClosure
    /// `u32 child, u8 hasSuper`: `[superclass?] -> [constructor prototype]`:
    /// create a class whose constructor is `children[child]`.
    case makeClass
    /// `[] -> [new.target]` (undefined in a plain call).
    case getNewTarget
    /// `[] -> [arguments]`: an arguments object with the call's actual arguments.
    case createArguments
    /// `u16 index`: `[] -> [array]` of the actual arguments from `index` on
    /// (a rest parameter; `index` counts from the first parameter).
    case createRest

    // MARK: Iteration
    /// `[iterable] -> [iterator next]`: GetIterator (may call `[Symbol.iterator]`).
    case getIterator
    /// `i32 offset`: `[iterator next] -> [iterator next value]`, or jump
    /// with `[iterator next]` when the iterator is done.
    case iteratorStep
    /// `[iterator next] -> [iterator next value]`; `value` is undefined when
    /// the iterator is done (array destructuring).
    case iteratorValue
    /// `[iterator next] -> []`: IteratorClose (calls `return()` if present).
    case iteratorClose
    /// `[obj] -> [forInIterator]`: snapshot of the enumerable string keys.
    case forInStart
    /// `i32 offset`: `[it] -> [it key]`, or jump with `[it]` when done.
    case forInNext

    // MARK: Async
    /// `[v] -> [result]`: suspend the async function until `v` settles;
    /// resumes with its value or throws its reason.
    case await

    // MARK: Misc
    /// `[]`: the `debugger` statement (does nothing).
    case debugger
}

extension Opcode {
    /// Number of opcodes; raw values are `0..<count`.
    public static let count = Opcode.allCases.count

    /// Operand layout, stack effect and name of each opcode, indexed by raw value.
    public static let info: [OpcodeInfo] = Opcode.allCases.map { $0.makeInfo() }

    @inline(__always) public var info: OpcodeInfo { Opcode.info[Int(rawValue)] }

    private func makeInfo() -> OpcodeInfo {
        let (operands, pops, pushes): ([OperandKind], Int, Int)
        switch self {
        case .nop, .debugger: (operands, pops, pushes) = ([], 0, 0)
        case .pop: (operands, pops, pushes) = ([], 1, 0)
        case .dup: (operands, pops, pushes) = ([], 1, 2)
        case .dup2: (operands, pops, pushes) = ([], 2, 4)
        case .swap: (operands, pops, pushes) = ([], 2, 2)
        case .dupX1: (operands, pops, pushes) = ([], 2, 3)
        case .dupX2: (operands, pops, pushes) = ([], 3, 4)
        case .rot3, .rot3Back: (operands, pops, pushes) = ([], 3, 3)
        case .pushUndefined, .pushNull, .pushTrue, .pushFalse, .pushHole, .newObject, .getNewTarget,
             .createArguments:
            (operands, pops, pushes) = ([], 0, 1)
        case .pushInt: (operands, pops, pushes) = ([.i32], 0, 1)
        case .pushConst, .getGlobalSlot, .newArray, .makeClosure: (operands, pops, pushes) = ([.u32], 0, 1)
        case .getLocal, .getCell, .getUpvalue, .createRest: (operands, pops, pushes) = ([.u16], 0, 1)
        case .setLocal, .setCell, .setUpvalue: (operands, pops, pushes) = ([.u16], 1, 0)
        case .newCell, .copyCell: (operands, pops, pushes) = ([.u16], 0, 0)
        case .setGlobalSlot: (operands, pops, pushes) = ([.u32], 1, 0)
        case .getGlobal, .getGlobalOrUndefined: (operands, pops, pushes) = ([.u32, .u16], 0, 1)
        case .setGlobal: (operands, pops, pushes) = ([.u32, .u16], 1, 0)
        case .checkHole: (operands, pops, pushes) = ([.u32], 1, 1)
        case .checkThis, .requireObjectCoercible, .toPropertyKey: (operands, pops, pushes) = ([], 1, 1)
        case .throwConstAssign: (operands, pops, pushes) = ([.u32], 0, 0)
        case .getField: (operands, pops, pushes) = ([.u32, .u16], 1, 1)
        case .setField: (operands, pops, pushes) = ([.u32, .u16], 2, 0)
        case .getMethod: (operands, pops, pushes) = ([.u32, .u16], 1, 2)
        case .getIndex: (operands, pops, pushes) = ([], 2, 1)
        case .setIndex: (operands, pops, pushes) = ([], 3, 0)
        case .getIndexMethod: (operands, pops, pushes) = ([], 2, 2)
        case .deleteField: (operands, pops, pushes) = ([.u32], 1, 1)
        case .deleteIndex: (operands, pops, pushes) = ([], 2, 1)
        case .defineField: (operands, pops, pushes) = ([.u32], 2, 1)
        case .defineIndex: (operands, pops, pushes) = ([], 3, 1)
        case .defineMethod: (operands, pops, pushes) = ([.u8], 3, 1)
        case .copyDataProperties: (operands, pops, pushes) = ([], 2, 1)
        case .objectRest: (operands, pops, pushes) = ([.u8], 1, 1) // plus n keys
        case .getSuper: (operands, pops, pushes) = ([], 2, 1)
        case .setSuper: (operands, pops, pushes) = ([], 3, 0)
        case .arrayPush: (operands, pops, pushes) = ([], 2, 1)
        case .arrayPushHole: (operands, pops, pushes) = ([], 1, 1)
        case .add, .sub, .mul, .div, .mod, .exp, .shl, .shr, .ushr, .bitAnd, .bitOr, .bitXor,
             .eq, .ne, .strictEq, .strictNe, .lt, .le, .gt, .ge, .instanceOf, .hasProperty:
            (operands, pops, pushes) = ([], 2, 1)
        case .neg, .toNumber, .not, .bitNot, .typeOf, .inc, .dec, .toString:
            (operands, pops, pushes) = ([], 1, 1)
        case .jump: (operands, pops, pushes) = ([.i32], 0, 0)
        case .jumpIfTrue, .jumpIfFalse: (operands, pops, pushes) = ([.i32], 1, 0)
        // Keep-variants: the stack effect on the fall-through path is given;
        // on the jump path the value stays (depth + 1).
        case .jumpIfTrueKeep, .jumpIfFalseKeep: (operands, pops, pushes) = ([.i32], 1, 0)
        case .jumpIfNullish, .jumpIfNotNullish: (operands, pops, pushes) = ([.i32], 1, 1)
        case .throw, .return: (operands, pops, pushes) = ([], 1, 0)
        case .returnUndefined: (operands, pops, pushes) = ([], 0, 0)
        case .call: (operands, pops, pushes) = ([.u8], 2, 1) // plus argc
        case .callSpread: (operands, pops, pushes) = ([], 3, 1)
        case .construct: (operands, pops, pushes) = ([.u8], 2, 1) // plus argc
        case .constructSpread: (operands, pops, pushes) = ([], 3, 1)
        case .superCall: (operands, pops, pushes) = ([.u8], 0, 1) // plus argc
        case .superCallSpread: (operands, pops, pushes) = ([], 1, 1)
        case .makeClass: (operands, pops, pushes) = ([.u32, .u8], 0, 2) // plus 1 if hasSuper
        case .getIterator: (operands, pops, pushes) = ([], 1, 2)
        // Fall-through path; on the jump path the depth is unchanged (2 stay).
        case .iteratorStep: (operands, pops, pushes) = ([.i32], 2, 3)
        case .iteratorValue: (operands, pops, pushes) = ([], 2, 3)
        case .iteratorClose: (operands, pops, pushes) = ([], 2, 0)
        case .forInStart: (operands, pops, pushes) = ([], 1, 1)
        case .forInNext: (operands, pops, pushes) = ([.i32], 1, 2)
        case .await: (operands, pops, pushes) = ([], 1, 1)
        }
        let isJump: Bool
        switch self {
        case .jump, .jumpIfTrue, .jumpIfFalse, .jumpIfTrueKeep, .jumpIfFalseKeep, .jumpIfNullish,
             .jumpIfNotNullish, .iteratorStep, .forInNext:
            isJump = true
        default:
            isJump = false
        }
        return OpcodeInfo(name: "\(self)", operands: operands, pops: pops, pushes: pushes, isJump: isJump,
                          size: 1 + operands.reduce(0) { $0 + $1.size })
    }

    /// The depth change on the *jump* path of a conditional jump, when it
    /// differs from the fall-through path (`pushes - pops`).
    public var jumpPathStackEffect: Int {
        switch self {
        case .jumpIfTrueKeep, .jumpIfFalseKeep: return 0
        case .iteratorStep, .forInNext: return 0
        case .jumpIfTrue, .jumpIfFalse: return -1
        default: return info.pushes - info.pops
        }
    }
}
