// Mark-and-sweep garbage collection over the handle tables. It runs only at
// safe points of the outermost dispatch loop and between jobs, when every
// live value is on the VM stack, in a frame record, or reachable from the
// roots below — never while a native holds values in Swift locals.

extension VM {
    /// A full collection.
    public func collectGarbage() {
        allocationDebt = 0
        // Strings and cells are marked by handle: handles are what the sweep
        // frees, and one string record may sit under several handles (a
        // snapshot's equal strings). The mark tables grow here, to the handle
        // tables' size, and the sweep clears them.
        if stringMarks.count < strings.count {
            stringMarks.append(contentsOf: repeatElement(false, count: strings.count - stringMarks.count))
        }
        if cellMarks.count < cells.count {
            cellMarks.append(contentsOf: repeatElement(false, count: cells.count - cellMarks.count))
        }
        var gray: [Value] = []
        gray.reserveCapacity(1024)

        // Roots.
        for i in 0..<sp { gray.append(stack[i]) }
        for f in frames { gray.append(contentsOf: [f.argumentList, f.newTarget, f.promise]) }
        gray.append(contentsOf: globalSlots)
        gray.append(globalObject)
        gray.append(scriptPromise)
        if let fatal = fatalThrow { gray.append(fatal) }
        gray.append(contentsOf: unhandledRejections)
        for request in pendingRequests { gray.append(request.promise) }
        for job in jobs[jobHead...] { gray.append(contentsOf: values(of: job)) }
        if let entry = interruptedEntry { gray.append(entry.settledValue) }
        gray.append(contentsOf: intrinsics.allValues)
        for atom in atoms {
            switch atom {
            case .string(let h): gray.append(Value(string: h))
            case .symbol(let d, _): gray.append(d)
            }
        }
        for code in codes {
            gray.append(contentsOf: code.constants)
            gray.append(code.nameValue)
        }

        // Mark.
        while let v = gray.popLast() {
            if v.isObject {
                guard let o = objects[Int(v.handle)], !o.marked else { continue }
                o.marked = true
                trace(o, into: &gray)
            } else if v.isString {
                let i = Int(v.handle)
                if i < stringMarks.count { stringMarks[i] = true }
            } else if v.isCell {
                let i = Int(v.handle)
                if i < cells.count && !cellMarks[i] {
                    cellMarks[i] = true
                    gray.append(cells[i])
                }
            }
        }

        // Sweep, estimating the live heap's bytes (`chargeHeap` estimates alike).
        var liveBytes = 0
        for i in 1..<objects.count {
            guard let o = objects[i] else { continue }
            if o.marked {
                o.marked = false
                liveBytes &+= VM.objectRecordBytes &+ (o.slots.count &+ o.elements.count) &* 8
            } else {
                objects[i] = nil
                freeObjects.append(UInt32(i))
            }
        }
        for i in 0..<strings.count {
            guard let s = strings[i] else { continue }
            if stringMarks[i] {
                stringMarks[i] = false
                liveBytes &+= VM.stringRecordBytes &+ s.count &* 2
            } else {
                strings[i] = nil
                freeStrings.append(UInt32(i))
            }
        }
        for i in 0..<cells.count {
            if cellMarks[i] {
                cellMarks[i] = false
                liveBytes &+= VM.cellRecordBytes
            } else if cells[i] != VM.freeCellMarker {
                cells[i] = VM.freeCellMarker
                freeCells.append(UInt32(i))
            }
        }
        heapBytesAtCollection = liveBytes
        heapBytesSinceCollection = 0
    }

    /// The value of a cell on the free list (never visible to scripts).
    static let freeCellMarker = Value(bits: Value.tagSpecial | 5)

    private func values(of job: Job) -> [Value] {
        switch job {
        case .reaction(let r, let argument, _): return [r.capability, r.handler, argument]
        case .resolveThenable(let p, let t, let then): return [p, t, then]
        case .callback(let f): return [f]
        }
    }

    /// Pushes everything `o` references.
    private func trace(_ o: JSObject, into gray: inout [Value]) {
        gray.append(o.proto)
        gray.append(contentsOf: o.slots)
        gray.append(contentsOf: o.elements)
        switch o.kind {
        case .ordinary, .array, .arguments, .error, .resolvedFlag:
            break
        case .function(let f):
            gray.append(f.homeObject)
            gray.append(contentsOf: f.internalSlots)
            switch f.target {
            case .bytecode(_, let upvalues): for u in upvalues { gray.append(Value(cell: u)) }
            case .native: break
            case .bound(let target, let this, let arguments):
                gray.append(target)
                gray.append(this)
                gray.append(contentsOf: arguments)
            }
        case .primitive(let v):
            gray.append(v)
        case .map(let t), .set(let t):
            gray.append(contentsOf: t.keys)
            gray.append(contentsOf: t.values)
        case .promise(let p):
            gray.append(p.result)
            for r in p.fulfillReactions + p.rejectReactions {
                gray.append(r.capability)
                gray.append(r.handler)
            }
        case .accessor(let g, let s):
            gray.append(g)
            gray.append(s)
        case .iterator(let d):
            gray.append(d.target)
            gray.append(contentsOf: d.keys)
        case .suspendedFrame(let s):
            gray.append(contentsOf: s.stack)
            gray.append(s.argumentList)
            gray.append(s.newTarget)
            gray.append(s.promise)
        }
    }
}

extension Intrinsics {
    /// Every value held here (GC roots): the fields the snapshot format
    /// lists, and the prelude functions in `hidden`.
    var allValues: [Value] {
        SnapshotFormat.intrinsicFields.map { self[keyPath: $0.path] } + Array(hidden.values)
    }
}
