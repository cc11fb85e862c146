import Foundation

/// An HTTP method.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public static let get: HTTPMethod = "GET"
    public static let head: HTTPMethod = "HEAD"
    public static let post: HTTPMethod = "POST"
    public static let put: HTTPMethod = "PUT"
    public static let delete: HTTPMethod = "DELETE"
}

/// One HTTP request: what to send and the limits of the transfer.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// An absolute http or https URL; anything else is refused before any I/O.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// The whole transfer's limit. For a long poll, make it longer than the server's hold time.
    public var timeout: Duration
    /// The limit for establishing the connection (DNS, TCP, TLS).
    public var connectTimeout: Duration
    /// A transfer slower than `lowSpeedLimit` bytes/s for `lowSpeedTime` is aborted as timed out
    /// (nil: no check; a long poll sends nothing while it waits, so leave it off there).
    public var lowSpeedLimit: Int?
    public var lowSpeedTime: Duration
    /// The largest response body accepted; larger ones fail with `HTTPError.tooLarge`.
    public var maximumResponseSize: Int
    /// How many redirects to follow (only to http and https); 0 returns the redirect itself.
    public var maximumRedirects: Int
    /// Strings that must never appear in an error or description (tokens inside the URL, for example).
    /// Values of `Authorization` headers are always treated as secrets.
    public var secrets: [String]

    public init(
        method: HTTPMethod = .get, url: String, headers: [(name: String, value: String)] = [], body: Data? = nil,
        timeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10), lowSpeedLimit: Int? = nil,
        lowSpeedTime: Duration = .seconds(30), maximumResponseSize: Int = 10 * 1024 * 1024, maximumRedirects: Int = 5,
        secrets: [String] = []
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maximumResponseSize = maximumResponseSize
        self.maximumRedirects = maximumRedirects
        self.secrets = secrets
    }

    /// The host the request goes to, for errors and logs (never the path or query, which may hold tokens).
    public var host: String { URLComponents(string: url)?.host ?? "(invalid URL)" }

    /// All values that must be scrubbed from messages about this request.
    var allSecrets: [String] {
        secrets
            + headers.filter { $0.name.lowercased() == "authorization" }.flatMap { header in
                [header.value] + header.value.split(separator: " ").dropFirst().map(String.init)
            }
    }
}

extension HTTPRequest: CustomStringConvertible {
    /// `POST https://api.telegram.org/…`: the method and the scheme and host only.
    public var description: String {
        let components = URLComponents(string: url)
        return "\(method.rawValue) \(components?.scheme ?? "?")://\(host)/…"
    }
}

/// A response: status, headers in arrival order, and the body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// The `Retry-After` header as a duration, when the server sent one (seconds or an HTTP date).
    public var retryAfter: Duration?

    public init(
        status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), retryAfter: Duration? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.retryAfter = retryAfter
    }

    /// The last value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.last { $0.name.lowercased() == lowered }?.value
    }

    /// True for 2xx statuses.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text, invalid bytes repaired.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
