import FetchFlowFuzzing
import Foundation
import LibFuzzerMain

/// libFuzzer's entry point: one input of the 'compile' target (see Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCompile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.compile.fuzzOne(data, size)
}

exit(libFuzzerMain(CommandLine.argc, CommandLine.unsafeArgv))
