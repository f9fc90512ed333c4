import CPrefetch
import JSCompiler

// Serializes a whole VM. Objects, strings and cells are renumbered densely
// in discovery order: atom strings first (in atom order), then a
// breadth-first walk from the roots in a fixed order (pending requests,
// globals, execution state, symbol descriptions). The same state therefore
// always gives the same bytes, and the cost is proportional to what is live.

extension VM {
    /// Serializes the whole VM state. Deterministic: the same state gives the
    /// same bytes. Only what is reachable from the roots is written (the walk
    /// is the writer's own, so garbage needs no collection first).
    ///
    /// Call it when no native is running (after a `RunOutcome` was returned).
    /// Console `logs` and the `logSink` are host-side and not part of a snapshot.
    public func writeSnapshot() -> [UInt8] { writeSnapshot(stringThread: nil) }

    /// `writeSnapshot()`, with the STRINGS section encoded on a second
    /// thread (true), on this one (false), or as the heap's size decides
    /// (nil). The bytes are the same either way.
    func writeSnapshot(stringThread: Bool?) -> [UInt8] {
        objects.withUnsafeBufferPointer { objects in
            strings.withUnsafeBufferPointer { strings in
                var writer = SnapshotWriter(vm: self, objects: objects, strings: strings, stringThread: stringThread)
                defer { writer.deallocate() }
                return writer.write()
            }
        }
    }
}

struct SnapshotWriter {
    typealias Tag = SnapshotFormat.ValueTag
    typealias OTag = SnapshotFormat.ObjectTag

    let vm: VM
    /// The VM's object and string tables (unchanged while writing).
    let objects: UnsafeBufferPointer<JSObject?>
    let strings: UnsafeBufferPointer<JSString?>
    /// Objects in new order (new handle = position + 1).
    var objectOrder: Renumbering
    /// Strings in new order (new handle = position). Their contents are
    /// a `StringSectionEncoder`'s work: on its own thread (`stringPipeline`)
    /// when the heap has many strings, else after the walk.
    var stringOrder: Renumbering
    var stringPipeline: StringSectionPipeline?
    /// The live strings: at most this many are numbered. The encoder's
    /// tables are this size, not the string table's (which keeps the
    /// handles of collected strings for reuse).
    let stringCapacity: Int
    /// Cells in new order (new handle = position).
    var cellOrder: Renumbering
    var suspendedFrameCount = 0
    /// Property lists already written, by shared shape: objects of one
    /// hidden class write their keys once and then refer to the list.
    /// List 0 is the empty list, which is never written.
    var propertyListIDs: [ObjectIdentifier: Int] = [:]
    var propertyListCount = 1
    /// The last shape looked up in `propertyListIDs` and its list.
    var lastShape: (shape: ObjectIdentifier?, list: Int) = (nil, 0)
    /// Per object kind: the previous object's prototype (old bits) and property list.
    var lastProto = [UInt64](repeating: Value.null.bits, count: Int(OTag.last) + 1)
    var lastList = [Int](repeating: 0, count: Int(OTag.last) + 1)
    /// Where values are written right now, and that section's predictions.
    var out = SnapshotBuffer()
    var predictor = ValuePredictor()

    init(vm: VM, objects: UnsafeBufferPointer<JSObject?>, strings: UnsafeBufferPointer<JSString?>, stringThread: Bool?) {
        self.vm = vm
        self.objects = objects
        self.strings = strings
        objectOrder = Renumbering(tableSize: objects.count)
        cellOrder = Renumbering(tableSize: vm.cells.count)
        stringOrder = Renumbering(tableSize: strings.count)
        stringCapacity = max(0, strings.count - vm.freeStrings.count)
        if stringThread ?? (stringCapacity >= StringSectionPipeline.minimumLiveStrings) {
            stringPipeline = StringSectionPipeline.start(stringEncoder(), capacity: stringCapacity)
        }
    }

    /// Frees the renumbering tables (after `write()`).
    func deallocate() {
        objectOrder.deallocate()
        cellOrder.deallocate()
        stringOrder.deallocate()
    }

    /// An encoder for the strings `stringOrder` numbers.
    func stringEncoder() -> StringSectionEncoder {
        StringSectionEncoder(strings: strings, order: stringOrder.order, capacity: stringCapacity)
    }

    // MARK: Renumbering

    @inline(__always) mutating func objectID(_ old: UInt32) -> UInt32? {
        let i = Int(old)
        guard i > 0, i < objects.count, objects[i] != nil else { return nil }
        return objectOrder.number(old) + 1
    }

    @inline(__always) mutating func stringID(_ old: UInt32) -> UInt32? {
        let i = Int(old)
        guard i < strings.count, strings[i] != nil else { return nil }
        let numbered = stringOrder.count
        // More live strings than the free list implies would be a VM bug:
        // written as undefined, like a dangling handle.
        guard numbered < stringCapacity || stringOrder.isNumbered(old) else { return nil }
        let id = stringOrder.number(old)
        if stringOrder.count != numbered && stringOrder.count % StringSectionPipeline.batch == 0 {
            stringPipeline?.publish(stringOrder.count)
        }
        return id
    }

    @inline(__always) mutating func cellID(_ old: UInt32) -> UInt32? {
        guard Int(old) < vm.cells.count else { return nil }
        return cellOrder.number(old)
    }

    // MARK: Values

    @inline(__always) mutating func number(_ d: Double) {
        if let i = Int64(exactly: d), i > -9_007_199_254_740_992, i < 9_007_199_254_740_992,
           !(i == 0 && d.sign == .minus) {
            if i >= 0 && i <= Tag.smallIntMax {
                out.u8(Tag.smallIntBase + UInt8(truncatingIfNeeded: i))
            } else {
                out.u8(Tag.int)
                out.zigzag(i)
            }
        } else {
            out.u8(Tag.double)
            out.f64(d)
        }
    }

    /// Writes a value, renumbering the handle it holds. Object and string
    /// references, most of a heap's values, are written here, inline at
    /// each call site; everything else by `otherValue`.
    @inline(__always) mutating func value(_ v: Value) {
        switch v.bits & Value.tagMask {
        case Value.tagObject:
            if let id = objectID(v.handle) {
                if id == predictor.nextObject {
                    out.u8(Tag.nextObject)
                    predictor.nextObject = id + 1
                } else {
                    out.tagged(Tag.object, id)
                    predictor.nextObject = max(predictor.nextObject, id + 1)
                }
                return
            }
        case Value.tagString:
            if let id = stringID(v.handle) {
                if id == predictor.nextString {
                    out.u8(Tag.nextString)
                    predictor.nextString = id + 1
                } else {
                    out.tagged(Tag.string, id)
                    predictor.nextString = max(predictor.nextString, id + 1)
                }
                return
            }
        default:
            break
        }
        otherValue(v)
    }

    /// Numbers, symbols, cells and the special values (a dangling handle,
    /// which would be a collector bug, is written as undefined).
    @inline(never) mutating func otherValue(_ v: Value) {
        if v.isNumber {
            number(v.number)
            return
        }
        switch v.bits & Value.tagMask {
        case Value.tagSymbol:
            if Int(v.handle) < vm.atoms.count {
                out.u8(Tag.symbol)
                out.varint(v.handle)
                return
            }
        case Value.tagCell:
            if let id = cellID(v.handle) {
                out.u8(Tag.cell)
                out.varint(id)
                return
            }
        case Value.tagSpecial:
            switch v.bits {
            case Value.null.bits: out.u8(Tag.null); return
            case Value.false.bits: out.u8(Tag.false); return
            case Value.true.bits: out.u8(Tag.true); return
            case Value.hole.bits: out.u8(Tag.hole); return
            default: break
            }
        default:
            break
        }
        assert(v.isUndefined, "snapshot writer: dangling or unknown value \(String(v.bits, radix: 16))")
        out.u8(Tag.undefined)
    }

    mutating func values<C: Collection>(_ vs: C) where C.Element == Value {
        out.varint(vs.count)
        let written: Bool? = vs.withContiguousStorageIfAvailable { contiguous in
            for v in contiguous { value(v) }
            return true
        }
        if written == nil {
            for v in vs { value(v) }
        }
    }


    // MARK: The file

    mutating func write() -> [UInt8] {
        // Atom strings are strings 0..<k, in atom order.
        for atom in vm.atoms {
            if case .string(let h) = atom { _ = stringID(h) }
        }

        // Roots, in a fixed order; each section's values seed the walk.
        let requests = SnapshotBuffer()
        out = requests
        writeRequests()
        let globals = SnapshotBuffer(capacity: 1024)
        out = globals
        predictor = ValuePredictor()
        writeGlobals()
        let execution = SnapshotBuffer(capacity: 256)
        out = execution
        predictor = ValuePredictor()
        writeExecution()
        let atoms = SnapshotBuffer(capacity: vm.atoms.count * 3)
        out = atoms
        predictor = ValuePredictor()
        writeAtoms()

        // Everything reachable: objects and the cells they close over.
        let objects = SnapshotBuffer(capacity: (vm.objects.count - vm.freeObjects.count) * 12)
        let cells = SnapshotBuffer(capacity: (vm.cells.count - vm.freeCells.count) * 2)
        var objectPredictor = ValuePredictor(), cellPredictor = ValuePredictor()
        var objectHead = 0, cellHead = 0
        while objectHead < objectOrder.count || cellHead < cellOrder.count {
            out = objects
            predictor = objectPredictor
            while objectHead < objectOrder.count {
                prefetchRecord(at: objectHead + 2 * SnapshotWriter.prefetchDistance)
                prefetchStorage(at: objectHead + SnapshotWriter.prefetchDistance)
                writeObject(objectOrder.order[objectHead])
                objectHead += 1
            }
            objectPredictor = predictor
            out = cells
            predictor = cellPredictor
            while cellHead < cellOrder.count {
                value(vm.cells[Int(cellOrder.order[cellHead])])
                cellHead += 1
            }
            cellPredictor = predictor
        }

        var encoder: StringSectionEncoder
        if let pipeline = stringPipeline {
            encoder = pipeline.finish(stringOrder.count)
        } else {
            encoder = stringEncoder()
            encoder.locateAndEncode(upTo: stringOrder.count)
        }
        defer { encoder.deallocate() }
        let stringCountBytes = SnapshotBuffer()
        stringCountBytes.varint(stringOrder.count)
        let code = SnapshotBuffer(capacity: vm.codes.count * 128)
        out = code
        writeCode()

        let counts = SnapshotBuffer()
        for n in [vm.atoms.count, stringOrder.count, cellOrder.count, objectOrder.count, vm.codes.count,
                  vm.frames.count, suspendedFrameCount, vm.jobs.count - vm.jobHead, vm.pendingRequests.count] {
            counts.varint(n)
        }
        let cellCount = SnapshotBuffer()
        cellCount.varint(cellOrder.count)
        let objectCount = SnapshotBuffer()
        objectCount.varint(objectOrder.count)
        return SnapshotWriter.file([
            (.requests, [requests]), (.counts, [counts]), (.strings, [stringCountBytes, encoder.bytes]), (.atoms, [atoms]),
            (.code, [code]), (.cells, [cellCount, cells]), (.objects, [objectCount, objects]),
            (.globals, [globals]), (.execution, [execution]),
        ])
    }

    /// Header and sections (each payload the concatenation of its parts),
    /// copied once into the result.
    static func file(_ sections: [(SnapshotFormat.Section, [SnapshotBuffer])]) -> [UInt8] {
        let engine = Array(VM.engineVersion.utf8.prefix(SnapshotFormat.maxEngineVersionLength))
        let lengths = sections.map { $0.1.reduce(0) { $0 + $1.count } }
        let bodyLength = lengths.reduce(0) { $0 + 1 + SnapshotBuffer.varintSize($1) + $1 }
        let header = SnapshotBuffer()
        header.append(SnapshotFormat.magic)
        header.u32(SnapshotFormat.version)
        header.u16(UInt16(engine.count))
        header.append(engine)
        header.u64(UInt64(bodyLength))
        let checksumAt = header.count
        header.u32(0)
        let total = header.count + bodyLength
        return [UInt8](unsafeUninitializedCapacity: total) { file, initialized in
            var at = 0
            func copy(_ b: UnsafeBufferPointer<UInt8>) {
                _ = UnsafeMutableBufferPointer(rebasing: file[at..<at + b.count]).initialize(from: b)
                at += b.count
            }
            copy(header.bytes)
            for ((section, parts), length) in zip(sections, lengths) {
                let head = SnapshotBuffer(capacity: 16)
                head.u8(section.rawValue)
                head.varint(length)
                copy(head.bytes)
                for part in parts { copy(part.bytes) }
            }
            let crc = CRC32.checksum(UnsafeBufferPointer(rebasing: file[header.count..<total]))
            for i in 0..<4 { file[checksumAt + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
            initialized = total
        }
    }

    // MARK: Sections

    private mutating func writeRequests() {
        out.varint(vm.nextRequestID)
        out.varint(vm.pendingRequests.count)
        for r in vm.pendingRequests {
            out.string(r.id)
            out.string(r.url)
            out.string(r.method)
            out.varint(r.headers.count)
            for (name, v) in r.headers {
                out.string(name)
                out.string(v)
            }
            if let body = r.body {
                out.u8(1)
                out.string(body)
            } else {
                out.u8(0)
            }
            out.f64(r.timestamp)
            // Never predicted: `inspect` reads requests without a value decoder.
            if r.promise.isObject, let id = objectID(r.promise.handle) {
                out.tagged(Tag.object, id)
            } else {
                out.u8(Tag.undefined)
            }
        }
    }

    private mutating func writeGlobals() {
        values(vm.globalSlots)
        out.varint(vm.globalScope.slotCount)
        let bindings = vm.globalScope.bindings.sorted { $0.key < $1.key }
        out.varint(bindings.count)
        for (name, binding) in bindings {
            out.string(name)
            out.varint(binding.slot)
            switch binding.kind {
            case .var: out.u8(0)
            case .let: out.u8(1)
            case .const: out.u8(2)
            }
        }
        value(vm.globalObject)
        out.varint(SnapshotFormat.intrinsicFields.count)
        for field in SnapshotFormat.intrinsicFields { value(vm.intrinsics[keyPath: field.path]) }
        let hidden = vm.intrinsics.hidden.sorted { $0.key < $1.key }
        out.varint(hidden.count)
        for (name, v) in hidden {
            out.string(name)
            value(v)
        }
        out.u64(vm.rngState.0)
        out.u64(vm.rngState.1)
    }

    private mutating func writeExecution() {
        out.varint(vm.sp)
        for i in 0..<vm.sp { value(vm.stack[i]) }
        out.varint(vm.frames.count)
        for f in vm.frames {
            out.varint(f.codeIndex)
            out.varint(f.pc)
            out.varint(f.base)
            // A caller's saved stack top lies above the stack top when its
            // callee has fewer registers than the call passed arguments (the
            // extra ones are dead: the callee's return sets it again).
            out.varint(min(f.sp, vm.sp))
            out.u8(f.returnMode.rawValue)
            out.u8((f.isConstruct ? 1 : 0) | (f.resumed ? 2 : 0))
            value(f.argumentList)
            value(f.newTarget)
            value(f.promise)
        }
        out.varint(vm.jobs.count - vm.jobHead)
        for job in vm.jobs[vm.jobHead...] {
            switch job {
            case .reaction(let r, let argument, let rejected):
                out.u8(SnapshotFormat.JobTag.reaction)
                reaction(r)
                value(argument)
                out.bool(rejected)
            case .resolveThenable(let promise, let thenable, let then):
                out.u8(SnapshotFormat.JobTag.resolveThenable)
                value(promise)
                value(thenable)
                value(then)
            case .callback(let f):
                out.u8(SnapshotFormat.JobTag.callback)
                value(f)
            }
        }
        values(vm.unhandledRejections)
        value(vm.scriptPromise)
        if let fatal = vm.fatalThrow {
            out.u8(1)
            value(fatal)
        } else {
            out.u8(0)
        }
        typealias E = SnapshotFormat.EntryTag
        switch vm.interruptedEntry {
        case nil: out.u8(E.none)
        case .script?: out.u8(E.script)
        case .reaction(let capability)?:
            out.u8(E.reaction)
            value(capability)
        case .thenable(let reject)?:
            out.u8(E.thenable)
            value(reject)
        case .task?: out.u8(E.task)
        }
    }

    private mutating func writeAtoms() {
        out.varint(vm.atoms.count)
        for atom in vm.atoms.dropFirst() {
            switch atom {
            case .string(let h):
                out.u8(SnapshotFormat.AtomTag.string)
                out.varint(stringID(h) ?? 0)
            case .symbol(let description, let registered):
                out.u8(registered ? SnapshotFormat.AtomTag.registeredSymbol : SnapshotFormat.AtomTag.symbol)
                value(description)
            }
        }
    }

    /// The script's code blocks. The prelude's blocks, which every VM of
    /// this engine version loads first and identically, are only counted:
    /// the reader loads its own.
    private mutating func writeCode() {
        let scriptCodes = vm.codes[PreludeCache.codeCount...]
        // File names are shared by many blocks: a table, then indices.
        var fileNames: [String] = []
        var fileIndex: [String: Int] = [:]
        for code in scriptCodes where fileIndex[code.block.fileName] == nil {
            fileIndex[code.block.fileName] = fileNames.count
            fileNames.append(code.block.fileName)
        }
        out.varint(PreludeCache.codeCount)
        out.varint(fileNames.count)
        for name in fileNames { out.string(name) }
        out.varint(scriptCodes.count)
        for code in scriptCodes {
            let b = code.block
            out.string(b.name)
            out.u8(b.kind.rawValue)
            out.u8((b.isAsync ? SnapshotFormat.CodeFlag.isAsync : 0) | (b.isStrict ? SnapshotFormat.CodeFlag.isStrict : 0)
                   | (b.usesArguments ? SnapshotFormat.CodeFlag.usesArguments : 0))
            out.varint(b.length)
            out.varint(b.parameterCount)
            out.varint(b.registerCount)
            out.varint(b.maxStack)
            out.varint(b.cacheCount)
            out.varint(b.code.count)
            out.append(b.code)
            out.varint(b.constants.count)
            for c in b.constants {
                switch c {
                case .number(let d):
                    out.u8(0)
                    out.f64(d)
                case .string(let s):
                    out.u8(1)
                    out.string(s)
                }
            }
            out.varint(b.names.count)
            for n in b.names { out.string(n) }
            out.varint(code.children.count)
            for c in code.children { out.varint(c) }
            out.varint(b.captures.count)
            for c in b.captures { out.varint(UInt64(c.index) << 1 | (c.fromParentLocal ? 1 : 0)) }
            out.varint(b.handlers.count)
            for h in b.handlers {
                out.varint(h.start)
                out.varint(h.end)
                out.varint(h.handler)
                out.varint(h.stackDepth)
            }
            out.varint(b.lines.count)
            for l in b.lines {
                out.varint(l.pc)
                out.zigzag(Int64(l.line))
            }
            writeSourceText(of: code)
            out.varint(fileIndex[b.fileName] ?? 0)
        }
    }

    /// A function's source text contains its nested functions' texts, which
    /// precede it in the CODE section: it is written as pieces, either literal
    /// UTF-8 or "the whole text of my child number k" (each child at most once).
    private mutating func writeSourceText(of code: RuntimeCode) {
        let text = Array(code.block.sourceText.utf8)
        // Children mostly follow source order: each is searched after the
        // previous match first (linear overall), then from the start.
        var found: [(start: Int, length: Int, child: Int)] = []
        if text.count >= 32 {
            var from = 0
            for (position, childIndex) in code.children.enumerated() {
                guard Int(childIndex) < vm.codes.count else { continue }
                let child = Array(vm.codes[Int(childIndex)].block.sourceText.utf8)
                guard child.count >= 16,
                      let start = SnapshotWriter.firstOccurrence(of: child, in: text, from: from)
                        ?? SnapshotWriter.firstOccurrence(of: child, in: text, from: 0) else { continue }
                found.append((start, child.count, position))
                from = start + child.count
            }
            found.sort { $0.start < $1.start || ($0.start == $1.start && $0.child < $1.child) }
        }
        var pieces: [(literal: Range<Int>?, child: Int)] = []
        var at = 0
        for f in found where f.start >= at {
            if f.start > at { pieces.append((at..<f.start, 0)) }
            pieces.append((nil, f.child))
            at = f.start + f.length
        }
        if at < text.count { pieces.append((at..<text.count, 0)) }
        out.varint(pieces.count)
        for piece in pieces {
            if let range = piece.literal {
                out.u8(0)
                out.varint(range.count)
                text.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(rebasing: $0[range])) }
            } else {
                out.u8(1)
                out.varint(piece.child)
            }
        }
    }

    /// The first index of `needle` in `haystack` at or after `from` (plain search).
    static func firstOccurrence(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        return haystack.withUnsafeBufferPointer { h -> Int? in
            needle.withUnsafeBufferPointer { n -> Int? in
                let first = n[0]
                var i = from
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    // MARK: Objects

    private mutating func reaction(_ r: PromiseReaction) {
        out.u8(r.kind.rawValue)
        value(r.capability)
        value(r.handler)
    }

    /// How far ahead of the object being written its successors' memory is
    /// requested: the record at twice this distance, then the slot and
    /// element storage (whose addresses are in the record) at this distance.
    /// The walk is bound by cache misses; prefetches let them overlap.
    static let prefetchDistance = 8

    /// The address of the record at `position` of the order, if numbered
    /// and alive (read from the VM's table without reference counting,
    /// which would wait for the record).
    @inline(__always) private func recordAddress(at position: Int) -> UnsafeRawPointer? {
        guard position < objectOrder.count else { return nil }
        return UnsafeRawPointer(objects.baseAddress!).load(
            fromByteOffset: Int(objectOrder.order[position]) &* MemoryLayout<JSObject?>.stride, as: UnsafeRawPointer?.self)
    }

    @inline(__always) private func prefetchRecord(at position: Int) {
        guard let record = recordAddress(at: position) else { return }
        fetchflow_prefetch(record)
        fetchflow_prefetch(record + 64)
    }

    @inline(__always) private func prefetchStorage(at position: Int) {
        guard recordAddress(at: position) != nil else { return }
        unowned(unsafe) let o = objects[Int(objectOrder.order[position])].unsafelyUnwrapped
        if let slots = o.slotsView.baseAddress { fetchflow_prefetch(slots) }
        if let elements = o.elementsView.baseAddress { fetchflow_prefetch(elements) }
    }

    private mutating func writeObject(_ old: UInt32) {
        guard objects[Int(old)] != nil else { return }
        // Borrowed: the VM's table keeps the object alive while writing.
        unowned(unsafe) let o = objects[Int(old)].unsafelyUnwrapped
        let tag: UInt8
        switch o.kindCase {
        case .ordinary: tag = OTag.ordinary
        case .array: tag = OTag.array
        case .arguments: tag = OTag.arguments
        case .function: tag = OTag.function
        case .error: tag = OTag.error
        case .primitive: tag = OTag.primitive
        case .map: tag = OTag.map
        case .set: tag = OTag.set
        case .promise: tag = OTag.promise
        case .accessor: tag = OTag.accessor
        case .iterator: tag = OTag.iterator
        case .suspendedFrame: tag = OTag.suspendedFrame
        case .resolvedFlag: tag = OTag.resolvedFlag
        }
        typealias F = SnapshotFormat.ObjectFlag
        typealias H = SnapshotFormat.ObjectHead
        let kind = Int(tag)
        unowned(unsafe) let shape = o.shape
        let flags = (o.extensible ? F.extensible : 0) | (o.sealed ? F.sealed : 0) | (o.frozen ? F.frozen : 0)
            | (shape.isDictionary ? F.dictionary : 0)
        let n = min(shape.keys.count, o.slots.count)
        // The property list: the empty one, a shared one, or a new one written inline.
        var list = 0, inline = false
        if n > 0 {
            if !shape.isDictionary && n == shape.keys.count {
                if lastShape.shape == ObjectIdentifier(shape) {
                    list = lastShape.list
                } else if let known = propertyListIDs[ObjectIdentifier(shape)] {
                    list = known
                    lastShape = (ObjectIdentifier(shape), known)
                } else {
                    inline = true
                    propertyListIDs[ObjectIdentifier(shape)] = propertyListCount
                }
            } else {
                inline = true
            }
            if inline {
                list = propertyListCount
                propertyListCount += 1
            }
        }
        var head = tag
        if flags != F.extensible { head |= H.flags }
        if o.proto.bits != lastProto[kind] { head |= H.proto }
        if list != lastList[kind] { head |= H.list }
        if !o.elements.isEmpty { head |= H.elements }
        out.u8(head)
        if head & H.flags != 0 { out.u8(flags) }
        if head & H.proto != 0 {
            value(o.proto)
            lastProto[kind] = o.proto.bits
        }
        if head & H.list != 0 {
            if inline {
                out.u8(0)
                out.varint(n)
                for i in 0..<n {
                    out.varint(shape.keys[i])
                    out.u8(shape.flags[i].rawValue)
                }
            } else {
                out.varint(list + 1)
            }
            lastList[kind] = list
        }
        let slots = o.slotsView
        for i in 0..<n { value(slots[i]) }
        if head & H.elements != 0 { values(o.elementsView) }
        switch tag {
        case OTag.ordinary, OTag.array, OTag.arguments, OTag.error: return
        default: writeKindData(o)
        }
    }

    /// What follows the elements for objects that are more than properties
    /// and elements.
    private mutating func writeKindData(_ o: JSObject) {
        switch o.kind {
        case .ordinary, .array, .arguments, .error:
            break
        case .function(let f):
            switch f.target {
            case .bytecode(let codeIndex, let upvalues):
                out.u8(SnapshotFormat.FunctionTag.bytecode)
                out.varint(codeIndex)
                out.varint(upvalues.count)
                for u in upvalues { out.varint(cellID(u) ?? 0) }
            case .native(let id):
                out.u8(SnapshotFormat.FunctionTag.native)
                out.varint(id)
            case .bound(let target, let this, let arguments):
                out.u8(SnapshotFormat.FunctionTag.bound)
                value(target)
                value(this)
                values(arguments)
            }
            value(f.homeObject)
            out.bool(f.isConstructor)
            values(f.internalSlots)
        case .primitive(let v):
            value(v)
        case .map(let t), .set(let t):
            // Live entries only (deleted entries are holes).
            out.varint(t.liveCount)
            var written = 0
            for i in 0..<min(t.keys.count, t.values.count) where !t.keys[i].isHole && written < t.liveCount {
                value(t.keys[i])
                value(t.values[i])
                written += 1
            }
            while written < t.liveCount {
                // Unreachable for a consistent table; keeps the count honest.
                out.u8(Tag.undefined)
                out.u8(Tag.undefined)
                written += 1
            }
        case .promise(let p):
            out.u8(p.state.rawValue)
            value(p.result)
            out.bool(p.isHandled)
            out.varint(p.fulfillReactions.count)
            for r in p.fulfillReactions { reaction(r) }
            out.varint(p.rejectReactions.count)
            for r in p.rejectReactions { reaction(r) }
        case .accessor(let getter, let setter):
            value(getter)
            value(setter)
        case .iterator(let d):
            out.u8(d.kind.rawValue)
            value(d.target)
            out.varint(compactedIndex(d))
            values(d.keys)
            out.bool(d.done)
        case .suspendedFrame(let s):
            suspendedFrameCount += 1
            out.varint(s.codeIndex)
            out.varint(s.pc)
            values(s.stack)
            value(s.argumentList)
            value(s.newTarget)
            value(s.promise)
        case .resolvedFlag(let b):
            out.bool(b)
        }
    }

    /// A Map/Set iterator's position counts table entries including deleted
    /// ones; the snapshot keeps live entries only, so the position becomes
    /// the number of live entries before it.
    private func compactedIndex(_ d: IteratorData) -> Int {
        switch d.kind {
        case .mapKeys, .mapValues, .mapEntries, .setValues, .setEntries:
            guard let t = vm.orderedTable(d.target) else { return d.index }
            var live = 0
            for i in 0..<min(max(d.index, 0), t.keys.count) where !t.keys[i].isHole { live += 1 }
            return live
        default:
            return d.index
        }
    }
}

/// Renumbers handles in discovery order: old handle → new number, and the
/// old handles in new order. Raw memory sized once for the whole table, so
/// numbering a handle costs no copy-on-write or capacity check.
struct Renumbering {
    /// Old handle → new number + 1; 0 = not reached yet.
    private let numbers: UnsafeMutableBufferPointer<UInt32>
    /// Old handles in new order (`count` of them).
    let order: UnsafeMutablePointer<UInt32>
    private(set) var count = 0

    /// For handles `0..<tableSize`.
    init(tableSize: Int) {
        numbers = .allocate(capacity: tableSize)
        numbers.initialize(repeating: 0)
        order = .allocate(capacity: max(tableSize, 1))
    }

    func deallocate() {
        numbers.deallocate()
        order.deallocate()
    }

    /// True when `old` (< tableSize) has its number.
    @inline(__always) func isNumbered(_ old: UInt32) -> Bool { numbers[Int(old)] != 0 }

    /// The new number of `old` (< tableSize), numbering it on first sight.
    @inline(__always) mutating func number(_ old: UInt32) -> UInt32 {
        let known = numbers[Int(old)]
        if known != 0 { return known - 1 }
        order[count] = old
        count += 1
        numbers[Int(old)] = UInt32(count)
        return UInt32(count - 1)
    }
}
