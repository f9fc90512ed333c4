import Foundation
import Testing
@testable import FetchFlow

private func texts(_ logs: [LogEntry]) -> [String] { logs.map(\.text) }

@Suite("FetchVM API")
struct FetchVMTests {
    @Test func completesWithJSONValue() throws {
        let vm = FetchVM()
        let result = try vm.execute("console.log('hi'); ({a: [1, 2.5, 'x'], b: null, c: true})")
        let completion = try #require(result.completion)
        #expect(completion.value == .object(["a": [1, 2.5, "x"], "b": nil, "c": true]))
        #expect(completion.json == #"{"a":[1,2.5,"x"],"b":null,"c":true}"#)
        #expect(texts(completion.logs) == ["hi"])
    }

    @Test func undefinedAndFunctionsBecomeNull() throws {
        let vm = FetchVM()
        #expect(try vm.execute("let q = 1;").completion?.value == .null)
        #expect(try vm.execute("(function f() {})").completion?.json == "null")
        #expect(try vm.execute("'text'").completion?.value == "text")
    }

    @Test func pauseAndResumeFromSnapshot() throws {
        let vm = FetchVM()
        let source = """
            console.log("About to fetch...");
            const r = await fetch("https://api.example.com/user", {headers: {Accept: "application/json"}});
            const user = await r.json();
            console.log("got", user.name, r.status, r.ok);
            user.name.toUpperCase()
            """
        let first = try vm.execute(source)
        let pause = try #require(first.pause)
        #expect(texts(pause.logs) == ["About to fetch..."])
        #expect(pause.requests.count == 1)
        let request = pause.requests[0]
        #expect(request.url == "https://api.example.com/user")
        #expect(request.options.method == "GET")
        #expect(request.options.headers == ["accept": "application/json"])
        #expect(request.options.body == nil)
        #expect(abs(request.timestamp.timeIntervalSinceNow) < 60)
        #expect(pause.snapshot.pendingRequests == pause.requests)

        // Resume in a different FetchVM, as another process would.
        let other = FetchVM()
        let second = try other.resume(pause.snapshot, responses: [
            .success(id: request.id, headers: ["content-type": "application/json"], body: #"{"name":"ada"}"#),
        ])
        let completion = try #require(second.completion)
        #expect(completion.value == "ADA")
        #expect(texts(completion.logs) == ["got ada 200 true"])
    }

    @Test func respondInPlaceAndNetworkFailure() throws {
        let vm = FetchVM()
        let pause = try #require(try vm.execute("""
            try { await fetch("https://down.example.com/"); "no" } catch (e) { e.name + ":" + (e instanceof TypeError) }
            """).pause)
        let result = try vm.respond([.failure(id: pause.requests[0].id, error: "connection refused")])
        #expect(result.completion?.value == "TypeError:true")
    }

    @Test func nonOKStatusStillResolves() throws {
        let vm = FetchVM()
        let pause = try #require(try vm.execute("""
            const r = await fetch("https://x.example.com/missing");
            [r.status, r.ok, r.statusText, await r.text()]
            """).pause)
        let result = try vm.respond([.success(id: pause.requests[0].id, status: 404, body: "nope")])
        #expect(result.completion?.value == [404, false, "Not Found", "nope"])
    }

    @Test func replGlobalsPersistAcrossExecute() throws {
        let vm = FetchVM()
        _ = try vm.execute("let counter = 40; function bump() { return ++counter; }")
        _ = try vm.execute("bump();")
        #expect(try vm.execute("bump()").completion?.value == 42)
        #expect(try vm.execute("counter").completion?.value == 42)
    }

    @Test func replContinuesAfterAnUncaughtError() throws {
        let vm = FetchVM()
        _ = try vm.execute("var kept = 5;")
        #expect(throws: ScriptError.self) { _ = try vm.execute("await Promise.reject(new Error('x'))") }
        #expect(throws: ScriptError.self) { _ = try vm.execute("null.x") }
        #expect(throws: ScriptError.self) { _ = try vm.execute("fetch('https://x.example.com/'); throw new Error('y')") }
        #expect(vm.pendingRequests.isEmpty)
        #expect(try vm.execute("kept * 2").completion?.value == 10)
    }

    @Test func globalsSurviveAPauseAndFollowingScripts() throws {
        let vm = FetchVM()
        let pause = try #require(try vm.execute("""
            const cache = new Map();
            const r = await fetch("https://x.example.com/n");
            cache.set("n", await r.text());
            """).pause)
        _ = try vm.resume(pause.snapshot, responses: [.success(id: pause.requests[0].id, body: "7")])
        #expect(try vm.execute("cache.get('n') + '!'").completion?.value == "7!")
    }

    @Test func uncaughtErrorIsThrownAsScriptError() throws {
        let vm = FetchVM()
        do {
            _ = try vm.execute("console.log('before');\nfunction f() { throw new TypeError('bad thing'); }\nf();")
            Issue.record("expected a ScriptError")
        } catch let e as ScriptError {
            #expect(e.name == "TypeError")
            #expect(e.message == "bad thing")
            #expect(e.description == "TypeError: bad thing")
            #expect(e.summary == "TypeError: bad thing")
            #expect(!e.isSyntaxError)
            #expect(texts(e.logs) == ["before"])
            let stack = try #require(e.stack)
            #expect(stack.hasPrefix("TypeError: bad thing"))
            #expect(stack.contains("script.js"))
        }
    }

    @Test func uncaughtAfterAPause() throws {
        let vm = FetchVM()
        let pause = try #require(try vm.execute("""
            class ValidationError extends Error { constructor(m) { super(m); this.name = "ValidationError"; } }
            const r = await fetch("https://x.example.com/v");
            if (!r.ok) throw new ValidationError("status " + r.status);
            """).pause)
        for attempt in 0..<2 {
            do {
                if attempt == 0 {
                    _ = try vm.respond([.success(id: pause.requests[0].id, status: 500)])
                } else {
                    _ = try FetchVM().resume(pause.snapshot, responses: [.success(id: pause.requests[0].id, status: 500)])
                }
                Issue.record("expected a ScriptError")
            } catch let e as ScriptError {
                #expect(e.name == "ValidationError")
                #expect(e.description == "ValidationError: status 500")
            }
        }
    }

    @Test func thrownNonErrorValue() throws {
        do {
            _ = try FetchVM().execute("throw 'boom'")
            Issue.record("expected a ScriptError")
        } catch let e as ScriptError {
            #expect(e.summary == "boom")
            #expect(e.message == "boom")
        }
    }

    @Test func syntaxErrorHasPosition() throws {
        do {
            _ = try FetchVM().execute("let a = 1;\nlet b = (;\n", fileName: "bad.js")
            Issue.record("expected a ScriptError")
        } catch let e as ScriptError {
            #expect(e.name == "SyntaxError")
            #expect(e.isSyntaxError)
            let loc = try #require(e.location)
            #expect(loc.fileName == "bad.js")
            #expect(loc.line == 2)
            #expect(e.description.hasPrefix("SyntaxError: "))
            #expect(e.description.hasSuffix("(bad.js:2:\(loc.column))"))
        }
    }

    @Test func unknownAndDuplicateResponseIDs() throws {
        let vm = FetchVM()
        let pause = try #require(try vm.execute("await fetch('https://x.example.com/a'); 1").pause)
        let id = pause.requests[0].id
        #expect(throws: FetchFlowError.unknownRequestID("r999")) {
            _ = try vm.resume(pause.snapshot, responses: [.success(id: "r999", body: "")])
        }
        #expect(throws: FetchFlowError.duplicateResponseID(id)) {
            _ = try vm.resume(pause.snapshot, responses: [.success(id: id, body: ""), .success(id: id, body: "")])
        }
        // Nothing was delivered by the failed calls: the request is still pending.
        #expect(vm.pendingRequests.map(\.id) == [id])
        #expect(try vm.respond([.success(id: id, body: "")]).completion?.value == 1)
    }

    @Test func subsetAnswerKeepsTheRestPending() throws {
        let vm = FetchVM()
        let pause = try #require(try vm.execute("""
            const [a, b] = await Promise.all([fetch("https://x.example.com/1"), fetch("https://x.example.com/2")]);
            (await a.text()) + (await b.text())
            """).pause)
        #expect(pause.requests.map(\.url) == ["https://x.example.com/1", "https://x.example.com/2"])
        let ids = pause.requests.map(\.id)
        #expect(Set(ids).count == 2)
        let second = try #require(try vm.resume(pause.snapshot, responses: [.success(id: ids[0], body: "A")]).pause)
        #expect(second.requests.map(\.id) == [ids[1]])
        let done = try FetchVM().resume(second.snapshot, responses: [.success(id: ids[1], body: "B")])
        #expect(done.completion?.value == "AB")
    }

    @Test func requestIDsStayUniqueAcrossResumes() throws {
        let vm = FetchVM()
        var result = try vm.execute("""
            let out = [];
            for (let i = 0; i < 3; i++) { const r = await fetch("https://x.example.com/" + i); out.push(await r.text()); }
            out.join(",")
            """)
        var ids: [String] = []
        while case .paused(let pause) = result {
            ids += pause.requests.map(\.id)
            result = try FetchVM().resume(pause.snapshot, responses: pause.requests.map {
                .success(id: $0.id, body: String($0.url.last!))
            })
        }
        #expect(result.completion?.value == "0,1,2")
        #expect(Set(ids).count == 3)
    }

    @Test func postBodyAndHeaders() throws {
        let vm = FetchVM()
        let pause = try #require(try vm.execute("""
            await fetch("https://x.example.com/items", {method: "post", headers: {"Content-Type": "application/json"},
                                                          body: JSON.stringify({a: 1})});
            """).pause)
        let r = pause.requests[0]
        #expect(r.options.method == "POST")
        #expect(r.options.headers["content-type"] == "application/json")
        #expect(r.options.body == #"{"a":1}"#)
    }

    @Test func logHandlerStreams() throws {
        let vm = FetchVM()
        final class Box: @unchecked Sendable { var lines: [String] = [] }
        let box = Box()
        vm.logHandler = { box.lines.append("\($0.level):\($0.text)") }
        let pause = try #require(try vm.execute("console.log('a'); console.warn('w'); await fetch('https://x.example.com/'); console.info('b')").pause)
        #expect(box.lines == ["log:a", "warn:w"])
        _ = try vm.resume(pause.snapshot, responses: [.success(id: pause.requests[0].id)])
        #expect(box.lines == ["log:a", "warn:w", "info:b"])
    }

    @Test func oneShotFunctions() async throws {
        let result = try await executeCode("const r = await fetch('https://x.example.com/t'); await r.text()")
        let pause = try #require(result.pause)
        let done = try await resumeExecution(pause.snapshot, [.success(id: pause.requests[0].id, body: "T")])
        #expect(done.completion?.value == "T")
    }
}

@Suite("Snapshot")
struct SnapshotValueTests {
    @Test func rejectsGarbage() {
        #expect(throws: SnapshotError.self) { _ = try Snapshot(bytes: []) }
        #expect(throws: SnapshotError.self) { _ = try Snapshot(bytes: Array("hello world, not a snapshot".utf8)) }
        #expect(throws: SnapshotError.self) { _ = try Snapshot(bytes: [UInt8](repeating: 0xFF, count: 4096)) }
    }

    @Test func pendingRequestsFromBytesAndFileRoundTrip() throws {
        let vm = FetchVM()
        let pause = try #require(try vm.execute("""
            await Promise.all([fetch("https://x.example.com/a"),
                               fetch("https://x.example.com/b", {method: "PUT", body: "B"})]);
            """).pause)
        let copy = try Snapshot(bytes: pause.snapshot.bytes)
        #expect(copy == pause.snapshot)
        #expect(copy.pendingRequests.map(\.url) == ["https://x.example.com/a", "https://x.example.com/b"])
        #expect(copy.pendingRequests[1].options.method == "PUT")
        #expect(copy.pendingRequests[1].options.body == "B")
        #expect(copy.formatVersion > 0)
        #expect(!copy.engineVersion.isEmpty)
        #expect(copy.stats.contains { $0.name == "bytes" || $0.name == "objects" })

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ff-snap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("state.ffsnap")
        try copy.write(to: url)
        let loaded = try Snapshot(contentsOf: url)
        #expect(loaded == copy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["state.ffsnap"])
        #expect(throws: FileError.self) { _ = try Snapshot(contentsOf: dir.appendingPathComponent("missing")) }
        #expect(throws: FileError.self) { _ = try Snapshot(contentsOf: dir) }
    }

    @Test func sameStateSameBytes() throws {
        let source = "const r = await fetch('https://x.example.com/'); r.status"
        let a = try #require(try FetchVM().execute(source).pause)
        let b = try #require(try FetchVM().execute(source).pause)
        // Timestamps differ between the two runs, so compare the re-serialised restore instead.
        let restored = try FetchVM(snapshot: a.snapshot)
        #expect(try restored.snapshot() == a.snapshot)
        #expect(b.requests.map(\.url) == a.requests.map(\.url))
    }
}

@Suite("FetchRequest and FetchResponse")
struct WireTypeTests {
    @Test func codableRoundTrip() throws {
        let request = FetchRequest(id: "r1", url: "https://x/y",
                                   options: .init(method: "POST", headers: ["a": "b"], body: "{}"),
                                   timestamp: Date(timeIntervalSince1970: 1_700_000_000))
        let response = FetchResponse.success(id: "r1", status: 201, headers: ["content-type": "text/plain"], body: "ok")
        let encoder = JSONEncoder()
        #expect(try JSONDecoder().decode(FetchRequest.self, from: encoder.encode(request)) == request)
        #expect(try JSONDecoder().decode(FetchResponse.self, from: encoder.encode(response)) == response)
        #expect(response.statusText == "Created")
        let failure = FetchResponse.failure(id: "r2", error: "refused")
        #expect(!failure.success && failure.error == "refused")
    }

    @Test func bodyTextFallsBackToRawBytes() {
        let r = FetchResponse(id: "r1", success: true, status: 200, body: Array("héllo".utf8))
        #expect(r.bodyText == "héllo")
    }

    @Test func jsonValueCodable() throws {
        let v: JSONValue = ["a": [1, true, nil, "s"], "b": 2.5]
        let data = try JSONEncoder().encode(v)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == v)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("[true, 1]".utf8)) == [true, 1])
        #expect(try JSONValue(parsing: #" {"x": [1e2, -0.5, "\u00e9\n"]} "#) == ["x": [100, -0.5, "é\n"]])
        #expect(throws: JSONValue.ParseError.self) { _ = try JSONValue(parsing: "[1,]") }
        #expect(v["a"]?[1] == true)
        #expect(v.jsonText == #"{"a":[1,true,null,"s"],"b":2.5}"#)
    }
}

@Suite("JSON text")
struct JSONTextTests {
    @Test func ecmascriptNumbers() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (1, "1"), (-42, "-42"), (0.1, "0.1"), (1.5, "1.5"), (100, "100"),
            (1e21, "1e+21"), (1e20, "100000000000000000000"), (Double("123456789012345680000")!, "123456789012345680000"),
            (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (2.5e25, "2.5e+25"),
            (Double("9007199254740993")!, "9007199254740992"), (0.000123, "0.000123"), (Double("5e-324")!, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (3.14159, "3.14159"), (-1e-7, "-1e-7"),
            (1.0825, "1.0825"), (19.99, "19.99"),
        ]
        for (value, text) in cases {
            #expect(JSONText.number(value) == text, "\(value)")
        }
    }

    @Test func stringifyLikeJavaScript() throws {
        let node = try JSONParser.parse(#"{"b":1,"2":2,"a":[1.0,"x/y\u0001\"\\"],"1":null,"01":3,"b":4}"#)
        #expect(node.jsStringify() == #"{"1":null,"2":2,"b":4,"a":[1,"x/y\u0001\"\\"],"01":3}"#)
        #expect(node.serialized() == #"{"b":4,"2":2,"a":[1,"x/y\u0001\"\\"],"1":null,"01":3}"#)
    }

    @Test func parserRejectsInvalidDocuments() {
        for bad in ["", "   ", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "tru", "\"a", "[1] 2", "{a:1}", "\"\u{1}\"",
                    "NaN", "[", String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)] {
            #expect(throws: JSONParseError.self, "\(bad.prefix(20))") { _ = try JSONParser.parse(bad) }
        }
        #expect(throws: JSONParseError.self) { _ = try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }
}
