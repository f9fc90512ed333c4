extension FuzzTarget {
    /// The body of a target's `LLVMFuzzerTestOneInput`: runs one input and
    /// traps on a failure, so that libFuzzer records the input as a crash.
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do {
            try run(input)
        } catch {
            fatalError("fuzz target '\(rawValue)': \(error)")
        }
        return 0
    }
}
