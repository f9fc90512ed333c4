import Foundation
import JSBytecodeVM

/// A `fetch()` call the script is waiting for: what the host has to perform.
public struct FetchRequest: Codable, Sendable, Equatable, Hashable {
    /// The request's id (`r1`, `r2`, ...), unique within one execution,
    /// including across resumes. A `FetchResponse` answers it by this id.
    public var id: String
    /// The absolute URL the script passed to `fetch`.
    public var url: String
    /// Method, headers and body.
    public var options: Options
    /// When the script called `fetch`.
    public var timestamp: Date

    /// The `init` part of a fetch call.
    public struct Options: Codable, Sendable, Equatable, Hashable {
        /// The HTTP method (`GET`, `POST`, ...; standard methods upper-cased).
        public var method: String
        /// Request headers, names lower-cased; repeated names are joined with ", ".
        public var headers: [String: String]
        /// The request body, if any.
        public var body: String?

        /// Creates request options.
        public init(method: String = "GET", headers: [String: String] = [:], body: String? = nil) {
            self.method = method
            self.headers = headers
            self.body = body
        }
    }

    /// Creates a request description.
    public init(id: String, url: String, options: Options = Options(), timestamp: Date = Date()) {
        self.id = id
        self.url = url
        self.options = options
        self.timestamp = timestamp
    }

    /// Shorthand for `options.method`.
    public var method: String { options.method }

    init(_ r: PendingRequest) {
        self.init(id: r.id, url: r.url,
                  options: Options(method: r.method, headers: FetchRequest.joinHeaders(r.headers), body: r.body),
                  timestamp: Date(timeIntervalSince1970: r.timestamp / 1000))
    }

    init(_ r: SnapshotRequest) {
        self.init(id: r.id, url: r.url,
                  options: Options(method: r.method, headers: FetchRequest.joinHeaders(r.headers), body: r.body),
                  timestamp: Date(timeIntervalSince1970: r.timestamp / 1000))
    }

    static func joinHeaders(_ pairs: [(String, String)]) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in pairs {
            if let old = out[k] { out[k] = old + ", " + v } else { out[k] = v }
        }
        return out
    }
}

/// The answer to one `FetchRequest`: an HTTP response (any status) or a
/// network failure (`success == false`, which makes `fetch` reject with a
/// `TypeError`).
public struct FetchResponse: Codable, Sendable, Equatable, Hashable {
    /// The id of the request this answers.
    public var id: String
    /// False for a network failure (no HTTP response at all).
    public var success: Bool
    /// The HTTP status (0 for a failure).
    public var status: Int
    /// The HTTP status text (`OK`, `Not Found`, ...).
    public var statusText: String
    /// The body as text. When nil, `body` (decoded as UTF-8) is used.
    public var data: String?
    /// The failure message for a network failure.
    public var error: String?
    /// When the response arrived.
    public var timestamp: Date
    /// Response headers (names lower-cased by the drivers).
    public var headers: [String: String]
    /// The raw body bytes, when the driver has them.
    public var body: [UInt8]?
    /// The final URL after redirects (nil: the request URL).
    public var url: String?

    /// Creates a response; prefer `.success(...)` and `.failure(...)`.
    public init(id: String, success: Bool, status: Int, statusText: String = "", data: String? = nil,
                error: String? = nil, timestamp: Date = Date(), headers: [String: String] = [:],
                body: [UInt8]? = nil, url: String? = nil) {
        self.id = id
        self.success = success
        self.status = status
        self.statusText = statusText
        self.data = data
        self.error = error
        self.timestamp = timestamp
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// An HTTP response with a text body (a non-2xx status is still a success: `fetch` resolves).
    public static func success(id: String, status: Int = 200, statusText: String? = nil,
                               headers: [String: String] = [:], body: String = "") -> FetchResponse {
        FetchResponse(id: id, success: true, status: status,
                      statusText: statusText ?? HTTPStatus.reasonPhrase(status), data: body,
                      headers: headers)
    }

    /// A response whose body is `value` serialised as JSON, with
    /// `content-type: application/json`.
    public static func json(id: String, _ value: JSONValue, status: Int = 200) -> FetchResponse {
        .success(id: id, status: status, headers: ["content-type": "application/json"], body: value.jsonText)
    }

    /// A network failure: the script's `fetch` rejects with a `TypeError`.
    public static func failure(id: String, error: String) -> FetchResponse {
        FetchResponse(id: id, success: false, status: 0, error: error)
    }

    /// The body text delivered to the script.
    public var bodyText: String {
        if let data { return data }
        if let body { return String(decoding: body, as: UTF8.self) }
        return ""
    }

    var delivery: Delivery {
        if !success { return .failure(id: id, message: error ?? "fetch failed") }
        let headerPairs = headers.map { ($0.key.lowercased(), $0.value) }.sorted { $0.0 < $1.0 }
        return .response(id: id, status: status, statusText: statusText, headers: headerPairs,
                         body: bodyText, url: url)
    }
}

/// One answer as the VM takes it (internal common form of `FetchResponse`
/// and of the CLI's responses file, which keeps header order).
enum Delivery {
    case response(id: String, status: Int, statusText: String, headers: [(String, String)], body: String, url: String?)
    case failure(id: String, message: String)

    var id: String {
        switch self {
        case .response(let id, _, _, _, _, _), .failure(let id, _): return id
        }
    }
}

/// Standard reason phrases.
enum HTTPStatus {
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 409: return "Conflict"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }

    /// Statuses whose responses have no body (Fetch: null body statuses).
    static func isNullBody(_ status: Int) -> Bool {
        status == 101 || status == 103 || status == 204 || status == 205 || status == 304
    }
}
