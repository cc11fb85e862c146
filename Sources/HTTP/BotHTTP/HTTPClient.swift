import Foundation

/// The bot's only HTTP client: async/await over the system libcurl.
///
/// Every transfer of the process runs on one curl multi handle driven by one dedicated thread, so a thousand
/// waiting long polls cost no threads and connections are reused (keep-alive, HTTP/2 where offered).
/// TLS is verified against the system CA store, redirects stay on http(s), response bodies are capped,
/// proxies come from the usual environment variables, and errors never contain the URL's path or headers.
public final class HTTPClient: Sendable {
    private let engine: CurlEngine

    /// - Parameter maximumConnections: idle keep-alive connections kept open; set it at least to the number of
    ///   concurrent requests expected (long polls included), or connections get closed and reopened.
    public init(maximumConnections: Int = 1024) throws(HTTPError) {
        engine = try CurlEngine(maximumConnections: maximumConnections)
    }

    deinit { engine.stop() }

    /// Sends a request and returns the response, whatever its status.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let lower = request.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"),
            URLComponents(string: request.url)?.host?.isEmpty == false
        else {
            throw .invalidURL("only absolute http and https URLs are fetched")
        }
        do {
            return try await engine.perform(request)
        } catch let error as HTTPError {
            throw error
        } catch {
            throw .transport(host: request.host, code: -1, detail: "\(type(of: error))")
        }
    }

    /// Sends a request and throws `HTTPError.status` (with the body and `Retry-After`) unless it is 2xx.
    public func fetch(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let response = try await send(request)
        guard response.isSuccess else {
            throw .status(code: response.status, body: response.body, retryAfter: response.retryAfter)
        }
        return response
    }

    /// Stops the engine thread; requests still running fail with `.cancelled`.
    public func shutdown() { engine.stop() }
}
