import FetchFlowFuzzing
import Foundation
import LibFuzzerMain

/// libFuzzer's entry point: one input of the 'snapshot' target (see Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.snapshot.fuzzOne(data, size)
}

exit(libFuzzerMain(CommandLine.argc, CommandLine.unsafeArgv))
