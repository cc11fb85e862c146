import BotCore
import BotRuntime
import BotTesting
import Foundation
import Logging
import Synchronization
import Testing

@testable import VotingPlugin

/// A roster with one facilitator and two participants of one team.
private let roster = Roster(
    teams: [Team(id: "lao", name: "Lao PDR")],
    facilitators: [UserRef(platform: "test", id: "fac")],
    participants: [UserRef(platform: "test", id: "bounmy"): "lao", UserRef(platform: "test", id: "keo"): "lao"])

private func voting() throws -> LoadedPlugin { LoadedPlugin(try VotingPlugin(configuration: .init())) }

/// The command a refusal shows in its code span.
private func shownCommand(_ reply: Reply?) -> String? {
    for case .code(let text) in reply?.lines.flatMap(\.spans) ?? [] { return text }
    return nil
}

struct UnquotedQuestionTests {
    @Test func aQuestionOfSeveralWordsWithoutQuotesIsRefusedWithTheCommandAsItShouldBeTyped() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            let refused = await bot.say("/poll new Which topic? Pathways Cities", from: "fac").joined()
            #expect(refused.hasPrefix("A question of several words needs quotes"))
            #expect(refused.hasSuffix("Nothing was changed."))
            let corrected = shownCommand(bot.channel.sent.last?.reply)
            #expect(corrected == #"/poll new "Which topic?" "Pathways" "Cities""#)
            #expect(await bot.say("/poll list").first == "No polls here yet.")
            // The command as shown opens the poll that was meant.
            let opened = await bot.say(corrected ?? "", from: "fac").joined(separator: "\n")
            #expect(opened.hasPrefix("Poll #1: Which topic?\n1. Pathways\n2. Cities\n"))
        }
    }

    @Test func theHintKeepsQuotedOptionsAndSettingsAndFitsTooFewOptions() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(
                #"/poll new Which two topics? Pathways "Learning cities" --method multi --team lao --closes "2021-11-09 10:00""#,
                from: "fac")
            #expect(
                shownCommand(bot.channel.sent.last?.reply)
                    == #"/poll new "Which two topics?" "Pathways" "Learning cities" --method multi --closes "2021-11-09 10:00" --team lao"#
            )
            // A full-width question mark, as Chinese keyboards type it, ends a question too.
            _ = await bot.say("/poll new 哪个 主题？", from: "fac")
            #expect(shownCommand(bot.channel.sent.last?.reply) == #"/poll new "哪个 主题？" "Option A" "Option B""#)
            #expect(await bot.say("/poll list").first == "No polls here yet.")
        }
    }

    @Test func oneWordAndQuotedQuestionsOpenAsTyped() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            #expect(
                await bot.say("/poll new Lunch? Soup Rice", from: "fac").first?.hasPrefix("Poll #1: Lunch?\n") == true)
            #expect(
                await bot.say(#"/poll new "Which topic?" Pathways Cities"#, from: "fac").first?.hasPrefix(
                    "Poll #2: Which topic?\n1. Pathways\n2. Cities") == true)
            #expect(
                await bot.say("/poll new Colour Red Blue", from: "fac").first?.hasPrefix("Poll #3: Colour\n") == true)
            // Quoted words are taken as typed, question marks or not.
            #expect(
                await bot.say(#"/poll new "Colour or flavour" "Red?" Blue"#, from: "fac").first?.hasPrefix(
                    "Poll #4: Colour or flavour\n1. Red?\n2. Blue") == true)
        }
    }
}
