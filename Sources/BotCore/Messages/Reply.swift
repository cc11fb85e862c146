import Foundation

/// One piece of formatted reply text. There is deliberately no "raw markup" span: every span's text is
/// escaped by the channel's renderer, so user-supplied text can never inject markup.
public enum Span: Sendable, Hashable, Codable {
    case text(String)
    case bold(String)
    case italic(String)
    case code(String)
    /// A link; channels only render it as a link when `url` is http(s), otherwise as text.
    case link(title: String, url: String)
    /// A person, named so that their platform notifies them (Telegram's user link, a Matrix pill); shown as
    /// the plain name elsewhere. Only ever the person a message is for: never a way to ping a whole room.
    case mention(name: String, user: UserRef)
    /// A moment, written out as `text` (in the zone the reply is for). Platforms that can show a time in each
    /// reader's own zone (Telegram's date-time entity) attach the instant; everywhere else the text stands.
    case time(at: Date, text: String)
}

/// Formatted text built with string interpolation: interpolated values are plain text (escaped later),
/// and `\(bold:)`, `\(italic:)`, `\(code:)`, `\(link:title:)` add formatting.
///
/// ```swift
/// let text: RichText = "Vote recorded for \(bold: option.title), \(name)."
/// ```
public struct RichText: Sendable, Hashable, Codable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var spans: [Span]

    public init(spans: [Span] = []) { self.spans = spans }
    public init(_ text: String) { self.spans = text.isEmpty ? [] : [.text(text)] }
    public init(stringLiteral value: String) { self.init(value) }
    public init(stringInterpolation: Interpolation) { self.spans = stringInterpolation.spans }

    /// Builds spans for string interpolation.
    public struct Interpolation: StringInterpolationProtocol {
        var spans: [Span] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { appendText(literal) }
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            appendText(value.description)
        }
        public mutating func appendInterpolation(_ value: RichText) { spans.append(contentsOf: value.spans) }
        public mutating func appendInterpolation(bold value: some CustomStringConvertible) {
            spans.append(.bold(value.description))
        }
        public mutating func appendInterpolation(italic value: some CustomStringConvertible) {
            spans.append(.italic(value.description))
        }
        public mutating func appendInterpolation(code value: some CustomStringConvertible) {
            spans.append(.code(value.description))
        }
        public mutating func appendInterpolation(link url: String, title: String) {
            spans.append(.link(title: title, url: url))
        }
        public mutating func appendInterpolation(mention user: UserRef, name: String) {
            spans.append(.mention(name: name, user: user))
        }
        public mutating func appendInterpolation(time instant: Date, as text: String) {
            spans.append(.time(at: instant, text: text))
        }

        private mutating func appendText(_ text: String) {
            guard !text.isEmpty else { return }
            if case .text(let previous)? = spans.last {
                spans[spans.count - 1] = .text(previous + text)
            } else {
                spans.append(.text(text))
            }
        }
    }

    /// Appends another piece of rich text.
    public mutating func append(_ other: RichText) { spans.append(contentsOf: other.spans) }

    /// The text without any formatting, as a console shows it.
    public var plainText: String {
        spans.map { span -> String in
            switch span {
            case .text(let s), .bold(let s), .italic(let s), .code(let s): return s
            case .link(let title, let url): return title == url || title.isEmpty ? url : "\(title) <\(url)>"
            case .mention(let name, _): return name
            case .time(_, let text): return text
            }
        }.joined()
    }

    /// The people this text mentions, in order, without repeats.
    public var mentionedUsers: [UserRef] {
        var seen: Set<UserRef> = []
        return spans.compactMap { span -> UserRef? in
            guard case .mention(_, let user) = span, seen.insert(user).inserted else { return nil }
            return user
        }
    }

    public var description: String { plainText }

    /// True when there is nothing to show.
    public var isEmpty: Bool { spans.allSatisfy { span in
        switch span {
        case .text(let s), .bold(let s), .italic(let s), .code(let s), .time(_, let s): return s.isEmpty
        case .link, .mention: return false
        }
    } }
}

/// A one-tap button under a reply. Pressing it runs `command` as if the presser had typed it, through the
/// same parsing, role check and handler, so a button can do nothing a typed command could not.
public struct Button: Sendable, Hashable, Codable {
    public var title: String
    /// A command line such as `/vote 2` (at most 64 bytes, Telegram's limit for button data).
    public var command: String
    /// What a choice that stays chosen runs, on platforms where a tap is a lasting mark (a Matrix reaction)
    /// rather than a press, such as `/vote #1 +2` where a press toggles; nil: the same as `command`.
    public var select: String?
    /// What taking the choice back runs, on platforms where a tap can be withdrawn (removing a Matrix
    /// reaction), such as `/vote #1 -2`; nil when it cannot be undone.
    public var undo: String?

    public init(_ title: String, command: String, select: String? = nil, undo: String? = nil) {
        self.title = title
        self.command = command
        self.select = select
        self.undo = undo
    }
}

/// What a command handler answers: zero or more lines of rich text, optionally with rows of buttons.
/// An empty reply sends nothing.
public struct Reply: Sendable, Hashable, Codable {
    public var lines: [RichText]
    /// Automatic announcements (reminders) rather than answers; Matrix sends these as notices.
    public var isNotice: Bool
    /// Rows of buttons; channels without buttons show them as text.
    public var buttons: [[Button]]

    public init(lines: [RichText], isNotice: Bool = false, buttons: [[Button]] = []) {
        self.lines = lines
        self.isNotice = isNotice
        self.buttons = buttons
    }

    enum CodingKeys: String, CodingKey { case lines, isNotice, buttons }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lines = try c.decode([RichText].self, forKey: .lines)
        isNotice = try c.decodeIfPresent(Bool.self, forKey: .isNotice) ?? false
        buttons = try c.decodeIfPresent([[Button]].self, forKey: .buttons) ?? []
    }

    public init(_ text: RichText, isNotice: Bool = false) {
        self.init(lines: [text], isNotice: isNotice)
    }

    /// No reply at all.
    public static let none = Reply(lines: [])

    /// True when nothing would be sent.
    public var isEmpty: Bool { lines.allSatisfy(\.isEmpty) && buttons.isEmpty }

    /// The reply as plain text, lines joined with newlines.
    public var plainText: String { lines.map(\.plainText).joined(separator: "\n") }

    /// The same reply with `transform` applied to every text a reader sees (spans, link targets, button
    /// titles); button commands are left as they are, so buttons still work.
    public func mapText(_ transform: (String) -> String) -> Reply {
        var mapped = self
        mapped.lines = lines.map { line in
            RichText(spans: line.spans.map { span in
                switch span {
                case .text(let s): return .text(transform(s))
                case .bold(let s): return .bold(transform(s))
                case .italic(let s): return .italic(transform(s))
                case .code(let s): return .code(transform(s))
                case .link(let title, let url): return .link(title: transform(title), url: transform(url))
                case .mention(let name, let user): return .mention(name: transform(name), user: user)
                case .time(let instant, let text): return .time(at: instant, text: transform(text))
                }
            })
        }
        mapped.buttons = buttons.map { row in row.map { var button = $0; button.title = transform(button.title); return button } }
        return mapped
    }
}

extension Reply: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self.init(RichText(value)) }
    public init(stringInterpolation: RichText.Interpolation) { self.init(RichText(stringInterpolation: stringInterpolation)) }
}

/// Renders rich text as HTML with every span's text escaped: the shared renderer of HTML-capable channels.
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

    /// Renders one line of rich text. With `dateTimeEntities` (Telegram), times become `<tg-time>` tags,
    /// which Telegram shows in each reader's own zone on request; otherwise their text stands alone.
    public static func render(_ text: RichText, dateTimeEntities: Bool = false) -> String {
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
                guard let link = mentionLink(user) else { return escape(name) }
                return "<a href=\"\(escape(link))\">\(escape(name))</a>"
            case .time(let instant, let text):
                // An instant a Unix time cannot name (not a number, beyond Int64) stays plain text.
                guard dateTimeEntities, let unix = Int64(exactly: instant.timeIntervalSince1970.rounded(.down)) else {
                    return escape(text)
                }
                return "<tg-time unix=\"\(unix)\">\(escape(text))</tg-time>"
            }
        }.joined()
    }

    /// The link that makes a platform notify `user`: `tg://user?id=` on Telegram, a matrix.to pill on Matrix.
    static func mentionLink(_ user: UserRef) -> String? {
        switch user.platform.rawValue {
        case "telegram" where !user.id.isEmpty && user.id.allSatisfy(\.isNumber): return "tg://user?id=\(user.id)"
        case "matrix" where user.id.hasPrefix("@") && user.id.contains(":"):
            // User ids are limited by the spec to URL-safe characters; anything else is refused, not linked.
            guard user.id.unicodeScalars.allSatisfy({ $0.isASCII && !"#?\"<> ".unicodeScalars.contains($0) }) else { return nil }
            return "https://matrix.to/#/\(user.id)"
        default: return nil
        }
    }

    /// Renders a reply, lines separated by newlines.
    public static func render(_ reply: Reply) -> String { reply.lines.map { render($0) }.joined(separator: "\n") }
}

/// True when `url` is an absolute http or https URL: the only kind the bot links to or fetches.
public func isWebURL(_ url: String) -> Bool {
    let lower = url.lowercased()
    guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
    let rest = lower.drop(while: { $0 != "/" }).dropFirst(2)
    return !rest.isEmpty && !url.contains(where: { $0.isWhitespace || $0 == "\0" })
}
