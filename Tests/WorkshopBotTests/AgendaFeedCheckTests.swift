import BotTesting
import Foundation
import Testing

/// `check-config` with a calendar feed as the agenda's source: the feed is fetched once and read as the bot
/// would read it; a feed that cannot be used is an error at the `source:` line, its address masked.
struct AgendaFeedCheckTests {
    static let servers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Servers/calendar_feed_server.py")
    /// One session on the sample workshop's free Saturday.
    static let calendar = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        BEGIN:VEVENT\r
        UID:saturday-clinic@feed.example\r
        SUMMARY:Saturday writing clinic\r
        DTSTART;TZID=Europe/Berlin:20211113T100000\r
        DTEND;TZID=Europe/Berlin:20211113T110000\r
        END:VEVENT\r
        END:VCALENDAR\r

        """
    static let secret = "k2v9x7q4m1z8w3e6"

    /// The calendars as organisers' programs export them (Tests/Fixtures/calendars), each as the whole agenda
    /// of a copy of the sample (its own sessions taken out, and the links' session names with them):
    /// `check-config` accepts every one.
    @Test(
        "check-config accepts each exported calendar as the agenda's source",
        arguments: ["google.ics", "google-vientiane.ics", "nextcloud.ics", "outlook.ics", "thunderbird.ics"])
    func anExportedCalendarIsAccepted(_ name: String) async throws {
        let fixture = Self.servers.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/calendars/\(name)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("calendar-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: ConsoleEndToEndTests.repository.appendingPathComponent("plugins-config"), to: folder)
        let agendaFile = folder.appendingPathComponent("agenda.yaml")
        let agenda = try String(contentsOf: agendaFile, encoding: .utf8)
        let head = try #require(agenda.range(of: "\nsessions:")).lowerBound
        try (String(agenda[..<head]) + "\nsource: \(fixture.path)\n").write(
            to: agendaFile, atomically: true, encoding: .utf8)
        let resourcesFile = folder.appendingPathComponent("resources.yaml")
        let resources = try String(contentsOf: resourcesFile, encoding: .utf8).replacingOccurrences(
            of: #"\n\s*sessions: \[[^\]]*\]"#, with: "", options: .regularExpression)
        try resources.write(to: resourcesFile, atomically: true, encoding: .utf8)
        let outcome = try await ConsoleEndToEndTests.run(["check-config", "--config", folder.path])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.hasSuffix("ok\n"), "\(outcome.stdout)")
    }

    /// Runs check-config on the sample with `source:` set to `address`.
    static func check(source address: String) async throws -> (ConsoleEndToEndTests.Outcome, line: Int) {
        let folder = try CrossFileReferenceTests.sample([
            ("agenda.yaml", "announce_before: 10m\n", "announce_before: 10m\nsource: \(address)\n")
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let line = try CrossFileReferenceTests.line(of: "source: ", in: folder.appendingPathComponent("agenda.yaml"))
        return (try await ConsoleEndToEndTests.run(["check-config", "--config", folder.path]), line)
    }

    /// A feed server serving `text` in `mode`, and a secret address on it.
    static func server(serving text: String, mode: String = "ok") async throws -> (LocalServerProcess, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).ics")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let server = try await LocalServerProcess(
            script: servers, environment: ["FEED_FILE": file.path, "FEED_MODE": mode])
        try? FileManager.default.removeItem(at: file)
        return (server, "\(server.baseURL)/ical/\(secret)/programme.ics?key=\(secret)")
    }

    @Test func aWorkingFeedPasses() async throws {
        let (server, address) = try await Self.server(serving: Self.calendar)
        let (outcome, _) = try await Self.check(source: address)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "ok\n")
        _ = server
    }

    @Test(
        "a feed that cannot be used is reported at the source line, with its address masked",
        arguments: [
            ("notfound", calendar, "cannot be used: HTTP 404"),
            ("error", calendar, "cannot be used: HTTP 500"),
            ("garbage", calendar, "cannot be used: the feed is not an iCalendar file"),
            ("huge", calendar, "cannot be used: the file is larger than 5 MB"),
            (
                "ok", calendar.replacingOccurrences(of: "20211113T110000", with: "20211113T250000"),
                "cannot be used: feed line 7: "
            ),
        ])
    func aBrokenFeedIsReported(mode: String, text: String, reason: String) async throws {
        let (server, address) = try await Self.server(serving: text, mode: mode)
        let (outcome, line) = try await Self.check(source: address)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        let masked = "\(server.baseURL)/ical/…/programme.ics?…"
        #expect(outcome.stderr.contains("agenda.yaml:\(line):"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("source: the feed \(masked) \(reason)"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains(Self.secret), "\(outcome.stderr)")
    }

    @Test func anUnreachableFeedIsReportedClearly() async throws {
        let (outcome, line) = try await Self.check(source: "http://127.0.0.1:1/ical/\(Self.secret)/programme.ics")
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr.contains(
                "agenda.yaml:\(line):9: source: the feed http://127.0.0.1:1/ical/…/programme.ics cannot be used: connection refused"
            ), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains(Self.secret), "\(outcome.stderr)")
    }

    @Test func anAddressOtherThanHTTPIsRefusedWithoutAFetch() async throws {
        let (webcal, line) = try await Self.check(source: "webcal://calendar.example.org/\(Self.secret)/basic.ics")
        #expect(webcal.status == 1)
        #expect(
            webcal.stderr.contains(
                "agenda.yaml:\(line):9: source: only http and https addresses are fetched, or a file next to agenda.yaml (a webcal:// address is an https:// one: write https://)"
            ), "\(webcal.stderr)")
        #expect(!webcal.stderr.contains(Self.secret), "\(webcal.stderr)")
    }
}
