import Testing
@testable import JSBytecodeVM

// Golden tests for Object, Function, Symbol, Boolean and the global
// functions; expected outputs come from Node.js 20.

@Suite struct ObjectBuiltinsTests {
    @Test func constructorForms() {
        #expect(runJS(#"""
            console.log(typeof Object(1), typeof Object("s"), Object(null), Object(undefined), new Object(5) instanceof Number);
            const o = { a: 1 };
            console.log(Object(o) === o, new Object(o) === o, Object.prototype.constructor === Object, Object.length, Object.name);
            class X extends Object { constructor() { super(); this.k = 1; } }
            console.log(new X(), new X() instanceof X, Object.getPrototypeOf(new X()) === X.prototype);
            """#) == #"""
            object object {} {} true
            true true true 1 Object
            X { k: 1 } true true
            """#)
    }

    @Test func keysValuesEntries() {
        #expect(runJS(#"""
            const o = { b: 2, a: 1, 1: "x", [Symbol("s")]: 3 };
            console.log(Object.keys(o), Object.values(o), Object.entries(o));
            console.log(Object.keys("ab"), Object.values("ab"), Object.entries([7, 8]), Object.keys([1, , 3]));
            console.log(Object.keys(function f(a) {}), Object.keys(5), Object.entries({}).length);
            const hidden = Object.defineProperty({ v: 1 }, "h", { value: 2 });
            console.log(Object.keys(hidden), Object.values(hidden));
            """#) == #"""
            [ '1', 'b', 'a' ] [ 'x', 2, 1 ] [ [ '1', 'x' ], [ 'b', 2 ], [ 'a', 1 ] ]
            [ '0', '1' ] [ 'a', 'b' ] [ [ '0', 7 ], [ '1', 8 ] ] [ '0', '2' ]
            [] [] 0
            [ 'v' ] [ 1 ]
            """#)
    }

    @Test func entriesCallGetters() {
        #expect(runJS(#"""
            const o = { get a() { delete this.b; return 1; }, b: 2, c: 3 };
            console.log(Object.entries(o));
            """#) == #"""
            [ [ 'a', 1 ], [ 'c', 3 ] ]
            """#)
    }

    @Test func keysErrors() {
        #expect(runJS(#"""
            for (const f of [() => Object.keys(null), () => Object.entries(undefined), () => Object.values(null)]) {
              try { f(); } catch (e) { console.log(e.name + ": " + e.message); }
            }
            """#) == #"""
            TypeError: Cannot convert undefined or null to object
            TypeError: Cannot convert undefined or null to object
            TypeError: Cannot convert undefined or null to object
            """#)
    }

    @Test func ownPropertyNamesAndSymbols() {
        #expect(runJS(#"""
            const s = Symbol("s");
            const o = { b: 1, [s]: 2 };
            Object.defineProperty(o, "h", { value: 3 });
            console.log(Object.getOwnPropertyNames(o), Object.getOwnPropertySymbols(o), Object.getOwnPropertyNames([1, 2]));
            console.log(Object.getOwnPropertyNames(function f(a) {}).includes("prototype"), Object.getOwnPropertySymbols({}));
            """#) == #"""
            [ 'b', 'h' ] [ Symbol(s) ] [ '0', '1', 'length' ]
            true []
            """#)
    }

    @Test func assign() {
        #expect(runJS(#"""
            const target = { a: 1 };
            const r = Object.assign(target, { b: 2 }, null, undefined, "xy", { a: 3 });
            console.log(r === target, r, Object.assign({}, [5, 6]), Object.assign([1, 2], { 1: "b" }));
            const s = Symbol("s");
            console.log(Object.assign({}, { [s]: 1, x: 2 }), typeof Object.assign(1), Object.assign.length);
            const hidden = Object.defineProperty({}, "h", { value: 1, enumerable: false });
            console.log(Object.assign({}, hidden, Object.create({ inherited: 1 })));
            """#) == #"""
            true { '0': 'x', '1': 'y', a: 3, b: 2 } { '0': 5, '1': 6 } [ 1, 'b' ]
            { x: 2, [Symbol(s)]: 1 } object 2
            {}
            """#)
    }

    @Test func assignGettersAndSetters() {
        #expect(runJS(#"""
            const log = [];
            const src = { get g() { log.push("get"); return 1; }, plain: 2 };
            const dst = { set g(v) { log.push("set " + v); } };
            Object.assign(dst, src);
            console.log(log, dst.plain);
            const proto = { set p(v) { log.push("proto set " + v); } };
            Object.assign(Object.create(proto), { p: 9 });
            console.log(log);
            """#) == #"""
            [ 'get', 'set 1' ] 2
            [ 'get', 'set 1', 'proto set 9' ]
            """#)
    }

    @Test func assignErrors() {
        #expect(runJS(#"""
            try { Object.assign(null, {}); } catch (e) { console.log(e.name + ": " + e.message); }
            "use strict";
            const frozen = Object.freeze({ a: 1 });
            try { Object.assign(frozen, { a: 2 }); } catch (e) { console.log(e.name); }
            console.log(frozen.a);
            """#) == #"""
            TypeError: Cannot convert undefined or null to object
            TypeError
            1
            """#)
    }

    @Test func fromEntries() {
        #expect(runJS(#"""
            console.log(Object.fromEntries([["a", 1], ["b", 2]]), Object.fromEntries(new Map([["x", 1]])));
            console.log(Object.fromEntries([[1, "one"], [Symbol.iterator, 2]]), Object.fromEntries([]));
            console.log(Object.fromEntries(Object.entries({ k: "v" }).map(([k, v]) => [v, k])));
            for (const bad of [[1], null, [["ok", 1], "ab"]]) {
              try { console.log(Object.fromEntries(bad)); } catch (e) { console.log(e.name + ": " + e.message); }
            }
            """#) == #"""
            { a: 1, b: 2 } { x: 1 }
            { '1': 'one', [Symbol(Symbol.iterator)]: 2 } {}
            { v: 'k' }
            TypeError: Iterator value 1 is not an entry object
            TypeError: undefined is not iterable
            TypeError: Iterator value ab is not an entry object
            """#)
    }

    @Test func freezeAndSeal() {
        #expect(runJS(#"""
            const frozen = Object.freeze({ a: 1, nested: { b: 2 } });
            frozen.a = 2; frozen.c = 3; frozen.nested.b = 3;
            console.log(frozen, Object.isFrozen(frozen), Object.isSealed(frozen), Object.isExtensible(frozen), Object.isFrozen(frozen.nested));
            const sealed = Object.seal({ a: 1 });
            sealed.a = 2; delete sealed.a; sealed.b = 1;
            console.log(sealed, Object.isSealed(sealed), Object.isFrozen(sealed));
            console.log(Object.isFrozen(Object.preventExtensions({})), Object.isFrozen(Object.preventExtensions({ a: 1 })));
            console.log(Object.isFrozen(1), Object.isSealed("x"), Object.isExtensible(1), Object.freeze(5), Object.seal("s"));
            const fa = Object.freeze([1, 2]);
            console.log(Object.isFrozen(fa), Object.isSealed(fa), Object.isFrozen(Object.seal([1])));
            const withAccessor = Object.freeze({ get x() { return 1; } });
            console.log(Object.isFrozen(withAccessor), Object.getOwnPropertyDescriptor(withAccessor, "x").configurable);
            """#) == #"""
            { a: 1, nested: { b: 3 } } true true false false
            { a: 2 } true false
            true false
            true true false 5 s
            true true false
            true false
            """#)
    }

    @Test func frozenWritesInStrictCode() {
        #expect(runJS(#"""
            "use strict";
            const frozen = Object.freeze({ a: 1 });
            try { frozen.a = 5; } catch (e) { console.log(e.name); }
            try { frozen.z = 5; } catch (e) { console.log(e.name + ": " + e.message); }
            try { delete frozen.a; } catch (e) { console.log(e.name); }
            const arr = Object.freeze([1]);
            try { arr.push(2); } catch (e) { console.log(e.name); }
            try { arr[0] = 9; } catch (e) { console.log(e.name); }
            console.log(frozen.a, arr);
            """#) == #"""
            TypeError
            TypeError: Cannot add property z, object is not extensible
            TypeError
            TypeError
            TypeError
            1 [ 1 ]
            """#)
    }

    @Test func preventExtensions() {
        #expect(runJS(#"""
            const o = Object.preventExtensions({ a: 1 });
            o.b = 2; o.a = 3; delete o.a;
            console.log(o, Object.isExtensible(o), Object.isSealed(o), Object.preventExtensions(1));
            """#) == #"""
            {} false true 1
            """#)
    }

    @Test func defineProperty() {
        #expect(runJS(#"""
            const d = {};
            Object.defineProperty(d, "x", { value: 1 });
            Object.defineProperty(d, "y", { get() { return 2; }, enumerable: true, configurable: true });
            console.log(Object.getOwnPropertyDescriptor(d, "x"), Object.getOwnPropertyDescriptor(d, "y").enumerable, d.y, Object.keys(d));
            d.x = 5;
            console.log(d.x, Object.defineProperty(d, "z", {}) === d, Object.getOwnPropertyDescriptor(d, "z"));
            Object.defineProperty(d, "y", { value: 5 });
            console.log(Object.getOwnPropertyDescriptor(d, "y"));
            Object.defineProperty(d, "y", { set(v) { this.seen = v; } });
            const desc = Object.getOwnPropertyDescriptor(d, "y");
            console.log(desc.get, typeof desc.set, desc.enumerable, desc.configurable);
            d.y = 7;
            console.log(d.seen);
            """#) == #"""
            { value: 1, writable: false, enumerable: false, configurable: false } true 2 [ 'y' ]
            1 true {
              value: undefined,
              writable: false,
              enumerable: false,
              configurable: false
            }
            { value: 5, writable: false, enumerable: true, configurable: true }
            undefined function true true
            7
            """#)
    }

    @Test func definePropertyRedefinition() {
        #expect(runJS(#"""
            const o = {};
            Object.defineProperty(o, "fixed", { value: 1, writable: false, configurable: false });
            Object.defineProperty(o, "fixed", { value: 1 });
            Object.defineProperty(o, "fixed", { writable: false, enumerable: false });
            const attempts = [{ value: 2 }, { writable: true }, { enumerable: true }, { configurable: true }, { get() {} }];
            for (const a of attempts) {
              try { Object.defineProperty(o, "fixed", a); console.log("ok"); } catch (e) { console.log(e.name + ": " + e.message); }
            }
            Object.defineProperty(o, "w", { value: 1, writable: true });
            Object.defineProperty(o, "w", { value: 2 });
            Object.defineProperty(o, "w", { writable: false });
            console.log(o.w, Object.getOwnPropertyDescriptor(o, "w"));
            const s = Symbol("s");
            Object.defineProperty(o, s, { value: 2 });
            try { Object.defineProperty(o, s, { value: 3 }); } catch (e) { console.log(e.message); }
            """#) == #"""
            TypeError: Cannot redefine property: fixed
            TypeError: Cannot redefine property: fixed
            TypeError: Cannot redefine property: fixed
            TypeError: Cannot redefine property: fixed
            TypeError: Cannot redefine property: fixed
            2 { value: 2, writable: false, enumerable: false, configurable: false }
            Cannot redefine property: Symbol(s)
            """#)
    }

    @Test func definePropertyValidation() {
        #expect(runJS(#"""
            const cases = [
              () => Object.defineProperty({}, "a", 1),
              () => Object.defineProperty({}, "a", { get: 1 }),
              () => Object.defineProperty({}, "a", { set: "s" }),
              () => Object.defineProperty({}, "a", { get() {}, value: 1 }),
              () => Object.defineProperty({}, "a", { set() {}, writable: true }),
              () => Object.defineProperty(1, "a", {}),
              () => Object.defineProperty(Object.freeze({}), "b", { value: 2 }),
              () => Object.defineProperty(Object.freeze([1]), 0, { value: 2 }),
              () => Object.defineProperties(1, {}),
            ];
            for (const f of cases) {
              try { f(); console.log("ok"); } catch (e) { console.log(e.name + ": " + e.message); }
            }
            """#) == #"""
            TypeError: Property description must be an object: 1
            TypeError: Getter must be a function: 1
            TypeError: Setter must be a function: s
            TypeError: Invalid property descriptor. Cannot both specify accessors and a value or writable attribute, #<Object>
            TypeError: Invalid property descriptor. Cannot both specify accessors and a value or writable attribute, #<Object>
            TypeError: Object.defineProperty called on non-object
            TypeError: Cannot define property b, object is not extensible
            TypeError: Cannot redefine property: 0
            TypeError: Object.defineProperties called on non-object
            """#)
    }

    @Test func definePropertyOnArrays() {
        #expect(runJS(#"""
            const a = [1, 2, 3];
            Object.defineProperty(a, 1, { value: "b" });
            Object.defineProperty(a, 5, { value: "f", writable: true, enumerable: true, configurable: true });
            console.log(a, a.length);
            Object.defineProperty(a, "length", { value: 2 });
            console.log(a, a.length);
            """#) == #"""
            [ 1, 'b', 3, <2 empty items>, 'f' ] 6
            [ 1, 'b' ] 2
            """#)
    }

    @Test func definePropertiesAndCreate() {
        #expect(runJS(#"""
            const o = Object.defineProperties({}, { a: { value: 1, enumerable: true }, b: { value: 2 } });
            console.log(o, o.b, Object.keys(o));
            const proto = { greet() { return "hi " + this.name; } };
            const c = Object.create(proto, { name: { value: "bob", enumerable: true } });
            console.log(c.greet(), Object.getPrototypeOf(c) === proto, c, Object.create(null), Object.create(proto, undefined));
            for (const bad of [1, undefined, "x"]) {
              try { Object.create(bad); } catch (e) { console.log(e.name + ": " + e.message); }
            }
            """#) == #"""
            { a: 1 } 2 [ 'a' ]
            hi bob true { name: 'bob' } [Object: null prototype] {} {}
            TypeError: Object prototype may only be an Object or null: 1
            TypeError: Object prototype may only be an Object or null: undefined
            TypeError: Object prototype may only be an Object or null: x
            """#)
    }

    @Test func ownPropertyDescriptors() {
        #expect(runJS(#"""
            const withGetter = Object.defineProperty({ a: 1 }, "b", { get: function getB() { return 1; }, enumerable: true, configurable: true });
            console.log(Object.getOwnPropertyDescriptors(withGetter));
            console.log(Object.getOwnPropertyDescriptor("abc", 1), Object.getOwnPropertyDescriptor("abc", "length"));
            console.log(Object.getOwnPropertyDescriptor([5], "length"), Object.getOwnPropertyDescriptor({}, "x"));
            console.log(Object.getOwnPropertyDescriptor(Object.prototype, "toString"));
            """#) == #"""
            {
              a: { value: 1, writable: true, enumerable: true, configurable: true },
              b: {
                get: [Function: getB],
                set: undefined,
                enumerable: true,
                configurable: true
              }
            }
            { value: 'b', writable: false, enumerable: true, configurable: false } { value: 3, writable: false, enumerable: false, configurable: false }
            { value: 1, writable: true, enumerable: false, configurable: false } undefined
            {
              value: [Function: toString],
              writable: true,
              enumerable: false,
              configurable: true
            }
            """#)
    }

    @Test func prototypes() {
        #expect(runJS(#"""
            const p = { greet() { return "hi " + this.n; } };
            console.log(Object.getPrototypeOf(1) === Number.prototype, Object.getPrototypeOf("") === String.prototype, Object.getPrototypeOf(Object.prototype));
            console.log(Object.setPrototypeOf({ n: "ann" }, p).greet(), Object.setPrototypeOf(1, null), Object.getPrototypeOf(Object.create(null)));
            const q = {};
            q.__proto__ = p;
            console.log(Object.getPrototypeOf(q) === p, q.__proto__ === p);
            q.__proto__ = 5;
            console.log(Object.getPrototypeOf(q) === p, ({}).__proto__ === Object.prototype, Object.create(null).__proto__);
            const desc = Object.getOwnPropertyDescriptor(Object.prototype, "__proto__");
            console.log(typeof desc.get, typeof desc.set, desc.enumerable, desc.configurable, desc.set.name, desc.get.name);
            """#) == #"""
            true true null
            hi ann 1 null
            true true
            true true undefined
            function function false true set __proto__ get __proto__
            """#)
    }

    @Test func prototypeErrors() {
        #expect(runJS(#"""
            const cases = [
              () => Object.setPrototypeOf(null, {}),
              () => Object.setPrototypeOf({}, 1),
              () => { const a = {}; Object.setPrototypeOf(a, Object.create(a)); },
              () => Object.setPrototypeOf(Object.preventExtensions({}), {}),
              () => { const a = {}; a.__proto__ = Object.create(a); },
              () => Object.getPrototypeOf(null),
              () => Object.setPrototypeOf(Object.prototype, {}),
              () => { Object.prototype.__proto__ = Object.create(null); },
              () => Object.setPrototypeOf(Object.prototype, null),
            ];
            for (const f of cases) {
              try { f(); console.log("ok"); } catch (e) { console.log(e.name + ": " + e.message); }
            }
            """#) == #"""
            TypeError: Object.setPrototypeOf called on null or undefined
            TypeError: Object prototype may only be an Object or null: 1
            TypeError: Cyclic __proto__ value
            TypeError: #<Object> is not extensible
            TypeError: Cyclic __proto__ value
            TypeError: Cannot convert undefined or null to object
            TypeError: Immutable prototype object 'Object.prototype' cannot have their prototype set
            TypeError: Immutable prototype object 'Object.prototype' cannot have their prototype set
            ok
            """#)
    }

    @Test func isAndHasOwn() {
        #expect(runJS(#"""
            console.log(Object.is(NaN, NaN), Object.is(0, -0), Object.is("a", "a"), Object.is({}, {}), Object.is());
            console.log(Object.hasOwn({ a: 1 }, "a"), Object.hasOwn({ a: 1 }, "toString"), Object.hasOwn([], "length"), Object.hasOwn("ab", 1));
            try { Object.hasOwn(null, "a"); } catch (e) { console.log(e.message); }
            """#) == #"""
            true false true false true
            true false true true
            Cannot convert undefined or null to object
            """#)
    }

    @Test func prototypeMethods() {
        #expect(runJS(#"""
            console.log({}.hasOwnProperty("toString"), { a: 1 }.hasOwnProperty("a"), [1].hasOwnProperty(0), "ab".hasOwnProperty("length"));
            console.log(Object.prototype.propertyIsEnumerable.call([1], 0), [1].propertyIsEnumerable("length"), { a: 1 }.propertyIsEnumerable("a"));
            const p = {};
            const c = Object.create(p);
            console.log(p.isPrototypeOf(c), Object.prototype.isPrototypeOf(c), c.isPrototypeOf(p), Object.prototype.isPrototypeOf.call(p, 1));
            console.log({ a: 1 }.valueOf() !== null, typeof Object.prototype.valueOf.call(1), { a: 1 }.toLocaleString(), [1, 2].toLocaleString());
            try { Object.prototype.hasOwnProperty.call(null, "x"); } catch (e) { console.log(e.name + ": " + e.message); }
            try { Object.prototype.toLocaleString.call(undefined); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            false true true true
            true false true
            true true false false
            true object [object Object] 1,2
            TypeError: Cannot convert undefined or null to object
            TypeError: Object.prototype.toLocaleString called on null or undefined
            """#)
    }

    @Test func objectToString() {
        #expect(runJS(#"""
            const ts = (v) => Object.prototype.toString.call(v);
            console.log(ts({}), ts([]), ts(() => 1), ts(1), ts("s"), ts(true), ts(undefined), ts(null));
            console.log(ts(new Error("x")), ts(new TypeError("x")), ts(Symbol()), ts(new Map()), ts(Promise.resolve()));
            (function () { console.log(ts(arguments)); })();
            class Tagged { get [Symbol.toStringTag]() { return "TT"; } }
            console.log(ts(new Tagged()), String({ [Symbol.toStringTag]: "Own" }), String({ [Symbol.toStringTag]: 5 }));
            console.log(String({}), `${{}}`, {} + "", ts(new Boolean(false)), ts(new Number(1)), ts(new String("")));
            """#) == #"""
            [object Object] [object Array] [object Function] [object Number] [object String] [object Boolean] [object Undefined] [object Null]
            [object Error] [object Error] [object Symbol] [object Map] [object Promise]
            [object Arguments]
            [object TT] [object Own] [object Object]
            [object Object] [object Object] [object Object] [object Boolean] [object Number] [object String]
            """#)
    }

    @Test func toPrimitiveThroughObjectMethods() {
        #expect(runJS(#"""
            const o = { toString() { return "O!"; }, valueOf() { return 41; } };
            console.log(o + 1, `${o}`, String(o), o * 2, [o] + "");
            const onlyToString = { toString() { return "T"; } };
            console.log(onlyToString + 1, String(onlyToString));
            const bare = Object.create(null);
            try { String(bare); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            42 O! O! 82 O!
            T1 T
            TypeError: Cannot convert object to primitive value
            """#)
    }
}

@Suite struct FunctionBuiltinsTests {
    @Test func callAndApply() {
        #expect(runJS(#"""
            function add(a, b) { return this.base + a + b; }
            console.log(add.call({ base: 1 }, 2, 3), add.apply({ base: 10 }, [1, 2]), add.apply({ base: 0 }, { length: 2, 0: 5, 1: 6 }));
            console.log(Math.max.apply(null, [1, 5, 3]), Math.max.call(null, 4, 2), add.call.length, add.apply.length);
            function args() { return arguments.length; }
            console.log(args.apply(null), args.apply(null, null), args.apply(null, [, ,]), args.call());
            try { args.apply(null, 1); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            6 13 11
            5 4 1 2
            0 0 2 0
            TypeError: CreateListFromArrayLike called on non-object
            """#)
    }

    @Test func bind() {
        #expect(runJS(#"""
            function add(a, b) { return this.base + a + b; }
            const bound = add.bind({ base: 100 }, 1);
            console.log(bound(2), bound.name, bound.length, typeof bound, bound.prototype, add.bind().length);
            function P(x, y) { this.x = x; this.y = y; }
            const BP = P.bind(null, 7);
            const inst = new BP(8);
            console.log(inst.x, inst.y, inst instanceof P, inst instanceof BP, BP.name, BP.length);
            console.log((() => 1).bind().name, bound.bind(null, 2).name, bound.bind(null, 2)());
            const named = Object.defineProperty(function () {}, "name", { value: 42 });
            console.log(JSON.stringify(named.bind().name));
            try { Function.prototype.bind.call(1); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            103 bound add 1 function undefined 2
            7 8 true true bound P 1
            bound  bound bound add 103
            "bound "
            TypeError: Bind must be called on a function
            """#)
    }

    @Test func toStringForms() {
        #expect(runJS(#"""
            function add(a, b) { return a + b; }
            console.log(add.toString());
            console.log((x => x * 2).toString(), Math.max.toString(), add.bind(null).toString());
            console.log(class Q { m() { return 1; } }.toString());
            console.log(Function.prototype.toString.call(Object), String(Symbol), `${Object.assign}`);
            try { Function.prototype.toString.call({}); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            function add(a, b) { return a + b; }
            x => x * 2 function max() { [native code] } function () { [native code] }
            class Q { m() { return 1; } }
            function Object() { [native code] } function Symbol() { [native code] } function assign() { [native code] }
            TypeError: Function.prototype.toString requires that 'this' be a Function
            """#)
    }

    @Test func functionConstructorAndPrototype() {
        #expect(runJS(#"""
            console.log(typeof Function, Function.prototype.constructor === Function, (() => 1) instanceof Function, Object instanceof Function, Function instanceof Object);
            console.log(Function.prototype.name === "", Function.prototype.length, Function.name, Function.length, typeof Function.prototype, Function.prototype());
            try { new Function("return 1"); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            function true true true true
            true 0 Function 1 function undefined
            TypeError: Function constructor is not supported
            """#)
    }

    @Test func hasInstance() {
        #expect(runJS(#"""
            function P() {}
            const p = new P();
            console.log(Object[Symbol.hasInstance] === Function.prototype[Symbol.hasInstance], Function.prototype[Symbol.hasInstance].call(P, p));
            console.log(Function.prototype[Symbol.hasInstance].call({}, p), Function.prototype[Symbol.hasInstance].call(P, 1));
            const desc = Object.getOwnPropertyDescriptor(Function.prototype, Symbol.hasInstance);
            console.log(desc.writable, desc.enumerable, desc.configurable);
            class Even { static [Symbol.hasInstance](n) { return n % 2 === 0; } }
            console.log(2 instanceof Even, 3 instanceof Even);
            """#) == #"""
            true true
            false false
            false false false
            true false
            """#)
    }
}

@Suite struct SymbolBuiltinsTests {
    @Test func basics() {
        #expect(runJS(#"""
            const s = Symbol("desc");
            console.log(s.toString(), s.description, Symbol().description, Symbol(undefined).description, Symbol(null).description, typeof s);
            console.log(s === s, Symbol("a") === Symbol("a"), String(s), Symbol.length, Symbol.name, Symbol(12).toString());
            try { new Symbol(); } catch (e) { console.log(e.name + ": " + e.message); }
            try { s + ""; } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            Symbol(desc) desc undefined undefined null symbol
            true false Symbol(desc) 0 Symbol Symbol(12)
            TypeError: Symbol is not a constructor
            TypeError: Cannot convert a Symbol value to a string
            """#)
    }

    @Test func registry() {
        #expect(runJS(#"""
            const k = Symbol.for("k");
            console.log(k === Symbol.for("k"), Symbol.keyFor(k), Symbol.keyFor(Symbol("k")), k.description, Symbol.for().toString());
            try { Symbol.keyFor("x"); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            true k undefined k Symbol(undefined)
            TypeError: x is not a symbol
            """#)
    }

    @Test func wellKnown() {
        #expect(runJS(#"""
            const all = [Symbol.iterator, Symbol.asyncIterator, Symbol.hasInstance, Symbol.toPrimitive, Symbol.toStringTag, Symbol.species, Symbol.isConcatSpreadable, Symbol.unscopables];
            console.log(all.map(String).join());
            const desc = Object.getOwnPropertyDescriptor(Symbol, "iterator");
            console.log(desc.writable, desc.enumerable, desc.configurable, Symbol.iterator === Symbol.iterator);
            """#) == #"""
            Symbol(Symbol.iterator),Symbol(Symbol.asyncIterator),Symbol(Symbol.hasInstance),Symbol(Symbol.toPrimitive),Symbol(Symbol.toStringTag),Symbol(Symbol.species),Symbol(Symbol.isConcatSpreadable),Symbol(Symbol.unscopables)
            false false false true
            """#)
    }

    @Test func wrappers() {
        #expect(runJS(#"""
            const s = Symbol("w");
            const w = Object(s);
            console.log(typeof w, w.toString(), w.description, w.valueOf() === s, w instanceof Symbol, Object.getPrototypeOf(w) === Symbol.prototype);
            console.log(Symbol.prototype[Symbol.toStringTag], Object.prototype.toString.call(s), Symbol.prototype[Symbol.toPrimitive].call(w) === s);
            try { Symbol.prototype.toString.call(1); } catch (e) { console.log(e.name + ": " + e.message); }
            try { Symbol.prototype.valueOf.call({}); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            object Symbol(w) w true true true
            Symbol [object Symbol] true
            TypeError: Symbol.prototype.toString requires that 'this' be a Symbol
            TypeError: Symbol.prototype.valueOf requires that 'this' be a Symbol
            """#)
    }

    @Test func symbolKeys() {
        #expect(runJS(#"""
            const s = Symbol("key");
            const o = { [s]: 1, x: 2 };
            console.log(o[s], Object.keys(o), JSON.stringify(o), s in o, o.hasOwnProperty(s));
            """#) == #"""
            1 [ 'x' ] {"x":2} true true
            """#)
    }
}

@Suite struct BooleanBuiltinsTests {
    @Test func conversions() {
        #expect(runJS(#"""
            console.log(Boolean(0), Boolean("x"), Boolean({}), Boolean(""), Boolean(NaN), Boolean(), Boolean([]), Boolean(-0), Boolean(Symbol()));
            console.log(new Boolean(false) ? "truthy" : "falsy", typeof new Boolean(true), typeof Boolean(1), Boolean.length, Boolean.name);
            """#) == #"""
            false true true false false false true false true
            truthy object boolean 1 Boolean
            """#)
    }

    @Test func methods() {
        #expect(runJS(#"""
            console.log(new Boolean(true).toString(), new Boolean(false).valueOf(), true.toString(), false.valueOf(), Boolean.prototype.toString(), Boolean.prototype.valueOf());
            console.log(Object.prototype.toString.call(new Boolean(1)), new Boolean(1) instanceof Boolean, true instanceof Boolean, new Boolean(true) + 1);
            try { Boolean.prototype.toString.call(1); } catch (e) { console.log(e.name + ": " + e.message); }
            try { Boolean.prototype.valueOf.call({}); } catch (e) { console.log(e.name + ": " + e.message); }
            class B extends Boolean {}
            console.log(new B(true) instanceof B, new B(true).valueOf());
            """#) == #"""
            true false true false false false
            [object Boolean] true false 2
            TypeError: Boolean.prototype.toString requires that 'this' be a Boolean
            TypeError: Boolean.prototype.valueOf requires that 'this' be a Boolean
            true true
            """#)
    }
}

@Suite struct GlobalFunctionsTests {
    @Test func parseIntCases() {
        #expect(runJS(#"""
            console.log(parseInt("42px"), parseInt("  -0x1F"), parseInt("0x"), parseInt("12", 3), parseInt("z", 36), parseInt("10", 1), parseInt("10", 37));
            console.log(parseInt(""), parseInt("-0"), 1 / parseInt("-0"), parseInt("0b11"), parseInt("  +7  "), parseInt(15.99), parseInt("1e3"));
            console.log(parseInt(null), parseInt("ff", 16), parseInt("0x10", 16), parseInt("0x10", 10), parseInt("\n\t 12"), parseInt("١٢"));
            console.log(parseInt("123456789012345678901234567890"), parseInt("11", 2), parseInt("777", 8), parseInt("10", 4294967312));
            console.log(parseInt(0.0000005), parseInt("Infinity"), parseInt({ toString() { return "8"; } }), parseInt.length);
            """#) == #"""
            42 -31 NaN 5 35 NaN NaN
            NaN -0 -Infinity 0 7 15 1
            NaN 255 16 0 12 NaN
            1.2345678901234568e+29 3 511 16
            5 NaN 8 2
            """#)
    }

    @Test func parseFloatCases() {
        #expect(runJS(#"""
            console.log(parseFloat("3.14abc"), parseFloat(".5"), parseFloat("-.5e2x"), parseFloat("1e"), parseFloat("1e+"), parseFloat("Infinityx"));
            console.log(parseFloat("-Infinity"), parseFloat("abc"), parseFloat("  1."), parseFloat("1.2.3"), parseFloat("-0"), 1 / parseFloat("-0"));
            console.log(parseFloat("0x10"), parseFloat("1e400"), parseFloat("+.1e-2"), parseFloat("."), parseFloat("-"), parseFloat("5e-324"), parseFloat("1_000"));
            """#) == #"""
            3.14 0.5 -50 1 1 Infinity
            -Infinity NaN 1 1.2 -0 -Infinity
            0 Infinity 0.001 NaN NaN 5e-324 1
            """#)
    }

    @Test func isNaNAndIsFinite() {
        #expect(runJS(#"""
            console.log(isNaN("abc"), isNaN("12"), isNaN(undefined), isNaN(null), isNaN({}), isNaN([]), isNaN(NaN));
            console.log(isFinite("12"), isFinite(Infinity), isFinite(null), isFinite("x"), isFinite(-1e308), isFinite(NaN));
            try { isNaN(Symbol()); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            true false true false true false true
            true false true false true false
            TypeError: Cannot convert a Symbol value to a number
            """#)
    }

    @Test func uriEncoding() {
        #expect(runJS(#"""
            console.log(encodeURIComponent("a b&c=d/é?€😀"), encodeURIComponent("-_.!~*'()"), encodeURIComponent(12));
            console.log(encodeURI("http://x.com/a b?q=1&r=é#frag"), encodeURI("[]{}|\\^`\"<>"));
            try { encodeURIComponent(String.fromCharCode(0xd800)); } catch (e) { console.log(e.name + ": " + e.message); }
            try { encodeURI(String.fromCharCode(0xdc00) + "x"); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            a%20b%26c%3Dd%2F%C3%A9%3F%E2%82%AC%F0%9F%98%80 -_.!~*'() 12
            http://x.com/a%20b?q=1&r=%C3%A9#frag %5B%5D%7B%7D%7C%5C%5E%60%22%3C%3E
            URIError: URI malformed
            URIError: URI malformed
            """#)
    }

    @Test func uriDecoding() {
        #expect(runJS(#"""
            console.log(decodeURIComponent("a%20b%26c%3Dd%2F%C3%A9%E2%82%AC%F0%9F%98%80"), decodeURI("%3Fx%20y%23%26%2f"), decodeURIComponent("%3Fx%20y%23%26"));
            console.log(decodeURIComponent("plain"), decodeURI("%41%c3%a9"), decodeURIComponent(encodeURIComponent("round trip ✓")));
            for (const bad of ["%", "%G0", "%C3", "%C3%28", "%E0%80%80", "%ED%A0%80", "%F4%90%80%80", "%80", "%FF"]) {
              try { decodeURIComponent(bad); console.log("ok", bad); } catch (e) { console.log(e.name + ": " + e.message); }
            }
            """#) == #"""
            a b&c=d/é€😀 %3Fx y%23%26%2f ?x y#&
            plain Aé round trip ✓
            URIError: URI malformed
            URIError: URI malformed
            URIError: URI malformed
            URIError: URI malformed
            URIError: URI malformed
            URIError: URI malformed
            URIError: URI malformed
            URIError: URI malformed
            URIError: URI malformed
            """#)
    }

    @Test func globals() {
        #expect(runJS(#"""
            console.log(globalThis.parseInt === parseInt, typeof globalThis, typeof console, typeof console.log, typeof encodeURI);
            console.log(Object.getOwnPropertyDescriptor(globalThis, "parseFloat").enumerable, parseFloat.name, decodeURIComponent.length);
            """#) == #"""
            true object object function function
            false parseFloat 1
            """#)
    }
}
