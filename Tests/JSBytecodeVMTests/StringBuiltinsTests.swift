// Golden tests for String (expected outputs from node 20).
import Testing
@testable import JSBytecodeVM

@Suite struct StringBuiltinsTests {
    @Test func constructorAndConversion() {
        #expect(runJS(#"console.log(String(123), String(null), String(undefined), String(true), String(-0), String([1, [2, 3]]), String())"#) == #"123 null undefined true 0 1,2,3 "#)
        #expect(runJS(#"console.log(String(Symbol('d')), String(Symbol()), typeof new String('ab'), new String('ab').length, JSON.stringify(new String('ab')))"#) == #"Symbol(d) Symbol() object 2 "ab""#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(t(() => '' + Symbol()), t(() => `${Symbol('x')}`))"#) == #"TypeError: Cannot convert a Symbol value to a string TypeError: Cannot convert a Symbol value to a string"#)
        #expect(runJS(#"const s = new String('hey'); console.log(s.toString(), s.valueOf(), typeof s.valueOf(), s[1], Object.keys(s).join())"#) == #"hey hey string e 0,1,2"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(t(() => String.prototype.toString.call(1)), t(() => String.prototype.valueOf.call({})))"#) == #"TypeError: String.prototype.toString requires that 'this' be a String TypeError: String.prototype.valueOf requires that 'this' be a String"#)
        #expect(runJS(#"class S extends String {}; const s = new S('abc'); console.log(s.length, s.toUpperCase(), s instanceof String, s instanceof S)"#) == #"3 ABC true true"#)
        #expect(runJS(#"console.log(String.prototype.length, String.prototype.toString(), 'abc'.length, 'é'.length, '😀'.length)"#) == #"0  3 1 2"#)
    }

    @Test func statics() {
        #expect(runJS(#"console.log(String.fromCharCode(72, 105), String.fromCharCode(65601), String.fromCharCode('66', 0x1F600).length, String.fromCharCode())"#) == #"Hi A 2 "#)
        #expect(runJS(#"console.log(String.fromCodePoint(128512) === '😀', String.fromCodePoint(65, 0x1F600, 66).length, String.fromCodePoint(0xD800).charCodeAt(0))"#) == #"true 4 55296"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(t(() => String.fromCodePoint(-1)), t(() => String.fromCodePoint(1.5)), t(() => String.fromCodePoint(0x110000)), t(() => String.fromCodePoint('x')), t(() => String.fromCodePoint(Infinity)))"#) == #"RangeError: Invalid code point -1 RangeError: Invalid code point 1.5 RangeError: Invalid code point 1114112 RangeError: Invalid code point NaN RangeError: Invalid code point Infinity"#)
        #expect(runJS(#"console.log(String.raw`a\n${1 + 1}b${'x'}`, String.raw({ raw: ['x', 'y', 'z'] }, 1), String.raw({ raw: 'abc' }, '-', '+', '*'))"#) == #"a\n2bx x1yz a-b+c"#)
    }

    @Test func characterAccess() {
        #expect(runJS(#"const s = 'hello'; console.log(s.at(0), s.at(-1), s.at(5), s.at(-6), s.at('1'), s.at(1.7), s.at(NaN))"#) == #"h o undefined undefined e e h"#)
        #expect(runJS(#"const s = 'hello'; console.log(s.charAt(1), JSON.stringify(s.charAt(9)), JSON.stringify(s.charAt(-1)), s.charAt(), s.charAt('4'))"#) == #"e "" "" h o"#)
        #expect(runJS(#"const s = 'héllo'; console.log(s.charCodeAt(1), s.charCodeAt(), s.charCodeAt(10), s.charCodeAt(-1), s.charCodeAt(1.9))"#) == #"233 104 NaN NaN 233"#)
        #expect(runJS(#"const s = 'a😀b'; console.log(s.codePointAt(0), s.codePointAt(1), s.codePointAt(2), s.codePointAt(3), s.codePointAt(4))"#) == #"97 128512 56832 98 undefined"#)
        #expect(runJS(#"const s = 'a😀b'; const out = []; for (const c of s) out.push(c.length); console.log(out.join(), [...'😀x'].length, Array.from('abc').join('-'))"#) == #"1,2,1 2 a-b-c"#)
        #expect(runJS(#"const it = 'ab'[Symbol.iterator](); console.log(JSON.stringify(it.next()), JSON.stringify(it.next()), JSON.stringify(it.next()))"#) == #"{"value":"a","done":false} {"value":"b","done":false} {"done":true}"#)
    }

    @Test func searching() {
        #expect(runJS(#"const s = 'Mississippi'; console.log(s.indexOf('ss'), s.indexOf('ss', 3), s.indexOf('ss', 6), s.indexOf(''), s.indexOf('', 20), s.indexOf('x'), s.indexOf('i', -5))"#) == #"2 5 -1 0 11 -1 1"#)
        #expect(runJS(#"const s = 'Mississippi'; console.log(s.lastIndexOf('ss'), s.lastIndexOf('ss', 4), s.lastIndexOf('i', 0), s.lastIndexOf(''), s.lastIndexOf('', 3), s.lastIndexOf('M', -1), s.lastIndexOf('p', NaN))"#) == #"5 2 -1 11 3 0 9"#)
        #expect(runJS(#"const s = 'abc'; console.log(s.includes('b'), s.includes('b', 2), s.includes(''), s.includes('abcd'), 'a,b'.includes(','))"#) == #"true false true false true"#)
        #expect(runJS(#"const s = 'The quick fox'; console.log(s.startsWith('The'), s.startsWith('quick', 4), s.startsWith(''), s.startsWith('x', -3), s.endsWith('fox'), s.endsWith('quick', 9), s.endsWith('The', 3), s.endsWith('', 0), s.endsWith('fox', 100))"#) == #"true true true false true true true true true"#)
        #expect(runJS(#"console.log('undefined'.indexOf(), 'null'.includes(null), 'a1b'.indexOf(1))"#) == #"0 true 1"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log('a.c'.search('c'), 'abc'.search('x'), t(() => String.prototype.includes.call(null, 'x')), t(() => String.prototype[Symbol.iterator].call(null)))"#) == #"2 -1 TypeError: String.prototype.includes called on null or undefined TypeError: String.prototype[Symbol.iterator] called on null or undefined"#)
    }

    @Test func substrings() {
        #expect(runJS(#"const s = 'The quick brown fox'; console.log(s.slice(4, 9), s.slice(-3), s.slice(10), s.slice(-9, -4), JSON.stringify(s.slice(5, 2)), s.slice(), s.slice(NaN, 3))"#) == #"quick fox brown fox brown "" The quick brown fox The"#)
        #expect(runJS(#"const s = 'The quick brown fox'; console.log(s.substring(4, 9), s.substring(9, 4), s.substring(-5, 3), s.substring(16), s.substring(3, NaN), s.substring(2, Infinity))"#) == #"quick quick The fox The e quick brown fox"#)
        #expect(runJS(#"const s = 'The quick brown fox'; console.log(s.substr(4, 5), s.substr(-3), s.substr(-3, 2), JSON.stringify(s.substr(4, -1)), s.substr(16, 100), JSON.stringify(s.substr(30)))"#) == #"quick fox fo "" fox """#)
    }

    @Test func splitting() {
        #expect(runJS(#"console.log(JSON.stringify('a,b,,c'.split(',')), JSON.stringify('abc'.split('')), JSON.stringify(''.split('')), JSON.stringify(''.split('x')), JSON.stringify('abc'.split()))"#) == #"["a","b","","c"] ["a","b","c"] [] [""] ["abc"]"#)
        #expect(runJS(#"console.log(JSON.stringify('abc'.split(undefined, 0)), JSON.stringify('a,b,c'.split(',', -1)), JSON.stringify('a,b,c'.split(',', 2.9)), JSON.stringify('abc'.split('', 2)), JSON.stringify('aXbX'.split('X')))"#) == #"[] ["a","b","c"] ["a","b"] ["a","b"] ["a","b",""]"#)
        #expect(runJS(#"console.log(JSON.stringify('😀a'.split('')), JSON.stringify('a--b--c'.split('--')), JSON.stringify('one two  three'.split(' ')), JSON.stringify('1,2,3'.split(1)), 'Mississippi'.split('ss').length - 1)"#) == #"["\ud83d","\ude00","a"] ["a","b","c"] ["one","two","","three"] ["",",2,3"] 2"#)
        #expect(runJS(#"const csv = 'id,name\n1,ann\n2,bob\n'; const rows = csv.trim().split('\n').map((l) => l.split(',')); console.log(JSON.stringify(rows))"#) == #"[["id","name"],["1","ann"],["2","bob"]]"#)
    }

    @Test func building() {
        #expect(runJS(#"console.log('ab'.repeat(3), JSON.stringify('x'.repeat(0)), JSON.stringify(''.repeat(100)), 'a'.repeat(2.7), JSON.stringify('a'.repeat(-0.5)), 'ab'.repeat('2'))"#) == #"ababab "" "" aa "" abab"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(t(() => 'a'.repeat(-1)), t(() => 'a'.repeat(Infinity)), t(() => ''.repeat(2 ** 40)), t(() => 'ab'.repeat(2 ** 28)))"#) == #"RangeError: Invalid count value: -1 RangeError: Invalid count value: Infinity "" RangeError: Invalid string length"#)
        #expect(runJS(#"console.log('|' + 'abc'.padStart(6) + '|' + 'abc'.padEnd(6, '.') + '|' + '7'.padStart(3, '0') + '|' + 'toolong'.padStart(3) + '|' + 'x'.padEnd(6, 'ab') + '|' + 'x'.padStart(4, '') + '|')"#) == #"|   abc|abc...|007|toolong|xababa|x|"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(''.padEnd(3, 'ab'), 'x'.padStart(-1), 'x'.padStart(3, undefined) + '|', t(() => 'x'.padStart(2 ** 30)), t(() => 'x'.padEnd(2 ** 29 + 5, '')))"#) == #"aba x   x| RangeError: Invalid string length "x""#)
        #expect(runJS(#"console.log('x'.concat('y', 1, null, undefined, [2, 3]), ''.concat(), 'a'.concat({ toString() { return 'B'; } }))"#) == #"xy1nullundefined2,3  aB"#)
    }

    @Test func replacing() {
        #expect(runJS(#"console.log('one two one'.replace('one', '1'), 'one two one'.replaceAll('one', '1'), 'aaa'.replace('a', 'b'), 'aaa'.replaceAll('a', 'b'), 'abc'.replace('x', 'y'))"#) == #"1 two one 1 two 1 baa bbb abc"#)
        #expect(runJS(#"console.log('abc'.replace('', '-'), 'abc'.replaceAll('', '-'), ''.replaceAll('', 'x'), 'aaaa'.replaceAll('aa', 'b'), 'line\nbreak\nhere'.replaceAll('\n', ' '))"#) == #"-abc -a-b-c- x bb line break here"#)
        #expect(runJS(#"console.log('abcd'.replace('bc', '[$&]'), 'abcd'.replace('bc', '[$`]'), "abcd".replace('bc', "[$']"), 'abcd'.replace('bc', '$$'), 'abcd'.replace('bc', '$1$<x>$'), 'a.b.c'.replaceAll('.', '$&$&'))"#) == #"a[bc]d a[a]d a[d]d a$d a$1$<x>$d a..b..c"#)
        #expect(runJS(#"console.log('abcabc'.replace('b', (m, p, s) => `(${m}@${p} in ${s})`), 'abcabc'.replaceAll('b', (m, p) => p), 'x-y-z'.replaceAll('-', () => '$&'), 'aaa'.replaceAll('', (m, p) => p))"#) == #"a(b@1 in abcabc)cabc a1ca4c x$&y$&z 0a1a2a3"#)
        #expect(runJS(#"console.log('abc'.replace('b', () => 42), 'abc'.replace('b', () => undefined), 'abc'.replace('b', { toString() { return 'Q'; } }), 'null'.replace(null, 'N'), 'abc'.replace('b'))"#) == #"a42c aundefinedc aQc N aundefinedc"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(t(() => String.prototype.replace.call(null, 'a', 'b')), t(() => String.prototype.replaceAll.call(undefined, 'a', () => 'b')), String.prototype.replace.length, String.prototype.replaceAll.name)"#) == #"TypeError: String.prototype.replace called on null or undefined TypeError: String.prototype.replaceAll called on null or undefined 2 replaceAll"#)
        #expect(runJS(#"const calls = []; 'a-b-c'.replaceAll('-', function () { calls.push(this === undefined); return '+'; }); console.log(calls.join())"#) == #"false,false"#)
    }

    @Test func caseAndWhitespace() {
        #expect(runJS(#"console.log('Hello World'.toUpperCase(), 'Hello World'.toLowerCase(), 'ÀÉÎõü'.toLowerCase(), 'straße'.toUpperCase(), 'ﬀ'.toUpperCase(), 'İ'.toLowerCase().length)"#) == #"HELLO WORLD hello world àéîõü STRASSE FF 2"#)
        #expect(runJS(#"console.log('ΑΣ'.toLowerCase(), 'ΑΣ Β'.toLowerCase(), 'Σ'.toLowerCase(), 'ΑΣΑ'.toLowerCase(), 'abc'.toLocaleUpperCase(), 'ABC'.toLocaleLowerCase())"#) == #"ας ας β σ ασα ABC abc"#)
        #expect(runJS(#"const lone = String.fromCharCode(0xd800); console.log(JSON.stringify((lone + 'a').toUpperCase()), JSON.stringify(('é' + lone).toUpperCase()), JSON.stringify(('x' + lone + 'ÿ').normalize('NFD')), JSON.stringify('ŉ'.toUpperCase()))"#) == #""\ud800A" "É\ud800" "x\ud800ÿ" "ʼN""#)
        #expect(runJS(#"console.log(JSON.stringify('  spaced out \t\n'.trim()), JSON.stringify('  x '.trimStart()), JSON.stringify('  x '.trimEnd()), JSON.stringify('\u00a0\ufeffx\u2028'.trim()), String.prototype.trimLeft === String.prototype.trimStart, String.prototype.trimRight.name)"#) == #""spaced out" "x " "  x" "x" true trimEnd"#)
        #expect(runJS(#"console.log('\u0041\u030a'.normalize().length, 'Å'.normalize('NFD').length, 'ﬁ'.normalize('NFKC'), 'abc'.normalize('NFKD'), 'é'.normalize('NFD').normalize('NFC') === 'é')"#) == #"1 2 fi abc true"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(t(() => 'a'.normalize('x')), t(() => String.prototype.trim.call(null)), t(() => String.prototype.toUpperCase.call(undefined)))"#) == #"RangeError: The normalization form should be one of NFC, NFD, NFKC, NFKD. TypeError: String.prototype.trim called on null or undefined TypeError: String.prototype.toUpperCase called on null or undefined"#)
    }

    @Test func localeCompare() {
        #expect(runJS(#"console.log('a'.localeCompare('b'), 'b'.localeCompare('a'), 'a'.localeCompare('a'), 'a'.localeCompare('A'), 'A'.localeCompare('a'), 'B'.localeCompare('a'), 'ab'.localeCompare('Aa'))"#) == #"-1 1 0 -1 1 1 1"#)
        #expect(runJS(#"console.log('résumé'.localeCompare('resume'), 'é'.localeCompare('f'), 'a b'.localeCompare('ab'), 'a-b'.localeCompare('ab'), 'a1'.localeCompare('a'), '10'.localeCompare('2'), ''.localeCompare('a'))"#) == #"1 -1 -1 -1 1 -1 -1"#)
        #expect(runJS(#"console.log(['banana', 'Apple', 'cherry', 'apple', 'Banana', '_x', '10', '9', 'éclair', 'eclair'].sort((a, b) => a.localeCompare(b)).join())"#) == #"_x,10,9,apple,Apple,banana,Banana,cherry,eclair,éclair"#)
        #expect(runJS(#"console.log(['Søren', 'Sven', 'Straße', 'Strasse', 'Łukasz', 'Lukas', 'Zoë', 'zoe', 'x²', 'x2', 'x3', '€5', '$5', '© x', '😀'].sort((a, b) => a.localeCompare(b)).join())"#) == #"© x,😀,$5,€5,Lukas,Łukasz,Søren,Strasse,Straße,Sven,x2,x²,x3,zoe,Zoë"#)
        #expect(runJS(#"console.log('\u00a0'.localeCompare(' '), 'ß'.localeCompare('ss'), 'Æ'.localeCompare('AE'), 'ø'.localeCompare('p'), '١'.localeCompare('1'), 'a\u0000'.localeCompare('a'), 'ﬁ'.localeCompare('fi'))"#) == #"1 1 1 -1 0 0 1"#)
    }

    @Test func stringsBenchmarkShape() {
        #expect(runJS(#"let h = 5381; const s = 'a,b,c\n'.repeat(50); for (let i = 0; i < s.length; i++) h = (Math.imul(h, 33) + s.charCodeAt(i)) | 0; const lines = s.split('\n'); console.log(h, lines.length, lines[3].split(',').join('|').toUpperCase(), s.indexOf('c', 10), s.slice(-4))"#) == #"673762453 51 A|B|C 10 b,c\#n"#)
    }

    /// Regular expressions are not supported: `search` takes only literal
    /// patterns (node would build a RegExp from the string), `match` and
    /// `matchAll` always throw.
    @Test func regexMethodsAreUnsupported() {
        #expect(runJS(#"console.log('a.c'.search('c'), 'abc'.search('x'))"#) == "2 -1")
        let t = "const t = (f) => { try { return f(); } catch (e) { return e.name + ': ' + e.message; } };\n"
        #expect(runJS(t + "console.log(t(() => 'a.c'.search('.')))") == "TypeError: Regular expressions are not supported")
        #expect(runJS(t + "console.log(t(() => 'abc'.match('b')))") == "TypeError: Regular expressions are not supported")
        #expect(runJS(t + "console.log(t(() => 'abc'.matchAll('b')))") == "TypeError: Regular expressions are not supported")
    }
}
