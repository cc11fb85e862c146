import BotCore
import BotRuntime
import BotTesting
import Foundation
import Logging
import Testing

@testable import VotingPlugin

/// A roster with two teams, listed participants in each, and one facilitator.
private let teamRoster = Roster(
    teams: [Team(id: "lao", name: "Lao PDR"), Team(id: "mongolia", name: "Mongolia")],
    facilitators: [UserRef(platform: "test", id: "fac")],
    participants: [
        UserRef(platform: "test", id: "bounmy"): "lao", UserRef(platform: "test", id: "keo"): "lao",
        UserRef(platform: "test", id: "saran"): "mongolia", UserRef(platform: "test", id: "bat"): "mongolia",
    ])

private func voting(_ configuration: VotingConfiguration = .init()) throws -> LoadedPlugin {
    LoadedPlugin(try VotingPlugin(configuration: configuration))
}

struct SeveralPollsTests {
    @Test func withSeveralOpenPollsCommandsNeedAnIdAndWithOneTheyDoNot() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "First?" A B"#, from: "fac")
            _ = await bot.say(#"/poll new "Second?" C D"#, from: "fac")
            let ambiguous = await bot.say("/vote 1", from: "bounmy").joined()
            #expect(ambiguous.contains("Several polls are open here (#1, #2)"))
            #expect(await bot.say("/poll close", from: "fac").joined().contains("Several polls are open here (#1, #2)"))
            #expect(await bot.say("/vote #2 2", from: "bounmy").first?.hasPrefix("Vote recorded: D") == true)
            #expect(await bot.say("/vote #9 1", from: "bounmy").first == "There is no poll #9 here.")
            let first = await bot.say("/poll close 1", from: "fac").joined(separator: "\n")
            #expect(first.hasPrefix("Closed. Results of poll #1: First? (0 ballots)"))
            #expect(first.contains("No votes: no winner."))
            // One poll open now: no id needed, and it is #2.
            #expect(await bot.say("/vote 1", from: "keo").first?.hasPrefix("Vote recorded: C") == true)
            #expect(await bot.say("/vote #1 1", from: "keo").first == "Poll #1 is closed.")
            let second = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(second.hasPrefix("Closed. Results of poll #2: Second? (2 ballots)"))
            #expect(second.contains("Tie between C, D, with 1 each."))
            let list = await bot.say("/poll list").joined(separator: "\n")
            #expect(list == "#1 First? (closed)\n#2 Second? (closed)")
        }
    }

    @Test func aPollInAnotherChatIsNotReachableFromThisOne() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "Elsewhere?" A B"#, from: "fac", in: "other")
            #expect(await bot.say("/vote 1", from: "bounmy").first == "There is no open poll here.")
            #expect(await bot.say("/vote #1 1", from: "bounmy").first == "There is no poll #1 here.")
            #expect(await bot.say("/poll list").first == "No polls here yet.")
        }
    }
}

struct BallotTests {
    @Test func aBallotCanBeShownChangedAndWithdrawnAndOnlyTheLatestCounts() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(
                #"/poll new "Topic?" "Learning cities" "Digital skills" "Recognition" --method multi --max 2"#,
                from: "fac")
            #expect(await bot.say("/vote", from: "bounmy").joined(separator: "\n").hasSuffix("You have not voted yet."))
            _ = await bot.say("/vote 1 3", from: "bounmy")
            #expect(
                await bot.say("/vote", from: "bounmy").first?.hasSuffix("Your vote: Learning cities, Recognition")
                    == true)
            _ = await bot.say("/vote digital", from: "bounmy")
            #expect(await bot.say("/vote #1", from: "bounmy").first?.hasSuffix("Your vote: Digital skills") == true)
            _ = await bot.say("/vote 1", from: "keo")
            #expect(await bot.say("/unvote", from: "keo").first == "Your vote in poll #1 is withdrawn.")
            #expect(await bot.say("/unvote", from: "keo").first == "You had not voted in poll #1.")
            let results = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(results.contains("(1 ballot)"))
            #expect(results.contains("██████████ 1 — Digital skills (100%)"))
            #expect(results.contains("░░░░░░░░░░ 0 — Learning cities (0%)"))
            #expect(await bot.say("/unvote", from: "bounmy").first == "There is no open poll here.")
        }
    }
}

struct ResultsTests {
    @Test func resultsStayHiddenWhileOpenUnlessThePollIsLive() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "Hidden?" A B"#, from: "fac")
            _ = await bot.say("/vote 1", from: "bounmy")
            #expect(
                await bot.say("/poll results", from: "bounmy").first
                    == "Poll #1 is open: results are hidden until the poll closes.")
            #expect(
                await bot.say("/poll results 1", from: "fac").first
                    == "Poll #1 is open: results are hidden until the poll closes.")
            #expect(
                await bot.say("/poll export 1", from: "fac").first
                    == "Poll #1 is open: its ballots can be exported once it closes (/poll close 1).")
            _ = await bot.say("/poll close 1", from: "fac")
            _ = await bot.say(#"/poll new "Live?" A B --live"#, from: "fac")
            _ = await bot.say("/vote 2", from: "bounmy")
            let live = await bot.say("/poll results", from: "keo").joined(separator: "\n")
            #expect(live.hasPrefix("Results of poll #2: Live? (1 ballot)"))
            #expect(live.contains("██████████ 1 — B (100%)"))
            // Once closed, everyone may see the first poll's results.
            #expect(
                await bot.say("/poll results 1", from: "keo").first?.hasPrefix(
                    "Results of poll #1: Hidden? (1 ballot)\n") == true)
        }
    }

    @Test func resultsCountParticipantsOfTheChatAndBreakVotesDownByTeam() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "Priority?" Pathways Cities Digital"#, from: "fac")
            _ = await bot.say("/vote 1", from: "bounmy")
            _ = await bot.say("/vote 2", from: "keo")
            _ = await bot.say("/vote 2", from: "saran")
            _ = await bot.say("/vote 2", from: "guest")
            let results = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(
                results == """
                    Closed. Results of poll #1: Priority? (4 ballots)
                    3 of 4 participants voted; also 1 not on the roster.
                    ████████░░ 3 — Cities (75%)
                    ███░░░░░░░ 1 — Pathways (25%)
                    ░░░░░░░░░░ 0 — Digital (0%)
                    Winner: Cities.
                    By team:
                    Lao PDR (2 voters): Pathways 1, Cities 1
                    Mongolia (1 voter): Cities 1
                    No team (1 voter): Cities 1
                    """)
        }
    }

    @Test func aTeamChatCountsOnlyItsTeamAndShowsNoBreakdownForOneTeam() async throws {
        var roster = teamRoster
        roster.teams[0].chats = [ChatRef(platform: "test", id: "lao-room")]
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Lao only?" A B"#, from: "fac", in: "lao-room")
            _ = await bot.say("/vote 1", from: "bounmy", in: "lao-room")
            let results = await bot.say("/poll close", from: "fac", in: "lao-room").joined(separator: "\n")
            #expect(results.contains("1 of 2 participants voted."))
            #expect(!results.contains("By team:"))
        }
    }

    @Test func dotPercentagesAreSharesOfAllDotsAndTiesAreNamed() {
        let poll = Poll(
            id: 4, question: "Dots?", options: ["A", "B", "C"], method: .dots, maximum: 3,
            chat: ChatRef(platform: "test", id: "room"), open: false, createdBy: "fac", dots: 3)
        let ballots = [[0, 0, 1], [1, 1, 0]].map { CastBallot(voter: nil, ballot: Ballot(choices: $0)) }
        let text = Tally.results(of: poll, ballots: ballots, roster: Roster(), closedNow: false).plainText
        #expect(
            text == """
                Results of poll #4: Dots? (2 ballots)
                █████░░░░░ 3 dots — A (50%)
                █████░░░░░ 3 dots — B (50%)
                ░░░░░░░░░░ 0 dots — C (0%)
                Tie between A, B, with 3 each.
                """)
    }

    @Test func multiPercentagesAreSharesOfVoters() {
        let poll = Poll(
            id: 1, question: "Multi?", options: ["A", "B", "C"], method: .multi, maximum: 2,
            chat: ChatRef(platform: "test", id: "room"), open: false, createdBy: "fac")
        let ballots = [[0, 1], [0], [0, 2]].map { CastBallot(voter: nil, ballot: Ballot(choices: $0)) }
        let lines = Tally.results(of: poll, ballots: ballots, roster: Roster(), closedNow: false).lines.map(\.plainText)
        #expect(
            lines.dropFirst() == [
                "██████████ 3 — A (100%)", "███░░░░░░░ 1 — B (33%)", "███░░░░░░░ 1 — C (33%)", "Winner: A.",
            ])
    }

    @Test func instantRunoffWithAnExactTieInTheLastRoundKeepsTheOptionListedFirstAndSaysSo() {
        let lines = Tally.instantRunoff([[0, 1], [1, 0], [2, 0], [2, 1]], options: ["A", "B", "C"])
        #expect(
            lines == [
                "Round 1: C 2, A 1, B 1",
                "Eliminated: B (tie between A and B at 1, broken by the tie rule: the option listed later in the poll goes).",
                "Round 2: A 2, C 2",
                "Eliminated: C (tie between A and C at 2, broken by the tie rule: the option listed later in the poll goes).",
                "Round 3: A 3", "Winner: A with 3 of 3, after ties broken by list order in rounds 1 and 2.",
            ])
    }

    @Test func instantRunoffWithExhaustedBallotsCountsOnlyActiveOnes() {
        let lines = Tally.instantRunoff([[0], [0], [1], [2]], options: ["A", "B", "C"])
        #expect(
            lines == [
                "Round 1: A 2, B 1, C 1",
                "Eliminated: C (tie between B and C at 1, broken by the tie rule: the option listed later in the poll goes).",
                "Round 2: A 2, B 1",
                "Winner: A with 2 of 3, after the tie between B and C in round 1 was broken by list order.",
            ])
        #expect(Tally.instantRunoff([], options: ["A", "B"]) == ["Round 1: A 0, B 0", "No ballots: no winner."])
    }

    @Test func optionTextIsEscapedByRenderersAndCannotPingTheWholeChat() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "<b>Q</b>?" "@room party" "<i>x</i>""#, from: "fac")
            let reply = try #require(bot.channel.sent.last?.reply)
            let html = HTMLRenderer.render(reply)
            #expect(html.contains("&lt;b&gt;Q&lt;/b&gt;?"))
            #expect(html.contains("2. &lt;i&gt;x&lt;/i&gt;"))
            #expect(reply.plainText.contains("1. @\u{2060}room party"))
            #expect(!reply.plainText.contains("@room"))
            let holds = !reply.buttons.flatMap { $0 }.map(\.title).contains { $0.contains("@room") }
            #expect(holds)
        }
    }
}

struct TeamPollTests {
    @Test func aTeamPollTakesOnlyThatTeamsMembers() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            #expect(
                await bot.say(#"/poll new "Q?" A B --team narnia"#, from: "fac").joined().contains(
                    "no team narnia; the roster's teams: lao, mongolia"))
            let opened = await bot.say(#"/poll new "Lao topic?" A B --team lao"#, from: "fac").joined(separator: "\n")
            #expect(opened.contains("for the Lao PDR team only"))
            #expect(
                await bot.say("/vote 1", from: "saran").first
                    == "Poll #1 is for the Lao PDR team only; the roster does not list you in it.")
            #expect(
                await bot.say("/vote 1", from: "guest").first
                    == "Poll #1 is for the Lao PDR team only; the roster does not list you in it.")
            #expect(await bot.say("/vote 2", from: "bounmy").first?.hasPrefix("Vote recorded: B") == true)
            let results = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(results.contains("(1 ballot)"))
            #expect(results.contains("1 of 2 participants voted."))
        }
    }
}

struct NudgeTests {
    @Test func aNudgeCountsWhoHasNotVotedPerTeamWithoutNamingAnyone() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "Q?" A B"#, from: "fac")
            _ = await bot.say("/vote 1", from: "bounmy")
            _ = await bot.say("/vote 2", from: "saran")
            _ = await bot.say("/vote 2", from: "bat")
            #expect(await bot.say("/poll nudge", from: "bounmy").first?.contains("facilitators only") == true)
            let nudge = await bot.say("/poll nudge 1", from: "fac")
            let text = nudge.joined(separator: "\n")
            #expect(
                text == """
                    Poll #1: Q? is open; 1 of 4 participants has not voted yet.
                    Lao PDR: 1 of 2 participants
                    Everyone in Mongolia has voted.
                    Vote with /vote #1 <number>; /vote #1 shows the options.
                    """)
            for name in ["bounmy", "keo", "saran", "bat"] { #expect(!text.contains(name)) }
            // Once everyone has voted, the nudge is one line, without buttons.
            _ = await bot.say("/vote 1", from: "keo")
            let done = await bot.say("/poll nudge", from: "fac")
            #expect(done == ["Poll #1: Q? — everyone has voted (4 of 4 participants)."])
            #expect(bot.channel.sent.last?.reply.buttons.isEmpty == true)
            _ = await bot.say("/poll close", from: "fac")
            #expect(await bot.say("/poll nudge 1", from: "fac").first == "Poll #1 is closed.")
        }
    }
}

struct ReopenTests {
    @Test func aPollReopensOnlyWhileItsResultsAreHeldBack() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "Q?" A B"#, from: "fac")
            _ = await bot.say("/vote 1", from: "bounmy")
            let held = await bot.say("/poll close --hold", from: "fac").first
            #expect(
                held
                    == "Poll #1 is closed; its results are held back. /poll results 1 announces them, /poll reopen 1 opens it again."
            )
            #expect(await bot.say("/vote 2", from: "keo").first == "There is no open poll here.")
            #expect(
                await bot.say("/poll results 1", from: "keo").first
                    == "Poll #1 is closed; a facilitator will announce the results.")
            #expect(await bot.say("/poll reopen 1", from: "keo").first?.contains("facilitators only") == true)
            #expect(await bot.say("/poll reopen", from: "fac").joined().contains("which poll?"))
            let reopened = await bot.say("/poll reopen 1", from: "fac").joined(separator: "\n")
            #expect(reopened.hasPrefix("Poll #1 is open again."))
            #expect(await bot.say("/poll reopen 1", from: "fac").first == "Poll #1 is open already.")
            _ = await bot.say("/vote 2", from: "keo")
            let results = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(results.hasPrefix("Closed. Results of poll #1: Q? (2 ballots)"))
            #expect(
                await bot.say("/poll reopen 1", from: "fac").first
                    == "Poll #1 cannot be reopened: its results were announced. Open a new poll instead. Nothing was changed."
            )
        }
    }

    @Test func aFacilitatorAnnouncingHeldResultsEndsTheChanceToReopen() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "Q?" A B"#, from: "fac")
            _ = await bot.say("/poll close 1 --hold", from: "fac")
            #expect(await bot.say("/poll list").first == "#1 Q? (closed, results held back)")
            #expect(
                await bot.say("/poll results 1", from: "fac").first?.hasPrefix("Results of poll #1: Q? (0 ballots)\n")
                    == true)
            #expect(await bot.say("/poll reopen 1", from: "fac").first?.contains("its results were announced") == true)
            #expect(await bot.say("/poll list").first == "#1 Q? (closed)")
        }
    }

    @Test func aScheduledCloseAnnouncesSoThePollCannotBeReopened() async throws {
        let now = Date(timeIntervalSince1970: 1_636_358_400)  // 2021-11-08 08:00 UTC
        try await withTestBot(plugins: [try voting(.init(closingNotice: "0"))], roster: teamRoster, now: now) { bot in
            _ = await bot.say(#"/poll new "Q?" A B --closes "2021-11-08 09:00""#, from: "fac")
            let held = await eventually { bot.clock.sleeperCount > 0 }
            #expect(held)
            bot.clock.advance(by: 3600)
            let held2 = await eventually { bot.channel.sent.count == 2 }
            #expect(held2)
            #expect(await bot.say("/poll reopen 1", from: "fac").first?.contains("its results were announced") == true)
        }
    }
}

struct ReplayedOpeningTests {
    @Test func aPollOpeningHandledTwiceNamesThePollItOpened() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "First?" A B"#, from: "fac")
            for _ in 0..<2 {
                bot.channel.push(bot.channel.message(#"/poll new "Second?" C D"#, from: "fac", id: "update-9"))
            }
            let held = await eventually { bot.channel.sent.count == 3 }
            #expect(held)
            let replies = bot.channel.sent.suffix(2)
            let holds = replies.allSatisfy { $0.reply.plainText.hasPrefix("Poll #2: Second?") }
            #expect(holds)
            let holds2 = replies.allSatisfy { $0.reply.buttons.flatMap { $0 }.first?.command == "/vote #2 1" }
            #expect(holds2)
            #expect(await bot.say("/poll list").joined(separator: "\n").components(separatedBy: "\n").count == 2)
        }
    }
}

struct InterruptedCloseTests {
    @Test func aScheduledCloseInterruptedAfterClosingStillPostsItsResultsOnce() async throws {
        let now = Date(timeIntervalSince1970: 1_636_358_400)  // 2021-11-08 08:00 UTC
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poll-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestBot(
            plugins: [try voting(.init(closingNotice: "0"))], roster: teamRoster, now: now, storeDirectory: directory
        ) { bot in
            _ = await bot.say(#"/poll new "Q?" A B --closes "2021-11-08 09:00""#, from: "fac")
            _ = await bot.say("/vote 2", from: "bounmy")
            // What a crash leaves after the close job's transaction and before its results were queued.
            let foundJob = try await bot.store.transaction {
                try $0.jobs(owner: "voting", keyPrefix: "", states: [.pending])
            }.first
            let job = try #require(foundJob)
            try await bot.store.transaction { tx in
                _ = try tx.moveJob(id: job.id, from: .pending, to: .firing, at: now, note: nil)
            }
            try await PluginStorage(namespace: "voting", store: bot.store, clock: bot.clock).transaction { tx in
                var poll = try #require(try tx.get(Poll.self, "polls", VotingPlugin.key(1)))
                poll.open = false
                poll.announced = true
                poll.closedByJob = job.id
                try tx.put(poll, "polls", VotingPlugin.key(1))
            }
        }
        try await withTestBot(
            plugins: [try voting(.init(closingNotice: "0"))], roster: teamRoster, now: now.addingTimeInterval(7200),
            storeDirectory: directory
        ) { bot in
            let held = await eventually { bot.channel.sent.count == 1 }
            #expect(held)
            #expect(
                bot.channel.sent.first?.reply.plainText.hasPrefix("Closed. Results of poll #1: Q? (1 ballot)") == true)
            try await Task.sleep(for: .milliseconds(200))
            #expect(bot.channel.sent.count == 1)
        }
    }
}

struct ClosingNoticeTests {
    let now = Date(timeIntervalSince1970: 1_636_358_400)  // 2021-11-08 08:00 UTC

    @Test func theChatHearsAnHourBeforeAPollClosesThenGetsTheResults() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster, now: now) { bot in
            _ = await bot.say(#"/poll new "Q?" A B --closes "2021-11-08 10:00""#, from: "fac")
            _ = await bot.say("/vote 1", from: "bounmy")
            bot.clock.advance(by: 3600)
            let held = await eventually { bot.channel.sent.count == 3 }
            #expect(held)
            let notice = try #require(bot.channel.sent.last?.reply)
            #expect(notice.isNotice)
            #expect(
                notice.plainText
                    == "Poll #1 closes in 1 h: Q?\nVote or change your vote with /vote #1 <number>; /vote #1 shows the options."
            )
            let holds = notice.buttons.flatMap { $0 }.map(\.command) == ["/vote #1 1", "/vote #1 2"]
            #expect(holds)
            bot.clock.advance(by: 3600)
            let held2 = await eventually { bot.channel.sent.count == 4 }
            #expect(held2)
            #expect(
                bot.channel.sent.last?.reply.plainText.hasPrefix("Closed. Results of poll #1: Q? (1 ballot)") == true)
        }
    }

    @Test func theNoticeLeadTimeIsConfigurableAndZeroTurnsItOff() async throws {
        try await withTestBot(plugins: [try voting(.init(closingNotice: "0"))], roster: teamRoster, now: now) { bot in
            _ = await bot.say(#"/poll new "Q?" A B --closes "2021-11-08 10:00""#, from: "fac")
            bot.clock.advance(by: 7200)
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            #expect(bot.channel.sent.last?.reply.plainText.hasPrefix("Closed. Results") == true)
        }
        try await withTestBot(plugins: [try voting(.init(closingNotice: "30m"))], roster: teamRoster, now: now) { bot in
            _ = await bot.say(#"/poll new "Q?" A B --closes "2021-11-08 10:00""#, from: "fac")
            bot.clock.advance(by: 5400)
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            #expect(bot.channel.sent.last?.reply.plainText.hasPrefix("Poll #1 closes in 30 min") == true)
        }
        #expect(VotingConfiguration.leadTime(nil) == 3600)
        #expect(VotingConfiguration.leadTime("1h30m") == 5400)
        #expect(
            throws: PluginConfigurationError(
                path: ["closing_notice"], "expected a duration such as 1h, 30m or 0 (no notice)")
        ) {
            try VotingPlugin(configuration: .init(closingNotice: "soon"))
        }
    }

    @Test func closingAPollByHandCancelsItsNotice() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster, now: now) { bot in
            _ = await bot.say(#"/poll new "Q?" A B --closes "2021-11-08 10:00""#, from: "fac")
            let booked = try await bot.store.transaction { tx in
                try tx.jobs(owner: "voting", keyPrefix: "", states: [.pending])
            }
            #expect(booked.map(\.kind).sorted() == ["close-poll", "poll-closing-soon"])
            _ = await bot.say("/poll close", from: "fac")
            let pending = try await bot.store.transaction { tx in
                try tx.jobs(owner: "voting", keyPrefix: "", states: [.pending])
            }
            #expect(pending.isEmpty)
        }
    }
}

struct AnonymityTests {
    @Test func anAnonymousPollNeverSaysWhoVotedWhatInAnyOutput() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "Secret?" Alpha Beta --anonymous --live"#, from: "fac")
            var outputs: [String] = []
            let vote = await bot.say("/vote 2", from: "bounmy").joined()
            #expect(
                vote
                    == "Vote recorded in poll #1. It is anonymous, so your choices are not shown here. You can change them until the poll closes."
            )
            outputs.append(vote)
            outputs += await bot.say("/vote 1", from: "saran")
            let mine = await bot.say("/vote", from: "bounmy")
            #expect(
                mine.first?.hasSuffix(
                    "\nYou have voted. This poll is anonymous, so your choices are not shown in the chat.") == true)
            outputs += mine
            let live = await bot.say("/poll results", from: "fac")
            outputs += live
            outputs += await bot.say("/poll nudge", from: "fac")
            outputs += await bot.say("/poll list", from: "fac")
            let closed = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            outputs.append(closed)
            let export = await bot.say("/poll export 1", from: "fac")
            #expect(
                export.joined(separator: "\n")
                    == "Poll #1 as CSV (2 ballots): votes per option (an anonymous poll names no voters).")
            let file = try #require(bot.channel.sent.last?.reply.attachment)
            let csv = String(decoding: file.data, as: UTF8.self)
            #expect(csv == "poll,option,votes\r\nSecret?,Alpha,1\r\nSecret?,Beta,1\r\n")
            outputs += export + [csv]
            let all = outputs.joined(separator: "\n")
            for name in ["bounmy", "saran", "test:"] { #expect(!all.contains(name)) }
            // The breakdown by team gives only how many voted, since a team of one would give its voter away.
            #expect(closed.contains("Lao PDR: 1 voter"))
            #expect(closed.contains("Mongolia: 1 voter"))
            #expect(closed.hasSuffix("By team:\nLao PDR: 1 voter\nMongolia: 1 voter"))
            // The vote replies did not name the option either.
            #expect(!vote.contains("Beta"))
        }
    }
}

struct RefusalTests {
    @Test func participantsAreRefusedEveryFacilitatorSubcommandAndNothingChanges() async throws {
        try await withTestBot(
            plugins: [try voting(.init(templates: ["t": .init(question: "T?", options: ["A", "B"])]))],
            roster: teamRoster
        ) { bot in
            _ = await bot.say(#"/poll new "Q?" A B"#, from: "fac")
            _ = await bot.say("/poll close --hold", from: "fac")
            for command in [
                #"/poll new "X?" A B"#, "/poll start t", "/poll close 1", "/poll reopen 1", "/poll nudge 1",
                "/poll export 1",
                // Options or `--` before the subcommand do not hide it.
                "/poll --hold close 1", "/poll -- export 1", #"/poll --live new "X?" A B"#, "/poll --anonymous start t",
            ] {
                let reply = await bot.say(command, from: "bounmy").joined()
                #expect(reply.contains("is for facilitators only"), "\(command)")
                #expect(reply.contains("Nothing was changed"), "\(command)")
            }
            #expect(await bot.say("/poll list").first == "#1 Q? (closed, results held back)")
        }
    }

    @Test func badPollsAreRefusedAndNothingIsOpened() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            let many = (1...200).map { "o\($0)" }.joined(separator: " ")
            #expect(await bot.say("/poll new \"Big?\" \(many)", from: "fac").joined().contains("give 2 to 10 options"))
            #expect(
                await bot.say("/poll new", from: "fac").joined().contains("give a question and at least two options"))
            #expect(
                await bot.say(#"/poll new "One?" A"#, from: "fac").joined().contains(
                    "give a question and at least two options"))
            let long = String(repeating: "x", count: 101)
            #expect(
                await bot.say("/poll new \"Long?\" A \(long)", from: "fac").first
                    == "Not opened: option 2 is longer than 100 characters. Nothing was changed.")
            #expect(
                await bot.say(#"/poll new "Same?" Cities "cities" B"#, from: "fac").first
                    == "Not opened: options 1 and 2 are the same. Nothing was changed.")
            #expect(
                await bot.say(#"/poll new "Empty?" A "  ""#, from: "fac").first
                    == "Not opened: option 2 is empty. Nothing was changed.")
            #expect(
                await bot.say(#"/poll new "Q?" A B --method secret"#, from: "fac").joined().contains(
                    "--method is single, multi, dots or ranked"))
            #expect(await bot.say("/poll list").first == "No polls here yet.")
            #expect(
                throws: PluginConfigurationError(path: ["templates", "x", "options"], "options 1 and 2 are the same")
            ) {
                try VotingPlugin(configuration: .init(templates: ["x": .init(question: "Q", options: ["A", "a"])]))
            }
        }
    }

    @Test func badBallotsAreRefusedAndTheStoredBallotStays() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            #expect(await bot.say("/vote 1", from: "bounmy").first == "There is no open poll here.")
            _ = await bot.say(#"/poll new "Ranked?" A B C --method ranked"#, from: "fac")
            _ = await bot.say("/vote 3 1 2", from: "bounmy")
            #expect(await bot.say("/vote 1 1", from: "bounmy").first == "Rank each option once.")
            #expect(
                await bot.say("/vote 4", from: "bounmy").joined().contains(
                    "4 is not one option: give its number, 1 to 3"))
            #expect(await bot.say("/vote 0", from: "bounmy").joined().contains("0 is not one option"))
            #expect(await bot.say("/vote zebra", from: "bounmy").joined().contains("zebra is not one option"))
            #expect(await bot.say("/vote", from: "bounmy").first?.hasSuffix("Your vote: C, A, B") == true)
            _ = await bot.say("/poll close", from: "fac")
            #expect(await bot.say("/vote 1", from: "bounmy").first == "There is no open poll here.")
            #expect(await bot.say("/vote #1 1", from: "bounmy").first == "Poll #1 is closed.")
            #expect(await bot.say("/unvote #1", from: "bounmy").first == "Poll #1 is closed.")
            _ = await bot.say(#"/poll new "Dots?" A B --method dots --dots 2"#, from: "fac")
            _ = await bot.say("/vote 1 2", from: "bounmy")
            #expect(await bot.say("/vote 1 1 2", from: "bounmy").first == "You have 2 dots.")
            #expect(await bot.say("/vote", from: "bounmy").first?.hasSuffix("Your vote: A, B") == true)
            #expect(await bot.say("/vote #x 1", from: "bounmy").joined().contains("#x is not a poll id"))
        }
    }
}

struct DurabilityTests {
    @Test func aBallotCommittedBeforeARestartIsKeptAndItsRedeliveryCountsOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "voting-restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestBot(plugins: [try voting()], roster: teamRoster, storeDirectory: directory) { bot in
            _ = await bot.say(#"/poll new "Q?" A B"#, from: "fac")
            _ = await bot.say("/vote 1", from: "saran")
            // The ballot commits, then the reply is lost: the process dies before the platform hears back.
            bot.channel.failNextSends([.transient("connection reset")])
            bot.channel.push(bot.channel.message("/vote 2", from: "bounmy", id: "update-500"))
            let held = await eventually { bot.channel.deliveryReceipts.count == 3 }
            #expect(held)
            #expect(bot.channel.sent.count == 2)
        }
        try await withTestBot(plugins: [try voting()], roster: teamRoster, storeDirectory: directory) { bot in
            // The platform delivers the unanswered update again after the restart.
            bot.channel.push(bot.channel.message("/vote 2", from: "bounmy", id: "update-500"))
            let held = await eventually { bot.channel.sent.count == 1 }
            #expect(held)
            #expect(bot.channel.sent.last?.reply.plainText.hasPrefix("Vote recorded: B") == true)
            let results = await bot.say("/poll close", from: "fac").joined(separator: "\n")
            #expect(results.hasPrefix("Closed. Results of poll #1: Q? (2 ballots)"))
            #expect(results.contains("█████░░░░░ 1 — A (50%)"))
            #expect(results.contains("█████░░░░░ 1 — B (50%)"))
        }
    }

    @Test func fiveHundredVotersInOnePoll() async throws {
        let teams = (0..<5).map { Team(id: "t\($0)", name: "Team \($0)") }
        var participants: [UserRef: String] = [:]
        for index in 0..<500 { participants[UserRef(platform: "test", id: "p\(index)")] = "t\(index % 5)" }
        let roster = Roster(
            teams: teams, facilitators: [UserRef(platform: "test", id: "fac")], participants: participants)
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Which?" A B C"#, from: "fac")
            for index in 0..<500 {
                bot.channel.push(bot.channel.message("/vote \(index % 4 == 0 ? 2 : 1)", from: "p\(index)"))
            }
            let held = await eventually(timeout: .seconds(120)) { bot.channel.sent.count == 501 }
            #expect(held)
            // Everyone changes nothing, one person changes their mind: the latest ballot counts.
            _ = await bot.say("/vote 3", from: "p0")
            let results = await bot.say("/poll close", from: "fac", timeout: .seconds(30)).joined(separator: "\n")
            #expect(results.hasPrefix("Closed. Results of poll #1: Which? (500 ballots)"))
            #expect(results.contains("500 of 500 participants voted."))
            #expect(results.contains("████████░░ 375 — A (75%)"))
            #expect(results.contains("███░░░░░░░ 124 — B (25%)"))
            #expect(results.contains("░░░░░░░░░░ 1 — C (0%)"))
            #expect(results.contains("Team 0 (100 voters): A 75, B 24, C 1"))
            #expect(results.contains("Team 4 (100 voters): A 75, B 25"))
        }
    }
}

/// Runs `text` as `user` straight through the plugin's handler with a recording logger: the same handler the
/// runtime calls, so the log lines are the plugin's own.
private func run(
    _ text: String, as user: String, role: Role, _ plugin: VotingPlugin, _ bot: TestBot, logs: LogLines
) async throws -> Reply {
    guard case .command(let parsed) = CommandParser.parse(text),
        let command = plugin.commands.first(where: { $0.name == parsed.name })
    else { throw CommandError.usage() }
    let message = bot.channel.message(text, from: user, at: bot.clock.now())
    let invocation = try CommandInvocation.bind(parsed, to: command, message: message)
    let context = CommandContext(
        caller: Caller(
            user: message.sender, displayName: user, role: role,
            team: teamRoster.team(of: message.sender, in: message.chat), roleSource: "test"),
        chat: message.chat, clock: bot.clock, logger: logs.logger,
        storage: PluginStorage(namespace: "voting", store: bot.store, clock: bot.clock),
        roster: teamRoster, catalog: CommandCatalog(sections: []))
    return try await command.handler(invocation, context)
}

struct VotingLogTests {
    @Test func aReopenIsLoggedWithWhoDidItAndAnonymousBallotsNeverReachTheLog() async throws {
        let plugin = try VotingPlugin(configuration: .init())
        let logs = LogLines()
        try await withTestBot(plugins: [LoadedPlugin(plugin)], roster: teamRoster) { bot in
            _ = try await run(
                #"/poll new "Secret?" Alpha Beta --anonymous"#, as: "fac", role: .facilitator, plugin, bot, logs: logs)
            _ = try await run("/vote 2", as: "bounmy", role: .participant, plugin, bot, logs: logs)
            _ = try await run("/poll close --hold", as: "fac", role: .facilitator, plugin, bot, logs: logs)
            let reopened = try await run("/poll reopen 1", as: "fac", role: .facilitator, plugin, bot, logs: logs)
            #expect(reopened.plainText.hasPrefix("Poll #1 is open again."))
            _ = try await run("/vote 1", as: "bounmy", role: .participant, plugin, bot, logs: logs)
            _ = try await run("/poll close", as: "fac", role: .facilitator, plugin, bot, logs: logs)
            _ = try await run("/poll export 1", as: "fac", role: .facilitator, plugin, bot, logs: logs)
            #expect(logs.all.contains("notice poll reopened by=test:fac chat=test:room poll=1"))
            let all = logs.all.joined(separator: "\n")
            for secret in ["bounmy", "Alpha", "Beta"] { #expect(!all.contains(secret)) }
        }
    }
}

extension VotingLogTests {
    @Test func anEditAndADeleteAreLoggedWithWhoAndWhichPoll() async throws {
        let plugin = try VotingPlugin(configuration: .init())
        let logs = LogLines()
        try await withTestBot(plugins: [LoadedPlugin(plugin)], roster: teamRoster) { bot in
            _ = try await run(#"/poll new "Typo?" Alpha Beta"#, as: "fac", role: .facilitator, plugin, bot, logs: logs)
            let edited = try await run(
                #"/poll edit 1 "Fixed?" Alpha Gamma"#, as: "fac", role: .facilitator, plugin, bot, logs: logs)
            #expect(edited.plainText.hasPrefix("Poll #1 is edited."))
            let deleted = try await run("/poll delete 1", as: "fac", role: .facilitator, plugin, bot, logs: logs)
            #expect(deleted.plainText.hasPrefix("Deleted poll #1: Fixed?"))
            #expect(logs.all.contains("notice poll edited by=test:fac chat=test:room poll=1"))
            #expect(logs.all.contains("notice poll deleted by=test:fac chat=test:room poll=1"))
        }
    }
}

struct MultipleChoiceButtonTests {
    let now = Date(timeIntervalSince1970: 1_636_358_400)
    let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])

    @Test func tapsAddAndRemoveChoicesOfAMultipleChoicePollUpToItsMaximum() async throws {
        try await withTestBot(
            plugins: [LoadedPlugin(try VotingPlugin(configuration: .init()))], roster: roster, now: now
        ) { bot in
            _ = await bot.say(#"/poll new "Which two?" A B C --method multi --max 2 --live"#, from: "fac")
            let commands = bot.channel.sent.last?.reply.buttons.flatMap { $0 }.map(\.command)
            #expect(commands == ["/vote #1 ~1", "/vote #1 ~2", "/vote #1 ~3"])
            let holds =
                bot.channel.sent.last?.reply.buttons.flatMap { $0 }.map(\.select) == [
                    "/vote #1 +1", "/vote #1 +2", "/vote #1 +3",
                ]
            #expect(holds)
            #expect(await bot.say("/vote #1 ~1").first?.hasPrefix("Vote recorded: A.") == true)
            #expect(await bot.say("/vote #1 ~3").first?.hasPrefix("Vote recorded: A, C.") == true)
            #expect(await bot.say("/vote #1 ~2").first == "Choose at most 2; tap a chosen option again to take it out.")
            #expect(await bot.say("/vote #1 ~1").first?.hasPrefix("Vote recorded: C.") == true)
            // A reaction (`+`) only adds: choosing C again keeps it.
            #expect(await bot.say("/vote #1 +3").first?.hasPrefix("Vote recorded: C.") == true)
            #expect(await bot.say("/vote #1 ~3").first == "Your ballot in poll #1 is empty now, so it does not count.")
            #expect(await bot.say("/vote #1 ~2").first?.hasPrefix("Vote recorded: B.") == true)
            let results = await bot.say("/poll results 1").joined(separator: "\n")
            #expect(results.contains("(1 ballot)"))
            #expect(results.contains("1 — B (100%)"))
        }
    }

    @Test func aWithdrawnTapTakesOnlyThatChoiceOut() async throws {
        try await withTestBot(
            plugins: [LoadedPlugin(try VotingPlugin(configuration: .init()))], roster: roster, now: now
        ) { bot in
            _ = await bot.say(#"/poll new "One?" A B C --live"#, from: "fac")
            let holds =
                bot.channel.sent.last?.reply.buttons.flatMap { $0 }.map(\.undo) == [
                    "/vote #1 -1", "/vote #1 -2", "/vote #1 -3",
                ]
            #expect(holds)
            _ = await bot.say("/vote #1 2")
            #expect(await bot.say("/vote #1 -3").first == "Option 3 was not in your ballot; nothing changed.")
            #expect(await bot.say("/poll results 1").joined(separator: "\n").contains("(1 ballot)"))
            #expect(await bot.say("/vote #1 -2").first == "Your ballot in poll #1 is empty now, so it does not count.")
            #expect(await bot.say("/poll results 1").joined(separator: "\n").contains("(0 ballots)"))
        }
    }
}

/// Values no person means, typed or sent by a client: refused with a clear reply, nothing stored, no trap.
struct VotingBoundsTests {
    /// Monday 8 November 2021, 08:00 UTC.
    let now = Date(timeIntervalSince1970: 1_636_358_400)

    @Test func extremeOptionNumbersAreRefusedAndTheBallotStaysAsItWas() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster, now: now) { bot in
            _ = await bot.say(#"/poll new "Which?" A B C"#, from: "fac")
            #expect(await bot.say("/vote 2", from: "bounmy").first?.hasPrefix("Vote recorded: B") == true)
            // Once a trap (arithmetic overflow of number - 1), which stopped the process.
            for typed in ["-9223372036854775808", "9223372036854775807", "0", "4"] {
                let reply = await bot.say("/vote \(typed)", from: "bounmy").joined()
                #expect(reply.contains("\(typed) is not one option: give its number, 1 to 3"), "\(reply)")
            }
            #expect(
                await bot.say("/vote #1 -9223372036854775807", from: "bounmy").joined().contains("is not one option"))
            _ = await bot.say(#"/poll new "Which two?" A B C --method multi"#, from: "fac")
            for typed in ["~-9223372036854775808", "+9223372036854775807", "-9223372036854775808", "~0"] {
                let reply = await bot.say("/vote #2 \(typed)", from: "bounmy").joined()
                #expect(reply.contains("is not one option: give its number, 1 to 3"), "\(typed): \(reply)")
            }
            #expect(await bot.say("/vote #1", from: "bounmy").joined().contains("Your vote: B"))
            #expect(await bot.say("/vote #2", from: "bounmy").joined().contains("You have not voted yet."))
        }
    }

    @Test func pollSettingsOutsideTheirLimitsAreRefusedAndNoPollIsOpened() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster, now: now) { bot in
            let maxRefusal = "--max is the most options one ballot may choose: 1 to 2 here. Nothing was changed."
            #expect(await bot.say(#"/poll new "Q?" A B --method multi --max 0"#, from: "fac") == [maxRefusal])
            #expect(
                await bot.say(#"/poll new "Q?" A B --method multi --max -9223372036854775808"#, from: "fac") == [
                    maxRefusal
                ])
            #expect(await bot.say(#"/poll new "Q?" A B --method multi --max 3"#, from: "fac") == [maxRefusal])
            #expect(
                await bot.say(#"/poll new "Q?" A B --method multi --max 99999999999999999999"#, from: "fac").joined()
                    .contains("--max takes a whole number"))
            let dotsRefusal = "--dots is how many dots each voter spreads: 1 to 20. Nothing was changed."
            #expect(await bot.say(#"/poll new "Q?" A B --method dots --dots 21"#, from: "fac") == [dotsRefusal])
            #expect(await bot.say(#"/poll new "Q?" A B --method dots --dots 0"#, from: "fac") == [dotsRefusal])
            #expect(
                await bot.say(#"/poll new "Q?" A B --closes "2023-01-01 10:00""#, from: "fac") == [
                    "A poll can close at most a year ahead. Nothing was changed."
                ])
            for closes in [
                "99999999999-01-01 10:00", "0000-01-01 10:00", "2021-11-09 99:99", "2021-02-31 10:00",
                "2021-11-09 -1:00",
            ] {
                let reply = await bot.say(#"/poll new "Q?" A B --closes "\#(closes)""#, from: "fac").joined()
                #expect(reply.contains("--closes takes a future \"YYYY-MM-DD HH:MM\""), "\(closes): \(reply)")
            }
            #expect(await bot.say("/poll list").first == "No polls here yet.")
            // The limits themselves are accepted.
            #expect(
                await bot.say(#"/poll new "Q?" A B --method dots --dots 20 --closes "2022-11-08 08:00""#, from: "fac")
                    .first?.hasPrefix("Poll #1") == true)
        }
    }

    @Test func templatesAndTheClosingNoticeOutsideTheirLimitsAreRefusedAtLoad() {
        #expect(
            throws: PluginConfigurationError(path: ["templates", "t", "max"], "expected 1 to 2, the number of options")
        ) {
            try VotingPlugin(
                configuration: .init(templates: [
                    "t": .init(question: "Q", options: ["A", "B"], method: "multi", max: Int.max)
                ]))
        }
        #expect(throws: PluginConfigurationError(path: ["templates", "t", "dots"], "expected 1 to 20")) {
            try VotingPlugin(
                configuration: .init(templates: [
                    "t": .init(question: "Q", options: ["A", "B"], method: "dots", dots: -1)
                ]))
        }
        #expect(throws: PluginConfigurationError(path: ["closing_notice"], "at most 7d before the close")) {
            try VotingPlugin(configuration: .init(closingNotice: "8d"))
        }
    }
}

struct PollIndexTests {
    @Test func pollsStoredBeforeTheChatIndexAreIndexedAtStartAndVotedIn() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poll-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let room = ChatRef(platform: "test", id: "room")
        @Sendable func poll(_ id: Int, open: Bool, in chat: ChatRef) -> Poll {
            Poll(
                id: id, question: "Q\(id)?", options: ["A", "B"], method: .single, maximum: 1, chat: chat, open: open,
                createdBy: "fac")
        }
        // What an older version left: polls, and no index of them.
        try await withTestBot(plugins: [], storeDirectory: directory) { bot in
            try await PluginStorage(namespace: "voting", store: bot.store, clock: bot.clock).transaction { tx in
                try tx.put(poll(1, open: false, in: room), "polls", VotingPlugin.key(1))
                try tx.put(poll(2, open: true, in: room), "polls", VotingPlugin.key(2))
                try tx.put(
                    poll(3, open: true, in: ChatRef(platform: "test", id: "elsewhere")), "polls", VotingPlugin.key(3))
            }
        }
        try await withTestBot(plugins: [try voting()], roster: teamRoster, storeDirectory: directory) { bot in
            #expect(await bot.say("/vote 2", from: "bounmy").first?.hasPrefix("Vote recorded: B") == true)
            #expect(await bot.say("/vote #1 1", from: "bounmy").first == "Poll #1 is closed.")
            #expect(await bot.say("/vote #3 1", from: "bounmy").first == "There is no poll #3 here.")
            #expect(await bot.say("/vote 1", from: "keo", in: "elsewhere").first?.hasPrefix("Vote recorded: A") == true)
        }
    }

    @Test func aVoteReadsOnlyItsChatsPollsSoADamagedPollElsewhereStopsNothing() async throws {
        try await withTestBot(plugins: [try voting()], roster: teamRoster) { bot in
            _ = await bot.say(#"/poll new "Here?" A B"#, from: "fac")
            // Another chat's poll record, damaged (as a disk fault or a bad edit could leave it).
            try await bot.store.transaction { tx in
                try tx.putRecord(
                    namespace: "voting", collection: "polls", key: VotingPlugin.key(7), value: Data("{".utf8))
            }
            #expect(await bot.say("/vote 1", from: "bounmy").first?.hasPrefix("Vote recorded: A") == true)
            #expect(await bot.say("/unvote", from: "bounmy").first == "Your vote in poll #1 is withdrawn.")
            #expect(await bot.say("/vote", from: "bounmy").joined().contains("You have not voted yet."))
        }
    }

    @Test func theChatIndexFollowsOpeningClosingAndReopening() throws {
        var index = ChatPolls()
        func poll(_ id: Int, open: Bool) -> Poll {
            Poll(
                id: id, question: "Q?", options: ["A", "B"], method: .single, maximum: 1,
                chat: ChatRef(platform: "test", id: "room"), open: open, createdBy: "fac")
        }
        index.record(poll(3, open: true))
        index.record(poll(1, open: true))
        #expect(index == ChatPolls(open: [1, 3], latest: 3))
        index.record(poll(3, open: false))
        #expect(index == ChatPolls(open: [1], latest: 3))
        index.record(poll(3, open: true))
        index.record(poll(3, open: true))
        #expect(index == ChatPolls(open: [1, 3], latest: 3))
    }
}
