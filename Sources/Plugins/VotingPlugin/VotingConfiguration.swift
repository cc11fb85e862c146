import BotCore
import Foundation

/// `plugins-config/voting.yaml`: poll templates facilitators start by name, and when the "closing soon"
/// notice goes out before a poll's `--closes` time.
public struct VotingConfiguration: Decodable, Sendable {
    /// A poll a facilitator opens by name with `/poll start`; checked at load like a typed `/poll new`, in each
    /// language it is written in. The question and each option are a text or a map from language codes to texts:
    /// a poll opened from it is posted once, for the whole chat, in the chat's language (its team's in a team's
    /// chat, else the workshop's), and keeps those plain texts.
    public struct Template: Decodable, Sendable {
        public var question: LocalizedText
        /// 2 to 10 distinct options of at most 100 characters.
        public var options: [LocalizedText]
        /// `single` (default), `multi`, `dots` or `ranked`.
        public var method: String?
        /// The most options one ballot may choose (multi).
        public var max: Int?
        /// Dots each voter spreads (dots; default 3).
        public var dots: Int?

        /// A template as the YAML file would give it; for tests and embedding.
        public init(question: String, options: [String], method: String? = nil, max: Int? = nil, dots: Int? = nil) {
            self.init(
                question: LocalizedText(question), options: options.map { LocalizedText($0) }, method: method,
                max: max, dots: dots)
        }

        /// A template whose texts may be given per language.
        public init(
            question: LocalizedText, options: [LocalizedText], method: String? = nil, max: Int? = nil,
            dots: Int? = nil
        ) {
            self.question = question
            self.options = options
            self.method = method
            self.max = max
            self.dots = dots
        }
    }

    public var templates: [String: Template]?
    /// How long before a poll's `--closes` time the chat hears that it closes soon (`1h`, `30m`, `1h30m`);
    /// `0` turns the notice off. Absent means one hour.
    public var closingNotice: String?

    enum CodingKeys: String, CodingKey {
        case templates
        case closingNotice = "closing_notice"
    }

    /// A configuration as the YAML file would give it; for tests and embedding.
    public init(templates: [String: Template]? = nil, closingNotice: String? = nil) {
        self.templates = templates
        self.closingNotice = closingNotice
    }

    /// The languages a template is written in (English for one written once for everyone): each is checked.
    static func languages(of template: Template) -> [Language] {
        let given = Set(template.question.languages + template.options.flatMap(\.languages))
        return given.isEmpty ? [.english] : given.sorted()
    }

    /// The longest `closing_notice`: a week before the close. Longer, the notice would come before most polls
    /// open.
    static let longestClosingNotice: TimeInterval = 7 * 86_400

    /// The notice's lead time in seconds (0: no notice); nil when the text is not a duration.
    static func leadTime(_ text: String?) -> TimeInterval? {
        guard let text = text?.trimmingWhitespace().lowercased(), !text.isEmpty else { return 3600 }
        if text == "0" { return 0 }
        var total: TimeInterval = 0
        var number = ""
        var sawUnit = false
        for character in text where character != " " {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            let unit: TimeInterval
            switch character {
            case "d": unit = 86_400
            case "h": unit = 3600
            case "m": unit = 60
            default: return nil
            }
            guard let value = Int(number) else { return nil }
            total += TimeInterval(value) * unit
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
    }
}
