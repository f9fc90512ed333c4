extension Prelude {
    /// The Promise constructor, `catch`, `finally` and the combinators.
    /// `then` and the promise records are native (PromiseBuiltins.swift).
    static let promise = #"""
    (function (I) {
      "use strict";
      const PromisePrototype = I.PromisePrototype;

      function Promise(executor) {
        if (new.target === undefined) I.typeError("Promise constructor cannot be invoked without 'new'");
        if (!I.isCallable(executor)) I.typeError("Promise resolver " + I.describe(executor) + " is not a function");
        const promise = I.promiseCreate(new.target);
        const fns = I.promiseResolvingFunctions(promise);
        try {
          executor(fns[0], fns[1]);
        } catch (e) {
          fns[1](e);
        }
        return promise;
      }
      Promise.prototype = PromisePrototype;
      I.defineValue(PromisePrototype, "constructor", Promise);
      I.defineValue(I.global, "Promise", Promise);
      I.registerHidden("Promise", Promise);

      I.defineMethod(PromisePrototype, "catch", function (onRejected) {
        return this.then(undefined, onRejected);
      }, 1);

      I.defineMethod(PromisePrototype, "finally", function (onFinally) {
        const C = this.constructor === undefined ? Promise : this.constructor;
        if (!I.isCallable(onFinally)) return this.then(onFinally, onFinally);
        return this.then(
          (value) => C.resolve(onFinally()).then(() => value),
          (reason) => C.resolve(onFinally()).then(() => { throw reason; }));
      }, 1);

      function promiseResolve(C, value) {
        if (C === Promise) return I.promiseResolve(value);
        if (I.isPromise(value) && value.constructor === C) return value;
        return new C((resolve) => resolve(value));
      }

      I.defineMethod(Promise, "resolve", function (value) {
        return promiseResolve(this === undefined ? Promise : this, value);
      }, 1);

      I.defineMethod(Promise, "reject", function (reason) {
        const C = this === undefined ? Promise : this;
        return new C((resolve, reject) => reject(reason));
      }, 1);

      // The loop shared by all/allSettled/any: subscribes to every item and
      // calls finish(list) once each has reported. A null handler passes that
      // outcome straight to `settle` (`all` rejects, `any` resolves, at once).
      function collect(C, iterable, onValue, onReason, settle, finish) {
        const list = [];
        let remaining = 1;
        let index = 0;
        for (const item of iterable) {
          const i = index++;
          list.push(undefined);
          remaining++;
          let called = false;
          const record = (entry) => {
            if (called) return;
            called = true;
            list[i] = entry;
            if (--remaining === 0) finish(list);
          };
          C.resolve(item).then(
            onValue === null ? settle.resolve : (value) => record(onValue(value)),
            onReason === null ? settle.reject : (reason) => record(onReason(reason)));
        }
        if (--remaining === 0) finish(list);
      }

      I.defineMethod(Promise, "all", function (iterable) {
        const C = this;
        return new C((resolve, reject) =>
          collect(C, iterable, (value) => value, null, { resolve, reject }, resolve));
      }, 1);

      I.defineMethod(Promise, "allSettled", function (iterable) {
        const C = this;
        return new C((resolve, reject) =>
          collect(C, iterable, (value) => ({ status: "fulfilled", value: value }),
                  (reason) => ({ status: "rejected", reason: reason }), { resolve, reject }, resolve));
      }, 1);

      I.defineMethod(Promise, "race", function (iterable) {
        const C = this;
        return new C((resolve, reject) => {
          for (const item of iterable) C.resolve(item).then(resolve, reject);
        });
      }, 1);

      I.defineMethod(Promise, "any", function (iterable) {
        const C = this;
        return new C((resolve, reject) =>
          collect(C, iterable, null, (reason) => reason, { resolve, reject },
                  (errors) => reject(new AggregateError(errors, "All promises were rejected"))));
      }, 1);
    })
    """#
}
