import BotConfig
import BotCore
import BotHTTP
import BotRuntime
import BotTesting
import Foundation
import Logging
import Synchronization
import Testing

@testable import AgendaPlugin
@testable import WorkshopBot

/// The calendar feed server (Tests/Servers/calendar_feed_server.py) on 127.0.0.1: one file that the test changes
/// between fetches, served with an ETag and a Last-Modified, or failures on demand.
final class FeedServer: Sendable {
    private let server: LocalServerProcess
    private let client: HTTPClient

    init() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/calendar_feed_server.py")
        server = try await LocalServerProcess(script: script)
        client = try HTTPClient(maximumConnections: 4)
    }

    var baseURL: String { server.baseURL }

    /// Serves `text` from now on, under a new ETag.
    func serve(_ text: String) async throws {
        _ = try await client.fetch(
            HTTPRequest(method: .put, url: baseURL + "/control/file", body: Data(text.utf8)))
    }

    /// `ok`, `error` (500), `garbage` (a web page), `notfound` (404) or `huge` (6 MB).
    func mode(_ mode: String) async throws {
        _ = try await client.fetch(HTTPRequest(method: .post, url: baseURL + "/control/mode?m=\(mode)"))
    }

    struct Request: Decodable {
        var target: String
        var if_none_match: String?
        var status: Int
    }

    /// The feed requests so far, in order.
    func log() async throws -> [Request] {
        try JSONDecoder().decode(
            [Request].self, from: try await client.fetch(HTTPRequest(url: baseURL + "/control/log")).body)
    }
}

/// An iCalendar file with these events: (uid, title, start, end) in Berlin time as `yyyyMMdd'T'HHmmss`.
func calendar(_ events: [(String, String, String, String)]) -> String {
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Workshop bot tests//Feed//EN"]
    for (uid, title, start, end) in events {
        lines += [
            "BEGIN:VEVENT", "UID:\(uid)@feed.example", "SUMMARY:\(title)", "DTSTART;TZID=Europe/Berlin:\(start)",
            "DTEND;TZID=Europe/Berlin:\(end)", "END:VEVENT",
        ]
    }
    return (lines + ["END:VCALENDAR", ""]).joined(separator: "\r\n")
}

struct AgendaFeedTests {
    let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
    // 8 November 2021, 08:00 Hamburg (07:00 UTC).
    let morning = ISO8601DateFormatter().date(from: "2021-11-08T07:00:00Z")!
    static let first = calendar([
        ("draft-review", "Draft review", "20211116T140000", "20211116T150000"),
        ("peer-feedback", "Peer feedback", "20211117T090000", "20211117T100000"),
    ])
    static let second = calendar([
        ("draft-review", "Draft review", "20211117T100000", "20211117T110000"),
        ("timelines", "Timelines", "20211119T090000", "20211119T100000"),
    ])
    /// A secret address: a token in the path and one in the query.
    static let pathToken = "a8f3k29xq7z0w1e5"
    static let queryToken = "s3cr3t-Query-Value"

    func configuration(_ base: String) -> String {
        makeConfiguration(
            sessions: """
                  - id: opening
                    title: Opening plenary
                    start: 2021-11-08 09:00
                    end: 10:30
                """,
            extra: """
                source: \(base)/calendars/\(Self.pathToken)/programme.ics?token=\(Self.queryToken)
                report_to: [test:facilitators]
                """)
    }

    func loaded(_ base: String) throws -> LoadedPlugin {
        LoadedPlugin(
            try AgendaPlugin(
                configuration: YAMLConfigDecoder().decode(
                    AgendaConfiguration.self, from: configuration(base), file: "agenda.yaml"),
                fetcher: FeedFetchingOverHTTP()))
    }

    /// The agenda's jobs in every state.
    static func jobs(_ bot: TestBot) async -> [ScheduledJob] {
        (try? await bot.store.transaction { tx in
            try tx.jobs(owner: "agenda", keyPrefix: "", states: Set(JobState.allCases))
        }) ?? []
    }

    /// Waits until the refresh due at `due` has run to its end and every post due by now is handled.
    static func refreshed(_ bot: TestBot, due: Date) async -> Bool {
        await eventually {
            let jobs = await jobs(bot)
            let done = jobs.contains { $0.key == AgendaPlugin.refreshKey && $0.dueAt == due && $0.state == .done }
            let waiting = jobs.contains {
                $0.kind != "feed" && ($0.state == .firing || ($0.state == .pending && $0.dueAt <= bot.clock.now()))
            }
            return done && !waiting
        }
    }

    /// The change notices and feed notices scheduled so far, by kind.
    static func notices(_ bot: TestBot) async -> (changes: Int, feed: [String]) {
        let jobs = await jobs(bot)
        return (
            jobs.filter { $0.kind == "changes" }.count,
            jobs.filter { $0.kind == "feed-notice" }.compactMap(\.key)
        )
    }

    /// The notices (not the answers to commands) the chat `id` was sent, as text.
    static func sent(_ bot: TestBot, to id: String) -> [String] {
        bot.channel.sent.filter { $0.chat.id == id && $0.reply.isNotice }.map(\.reply.plainText)
    }

    static let refresh: TimeInterval = 15 * 60

    @Test func aFeedIsFollowedThroughChangesFailuresAndRestartsWithoutRevealingItsAddress() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let logs = LogLines()
        let (base, served) = try await follow(storeDirectory: directory, logs: logs)
        var replies = served

        // A restart with the server gone: the agenda is the copy kept, and one outage is told once.
        for restart in 1...2 {
            let now = morning.addingTimeInterval(Double(5 + restart) * Self.refresh)
            replies += try await withTestBot(
                plugins: [try loaded(base)], roster: roster, now: now, storeDirectory: directory,
                logger: logs.logger
            ) { bot in
                let failed = await Self.refreshed(bot, due: now)
                #expect(failed)
                let day = await bot.say("/agenda 2021-11-17").joined()
                #expect(day.contains("10:00–11:00 Draft review"), "\(day)")
                let feedNotices = await Self.notices(bot).feed
                #expect(feedNotices.count == 3, "\(feedNotices)")  // outage, recovery, and this outage once
                #expect(await Self.notices(bot).changes == 1)
                let state = await bot.say("/agenda source", from: "fac").joined(separator: "\n")
                #expect(state.contains("connection refused"), "\(state)")
                let stored = try await bot.store.transaction { tx in
                    try tx.record(namespace: "agenda", collection: "feed", key: "status")
                }
                return bot.channel.sent.map(\.reply.plainText) + [String(decoding: stored ?? Data(), as: UTF8.self)]
            }
        }

        // The secret parts of the address are nowhere: not in a reply, a log line or a stored error.
        let everything = replies + logs.all
        let logged = logs.all.contains { $0.contains("agenda feed failed") }
        #expect(logged)
        for secret in [Self.pathToken, Self.queryToken] {
            let leaks = everything.filter { $0.contains(secret) }
            #expect(leaks.isEmpty, "\(leaks)")
        }
    }

    @Test func aReloadFollowsTheFeedWithTheNewConfiguration() async throws {
        let server = try await FeedServer()
        try await server.serve(Self.first)
        let base = server.baseURL
        let roster = self.roster
        let morning = self.morning
        let next = try AgendaPlugin(
            configuration: YAMLConfigDecoder().decode(
                AgendaConfiguration.self, from: configuration(base), file: "agenda.yaml"),
            fetcher: FeedFetchingOverHTTP())
        try await withTestBot(plugins: [try loaded(base)], roster: roster, now: morning) { bot in
            let started = await Self.refreshed(bot, due: morning)
            #expect(started)
            try await server.serve(Self.second)
            try await bot.bot.reload(LoadedConfiguration(roster: roster, plugins: [LoadedPlugin(next)]))
            // The new configuration fetches at once (a refresh the one before the reload picked up comes back to
            // it a second later).
            let followed = await eventually {
                if next.agenda.sessions.contains(where: { $0.id == "timelines" }) { return true }
                let pending = await Self.jobs(bot).filter { $0.key == AgendaPlugin.refreshKey && $0.state == .pending }
                if let due = pending.map(\.dueAt).min(), due > bot.clock.now(),
                    due <= bot.clock.now().addingTimeInterval(1)
                {
                    bot.clock.advance(to: due)
                }
                return false
            }
            #expect(followed)
            let day = await bot.say("/agenda 2021-11-17").joined()
            #expect(day.contains("10:00–11:00 Draft review"), "\(day)")
            let notice = await eventually { Self.sent(bot, to: "room").count == 1 }
            #expect(notice)
            #expect(Self.sent(bot, to: "room").first?.hasPrefix("Agenda changes:\nMoved: Draft review") == true)
            // And it goes on refreshing: one refresh pending, a quarter of an hour on.
            let pending = await Self.jobs(bot).filter { $0.key == AgendaPlugin.refreshKey && $0.state == .pending }
            #expect(pending.count == 1)
            let lead = pending.first?.dueAt.timeIntervalSince(bot.clock.now())
            #expect(lead == Self.refresh)
        }
    }

    @Test func aKeptCopyThatNoLongerFitsTheConfigurationIsReportedNotServed() async throws {
        let server = try await FeedServer()
        try await server.serve(Self.second)
        let base = server.baseURL
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (roster, morning) = (self.roster, self.morning)
        try await withTestBot(plugins: [try loaded(base)], roster: roster, now: morning, storeDirectory: directory) {
            bot in
            let fetched = await Self.refreshed(bot, due: morning)
            #expect(fetched)
        }
        // The workshop now ends on the 16th: the copy kept (sessions on the 17th and 19th) does not fit, and the
        // server would answer 304 to its validators.
        let shorter = try AgendaPlugin(
            configuration: YAMLConfigDecoder().decode(
                AgendaConfiguration.self,
                from: configuration(base).replacingOccurrences(
                    of: "last_day: 2021-11-26", with: "last_day: 2021-11-16"),
                file: "agenda.yaml"),
            fetcher: FeedFetchingOverHTTP())
        let later = morning.addingTimeInterval(3600)
        try await withTestBot(
            plugins: [LoadedPlugin(shorter)], roster: roster, now: later, storeDirectory: directory
        ) { bot in
            let refreshed = await Self.refreshed(bot, due: later)
            #expect(refreshed)
            #expect(shorter.agenda.sessions.map(\.id) == ["opening"])
            let told = await eventually { Self.sent(bot, to: "facilitators").count == 1 }
            #expect(told)
            let notice = Self.sent(bot, to: "facilitators").joined()
            #expect(notice.contains("the session is outside the workshop days 2021-10-25 to 2021-11-16"), "\(notice)")
            #expect(notice.contains("The agenda has only agenda.yaml's sessions until it can be read"), "\(notice)")
        }
        let log = try await server.log()
        #expect(log.map(\.status) == [200, 200])
    }

    @Test(
        "a feed's settings are checked at load, with the field",
        arguments: [
            ("source: https://feeds.example.org/a.ics\nrefresh: 30s", "refresh", "expected from 1m to 24h"),
            ("source: https://feeds.example.org/a.ics\nrefresh: 2d", "refresh", "expected a duration such as 15m"),
            ("source: https://feeds.example.org/a.ics\nrefresh: 25h", "refresh", "expected from 1m to 24h"),
            ("refresh: 15m", "refresh", "refresh is for a feed"),
            ("report_to: [test:facilitators]", "report_to", "report_to is for a feed"),
            ("source: ftp://feeds.example.org/a.ics", "source", "only http and https addresses are fetched"),
        ])
    func feedSettingsAreChecked(extra: String, field: String, message: String) throws {
        let yaml = makeConfiguration(
            sessions: """
                  - id: opening
                    title: Opening plenary
                    start: 2021-11-08 09:00
                    end: 10:30
                """, extra: extra)
        do {
            _ = try load(yaml)
            Issue.record("accepted: \(extra)")
        } catch let errors as ConfigErrors {
            let issue = errors.issues.first
            #expect(issue?.field == field, "\(errors)")
            #expect(issue?.message.contains(message) == true, "\(errors)")
        }
        let accepted = try plugin(
            makeConfiguration(sessions: "", extra: "source: https://feeds.example.org/a.ics\nrefresh: 1h"))
        #expect(accepted.feed?.refresh == 3600)
        #expect(accepted.feed?.masked == "https://feeds.example.org/a.ics")
    }

    /// The first run: the feed's server up, changing and failing. Returns the server's address (gone when this
    /// returns) and every reply.
    func follow(storeDirectory directory: URL, logs: LogLines) async throws -> (String, [String]) {
        let server = try await FeedServer()
        let base = server.baseURL
        try await server.serve(Self.first)
        let refresh = Self.refresh
        let morning = self.morning
        let replies = try await withTestBot(
            plugins: [try loaded(base)], roster: roster, now: morning, storeDirectory: directory, logger: logs.logger
        ) { bot in
            // Fetched at start: the feed's sessions join the YAML's; the first version is nothing to announce.
            let started = await Self.refreshed(bot, due: morning)
            #expect(started)
            let day = await bot.say("/agenda 2021-11-16").joined()
            #expect(day.contains("14:00–15:00 Draft review"), "\(day)")
            #expect(await bot.say("/agenda 2021-11-08").joined().contains("09:00–10:30 Opening plenary"))
            #expect(await Self.notices(bot).changes == 0)

            // Unchanged: the ETag is sent, the server answers 304, nothing is posted.
            bot.clock.advance(by: refresh)
            let unchanged = await Self.refreshed(bot, due: morning.addingTimeInterval(refresh))
            #expect(unchanged)
            let log = try await server.log()
            #expect(log.map(\.status) == [200, 304])
            #expect(log.last?.if_none_match == "\"v1\"")
            #expect(await Self.notices(bot).changes == 0)

            // Changed: one notice, the moved session's announcement moved with it.
            try await server.serve(Self.second)
            bot.clock.advance(by: refresh)
            let changed = await Self.refreshed(bot, due: morning.addingTimeInterval(2 * refresh))
            #expect(changed)
            let notice = await eventually { Self.sent(bot, to: "room").count == 1 }
            #expect(notice)
            #expect(
                Self.sent(bot, to: "room") == [
                    "Agenda changes:\nMoved: Draft review, Tue 16 Nov 14:00 → Wed 17 Nov 10:00 (Hamburg time)\nAdded: Timelines, Fri 19 Nov 09:00 (Hamburg time)\nCancelled: Peer feedback, was Wed 17 Nov 09:00 (Hamburg time)"
                ])
            let moved = await Self.jobs(bot).filter { $0.key == "announce/draft-review" && $0.state == .pending }
            #expect(moved.map(\.dueAt) == [ISO8601DateFormatter().date(from: "2021-11-17T08:50:00Z")!])
            let jobs = await Self.jobs(bot)
            let cancelled = jobs.contains { $0.key == "announce/peer-feedback" && $0.state == .cancelled }
            #expect(cancelled)
            let afterChange = await bot.say("/agenda 2021-11-17").joined()
            #expect(afterChange.contains("10:00–11:00 Draft review") && !afterChange.contains("Peer feedback"))

            // A 500, then garbage: the last good agenda stays, and the facilitators hear of it once.
            try await server.mode("error")
            bot.clock.advance(by: refresh)
            let failed = await Self.refreshed(bot, due: morning.addingTimeInterval(3 * refresh))
            #expect(failed)
            try await server.mode("garbage")
            bot.clock.advance(by: refresh)
            let garbled = await Self.refreshed(bot, due: morning.addingTimeInterval(4 * refresh))
            #expect(garbled)
            #expect(await Self.notices(bot).feed.count == 1)
            let outage = await eventually { Self.sent(bot, to: "facilitators").count == 1 }
            #expect(outage)
            let told = Self.sent(bot, to: "facilitators").joined()
            #expect(
                told.contains("The agenda feed \(base)/calendars/…/programme.ics?… cannot be read: HTTP 500."),
                "\(told)")
            #expect(told.contains("The agenda stays as read on Mon 8 Nov at 08:30 (Hamburg time)"), "\(told)")
            #expect(await bot.say("/agenda 2021-11-17").joined().contains("10:00–11:00 Draft review"))
            let state = await bot.say("/agenda source", from: "fac").joined(separator: "\n")
            #expect(state.contains("Agenda feed: \(base)/calendars/…/programme.ics?…, every 15 min"), "\(state)")
            #expect(state.contains("Last successful fetch: Mon 8 Nov 08:30"), "\(state)")
            #expect(state.contains("Last change: Mon 8 Nov 08:30"), "\(state)")
            #expect(state.contains("Last error: Mon 8 Nov 09:00: the feed is not an iCalendar file"), "\(state)")
            #expect(state.contains("Failing since Mon 8 Nov 08:45"), "\(state)")
            #expect(state.contains("Next refresh: Mon 8 Nov 09:15"), "\(state)")
            #expect(state.contains("Sessions from the feed: 2"), "\(state)")
            let refused = await bot.say("/agenda source", from: "alice").joined()
            #expect(refused.contains("facilitators only"), "\(refused)")

            // Working again: one notice that it recovered, and nothing else changed.
            try await server.mode("ok")
            bot.clock.advance(by: refresh)
            let recovered = await Self.refreshed(bot, due: morning.addingTimeInterval(5 * refresh))
            #expect(recovered)
            let back = await eventually { Self.sent(bot, to: "facilitators").count == 2 }
            #expect(back)
            #expect(Self.sent(bot, to: "facilitators").last?.contains("works again") == true)
            #expect(await Self.notices(bot).changes == 1)
            return bot.channel.sent.map(\.reply.plainText) + [state]
        }
        return (base, replies)
    }
}
