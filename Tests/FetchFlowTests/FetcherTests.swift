import Foundation
import Testing
@testable import FetchFlow

@Suite("MockFetcher")
struct MockFetcherTests {
    static let table = #"""
    {
      "https://api.example.com/user": {"json": {"name": "ada", "2": true, "tags": ["x/y"], "n": 1.0}},
      "POST https://api.example.com/user": {"status": 201, "statusText": "Created",
                                            "headers": {"Location": "/user/9"}, "body": "made"},
      "https://api.example.com/empty": {},
      "https://api.example.com/down": {"error": "connection refused"}
    }
    """#

    @Test func formats() async throws {
        let mock = try MockFetcher(json: Data(Self.table.utf8))
        let get = try mock.answer(FetchRequest(id: "r1", url: "https://api.example.com/user"))
        #expect(get.success && get.status == 200 && get.statusText == "OK")
        #expect(get.headers == ["content-type": "application/json"])
        // Byte-identical to JSON.stringify of the parsed value (index keys first, 1.0 -> 1).
        #expect(get.bodyText == #"{"2":true,"name":"ada","tags":["x/y"],"n":1}"#)

        let post = try mock.answer(FetchRequest(id: "r2", url: "https://api.example.com/user", options: .init(method: "POST")))
        #expect(post.status == 201 && post.statusText == "Created" && post.bodyText == "made")
        #expect(post.headers == ["location": "/user/9"])

        let empty = try mock.answer(FetchRequest(id: "r3", url: "https://api.example.com/empty"))
        #expect(empty.status == 200 && empty.statusText == "" && empty.bodyText == "" && empty.headers.isEmpty)

        let down = try mock.answer(FetchRequest(id: "r4", url: "https://api.example.com/down"))
        #expect(!down.success && down.error == "connection refused")

        #expect(throws: MockFetcher.Miss(method: "DELETE", url: "https://api.example.com/nope")) {
            _ = try mock.answer(FetchRequest(id: "r5", url: "https://api.example.com/nope", options: .init(method: "DELETE")))
        }
        #expect(MockFetcher.Miss(method: "GET", url: "https://a/b").description == "no mock response for GET https://a/b")
        let soft = await mock.fetch(FetchRequest(id: "r6", url: "https://nowhere/"))
        #expect(!soft.success && soft.error == "no mock response for GET https://nowhere/")
    }

    @Test func rejectsMalformedTables() {
        for bad in ["[]", "{\"u\": 1}", "{\"u\": {\"status\": \"200\"}}", "{\"u\": {\"status\": 99}}",
                    "{\"u\": {\"headers\": []}}", "{\"u\": {\"body\": {}}}", "{\"u\": {\"error\": {}}}", "{", ""] {
            #expect(throws: MockFetcher.FormatError.self, "\(bad)") { _ = try MockFetcher(json: Data(bad.utf8)) }
        }
    }

    @Test func entriesInit() throws {
        let mock = MockFetcher(entries: ["https://x/": .json(["a": 1]), "GET https://x/t": .text("hi", status: 202)])
        #expect(try mock.answer(FetchRequest(id: "r1", url: "https://x/")).bodyText == #"{"a":1}"#)
        #expect(try mock.answer(FetchRequest(id: "r1", url: "https://x/t")).status == 202)
    }

    @Test func runUsingMock() async throws {
        let mock = try MockFetcher(json: Data(Self.table.utf8))
        let vm = FetchVM()
        let completion = try await vm.run("""
            const u = await (await fetch("https://api.example.com/user")).json();
            console.log("user", u.name);
            const [p, d] = await Promise.allSettled([
              fetch("https://api.example.com/user", {method: "POST", body: "x"}),
              fetch("https://api.example.com/down")]);
            console.log(p.value.status, d.status, d.reason.name);
            u.tags[0]
            """, using: mock)
        #expect(completion.value == "x/y")
        #expect(completion.logs.map(\.text) == ["user ada", "201 rejected TypeError"])
    }

    @Test func runUsingMockMissThrows() async throws {
        let mock = MockFetcher(entries: [:])
        await #expect(throws: MockFetcher.Miss(method: "GET", url: "https://nope.example.com/")) {
            _ = try await FetchVM().run("await fetch('https://nope.example.com/')", using: mock)
        }
    }

    @Test func runUncaughtCarriesAllLogs() async throws {
        let mock = MockFetcher(entries: ["https://x/": .text("1")])
        do {
            _ = try await FetchVM().run("console.log('a'); await fetch('https://x/'); console.log('b'); throw new RangeError('r')", using: mock)
            Issue.record("expected ScriptError")
        } catch let e as ScriptError {
            #expect(e.name == "RangeError")
            #expect(e.logs.map(\.text) == ["a", "b"])
        }
    }

    @Test func corpusMocksParse() throws {
        let cases = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/conformance/cases").standardized
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: cases.path) else { return }
        for f in files where f.hasSuffix(".mock.json") {
            _ = try MockFetcher(contentsOf: cases.appendingPathComponent(f))
        }
    }
}

@Suite("URLSessionFetcher over real HTTP", .serialized)
final class HTTPFetcherTests {
    let server: HTTPTestServer

    init() throws {
        server = try HTTPTestServer()
    }

    deinit { server.stop() }

    @Test func getWithHeaders() async throws {
        let r = await URLSessionFetcher().fetch(FetchRequest(
            id: "r1", url: server.base + "/echo?q=1", options: .init(headers: ["x-token": "abc"])))
        #expect(r.success)
        #expect(r.status == 200)
        #expect(r.statusText == "OK")
        #expect(r.headers["x-test-server"] == "FetchFlow")
        #expect(r.headers["content-type"] == "application/json")
        #expect(r.id == "r1")
        let echo = try JSONValue(parsing: r.bodyText)
        #expect(echo["method"] == "GET")
        #expect(echo["path"] == "/echo?q=1")
        #expect(echo["headers"]?["x-token"] == "abc")
    }

    @Test func postJSONBody() async throws {
        let r = await URLSessionFetcher().fetch(FetchRequest(
            id: "r2", url: server.base + "/echo",
            options: .init(method: "POST", headers: ["content-type": "application/json"], body: #"{"a":[1,"é"]}"#)))
        #expect(r.status == 200)
        let echo = try JSONValue(parsing: r.bodyText)
        #expect(echo["method"] == "POST")
        #expect(echo["body"] == #"{"a":[1,"é"]}"#)
        #expect(echo["headers"]?["content-type"] == "application/json")
    }

    @Test func non2xxIsStillSuccess() async throws {
        let fetcher = URLSessionFetcher()
        let notFound = await fetcher.fetch(FetchRequest(id: "r3", url: server.base + "/status/404"))
        #expect(notFound.success && notFound.status == 404 && notFound.statusText == "Not Found")
        #expect(notFound.bodyText == "status 404")
        let failed = await fetcher.fetch(FetchRequest(id: "r4", url: server.base + "/status/500"))
        #expect(failed.success && failed.status == 500)
    }

    @Test func connectionRefusedIsFailure() async throws {
        let portInfo = await URLSessionFetcher().fetch(FetchRequest(id: "p", url: server.base + "/freeport"))
        let port = try #require(try JSONValue(parsing: portInfo.bodyText)["port"]?.numberValue)
        let r = await URLSessionFetcher(timeout: 10).fetch(FetchRequest(id: "r5", url: "http://127.0.0.1:\(Int(port))/"))
        #expect(!r.success)
        #expect(r.status == 0)
        #expect(!(r.error ?? "").isEmpty)
        let bad = await URLSessionFetcher().fetch(FetchRequest(id: "r6", url: "ftp://example.com/x"))
        #expect(!bad.success)
    }

    @Test func scriptAgainstRealServer() async throws {
        let completion = try await FetchVM().run("""
            const base = \(JSONValue.string(server.base).jsonText);
            const echo = await (await fetch(base + "/echo", {method: "POST", headers: {"X-A": "1"}, body: JSON.stringify({k: "v"})})).json();
            const missing = await fetch(base + "/status/404");
            let failure = "none";
            try { await fetch("http://127.0.0.1:1/"); } catch (e) { failure = e.name; }
            [echo.method, JSON.parse(echo.body).k, echo.headers["x-a"], missing.status, missing.ok, failure,
             missing.headers.get("X-Test-Server")]
            """, using: URLSessionFetcher(timeout: 10))
        #expect(completion.value == ["POST", "v", "1", 404, false, "TypeError", "FetchFlow"])
    }

    @Test func batchOfTwentyRunsConcurrently() async throws {
        let start = Date()
        let completion = try await FetchVM().run("""
            const base = \(JSONValue.string(server.base).jsonText);
            const urls = Array.from({length: 20}, (_, i) => base + "/slow?ms=400&i=" + i);
            const bodies = await Promise.all(urls.map(async u => (await fetch(u)).json()));
            const stats = await (await fetch(base + "/stats")).json();
            [bodies.length, bodies.every(b => b.slow === 400), stats.total, stats.maxInFlight]
            """, using: URLSessionFetcher(timeout: 30))
        let elapsed = Date().timeIntervalSince(start)
        guard case .array(let parts) = completion.value, parts.count == 4 else {
            Issue.record("unexpected \(completion.value)")
            return
        }
        #expect(parts[0] == 20)
        #expect(parts[1] == true)
        #expect(parts[2] == 20)
        let overlap = parts[3].numberValue ?? 0
        #expect(overlap > 1, "the server saw at most \(overlap) requests at once")
        #expect(elapsed < 20 * 0.4, "20 requests of 400 ms took \(elapsed) s")
    }
}
