import Testing
@testable import JSBytecodeVM

/// Hidden classes: lookups along long transition chains, the lazily built
/// key index, and dictionary shapes changed in place.
@Suite struct ShapeTests {
    @Test func longTransitionChainsFindEveryKey() {
        let root = Shape()
        var chain = [root]
        for k in 1...40 { chain.append(chain.last!.adding(PropertyKey(k), flags: .default)) }
        // Passing through a chain builds no index: only a lookup does.
        #expect(chain.allSatisfy { !$0.isIndexed })
        for (n, shape) in chain.enumerated() {
            for k in 1...41 { #expect(shape.lookup(PropertyKey(k)) == (k <= n ? k - 1 : -1)) }
        }
        #expect(chain[9].isIndexed && !chain[8].isIndexed)  // small shapes are searched linearly
        // Transitions are shared: the same key and flags give the same shape.
        #expect(root.adding(1, flags: .default) === chain[1])
        #expect(chain[20].adding(21, flags: .default) === chain[21])
    }

    @Test func dictionaryShapesKeepTheirIndexAcrossChanges() {
        var shape = Shape()
        for k in 1...20 { shape = shape.adding(PropertyKey(k), flags: .default) }
        let d = shape.toDictionary()
        #expect(d.isIndexed)
        #expect(d.adding(100, flags: .default) === d)
        d.remove(at: 0)
        #expect(d.lookup(1) == -1 && d.lookup(2) == 0 && d.lookup(20) == 18 && d.lookup(100) == 19)
        #expect(shape.lookup(1) == 0 && shape.lookup(100) == -1)
    }
}
