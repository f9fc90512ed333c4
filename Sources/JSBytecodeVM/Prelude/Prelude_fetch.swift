extension Prelude {
    /// `fetch`, `Headers` and `Response`, self-hosted. Internal state lives
    /// in non-enumerable properties keyed by symbols private to this
    /// fragment (ordinary heap data: it snapshots like everything else).
    /// Array and string builtins are not used (scripts may replace them);
    /// validation and symbols come from the `%Intrinsics` natives of
    /// FetchBuiltins.swift.
    static let fetch = #"""
    (function (I) {
      "use strict";

      // ---- private keys and small helpers
      const LIST = I.fetchNewSymbol("headers list");
      const STATE = I.fetchNewSymbol("response state");
      const ITER = I.fetchNewSymbol("headers iterator state");
      const symIterator = I.fetchWellKnownSymbol("iterator");
      const symToStringTag = I.fetchWellKnownSymbol("toStringTag");

      function typeError(message) { return I.fetchMakeError("TypeError", message); }
      function rangeError(message) { return I.fetchMakeError("RangeError", message); }
      function rejected(reason) { return I.fetchRejected(reason); }
      function fulfilled(value) { return I.promiseResolve(value); }
      function push(array, value) { array[array.length] = value; }

      let jsonObject = I.global.JSON;
      function parseJSON(text) {
        if (jsonObject === undefined) jsonObject = I.global.JSON;
        const parse = jsonObject.parse;
        return parse(text);
      }
      function stringifyJSON(value) {
        if (jsonObject === undefined) jsonObject = I.global.JSON;
        const stringify = jsonObject.stringify;
        return stringify(value);
      }
      function callWithThis(fn, thisArg, a, b, c) {
        if (thisArg === undefined) return fn(a, b, c);
        return fn.call(thisArg, a, b, c);
      }
      function isNullBodyStatus(s) { return s === 101 || s === 103 || s === 204 || s === 205 || s === 304; }
      function requireArguments(given, needed, context) {
        if (given < needed) {
          throw typeError(`${context}: ${needed} argument${needed === 1 ? "" : "s"} required, but ${given === 0 ? "0" : "only " + given} found.`);
        }
      }

      // ---- header lists: parallel arrays of lower-cased names and values
      function newList(guard) { return { names: [], values: [], guard: guard }; }
      function listAppend(list, name, value) { push(list.names, name); push(list.values, value); }
      function listHas(list, name) {
        const names = list.names;
        for (let i = 0; i < names.length; i++) if (names[i] === name) return true;
        return false;
      }
      function listGet(list, name) {
        const names = list.names, values = list.values;
        let result = null;
        for (let i = 0; i < names.length; i++) {
          if (names[i] === name) result = result === null ? values[i] : result + ", " + values[i];
        }
        return result;
      }
      function listDelete(list, name) {
        const names = [], values = [];
        for (let i = 0; i < list.names.length; i++) {
          if (list.names[i] !== name) { push(names, list.names[i]); push(values, list.values[i]); }
        }
        list.names = names;
        list.values = values;
      }
      function listSet(list, name, value) {
        const names = [], values = [];
        let done = false;
        for (let i = 0; i < list.names.length; i++) {
          if (list.names[i] !== name) {
            push(names, list.names[i]);
            push(values, list.values[i]);
          } else if (!done) {
            push(names, name);
            push(values, value);
            done = true;
          }
        }
        if (!done) { push(names, name); push(values, value); }
        list.names = names;
        list.values = values;
      }
      function listCopy(list, guard) {
        const copy = newList(guard);
        for (let i = 0; i < list.names.length; i++) listAppend(copy, list.names[i], list.values[i]);
        return copy;
      }
      // Distinct names in first-appearance order.
      function distinctNames(list) {
        const out = [];
        const names = list.names;
        for (let i = 0; i < names.length; i++) {
          let seen = false;
          for (let j = 0; j < out.length; j++) if (out[j] === names[i]) { seen = true; break; }
          if (!seen) push(out, names[i]);
        }
        return out;
      }
      // "sort and combine": [name, value] pairs by name; set-cookie values stay separate.
      function sortAndCombine(list) {
        const names = distinctNames(list);
        for (let i = 1; i < names.length; i++) {
          const n = names[i];
          let k = i;
          while (k > 0 && names[k - 1] > n) { names[k] = names[k - 1]; k--; }
          names[k] = n;
        }
        const out = [];
        for (let i = 0; i < names.length; i++) {
          const name = names[i];
          if (name === "set-cookie") {
            for (let j = 0; j < list.names.length; j++) if (list.names[j] === name) push(out, [name, list.values[j]]);
          } else {
            push(out, [name, listGet(list, name)]);
          }
        }
        return out;
      }
      // Validated append ("Headers.append" semantics).
      function appendChecked(list, name, value) {
        const n = I.fetchHeaderName(name, "Headers.append");
        const v = I.fetchHeaderValue(value, "Headers.append");
        if (list.guard === "immutable") throw typeError("immutable");
        listAppend(list, n, v);
      }
      const CONVERT_MESSAGE = "Headers constructor: Argument 1 could not be converted to one of: " +
        "sequence<sequence<ByteString>>, record<ByteString, ByteString>.";
      // Fills `list` from a HeadersInit: a Headers, an iterable of pairs, or a record.
      function fill(list, init) {
        if (!I.isObject(init)) throw typeError(CONVERT_MESSAGE);
        const method = init[symIterator];
        if (method !== undefined && method !== null) {
          if (!I.isCallable(method)) throw typeError(CONVERT_MESSAGE);
          const pairs = [];
          for (const pair of init) {
            if (!I.isObject(pair)) throw typeError(CONVERT_MESSAGE);
            const items = [];
            for (const item of pair) push(items, `${item}`);
            if (items.length !== 2) {
              throw typeError(`Headers constructor: expected name/value pair to be length 2, found ${items.length}.`);
            }
            push(pairs, items);
          }
          for (let i = 0; i < pairs.length; i++) appendChecked(list, pairs[i][0], pairs[i][1]);
        } else {
          const keys = [], values = [];
          for (const key in init) {
            if (I.hasOwn(init, key)) { push(keys, key); push(values, `${init[key]}`); }
          }
          for (let i = 0; i < keys.length; i++) appendChecked(list, keys[i], values[i]);
        }
      }
      // Distinct names with combined values, first-appearance order (a request's headers).
      function flatCombined(list) {
        const out = [];
        const names = distinctNames(list);
        for (let i = 0; i < names.length; i++) { push(out, names[i]); push(out, listGet(list, names[i])); }
        return out;
      }

      // ---- Headers
      class Headers {
        constructor(init = undefined) {
          const list = newList("none");
          if (init !== undefined) fill(list, init);
          I.defineValue(this, LIST, list);
        }
      }
      const HeadersPrototype = Headers.prototype;
      function headersWithList(list) {
        const h = I.fetchObjectWithProto(HeadersPrototype);
        I.defineValue(h, LIST, list);
        return h;
      }
      function listOf(h) {
        if (!I.isObject(h) || !I.hasOwn(h, LIST)) throw typeError("Illegal invocation");
        return h[LIST];
      }
      function mutableListOf(h) {
        const list = listOf(h);
        if (list.guard === "immutable") throw typeError("immutable");
        return list;
      }
      I.defineMethod(HeadersPrototype, "append", function append(name, value) {
        const list = listOf(this);
        requireArguments(arguments.length, 2, "Headers.append");
        appendChecked(list, `${name}`, `${value}`);
      }, 2);
      I.defineMethod(HeadersPrototype, "delete", function (name) {
        const list = listOf(this);
        requireArguments(arguments.length, 1, "Headers.delete");
        const n = I.fetchHeaderName(`${name}`, "Headers.delete");
        if (list.guard === "immutable") throw typeError("immutable");
        listDelete(list, n);
      }, 1);
      I.defineValue(HeadersPrototype.delete, "name", "delete");
      I.defineMethod(HeadersPrototype, "get", function get(name) {
        const list = listOf(this);
        requireArguments(arguments.length, 1, "Headers.get");
        return listGet(list, I.fetchHeaderName(`${name}`, "Headers.get"));
      }, 1);
      I.defineMethod(HeadersPrototype, "has", function has(name) {
        const list = listOf(this);
        requireArguments(arguments.length, 1, "Headers.has");
        return listHas(list, I.fetchHeaderName(`${name}`, "Headers.has"));
      }, 1);
      I.defineMethod(HeadersPrototype, "set", function set(name, value) {
        const list = listOf(this);
        requireArguments(arguments.length, 2, "Headers.set");
        const n = I.fetchHeaderName(`${name}`, "Headers.set");
        const v = I.fetchHeaderValue(`${value}`, "Headers.set");
        if (list.guard === "immutable") throw typeError("immutable");
        listSet(list, n, v);
      }, 2);
      I.defineMethod(HeadersPrototype, "getSetCookie", function getSetCookie() {
        const list = listOf(this);
        const out = [];
        for (let i = 0; i < list.names.length; i++) if (list.names[i] === "set-cookie") push(out, list.values[i]);
        return out;
      }, 0);
      I.defineMethod(HeadersPrototype, "forEach", function forEach(callback, thisArg = undefined) {
        const list = listOf(this);
        if (!I.isCallable(callback)) {
          throw typeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
        }
        let pairs = sortAndCombine(list);
        for (let i = 0; i < pairs.length; i++) {
          callWithThis(callback, thisArg, pairs[i][1], pairs[i][0], this);
          pairs = sortAndCombine(listOf(this));
        }
      }, 1);

      // Headers iterators: live over the sorted, combined list.
      const HeadersIteratorPrototype = I.fetchObjectWithProto(I.IteratorPrototype);
      I.defineMethod(HeadersIteratorPrototype, "next", function next() {
        if (!I.isObject(this) || !I.hasOwn(this, ITER)) throw typeError("Illegal invocation");
        const state = this[ITER];
        const pairs = sortAndCombine(state.list);
        if (state.index >= pairs.length) return { value: undefined, done: true };
        const pair = pairs[state.index];
        state.index += 1;
        const value = state.kind === "keys" ? pair[0] : state.kind === "values" ? pair[1] : pair;
        return { value: value, done: false };
      }, 0);
      I.defineValue(HeadersIteratorPrototype, symToStringTag, "Headers Iterator");
      function makeIterator(h, kind) {
        const list = listOf(h);
        const it = I.fetchObjectWithProto(HeadersIteratorPrototype);
        I.defineValue(it, ITER, { list: list, kind: kind, index: 0 });
        return it;
      }
      I.defineMethod(HeadersPrototype, "keys", function keys() { return makeIterator(this, "keys"); }, 0);
      I.defineMethod(HeadersPrototype, "values", function values() { return makeIterator(this, "values"); }, 0);
      I.defineMethod(HeadersPrototype, "entries", function entries() { return makeIterator(this, "entries"); }, 0);
      I.defineMethod(HeadersPrototype, symIterator, HeadersPrototype.entries, 0);
      I.defineValue(HeadersPrototype, symToStringTag, "Headers");

      // ---- Response
      // State: { status, statusText, headers, body (string or null), used, url, type, redirected }.
      function setUpResponse(target, body, init, contentType) {
        if (init !== undefined && init !== null && !I.isObject(init)) {
          throw typeError("Response constructor: Expected init to be an object.");
        }
        let status = 200, statusText = "", headersInit = undefined;
        if (init !== undefined && init !== null) {
          const s = init.status;
          if (s !== undefined) {
            status = I.toInteger(s) % 65536;
            if (status !== status) status = 0;
            if (status < 0) status += 65536;
          }
          const t = init.statusText;
          if (t !== undefined) statusText = `${t}`;
          headersInit = init.headers;
        }
        if (status < 200 || status > 599) {
          throw rangeError('init["status"] must be in the range of 200 to 599, inclusive.');
        }
        if (!I.fetchValidStatusText(statusText)) throw typeError("Invalid statusText");
        const list = newList("response");
        if (headersInit !== undefined) fill(list, headersInit);
        if (body !== null && isNullBodyStatus(status)) {
          throw typeError(`Response constructor: Invalid response status code ${status}`);
        }
        if (body !== null && contentType !== null && !listHas(list, "content-type")) {
          listAppend(list, "content-type", contentType);
        }
        I.defineValue(target, STATE, {
          status: status, statusText: statusText, headers: headersWithList(list), body: body, used: false,
          url: "", type: "default", redirected: false,
        });
        return target;
      }

      class Response {
        constructor(body = null, init = undefined) {
          const text = body === null || body === undefined ? null : `${body}`;
          setUpResponse(this, text, init, "text/plain;charset=UTF-8");
        }
      }
      const ResponsePrototype = Response.prototype;
      function stateOf(r) {
        if (!I.isObject(r) || !I.hasOwn(r, STATE)) throw typeError("Illegal invocation");
        return r[STATE];
      }
      function responseWithState(state) {
        const r = I.fetchObjectWithProto(ResponsePrototype);
        I.defineValue(r, STATE, state);
        return r;
      }
      I.defineGetter(ResponsePrototype, "type", function () { return stateOf(this).type; });
      I.defineGetter(ResponsePrototype, "url", function () { return stateOf(this).url; });
      I.defineGetter(ResponsePrototype, "redirected", function () { return stateOf(this).redirected; });
      I.defineGetter(ResponsePrototype, "status", function () { return stateOf(this).status; });
      I.defineGetter(ResponsePrototype, "ok", function () {
        const s = stateOf(this).status;
        return s >= 200 && s <= 299;
      });
      I.defineGetter(ResponsePrototype, "statusText", function () { return stateOf(this).statusText; });
      I.defineGetter(ResponsePrototype, "headers", function () { return stateOf(this).headers; });
      I.defineGetter(ResponsePrototype, "bodyUsed", function () {
        const state = stateOf(this);
        return state.body !== null && state.used;
      });
      // The body text, marking it used; throws when it was already read.
      function consume(r) {
        const state = stateOf(r);
        if (state.body === null) return "";
        if (state.used) throw typeError("Body is unusable: Body has already been read");
        state.used = true;
        return state.body;
      }
      I.defineMethod(ResponsePrototype, "text", function text() {
        let body;
        try { body = consume(this); } catch (e) { return rejected(e); }
        return fulfilled(body);
      }, 0);
      I.defineMethod(ResponsePrototype, "json", function json() {
        let value;
        try { value = parseJSON(consume(this)); } catch (e) { return rejected(e); }
        return fulfilled(value);
      }, 0);
      function unsupported(name) {
        return function () {
          try { stateOf(this); } catch (e) { return rejected(e); }
          return rejected(typeError(`Response.${name}: not supported`));
        };
      }
      I.defineMethod(ResponsePrototype, "arrayBuffer", unsupported("arrayBuffer"), 0);
      I.defineMethod(ResponsePrototype, "blob", unsupported("blob"), 0);
      I.defineMethod(ResponsePrototype, "formData", unsupported("formData"), 0);
      I.defineMethod(ResponsePrototype, "bytes", unsupported("bytes"), 0);
      I.defineMethod(ResponsePrototype, "clone", function clone() {
        const state = stateOf(this);
        if (state.body !== null && state.used) throw typeError("Response.clone: Body has already been consumed.");
        const list = listOf(state.headers);
        return responseWithState({
          status: state.status, statusText: state.statusText, headers: headersWithList(listCopy(list, list.guard)),
          body: state.body, used: false, url: state.url, type: state.type, redirected: state.redirected,
        });
      }, 0);
      I.defineValue(ResponsePrototype, symToStringTag, "Response");

      I.defineMethod(Response, "error", function error() {
        return responseWithState({
          status: 0, statusText: "", headers: headersWithList(newList("immutable")), body: null, used: false,
          url: "", type: "error", redirected: false,
        });
      }, 0);
      I.defineMethod(Response, "json", function json(data, init = undefined) {
        requireArguments(arguments.length, 1, "Response.json");
        const text = stringifyJSON(data);
        if (text === undefined) throw typeError("Value is not JSON serializable");
        return setUpResponse(I.fetchObjectWithProto(ResponsePrototype), text, init, "application/json");
      }, 1);
      I.defineMethod(Response, "redirect", function redirect(url, status = 302) {
        const target = `${url}`;
        I.fetchCheckURL(target);
        status = I.toInteger(status);
        if (status !== 301 && status !== 302 && status !== 303 && status !== 307 && status !== 308) {
          throw rangeError(`Invalid status code ${status}`);
        }
        const list = newList("immutable");
        listAppend(list, "location", target);
        return responseWithState({
          status: status, statusText: "", headers: headersWithList(list), body: null, used: false,
          url: "", type: "default", redirected: false,
        });
      }, 1);

      // A Response for a fetched request (called by VM.deliverResponse):
      // headers as [name, value, ...] with lower-cased names.
      I.registerHidden("makeResponse", function makeResponse(status, statusText, flatHeaders, body, url) {
        const list = newList("immutable");
        for (let i = 0; i + 1 < flatHeaders.length; i += 2) listAppend(list, flatHeaders[i], flatHeaders[i + 1]);
        return responseWithState({
          status: status, statusText: statusText, headers: headersWithList(list),
          body: isNullBodyStatus(status) ? null : body, used: false, url: url, type: "basic", redirected: false,
        });
      });

      // ---- fetch
      function fetch(input, init = undefined) {
        try {
          let url;
          if (I.isObject(input)) {
            const u = input.url;
            url = typeof u === "string" ? u : `${input}`;
          } else {
            url = `${input}`;
          }
          I.fetchCheckURL(url);
          let method = "GET", headers = null, body = null;
          if (init !== undefined && init !== null) {
            if (!I.isObject(init)) throw typeError("RequestInit: Expected init to be an object.");
            const m = init.method;
            if (m !== undefined) method = I.fetchMethod(`${m}`);
            const h = init.headers;
            if (h !== undefined) {
              const list = newList("request");
              fill(list, h);
              headers = flatCombined(list);
            }
            const b = init.body;
            if (b !== undefined && b !== null) body = `${b}`;
          }
          if (body !== null && (method === "GET" || method === "HEAD")) {
            throw typeError("Request with GET/HEAD method cannot have body.");
          }
          return I.fetchStart(url, method, headers, body);
        } catch (e) {
          return rejected(e);
        }
      }

      I.defineMethod(I.global, "fetch", fetch, 1);
      I.defineValue(I.global, "Headers", Headers);
      I.defineValue(I.global, "Response", Response);
    })
    """#
}
