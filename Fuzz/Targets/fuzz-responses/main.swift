import FetchFlowFuzzing
import Foundation
import LibFuzzerMain

/// libFuzzer's entry point: one input of the 'responses' target (see Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponses(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.responses.fuzzOne(data, size)
}

exit(libFuzzerMain(CommandLine.argc, CommandLine.unsafeArgv))
