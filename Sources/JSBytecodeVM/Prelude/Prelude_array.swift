extension Prelude {
    /// Self-hosted Array methods that call user functions (callbacks,
    /// comparators, user iterables), `Array.from`, and the Map and Set
    /// constructors and `forEach`. Natives they rely on: ArrayBuiltins.swift
    /// and MapSetBuiltins.swift.
    ///
    /// Conventions: loops are plain indexed `for` loops; a hole reads as
    /// undefined, so `v !== undefined || i in O` is HasProperty without an
    /// `in` lookup per present element; a callback with a `thisArg` is bound
    /// once (`I.arrayBindCallback`) and then called directly; beyond the
    /// lookups the spec makes (`map.set`, `toLocaleString`), nothing reads
    /// globals or methods a script could have replaced after startup.
    static let array = #"""
    (function (I) {
      "use strict";
      const AP = I.ArrayPrototype;
      const ArrayConstructor = I.global.Array;
      const isArray = ArrayConstructor.isArray;
      const SymbolIterator = I.global.Symbol.iterator;

      function receiver(value, name) {
        if (value === undefined || value === null) I.typeError("Array.prototype." + name + " called on null or undefined");
        return I.toObject(value);
      }
      function notFunction(value) {
        I.typeError(I.describe(value) + " is not a function");
      }
      function callback(fn, thisArg) {
        if (typeof fn !== "function") notFunction(fn);
        return thisArg === undefined ? fn : I.arrayBindCallback(fn, thisArg);
      }

      I.defineMethod(AP, "forEach", function forEach(callbackfn, thisArg) {
        const O = receiver(this, "forEach");
        const len = I.toLength(O.length);
        const fn = callback(callbackfn, thisArg);
        for (let i = 0; i < len; i++) {
          const v = O[i];
          if (v !== undefined || i in O) fn(v, i, O);
        }
      }, 1);

      I.defineMethod(AP, "map", function map(callbackfn, thisArg) {
        const O = receiver(this, "map");
        const len = I.toLength(O.length);
        const fn = callback(callbackfn, thisArg);
        const A = I.arrayCreate(len);
        for (let i = 0; i < len; i++) {
          const v = O[i];
          if (v !== undefined || i in O) A[i] = fn(v, i, O);
        }
        return A;
      }, 1);

      I.defineMethod(AP, "filter", function filter(callbackfn, thisArg) {
        const O = receiver(this, "filter");
        const len = I.toLength(O.length);
        const fn = callback(callbackfn, thisArg);
        const A = [];
        let n = 0;
        for (let i = 0; i < len; i++) {
          const v = O[i];
          if ((v !== undefined || i in O) && fn(v, i, O)) A[n++] = v;
        }
        return A;
      }, 1);

      I.defineMethod(AP, "some", function some(callbackfn, thisArg) {
        const O = receiver(this, "some");
        const len = I.toLength(O.length);
        const fn = callback(callbackfn, thisArg);
        for (let i = 0; i < len; i++) {
          const v = O[i];
          if ((v !== undefined || i in O) && fn(v, i, O)) return true;
        }
        return false;
      }, 1);

      I.defineMethod(AP, "every", function every(callbackfn, thisArg) {
        const O = receiver(this, "every");
        const len = I.toLength(O.length);
        const fn = callback(callbackfn, thisArg);
        for (let i = 0; i < len; i++) {
          const v = O[i];
          if ((v !== undefined || i in O) && !fn(v, i, O)) return false;
        }
        return true;
      }, 1);

      I.defineMethod(AP, "find", function find(predicate, thisArg) {
        const O = receiver(this, "find");
        const len = I.toLength(O.length);
        const fn = callback(predicate, thisArg);
        for (let i = 0; i < len; i++) {
          const v = O[i];
          if (fn(v, i, O)) return v;
        }
        return undefined;
      }, 1);

      I.defineMethod(AP, "findIndex", function findIndex(predicate, thisArg) {
        const O = receiver(this, "findIndex");
        const len = I.toLength(O.length);
        const fn = callback(predicate, thisArg);
        for (let i = 0; i < len; i++) {
          if (fn(O[i], i, O)) return i;
        }
        return -1;
      }, 1);

      I.defineMethod(AP, "findLast", function findLast(predicate, thisArg) {
        const O = receiver(this, "findLast");
        const len = I.toLength(O.length);
        const fn = callback(predicate, thisArg);
        for (let i = len - 1; i >= 0; i--) {
          const v = O[i];
          if (fn(v, i, O)) return v;
        }
        return undefined;
      }, 1);

      I.defineMethod(AP, "findLastIndex", function findLastIndex(predicate, thisArg) {
        const O = receiver(this, "findLastIndex");
        const len = I.toLength(O.length);
        const fn = callback(predicate, thisArg);
        for (let i = len - 1; i >= 0; i--) {
          if (fn(O[i], i, O)) return i;
        }
        return -1;
      }, 1);

      I.defineMethod(AP, "reduce", function reduce(callbackfn, initialValue) {
        const O = receiver(this, "reduce");
        const len = I.toLength(O.length);
        if (typeof callbackfn !== "function") notFunction(callbackfn);
        let i = 0;
        let acc = initialValue;
        if (arguments.length < 2) {
          for (;;) {
            if (i >= len) I.typeError("Reduce of empty array with no initial value");
            const v = O[i++];
            if (v !== undefined || (i - 1) in O) {
              acc = v;
              break;
            }
          }
        }
        for (; i < len; i++) {
          const v = O[i];
          if (v !== undefined || i in O) acc = callbackfn(acc, v, i, O);
        }
        return acc;
      }, 1);

      I.defineMethod(AP, "reduceRight", function reduceRight(callbackfn, initialValue) {
        const O = receiver(this, "reduceRight");
        const len = I.toLength(O.length);
        if (typeof callbackfn !== "function") notFunction(callbackfn);
        let i = len - 1;
        let acc = initialValue;
        if (arguments.length < 2) {
          for (;;) {
            if (i < 0) I.typeError("Reduce of empty array with no initial value");
            const v = O[i--];
            if (v !== undefined || (i + 1) in O) {
              acc = v;
              break;
            }
          }
        }
        for (; i >= 0; i--) {
          const v = O[i];
          if (v !== undefined || i in O) acc = callbackfn(acc, v, i, O);
        }
        return acc;
      }, 1);

      I.defineMethod(AP, "flatMap", function flatMap(callbackfn, thisArg) {
        const O = receiver(this, "flatMap");
        const len = I.toLength(O.length);
        if (typeof callbackfn !== "function") I.typeError("flatMap mapper function is not callable");
        const fn = callback(callbackfn, thisArg);
        const A = [];
        let n = 0;
        for (let i = 0; i < len; i++) {
          const v = O[i];
          if (v === undefined && !(i in O)) continue;
          const r = fn(v, i, O);
          if (isArray(r)) {
            const m = r.length;
            for (let j = 0; j < m; j++) {
              const e = r[j];
              if (e !== undefined || j in r) A[n++] = e;
            }
          } else {
            A[n++] = r;
          }
        }
        return A;
      }, 1);

      // Stable merge sort of items[0..n): insertion sort on short runs, then
      // bottom-up merging between two buffers. Like V8, it only asks
      // `cmp(later, earlier) < 0` ("must the later item move first?"): the
      // comparison with 0 applies ToNumber and treats NaN as "no", and a
      // comparator that never answers negative (`(a, b) => a > b`) leaves
      // the order unchanged, as in V8.
      function mergeSort(items, n, cmp) {
        const RUN = 8;
        for (let lo = 0; lo < n; lo += RUN) {
          const hi = lo + RUN < n ? lo + RUN : n;
          for (let i = lo + 1; i < hi; i++) {
            const x = items[i];
            let j = i - 1;
            while (j >= lo && cmp(x, items[j]) < 0) {
              items[j + 1] = items[j];
              j--;
            }
            items[j + 1] = x;
          }
        }
        let src = items;
        let dst = [];
        for (let width = RUN; width < n; width *= 2) {
          for (let lo = 0; lo < n; lo += 2 * width) {
            const mid = lo + width < n ? lo + width : n;
            const hi = lo + 2 * width < n ? lo + 2 * width : n;
            let i = lo, j = mid, k = lo;
            if (mid < hi && cmp(src[mid], src[mid - 1]) < 0) {
              while (i < mid && j < hi) {
                if (cmp(src[j], src[i]) < 0) dst[k++] = src[j++];
                else dst[k++] = src[i++];
              }
            }
            while (i < mid) dst[k++] = src[i++];
            while (j < hi) dst[k++] = src[j++];
          }
          const t = src;
          src = dst;
          dst = t;
        }
        return src;
      }

      function keyLess(a, b) {
        return a.key < b.key ? -1 : 0;
      }

      function checkComparator(comparefn) {
        if (comparefn !== undefined && typeof comparefn !== "function") {
          I.typeError("The comparison function must be either a function or undefined");
        }
      }

      // SortIndexedProperties then the write-back: sorted values, then
      // undefineds, then holes (deleted indices) up to the length.
      function sortArrayLike(O, comparefn) {
        if (comparefn === undefined && I.arraySortDefault(O)) return O;
        const len = I.toLength(O.length);
        let items = [];
        let n = 0, undefinedCount = 0;
        for (let i = 0; i < len; i++) {
          const v = O[i];
          if (v !== undefined) items[n++] = v;
          else if (i in O) undefinedCount++;
        }
        if (comparefn === undefined && n > 1) {
          const keyed = [];
          for (let i = 0; i < n; i++) keyed[i] = { key: `${items[i]}`, value: items[i] };
          const sorted = mergeSort(keyed, n, keyLess);
          for (let i = 0; i < n; i++) items[i] = sorted[i].value;
        } else if (comparefn !== undefined) {
          items = mergeSort(items, n, comparefn);
        }
        let i = 0;
        for (; i < n; i++) O[i] = items[i];
        for (; i < n + undefinedCount; i++) O[i] = undefined;
        for (; i < len; i++) delete O[i];
        return O;
      }

      I.defineMethod(AP, "sort", function sort(comparefn) {
        checkComparator(comparefn);
        return sortArrayLike(receiver(this, "sort"), comparefn);
      }, 1);

      I.defineMethod(AP, "toSorted", function toSorted(comparefn) {
        checkComparator(comparefn);
        const O = receiver(this, "toSorted");
        const len = I.toLength(O.length);
        const A = I.arrayCreate(len);
        for (let i = 0; i < len; i++) A[i] = O[i];
        return sortArrayLike(A, comparefn);
      }, 1);

      I.defineMethod(AP, "toLocaleString", function toLocaleString() {
        const O = receiver(this, "toLocaleString");
        const len = I.toLength(O.length);
        let r = "";
        for (let i = 0; i < len; i++) {
          if (i > 0) r += ",";
          const v = O[i];
          if (v !== undefined && v !== null) r += `${v.toLocaleString()}`;
        }
        return r;
      }, 0);

      I.defineMethod(ArrayConstructor, "from", function from(items, mapfn, thisArg) {
        const mapping = mapfn !== undefined;
        const fn = mapping ? callback(mapfn, thisArg) : undefined;
        if (items === undefined || items === null) {
          I.typeError((items === null ? "object null" : "undefined") +
            " is not iterable (cannot read property Symbol(Symbol.iterator))");
        }
        const usingIterator = items[SymbolIterator];
        if (usingIterator !== undefined && usingIterator !== null) {
          const A = [];
          let k = 0;
          for (const v of items) {
            A[k] = mapping ? fn(v, k) : v;
            k++;
          }
          return A;
        }
        const O = I.toObject(items);
        const len = I.toLength(O.length);
        const A = I.arrayCreate(len);
        for (let k = 0; k < len; k++) A[k] = mapping ? fn(O[k], k) : O[k];
        return A;
      }, 1);

      // Map and Set. The constructors are self-hosted because they iterate
      // arbitrary iterables and call `set`/`add`; arrays, Maps and Sets with
      // their builtin iterators (and the builtin `set`/`add`) are copied
      // natively by I.mapSetFillFast.

      // V8's description of a non-callable forEach callback of Map and Set.
      function describeTyped(value) {
        if (value === undefined) return "undefined";
        if (value === null) return "object null";
        const type = typeof value;
        if (type === "string") return `string "${value}"`;
        if (type === "number" || type === "boolean") return `${type} ${value}`;
        return type;
      }

      function requireIterable(value) {
        if (typeof value[SymbolIterator] !== "function") {
          I.typeError(describeTyped(value) + " is not iterable (cannot read property Symbol(Symbol.iterator))");
        }
      }

      function Map(iterable = undefined) {
        if (new.target === undefined) I.typeError("Constructor Map requires 'new'");
        const map = I.mapSetCreate(new.target, false);
        if (iterable !== undefined && iterable !== null && !I.mapSetFillFast(map, iterable)) {
          requireIterable(iterable);
          for (const entry of iterable) {
            if (!I.isObject(entry)) I.typeError("Iterator value " + I.describe(entry) + " is not an entry object");
            map.set(entry[0], entry[1]);
          }
        }
        return map;
      }
      I.mapSetLink(Map, I.MapPrototype, "Map");

      function Set(iterable = undefined) {
        if (new.target === undefined) I.typeError("Constructor Set requires 'new'");
        const set = I.mapSetCreate(new.target, true);
        if (iterable !== undefined && iterable !== null && !I.mapSetFillFast(set, iterable)) {
          requireIterable(iterable);
          for (const value of iterable) set.add(value);
        }
        return set;
      }
      I.mapSetLink(Set, I.SetPrototype, "Set");

      I.defineMethod(I.MapPrototype, "forEach", function forEach(callbackfn, thisArg) {
        I.mapSetRequire(this, false, "forEach");
        if (typeof callbackfn !== "function") I.typeError(describeTyped(callbackfn) + " is not a function");
        const fn = callback(callbackfn, thisArg);
        for (let i = I.mapSetNextIndex(this, 0); i >= 0; i = I.mapSetNextIndex(this, i + 1)) {
          fn(I.mapSetValueAt(this, i), I.mapSetKeyAt(this, i), this);
        }
      }, 1);

      I.defineMethod(I.SetPrototype, "forEach", function forEach(callbackfn, thisArg) {
        I.mapSetRequire(this, true, "forEach");
        if (typeof callbackfn !== "function") I.typeError(describeTyped(callbackfn) + " is not a function");
        const fn = callback(callbackfn, thisArg);
        for (let i = I.mapSetNextIndex(this, 0); i >= 0; i = I.mapSetNextIndex(this, i + 1)) {
          const v = I.mapSetKeyAt(this, i);
          fn(v, v, this);
        }
      }, 1);
    })
    """#
}
