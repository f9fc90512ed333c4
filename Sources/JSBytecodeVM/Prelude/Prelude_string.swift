extension Prelude {
    /// String.prototype.replace / replaceAll (a replacement function is
    /// called from here; the string case is native), JSON.parse (native
    /// parsing, then the reviver walk here), and Number.parseInt /
    /// Number.parseFloat, which must be the global functions themselves.
    static let string = #"""
    (function (I) {
      "use strict";
      const coerce = I.stringCoerce;
      const matchPositions = I.stringMatchPositions;
      const splice = I.stringSplice;
      const replaceString = I.stringReplace;

      // Calls `replacer(match, position, string)` for each match.
      function replaceWith(thisValue, searchValue, replacer, all) {
        const s = coerce(thisValue, all ? "replaceAll" : "replace");
        const search = coerce(searchValue);
        const positions = matchPositions(s, search, all);
        const n = positions.length;
        if (n === 0) return s;
        const replacements = [];
        for (let i = 0; i < n; i++) replacements[i] = coerce(replacer(search, positions[i], s));
        return splice(s, positions, search.length, replacements);
      }

      I.defineMethod(I.StringPrototype, "replace", function replace(searchValue, replaceValue) {
        if (typeof replaceValue === "function") return replaceWith(this, searchValue, replaceValue, false);
        return replaceString(this, searchValue, replaceValue, false);
      }, 2);
      I.defineMethod(I.StringPrototype, "replaceAll", function replaceAll(searchValue, replaceValue) {
        if (typeof replaceValue === "function") return replaceWith(this, searchValue, replaceValue, true);
        return replaceString(this, searchValue, replaceValue, true);
      }, 2);

      const jsonParse = I.jsonParse;
      const isArray = I.global.Array.isArray;
      const objectKeys = I.global.Object.keys;

      // InternalizeJSONProperty: children first, then reviver(key, value) on the holder.
      function internalize(holder, name, reviver) {
        const value = holder[name];
        if (typeof value === "object" && value !== null) {
          const keys = isArray(value) ? null : objectKeys(value);
          const n = keys === null ? I.toLength(value.length) : keys.length;
          for (let i = 0; i < n; i++) {
            const key = keys === null ? "" + i : keys[i];
            const element = internalize(value, key, reviver);
            if (element === undefined) {
              try { delete value[key]; } catch (e) { /* [[Delete]] failures are ignored */ }
            } else {
              I.createDataProperty(value, key, element);
            }
          }
        }
        return reviver.call(holder, name, value);
      }

      I.defineMethod(I.global.JSON, "parse", function parse(text, reviver) {
        const value = jsonParse(text);
        if (typeof reviver !== "function") return value;
        const root = {};
        I.createDataProperty(root, "", value);
        return internalize(root, "", reviver);
      }, 2);

      I.defineValue(I.global.Number, "parseFloat", I.global.parseFloat);
      I.defineValue(I.global.Number, "parseInt", I.global.parseInt);
    })
    """#
}
