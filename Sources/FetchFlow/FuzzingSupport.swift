// Entry points for the fuzzing harness (Fuzz/Harness): the parts of the CLI
// that take untrusted bytes, on memory instead of files. `@_spi(Fuzzing)`
// keeps them out of the public API.

/// A responses file that parsed and matched the pending requests of the
/// FetchVM it was checked against.
@_spi(Fuzzing)
public struct ValidatedResponses {
    let deliveries: [Delivery]
}

extension CommandLineTool {
    /// The responses-file half of `fetchflow resume`: parses `bytes` as a
    /// responses file and checks the answers against `vm`'s pending
    /// requests, exactly as `resume` does, without delivering anything.
    /// Throws when the file or an answer is rejected.
    @_spi(Fuzzing)
    public static func validatedResponsesFile(_ bytes: [UInt8], for vm: FetchVM) throws -> ValidatedResponses {
        let deliveries = try parseResponses(bytes)
        try vm.validate(deliveries)
        return ValidatedResponses(deliveries: deliveries)
    }
}

extension FetchVM {
    /// Delivers answers from `CommandLineTool.validatedResponsesFile` and
    /// continues the paused script, as `fetchflow resume` does.
    @_spi(Fuzzing)
    public func respond(_ responses: ValidatedResponses) throws -> ExecutionResult {
        try result(of: step(.resume(responses.deliveries)))
    }
}
