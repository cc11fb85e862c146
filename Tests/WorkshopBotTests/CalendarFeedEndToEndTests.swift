import BotHTTP
import Foundation
import Testing

/// The calendar feed of the real executable: `/agenda subscribe` in the console prints the link, the web server
/// serves it, and an independent parser (Python's icalendar, in the tests' virtualenv) reads every session at
/// the instant the sample agenda gives it.
@Suite(.serialized)
struct CalendarFeedEndToEndTests {
    /// The sample config folder with `web:` on at 127.0.0.1:`port`, reached at `publicURL`. The caller removes it.
    static func config(port: Int, publicURL: String = "https://bot.example.org/workshop") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sample = ConsoleEndToEndTests.repository.appendingPathComponent("plugins-config")
        for name in try FileManager.default.contentsOfDirectory(atPath: sample.path) where name != "bot.yaml" {
            try FileManager.default.copyItem(
                at: sample.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let bot = try String(contentsOf: sample.appendingPathComponent("bot.yaml"), encoding: .utf8)
        try (bot + "\nweb:\n  listen: 127.0.0.1:\(port)\n  public_url: \(publicURL)\n")
            .write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aTeamsFeedReadsInAnIndependentParserWithEverySessionAtItsInstant() async throws {
        let port = try await MetricsEndpointTests.freePort()
        let folder = try Self.config(port: port)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("s.sqlite").path
        // The link, printed in the console (one person at a terminal: the direct chat).
        let asked = try await ConsoleEndToEndTests.run(
            ["console", "--config", folder.path, "--store", store], input: "bounmy: /agenda subscribe\n")
        #expect(asked.status == 0, "\(asked.stderr)")
        #expect(asked.stdout.contains("The calendar of Lao PDR"), "\(asked.stdout)")
        let prefix = "https://bot.example.org/workshop/calendar/"
        let link = try #require(
            asked.stdout.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix(prefix) }.map(String.init))
        #expect(asked.stdout.contains("webcal://bot.example.org/workshop/calendar/"))
        let path = "/calendar/" + link.dropFirst(prefix.count)

        // The bot again, serving: the same store keeps the link.
        let process = Process()
        process.executableURL = ConsoleEndToEndTests.executable
        process.arguments = ["console", "--config", folder.path, "--store", store]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        let client = try HTTPClient()
        let base = "http://127.0.0.1:\(port)"
        var feed: HTTPResponse?
        for _ in 0..<500 where feed == nil {
            feed = try? await client.send(HTTPRequest(url: base + path))
            if feed == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let response = try #require(feed)
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/calendar") == true)
        let file = folder.appendingPathComponent("feed.ics")
        try response.body.write(to: file)
        let unknown = try await client.send(HTTPRequest(url: base + "/calendar/0123456789abcdef0123456789abcdef.ics"))
        #expect(unknown.status == 404)
        let posted = try await client.send(HTTPRequest(method: .post, url: base + path, body: Data()))
        #expect(posted.status == 405)

        // A second bot on the same address stops before it handles anything.
        let second = try await ConsoleEndToEndTests.run(
            ["console", "--config", folder.path, "--store", folder.appendingPathComponent("t.sqlite").path],
            input: "/ping\n")
        #expect(second.status != 0)
        #expect(second.stderr.contains("cannot serve the web address on 127.0.0.1:\(port): the address is in use"))
        #expect(!second.stdout.contains("pong"), "\(second.stdout)")

        // Read with icalendar: each event's UID, start and end in UTC, and the VTIMEZONE's offsets in November
        // and in July, turned into a time zone by icalendar itself.
        let script = """
            import sys, datetime, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            for ev in cal.walk('VEVENT'):
                s = ev['DTSTART'].dt; e = ev.get('DTEND')
                print(str(ev['UID']).split('@')[0], s.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
                      e.dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ') if e else '-', int(ev['SEQUENCE']))
            tz = cal.walk('VTIMEZONE')[0].to_tz()
            print('zone', tz.utcoffset(datetime.datetime(2021, 11, 8, 12)), tz.utcoffset(datetime.datetime(2021, 7, 1, 12)))
            """
        let python = ConsoleEndToEndTests.repository.appendingPathComponent(".venv/bin/python").path
        let read = try await ConsoleEndToEndTests.runTool([python, "-c", script, file.path])
        let rows = read.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let events = Dictionary(rows.filter { $0.count == 4 }.map { ($0[0], ($0[1], $0[2])) }) { first, _ in first }
        #expect(rows.contains(["zone", "1:00:00", "2:00:00"]), "\(read)")
        // The sample agenda (plugins-config/agenda.yaml), in Hamburg time: 09:00 on 8 November is 08:00 UTC.
        #expect(events["session-opening"]?.0 == "2021-11-08T08:00:00Z", "\(read)")
        #expect(events["session-opening"]?.1 == "2021-11-08T09:30:00Z", "\(read)")
        #expect(events["deadline-first-draft"]?.0 == "2021-11-19T16:00:00Z", "\(read)")
        #expect(events["deadline-first-draft"]?.1 == "-")
        // The Lao team's feed: its own sessions, no other team's.
        let ids = Set(events.keys)
        #expect(ids.contains("session-drafting-lao"), "\(ids)")
        #expect(!ids.contains("session-drafting-mongolia") && !ids.contains("session-drafting-china"), "\(ids)")
        #expect(rows.filter { $0.count == 4 }.allSatisfy { $0[3] == "0" })
    }
}
