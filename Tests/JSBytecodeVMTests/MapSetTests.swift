import Testing
@testable import JSBytecodeVM

@Suite struct MapSetTests {
    @Test func mapBasics() {
        #expect(runJS(#"""
            const m = new Map();
            console.log(m.set("a", 1) === m, m.set("b", 2).size, m.get("a"), m.get("z"), m.has("b"), m.has("z"));
            console.log(m.delete("a"), m.delete("a"), m.size, m.get("a"));
            m.clear();
            console.log(m.size, m.has("b"), m.clear());
            """#) == #"""
            true 2 1 undefined true false
            true false 1 undefined
            0 false undefined
            """#)
    }

    @Test func mapKeyEquality() {
        #expect(runJS(#"""
            const m = new Map([[NaN, "nan"], [0, "zero"], ["1", "str"], [1, "num"]]);
            console.log(m.get(NaN), m.get(-0), m.has(+0), m.get("1"), m.get(1), m.size);
            m.set(-0, "negzero");
            console.log(m.size, [...m.keys()].map(k => Object.is(k, -0)).join(), m.get(0));
            const k1 = {}, k2 = {};
            m.set(k1, "o1").set(k2, "o2");
            console.log(m.get(k1), m.get(k2), m.get({}), m.has(k1));
            const s1 = "ab" + "c";
            m.set(s1, "abc");
            console.log(m.get("abc"), m.get(["a", "b", "c"].join("")));
            m.set(undefined, "u").set(null, "n").set(true, "t");
            console.log(m.get(undefined), m.get(null), m.get(true), m.get(false), m.get());
            """#) == #"""
            nan zero true str num 4
            4 false,false,false,false negzero
            o1 o2 undefined true
            abc abc
            u n t undefined u
            """#)
    }

    @Test func mapOrder() {
        #expect(runJS(#"""
            const m = new Map([["x", 1], ["y", 2], ["z", 3]]);
            m.delete("x");
            m.set("x", 4);
            m.set("y", 5);
            console.log([...m.keys()].join(), [...m.values()].join(), [...m.entries()].map(e => e.join(":")).join(), [...m].length);
            console.log(m[Symbol.iterator] === m.entries, Map.prototype[Symbol.iterator] === Map.prototype.entries);
            """#) == #"""
            y,z,x 5,3,4 y:5,z:3,x:4 3
            true true
            """#)
    }

    @Test func mapIterationMutation() {
        #expect(runJS(#"""
            const m = new Map([[1, "a"], [2, "b"], [3, "c"]]);
            const seen = [];
            for (const [k, v] of m) {
              seen.push(k + v);
              if (k === 1) { m.delete(2); m.set(4, "d"); }
              if (k === 3) m.set(1, "again");
            }
            console.log(seen.join(), m.size);
            const it = m.keys();
            m.clear();
            m.set("new", 1);
            console.log(it.next().value, it.next().done);
            """#) == #"""
            1a,3c,4d 3
            new true
            """#)
    }

    @Test func mapForEach() {
        #expect(runJS(#"""
            const m = new Map([["a", 1], ["b", 2]]);
            const out = [];
            m.forEach(function (v, k, map) { out.push(k + "=" + v + ":" + (map === m) + ":" + this.tag); }, { tag: "T" });
            console.log(out.join(" "));
            const order = [];
            m.forEach((v, k) => { order.push(k); if (k === "a") { m.delete("b"); m.set("c", 3); } });
            console.log(order.join(), m.forEach(() => 0));
            """#) == #"""
            a=1:true:T b=2:true:T
            a,c undefined
            """#)
    }

    @Test func mapConstructorIterables() {
        #expect(runJS(#"""
            const src = new Map([[1, 2]]);
            console.log(new Map(src).get(1), new Map(null).size, new Map(undefined).size, new Map([]).size);
            console.log(new Map(src.entries()).size, new Map([["k", "v"]].values()).get("k"));
            const it = { [Symbol.iterator]() { let i = 0; return { next: () => i < 2 ? { value: ["k" + i, i++], done: false } : { done: true } }; } };
            const m = new Map(it);
            console.log(m.size, m.get("k1"), [...new Map([[1, , ], [2]])].map(e => e.join("/")).join());
            console.log(new Map(Object.entries({ a: 1, b: 2 })).get("b"), new Map([{ 0: "x", 1: "y" }]).get("x"));
            """#) == #"""
            2 0 0 0
            1 v
            2 1 1/,2/
            2 y
            """#)
    }

    @Test func mapConstructorErrors() {
        #expect(runJS(#"""
            const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name + ": " + e.message); } };
            t(() => Map());
            t(() => new Map([1]));
            t(() => new Map(["ab"]));
            t(() => new Map([[1, 2], 3]));
            let closed = false;
            const it = { [Symbol.iterator]() { return { next: () => ({ value: 5, done: false }), return() { closed = true; return {}; } }; } };
            t(() => new Map(it));
            console.log(closed);
            """#) == #"""
            TypeError: Constructor Map requires 'new'
            TypeError: Iterator value 1 is not an entry object
            TypeError: Iterator value ab is not an entry object
            TypeError: Iterator value 3 is not an entry object
            TypeError: Iterator value 5 is not an entry object
            true
            """#)
    }

    @Test func mapReceiverErrors() {
        #expect(runJS(#"""
            const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name + ": " + e.message); } };
            t(() => Map.prototype.get.call({}, 1));
            t(() => Map.prototype.set.call(new Set(), 1, 2));
            t(() => Map.prototype.has.call([], 1));
            t(() => Map.prototype.get.call(1, 1));
            t(() => Object.getOwnPropertyDescriptor(Map.prototype, "size").get.call({}));
            t(() => Map.prototype.forEach.call({}, x => x));
            t(() => new Map().forEach(1));
            t(() => new Map().forEach({}));
            t(() => new Map().forEach("x"));
            t(() => new Map().forEach(null));
            t(() => Map.prototype.keys.call(new Set()));
            """#) == #"""
            TypeError: Method Map.prototype.get called on incompatible receiver #<Object>
            TypeError: Method Map.prototype.set called on incompatible receiver #<Set>
            TypeError: Method Map.prototype.has called on incompatible receiver [object Array]
            TypeError: Method Map.prototype.get called on incompatible receiver 1
            TypeError: Method get Map.prototype.size called on incompatible receiver #<Object>
            TypeError: Method Map.prototype.forEach called on incompatible receiver #<Object>
            TypeError: number 1 is not a function
            TypeError: object is not a function
            TypeError: string "x" is not a function
            TypeError: object null is not a function
            TypeError: Method Map.prototype.keys called on incompatible receiver #<Set>
            """#)
    }

    @Test func mapShape() {
        #expect(runJS(#"""
            console.log(typeof Map, Map.name, Map.length, Map.prototype.constructor === Map, Object.prototype.toString.call(new Map()), String(new Map()));
            console.log(["get", "set", "has", "delete", "clear", "forEach", "keys", "values", "entries"].map(n => n + "/" + Map.prototype[n].length).join(" "));
            const d = Object.getOwnPropertyDescriptor(Map.prototype, "size");
            console.log(typeof d.get, d.set, d.enumerable, d.configurable, d.get.name, Object.keys(Map.prototype).length);
            console.log(new Map() instanceof Map, Object.getPrototypeOf(new Map()) === Map.prototype, Map.prototype[Symbol.toStringTag]);
            """#) == #"""
            function Map 0 true [object Map] [object Map]
            get/1 set/2 has/1 delete/1 clear/0 forEach/1 keys/0 values/0 entries/0
            function undefined false true get size 0
            true true Map
            """#)
    }

    @Test func mapSubclass() {
        #expect(runJS(#"""
            class Counter extends Map {
              add(k) { this.set(k, (this.get(k) || 0) + 1); return this; }
            }
            const c = new Counter([["a", 5]]);
            c.add("a").add("b");
            console.log(c.get("a"), c.get("b"), c.size, c instanceof Map, c instanceof Counter);
            class Logged extends Map {
              set(k, v) { return super.set(k, v * 2); }
            }
            console.log(new Logged([["x", 1]]).get("x"));
            """#) == #"""
            6 1 2 true true
            2
            """#)
    }

    @Test func setBasics() {
        #expect(runJS(#"""
            const s = new Set();
            console.log(s.add(1) === s, s.add(2).add(2).add("2").size, s.has(2), s.has("2"), s.has(3));
            console.log(s.delete(2), s.delete(2), s.size, [...s].join());
            s.clear();
            console.log(s.size, s.add(NaN).has(NaN), s.add(-0).has(0), Object.is([...s][1], -0));
            """#) == #"""
            true 3 true true false
            true false 2 1,2
            0 true true false
            """#)
    }

    @Test func setOrderAndIteration() {
        #expect(runJS(#"""
            const s = new Set(["a", "b", "c"]);
            s.delete("a");
            s.add("a");
            console.log([...s].join(), [...s.keys()].join(), [...s.values()].join(), [...s.entries()].map(e => e.join(":")).join());
            console.log(Set.prototype.keys === Set.prototype.values, Set.prototype[Symbol.iterator] === Set.prototype.values);
            const seen = [];
            for (const v of s) { seen.push(v); if (v === "b") { s.delete("c"); s.add("d"); } }
            console.log(seen.join());
            """#) == #"""
            b,c,a b,c,a b,c,a b:b,c:c,a:a
            true true
            b,a,d
            """#)
    }

    @Test func setConstructorIterables() {
        #expect(runJS(#"""
            console.log(new Set([1, "1", 1.0, NaN, NaN, 0, -0]).size, new Set("hello").size, [...new Set("hello")].join(""));
            console.log(new Set(new Set([1, 2])).size, new Set(new Map([[1, 2]])).size, [...new Set(new Map([[1, 2]]))][0].join(), new Set([1, , 3]).has(undefined));
            console.log(new Set([1, 2].values()).size, new Set(null).size, new Set().size);
            """#) == #"""
            4 4 helo
            2 1 1,2 true
            2 0 0
            """#)
    }

    @Test func setForEach() {
        #expect(runJS(#"""
            const s = new Set(["x", "y"]);
            const out = [];
            s.forEach(function (v, k, set) { out.push(v + k + (set === s) + this.n); }, { n: 1 });
            console.log(out.join());
            const order = [];
            s.forEach((v) => { order.push(v); if (v === "x" && order.length === 1) { s.delete("x"); s.add("x"); } });
            console.log(order.join());
            """#) == #"""
            xxtrue1,yytrue1
            x,y,x
            """#)
    }

    @Test func setErrors() {
        #expect(runJS(#"""
            const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name + ": " + e.message); } };
            t(() => Set());
            t(() => new Set(5));
            t(() => Set.prototype.add.call(new Map(), 1));
            t(() => Set.prototype.has.call(null, 1));
            t(() => new Set().forEach(true));
            t(() => new Set().forEach(undefined));
            t(() => new Set().forEach(2));
            """#) == #"""
            TypeError: Constructor Set requires 'new'
            TypeError: number 5 is not iterable (cannot read property Symbol(Symbol.iterator))
            TypeError: Method Set.prototype.add called on incompatible receiver #<Map>
            TypeError: Method Set.prototype.has called on incompatible receiver null
            TypeError: boolean true is not a function
            TypeError: undefined is not a function
            TypeError: number 2 is not a function
            """#)
    }

    @Test func setShape() {
        #expect(runJS(#"""
            console.log(typeof Set, Set.name, Set.length, Set.prototype.constructor === Set, Object.prototype.toString.call(new Set()), Set.prototype[Symbol.toStringTag]);
            console.log(["add", "has", "delete", "clear", "forEach", "values", "entries", "keys"].map(n => n + "/" + Set.prototype[n].length).join(" "));
            class Tags extends Set { list() { return [...this].join("+"); } }
            console.log(new Tags(["a", "b"]).list(), new Tags() instanceof Set);
            """#) == #"""
            function Set 0 true [object Set] Set
            add/1 has/1 delete/1 clear/0 forEach/1 values/0 entries/0 keys/0
            a+b true
            """#)
    }

    @Test func setManyEntries() {
        #expect(runJS(#"""
            const s = new Set();
            for (let i = 0; i < 10000; i++) s.add(i % 1000);
            for (let i = 0; i < 1000; i += 2) s.delete(i);
            let sum = 0;
            for (const v of s) sum += v;
            console.log(s.size, sum, s.has(1), s.has(2));
            const m = new Map();
            for (let i = 0; i < 3000; i++) m.set("k" + i, i);
            for (let i = 0; i < 3000; i++) if (i % 3) m.delete("k" + i);
            m.set("k1", "back");
            console.log(m.size, m.get("k2999"), m.get("k3"), [...m.keys()].pop());
            """#) == #"""
            500 250000 true false
            1001 undefined 3 k1
            """#)
    }
}
