import Foundation
import JSCompiler

// Loads a snapshot into a new VM. Nothing in the file is trusted: the header
// (magic, versions, length, checksum) is checked before any decoding; every
// count is bounded by the bytes left before anything is allocated; every
// handle, atom, code index, native id, upvalue and cell reference is range
// checked as it is decoded; code blocks pass `BytecodeVerifier`; and a final
// pass checks what needs the whole heap (accessor slots, promise reactions,
// frames, acyclic prototype and bound-function chains). Any failure is a
// `SnapshotError` with one clear line.

extension VM {
    /// Loads a snapshot into a new VM, verifying everything first.
    public static func restore(snapshot bytes: [UInt8], limits: ExecutionLimits = ExecutionLimits()) throws -> VM {
        guard bytes.count <= limits.maxSnapshotBytes else {
            throw SnapshotError("snapshot of \(bytes.count) bytes exceeds the limit of \(limits.maxSnapshotBytes) bytes")
        }
        return try bytes.withUnsafeBufferPointer { data in
            let header = try SnapshotHeader(data)
            guard header.engineVersion == VM.engineVersion else {
                throw SnapshotError("snapshot was written by engine \(header.engineVersion); this is engine \(VM.engineVersion)")
            }
            try header.verifyBody(data)
            var reader = SnapshotReader(data, header: header, vm: VM(limits: limits, installingBuiltins: false))
            return try reader.restore()
        }
    }

    /// Header and pending requests (and stats), without building a VM.
    /// Works for snapshots of any engine version written in this format version.
    public static func inspectSnapshot(_ bytes: [UInt8]) throws -> SnapshotInfo {
        try bytes.withUnsafeBufferPointer { try inspectSnapshot($0) }
    }

    private static func inspectSnapshot(_ bytes: UnsafeBufferPointer<UInt8>) throws -> SnapshotInfo {
        let header = try SnapshotHeader(bytes)
        try header.verifyBody(bytes)
        var c = SnapshotCursor(bytes, from: header.bodyStart, to: header.bodyEnd)
        try enterSection(.requests, &c, bodyEnd: header.bodyEnd)
        let (_, requests) = try readRequests(&c)
        try leaveSection(&c)
        try enterSection(.counts, &c, bodyEnd: header.bodyEnd)
        let counts = try SnapshotCounts(&c, bodyLength: header.bodyEnd - header.bodyStart)
        try leaveSection(&c)
        let stats: [(String, Int)] = [
            ("objects", counts.objects), ("strings", counts.strings), ("cells", counts.cells),
            ("atoms", counts.atoms), ("codeBlocks", counts.codes), ("frames", counts.frames),
            ("suspendedFrames", counts.suspendedFrames), ("jobs", counts.jobs),
            ("pendingRequests", counts.pendingRequests), ("bytes", bytes.count),
        ]
        return SnapshotInfo(formatVersion: Int(header.formatVersion), engineVersion: header.engineVersion,
                            requests: requests.map { $0.0 }, stats: stats)
    }

    /// Appends a `RuntimeCode` for an already decoded (and verified) block
    /// whose children are already loaded at the given indices.
    func appendRestoredCode(_ block: CodeBlock, children: ContiguousArray<Int32>) {
        let constants = ContiguousArray(block.constants.map { c -> Value in
            switch c {
            case .number(let d): return Value(d)
            case .string(let s): return keyValue(intern(s))
            }
        })
        let atoms = ContiguousArray(block.names.map { intern($0) })
        codes.append(RuntimeCode(block: block, constants: constants, atoms: atoms, children: children,
                                 nameValue: keyValue(intern(block.name))))
    }
}

// MARK: - Header

/// The checked file header.
struct SnapshotHeader {
    var formatVersion: UInt32
    var engineVersion: String
    var bodyStart: Int
    var bodyEnd: Int
    var checksum: UInt32

    /// Checks magic, format version and lengths.
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let magic = SnapshotFormat.magic
        guard bytes.count >= magic.count, bytes[0..<magic.count].elementsEqual(magic) else {
            throw SnapshotError("not a FetchFlow snapshot (bad magic bytes)")
        }
        var c = SnapshotCursor(bytes, from: magic.count, to: bytes.count)
        c.context = "header"
        guard bytes.count >= SnapshotFormat.fixedHeaderSize else {
            throw SnapshotError("truncated snapshot: the header needs \(SnapshotFormat.fixedHeaderSize) bytes, the file has \(bytes.count)")
        }
        formatVersion = try c.u32()
        guard formatVersion == SnapshotFormat.version else {
            throw SnapshotError("snapshot format version \(formatVersion) is not supported (this engine reads version \(SnapshotFormat.version))")
        }
        let engineLength = Int(try c.u16())
        guard engineLength <= SnapshotFormat.maxEngineVersionLength else {
            throw SnapshotError("corrupt snapshot: engine version string of \(engineLength) bytes")
        }
        guard c.remaining >= engineLength + 12 else {
            throw SnapshotError("truncated snapshot: the header is incomplete (\(bytes.count) bytes)")
        }
        engineVersion = String(decoding: try c.bytes(engineLength), as: UTF8.self)
        let bodyLength = try c.u64()
        checksum = try c.u32()
        bodyStart = c.pos
        let available = UInt64(bytes.count - bodyStart)
        guard bodyLength <= available else {
            throw SnapshotError("truncated snapshot: the header announces \(bodyLength) body bytes, the file has \(available)")
        }
        guard bodyLength == available else {
            throw SnapshotError("corrupt snapshot: \(available - bodyLength) unexpected bytes after the body")
        }
        bodyEnd = bytes.count
    }

    /// Checks the body checksum.
    func verifyBody(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let actual = CRC32.checksum(UnsafeBufferPointer(rebasing: bytes[bodyStart..<bodyEnd]))
        guard actual == checksum else {
            throw SnapshotError("corrupt snapshot: checksum mismatch (stored \(hex(checksum)), computed \(hex(actual)))")
        }
    }

    private func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - s.count) + s
    }
}

/// The COUNTS section.
struct SnapshotCounts {
    var atoms, strings, cells, objects, codes, frames, suspendedFrames, jobs, pendingRequests: Int

    init(_ c: inout SnapshotCursor, bodyLength: Int) throws {
        typealias M = SnapshotFormat.MinSize
        let handleLimit = Int(UInt32.max) - 1
        func bounded(_ what: String, _ minBytes: Int, _ limit: Int = Int(Int32.max)) throws -> Int {
            try c.int(max: min(bodyLength / minBytes, limit), what + " count")
        }
        atoms = try bounded("atom", M.atom, handleLimit)
        strings = try bounded("string", M.string, handleLimit)
        cells = try bounded("cell", M.value, handleLimit)
        objects = try bounded("object", M.object, handleLimit)
        codes = try bounded("code block", M.codeBlock)
        frames = try bounded("frame", M.frame)
        suspendedFrames = try bounded("suspended frame", M.object)
        jobs = try bounded("job", M.job)
        pendingRequests = try bounded("request", M.request)
        let minimumAtoms = 1 + wellKnownNames.count + wellKnownSymbols.count
        guard atoms >= minimumAtoms else {
            throw c.failure("\(atoms) atoms, fewer than the \(minimumAtoms) well-known ones")
        }
    }
}

private func enterSection(_ section: SnapshotFormat.Section, _ c: inout SnapshotCursor, bodyEnd: Int) throws {
    c.end = bodyEnd
    c.context = "section list"
    guard c.pos < bodyEnd else {
        throw SnapshotError("corrupt snapshot: the \(section.name) section is missing")
    }
    let id = try c.u8()
    guard id == section.rawValue else {
        throw c.failure("expected the \(section.name) section (id \(section.rawValue)), found id \(id)")
    }
    let length = try c.varint()
    guard length <= UInt64(c.remaining) else {
        throw c.failure("the \(section.name) section claims \(length) bytes, \(c.remaining) are left")
    }
    c.end = c.pos + Int(length)
    c.context = section.name + " section"
}

private func leaveSection(_ c: inout SnapshotCursor) throws {
    guard c.pos == c.end else { throw c.failure("\(c.end - c.pos) unexpected bytes at the end of the section") }
}

/// The REQUESTS section: `nextRequestID` and the requests with their promises
/// (object handles not yet range checked).
private func readRequests(_ c: inout SnapshotCursor) throws -> (Int, [(SnapshotRequest, UInt64?)]) {
    let nextID = try c.int(max: Int(Int32.max), "next request id")
    let n = try c.count("request", minBytes: SnapshotFormat.MinSize.request)
    var out: [(SnapshotRequest, UInt64?)] = []
    out.reserveCapacity(n)
    for _ in 0..<n {
        let id = try c.string()
        let url = try c.string()
        let method = try c.string()
        let headerCount = try c.count("header", minBytes: 2)
        var headers: [(String, String)] = []
        headers.reserveCapacity(headerCount)
        for _ in 0..<headerCount { headers.append((try c.string(), try c.string())) }
        let body: String?
        switch try c.u8() {
        case 0: body = nil
        case 1: body = try c.string()
        case let b: throw c.failure("invalid body flag \(b)")
        }
        let timestamp = try c.f64()
        let promise: UInt64?
        switch try c.u8() {
        case SnapshotFormat.ValueTag.undefined: promise = nil
        case SnapshotFormat.ValueTag.object: promise = try c.varint()
        case let t: throw c.failure("a request's promise has value tag \(t), expected an object")
        }
        out.append((SnapshotRequest(id: id, url: url, method: method, headers: headers, body: body,
                                    timestamp: timestamp), promise))
    }
    return (nextID, out)
}

// MARK: - Code facts

/// What frame validation needs to know about one code block: instruction
/// boundaries and the operand-stack depth before each reachable instruction
/// (the same dataflow as the verifier's).
struct SnapshotCodeFacts {
    /// `isStart[pc]`: an instruction starts at `pc`.
    var isStart: [Bool]
    /// Operand depth before the instruction at `pc`, -1 when unreachable.
    var depth: [Int]

    /// Computes the facts of a verified block (still never traps on bad input).
    init(_ block: CodeBlock) throws {
        let code = block.code
        var starts = [Bool](repeating: false, count: code.count)
        var depths = [Int](repeating: -1, count: code.count)
        func operand(_ at: Int, _ kind: OperandKind) -> Int {
            var raw: UInt32 = 0
            for i in 0..<kind.size where at + i < code.count { raw |= UInt32(code[at + i]) << (8 * UInt32(i)) }
            return kind == .i32 ? Int(Int32(bitPattern: raw)) : Int(raw)
        }
        func bad(_ m: String) -> SnapshotError { SnapshotError("corrupt snapshot: code block '\(block.name)': \(m)") }
        var pc = 0
        while pc < code.count {
            guard let op = Opcode(rawValue: code[pc]), pc + op.info.size <= code.count else {
                throw bad("undecodable instruction at \(pc)")
            }
            starts[pc] = true
            pc += op.info.size
        }

        var work: [Int] = []
        var failure: SnapshotError?
        func flow(_ target: Int, _ d: Int) {
            guard failure == nil else { return }
            guard target >= 0, target < code.count, starts[target], d >= 0 else {
                failure = bad("control flow leaves the code at \(target)")
                return
            }
            if depths[target] >= 0 {
                if depths[target] != d { failure = bad("inconsistent stack depth at \(target)") }
                return
            }
            depths[target] = d
            work.append(target)
        }
        if !code.isEmpty { flow(0, 0) }
        for h in block.handlers { flow(Int(h.handler), Int(h.stackDepth) + 1) }
        while failure == nil, let at = work.popLast() {
            guard let op = Opcode(rawValue: code[at]) else { break }
            let info = op.info
            var first = 0, second = 0
            if info.operands.count > 0 { first = operand(at + 1, info.operands[0]) }
            if info.operands.count > 1 { second = operand(at + 1 + info.operands[0].size, info.operands[1]) }
            var pops = info.pops
            switch op {
            case .call, .construct, .superCall, .objectRest: pops += first
            case .makeClass: pops += second != 0 ? 1 : 0
            default: break
            }
            let d = depths[at]
            let next = at + info.size
            if info.isJump { flow(next + first, d + op.jumpPathStackEffect) }
            switch op {
            case .jump, .throw, .return, .returnUndefined: break
            default: flow(next, d - pops + info.pushes)
            }
        }
        if let failure { throw failure }
        isStart = starts
        depth = depths
    }
}

/// The CODE section that last passed verification in this process. The
/// verifier's verdict depends only on those bytes, so restoring the same
/// code again (every step of a paused script) skips it; all decoding
/// checks still run.
enum VerifiedCode {
    private static let lock = NSLock()
    private static var bytes: [UInt8] = []

    static func contains(_ section: UnsafeBufferPointer<UInt8>) -> Bool {
        lock.withLock {
            bytes.count == section.count && bytes.withUnsafeBufferPointer {
                guard let a = $0.baseAddress, let b = section.baseAddress else { return true }
                return memcmp(a, b, section.count) == 0
            }
        }
    }

    static func insert(_ section: UnsafeBufferPointer<UInt8>) {
        lock.withLock { bytes = Array(section) }
    }
}

// MARK: - Reader

struct SnapshotReader {
    typealias Tag = SnapshotFormat.ValueTag
    typealias OTag = SnapshotFormat.ObjectTag
    typealias M = SnapshotFormat.MinSize

    var c: SnapshotCursor
    let header: SnapshotHeader
    let vm: VM
    var counts: SnapshotCounts?
    var stringCount = 0
    var objectCount = 0
    var cellCount = 0
    var atomCount = 0
    /// Largest `getGlobalSlot`/`setGlobalSlot` operand in any code block, or -1.
    var maxGlobalSlotOperand = -1
    var codeFacts: [Int: SnapshotCodeFacts] = [:]
    /// The current section's predictions (reset as each section starts).
    var predictor = ValuePredictor()
    /// Filled while reading objects, for the whole-heap checks: each
    /// object's prototype handle and bound-function target (0: none), and
    /// the objects that need a check of their own.
    var prototypes: [UInt32] = [0]
    var boundTargets: [UInt32] = []
    var objectsToCheck: [Int] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, header: SnapshotHeader, vm: VM) {
        c = SnapshotCursor(bytes, from: header.bodyStart, to: header.bodyEnd)
        self.header = header
        self.vm = vm
    }

    func failure(_ m: String) -> SnapshotError { c.failure(m) }

    // MARK: Values

    /// Decodes a value, range checking its handle. Cells only where `cells` is true.
    @inline(__always) mutating func value(cells: Bool = false) throws -> Value {
        let tag = try c.u8()
        if tag >= Tag.smallIntBase { return Value(Double(tag - Tag.smallIntBase)) }
        switch tag {
        case Tag.undefined: return .undefined
        case Tag.null: return .null
        case Tag.false: return .false
        case Tag.true: return .true
        case Tag.hole: return .hole
        case Tag.int:
            let n = try c.zigzag()
            guard n > -9_007_199_254_740_992, n < 9_007_199_254_740_992 else { throw failure("integer value \(n) out of range") }
            return Value(Double(n))
        case Tag.double:
            return Value(try c.f64())
        case Tag.string, Tag.nextString:
            let h = tag == Tag.string ? try c.varint() : UInt64(predictor.nextString)
            guard h < UInt64(stringCount) else { throw failure("string handle \(h) out of range (\(stringCount) strings)") }
            predictor.nextString = max(predictor.nextString, UInt32(h) + 1)
            return Value(string: UInt32(h))
        case Tag.object, Tag.nextObject:
            let h = tag == Tag.object ? try c.varint() : UInt64(predictor.nextObject)
            guard h >= 1, h <= UInt64(objectCount) else { throw failure("object handle \(h) out of range (\(objectCount) objects)") }
            predictor.nextObject = max(predictor.nextObject, UInt32(h) + 1)
            return Value(object: UInt32(h))
        case Tag.symbol:
            let a = try c.varint()
            guard a < UInt64(vm.atoms.count), a > 0, vm.isSymbolAtom(UInt32(a)) else {
                throw failure("symbol value names atom \(a), which is not a symbol")
            }
            return Value(symbol: UInt32(a))
        case Tag.cell:
            let h = try c.varint()
            guard cells else { throw failure("a variable cell where only JavaScript values may appear") }
            guard h < UInt64(cellCount) else { throw failure("cell handle \(h) out of range (\(cellCount) cells)") }
            return Value(cell: UInt32(h))
        default:
            throw failure("invalid value tag \(tag)")
        }
    }

    /// `n` values (at least one byte each, checked before allocating).
    mutating func values(count n: Int) throws -> ContiguousArray<Value> {
        if n == 0 { return [] }
        guard n <= c.remaining / M.value else { throw c.truncated() }
        // Not `init(unsafeUninitializedCapacity:)`: see `SnapshotCursor.stringEntry(_:)`.
        var values = ContiguousArray<Value>()
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try value()) }
        return values
    }

    mutating func values(cells: Bool = false) throws -> [Value] {
        let n = try c.count("value", minBytes: M.value)
        var out: [Value] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try value(cells: cells)) }
        return out
    }

    mutating func objectOrNull(_ what: @autoclosure () -> String) throws -> Value {
        let v = try value()
        guard v.isObject || v.isNull else { throw failure("\(what()) is not an object or null") }
        return v
    }

    mutating func objectOrUndefined(_ what: @autoclosure () -> String) throws -> Value {
        let v = try value()
        guard v.isObject || v.isUndefined else { throw failure("\(what()) is not an object or undefined") }
        return v
    }

    mutating func enter(_ section: SnapshotFormat.Section) throws {
        try enterSection(section, &c, bodyEnd: header.bodyEnd)
        predictor = ValuePredictor()
    }

    // MARK: Restore

    mutating func restore() throws -> VM {
        try enter(.requests)
        let (nextRequestID, requests) = try readRequests(&c)
        try leaveSection(&c)

        try enter(.counts)
        let counts = try SnapshotCounts(&c, bodyLength: header.bodyEnd - header.bodyStart)
        try leaveSection(&c)
        self.counts = counts
        guard requests.count == counts.pendingRequests else {
            throw failure("\(requests.count) requests, the counts say \(counts.pendingRequests)")
        }
        objectCount = counts.objects
        cellCount = counts.cells
        atomCount = counts.atoms
        vm.nextRequestID = max(nextRequestID, 1)
        for (request, promise) in requests {
            var p = Value.undefined
            if let h = promise {
                guard h >= 1, h <= UInt64(objectCount) else { throw failure("request \(request.id): promise handle \(h) out of range") }
                p = Value(object: UInt32(h))
            }
            vm.pendingRequests.append(PendingRequest(id: request.id, url: request.url, method: request.method,
                                                     headers: request.headers, body: request.body, promise: p,
                                                     timestamp: request.timestamp))
        }

        try enter(.strings)
        try readStrings(counts.strings)
        try leaveSection(&c)
        try enter(.atoms)
        try readAtoms(counts.atoms)
        try leaveSection(&c)
        try enter(.code)
        try readCode(counts.codes)
        try leaveSection(&c)
        try enter(.cells)
        try readCells(counts.cells)
        try leaveSection(&c)
        try enter(.objects)
        try readObjects(counts.objects)
        try leaveSection(&c)
        try enter(.globals)
        try readGlobals()
        try leaveSection(&c)
        try enter(.execution)
        try readExecution(counts)
        try leaveSection(&c)
        guard c.pos == header.bodyEnd else { throw SnapshotError("corrupt snapshot: unexpected data after the last section") }

        c.context = "heap validation"
        try validateHeap()
        try validateFrames()

        vm.allocationDebt = 0
        vm.gcThreshold = max(100_000, vm.objects.count + vm.strings.count + vm.cells.count)
        return vm
    }

    // MARK: Sections

    private mutating func readStrings(_ expected: Int) throws {
        let n = try c.count("string", minBytes: M.string)
        guard n == expected else { throw failure("\(n) strings, the counts say \(expected)") }
        vm.strings.reserveCapacity(n)
        for i in 0..<n {
            switch try c.stringEntry(i) {
            case .units(let units): vm.strings.append(JSString(units))
            case .alias(let first): vm.strings.append(vm.strings[first])  // one record, two handles
            }
        }
        stringCount = n
    }

    private mutating func readAtoms(_ expected: Int) throws {
        let n = try c.int(max: Int(UInt32.max) - 1, "atom count")
        guard n == expected else { throw failure("\(n) atoms, the counts say \(expected)") }
        guard n - 1 <= c.remaining / M.atom else { throw failure("atom count \(n) exceeds the data") }
        vm.atoms.reserveCapacity(n)
        vm.atomArrayIndex.reserveCapacity(n)
        let firstSymbol = Int(Atom.firstSymbol)
        let symbolEnd = firstSymbol + wellKnownSymbols.count
        for atom in 1..<n {
            let tag = try c.u8()
            switch tag {
            case SnapshotFormat.AtomTag.string:
                let h = try c.varint()
                guard h < UInt64(stringCount), let s = vm.strings[Int(h)] else { throw failure("atom \(atom): string handle \(h) out of range") }
                guard s.atom == 0 else { throw failure("atom \(atom): string \(h) is already atom \(s.atom)") }
                let units = s.units
                guard vm.atomByUnits[AtomKey(units: units)] == nil else { throw failure("atom \(atom) duplicates an earlier atom") }
                if atom < firstSymbol, units != Array(wellKnownNames[atom - 1].utf16) {
                    throw failure("atom \(atom) is not the well-known name \"\(wellKnownNames[atom - 1])\"")
                }
                if atom >= firstSymbol && atom < symbolEnd { throw failure("atom \(atom) must be a well-known symbol") }
                s.atom = UInt32(atom)
                vm.atomByUnits[AtomKey(units: units)] = UInt32(atom)
                vm.atoms.append(.string(UInt32(h)))
                vm.atomArrayIndex.append(VM.arrayIndex(of: units))
            case SnapshotFormat.AtomTag.symbol, SnapshotFormat.AtomTag.registeredSymbol:
                guard atom >= firstSymbol else { throw failure("atom \(atom) must be the well-known name \"\(wellKnownNames[atom - 1])\"") }
                let description = try value()
                guard description.isUndefined || description.isString else {
                    throw failure("atom \(atom): symbol description is not a string")
                }
                let registered = tag == SnapshotFormat.AtomTag.registeredSymbol
                if atom < symbolEnd {
                    guard !registered, description.isString,
                          vm.units(description) == Array(wellKnownSymbols[atom - firstSymbol].utf16) else {
                        throw failure("atom \(atom) is not the well-known symbol \(wellKnownSymbols[atom - firstSymbol])")
                    }
                }
                if registered {
                    guard description.isString else { throw failure("atom \(atom): registered symbol without a key") }
                    let key = vm.units(description)
                    guard vm.symbolRegistry[key] == nil else { throw failure("atom \(atom): duplicate Symbol.for key") }
                    vm.symbolRegistry[key] = UInt32(atom)
                }
                vm.atoms.append(.symbol(description: description, registeredKey: registered))
                vm.atomArrayIndex.append(-1)
            default:
                throw failure("atom \(atom): invalid atom tag \(tag)")
            }
        }
    }

    /// The prelude's blocks (counted, then loaded from this process's own
    /// compiled prelude), then the script's blocks.
    private mutating func readCode(_ expected: Int) throws {
        let base = try c.int(max: Int(Int32.max), "prelude code count")
        guard base == PreludeCache.codeCount else {
            throw failure("the snapshot counts \(base) prelude code blocks, this engine has \(PreludeCache.codeCount)")
        }
        for block in PreludeCache.blocks { vm.load(block) }  // the VM was created without builtins: no code yet
        let section = UnsafeBufferPointer(rebasing: c.data[c.pos..<c.end])
        let fileNameCount = try c.count("file name", minBytes: 1)
        var fileNames: [String] = []
        fileNames.reserveCapacity(fileNameCount)
        for _ in 0..<fileNameCount { fileNames.append(try c.string()) }
        let n = try c.count("code block", minBytes: M.codeBlock)
        guard base + n == expected else { throw failure("\(base) + \(n) code blocks, the counts say \(expected)") }
        var blocks: [CodeBlock] = []
        var childLists: [ContiguousArray<Int32>] = []
        var hasParent = [Bool](repeating: false, count: n)
        blocks.reserveCapacity(n)
        childLists.reserveCapacity(n)
        for index in 0..<n {
            c.context = "code block \(base + index)"
            let name = try c.string()
            let kindByte = try c.u8()
            guard let kind = CodeKind(rawValue: kindByte) else { throw failure("invalid code kind \(kindByte)") }
            let flags = try c.u8()
            guard flags & ~SnapshotFormat.CodeFlag.all == 0 else { throw failure("invalid code flags \(flags)") }
            let length = try c.int(max: Int(Int32.max), "length")
            let parameterCount = try c.int(max: Int(UInt16.max), "parameter count")
            let registerCount = try c.int(max: Int(UInt16.max) + 1, "register count")
            let maxStack = try c.int(max: Int(Int32.max), "max stack")
            let cacheCount = try c.int(max: Int(UInt16.max) + 1, "cache count")
            let codeLength = try c.count("code byte", minBytes: 1)
            let code = Array(try c.bytes(codeLength))
            guard maxStack <= 4 * code.count + 16 else { throw failure("max stack \(maxStack) is implausible for \(code.count) code bytes") }
            guard cacheCount <= code.count else { throw failure("cache count \(cacheCount) exceeds the code size") }
            let constantCount = try c.count("constant", minBytes: 2)
            var constants: [Constant] = []
            constants.reserveCapacity(constantCount)
            for _ in 0..<constantCount {
                switch try c.u8() {
                case 0: constants.append(.number(try c.f64()))
                case 1: constants.append(.string(try c.string()))
                case let t: throw failure("invalid constant tag \(t)")
                }
            }
            let nameCount = try c.count("name", minBytes: 1)
            var names: [String] = []
            names.reserveCapacity(nameCount)
            for _ in 0..<nameCount { names.append(try c.string()) }
            let childCount = try c.count("child", minBytes: 1)
            var children: [CodeBlock] = []
            var childIndices = ContiguousArray<Int32>()
            children.reserveCapacity(childCount)
            childIndices.reserveCapacity(childCount)
            for _ in 0..<childCount {
                let child = try c.int(max: Int(Int32.max), "child index")
                guard child >= base && child < base + index else {
                    throw failure("child index \(child) is not an earlier script code block")
                }
                guard !hasParent[child - base] else { throw failure("code block \(child) has two parents") }
                hasParent[child - base] = true
                children.append(blocks[child - base])
                childIndices.append(Int32(child))
            }
            let captureCount = try c.count("capture", minBytes: 1)
            var captures: [Capture] = []
            captures.reserveCapacity(captureCount)
            for _ in 0..<captureCount {
                let raw = try c.int(max: Int(UInt16.max) << 1 | 1, "capture")
                captures.append(Capture(fromParentLocal: raw & 1 == 1, index: UInt16(raw >> 1)))
            }
            let handlerCount = try c.count("handler", minBytes: 4)
            var handlers: [ExceptionHandler] = []
            handlers.reserveCapacity(handlerCount)
            for _ in 0..<handlerCount {
                let start = try c.int(max: Int(UInt32.max), "handler start")
                let end = try c.int(max: Int(UInt32.max), "handler end")
                let target = try c.int(max: Int(UInt32.max), "handler target")
                let depth = try c.int(max: Int(UInt32.max), "handler depth")
                handlers.append(ExceptionHandler(start: UInt32(start), end: UInt32(end), handler: UInt32(target),
                                                 stackDepth: UInt32(depth)))
            }
            let lineCount = try c.count("line entry", minBytes: 2)
            var lines: [LineEntry] = []
            lines.reserveCapacity(lineCount)
            for _ in 0..<lineCount {
                let pc = try c.int(max: Int(UInt32.max), "line pc")
                let line = try c.zigzag()
                guard line >= Int64(Int32.min), line <= Int64(Int32.max) else { throw failure("line number \(line) out of range") }
                lines.append(LineEntry(pc: UInt32(pc), line: Int32(line)))
            }
            let sourceText = try readSourceText(children: children)
            let fileIndex = try c.int(max: max(fileNames.count - 1, 0), "file name index")
            guard fileIndex < fileNames.count else { throw failure("file name index \(fileIndex) out of range") }
            let block = CodeBlock(
                name: name, kind: kind, isAsync: flags & SnapshotFormat.CodeFlag.isAsync != 0,
                isStrict: flags & SnapshotFormat.CodeFlag.isStrict != 0, length: length, parameterCount: parameterCount,
                registerCount: registerCount, maxStack: maxStack,
                usesArguments: flags & SnapshotFormat.CodeFlag.usesArguments != 0, code: code, constants: constants,
                names: names, children: children, captures: captures, handlers: handlers, lines: lines,
                cacheCount: cacheCount, sourceText: sourceText, fileName: fileNames[fileIndex])
            blocks.append(block)
            childLists.append(childIndices)
        }
        c.context = "code section"
        // Every block is reachable from exactly one root; verifying the roots verifies all.
        let verified = VerifiedCode.contains(section)
        for (index, block) in blocks.enumerated() where !hasParent[index] && !verified {
            do {
                try BytecodeVerifier.verify(block)
            } catch let e as BytecodeVerificationError {
                throw SnapshotError("corrupt snapshot: code block \(base + index) fails verification: \(e.description)")
            } catch {
                throw SnapshotError("corrupt snapshot: code block \(base + index) fails verification: \(error)")
            }
        }
        if !verified { VerifiedCode.insert(section) }
        maxGlobalSlotOperand = blocks.reduce(PreludeCache.maxGlobalSlotOperand) { max($0, $1.maxGlobalSlotOperand) }
        vm.codes.reserveCapacity(base + n)
        for (index, block) in blocks.enumerated() { vm.appendRestoredCode(block, children: childLists[index]) }
    }

    /// Source text pieces (see `SnapshotWriter.writeSourceText`).
    private mutating func readSourceText(children: [CodeBlock]) throws -> String {
        let n = try c.count("source text piece", minBytes: 2)
        if n == 0 { return "" }
        var text: [UInt8] = []
        var used = [Bool](repeating: false, count: children.count)
        for _ in 0..<n {
            switch try c.u8() {
            case 0:
                let length = try c.count("source text byte", minBytes: 1)
                text.append(contentsOf: try c.bytes(length))
            case 1:
                let child = try c.int(max: max(children.count - 1, 0), "source text child")
                guard child < children.count, !used[child] else { throw failure("source text reuses child \(child)") }
                used[child] = true
                text.append(contentsOf: children[child].sourceText.utf8)
            case let t:
                throw failure("invalid source text piece tag \(t)")
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func readCells(_ expected: Int) throws {
        let n = try c.count("cell", minBytes: M.value)
        guard n == expected else { throw failure("\(n) cells, the counts say \(expected)") }
        vm.cells.reserveCapacity(n)
        for _ in 0..<n { vm.cells.append(try value()) }
    }

    private mutating func readReaction() throws -> PromiseReaction {
        let kindByte = try c.u8()
        guard let kind = PromiseReaction.Kind(rawValue: kindByte) else { throw failure("invalid reaction kind \(kindByte)") }
        let capability = try objectOrUndefined("a reaction's capability")
        let handler = try value()
        return PromiseReaction(kind: kind, capability: capability, handler: handler)
    }

    private mutating func readReactions() throws -> [PromiseReaction] {
        let n = try c.count("reaction", minBytes: 3)
        var out: [PromiseReaction] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try readReaction()) }
        return out
    }

    private mutating func readObjects(_ expected: Int) throws {
        let n = try c.count("object", minBytes: M.object)
        guard n == expected else { throw failure("\(n) objects, the counts say \(expected)") }
        vm.objects.reserveCapacity(n + 1)
        let atomLimit = UInt64(vm.atoms.count)
        var keyStamp = [UInt32](repeating: 0, count: vm.atoms.count)
        var suspendedFrames = 0
        let root = vm.rootShape
        // Property lists in order of definition (0: the empty list); each with its shared shape.
        var lists: [(keys: [UInt32], flags: [UInt8], shape: Shape, hasAccessor: Bool)] = [([], [], root, false)]
        prototypes.reserveCapacity(n + 1)
        // Per kind: the previous object's prototype and property list (see `ObjectHead`).
        var lastProto = [Value](repeating: .null, count: Int(OTag.last) + 1)
        var lastList = [Int](repeating: 0, count: Int(OTag.last) + 1)
        typealias H = SnapshotFormat.ObjectHead
        typealias F = SnapshotFormat.ObjectFlag
        for index in 1...max(n, 1) where n > 0 {
            let head = try c.u8()
            let tag = head & H.kindMask
            guard tag <= OTag.last else { throw failure("object \(index): invalid kind tag \(tag)") }
            let kind = Int(tag)
            let flags = head & H.flags != 0 ? try c.u8() : F.extensible
            guard flags & ~F.all == 0 else { throw failure("object \(index): invalid flags \(flags)") }
            if head & H.proto != 0 { lastProto[kind] = try objectOrNull("object \(index)'s prototype") }

            if head & H.list != 0 {
                let listRef = try c.varint()
                if listRef == 0 {
                    let propertyCount = try c.count("property", minBytes: M.property)
                    var keys: [UInt32] = [], rawFlags: [UInt8] = []
                    keys.reserveCapacity(propertyCount)
                    rawFlags.reserveCapacity(propertyCount)
                    var shape = root
                    for _ in 0..<propertyCount {
                        let key = try c.varint()
                        guard key > 0, key < atomLimit else { throw failure("object \(index): property key atom \(key) out of range") }
                        guard keyStamp[Int(key)] != UInt32(index) else {
                            throw failure("object \(index): duplicate property \(vm.atomString(UInt32(key)))")
                        }
                        keyStamp[Int(key)] = UInt32(index)
                        let raw = try c.u8()
                        guard raw <= 15 else { throw failure("object \(index): invalid property flags \(raw)") }
                        keys.append(UInt32(key))
                        rawFlags.append(raw)
                        shape = shape.adding(UInt32(key), flags: PropertyFlags(rawValue: raw))
                    }
                    lastList[kind] = lists.count
                    lists.append((keys, rawFlags, shape, rawFlags.contains { $0 & PropertyFlags.accessor.rawValue != 0 }))
                } else {
                    guard listRef <= UInt64(lists.count) else {
                        throw failure("object \(index): property list \(listRef - 1) is not defined yet")
                    }
                    lastList[kind] = Int(listRef - 1)
                }
            }
            let listIndex = lastList[kind]
            var shape = lists[listIndex].shape
            if flags & F.dictionary != 0 {
                shape = root.toDictionary()
                for (key, raw) in zip(lists[listIndex].keys, lists[listIndex].flags) {
                    shape = shape.adding(key, flags: PropertyFlags(rawValue: raw))
                }
            } else if shape.isDictionary {
                shape = shape.toDictionary()
            }
            let slots = try values(count: lists[listIndex].keys.count)
            var elements = ContiguousArray<Value>()
            if head & H.elements != 0 {
                let elementCount = try c.count("element", minBytes: M.value)
                guard elementCount <= maxDenseIndex + 1 else { throw failure("object \(index): \(elementCount) elements") }
                elements = try values(count: elementCount)
            }

            let objectKind: ObjectKind
            switch tag {
            case OTag.ordinary: objectKind = .ordinary
            case OTag.array: objectKind = .array
            case OTag.arguments: objectKind = .arguments
            case OTag.error: objectKind = .error
            case OTag.function: objectKind = .function(try readFunction(index))
            case OTag.primitive:
                let v = try value()
                guard !v.isObject, !v.isHole else { throw failure("object \(index): wrapped primitive is not a primitive") }
                objectKind = .primitive(v)
            case OTag.map, OTag.set:
                let entries = try c.count("entry", minBytes: 2)
                let t = OrderedTable()
                t.keys.reserveCapacity(entries)
                t.values.reserveCapacity(entries)
                for _ in 0..<entries {
                    let k = try value()
                    guard !k.isHole else { throw failure("object \(index): a deleted entry in a live table") }
                    t.keys.append(k)
                    t.values.append(try value())
                }
                let vm = self.vm
                t.rebuildIndex { vm.hashKey($0) }
                guard t.index.count == entries else { throw failure("object \(index): duplicate Map/Set keys") }
                objectKind = tag == OTag.map ? .map(t) : .set(t)
            case OTag.promise:
                let stateByte = try c.u8()
                guard let state = PromiseData.State(rawValue: stateByte) else { throw failure("object \(index): invalid promise state \(stateByte)") }
                let p = PromiseData()
                p.state = state
                p.result = try value()
                p.isHandled = try c.bool()
                p.fulfillReactions = try readReactions()
                p.rejectReactions = try readReactions()
                guard state == .pending || (p.fulfillReactions.isEmpty && p.rejectReactions.isEmpty) else {
                    throw failure("object \(index): a settled promise with reactions")
                }
                objectKind = .promise(p)
            case OTag.accessor:
                let getter = try value()
                let setter = try value()
                objectKind = .accessor(getter: getter, setter: setter)
            case OTag.iterator:
                let kindByte = try c.u8()
                guard let kind = IteratorData.Kind(rawValue: kindByte) else { throw failure("object \(index): invalid iterator kind \(kindByte)") }
                let d = IteratorData(kind: kind, target: try value())
                d.index = try c.int(max: Int(Int32.max), "iterator index")
                d.keys = try values()
                d.done = try c.bool()
                objectKind = .iterator(d)
            case OTag.suspendedFrame:
                let codeIndex = try c.int(max: max(vm.codes.count - 1, 0), "suspended frame code index")
                guard codeIndex < vm.codes.count else { throw failure("object \(index): suspended frame without code") }
                let pc = try c.int(max: vm.codes[codeIndex].block.code.count, "suspended frame pc")
                let stack = try values(cells: true)
                let argumentList = try value()
                let newTarget = try value()
                let promise = try value()
                objectKind = .suspendedFrame(SuspendedFrame(codeIndex: Int32(codeIndex), pc: pc, stack: stack,
                                                        argumentList: argumentList, newTarget: newTarget,
                                                        promise: promise))
                suspendedFrames += 1
            case OTag.resolvedFlag:
                objectKind = .resolvedFlag(try c.bool())
            default:
                throw failure("object \(index): invalid kind tag \(tag)")
            }
            let o = JSObject(shape: shape, proto: lastProto[kind], kind: objectKind)
            o.slots = slots
            o.elements = elements
            o.extensible = flags & F.extensible != 0
            o.sealed = flags & F.sealed != 0
            o.frozen = flags & F.frozen != 0
            vm.objects.append(o)
            prototypes.append(o.proto.isObject ? o.proto.handle : 0)
            var needsCheck = lists[listIndex].hasAccessor
            switch objectKind {
            case .function(let f):
                if case .bound(let target, _, _) = f.target {
                    if boundTargets.isEmpty { boundTargets = [UInt32](repeating: 0, count: n + 1) }
                    boundTargets[index] = target.handle
                    needsCheck = true
                }
            case .promise, .suspendedFrame:
                needsCheck = true
            default:
                break
            }
            if needsCheck { objectsToCheck.append(index) }
        }
        if let counts, suspendedFrames != counts.suspendedFrames {
            throw failure("\(suspendedFrames) suspended frames, the counts say \(counts.suspendedFrames)")
        }
    }

    private mutating func readFunction(_ index: Int) throws -> FunctionData {
        let targetTag = try c.u8()
        let target: FunctionTarget
        switch targetTag {
        case SnapshotFormat.FunctionTag.bytecode:
            let codeIndex = try c.int(max: max(vm.codes.count - 1, 0), "function code index")
            guard codeIndex < vm.codes.count else { throw failure("object \(index): function code index out of range") }
            let captures = vm.codes[codeIndex].block.captures.count
            let n = try c.count("upvalue", minBytes: 1)
            guard n == captures else { throw failure("object \(index): \(n) upvalues for a function with \(captures) captures") }
            var upvalues = ContiguousArray<UInt32>()
            upvalues.reserveCapacity(n)
            for _ in 0..<n {
                let h = try c.varint()
                guard h < UInt64(cellCount) else { throw failure("object \(index): upvalue cell \(h) out of range") }
                upvalues.append(UInt32(h))
            }
            target = .bytecode(codeIndex: Int32(codeIndex), upvalues: upvalues)
        case SnapshotFormat.FunctionTag.native:
            let id = try c.varint()
            guard id < UInt64(NativeRegistry.all.count) else {
                throw failure("object \(index): native function id \(id) does not exist (\(NativeRegistry.all.count) natives)")
            }
            target = .native(id: Int32(id))
        case SnapshotFormat.FunctionTag.bound:
            let boundTarget = try value()
            let this = try value()
            let arguments = try values()
            guard boundTarget.isObject else { throw failure("object \(index): bound function target is not an object") }
            target = .bound(target: boundTarget, this: this, arguments: arguments)
        default:
            throw failure("object \(index): invalid function target tag \(targetTag)")
        }
        let home = try objectOrUndefined("object \(index)'s home object")
        let isConstructor = try c.bool()
        let data = FunctionData(target: target, isConstructor: isConstructor)
        data.homeObject = home
        data.internalSlots = try values()
        return data
    }

    private mutating func readGlobals() throws {
        let slots = try values()
        vm.globalSlots = ContiguousArray(slots)
        let slotCount = try c.int(max: slots.count, "global slot count")
        var scope = GlobalScope()
        scope.slotCount = UInt32(slotCount)
        let bindingCount = try c.count("global binding", minBytes: 3)
        var previous: String?
        for _ in 0..<bindingCount {
            let name = try c.string()
            if let previous, !(previous < name) { throw failure("global bindings are not sorted by name") }
            previous = name
            let slot = try c.int(max: max(slotCount - 1, 0), "global binding slot")
            guard slot < slotCount else { throw failure("global binding \(name): slot \(slot) out of range") }
            let kind: DeclarationKind
            switch try c.u8() {
            case 0: kind = .var
            case 1: kind = .let
            case 2: kind = .const
            case let k: throw failure("global binding \(name): invalid kind \(k)")
            }
            scope.bindings[name] = GlobalScope.Binding(slot: UInt32(slot), kind: kind)
        }
        vm.globalScope = scope
        guard maxGlobalSlotOperand < slots.count else {
            throw failure("code uses global slot \(maxGlobalSlotOperand), only \(slots.count) exist")
        }
        let global = try value()
        guard global.isObject else { throw failure("the global object is not an object") }
        vm.globalObject = global
        let fieldCount = try c.varint()
        guard fieldCount == UInt64(SnapshotFormat.intrinsicFields.count) else {
            throw failure("\(fieldCount) intrinsics, this engine has \(SnapshotFormat.intrinsicFields.count)")
        }
        for field in SnapshotFormat.intrinsicFields {
            let v = try value()
            if field.name.hasSuffix("Prototype") && !(v.isObject || v.isNull) {
                throw failure("intrinsic \(field.name) is not an object")
            }
            vm.intrinsics[keyPath: field.path] = v
        }
        let hiddenCount = try c.count("hidden intrinsic", minBytes: 2)
        var previousHidden: String?
        for _ in 0..<hiddenCount {
            let name = try c.string()
            if let previousHidden, !(previousHidden < name) { throw failure("hidden intrinsics are not sorted by name") }
            previousHidden = name
            vm.intrinsics.hidden[name] = try value()
        }
        vm.rngState = (try c.u64(), try c.u64())
    }

    private mutating func readJob() throws -> Job {
        switch try c.u8() {
        case SnapshotFormat.JobTag.reaction:
            let r = try readReaction()
            let argument = try value()
            return .reaction(r, argument: argument, rejected: try c.bool())
        case SnapshotFormat.JobTag.resolveThenable:
            let promise = try value()
            let thenable = try value()
            return .resolveThenable(promise: promise, thenable: thenable, then: try value())
        case SnapshotFormat.JobTag.callback:
            return .callback(try value())
        case let t:
            throw failure("invalid job tag \(t)")
        }
    }

    private mutating func readExecution(_ counts: SnapshotCounts) throws {
        let sp = try c.count("stack value", minBytes: M.value)
        guard sp + 128 < vm.stackCapacity else {
            throw failure("the operand stack holds \(sp) values, more than this VM's capacity of \(vm.stackCapacity)")
        }
        for i in 0..<sp { vm.stack[i] = try value(cells: true) }
        vm.sp = sp
        let frameCount = try c.count("frame", minBytes: M.frame)
        guard frameCount == counts.frames else { throw failure("\(frameCount) frames, the counts say \(counts.frames)") }
        guard frameCount <= vm.limits.maxCallDepth else {
            throw failure("\(frameCount) frames exceed this VM's call depth limit of \(vm.limits.maxCallDepth)")
        }
        vm.frames.reserveCapacity(frameCount)
        for i in 0..<frameCount {
            c.context = "frame \(i)"
            let codeIndex = try c.int(max: max(vm.codes.count - 1, 0), "code index")
            guard codeIndex < vm.codes.count else { throw failure("code index out of range") }
            let pc = try c.int(max: vm.codes[codeIndex].block.code.count, "pc")
            let base = try c.int(max: sp, "frame base")
            let frameSP = try c.int(max: sp, "frame stack top")
            let modeByte = try c.u8()
            guard let mode = ReturnMode(rawValue: modeByte) else { throw failure("invalid return mode \(modeByte)") }
            let flags = try c.u8()
            guard flags <= 3 else { throw failure("invalid frame flags \(flags)") }
            let argumentList = try value()
            let newTarget = try value()
            let promise = try objectOrUndefined("a frame's promise")
            vm.frames.append(Frame(codeIndex: Int32(codeIndex), pc: pc, base: base, sp: frameSP, returnMode: mode,
                                   isConstruct: flags & 1 != 0, argumentList: argumentList, newTarget: newTarget,
                                   promise: promise, resumed: flags & 2 != 0))
        }
        c.context = "execution section"
        let jobCount = try c.count("job", minBytes: M.job)
        guard jobCount == counts.jobs else { throw failure("\(jobCount) jobs, the counts say \(counts.jobs)") }
        vm.jobs.reserveCapacity(jobCount)
        for _ in 0..<jobCount { vm.jobs.append(try readJob()) }
        vm.jobHead = 0
        vm.unhandledRejections = try values()
        vm.scriptPromise = try value()
        vm.fatalThrow = try c.bool() ? try value() : nil
        typealias E = SnapshotFormat.EntryTag
        switch try c.u8() {
        case E.none: vm.interruptedEntry = nil
        case E.script: vm.interruptedEntry = .script
        case E.reaction: vm.interruptedEntry = .reaction(capability: try value())
        case E.thenable: vm.interruptedEntry = .thenable(reject: try value())
        case E.task: vm.interruptedEntry = .task
        case let tag: throw failure("invalid interrupted-entry tag \(tag)")
        }
        // Live frames exist exactly while a budget pause interrupts some work.
        guard (vm.interruptedEntry == nil) == vm.frames.isEmpty else {
            throw failure(vm.frames.isEmpty ? "interrupted work without frames" : "live frames without interrupted work")
        }
    }

    // MARK: Whole-heap checks

    private func kind(_ v: Value) -> ObjectKind? {
        guard v.isObject, let o = vm.objects[Int(v.handle)] else { return nil }
        return o.kind
    }

    private func isFunction(_ v: Value) -> Bool {
        if case .function? = kind(v) { return true }
        return false
    }

    private func checkReaction(_ r: PromiseReaction, _ where_: @autoclosure () -> String) throws {
        switch r.kind {
        case .awaitResume:
            guard case .suspendedFrame? = kind(r.handler) else {
                throw SnapshotError("corrupt snapshot: \(where_()): an await reaction does not resume a suspended frame")
            }
        case .then:
            guard r.handler.isUndefined || isFunction(r.handler) else {
                throw SnapshotError("corrupt snapshot: \(where_()): a reaction handler is not a function")
            }
        }
    }

    /// Accessor slots, bound targets, reactions, suspended frames, request
    /// promises, jobs, and acyclic prototype and bound-function chains.
    private mutating func validateHeap() throws {
        let objects = vm.objects
        for i in objectsToCheck {
            guard let o = objects[i] else { continue }
            let flags = o.shape.flags
            for s in 0..<min(flags.count, o.slots.count) where flags[s].contains(.accessor) {
                guard case .accessor? = kind(o.slots[s]) else {
                    throw SnapshotError("corrupt snapshot: object \(i): an accessor property without a getter/setter pair")
                }
            }
            switch o.kind {
            case .function(let f):
                if case .bound(let target, _, _) = f.target {
                    guard isFunction(target) else {
                        throw SnapshotError("corrupt snapshot: object \(i): a bound function whose target is not a function")
                    }
                }
            case .promise(let p):
                for r in p.fulfillReactions { try checkReaction(r, "object \(i)") }
                for r in p.rejectReactions { try checkReaction(r, "object \(i)") }
            case .suspendedFrame(let s):
                try checkSuspendedFrame(s, object: i)
            default:
                break
            }
        }
        for request in vm.pendingRequests where !request.promise.isUndefined {
            guard case .promise? = kind(request.promise) else {
                throw SnapshotError("corrupt snapshot: request \(request.id): its promise is not a promise")
            }
        }
        for job in vm.jobs {
            if case .reaction(let r, _, _) = job { try checkReaction(r, "job queue") }
        }
        // Prototype chains and bound-function chains must end.
        var state = [UInt8](repeating: 0, count: prototypes.count)
        var path: [Int] = []
        for (chain, next) in [prototypes, boundTargets].enumerated() where !next.isEmpty {
            if chain > 0 { for i in 0..<state.count { state[i] = 0 } }
            for start in 1..<next.count {
                var current = start
                if state[current] != 0 { continue }  // already on a checked chain
                path.removeAll(keepingCapacity: true)
                while current > 0, state[current] == 0 {
                    state[current] = 1
                    path.append(current)
                    current = Int(next[current])
                }
                if current > 0 && state[current] == 1 {
                    throw SnapshotError("corrupt snapshot: object \(current) is part of a \(chain == 0 ? "prototype" : "bound function") cycle")
                }
                for p in path { state[p] = 2 }
            }
        }
    }

    private mutating func factsOf(_ codeIndex: Int) throws -> SnapshotCodeFacts {
        if let f = codeFacts[codeIndex] { return f }
        let f = try SnapshotCodeFacts(vm.codes[codeIndex].block)
        codeFacts[codeIndex] = f
        return f
    }

    /// Slot 0 holds the function running the frame (whose upvalues the
    /// interpreter uses for this code). Cell slots need no check: the
    /// interpreter tests `isCell` before using a slot as a cell.
    private func checkCallee(_ callee: Value?, codeIndex: Int, _ where_: String) throws {
        guard let callee, case .function(let f)? = kind(callee),
              case .bytecode(let calleeCode, _) = f.target, Int(calleeCode) == codeIndex else {
            throw SnapshotError("corrupt snapshot: \(where_): slot 0 is not the function being run")
        }
    }

    private mutating func checkSuspendedFrame(_ s: SuspendedFrame, object i: Int) throws {
        guard !s.stack.isEmpty else { return }  // already resumed: never runs again
        let codeIndex = Int(s.codeIndex)
        let block = vm.codes[codeIndex].block
        let facts = try factsOf(codeIndex)
        let pc = s.pc
        guard pc >= 1, pc < block.code.count, facts.isStart[pc], facts.isStart[pc - 1],
              block.code[pc - 1] == Opcode.await.rawValue else {
            throw SnapshotError("corrupt snapshot: object \(i): a suspended frame's pc \(pc) does not follow an await")
        }
        let depth = facts.depth[pc - 1]
        guard depth >= 1, s.stack.count == block.registerCount + depth - 1 else {
            throw SnapshotError("corrupt snapshot: object \(i): a suspended frame saved \(s.stack.count) values, its code needs \(block.registerCount + depth - 1)")
        }
        try checkCallee(s.stack.first, codeIndex: codeIndex, "object \(i)")
    }

    /// Live frames: pcs on instruction boundaries, bases and stack tops
    /// nested and consistent with `sp`, exact operand depths where the
    /// interpreter relies on them.
    private mutating func validateFrames() throws {
        let frames = vm.frames
        guard !frames.isEmpty else { return }
        let sp = vm.sp
        let stack = UnsafeBufferPointer(start: vm.stack, count: sp)
        for (i, f) in frames.enumerated() {
            let here = "frame \(i)"
            let codeIndex = Int(f.codeIndex)
            let block = vm.codes[codeIndex].block
            let facts = try factsOf(codeIndex)
            guard f.pc < block.code.count, facts.isStart[f.pc], facts.depth[f.pc] >= 0 else {
                throw SnapshotError("corrupt snapshot: \(here): pc \(f.pc) is not a reachable instruction")
            }
            // The bottom frame was entered from the host; a host-entered frame
            // above it would need the native (a Swift frame) that called it.
            guard (i == 0) == (f.returnMode == .host) else {
                throw SnapshotError(i == 0
                    ? "corrupt snapshot: frame 0 does not return to the host"
                    : "corrupt snapshot: \(here) was called from native code, which a snapshot cannot resume")
            }
            let operandStart = f.base + block.registerCount
            guard operandStart <= f.sp, f.sp <= operandStart + block.maxStack, f.sp <= sp else {
                throw SnapshotError("corrupt snapshot: \(here): stack top \(f.sp) outside its frame")
            }
            if i > 0 {
                let caller = frames[i - 1]
                let callerStart = caller.base + vm.codes[Int(caller.codeIndex)].block.registerCount
                guard f.base >= callerStart, f.base <= caller.sp else {
                    throw SnapshotError("corrupt snapshot: \(here): base \(f.base) outside its caller's operand stack")
                }
                let callerFacts = try factsOf(Int(caller.codeIndex))
                let expected = callerFacts.depth[caller.pc]
                switch f.returnMode {
                case .push, .discard:
                    let delivered = f.base - callerStart + (f.returnMode == .push ? 1 : 0)
                    guard delivered == expected else {
                        throw SnapshotError("corrupt snapshot: \(here): its caller would resume with stack depth \(delivered), its code expects \(expected)")
                    }
                case .iteratorStep:
                    let code = vm.codes[Int(caller.codeIndex)].block.code
                    let at = caller.pc - Opcode.iteratorStep.info.size
                    guard at >= 0, callerFacts.isStart[at], code[at] == Opcode.iteratorStep.rawValue else {
                        throw SnapshotError("corrupt snapshot: \(here): an iterator step result for a caller not at iteratorStep")
                    }
                default:
                    break
                }
            }
            if i == frames.count - 1 {
                guard f.sp == sp else {
                    throw SnapshotError("corrupt snapshot: \(here): the innermost frame's stack top \(f.sp) is not the stack top \(sp)")
                }
                guard f.sp - operandStart == facts.depth[f.pc] else {
                    throw SnapshotError("corrupt snapshot: \(here): stack depth \(f.sp - operandStart) does not match its code (\(facts.depth[f.pc]))")
                }
            }
            guard f.base < sp else { throw SnapshotError("corrupt snapshot: \(here): base beyond the stack") }
            try checkCallee(stack[f.base], codeIndex: codeIndex, here)
        }
    }
}

extension CodeBlock {
    /// The highest global slot a `getGlobalSlot`/`setGlobalSlot` of this
    /// block names (-1: none); children are not included.
    var maxGlobalSlotOperand: Int {
        var result = -1
        var pc = 0
        while pc < code.count, let op = Opcode(rawValue: code[pc]) {
            if (op == .getGlobalSlot || op == .setGlobalSlot) && pc + 5 <= code.count {
                let slot = Int(code[pc + 1]) | Int(code[pc + 2]) << 8 | Int(code[pc + 3]) << 16 | Int(code[pc + 4]) << 24
                result = max(result, slot)
            }
            pc += op.info.size
        }
        return result
    }
}
