import Foundation

/// Formatted text built with string interpolation: interpolated values are plain text (escaped later),
/// and `\(bold:)`, `\(italic:)`, `\(code:)`, `\(link:title:)` add formatting.
///
/// ```swift
/// let text: RichText = "Vote recorded for \(bold: option.title), \(name)."
/// ```
public struct RichText: Sendable, Hashable, Codable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var spans: [Span]

    public init(spans: [Span] = []) { self.spans = spans }

    /// Stored as the bare list of its spans; the older form, an object holding `spans`, still decodes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(spans)
    }

    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var spans: [Span] = []
            spans.reserveCapacity(list.count ?? 0)
            while !list.isAtEnd { spans.append(try list.decode(Span.self)) }
            self.spans = spans
        } else {
            self.spans = try decoder.container(keyedBy: LegacyKey.self).decode([Span].self, forKey: .spans)
        }
    }

    private enum LegacyKey: String, CodingKey { case spans }
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
    public var isEmpty: Bool {
        spans.allSatisfy { span in
            switch span {
            case .text(let s), .bold(let s), .italic(let s), .code(let s), .time(_, let s): return s.isEmpty
            case .link, .mention: return false
            }
        }
    }
}
