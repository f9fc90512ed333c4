// swift-tools-version:6.0
import PackageDescription

// The libFuzzer executables, one per `FuzzTarget` of ../Fuzz/Harness (a
// library of the main package). A separate package because the main package
// cannot be built with -sanitize=fuzzer as a whole. Build and run them with
// fuzz.sh (see README.md).
let harness: Target.Dependency = .product(name: "FetchFlowFuzzing", package: "FetchFlow")

let package = Package(
    name: "FetchFlowFuzz",
    dependencies: [.package(name: "FetchFlow", path: "..")],
    targets: [
        .target(name: "LibFuzzerMain", path: "Targets/LibFuzzerMain"),
    ] + ["compile", "snapshot", "responses", "intrinsics"].map { target in
        .executableTarget(name: "fuzz-\(target)", dependencies: [harness, "LibFuzzerMain"],
                          path: "Targets/fuzz-\(target)")
    }
)
