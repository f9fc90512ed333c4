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
        let vm = VM()
        let splice = NativeRegistry.all[Int(NativeRegistry.id(owner: "%Intrinsics", name: "stringSplice"))]
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
            XCTAssertThrowsError(try splice.implementation(vm, .undefined, NativeArguments(args)))
        }
        let spliced = try splice.implementation(vm, .undefined, NativeArguments([abc, vm.newArray([Value(1)]), Value(1), replacements]))
        XCTAssertEqual(vm.swiftString(spliced), "aXc")
    }
}
