/// Checks whether web links still work; the runtime gives plugins an implementation over its HTTP client,
/// so a plugin needs no network code of its own.
public protocol LinkChecking: Sendable {
    /// The state of each URL (keys are the URLs given). Must return even when some hosts never answer.
    func check(_ urls: [String]) async -> [String: LinkState]
}

/// What a link check found.
public enum LinkState: Sendable, Hashable {
    case working
    /// Why it is broken: `HTTP 404`, `timed out`, ...
    case broken(LinkReason)
    /// Its host could not be reached at all (`host not found`, `connection refused`): the link may be dead, or
    /// the bot's own network may be down. When every link is unreachable, the second is the likely one.
    case unreachable(LinkReason)
}

/// Why a link check failed, in words a facilitator understands: a message of the core's catalogues (`link.*`),
/// so a report reads in its reader's language, or a text as it is (`description` is the English).
public struct LinkReason: Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The catalogue key; nil for a text shown as it is.
    public let key: String?
    /// The HTTP status, for `link.http-status`.
    public let status: Int?
    public let description: String

    public init(stringLiteral value: String) {
        key = nil
        status = nil
        detail = nil
        description = value
    }

    public init(key: String, status: Int? = nil, english: String, detail: String? = nil) {
        self.key = key
        self.status = status
        self.detail = detail
        self.description = english
    }

    /// The reason in `texts`' language.
    public func text(in texts: Texts) -> String {
        guard let key, texts.has(key) else { return description }
        let number = status.map(String.init) ?? ""
        return texts.plain(key, ["status": .text(number), "size": .text(number), "detail": .text(detail ?? "")])
    }

    /// What the HTTP client said, for `link.other`.
    public let detail: String?

    /// A failure the client words itself beyond the reasons above (a rare libcurl error): the wording around it
    /// is the catalogue's, the client's own words stay as they are.
    public static func other(_ detail: String) -> LinkReason {
        LinkReason(key: "link.other", english: "the request failed: \(detail)", detail: detail)
    }

    public static func httpStatus(_ status: Int) -> LinkReason {
        LinkReason(key: "link.http-status", status: status, english: "HTTP \(status)")
    }
    public static let hostNotFound = LinkReason(key: "link.host-not-found", english: "host not found")
    public static let connectionRefused = LinkReason(key: "link.connection-refused", english: "connection refused")
    public static let timedOut = LinkReason(key: "link.timed-out", english: "timed out")
    public static let tlsFailed = LinkReason(key: "link.tls", english: "TLS certificate or handshake failed")
    public static let badRedirect = LinkReason(
        key: "link.bad-redirect", english: "too many redirects, or a redirect to another scheme")
    public static let notHTTP = LinkReason(key: "link.not-http", english: "not an http(s) link")
    public static let noClient = LinkReason(key: "link.no-client", english: "the HTTP client could not start")
    public static let notHTTPAnswer = LinkReason(
        key: "link.not-http-answer", english: "the server's answer is not HTTP")
    public static let connectionLost = LinkReason(key: "link.connection-lost", english: "the connection broke")

    /// A download larger than the limit, in whole megabytes.
    public static func tooLarge(megabytes: Int) -> LinkReason {
        LinkReason(
            key: "link.too-large", status: megabytes, english: "the file is larger than \(megabytes) MB")
    }

    /// The reason whose English is `text`, for a reason kept as English text (a feed's status, a queued
    /// notice): `HTTP 404`, `timed out`, `the file is larger than 5 MB`, `the request failed: …` and the others
    /// above come back as themselves; any other text is shown as it is.
    public static func recognising(_ text: String) -> LinkReason {
        if let known = byEnglish[text] { return known }
        if text.hasPrefix("HTTP "), let status = Int(text.dropFirst(5)), (100...999).contains(status) {
            return .httpStatus(status)
        }
        let large = "the file is larger than "
        if text.hasPrefix(large), text.hasSuffix(" MB"),
            let size = Int(text.dropFirst(large.count).dropLast(3)), size >= 0
        {
            return .tooLarge(megabytes: size)
        }
        let other = "the request failed: "
        if text.hasPrefix(other) { return .other(String(text.dropFirst(other.count))) }
        return LinkReason(stringLiteral: text)
    }

    private static let byEnglish: [String: LinkReason] = Dictionary(
        [
            hostNotFound, connectionRefused, timedOut, tlsFailed, badRedirect, notHTTP, noClient, notHTTPAnswer,
            connectionLost,
        ].map { ($0.description, $0) }, uniquingKeysWith: { first, _ in first })
}
