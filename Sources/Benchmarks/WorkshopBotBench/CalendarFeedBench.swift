import BotConfig
import BotConsole
import BotCore
import BotRuntime
import BotSQLite
import BotTesting
import Foundation
import Logging

// How long the bot takes to answer what its web address serves: a calendar app's fetch of a feed (a team's and
// the whole workshop's) and the dashboard's pages (a facilitator's and a team member's), the sample plugins-config
// through the real runtime on a SQLite store, each rendered 200 times after a warm-up. See docs/BENCHMARKS.md.

func benchCalendarFeed() async throws {
    var configuration = try ConfigLoader(factories: benchPluginFactories, channels: [ConsoleChannel.factory])
        .load(directory: "plugins-config")
    configuration.bot.web = .init(publicURL: "https://bot.example.org")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
    let channel = CountingChannel()
    var logger = Logger(label: "bench")
    logger.logLevel = .critical
    let clock = ManualClock(now: Date(timeIntervalSince1970: 1_636_356_600))
    let bot = Bot(configuration: configuration, store: store, channels: [channel], clock: clock, logger: logger)
    try await bot.prepare()
    async let running: Void = bot.run()
    var paths: [(String, String)] = []
    for (label, user, text) in [
        ("team (Lao PDR)", "bounmy", "/agenda subscribe"), ("whole workshop", "facilitator", "/agenda subscribe all"),
    ] {
        let message = IncomingMessage(
            chat: ChatRef(platform: "console", id: "direct-\(user)"), sender: UserRef(platform: "console", id: user),
            senderName: user, text: text, time: clock.now(), messageID: "feed-\(user)", botUsername: "workshop_bot",
            isDirect: true)
        let reply = await channel.exchange([message])
        let link = reply?.lines.map(\.plainText).first { $0.hasPrefix("https://bot.example.org/calendar/") }
        guard let link else {
            print("calendar-feed: no link in the reply to \(text): \(reply?.plainText ?? "none")")
            continue
        }
        paths.append((label, String(link.dropFirst("https://bot.example.org".count))))
    }
    let runs = 200
    print("calendar-feed: each feed rendered \(runs) times after a warm-up (sample plugins-config, SQLite store)")
    for (label, path) in paths {
        let (size, times, cpu) = try await measured(runs) { try await bot.webDocument(at: path)?.body.count ?? 0 }
        print(
            "  \(label): \(size) bytes, median \(Int(median(times))) µs wall, \(Int(median(cpu))) µs CPU per fetch")
    }
    try await benchDashboardPages(bot, channel, clock)
    channel.finish()
    await running
    await store.close()
}

/// The dashboard's pages, signed in as a facilitator and as a team's member, with a poll and a vote in place.
private func benchDashboardPages(_ bot: Bot, _ channel: CountingChannel, _ clock: ManualClock) async throws {
    func say(_ text: String, from user: String, in chat: String, direct: Bool) async -> Reply? {
        let message = IncomingMessage(
            chat: ChatRef(platform: "console", id: chat), sender: UserRef(platform: "console", id: user),
            senderName: user, text: text, time: clock.now(), messageID: UUID().uuidString,
            botUsername: "workshop_bot", isDirect: direct)
        return await channel.exchange([message])
    }
    _ = await say(
        #"/poll new "Which theme first?" Climate Digital Citizenship"#, from: "facilitator", in: "lao", direct: false)
    _ = await say("/vote 1", from: "bounmy", in: "lao", direct: false)
    let runs = 200
    print("dashboard: each page rendered \(runs) times after a warm-up (sample plugins-config, SQLite store)")
    for (user, pages) in [
        ("facilitator", ["", "/programme", "/deadlines", "/polls", "/links", "/posts", "/problems"]),
        ("bounmy", ["", "/programme", "/deadlines", "/polls"]),
    ] {
        let reply = await say("/dashboard", from: user, in: "direct-\(user)", direct: true)
        let prefix = "https://bot.example.org/dashboard/signin/"
        // As a browser signs in: the link's page, then its form with the page's confirmation cookie.
        guard let link = reply?.lines.map(\.plainText).first(where: { $0.hasPrefix(prefix) }),
            case let path = "/dashboard/signin/" + link.dropFirst(prefix.count),
            let page = try await bot.webResponse(method: .get, path: path, cookies: [:], form: [:]),
            let field = String(decoding: page.body, as: UTF8.self).components(separatedBy: "name=\"confirm\" value=\"")
                .dropFirst().first?.prefix(32),
            let signedIn = try await bot.webResponse(
                method: .post, path: path, cookies: ["workshop_bot_signin": String(field)],
                form: ["confirm": String(field)]),
            let cookie = signedIn.headers.first(where: { $0.name == "Set-Cookie" })?.value,
            let session = cookie.split(separator: ";").first?.split(separator: "=").last
        else {
            print("dashboard: \(user) could not sign in: \(reply?.plainText ?? "no reply")")
            continue
        }
        let cookies = ["workshop_bot_session": String(session)]
        for page in pages {
            let path = "/dashboard" + page
            let (size, times, cpu) = try await measured(runs) {
                try await bot.webResponse(method: .get, path: path, cookies: cookies, form: [:])?.body.count ?? 0
            }
            print(
                "  \(user) \(path): \(size) bytes, median \(Int(median(times))) µs wall, \(Int(median(cpu))) µs CPU")
        }
    }
}

/// `fetch` once to warm up, then `runs` times: the size it gave, and the wall and CPU microseconds of each run.
private func measured(_ runs: Int, _ fetch: () async throws -> Int) async throws -> (Int, [Double], [Double]) {
    _ = try await fetch()
    var times: [Double] = []
    var cpu: [Double] = []
    var size = 0
    for _ in 0..<runs {
        let start = ContinuousClock.now
        let before = processCPUNanoseconds()
        size = try await fetch()
        cpu.append(Double(processCPUNanoseconds() - before) / 1_000)
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    return (size, times, cpu)
}
