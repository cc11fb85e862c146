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

struct PollEditTests {
    @Test func aFacilitatorEditsTheQuestionAndOptionsUntilTheFirstVote() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Wich topic?" Pathways Citites --method multi"#, from: "fac")
            #expect(
                await bot.say(#"/poll edit 1 "X?" A B"#, from: "bounmy").first?.contains("facilitators only") == true)
            let edited = await bot.say(#"/poll edit 1 "Which topic?" Pathways "Learning cities" Digital"#, from: "fac")
            #expect(
                edited.first?.hasPrefix(
                    "Poll #1 is edited. Nobody had voted yet.\nPoll #1: Which topic?\n1. Pathways\n2. Learning cities\n3. Digital\n"
                ) == true)
            let titles = bot.channel.sent.last?.reply.buttons.flatMap { $0 }.map(\.title)
            #expect(titles == ["1. Pathways", "2. Learning cities", "3. Digital"])
            // Every option of the edited multiple-choice poll can be chosen, as before.
            #expect(
                await bot.say("/vote 1 2 3", from: "bounmy").first?.hasPrefix(
                    "Vote recorded: Pathways, Learning cities, Digital") == true)
            let refused = await bot.say(#"/poll edit 1 "Which topic?" A B"#, from: "fac").first
            #expect(
                refused
                    == "Poll #1 cannot be edited: voting has started. Its voters chose among what it said then; open a new poll instead. Nothing was changed."
            )
            // The vote taken back changes nothing: someone saw the poll and voted.
            _ = await bot.say("/unvote", from: "bounmy")
            #expect(await bot.say(#"/poll edit 1 "Which topic?" A B"#, from: "fac").first == refused)
            #expect(await bot.say("/vote", from: "keo").first?.hasPrefix("Poll #1: Which topic?\n1. Pathways") == true)
        }
    }

    @Test func anEditIsCheckedLikeANewPoll() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Q?" A B"#, from: "fac")
            _ = await bot.say("/poll edit 1 Which topic? A B", from: "fac")
            #expect(shownCommand(bot.channel.sent.last?.reply) == #"/poll edit 1 "Which topic?" "A" "B""#)
            #expect(
                await bot.say(#"/poll edit 1 "Q?" A a"#, from: "fac").first
                    == "Not edited: options 1 and 2 are the same. Nothing was changed.")
            #expect(
                await bot.say(#"/poll edit 1 "Q?" A B --method ranked"#, from: "fac").joined().contains(
                    "/poll edit takes no --options"))
            #expect(await bot.say(#"/poll edit 7 "Q?" A B"#, from: "fac").first == "There is no poll #7 here.")
            #expect(await bot.say("/vote", from: "keo").first?.hasPrefix("Poll #1: Q?\n1. A\n2. B") == true)
        }
    }

    @Test func helpShowsHowToEditAndDelete() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            let usage = await bot.say("/poll", from: "fac").joined()
            #expect(usage.contains(#"poll edit <id> "Question?" "Option A" "Option B" ... | poll delete <id>"#))
        }
    }
}

struct PollDeleteTests {
    let now = Date(timeIntervalSince1970: 1_636_358_400)  // 2021-11-08 08:00 UTC

    @Test func deletingAPollRemovesItItsScheduledCloseAndItsIdForGood() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster, now: now) { bot in
            _ = await bot.say(#"/poll new "Keep?" A B"#, from: "fac")
            _ = await bot.say(#"/poll new "Mistake?" "Option A" B --closes "2021-11-08 12:00""#, from: "fac")
            let booked = try await bot.store.transaction { tx in
                try tx.jobs(owner: "voting", keyPrefix: "", states: [.pending])
            }
            #expect(booked.count == 2)
            #expect(await bot.say("/poll delete 2", from: "keo").first?.contains("facilitators only") == true)
            let deleted = await bot.say("/poll delete 2", from: "fac").first
            #expect(
                deleted
                    == "Deleted poll #2: Mistake? (options: Option A, B), and its scheduled close. Nobody had voted in it."
            )
            let pending = try await bot.store.transaction { tx in
                try tx.jobs(owner: "voting", keyPrefix: "", states: [.pending])
            }
            #expect(pending.isEmpty)
            #expect(await bot.say("/poll list").first == "#1 Keep? (open)")
            // A button left under the deleted poll votes nowhere, and no later poll takes its id.
            #expect(await bot.say("/vote #2 1", from: "keo").first == "There is no poll #2 here.")
            #expect(await bot.say("/poll delete 2", from: "fac").first == "There is no poll #2 here.")
            #expect(await bot.say(#"/poll new "Next?" A B"#, from: "fac").first?.hasPrefix("Poll #3: Next?") == true)
            // The chat's list of polls follows: with #1 and #3 open, a vote needs the id.
            #expect(await bot.say("/vote 1", from: "keo").joined().contains("Several polls are open here (#1, #3)"))
        }
    }

    @Test func aPollWithAVoteCannotBeDeleted() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Q?" A B"#, from: "fac")
            _ = await bot.say("/vote 1", from: "bounmy")
            #expect(
                await bot.say("/poll delete 1", from: "fac").first
                    == "Poll #1 cannot be deleted: voting has started. Close it with /poll close 1 instead. Nothing was changed."
            )
            #expect(await bot.say("/poll delete", from: "fac").joined().contains("which poll?"))
            #expect(await bot.say("/poll delete 1 2", from: "fac").joined().contains("give only the poll's id"))
            let results = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(results.hasPrefix("Closed. Results of poll #1: Q? (1 ballot)"))
        }
    }

    @Test func theLatestPollAfterADeleteIsTheOneBeforeIt() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "First?" A B"#, from: "fac")
            _ = await bot.say("/vote 1", from: "keo")
            _ = await bot.say("/poll close", from: "fac")
            _ = await bot.say(#"/poll new "Second?" A B"#, from: "fac")
            _ = await bot.say("/poll delete 2", from: "fac")
            #expect(await bot.say("/poll results").first?.hasPrefix("Results of poll #1: First?") == true)
        }
    }
}
