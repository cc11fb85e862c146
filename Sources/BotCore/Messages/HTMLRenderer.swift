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
    /// Escapes `&`, `<`, `>` and `"` so the text shows literally inside HTML (and drops NUL). The characters
    /// are all ASCII, so the work is on UTF-8 bytes; text without any (nearly all) is returned as it is.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 -> String? in
            guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0 }) else {
                return nil
            }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 16)
            for byte in utf8 {
                switch byte {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                case 0: break
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// Renders one line of rich text.
    public static func render(_ text: RichText, flavor: HTMLFlavor = .plain) -> String {
        var out = ""
        for span in text.spans { append(span, to: &out, flavor: flavor) }
        return out
    }

    private static func append(_ span: Span, to out: inout String, flavor: HTMLFlavor) {
        switch span {
        case .text(let s): out += escape(s)
        case .bold(let s): out += "<b>" + escape(s) + "</b>"
        case .italic(let s): out += "<i>" + escape(s) + "</i>"
        case .code(let s): out += "<code>" + escape(s) + "</code>"
        case .link(let title, let url):
            guard isWebURL(url) else { return out += escape(title.isEmpty ? url : "\(title) (\(url))") }
            out += "<a href=\"" + escape(url) + "\">" + escape(title.isEmpty ? url : title) + "</a>"
        case .mention(let name, let user):
            guard let link = flavor.mentionLink(user) else { return out += escape(name) }
            out += "<a href=\"" + escape(link) + "\">" + escape(name) + "</a>"
        case .time(let instant, let text):
            let escaped = escape(text)
            out += flavor.time(instant, escaped) ?? escaped
        }
    }

    /// Renders a reply, lines separated by newlines.
    public static func render(_ reply: Reply, flavor: HTMLFlavor = .plain) -> String {
        reply.lines.map { render($0, flavor: flavor) }.joined(separator: "\n")
    }
}
