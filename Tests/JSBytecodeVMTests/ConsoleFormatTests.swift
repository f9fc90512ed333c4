import Testing
@testable import JSBytecodeVM

// Golden tests of console formatting (util.inspect / util.format); expected
// outputs come from Node.js 20.

@Suite struct ConsoleFormatTests {
    @Test func primitivesAtTopLevel() {
        #expect(runJS(#"""
            console.log("plain", 1, 2.5, -0, 0, true, null, undefined, NaN, -Infinity, 1e21, 1e-7, 123456789012, 0.1 + 0.2);
            console.log(Symbol("desc"), Symbol(), Symbol.iterator);
            console.log("");
            console.log();
            console.log("tab\there", "newline\nsplit");
            """#) == #"""
            plain 1 2.5 -0 0 true null undefined NaN -Infinity 1e+21 1e-7 123456789012 0.30000000000000004
            Symbol(desc) Symbol() Symbol(Symbol.iterator)


            tab\#there newline
            split
            """#)
    }

    @Test func levels() {
        #expect(runJS(#"""
            console.log("log"); console.info("info"); console.debug("debug"); console.warn("warn"); console.error("error");
            console.log(typeof console.log, console.log.name, console.log.length);
            """#) == #"""
            log
            info
            debug
            warn
            error
            function log 0
            """#)
    }

    @Test func stringsInContainers() {
        #expect(runJS(#"""
            console.log(["a", "b"], ["it's"], ["say \"hi\""], ["both ' and \""], ["all ' \" `"], ["back\\slash", "\u0001", "\x7f"]);
            console.log(["tab\t", "nl\n", "cr\r", "bs\b", "ff\f", "vt\v"], [String.fromCharCode(0xd800) + "x", "😀", "é"]);
            console.log({ s: "x" }, [""], ["${x} and ' and \""]);
            """#) == #"""
            [ 'a', 'b' ] [ "it's" ] [ 'say "hi"' ] [ `both ' and "` ] [ 'all \' " `' ] [ 'back\\slash', '\x01', '\x7F' ]
            [ 'tab\t', 'nl\n', 'cr\r', 'bs\b', 'ff\f', 'vt\x0B' ] [ '\ud800x', '😀', 'é' ]
            { s: 'x' } [ '' ] [ '${x} and \' and "' ]
            """#)
    }

    @Test func numbersInContainers() {
        #expect(runJS(#"""
            console.log([-0, 0, 1.5, NaN, Infinity, -1e-7, 2 ** 53], { n: -0 });
            """#) == #"""
            [ -0, 0, 1.5, NaN, Infinity, -1e-7, 9007199254740992 ] { n: -0 }
            """#)
    }

    @Test func arrays() {
        #expect(runJS(#"""
            console.log([], [1, 2, 3], [[1, [2, [3, [4]]]]], [undefined, null], [[]], [{}]);
            console.log([1, 2, , 4, , , 7], [, ], new Array(5), [1, , ]);
            const arr = [1, 2]; arr.x = 3; arr[Symbol("q")] = 4; arr["key with space"] = 5;
            console.log(arr);
            """#) == #"""
            [] [ 1, 2, 3 ] [ [ 1, [ 2, [Array] ] ] ] [ undefined, null ] [ [] ] [ {} ]
            [ 1, 2, <1 empty item>, 4, <2 empty items>, 7 ] [ <1 empty item> ] [ <5 empty items> ] [ 1, <1 empty item> ]
            [ 1, 2, x: 3, 'key with space': 5, [Symbol(q)]: 4 ]
            """#)
    }

    @Test func sparseArrayLimits() {
        #expect(runJS(#"""
            const a = []; a[150] = 1;
            console.log(a);
            const b = Array.from({ length: 120 }, (_, i) => i); b[110] = undefined; delete b[50];
            console.log(b.length, String(b).length);
            const c = [1]; c[200] = 2;
            console.log(c);
            """#) == #"""
            [ <150 empty items>, 1 ]
            120 364
            [ 1, <199 empty items>, 2 ]
            """#)
    }

    @Test func groupedNumberArrays() {
        #expect(runJS(#"""
            console.log(Array.from({ length: 30 }, (_, i) => i * 37));
            console.log(Array.from({ length: 7 }, (_, i) => i));
            console.log(Array.from({ length: 10 }, (_, i) => i * 1000));
            console.log([1, 22, 333, 4444, 55555, 666666, 7777777, 88888888]);
            console.log(Array.from({ length: 20 }, (_, i) => -i * 1.5));
            """#) == #"""
            [
                0,  37,  74, 111,  148,  185,
              222, 259, 296, 333,  370,  407,
              444, 481, 518, 555,  592,  629,
              666, 703, 740, 777,  814,  851,
              888, 925, 962, 999, 1036, 1073
            ]
            [
              0, 1, 2, 3,
              4, 5, 6
            ]
            [
                 0, 1000, 2000,
              3000, 4000, 5000,
              6000, 7000, 8000,
              9000
            ]
            [
                    1,       22,
                  333,     4444,
                55555,   666666,
              7777777, 88888888
            ]
            [
               -0,  -1.5,  -3,  -4.5,
               -6,  -7.5,  -9, -10.5,
              -12, -13.5, -15, -16.5,
              -18, -19.5, -21, -22.5,
              -24, -25.5, -27, -28.5
            ]
            """#)
    }

    @Test func groupedStringArrays() {
        #expect(runJS(#"""
            console.log(Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat(i % 5 + 1)));
            console.log(["apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew"]);
            console.log([1, "a", 2, "b", 3, "c", 4, "d"]);
            """#) == #"""
            [
              'a',     'bb',    'ccc',   'dddd',
              'eeeee', 'f',     'gg',    'hhh',
              'iiii',  'jjjjj', 'k',     'll',
              'mmm',   'nnnn',  'ooooo', 'p',
              'qq',    'rrr',   'ssss',  'ttttt',
              'u',     'vv',    'www',   'xxxx',
              'yyyyy', 'z'
            ]
            [
              'apple',
              'banana',
              'cherry',
              'date',
              'elderberry',
              'fig',
              'grape',
              'honeydew'
            ]
            [
              1, 'a', 2, 'b',
              3, 'c', 4, 'd'
            ]
            """#)
    }

    @Test func longArrays() {
        #expect(runJS(#"""
            console.log(Array.from({ length: 120 }, (_, i) => i));
            console.log(Array.from({ length: 101 }, () => "x"));
            console.log(Array.from({ length: 8 }, (_, i) => ({ id: i })));
            """#) == #"""
            [
               0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,
              12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
              24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
              36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
              48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,
              60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,
              72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,
              84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
              96, 97, 98, 99,
              ... 20 more items
            ]
            [
              'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
              'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
              'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
              'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
              'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
              'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
              'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
              'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
              'x', 'x', 'x', 'x',
              ... 1 more item
            ]
            [
              { id: 0 }, { id: 1 },
              { id: 2 }, { id: 3 },
              { id: 4 }, { id: 5 },
              { id: 6 }, { id: 7 }
            ]
            """#)
    }

    @Test func arraysOfLongItems() {
        #expect(runJS(#"""
            console.log(["a fairly long string number one", "a fairly long string number two", "a fairly long string number three"]);
            console.log([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [13, 14, 15], [16, 17, 18], [19, 20, 21]]);
            """#) == #"""
            [
              'a fairly long string number one',
              'a fairly long string number two',
              'a fairly long string number three'
            ]
            [
              [ 1, 2, 3 ],
              [ 4, 5, 6 ],
              [ 7, 8, 9 ],
              [ 10, 11, 12 ],
              [ 13, 14, 15 ],
              [ 16, 17, 18 ],
              [ 19, 20, 21 ]
            ]
            """#)
    }

    @Test func objects() {
        #expect(runJS(#"""
            console.log({}, { a: 1, b: "x" }, { nested: { deep: { deeper: { deepest: 1 } } } }, { arr: [[[[1]]]] });
            console.log({ "a-b": 1, __proto__x: 2, ["__proto__"]: 3, [Symbol("s")]: 4, 1: 5, "é": 6, $d: 7, _u: 8 });
            console.log({ f() {}, g: function () {}, h: () => 1, k: class {} });
            console.log({ u: undefined, n: null, e: "" });
            """#) == #"""
            {} { a: 1, b: 'x' } { nested: { deep: { deeper: [Object] } } } { arr: [ [ [Array] ] ] }
            {
              '1': 5,
              'a-b': 1,
              __proto__x: 2,
              ['__proto__']: 3,
              'é': 6,
              '$d': 7,
              _u: 8,
              [Symbol(s)]: 4
            }
            { f: [Function: f], g: [Function: g], h: [Function: h], k: [class k] }
            { u: undefined, n: null, e: '' }
            """#)
    }

    @Test func lineBreaking() {
        #expect(runJS(#"""
            console.log({ a: "x".repeat(30), b: "y".repeat(30) });
            console.log({ a: "x".repeat(30), b: "y".repeat(40) });
            console.log({ list: [1, 2, 3], obj: { x: 1, y: 2 }, str: "some text here", num: 12345, flag: true });
            console.log({ level1: { level2: { a: 1, b: 2, c: "a longer string value here", d: [1, 2, 3] } } });
            console.log([{ name: "alice", age: 30, tags: ["a", "b"] }, { name: "bob", age: 25, tags: [] }]);
            """#) == #"""
            {
              a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
              b: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'
            }
            {
              a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
              b: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'
            }
            {
              list: [ 1, 2, 3 ],
              obj: { x: 1, y: 2 },
              str: 'some text here',
              num: 12345,
              flag: true
            }
            {
              level1: {
                level2: { a: 1, b: 2, c: 'a longer string value here', d: [Array] }
              }
            }
            [
              { name: 'alice', age: 30, tags: [ 'a', 'b' ] },
              { name: 'bob', age: 25, tags: [] }
            ]
            """#)
    }

    @Test func longStrings() {
        #expect(runJS(#"""
            console.log({ s: "a very long string that definitely exceeds the break length of eighty characters\nsecond line here" });
            console.log(["a very long string with trailing newline that is longer than the limit of 80\n"]);
            console.log([["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nbbb"]]);
            console.log(["x".repeat(10005)].toString().length, ["y".repeat(10003)]);
            """#) == #"""
            {
              s: 'a very long string that definitely exceeds the break length of eighty characters\n' +
                'second line here'
            }
            [
              'a very long string with trailing newline that is longer than the limit of 80\n'
            ]
            [
              [
                'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n' +
                  'bbb'
              ]
            ]
            10005 [
              'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'... 3 more characters
            ]
            """#)
    }

    @Test func classInstances() {
        #expect(runJS(#"""
            class Foo { constructor() { this.x = 1; } }
            class Bar {}
            class Baz extends Foo { constructor() { super(); this.y = [1]; } }
            console.log(new Foo(), new Bar(), [new Foo()], { f: new Baz() });
            function Old(v) { this.v = v; }
            console.log(new Old(3), Object.create(Foo.prototype));
            class Tagged { get [Symbol.toStringTag]() { return "TT"; } }
            console.log(new Tagged(), { [Symbol.toStringTag]: "own" }, Object.create(null, { [Symbol.toStringTag]: { value: "N" } }));
            """#) == #"""
            Foo { x: 1 } Bar {} [ Foo { x: 1 } ] { f: Baz { x: 1, y: [ 1 ] } }
            Old { v: 3 } Foo {}
            Tagged [TT] {} { [Symbol(Symbol.toStringTag)]: 'own' } [Object: null prototype] [N] {}
            """#)
    }

    @Test func nullPrototype() {
        #expect(runJS(#"""
            console.log(Object.create(null), Object.assign(Object.create(null), { a: 1 }), [Object.create(null)]);
            console.log(Object.create(Object.create(null)));
            """#) == #"""
            [Object: null prototype] {} [Object: null prototype] { a: 1 } [ [Object: null prototype] {} ]
            Object <[Object: null prototype] {}> {}
            """#)
    }

    @Test func functions() {
        #expect(runJS(#"""
            console.log(function () {}, function f() {}, async function g() {}, async () => {}, () => {}, Math.max, (function () {}).bind(null));
            console.log([function f() {}], { f() {} }, Object.assign(function withProps() {}, { a: 1 }));
            const anon = [function () {}][0];
            console.log(anon, Object.defineProperty(function () {}, "name", { value: "renamed" }));
            """#) == #"""
            [Function (anonymous)] [Function: f] [AsyncFunction: g] [AsyncFunction (anonymous)] [Function (anonymous)] [Function: max] [Function: bound ]
            [ [Function: f] ] { f: [Function: f] } [Function: withProps] { a: 1 }
            [Function (anonymous)] [Function: renamed]
            """#)
    }

    @Test func classes() {
        #expect(runJS(#"""
            class A {}
            class B extends A {}
            const C = class {};
            console.log(A, B, C, class extends B {}, [A], { B });
            console.log(Object.assign(class WithStatic {}, { s: 1 }));
            """#) == #"""
            [class A] [class B extends A] [class C] [class (anonymous) extends B] [ [class A] ] { B: [class B extends A] }
            [class WithStatic] { s: 1 }
            """#)
    }

    @Test func collections() {
        #expect(runJS(#"""
            console.log(new Map([["a", 1], ["b", { x: 1 }]]), new Set([1, "a"]), new Map(), new Set());
            console.log(new Map([[{ k: 1 }, [1, 2]]]), new Set([[1, 2], new Set([3])]), [new Map([[1, 2]])]);
            console.log(new Map(Array.from({ length: 5 }, (_, i) => ["key" + i, "value number " + i])));
            const m = new Map([[1, 2]]); m.extra = true; console.log(m);
            """#) == #"""
            Map(2) { 'a' => 1, 'b' => { x: 1 } } Set(2) { 1, 'a' } Map(0) {} Set(0) {}
            Map(1) { { k: 1 } => [ 1, 2 ] } Set(2) { [ 1, 2 ], Set(1) { 3 } } [ Map(1) { 1 => 2 } ]
            Map(5) {
              'key0' => 'value number 0',
              'key1' => 'value number 1',
              'key2' => 'value number 2',
              'key3' => 'value number 3',
              'key4' => 'value number 4'
            }
            Map(1) { 1 => 2, extra: true }
            """#)
    }

    @Test func collectionIterators() {
        #expect(runJS(#"""
            console.log(new Map([[1, 2], [3, 4]]).entries(), new Map([[1, 2]]).keys(), new Map([[1, "v"]]).values());
            console.log(new Set([5, 6]).values(), new Set([5]).entries(), [1, 2].values(), "ab"[Symbol.iterator]());
            const it = new Set([1, 2, 3]).values(); it.next();
            console.log(it);
            """#) == #"""
            [Map Entries] { [ 1, 2 ], [ 3, 4 ] } [Map Iterator] { 1 } [Map Iterator] { 'v' }
            [Set Iterator] { 5, 6 } [Set Entries] { [ 5, 5 ] } Object [Array Iterator] {} Object [String Iterator] {}
            [Set Iterator] { 2, 3 }
            """#)
    }

    @Test func promises() {
        #expect(runJS(#"""
            console.log(Promise.resolve(1), new Promise(() => {}), [Promise.resolve({ a: 1 })], Promise.resolve([1, 2]));
            const rejected = Promise.reject("no");
            rejected.catch(() => {});
            console.log(rejected);
            """#) == #"""
            Promise { 1 } Promise { <pending> } [ Promise { { a: 1 } } ] Promise { [ 1, 2 ] }
            Promise { <rejected> 'no' }
            """#)
    }

    @Test func boxedPrimitives() {
        #expect(runJS(#"""
            console.log(new Number(3), new String("ab"), new Boolean(false), Object(Symbol("z")), [new Number(-0)]);
            const s = new String("hi"); s.extra = 1;
            console.log(s, Object.assign(new Number(1), { k: "v" }));
            """#) == #"""
            [Number: 3] [String: 'ab'] [Boolean: false] [Symbol: Symbol(z)] [ [Number: -0] ]
            [String: 'hi'] { extra: 1 } [Number: 1] { k: 'v' }
            """#)
    }

    @Test func circularReferences() {
        #expect(runJS(#"""
            const o = {}; o.self = o;
            console.log(o);
            const a = [1]; a.push(a);
            console.log(a);
            const x = { name: "x" }; const y = { name: "y", x }; x.y = y;
            console.log(x, [x]);
            const m = new Map(); m.set("me", m);
            console.log(m);
            """#) == #"""
            <ref *1> { self: [Circular *1] }
            <ref *1> [ 1, [Circular *1] ]
            <ref *1> { name: 'x', y: { name: 'y', x: [Circular *1] } } [ <ref *1> { name: 'x', y: { name: 'y', x: [Circular *1] } } ]
            <ref *1> Map(1) { 'me' => [Circular *1] }
            """#)
    }

    @Test func gettersAndSetters() {
        #expect(runJS(#"""
            console.log({ get a() { return 1; }, set a(v) {}, get b() { return 1; }, set c(v) {} });
            class P { get computed() { return 1; } }
            console.log(new P(), Object.defineProperty({}, "hidden", { get() { return 1; } }));
            """#) == #"""
            { a: [Getter/Setter], b: [Getter], c: [Setter] }
            P {} {}
            """#)
    }

    @Test func argumentsObject() {
        #expect(runJS(#"""
            (function () { console.log(arguments); })(1, "a");
            (function () { console.log(arguments); })();
            """#) == #"""
            [Arguments] { '0': 1, '1': 'a' }
            [Arguments] {}
            """#)
    }

    @Test func prototypes() {
        #expect(runJS(#"""
            console.log(Boolean.prototype, Number.prototype, String.prototype, Symbol.prototype, Object.prototype);
            console.log(Function.prototype, Array.prototype, Error.prototype, TypeError.prototype);
            class K { m() {} }
            console.log(K.prototype, Object.getPrototypeOf([]) === Array.prototype);
            """#) == #"""
            {} {} {} Object [Symbol] {} [Object: null prototype] {}
            [Function (anonymous)] Object Object(0) [] {} [Error [TypeError]]
            {} true
            """#)
    }

    @Test func depthLimit() {
        #expect(runJS(#"""
            console.log({ a: { b: { c: { d: { e: 1 } } } } }, [[[[[]]]]], [[[[1]]]], { a: [{ b: { c: {} } }] });
            class Foo {}
            console.log({ m: { n: { o: new Map([[1, 2]]) } } }, { m: { n: { o: [1] } } }, { m: { n: { o: new Foo() } } });
            """#) == #"""
            { a: { b: { c: [Object] } } } [ [ [ [Array] ] ] ] [ [ [ [Array] ] ] ] { a: [ { b: [Object] } ] }
            { m: { n: { o: [Map] } } } { m: { n: { o: [Array] } } } { m: { n: { o: Foo {} } } }
            """#)
    }

    @Test func formatDirectives() {
        #expect(runJS(#"""
            console.log("%s is %d years", "Bob", 42);
            console.log("%d %i %f %j %c|%%|%x", "42.5", "42.5", "42.5abc", { a: [1] }, "css", 1);
            console.log("%s", Symbol("q"), "%s");
            console.log("%s %s", -0, "x", "extra", { a: 1 });
            console.log("100%", 5); console.log("%", 5); console.log("a%sb"); console.log("%%"); console.log("%%", 1);
            console.log("%s", null, undefined, "%d", 3);
            console.log("%d", {}, "%o", "str");
            console.log("%O", "str");
            console.log("%i|%d|%f", -0, -0, "-0");
            console.log("%d %i", Symbol(), Symbol());
            console.log("trailing %", 1);
            console.log("%s", 1.5, "%s");
            """#) == #"""
            Bob is 42 years
            42.5 42 42.5 {"a":[1]} |%|%x 1
            Symbol(q) %s
            -0 x extra { a: 1 }
            100% 5
            % 5
            a%sb
            %%
            % 1
            null undefined %d 3
            NaN %o str
            'str'
            0|-0|-0
            NaN NaN
            trailing % 1
            1.5 %s
            """#)
    }

    @Test func formatStringDirective() {
        #expect(runJS(#"""
            console.log("%s", { a: 1 }, "|", "%s");
            console.log("%s|%s", [1, [2, [3]]], function fn() { return 1; });
            console.log("%s", new (class B { toString() { return "B!"; } })());
            console.log("%s", { toString() { return "own"; } });
            console.log("%s", new Map([[1, 2]]), "%s", new Error("e").message);
            """#) == #"""
            { a: 1 } | %s
            [ 1, [Array] ]|function fn() { return 1; }
            B!
            own
            Map(1) { 1 => 2 } %s e
            """#)
    }

    @Test func formatJsonDirective() {
        #expect(runJS(#"""
            console.log("%j", { a: [1, "x"] });
            console.log("%j", (() => { const a = {}; a.a = a; return a; })());
            console.log("%j %j", undefined, "s");
            """#) == #"""
            {"a":[1,"x"]}
            [Circular]
            undefined "s"
            """#)
    }

    @Test func formatObjectDirectives() {
        #expect(runJS(#"""
            console.log("%O", { a: { b: { c: { d: 1 } } } });
            console.log("%o", [1, 2]);
            console.log("%o", { a: [1], s: "x" });
            console.log("%O and %o", "s", 42);
            class Foo { constructor() { this.x = 1; } get g() { return 2; } method() {} }
            class Bar extends Foo { get h() { return 3; } }
            console.log("%o", new Bar(), "%o");
            """#) == #"""
            { a: { b: { c: [Object] } } }
            [ 1, 2, [length]: 2 ]
            { a: [ 1, [length]: 1 ], s: 'x' }
            's' and 42
            Bar { x: 1, [h]: [Getter], [g]: [Getter] } %o
            """#)
    }

    @Test func nonStringFirstArgument() {
        #expect(runJS(#"""
            console.log(5, "%s", "x");
            console.log({ a: 1 }, "%d", 2);
            console.log(["%s"], "y");
            """#) == #"""
            5 %s x
            { a: 1 } %d 2
            [ '%s' ] y
            """#)
    }
}
