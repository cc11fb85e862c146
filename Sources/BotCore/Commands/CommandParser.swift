/// A word of a command's arguments, with whether it was quoted (a quoted `"--team"` is not an option).
public struct CommandToken: Sendable, Hashable {
    public var text: String
    public var isQuoted: Bool

    public init(_ text: String, isQuoted: Bool = false) {
        self.text = text
        self.isQuoted = isQuoted
    }
}

/// A message that starts with `/name` or `!name`, split into its parts but not yet matched to a command.
public struct ParsedCommand: Sendable, Hashable {
    /// The command name, lower-cased, without the prefix (`agenda`).
    public var name: String
    /// The bot named after `@`, lower-cased (`/agenda@workshop_bot` gives `workshop_bot`), if any.
    public var mention: String?
    /// The arguments, split shell-like: quotes group words, backslash escapes the next character.
    public var tokens: [CommandToken]
    /// The text after the command and its mention, untouched (for commands that take free text).
    public var rawArguments: String

    public init(name: String, mention: String? = nil, tokens: [CommandToken] = [], rawArguments: String = "") {
        self.name = name
        self.mention = mention
        self.tokens = tokens
        self.rawArguments = rawArguments
    }

    /// The argument words without their quoting information.
    public var words: [String] { tokens.map(\.text) }

    /// True unless the command names another bot than `botUsername`.
    public func isAddressed(to botUsername: String?) -> Bool {
        guard let mention, let botUsername else { return true }
        return mention == botUsername.lowercased()
    }
}

/// What the parser made of a message's text.
public enum ParseResult: Sendable, Hashable {
    /// Chatter, not a command: the bot does not answer it.
    case notACommand
    case command(ParsedCommand)
    /// A command whose arguments cannot be split, such as an unclosed quote; `name` is known.
    case malformed(name: String, mention: String?, reason: String)
}

/// Splits chat text into a command, its `@bot` mention and its arguments.
///
/// Accepts `/cmd` and `!cmd`; names are letters, digits and `_` (what every platform's command menus allow), at most 64 characters.
/// Quotes may be straight (`"…"`, `'…'`) or the curly ones phones insert (`“…”`, `„…“`, `‘…’`); a quote only
/// opens at the start of a word, so apostrophes inside words (`don't`) stay literal. Linear in the input size.
public enum CommandParser {
    /// The longest accepted command name; longer ones are treated as chatter.
    public static let maximumNameLength = 64

    public static func parse(_ text: String) -> ParseResult {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex, isSpace(scalars[index]) { index = scalars.index(after: index) }
        guard index < scalars.endIndex, scalars[index] == "/" || scalars[index] == "!" else { return .notACommand }
        index = scalars.index(after: index)

        var name = String.UnicodeScalarView()
        while index < scalars.endIndex, isNameScalar(scalars[index]) {
            name.append(scalars[index])
            index = scalars.index(after: index)
            if name.count > maximumNameLength { return .notACommand }
        }
        guard !name.isEmpty else { return .notACommand }

        var mention: String?
        if index < scalars.endIndex, scalars[index] == "@" {
            var bot = String.UnicodeScalarView()
            var cursor = scalars.index(after: index)
            while cursor < scalars.endIndex, isNameScalar(scalars[cursor]) {
                bot.append(scalars[cursor])
                cursor = scalars.index(after: cursor)
            }
            guard !bot.isEmpty else { return .notACommand }
            mention = String(bot).lowercased()
            index = cursor
        }
        // The name must end at whitespace or the end: `/path/to` and `/a.b` are chatter.
        guard index == scalars.endIndex || isSpace(scalars[index]) else { return .notACommand }

        let commandName = String(name).lowercased()
        let rest = String(scalars[index...]).trimmingWhitespace()
        switch tokenize(rest) {
        case .success(let tokens):
            return .command(
                ParsedCommand(name: commandName, mention: mention, tokens: tokens, rawArguments: String(rest)))
        case .failure(let error):
            return .malformed(name: commandName, mention: mention, reason: error.reason)
        }
    }

    /// Why a command's arguments could not be split.
    public struct TokenizeError: Error, Hashable {
        public var reason: String
        /// The quote left open, when that is why.
        public var quote: Character? = nil
    }

    /// The quote `text` leaves open, if any: what a `.malformed` result's reason is about, for a reply in the
    /// reader's language.
    public static func unclosedQuote(in text: String) -> Character? {
        guard case .failure(let error) = tokenize(text) else { return nil }
        return error.quote
    }

    /// Splits argument text shell-like into tokens.
    public static func tokenize<S: StringProtocol>(_ text: S) -> Result<[CommandToken], TokenizeError> {
        var tokens: [CommandToken] = []
        var current = String.UnicodeScalarView()
        var inToken = false
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func next() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return iterator.next()
        }

        while let scalar = next() {
            if isSpace(scalar) {
                if inToken {
                    tokens.append(CommandToken(String(current), isQuoted: quoted))
                    current = String.UnicodeScalarView()
                    inToken = false
                    quoted = false
                }
                continue
            }
            if scalar == "\\" {
                inToken = true
                current.append(next() ?? "\\")  // a trailing backslash stays literal
                continue
            }
            if !inToken, let closers = closingQuotes(for: scalar) {
                inToken = true
                quoted = true
                var closed = false
                while let inner = next() {
                    if closers.contains(inner) {
                        closed = true
                        break
                    }
                    if inner == "\\", scalar == "\"" || scalar == "“" || scalar == "„" {
                        if let escaped = next() { current.append(escaped) }
                        continue
                    }
                    current.append(inner)
                }
                if !closed {
                    return .failure(
                        TokenizeError(reason: "a quote \(Character(scalar)) is not closed", quote: Character(scalar)))
                }
                continue
            }
            inToken = true
            current.append(scalar)
        }
        if inToken { tokens.append(CommandToken(String(current), isQuoted: quoted)) }
        return .success(tokens)
    }

    private static func closingQuotes(for scalar: Unicode.Scalar) -> Set<Unicode.Scalar>? {
        switch scalar {
        case "\"": return ["\""]
        case "'": return ["'"]
        case "“", "„", "”": return ["”", "“"]
        case "‘", "‚": return ["’", "‘"]
        case "«": return ["»"]
        default: return nil
        }
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
            || scalar == "_"
    }
}
