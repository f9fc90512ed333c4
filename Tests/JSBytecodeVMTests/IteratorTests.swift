import Testing
@testable import JSBytecodeVM

@Suite struct IteratorTests {
    @Test func iteratorPrototypeChain() {
        #expect(runJS(#"""
            const IteratorProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
            const ArrayIt = Object.getPrototypeOf([].values());
            const StringIt = Object.getPrototypeOf(""[Symbol.iterator]());
            const MapIt = Object.getPrototypeOf(new Map().entries());
            const SetIt = Object.getPrototypeOf(new Set().values());
            console.log(Object.getPrototypeOf(StringIt) === IteratorProto, Object.getPrototypeOf(MapIt) === IteratorProto, Object.getPrototypeOf(SetIt) === IteratorProto);
            console.log(IteratorProto[Symbol.iterator].call(42), typeof ArrayIt.next, ArrayIt.next.length, ArrayIt.next.name);
            console.log(ArrayIt[Symbol.toStringTag], StringIt[Symbol.toStringTag], MapIt[Symbol.toStringTag], SetIt[Symbol.toStringTag]);
            console.log(Object.prototype.toString.call(new Map().keys()), Object.prototype.toString.call(new Set().entries()), Object.keys(ArrayIt).length);
            console.log(Object.getPrototypeOf(new Map().keys()) === Object.getPrototypeOf(new Map().values()), Object.getPrototypeOf([].keys()) === ArrayIt);
            """#) == #"""
            true true true
            42 function 0 next
            Array Iterator String Iterator Map Iterator Set Iterator
            [object Map Iterator] [object Set Iterator] 0
            true true
            """#)
    }

    @Test func iteratorResults() {
        #expect(runJS(#"""
            const it = ["a"].values();
            const r = it.next();
            console.log(typeof r, r.value, r.done, Object.keys(r).join(), Object.getPrototypeOf(r) === Object.prototype);
            const end = it.next();
            console.log(end.value, end.done, Object.keys(end).join(), it.next().done);
            """#) == #"""
            object a false value,done true
            undefined true value,done true
            """#)
    }

    @Test func stringIterator() {
        #expect(runJS(#"""
            const s = "a\u{1F600}b\uD800c\uDC00";
            const parts = [...s];
            console.log(parts.length, parts.map(p => p.length).join(), [..."" ].length);
            const it = "xy"[Symbol.iterator]();
            console.log(it.next().value, it.next().value, it.next().done, it.next().value);
            let out = "";
            for (const ch of "h\u00e9\u{10348}") out += "[" + ch + "]";
            console.log(out.length);
            """#) == #"""
            6 1,2,1,1,1,1 0
            x y true undefined
            10
            """#)
    }

    @Test func mapSetIterators() {
        #expect(runJS(#"""
            const m = new Map([["a", 1], ["b", 2]]);
            console.log([...m.keys()].join(), [...m.values()].join(), [...m.entries()].map(String).join(";"));
            const s = new Set([1, 2]);
            console.log([...s.entries()].map(String).join(";"), [...s.keys()].join());
            const it = m.entries();
            it.next();
            m.delete("b");
            console.log(it.next().done);
            const it2 = s.values();
            s.add(3);
            console.log([...it2].join(), [...it2].length);
            """#) == #"""
            a,b 1,2 a,1;b,2
            1,1;2,2 1,2
            true
            1,2,3 0
            """#)
    }

    @Test func iteratorIncompatibleReceivers() {
        #expect(runJS(#"""
            const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name + ": " + e.message); } };
            t(() => [].values().next.call({}));
            t(() => [].values().next.call(new Map().keys()));
            t(() => new Map().keys().next.call([].values()));
            t(() => new Set().values().next.call(new Map().values()));
            t(() => ""[Symbol.iterator]().next.call(undefined));
            """#) == #"""
            TypeError: Method Array Iterator.prototype.next called on incompatible receiver #<Object>
            TypeError: Method Array Iterator.prototype.next called on incompatible receiver #<Object>
            TypeError: Method Map Iterator.prototype.next called on incompatible receiver #<Object>
            TypeError: Method Set Iterator.prototype.next called on incompatible receiver #<Object>
            TypeError: Method String Iterator.prototype.next called on incompatible receiver undefined
            """#)
    }

    @Test func iteratorsAreIterable() {
        #expect(runJS(#"""
            const it = [1, 2, 3].values();
            it.next();
            console.log([...it].join(), Array.from(new Map([[1, 2]]).keys()).join(), [...[3, 4].entries()].join("|"));
            const keys = new Map([[1, "a"]]).keys();
            console.log(keys[Symbol.iterator]() === keys);
            """#) == #"""
            2,3 1 0,3|1,4
            true
            """#)
    }

    @Test func destructuringAndSpread() {
        #expect(runJS(#"""
            const [a, b = 5, ...rest] = new Set([1, undefined, 3, 4]);
            console.log(a, b, rest.join());
            const [[k, v]] = new Map([["key", "val"]]);
            console.log(k, v, Math.max(...new Set([3, 9, 2])));
            """#) == #"""
            1 5 3,4
            key val 9
            """#)
    }
}
