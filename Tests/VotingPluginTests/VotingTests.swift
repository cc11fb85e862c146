import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import VotingPlugin

struct VotingTests {
    let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
    let configuration = VotingConfiguration(templates: [
        "topics": .init(
            question: "Which topic?", options: ["Learning cities", "Flexible pathways", "Non-formal learning"],
            method: "multi", max: 2)
    ])

    func plugin() throws -> LoadedPlugin { LoadedPlugin(try VotingPlugin(configuration: configuration)) }

    /// A poll's storage key is written by hand; it must stay what `%06d` wrote, or stored polls are lost.
    @Test(arguments: [1, 9, 42, 999_999, 1_000_000, 123_456_789, 0, -5, -123_456])
    func pollKeysAreWhatPrintfWrote(id: Int) {
        let key = VotingPlugin.key(id)
        let printf = String(format: "%06d", id)
        #expect(key == printf)
    }

    @Test func onlyFacilitatorsOpenPollsAndEveryoneVotesOnceWithTheLatestBallotCounting() async throws {
        try await withTestBot(plugins: [try plugin()], roster: roster) { bot in
            #expect(await bot.say(#"/poll new "Q?" A B"#, from: "alice").first?.contains("facilitators only") == true)
            let opened = await bot.say(
                #"/poll new "Which theme first?" "Climate change" "Digitalization" "Citizenship""#, from: "fac")
            #expect(opened.first?.hasPrefix("Poll #1: Which theme first?") == true)
            let holds =
                bot.channel.sent.last?.reply.buttons.flatMap { $0 }.map(\.command) == [
                    "/vote #1 1", "/vote #1 2", "/vote #1 3",
                ]
            #expect(holds)
            #expect(await bot.say("/vote 1", from: "alice").first?.hasPrefix("Vote recorded: Climate change") == true)
            #expect(
                await bot.say("/vote digital", from: "alice").first?.hasPrefix("Vote recorded: Digitalization") == true)
            #expect(await bot.say("/vote 2", from: "bob").first?.hasPrefix("Vote recorded") == true)
            #expect(await bot.say("/vote 1 2", from: "carol").first == "This poll takes one choice.")
            #expect(await bot.say("/vote 9", from: "carol").joined().contains("is not one option"))
            let results = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(results.hasPrefix("Closed. Results of poll #1: Which theme first? (2 ballots)"))
            #expect(results.contains("2 — Digitalization"))
            #expect(results.contains("0 — Climate change"))
            #expect(await bot.say("/vote 1", from: "dan").first == "There is no open poll here.")
        }
    }

    @Test func aVoteDeliveredTwiceCountsOnceAndUnvoteWithdraws() async throws {
        try await withTestBot(plugins: [try plugin()], roster: roster) { bot in
            _ = await bot.say("/poll start topics --live", from: "fac")
            let vote = bot.channel.message("/vote 1 2", from: "alice", id: "update-77")
            bot.channel.push(vote)
            bot.channel.push(vote)
            let held = await eventually { bot.channel.sent.count == 3 }
            #expect(held)
            _ = await bot.say("/vote 3", from: "bob")
            _ = await bot.say("/unvote", from: "bob")
            let results = await bot.say("/poll results").joined(separator: "\n")
            #expect(results.contains("(1 ballot)"))
            #expect(results.contains("1 — Learning cities"))
            #expect(results.contains("1 — Flexible pathways"))
            #expect(results.contains("0 — Non-formal learning"))
            #expect(await bot.say("/vote 1 2 3", from: "carol").first == "Choose at most 2.")
        }
    }

    @Test func aUsageErrorListsOnlyTheFormsTheCallerMayUse() async throws {
        try await withTestBot(plugins: [try plugin()], roster: roster) { bot in
            let participant = await bot.say("/poll", from: "alice").joined(separator: "\n")
            #expect(participant == "Usage: /poll results [id] | poll list", "\(participant)")
            let facilitator = await bot.say("/poll", from: "fac").joined(separator: "\n")
            #expect(facilitator.hasPrefix("Usage: /poll new \"Question?\""), "\(facilitator)")
            #expect(facilitator.contains(" | poll export <id>"), "\(facilitator)")
        }
    }

    @Test func badTemplatesAreRefused() {
        #expect(throws: PluginConfigurationError(path: ["templates", "x", "options"], "a poll needs 2 to 10 options")) {
            try VotingPlugin(
                configuration: .init(templates: ["x": .init(question: "Q", options: ["only"], method: nil, max: nil)]))
        }
    }
}

struct VotingMethodTests {
    @Test func instantRunoffExplainsEachRound() {
        let options = ["A", "B", "C"]
        let lines = VotingPlugin.instantRunoff([[0, 1], [0, 2], [1, 2], [2, 1], [2, 1]], options: options)
        #expect(lines == ["Round 1: A 2, C 2, B 1", "Eliminated: B.", "Round 2: C 3, A 2", "Winner: C with 3 of 5."])
    }

    @Test func instantRunoffTieBreakEliminatesTheOptionListedLater() {
        let lines = VotingPlugin.instantRunoff([[0], [1], [2, 1]], options: ["A", "B", "C"])
        #expect(
            lines == [
                "Round 1: A 1, B 1, C 1",
                "Eliminated: C (tie between A, B and C at 1, broken by the tie rule: the option listed later in the poll goes).",
                "Round 2: B 2, A 1",
                "Winner: B with 2 of 3, after the tie between A, B and C in round 1 was broken by list order.",
            ])
    }

    @Test func oneDotIsOneDot() async throws {
        let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
        try await withTestBot(plugins: [LoadedPlugin(try VotingPlugin(configuration: .init()))], roster: roster) {
            bot in
            let opened = await bot.say(#"/poll new "One?" A B --method dots --dots 1"#, from: "fac")
            let instructions = opened.joined(separator: "\n")
            #expect(instructions.contains("You have 1 dot: /vote #1 1 puts it on option 1."), "\(instructions)")
            #expect(await bot.say("/vote 1 2", from: "alice").first == "You have 1 dot.")
        }
    }

    @Test func dotAndRankedBallotsFollowTheirRules() async throws {
        let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
        try await withTestBot(plugins: [LoadedPlugin(try VotingPlugin(configuration: .init()))], roster: roster) {
            bot in
            _ = await bot.say(#"/poll new "Dots?" A B C --method dots --dots 3"#, from: "fac")
            #expect(await bot.say("/vote 1 1 3", from: "alice").first?.hasPrefix("Vote recorded: A, A, C") == true)
            #expect(await bot.say("/vote 1 1 2 3", from: "bob").first == "You have 3 dots.")
            _ = await bot.say("/vote 2", from: "bob")
            let dots = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(dots.contains("2 dots — A"))
            #expect(dots.contains("1 dot — B"))
            #expect(dots.contains("1 dot — C"))

            _ = await bot.say(#"/poll new "Ranked?" A B C --method ranked"#, from: "fac")
            #expect(await bot.say("/vote 1 1", from: "alice").first == "Rank each option once.")
            for (user, ranking) in [("u1", "1 2"), ("u2", "1 3"), ("u3", "2 3"), ("u4", "3 2"), ("u5", "3 2")] {
                _ = await bot.say("/vote \(ranking)", from: user)
            }
            let ranked = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(
                ranked.hasSuffix("Round 1: A 2, C 2, B 1\nEliminated: B.\nRound 2: C 3, A 2\nWinner: C with 3 of 5."))
        }
    }
}

struct PollClosingAndExportTests {
    let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
    let now = Date(timeIntervalSince1970: 1_636_358_400)  // 2021-11-08 08:00 UTC

    @Test func aPollClosesByItselfOnTimeAndPostsItsResults() async throws {
        try await withTestBot(
            plugins: [LoadedPlugin(try VotingPlugin(configuration: .init()))], roster: roster, now: now
        ) { bot in
            let opened = await bot.say(#"/poll new "Q?" A B --closes "2021-11-08 09:00""#, from: "fac")
            #expect(opened.first?.hasPrefix("Poll #1: Q?") == true)
            _ = await bot.say("/vote 2", from: "alice")
            let held = await eventually { bot.clock.sleeperCount > 0 }
            #expect(held)
            bot.clock.advance(by: 3600)
            let held2 = await eventually { bot.channel.sent.count == 3 }
            #expect(held2)
            #expect(
                bot.channel.sent.last?.reply.plainText
                    == "Closed. Results of poll #1: Q? (1 ballot)\n██████████ 1 — B (100%)\n░░░░░░░░░░ 0 — A (0%)\nWinner: B."
            )
            #expect(await bot.say("/vote 1", from: "bob").first == "There is no open poll here.")
            let late = await bot.say(#"/poll new "Late?" A B --closes "2021-11-01 09:00""#, from: "fac").joined()
            #expect(
                late
                    == "2021-11-01 09:00 (UTC) was 7 days ago: give a closing time still to come. Nothing was changed."
            )
        }
    }

    @Test func aClosingTimeIsReadInTheCallersZoneAndRepeatedWithItsZoneAndCountdown() async throws {
        // 08:00 UTC is 09:00 in Hamburg, the workshop's zone; the facilitator has no team and no /tz of their own.
        var hamburg = roster
        hamburg.timeZone = "Europe/Berlin"
        try await withTestBot(
            plugins: [LoadedPlugin(try VotingPlugin(configuration: .init()))], roster: hamburg, now: now
        ) { bot in
            let opened = await bot.say(#"/poll new "Q?" A B --closes "2021-11-08 12:30""#, from: "fac").joined()
            #expect(opened.contains("closes Mon 8 Nov 12:30 (Europe/Berlin), in 3 h 30 min"), "\(opened)")
            let jobs = try await bot.store.transaction {
                try $0.jobs(owner: "voting", keyPrefix: "close/", states: [.pending])
            }
            #expect(jobs.map(\.dueAt) == [now.addingTimeInterval(3.5 * 3600)])  // 12:30 Hamburg is 11:30 UTC
            // 08:30 Hamburg has passed: refused, naming the zone it was read in.
            let past = await bot.say(#"/poll new "R?" A B --closes "2021-11-08 08:30""#, from: "fac").joined()
            #expect(past.hasPrefix("2021-11-08 08:30 (Europe/Berlin) was 30 min ago"), "\(past)")
        }
    }

    @Test func exportsListBallotsOrOnlyCountsForAnonymousPolls() async throws {
        try await withTestBot(
            plugins: [LoadedPlugin(try VotingPlugin(configuration: .init()))], roster: roster, now: now
        ) { bot in
            _ = await bot.say(#"/poll new "Open?" "Yes, \"gladly\"" No"#, from: "fac")
            _ = await bot.say("/vote 1", from: "alice")
            // Open, its ballots wait for the close; a poll that is not here is one line, not a usage block.
            let early = await bot.say("/poll export 1", from: "fac").joined(separator: "\n")
            #expect(early == "Poll #1 is open: its ballots can be exported once it closes (/poll close 1).")
            let missing = await bot.say("/poll export 99", from: "fac").joined(separator: "\n")
            #expect(missing == "There is no poll 99 here; /poll list shows them.")
            _ = await bot.say("/poll close", from: "fac")
            let open = await bot.say("/poll export 1", from: "fac").joined(separator: "\n")
            #expect(open == "Poll #1 as CSV (1 ballot): one row per choice, times in UTC.")
            let file = try #require(bot.channel.sent.last?.reply.attachment)
            #expect(file.fileName == "poll-1-open.csv")
            #expect(file.mediaType == "text/csv; charset=utf-8")
            #expect(
                String(decoding: file.data, as: UTF8.self)
                    == "poll,option,voter,team,time\r\nOpen?,\"Yes, \"\"gladly\"\"\",test:alice,,2021-11-08T08:00:00+00:00\r\n"
            )
            #expect(await bot.say("/poll export 1", from: "alice").first?.contains("facilitators only") == true)
            _ = await bot.say(#"/poll new "Secret?" A B --anonymous"#, from: "fac")
            _ = await bot.say("/vote 2", from: "alice")
            _ = await bot.say("/poll close", from: "fac")
            let secret = await bot.say("/poll export 2", from: "fac").joined(separator: "\n")
            #expect(secret == "Poll #2 as CSV (1 ballot): votes per option (an anonymous poll names no voters).")
            let counts = try #require(bot.channel.sent.last?.reply.attachment)
            #expect(
                String(decoding: counts.data, as: UTF8.self) == "poll,option,votes\r\nSecret?,A,0\r\nSecret?,B,1\r\n")
        }
    }
}
