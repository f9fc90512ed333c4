// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "FetchFlow",
    products: [
        .library(name: "FetchFlow", targets: ["FetchFlow"]),
        .library(name: "JSBytecodeVM", targets: ["JSBytecodeVM"]),
        .library(name: "JSCompiler", targets: ["JSCompiler"]),
        .executable(name: "fetchflow", targets: ["FetchFlowCLI"]),
        .executable(name: "fetchflow-bench", targets: ["FetchFlowBench"]),
        .library(name: "FetchFlowFuzzing", targets: ["FetchFlowFuzzing"]),
    ],
    targets: [
        .target(name: "JSCompiler", swiftSettings: [.swiftLanguageMode(.v5)]),
        // A prefetch hint for the snapshot writer (Swift has none).
        .target(name: "CPrefetch"),
        .target(name: "JSBytecodeVM", dependencies: ["JSCompiler", "CPrefetch"],
                swiftSettings: [.swiftLanguageMode(.v5)]),
        .target(name: "FetchFlow", dependencies: ["JSBytecodeVM", "JSCompiler"],
                swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(name: "FetchFlowCLI", dependencies: ["FetchFlow"],
                          swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(name: "FetchFlowBench", dependencies: ["FetchFlow", "JSBytecodeVM"], path: "Benchmarks",
                          exclude: ["programs"],
                          swiftSettings: [.swiftLanguageMode(.v5)]),
        // The fuzz targets (Fuzz/README.md), shared by the libFuzzer executables of Fuzz/Package.swift
        // and the replay of Fuzz/regressions in FuzzRegressionTests.
        .target(name: "FetchFlowFuzzing", dependencies: ["FetchFlow", "JSBytecodeVM", "JSCompiler"], path: "Fuzz/Harness",
                swiftSettings: [.swiftLanguageMode(.v5)]),
        .testTarget(name: "JSCompilerTests", dependencies: ["JSCompiler"]),
        .testTarget(name: "JSBytecodeVMTests", dependencies: ["JSBytecodeVM", "JSCompiler"]),
        .testTarget(name: "FetchFlowTests", dependencies: ["FetchFlow"]),
        .testTarget(name: "CLITests", dependencies: ["FetchFlow"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FetchFlowFuzzing", "JSBytecodeVM"]),
    ]
)
