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

      I.defineMethod(Promise, "all", function (iterable) {
        const C = this;
        return new C((resolve, reject) => {
          const values = [];
          let remaining = 1;
          let index = 0;
          for (const item of iterable) {
            const i = index++;
            values.push(undefined);
            remaining++;
            let called = false;
            C.resolve(item).then((value) => {
              if (called) return;
              called = true;
              values[i] = value;
              if (--remaining === 0) resolve(values);
            }, reject);
          }
          if (--remaining === 0) resolve(values);
        });
      }, 1);

      I.defineMethod(Promise, "allSettled", function (iterable) {
        const C = this;
        return new C((resolve, reject) => {
          const values = [];
          let remaining = 1;
          let index = 0;
          for (const item of iterable) {
            const i = index++;
            values.push(undefined);
            remaining++;
            let called = false;
            C.resolve(item).then((value) => {
              if (called) return;
              called = true;
              values[i] = { status: "fulfilled", value: value };
              if (--remaining === 0) resolve(values);
            }, (reason) => {
              if (called) return;
              called = true;
              values[i] = { status: "rejected", reason: reason };
              if (--remaining === 0) resolve(values);
            });
          }
          if (--remaining === 0) resolve(values);
        });
      }, 1);

      I.defineMethod(Promise, "race", function (iterable) {
        const C = this;
        return new C((resolve, reject) => {
          for (const item of iterable) C.resolve(item).then(resolve, reject);
        });
      }, 1);

      I.defineMethod(Promise, "any", function (iterable) {
        const C = this;
        return new C((resolve, reject) => {
          const errors = [];
          let remaining = 1;
          let index = 0;
          for (const item of iterable) {
            const i = index++;
            errors.push(undefined);
            remaining++;
            let called = false;
            C.resolve(item).then(resolve, (reason) => {
              if (called) return;
              called = true;
              errors[i] = reason;
              if (--remaining === 0) reject(new AggregateError(errors, "All promises were rejected"));
            });
          }
          if (--remaining === 0) reject(new AggregateError(errors, "All promises were rejected"));
        });
      }, 1);
    })
    """#
}
