import BotConfig
import BotCore
import BotRuntime
import BotTesting
import DeadlinesPlugin
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

    @Test("the meeting links the agenda gives the resources' link check: each session's id, then its link")
    func sessionLinksGiveIdsAndURLs() async throws {
        let probe = LoadedPlugin(
            name: "probe", summary: "asks the agenda's lookups",
            commands: [
                Command("links", summary: "the session links") { _, context in
                    let lines = await context.lookups.ask("session-links", "")
                    return Reply(lines: [RichText(lines.map(\.plainText).joined(separator: " | "))])
                }
            ])
        try await withTestBot(plugins: [try load(yaml), probe], roster: roster, now: morning) { bot in
            let links = await bot.say("/links").first ?? ""
            #expect(links == "opening | https://meet.example.org/plenary", "\(links)")
        }
    }

    @Test func aReminderRelativeToASessionFiresBeforeItsStart() async throws {
        let deadlines = LoadedPlugin(try DeadlinesPlugin(configuration: .init(defaultTimeZone: "Europe/Berlin")))
        try await withTestBot(plugins: [try load(yaml), deadlines], roster: roster, now: morning) { bot in
            // The opening starts at 09:00 Hamburg (08:00 UTC): ten minutes before is 08:50 there.
            let set = await bot.say("/remind me 10m before Opening fetch coffee", in: "room").first ?? ""
            #expect(set.contains("set: on Mon 8 Nov 08:50 (Europe/Berlin), in 50 min: fetch coffee"), "\(set)")
            let start = await bot.say("/remind me at the start of lao-drafting join", in: "room").first ?? ""
            #expect(start.contains("on Mon 8 Nov 11:00 (Europe/Berlin)"), "\(start)")
            let unknown = await bot.say("/remind me 5m before closing x", in: "room").joined()
            #expect(unknown.contains("There is no session closing in the agenda"), "\(unknown)")
            bot.clock.advance(by: 50 * 60)  // 07:50 UTC, 08:50 Hamburg
            let held = await eventually { bot.channel.texts().contains("Reminder for alice: fetch coffee") }
            #expect(held)
            // Already begun: refused, not set in the past.
            bot.clock.advance(by: 65 * 60)  // 08:55 UTC, 09:55 Hamburg
            let late = await bot.say("/remind me 10m before opening x", in: "room").joined()
            #expect(late.contains("in the past"), "\(late)")
        }
    }

    @Test func theZoneShownSuggestsAnotherZoneAsTheExample() async throws {
        try await withTestBot(plugins: [try load(yaml)], roster: roster, now: morning) { bot in
            let hamburg = await bot.say("/tz").joined()
            #expect(hamburg.contains("Change it with /tz Asia/Almaty."), "\(hamburg)")
            _ = await bot.say("/tz Asia/Almaty")
            let almaty = await bot.say("/tz").joined()
            #expect(almaty.contains("(Asia/Almaty)"), "\(almaty)")
            #expect(almaty.contains("Change it with /tz Asia/Ulaanbaatar."), "\(almaty)")
        }
    }

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
            // Any case of an IANA name; UTC shown as UTC; an abbreviation refused with what it may mean.
            let lower = await bot.say("/tz asia/vientiane").joined()
            #expect(lower.contains("(Asia/Vientiane)"), "\(lower)")
            let utc = await bot.say("/tz UTC").joined()
            #expect(utc.contains("in UTC (UTC)"), "\(utc)")
            #expect(await bot.say("/tz").joined().contains("in UTC (UTC)"))
            let abbreviation = await bot.say("/tz CST").joined()
            #expect(abbreviation.contains("Asia/Shanghai"), "\(abbreviation)")
            // Reset: back to the workshop's zone (alice has no team).
            let reset = await bot.say("/tz reset").joined()
            #expect(reset.contains("again") && reset.contains("Hamburg"), "\(reset)")
            #expect(await bot.say("/agenda 2021-11-08").joined().contains("09:00–10:30 Opening plenary"))
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

struct AgendaDeadlineTests {
    // No team chats: the deadlines plugin's notices of a move go nowhere, so each command's reply is its own.
    let roster = Roster(
        teams: [Team(id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane", chats: [])],
        facilitators: [UserRef(platform: "test", id: "fac")],
        participants: [UserRef(platform: "test", id: "bounmy"): "lao"])

    @Test func theAgendaShowsTheDeadlinesAsTheDeadlinesPluginHasThemNow() async throws {
        let agenda = try plugin(
            makeConfiguration(
                sessions: """
                      - id: review
                        title: Draft review
                        start: 2021-11-19 09:00
                        end: 10:00
                    """))
        let deadlines = LoadedPlugin(
            try DeadlinesPlugin(
                configuration: .init(
                    defaultTimeZone: "Europe/Berlin",
                    deadlines: [.init(id: "first-draft", title: "First draft", due: "2021-11-19 17:00")])))
        let morning = try #require(ISO8601DateFormatter().date(from: "2021-11-08T07:00:00Z"))
        try await withTestBot(plugins: [LoadedPlugin(agenda), deadlines], roster: roster, now: morning) { bot in
            let friday = await bot.say("/agenda 2021-11-19").joined(separator: "\n")
            #expect(friday.hasSuffix("09:00–10:00 Draft review\n17:00 Due: First draft (/deadline first-draft)"))
            // Moved in chat: the agenda follows at once, although Friday's view was kept.
            let moved = await bot.say("/deadline move first-draft 2021-11-20 17:00", from: "fac").joined()
            #expect(moved.hasPrefix("Moved: First draft"))
            let fridayAfter = await bot.say("/agenda 2021-11-19").joined(separator: "\n")
            #expect(!fridayAfter.contains("First draft"))
            let saturday = await bot.say("/agenda 2021-11-20").joined(separator: "\n")
            #expect(saturday.contains("17:00 Due: First draft (/deadline first-draft)"))
            // Added for one team: on its day, with the team, for everyone and in that team's own list.
            _ = await bot.say(#"/deadline add "Country brief" 2021-11-22 12:00 --team lao"#, from: "fac")
            let monday = await bot.say("/agenda 2021-11-22").joined(separator: "\n")
            #expect(monday.contains("12:00 Due: Country brief [lao] (/deadline country-brief)"))
            let week = await bot.say("/agenda week").joined(separator: "\n")
            #expect(!week.contains("Due:"))  // the week of 8 November has none
            // Cancelled: gone from its day.
            _ = await bot.say("/deadline cancel country-brief", from: "fac")
            let mondayAfter = await bot.say("/agenda 2021-11-22").joined(separator: "\n")
            #expect(mondayAfter.hasPrefix("No sessions on Monday 22 November."))
        }
    }

    @Test func aTeamOnlyDeadlineShowsOnlyInThatTeamsListAndTheWeekShowsDeadlines() async throws {
        let agenda = try plugin(makeConfiguration(sessions: "  []"))
        let deadlines = LoadedPlugin(
            try DeadlinesPlugin(
                configuration: .init(
                    defaultTimeZone: "Europe/Berlin",
                    deadlines: [
                        .init(id: "lao-brief", title: "Lao brief", due: "2021-11-10 12:00", teams: ["lao"]),
                        .init(id: "all-brief", title: "Everyone's brief", due: "2021-11-10 10:00"),
                    ])))
        let roster = Roster(
            teams: [
                TestTeams.lao, TestTeams.mongolia,
            ])
        let morning = try #require(ISO8601DateFormatter().date(from: "2021-11-08T07:00:00Z"))
        try await withTestBot(plugins: [LoadedPlugin(agenda), deadlines], roster: roster, now: morning) { bot in
            let week = await bot.say("/agenda week").joined(separator: "\n")
            #expect(week.contains("Wed 10 Nov: 10:00 Due: Everyone's brief; 12:00 Due: Lao brief"), "\(week)")
            let mongolia = await bot.say("/agenda 2021-11-10", in: "mn-chat").joined(separator: "\n")
            #expect(mongolia.contains("Everyone's brief") && !mongolia.contains("Lao brief"))
            let lao = await bot.say("/agenda 2021-11-10", in: "lao-chat").joined(separator: "\n")
            #expect(lao.contains("18:00 Due: Lao brief (12:00 Hamburg) [lao]"), "\(lao)")
        }
    }
}

/// All-day events of a calendar are dates: the same days for readers east and west of the workshop.
struct AllDayCommandTests {
    // Friday 19 November 2021, 08:00 Hamburg.
    let friday = ISO8601DateFormatter().date(from: "2021-11-19T07:00:00Z")!

    /// The agenda of the Google export `google-vientiane.ics`, with a plenary on the retreat's first day.
    func loadWithCalendar(in folder: URL) throws -> LoadedPlugin {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: CalendarExportTests.fixtures.appendingPathComponent("google-vientiane.ics"),
            to: folder.appendingPathComponent("agenda.ics"))
        let yaml = makeConfiguration(
            sessions: """
                  - id: opening
                    title: Opening plenary
                    start: 2021-11-22 09:00
                    duration: 1h
                """, extra: "source: agenda.ics")
        return try PluginFactory(AgendaPlugin.self).load(
            yaml: yaml, file: folder.appendingPathComponent("agenda.yaml").path, decoder: YAMLConfigDecoder())
    }

    @Test func allDayEventsAreShownOnTheirDatesForEveryReader() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("all-day-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let agenda = try loadWithCalendar(in: folder)
        try await withTestBot(plugins: [agenda], now: friday) { bot in
            _ = await bot.say("/tz Asia/Vientiane", from: "east")
            _ = await bot.say("/tz America/Los_Angeles", from: "west")
            // On its date, first, for readers east and west of Hamburg; on no other date.
            for reader in ["east", "west", "alice"] {
                let day = await bot.say("/agenda 2021-11-20", from: reader).joined(separator: "\n")
                #expect(day.split(separator: "\n").dropFirst().first == "all day: Free day", "\(reader): \(day)")
            }
            let westBefore = await bot.say("/agenda 2021-11-19", from: "west").joined(separator: "\n")
            #expect(!westBefore.contains("Free day"), "\(westBefore)")
            let eastAfter = await bot.say("/agenda 2021-11-21", from: "east").joined(separator: "\n")
            #expect(!eastAfter.contains("Free day"), "\(eastAfter)")
            // Two days, before the sessions of those days (which it does not clash with).
            for date in ["2021-11-22", "2021-11-23"] {
                let day = await bot.say("/agenda \(date)", from: "east").joined(separator: "\n")
                #expect(day.split(separator: "\n").dropFirst().first == "all day: Writing retreat", "\(day)")
            }
            let monday = await bot.say("/agenda 2021-11-22").joined(separator: "\n")
            #expect(monday.contains("all day: Writing retreat\n09:00–10:00 Opening plenary"), "\(monday)")
            // The week.
            let week = await bot.say("/agenda week", from: "west").joined(separator: "\n")
            #expect(week.contains("Sat 20 Nov: all day: Free day"), "\(week)")
            #expect(!week.contains("Fri 19 Nov"), "\(week)")
            // Not "starting in 16 h", and not under way at an instant; its details and search show its dates.
            let next = await bot.say("/next", from: "west").joined()
            #expect(next.contains("Opening plenary"), "\(next)")
            let details = await bot.say("/session writing-retreat", from: "west").joined(separator: "\n")
            #expect(details.contains("Monday 22 November to Tuesday 23 November, all day"), "\(details)")
            let found = await bot.say("/agenda search retreat", from: "east").joined(separator: "\n")
            #expect(found == "Monday 22 November to Tuesday 23 November: all day: Writing retreat", "\(found)")
            bot.clock.advance(by: 18 * 3600)  // 20 Nov 01:00 UTC: Saturday in Vientiane, still Friday in Los Angeles
            let eastNow = await bot.say("/now", from: "east").joined(separator: "\n")
            #expect(eastNow.contains("all day: Free day"), "\(eastNow)")
            let westNow = await bot.say("/now", from: "west").joined(separator: "\n")
            #expect(westNow.hasPrefix("Nothing is on right now."), "\(westNow)")
            // No "starting soon" for a date.
            let jobs = try await bot.store.transaction {
                try $0.jobs(owner: "agenda", keyPrefix: "announce/", states: Set(JobState.allCases))
            }
            let keys = Set(jobs.compactMap(\.key))
            #expect(keys.contains("announce/opening"), "\(keys)")
            #expect(!keys.contains("announce/writing-retreat"), "\(keys)")
        }
    }
}
