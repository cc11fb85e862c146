import Foundation
import Synchronization

/// Every language the bot can reply in, each a complete catalogue, built once per configuration (at start and
/// at each reload), and the rule for who reads which.
///
/// Each language's catalogue is English's messages, overlaid by that language's shipped messages, then by a
/// facilitator's file (`plugins-config/locales/<code>.yaml`); a regional tag (`fr-ca`) is overlaid on its base
/// language's. So every key renders in every language, at worst in English, and a reply costs one dictionary
/// look-up and a copy of the message's spans: templates are parsed here, never per reply. A message that does
/// not parse or does not match English's placeholders is left out (English's shows instead): `check-config`
/// refuses such a file before the bot runs, and the shipped catalogues are checked by the tests.
public struct Localization: Sendable {
    /// The workshop's language (`language` in bot.yaml, English by default).
    public let defaultLanguage: Language
    /// The languages there is a catalogue for, sorted by code (English always among them).
    public let languages: [Language]
    private let tables: [Language: [String: CompiledMessage]]
    /// The English messages, against which every other is checked.
    public let english: [String: MessageSource]

    /// Builds the catalogues from the shipped tables (every target's) and the facilitators' tables; `workshop`
    /// is used when it has a catalogue, else English.
    public init(shipped: [MessageTable] = [], overrides: [MessageTable] = [], workshop: Language = .english) {
        let english = Self.englishSources(shipped: shipped)
        let shipped = CoreMessages.tables + shipped
        self.english = english
        var sources: [Language: [MessageTable]] = [:]
        for table in shipped + overrides { sources[table.language, default: []].append(table) }
        var tables: [Language: [String: CompiledMessage]] = [:]
        // Each template is parsed once, here; a translation is checked against English's parsed templates.
        let englishTable = english.compactMapValues { $0.compiled() }
        let englishPlaceholders = englishTable.mapValues(\.placeholders)
        for language in Set(sources.keys).union([.english]) {
            var table = englishTable
            var layers: [MessageTable] = []
            if language.base != language {
                layers +=
                    shipped.filter { $0.language == language.base }
                    + overrides.filter { $0.language == language.base }
            }
            layers += shipped.filter { $0.language == language } + overrides.filter { $0.language == language }
            for layer in layers {
                for (key, source) in layer.messages {
                    guard let reference = englishTable[key], let expected = englishPlaceholders[key],
                        let compiled = source.compiled(),
                        let fitted = compiled.fitted(to: reference, placeholders: expected, in: language)
                    else { continue }
                    table[key] = fitted
                }
            }
            tables[language] = table
        }
        self.tables = tables
        languages = tables.keys.sorted()
        defaultLanguage = tables[workshop] != nil ? workshop : .english
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
    public func isAvailable(_ language: Language) -> Bool { tables[language] != nil }

    /// The messages of `language`; English's when there is no catalogue for it.
    public func texts(_ language: Language) -> Texts {
        if let table = tables[language] { return Texts(language: language, table: table) }
        return Texts(language: .english, table: tables[.english] ?? [:])
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
    private let table: [String: CompiledMessage]

    init(language: Language, table: [String: CompiledMessage]) {
        self.language = language
        self.table = table
    }

    /// The core's English texts only (every other message shows as its key): for contexts built without a
    /// runtime.
    public static let keysOnly = Localization.coreOnly.texts(.english)

    /// The message `key` with `values` in its placeholders; a counted message takes the form of the value
    /// named `count` in this language. A key no catalogue has shows as `⟨key⟩`.
    public func callAsFunction(_ key: String, _ values: KeyValuePairs<String, MessageValue> = [:]) -> RichText {
        switch table[key] {
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
    public func has(_ key: String) -> Bool { table[key] != nil }

    /// Dates and times in `zone` with this language's words (cached per zone and language).
    public func dates(_ zone: TimeZone) -> ZoneFormat { ZoneFormat(zone, language: .of(language)) }

    /// A length of time as people read it (`1 h 30 min`, `2 days 7 h`, `2 天 7 小时`): days and hours past a
    /// day, hours and minutes below, minutes alone below an hour; rounded up to the minute, at least 1 min.
    /// Total: a span too long for an `Int` of minutes (a corrupt stored time) reads as the longest one.
    public func span(_ interval: TimeInterval) -> String {
        let rounded = (interval / 60).rounded(.up)
        let minutes = max(1, rounded.isNaN ? 1 : Int(exactly: rounded) ?? (rounded > 0 ? Int.max : 1))
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
