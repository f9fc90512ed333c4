// The call-frame stack: a fixed-capacity buffer of plain `Frame` records.
// A raw buffer (not an Array) so that updating the innermost frame's pc and
// sp costs a store, without uniqueness or exclusivity checks.

/// A stack of frames with array-like access (`frames[i]`, `append`, `removeLast`).
struct FrameStack: RandomAccessCollection {
    private let storage: UnsafeMutablePointer<Frame>
    let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = UnsafeMutablePointer<Frame>.allocate(capacity: capacity)
    }

    /// Frees the buffer (called once by the owning VM).
    func deallocate() { storage.deallocate() }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always) subscript(i: Int) -> Frame {
        get { storage[i] }
        nonmutating set { storage[i] = newValue }
    }

    /// Pushes a frame; the caller checks `count < capacity` first.
    @inline(__always) mutating func append(_ frame: Frame) {
        precondition(count < capacity, "frame stack overflow")
        (storage + count).initialize(to: frame)
        count += 1
    }

    @inline(__always) @discardableResult
    mutating func removeLast() -> Frame {
        count -= 1
        return storage[count]
    }

    mutating func removeAll() { count = 0 }

    /// Kept for array-like call sites; the buffer is preallocated.
    func reserveCapacity(_ n: Int) {}
}
