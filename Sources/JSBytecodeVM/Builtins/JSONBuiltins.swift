import Foundation

// JSON.stringify (native, with an explicit stack instead of recursion, so
// deep structures cannot overflow the Swift stack) and the native half of
// JSON.parse (`%Intrinsics.jsonParse`, an iterative parser); the prelude
// (Prelude_string.swift) defines JSON.parse on top of it and walks the
// result with the reviver in JavaScript. Error messages match V8 (node 20).

enum JSONBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("JSON", "stringify", 3) { vm, _, args in
            var serializer = try JSONSerializer(vm, replacer: args[1], space: args[2])
            return try serializer.serialize(args[0])
        },
        NativeFunction("%Intrinsics", "jsonParse", 1) { vm, _, args in
            // jsonParse(text): the value of ToString(text) as JSON, no reviver.
            let text = try vm.toUnits(args[0])
            return try text.withUnsafeBufferPointer { buffer in
                var parser = JSONParser(vm, buffer)
                return try parser.parse()
            }
        },
    ]

    static func install(_ vm: VM) {
        let json = vm.newObject()
        vm.installNatives(owner: "JSON", on: json)
        vm.defineNamed(json, Atom.symbolToStringTag, vm.newString("JSON"), flags: .configurable)
        vm.defineNamed(vm.globalObject, vm.intern("JSON"), json, flags: .hidden)
    }
}

// MARK: - Parsing

/// A JSON text parser over UTF-16 code units. Containers being built are kept
/// on explicit stacks, so nesting depth is bounded only by the input size.
struct JSONParser {
    private let vm: VM
    private let text: UnsafeBufferPointer<UInt16>
    private var pos = 0
    /// Recently seen property names by hash: the atom and its units.
    private var keyCache = [(PropertyKey, [UInt16])](repeating: (0, []), count: 256)
    /// Recently built object shapes, by their key sequence.
    private var shapeCache: [(keys: [PropertyKey], shape: Shape)] = []

    init(_ vm: VM, _ text: UnsafeBufferPointer<UInt16>) {
        self.vm = vm
        self.text = text
    }

    /// An array or object under construction: its values (and keys) are at
    /// the end of the shared value (and key) stacks.
    private struct Container {
        let isObject: Bool
        let valueStart: Int
        let keyStart: Int
    }

    mutating func parse() throws -> Value {
        var containers: [Container] = []
        var values = ContiguousArray<Value>()
        var keys: [PropertyKey] = []
        var value = Value.undefined
        while true {
            // Produce a value.
            try vm.chargeSteps(1)
            skipWhitespace()
            guard pos < text.count else { throw unexpectedToken() }
            switch text[pos] {
            case 34: // "
                value = vm.newString(try scanString())
            case 45, 48...57: // - 0-9
                value = try scanNumber()
            case 123: // {
                pos += 1
                if consume(125) {
                    value = vm.newObject()
                } else {
                    containers.append(Container(isObject: true, valueStart: values.count, keyStart: keys.count))
                    keys.append(try scanPropertyKey(orMessage: "Expected property name or '}'", colonMessage: true))
                    continue
                }
            case 91: // [
                pos += 1
                if consume(93) {
                    value = vm.newArray([])
                } else {
                    containers.append(Container(isObject: false, valueStart: values.count, keyStart: keys.count))
                    continue
                }
            case 116: value = try scanLiteral("true", .true)
            case 102: value = try scanLiteral("false", .false)
            case 110: value = try scanLiteral("null", .null)
            default: throw unexpectedToken()
            }
            // Consume produced values, closing the containers they complete.
            while true {
                guard let top = containers.last else {
                    skipWhitespace()
                    if pos < text.count { throw failure("Unexpected non-whitespace character after JSON", inJSON: false) }
                    return value
                }
                values.append(value)
                if consume(44) { // ,
                    if top.isObject {
                        keys.append(try scanPropertyKey(orMessage: "Expected double-quoted property name", colonMessage: false))
                    }
                    break
                }
                if top.isObject {
                    guard consume(125) else { throw failure("Expected ',' or '}' after property value") }
                    value = makeObject(keys[top.keyStart...], values[top.valueStart...])
                    keys.removeSubrange(top.keyStart...)
                } else {
                    guard consume(93) else { throw failure("Expected ',' or ']' after array element") }
                    value = vm.newArray(ContiguousArray(values[top.valueStart...]))
                }
                values.removeSubrange(top.valueStart...)
                containers.removeLast()
            }
        }
    }

    /// A plain object with these properties. Records in JSON tend to repeat
    /// their key sequence, so the final shape is cached by keys; duplicate
    /// keys (last value wins, first position kept) take the general path.
    private mutating func makeObject(_ keys: ArraySlice<PropertyKey>, _ values: ArraySlice<Value>) -> Value {
        var shape: Shape?
        for entry in shapeCache where entry.keys.elementsEqual(keys) {
            shape = entry.shape
            break
        }
        if shape == nil && Set(keys).count == keys.count {
            var s = vm.rootShape
            for key in keys { s = s.adding(key, flags: .default) }
            // A dictionary shape (many keys) is private to this object: not cached.
            if !s.isDictionary {
                if shapeCache.count == 8 { shapeCache.removeFirst() }
                shapeCache.append((Array(keys), s))
            }
            shape = s
        }
        guard let shape else {
            let object = vm.newObject()
            for (key, value) in zip(keys, values) { vm.defineNamed(object, key, value) }
            return object
        }
        let o = JSObject(shape: shape, proto: vm.intrinsics.objectPrototype)
        o.slots = ContiguousArray(values)
        return vm.allocate(o)
    }

    private mutating func skipWhitespace() {
        while pos < text.count {
            switch text[pos] {
            case 32, 9, 10, 13: pos += 1
            default: return
            }
        }
    }

    /// Skips whitespace, then consumes `unit` if it is next.
    private mutating func consume(_ unit: UInt16) -> Bool {
        skipWhitespace()
        if pos < text.count && text[pos] == unit {
            pos += 1
            return true
        }
        return false
    }

    /// `"key"` then `:` (the cursor is before the key). V8 names the missing
    /// colon only after an object's first key (`colonMessage`).
    private mutating func scanPropertyKey(orMessage message: String, colonMessage: Bool) throws -> PropertyKey {
        skipWhitespace()
        guard pos < text.count && text[pos] == 34 else { throw failure(message) }
        let key = try scanKeyAtom()
        guard consume(58) else {
            throw colonMessage ? failure("Expected ':' after property name") : unexpectedToken()
        }
        return key
    }

    /// The atom of a property name (the cursor is on its opening quote).
    /// Keys repeat a lot in JSON: plain ones are looked up in a small cache
    /// straight from the text, without building an array first.
    private mutating func scanKeyAtom() throws -> PropertyKey {
        let start = pos + 1
        var end = start
        var hash: UInt32 = 2_166_136_261
        while end < text.count {
            let c = text[end]
            if c == 34 { break }
            if c == 92 || c < 0x20 { return vm.intern(try scanString()) }
            hash = (hash ^ UInt32(c)) &* 16_777_619
            end += 1
        }
        guard end < text.count else { return vm.intern(try scanString()) }
        pos = end + 1
        let name = UnsafeBufferPointer(rebasing: text[start..<end])
        let slot = Int(hash & 255)
        let (cached, units) = keyCache[slot]
        if cached != 0 && units.elementsEqual(name) { return cached }
        let key = vm.intern(Array(name))
        keyCache[slot] = (key, Array(name))
        return key
    }

    private mutating func scanLiteral(_ word: StaticString, _ value: Value) throws -> Value {
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for b in bytes {
            guard pos < text.count else { throw unexpectedToken() }
            guard text[pos] == UInt16(b) else { throw unexpectedToken() }
            pos += 1
        }
        return value
    }

    /// A string token (the cursor is on the opening quote).
    private mutating func scanString() throws -> [UInt16] {
        pos += 1
        let start = pos
        while pos < text.count {
            let c = text[pos]
            if c == 34 {
                pos += 1
                return Array(text[start..<pos - 1])
            }
            if c == 92 { break }
            if c < 0x20 { throw failure("Bad control character in string literal") }
            pos += 1
        }
        var out = Array(text[start..<pos])
        while pos < text.count {
            let c = text[pos]
            if c == 34 {
                pos += 1
                return out
            }
            if c < 0x20 { throw failure("Bad control character in string literal") }
            pos += 1
            guard c == 92 else {
                out.append(c)
                continue
            }
            guard pos < text.count else { throw unexpectedToken() }
            switch text[pos] {
            case 34, 92, 47: out.append(text[pos])
            case 98: out.append(8)
            case 102: out.append(12)
            case 110: out.append(10)
            case 114: out.append(13)
            case 116: out.append(9)
            case 117:
                var code: UInt16 = 0
                for _ in 0..<4 {
                    pos += 1
                    guard pos < text.count, let digit = VM.digitValue(text[pos]), digit < 16 else {
                        throw failure("Bad Unicode escape")
                    }
                    code = code << 4 | UInt16(digit)
                }
                out.append(code)
            case let e:
                if e > 0xFF { throw unexpectedToken() }
                throw failure("Bad escaped character")
            }
            pos += 1
        }
        throw failure("Unterminated string")
    }

    private static let powersOfTen: [Double] = (0...22).map { Double("1e\($0)") ?? 1 }

    /// A number token (the cursor is on `-` or a digit).
    private mutating func scanNumber() throws -> Value {
        let start = pos
        let negative = text[pos] == 45
        if negative { pos += 1 }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        func isDigit(_ i: Int) -> Bool { i < text.count && text[i] >= 48 && text[i] <= 57 }
        func digit(_ mantissa: inout UInt64, _ significant: inout Int) {
            let d = UInt64(text[pos] - 48)
            if significant > 0 || d != 0 { significant += 1 }
            if significant <= 19 { mantissa = mantissa &* 10 &+ d }
            pos += 1
        }
        if pos < text.count && text[pos] == 48 {
            pos += 1
            if isDigit(pos) { throw failure("Unexpected number") }
        } else {
            guard isDigit(pos) else { throw failure("No number after minus sign") }
            while isDigit(pos) {
                digit(&mantissa, &significantDigits)
                if significantDigits > 19 { exponent += 1 }
            }
        }
        if pos < text.count && text[pos] == 46 {
            pos += 1
            guard isDigit(pos) else { throw failure("Unterminated fractional number") }
            while isDigit(pos) {
                digit(&mantissa, &significantDigits)
                if significantDigits <= 19 { exponent -= 1 }
            }
        }
        if pos < text.count && text[pos] | 0x20 == 101 { // e E
            pos += 1
            if pos < text.count && (text[pos] == 43 || text[pos] == 45) { pos += 1 }
            guard isDigit(pos) else { throw failure("Exponent part is missing a number") }
            let exponentNegative = text[pos - 1] == 45
            var e = 0
            while isDigit(pos) {
                e = min(e * 10 + Int(text[pos] - 48), 1_000_000)
                pos += 1
            }
            exponent += exponentNegative ? -e : e
        }
        // Exact when both the digits and the power of ten are exact doubles.
        if significantDigits <= 15 && abs(exponent) <= 22 {
            let m = Double(mantissa)
            let d = exponent >= 0 ? m * JSONParser.powersOfTen[exponent] : m / JSONParser.powersOfTen[-exponent]
            return Value(negative ? -d : d)
        }
        // Otherwise C's correctly rounded strtod on the (ASCII) token.
        let count = pos - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for i in 0..<count { buffer[i] = CChar(truncatingIfNeeded: text[start + i]) }
            buffer[count] = 0
            return Value(buffer.baseAddress.map { strtod($0, nil) } ?? .nan)
        }
    }

    // MARK: Errors

    private func failure(_ message: String, inJSON: Bool = true) -> JSThrow {
        vm.error(.syntaxError, "\(message)\(inJSON ? " in JSON" : "") at position \(pos)")
    }

    /// V8's message for an unexpected character (or the end) at the cursor.
    private func unexpectedToken() -> JSThrow {
        guard pos < text.count else { return vm.error(.syntaxError, "Unexpected end of JSON input") }
        let c = text[pos]
        if c == 34 { return failure("Unexpected string") }
        if c == 45 || (c >= 48 && c <= 57) { return failure("Unexpected number") }
        let source = String(decoding: text, as: UTF16.self)
        if ["NaN", "Infinity", "undefined", "[object Object]"].contains(source) {
            return vm.error(.syntaxError, "\"\(source)\" is not valid JSON")
        }
        let token = String(decoding: [c], as: UTF16.self)
        let context = 10
        func slice(_ a: Int, _ b: Int) -> String { String(decoding: text[a..<b], as: UTF16.self) }
        let shown: String
        if text.count <= 2 * context {
            shown = "\"\(source)\""
        } else if pos < context {
            shown = "\"\(slice(0, pos + context))\"..."
        } else if pos < text.count - context {
            shown = "...\"\(slice(pos - context, pos + context))\"..."
        } else {
            shown = "...\"\(slice(pos - context, text.count))\""
        }
        return vm.error(.syntaxError, "Unexpected token '\(token)', \(shown) is not valid JSON")
    }
}

// MARK: - Serialization

/// JSON.stringify. Objects and arrays being written are frames on an
/// explicit stack (which is also the cycle detector); `toJSON`, replacer
/// functions and getters run as nested calls. A value type, so that the
/// output buffer and the stack are mutated in place.
struct JSONSerializer {
    private let vm: VM
    private var out: [UInt16] = []
    private var replacerFunction = Value.undefined
    /// The members named by a replacer array, when one was given.
    private var propertyList: [Member]?
    private var gap: [UInt16] = []
    private var indent: [UInt16] = []
    private var stack: [Frame] = []
    /// The enumerable string-keyed members of ordinary objects, by shape id.
    private var plans: [ShapeID: [Member]] = [:]
    /// (shape id, prototype) pairs of objects without a `toJSON` anywhere on
    /// their chain. Only user code could change that, so the set is emptied
    /// whenever some may have run (getters, `toJSON`, the replacer, `valueOf`).
    private var withoutToJSON = Set<ShapeAndPrototype>()

    private struct ShapeAndPrototype: Hashable {
        let shape: ShapeID
        let prototype: UInt64
    }

    /// A property to visit and its key already written as JSON (`"key":`).
    private struct Member {
        let key: PropertyKey
        /// Its slot while the object keeps the frame's shape, or -1 (use [[Get]]).
        let slot: Int
        let text: [UInt16]
    }

    /// An object or array being written.
    private struct Frame {
        let holder: Value
        let isArray: Bool
        /// The object members to visit (empty for arrays).
        let members: [Member]
        /// The shape for which `Member.slot` is valid (0 = none).
        let shapeID: ShapeID
        /// Number of members (or elements) to visit.
        let count: Int
        /// The next member to visit.
        var index = 0
        var wroteMember = false
    }

    /// A property key as passed to `toJSON` and the replacer.
    private enum Key {
        case atom(PropertyKey)
        case index(Int)
    }

    init(_ vm: VM, replacer: Value, space: Value) throws {
        self.vm = vm
        var list: [PropertyKey]?
        if vm.isCallable(replacer) {
            replacerFunction = replacer
        } else if replacer.isObject, vm.object(replacer).isArray {
            var keys: [PropertyKey] = []
            var seen = Set<PropertyKey>()
            let length = vm.object(replacer).elements.count
            for i in 0..<length {
                let item = try vm.getIndexed(replacer, Value(i))
                var include = item.isString || item.isNumber
                if item.isObject, case .primitive(let p) = vm.object(item).kind, p.isString || p.isNumber { include = true }
                guard include else { continue }
                let key = vm.atom(ofString: try vm.toStringValue(item))
                if seen.insert(key).inserted { keys.append(key) }
            }
            list = keys
        }
        var space = space
        if space.isObject, case .primitive(let p) = vm.object(space).kind {
            if p.isNumber { space = Value(try vm.toNumber(space)) } else if p.isString { space = try vm.toStringValue(space) }
        }
        if space.isNumber {
            let n = min(10, try vm.toInteger(space))
            if n >= 1 { gap = [UInt16](repeating: 32, count: Int(n)) }
        } else if space.isString {
            gap = Array(vm.units(space).prefix(10))
        }
        // Member texts depend on the gap (`"key": ` when indenting).
        propertyList = list?.map { member($0, slot: -1) }
    }

    private func member(_ key: PropertyKey, slot: Int) -> Member {
        var text: [UInt16] = []
        JSONSerializer.appendQuoted(vm.units(vm.keyValue(key)), to: &text)
        text.append(58)
        if !gap.isEmpty { text.append(32) }
        return Member(key: key, slot: slot, text: text)
    }

    /// The JSON text of `value`, or undefined when it has none.
    mutating func serialize(_ value: Value) throws -> Value {
        var holder = Value.undefined
        if !replacerFunction.isUndefined {
            holder = vm.newObject()
            try vm.defineOwn(holder, Atom.empty, value)
        }
        let v = try prepare(value, holder: holder, key: .atom(Atom.empty))
        guard isSerializable(v) else { return .undefined }
        _ = try write(v)
        while !stack.isEmpty {
            if stack[stack.count - 1].isArray { try stepArray() } else { try stepObject() }
        }
        guard out.count <= maxStringLength else { throw vm.error(.rangeError, "Invalid string length") }
        return vm.newString(out)
    }

    // MARK: Values

    /// SerializeJSONProperty's conversions: `toJSON`, the replacer, and
    /// unwrapping Number/String/Boolean objects.
    private mutating func prepare(_ value: Value, holder: Value, key: Key) throws -> Value {
        var v = value
        if v.isObject {
            let o = vm.object(v)
            let chain = ShapeAndPrototype(shape: o.shapeID, prototype: o.proto.bits)
            if !withoutToJSON.contains(chain) {
                if vm.findProperty(v.handle, Atom.toJSON) == nil {
                    withoutToJSON.insert(chain)
                } else {
                    userCodeMayRun()
                    let toJSON = try vm.get(v, Atom.toJSON)
                    if vm.isCallable(toJSON) { v = try vm.call(toJSON, this: v, arguments: [keyValue(key)]) }
                }
            }
        }
        if !replacerFunction.isUndefined {
            userCodeMayRun()
            v = try vm.call(replacerFunction, this: holder, arguments: [keyValue(key), v])
        }
        if v.isObject, case .primitive(let p) = vm.object(v).kind {
            userCodeMayRun()
            if p.isNumber { return Value(try vm.toNumber(v)) }
            if p.isString { return try vm.toStringValue(v) }
            if p.isBoolean { return p }
        }
        return v
    }

    private mutating func userCodeMayRun() {
        if !withoutToJSON.isEmpty { withoutToJSON.removeAll(keepingCapacity: true) }
    }

    private func keyValue(_ key: Key) -> Value {
        switch key {
        case .atom(let a): return vm.keyValue(a)
        case .index(let i): return vm.newString(String(i))
        }
    }

    /// False for what JSON skips: undefined, symbols, functions.
    private func isSerializable(_ v: Value) -> Bool {
        !(v.isUndefined || v.isSymbol || v.isHole || vm.isCallable(v))
    }

    /// Writes a serializable value; objects and arrays open a frame (and
    /// return true: their members come next).
    private mutating func write(_ v: Value) throws -> Bool {
        if v.isString {
            JSONSerializer.appendQuoted(vm.units(v), to: &out)
        } else if v.isNumber {
            writeNumber(v.number)
        } else if v.isObject {
            try open(v)
            return true
        } else if v.isNull {
            out += [110, 117, 108, 108] // null
        } else if v.boolValue {
            out += [116, 114, 117, 101] // true
        } else {
            out += [102, 97, 108, 115, 101] // false
        }
        return false
    }

    private mutating func writeNumber(_ d: Double) {
        if let i = Int(exactly: d) {
            if i < 0 { out.append(45) }
            let magnitude = i.magnitude
            var divisor: UInt = 1
            while magnitude / divisor >= 10 { divisor *= 10 }
            repeat {
                out.append(48 + UInt16(magnitude / divisor % 10))
                divisor /= 10
            } while divisor > 0
        } else if d.isFinite {
            NumberFormatting.appendNumberString(d, to: &out)
        } else {
            out += [110, 117, 108, 108] // null
        }
    }

    /// QuoteJSONString: escapes quotes, backslashes, control characters and
    /// lone surrogates.
    static func appendQuoted(_ s: [UInt16], to out: inout [UInt16]) {
        out.append(34)
        if !s.contains(where: { $0 < 0x20 || $0 == 34 || $0 == 92 || ($0 >= 0xD800 && $0 <= 0xDFFF) }) {
            out += s
            out.append(34)
            return
        }
        func hex(_ n: UInt16) -> UInt16 { n < 10 ? 48 + n : 87 + n }
        func unicodeEscape(_ u: UInt16) {
            out += [92, 117, hex(u >> 12), hex(u >> 8 & 15), hex(u >> 4 & 15), hex(u & 15)]
        }
        var i = 0
        while i < s.count {
            let u = s[i]
            switch u {
            case 34: out += [92, 34]
            case 92: out += [92, 92]
            case 8: out += [92, 98]
            case 12: out += [92, 102]
            case 10: out += [92, 110]
            case 13: out += [92, 114]
            case 9: out += [92, 116]
            case 0..<0x20: unicodeEscape(u)
            case 0xD800...0xDBFF where i + 1 < s.count && (0xDC00...0xDFFF).contains(s[i + 1]):
                out += [u, s[i + 1]]
                i += 1
            case 0xD800...0xDFFF: unicodeEscape(u)
            default: out.append(u)
            }
            i += 1
        }
        out.append(34)
    }

    // MARK: Frames

    private mutating func open(_ v: Value) throws {
        if let start = stack.firstIndex(where: { $0.holder == v }) { throw circularError(startingAt: start) }
        // Like V8, which runs out of native stack at a few thousand levels.
        if stack.count >= vm.limits.maxCallDepth { throw vm.error(.rangeError, "Maximum call stack size exceeded") }
        let o = vm.object(v)
        indent += gap
        if o.isArray {
            out.append(91)
            stack.append(Frame(holder: v, isArray: true, members: [], shapeID: 0, count: o.elements.count))
            return
        }
        out.append(123)
        let members: [Member]
        var shapeID: ShapeID = 0
        if let list = propertyList {
            members = list
        } else if case .ordinary = o.kind {
            shapeID = o.shape.id
            members = plan(for: o.shape)
        } else {
            members = vm.ownKeys(v, includeSymbols: false, onlyEnumerable: true).map { member($0, slot: -1) }
        }
        stack.append(Frame(holder: v, isArray: false, members: members, shapeID: shapeID, count: members.count))
    }

    /// The members of objects with `shape`: enumerable string keys in
    /// property order (integer keys first, ascending), read from their slots.
    private mutating func plan(for shape: Shape) -> [Member] {
        if let cached = plans[shape.id] { return cached }
        var indexed: [(Int64, Member)] = []
        var named: [Member] = []
        for (slot, key) in shape.keys.enumerated() {
            let flags = shape.flags[slot]
            guard flags.contains(.enumerable), !vm.isSymbolAtom(key) else { continue }
            let m = member(key, slot: flags.contains(.accessor) ? -1 : slot)
            let index = vm.arrayIndex(ofAtom: key)
            if index >= 0 { indexed.append((index, m)) } else { named.append(m) }
        }
        let members = indexed.sorted { $0.0 < $1.0 }.map(\.1) + named
        plans[shape.id] = members
        return members
    }

    /// Ends the top frame with its closing bracket.
    private mutating func close(_ bracket: UInt16) {
        let frame = stack.removeLast()
        indent.removeLast(gap.count)
        if frame.wroteMember && !gap.isEmpty {
            out.append(10)
            out += indent
        }
        out.append(bracket)
    }

    /// `,` between members, then a newline and indentation when indenting.
    private mutating func separator(_ first: Bool) throws {
        try vm.chargeSteps(1)
        guard out.count <= maxStringLength else { throw vm.error(.rangeError, "Invalid string length") }
        if !first { out.append(44) }
        if !gap.isEmpty {
            out.append(10)
            out += indent
        }
    }

    /// Writes the elements of the top (array) frame until one opens a
    /// frame of its own, or closes it.
    private mutating func stepArray() throws {
        let top = stack.count - 1
        let holder = stack[top].holder
        let count = stack[top].count
        var i = stack[top].index
        while i < count {
            stack[top].index = i + 1
            stack[top].wroteMember = true
            let elements = vm.object(holder).elements
            var element = i < elements.count ? elements[i] : .hole
            if element.isHole {
                userCodeMayRun()
                element = try vm.getIndexed(holder, Value(i))
            }
            let v = try prepare(element, holder: holder, key: .index(i))
            try separator(i == 0)
            if !isSerializable(v) {
                out += [110, 117, 108, 108] // null
            } else if try write(v) {
                return
            }
            i += 1
        }
        close(93)
    }

    /// Writes the serializable properties of the top (object) frame until
    /// one opens a frame of its own, or closes it.
    private mutating func stepObject() throws {
        let top = stack.count - 1
        let holder = stack[top].holder
        let members = stack[top].members
        let shapeID = stack[top].shapeID
        var i = stack[top].index
        while i < members.count {
            let m = members[i]
            i += 1
            stack[top].index = i
            let o = vm.object(holder)
            let value: Value
            if m.slot >= 0 && o.shape.id == shapeID {
                value = o.slots[m.slot]
            } else {
                userCodeMayRun()
                value = try vm.get(holder, m.key)
            }
            let v = try prepare(value, holder: holder, key: .atom(m.key))
            guard isSerializable(v) else { continue }
            try separator(!stack[top].wroteMember)
            stack[top].wroteMember = true
            out += m.text
            if try write(v) { return }
        }
        close(125)
    }

    // MARK: Cycles

    /// V8's message: the path from the repeated object back to itself.
    private func circularError(startingAt start: Int) -> JSThrow {
        func constructorName(_ v: Value) -> String {
            let name = vm.className(of: v)
            return name.isEmpty ? "Object" : name
        }
        /// The member of frame `f` currently being written.
        func keyText(_ f: Int) -> String {
            let frame = stack[f]
            if frame.isArray { return "index \(frame.index - 1)" }
            let name = vm.atomString(frame.members[frame.index - 1].key)
            return name.isEmpty ? "<anonymous>" : "property '\(name)'"
        }
        func line(_ f: Int) -> String {
            "\n    |     \(keyText(f - 1)) -> object with constructor '\(constructorName(stack[f].holder))'"
        }
        var message = "Converting circular structure to JSON\n    --> starting at object with constructor '\(constructorName(stack[start].holder))'"
        var f = start + 1
        let prefixEnd = min(stack.count, f + 2)
        while f < prefixEnd {
            message += line(f)
            f += 1
        }
        if stack.count > f + 1 { message += "\n    |     ..." }
        f = max(f, stack.count - 1)
        while f < stack.count {
            message += line(f)
            f += 1
        }
        message += "\n    --- \(keyText(stack.count - 1)) closes the circle"
        return vm.error(.typeError, message)
    }
}
