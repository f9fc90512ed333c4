// Golden tests for Number and Math (expected outputs from node 20).
import Testing
@testable import JSBytecodeVM

@Suite struct NumberMathTests {
    @Test func numberConstructor() {
        #expect(runJS(#"console.log(Number('12px'), Number(''), Number('  42  '), Number('0b101'), Number('1_000'), Number(' 0x1F '), Number('-0x10'), Number('1e1000'), Number('+.5'), Number('5.'))"#) == #"NaN 0 42 5 NaN 31 NaN Infinity 0.5 5"#)
        #expect(runJS(#"console.log(Number(null), Number([5]), Number(undefined), Number(), Number(false), Number(true), Number({ valueOf() { return 7; } }), new Number(5) + 1, typeof new Number(5))"#) == #"0 5 NaN 0 0 1 7 6 object"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(t(() => Number(Symbol())), new Number(3).valueOf(), Object.prototype.toString.call(new Number(1)), Number.prototype.valueOf())"#) == #"TypeError: Cannot convert a Symbol value to a number 3 [object Number] 0"#)
        #expect(runJS(#"console.log(Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)"#) == #"1.7976931348623157e+308 5e-324 2.220446049250313e-16 9007199254740991 -9007199254740991 NaN Infinity -Infinity"#)
        #expect(runJS(#"Number.MAX_VALUE = 1; console.log(Number.MAX_VALUE === 1.7976931348623157e308, Object.keys(Number).length, Number.name, Number.length)"#) == #"true 0 Number 1"#)
    }

    /// Decimal integers of up to 15 digits take a shortcut; signs,
    /// whitespace, longer digit runs and near misses must agree with it.
    @Test func stringsToIntegers() {
        #expect(runJS(#"""
            const inputs = ["42", "-0", "+7", " 12 ", "\n-5\t", "123456789012345", "999999999999999", "-999999999999999", "1234567890123456", "12345678901234567891", "12a", "-", "+", "--1", "+-1", "0x1F", "1e3", "", "007", "-007", "1.5", "\u0660", "٣"];
            console.log(inputs.map(s => { const n = +s; return Object.is(n, -0) ? "-0" : String(n); }).join(" "));
            """#) == "42 -0 7 12 -5 123456789012345 999999999999999 -999999999999999 1234567890123456 12345678901234567000 NaN NaN NaN NaN NaN 31 1000 0 7 -7 1.5 NaN NaN")
    }

    @Test func numberPredicates() {
        #expect(runJS(#"console.log(Number.isInteger(5), Number.isInteger(5.5), Number.isInteger('5'), Number.isInteger(-0), Number.isInteger(Infinity), Number.isSafeInteger(2 ** 53), Number.isSafeInteger(2 ** 53 - 1), Number.isSafeInteger(-(2 ** 53)))"#) == #"true false false true false false true false"#)
        #expect(runJS(#"console.log(Number.isNaN('x'), Number.isNaN(NaN), Number.isFinite('1'), Number.isFinite(1), Number.isFinite(Infinity), Number.isFinite(NaN))"#) == #"false true false true false false"#)
        #expect(runJS(#"console.log(Number.parseInt('42px'), Number.parseFloat('3.14abc'), Number.parseInt === parseInt, Number.parseFloat === parseFloat)"#) == #"42 3.14 true true"#)
    }

    @Test func toFixed() {
        #expect(runJS(#"console.log((1234.5678).toFixed(2), (0.5).toFixed(0), (1.5).toFixed(0), (2.5).toFixed(0), (-1.5).toFixed(0), (-0.5).toFixed(0), (1.005).toFixed(2), (1e21).toFixed(2), (0).toFixed(3))"#) == #"1234.57 1 2 3 -2 -1 1.00 1e+21 0.000"#)
        #expect(runJS(#"console.log((-0).toFixed(2), (123.456).toFixed(10), (0.000001).toFixed(7), (1.45).toFixed(1), (8.345).toFixed(2), (1e-10).toFixed(3), (-1e-10).toFixed(3), (4.35).toFixed(1), (1.255).toFixed(2))"#) == #"0.00 123.4560000000 0.0000010 1.4 8.35 0.000 -0.000 4.3 1.25"#)
        #expect(runJS(#"console.log((5e-324).toFixed(100), (0.1).toFixed(20), (123).toFixed(), (99.995).toFixed(2), (999.9999).toFixed(3), (2 ** 60).toFixed(1), (-1.23e20).toFixed(3))"#) == #"0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000 0.10000000000000000555 123 100.00 1000.000 1152921504606846976.0 -123000000000000000000.000"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(NaN.toFixed(2), Infinity.toFixed(1), t(() => (1).toFixed(101)), t(() => (1).toFixed(-1)), t(() => Number.prototype.toFixed.call('1')), (1.25).toFixed('1'))"#) == #"NaN Infinity RangeError: toFixed() digits argument must be between 0 and 100 RangeError: toFixed() digits argument must be between 0 and 100 TypeError: Number.prototype.toFixed requires that 'this' be a Number 1.3"#)
    }

    @Test func toExponentialAndPrecision() {
        #expect(runJS(#"console.log((123.456).toExponential(), (123.456).toExponential(2), (0).toExponential(), (0).toExponential(2), (1e21).toExponential(3), (-1.5e-7).toExponential(1), (1.25).toExponential(1), (1.35).toExponential(1))"#) == #"1.23456e+2 1.23e+2 0e+0 0.00e+0 1.000e+21 -1.5e-7 1.3e+0 1.4e+0"#)
        #expect(runJS(#"console.log(NaN.toExponential(2), (5e-324).toExponential(), (1.7976931348623157e308).toExponential(20), (1).toExponential(0), (99.99).toExponential(1), (-0).toExponential())"#) == #"NaN 5e-324 1.79769313486231570815e+308 1e+0 1.0e+2 0e+0"#)
        #expect(runJS(#"console.log((123.456).toPrecision(4), (0.000123).toPrecision(2), (1e21).toPrecision(3), (123456).toPrecision(2), (1.5).toPrecision(1), (2.5).toPrecision(1), (0).toPrecision(3), (1e-7).toPrecision(2))"#) == #"123.5 0.00012 1.00e+21 1.2e+5 2 3 0.00 1.0e-7"#)
        #expect(runJS(#"console.log((123.456).toPrecision(), (999.99).toPrecision(3), (0.00001).toPrecision(1), (1e-6).toPrecision(1), (1e-7).toPrecision(1), (12345).toPrecision(5), (12345).toPrecision(4), (-Infinity).toPrecision(2))"#) == #"123.456 1.00e+3 0.00001 0.000001 1e-7 12345 1.235e+4 -Infinity"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(t(() => (1).toPrecision(0)), t(() => (1).toPrecision(101)), t(() => (1).toExponential(101)), t(() => (1).toExponential(-1)), Infinity.toExponential(200))"#) == #"RangeError: toPrecision() argument must be between 1 and 100 RangeError: toPrecision() argument must be between 1 and 100 RangeError: toExponential() argument must be between 0 and 100 RangeError: toExponential() argument must be between 0 and 100 Infinity"#)
    }

    @Test func toStringRadix() {
        #expect(runJS(#"console.log((255).toString(16), (255).toString(2), (-255).toString(16), (0.5).toString(2), (3.75).toString(2), (123456789).toString(36), (25).toString(36), (-7.5).toString(), (123.456).toString())"#) == #"ff 11111111 -ff 0.1 11.11 21i3v9 p -7.5 123.456"#)
        #expect(runJS(#"console.log((0.1).toString(3), (0.1).toString(2), (1e21).toString(16), (1e21).toString(36), (123.456).toString(36), Math.PI.toString(16), (2 ** 53 + 2).toString(2))"#) == #"0.0022002200220022002200220022002201 0.0001100110011001100110011001100110011001100110011001101 3635c9adc5dea00000 5v1j4f4ds7c000 3f.gez4w97ry 3.243f6a8885a3 100000000000000000000000000000000000000000000000000010"#)
        #expect(runJS(#"console.log((1e300).toString(7).length, (5e-324).toString(2).length, (-0).toString(2), NaN.toString(2), (-Infinity).toString(16), (0.000001).toString(5), (255.5).toString(16), (1 / 3).toString(36), (1e-7).toString(8))"#) == #"355 1076 0 NaN -Infinity 0.0000000014340322421131001434033 ff.8 0.c 0.0000000153277451527453644"#)
        #expect(runJS(#"const t = (f) => { try { return JSON.stringify(f()); } catch (e) { return e.name + ': ' + e.message; } };\#nconsole.log(t(() => (1).toString(1)), t(() => (1).toString(37)), (10).toString(undefined), (1e21).toString(10), (1e21 + 1).toString(10), t(() => Number.prototype.toString.call({})))"#) == #"RangeError: toString() radix argument must be between 2 and 36 RangeError: toString() radix argument must be between 2 and 36 10 1e+21 1e+21 TypeError: Number.prototype.toString requires that 'this' be a Number"#)
    }

    @Test func toLocaleString() {
        #expect(runJS(#"console.log((1234.5).toLocaleString(), (1234567.891).toLocaleString(), (0.0005).toLocaleString(), (1.0625).toLocaleString(), (-1234.5678).toLocaleString(), NaN.toLocaleString(), (-Infinity).toLocaleString())"#) == #"1,234.5 1,234,567.891 0.001 1.063 -1,234.568 NaN -∞"#)
        #expect(runJS(#"console.log((-0).toLocaleString(), (1e21).toLocaleString(), (0.9999).toLocaleString(), (999.9999).toLocaleString(), (1.0005).toLocaleString(), (1e-7).toLocaleString(), (-0.0001).toLocaleString(), (123).toLocaleString())"#) == #"-0 1,000,000,000,000,000,000,000 1 1,000 1.001 0 -0 123"#)
    }

    @Test func mathBasics() {
        #expect(runJS(#"console.log(Math.max(3, 9, -1), Math.min(3, 9, -1), Math.max(), Math.min(), Math.max(1, NaN), Math.max('7', 2), Object.is(Math.max(-0, 0), 0), Object.is(Math.min(0, -0), -0))"#) == #"9 -1 -Infinity Infinity NaN 7 true true"#)
        #expect(runJS(#"console.log(Math.abs(-4.2), Math.abs('-1'), Math.abs(null), Math.abs(), Math.sign(-3), Math.sign(0), Object.is(Math.sign(-0), -0), Math.sign('5'), Math.sign(NaN))"#) == #"4.2 1 0 NaN -1 0 true 1 NaN"#)
        #expect(runJS(#"console.log(Math.round(2.5), Math.round(-2.5), Math.round(-2.6), Math.round(0.49999999999999994), Object.is(Math.round(-0.4), -0), Math.round(1e20), Math.round(-0.5), Math.round(4.5000001))"#) == #"3 -2 -3 0 true 100000000000000000000 -0 5"#)
        #expect(runJS(#"console.log(Math.floor(-0.5), Math.ceil(-0.5) === 0, Object.is(Math.ceil(-0.5), -0), Math.trunc(4.7), Math.trunc(-4.7), Object.is(Math.trunc(-0.2), -0), Math.floor(2 ** 60 + 1) === 2 ** 60)"#) == #"-1 true true 4 -4 true true"#)
        #expect(runJS(#"console.log(Math.sqrt(16), Math.sqrt(2), Math.sqrt(-1), Math.cbrt(-27), Math.PI, Math.E, Math.LN2, Math.LN10, Math.LOG2E, Math.LOG10E, Math.SQRT1_2, Math.SQRT2)"#) == #"4 1.4142135623730951 NaN -3 3.141592653589793 2.718281828459045 0.6931471805599453 2.302585092994046 1.4426950408889634 0.4342944819032518 0.7071067811865476 1.4142135623730951"#)
        #expect(runJS(#"console.log(Math.pow(2, 10), Math.pow(1, NaN), Math.pow(NaN, 0), Math.pow(-8, 1 / 3), Math.pow(1, Infinity), Math.pow(-2, 0.5), Math.pow(0, -1), Math.pow(-0, -3), 2 ** 0.5 === Math.SQRT2)"#) == #"1024 NaN 1 NaN NaN NaN Infinity -Infinity true"#)
        #expect(runJS(#"console.log(Math.hypot(3, 4), Math.hypot(), Math.hypot(NaN, Infinity), Math.hypot(1e200, 1e200), Math.hypot(-3), Math.hypot(1, 2, 2))"#) == #"5 0 Infinity 1.414213562373095e+200 3 3"#)
        #expect(runJS(#"console.log(Math.clz32(1), Math.clz32(0), Math.clz32(-1), Math.clz32(0.5), Math.imul(3, 4), Math.imul(0xffffffff, 5), Math.imul(2 ** 31, 2), Math.fround(5.5), Math.fround(5.05), Math.fround(1e300))"#) == #"31 32 0 32 12 -5 0 5.5 5.050000190734863 Infinity"#)
        #expect(runJS(#"console.log(Math.exp(1) === Math.E, Math.log(Math.E), Math.log10(1000), Math.log2(8), Math.log1p(0), Math.expm1(0), Math.log(-1), Math.log(0))"#) == #"true 1 3 3 0 0 NaN -Infinity"#)
        #expect(runJS(#"console.log(Math.sin(0), Math.cos(0), Math.tan(0), Math.asin(1) * 2 === Math.PI, Math.acos(1), Math.atan(Infinity) * 2 === Math.PI, Math.atan2(1, 1) * 4 === Math.PI, Math.atan2(-0, -1) === -Math.PI)"#) == #"0 1 0 true 0 true true true"#)
        #expect(runJS(#"console.log(Math.sinh(0), Math.cosh(0), Math.tanh(Infinity), Math.asinh(0), Math.acosh(1), Math.atanh(0), Math.atanh(1), Object.prototype.toString.call(Math), String(Math), typeof Math.max, Math.max.length, Math.hypot.length)"#) == #"0 1 1 0 0 0 Infinity [object Math] [object Math] function 2 2"#)
    }

    @Test func mathRandom() {
        #expect(runJS(#"let ok = true; const seen = new Set(); for (let i = 0; i < 1000; i++) { const r = Math.random(); if (!(r >= 0 && r < 1)) ok = false; seen.add(r); } console.log(ok, seen.size > 990)"#) == #"true true"#)
    }

    @Test func numberMathConformanceShape() {
        #expect(runJS(#"const prices = [19.99, 5.5, 120, 0.1, 42.42]; for (const p of prices) { const c = p * 1.0825; console.log(p, c.toFixed(2), Math.round(c * 100) / 100, Math.floor(c), Math.ceil(c), Math.trunc(-c * 10)); }"#) == #"19.99 21.64 21.64 21 22 -216\#n5.5 5.95 5.95 5 6 -59\#n120 129.90 129.9 129 130 -1299\#n0.1 0.11 0.11 0 1 -1\#n42.42 45.92 45.92 45 46 -459"#)
        #expect(runJS(#"console.log(Number.MAX_SAFE_INTEGER + 2, 0.1 * 3, 1 / 3 * 3, 4.35.toFixed(1), 1.45.toFixed(1), 8.345.toFixed(2), (25).toString(36), (-255).toString(16), (3.75).toString(2), 1e21.toString())"#) == #"9007199254740992 0.30000000000000004 1 4.3 1.4 8.35 p -ff 11.11 1e+21"#)
    }

    /// Math.random is a seeded xorshift128+: every new VM gives the same sequence.
    @Test func mathRandomIsDeterministic() {
        let script = "console.log([Math.random(), Math.random(), Math.random()].join())"
        #expect(runJS(script) == runJS(script))
        #expect(runJS("console.log(Math.random() !== Math.random())") == "true")
    }
}
