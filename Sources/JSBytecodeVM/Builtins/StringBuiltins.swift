import Foundation

// String: the constructor, its statics and String.prototype. Strings are
// UTF-16 code units; every index here is a code-unit index. The methods
// that call back into JavaScript (`replace`/`replaceAll` with a function)
// are in the prelude (Prelude_string.swift) on top of the `%Intrinsics`
// natives declared at the end of the table.

/// The longest string a script may build (V8's limit); longer results are a
/// RangeError "Invalid string length".
let maxStringLength = (1 << 29) - 24

enum StringBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("String", "String", 1, .constructor) { vm, _, args in
            let s: Value
            if args.count == 0 {
                s = vm.keyValue(Atom.empty)
            } else if args[0].isSymbol && !args.isConstructCall {
                s = vm.newString(vm.atomString(args[0].handle))
            } else {
                s = try vm.toStringValue(args[0])
            }
            guard args.isConstructCall else { return s }
            let proto = try vm.prototype(forNewTarget: args.newTarget, fallback: vm.intrinsics.stringPrototype)
            return vm.allocate(JSObject(shape: vm.rootShape, proto: proto, kind: .primitive(s)))
        },
        NativeFunction("String", "fromCharCode", 1) { vm, _, args in
            var out = [UInt16]()
            out.reserveCapacity(args.count)
            for v in args { out.append(UInt16(truncatingIfNeeded: try vm.toUint32(v))) }
            return vm.newString(out)
        },
        NativeFunction("String", "fromCodePoint", 1) { vm, _, args in
            var out = [UInt16]()
            out.reserveCapacity(args.count)
            for v in args {
                let d = try vm.toNumber(v)
                guard d >= 0, d <= 0x10FFFF, d == d.rounded(.towardZero) else {
                    throw vm.error(.rangeError, "Invalid code point \(VM.numberToString(d))")
                }
                let cp = UInt32(d)
                if cp < 0x10000 {
                    out.append(UInt16(cp))
                } else {
                    out.append(0xD800 + UInt16((cp - 0x10000) >> 10))
                    out.append(0xDC00 + UInt16(cp & 0x3FF))
                }
            }
            return vm.newString(out)
        },
        NativeFunction("String", "raw", 1) { vm, _, args in
            let cooked = try vm.toObject(args[0])
            let raw = try vm.toObject(try vm.get(cooked, Atom.raw))
            let count = try vm.toInteger(try vm.get(raw, Atom.length))
            guard count <= Double(maxStringLength) else { throw vm.error(.rangeError, "Invalid string length") }
            var out = [UInt16]()
            var i = 0
            while Double(i) < count {
                out += try vm.toUnits(try vm.get(raw, vm.key(forIndex: i)))
                if Double(i + 1) < count && i + 1 < args.count { out += try vm.toUnits(args[i + 1]) }
                guard out.count <= maxStringLength else { throw vm.error(.rangeError, "Invalid string length") }
                i += 1
            }
            return vm.newString(out)
        },

        // MARK: Characters and code units
        NativeFunction("String.prototype", "at", 1) { vm, this, args in
            let s = vm.jsString(try thisString(vm, this, "at"))
            var k = try integerArgument(vm, args[0])
            if k < 0 { k += Double(s.count) }
            guard k >= 0 && k < Double(s.count) else { return .undefined }
            return vm.newString([s[Int(k)]])
        },
        NativeFunction("String.prototype", "charAt", 1) { vm, this, args in
            let s = vm.jsString(try thisString(vm, this, "charAt"))
            let k = try integerArgument(vm, args[0])
            guard k >= 0 && k < Double(s.count) else { return vm.keyValue(Atom.empty) }
            return vm.newString([s[Int(k)]])
        },
        NativeFunction("String.prototype", "charCodeAt", 1) { vm, this, args in
            let s = vm.jsString(try thisString(vm, this, "charCodeAt"))
            let k = try integerArgument(vm, args[0])
            guard k >= 0 && k < Double(s.count) else { return Value(Double.nan) }
            return Value(Int(s[Int(k)]))
        },
        NativeFunction("String.prototype", "codePointAt", 1) { vm, this, args in
            let s = vm.jsString(try thisString(vm, this, "codePointAt"))
            let k = try integerArgument(vm, args[0])
            guard k >= 0 && k < Double(s.count) else { return .undefined }
            let i = Int(k)
            let first = s[i]
            if UTF16.isLeadSurrogate(first), i + 1 < s.count, UTF16.isTrailSurrogate(s[i + 1]) {
                return Value(Int(UTF16.decode(UTF16.EncodedScalar([first, s[i + 1]])).value))
            }
            return Value(Int(first))
        },

        // MARK: Search
        NativeFunction("String.prototype", "indexOf", 1) { vm, this, args in
            let s = try thisUnits(vm, this, "indexOf")
            let search = try vm.toUnits(args[0])
            let start = clampedIndex(try integerArgument(vm, args[1]), s.count)
            return Value(find(search, in: s, from: start))
        },
        NativeFunction("String.prototype", "lastIndexOf", 1) { vm, this, args in
            let s = try thisUnits(vm, this, "lastIndexOf")
            let search = try vm.toUnits(args[0])
            let n = try vm.toNumber(args[1])
            let start = n.isNaN ? s.count : clampedIndex(n.rounded(.towardZero), s.count)
            return Value(findLast(search, in: s, atOrBefore: start))
        },
        NativeFunction("String.prototype", "includes", 1) { vm, this, args in
            let s = try thisUnits(vm, this, "includes")
            let search = try vm.toUnits(args[0])
            let start = clampedIndex(try integerArgument(vm, args[1]), s.count)
            return Value(find(search, in: s, from: start) >= 0)
        },
        NativeFunction("String.prototype", "startsWith", 1) { vm, this, args in
            let s = try thisUnits(vm, this, "startsWith")
            let search = try vm.toUnits(args[0])
            let start = clampedIndex(try integerArgument(vm, args[1]), s.count)
            guard start + search.count <= s.count else { return .false }
            return Value(s[start..<start + search.count].elementsEqual(search))
        },
        NativeFunction("String.prototype", "endsWith", 1) { vm, this, args in
            let s = try thisUnits(vm, this, "endsWith")
            let search = try vm.toUnits(args[0])
            let end = args[1].isUndefined ? s.count : clampedIndex(try vm.toInteger(args[1]), s.count)
            let start = end - search.count
            guard start >= 0 else { return .false }
            return Value(s[start..<end].elementsEqual(search))
        },
        NativeFunction("String.prototype", "search", 1) { vm, this, args in
            let s = try thisUnits(vm, this, "search")
            return Value(find(try literalPattern(vm, args[0]), in: s, from: 0))
        },
        NativeFunction("String.prototype", "match", 1) { vm, this, _ in
            _ = try thisUnits(vm, this, "match")
            throw vm.error(.typeError, "Regular expressions are not supported")
        },
        NativeFunction("String.prototype", "matchAll", 1) { vm, this, _ in
            _ = try thisUnits(vm, this, "matchAll")
            throw vm.error(.typeError, "Regular expressions are not supported")
        },
        NativeFunction("String.prototype", "localeCompare", 1) { vm, this, args in
            let s = try thisUnits(vm, this, "localeCompare")
            return Value(Collation.compare(s, try vm.toUnits(args[0])))
        },

        // MARK: Substrings
        NativeFunction("String.prototype", "slice", 2) { vm, this, args in
            let sv = try thisString(vm, this, "slice")
            let s = vm.units(sv)
            let start = try vm.relativeIndex(args[0], length: s.count, defaultValue: 0)
            let end = try vm.relativeIndex(args[1], length: s.count, defaultValue: s.count)
            return substring(vm, sv, s, start, end)
        },
        NativeFunction("String.prototype", "substring", 2) { vm, this, args in
            let sv = try thisString(vm, this, "substring")
            let s = vm.units(sv)
            let a = clampedIndex(try integerArgument(vm, args[0]), s.count)
            let b = args[1].isUndefined ? s.count : clampedIndex(try vm.toInteger(args[1]), s.count)
            return substring(vm, sv, s, min(a, b), max(a, b))
        },
        NativeFunction("String.prototype", "substr", 2) { vm, this, args in
            let sv = try thisString(vm, this, "substr")
            let s = vm.units(sv)
            let start = try vm.relativeIndex(args[0], length: s.count, defaultValue: 0)
            let length = args[1].isUndefined ? Double(s.count) : try vm.toInteger(args[1])
            let end = start + clampedIndex(length, s.count - start)
            return substring(vm, sv, s, start, end)
        },
        NativeFunction("String.prototype", "split", 2) { vm, this, args in
            let s = try thisString(vm, this, "split")
            let limit = args[1].isUndefined ? Int(UInt32.max) : Int(try vm.toUint32(args[1]))
            let separator = args[0].isUndefined ? nil : try vm.toUnits(args[0])
            if limit == 0 { return vm.newArray([]) }
            guard let separator else { return vm.newArray([s]) }
            return vm.newArray(split(vm, vm.units(s), by: separator, limit: limit))
        },

        // MARK: Building
        NativeFunction("String.prototype", "concat", 1) { vm, this, args in
            var out = try thisUnits(vm, this, "concat")
            for v in args {
                out += try vm.toUnits(v)
                guard out.count <= maxStringLength else { throw vm.error(.rangeError, "Invalid string length") }
            }
            return vm.newString(out)
        },
        NativeFunction("String.prototype", "repeat", 1) { vm, this, args in
            let sv = try thisString(vm, this, "repeat")
            let n = try vm.toNumber(args[0])
            let count = n.isNaN ? 0 : n.rounded(.towardZero)
            guard count >= 0 && count.isFinite else {
                throw vm.error(.rangeError, "Invalid count value: \(VM.numberToString(n))")
            }
            let s = vm.units(sv)
            if count == 0 || s.isEmpty { return vm.keyValue(Atom.empty) }
            guard count <= Double(maxStringLength / s.count) else { throw vm.error(.rangeError, "Invalid string length") }
            if count == 1 { return sv }
            var out = [UInt16]()
            out.reserveCapacity(s.count * Int(count))
            for _ in 0..<Int(count) { out += s }
            return vm.newString(out)
        },
        NativeFunction("String.prototype", "padStart", 1) { vm, this, args in
            try pad(vm, this, args, atStart: true)
        },
        NativeFunction("String.prototype", "padEnd", 1) { vm, this, args in
            try pad(vm, this, args, atStart: false)
        },

        // MARK: Case, whitespace, normalization
        NativeFunction("String.prototype", "toLowerCase", 0) { vm, this, _ in
            try changeCase(vm, this, upper: false, method: "toLowerCase")
        },
        NativeFunction("String.prototype", "toUpperCase", 0) { vm, this, _ in
            try changeCase(vm, this, upper: true, method: "toUpperCase")
        },
        NativeFunction("String.prototype", "toLocaleLowerCase", 0) { vm, this, _ in
            try changeCase(vm, this, upper: false, method: "toLocaleLowerCase")
        },
        NativeFunction("String.prototype", "toLocaleUpperCase", 0) { vm, this, _ in
            try changeCase(vm, this, upper: true, method: "toLocaleUpperCase")
        },
        NativeFunction("String.prototype", "trim", 0) { vm, this, _ in
            try trim(vm, this, start: true, end: true, method: "trim")
        },
        NativeFunction("String.prototype", "trimStart", 0) { vm, this, _ in
            try trim(vm, this, start: true, end: false, method: "trimStart")
        },
        NativeFunction("String.prototype", "trimEnd", 0) { vm, this, _ in
            try trim(vm, this, start: false, end: true, method: "trimEnd")
        },
        NativeFunction("String.prototype", "normalize", 0) { vm, this, args in
            let sv = try thisString(vm, this, "normalize")
            let form = args[0].isUndefined ? "NFC" : try vm.toSwiftString(args[0])
            let transform: (String) -> String
            switch form {
            case "NFC": transform = { $0.precomposedStringWithCanonicalMapping }
            case "NFD": transform = { $0.decomposedStringWithCanonicalMapping }
            case "NFKC": transform = { $0.precomposedStringWithCompatibilityMapping }
            case "NFKD": transform = { $0.decomposedStringWithCompatibilityMapping }
            default: throw vm.error(.rangeError, "The normalization form should be one of NFC, NFD, NFKC, NFKD.")
            }
            let s = vm.units(sv)
            if s.allSatisfy({ $0 < 0x80 }) { return sv }
            // A cut between two ASCII characters cannot split a composing sequence.
            let result = mapWellFormed(s, limit: maxStringLength, canSplit: { s[$0 - 1] < 0x80 && s[$0] < 0x80 },
                                       transform) { _ in nil }
            return try checkedString(vm, result)
        },

        // MARK: Conversion and iteration
        NativeFunction("String.prototype", "toString", 0) { vm, this, _ in
            try thisStringValue(vm, this, "toString")
        },
        NativeFunction("String.prototype", "valueOf", 0) { vm, this, _ in
            try thisStringValue(vm, this, "valueOf")
        },
        NativeFunction("String.prototype", "@@iterator", 0) { vm, this, _ in
            vm.makeBuiltinIterator(.string, try thisString(vm, this, "[Symbol.iterator]"))
        },

        // MARK: Prelude support (replace / replaceAll)
        NativeFunction("%Intrinsics", "stringCoerce", 2) { vm, _, args in
            // stringCoerce(value, methodName): ToString, after a
            // RequireObjectCoercible naming the method when one is given.
            if args[1].isUndefined { return try vm.toStringValue(args[0]) }
            return try thisString(vm, args[0], try vm.toSwiftString(args[1]))
        },
        NativeFunction("%Intrinsics", "stringMatchPositions", 3) { vm, _, args in
            // stringMatchPositions(string, search, all): where `search` occurs
            // (only the first occurrence unless `all`), as an array of numbers.
            let matches = Matches(s: vm.units(args[0]), search: vm.units(args[1]), all: vm.toBoolean(args[2]))
            return vm.newArray(ContiguousArray(matches.map { Value($0) }))
        },
        NativeFunction("%Intrinsics", "stringSplice", 4) { vm, _, args in
            // stringSplice(string, positions, matchLength, replacements): each
            // match replaced by the string at the same index of `replacements`.
            // The prelude passes stringMatchPositions' result; code from a
            // crafted snapshot may pass anything, so check before indexing.
            let count = vm.units(args[0]).count
            let replacements = vm.object(args[3]).elements
            func invalid() -> JSThrow { vm.error(.typeError, "stringSplice: invalid arguments") }
            var positions: [Int] = []
            for v in vm.object(args[1]).elements {
                guard v.isNumber, let p = Int(exactly: v.number), (0...count).contains(p) else { throw invalid() }
                positions.append(p)
            }
            guard args[2].isNumber, let matchLength = Int(exactly: args[2].number), (0...count).contains(matchLength),
                  positions.count <= replacements.count else { throw invalid() }
            return try splice(vm, args[0], positions, matchLength: matchLength) { i, _ in
                vm.units(replacements[i])
            }
        },
        NativeFunction("%Intrinsics", "stringReplace", 4) { vm, _, args in
            // stringReplace(this, searchValue, replaceValue, all) with a
            // non-callable replaceValue: `$$`, `$&`, `` $` `` and `$'` expand.
            let all = vm.toBoolean(args[3])
            let sv = try thisString(vm, args[0], all ? "replaceAll" : "replace")
            let s = vm.units(sv)
            let search = try vm.toUnits(args[1])
            let replacement = try vm.toUnits(args[2])
            return try splice(vm, sv, Matches(s: s, search: search, all: all), matchLength: search.count) { _, position in
                substitution(replacement, in: s, at: position, matchLength: search.count)
            }
        },
    ]

    static func install(_ vm: VM) {
        let proto = vm.allocate(JSObject(shape: vm.rootShape, proto: vm.intrinsics.objectPrototype,
                                         kind: .primitive(vm.keyValue(Atom.empty))))
        vm.intrinsics.stringPrototype = proto
        vm.installConstructor("String", prototype: proto)
        // Annex B aliases: the same function objects.
        let o = vm.object(proto)
        for (alias, name) in [("trimLeft", "trimStart"), ("trimRight", "trimEnd")] {
            let slot = o.shape.lookup(vm.intern(name))
            vm.defineNamed(proto, vm.intern(alias), o.slots[slot], flags: .hidden)
        }
    }

    // MARK: Coercions

    /// `this` of a String.prototype method: RequireObjectCoercible, then ToString.
    @inline(__always)
    static func thisString(_ vm: VM, _ this: Value, _ method: String) throws -> Value {
        if this.isString { return this }
        if this.isNullish {
            let name = method.hasPrefix("[") ? method : "." + method
            throw vm.error(.typeError, "String.prototype\(name) called on null or undefined")
        }
        return try vm.toStringValue(this)
    }

    @inline(__always)
    static func thisUnits(_ vm: VM, _ this: Value, _ method: String) throws -> [UInt16] {
        vm.units(try thisString(vm, this, method))
    }

    /// thisStringValue: a string primitive or a String wrapper, no conversion.
    static func thisStringValue(_ vm: VM, _ this: Value, _ method: String) throws -> Value {
        if this.isString { return this }
        if this.isObject, case .primitive(let p) = vm.object(this).kind, p.isString { return p }
        throw vm.error(.typeError, "String.prototype.\(method) requires that 'this' be a String")
    }

    /// ToIntegerOrInfinity with a fast path for numbers.
    @inline(__always)
    static func integerArgument(_ vm: VM, _ v: Value) throws -> Double {
        if v.isNumber {
            let d = v.number
            return d.isNaN ? 0 : d.rounded(.towardZero)
        }
        return try vm.toInteger(v)
    }

    /// An integer (possibly infinite) clamped to `0...length`.
    @inline(__always)
    static func clampedIndex(_ d: Double, _ length: Int) -> Int {
        d <= 0 ? 0 : d >= Double(length) ? length : Int(d)
    }

    /// The pattern of `search` when it is a string without regular-expression
    /// syntax (so that a literal search gives the regex answer); else a TypeError.
    private static func literalPattern(_ vm: VM, _ v: Value) throws -> [UInt16] {
        let metacharacters = Set("\\^$.*+?()[]{}|".utf16)
        guard v.isString, !vm.units(v).contains(where: metacharacters.contains) else {
            throw vm.error(.typeError, "Regular expressions are not supported")
        }
        return vm.units(v)
    }

    // MARK: Searching

    /// The first index `>= start` where `pattern` occurs in `s`, or -1.
    static func find(_ pattern: [UInt16], in s: [UInt16], from start: Int) -> Int {
        let n = s.count, m = pattern.count
        if m == 0 { return start <= n ? start : -1 }
        if start > n - m { return -1 }
        return s.withUnsafeBufferPointer { sb in
            pattern.withUnsafeBufferPointer { pb in
                let first = pb[0]
                var i = start
                while i <= n - m {
                    if sb[i] == first {
                        var j = 1
                        while j < m && sb[i + j] == pb[j] { j += 1 }
                        if j == m { return i }
                    }
                    i += 1
                }
                return -1
            }
        }
    }

    /// The last index `<= start` where `pattern` occurs in `s`, or -1.
    static func findLast(_ pattern: [UInt16], in s: [UInt16], atOrBefore start: Int) -> Int {
        var i = min(start, s.count - pattern.count)
        while i >= 0 {
            if s[i..<i + pattern.count].elementsEqual(pattern) { return i }
            i -= 1
        }
        return -1
    }

    /// Where `search` occurs in `s`, found lazily: the first occurrence only,
    /// or with `all` every non-overlapping one (an empty search matches
    /// between all units, as replaceAll does).
    struct Matches: Sequence, IteratorProtocol {
        let s: [UInt16]
        let search: [UInt16]
        let all: Bool
        private var from = 0
        private var done = false

        init(s: [UInt16], search: [UInt16], all: Bool) {
            self.s = s
            self.search = search
            self.all = all
        }

        mutating func next() -> Int? {
            if done { return nil }
            let p = find(search, in: s, from: from)
            if p < 0 || !all { done = true }
            if p < 0 { return nil }
            from = p + Swift.max(search.count, 1)
            return p
        }
    }

    // MARK: Building strings

    /// A new string, or a RangeError when it would exceed `maxStringLength`
    /// (case mapping and normalization can make text longer).
    private static func checkedString(_ vm: VM, _ units: [UInt16]) throws -> Value {
        guard units.count <= maxStringLength else { throw vm.error(.rangeError, "Invalid string length") }
        return vm.newString(units)
    }

    /// `s[start..<end]` as a string value (`sv` itself when it is all of it).
    @inline(__always)
    static func substring(_ vm: VM, _ sv: Value, _ s: [UInt16], _ start: Int, _ end: Int) -> Value {
        if start >= end { return vm.keyValue(Atom.empty) }
        if start == 0 && end == s.count { return sv }
        return vm.newString(Array(s[start..<end]))
    }

    /// String `sv` with the `matchLength` units at each of `positions`
    /// (ascending) replaced by `replacement(i, position)`; `sv` itself when
    /// there is nothing to replace.
    static func splice<Positions: Sequence>(_ vm: VM, _ sv: Value, _ positions: Positions, matchLength: Int,
                                            _ replacement: (Int, Int) -> [UInt16]) throws -> Value
    where Positions.Element == Int {
        let s = vm.units(sv)
        var out = [UInt16]()
        var last = 0
        for (i, p) in positions.enumerated() where p >= last && p + matchLength <= s.count {
            if i == 0 { out.reserveCapacity(s.count) }
            out += s[last..<p]
            out += replacement(i, p)
            last = p + matchLength
            guard out.count <= maxStringLength else { throw vm.error(.rangeError, "Invalid string length") }
        }
        if last == 0 && out.isEmpty { return sv }
        out += s[last...]
        guard out.count <= maxStringLength else { throw vm.error(.rangeError, "Invalid string length") }
        return vm.newString(out)
    }

    /// GetSubstitution for a string pattern (no captures): `$$`, `$&`,
    /// `` $` `` and `$'` expand; anything else is literal.
    static func substitution(_ template: [UInt16], in s: [UInt16], at position: Int, matchLength: Int) -> [UInt16] {
        guard template.contains(36) else { return template }
        var out = [UInt16]()
        var i = 0
        while i < template.count {
            let c = template[i]
            if c == 36, i + 1 < template.count {
                switch template[i + 1] {
                case 36: out.append(36)
                case 38: out += s[position..<position + matchLength]
                case 96: out += s[..<position]
                case 39: out += s[(position + matchLength)...]
                default:
                    out.append(c)
                    i += 1
                    continue
                }
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// Splits on a separator; an empty separator gives single code units.
    static func split(_ vm: VM, _ s: [UInt16], by separator: [UInt16], limit: Int) -> ContiguousArray<Value> {
        var parts = ContiguousArray<Value>()
        if separator.isEmpty {
            for u in s.prefix(limit) { parts.append(vm.newString([u])) }
            return parts
        }
        var start = 0
        var p = find(separator, in: s, from: 0)
        while p >= 0 {
            parts.append(vm.newString(Array(s[start..<p])))
            if parts.count == limit { return parts }
            start = p + separator.count
            p = find(separator, in: s, from: start)
        }
        parts.append(vm.newString(Array(s[start...])))
        return parts
    }

    private static func pad(_ vm: VM, _ this: Value, _ args: NativeArguments, atStart: Bool) throws -> Value {
        let sv = try thisString(vm, this, atStart ? "padStart" : "padEnd")
        let s = vm.units(sv)
        let target = min(max(try vm.toInteger(args[0]), 0), 9_007_199_254_740_991)
        if target <= Double(s.count) { return sv }
        let fill = args[1].isUndefined ? [32] : try vm.toUnits(args[1])
        if fill.isEmpty { return sv }
        guard target <= Double(maxStringLength) else { throw vm.error(.rangeError, "Invalid string length") }
        let fillCount = Int(target) - s.count
        var padding = [UInt16]()
        padding.reserveCapacity(fillCount)
        while padding.count < fillCount { padding += fill.prefix(fillCount - padding.count) }
        return vm.newString(atStart ? padding + s : s + padding)
    }

    private static func trim(_ vm: VM, _ this: Value, start: Bool, end: Bool, method: String) throws -> Value {
        let sv = try thisString(vm, this, method)
        let s = vm.units(sv)
        var a = 0, b = s.count
        if start { while a < b && VM.isJSWhitespace(s[a]) { a += 1 } }
        if end { while b > a && VM.isJSWhitespace(s[b - 1]) { b -= 1 } }
        return substring(vm, sv, s, a, b)
    }

    /// toLowerCase / toUpperCase: ASCII in place, other text through the
    /// full Unicode mappings (plus the final-sigma rule, which Swift lacks).
    private static func changeCase(_ vm: VM, _ this: Value, upper: Bool, method: String) throws -> Value {
        let sv = try thisString(vm, this, method)
        let s = vm.units(sv)
        let from: ClosedRange<UInt16> = upper ? 97...122 : 65...90
        var isASCII = true, changes = false
        for u in s {
            if u >= 0x80 {
                isASCII = false
                break
            }
            if from.contains(u) { changes = true }
        }
        if isASCII {
            if !changes { return sv }
            return vm.newString(s.map { from.contains($0) ? $0 ^ 0x20 : $0 })
        }
        // Case mappings work scalar by scalar (final sigma is handled here), so any cut is fine.
        if upper {
            return try checkedString(vm, mapWellFormed(s, limit: maxStringLength, canSplit: { _ in true },
                                                       { $0.uppercased() }) { _ in nil })
        }
        return try checkedString(vm, mapWellFormed(s, limit: maxStringLength, canSplit: { _ in true },
                                                   { $0.lowercased() }) { i in
            s[i] == 0x3A3 && isFinalSigma(s, i) ? [0x3C2] : nil
        })
    }

    /// Greek capital sigma at `i` ends a word: a cased letter before it, none after
    /// (case-ignorable characters skipped both ways).
    private static func isFinalSigma(_ s: [UInt16], _ i: Int) -> Bool {
        func scalarProperties(_ j: Int) -> Unicode.Scalar.Properties? {
            Unicode.Scalar(UInt32(s[j])).map { $0.properties }
        }
        var j = i - 1
        while j >= 0, let p = scalarProperties(j), p.isCaseIgnorable { j -= 1 }
        guard j >= 0, let before = scalarProperties(j), before.isCased else { return false }
        j = i + 1
        while j < s.count, let p = scalarProperties(j), p.isCaseIgnorable { j += 1 }
        guard j < s.count, let after = scalarProperties(j) else { return true }
        return !after.isCased
    }

    /// Applies `transform` to the text of `s`, keeping lone surrogates as
    /// they are and substituting the units for which `special` gives a value.
    /// Long text goes through `transform` in pieces, cut only where
    /// `canSplit(i)` allows (the transform must not look across such a
    /// cut), and the work stops once the result exceeds `limit` units.
    static func mapWellFormed(_ s: [UInt16], limit: Int = .max, canSplit: (Int) -> Bool = { _ in false },
                              _ transform: (String) -> String, special: (Int) -> [UInt16]?) -> [UInt16] {
        var out = [UInt16]()
        out.reserveCapacity(s.count)
        var runStart = 0
        func flush(_ end: Int) {
            if runStart < end { out += transform(String(decoding: s[runStart..<end], as: UTF16.self)).utf16 }
            runStart = end
        }
        var i = 0
        while i < s.count && out.count <= limit {
            let u = s[i]
            if UTF16.isLeadSurrogate(u), i + 1 < s.count, UTF16.isTrailSurrogate(s[i + 1]) {
                i += 2
                continue
            }
            if i - runStart >= 4096 && canSplit(i) { flush(i) }
            let replacement = UTF16.isLeadSurrogate(u) || UTF16.isTrailSurrogate(u) ? [u] : special(i)
            if let replacement {
                flush(i)
                out += replacement
                runStart = i + 1
            }
            i += 1
        }
        flush(min(i, s.count))
        return out
    }
}

/// `localeCompare`: an approximation of the ICU root collation node uses
/// (whitespace < punctuation < symbols < currency < digits < letters;
/// letters compare case-insensitively first, then by accents, then
/// lowercase before uppercase; compatibility characters like `²` and `ß`
/// sort as variants of their expansions).
enum Collation {
    /// ASCII characters in root-collation order; control characters are ignorable.
    private static let asciiOrder = Array("\t\n\u{0B}\u{0C}\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ".utf16)

    /// Primary weight ranges above the ASCII punctuation: other symbols and
    /// currency symbols by code point, then digits, then letters.
    private static let symbolBase: UInt32 = 0x100
    private static let currencyBase: UInt32 = 0x11_0100
    private static let digitBase: UInt32 = 0x30_0000
    private static let letterBase: UInt32 = 0x40_0000

    /// Primary weights of ASCII code units (0 = ignorable); case pairs share one.
    private static let asciiPrimary: [UInt32] = {
        var w = [UInt32](repeating: 0, count: 128)
        var next: UInt32 = 1
        for u in asciiOrder {
            switch u {
            case 36: w[36] = currencyBase + 36
            case 48...57: w[Int(u)] = digitBase + UInt32(u - 48)
            case 65...90: w[Int(u)] = w[Int(u) + 32]
            case 97...122: w[Int(u)] = letterBase + UInt32(u)
            default:
                w[Int(u)] = next
                next += 1
            }
        }
        return w
    }()

    /// Letters that sort as their expansion (a tertiary variant), or as a base
    /// letter with a secondary difference (`accent`), like an accented letter.
    private static let specialLetters: [UInt32: (base: String, accent: Bool)] = [
        0xDF: ("ss", false), 0xE6: ("ae", false), 0xC6: ("AE", false), 0x153: ("oe", false), 0x152: ("OE", false),
        0xF8: ("o", true), 0xD8: ("O", true), 0x111: ("d", true), 0x110: ("D", true), 0x142: ("l", true),
        0x141: ("L", true), 0x131: ("i", true),
    ]

    /// One collation element: primary, secondary (accent) and tertiary (case, variant) weights.
    private struct Element {
        var primary: UInt32
        var secondary: UInt32
        var tertiary: UInt32
    }

    private static func elements(_ s: [UInt16]) -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(s.count)
        if !s.contains(where: { $0 >= 0x80 }) {
            for u in s { appendASCII(UInt32(u), to: &out, variant: 0) }
            return out
        }
        let decomposed = StringBuiltins.mapWellFormed(s, { $0.decomposedStringWithCanonicalMapping }) { _ in nil }
        for scalar in String(decoding: decomposed, as: UTF16.self).unicodeScalars {
            append(scalar, to: &out)
        }
        return out
    }

    private static func appendASCII(_ v: UInt32, to out: inout [Element], variant: UInt32) {
        let p = asciiPrimary[Int(v)]
        if p != 0 { out.append(Element(primary: p, secondary: 0, tertiary: (v >= 65 && v <= 90 ? 1 : 0) + variant)) }
    }

    private static func append(_ scalar: Unicode.Scalar, to out: inout [Element]) {
        let v = scalar.value
        if v < 0x80 { return appendASCII(v, to: &out, variant: 0) }
        if let special = specialLetters[v] {
            for b in special.base.unicodeScalars { appendASCII(b.value, to: &out, variant: special.accent ? 0 : 2) }
            if special.accent { out.append(Element(primary: 0, secondary: 0x11_0000 + v, tertiary: 0)) }
            return
        }
        let p = scalar.properties
        if p.canonicalCombiningClass.rawValue != 0 || p.generalCategory == .nonspacingMark {
            return out.append(Element(primary: 0, secondary: v, tertiary: 0))
        }
        if v <= 0xFFFF && VM.isJSWhitespace(UInt16(v)) {
            return out.append(Element(primary: asciiPrimary[32], secondary: 0, tertiary: 2))
        }
        let compatibility = String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars
        if compatibility.count > 1 || compatibility.first != scalar {
            // A compatibility variant (`²`, `½`, `ﬁ`): its expansion, marked at the third level.
            let start = out.count
            for c in compatibility { append(c, to: &out) }
            for i in start..<out.count { out[i].tertiary += 2 }
            return
        }
        if p.numericType == .decimal, let d = p.numericValue {
            return out.append(Element(primary: digitBase + UInt32(d), secondary: 0, tertiary: 0))
        }
        if p.isAlphabetic {
            let lower = p.lowercaseMapping.unicodeScalars
            if lower.count == 1, let l = lower.first, l != scalar {
                return out.append(Element(primary: letterBase + l.value, secondary: 0, tertiary: 1))
            }
            return out.append(Element(primary: letterBase + v, secondary: 0, tertiary: 0))
        }
        let base = p.generalCategory == .currencySymbol ? currencyBase : symbolBase
        out.append(Element(primary: base + v, secondary: 0, tertiary: 0))
    }

    /// -1, 0 or 1.
    static func compare(_ a: [UInt16], _ b: [UInt16]) -> Int {
        if a == b { return 0 }
        let x = elements(a), y = elements(b)
        let levels: [(Element) -> UInt32?] = [
            { $0.primary == 0 ? nil : $0.primary },
            { $0.secondary },
            { $0.tertiary },
        ]
        for weight in levels {
            let l = x.compactMap(weight), r = y.compactMap(weight)
            if l != r { return l.lexicographicallyPrecedes(r) ? -1 : 1 }
        }
        return 0
    }
}
