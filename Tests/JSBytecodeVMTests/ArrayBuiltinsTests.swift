import Testing
@testable import JSBytecodeVM

@Suite struct ArrayBuiltinsTests {
    @Test func constructorForms() {
        #expect(runJS(#"""
            console.log(Array(3).length, new Array(3).length, Array(1, 2).join(), new Array("3").length, Array().length, Array.of(7).length);
            console.log(String(new Array(2)), 0 in new Array(2), Array(3).fill(0).join("-"));
            """#) == #"""
            3 3 1,2 1 0 1
            , false 0-0-0
            """#)
    }

    /// Numeric keys that are no array index (huge, negative, fractional,
    /// non-finite) are properties; the element fast paths must not trap
    /// converting them to an integer.
    @Test func numericKeysOutsideTheIndexRange() {
        #expect(runJS(#"""
            const a = [10, 20, 30];
            const keys = [1.888e77, -1e20, 1e300, 2 ** 32, 2 ** 32 - 1, 2 ** 53, -(2 ** 63), 2 ** 63, 1.5, -0, NaN, Infinity, -Infinity];
            for (const k of keys) a[k] = String(k);
            console.log(keys.map(k => a[k]).join());
            console.log(a.length, Object.keys(a).length, a[0], a[1]);
            """#) == #"""
            1.888e+77,-100000000000000000000,1e+300,4294967296,4294967295,9007199254740992,-9223372036854776000,9223372036854776000,1.5,0,NaN,Infinity,-Infinity
            3 15 0 20
            """#)
    }

    @Test func constructorInvalidLength() {
        #expect(runJS(#"""
            for (const n of [-1, 1.5, 2 ** 32, NaN]) {
              try { new Array(n); } catch (e) { console.log(e.name + ": " + e.message); }
            }
            """#) == #"""
            RangeError: Invalid array length
            RangeError: Invalid array length
            RangeError: Invalid array length
            RangeError: Invalid array length
            """#)
    }

    @Test func isArrayAndOf() {
        #expect(runJS(#"""
            console.log(Array.isArray([]), Array.isArray({ length: 0 }), Array.isArray(Array.prototype), Array.isArray("a"));
            console.log(Array.of(1, 2, 3).join(), Array.of().length, Array.of(undefined).length);
            """#) == #"""
            true false true false
            1,2,3 0 1
            """#)
    }

    @Test func arrayFromIterables() {
        #expect(runJS(#"""
            console.log(Array.from("a𝒳b").length, Array.from("abc").join("|"));
            console.log(Array.from(new Set([1, 2, 2, 3])).join(), Array.from(new Map([[1, "a"], [2, "b"]])).join(";"));
            console.log(Array.from({ length: 3 }, (_, i) => i * 10).join(), Array.from({ length: 2, 0: "x", 1: "y" }).join());
            console.log(Array.from([1, 2, 3], function (x) { return x * this.k; }, { k: 3 }).join());
            console.log(Array.from([1, , 3]).length, 1 in Array.from([1, , 3]), Array.from(5).length);
            """#) == #"""
            3 a|b|c
            1,2,3 1,a;2,b
            0,10,20 x,y
            3,6,9
            3 true 0
            """#)
    }

    @Test func arrayFromCustomIterable() {
        #expect(runJS(#"""
            const it = { [Symbol.iterator]() { let i = 0; return { next: () => ({ value: i, done: i++ >= 3 }) }; } };
            console.log(Array.from(it).join(), Array.from(it, x => x + 1).join());
            """#) == #"0,1,2 1,2,3"#)
    }

    @Test func arrayFromErrors() {
        #expect(runJS(#"""
            for (const f of [() => Array.from(null), () => Array.from(undefined), () => Array.from([], 3)]) {
              try { f(); } catch (e) { console.log(e.name + ": " + e.message); }
            }
            """#) == #"""
            TypeError: object null is not iterable (cannot read property Symbol(Symbol.iterator))
            TypeError: undefined is not iterable (cannot read property Symbol(Symbol.iterator))
            TypeError: 3 is not a function
            """#)
    }

    @Test func atMethod() {
        #expect(runJS(#"""
            const a = [10, 20, 30];
            console.log(a.at(0), a.at(-1), a.at(3), a.at(-4), a.at(1.7), a.at("1"), [].at(0));
            """#) == #"10 30 undefined undefined 20 20 undefined"#)
    }

    @Test func concatBasics() {
        #expect(runJS(#"""
            const a = [1, 2];
            console.log(a.concat(3, [4, 5], [[6]]).length, a.concat().join(), a.concat("x", [], [null]).join());
            console.log([1, , 3].concat([4, , 6]).length, 1 in [1, , 3].concat([]), a.length);
            """#) == #"""
            6 1,2 1,2,x,
            6 false 2
            """#)
    }

    @Test func concatSpreadable() {
        #expect(runJS(#"""
            const o = { length: 2, 0: "a", 1: "b", [Symbol.isConcatSpreadable]: true };
            const b = [9, 8];
            b[Symbol.isConcatSpreadable] = false;
            console.log([0].concat(o).join(), [0].concat(b).length, [0].concat({ length: 1, 0: "z" }).length);
            """#) == #"0,a,b 2 2"#)
    }

    @Test func copyWithinMethod() {
        #expect(runJS(#"""
            console.log([1, 2, 3, 4, 5].copyWithin(0, 3).join(), [1, 2, 3, 4, 5].copyWithin(1, 0, 3).join(), [1, 2, 3, 4, 5].copyWithin(-2, 0).join());
            console.log(Array.prototype.copyWithin.call({ length: 5, 3: 1 }, 0, 3).length);
            """#) == #"""
            4,5,3,4,5 1,1,2,3,5 1,2,3,1,2
            5
            """#)
    }

    @Test func entriesKeysValues() {
        #expect(runJS(#"""
            const a = ["x", "y"];
            console.log([...a.entries()].join(";"), [...a.keys()].join(), [...a.values()].join());
            console.log(a[Symbol.iterator] === a.values, Array.prototype[Symbol.iterator] === Array.prototype.values);
            const it = a.entries();
            const r1 = it.next(), r2 = it.next(), r3 = it.next(), r4 = it.next();
            console.log(r1.value.join(), r1.done, r2.done, r3.value, r3.done, r4.done);
            """#) == #"""
            0,x;1,y 0,1 x,y
            true true
            0,x false false undefined true true
            """#)
    }

    @Test func iteratorSeesLiveArray() {
        #expect(runJS(#"""
            const a = [1, 2, 3];
            const out = [];
            for (const x of a) { out.push(x); if (x === 1) a.push(4); if (x === 3) a.length = 3; }
            console.log(out.join());
            const it = [1, 2, 3].values();
            console.log(it.next().value, Object.prototype.toString.call(it), typeof it[Symbol.iterator], it[Symbol.iterator]() === it);
            """#) == #"""
            1,2,3
            1 [object Array Iterator] function true
            """#)
    }

    @Test func iteratorOverHolesAndArguments() {
        #expect(runJS(#"""
            console.log([...[1, , 3]].join("|"), [...[, ,]].length);
            console.log([...Array.prototype.values.call({ length: 2, 0: "a", 1: "b" })].join(), [...Array.prototype.keys.call("ab")].join());
            """#) == #"""
            1||3 2
            a,b 0,1
            """#)
    }

    @Test func iterateArgumentsObject() {
        #expect(runJS(#"""
            function f() { return [...arguments].join() + ";" + Array.from(arguments).length; }
            console.log(f(1, 2, 3));
            """#) == #"1,2,3;3"#)
    }

    @Test func fillMethod() {
        #expect(runJS(#"""
            console.log([1, 2, 3, 4].fill(0).join(), [1, 2, 3, 4].fill(9, 1, 3).join(), [1, 2, 3, 4].fill(7, -1).join(), [1, 2, 3].fill(5, 3).join());
            console.log(Array.prototype.fill.call({ length: 2 }, "q")[1]);
            """#) == #"""
            0,0,0,0 1,9,9,4 1,2,3,7 1,2,3
            q
            """#)
    }

    @Test func flatMethod() {
        #expect(runJS(#"""
            console.log([1, [2, [3, [4]]]].flat().length, [1, [2, [3, [4]]]].flat(2).length, [1, [2, [3, [4]]]].flat(Infinity).join());
            console.log([1, , [2, , 3]].flat().length, [[1], [2]].flat(0).length, [[1], [2]].flat(-1).length);
            let deep = [1];
            for (let i = 0; i < 5000; i++) deep = [deep];
            console.log(deep.flat(Infinity).join());
            """#) == #"""
            3 4 1,2,3,4
            3 2 2
            1
            """#)
    }

    @Test func flatCyclic() {
        #expect(runJS(#"""
            const a = [1];
            a.push(a);
            try { a.flat(Infinity); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"RangeError: Maximum call stack size exceeded"#)
    }

    @Test func includesIndexOf() {
        #expect(runJS(#"""
            const a = [1, 2, NaN, 2, undefined, , "2"];
            console.log(a.includes(NaN), a.indexOf(NaN), a.includes(2, 4), a.indexOf(2), a.indexOf(2, 2), a.indexOf(2, -4), a.lastIndexOf(2), a.lastIndexOf(2, 2));
            console.log(a.includes(undefined), a.indexOf(undefined), [, ,].includes(undefined), [, ,].indexOf(undefined), a.indexOf("2"), a.lastIndexOf(7));
            console.log([1, 2, 3].indexOf(3, 5), [1, 2, 3].lastIndexOf(1, -5), [1, 2, 1].lastIndexOf(1, -1), [-0].includes(0), [0].indexOf(-0));
            console.log(Array.prototype.indexOf.call({ length: 3, 2: "z" }, "z"), Array.prototype.includes.call("abc", "c"));
            """#) == #"""
            true -1 false 1 3 3 3 1
            true 4 true -1 6 -1
            -1 -1 2 true 0
            2 true
            """#)
    }

    @Test func joinMethod() {
        #expect(runJS(#"""
            console.log([1, null, undefined, 2].join(), [1, 2].join(" - "), [].join(), [[1, 2], [3]].join(";"), [1, [2, [3, null]], undefined].join("-"));
            console.log([1, 2].join(undefined), [1, 2].join(null), [true, {}, "s"].join(), [1.5, -0, 1e21].join());
            """#) == #"""
            1,,,2 1 - 2  1,2;3 1-2,3,-
            1,2 1null2 true,[object Object],s 1.5,0,1e+21
            """#)
    }

    @Test func joinCycles() {
        #expect(runJS(#"""
            const a = [1, 2];
            a.push(a);
            const b = [a, "b"];
            a.push(b);
            console.log(a.join("-"), String(a), b.join());
            """#) == #"1-2--,b 1,2,,,b 1,2,,,b"#)
    }

    @Test func joinNested() {
        #expect(runJS(#"""
            let n = [1];
            for (let i = 0; i < 1000; i++) n = [n];
            console.log(n.join(), String([[], [[]], [null]]));
            """#) == #"1 ,,"#)
    }

    @Test func joinUsesToString() {
        #expect(runJS(#"""
            const o = { toString() { return "O"; } };
            const a = [1, 2];
            a.toString = () => "custom";
            console.log([o, o].join(), [a].join(), [a].toString(), String([a]));
            """#) == #"O,O custom custom custom"#)
    }

    @Test func toStringMethod() {
        #expect(runJS(#"""
            console.log([1, [2, 3]].toString(), String([]), `${[1, 2]}`, [1, 2] + "", Array.prototype.toString.call({ join: () => "J" }));
            console.log(Array.prototype.toString.call({}), Array.prototype.toString.call({ join: 1 }));
            """#) == #"""
            1,2,3  1,2 1,2 J
            [object Object] [object Object]
            """#)
    }

    @Test func popPushShiftUnshift() {
        #expect(runJS(#"""
            const s = [1, 2];
            console.log(s.push(3, 4), s.pop(), s.unshift(-1, 0), s.shift(), s.join(), s.length);
            console.log([].pop(), [].shift(), [].push(), [].unshift(), [1].unshift());
            const h = [, 1];
            console.log(h.shift(), h.length);
            """#) == #"""
            4 4 5 -1 0,1,2,3 4
            undefined undefined 0 0 1
            undefined 1
            """#)
    }

    @Test func genericPushPop() {
        #expect(runJS(#"""
            const o = { length: 1, 0: "a" };
            console.log(Array.prototype.push.call(o, "b", "c"), o.length, o[2]);
            console.log(Array.prototype.pop.call(o), o.length, 2 in o);
            const e = {};
            console.log(Array.prototype.pop.call(e), e.length);
            const u = { length: 2, 0: "x", 1: "y" };
            console.log(Array.prototype.unshift.call(u, "w"), u[0], u[2], Array.prototype.shift.call(u), u.length, u[1]);
            """#) == #"""
            3 3 c
            c 2 false
            undefined 0
            3 w y w 2 y
            """#)
    }

    @Test func frozenSealedErrors() {
        #expect(runJS(#"""
            const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name + ": " + e.message); } };
            t(() => Object.freeze([1]).push(2));
            t(() => Object.freeze([1]).pop());
            t(() => Object.seal([1, 2]).pop());
            t(() => Object.freeze([2, 1]).reverse());
            t(() => Object.freeze([2, 1]).fill(0));
            t(() => Object.freeze([2, 1]).splice(0, 1));
            t(() => Object.freeze([2, 1]).shift());
            t(() => Object.freeze([2, 1]).unshift(0));
            t(() => Object.freeze([2, 1]).sort());
            t(() => Object.seal([3, 1, 2]).sort().join());
            t(() => Object.seal([1, 2]).fill(0).join());
            """#) == #"""
            TypeError: Cannot add property 1, object is not extensible
            TypeError: Cannot delete property '0' of [object Array]
            TypeError: Cannot delete property '1' of [object Array]
            TypeError: Cannot assign to read only property '0' of object '[object Array]'
            TypeError: Cannot assign to read only property '0' of object '[object Array]'
            TypeError: Cannot assign to read only property '0' of object '[object Array]'
            TypeError: Cannot assign to read only property '0' of object '[object Array]'
            TypeError: Cannot add property 2, object is not extensible
            TypeError: Cannot assign to read only property '0' of object '[object Array]'
            1,2,3
            0,0
            """#)
    }

    @Test func reverseMethod() {
        #expect(runJS(#"""
            console.log([1, 2, 3].reverse().join(), [1, 2, 3, 4].reverse().join(), [].reverse().length);
            const h = [1, , 3, , ];
            h.reverse();
            console.log(h.length, 0 in h, 1 in h, 2 in h, h[2]);
            const o = { length: 3, 0: "a", 2: "c" };
            Array.prototype.reverse.call(o);
            console.log(o[0], 1 in o, o[2]);
            """#) == #"""
            3,2,1 4,3,2,1 0
            4 false true false undefined
            c false a
            """#)
    }

    @Test func sliceMethod() {
        #expect(runJS(#"""
            const a = [1, 2, 3, 4, 5];
            console.log(a.slice().join(), a.slice(2).join(), a.slice(-2).join(), a.slice(1, -1).join(), a.slice(3, 1).length, a.slice(-10, 2).join());
            console.log([1, , 3].slice(0, 2).length, 1 in [1, , 3].slice(), a.slice(1.5, "3").join(), a.slice(Infinity).length, a.slice(0, -Infinity).length);
            function f() { return Array.prototype.slice.call(arguments, 1); }
            console.log(f(1, 2, 3).join(), Array.isArray(f()), Array.prototype.slice.call("abc", 1).join(), Array.prototype.slice.call({ length: 2, 1: "b" }).length);
            """#) == #"""
            1,2,3,4,5 3,4,5 4,5 2,3,4 0 1,2
            2 false 2,3 0 0
            2,3 true b,c 2
            """#)
    }

    @Test func spliceMethod() {
        #expect(runJS(#"""
            const a = [1, 2, 3, 4, 5];
            console.log(a.splice(1, 2).join(), a.join());
            console.log(a.splice(1, 0, "x", "y").length, a.join());
            console.log(a.splice(-2).join(), a.join());
            console.log(a.splice().length, a.splice(undefined).join(), a.length);
            const b = [1, 2, 3];
            console.log(b.splice(1, 1, "a", "b", "c").join(), b.join(), b.splice(0, -1).length, b.splice(1, Infinity).join(), b.join());
            const o = { length: 4, 0: "a", 1: "b", 2: "c", 3: "d" };
            console.log(Array.prototype.splice.call(o, 1, 2, "X").join(), o.length, o[0], o[1], o[2], 3 in o);
            const p = { length: 2, 0: "a", 1: "b" };
            Array.prototype.splice.call(p, 1, 0, "m", "n");
            console.log(p.length, p[0], p[1], p[2], p[3]);
            """#) == #"""
            2,3 1,4,5
            0 1,x,y,4,5
            4,5 1,x,y
            0 1,x,y 0
            2 1,a,b,c,3 0 a,b,c,3 1
            b,c 3 a X d false
            4 a m n b
            """#)
    }

    @Test func nullReceiverMessages() {
        #expect(runJS(#"""
            for (const m of ["map", "forEach", "slice", "concat", "indexOf", "push", "join", "sort", "filter", "reduce"]) {
              try { Array.prototype[m].call(null, () => 0); } catch (e) { console.log(m, e.name); }
            }
            """#) == #"""
            map TypeError
            forEach TypeError
            slice TypeError
            concat TypeError
            indexOf TypeError
            push TypeError
            join TypeError
            sort TypeError
            filter TypeError
            reduce TypeError
            """#)
    }

    @Test func forEachMethod() {
        #expect(runJS(#"""
            const out = [];
            [1, , 3].forEach((v, i, arr) => out.push(v + "@" + i + ":" + arr.length));
            console.log(out.join(" "));
            const ctx = { n: 0 };
            [1, 2].forEach(function (v) { this.n += v; }, ctx);
            console.log(ctx.n, [1].forEach(() => 1));
            """#) == #"""
            1@0:3 3@2:3
            3 undefined
            """#)
    }

    @Test func callbacksSeeMutation() {
        #expect(runJS(#"""
            const a = [1, 2, 3, 4];
            const seen = [];
            a.forEach((v, i) => { seen.push(v); if (i === 0) { a.pop(); delete a[1]; } });
            console.log(seen.join(), a.length);
            const b = [1, 2];
            console.log(b.map((v) => { b.push(9); return v * 2; }).join(), b.length);
            """#) == #"""
            1,3 3
            2,4 4
            """#)
    }

    @Test func mapFilterMethods() {
        #expect(runJS(#"""
            console.log([1, 2, 3].map(x => x * 2).join(), [1, , 3].map(x => x * 2).length, 1 in [1, , 3].map(x => x), ["1", "2", "3"].map(Number).join("+"));
            console.log([1, 2, 3, 4].filter(x => x % 2).join(), [1, , 3].filter(() => true).length, [0, "", null, 1].filter(Boolean).length);
            console.log(Array.prototype.map.call("abc", c => c.toUpperCase()).join(""), Array.prototype.filter.call({ length: 3, 0: 1, 2: 3 }, x => x).join());
            """#) == #"""
            2,4,6 3 false 1+2+3
            1,3 2 1
            ABC 1,3
            """#)
    }

    @Test func someEveryMethods() {
        #expect(runJS(#"""
            console.log([1, 2, 3].some(x => x > 2), [1, 2, 3].some(x => x > 5), [].some(() => true), [1, 2].every(x => x > 0), [1, 2].every(x => x > 1), [].every(() => false));
            let calls = 0;
            [, , 1].every(() => { calls++; return true; });
            console.log(calls);
            """#) == #"""
            true false false true false true
            1
            """#)
    }

    @Test func findMethods() {
        #expect(runJS(#"""
            const a = [5, 12, 8, 130, 44];
            console.log(a.find(x => x > 10), a.findIndex(x => x > 10), a.findLast(x => x > 10), a.findLastIndex(x => x > 10), a.find(x => x > 1000), a.findIndex(x => x > 1000), a.findLast(x => x < 0), a.findLastIndex(x => x < 0));
            let visits = 0;
            [1, , 3].find(() => { visits++; return false; });
            console.log(visits, [, 1].findIndex(x => x === undefined));
            """#) == #"""
            12 1 44 4 undefined -1 undefined -1
            3 0
            """#)
    }

    @Test func reduceMethods() {
        #expect(runJS(#"""
            console.log([1, 2, 3, 4].reduce((a, b) => a + b), [1, 2, 3].reduce((a, b) => a + b, 10), [[1], [2]].reduce((a, b) => a.concat(b), []).join());
            console.log(["a", "b", "c"].reduceRight((a, b) => a + b), [1, 2].reduceRight((acc, x, i) => acc + i, ""), [, 5, ,].reduce((a, b) => a + b), [, 5, ,].reduceRight((a, b) => a + b));
            console.log([1, 2, 3].reduce((acc, x, i, arr) => acc + i * arr.length, 0), [].reduce((a, b) => a, "init"), [undefined].reduce((a, b) => a));
            """#) == #"""
            10 16 1,2
            cba 10 5 5
            9 init undefined
            """#)
    }

    @Test func reduceErrors() {
        #expect(runJS(#"""
            const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name + ": " + e.message); } };
            t(() => [].reduce((a, b) => a));
            t(() => [, ,].reduceRight((a, b) => a));
            t(() => [1].reduce());
            """#) == #"""
            TypeError: Reduce of empty array with no initial value
            TypeError: Reduce of empty array with no initial value
            TypeError: undefined is not a function
            """#)
    }

    @Test func flatMapMethod() {
        #expect(runJS(#"""
            console.log([1, 2].flatMap(x => [x, x * 10]).join(), [1, 2].flatMap(x => [[x]]).length, [1, , 2].flatMap(x => x).join(), ["a b", "c"].flatMap(s => s.split(" ")).join("|"));
            console.log([1].flatMap(function () { return this.v; }, { v: [7, 8] }).join());
            """#) == #"""
            1,10,2,20 2 1,2 a|b|c
            7,8
            """#)
    }

    @Test func callbackErrors() {
        #expect(runJS(#"""
            const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name + ": " + e.message); } };
            t(() => [1].map(undefined));
            t(() => [1].forEach({}));
            t(() => [1].filter(1));
            t(() => [1].some("abc"));
            t(() => [1].every(null));
            t(() => [1].find([]));
            t(() => [1].flatMap());
            t(() => [1].reduceRight(2));
            t(() => [].map(undefined));
            """#) == #"""
            TypeError: undefined is not a function
            TypeError: #<Object> is not a function
            TypeError: 1 is not a function
            TypeError: abc is not a function
            TypeError: null is not a function
            TypeError: [object Array] is not a function
            TypeError: flatMap mapper function is not callable
            TypeError: 2 is not a function
            TypeError: undefined is not a function
            """#)
    }

    @Test func sortDefault() {
        #expect(runJS(#"""
            console.log(["b", "a", "C", "c", "10", "9", "1"].sort().join(), [10, 9, 1, 100].sort().join(), [true, false, null, "m"].sort().join());
            const h = [3, undefined, , 1, undefined, , 2];
            h.sort();
            console.log(h.length, h.join("|"), 5 in h, 4 in h, 6 in h);
            console.log(["\u{1F600}", "\uFFFF", "a"].sort().map(s => s.charCodeAt(0)).join(), [-1, -2, 0, -0].sort().join());
            """#) == #"""
            1,10,9,C,a,b,c 1,10,100,9 false,m,,true
            7 1|2|3|||| false true false
            97,55357,65535 -1,-2,0,0
            """#)
    }

    @Test func sortDefaultObjects() {
        #expect(runJS(#"""
            const a = [{ toString: () => "b" }, [2], { toString: () => "a" }, 1, [1]];
            console.log(a.sort().map(String).join());
            try { [Symbol(), Symbol()].sort(); } catch (e) { console.log(e.name + ": " + e.message); }
            const d = [Symbol.iterator];
            console.log(d.sort().length);
            """#) == #"""
            1,1,2,a,b
            TypeError: Cannot convert a Symbol value to a string
            1
            """#)
    }

    @Test func sortComparator() {
        #expect(runJS(#"""
            console.log([3, 1, 10, 2].sort((a, b) => a - b).join(), [3, 1, 10, 2].sort((a, b) => b - a).join(), [1, 2, 3].sort(() => 0).join(), [1, 2, 3].sort(() => NaN).join());
            console.log(["bb", "a", "ccc"].sort((a, b) => a.length - b.length).join(), [2, 1].sort((a, b) => (a > b ? "1" : "-1")).join(), [1, 2].sort((a, b) => b > a).join());
            const u = [3, undefined, 1, , 2];
            let calledWithUndefined = false;
            u.sort((a, b) => { if (a === undefined || b === undefined) calledWithUndefined = true; return a - b; });
            console.log(u.join("|"), u.length, 4 in u, calledWithUndefined);
            const big = [];
            for (let i = 0; i < 100; i++) big.push((i * 37) % 100);
            console.log([5, 1, 4].sort((a, b) => a > b).join(), big.slice().sort((a, b) => a > b).slice(0, 5).join(), big.slice().sort(() => -1).slice(0, 5).join(), [1, 2, 3].sort(() => -1).join());
            """#) == #"""
            1,2,3,10 10,3,2,1 1,2,3 1,2,3
            a,bb,ccc 1,2 1,2
            1|2|3|| 5 false false
            5,1,4 0,37,74,11,48 63,26,89,52,15 3,2,1
            """#)
    }

    @Test func sortStable() {
        #expect(runJS(#"""
            const recs = [];
            for (let i = 0; i < 200; i++) recs.push({ k: i % 7, id: i });
            recs.sort((x, y) => x.k - y.k);
            let ok = true;
            for (let i = 1; i < recs.length; i++) if (recs[i - 1].k === recs[i].k && recs[i - 1].id > recs[i].id) ok = false;
            console.log(ok, recs[0].id, recs[199].id, recs.map(r => r.k).join("").slice(0, 40));
            const words = ["delta", "Alpha", "charlie", "bravo", "alpha", "Delta"];
            console.log(words.sort().join(), words.sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0).join());
            """#) == #"""
            true 0 195 0000000000000000000000000000011111111111
            Alpha,Delta,alpha,bravo,charlie,delta Alpha,alpha,bravo,charlie,Delta,delta
            """#)
    }

    @Test func sortLarge() {
        #expect(runJS(#"""
            let seed = 7;
            const nums = [];
            for (let i = 0; i < 5000; i++) { seed = (seed * 1103515245 + 12345) % 2147483648; nums.push(seed % 1000); }
            const asc = nums.slice().sort((a, b) => a - b);
            let sorted = true;
            for (let i = 1; i < asc.length; i++) if (asc[i - 1] > asc[i]) sorted = false;
            const lex = nums.slice().sort();
            console.log(sorted, asc[0], asc[2500], asc[4999], lex[0], lex[4999], lex.length);
            """#) == #"true 0 504 992 0 992 5000"#)
    }

    @Test func sortErrorsAndGeneric() {
        #expect(runJS(#"""
            try { [1, 2].sort(1); } catch (e) { console.log(e.name + ": " + e.message); }
            try { [2, 1].sort((a, b) => { throw new Error("cmp " + a + b); }); } catch (e) { console.log(e.message); }
            const o = { length: 3, 0: "c", 1: "a", 2: "b" };
            Array.prototype.sort.call(o);
            console.log(o[0], o[1], o[2]);
            const arr = [3, 2, 1];
            console.log(arr.sort() === arr);
            """#) == #"""
            TypeError: The comparison function must be either a function or undefined
            cmp 12
            a b c
            true
            """#)
    }

    @Test func lengthsAndNames() {
        #expect(runJS(#"""
            const names = ["at", "concat", "copyWithin", "entries", "every", "fill", "filter", "find", "findIndex", "findLast", "findLastIndex", "flat", "flatMap", "forEach", "includes", "indexOf", "join", "keys", "lastIndexOf", "map", "pop", "push", "reduce", "reduceRight", "reverse", "shift", "slice", "some", "sort", "splice", "toString", "unshift", "values"];
            console.log(names.map(n => Array.prototype[n].name + "/" + Array.prototype[n].length).join(" "));
            console.log(Array.length, Array.name, Array.from.length, Array.of.length, Array.isArray.length, Array.prototype.length, Array.prototype.constructor === Array);
            console.log(Object.keys(Array.prototype).length, Array.prototype.propertyIsEnumerable("map"));
            """#) == #"""
            at/1 concat/1 copyWithin/2 entries/0 every/1 fill/1 filter/1 find/1 findIndex/1 findLast/1 findLastIndex/1 flat/0 flatMap/1 forEach/1 includes/1 indexOf/1 join/1 keys/0 lastIndexOf/1 map/1 pop/0 push/1 reduce/1 reduceRight/1 reverse/0 shift/0 slice/2 some/1 sort/1 splice/2 toString/0 unshift/1 values/0
            1 Array 1 0 1 0 true
            0 false
            """#)
    }

    @Test func subclassArray() {
        #expect(runJS(#"""
            class Stack extends Array {
              peek() { return this[this.length - 1]; }
            }
            const s = new Stack();
            s.push(1, 2, 3);
            console.log(s.peek(), s.length, s instanceof Stack, Array.isArray(s), new Stack(3).length);
            """#) == #"3 3 true true 3"#)
    }

    @Test func arrayLengthEdges() {
        #expect(runJS(#"""
            const a = [1, 2, 3];
            a.length = 1;
            a[3] = "d";
            console.log(a.length, a.join(), 1 in a);
            try { [].push.apply({ length: 2 ** 53 - 1 }, [1]); } catch (e) { console.log(e instanceof TypeError || e instanceof RangeError); }
            """#) == #"""
            4 1,,,d false
            true
            """#)
    }

    @Test func changeArrayByCopy() {
        #expect(runJS(#"""
            const t = (f) => { try { console.log(String(f())); } catch (e) { console.log(e.name + ": " + e.message); } };
            const a = [3, , 1];
            t(() => a.toReversed().length + ":" + (1 in a.toReversed()) + ":" + a.toReversed().join());
            t(() => a.toSorted().join() + "|" + a.join() + "|" + (1 in a.toSorted()));
            t(() => [3, 10, 2].toSorted((x, y) => x - y).join());
            t(() => [3, 1].toSorted(1));
            t(() => [1, 2, 3].toSpliced(1, 1, "a", "b").join() + "|" + [1, 2, 3].toSpliced().join() + "|" + [1, 2, 3].toSpliced(1).join() + "|" + (1 in [1, , 3].toSpliced(0, 0)));
            t(() => [1, 2, 3].with(1, "x").join() + "|" + [1, 2, 3].with(-1, "y").join() + "|" + (1 in [1, , 3].with(0, 9)));
            t(() => [1].with(5, 1));
            t(() => [1].with(-2, 1));
            t(() => [].with.length + " " + [].toSpliced.length + " " + [].toSorted.length + " " + [].toReversed.length);
            """#) == #"""
            3:true:1,,3
            1,3,|3,,1|true
            2,3,10
            TypeError: The comparison function must be either a function or undefined
            1,a,b,3|1,2,3|1|true
            1,x,3|1,2,y|true
            RangeError: Invalid index : 5
            RangeError: Invalid index : -2
            2 2 1 0
            """#)
    }

    @Test func toLocaleStringMethod() {
        #expect(runJS(#"""
            console.log([1, "a", null, undefined, [2, 3]].toLocaleString(), Array.prototype.toLocaleString.call({ length: 2, 0: "x" }), [].toLocaleString.length);
            console.log([{ toLocaleString() { return "L"; }, toString() { return "S"; } }].toLocaleString());
            """#) == #"""
            1,a,,,2,3 x, 0
            L
            """#)
    }

    @Test func edgeArguments() {
        #expect(runJS(#"""
            const t = (f) => { try { console.log(String(f())); } catch (e) { console.log(e.name + ": " + e.message); } };
            t(() => [1, 2, 3].splice(1, undefined).length);
            t(() => [1, 2, 3].splice(undefined, 1).join());
            t(() => [1, 2, 3, 4, 5].copyWithin(0, -2, -1).join());
            t(() => [1, 2, 3].fill(0, NaN, NaN).join());
            t(() => [1, 2, 3].lastIndexOf(3, undefined) + " " + [1, 2, 3].lastIndexOf(3, -1) + " " + [1, 2, 3].indexOf(1, -Infinity) + " " + [1, 2, 3].includes(3, Infinity));
            t(() => [1, 2, 3].at(-Infinity) + " " + [1, 2, 3].at(NaN));
            t(() => [1, [2, [3]]].flat(NaN).length + " " + [1, [2, [3]]].flat("2").length);
            t(() => Array.prototype.concat.call(1, 2).length + " " + typeof Array.prototype.concat.call(1, 2)[0]);
            t(() => Array.prototype.join.call("abc", "-") + " " + Array.prototype.join.call({ length: 3, 1: "x" }));
            t(() => [, "b", , "a"].sort().join() + " " + [2, 1].sort(function () { return this === undefined ? -1 : 1; }).join());
            t(() => Array.from({ length: 2.7 }).length + " " + Array.from({ length: -1 }).length + " " + Array.from([1, 2], (x, i) => x + i).join());
            t(() => Array.apply(null, { length: 3 }).length + " " + Array(3).map(() => 1).length + " " + Object.keys(Array(3).map(() => 1)).length);
            """#) == #"""
            0
            1
            4,2,3,4,5
            1,2,3
            -1 2 0 false
            undefined 1
            2 3
            2 object
            a-b-c ,x,
            a,b,, 2,1
            2 0 1,3
            3 3 0
            """#)
    }
}
