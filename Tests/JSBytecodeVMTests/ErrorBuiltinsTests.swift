import Testing
@testable import JSBytecodeVM

// Golden tests for the Error constructors, Error.prototype and the
// "Uncaught ..." summary; expected outputs come from Node.js 20.

@Suite struct ErrorBuiltinsTests {
    @Test func constructors() {
        #expect(runJS(#"""
            const types = [new RangeError("r"), new TypeError("t"), new SyntaxError("s"), new ReferenceError("x"), new EvalError("e"), new URIError("u"), new Error("plain")];
            console.log(types.map((e) => `${e.name}:${e.message}:${e instanceof Error}:${e.constructor.name}`).join(" "));
            console.log(Error("no new") instanceof Error, TypeError("y").message, RangeError().message === "", typeof Error("x").stack);
            console.log(Error.length, TypeError.length, AggregateError.length, Error.name, URIError.name);
            """#) == #"""
            RangeError:r:true:RangeError TypeError:t:true:TypeError SyntaxError:s:true:SyntaxError ReferenceError:x:true:ReferenceError EvalError:e:true:EvalError URIError:u:true:URIError Error:plain:true:Error
            true y true string
            1 1 2 Error URIError
            """#)
    }

    @Test func prototypeChain() {
        #expect(runJS(#"""
            console.log(Object.getPrototypeOf(TypeError) === Error, Object.getPrototypeOf(TypeError.prototype) === Error.prototype, Object.getPrototypeOf(Error.prototype) === Object.prototype);
            console.log(TypeError.prototype.name, Error.prototype.message === "", TypeError.prototype.message === "", Object.hasOwn(TypeError.prototype, "toString"));
            console.log(Object.getOwnPropertyNames(Error.prototype).sort(), Object.getOwnPropertyNames(TypeError.prototype).sort());
            """#) == #"""
            true true true
            TypeError true true false
            [ 'constructor', 'message', 'name', 'toString' ] [ 'constructor', 'message', 'name' ]
            """#)
    }

    @Test func ownProperties() {
        #expect(runJS(#"""
            const err = new Error("m");
            console.log(Object.getOwnPropertyNames(err), Object.getOwnPropertyDescriptor(err, "message"), Object.getOwnPropertyDescriptor(err, "stack").enumerable);
            console.log(Object.keys(err), JSON.stringify(err), new Error(undefined).hasOwnProperty("message"), new Error("").hasOwnProperty("message"));
            console.log(Object.getOwnPropertyNames(new Error("x", { cause: 1 })), Object.getOwnPropertyNames(new AggregateError([1], "m", { cause: 1 })));
            """#) == #"""
            [ 'stack', 'message' ] { value: 'm', writable: true, enumerable: false, configurable: true } false
            [] {} false true
            [ 'stack', 'message', 'cause' ] [ 'stack', 'message', 'cause', 'errors' ]
            """#)
    }

    @Test func messageConversion() {
        #expect(runJS(#"""
            console.log(new Error(42).message, new Error({ toString() { return "obj"; } }).message, String(new Error(null)), new Error([1, 2]).message);
            """#) == #"""
            42 obj Error: null 1,2
            """#)
    }

    @Test func cause() {
        #expect(runJS(#"""
            const inner = new Error("inner");
            const outer = new Error("outer", { cause: inner });
            console.log(outer.cause === inner, new Error("x", {}).hasOwnProperty("cause"), new Error("x", { cause: undefined }).hasOwnProperty("cause"));
            console.log(new Error("x", "not options").hasOwnProperty("cause"), new TypeError("t", { cause: "why" }).cause);
            console.log(new Error("x", { get cause() { return "computed"; } }).cause);
            """#) == #"""
            true false true
            false why
            computed
            """#)
    }

    @Test func toStringForms() {
        #expect(runJS(#"""
            console.log(String(new Error("plain")), `${new TypeError("t")}`, new Error().toString(), String(new RangeError("")));
            console.log(Error.prototype.toString.call({ name: "N", message: "" }), Error.prototype.toString.call({ message: "m" }), Error.prototype.toString.call({ name: "", message: "m" }));
            console.log(Error.prototype.toString.call({}), Error.prototype.toString.call({ name: undefined, message: undefined }), Error.prototype.toString.call(Error.prototype));
            try { Error.prototype.toString.call(1); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            Error: plain TypeError: t Error RangeError
            N Error: m m
            Error Error Error
            TypeError: Method Error.prototype.toString called on incompatible receiver 1
            """#)
    }

    @Test func subclasses() {
        #expect(runJS(#"""
            class AppError extends Error {
              constructor(message, options) {
                super(message, options);
                this.name = "AppError";
                this.code = options?.code ?? "E_APP";
              }
            }
            class HttpError extends AppError {
              constructor(status) { super(`status ${status}`, { code: "E_HTTP" }); this.status = status; }
              get retryable() { return this.status >= 500; }
            }
            const h = new HttpError(503);
            console.log(h.name, h.message, h.code, h.status, h.retryable, h instanceof HttpError, h instanceof AppError, h instanceof Error);
            console.log(Object.prototype.toString.call(h), String(h), h.constructor.name, Object.getPrototypeOf(h) === HttpError.prototype);
            class Quiet extends Error {}
            const q = new Quiet("inherits the name");
            console.log(q.name, q instanceof Quiet, String(q), q.stack.split("\n")[0]);
            class Named extends Error {}
            Named.prototype.name = "Named";
            console.log(new Named("proto name").stack.split("\n")[0], String(new Named("x")));
            class Sub extends TypeError {}
            console.log(new Sub("s") instanceof TypeError, new Sub("s").name, new Sub("s").stack.split("\n")[0]);
            """#) == #"""
            AppError status 503 E_HTTP 503 true true true true
            [object Error] AppError: status 503 HttpError true
            Error true Error: inherits the name Error: inherits the name
            Named: proto name Named: x
            true TypeError TypeError: s
            """#)
    }

    @Test func stackHeader() {
        #expect(runJS(#"""
            console.log(new Error("boom").stack.split("\n")[0], new TypeError().stack.split("\n")[0], new RangeError("r").stack.split("\n")[0]);
            function inner() { return new Error("deep"); }
            function outer() { return inner(); }
            const lines = outer().stack.split("\n");
            console.log(lines[0], lines.length > 2, lines[1].startsWith("    at inner"), lines[2].startsWith("    at outer"));
            """#) == #"""
            Error: boom TypeError RangeError: r
            Error: deep true true true
            """#)
    }

    @Test func aggregateError() {
        #expect(runJS(#"""
            const agg = new AggregateError([new Error("a"), "b"], "many", { cause: "c" });
            console.log(agg.name, agg.message, agg.errors.length, agg.errors[1], agg.cause, agg instanceof Error, Object.getPrototypeOf(AggregateError) === Error);
            console.log(new AggregateError(new Set([1, 2])).errors, new AggregateError("ab").errors, String(new AggregateError([])));
            try { new AggregateError(5); } catch (e) { console.log(e.name + ": " + e.message); }
            try { new AggregateError(); } catch (e) { console.log(e.name + ": " + e.message); }
            """#) == #"""
            AggregateError many 2 b c true true
            [ 1, 2 ] [ 'a', 'b' ] AggregateError
            TypeError: number 5 is not iterable (cannot read property Symbol(Symbol.iterator))
            TypeError: undefined is not iterable (cannot read property Symbol(Symbol.iterator))
            """#)
    }

    @Test func captureStackTrace() {
        #expect(runJS(#"""
            const o = {};
            Error.captureStackTrace(o);
            console.log(typeof o.stack, o.stack.split("\n")[0], Object.getOwnPropertyDescriptor(o, "stack").enumerable);
            const named = { name: "N", message: "M" };
            Error.captureStackTrace(named);
            console.log(named.stack.split("\n")[0]);
            """#) == #"""
            string Error false
            N: M
            """#)
    }

    @Test func thrownByTheVM() {
        #expect(runJS(#"""
            const results = [];
            try { null.x; } catch (e) { results.push(e instanceof TypeError, e.constructor === TypeError, Object.keys(e).length); }
            try { undefined.foo; } catch (e) { results.push(e.name, e.message); }
            try { new Array(-1); } catch (e) { results.push(String(e)); }
            console.log(results);
            """#) == #"""
            [
              true,
              true,
              0,
              'TypeError',
              "Cannot read properties of undefined (reading 'foo')",
              'RangeError: Invalid array length'
            ]
            """#)
    }

    @Test func uncaughtError() {
        #expect(runJS(#"""
            console.log("before");
            throw new RangeError("size 500 exceeds the maximum of 100");
            """#) == #"""
            before
            Uncaught RangeError: size 500 exceeds the maximum of 100
            """#)
    }

    @Test func uncaughtCustomError() {
        #expect(runJS(#"""
            class ValidationError extends Error {
              constructor(field) { super(`${field} is invalid`); this.name = "ValidationError"; }
            }
            throw new ValidationError("email");
            """#) == #"""
            Uncaught ValidationError: email is invalid
            """#)
    }

    @Test func uncaughtNonErrors() {
        #expect(runJS(#"""
            throw "boom";
            """#) == #"""
            Uncaught boom
            """#)
    }

    @Test func uncaughtNumber() {
        #expect(runJS(#"""
            throw 42;
            """#) == #"""
            Uncaught 42
            """#)
    }

    @Test func uncaughtObject() {
        #expect(runJS(#"""
            throw { code: 1, reason: "x" };
            """#) == #"""
            Uncaught { code: 1, reason: 'x' }
            """#)
    }

    @Test func uncaughtErrorLikeObject() {
        #expect(runJS(#"""
            throw { name: "Custom", message: "shaped like an error" };
            """#) == #"""
            Uncaught Custom: shaped like an error
            """#)
    }

    @Test func uncaughtErrorWithoutMessage() {
        #expect(runJS(#"""
            throw new TypeError();
            """#) == #"""
            Uncaught TypeError: 
            """#)
    }
}
