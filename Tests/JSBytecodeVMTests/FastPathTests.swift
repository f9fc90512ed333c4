import JSBytecodeVM
import Testing

/// Performance regression guards that time nothing: each program runs at
/// 1,000 and at 10,000 iterations, and the dispatch loop's slow-path counts
/// (`VM.fastPathStatistics`) must not grow with the iteration count. A
/// change that loses an inline cache or the dense-element path fails here.
@Suite struct FastPathTests {
    struct ProgramFailed: Error { let outcome: String }

    /// The slow-path counts of running `source` with `N` replaced by `n`.
    private func statistics(_ source: String, n: Int) throws -> FastPathStatistics {
        let vm = VM()
        let before = vm.fastPathStatistics
        let outcome = vm.execute(source: source.replacingOccurrences(of: "N", with: String(n)), fileName: "guard.js")
        guard case .completed = outcome else { throw ProgramFailed(outcome: "\(outcome)") }
        return vm.fastPathStatistics.since(before)
    }

    /// Counts at 1,000 and at 10,000 iterations.
    private func counts(_ source: String) throws -> (small: FastPathStatistics, large: FastPathStatistics) {
        (try statistics(source, n: 1_000), try statistics(source, n: 10_000))
    }

    @Test func ownPropertyReadsAndWritesHitTheirCaches() throws {
        let (small, large) = try counts("""
            function run(n) {
              const p = { x: 1, y: 2 };
              let s = 0;
              for (let i = 0; i < n; i++) { s += p.x + p.y; p.x = i & 7; }
              return s;
            }
            run(N);
            """)
        #expect(large == small)
        #expect(small.propertyCacheMisses < 10)
    }

    @Test func prototypeMethodsHitTheirCaches() throws {
        let (small, large) = try counts("""
            class V { constructor(x) { this.x = x; } get() { return this.x; } }
            function run(n) {
              const vs = [new V(1), new V(2)], out = [];
              let s = 0;
              for (let i = 0; i < n; i++) { s += vs[i & 1].get(); out.push(i); }
              return s + out.length;
            }
            run(N);
            """)
        #expect(large == small)
    }

    @Test func stringMethodsHitTheirCaches() throws {
        let (small, large) = try counts("""
            function run(n) {
              const s = "fetchflow";
              let t = 0;
              for (let i = 0; i < n; i++) t += s.charCodeAt(i % 9) + s.indexOf("f");
              return t;
            }
            run(N);
            """)
        #expect(large == small)
    }

    @Test func denseElementsAndGlobalsStayOnTheFastPath() throws {
        let (small, large) = try counts("""
            function run(n) {
              const a = new Array(64).fill(0);
              for (let i = 0; i < n; i++) a[i & 63] = a[(i + 1) & 63] + Math.abs(-1);
              return a[0];
            }
            run(N);
            """)
        #expect(large == small)
        #expect(small.elementSlowPaths == 0)
    }

    /// Sites that see many shapes miss their inline caches on every
    /// access; the VM-wide property cache answers them: reads of own,
    /// inherited and absent keys, writes, additions in constructors and
    /// literal definitions.
    @Test func megamorphicSitesHitThePropertyCache() throws {
        let (small, large) = try counts("""
            function P(x) { this.x = x; this.tag = "p"; }
            P.prototype.kind = function () { return 1; };
            function run(n) {
              const os = [];
              for (let k = 0; k < 9; k++) { const o = {}; o["p" + k] = k; o.x = k; os.push(o); }
              os.push(new P(1), { y: 1, x: 2 }, { x: 3, kind() { return 2; } });
              let s = 0;
              for (let i = 0; i < n; i++) {
                const o = os[i % os.length];
                s += o.x + (o.missing === undefined ? 1 : 0) + (o.kind ? o.kind() : 0);
                o.x = i & 7;
                const made = i & 1 ? new P(i) : { a: i, x: i };
                s += made.x;
              }
              return s;
            }
            run(N);
            """)
        #expect(large.propertyCacheMisses == small.propertyCacheMisses)
        #expect(small.propertyCacheMisses < 100)
        #expect(large.inlineCacheMisses - small.inlineCacheMisses >= 9_000)
    }

    /// A site whose key the property cache already holds (another site
    /// looked it up first) still fills its own inline cache and stays there.
    @Test func sitesSettleOnTheirInlineCachesAfterAPropertyCacheHit() throws {
        let (small, large) = try counts("""
            function P(x) { this.x = x; this.y = 0; }
            P.prototype.get = function () { return this.x; };
            const warm = new P(1);
            warm.x = warm.x + warm.get();
            function run(n) {
              const p = new P(2);
              let s = 0;
              for (let i = 0; i < n; i++) { s += p.x + p.get(); p.x = i & 7; }
              return s;
            }
            run(N);
            """)
        #expect(large == small)
        #expect(small.inlineCacheMisses < 20)
    }

    /// The counters themselves: an accessor is never cached, so a read of
    /// one takes the general path every time, as does a non-index key.
    @Test func accessorReadsAndNonIndexKeysAreCounted() throws {
        let (small, large) = try counts("""
            function run(n) {
              const o = { get x() { return 1; } };
              const a = [1, 2, 3];
              let s = 0;
              for (let i = 0; i < n; i++) { s += o.x; a[-1] = i; }
              return s;
            }
            run(N);
            """)
        #expect(large.propertyCacheMisses - small.propertyCacheMisses >= 9_000)
        #expect(large.elementSlowPaths - small.elementSlowPaths == 9_000)
    }
}
