import Foundation

/// How a channel's HTML differs from plain escaped HTML: the links that notify a person, and the markup that
/// shows a time in each reader's own zone. Each channel that renders HTML gives its own; the core knows none.
public struct HTMLFlavor: Sendable {
    /// The link that makes the platform notify `user`; nil renders the plain name. Whatever it returns is
    /// escaped into the `href` attribute.
    public var mentionLink: @Sendable (UserRef) -> String?
    /// The markup for a moment, given the instant and its already escaped text; nil renders the text alone.
    public var time: @Sendable (_ instant: Date, _ escapedText: String) -> String?

    public init(
        mentionLink: @escaping @Sendable (UserRef) -> String? = { _ in nil },
        time: @escaping @Sendable (_ instant: Date, _ escapedText: String) -> String? = { _, _ in nil }
    ) {
        self.mentionLink = mentionLink
        self.time = time
    }

    /// Names and times as text: no links to people, no time markup.
    public static let plain = HTMLFlavor()
}

/// Renders rich text as HTML with every span's text escaped: the shared renderer of HTML-capable channels,
/// each with its own `HTMLFlavor`.
public enum HTMLRenderer {
    /// Escapes `&`, `<`, `>` and `"` so the text shows literally inside HTML.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\0": break
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Renders one line of rich text.
    public static func render(_ text: RichText, flavor: HTMLFlavor = .plain) -> String {
        text.spans.map { span -> String in
            switch span {
            case .text(let s): return escape(s)
            case .bold(let s): return "<b>\(escape(s))</b>"
            case .italic(let s): return "<i>\(escape(s))</i>"
            case .code(let s): return "<code>\(escape(s))</code>"
            case .link(let title, let url):
                guard isWebURL(url) else { return escape(title.isEmpty ? url : "\(title) (\(url))") }
                return "<a href=\"\(escape(url))\">\(escape(title.isEmpty ? url : title))</a>"
            case .mention(let name, let user):
                guard let link = flavor.mentionLink(user) else { return escape(name) }
                return "<a href=\"\(escape(link))\">\(escape(name))</a>"
            case .time(let instant, let text):
                let escaped = escape(text)
                return flavor.time(instant, escaped) ?? escaped
            }
        }.joined()
    }

    /// Renders a reply, lines separated by newlines.
    public static func render(_ reply: Reply, flavor: HTMLFlavor = .plain) -> String {
        reply.lines.map { render($0, flavor: flavor) }.joined(separator: "\n")
    }
}
