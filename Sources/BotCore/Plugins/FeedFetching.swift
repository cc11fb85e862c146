import Foundation

/// Fetches a document a plugin follows on the web (the agenda's calendar feed); the executable gives plugins one
/// over its HTTP client, so a plugin needs no network code of its own.
public protocol FeedFetching: Sendable {
    /// Fetches `request.url`, conditionally when the request carries the validators of the copy kept. Returns
    /// within the request's time limit and never throws: a failure is a result, whose reason never holds the URL.
    func fetch(_ request: FeedRequest) async -> FeedResult
}

/// One fetch of a feed: where, the validators of the copy already kept, and the limits.
public struct FeedRequest: Sendable, Hashable {
    /// An absolute http or https URL; anything else fails without a request. It may hold a secret (a "secret
    /// address"): show `FeedAddress.masked(url)` instead.
    public var url: String
    /// The `ETag` of the copy kept, sent as `If-None-Match`.
    public var entityTag: String?
    /// The `Last-Modified` of the copy kept, sent as `If-Modified-Since`.
    public var lastModified: String?
    /// The largest document accepted; a larger one fails.
    public var maximumBytes: Int
    /// The whole fetch's limit, redirects included.
    public var timeout: Duration

    public init(
        url: String, entityTag: String? = nil, lastModified: String? = nil, maximumBytes: Int = 5 * 1024 * 1024,
        timeout: Duration = .seconds(20)
    ) {
        self.url = url
        self.entityTag = entityTag
        self.lastModified = lastModified
        self.maximumBytes = maximumBytes
        self.timeout = timeout
    }
}

/// What a fetch gave.
public enum FeedResult: Sendable, Hashable {
    /// A new copy (a 2xx answer), with its validators for the next fetch.
    case fetched(body: Data, entityTag: String?, lastModified: String?)
    /// The server says the copy kept is current (304).
    case notModified
    /// Why no document came: `HTTP 404`, `timed out`, `connection refused`, `larger than 5 MB`. Never the URL.
    case failed(String)
}

/// Feed addresses as they may be shown.
public enum FeedAddress {
    /// `url` with whatever may be secret hidden, for logs, errors and replies: the user and password, the query
    /// and the fragment become `?…` (or go), and every path segment but short plain words becomes `…`
    /// (`https://calendar.example.org/…/basic.ics?…`). A secret address keeps its secret in tokens there.
    public static func masked(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "(not a web address)" }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var rest = url[schemeEnd.upperBound...]
        var hidden = false
        if let mark = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            hidden = rest[mark] == "?" || rest[rest.index(after: mark)...].contains("?")
            rest = rest[..<mark]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let segments = rest[slash...].split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let shown = segments.enumerated().map { index, segment in
            let last = index == segments.count - 1
            return segment.isEmpty || isPlain(segment, fileName: last) ? String(segment) : "…"
        }
        let path = shown.isEmpty ? "" : "/" + shown.joined(separator: "/")
        let host = authority.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }
        return "\(scheme)://\(host ? String(authority) : "…")\(path)\(hidden ? "?…" : "")"
    }

    /// A segment that reads as plain words (`calendar`, `ical`, `remote.php`) or a short file name
    /// (`programme.ics`, `basic.ics`): lowercase ASCII letters with `-`, `_` or `.`, few digits; tokens never are.
    static func isPlain(_ segment: Substring, fileName: Bool) -> Bool {
        let limit = fileName ? 24 : 12
        let digits = segment.filter(\.isNumber).count
        return segment.count <= limit && digits <= (fileName ? 2 : 0)
            && segment.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-_.".contains($0)) }
    }
}
