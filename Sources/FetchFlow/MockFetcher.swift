import Foundation

/// Answers fetches from a table instead of the network, in exactly the
/// format of the CLI's mock file (`fetchflow run --mock FILE`):
///
///     {
///       "https://api.example.com/user": {"json": {"id": 1}},
///       "POST https://api.example.com/items": {"status": 201, "statusText": "Created",
///                                              "headers": {"location": "/items/9"}, "body": ""},
///       "https://down.example.com/": {"error": "connection refused"}
///     }
///
/// Keys are `"URL"` or `"METHOD URL"` (the method-specific key wins).
/// `{"json": v}` is status 200, statusText `OK`, `content-type:
/// application/json` and a body byte-identical to JavaScript's
/// `JSON.stringify(v)`. In a status entry a missing `status` is 200,
/// `statusText` is `""`, `headers` `{}` and `body` `""`. `{"error": "..."}`
/// is a network failure. A URL may be fetched any number of times.
public struct MockFetcher: Fetcher {
    /// One mock answer.
    public enum Entry: Sendable, Equatable, Hashable {
        /// An HTTP response.
        case response(status: Int, statusText: String, headers: [String: String], body: String)
        /// A network failure with this message.
        case failure(String)

        /// Status 200 `OK` with a JSON body (`JSON.stringify` of `value`).
        public static func json(_ value: JSONValue) -> Entry {
            .response(status: 200, statusText: "OK", headers: ["content-type": "application/json"],
                      body: value.jsonText)
        }

        /// A 200 response with a text body.
        public static func text(_ body: String, status: Int = 200, statusText: String = "",
                                headers: [String: String] = [:]) -> Entry {
            .response(status: status, statusText: statusText, headers: headers, body: body)
        }
    }

    /// A fetch with no entry in the table.
    public struct Miss: Error, CustomStringConvertible, Sendable, Equatable {
        /// The request's method.
        public var method: String
        /// The request's URL.
        public var url: String
        /// `no mock response for GET https://...`
        public var description: String { "no mock response for \(method) \(url)" }
    }

    /// A mock table that does not follow the format.
    public struct FormatError: Error, CustomStringConvertible, Sendable, Equatable {
        /// What is wrong (one line).
        public var description: String
    }

    /// The table: keys `"URL"` or `"METHOD URL"`.
    public let entries: [String: Entry]

    /// A mock table from entries keyed by `"URL"` or `"METHOD URL"`.
    public init(entries: [String: Entry]) {
        self.entries = entries
    }

    /// Parses a mock file's contents. Throws `FormatError`.
    public init(json: Data) throws {
        try self.init(bytes: [UInt8](json))
    }

    /// Reads and parses a mock file. Throws `FileError` or `FormatError`.
    public init(contentsOf url: URL) throws {
        try self.init(bytes: FileIO.readFile(url.path))
    }

    init(bytes: [UInt8]) throws {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch let e as JSONParseError {
            throw FormatError(description: "invalid JSON: \(e.description)")
        }
        guard case .object(let members) = root else {
            throw FormatError(description: "the mock file must be a JSON object, not \(root.typeName)")
        }
        var table: [String: Entry] = [:]
        for (key, value) in members {
            table[key] = try MockFetcher.entry(key: key, value)
        }
        entries = table
    }

    /// The entry for `method` and `url` (`"METHOD URL"` first, then `"URL"`).
    public func entry(method: String, url: String) -> Entry? {
        entries["\(method) \(url)"] ?? entries[url]
    }

    /// Answers from the table; a miss is a failure response whose error is the miss description.
    public func fetch(_ request: FetchRequest) async -> FetchResponse {
        do {
            return try answer(request)
        } catch {
            return .failure(id: request.id, error: "\(error)")
        }
    }

    /// Answers from the table; throws `Miss` when there is no entry.
    public func response(for request: FetchRequest) async throws -> FetchResponse {
        try answer(request)
    }

    /// The answer to `request` (synchronous). Throws `Miss`.
    public func answer(_ request: FetchRequest) throws -> FetchResponse {
        guard let e = entry(method: request.options.method, url: request.url) else {
            throw Miss(method: request.options.method, url: request.url)
        }
        switch e {
        case .response(let status, let statusText, let headers, let body):
            return FetchResponse(id: request.id, success: true, status: status, statusText: statusText,
                                 data: body, headers: headers)
        case .failure(let message):
            return .failure(id: request.id, error: message)
        }
    }

    // MARK: Parsing

    /// JavaScript `String(v)` of a primitive JSON value.
    private static func jsString(_ node: JSONNode) -> String? {
        switch node {
        case .string(let s): return s
        case .number(let d): return JSONText.number(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        default: return nil
        }
    }

    static func entry(key: String, _ value: JSONNode) throws -> Entry {
        func bad(_ what: String) -> FormatError { FormatError(description: "mock entry \"\(key)\": \(what)") }
        guard case .object = value else { throw bad("must be an object, not \(value.typeName)") }
        if let error = value["error"] {
            guard let message = jsString(error) else { throw bad("\"error\" must be a string") }
            return .failure(message)
        }
        if let json = value["json"] {
            return .response(status: 200, statusText: "OK", headers: ["content-type": "application/json"],
                             body: json.jsStringify())
        }
        var status = 200
        switch value["status"] {
        case nil, .null?: break
        case .number(let d)?:
            guard d == d.rounded(), d >= 200, d <= 599 else { throw bad("\"status\" must be an integer from 200 to 599") }
            status = Int(d)
        default: throw bad("\"status\" must be a number")
        }
        var statusText = ""
        switch value["statusText"] {
        case nil, .null?: break
        case .string(let s)?: statusText = s
        default: throw bad("\"statusText\" must be a string")
        }
        var headers: [String: String] = [:]
        switch value["headers"] {
        case nil, .null?: break
        case .object(let members)?:
            for (name, v) in members {
                guard let text = jsString(v), v != .null else { throw bad("header \"\(name)\" must be a string") }
                headers[name.lowercased()] = text
            }
        default: throw bad("\"headers\" must be an object")
        }
        var body = ""
        switch value["body"] {
        case nil, .null?: break
        case let b?:
            guard let text = jsString(b) else { throw bad("\"body\" must be a string") }
            body = text
        }
        return .response(status: status, statusText: statusText, headers: headers, body: body)
    }
}
