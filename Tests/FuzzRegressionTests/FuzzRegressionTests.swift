import FetchFlow
import Foundation
import XCTest
@testable import FetchFlowFuzzing
@testable import JSBytecodeVM

/// Replays the inputs kept in Fuzz/regressions/<target>/ (every crash, hang
/// and failure the fuzzers found, kept after its fix) and the committed seeds
/// in Fuzz/seeds/<target>/ through the same `FuzzTarget.run` the libFuzzer
/// executables call: an input fails the test if it throws (or crashes it).
final class FuzzRegressionTests: XCTestCase {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The kept inputs of `target`, sorted by name.
    func inputs(of target: FuzzTarget) throws -> [URL] {
        var urls: [URL] = []
        for folder in ["regressions", "seeds"] {
            let dir = Self.fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
            guard FileManager.default.fileExists(atPath: dir.path) else { continue }
            urls += try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
                .filter { !$0.lastPathComponent.hasPrefix(".") }
        }
        return urls.sorted { $0.path < $1.path }
    }

    func replay(_ target: FuzzTarget) throws {
        for url in try inputs(of: target) {
            let input = try [UInt8](Data(contentsOf: url))
            XCTAssertNoThrow(try target.run(input), "\(target.rawValue): \(url.lastPathComponent)")
        }
    }

    func testCompileInputs() throws { try replay(.compile) }
    func testSnapshotInputs() throws { try replay(.snapshot) }
    func testResponsesInputs() throws { try replay(.responses) }
    func testIntrinsicsInputs() throws { try replay(.intrinsics) }

    /// The whole snapshot pipeline on a real snapshot (the seeds are generated, not kept).
    func testSnapshotTargetRunsTheFixture() {
        XCTAssertNoThrow(try FuzzTarget.snapshot.run(PausedFixture.pausedSnapshot.bytes))
    }

    /// A valid snapshot comes out of the header repair unchanged.
    func testHeaderRepairKeepsAValidSnapshot() {
        let bytes = PausedFixture.pausedSnapshot.bytes
        XCTAssertEqual(SnapshotHeaderRepair.repaired(bytes), bytes)
    }

    /// A corrupted body gets a checksum that matches it again.
    func testHeaderRepairMakesTheChecksumMatch() throws {
        var bytes = PausedFixture.pausedSnapshot.bytes
        bytes[bytes.count - 1] ^= 0xFF
        XCTAssertThrowsError(try Snapshot(bytes: bytes))
        let repaired = SnapshotHeaderRepair.repaired(bytes)
        XCTAssertEqual(repaired.count, bytes.count)
        do {
            _ = try Snapshot(bytes: repaired)
        } catch let e as SnapshotError {
            XCTAssertFalse(e.description.contains("checksum"), e.description)
        }
    }

    /// The snapshot target's first finding, whose input was lost (Swift's
    /// crash handler ran instead of libFuzzer's): code of a mutated snapshot
    /// called the prelude's `stringSplice` intrinsic with a NaN match length,
    /// and the conversion to Int trapped. Arguments no prelude call passes
    /// are now a TypeError.
    func testStringSpliceRejectsArgumentsThePreludeNeverPasses() throws {
        let vm = IntrinsicCalls.makeVM(limits: ExecutionLimits())
        func splice(_ args: [Value]) throws -> Value { try callIntrinsic(vm, "stringSplice", args) }
        func string(_ s: String) -> Value { vm.newString(Array(s.utf16)) }
        let abc = string("abc"), replacements = vm.newArray([string("X")])
        let invalid: [[Value]] = [
            [abc, Value(1.5), Value(Double.nan), .undefined],                   // the finding
            [abc, vm.newArray([Value(10)]), Value(1), replacements],            // position past the end
            [abc, vm.newArray([Value(0)]), Value(-5), replacements],            // negative match length
            [abc, vm.newArray([Value(0.5)]), Value(1), replacements],           // fractional position
            [abc, vm.newArray([Value(0), Value(2)]), Value(1), replacements],   // fewer replacements than positions
        ]
        for args in invalid {
            XCTAssertThrowsError(try splice(args))
        }
        let spliced = try splice([abc, vm.newArray([Value(1)]), Value(1), replacements])
        XCTAssertEqual(vm.swiftString(spliced), "aXc")
    }

    /// Found while checking the other intrinsics for the same class of bug:
    /// an infinite length trapped `arrayCreate` and `fetchStart`, and a huge
    /// headers length made `fetchStart` loop until memory ran out.
    func testIntrinsicsSurviveLengthsThePreludeNeverPasses() throws {
        let vm = IntrinsicCalls.makeVM(limits: ExecutionLimits())
        XCTAssertThrowsError(try callIntrinsic(vm, "arrayCreate", [Value(Double.infinity)]))
        guard case .completed(let list) = vm.execute(source: "[{ length: Infinity }, { length: -Infinity }, { length: 1e10 }]",
                                                     fileName: "t.js") else {
            return XCTFail("the headers objects did not complete")
        }
        let url = vm.newString(Array("https://x.test/".utf16)), method = vm.newString(Array("GET".utf16))
        for headers in vm.object(list).elements {
            XCTAssertNoThrow(try callIntrinsic(vm, "fetchStart", [url, method, headers, .null]))
        }
        XCTAssertEqual(vm.pendingRequests.map(\.headers.count), [0, 0, 0])
    }

    /// Calls `%Intrinsics.name` of a VM from `IntrinsicCalls.makeVM` (the
    /// intrinsics object is its global `I`) as script code would.
    private func callIntrinsic(_ vm: VM, _ name: String, _ arguments: [Value]) throws -> Value {
        let intrinsics = try vm.get(vm.globalObject, vm.intern("I"))
        return try vm.call(try vm.get(intrinsics, vm.intern(name)), this: .undefined, arguments: arguments)
    }
}
