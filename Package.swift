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
    ],
    targets: [
        .target(name: "JSCompiler", swiftSettings: [.swiftLanguageMode(.v5)]),
        .target(name: "JSBytecodeVM", dependencies: ["JSCompiler"],
                swiftSettings: [.swiftLanguageMode(.v5)]),
        .target(name: "FetchFlow", dependencies: ["JSBytecodeVM", "JSCompiler"],
                swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(name: "FetchFlowCLI", dependencies: ["FetchFlow"],
                          swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(name: "FetchFlowBench", dependencies: ["FetchFlow", "JSBytecodeVM"], path: "Benchmarks",
                          exclude: ["programs"],
                          swiftSettings: [.swiftLanguageMode(.v5)]),
        .testTarget(name: "JSCompilerTests", dependencies: ["JSCompiler"]),
        .testTarget(name: "JSBytecodeVMTests", dependencies: ["JSBytecodeVM", "JSCompiler"]),
        .testTarget(name: "FetchFlowTests", dependencies: ["FetchFlow"]),
        .testTarget(name: "CLITests", dependencies: ["FetchFlow"]),
    ]
)
