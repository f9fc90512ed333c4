// Value formatting for console output, following Node's `util.inspect`
// (lib/internal/util/inspect.js with its defaults: depth 2, compact 3,
// breakLength 80, maxArrayLength 100) and `util.format` (`%s %d %i %f %j %o
// %O %c %%`). Function names below mirror Node's so the two can be compared.
// Inspection never calls user code except where Node does too (getters of
// `Symbol.toStringTag`, `name`, `message`, `stack`), and tolerates throws there.

extension VM {
    /// `util.inspect(v)` with Node's default options.
    public func inspect(_ v: Value) -> String {
        Inspector(self).formatValue(v, 0)
    }

    /// The text of `console.log(...args)`; an argument whose conversion
    /// throws (a `%s` of an object whose `toString` throws) yields "".
    public func formatLogArguments(_ args: [Value]) -> String {
        (try? formatLog(args)) ?? ""
    }

    /// `util.format`: format directives in a leading string, then every
    /// remaining argument (strings raw, others inspected) joined by spaces.
    func formatLog(_ args: [Value]) throws -> String {
        guard let first = args.first else { return "" }
        var out: [UInt16] = []
        var a = 0
        var separator: [UInt16] = []
        if first.isString {
            if args.count == 1 { return swiftString(first) }
            let f = units(first)
            var lastPos = 0
            var i = 0
            while i < f.count - 1 {
                if f[i] == 0x25 {
                    i += 1
                    if a + 1 != args.count, let text = try formatDirective(f[i], args, &a) {
                        if lastPos != i - 1 { out += f[lastPos..<i - 1] }
                        out += text.utf16
                        lastPos = i + 1
                    } else if f[i] == 0x25 {
                        out += f[lastPos..<i]
                        lastPos = i + 1
                    }
                }
                i += 1
            }
            if lastPos != 0 {
                a += 1
                separator = [0x20]
                if lastPos < f.count { out += f[lastPos...] }
            }
        }
        while a < args.count {
            out += separator
            out += args[a].isString ? units(args[a]) : Array(inspect(args[a]).utf16)
            separator = [0x20]
            a += 1
        }
        return String(decoding: out, as: UTF16.self)
    }

    /// The directives of `util.format` that consume an argument.
    private static let logDirectives = Set(Array("sjdOoifc".utf16))

    /// The replacement text of the directive `%` followed by `c`, consuming
    /// `args[a + 1]`; nil for `%%` and unknown directives (which consume nothing).
    private func formatDirective(_ c: UInt16, _ args: [Value], _ a: inout Int) throws -> String? {
        guard VM.logDirectives.contains(c) else { return nil }
        a += 1
        let arg = args[a]
        switch c {
        case 0x73: // s
            if arg.isNumber { return Inspector.formatNumber(arg.number) }
            if arg.isSymbol { return atomString(arg.handle) }
            if !arg.isObject || isCallable(arg) || !hasBuiltInToString(arg) { return try toSwiftString(arg) }
            return Inspector(self, depth: 0).formatValue(arg, 0)
        case 0x6A: // j
            return try jsonForLog(arg)
        case 0x64: // d
            return arg.isSymbol ? "NaN" : Inspector.formatNumber(try toNumber(arg))
        case 0x4F: // O
            return inspect(arg)
        case 0x6F: // o
            return Inspector(self, depth: 4, showHidden: true).formatValue(arg, 0)
        case 0x69: // i
            return arg.isSymbol ? "NaN" : Inspector.formatNumber(VM.parseInt(try toUnits(arg), radix: 0))
        case 0x66: // f
            return arg.isSymbol ? "NaN" : Inspector.formatNumber(VM.parseFloat(try toUnits(arg)))
        default: // c: CSS is ignored
            return ""
        }
    }

    /// Node's `hasBuiltInToString`: `%s` inspects objects whose `toString`
    /// comes from a builtin prototype and stringifies the others.
    private func hasBuiltInToString(_ v: Value) -> Bool {
        guard let method = try? get(v, Atom.toString), isCallable(method) else { return true }
        if getOwnProperty(object(v), Atom.toString) != nil { return false }
        var holder = object(v).proto
        while holder.isObject && getOwnProperty(object(holder), Atom.toString) == nil { holder = object(holder).proto }
        guard holder.isObject, let d = getOwnProperty(object(holder), Atom.constructor), !d.isAccessor else { return false }
        return isBuiltinConstructor(d.value)
    }

    /// Node's `builtInObjects` test: a function reachable as the global of its name.
    fileprivate func isBuiltinConstructor(_ f: Value) -> Bool {
        guard isCallable(f), let name = try? get(f, Atom.name), name.isString else { return false }
        return getOwnProperty(object(globalObject), atom(ofString: name))?.value == f
    }

    /// `%j`: JSON.stringify, with "[Circular]" for cyclic structures.
    private func jsonForLog(_ v: Value) throws -> String {
        let json = try get(globalObject, intern("JSON"))
        let stringify = try get(json, intern("stringify"))
        do {
            let result = try call(stringify, this: json, arguments: [v])
            return result.isUndefined ? "undefined" : try toSwiftString(result)
        } catch let thrown as JSThrow {
            if thrown.value.isObject, let m = try? get(thrown.value, Atom.message), m.isString,
               swiftString(m).lowercased().contains("circular") {
                return "[Circular]"
            }
            throw thrown
        }
    }
}

/// One inspection: Node's `ctx` (options, indentation, the objects being
/// formatted and the circular references found).
final class Inspector {
    static let breakLength = 80
    static let compact = 3
    static let maxArrayLength = 100
    static let maxStringLength = 10_000
    /// Strings shorter than this are never split over lines.
    static let minLineLength = 16

    /// How the entries of an object are laid out (Node's kObjectType / kArrayExtrasType).
    enum EntryKind { case object, arrayExtras }

    let vm: VM
    var depth: Int
    let showHidden: Bool
    var indentationLvl = 0
    var seen: [Value] = []
    var circular: [Value: Int] = [:]
    var currentDepth = 0
    /// Output length per indentation level; inspection stops descending past 2^27.
    var budget: [Int: Int] = [:]

    init(_ vm: VM, depth: Int = 2, showHidden: Bool = false) {
        self.vm = vm
        self.depth = depth
        self.showHidden = showHidden
    }

    // MARK: Values

    func formatValue(_ v: Value, _ recurseTimes: Int) -> String {
        guard v.isObject else { return formatPrimitive(v) }
        if seen.contains(v) {
            let index = circular[v] ?? circular.count + 1
            circular[v] = index
            return "[Circular *\(index)]"
        }
        return formatRaw(v, recurseTimes)
    }

    func formatPrimitive(_ v: Value) -> String {
        if v.isString {
            var units = vm.units(v)
            var trailer = ""
            if units.count > Inspector.maxStringLength {
                let remaining = units.count - Inspector.maxStringLength
                units.removeLast(remaining)
                trailer = "... \(remaining) more character\(remaining > 1 ? "s" : "")"
            }
            if units.count > Inspector.minLineLength && units.count > Inspector.breakLength - indentationLvl - 4 {
                // Long strings break after each newline, one quoted piece per line.
                var pieces: [String] = []
                var start = 0
                for (i, u) in units.enumerated() where u == 10 {
                    pieces.append(Inspector.strEscape(units[start...i]))
                    start = i + 1
                }
                if start < units.count { pieces.append(Inspector.strEscape(units[start...])) }
                return pieces.joined(separator: " +\n" + String(repeating: " ", count: indentationLvl + 2)) + trailer
            }
            return Inspector.strEscape(units[...]) + trailer
        }
        if v.isNumber { return Inspector.formatNumber(v.number) }
        if v.isSymbol { return vm.atomString(v.handle) }
        return vm.primitiveToString(v)
    }

    /// Numbers as JavaScript prints them, except that -0 shows its sign.
    static func formatNumber(_ d: Double) -> String {
        d == 0 && d.sign == .minus ? "-0" : VM.numberToString(d)
    }

    /// A quoted string literal: single quotes unless the text contains one
    /// (then double quotes, or backticks if it has both), with escapes.
    static func strEscape(_ units: ArraySlice<UInt16>) -> String {
        var quote: UInt16 = 0x27
        if units.contains(0x27) {
            if !units.contains(0x22) {
                quote = 0x22
            } else if !units.contains(0x60) && indexOf(Array("${".utf16), in: Array(units)) == nil {
                quote = 0x60
            }
        }
        return String(decoding: [quote] + escape(units, quote: quote) + [quote], as: UTF16.self)
    }

    /// Escapes control characters, C1 controls, lone surrogates, the
    /// backslash and (when it is the quote) the single quote.
    static func escape(_ units: ArraySlice<UInt16>, quote: UInt16 = 0x27) -> [UInt16] {
        let hex = Array("0123456789ABCDEF".utf16)
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var i = units.startIndex
        while i < units.endIndex {
            let u = units[i]
            i += 1
            switch u {
            case 8: out += Array("\\b".utf16)
            case 9: out += Array("\\t".utf16)
            case 10: out += Array("\\n".utf16)
            case 12: out += Array("\\f".utf16)
            case 13: out += Array("\\r".utf16)
            case 0x5C: out += [0x5C, 0x5C]
            case 0x27 where quote == 0x27: out += [0x5C, 0x27]
            case 0..<32, 0x7F..<0xA0: out += [0x5C, 0x78, hex[Int(u >> 4)], hex[Int(u & 15)]]
            case 0xD800...0xDFFF:
                if u <= 0xDBFF, i < units.endIndex, UTF16.isTrailSurrogate(units[i]) {
                    out += [u, units[i]]
                    i += 1
                } else {
                    out += Array("\\u\(String(u, radix: 16))".utf16)
                }
            default: out.append(u)
            }
        }
        return out
    }

    // MARK: Objects

    func formatRaw(_ v: Value, _ recurseTimes: Int) -> String {
        let o = vm.object(v)
        // With showHidden, accessors and data of user prototypes are listed too.
        var protoProps: [String]? = showHidden && recurseTimes <= depth ? [] : nil
        let constructor = constructorName(v, recurseTimes, &protoProps)
        if protoProps?.isEmpty == true { protoProps = nil }
        let tag = toStringTag(v)
        var keys: [PropertyKey]
        var base = ""
        var braces = ("{", "}")
        var entryKind = EntryKind.object
        var formatter: (Int) -> [String] = { _ in [] }
        switch o.kind {
        case .array:
            let count = o.elements.count
            let prefix = constructor != "Array" || !tag.isEmpty
                ? Inspector.prefix(constructor, tag, "Array", "(\(count))") : ""
            keys = ownKeys(v).filter { vm.arrayIndex(ofAtom: $0) < 0 }
            braces = (prefix + "[", "]")
            if count == 0 && keys.isEmpty && protoProps == nil { return braces.0 + "]" }
            entryKind = .arrayExtras
            formatter = { self.formatArray(o, $0) }
        case .map(let table), .set(let table):
            let isMap: Bool
            if case .map = o.kind { isMap = true } else { isMap = false }
            let prefix = Inspector.prefix(constructor, tag, isMap ? "Map" : "Set", "(\(table.liveCount))")
            keys = ownKeys(v)
            if table.liveCount == 0 && keys.isEmpty && protoProps == nil { return prefix + "{}" }
            braces = (prefix + "{", "}")
            formatter = { self.formatCollection(table, isMap: isMap, $0) }
        case .iterator(let data) where [.map, .set].contains(IteratorFamily(data.kind)):
            keys = ownKeys(v)
            let type = IteratorFamily(data.kind) == .map ? "Map" : "Set"
            let entries = data.kind == .mapEntries || data.kind == .setEntries
            braces = (Inspector.iteratorBrace(type, tag, entries: entries), "}")
            formatter = { self.formatIterator(data, $0) }
        default:
            keys = ownKeys(v)
            if case .function = o.kind {
                base = functionBase(v, constructor, tag)
                if keys.isEmpty && protoProps == nil { return base }
            } else if constructor == "Object" {
                if case .arguments = o.kind {
                    braces.0 = "[Arguments] {"
                } else if !tag.isEmpty {
                    braces.0 = Inspector.prefix(constructor, tag, "Object") + "{"
                }
                if keys.isEmpty && protoProps == nil { return braces.0 + "}" }
            } else if isError(v) {
                base = formatError(v, constructor, tag, &keys)
                if keys.isEmpty && protoProps == nil { return base }
            } else if case .promise(let data) = o.kind {
                braces.0 = Inspector.prefix(constructor, tag, "Promise") + "{"
                formatter = { self.formatPromise(data, $0) }
            } else if case .primitive(let p) = o.kind {
                base = boxedBase(p, &keys, constructor, tag)
                if keys.isEmpty && protoProps == nil { return base }
            } else {
                let style = ctxStyle(v, constructor, tag)
                if keys.isEmpty && protoProps == nil { return style + "{}" }
                braces.0 = style + "{"
            }
        }
        if recurseTimes > depth {
            let name = String(ctxStyle(v, constructor, tag).dropLast())
            return constructor == nil ? name : "[\(name)]"
        }
        let recurse = recurseTimes + 1
        seen.append(v)
        currentDepth = recurse
        var output = formatter(recurse)
        for key in keys { output.append(formatProperty(v, recurse, key)) }
        output += protoProps ?? []
        if let index = circular[v] {
            let reference = "<ref *\(index)>"
            base = base.isEmpty ? reference : reference + " " + base
        }
        seen.removeLast()
        let result = reduceToSingleString(output, base, braces, entryKind, recurse, array: o.isArray ? o : nil)
        let total = (budget[indentationLvl] ?? 0) + result.utf16.count
        budget[indentationLvl] = total
        if total > 1 << 27 { depth = -1 }
        return result
    }

    /// Own keys to list: enumerable strings and symbols (all with showHidden).
    private func ownKeys(_ v: Value) -> [PropertyKey] {
        vm.ownKeys(v, includeSymbols: true, onlyEnumerable: !showHidden)
    }

    /// `name: value` for one own property (`[Getter]` & co. for accessors).
    private func formatProperty(_ v: Value, _ recurseTimes: Int, _ key: PropertyKey) -> String {
        let desc = vm.getOwnProperty(vm.object(v), key)
            ?? PropertyDescriptor(value: (try? vm.get(v, key)) ?? .undefined, flags: .enumerable)
        let str: String
        if desc.isAccessor {
            if !desc.getter.isUndefined {
                str = desc.setter.isUndefined ? "[Getter]" : "[Getter/Setter]"
            } else {
                str = desc.setter.isUndefined ? "undefined" : "[Setter]"
            }
        } else {
            str = formatNested(desc.value, recurseTimes)
        }
        let name: String
        if vm.isSymbolAtom(key) {
            name = "[" + String(decoding: Inspector.escape(Array(vm.atomString(key).utf16)[...]), as: UTF16.self) + "]"
        } else if key == Atom.proto {
            name = "['__proto__']"
        } else {
            let units = vm.units(vm.keyValue(key))
            if !desc.flags.contains(.enumerable) {
                name = "[" + String(decoding: Inspector.escape(units[...]), as: UTF16.self) + "]"
            } else if Inspector.isIdentifier(units) {
                name = vm.atomString(key)
            } else {
                name = Inspector.strEscape(units[...])
            }
        }
        return "\(name): \(str)"
    }

    /// A value one level in (two more columns of indentation).
    private func formatNested(_ v: Value, _ recurseTimes: Int) -> String {
        indentationLvl += 2
        defer { indentationLvl -= 2 }
        return formatValue(v, recurseTimes)
    }

    /// Matches `^[a-zA-Z_][a-zA-Z_0-9]*$`: keys printed without quotes.
    private static func isIdentifier(_ units: [UInt16]) -> Bool {
        guard let first = units.first else { return false }
        func letter(_ u: UInt16) -> Bool { (u | 0x20 >= 0x61 && u | 0x20 <= 0x7A) || u == 0x5F }
        return letter(first) && units.allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    private static func remainingText(_ n: Int) -> String { "... \(n) more item\(n > 1 ? "s" : "")" }

    private static func emptyItems(_ n: Int) -> String { "<\(n) empty item\(n > 1 ? "s" : "")>" }

    // MARK: Names and prefixes

    /// The name of the first constructor on the prototype chain that `v` is
    /// an instance of; nil for objects with a null prototype. Collects the
    /// properties of user prototypes into `protoProps` when it is non-nil.
    private func constructorName(_ v: Value, _ recurseTimes: Int, _ protoProps: inout [String]?) -> String? {
        var current = v
        var firstProto: Value?
        while current.isObject {
            let o = vm.object(current)
            if let d = vm.getOwnProperty(o, Atom.constructor), !d.isAccessor, vm.isCallable(d.value),
               let name = try? vm.get(d.value, Atom.name), !(name.isString && vm.units(name).isEmpty),
               (try? vm.ordinaryHasInstance(d.value, v)) == true {
                if protoProps != nil && (firstProto != current || !vm.isBuiltinConstructor(d.value)) {
                    addPrototypeProperties(v, firstProto ?? v, recurseTimes, &protoProps)
                }
                return (try? vm.toSwiftString(name)) ?? ""
            }
            current = o.proto
            if firstProto == nil { firstProto = current }
        }
        guard let first = firstProto, first.isObject else { return nil }
        let internalName = internalConstructorName(v)
        if recurseTimes > depth { return "\(internalName) <Complex prototype>" }
        if let protoName = constructorName(first, recurseTimes + 1, &protoProps) {
            return "\(internalName) <\(protoName)>"
        }
        return "\(internalName) <\(Inspector(vm, depth: -1).formatValue(first, 0))>"
    }

    /// The non-method properties of up to three user prototype levels of
    /// `main` (Node's `addPrototypeProperties`, used with showHidden).
    private func addPrototypeProperties(_ main: Value, _ start: Value, _ recurseTimes: Int, _ output: inout [String]?) {
        var holder = start
        var seenKeys: Set<PropertyKey> = []
        for level in 0..<3 {
            if level != 0 || holder == main {
                holder = vm.object(holder).proto
                guard holder.isObject else { return }
                if let d = vm.getOwnProperty(vm.object(holder), Atom.constructor), !d.isAccessor,
                   vm.isBuiltinConstructor(d.value) {
                    return
                }
            }
            let keys = vm.ownKeys(holder, includeSymbols: true)
            seen.append(main)
            for key in keys where key != Atom.constructor && !seenKeys.contains(key)
                && vm.getOwnProperty(vm.object(main), key) == nil {
                guard let d = vm.getOwnProperty(vm.object(holder), key), d.isAccessor || !vm.isCallable(d.value) else { continue }
                output?.append(formatProperty(holder, recurseTimes, key))
            }
            seen.removeLast()
            seenKeys.formUnion(keys)
        }
    }

    /// V8's class name of an object, independent of its prototype chain.
    private func internalConstructorName(_ v: Value) -> String {
        switch vm.object(v).kind {
        case .array: return "Array"
        case .function: return "Function"
        case .error: return "Error"
        case .map: return "Map"
        case .set: return "Set"
        case .promise: return "Promise"
        case .primitive(let p): return p.isNumber ? "Number" : p.isString ? "String" : p.isBoolean ? "Boolean" : "Symbol"
        default: return "Object"
        }
    }

    /// `Symbol.toStringTag` when it is not already listed as an own property.
    private func toStringTag(_ v: Value) -> String {
        guard let t = try? vm.get(v, Atom.symbolToStringTag), t.isString, !vm.units(t).isEmpty else { return "" }
        let own = vm.getOwnProperty(vm.object(v), Atom.symbolToStringTag)
        let listed = showHidden ? own != nil : own?.flags.contains(.enumerable) == true
        return listed ? "" : vm.swiftString(t)
    }

    /// `Foo `, `Foo [tag] `, `Map(2) `, `[Object: null prototype] `.
    private static func prefix(_ constructor: String?, _ tag: String, _ fallback: String, _ size: String = "") -> String {
        guard let constructor else {
            if !tag.isEmpty && fallback != tag { return "[\(fallback)\(size): null prototype] [\(tag)] " }
            return "[\(fallback)\(size): null prototype] "
        }
        if !tag.isEmpty && constructor != tag { return "\(constructor)\(size) [\(tag)] " }
        return "\(constructor)\(size) "
    }

    private func ctxStyle(_ v: Value, _ constructor: String?, _ tag: String) -> String {
        var fallback = ""
        if constructor == nil {
            fallback = internalConstructorName(v)
            if fallback == tag { fallback = "Object" }
        }
        return Inspector.prefix(constructor, tag, fallback)
    }

    private static func iteratorBrace(_ type: String, _ tag: String, entries: Bool) -> String {
        var tag = tag
        if tag != "\(type) Iterator" {
            if !tag.isEmpty { tag += "] [" }
            tag += "\(type) Iterator"
        }
        if entries && tag.hasSuffix(" Iterator") { tag = tag.dropLast(" Iterator".count) + " Entries" }
        return "[\(tag)] {"
    }

    // MARK: Kinds of objects

    private func formatArray(_ o: JSObject, _ recurseTimes: Int) -> [String] {
        let length = o.elements.count
        let limit = min(Inspector.maxArrayLength, length)
        var output: [String] = []
        var i = 0
        while i < limit && i < o.elements.count {
            let e = o.elements[i]
            if e.isHole { return formatSparseArray(o, recurseTimes, limit, &output, from: i) }
            output.append(formatNested(e, recurseTimes))
            i += 1
        }
        if length > limit { output.append(Inspector.remainingText(length - limit)) }
        return output
    }

    /// The rest of an array with holes: runs of holes become `<n empty items>`.
    private func formatSparseArray(_ o: JSObject, _ recurseTimes: Int, _ limit: Int, _ output: inout [String],
                                   from start: Int) -> [String] {
        var index = start
        var k = start
        while k < o.elements.count && output.count < limit {
            if o.elements[k].isHole {
                k += 1
                continue
            }
            if k != index {
                output.append(Inspector.emptyItems(k - index))
                index = k
                if output.count == limit { break }
            }
            output.append(formatNested(o.elements[k], recurseTimes))
            index += 1
            k += 1
        }
        let remaining = o.elements.count - index
        if output.count != limit {
            if remaining > 0 { output.append(Inspector.emptyItems(remaining)) }
        } else if remaining > 0 {
            output.append(Inspector.remainingText(remaining))
        }
        return output
    }

    private func formatCollection(_ table: OrderedTable, isMap: Bool, _ recurseTimes: Int) -> [String] {
        let limit = min(Inspector.maxArrayLength, table.liveCount)
        var output: [String] = []
        indentationLvl += 2
        for (k, value) in zip(table.keys, table.values) where !k.isHole {
            if output.count >= limit { break }
            let key = formatValue(k, recurseTimes)
            output.append(isMap ? "\(key) => \(formatValue(value, recurseTimes))" : key)
        }
        if table.liveCount > limit { output.append(Inspector.remainingText(table.liveCount - limit)) }
        indentationLvl -= 2
        return output
    }

    /// The entries a Map or Set iterator has yet to produce.
    private func formatIterator(_ data: IteratorData, _ recurseTimes: Int) -> [String] {
        guard !data.done, let table = vm.orderedTable(data.target) else { return [] }
        var output: [String] = []
        var remaining = 0
        indentationLvl += 2
        for j in min(data.index, table.keys.count)..<table.keys.count where !table.keys[j].isHole {
            if output.count >= Inspector.maxArrayLength {
                remaining += 1
                continue
            }
            let k = table.keys[j]
            switch data.kind {
            case .mapEntries, .setEntries:
                let v = data.kind == .mapEntries ? table.values[j] : k
                let pair = [formatValue(k, recurseTimes), formatValue(v, recurseTimes)]
                output.append(reduceToSingleString(pair, "", ("[", "]"), .arrayExtras, recurseTimes, array: nil))
            case .mapValues:
                output.append(formatValue(table.values[j], recurseTimes))
            default:
                output.append(formatValue(k, recurseTimes))
            }
        }
        indentationLvl -= 2
        if remaining > 0 { output.append(Inspector.remainingText(remaining)) }
        return output
    }

    private func formatPromise(_ data: PromiseData, _ recurseTimes: Int) -> [String] {
        if data.state == .pending { return ["<pending>"] }
        let result = formatNested(data.result, recurseTimes)
        return [data.state == .rejected ? "<rejected> \(result)" : result]
    }

    /// `[Number: 3]`, `[String: 'x']` (the index keys of strings are not listed).
    private func boxedBase(_ p: Value, _ keys: inout [PropertyKey], _ constructor: String?, _ tag: String) -> String {
        let type = p.isNumber ? "Number" : p.isString ? "String" : p.isBoolean ? "Boolean" : "Symbol"
        if p.isString { keys.removeFirst(min(keys.count, vm.units(p).count)) }
        var base = "[\(type)"
        if let constructor {
            if constructor != type { base += " (\(constructor))" }
        } else {
            base += " (null prototype)"
        }
        base += ": \(formatPrimitive(p))]"
        if !tag.isEmpty && tag != constructor { base += " [\(tag)]" }
        return base
    }

    /// `[Function: f]`, `[AsyncFunction (anonymous)]`, `[class A extends B]`.
    private func functionBase(_ v: Value, _ constructor: String?, _ tag: String) -> String {
        var isAsync = false
        if let data = vm.object(v).function, case .bytecode(let codeIndex, _) = data.target {
            let block = vm.codes[Int(codeIndex)].block
            if block.kind == .classConstructor || block.kind == .derivedConstructor {
                return classBase(v, constructor, tag)
            }
            isAsync = block.isAsync
        }
        let type = isAsync ? "AsyncFunction" : "Function"
        var base = "[\(type)"
        if constructor == nil { base += " (null prototype)" }
        let name = (try? vm.get(v, Atom.name)) ?? .undefined
        if name.isString && vm.units(name).isEmpty {
            base += " (anonymous)"
        } else {
            base += ": " + (name.isString ? vm.swiftString(name) : formatValue(name, 0))
        }
        base += "]"
        if let constructor, constructor != type { base += " \(constructor)" }
        if !tag.isEmpty && constructor != tag { base += " [\(tag)]" }
        return base
    }

    private func classBase(_ v: Value, _ constructor: String?, _ tag: String) -> String {
        let o = vm.object(v)
        let nameValue = vm.getOwnProperty(o, Atom.name) != nil ? (try? vm.get(v, Atom.name)) ?? .undefined : .undefined
        let name = vm.toBoolean(nameValue) ? (try? vm.toSwiftString(nameValue)) ?? "" : "(anonymous)"
        var base = "class \(name)"
        if let constructor, constructor != "Function" { base += " [\(constructor)]" }
        if !tag.isEmpty && constructor != tag { base += " [\(tag)]" }
        if constructor == nil {
            base += " extends [null prototype]"
        } else if o.proto.isObject, let superName = try? vm.get(o.proto, Atom.name), vm.toBoolean(superName) {
            base += " extends \((try? vm.toSwiftString(superName)) ?? "")"
        }
        return "[\(base)]"
    }

    // MARK: Errors

    private func isError(_ v: Value) -> Bool {
        if case .error = vm.object(v).kind { return true }
        return vm.isPrototype(vm.intrinsics.errorPrototype, of: v)
    }

    /// The `stack` (or `[Name: message]` without one), adjusted like Node:
    /// class names shown, duplicate keys dropped, `cause`/`errors` listed.
    private func formatError(_ v: Value, _ constructor: String?, _ tag: String, _ keys: inout [PropertyKey]) -> String {
        let nameValue = (try? vm.get(v, Atom.name)) ?? .undefined
        let name = nameValue.isNullish ? "Error" : (try? vm.toSwiftString(nameValue)) ?? "Error"
        var stack = Array(stackString(v).utf16)
        if !showHidden && !keys.isEmpty {
            for key in [Atom.name, Atom.message, Atom.stack] {
                guard let i = keys.firstIndex(of: key) else { continue }
                let value = (try? vm.get(v, key)) ?? .undefined
                if !value.isString || Inspector.indexOf(vm.units(value), in: stack) != nil { keys.remove(at: i) }
            }
        }
        if vm.hasProperty(v, Atom.cause) && !keys.contains(Atom.cause) { keys.append(Atom.cause) }
        if let errors = try? vm.get(v, Atom.errors), errors.isObject, vm.object(errors).isArray,
           !keys.contains(Atom.errors) {
            keys.append(Atom.errors)
        }
        stack = improveStack(stack, constructor, Array(name.utf16), tag)
        // Frames start after the message (which may itself contain "\n    at").
        var position = 0
        let message = (try? vm.get(v, Atom.message)) ?? .undefined
        if vm.toBoolean(message), let m = try? vm.toUnits(message), let i = Inspector.indexOf(m, in: stack), i > 0 {
            position = i + m.count
        }
        let atMarker = Array("\n    at".utf16)
        var text: String
        if let start = Inspector.indexOf(atMarker, in: stack, from: position) {
            let frames = stackFrames(v, Array(stack[(start + 1)...]))
            text = String(decoding: stack[..<start], as: UTF16.self) + "\n" + frames.joined(separator: "\n")
        } else {
            text = "[" + String(decoding: stack, as: UTF16.self) + "]"
        }
        if indentationLvl != 0 {
            text = Inspector.lines(Array(text.utf16)).joined(separator: "\n" + String(repeating: " ", count: indentationLvl))
        }
        return text
    }

    private func stackString(_ v: Value) -> String {
        let stack = (try? vm.get(v, Atom.stack)) ?? .undefined
        if vm.toBoolean(stack) { return stack.isString ? vm.swiftString(stack) : formatValue(stack, 0) }
        return (try? vm.errorToString(v)) ?? "Error"
    }

    /// The frame lines, with the run shared with `cause`'s stack elided.
    private func stackFrames(_ v: Value, _ part: [UInt16]) -> [String] {
        var frames = Inspector.lines(part)
        guard let cause = try? vm.get(v, Atom.cause), cause.isObject, isError(cause) else { return frames }
        let causeStack = Array(stackString(cause).utf16)
        guard let start = Inspector.indexOf(Array("\n    at".utf16), in: causeStack) else { return frames }
        let causeFrames = Inspector.lines(Array(causeStack[(start + 1)...]))
        let (length, offset) = Inspector.identicalSequenceRange(frames, causeFrames)
        if length > 0 {
            let skipped = length - 2
            frames.replaceSubrange((offset + 1)..<(offset + 1 + skipped),
                                   with: ["    ... \(skipped) lines matching cause stack trace ..."])
        }
        return frames
    }

    /// The longest run (> 3) of lines of `a` also found consecutively in `b`.
    private static func identicalSequenceRange(_ a: [String], _ b: [String]) -> (Int, Int) {
        var i = 0
        while i < a.count - 3 {
            if let pos = b.firstIndex(of: a[i]), b.count - pos > 3 {
                var length = 1
                let maxLength = min(a.count - i, b.count - pos)
                while maxLength > length && a[i + length] == b[pos + length] { length += 1 }
                if length > 3 { return (length, i) }
            }
            i += 1
        }
        return (0, 0)
    }

    /// Shows the class in the first line of a "regular" stack: `Foo [TypeError]: m`.
    private func improveStack(_ stack: [UInt16], _ constructor: String?, _ name: [UInt16], _ tag: String) -> [UInt16] {
        var length = name.count
        let regular = name.reversed().starts(with: "Error".utf16.reversed()) && stack.starts(with: name)
            && (stack.count == length || stack[length] == 0x3A || stack[length] == 10)
        guard constructor == nil || regular else { return stack }
        var fallback = "Error"
        if constructor == nil {
            let start = Inspector.leadingErrorName(stack)
            length = start.count
            fallback = start.isEmpty ? "Error" : String(decoding: start, as: UTF16.self)
        }
        let prefix = Array(Inspector.prefix(constructor, tag, fallback).utf16.dropLast())
        if name == prefix { return stack }
        let rest = stack[min(length, stack.count)...]
        if Inspector.indexOf(name, in: prefix) != nil {
            return length == 0 ? prefix + Array(": ".utf16) + stack : prefix + rest
        }
        return prefix + Array(" [".utf16) + name + [0x5D] + rest
    }

    /// The error name a stack starts with: `^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)`
    /// or the whole stack when it matches `^[a-z_A-Z0-9-]*Error$`.
    private static func leadingErrorName(_ s: [UInt16]) -> [UInt16] {
        func word(_ u: UInt16) -> Bool {
            (u | 0x20 >= 0x61 && u | 0x20 <= 0x7A) || (u >= 0x30 && u <= 0x39) || u == 0x5F || u == 0x2D
        }
        if let first = s.first, first >= 0x41 && first <= 0x5A {
            var i = 1
            while i < s.count && (word(s[i]) || [0x20, 0x5B, 0x5D, 0x28, 0x29].contains(s[i])) { i += 1 }
            if i >= 2 && i < s.count && (s[i] == 0x3A || s[i...].starts(with: "\n    at".utf16)) { return Array(s[..<i]) }
        }
        return s.allSatisfy(word) && s.reversed().starts(with: "Error".utf16.reversed()) ? s : []
    }

    // MARK: Layout

    /// Joins the entries on one line when they fit (Node's `compact: 3`
    /// mode), otherwise one entry (or one row of grouped array items) per line.
    private func reduceToSingleString(_ entries: [String], _ base: String, _ braces: (String, String),
                                      _ kind: EntryKind, _ recurseTimes: Int, array: JSObject?) -> String {
        var output = entries
        if kind == .arrayExtras && entries.count > 6 { output = groupArrayElements(output, array) }
        if currentDepth - recurseTimes < Inspector.compact && entries.count == output.count {
            let start = output.count + indentationLvl + braces.0.utf16.count + base.utf16.count + 10
            if isBelowBreakLength(output, start, base) {
                let joined = output.joined(separator: ", ")
                if !joined.utf16.contains(10) {
                    return (base.isEmpty ? "" : base + " ") + braces.0 + " " + joined + " " + braces.1
                }
            }
        }
        let indentation = "\n" + String(repeating: " ", count: indentationLvl)
        return (base.isEmpty ? "" : base + " ") + braces.0 + indentation + "  "
            + output.joined(separator: "," + indentation + "  ") + indentation + braces.1
    }

    private func isBelowBreakLength(_ output: [String], _ start: Int, _ base: String) -> Bool {
        var total = output.count + start
        if total + output.count > Inspector.breakLength { return false }
        for entry in output {
            total += entry.utf16.count
            if total > Inspector.breakLength { return false }
        }
        return base.isEmpty || !base.utf16.contains(10)
    }

    /// Lays out many short array items in aligned columns (numbers padded
    /// on the left, other items on the right), as Node does.
    private func groupArrayElements(_ output: [String], _ array: JSObject?) -> [String] {
        var totalLength = 0
        var maxLength = 0
        let outputLength = Inspector.maxArrayLength < output.count ? output.count - 1 : output.count
        let separatorSpace = 2
        var dataLength: [Int] = []
        for entry in output[..<outputLength] {
            let length = Inspector.stringWidth(entry)
            dataLength.append(length)
            totalLength += length + separatorSpace
            maxLength = max(maxLength, length)
        }
        let actualMax = maxLength + separatorSpace
        guard actualMax * 3 + indentationLvl < Inspector.breakLength,
              Double(totalLength) / Double(actualMax) > 5 || maxLength <= 6 else { return output }
        let averageBias = (Double(actualMax) - Double(totalLength) / Double(output.count)).squareRoot()
        let biasedMax = max(Double(actualMax) - 3 - averageBias, 1)
        let columns = Int(min(
            ((2.5 * biasedMax * Double(outputLength)).squareRoot() / biasedMax + 0.5).rounded(.down),
            (Double(Inspector.breakLength - indentationLvl) / Double(actualMax)).rounded(.down),
            Double(Inspector.compact * 4),
            15))
        if columns <= 1 { return output }
        var maxLineLength: [Int] = []
        for i in 0..<columns {
            var lineMax = 0
            for j in stride(from: i, to: outputLength, by: columns) { lineMax = max(lineMax, dataLength[j]) }
            maxLineLength.append(lineMax + separatorSpace)
        }
        var padStart = true
        if let array {
            for i in 0..<output.count where !(i < array.elements.count && array.elements[i].isNumber) {
                padStart = false
                break
            }
        }
        func pad(_ s: String, _ width: Int) -> String {
            let fill = String(repeating: " ", count: max(0, width - s.utf16.count))
            return padStart ? fill + s : s + fill
        }
        var grouped: [String] = []
        for i in stride(from: 0, to: outputLength, by: columns) {
            let last = min(i + columns, outputLength) - 1
            var line = ""
            for j in i..<last {
                line += pad(output[j] + ", ", maxLineLength[j - i] + output[j].utf16.count - dataLength[j])
            }
            if padStart {
                line += pad(output[last], maxLineLength[last - i] + output[last].utf16.count - dataLength[last] - separatorSpace)
            } else {
                line += output[last]
            }
            grouped.append(line)
        }
        if outputLength < output.count { grouped.append(output[outputLength]) }
        return grouped
    }

    /// Display width: East Asian wide characters count 2, combining marks 0.
    static func stringWidth(_ s: String) -> Int {
        var width = 0
        for scalar in s.unicodeScalars {
            let c = scalar.value
            switch c {
            case 0..<32, 0x7F..<0xA0, 0x300...0x36F, 0x200B...0x200F, 0x20D0...0x20FF, 0xFE00...0xFE0F,
                 0xFE20...0xFE2F, 0xE0100...0xE01EF:
                continue
            case 0x1100...0x115F, 0x2329, 0x232A, 0x2E80...0x303E, 0x3040...0x3247, 0x3250...0x4DBF,
                 0x4E00...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
                 0xFE30...0xFE6B, 0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x1B000...0x1B001, 0x1F200...0x1F251,
                 0x1F300...0x1F64F, 0x20000...0x3FFFD:
                width += 2
            default:
                width += 1
            }
        }
        return width
    }

    // MARK: UTF-16 helpers

    /// The first index of `needle` in `haystack` at or after `from`.
    static func indexOf(_ needle: [UInt16], in haystack: [UInt16], from: Int = 0) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = max(0, from)
        while i + needle.count <= haystack.count {
            if haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Splits at "\n" (keeping empty lines).
    static func lines(_ units: [UInt16]) -> [String] {
        units.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF16.self) }
    }
}
