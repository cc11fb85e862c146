/// Where a caller's role comes from, as `/whoami` and a refusal name it: a file (`roster.yaml`), a setting
/// (a channel's `facilitators` in bot.yaml), a platform's grant (a group's administrator, a room's power
/// level) or the default.
///
/// A name that is words rather than a file or a setting is a catalogue message (`role-source.*` in the core's
/// catalogues), so each reader reads it in their language; `description` is the English name, for the log.
/// Its placeholders are among `platform` (the platform's own name, as a channel gives it), `level` and
/// `setting`.
public struct RoleOrigin: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The catalogue key of the name; nil for a name that reads the same in every language (a file name).
    public let key: String?
    /// The values of the name's placeholders (`platform`, `level`, `setting`).
    public let values: [String: String]
    /// The English name.
    public let description: String

    /// A name that reads the same in every language (`roster.yaml`).
    public init(stringLiteral value: String) {
        key = nil
        values = [:]
        description = value
    }

    /// A name from the catalogues: `key` with `values` in its placeholders, and the English text for the log.
    public init(key: String, values: [String: String] = [:], english: String) {
        self.key = key
        self.values = values
        self.description = english
    }

    /// The name in `texts`' language.
    public func name(in texts: Texts) -> String {
        guard let key, texts.has(key) else { return description }
        return texts.plain(
            key,
            [
                "platform": .text(values["platform"] ?? ""), "level": .text(values["level"] ?? ""),
                "setting": .text(values["setting"] ?? ""),
            ])
    }

    /// The roster's facilitators.
    public static let roster: RoleOrigin = "roster.yaml"
    /// No grant: a participant.
    public static let byDefault = RoleOrigin(key: "role-source.default", english: "default")

    /// A channel's `facilitators` in bot.yaml.
    public static func botYAML(channel: String) -> RoleOrigin {
        RoleOrigin(
            key: "role-source.bot-yaml", values: ["setting": "\(channel).facilitators"],
            english: "\(channel).facilitators in bot.yaml")
    }
}
