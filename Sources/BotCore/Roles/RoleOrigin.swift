/// Where a caller's role comes from, as `/whoami` and a refusal name it: a file (`roster.yaml`), a setting
/// (`telegram.facilitators in bot.yaml`), a platform's grant (`Telegram group administrator`, `Matrix power
/// level 50`) or the default.
///
/// A name that is words rather than a file or a setting is a catalogue message (`role-source.*` in the core's
/// catalogues), so each reader reads it in their language; `description` is the English name, for the log.
public struct RoleOrigin: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The catalogue key of the name; nil for a name that reads the same in every language (a file name).
    public let key: String?
    /// The name's one placeholder and its value (`level` and `50`), if it has one.
    public let placeholder: String?
    public let value: String?
    /// The English name.
    public let description: String

    /// A name that reads the same in every language (`roster.yaml`).
    public init(stringLiteral value: String) {
        key = nil
        placeholder = nil
        self.value = nil
        description = value
    }

    /// A name from the catalogues: `key`, with `value` in its `placeholder`, and the English text for the log.
    public init(key: String, placeholder: String? = nil, value: String? = nil, english: String) {
        self.key = key
        self.placeholder = placeholder
        self.value = value
        self.description = english
    }

    /// The name in `texts`' language.
    public func name(in texts: Texts) -> String {
        guard let key, texts.has(key) else { return description }
        guard let placeholder, let value else { return texts.plain(key) }
        return texts.plain(key, [placeholder: .text(value)])
    }

    /// The roster's facilitators.
    public static let roster: RoleOrigin = "roster.yaml"
    /// No grant: a participant.
    public static let byDefault = RoleOrigin(key: "role-source.default", english: "default")

    /// A channel's `facilitators` in bot.yaml.
    public static func botYAML(channel: String) -> RoleOrigin {
        RoleOrigin(
            key: "role-source.bot-yaml", placeholder: "setting", value: "\(channel).facilitators",
            english: "\(channel).facilitators in bot.yaml")
    }
}
