// Language semantics end to end (compiler + interpreter + builtins).
// Expected outputs were produced by node 20.

import Testing

@Suite struct InterpreterTests {
    /// Natives read their arguments in place on the operand stack: callbacks
    /// that run deep recursion in between must not disturb them.
    @Test func nativeArgumentsSurviveCallbacks() {
        #expect(runJS(#"""
            function deep(n) { return n === 0 ? 0 : 1 + deep(n - 1); }
            const out = [];
            out.push([1, 2, 3].map(function (x) { deep(200); return x * this.k; }, { k: 10 }).join());
            out.push([3, 1, 2].reduce((a, b) => a + b + deep(50), 100));
            out.push(JSON.stringify({ a: [1, { b: 2 }] }, function (k, v) { deep(100); return v; }, 2).length);
            out.push("a-b-c".replaceAll("-", (m) => String(deep(30))));
            out.push(Array.from({ length: 3 }, function (_, i) { deep(100); return i + this.d; }, { d: 5 }).join());
            out.push([5, 3, 9, 1].sort((x, y) => { deep(20); return x - y; }).join());
            console.log(out.join(" | "));
            """#) == "10,20,30 | 256 | 48 | a30b30c | 5,6,7 | 1,3,5,9")
    }

    /// `===` and `<` on strings compare code units in place; a string whose
    /// buffer a longer string grew in place sees only its own prefix.
    @Test func stringsCompareByTheirOwnUnits() {
        #expect(runJS(#"""
            let a = "x".repeat(70);
            let b = a + "y";           // appends in place to a's buffer: a sees only its prefix
            let c = a + "z";
            const d = "x".repeat(70) + "y";
            console.log(a === b.slice(0, 70), b === d, b === c, a < b, b < c, c < b, "" < a, a < "", "" === "", "ab" < "abc", "abd" < "abc", "\u00e9" < "\uD83D\uDE00", b == d, b !== d);
            """#) == "true true false true true false true false true true false true true false")
    }

    /// String receivers hit caches on `String.prototype`; patching or
    /// deleting the method there, or a fallback to `Object.prototype`, misses.
    @Test func stringMethodCachesFollowThePrototype() {
        #expect(runJS(#"""
            function f(s) { return s.at(0); }
            function g(s) { return s.length + s.toUpperCase(); }
            const out = [];
            for (let i = 0; i < 3; i++) out.push(f("abc"));
            String.prototype.at = function () { return "patched " + this; };
            out.push(f("abc"));
            delete String.prototype.at;
            out.push(typeof "x".at);
            Object.prototype.at = () => "object";
            out.push(f("abc"));
            delete Object.prototype.at;
            out.push(g("ab"), g("abc"), f(["array"]), g(new String("boxed")));
            console.log(out.join(" | "));
            """#) == "a | a | a | patched abc | undefined | object | 2AB | 3ABC | array | 5BOXED")
    }

    /// Inline caches hit on own properties and on the prototype (methods);
    /// every change that could alter the result must miss: shadowing,
    /// replacing or redefining the prototype's property, a new prototype,
    /// a dictionary-mode prototype changing, and the keys arrays and strings
    /// answer outside their shape (`length`).
    @Test func inlineCachesFollowEveryChange() {
        #expect(runJS(#"""
            function read(o) { return o.m; }
            function call(o) { return o.f(); }
            class A { f() { return "A.f"; } }
            const a = new A(), b = new A();
            const out = [];
            for (let i = 0; i < 3; i++) out.push(call(a));
            b.f = () => "own";                       // shadowing on another object of the same class
            out.push(call(b), call(a));
            A.prototype.f = function () { return "A.f2"; };  // method replaced on the prototype
            out.push(call(a));
            Object.defineProperty(A.prototype, "f", { get() { return () => "getter"; }, configurable: true });
            out.push(call(a));
            class B { f() { return "B.f"; } }
            Object.setPrototypeOf(a, B.prototype);   // prototype swapped
            out.push(call(a));
            const base = { m: "grand" }, mid = Object.create(base), leaf = Object.create(mid);
            out.push(read(leaf));
            mid.m = "mid";
            out.push(read(leaf));
            delete mid.m;
            out.push(read(leaf));
            const big = {};
            for (let i = 0; i < 100; i++) big["k" + i] = i;   // a dictionary-mode prototype
            big.m = "dict";
            const child = Object.create(big);
            for (let i = 0; i < 3; i++) out.push(read(child));
            big.m = "dict2";
            out.push(read(child));
            delete big.m;
            out.push(read(child));
            const arr = [1, 2, 3];
            function len(x) { return x.length; }
            function push(x) { return x.push; }
            out.push(len(arr), len({ length: 7 }), len("abcd"), push(arr) === Array.prototype.push);
            const saved = Array.prototype.push;
            Array.prototype.push = function () { return "patched"; };
            out[out.length] = arr.push(4);
            out[out.length] = arr.length;
            Array.prototype.push = saved;
            out.push(arr.push(4), arr.length);
            console.log(out.join(" | "));
            """#) == "A.f | A.f | A.f | own | A.f | A.f2 | getter | B.f | grand | mid | grand | dict | dict | dict | dict2 |  | 3 | 7 | 4 | true | patched | 3 | 4 | 4")
    }

    @Test func closuresShareCells() {
        let source = #"""
        function counter() { let n = 0; return { inc: () => ++n, get: () => n }; }
        const c = counter(); c.inc(); c.inc(); console.log(c.get());
        const fs = []; for (let i = 0; i < 3; i++) fs.push(() => i); console.log(fs.map(f => f()).join());
        var vs = []; for (var j = 0; j < 3; j++) vs.push(() => j); console.log(vs.map(f => f()).join());
        """#
        #expect(runJS(source) == #"""
        2
        0,1,2
        3,3,3
        """#)
    }

    @Test func tdzAndConst() {
        let source = #"""
        try { x; let x = 1; } catch (e) { console.log(e.name, e.message); }
        const k = 1; try { k = 2; } catch (e) { console.log(e.name, e.message); }
        """#
        #expect(runJS(source) == #"""
        ReferenceError Cannot access 'x' before initialization
        TypeError Assignment to constant variable.
        """#)
    }

    @Test func labelsAndSwitch() {
        let source = #"""
        outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; console.log(i, j); } }
        function s(x) { switch (x) { case 1: return 'one'; case 2: case 3: return 'few'; default: return 'many'; } }
        console.log(s(1), s(3), s(9));
        """#
        #expect(runJS(source) == #"""
        0 0
        1 0
        one few many
        """#)
    }

    @Test func tryFinallyOrder() {
        let source = #"""
        function f() { try { return 'try'; } finally { console.log('finally runs'); } }
        console.log(f());
        function g() { for (let i = 0; i < 3; i++) { try { if (i === 1) break; } finally { console.log('fin', i); } } return 'done'; }
        console.log(g());
        try { try { throw new Error('inner'); } finally { console.log('cleanup'); } } catch (e) { console.log('caught', e.message); }
        """#
        #expect(runJS(source) == #"""
        finally runs
        try
        fin 0
        fin 1
        done
        cleanup
        caught inner
        """#)
    }

    @Test func classesAndSuper() {
        let source = #"""
        class A { constructor(x) { this.x = x; } who() { return 'A' + this.x; } static make() { return new this(7); } get double() { return this.x * 2; } }
        class B extends A { constructor(x) { super(x + 1); this.y = 1; } who() { return 'B>' + super.who(); } }
        const b = B.make(); console.log(b.who(), b.double, b instanceof A, Object.getPrototypeOf(b) === B.prototype);
        class E extends Error { constructor(m) { super(m); this.name = 'E'; } }
        try { throw new E('bad'); } catch (e) { console.log(e.name, e.message, e instanceof Error, e instanceof E); }
        class F { count = 3; static tag = 'f'; }
        console.log(new F().count, F.tag);
        """#
        #expect(runJS(source) == #"""
        B>A8 16 true true
        E bad true true
        3 f
        """#)
    }

    @Test func destructuring() {
        let source = #"""
        const { a, b: { c = 5 } = {}, ...rest } = { a: 1, d: 4, e: 5 };
        console.log(a, c, JSON.stringify(rest));
        const [p, , q = 3, ...r] = [1, 2, undefined, 4, 5];
        console.log(p, q, r.join());
        let m = 1, n = 2; [m, n] = [n, m]; console.log(m, n);
        function f({ x, y = 2 } = {}, [z] = [9]) { return x + y + z; }
        console.log(f({ x: 1 }), f(undefined, [1]));
        for (const [k, v] of new Map([['a', 1], ['b', 2]])) console.log(k, v);
        """#
        #expect(runJS(source) == #"""
        1 5 {"d":4,"e":5}
        1 3 4,5
        2 1
        12 NaN
        a 1
        b 2
        """#)
    }

    @Test func spreadRestArguments() {
        let source = #"""
        function sum(...xs) { return xs.reduce((s, x) => s + x, 0); }
        console.log(sum(...[1, 2, 3], 4));
        function args() { return arguments.length + ':' + Array.prototype.join.call(arguments, '-'); }
        console.log(args(1, 2, 3));
        console.log(Math.max.apply(null, [3, 9, 2]), Math.max.call(null, 1, 5));
        const o = { ...{ a: 1 }, b: 2 }; console.log(JSON.stringify(o), [...'hey'].join('|'));
        function nt() { return new.target === undefined ? 'call' : 'new'; } console.log(nt(), new nt() instanceof nt);
        """#
        #expect(runJS(source) == #"""
        10
        3:1-2-3
        9 5
        {"a":1,"b":2} h|e|y
        call true
        """#)
    }

    @Test func optionalAndNullish() {
        let source = #"""
        const o = { a: { b: () => 42 }, z: 0 };
        console.log(o?.a?.b(), o.x?.y, o.x?.(), o.a.c?.d.e, o.z ?? 'def', o.q ?? 'def');
        let u; u ??= 5; let v = 0; v ||= 7; let w = 1; w &&= 9; console.log(u, v, w);
        """#
        #expect(runJS(source) == #"""
        42 undefined undefined undefined 0 def
        5 7 9
        """#)
    }

    @Test func operators() {
        let source = #"""
        console.log(2 ** 10, 7 % -3, -7 % 3, 1 / 0, -1 / 0, 0 / 0);
        console.log(5 >>> 1, -5 >>> 28, -5 >> 1, 1 << 31, ~5, 5 & 3, 5 | 3, 5 ^ 3);
        console.log('3' * '4', '3' + 4, 3 + 4 + '5', null + 1, undefined + 1, true + true);
        console.log(null == undefined, null === undefined, '1' == 1, 0 == '', NaN == NaN, [1] == 1);
        console.log(typeof null, typeof undefined, typeof (() => 1), typeof Symbol());
        console.log('b' > 'a', 'B' < 'a', [2] > 1, null >= 0, undefined >= 0);
        let i = 5; console.log(i++, i, ++i, i--, --i);
        const obj = { k: 1 }; console.log('k' in obj, delete obj.k, 'k' in obj, void 0);
        """#
        #expect(runJS(source) == #"""
        1024 1 -1 Infinity -Infinity NaN
        2 15 -3 -2147483648 -6 1 7 6
        12 34 75 1 NaN 2
        true false true true false true
        object undefined function symbol
        true true true true false
        5 6 7 7 5
        true true false undefined
        """#)
    }

    @Test func asyncOrdering() {
        let source = #"""
        const log = [];
        async function a() { log.push('a1'); await null; log.push('a2'); }
        a(); Promise.resolve().then(() => log.push('p1')).then(() => log.push('p2'));
        queueMicrotask(() => log.push('m'));
        log.push('sync');
        await new Promise((r) => r());
        await null; await null;
        console.log(log.join(' '));
        const results = await Promise.allSettled([Promise.resolve(1), Promise.reject(new Error('no')), 3]);
        console.log(results.map(r => r.status + ':' + (r.value ?? r.reason.message)).join(','));
        console.log(await Promise.race([new Promise(() => {}), Promise.resolve('fast')]));
        try { await Promise.any([Promise.reject(1), Promise.reject(2)]); } catch (e) { console.log(e.name, e.errors.join()); }
        """#
        #expect(runJS(source) == #"""
        a1 sync a2 p1 m p2
        fulfilled:1,rejected:no,fulfilled:3
        fast
        AggregateError 1,2
        """#)
    }

    @Test func asyncErrors() {
        let source = #"""
        async function boom() { await null; throw new TypeError('late'); }
        try { await boom(); } catch (e) { console.log('caught', e.name, e.message); }
        const p = boom(); p.catch((e) => console.log('catch handler', e.message));
        await p.then(() => {}, () => {});
        console.log(await (async () => { try { await Promise.reject(new Error('x')); } catch (e) { return 'recovered ' + e.message; } finally { console.log('finally'); } })());
        """#
        #expect(runJS(source) == #"""
        caught TypeError late
        catch handler late
        finally
        recovered x
        """#)
    }

    @Test func iteratorsProtocol() {
        let source = #"""
        const it = { from: 1, to: 4, [Symbol.iterator]() { let c = this.from, t = this.to; return { next: () => c <= t ? { value: c++, done: false } : { value: undefined, done: true }, return() { console.log('closed'); return {}; } }; } };
        console.log([...it].join());
        for (const x of it) { if (x === 2) break; console.log('x', x); }
        const [first, second] = it; console.log(first, second);
        for (const k in { a: 1, b: 2, __proto__: { c: 3 } }) console.log('key', k);
        """#
        #expect(runJS(source) == #"""
        1,2,3,4
        x 1
        closed
        closed
        1 2
        key a
        key b
        key c
        """#)
    }

    @Test func recursionLimit() {
        let source = #"""
        function deep(n) { return deep(n + 1) + 1; }
        try { deep(0); } catch (e) { console.log(e instanceof RangeError, e.message); }
        """#
        #expect(runJS(source) == #"""
        true Maximum call stack size exceeded
        """#)
    }

    @Test func templatesAndTags() {
        let source = #"""
        const n = 3; console.log(`a${n}b${n * 2}c`, `multi
        line`);
        function tag(s, ...v) { return s.raw.join('|') + '/' + v.join(','); }
        console.log(tag`x${1}y\n${2}z`);
        """#
        #expect(runJS(source) == #"""
        a3b6c multi
        line
        x|y\n|z/1,2
        """#)
    }

    @Test func forOfClosesIteratorOnThrow() {
        let source = #"""
        let closed = 0;
        const it = { [Symbol.iterator]() { return { next: () => ({ value: 1, done: false }), return() { closed++; return {}; } }; } };
        try { for (const x of it) throw new Error('inside'); } catch (e) { console.log(e.message, closed); }
        for (const x of it) { try { throw 1; } catch { console.log('caught inside, still open', closed); } break; }
        console.log(closed);
        """#
        #expect(runJS(source) == #"""
        inside 1
        caught inside, still open 1
        2
        """#)
    }

    @Test func topLevelTryCatchesGlobalReferenceError() {
        let source = #"""
        try { notDefinedAnywhere; } catch (e) { console.log(e.name, e.message); }
        try { let q = alsoMissing; } catch (e) { console.log(e.name); }
        """#
        #expect(runJS(source) == #"""
        ReferenceError notDefinedAnywhere is not defined
        ReferenceError
        """#)
    }

    @Test func protoInObjectLiteral() {
        let source = #"""
        const base = { greet() { return 'hi ' + this.name; } };
        const o = { __proto__: base, name: 'ann' };
        console.log(o.greet(), Object.getPrototypeOf(o) === base, Object.keys(o).join());
        const k = '__proto__'; const p = { [k]: 1 }; console.log(Object.keys(p).join(), Object.getPrototypeOf(p) === Object.prototype);
        """#
        #expect(runJS(source) == #"""
        hi ann true name
        __proto__ true
        """#)
    }

    @Test func argumentsAreIterable() {
        let source = #"""
        function f() { return [...arguments].join('+'); }
        function g() { let s = 0; for (const x of arguments) s += x; return s; }
        console.log(f(1, 2, 3), g(4, 5));
        """#
        #expect(runJS(source) == #"""
        1+2+3 9
        """#)
    }

    @Test func asyncFunctionPrototype() {
        let source = #"""
        async function af() {}
        const AsyncFunction = Object.getPrototypeOf(af).constructor;
        console.log(AsyncFunction.name, af instanceof AsyncFunction, af instanceof Function, Object.prototype.toString.call(af));
        """#
        #expect(runJS(source) == #"""
        AsyncFunction true true [object AsyncFunction]
        """#)
    }

}
