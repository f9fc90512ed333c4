import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Performs the fetches a paused script waits for (used by
/// `FetchVM.run(_:using:)` and the `fetchflow run` command).
public protocol Fetcher: Sendable {
    /// Performs one request. A transport failure is a response with
    /// `success == false`; any HTTP status is a successful response.
    func fetch(_ request: FetchRequest) async -> FetchResponse

    /// Like `fetch`, but may stop the whole run by throwing (a mock table
    /// without an entry does). The default implementation calls `fetch`.
    func response(for request: FetchRequest) async throws -> FetchResponse
}

extension Fetcher {
    /// Calls `fetch(_:)`.
    public func response(for request: FetchRequest) async throws -> FetchResponse {
        await fetch(request)
    }
}

/// Performs fetches over HTTP(S) with `URLSession` (FoundationNetworking on
/// Linux). Response header names are lower-cased; a transport error (DNS,
/// connection refused, timeout, invalid URL) becomes `success: false` with
/// the error text. A batch of requests runs concurrently.
public struct URLSessionFetcher: Fetcher {
    /// Seconds before a request times out.
    public var timeout: TimeInterval

    /// Creates a fetcher; `timeout` applies to each request.
    public init(timeout: TimeInterval = 60) {
        self.timeout = timeout
    }

    /// Performs `request` over the network.
    public func fetch(_ request: FetchRequest) async -> FetchResponse {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https"
        else {
            return .failure(id: request.id, error: "unsupported or invalid URL: \(request.url)")
        }
        var urlRequest = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.options.method
        for (name, value) in request.options.headers.sorted(by: { $0.key < $1.key }) {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        if let body = request.options.body {
            urlRequest.httpBody = Data(body.utf8)
        }
        do {
            let (data, response) = try await URLSession.shared.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                return .failure(id: request.id, error: "not an HTTP response")
            }
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                let name = String(describing: key).lowercased()
                let text = String(describing: value)
                if let old = headers[name] { headers[name] = old + ", " + text } else { headers[name] = text }
            }
            let bytes = [UInt8](data)
            return FetchResponse(id: request.id, success: true, status: http.statusCode,
                                 statusText: HTTPStatus.reasonPhrase(http.statusCode),
                                 data: String(decoding: bytes, as: UTF8.self), headers: headers,
                                 body: bytes, url: http.url?.absoluteString)
        } catch {
            return .failure(id: request.id, error: error.localizedDescription)
        }
    }
}
