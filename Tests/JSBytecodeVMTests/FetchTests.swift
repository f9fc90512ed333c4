import Testing
@testable import JSBytecodeVM

/// fetch(), Headers and Response on the VM side: pending requests at a
/// pause, delivery of responses and network errors, and the self-hosted
/// Headers / Response classes.
@Suite struct FetchTests {
    // MARK: Helpers

    private func start(_ source: String) -> (VM, RunOutcome) {
        let vm = VM()
        let outcome = vm.execute(source: source, fileName: "fetch.js")
        return (vm, outcome)
    }

    private func describe(_ vm: VM, _ outcome: RunOutcome) -> String {
        switch outcome {
        case .completed: return "completed"
        case .paused: return "paused"
        case .threw(let e): return "threw \(vm.debugDescription(of: e))"
        case .syntaxError(let e): return "syntaxError \(e)"
        }
    }

    private func isPaused(_ outcome: RunOutcome) -> Bool {
        if case .paused = outcome { return true }
        return false
    }

    private func isCompleted(_ outcome: RunOutcome) -> Bool {
        if case .completed = outcome { return true }
        return false
    }

    private func texts(_ vm: VM) -> [String] { vm.logs.map(\.text) }

    private func headers(_ r: PendingRequest) -> [String] { r.headers.map { "\($0.0): \($0.1)" } }

    /// Runs a script that must complete without any fetch; returns its log lines.
    private func run(_ source: String) -> [String] {
        let (vm, outcome) = start(source)
        #expect(isCompleted(outcome), "\(describe(vm, outcome))")
        return texts(vm)
    }

    // MARK: Requests

    @Test func plainAwaitPausesWithOneGetRequest() {
        let (vm, outcome) = start("""
            console.log("before");
            const res = await fetch("https://api.example.com/v1/widgets?limit=2");
            console.log("after");
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        #expect(texts(vm) == ["before"])
        #expect(vm.pendingRequests.count == 1)
        let r = vm.pendingRequests[0]
        #expect(r.id == "r1")
        #expect(r.url == "https://api.example.com/v1/widgets?limit=2")
        #expect(r.method == "GET")
        #expect(r.headers.isEmpty)
        #expect(r.body == nil)
        #expect(r.timestamp > 1_600_000_000_000)
        #expect(vm.promiseData(r.promise)?.state == .pending)
    }

    @Test func methodNormalisationAndFanOutInIssueOrder() {
        let (vm, outcome) = start("""
            const urls = ["https://a.example/1", "https://a.example/2", "https://a.example/3",
                          "https://a.example/4", "https://a.example/5", "https://a.example/6", "https://a.example/7"];
            const inits = [undefined, { method: "get" }, { method: "post", body: "x=1" }, { method: "Patch", body: "{}" },
                           { method: "delete" }, { method: "OpTiOnS" }, { method: "put", body: 42 }];
            const all = await Promise.all(urls.map((u, i) => fetch(u, inits[i])));
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        #expect(vm.pendingRequests.map(\.id) == ["r1", "r2", "r3", "r4", "r5", "r6", "r7"])
        #expect(vm.pendingRequests.map(\.url) == (1...7).map { "https://a.example/\($0)" })
        #expect(vm.pendingRequests.map(\.method) == ["GET", "GET", "POST", "Patch", "DELETE", "OPTIONS", "PUT"])
        #expect(vm.pendingRequests.map(\.body) == [nil, nil, "x=1", "{}", nil, nil, "42"])
    }

    @Test func headersFromObjectArrayAndHeaders() {
        let (vm, outcome) = start("""
            const h = new Headers({ "X-B": "2" });
            h.append("x-a", "1");
            h.append("X-B", "3");
            await Promise.all([
              fetch("https://h.example/obj", { headers: { "Content-Type": "application/json", Accept: "*/*", "X-N": 5 } }),
              fetch("https://h.example/arr", { headers: [["X-One", "1"], ["x-one", "again"], ["Authorization", "Bearer t"]] }),
              fetch("https://h.example/hdr", { headers: h }),
              fetch("https://h.example/trim", { headers: { "x-pad": "  padded\\t" } }),
            ]);
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        #expect(vm.pendingRequests.count == 4)
        guard vm.pendingRequests.count == 4 else { return }
        #expect(headers(vm.pendingRequests[0]) == ["content-type: application/json", "accept: */*", "x-n: 5"])
        #expect(headers(vm.pendingRequests[1]) == ["x-one: 1, again", "authorization: Bearer t"])
        #expect(headers(vm.pendingRequests[2]) == ["x-a: 1", "x-b: 2, 3"])
        #expect(headers(vm.pendingRequests[3]) == ["x-pad: padded"])
    }

    @Test func requestLikeInputs() {
        let (vm, outcome) = start("""
            const p1 = fetch({ url: "https://r.example/from-url-property" });
            const p2 = fetch({ toString() { return "https://r.example/from-toString"; } });
            await Promise.all([p1, p2]);
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        #expect(vm.pendingRequests.map(\.url) == ["https://r.example/from-url-property", "https://r.example/from-toString"])
    }

    @Test func idsContinueAcrossPauses() throws {
        let (vm, outcome) = start("""
            const a = await fetch("https://ids.example/a");
            console.log(`a ${a.status}`);
            const [b, c] = await Promise.all([fetch("https://ids.example/b"), fetch("https://ids.example/c")]);
            console.log(`b ${b.status} c ${c.status}`);
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        #expect(vm.pendingRequests.map(\.id) == ["r1"])
        try vm.deliverResponse(id: "r1", status: 200, statusText: "OK", headers: [], body: "")
        let second = vm.runUntilIdle()
        #expect(isPaused(second), "\(describe(vm, second))")
        #expect(vm.pendingRequests.map(\.id) == ["r2", "r3"])
        #expect(vm.pendingRequests.map(\.url) == ["https://ids.example/b", "https://ids.example/c"])
        try vm.deliverResponse(id: "r3", status: 201, statusText: "Created", headers: [], body: "")
        let third = vm.runUntilIdle()
        #expect(isPaused(third), "\(describe(vm, third))")
        #expect(vm.pendingRequests.map(\.id) == ["r2"])
        try vm.deliverResponse(id: "r2", status: 202, statusText: "Accepted", headers: [], body: "")
        let last = vm.runUntilIdle()
        #expect(isCompleted(last), "\(describe(vm, last))")
        #expect(texts(vm) == ["a 200", "b 202 c 201"])
    }

    // MARK: Delivery

    @Test func responseSurface() throws {
        let (vm, outcome) = start("""
            const res = await fetch("https://api.example.com/v1/widgets");
            console.log(`${res.ok} ${res.status} ${res.statusText}`);
            console.log(`${res.headers.get("content-type")} ${res.headers.get("X-Total-Count")} ${res.headers.get("x-missing")}`);
            console.log(`${res.headers.has("etag")} ${res.headers.has("ETag")} ${res.headers.get("ETAG")}`);
            console.log(`${res.url} ${res.type} ${res.redirected} ${res.bodyUsed}`);
            console.log(`${res instanceof Response} ${res.headers instanceof Headers}`);
            const widgets = await res.json();
            console.log(`${widgets.length} ${widgets[1].name} ${res.bodyUsed}`);
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        try vm.deliverResponse(id: "r1", status: 200, statusText: "OK",
                               headers: [("Content-Type", "application/json"), ("X-Total-Count", "2"), ("ETag", "\"v1\"")],
                               body: #"[{"name":"a"},{"name":"b"}]"#)
        #expect(vm.pendingRequests.isEmpty)
        let done = vm.runUntilIdle()
        #expect(isCompleted(done), "\(describe(vm, done))")
        #expect(texts(vm) == [
            "true 200 OK",
            "application/json 2 null",
            "true true \"v1\"",
            "https://api.example.com/v1/widgets basic false false",
            "true true",
            "2 b true",
        ])
    }

    @Test func responseUrlOverrideAndNon2xx() throws {
        let (vm, outcome) = start("""
            const [a, b, c] = await Promise.all([fetch("https://x.example/a"), fetch("https://x.example/b"), fetch("https://x.example/c")]);
            console.log(`${a.url} ${a.ok} ${a.status} ${a.statusText} ${await a.text()}`);
            console.log(`${b.ok} ${b.status} ${b.statusText}`);
            console.log(`${c.ok} ${c.status} ${JSON.stringify(await c.text())} ${JSON.stringify(await c.text())} ${c.bodyUsed}`);
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        try vm.deliverResponse(id: "r1", status: 404, statusText: "Not Found", headers: [], body: "missing",
                               url: "https://x.example/moved")
        try vm.deliverResponse(id: "r2", status: 503, statusText: "Service Unavailable", headers: [], body: "")
        try vm.deliverResponse(id: "r3", status: 204, statusText: "No Content", headers: [], body: "")
        let done = vm.runUntilIdle()
        #expect(isCompleted(done), "\(describe(vm, done))")
        #expect(texts(vm) == [
            "https://x.example/moved false 404 Not Found missing",
            "false 503 Service Unavailable",
            "true 204 \"\" \"\" false",
        ])
    }

    @Test func textTwiceRejects() throws {
        let (vm, outcome) = start("""
            const res = await fetch("https://body.example/data");
            console.log(await res.text());
            console.log(`${res.bodyUsed}`);
            try {
              await res.text();
              console.log("second read worked?!");
            } catch (e) {
              console.log(`${e instanceof TypeError} ${e.name}: ${e.message}`);
            }
            try {
              await res.json();
            } catch (e) {
              console.log(`${e.name}: ${e.message}`);
            }
            try { res.clone(); } catch (e) { console.log(`${e.name}: ${e.message}`); }
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        try vm.deliverResponse(id: "r1", status: 200, statusText: "OK", headers: [], body: "hello")
        let done = vm.runUntilIdle()
        #expect(isCompleted(done), "\(describe(vm, done))")
        #expect(texts(vm) == [
            "hello",
            "true",
            "true TypeError: Body is unusable: Body has already been read",
            "TypeError: Body is unusable: Body has already been read",
            "TypeError: Response.clone: Body has already been consumed.",
        ])
    }

    @Test func jsonBadBodyRejectsWithSyntaxError() throws {
        let (vm, outcome) = start("""
            const [bad, empty, good] = await Promise.all([
              fetch("https://body.example/bad"), fetch("https://body.example/empty"), fetch("https://body.example/good")]);
            try { await bad.json(); console.log("parsed?!"); } catch (e) { console.log(`bad ${e.name} ${e instanceof SyntaxError}`); }
            try { await empty.json(); console.log("parsed?!"); } catch (e) { console.log(`empty ${e.name}`); }
            const v = await good.json();
            console.log(`good ${v.value} ${typeof v}`);
            let message = "";
            try { JSON.parse("{bad"); } catch (e) { message = e.message; }
            const again = await fetch("https://body.example/bad");
            try { await again.json(); } catch (e) { console.log(`same message ${e.message === message}`); }
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        try vm.deliverResponse(id: "r1", status: 200, statusText: "OK", headers: [], body: "{bad")
        try vm.deliverResponse(id: "r2", status: 200, statusText: "OK", headers: [], body: "")
        try vm.deliverResponse(id: "r3", status: 200, statusText: "OK", headers: [], body: #"{"value":7}"#)
        let next = vm.runUntilIdle()
        #expect(isPaused(next), "\(describe(vm, next))")
        try vm.deliverResponse(id: "r4", status: 200, statusText: "OK", headers: [], body: "{bad")
        let done = vm.runUntilIdle()
        #expect(isCompleted(done), "\(describe(vm, done))")
        #expect(texts(vm) == ["bad SyntaxError true", "empty SyntaxError", "good 7 object", "same message true"])
    }

    @Test func unknownRequestIdThrows() throws {
        let (vm, outcome) = start(#"await fetch("https://u.example/");"#)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        #expect(throws: UnknownRequestError.self) {
            try vm.deliverResponse(id: "r9", status: 200, statusText: "OK", headers: [], body: "")
        }
        #expect(throws: UnknownRequestError.self) { try vm.deliverNetworkError(id: "nope", message: "x") }
        do {
            try vm.deliverNetworkError(id: "r2", message: "x")
            Issue.record("expected an error")
        } catch let e as UnknownRequestError {
            #expect(e.id == "r2")
            #expect(e.description == "unknown request id 'r2'")
        }
        #expect(vm.pendingRequests.count == 1)
        try vm.deliverResponse(id: "r1", status: 200, statusText: "OK", headers: [], body: "")
        #expect(throws: UnknownRequestError.self) {
            try vm.deliverResponse(id: "r1", status: 200, statusText: "OK", headers: [], body: "")
        }
        let done = vm.runUntilIdle()
        #expect(isCompleted(done), "\(describe(vm, done))")
    }

    @Test func networkErrorRejectsWithTypeError() throws {
        let (vm, outcome) = start("""
            try {
              await fetch("https://primary.example.com/data");
              console.log("not reached");
            } catch (e) {
              console.log(`${e.name} ${e instanceof TypeError} ${e instanceof Error} ${e.message}`);
            }
            const settled = await Promise.allSettled([fetch("https://a.example/"), fetch("https://b.example/")]);
            console.log(settled.map((s) => s.status === "fulfilled" ? s.value.status : s.reason.name).join(","));
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        try vm.deliverNetworkError(id: "r1", message: "fetch failed")
        let next = vm.runUntilIdle()
        #expect(isPaused(next), "\(describe(vm, next))")
        #expect(vm.pendingRequests.map(\.id) == ["r2", "r3"])
        try vm.deliverResponse(id: "r2", status: 200, statusText: "OK", headers: [], body: "")
        try vm.deliverNetworkError(id: "r3", message: "connection refused")
        let done = vm.runUntilIdle()
        #expect(isCompleted(done), "\(describe(vm, done))")
        #expect(texts(vm) == ["TypeError true true fetch failed", "200,TypeError"])
    }

    @Test func unhandledNetworkErrorEndsTheScript() throws {
        let (vm, outcome) = start(#"await fetch("https://down.example/");"#)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        try vm.deliverNetworkError(id: "r1", message: "fetch failed")
        let done = vm.runUntilIdle()
        guard case .threw(let e) = done else {
            Issue.record("expected a throw, got \(describe(vm, done))")
            return
        }
        #expect(vm.debugDescription(of: e).hasPrefix("fetch failed"))
    }

    // MARK: Argument errors (rejections, never synchronous throws)

    @Test func invalidURLRejects() {
        let lines = run("""
            for (const u of ["/relative", "", "not a url", "http://", "https:///x", "https://a b/", "https://h:port/"]) {
              const p = fetch(u);
              console.log(`${p instanceof Promise}`);
              try { await p; } catch (e) { console.log(`${e.name}: ${e.message}`); }
            }
            """)
        #expect(lines == [
            "true", "TypeError: Failed to parse URL from /relative",
            "true", "TypeError: Failed to parse URL from ",
            "true", "TypeError: Failed to parse URL from not a url",
            "true", "TypeError: Failed to parse URL from http://",
            "true", "TypeError: Failed to parse URL from https:///x",
            "true", "TypeError: Failed to parse URL from https://a b/",
            "true", "TypeError: Failed to parse URL from https://h:port/",
        ])
    }

    @Test func acceptedURLs() {
        let (vm, outcome) = start("""
            await Promise.all(["http://localhost:8080/x", "https://user:pw@host.example/p?q#f", "ftp://files.example",
                               "HTTPS://UPPER.EXAMPLE", "http://[::1]:3000/", "https://h.example?x=1"].map((u) => fetch(u)));
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        #expect(vm.pendingRequests.count == 6)
    }

    @Test func getOrHeadWithBodyRejects() {
        let lines = run("""
            for (const init of [{ body: "a" }, { method: "get", body: "a" }, { method: "HEAD", body: "" }]) {
              try { await fetch("https://b.example/", init); } catch (e) { console.log(`${e.name}: ${e.message}`); }
            }
            """)
        #expect(lines == Array(repeating: "TypeError: Request with GET/HEAD method cannot have body.", count: 3))
    }

    @Test func invalidHeadersAndMethodsReject() {
        let lines = run("""
            const attempts = [
              { headers: { "a b": "1" } },
              { headers: { ok: "x\\ny" } },
              { headers: [["only-name"]] },
              { headers: 5 },
              { method: "a b" },
              { method: "connect" },
            ];
            for (const init of attempts) {
              await fetch("https://e.example/", init).then(() => console.log("resolved?!"), (e) => console.log(`${e.name}: ${e.message}`));
            }
            """)
        #expect(lines == [
            "TypeError: Headers.append: \"a b\" is an invalid header name.",
            "TypeError: Headers.append: \"x\ny\" is an invalid header value.",
            "TypeError: Headers constructor: expected name/value pair to be length 2, found 1.",
            "TypeError: Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.",
            "TypeError: 'a b' is not a valid HTTP method.",
            "TypeError: 'connect' HTTP method is unsupported.",
        ])
    }

    // MARK: Headers

    @Test func headersClass() {
        let lines = run("""
            const h = new Headers([["B", "2"], ["a", "1"], ["b", "3"]]);
            h.append("Set-Cookie", "x=1");
            h.append("set-cookie", "y=2");
            console.log(`${h.get("b")} | ${h.get("SET-COOKIE")} | ${h.get("none")} | ${h.has("A")} | ${h.has("c")}`);
            console.log([...h].map(([k, v]) => `${k}=${v}`).join(";"));
            console.log([...h.keys()].join(","));
            console.log([...h.values()].join(","));
            console.log([...h.entries()].length);
            h.set("B", "only");
            h.delete("A");
            console.log([...h].map(([k, v]) => `${k}=${v}`).join(";"));
            const seen = [];
            h.forEach(function (v, k, o) { seen.push(`${k}:${v}:${o === h}:${this.tag}`); }, { tag: "T" });
            console.log(seen.join(" "));
            console.log(h.getSetCookie().join("|"));
            const copy = new Headers(h);
            h.set("b", "changed");
            console.log(`${copy.get("b")} ${h.get("b")}`);
            console.log(Object.prototype.toString.call(h));
            console.log(Object.keys(h).length);
            const it = new Headers({ z: "1" }).keys();
            console.log(`${Object.prototype.toString.call(it)} ${typeof it[Symbol.iterator]} ${it[Symbol.iterator]() === it}`);
            const live = new Headers({ a: "1" });
            const liveIt = live.keys();
            live.append("b", "2");
            console.log([...liveIt].join(","));
            for (const bad of [() => h.get("a b"), () => h.set("x", "a\\rb"), () => h.append("a"), () => Headers(),
                               () => h.forEach(5), () => new Headers({ a: "\\u20ac" })]) {
              try { bad(); console.log("no error?!"); } catch (e) { console.log(`${e.name}: ${e.message}`); }
            }
            console.log(new Headers({ "X-Num": 5, "x-bool": true }).get("x-num"));
            """)
        #expect(lines == [
            "2, 3 | x=1, y=2 | null | true | false",
            "a=1;b=2, 3;set-cookie=x=1;set-cookie=y=2",
            "a,b,set-cookie,set-cookie",
            "1,2, 3,x=1,y=2",
            "4",
            "b=only;set-cookie=x=1;set-cookie=y=2",
            "b:only:true:T set-cookie:x=1:true:T set-cookie:y=2:true:T",
            "x=1|y=2",
            "only changed",
            "[object Headers]",
            "0",
            "[object Headers Iterator] function true",
            "a,b",
            "TypeError: Headers.get: \"a b\" is an invalid header name.",
            "TypeError: Headers.set: \"a\rb\" is an invalid header value.",
            "TypeError: Headers.append: 2 arguments required, but only 1 found.",
            "TypeError: Class constructor Headers cannot be invoked without 'new'",
            "TypeError: Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.",
            "TypeError: Cannot convert argument to a ByteString because the character at index 0 has a value of 8364 which is greater than 255.",
            "5",
        ])
    }

    @Test func fetchedHeadersAreImmutable() throws {
        let (vm, outcome) = start("""
            const res = await fetch("https://imm.example/");
            try { res.headers.set("a", "b"); } catch (e) { console.log(`${e.name}: ${e.message}`); }
            try { res.headers.append("a", "b"); } catch (e) { console.log(`${e.name}: ${e.message}`); }
            try { res.headers.delete("x-a"); } catch (e) { console.log(`${e.name}: ${e.message}`); }
            console.log(res.headers.get("x-a"));
            const cloned = res.clone();
            console.log(`${cloned.status} ${cloned.headers.get("X-A")} ${await cloned.text()} ${res.bodyUsed}`);
            console.log(await res.text());
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        try vm.deliverResponse(id: "r1", status: 200, statusText: "OK", headers: [("X-A", "1"), ("x-a", "2")], body: "B")
        let done = vm.runUntilIdle()
        #expect(isCompleted(done), "\(describe(vm, done))")
        #expect(texts(vm) == [
            "TypeError: immutable", "TypeError: immutable", "TypeError: immutable",
            "1, 2", "200 1, 2 B false", "B",
        ])
    }

    // MARK: Response

    @Test func responseConstructor() {
        let lines = run("""
            const r = new Response("hello", { status: 201, statusText: "Created", headers: { "X-Id": "7" } });
            console.log(`${r.status} ${r.statusText} ${r.ok} ${r.headers.get("x-id")} ${r.headers.get("content-type")} ${JSON.stringify(r.url)} ${r.type} ${r.redirected} ${r.bodyUsed}`);
            console.log(`${await r.text()} ${r.bodyUsed}`);
            const d = new Response();
            console.log(`${d.status} ${JSON.stringify(d.statusText)} ${d.ok} ${JSON.stringify(await d.text())} ${JSON.stringify(await d.text())} ${d.bodyUsed} ${d.headers.has("content-type")}`);
            const j = new Response('{"a":[1,2]}', { headers: [["content-type", "application/json"]] });
            const c = j.clone();
            console.log(`${(await j.json()).a.length} ${(await c.text())} ${j.headers.get("content-type")}`);
            console.log(`${new Response("x", { status: 404 }).ok} ${new Response("x", { status: 299 }).ok} ${new Response("x", { status: "202" }).status}`);
            for (const bad of [() => new Response("x", { status: 199 }), () => new Response("x", { status: 600 }),
                               () => new Response("x", { status: 204 }), () => new Response("x", { statusText: "a\\nb" }),
                               () => Response("x")]) {
              try { bad(); console.log("no error?!"); } catch (e) { console.log(`${e.name}: ${e.message}`); }
            }
            const e = Response.error();
            console.log(`${e.status} ${e.type} ${e.ok} ${JSON.stringify(e.statusText)}`);
            const rj = Response.json({ a: 1 }, { status: 202 });
            console.log(`${rj.status} ${rj.headers.get("content-type")} ${await rj.text()}`);
            try { Response.json(undefined); } catch (err) { console.log(`${err.name}: ${err.message}`); }
            try { await new Response("x").arrayBuffer(); } catch (err) { console.log(err.name); }
            console.log(Object.prototype.toString.call(r));
            console.log(`${typeof Response} ${typeof Headers} ${typeof fetch} ${Object.keys(globalThis).includes("Response")}`);
            class Mine extends Response { extra() { return this.status; } }
            console.log(`${new Mine("x", { status: 250 }).extra()}`);
            """)
        #expect(lines == [
            "201 Created true 7 text/plain;charset=UTF-8 \"\" default false false",
            "hello true",
            "200 \"\" true \"\" \"\" false false",
            "2 {\"a\":[1,2]} application/json",
            "false true 202",
            "RangeError: init[\"status\"] must be in the range of 200 to 599, inclusive.",
            "RangeError: init[\"status\"] must be in the range of 200 to 599, inclusive.",
            "TypeError: Response constructor: Invalid response status code 204",
            "TypeError: Invalid statusText",
            "TypeError: Class constructor Response cannot be invoked without 'new'",
            "0 error false \"\"",
            "202 application/json {\"a\":1}",
            "TypeError: Value is not JSON serializable",
            "TypeError",
            "[object Response]",
            "function function function false",
            "250",
        ])
    }

    @Test func bodyReadsTakeAFixedNumberOfTicks() {
        // text()/json() resolve like an already-resolved promise: the same
        // ordering against plain microtasks every time.
        let lines = run("""
            const order = [];
            const r = new Response('{"k":1}');
            const p = r.json().then((v) => order.push(`json ${v.k}`));
            Promise.resolve().then(() => order.push("tick 1")).then(() => order.push("tick 2")).then(() => order.push("tick 3"));
            await p;
            await null; await null; await null;
            console.log(order.join(", "));
            """)
        #expect(lines == ["json 1, tick 1, tick 2, tick 3"])
    }

    @Test func stateSurvivesGarbageCollectionAtAPause() throws {
        let (vm, outcome) = start("""
            const h = new Headers({ "X-Keep": "kept" });
            const local = new Response("local body", { headers: h });
            const first = await fetch("https://gc.example/1", { method: "POST", headers: h, body: "b" });
            for (let i = 0; i < 2000; i++) ({ junk: [i, String(i)] });
            const second = await fetch("https://gc.example/2");
            console.log(`${first.headers.get("x-a")} ${await first.text()} ${second.status} ${await second.json()}`);
            console.log(`${h.get("x-keep")} ${local.headers.get("x-keep")} ${await local.text()}`);
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        #expect(headers(vm.pendingRequests[0]) == ["x-keep: kept"])
        vm.collectGarbage()
        try vm.deliverResponse(id: "r1", status: 200, statusText: "OK", headers: [("X-A", "a")], body: "one")
        let next = vm.runUntilIdle()
        #expect(isPaused(next), "\(describe(vm, next))")
        vm.collectGarbage()
        try vm.deliverResponse(id: "r2", status: 500, statusText: "Internal Server Error", headers: [], body: "[2]")
        vm.collectGarbage()
        let done = vm.runUntilIdle()
        #expect(isCompleted(done), "\(describe(vm, done))")
        #expect(texts(vm) == ["a one 500 2", "kept kept local body"])
    }

    @Test func responsesResolveInDeliveryOrder() throws {
        let (vm, outcome) = start("""
            const order = [];
            const ps = ["a", "b", "c"].map((n) => fetch(`https://o.example/${n}`).then((r) => r.text()).then((t) => order.push(t)));
            await Promise.all(ps);
            console.log(order.join(""));
            """)
        #expect(isPaused(outcome), "\(describe(vm, outcome))")
        try vm.deliverResponse(id: "r3", status: 200, statusText: "OK", headers: [], body: "c")
        try vm.deliverResponse(id: "r1", status: 200, statusText: "OK", headers: [], body: "a")
        try vm.deliverResponse(id: "r2", status: 200, statusText: "OK", headers: [], body: "b")
        let done = vm.runUntilIdle()
        #expect(isCompleted(done), "\(describe(vm, done))")
        #expect(texts(vm) == ["cab"])
    }
}
