import BotCore
import Foundation
import Testing

@Suite("Plural rules")
struct PluralRulesTests {
    static let numbers = [0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 1_000_000]

    /// CLDR's integer categories for each number of `numbers`, by language.
    static let expected: [(String, [PluralCategory])] = [
        (
            "en",
            [
                .other, .one, .other, .other, .other, .other, .other, .other, .other, .other, .other, .other, .other,
                .other, .other, .other,
            ]
        ),
        (
            "fr",
            [
                .one, .one, .other, .other, .other, .other, .other, .other, .other, .other, .other, .other, .other,
                .other, .other, .many,
            ]
        ),
        (
            "ru",
            [
                .many, .one, .few, .few, .few, .many, .many, .many, .many, .one, .few, .many, .one, .many, .many,
                .many,
            ]
        ),
        ("zh", Array(repeating: .other, count: 16)),
        ("lo", Array(repeating: .other, count: 16)),
        (
            "kk",
            [
                .other, .one, .other, .other, .other, .other, .other, .other, .other, .other, .other, .other, .other,
                .other, .other, .other,
            ]
        ),
        (
            "mn",
            [
                .other, .one, .other, .other, .other, .other, .other, .other, .other, .other, .other, .other, .other,
                .other, .other, .other,
            ]
        ),
    ]

    @Test("each language's category for 0, 1, 2, 5, 11, 21, 22, 25, 101, ...", arguments: expected)
    func categories(language code: String, categories: [PluralCategory]) throws {
        let language = try #require(Language(code))
        let got = Self.numbers.map { PluralRules.category(of: $0, in: language) }
        #expect(got == categories)
        // Regional tags read their language's rules; negative numbers and Int.min their magnitude's, no trap.
        let regional = try #require(Language(code + "-XX"))
        #expect(Self.numbers.map { PluralRules.category(of: $0, in: regional) } == categories)
        #expect(Self.numbers.map { PluralRules.category(of: -$0, in: language) } == categories)
        _ = PluralRules.category(of: Int.min, in: language)
    }

    @Test func requiredForms() throws {
        #expect(PluralRules.requiredCategories(for: .english) == [.one, .other])
        #expect(PluralRules.requiredCategories(for: .french) == [.one, .other])
        #expect(PluralRules.allowedCategories(for: .french) == [.one, .many, .other])
        #expect(PluralRules.requiredCategories(for: .russian) == [.one, .few, .many, .other])
        #expect(PluralRules.requiredCategories(for: .chinese) == [.other])
        #expect(PluralRules.requiredCategories(for: try #require(Language("lo"))) == [.other])
        #expect(PluralRules.requiredCategories(for: try #require(Language("kk"))) == [.one, .other])
    }
}

@Suite("Message catalogues")
struct MessageCatalogueTests {
    @Test func languageTagsAreNormalisedAndAnythingElseIsRefused() {
        #expect(Language("zh_Hans")?.code == "zh-hans")
        #expect(Language("ZH-hans")?.base == .chinese)
        #expect(Language("ru-RU")?.base == .russian)
        for bad in ["", "e", "english", "../etc", "en us", "en-", "zh-hans-x-y-z-w", "日本", "en-toolongsubtag"] {
            #expect(Language(bad) == nil, "\(bad)")
        }
    }

    /// The tag rule as it was first written, with the standard library's string functions: the byte-wise
    /// parser must accept and normalise exactly the same texts.
    static func referenceCode(_ text: String) -> String? {
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: "_", omittingEmptySubsequences: false)
        }
        guard let primary = subtags.first, (2...3).contains(primary.count),
            primary.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }), subtags.count <= 5,
            subtags.dropFirst().allSatisfy({ subtag in
                (1...8).contains(subtag.count)
                    && subtag.unicodeScalars.allSatisfy {
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
                    }
            })
        else { return nil }
        return subtags.map { $0.lowercased() }.joined(separator: "-")
    }

    @Test func tagsAreReadAsTheStringRuleReadsThem() {
        let pieces = [
            "en", "EN", "zh", "Hans", "_", "-", "419", "x", "abcdefgh", "abcdefghi", "1", "é", "ß", "日", " ", "@", "[",
            "`", "{", "",
        ]
        var generator = SystemRandomNumberGenerator()
        var texts = ["zh-hans-x-y-z", "zh-hans-x-y-z-w", "en--us", "-en", "en_", "K", "kaz", "fil-PH", "e1", "1en"]
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...6, using: &generator)
            texts.append((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        var mismatches: [String] = []
        for text in texts where Language(text)?.code != Self.referenceCode(text) { mismatches.append(text) }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test func templatesAreParsedOnceWithPlaceholdersStylesAndBraces() throws {
        let template = try MessageTemplate.parse("Hi {name}, <b>{count} new</b> {{x}} <code>/help <command></code>")
            .get()
        #expect(template.placeholders == ["name", "count"])
        let text = template.render(["name": "Saran", "count": 3])
        #expect(text.spans == [.text("Hi Saran, "), .bold("3 new"), .text(" {x} "), .code("/help <command>")])
        for broken in ["{name", "name}", "<b>open", "</b>", "<b><i>x</i></b>", "{Name}", "{1x}", "{}"] {
            #expect(throws: MessageTemplate.Problem.self) { try MessageTemplate.parse(broken).get() }
        }
    }

    @Test func aValueIsPlainTextSoNoValueCanAddMarkup() throws {
        let template = try MessageTemplate.parse("You are <b>{name}</b>: {note}").get()
        let text = template.render(["name": "<i>Eve</i>", "note": "<a href=\"x\">tap</a> {count}"])
        let html = HTMLRenderer.render(text)
        #expect(html == "You are <b>&lt;i&gt;Eve&lt;/i&gt;</b>: &lt;a href=&quot;x&quot;&gt;tap&lt;/a&gt; {count}")
    }

    @Test func aMissingValueShowsItsPlaceholderAndAMissingKeyShowsItsKey() {
        let localization = Localization(shipped: [MessageTable(.english, ["greet": "Hello {name}"])])
        let texts = localization.texts(.english)
        #expect(texts("greet").plainText == "Hello {name}")
        #expect(texts("nothing.here").plainText == "⟨nothing.here⟩")
    }

    static let shipped = [
        MessageTable(.english, ["votes": [.one: "{count} vote for {title}", .other: "{count} votes for {title}"]]),
        MessageTable(
            .russian,
            [
                "votes": [
                    .one: "{count} голос за {title}", .few: "{count} голоса за {title}",
                    .many: "{count} голосов за {title}", .other: "{count} голоса за {title}",
                ]
            ]),
        MessageTable(.french, ["votes": [.one: "un vote pour {title}", .other: "{count} votes pour {title}"]]),
        MessageTable(.chinese, ["votes": "{title} 得 {count} 票"]),
    ]

    @Test func aCountedMessageTakesTheFormOfItsCountInEachLanguage() {
        let localization = Localization(shipped: Self.shipped)
        func render(_ language: Language, _ count: Int) -> String {
            localization.texts(language)("votes", ["count": .number(count), "title": "RPL"]).plainText
        }
        #expect(render(.english, 1) == "1 vote for RPL")
        #expect(render(.english, 0) == "0 votes for RPL")
        #expect(render(.french, 0) == "un vote pour RPL")
        #expect(render(.french, 2) == "2 votes pour RPL")
        #expect(render(.russian, 21) == "21 голос за RPL")
        #expect(render(.russian, 22) == "22 голоса за RPL")
        #expect(render(.russian, 25) == "25 голосов за RPL")
        #expect(render(.russian, 11) == "11 голосов за RPL")
        #expect(render(.chinese, 5) == "RPL 得 5 票")
        // A language without a catalogue reads English.
        #expect(localization.texts(Language("de") ?? .english).language == .english)
    }

    @Test func messagesAreCheckedAgainstEnglish() throws {
        let english: MessageSource = [.one: "{count} vote for {title}", .other: "{count} votes for {title}"]
        func problems(_ source: MessageSource, _ code: String) throws -> [String] {
            try source.problems(key: "votes", language: #require(Language(code)), english: english).map(\.description)
        }
        #expect(
            try problems([.one: "{count} голос", .other: "{count} голоса за {title}"], "ru") == [
                "votes: missing plural forms few, many (ru needs one, few, many, other)",
                "votes.one: {title} is missing (English's: {count}, {title})",
            ])
        #expect(
            try problems([.one: "un vote pour {titre}", .other: "{count} votes pour {title}"], "fr") == [
                "votes.one: {titre} is not a placeholder of this message (English's: {count}, {title})",
                "votes.one: {title} is missing (English's: {count}, {title})",
            ])
        #expect(
            try problems([.one: "{title}", .other: "{count} {title}"], "zh") == [
                "votes.one: zh has no plural form one (its forms: other)"
            ])
        #expect(try problems("{count} {title}", "zh").isEmpty)
        #expect(
            try problems("{count} votes for {title}", "kk") == [
                "votes: a counted message: give the plural forms one, other (kk)"
            ])
        #expect(
            MessageSource.text("x").problems(key: "nope", language: .french, english: nil).map(\.message) == [
                "unknown key: the English catalogue has no such message"
            ])
        #expect(
            try problems([.one: "<b>{count}", .other: "{count} {title}"], "en").map { $0 }.first?.contains(
                "<b> is not closed") == true)
    }

    @Test(
        "countdowns and spans read in each shipped language, with its plural forms",
        arguments: [
            (Language.english, "in 2 h 15 min", "in 1 day 3 h", "in 5 days", "now"),
            (Language.french, "dans 2 h 15 min", "dans 1 jour 3 h", "dans 5 jours", "maintenant"),
            (Language.russian, "через 2 ч 15 мин", "через 1 день 3 ч", "через 5 дней", "сейчас"),
            (Language.chinese, "2 小时 15 分钟后", "1 天 3 小时后", "5 天后", "现在"),
        ])
    func countdowns(language: Language, hours: String, day: String, days: String, now: String) {
        let texts = Localization().texts(language)
        let start = Date(timeIntervalSince1970: 1_636_358_400)
        #expect(texts.countdown(from: start, to: start + 2 * 3600 + 15 * 60) == hours)
        #expect(texts.countdown(from: start, to: start + 27 * 3600) == day)
        #expect(texts.countdown(from: start, to: start + 5 * 86_400) == days)
        #expect(texts.countdown(from: start, to: start) == now)
        #expect(texts.countdown(from: start, to: start - 60) == now)
        // Rounded up to the minute, never less than one.
        #expect(texts.span(1) == texts.span(60))
        #expect(texts.span(.infinity) == texts.span(Double(Int.max) * 60))
    }

    @Test func whoReadsWhat() throws {
        let kk = try #require(Language("kk"))
        let localization = Localization(
            shipped: Self.shipped,
            overrides: [MessageTable(kk, ["votes": [.one: "{count} {title}", .other: "{count} {title}"]])],
            workshop: .french)
        let team = Team(id: "kaz", name: "Kazakhstan", language: .russian, appLanguages: [kk: .russian])
        let plain = Team(id: "lao", name: "Lao PDR")
        func reads(_ chosen: Language?, _ hint: String?, _ team: Team?) -> String {
            let (language, reason) = localization.choice(chosen: chosen, hint: hint, team: team)
            return "\(language) \(reason)"
        }
        // The person's choice first; a choice with no catalogue counts for nothing.
        #expect(reads(.chinese, "en", team) == "zh chosen")
        let german = try #require(Language("de"))
        #expect(reads(german, nil, nil) == "fr workshop")
        // Then the app's language, through the team's mapping, else the nearest catalogue.
        #expect(reads(nil, "kk", team) == "ru app")
        #expect(reads(nil, "kk", plain) == "kk app")
        #expect(reads(nil, "zh-hans", plain) == "zh app")
        #expect(reads(nil, "ru-RU", nil) == "ru app")
        // An app language with no catalogue, or garbage, falls to the team's, then the workshop's.
        #expect(reads(nil, "lo", team) == "ru team")
        #expect(reads(nil, "<script>", plain) == "fr workshop")
        #expect(localization.chatLanguage(team: team) == .russian)
        #expect(localization.chatLanguage(team: nil) == .french)
        // A workshop language without a catalogue is English.
        #expect(Localization(shipped: Self.shipped, workshop: kk).defaultLanguage == .english)
    }

    @Test func anOverrideReplacesOneMessageAndABrokenOneIsLeftOut() {
        let localization = Localization(
            shipped: Self.shipped,
            overrides: [
                MessageTable(.french, ["votes": [.one: "une voix pour {title}", .other: "{count} voix pour {title}"]]),
                MessageTable(.russian, ["votes": [.one: "{count} {titel}"]]),
            ])
        #expect(localization.texts(.french)("votes", ["count": 1, "title": "RPL"]).plainText == "une voix pour RPL")
        #expect(localization.texts(.russian)("votes", ["count": 5, "title": "RPL"]).plainText == "5 голосов за RPL")
    }

    @Test func theCoreCataloguesAreCompleteInEveryShippedLanguage() {
        let english = Set(CoreMessages.tables.first { $0.language == .english }?.messages.keys ?? [:].keys)
        for table in CoreMessages.tables {
            #expect(Set(table.messages.keys) == english, "\(table.language)")
            for (key, source) in table.messages {
                let problems = source.problems(
                    key: key, language: table.language,
                    english: CoreMessages.tables.first { $0.language == .english }?.messages[key])
                #expect(problems.isEmpty, "\(table.language): \(problems)")
            }
        }
        #expect(Set(CoreMessages.tables.map(\.language)) == Set(Language.shipped))
    }
}
