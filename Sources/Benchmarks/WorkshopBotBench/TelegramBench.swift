import BotHTTP
import BotTesting
import Foundation

// The Telegram channel under load, against the fake Bot API server, with a minimal answer-only client on the
// same server as the ceiling. See docs/BENCHMARKS.md.

/// A fake Bot API server process for one run.
final class BenchTelegramServer {
    let server: LocalServerProcess
    let http: HTTPClient
    static let token = "123456:BENCH-token"

    init(root: URL) async throws {
        server = try await LocalServerProcess(
            script: root.appendingPathComponent("Tests/Servers/fake_telegram_server.py"),
            environment: ["FAKE_TELEGRAM_TOKEN": Self.token])
        http = try HTTPClient()
    }

    var url: String { server.baseURL }

    func push(_ updates: [[String: Any]]) async throws {
        let body = try JSONSerialization.data(withJSONObject: updates)
        _ = try await http.fetch(HTTPRequest(method: .post, url: url + "/control/updates", body: body))
    }

    func timing() async throws -> [String: Double] {
        let body = try await http.fetch(HTTPRequest(url: url + "/control/timing")).body
        let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    /// How many times each Bot API method was called so far.
    func callsByMethod() async throws -> [String: Int] {
        let body = try await http.fetch(HTTPRequest(url: url + "/control/calls")).body
        return try JSONSerialization.jsonObject(with: body) as? [String: Int] ?? [:]
    }

    func calls() async throws -> Int {
        let body = try await http.fetch(HTTPRequest(url: url + "/control/calls")).body
        return (try JSONSerialization.jsonObject(with: body) as? [String: Int])?["getUpdates"] ?? 0
    }
}

/// The workload: 50 group chats, 500 users; 50 % commands, 10 % button presses, 40 % chatter.
func telegramWorkload(count: Int, start: Int) -> (updates: [[String: Any]], replies: Int) {
    var updates: [[String: Any]] = []
    var replies = 0
    for i in start..<(start + count) {
        let chat = -2000 - (i % 50)
        let user: [String: Any] = ["id": 1 + (i * 7) % 500, "is_bot": false, "first_name": "User \((i * 7) % 500)"]
        let chatObject: [String: Any] = ["id": chat, "type": "supergroup", "title": "Team \(i % 50)"]
        switch i % 10 {
        case 0...4:
            let text = i % 20 == 0 ? "/whoami" : (i % 20 == 10 ? "/help ping" : "/ping")
            updates.append([
                "message": ["message_id": i + 1, "date": 1_636_358_400, "text": text, "from": user, "chat": chatObject]
            ])
            replies += 1
        case 5:
            updates.append([
                "callback_query": [
                    "id": "cb\(i)", "chat_instance": "x", "data": "/ping", "from": user,
                    "message": ["message_id": 900_000 + i, "date": 1_636_358_400, "text": "menu", "chat": chatObject],
                ] as [String: Any]
            ])
            replies += 1
        default:
            updates.append([
                "message": [
                    "message_id": i + 1, "date": 1_636_358_400, "text": "hello team, see you at 9", "from": user,
                    "chat": chatObject,
                ]
            ])
        }
    }
    return (updates, replies)
}

/// Writes the `bot.yaml` of a benchmark run into `folder`: the store there, Telegram on `server` without rate
/// limits, `telegramExtra` lines added to the Telegram section, and the plugins enabled.
func writeBenchBotYAML(
    folder: URL, server: BenchTelegramServer, telegramExtra: String = "", plugins: String = "[help, ping, whoami]"
) throws {
    try """
    name: workshop_bot
    store:
      path: \(folder.appendingPathComponent("bot.sqlite").path)
    channels:
      telegram:
        token: ${TELEGRAM_BOT_TOKEN}
        api_url: \(server.url)
        poll_timeout_s: 1
        rate_limit: false
    \(telegramExtra)
    plugins:
      enabled: \(plugins)
    """.write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
}

func startBot(root: URL, server: BenchTelegramServer, folder: URL) throws -> Process {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try writeBenchBotYAML(folder: folder, server: server)
    return try BotProcess.run(config: folder, environment: ["TELEGRAM_BOT_TOKEN": BenchTelegramServer.token])
}

func peakRSSMiB(of pid: Int32) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return kib / 1024
}

func waitForReplies(_ server: BenchTelegramServer, _ expected: Int, timeout: Double = 180) async throws -> [String:
    Double]
{
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        let timing = try await server.timing()
        if Int(timing["replies"] ?? 0) >= expected { return timing }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await server.timing()
}

func benchTelegram() async throws {
    let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let (updates, expected) = telegramWorkload(count: 20_000, start: 0)
    var botRates: [Double] = [], clientRates: [Double] = [], rss: [Double] = []
    for _ in 0..<3 {
        // The minimal client.
        clientRates.append(try await minimalClientRate(root: root, updates: updates, expected: expected))
        // workshop-bot.
        do {
            let server = try await BenchTelegramServer(root: root)
            for chunk in stride(from: 0, to: updates.count, by: 2000) {
                try await server.push(Array(updates[chunk..<min(chunk + 2000, updates.count)]))
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tg-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let bot = try startBot(root: root, server: server, folder: folder)
            let timing = try await waitForReplies(server, expected)
            rss.append(peakRSSMiB(of: bot.processIdentifier))
            bot.terminate()
            bot.waitUntilExit()
            botRates.append(Double(Int(timing["replies"] ?? 0)) / (timing["span_s"] ?? .infinity))
        }
    }
    print("telegram load: 20,000 updates (12,000 to answer), 50 chats, 500 users, all pending at start")
    print("  minimal client: replies/s runs \(clientRates.map { Int($0) }) median \(Int(median(clientRates)))")
    print("  workshop-bot:   replies/s runs \(botRates.map { Int($0) }) median \(Int(median(botRates)))")
    print("  ratio bot/minimal: \(String(format: "%.2f", median(botRates) / median(clientRates)))")
    print(
        "  workshop-bot peak RSS MiB: \(rss.map { String(format: "%.1f", $0) }) median \(String(format: "%.1f", median(rss)))"
    )

    // Paced: 1,000 updates/s for 10 s into an idle, running bot.
    let server = try await BenchTelegramServer(root: root)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tg-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let bot = try startBot(root: root, server: server, folder: folder)
    while try await server.calls() < 2 { try await Task.sleep(for: .milliseconds(20)) }
    let (paced, pacedReplies) = telegramWorkload(count: 10_000, start: 100_000)
    let (timing, pacedRSS) = try await pushPaced(paced, expecting: pacedReplies, to: server, bot: bot)
    print(
        "telegram paced 1,000 updates/s for 10 s: replies \(Int(timing["replies"] ?? 0)), p50 "
            + String(format: "%.2f", timing["p50_ms"] ?? -1) + " ms, p99 "
            + String(format: "%.2f", timing["p99_ms"] ?? -1)
            + " ms, peak RSS " + String(format: "%.1f", pacedRSS) + " MiB")
}

/// Pushes `updates` to the server ten every 10 ms (1,000 updates/s) into the running `bot`, waits for `replies`
/// replies, then stops the bot: the replies' timing and the bot's peak RSS in MiB.
func pushPaced(
    _ updates: [[String: Any]], expecting replies: Int, to server: BenchTelegramServer, bot: Process
) async throws -> (timing: [String: Double], peakRSS: Double) {
    let started = ContinuousClock.now
    for (index, chunk) in stride(from: 0, to: updates.count, by: 10).enumerated() {
        let due = started + .milliseconds(10 * index)
        let wait = due - ContinuousClock.now
        if wait > .zero { try await Task.sleep(for: wait) }
        try await server.push(Array(updates[chunk..<min(chunk + 10, updates.count)]))
    }
    let timing = try await waitForReplies(server, replies)
    let rss = peakRSSMiB(of: bot.processIdentifier)
    bot.terminate()
    bot.waitUntilExit()
    return (timing, rss)
}

/// The minimal client's replies per second on a server of its own holding all of `updates` at start: the ceiling
/// the same server allows, measured in the same run as the bot.
func minimalClientRate(root: URL, updates: [[String: Any]], expected: Int) async throws -> Double {
    try await minimalClientRun(root: root, updates: updates, expected: expected).rate
}

/// The minimal client's run: its replies per second and the Bot API calls it made, by method.
func minimalClientRun(root: URL, updates: [[String: Any]], expected: Int) async throws -> (
    rate: Double, calls: [String: Int]
) {
    let server = try await BenchTelegramServer(root: root)
    for chunk in stride(from: 0, to: updates.count, by: 2000) {
        try await server.push(Array(updates[chunk..<min(chunk + 2000, updates.count)]))
    }
    let client = Process()
    client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    client.arguments = [
        "python3", root.appendingPathComponent("Tests/Servers/minimal_telegram_client.py").path, server.url,
        BenchTelegramServer.token, String(expected),
    ]
    try client.run()
    let timing = try await waitForReplies(server, expected)
    client.terminate()
    return (Double(expected) / (timing["span_s"] ?? .infinity), try await server.callsByMethod())
}
