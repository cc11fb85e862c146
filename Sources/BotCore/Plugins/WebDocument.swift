import Foundation

/// A document a plugin publishes at the bot's web address (`web:` in bot.yaml): the agenda's calendar feeds at
/// `/calendar/<token>.ics`. Reached only through a link the plugin handed out, so the name in the path is the
/// capability: `render` answers nil for any name it did not hand out, and the server answers 404.
public struct WebDocument: Sendable {
    /// The first segment of the path (`calendar`): lower-case letters, digits and `-`.
    public var path: String
    /// The media type of what `render` returns (`text/calendar; charset=utf-8`).
    public var contentType: String
    /// The document called `name` (the rest of the path, such as `3f…9a.ics`), or nil when there is none.
    public var render: @Sendable (_ name: String, _ context: WebDocumentContext) async throws -> Data?

    public init(
        path: String, contentType: String,
        render: @escaping @Sendable (_ name: String, _ context: WebDocumentContext) async throws -> Data?
    ) {
        self.path = path
        self.contentType = contentType
        self.render = render
    }
}

/// What rendering a web document may use: the plugin's context outside a message, and the other plugins' answers.
public struct WebDocumentContext: Sendable {
    public var plugin: PluginContext
    public var lookups: LookupDirectory

    public init(plugin: PluginContext, lookups: LookupDirectory) {
        self.plugin = plugin
        self.lookups = lookups
    }
}

/// A plugin that publishes documents at the bot's web address.
public protocol PublishesWebDocuments: Plugin {
    var webDocuments: [WebDocument] { get }
}

/// The bot's public web address (`web.public_url`), for links handlers hand out.
public struct WebAddress: Sendable, Hashable {
    /// `https://bot.example.org` or `https://example.org/bot`, without a trailing slash.
    public let base: String
    /// The base's path (`/bot` for `https://example.org/bot`), empty for a bare host. The proxy forwards
    /// `/bot/dashboard` to the bot's `/dashboard`, so the bot's own pages put this before the absolute paths they
    /// link, redirect and set cookies for.
    public let path: String
    /// The base's origin as a browser names it in an `Origin` header: `https://bot.example.org`, lower case, with
    /// the port only when it is not the scheme's own.
    public let origin: String

    /// Nil unless `text` is an https URL without query, fragment or user, whose path holds only letters, digits
    /// and `-._~/%` (it goes into links, redirects and a cookie's `Path`); plain http only to this machine
    /// (`127.0.0.1`, `localhost`, `::1`), for trying it out: links carry a secret, which must not cross a network
    /// unencrypted.
    public init?(_ text: String) {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil,
            let path = Self.rawPath(of: trimmed), path.unicodeScalars.allSatisfy({ Self.pathCharacters.contains($0) })
        else { return nil }
        let local = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
        guard scheme == "https" || (scheme == "http" && local) else { return nil }
        base = trimmed
        self.path = path
        let port = url.port.flatMap { (scheme == "https" && $0 == 443) || (scheme == "http" && $0 == 80) ? nil : $0 }
        let named = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        origin = "\(scheme)://\(named)" + (port.map { ":\($0)" } ?? "")
    }

    private static let pathCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/%")

    /// The path of `url` as written (`/bot`), before any library re-encodes it: from the first `/` after `://`.
    private static func rawPath(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? ""
    }

    /// The address of `path` (`calendar/…ics`) under the base.
    public func link(_ path: String) -> String { base + "/" + path }

    /// The same address with the `webcal` scheme, which calendar apps open as a subscription.
    public func webcal(_ path: String) -> String {
        let link = link(path)
        guard let colon = link.firstIndex(of: ":") else { return link }
        return "webcal" + link[colon...]
    }
}
