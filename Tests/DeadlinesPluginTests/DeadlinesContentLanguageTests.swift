import BotConfig
import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import DeadlinesPlugin

/// Deadlines whose title and message a facilitator gives per language in deadlines.yaml: each reader and team
/// chat reads their language's, else English's.
@Suite("Deadlines content in several languages")
struct DeadlinesContentLanguageTests {
    static let yaml = """
        default_time_zone: Europe/Berlin
        quiet_hours: "off"
        deadlines:
          - id: first-draft
            title: {en: First draft, fr: Premier jet, ru: Первый вариант, zh: 初稿}
            due: 2021-11-19 17:00
            remind: [2h]
            message:
              en: Upload it to your team folder.
              fr: Déposez-le dans le dossier de l'équipe.
          - id: peer-review
            title: Peer review
            due: 2021-11-23 12:00
        """

    static func plugin(_ yaml: String = yaml) throws -> LoadedPlugin {
        try PluginFactory(DeadlinesPlugin.self).load(yaml: yaml, file: "deadlines.yaml", decoder: YAMLConfigDecoder())
    }

    @Test("a French, Russian and Chinese reader read the title in their language, an English one in English")
    func titlesInEachReadersLanguage() async throws {
        try await withTestBot(plugins: [try Self.plugin()], now: DeadlinesLanguageTests.now) { bot in
            let english = await bot.say("/deadlines").joined(separator: "\n")
            #expect(english.contains("first-draft First draft: "), "\(english)")
            #expect(english.contains("peer-review Peer review: "), "\(english)")
            let french = await bot.say("/deadlines", language: "fr").joined(separator: "\n")
            #expect(french.contains("first-draft Premier jet : "), "\(french)")
            #expect(french.contains("peer-review Peer review : "), "\(french)")
            let russian = await bot.say("/deadlines", language: "ru").joined(separator: "\n")
            #expect(russian.contains("first-draft Первый вариант: "), "\(russian)")
            let chinese = await bot.say("/deadlines", language: "zh").joined(separator: "\n")
            #expect(chinese.contains("first-draft 初稿"), "\(chinese)")
        }
    }

    @Test("/deadline shows the message in the reader's language, else English's")
    func messagesFallBackToEnglish() async throws {
        try await withTestBot(plugins: [try Self.plugin()], now: DeadlinesLanguageTests.now) { bot in
            let french = await bot.say("/deadline first-draft", language: "fr").joined(separator: "\n")
            #expect(french.hasPrefix("Premier jet (first-draft)"), "\(french)")
            #expect(french.contains("\nDéposez-le dans le dossier de l'équipe.\n"), "\(french)")
            let russian = await bot.say("/deadline first-draft", language: "ru").joined(separator: "\n")
            #expect(russian.hasPrefix("Первый вариант (first-draft)"), "\(russian)")
            #expect(russian.contains("\nUpload it to your team folder.\n"), "\(russian)")
            let english = await bot.say("/deadline first-draft").joined(separator: "\n")
            #expect(english.hasPrefix("First draft (first-draft)"), "\(english)")
            #expect(english.contains("\nUpload it to your team folder.\n"), "\(english)")
        }
    }

    @Test("a reminder and a move's notice read in each team chat's language, the title too")
    func remindersAndNoticesInTheTeamsLanguage() async throws {
        let roster = DeadlinesLanguageTests.roster
        try await withTestBot(plugins: [try Self.plugin()], roster: roster, now: DeadlinesLanguageTests.now) { bot in
            bot.clock.advance(by: 3600)  // 15:00 in Berlin: the 2h reminder, to both teams
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            let foundLao = bot.channel.sent.first { $0.chat.id == "lao-chat" }
            let lao = try #require(foundLao)
            #expect(
                lao.reply.plainText == """
                    Срок сдачи Первый вариант — через 2 ч: пт, 19 нояб. 23:00 (Asia/Vientiane).
                    Upload it to your team folder.
                    Готово? Напишите /deadline done first-draft.
                    """)
            let foundMongolia = bot.channel.sent.first { $0.chat.id == "mn-chat" }
            let mongolia = try #require(foundMongolia)
            #expect(mongolia.reply.plainText.hasPrefix("First draft is due in 2 h: "), "\(mongolia.reply.plainText)")
            // An English-reading facilitator moves it: the Lao chat hears of it in Russian, with the Russian title.
            let moved = await bot.say("/deadline move first-draft 2021-11-20 17:00", from: "fac", replies: 3)
            #expect(
                moved.first == "Moved: First draft, Fri 19 Nov 17:00 → Sat 20 Nov 17:00 (Europe/Berlin), in 1 day 2 h.")
            let noticed = await eventually { bot.channel.sent.count == 5 }
            #expect(noticed)
            let notices = bot.channel.sent.suffix(2)
            let foundLaoNotice = notices.first { $0.chat.id == "lao-chat" }
            #expect(
                foundLaoNotice?.reply.plainText
                    == "Перенесено: Первый вариант, пт, 19 нояб. 17:00 → сб, 20 нояб. 17:00 (Europe/Berlin)")
            let foundMongoliaNotice = notices.first { $0.chat.id == "mn-chat" }
            #expect(
                foundMongoliaNotice?.reply.plainText
                    == "Moved: First draft, Fri 19 Nov 17:00 → Sat 20 Nov 17:00 (Europe/Berlin)")
        }
    }

    @Test(
        "a broken per-language text in deadlines.yaml is refused at its line",
        arguments: [
            ("{fr: Premier jet, french: Premier jet}", "is not a language code"),
            ("{}", "at least one language"),
        ])
    func brokenTextsAreRefusedAtTheirLine(value: String, reason: String) throws {
        let yaml = """
            default_time_zone: Europe/Berlin
            deadlines:
              - id: first-draft
                title: First draft
                due: 2021-11-19 17:00
              - id: peer-review
                title: Peer review
                due: 2021-11-23 12:00
                message: \(value)
            """
        do {
            _ = try Self.plugin(yaml)
            Issue.record("accepted")
        } catch let errors as ConfigErrors {
            #expect(errors.description.contains("deadlines.yaml:9:"), "\(errors)")
            #expect(errors.description.contains(reason), "\(errors)")
        }
    }
}
