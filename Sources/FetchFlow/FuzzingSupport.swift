// Entry points for the fuzzing harness (Fuzz/Harness): the parts of the CLI
// that take untrusted bytes, on memory instead of files. `@_spi(Fuzzing)`
// keeps them out of the public API.

extension CommandLineTool {
    /// The responses-file half of `fetchflow resume`: parses and validates
    /// `bytes` as a responses file and delivers the answers to `vm` (paused),
    /// exactly as `resume` does, without running anything yet. Throws when
    /// the file or an answer is rejected.
    @_spi(Fuzzing)
    public static func deliverResponsesFile(_ bytes: [UInt8], to vm: FetchVM) throws {
        try vm.deliver(parseResponses(bytes))
    }
}
