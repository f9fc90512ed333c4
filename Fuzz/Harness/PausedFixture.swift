import FetchFlow

/// A paused script: the VM the `responses` target delivers to, and the
/// source of the current snapshot header for `SnapshotHeaderRepair`. Three
/// concurrent fetches (ids r1, r2, r3) whose responses are read as JSON, as
/// text and through `clone()`, then one more fetch (r4).
enum PausedFixture {
    static let script = #"""
        async function get(url, use) {
          try {
            const r = await fetch(url, { headers: { accept: "application/json" } });
            const head = [r.status, r.ok, r.statusText, r.url, r.headers.get("content-type"), [...r.headers].length];
            if (use === "json") return [head, await r.json()];
            if (use === "text") return [head, (await r.text()).length];
            const copy = r.clone();
            return [head, await copy.text(), await r.json().catch(e => e.name)];
          } catch (e) {
            return `${e.name}: ${e.message}`;
          }
        }
        const results = await Promise.allSettled([
          get("https://fuzz.test/a", "json"), get("https://fuzz.test/b", "text"), get("https://fuzz.test/c", "clone"),
        ]);
        console.log(JSON.stringify(results));
        const last = await fetch("https://fuzz.test/d", { method: "POST", body: JSON.stringify(results) });
        console.log(last.status, await last.text());
        """#

    /// `script` paused on its first three fetches (made once per process).
    static let pausedSnapshot: Snapshot = {
        guard case .paused(let pause)? = try? FetchVM(limits: FuzzDriver.limits()).execute(script, fileName: "fixture.js"),
              pause.requests.map(\.id) == ["r1", "r2", "r3"] else {
            fatalError("the fixture script does not pause on r1, r2, r3")
        }
        return pause.snapshot
    }()

    /// A fresh VM holding the paused fixture.
    static func pausedVM() throws -> FetchVM {
        try FetchVM(snapshot: pausedSnapshot, limits: FuzzDriver.limits())
    }
}
