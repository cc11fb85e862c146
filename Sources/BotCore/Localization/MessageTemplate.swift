/// A value put into a message's placeholder. Text is always a plain span (the channel's renderer escapes it), so
/// a value typed by a user can never add markup; `rich` keeps spans built by the code (a link, a mention, a
/// time) as they are.
public enum MessageValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case text(String)
    /// A whole number: written in digits, and the one named `count` chooses a counted message's plural form.
    case number(Int)
    case rich(RichText)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
}

/// One message of a catalogue, parsed once when the catalogue is built: literal text and `{named}`
/// placeholders, with `<b>`, `<i>` and `<code>` around parts of it. Rendering only copies spans: nothing is
/// parsed per reply.
///
/// The markup is the catalogue's, never the values': a placeholder's value becomes a plain span in the style
/// of where it stands. `{{` and `}}` write a brace; a `<` that does not open or close one of the three tags is
/// plain text (`<command>`).
public struct MessageTemplate: Sendable, Hashable {
    /// How a piece is shown.
    public enum Style: Sendable, Hashable { case plain, bold, italic, code }

    enum Piece: Sendable, Hashable {
        case literal(String, Style)
        case placeholder(String, Style)
    }

    let pieces: [Piece]
    /// The placeholders the template uses, each once, in order of first use.
    public let placeholders: [String]
    /// The template as written.
    public let source: String

    /// Why a template could not be parsed.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Parses `source`; a problem names what is wrong (an unclosed `{`, a tag left open, a placeholder name that
    /// is not a word).
    public static func parse(_ source: String) -> Result<MessageTemplate, Problem> {
        var pieces: [Piece] = []
        var names: [String] = []
        var literal = ""
        var style = Style.plain
        var openTag: String?
        let tags: [(open: String, close: String, style: Style)] = [
            ("<b>", "</b>", .bold), ("<i>", "</i>", .italic), ("<code>", "</code>", .code),
        ]
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(literal, style)) }
            literal = ""
        }
        var rest = Substring(source)
        while let first = rest.first {
            if rest.hasPrefix("{{") || rest.hasPrefix("}}") {
                literal.append(first)
                rest = rest.dropFirst(2)
                continue
            }
            if first == "{" {
                guard let close = rest.firstIndex(of: "}") else {
                    return .failure(Problem(description: "a { is not closed: write {{ for a brace"))
                }
                let name = String(rest[rest.index(after: rest.startIndex)..<close])
                guard Self.isName(name) else {
                    return .failure(
                        Problem(
                            description:
                                "{\(name.prefix(40))} is not a placeholder: names are lower-case words such as {count}")
                    )
                }
                flush()
                pieces.append(.placeholder(name, style))
                if !names.contains(name) { names.append(name) }
                rest = rest[rest.index(after: close)...]
                continue
            }
            if first == "}" { return .failure(Problem(description: "a } without its {: write }} for a brace")) }
            if first == "<", let tag = tags.first(where: { rest.hasPrefix($0.open) || rest.hasPrefix($0.close) }) {
                let opening = rest.hasPrefix(tag.open)
                if opening {
                    guard openTag == nil else {
                        return .failure(Problem(description: "\(tag.open) inside \(openTag ?? ""): tags do not nest"))
                    }
                    flush()
                    openTag = tag.open
                    style = tag.style
                    rest = rest.dropFirst(tag.open.count)
                } else {
                    guard openTag == tag.open else {
                        return .failure(Problem(description: "\(tag.close) closes no \(tag.open)"))
                    }
                    flush()
                    openTag = nil
                    style = .plain
                    rest = rest.dropFirst(tag.close.count)
                }
                continue
            }
            literal.append(first)
            rest = rest.dropFirst()
        }
        if let openTag { return .failure(Problem(description: "\(openTag) is not closed")) }
        flush()
        return .success(MessageTemplate(pieces: pieces, placeholders: names, source: source))
    }

    static func styled(_ text: String, _ style: Style) -> Span {
        switch style {
        case .plain: return .text(text)
        case .bold: return .bold(text)
        case .italic: return .italic(text)
        case .code: return .code(text)
        }
    }

    /// Whether `name` is a placeholder name: a lower-case ASCII letter, then letters, digits or `_`.
    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 40 else {
            return false
        }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The message with `values` in its placeholders. A placeholder without a value shows as `{name}`, so a
    /// mistake in the code is visible rather than silent.
    public func render(_ values: KeyValuePairs<String, MessageValue>) -> RichText {
        var spans: [Span] = []
        spans.reserveCapacity(pieces.count)
        // Whether the last span came from this template, so the next piece of the same style joins it (one
        // `<b>` region is one bold span, as `\(bold: "…")` made it); spans of a rich value are kept as they are.
        var joinable = false
        func append(_ text: String, _ style: Style) {
            guard !text.isEmpty else { return }
            switch (style, spans.last) {
            case (.plain, .text(let previous)?):
                spans[spans.count - 1] = .text(previous + text)
            case (.bold, .bold(let previous)?) where joinable: spans[spans.count - 1] = .bold(previous + text)
            case (.italic, .italic(let previous)?) where joinable: spans[spans.count - 1] = .italic(previous + text)
            case (.code, .code(let previous)?) where joinable: spans[spans.count - 1] = .code(previous + text)
            case (.plain, _): spans.append(.text(text))
            case (.bold, _): spans.append(.bold(text))
            case (.italic, _): spans.append(.italic(text))
            case (.code, _): spans.append(.code(text))
            }
            joinable = true
        }
        for piece in pieces {
            switch piece {
            case .literal(let text, let style):
                append(text, style)
            case .placeholder(let name, let style):
                switch values.first(where: { $0.key == name })?.value {
                case .text(let text)?: append(text, style)
                case .number(let number)?: append(String(number), style)
                case .rich(let rich)?:
                    // As string interpolation adds rich text: its spans as they are (styled when they are text).
                    for span in rich.spans {
                        guard case .text(let text) = span, style != .plain else {
                            spans.append(span)
                            joinable = false
                            continue
                        }
                        spans.append(Self.styled(text, style))
                        joinable = false
                    }
                case nil: append("{\(name)}", style)
                }
            }
        }
        return RichText(spans: spans)
    }
}
