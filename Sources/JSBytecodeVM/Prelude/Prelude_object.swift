extension Prelude {
    /// Self-hosted Object builtins that can run user code: `Object.assign`
    /// (getters and setters), `Object.fromEntries` (the iteration protocol)
    /// and `Object.prototype.toLocaleString` (calls `toString`). Natives they
    /// rely on: ObjectBuiltins.swift (`objectOwnKeys`, `objectIsEnumerableOwn`,
    /// `objectAssignFast`).
    static let object = #"""
    (function (I) {
      "use strict";
      const ObjectConstructor = I.global.Object;

      I.defineMethod(ObjectConstructor, "assign", function assign(target, ...sources) {
        const to = I.toObject(target);
        for (let i = 0; i < sources.length; i++) {
          const source = sources[i];
          if (source === undefined || source === null || I.objectAssignFast(to, source)) continue;
          const from = I.toObject(source);
          const keys = I.objectOwnKeys(from);
          for (let j = 0; j < keys.length; j++) {
            const key = keys[j];
            if (I.objectIsEnumerableOwn(from, key)) to[key] = from[key];
          }
        }
        return to;
      }, 2);

      I.defineMethod(ObjectConstructor, "fromEntries", function fromEntries(iterable) {
        // V8 reports null as undefined here.
        if (iterable === undefined || iterable === null) I.typeError("undefined is not iterable");
        const result = {};
        for (const entry of iterable) {
          if (!I.isObject(entry)) I.typeError("Iterator value " + I.describe(entry) + " is not an entry object");
          I.createDataProperty(result, entry[0], entry[1]);
        }
        return result;
      }, 1);

      I.defineMethod(I.ObjectPrototype, "toLocaleString", function toLocaleString() {
        if (this === undefined || this === null) {
          I.typeError("Object.prototype.toLocaleString called on null or undefined");
        }
        return this.toString();
      }, 0);
    })
    """#
}
