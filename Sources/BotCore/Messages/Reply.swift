import Foundation

/// What a command handler answers: zero or more lines of rich text, optionally with rows of buttons and a file.
/// An empty reply sends nothing.
public struct Reply: Sendable, Hashable, Codable {
    public var lines: [RichText]
    /// Automatic announcements (reminders) rather than answers; platforms that have notices send them as such.
    public var isNotice: Bool
    /// Rows of buttons; channels without buttons show them as text.
    public var buttons: [[Button]]
    /// A file sent with the text (a poll's export); at most `Attachment.maximumSize`, else the runtime sends
    /// the text with a line saying the file was too large.
    public var attachment: Attachment?

    public init(lines: [RichText], isNotice: Bool = false, buttons: [[Button]] = [], attachment: Attachment? = nil) {
        self.lines = lines
        self.isNotice = isNotice
        self.buttons = buttons
        self.attachment = attachment
    }

    enum CodingKeys: String, CodingKey { case lines, isNotice, buttons, attachment }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lines = try c.decode([RichText].self, forKey: .lines)
        isNotice = try c.decodeIfPresent(Bool.self, forKey: .isNotice) ?? false
        buttons = try c.decodeIfPresent([[Button]].self, forKey: .buttons) ?? []
        attachment = try c.decodeIfPresent(Attachment.self, forKey: .attachment)
    }

    public init(_ text: RichText, isNotice: Bool = false) {
        self.init(lines: [text], isNotice: isNotice)
    }

    /// No reply at all.
    public static let none = Reply(lines: [])

    /// True when nothing would be sent.
    public var isEmpty: Bool { lines.allSatisfy(\.isEmpty) && buttons.isEmpty && attachment == nil }

    /// The reply as plain text, lines joined with newlines.
    public var plainText: String { lines.map(\.plainText).joined(separator: "\n") }

    /// Whether `predicate` holds for any text a reader sees (the texts `mapText` transforms).
    public func containsText(where predicate: (String) -> Bool) -> Bool {
        for line in lines {
            for span in line.spans {
                switch span {
                case .text(let s), .bold(let s), .italic(let s), .code(let s), .time(_, let s):
                    if predicate(s) { return true }
                case .link(let title, let url): if predicate(title) || predicate(url) { return true }
                case .mention(let name, _): if predicate(name) { return true }
                }
            }
        }
        if buttons.contains(where: { row in row.contains { predicate($0.title) } }) { return true }
        guard let file = attachment else { return false }
        if predicate(file.fileName) { return true }
        return file.essence.hasPrefix("text/") && String(data: file.data, encoding: .utf8).map(predicate) == true
    }

    /// The same reply with `transform` applied to every text a reader sees (spans, link targets, button
    /// titles, an attachment's name and, when it is UTF-8 text, its content); button commands are left as they
    /// are, so buttons still work.
    public func mapText(_ transform: (String) -> String) -> Reply {
        var mapped = self
        mapped.lines = lines.map { line in
            RichText(
                spans: line.spans.map { span in
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
        mapped.buttons = buttons.map { row in
            row.map {
                var button = $0; button.title = transform(button.title); return button
            }
        }
        if let file = attachment {
            var content = file.data
            if file.essence.hasPrefix("text/"), let text = String(data: file.data, encoding: .utf8) {
                content = Data(transform(text).utf8)
            }
            mapped.attachment = Attachment(
                fileName: transform(file.fileName), mediaType: file.mediaType, data: content)
        }
        return mapped
    }
}

extension Reply: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self.init(RichText(value)) }
    public init(stringInterpolation: RichText.Interpolation) {
        self.init(RichText(stringInterpolation: stringInterpolation))
    }
}
