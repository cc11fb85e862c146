import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import VotingPlugin

private func user(_ id: String) -> UserRef { UserRef(platform: "test", id: id) }

private func voting() throws -> LoadedPlugin { LoadedPlugin(try VotingPlugin(configuration: .init())) }

/// Lao PDR works in its own chat; China has one listed participant.
private let roster = Roster(
    teams: [
        Team(id: "lao", name: "Lao PDR", chats: [ChatRef(platform: "test", id: "lao-room")]),
        Team(id: "china", name: "China (open universities)"),
    ],
    facilitators: [user("fac")],
    participants: [user("bounmy"): "lao", user("keo"): "lao", user("wei"): "china"])

struct TurnoutTests {
    @Test func aTeamChatCountsItsRosterMembersAndNamesOtherVotersForWhatTheyAre() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Lao topic?" A B"#, from: "fac", in: "lao-room")
            for voter in ["bounmy", "wei", "fac", "guest"] { _ = await bot.say("/vote 1", from: voter, in: "lao-room") }
            let results = await bot.say("/poll close", from: "fac", in: "lao-room").joined(separator: "\n")
            #expect(
                results.contains(
                    "\n1 of 2 participants voted; also 1 from another team, 1 facilitator and 1 not on the roster.\n"))
        }
    }

    @Test func aTurnoutOfOneReadsAsAPerson() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "China topic?" A B --team china"#, from: "fac")
            _ = await bot.say("/vote 2", from: "wei")
            let results = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(results.contains("\n1 of 1 participant voted.\n"))
        }
    }
}

struct NudgeWordingTests {
    @Test func aNudgeReadsRightForNoneOneAndAll() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Q?" A B"#, from: "fac")
            let nobody = await bot.say("/poll nudge", from: "fac").joined(separator: "\n")
            #expect(
                nobody == """
                    Poll #1: Q? is open; 3 of 3 participants have not voted yet.
                    China (open universities): 1 of 1 participant
                    Lao PDR: 2 of 2 participants
                    Vote with /vote #1 <number>; /vote #1 shows the options.
                    """)
            _ = await bot.say("/vote 1", from: "wei")
            _ = await bot.say("/vote 1", from: "bounmy")
            let one = await bot.say("/poll nudge", from: "fac").joined(separator: "\n")
            #expect(
                one == """
                    Poll #1: Q? is open; 1 of 3 participants has not voted yet.
                    Lao PDR: 1 of 2 participants
                    Everyone in China (open universities) has voted.
                    Vote with /vote #1 <number>; /vote #1 shows the options.
                    """)
        }
    }

    @Test func aNudgeInAChatOfOneParticipantWhoVotedIsOneLine() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Q?" A B --team china"#, from: "fac")
            #expect(
                await bot.say("/poll nudge", from: "fac")
                    == [
                        "Poll #1: Q? is open; 1 of 1 participant has not voted yet.\nVote with /vote #1 <number>; /vote #1 shows the options."
                    ])
            _ = await bot.say("/vote 1", from: "wei")
            #expect(
                await bot.say("/poll nudge", from: "fac") == ["Poll #1: Q? — everyone has voted (1 of 1 participant)."])
        }
    }
}

struct RankedTieTests {
    @Test func aRankedWinThatATieDecidedSaysSoInTheResults() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Priority?" Pathways RPL Cities --method ranked"#, from: "fac")
            for (voter, ranking) in [("bounmy", "1 3"), ("keo", "2 3"), ("wei", "1"), ("guest", "2"), ("ana", "3 1")] {
                _ = await bot.say("/vote \(ranking)", from: voter)
            }
            let results = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(
                results.hasSuffix(
                    """
                    Round 1: Pathways 2, RPL 2, Cities 1
                    Eliminated: Cities.
                    Round 2: Pathways 3, RPL 2
                    Winner: Pathways with 3 of 5.
                    """))
            _ = await bot.say(#"/poll new "Again?" Pathways RPL --method ranked"#, from: "fac")
            _ = await bot.say("/vote 1", from: "bounmy")
            _ = await bot.say("/vote 2", from: "keo")
            let tie = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(
                tie.hasSuffix(
                    """
                    Round 1: Pathways 1, RPL 1
                    Eliminated: RPL (tie between Pathways and RPL at 1, broken by the tie rule: the option listed later in the poll goes).
                    Round 2: Pathways 1
                    Winner: Pathways with 1 of 1, after the tie between Pathways and RPL in round 1 was broken by list order.
                    """))
        }
    }
}
