import BotConfig
import BotCore
import BotRuntime
import BotTesting
import DeadlinesPlugin
import Foundation
import Testing

@testable import AgendaPlugin

/// The calendar feeds `/agenda subscribe` hands out, read back with the agenda's own iCalendar parser.
struct CalendarFeedTests {
    static func sessions(opening: String = "2021-11-08 09:00") -> String {
        makeConfiguration(
            sessions: """
                  - id: opening
                    title: "Opening; plenary, with \\\\ and a comma"
                    start: \(opening)
                    end: 10:30
                    where: https://meet.example.org/plenary
                  - id: lao-drafting
                    title: Lao drafting
                    start: 2021-11-08 11:00
                    duration: 1h
                    team: lao
                  - id: kaz-drafting
                    title: Kazakhstan drafting
                    start: 2021-11-08 12:00
                    duration: 1h
                    team: kaz
                """)
    }

    let roster = Roster(
        teams: [
            Team(
                id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane",
                chats: [ChatRef(platform: "test", id: "lao-chat")]),
            Team(
                id: "kaz", name: "Kazakhstan", timeZone: "Asia/Almaty",
                chats: [ChatRef(platform: "test", id: "kaz-chat")]),
        ],
        participants: [UserRef(platform: "test", id: "bounmy"): "lao"])
    let morning = ISO8601DateFormatter().date(from: "2021-11-08T07:00:00Z")!

    var deadlines: LoadedPlugin {
        get throws {
            LoadedPlugin(
                try DeadlinesPlugin(
                    configuration: .init(
                        defaultTimeZone: "Europe/Berlin",
                        deadlines: [
                            .init(id: "first-draft", title: "First draft", due: "2021-11-19 17:00"),
                            .init(id: "lao-plan", title: "Lao plan", due: "2021-11-22 12:00", teams: ["lao"]),
                            .init(id: "kaz-plan", title: "Kazakh plan", due: "2021-11-22 12:00", teams: ["kaz"]),
                        ])))
        }
    }

    static var withWeb: BotConfiguration {
        var configuration = BotConfiguration()
        configuration.web = .init(listen: "127.0.0.1:8080", publicURL: "https://bot.example.org/")
        return configuration
    }

    /// The token in a subscription link among `lines`.
    static func token(in lines: [String]) -> String? {
        let link = lines.joined(separator: "\n").split(whereSeparator: \.isWhitespace).first {
            $0.hasPrefix("https://bot.example.org/calendar/")
        }
        return link.map { String($0.dropFirst("https://bot.example.org/calendar/".count).dropLast(4)) }
    }

    static func feed(_ bot: TestBot, _ token: String) async throws -> String? {
        try await bot.bot.webDocument(at: "/calendar/\(token).ics").map { String(decoding: $0.body, as: UTF8.self) }
    }

    @Test func aParticipantGetsTheTeamsLinkInTheirDirectChatAndTheFeedHoldsWhatTheTeamSees() async throws {
        try await withTestBot(
            plugins: [try load(Self.sessions()), try deadlines], roster: roster, configuration: Self.withWeb,
            now: morning
        ) { bot in
            // No direct chat yet: the link is not posted in the group.
            let first = await bot.say("/agenda subscribe", from: "bounmy", in: "lao-chat").joined()
            #expect(first.contains("only in a direct chat"), "\(first)")
            #expect(Self.token(in: [first]) == nil)
            _ = await bot.say("/agenda", from: "bounmy", in: "dm-bounmy", direct: true)
            let answer = await bot.say("/agenda subscribe", from: "bounmy", in: "lao-chat").joined()
            #expect(answer.contains("sent you the calendar link"), "\(answer)")
            _ = await bot.bot.scheduler.fireDueJobs()
            let held = await eventually {
                bot.channel.sent.contains { $0.chat.id == "dm-bounmy" && $0.reply.plainText.contains("webcal://") }
            }
            #expect(held)
            let posted = bot.channel.sent.filter { $0.chat.id == "dm-bounmy" }.map(\.reply.plainText)
            let direct = posted.last ?? ""
            #expect(direct.contains("webcal://bot.example.org/calendar/"), "\(direct)")
            #expect(direct.contains("The calendar of Lao PDR"), "\(direct)")
            let token = try #require(Self.token(in: posted))
            #expect(CalendarFeeds.isToken(token))
            // The same link a second time, and in the direct chat itself it is the answer.
            let again = await bot.say("/agenda subscribe", from: "bounmy", in: "dm-bounmy", direct: true)
            #expect(Self.token(in: again) == token)

            let text = try #require(try await Self.feed(bot, token))
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
            let longest = text.split(separator: "\r\n").map(\.utf8.count).max() ?? 0
            #expect(longest <= 75)
            let events = try ICalendar.events(text, defaultZone: TimeZone(identifier: "UTC")!)
            var starts: [String: String] = [:]
            var ends: [String: String] = [:]
            for event in events {
                starts[event.title] = event.start.formatted(.iso8601)
                ends[event.title] = event.end.formatted(.iso8601)
            }
            let byTitle = Dictionary(events.map { ($0.title, $0) }) { first, _ in first }
            // Everyone's and the team's own; not another team's.
            #expect(
                Set(starts.keys) == [
                    "Opening; plenary, with \\ and a comma", "Lao drafting", "Due: First draft", "Due: Lao plan",
                ])
            #expect(starts["Opening; plenary, with \\ and a comma"] == "2021-11-08T08:00:00Z")
            #expect(ends["Opening; plenary, with \\ and a comma"] == "2021-11-08T09:30:00Z")
            #expect(starts["Lao drafting"] == "2021-11-08T10:00:00Z")
            #expect(starts["Due: First draft"] == "2021-11-19T16:00:00Z")
            #expect(byTitle["Opening; plenary, with \\ and a comma"]?.location == "https://meet.example.org/plenary")

            // `all`: the whole workshop's feed, another link.
            let all = await bot.say("/agenda subscribe all", from: "bounmy", in: "dm-bounmy", direct: true)
            let workshop = try #require(Self.token(in: all))
            #expect(workshop != token)
            let whole = try #require(try await Self.feed(bot, workshop))
            #expect(whole.contains("SUMMARY:Kazakhstan drafting") && whole.contains("SUMMARY:Due: Kazakh plan"))
        }
    }

    /// Each entry's SEQUENCE by the part of its UID before `@`.
    static func sequences(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var uid = ""
        for line in text.replacingOccurrences(of: "\r\n ", with: "").split(separator: "\r\n") {
            if line.hasPrefix("UID:") { uid = String(line.dropFirst(4)) }
            if line.hasPrefix("SEQUENCE:") { result[String(uid.prefix { $0 != "@" })] = String(line.dropFirst(9)) }
        }
        return result
    }

    @Test func aMovedSessionRaisesItsSequenceAndTheLinkStays() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = try await withTestBot(
            plugins: [try load(Self.sessions())], roster: roster, configuration: Self.withWeb, now: morning,
            storeDirectory: directory
        ) { bot in
            let token = try #require(Self.token(in: await bot.say("/agenda subscribe", in: "dm", direct: true)))
            let feed = try #require(try await Self.feed(bot, token))
            #expect(Self.sequences(feed)["session-opening"] == "0")
            return token
        }
        try await withTestBot(
            plugins: [try load(Self.sessions(opening: "2021-11-09 09:00"))], roster: roster,
            configuration: Self.withWeb, now: morning.addingTimeInterval(60), storeDirectory: directory
        ) { bot in
            let feed = try #require(try await Self.feed(bot, token))
            let versions = Self.sequences(feed)
            #expect(versions["session-opening"] == "1")
            #expect(versions["session-lao-drafting"] == "0")
            #expect(feed.contains("DTSTART:20211109T080000Z"))
            // Read again unchanged: the sequence stays.
            let again = try #require(try await Self.feed(bot, token))
            #expect(Self.sequences(again)["session-opening"] == "1")
        }
    }

    @Test func onlyAHandedOutTokenReadsAFeed() async throws {
        try await withTestBot(
            plugins: [try load(Self.sessions())], roster: roster, configuration: Self.withWeb, now: morning
        ) { bot in
            let token = try #require(Self.token(in: await bot.say("/agenda subscribe", in: "dm", direct: true)))
            #expect(try await bot.bot.webDocument(at: "/calendar/\(token).ics") != nil)
            let refused = [
                "/calendar/\(CalendarFeeds.newToken()).ics", "/calendar/\(token)", "/calendar/\(token).ics/x",
                "/calendar/\(token.uppercased()).ics", "/calendar/../\(token).ics", "/other/\(token).ics",
                "/calendar/", "/", "", "/calendar/%00.ics", "/calendar/\(String(repeating: "a", count: 5000)).ics",
            ]
            for path in refused {
                let answer = try await bot.bot.webDocument(at: path)
                #expect(answer == nil, "\(path)")
            }
        }
    }

    @Test func aFacilitatorRevokesATeamsLinkAndTheNextSubscriptionGetsANewOne() async throws {
        let roster = Roster(
            teams: roster.teams, facilitators: [UserRef(platform: "test", id: "fac")],
            participants: [UserRef(platform: "test", id: "bounmy"): "lao"])
        try await withTestBot(
            plugins: [try load(Self.sessions())], roster: roster, configuration: Self.withWeb, now: morning
        ) { bot in
            let old = try #require(
                Self.token(in: await bot.say("/agenda subscribe", from: "bounmy", in: "dm", direct: true)))
            // A participant may not.
            let refused = await bot.say("/agenda revoke lao", from: "bounmy", in: "dm", direct: true).joined()
            #expect(!refused.contains("no longer works"), "\(refused)")
            #expect(try await bot.bot.webDocument(at: "/calendar/\(old).ics") != nil)
            let unknown = await bot.say("/agenda revoke narnia", from: "fac").joined()
            #expect(unknown.contains("There is no team narnia. Teams: lao, kaz"), "\(unknown)")
            let done = await bot.say("/agenda revoke Lao", from: "fac").joined()
            #expect(done.contains("The calendar link of Lao PDR no longer works"), "\(done)")
            #expect(try await bot.bot.webDocument(at: "/calendar/\(old).ics") == nil)
            let again = await bot.say("/agenda revoke lao", from: "fac").joined()
            #expect(again.contains("has no calendar link yet"), "\(again)")
            let new = try #require(
                Self.token(in: await bot.say("/agenda subscribe", from: "bounmy", in: "dm", direct: true)))
            #expect(new != old)
            #expect(try await bot.bot.webDocument(at: "/calendar/\(new).ics") != nil)
            // Extra words after subscribe get the usage, not a guess.
            let extra = await bot.say("/agenda subscribe please", from: "bounmy", in: "dm", direct: true).joined()
            #expect(extra.contains("Usage"), "\(extra)")
        }
    }

    @Test func withoutAWebAddressSubscriptionsAreOff() async throws {
        try await withTestBot(plugins: [try load(Self.sessions())], roster: roster, now: morning) { bot in
            let answer = await bot.say("/agenda subscribe", in: "dm", direct: true).joined()
            #expect(answer.contains("Calendar subscriptions are off"), "\(answer)")
        }
    }
}

/// The writer's text rules, read back with the agenda's own parser.
struct CalendarFeedWriterTests {
    @Test func textIsEscapedAndFoldedWithinUTF8Characters() throws {
        let summary = "排练;第一部分,总结\\结束\n下一行 " + String(repeating: "长", count: 60)
        let entry = CalendarEntry(
            uid: "u@x", sequence: 3, start: Date(timeIntervalSince1970: 1_636_358_400), end: nil, days: nil,
            summary: summary, location: "a\u{0}b\u{7}c", description: nil, categories: ["x,y"])
        let text = CalendarFeedWriter.write(
            name: "W", zone: TimeZone(identifier: "Asia/Shanghai")!,
            span: entry.start...entry.start, entries: [entry], stamp: entry.start)
        let physical = text.components(separatedBy: "\r\n")
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        let lines = try ICalendar.contentLines(text)
        let read = lines.first { $0.name == "SUMMARY" }.map { ICalendar.unescape($0.value) }
        #expect(read == summary)
        #expect(lines.first { $0.name == "LOCATION" }?.value == "abc")
        #expect(lines.first { $0.name == "CATEGORIES" }?.value == "x\\,y")
        #expect(lines.first { $0.name == "SEQUENCE" }?.value == "3")
        // A moment: no DTEND.
        #expect(!lines.contains { $0.name == "DTEND" })
    }

    @Test func anAllDayEntryIsDatesTheDayAfterItsLastExclusive() throws {
        let entry = CalendarEntry(
            uid: "d@x", sequence: 0, start: Date(timeIntervalSince1970: 0), end: nil,
            days: SessionDays(first: 20_211_130, last: 20_211_201), summary: "Retreat", location: nil,
            description: nil, categories: [])
        let text = CalendarFeedWriter.write(
            name: "W", zone: .gmt, span: entry.start...entry.start, entries: [entry], stamp: entry.start)
        #expect(text.contains("DTSTART;VALUE=DATE:20211130\r\nDTEND;VALUE=DATE:20211202\r\n"))
        let events = try ICalendar.events(text, defaultZone: TimeZone(identifier: "Asia/Almaty")!)
        #expect(events.first?.allDay?.first == CivilDate(year: 2021, month: 11, day: 30))
        #expect(events.first?.allDay?.count == 2)  // 30 November and 1 December
    }

    @Test func theZoneListsItsClockChangesAroundTheWorkshop() {
        let start = ISO8601DateFormatter().date(from: "2021-11-08T07:00:00Z")!
        let berlin = CalendarFeedWriter.timeZone(TimeZone(identifier: "Europe/Berlin")!, around: start...start)
            .joined(separator: "\n")
        #expect(berlin.contains("BEGIN:STANDARD\nDTSTART:20211031T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100"))
        #expect(berlin.contains("BEGIN:DAYLIGHT\nDTSTART:20210328T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200"))
        let vientiane = CalendarFeedWriter.timeZone(TimeZone(identifier: "Asia/Vientiane")!, around: start...start)
        #expect(vientiane.filter { $0.hasPrefix("BEGIN:") }.count == 2)  // the zone and one STANDARD part
        #expect(vientiane.contains("TZOFFSETTO:+0700"))
        #expect(CalendarFeedWriter.offset(-3 * 3600 - 1800) == "-0330")
    }
}
