import Testing
@testable import JSBytecodeVM

/// The stack guard of natives calling JavaScript reads the real bounds of
/// the thread's stack (without them it falls back to a 500-level cap).
@Suite struct NativeStackTests {
    @Test func theThreadsStackBoundsAreKnown() throws {
        let here = NativeStackGuard.currentAddress()
        let bounds = try #require(NativeStackGuard.bounds(around: here))
        #expect(bounds.low < here && here < bounds.high)
        #expect(bounds.high - bounds.low > 2 * NativeStackGuard.reserve)
        // An address outside the stack has no bounds.
        #expect(NativeStackGuard.bounds(around: bounds.high + 4096) == nil)
    }

    @Test func depthAloneDoesNotDecideWhenTheBoundsAreKnown() {
        var guardian = NativeStackGuard()
        let room = guardian.hasRoom(depth: 10_000)
        #expect(room)  // the bounds are known: depth alone does not decide
    }
}
