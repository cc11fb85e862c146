import Foundation

/// Every way an HTTP request can fail, as one typed error. Messages name the host, never the path, query or
/// headers, so bot tokens and access tokens cannot leak into logs.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not an absolute http(s) URL; nothing was sent.
    case invalidURL(String)
    /// The host name could not be resolved.
    case dns(host: String)
    /// No connection could be made (refused, unreachable).
    case couldNotConnect(host: String)
    /// The TLS handshake or certificate check failed.
    case tls(host: String, detail: String)
    /// The connect, total or low-speed limit ran out.
    case timedOut(host: String)
    /// The calling task was cancelled; the transfer was aborted.
    case cancelled
    /// The response body was larger than the request allowed.
    case tooLarge(host: String, limit: Int)
    /// The server answered with a non-2xx status (only from `HTTPClient.fetch`).
    case status(code: Int, body: Data, retryAfter: Duration?)
    /// The answer was not valid HTTP: garbage, a body cut short, nothing at all.
    case malformedResponse(host: String, detail: String)
    /// The connection broke while sending or receiving.
    case connectionLost(host: String, detail: String)
    /// Redirects went on past the limit, or to a scheme other than http(s).
    case badRedirect(host: String, detail: String)
    /// Anything else libcurl reported, with its code.
    case transport(host: String, code: Int, detail: String)

    public var description: String {
        switch self {
        case .invalidURL(let why): return "invalid URL: \(why)"
        case .dns(let host): return "could not resolve host \(host)"
        case .couldNotConnect(let host): return "could not connect to \(host)"
        case .tls(let host, let detail): return "TLS failed with \(host): \(detail)"
        case .timedOut(let host): return "request to \(host) timed out"
        case .cancelled: return "request cancelled"
        case .tooLarge(let host, let limit): return "response from \(host) larger than \(limit) bytes"
        case .status(let code, let body, _): return "HTTP status \(code) (\(body.count) bytes of body)"
        case .malformedResponse(let host, let detail): return "malformed response from \(host): \(detail)"
        case .connectionLost(let host, let detail): return "connection to \(host) lost: \(detail)"
        case .badRedirect(let host, let detail): return "bad redirect from \(host): \(detail)"
        case .transport(let host, let code, let detail): return "request to \(host) failed (curl \(code)): \(detail)"
        }
    }

    /// Whether trying again later can help: network faults, timeouts, 5xx, 408, 425 and 429.
    public var isRetryable: Bool {
        switch self {
        case .dns, .couldNotConnect, .timedOut, .malformedResponse, .connectionLost, .transport: return true
        case .status(let code, _, _): return code >= 500 || code == 408 || code == 425 || code == 429
        case .invalidURL, .tls, .cancelled, .tooLarge, .badRedirect: return false
        }
    }

    /// The server's `Retry-After`, when it sent one.
    public var retryAfter: Duration? {
        if case .status(_, _, let retryAfter) = self { return retryAfter }
        return nil
    }
}
