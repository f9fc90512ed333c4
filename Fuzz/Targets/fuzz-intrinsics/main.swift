import FetchFlowFuzzing
import Foundation
import LibFuzzerMain

/// libFuzzer's entry point: one input of the 'intrinsics' target (see Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntrinsics(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.intrinsics.fuzzOne(data, size)
}

exit(libFuzzerMain(CommandLine.argc, CommandLine.unsafeArgv))
