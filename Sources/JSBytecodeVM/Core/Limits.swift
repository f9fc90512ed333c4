// Resource limits of one VM, and the two ways an execution stops because
// of them: a budget pause (resumable, like a fetch pause) and a
// termination (uncatchable by the script; the execution is over).

/// What happens when an execution's step budget runs out.
public enum BudgetAction: String, Sendable {
    /// The VM pauses at the next safe point (a backward jump, a call, a
    /// job boundary); the snapshot resumes exactly there.
    case pause
    /// The script ends with an uncatchable `RangeError`.
    case terminate
}

/// Limits of one VM. Every limit is checked before the resource is used:
/// exceeding one is a clear error, never a trap or an out-of-memory kill.
public struct ExecutionLimits: Sendable, Equatable {
    /// Maximum JavaScript call depth; deeper calls throw a catchable RangeError.
    public var maxCallDepth: Int
    /// Operand-stack capacity in values.
    public var stackCapacity: Int
    /// VM instructions one `execute` or resume may run before the budget
    /// runs out (`nil`: unlimited). Natives charge steps for the work they
    /// do (JSON, string and array operations on large inputs).
    public var maxSteps: Int?
    /// What a run-out budget does.
    public var onBudgetExhausted: BudgetAction
    /// Estimated bytes of live heap (objects, strings, elements, cells)
    /// beyond which the script ends with an uncatchable RangeError (`nil`: unlimited).
    public var maxHeapBytes: Int?
    /// Largest snapshot `VM.restore` accepts, checked before anything is read.
    public var maxSnapshotBytes: Int

    public init(maxCallDepth: Int = 10_000, stackCapacity: Int = 1 << 20, maxSteps: Int? = nil,
                onBudgetExhausted: BudgetAction = .pause, maxHeapBytes: Int? = nil,
                maxSnapshotBytes: Int = 1 << 30) {
        self.maxCallDepth = max(1, maxCallDepth)
        self.stackCapacity = max(4096, stackCapacity)
        self.maxSteps = maxSteps.map { max(1, $0) }
        self.onBudgetExhausted = onBudgetExhausted
        self.maxHeapBytes = maxHeapBytes.map { max(0, $0) }
        self.maxSnapshotBytes = max(0, maxSnapshotBytes)
    }
}

/// Why a VM paused.
public enum PauseReason: String, Sendable {
    /// Nothing is runnable and fetches are pending.
    case fetch
    /// The step budget ran out (fetches may be pending too).
    case budget
}

/// Unwinds every dispatch loop to the event loop when the step budget runs
/// out at a safe point; the frames stay in place for the snapshot.
struct BudgetPause: Error {}

/// Ends the execution: a limit was exceeded. Never caught by the
/// dispatch loop, so no `catch` or `finally` of the script runs.
struct Termination: Error {
    enum Limit { case steps, heap }
    var limit: Limit
    var message: String
}

extension VM {
    /// Object, string and cell records: the estimated bytes of one.
    static let objectRecordBytes = 128
    static let stringRecordBytes = 64
    static let cellRecordBytes = 16

    /// Charges `bytes` of new heap. Past the heap limit the next safe point
    /// collects garbage and, if the live heap is still too big, terminates.
    @inline(__always) func chargeHeap(_ bytes: Int) {
        heapBytesSinceCollection &+= bytes
        if heapBytesSinceCollection > heapLimit &- heapBytesAtCollection { allocationDebt = Int.max / 2 }
    }

    /// Checks, before a native allocates `bytes` at once, that they fit
    /// under the heap limit (natives cannot collect garbage: their Swift
    /// locals hold values the collector does not see).
    func reserveHeap(_ bytes: Int) throws {
        let used = heapBytesAtCollection &+ heapBytesSinceCollection
        if bytes > heapLimit &- used { throw terminate(.heap) }
    }

    /// A safe point of the outermost dispatch loop or of the event loop
    /// (state saved, no native running): pauses or terminates when the
    /// step budget ran out, collects garbage when due, and enforces the
    /// heap limit.
    func safePoint() throws {
        if stepsLeft < 0 { try budgetExhausted() }
        guard allocationDebt > gcThreshold else { return }
        if reentrancyDepth == 0 {
            collectGarbage()
            let live = objects.count - freeObjects.count + strings.count - freeStrings.count + cells.count - freeCells.count
            gcThreshold = max(100_000, live)
        }
        if heapBytesAtCollection &+ heapBytesSinceCollection > heapLimit { throw terminate(.heap) }
    }

    /// The step budget ran out at a safe point.
    private func budgetExhausted() throws {
        if limits.onBudgetExhausted == .terminate { throw terminate(.steps) }
        if reentrancyDepth == 0 { throw BudgetPause() }
        // JavaScript called from a native (a getter, a toJSON, a toString)
        // cannot pause: the native's Swift frame is not in the snapshot. It
        // may overdraw one more budget before the script is terminated.
        if stepsLeft < -(limits.maxSteps ?? 0) { throw terminate(.steps) }
    }

    /// Charges `steps` of native work; a `.terminate` budget that runs out
    /// stops the native right away, a `.pause` budget pauses at the next
    /// safe point after it.
    @inline(__always) func chargeSteps(_ steps: Int) throws {
        stepsLeft &-= steps
        if stepsLeft < 0 && limits.onBudgetExhausted == .terminate { throw terminate(.steps) }
    }

    /// The termination for an exceeded `limit`.
    func terminate(_ limit: Termination.Limit) -> Termination {
        switch limit {
        case .steps:
            return Termination(limit: .steps, message: "step budget exhausted (\(limits.maxSteps ?? 0) steps)")
        case .heap:
            return Termination(limit: .heap, message: "heap limit exceeded (\(heapLimit) bytes)")
        }
    }
}
