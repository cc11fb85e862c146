import Foundation
import Synchronization

/// Every language the bot can reply in, each a complete catalogue, set up once per configuration (at start and
/// at each reload), and the rule for who reads which.
///
/// Each language's catalogue is English's messages, overlaid by that language's shipped messages, then by a
/// facilitator's file (`plugins-config/locales/<code>.yaml`); a regional tag (`fr-ca`) is overlaid on its base
/// language's. So every key renders in every language, at worst in English. A message's template is parsed the
/// first time it is asked for in a language and kept (`MessageCatalogues`), never per reply: a workshop uses a
/// few dozen of the hundreds of messages, and parsing all of them in every language held megabytes. A message
/// that does not parse or does not match English's placeholders is passed over (English's shows instead):
/// `check-config` refuses such a file before the bot runs, and the shipped catalogues are checked by the tests.
public struct Localization: Sendable {
    /// The workshop's language (`language` in bot.yaml, English by default).
    public let defaultLanguage: Language
    /// The languages there is a catalogue for, sorted by code (English always among them).
    public let languages: [Language]
    private let catalogues: MessageCatalogues
    /// The English messages, against which every other is checked.
    public var english: [String: MessageSource] { catalogues.english }

    /// Sets up the catalogues from the shipped tables (every target's) and the facilitators' tables; `workshop`
    /// is used when it has a catalogue, else English.
    public init(shipped: [MessageTable] = [], overrides: [MessageTable] = [], workshop: Language = .english) {
        catalogues = MessageCatalogues(
            english: Self.englishSources(shipped: shipped), shipped: CoreMessages.tables + shipped, overrides: overrides
        )
        languages = catalogues.languages
        defaultLanguage = catalogues.languages.contains(workshop) ? workshop : .english
    }

    /// The catalogues built from these tables, kept by what they are built from: parsing every template costs
    /// far more than comparing the tables, and a reload with the same texts, `check-config`, and every bot of a
    /// test run reuse them. At most 64 are kept; the oldest set is dropped whole.
    public static func built(
        shipped: [MessageTable] = [], overrides: [MessageTable] = [], workshop: Language = .english
    ) -> Localization {
        let key = BuiltKey(shipped: shipped, overrides: overrides, workshop: workshop)
        if let kept = kept.withLock({ $0[key] }) { return kept }
        let localization = Localization(shipped: shipped, overrides: overrides, workshop: workshop)
        kept.withLock { kept in
            if kept.count >= 64 { kept.removeAll() }
            kept[key] = localization
        }
        return localization
    }

    /// The English messages of the core and of `shipped`, unparsed: what a facilitator's file is checked against.
    public static func englishSources(shipped: [MessageTable]) -> [String: MessageSource] {
        var english: [String: MessageSource] = [:]
        for table in CoreMessages.tables + shipped where table.language == .english {
            english.merge(table.messages) { _, new in new }
        }
        return english
    }

    /// The core's catalogues alone, for contexts built without a runtime.
    public static let coreOnly = Localization()

    private struct BuiltKey: Hashable {
        var shipped: [MessageTable]
        var overrides: [MessageTable]
        var workshop: Language
    }

    private static let kept = Mutex<[BuiltKey: Localization]>([:])

    /// Whether there is a catalogue for `language`.
    public func isAvailable(_ language: Language) -> Bool { catalogues.languages.contains(language) }

    /// The messages of `language`; English's when there is no catalogue for it.
    public func texts(_ language: Language) -> Texts {
        Texts(language: isAvailable(language) ? language : .english, catalogues: catalogues)
    }

    /// The workshop's messages.
    public var workshopTexts: Texts { texts(defaultLanguage) }

    /// The catalogue closest to what a platform says a person's app is set to: the tag itself, else its base
    /// language (`zh-hans` and `zh-cn` read `zh`, `ru-ru` reads `ru`); nil when there is none.
    public func nearest(to language: Language) -> Language? {
        if isAvailable(language) { return language }
        if isAvailable(language.base) { return language.base }
        return nil
    }

    /// Who reads what, the one rule: the language a person chose (`/lang`), else the one their platform says
    /// their app is in, mapped to the nearest catalogue, or to the language their team gives such readers
    /// (`app_languages` in roster.yaml: Kazakh-language apps read Russian), else their team's language, else
    /// the workshop's.
    public func language(chosen: Language?, hint: String?, team: Team?) -> Language {
        choice(chosen: chosen, hint: hint, team: team).language
    }

    /// Why a person reads the language they read.
    public enum Reason: Sendable, Hashable {
        /// They chose it (`/lang`).
        case chosen
        /// Their app is set to it (or their team maps their app's language to it).
        case app
        /// It is their team's.
        case team
        /// It is the workshop's.
        case workshop
    }

    /// The language of `language(chosen:hint:team:)`, with the step of the rule that gave it.
    public func choice(chosen: Language?, hint: String?, team: Team?) -> (language: Language, reason: Reason) {
        if let chosen, isAvailable(chosen) { return (chosen, .chosen) }
        if let hint, let app = Language(hint) {
            if let mapped = team?.appLanguages[app] ?? team?.appLanguages[app.base], isAvailable(mapped) {
                return (mapped, .app)
            }
            if let near = nearest(to: app) { return (near, .app) }
        }
        if let language = team?.language, isAvailable(language) { return (language, .team) }
        return (defaultLanguage, .workshop)
    }

    /// The language of a post to a group: its team's in a team's chat, else the workshop's.
    public func chatLanguage(team: Team?) -> Language {
        if let language = team?.language, isAvailable(language) { return language }
        return defaultLanguage
    }
}

/// The messages of one language, as handlers render them: `context.texts("ping.pong")`,
/// `texts("upcoming.listed", ["count": .number(3)])`. Cheap to copy (it shares its catalogue's storage).
public struct Texts: Sendable {
    public let language: Language
    private let catalogues: MessageCatalogues

    init(language: Language, catalogues: MessageCatalogues) {
        self.language = language
        self.catalogues = catalogues
    }

    /// The core's English texts only (every other message shows as its key): for contexts built without a
    /// runtime.
    public static let keysOnly = Localization.coreOnly.texts(.english)

    /// The message `key` with `values` in its placeholders; a counted message takes the form of the value
    /// named `count` in this language. A key no catalogue has shows as `⟨key⟩`.
    public func callAsFunction(_ key: String, _ values: KeyValuePairs<String, MessageValue> = [:]) -> RichText {
        switch catalogues.message(key, in: language) {
        case .single(let template)?:
            return template.render(values)
        case .plural(let forms)?:
            var category = PluralCategory.other
            if case .number(let count)? = values.first(where: { $0.key == "count" })?.value {
                category = PluralRules.category(of: count, in: language)
            }
            guard let template = forms[category] ?? forms[.other] ?? forms.values.first else { return "⟨\(key)⟩" }
            return template.render(values)
        case nil:
            return RichText("⟨\(key)⟩")
        }
    }

    /// The message as plain text (for texts that are not spans: a refusal, a summary).
    public func plain(_ key: String, _ values: KeyValuePairs<String, MessageValue> = [:]) -> String {
        self(key, values).plainText
    }

    /// Whether the catalogue has `key`.
    public func has(_ key: String) -> Bool { catalogues.message(key, in: language) != nil }

    /// Dates and times in `zone` with this language's words (cached per zone and language).
    public func dates(_ zone: TimeZone) -> ZoneFormat { ZoneFormat(zone, language: .of(language)) }

    /// A length of time as people read it (`1 h 30 min`, `2 days 7 h`, `2 天 7 小时`): days and hours past a
    /// day, hours and minutes below, minutes alone below an hour; rounded up to the minute, at least 1 min.
    /// Total: a span too long for an `Int` of minutes (a corrupt stored time) reads as the longest one.
    public func span(_ interval: TimeInterval) -> String {
        let rounded = (interval / 60).rounded(.up)
        let minutes = max(1, rounded.isNaN ? 1 : Int(exactly: rounded) ?? (rounded > 0 ? Int.max : 1))
        return catalogues.span(minutes: minutes, in: language) { spelled(minutes: minutes) }
    }

    /// `minutes` spelled out, as `span` reads it.
    private func spelled(minutes: Int) -> String {
        let days = minutes / 1440, hours = (minutes % 1440) / 60, rest = minutes % 60
        var parts: [String] = []
        if days > 0 {
            parts.append(plain("time.days", ["count": .number(days)]))
            if hours > 0 { parts.append(plain("time.hours", ["count": .number(hours)])) }
        } else if hours > 0 {
            parts.append(plain("time.hours", ["count": .number(hours)]))
            if rest > 0 { parts.append(plain("time.minutes", ["count": .number(rest)])) }
        } else {
            parts.append(plain("time.minutes", ["count": .number(rest)]))
        }
        return parts.joined(separator: " ")
    }

    /// How long until `target` (`in 2 h 15 min`, `через 2 ч 15 мин`, `2 小时 15 分钟后`), or `now` once it has
    /// come, in this language.
    public func countdown(from now: Date, to target: Date) -> String {
        let interval = target.timeIntervalSince(now)
        guard interval > 0, !interval.isNaN else { return plain("time.now") }
        return plain("time.in", ["span": .text(span(interval))])
    }
}

/// The messages of every language, each compiled the first time it is asked for and kept, with what decided
/// it: the translation from the most specific table that has the key and fits English's (its placeholders, the
/// plural forms its language needs), else English's.
final class MessageCatalogues: Sendable {
    let english: [String: MessageSource]
    let languages: [Language]
    /// Per language, the tables that may translate it, in the order they are laid over English (the last wins):
    /// its base language's shipped tables and overrides, then its own.
    private let layers: [Language: [MessageTable]]
    /// Messages compiled so far: English's own (the reference), and per language; nil for a key no catalogue has.
    private struct Compiled {
        var reference: [String: CompiledMessage?] = [:]
        var byLanguage: [Language: [String: CompiledMessage?]] = [:]
    }

    private let compiled = Mutex(Compiled())

    init(english: [String: MessageSource], shipped: [MessageTable], overrides: [MessageTable]) {
        self.english = english
        var sources: [Language: [MessageTable]] = [:]
        for table in shipped + overrides { sources[table.language, default: []].append(table) }
        var layers: [Language: [MessageTable]] = [:]
        for language in Set(sources.keys).union([.english]) {
            var tables: [MessageTable] = []
            if language.base != language {
                tables +=
                    shipped.filter { $0.language == language.base } + overrides.filter { $0.language == language.base }
            }
            tables += shipped.filter { $0.language == language } + overrides.filter { $0.language == language }
            layers[language] = tables
        }
        self.layers = layers
        languages = layers.keys.sorted()
    }

    /// Spans already spelled out (`span`), per language and number of minutes: a countdown is written for
    /// every deadline of every `/deadlines`. Bounded: emptied when it holds `keptSpans`.
    private let spans = Mutex<[SpanKey: String]>([:])
    private struct SpanKey: Hashable {
        var language: Language
        var minutes: Int
    }
    static let keptSpans = 4_096

    func span(minutes: Int, in language: Language, spell: () -> String) -> String {
        let key = SpanKey(language: language, minutes: minutes)
        if let known = spans.withLock({ $0[key] }) { return known }
        let spelled = spell()
        spans.withLock { spans in
            if spans.count >= Self.keptSpans { spans.removeAll(keepingCapacity: true) }
            spans[key] = spelled
        }
        return spelled
    }

    /// The message `key` in `language` (a language with a catalogue), compiled once.
    func message(_ key: String, in language: Language) -> CompiledMessage? {
        compiled.withLock { compiled in
            if let known = compiled.byLanguage[language]?[key] { return known }
            // English's own message is the reference every translation is fitted to (kept apart from English's
            // catalogue, which a facilitator's English file may change).
            let reference: CompiledMessage?
            if let known = compiled.reference[key] {
                reference = known
            } else {
                reference = english[key]?.compiled()
                compiled.reference[key] = .some(reference)
            }
            var message = reference
            if let reference {
                let expected = reference.placeholders
                for table in (layers[language] ?? []).reversed() {
                    guard let source = table.messages[key], let translation = source.compiled(),
                        let fitted = translation.fitted(to: reference, placeholders: expected, in: language)
                    else { continue }
                    message = fitted
                    break
                }
            }
            compiled.byLanguage[language, default: [:]][key] = .some(message)
            return message
        }
    }
}
