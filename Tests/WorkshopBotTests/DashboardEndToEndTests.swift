import BotHTTP
import Foundation
import Synchronization
import Testing

/// The dashboard of the real executable, in a real browser: the sample configuration in the console with `web:`
/// on, a facilitator's `/dashboard` link opened in headless Chromium (`Tests/Servers/browser_pages.py`, over the
/// DevTools protocol), every page read and photographed at phone and desktop width (kept in
/// `.build/test-artefacts/dashboard/`), and a vote cast in chat seen on the polls page after it.
@Suite(.serialized)
struct DashboardEndToEndTests {
    /// What the running bot printed so far.
    final class Output: Sendable {
        let text = Mutex("")
        var now: String { text.withLock { $0 } }
    }

    /// One browser run's findings (browser_pages.py's JSON).
    struct BrowserRun: Decodable {
        struct Cookie: Decodable {
            var name: String
            var httpOnly: Bool
            var sameSite: String?
        }

        struct Page: Decodable {
            var path: String
            var url: String
            var status: Int?
            var title: String
            var text: String
            var screenshots: [String]
        }

        var signed_in_url: String
        var cookies: [Cookie]
        var pages: [Page]

        func page(_ path: String) -> Page? { pages.first { $0.path == path } }
    }

    static let artefacts = ConsoleEndToEndTests.repository.appendingPathComponent(".build/test-artefacts/dashboard")

    /// Waits until the bot has printed `count` sign-in links; the last one.
    static func link(number count: Int, in output: Output, base: String) async throws -> String {
        let prefix = base + "/dashboard/signin/"
        for _ in 0..<3000 {
            let links = output.now.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix(prefix) }
            if links.count >= count, let last = links.last { return String(last) }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ConsoleEndToEndTests.ToolError(message: "no sign-in link printed: \(output.now)")
    }

    static func browse(_ link: String, pages: [String], into folder: URL) async throws -> BrowserRun {
        let script = ConsoleEndToEndTests.repository.appendingPathComponent("Tests/Servers/browser_pages.py").path
        let json = try await ConsoleEndToEndTests.runTool([
            "python3", script, "--signin", link, "--pages", pages.joined(separator: ","), "--out", folder.path,
            "--timeout", "60",
        ])
        return try JSONDecoder().decode(BrowserRun.self, from: Data(json.utf8))
    }

    @Test func aFacilitatorSignsInInChromiumAndEveryPageShowsTheBotsState() async throws {
        let port = try await MetricsEndpointTests.freePort()
        let base = "http://127.0.0.1:\(port)"
        let folder = try CalendarFeedEndToEndTests.config(port: port, publicURL: base)
        defer { try? FileManager.default.removeItem(at: folder) }
        try? FileManager.default.removeItem(at: Self.artefacts)
        try FileManager.default.createDirectory(at: Self.artefacts, withIntermediateDirectories: true)

        let process = Process()
        process.executableURL = ConsoleEndToEndTests.executable
        process.arguments = [
            "console", "--config", folder.path, "--store", folder.appendingPathComponent("s.sqlite").path,
        ]
        let input = Pipe(), printed = Pipe()
        process.standardInput = input
        process.standardOutput = printed
        let output = Output()
        printed.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            printed.fileHandleForReading.readabilityHandler = nil
        }
        func type(_ line: String) throws { try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8)) }

        try type(#"facilitator: /poll new "Which theme <first>?" "Climate & jobs" "Digital skills""#)
        try type("facilitator: /dashboard")
        let first = try await Self.link(number: 1, in: output, base: base)
        let pages = [
            "/dashboard", "/dashboard/programme", "/dashboard/deadlines", "/dashboard/polls", "/dashboard/posts",
        ]
        let run = try await Self.browse(first, pages: pages, into: Self.artefacts)

        #expect(run.signed_in_url == base + "/dashboard")
        let cookie = run.cookies.first { $0.name == "workshop_bot_session" }
        #expect(cookie?.httpOnly == true)
        #expect(cookie?.sameSite == "Strict")
        for path in pages {
            let page = try #require(run.page(path), "\(path)")
            #expect(page.status == 200, "\(path)")
            #expect(page.url == base + path, "\(path)")
            #expect(page.screenshots.count == 2)
            for shot in page.screenshots {
                let data = try Data(contentsOf: URL(fileURLWithPath: shot))
                #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(shot)")
            }
        }
        let overview = try #require(run.page("/dashboard"))
        #expect(overview.text.contains("facilitator, facilitator"))
        for title in ["Programme", "Deadlines", "Polls", "Link check", "Scheduled posts", "Problems"] {
            #expect(overview.text.contains(title), "\(title): \(overview.text)")
        }
        // The sample agenda and deadlines (plugins-config), in the workshop's zone for a facilitator.
        let programme = try #require(run.page("/dashboard/programme"))
        #expect(programme.text.contains("Opening plenary"), "\(programme.text)")
        #expect(programme.text.contains("Mon 8 Nov 09:00 (Europe/Berlin)"), "\(programme.text)")
        let deadlines = try #require(run.page("/dashboard/deadlines"))
        #expect(deadlines.text.contains("First draft of the national policy"), "\(deadlines.text)")
        #expect(deadlines.text.contains("Uganda"))
        let polls = try #require(run.page("/dashboard/polls"))
        #expect(polls.text.contains("#1 Which theme <first>?"), "\(polls.text)")
        #expect(polls.text.contains("Lao PDR\t0\t1"), "\(polls.text)")

        // A vote in chat, then the polls page again.
        try type("bounmy: /vote 1")
        try type("facilitator: /dashboard")
        let second = try await Self.link(number: 2, in: output, base: base)
        let again = try await Self.browse(
            second, pages: ["/dashboard/polls"], into: Self.artefacts.appendingPathComponent("after-vote"))
        let after = try #require(again.page("/dashboard/polls"))
        #expect(after.text.contains("Lao PDR\t1\t1"), "\(after.text)")

        // A team's member: their team's view, and no facilitator page.
        try type("bounmy: /dashboard")
        let third = try await Self.link(number: 3, in: output, base: base)
        let member = try await Self.browse(
            third, pages: ["/dashboard/deadlines", "/dashboard/posts"],
            into: Self.artefacts.appendingPathComponent("team-member"))
        let own = try #require(member.page("/dashboard/deadlines"))
        #expect(own.text.contains("Lao PDR"))
        #expect(!own.text.contains("Uganda"), "\(own.text)")
        #expect(member.page("/dashboard/posts")?.status == 403)

        // What the server refuses, over plain HTTP.
        let client = try HTTPClient()
        let put = try await client.send(HTTPRequest(method: .put, url: base + "/dashboard", body: Data()))
        #expect(put.status == 405)
        #expect(put.header("Allow") == "GET, HEAD, POST")
        let large = try await client.send(
            HTTPRequest(
                method: .post, url: base + "/dashboard/logout",
                headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")],
                body: Data(repeating: UInt8(ascii: "a"), count: 9000)))
        #expect(large.status == 413)
        let json = try await client.send(
            HTTPRequest(
                method: .post, url: base + "/dashboard/logout",
                headers: [(name: "Content-Type", value: "application/json")],
                body: Data("{}".utf8)))
        #expect(json.status == 415)
        // A sign-in form posted from another site's page is refused before the link is looked at; from the
        // dashboard's own origin, an unknown link is told it is spent.
        let unknown = base + "/dashboard/signin/" + String(repeating: "0", count: 32)
        for (origin, status) in [("https://evil.example", 403), (base, 410)] {
            let answer = try await client.send(
                HTTPRequest(
                    method: .post, url: unknown,
                    headers: [
                        (name: "Origin", value: origin),
                        (name: "Content-Type", value: "application/x-www-form-urlencoded"),
                    ], body: Data()))
            #expect(answer.status == status, "\(origin)")
        }
        let page = try await client.send(HTTPRequest(url: base + "/dashboard/signed-out"))
        #expect(page.status == 200)
        #expect(page.header("X-Frame-Options") == "DENY")
        #expect(page.header("Referrer-Policy") == "no-referrer")
        #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
    }
}
