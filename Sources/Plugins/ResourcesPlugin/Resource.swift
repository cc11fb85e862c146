import BotCore
import Foundation

/// A link the workshop keeps: guidelines, recordings, country briefs, templates.
public struct Resource: Sendable, Hashable, Codable {
    public var id: String
    /// Per language when resources.yaml gives it so (`LocalizedText`), as is `description`; one text when added in
    /// chat. A resource stored by an earlier version holds plain strings, which read as texts for everyone.
    public var title: LocalizedText
    public var url: String
    public var tags: [String]
    public var description: LocalizedText?
    public var language: String?
    public var team: String?
    /// Agenda sessions it belongs to (slides, pad, recording).
    public var sessions: [String]

    /// A resource with one title (and description) for every reader, as added in chat.
    public init(
        id: String, title: String, url: String, tags: [String] = [], description: String? = nil,
        language: String? = nil, team: String? = nil, sessions: [String] = []
    ) {
        self.init(
            id: id, title: LocalizedText(title), url: url, tags: tags,
            description: description.map { LocalizedText($0) },
            language: language, team: team, sessions: sessions)
    }

    public init(
        id: String, title: LocalizedText, url: String, tags: [String] = [], description: LocalizedText?,
        language: String? = nil, team: String? = nil, sessions: [String] = []
    ) {
        self.id = id
        self.title = title
        self.url = url
        self.tags = tags
        self.description = description
        self.language = language
        self.team = team
        self.sessions = sessions
    }
}

/// The rules every resource, configured or added in chat, must follow.
public enum ResourceRules {
    public static let maximumURLLength = 2048
    public static let maximumTitleLength = 200
    public static let maximumTags = 20
    /// The longest description: a paragraph, so `/resource <id>` stays one readable message.
    public static let maximumDescriptionLength = 1000
    /// The longest tag: a word or two.
    public static let maximumTagLength = 50

    /// Why `url` cannot be kept, or nil when it is fine: only http(s), a host, no credentials, bounded length.
    public static func issue(with url: String) -> ResourceProblem? {
        guard url.count <= maximumURLLength else { return ResourceProblem("resources.url-too-long", maximumURLLength) }
        guard isWebURL(url), let components = URLComponents(string: url), let host = components.host, !host.isEmpty
        else {
            return ResourceProblem("resources.url-not-web")
        }
        if components.user != nil || components.password != nil {
            return ResourceProblem("resources.url-credentials")
        }
        return nil
    }

    /// Why `resource` cannot be kept, or nil.
    public static func issue(with resource: Resource) -> ResourceProblem? {
        if let problem = issue(with: resource.url) { return problem }
        // A title or description given per language follows the rules in each of its languages.
        if resource.title.allTexts.contains(where: { $0.trimmingWhitespace().isEmpty }) {
            return ResourceProblem("resources.title-empty")
        }
        if resource.title.allTexts.contains(where: { $0.count > maximumTitleLength }) {
            return ResourceProblem("resources.title-too-long", maximumTitleLength)
        }
        if resource.tags.count > maximumTags { return ResourceProblem("resources.too-many-tags", maximumTags) }
        if resource.tags.contains(where: { $0.count > maximumTagLength }) {
            return ResourceProblem("resources.tag-too-long", maximumTagLength)
        }
        if let description = resource.description,
            description.allTexts.contains(where: { $0.count > maximumDescriptionLength })
        {
            return ResourceProblem("resources.description-too-long", maximumDescriptionLength)
        }
        return nil
    }

    /// Why `url` cannot be kept, in English (as `check-config` reports it), or nil when it is fine.
    public static func problem(with url: String) -> String? { issue(with: url)?.message }

    /// Why `resource` cannot be kept, in English, or nil.
    public static func problem(with resource: Resource) -> String? { issue(with: resource)?.message }
}

/// Why a link or resource cannot be kept: a message of `ResourcesMessages`, with the limit it breaks.
public struct ResourceProblem: Sendable, Hashable {
    /// The message's key.
    public var key: String
    /// The limit broken (a length or a number of tags), when there is one.
    public var limit: Int?

    init(_ key: String, _ limit: Int? = nil) {
        self.key = key
        self.limit = limit
    }

    /// The problem in `texts`' language.
    public func message(in texts: Texts) -> String {
        guard let limit else { return texts.plain(key) }
        return texts.plain(key, ["count": .number(limit)])
    }

    /// The problem in English.
    public var message: String { message(in: ResourcesMessages.englishTexts) }
}

/// Search over resources: every word must match, accents and case ignored; title matches rank above tag
/// matches, which rank above description matches; equal ones by (English) title. A title or description given
/// per language matches in any of its languages.
public enum ResourceSearch {
    static func fold(_ text: String) -> String { TextSearch.fold(text) }

    public static func search(_ words: [String], in resources: [Resource]) -> [Resource] {
        index(resources).rank(words)
    }

    /// The search index of `resources`: their texts folded once, in the order equal matches keep (by title).
    static func index(_ resources: [Resource]) -> TextSearch.Index<Resource> {
        TextSearch.Index(entries: byTitle(resources).map(entry))
    }

    static func byTitle(_ resources: [Resource]) -> [Resource] {
        resources.sorted { $0.title.description < $1.title.description }
    }

    /// One resource's searchable texts: title above tags above id and description.
    static func entry(_ resource: Resource) -> TextSearch.Index<Resource>.Entry {
        let titles = resource.title.allTexts.map { (text: $0, weight: 3) }
        let tags = resource.tags.map { (text: $0, weight: 2) }
        let rest = ([resource.id] + (resource.description?.allTexts ?? [""])).map { (text: $0, weight: 1) }
        return TextSearch.Index.Entry(resource, fields: titles + tags + rest)
    }
}
