import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import VotingPlugin

private let roster = Roster(
    teams: [Team(id: "lao", name: "Lao PDR"), Team(id: "mongolia", name: "Mongolia")],
    facilitators: [UserRef(platform: "test", id: "fac")],
    participants: [
        UserRef(platform: "test", id: "bounmy"): "lao", UserRef(platform: "test", id: "saran"): "mongolia",
    ],
    timeZone: "Asia/Vientiane")

private func voting() throws -> LoadedPlugin { LoadedPlugin(try VotingPlugin(configuration: .init())) }

/// `/poll export` as a file: what a spreadsheet reads, and what it must never run or learn.
struct PollExportTests {
    @Test(
        "CSV fields are quoted per RFC 4180 and cells a spreadsheet would run are neutralised",
        arguments: [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\r\nlf", "\"cr\r\nlf\""),
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("a=b", "a=b"),
            ("", ""),
        ])
    func csvFields(text: String, expected: String) {
        #expect(PollExport.field(text) == expected)
    }

    @Test func theFileHasARowPerChoiceWithTeamAndTimeInTheReadersZone() async throws {
        let now = Date(timeIntervalSince1970: 1_636_358_400)  // 08:00 UTC, 15:00 in Vientiane
        try await withTestBot(plugins: [try voting()], roster: roster, now: now) { bot in
            _ = await bot.say(#"/poll new "Which, \"best\"?" "=1+1" "@here, now""#, from: "fac")
            _ = await bot.say("/vote 1", from: "bounmy")
            bot.clock.advance(by: 90)
            _ = await bot.say("/vote 2", from: "saran")
            _ = await bot.say("/poll close", from: "fac")
            let said = await bot.say("/poll export 1", from: "fac")
            #expect(said == ["Poll #1 as CSV (2 ballots): one row per choice, times in Asia/Vientiane."])
            let file = try #require(bot.channel.sent.last?.reply.attachment)
            #expect(file.fileName == "poll-1-which-best.csv")
            #expect(file.mediaType == "text/csv; charset=utf-8")
            #expect(
                String(decoding: file.data, as: UTF8.self)
                    == "poll,option,voter,team,time\r\n"
                    + "\"Which, \"\"best\"\"?\",'=1+1,test:bounmy,Lao PDR,2021-11-08T15:00:00+07:00\r\n"
                    + "\"Which, \"\"best\"\"?\",\"'@here, now\",test:saran,Mongolia,2021-11-08T15:01:30+07:00\r\n")
        }
    }

    @Test func aRankedBallotsRowsCarryTheirRank() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Rank?" A B C --method ranked"#, from: "fac")
            _ = await bot.say("/vote 3 1 2", from: "bounmy")
            _ = await bot.say("/poll close", from: "fac")
            _ = await bot.say("/poll export 1", from: "fac")
            let file = try #require(bot.channel.sent.last?.reply.attachment)
            let rows = String(decoding: file.data, as: UTF8.self).split(separator: "\r\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).prefix(4).joined(separator: ",")
            }
            #expect(
                rows == [
                    "poll,option,rank,voter", "Rank?,C,1,test:bounmy", "Rank?,A,2,test:bounmy", "Rank?,B,3,test:bounmy",
                ])
        }
    }

    @Test func anAnonymousPollsFileHasVotesPerOptionAndNoVoterTeamOrTime() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Secret?" A B --anonymous"#, from: "fac")
            _ = await bot.say("/vote 1", from: "bounmy")
            _ = await bot.say("/vote 2", from: "saran")
            _ = await bot.say("/poll close", from: "fac")
            _ = await bot.say("/poll export 1", from: "fac")
            let file = try #require(bot.channel.sent.last?.reply.attachment)
            let csv = String(decoding: file.data, as: UTF8.self)
            #expect(csv == "poll,option,votes\r\nSecret?,A,1\r\nSecret?,B,1\r\n")
            for name in ["bounmy", "saran", "test:", "Lao", "Mongolia", "2021"] { #expect(!csv.contains(name)) }
        }
    }

    @Test(
        "the file name is made of the poll's words, safe whatever the question says",
        arguments: [
            (#""../../etc/.passwd?""#, "poll-1-etc-passwd.csv"),
            (#""Какой вариант?""#, "poll-1.csv"),
            (#""Café; rm -rf /?""#, "poll-1-cafe-rm-rf.csv"),
        ])
    func safeFileNames(question: String, expected: String) async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say("/poll new \(question) A B", from: "fac")
            _ = await bot.say("/poll close", from: "fac")
            _ = await bot.say("/poll export 1", from: "fac")
            let file = try #require(bot.channel.sent.last?.reply.attachment)
            #expect(file.fileName == expected)
        }
    }
}
