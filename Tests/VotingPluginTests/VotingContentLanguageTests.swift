import BotConfig
import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import VotingPlugin

/// Poll templates whose question and options a facilitator gives per language in voting.yaml: a poll opened from
/// one is posted once, in the chat's language, and keeps those texts.
@Suite("Voting templates in several languages")
struct VotingContentLanguageTests {
    static let yaml = """
        templates:
          lunch:
            question: {en: "Lunch or dinner?", ru: "Обед или ужин?", fr: "Déjeuner ou dîner ?"}
            options:
              - {en: Lunch, ru: Обед, fr: Déjeuner}
              - {en: Dinner, ru: Ужин}
              - Both
        """

    static func plugin(_ yaml: String = yaml) throws -> LoadedPlugin {
        try PluginFactory(VotingPlugin.self).load(yaml: yaml, file: "voting.yaml", decoder: YAMLConfigDecoder())
    }

    @Test("a template started in a Russian team's chat posts the Russian question and options, whoever starts it")
    func russianTeamChat() async throws {
        try await withTestBot(plugins: [try Self.plugin()], roster: VotingLanguageTests.roster) { bot in
            // The facilitator's app is in English: the poll is for the whole chat, which reads Russian.
            let opened = await bot.say("/poll start lunch", from: "fac", in: "kazan", language: "en")
            #expect(
                opened.first?.hasPrefix("Poll #1: Обед или ужин?\n1. Обед\n2. Ужин\n3. Both\n") == true, "\(opened)")
            let buttons = bot.channel.sent.last?.reply.buttons.flatMap { $0 }.map(\.title) ?? []
            #expect(buttons == ["1. Обед", "2. Ужин", "3. Both"])
            // The poll keeps those texts: every reader reads them as they were posted.
            let recorded = await bot.say("/vote 2", from: "ivan", in: "kazan")
            #expect(recorded == ["Голос учтён: Ужин. Его можно изменить, пока опрос не закрыт."])
            let listed = await bot.say("/poll list", from: "fac", in: "kazan", language: "en")
            #expect(listed == ["#1 Обед или ужин? (open)"])
        }
    }

    @Test("in a French team's chat French, where given; in a Chinese one and elsewhere English")
    func otherChats() async throws {
        try await withTestBot(plugins: [try Self.plugin()], roster: VotingLanguageTests.roster) { bot in
            let french = await bot.say("/poll start lunch", from: "fac", in: "lyon", language: "en")
            // The second option has no French text: English's.
            #expect(
                french.first?.hasPrefix("Poll #1: Déjeuner ou dîner ?\n1. Déjeuner\n2. Dinner\n3. Both\n") == true,
                "\(french)")
            let chinese = await bot.say("/poll start lunch", from: "fac", in: "xian", language: "en")
            #expect(
                chinese.first?.hasPrefix("Poll #2: Lunch or dinner?\n1. Lunch\n2. Dinner\n3. Both\n") == true,
                "\(chinese)")
            // A chat of no team reads the workshop's language (English), even for a facilitator reading Russian.
            let room = await bot.say("/poll start lunch", from: "fac", in: "room", language: "ru")
            #expect(
                room.first?.hasPrefix("Опрос #3: Lunch or dinner?\n1. Lunch\n2. Dinner\n3. Both\n") == true, "\(room)")
        }
    }

    @Test(
        "a broken per-language template in voting.yaml is refused at its line",
        arguments: [
            ("{en: Lunch, russian: Обед}", "voting.yaml:6:", "is not a language code"),
            ("{}", "voting.yaml:6:", "at least one language"),
            // Checked in each language: two French options that read the same.
            ("{en: Lunch, fr: Dîner}", "voting.yaml:", "(in fr)"),
        ])
    func brokenTemplatesAreRefused(option: String, place: String, reason: String) throws {
        let yaml = """
            templates:
              lunch:
                question: {en: "Lunch or dinner?", fr: "Déjeuner ou dîner ?"}
                options:
                  - {en: Dinner, fr: Dîner}
                  - \(option)
            """
        do {
            _ = try Self.plugin(yaml)
            Issue.record("accepted")
        } catch let errors as ConfigErrors {
            #expect(errors.description.contains(place), "\(errors)")
            #expect(errors.description.contains(reason), "\(errors)")
        }
    }
}
