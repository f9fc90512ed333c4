import Foundation

// fetch() on the VM side. The global `fetch`, `Headers` and `Response` are
// self-hosted (Prelude_fetch.swift): argument conversion may run user code
// (ToString, getters, iterables), which must happen in JavaScript frames.
// The natives below are `%Intrinsics` helpers of that prelude: validation of
// URLs, methods and header names/values, symbol creation, and `fetchStart`,
// which records the `PendingRequest` and returns its pending promise.
//
// The host settles requests with `deliverResponse` / `deliverNetworkError`
// (an extension of `VM` at the end of this file), then runs `runUntilIdle()`.

enum FetchBuiltins {
    static let natives: [NativeFunction] = [
        NativeFunction("%Intrinsics", "fetchStart", 4) { vm, _, args in
            // fetchStart(url, method, headers: [name, value, name, value, ...] | null, body | null)
            let url = try vm.toSwiftString(args[0])
            let method = try vm.toSwiftString(args[1])
            var headers: [(String, String)] = []
            if args[2].isObject {
                // The prelude passes a dense array; code from a crafted snapshot
                // may pass any object (an infinite or huge length).
                let length = try vm.toInteger(try vm.get(args[2], Atom.length))
                let n = Int(max(0, min(length, Double(vm.object(args[2]).elements.count))))
                var i = 0
                while i + 1 < n {
                    let name = try vm.toSwiftString(try vm.getIndexed(args[2], Value(i)))
                    let value = try vm.toSwiftString(try vm.getIndexed(args[2], Value(i + 1)))
                    headers.append((name, value))
                    i += 2
                }
            }
            let body: String? = args[3].isNullish ? nil : try vm.toSwiftString(args[3])
            let promise = vm.newPromise()
            let id = "r\(vm.nextRequestID)"
            vm.nextRequestID += 1
            vm.pendingRequests.append(PendingRequest(id: id, url: url, method: method, headers: headers, body: body,
                                                     promise: promise,
                                                     timestamp: (Date().timeIntervalSince1970 * 1000).rounded()))
            return promise
        },
        NativeFunction("%Intrinsics", "fetchCheckURL", 1) { vm, _, args in
            // fetchCheckURL(url): throws the TypeError fetch rejects with for an unusable URL.
            let units = try vm.toUnits(args[0])
            guard FetchBuiltins.isValidURL(units) else {
                throw vm.error(.typeError, "Failed to parse URL from " + String(decoding: units, as: UTF16.self))
            }
            return .undefined
        },
        NativeFunction("%Intrinsics", "fetchMethod", 1) { vm, _, args in
            // fetchMethod(method): the validated, normalised request method.
            let units = try vm.toUnits(args[0])
            let text = String(decoding: units, as: UTF16.self)
            guard !units.isEmpty, units.allSatisfy(FetchBuiltins.isTokenUnit) else {
                throw vm.error(.typeError, "'\(text)' is not a valid HTTP method.")
            }
            let upper = String(decoding: units.map(FetchBuiltins.asciiUppercase), as: UTF16.self)
            if ["CONNECT", "TRACE", "TRACK"].contains(upper) {
                throw vm.error(.typeError, "'\(text)' HTTP method is unsupported.")
            }
            if ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].contains(upper) { return vm.newString(upper) }
            return args[0].isString ? args[0] : vm.newString(units)
        },
        NativeFunction("%Intrinsics", "fetchHeaderName", 2) { vm, _, args in
            // fetchHeaderName(name, context): the lower-cased name, or a TypeError.
            let units = try vm.toUnits(args[0])
            try FetchBuiltins.checkByteString(vm, units)
            guard !units.isEmpty, units.allSatisfy(FetchBuiltins.isTokenUnit) else {
                let context = try vm.toSwiftString(args[1])
                throw vm.error(.typeError, "\(context): \"\(String(decoding: units, as: UTF16.self))\" is an invalid header name.")
            }
            if !units.contains(where: { $0 >= 65 && $0 <= 90 }), args[0].isString { return args[0] }
            return vm.newString(units.map(FetchBuiltins.asciiLowercase))
        },
        NativeFunction("%Intrinsics", "fetchHeaderValue", 2) { vm, _, args in
            // fetchHeaderValue(value, context): the value without leading and
            // trailing HTTP whitespace, or a TypeError.
            let units = try vm.toUnits(args[0])
            try FetchBuiltins.checkByteString(vm, units)
            let isWhitespace: (UInt16) -> Bool = { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }
            var start = 0, end = units.count
            while start < end && isWhitespace(units[start]) { start += 1 }
            while end > start && isWhitespace(units[end - 1]) { end -= 1 }
            let trimmed = Array(units[start..<end])
            if trimmed.contains(where: { $0 == 0 || $0 == 0x0A || $0 == 0x0D }) {
                let context = try vm.toSwiftString(args[1])
                throw vm.error(.typeError, "\(context): \"\(String(decoding: trimmed, as: UTF16.self))\" is an invalid header value.")
            }
            if trimmed.count == units.count && args[0].isString { return args[0] }
            return vm.newString(trimmed)
        },
        NativeFunction("%Intrinsics", "fetchValidStatusText", 1) { vm, _, args in
            // fetchValidStatusText(text): true for an HTTP reason-phrase.
            let units = try vm.toUnits(args[0])
            return Value(units.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 <= 0x7E) || ($0 >= 0x80 && $0 <= 0xFF) })
        },
        NativeFunction("%Intrinsics", "fetchNewSymbol", 1) { vm, _, args in
            // fetchNewSymbol(description): a fresh symbol (private keys of the prelude).
            let description = args[0].isUndefined ? Value.undefined : try vm.toStringValue(args[0])
            return Value(symbol: vm.newSymbol(description: description))
        },
        NativeFunction("%Intrinsics", "fetchWellKnownSymbol", 1) { vm, _, args in
            // fetchWellKnownSymbol("iterator"): Symbol.iterator.
            let name = "Symbol." + (try vm.toSwiftString(args[0]))
            guard let i = wellKnownSymbols.firstIndex(of: name) else { throw vm.error(.typeError, "no symbol \(name)") }
            return Value(symbol: Atom.firstSymbol + PropertyKey(i))
        },
        NativeFunction("%Intrinsics", "fetchMakeError", 2) { vm, _, args in
            // fetchMakeError(typeName, message): a new error object (not thrown).
            let typeName = try vm.toSwiftString(args[0])
            let type = ErrorType.allCases.first { $0.name == typeName } ?? .error
            return vm.makeError(type, try vm.toSwiftString(args[1]))
        },
        NativeFunction("%Intrinsics", "fetchRejected", 1) { vm, _, args in
            // fetchRejected(reason): a new promise rejected with reason.
            let p = vm.newPromise()
            vm.rejectPromise(p, with: args[0])
            return p
        },
        NativeFunction("%Intrinsics", "fetchObjectWithProto", 1) { vm, _, args in
            // fetchObjectWithProto(proto): an ordinary object with that prototype.
            vm.newObject(proto: args[0].isObject ? args[0] : .null)
        },
    ]

    /// Nothing to install natively: `fetch`, `Headers` and `Response` are
    /// made global by the prelude fragment.
    static func install(_ vm: VM) {}

    // MARK: Validation helpers

    /// An HTTP token character (RFC 9110 tchar).
    static func isTokenUnit(_ u: UInt16) -> Bool {
        switch u {
        case 48...57, 65...90, 97...122: return true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: return true
        default: return false
        }
    }

    static func asciiLowercase(_ u: UInt16) -> UInt16 { (u >= 65 && u <= 90) ? u + 32 : u }
    static func asciiUppercase(_ u: UInt16) -> UInt16 { (u >= 97 && u <= 122) ? u - 32 : u }

    /// WebIDL ByteString conversion: every unit must be at most 255.
    static func checkByteString(_ vm: VM, _ units: [UInt16]) throws {
        if let i = units.firstIndex(where: { $0 > 255 }) {
            throw vm.error(.typeError, "Cannot convert argument to a ByteString because the character at index \(i) has a value of \(units[i]) which is greater than 255.")
        }
    }

    /// An absolute `scheme://host...` URL (leading and trailing C0 controls
    /// and spaces are ignored, as the URL parser does). The host must be
    /// non-empty and free of spaces and forbidden characters; a port must be
    /// numeric.
    static func isValidURL(_ all: [UInt16]) -> Bool {
        var start = 0, end = all.count
        while start < end && all[start] <= 0x20 { start += 1 }
        while end > start && all[end - 1] <= 0x20 { end -= 1 }
        let u = Array(all[start..<end])
        // scheme
        guard let first = u.first, isASCIIAlpha(first) else { return false }
        var i = 1
        while i < u.count, isASCIIAlpha(u[i]) || (u[i] >= 48 && u[i] <= 57) || u[i] == 43 || u[i] == 45 || u[i] == 46 {
            i += 1
        }
        // "://"
        guard i + 2 < u.count, u[i] == 58, u[i + 1] == 47, u[i + 2] == 47 else { return false }
        i += 3
        // authority: up to "/", "?", "#" or "\"
        var authorityEnd = i
        while authorityEnd < u.count, ![47, 63, 35, 92].contains(u[authorityEnd]) { authorityEnd += 1 }
        var authority = Array(u[i..<authorityEnd])
        if let at = authority.lastIndex(of: 64) { authority = Array(authority[(at + 1)...]) }
        var host = authority
        var port: [UInt16] = []
        if authority.first == 91 {  // [IPv6]
            guard let close = authority.firstIndex(of: 93) else { return false }
            host = Array(authority[...close])
            let rest = authority[(close + 1)...]
            if let colon = rest.first {
                guard colon == 58 else { return false }
                port = Array(rest.dropFirst())
            }
            guard host.count > 2 else { return false }
        } else if let colon = authority.firstIndex(of: 58) {
            host = Array(authority[..<colon])
            port = Array(authority[(colon + 1)...])
        }
        guard !host.isEmpty else { return false }
        if authority.first != 91 {
            // Forbidden host code points (WHATWG URL), plus controls.
            let forbidden: Set<UInt16> = [0x20, 0x23, 0x2F, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x7C, 0x25]
            guard !host.contains(where: { $0 < 0x20 || $0 == 0x7F || forbidden.contains($0) }) else { return false }
        }
        guard port.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        if !port.isEmpty {
            guard port.count <= 5, Int(String(decoding: port, as: UTF16.self)).map({ $0 <= 65535 }) ?? false else {
                return false
            }
        }
        return true
    }

    private static func isASCIIAlpha(_ u: UInt16) -> Bool { (u >= 65 && u <= 90) || (u >= 97 && u <= 122) }
}

/// An id that matches no pending request.
public struct UnknownRequestError: Error, CustomStringConvertible {
    public var id: String
    public init(id: String) { self.id = id }
    public var description: String { "unknown request id '\(id)'" }
}

extension VM {
    /// Resolves pending request `id` with a Response (removing it from
    /// `pendingRequests`). Only settles the promise; `runUntilIdle` then
    /// continues the script. Under execution limits, call it from the
    /// `deliver` closure of `runUntilIdle(afterDelivering:)` (as `FetchVM`
    /// does), so that the script code building the Response counts against
    /// that run's step budget. `url` defaults to the request's URL.
    public func deliverResponse(id: String, status: Int, statusText: String, headers: [(String, String)],
                                body: String, url: String? = nil) throws {
        guard let index = pendingRequests.firstIndex(where: { $0.id == id }) else { throw UnknownRequestError(id: id) }
        let request = pendingRequests.remove(at: index)
        guard let make = intrinsics.hidden["makeResponse"] else {
            rejectPromise(request.promise, with: makeError(.typeError, "fetch failed"))
            return
        }
        var flat: [Value] = []
        flat.reserveCapacity(headers.count * 2)
        for (name, value) in headers {
            flat.append(newString(Array(name.utf16).map(FetchBuiltins.asciiLowercase)))
            flat.append(newString(value))
        }
        let arguments: [Value] = [Value(status), newString(statusText), newArray(flat), newString(body),
                                  newString(url ?? request.url)]
        // Only a JavaScript throw rejects the fetch; anything else (a limit's
        // termination) ends the whole execution and propagates to the step.
        do {
            let response = try call(make, this: .undefined, arguments: arguments)
            resolvePromise(request.promise, with: response)
        } catch let e as JSThrow {
            rejectPromise(request.promise, with: e.value)
        }
    }

    /// Rejects pending request `id` with a TypeError (a network failure;
    /// message e.g. "fetch failed"). Only settles the promise, like
    /// `deliverResponse`.
    public func deliverNetworkError(id: String, message: String) throws {
        guard let index = pendingRequests.firstIndex(where: { $0.id == id }) else { throw UnknownRequestError(id: id) }
        let request = pendingRequests.remove(at: index)
        rejectPromise(request.promise, with: makeError(.typeError, message))
    }
}
