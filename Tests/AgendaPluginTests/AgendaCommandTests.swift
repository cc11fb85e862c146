import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import AgendaPlugin

struct AgendaCommandTests {
    let yaml = makeConfiguration(
        sessions: """
              - id: opening
                title: Opening plenary
                start: 2021-11-08 09:00
                end: 10:30
                where: https://meet.example.org/plenary
              - id: lao-drafting
                title: Lao drafting
                start: 2021-11-08 11:00
                duration: 1h
                team: lao
            """)
    let roster = Roster(
        teams: [
            Team(
                id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane",
                chats: [ChatRef(platform: "test", id: "lao-chat")])
        ])
    // 8 November 2021, 08:00 Hamburg (07:00 UTC).
    let morning = ISO8601DateFormatter().date(from: "2021-11-08T07:00:00Z")!

    @Test func readersSeeTheirOwnZoneAndTheTeamFilterApplies() async throws {
        try await withTestBot(plugins: [try load(yaml)], roster: roster, now: morning) { bot in
            let general = await bot.say("/agenda", in: "room").joined(separator: "\n")
            #expect(general.contains("times in Hamburg"))
            #expect(general.contains("09:00–10:30 Opening plenary"))
            #expect(general.contains("11:00–12:00 Lao drafting [lao]"))
            // The Lao team's chat: the team's zone, plenaries plus its own sessions.
            let lao = await bot.say("/agenda", in: "lao-chat").joined(separator: "\n")
            #expect(lao.contains("times in Vientiane"))
            #expect(lao.contains("15:00–16:30 Opening plenary (09:00 Hamburg)"))
            #expect(await bot.say("/tz Asia/Ulaanbaatar").first?.contains("Ulaanbaatar") == true)
            let mine = await bot.say("/agenda 2021-11-08").joined(separator: "\n")
            #expect(mine.contains("16:00–17:30 Opening plenary (09:00 Hamburg)"))
            #expect(await bot.say("/next").first?.contains("starts in 1 h") == true)
            #expect(await bot.say("/tz Mars/Base").first?.contains("not a time zone I know") == true)
            #expect(await bot.say("/agenda 2021-02-30").joined().contains("Usage"))
            #expect(
                await bot.say("/agenda 2021-11-13").first
                    == "No sessions on Saturday 13 November. The workshop has no more sessions.")
            #expect(
                await bot.say("/agenda 2021-11-07").first
                    == "No sessions on Sunday 7 November. Next: Monday 8 November 16:00 Opening plenary.")
        }
    }

    @Test func announcementsFireOnTimeOnceAcrossARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agenda-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestBot(plugins: [try load(yaml)], roster: roster, now: morning, storeDirectory: directory) {
            bot in
            // Due at 08:50 Hamburg, ten minutes before the session.
            let held = await eventually { bot.clock.sleeperCount > 0 }
            #expect(held)
            bot.clock.advance(by: 49 * 60)
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            #expect(bot.channel.sent.isEmpty)
            bot.clock.advance(by: 60)
            let held2 = await eventually { bot.channel.sent.count == 1 }
            #expect(held2)
            let announcement = try #require(bot.channel.sent.first)
            #expect(announcement.chat == ChatRef(platform: "test", id: "room"))
            #expect(announcement.reply.isNotice)
            #expect(
                announcement.reply.plainText.hasPrefix("Starting in 10 min: Opening plenary at 09:00 Hamburg time."))
        }
        // A restart (with the same agenda) neither repeats the announcement nor loses the next one.
        try await withTestBot(
            plugins: [try load(yaml)], roster: roster, now: morning.addingTimeInterval(55 * 60),
            storeDirectory: directory
        ) { bot in
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            let announce = try await bot.store.transaction {
                try $0.jobs(owner: "agenda", keyPrefix: "announce/", states: Set(JobState.allCases))
            }
            let holds = announce.filter { $0.key == "announce/opening" }.map(\.state) == [.done]
            #expect(holds)
            let holds2 = announce.contains { $0.key == "announce/lao-drafting" && $0.state == .pending }
            #expect(holds2)
        }
    }
}

struct AgendaChangeTests {
    let roster = Roster(
        teams: [
            Team(
                id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane",
                chats: [ChatRef(platform: "test", id: "lao-chat")])
        ])
    let morning = ISO8601DateFormatter().date(from: "2021-11-08T07:00:00Z")!

    let before = makeConfiguration(
        sessions: """
              - id: review
                title: Draft review
                start: 2021-11-16 14:00
                duration: 1h
              - id: lao-drafting
                title: Lao drafting
                start: 2021-11-17 09:00
                duration: 1h
                team: lao
              - id: same
                title: Unchanged
                start: 2021-11-18 09:00
                duration: 1h
            """)
    let after = makeConfiguration(
        sessions: """
              - id: review
                title: Draft review
                start: 2021-11-17 10:00
                duration: 1h
              - id: same
                title: Unchanged
                start: 2021-11-18 09:00
                duration: 1h
              - id: timelines
                title: Timelines
                start: 2021-11-19 09:00
                duration: 1h
            """)

    @Test func aChangedAgendaIsAnnouncedOnceToTheChatsConcerned() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agenda-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestBot(plugins: [try load(before)], roster: roster, now: morning, storeDirectory: directory) {
            bot in
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            #expect(bot.channel.sent.isEmpty)  // the first start has nothing to compare with
        }
        try await withTestBot(
            plugins: [try load(after)], roster: roster, now: morning.addingTimeInterval(60), storeDirectory: directory
        ) { bot in
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            try await Task.sleep(for: .milliseconds(100))
            let byChat = Dictionary(grouping: bot.channel.sent, by: \.chat.id).mapValues { $0.map(\.reply.plainText) }
            #expect(
                byChat["room"] == [
                    "Agenda changes:\nMoved: Draft review, Tue 16 Nov 14:00 → Wed 17 Nov 10:00 (Hamburg time)\nAdded: Timelines, Fri 19 Nov 09:00 (Hamburg time)"
                ])
            #expect(
                byChat["lao-chat"] == ["Agenda changes:\nCancelled: Lao drafting, was Wed 17 Nov 09:00 (Hamburg time)"])
            // The moved session's announcement follows it.
            let jobs = try await bot.store.transaction {
                try $0.jobs(owner: "agenda", keyPrefix: "announce/review", states: [.pending])
            }
            #expect(jobs.map(\.dueAt) == [ISO8601DateFormatter().date(from: "2021-11-17T08:50:00Z")!])
        }
        try await withTestBot(
            plugins: [try load(after)], roster: roster, now: morning.addingTimeInterval(120), storeDirectory: directory
        ) { bot in
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            #expect(bot.channel.sent.isEmpty)  // the same agenda again: nothing to announce
        }
    }
}

struct AgendaLookupTests {
    @Test func sessionDetailsShowWhatAnotherPluginAnswersForTheSession() async throws {
        let yaml = makeConfiguration(
            sessions: """
                  - id: opening
                    title: Opening plenary
                    start: 2021-11-08 09:00
                    end: 10:30
                """)
        let links = LoadedPlugin(
            name: "links", summary: "answers lookups", commands: [],
            lookups: [
                Lookup("session-resources") { key, _ in key == "opening" ? ["Slides <https://example.org/s>"] : [] }
            ])
        try await withTestBot(plugins: [try load(yaml), links]) { bot in
            let shown = await bot.say("/session opening").joined(separator: "\n")
            #expect(shown.hasSuffix("Resources:\nSlides <https://example.org/s>"))
        }
        try await withTestBot(plugins: [try load(yaml)]) { bot in
            #expect(!(await bot.say("/session opening").joined().contains("Resources")))
        }
    }
}

struct AgendaViewTests {
    let roster = Roster(
        teams: [
            Team(
                id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane",
                chats: [ChatRef(platform: "test", id: "lao-chat")])
        ])

    @Test func aDayViewIsRenderedOncePerZoneAndChatAndOnlyForTheWorkshopsDays() async throws {
        let agenda = try plugin(
            makeConfiguration(
                sessions: """
                      - id: opening
                        title: Opening plenary
                        start: 2021-11-08 09:00
                        end: 10:30
                    """))
        let morning = try #require(ISO8601DateFormatter().date(from: "2021-11-08T07:00:00Z"))
        try await withTestBot(plugins: [LoadedPlugin(agenda)], roster: roster, now: morning) { bot in
            let first = await bot.say("/agenda", from: "alice")
            #expect(first.first?.hasPrefix("Monday 8 November (times in Hamburg") == true)
            #expect(await bot.say("/agenda today", from: "bob") == first)
            #expect(await bot.say("/agenda 2021-11-08", from: "carol") == first)
            #expect(agenda.views.count == 1)
            // Another zone and another chat's list are other views.
            #expect(await bot.say("/agenda", in: "lao-chat").first?.contains("times in Vientiane") == true)
            #expect(agenda.views.count == 2)
            // A day far from the workshop is answered, and not kept.
            #expect(await bot.say("/agenda 2030-01-07").first?.hasPrefix("No sessions on Monday 7 January.") == true)
            #expect(agenda.views.count == 2)
        }
    }
}
