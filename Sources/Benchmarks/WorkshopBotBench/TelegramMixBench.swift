import BotHTTP
import BotTesting
import Foundation

// The Telegram channel under the commands people type: the sample plugins-config with its plugins, an open poll
// with buttons in every chat, and a mix of plugin commands, button presses and chatter, against the fake Bot
// API server, with the minimal client on the same server as the ceiling. See docs/BENCHMARKS.md.

/// The facilitator who opens the polls (named in `telegram.facilitators`).
let mixFacilitator = 999_999

/// The sample config folder with its dates moved so the workshop's first day was yesterday (the bot runs on the
/// real clock: replies then list sessions and count down to them, as during a workshop), and a `bot.yaml` for
/// the fake server.
func mixConfiguration(root: URL, server: BenchTelegramServer, folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    let yesterday = calendar.date(byAdding: .day, value: -1, to: Date()) ?? Date()
    for name in ["agenda.yaml", "deadlines.yaml", "resources.yaml", "roster.yaml", "voting.yaml"] {
        var text = try String(contentsOf: root.appendingPathComponent("plugins-config/\(name)"), encoding: .utf8)
        // 2021-11-08 (the first day) becomes yesterday; every other November 2021 date moves with it.
        for day in stride(from: 30, through: 1, by: -1) {
            guard let moved = calendar.date(byAdding: .day, value: day - 8, to: yesterday) else { continue }
            let parts = calendar.dateComponents([.year, .month, .day], from: moved)
            let old = String(format: "2021-11-%02d", day)
            let new = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            text = text.replacingOccurrences(of: old, with: new)
        }
        // The teams' console chats of the demo roster are not served here: no team posts go to them.
        text = text.replacingOccurrences(
            of: #"chats: \[console:[a-z]+\]"#, with: "chats: []", options: .regularExpression)
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    try writeBenchBotYAML(
        folder: folder, server: server, telegramExtra: "    facilitators: [\"\(mixFacilitator)\"]",
        plugins: "[help, ping, whoami, upcoming, agenda, resources, deadlines, voting]")
}

/// `workshop-bot run` on `folder`: the one next to this benchmark, or `BENCH_BOT` (a build to compare with); on
/// `store` (a PostgreSQL database) when given, else the SQLite file of `folder`, as the instance `name`.
func startMixBot(folder: URL, store: String? = nil, name: String = "bench-1") throws -> Process {
    let process = Process()
    let override = ProcessInfo.processInfo.environment["BENCH_BOT"]
    process.executableURL = override.map { URL(fileURLWithPath: $0) } ?? BotProcess.executable
    process.arguments =
        ["run", "--config", folder.path, "--log-level", "error"] + (store.map { ["--store", $0] } ?? [])
    process.environment = ProcessInfo.processInfo.environment.merging(
        ["TELEGRAM_BOT_TOKEN": BenchTelegramServer.token, "WORKSHOP_BOT_INSTANCE": name]
    ) { $1 }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    return process
}

extension BenchTelegramServer {
    func resetTiming() async throws {
        _ = try await http.fetch(HTTPRequest(method: .post, url: url + "/control/reset-timing"))
    }

    /// How many replies sent so far read as a failure or a refusal (the mix should have none).
    func failedReplies() async throws -> Int {
        let body = try await http.fetch(HTTPRequest(url: url + "/control/sent")).body
        let sent = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] ?? []
        let answers =
            try JSONSerialization.jsonObject(
                with: try await http.fetch(HTTPRequest(url: url + "/control/answers")).body)
            as? [[String: Any]] ?? []
        let failures = ["Something went wrong", "There is no", "Usage", "is closed", "I don't know", "took too long"]
        return (sent + answers).filter { reply in
            let text = reply["text"] as? String ?? ""
            return failures.contains { text.contains($0) }
        }.count
    }

    /// The poll each chat's setup reply announced, by chat id.
    func pollsByChat() async throws -> [Int: Int] {
        let body = try await http.fetch(HTTPRequest(url: url + "/control/sent")).body
        let sent = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] ?? []
        var polls: [Int: Int] = [:]
        for message in sent {
            guard let chat = (message["chat_id"] as? NSNumber)?.intValue ?? Int(message["chat_id"] as? String ?? ""),
                let text = message["text"] as? String, let range = text.range(of: "Poll #")
            else { continue }
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            if let id = Int(digits) { polls[chat] = id }
        }
        return polls
    }
}

/// The mix: 50 supergroups, 500 users; 50 % plugin commands (a sixth written `/cmd@workshop_bot`), 10 % button
/// presses on the chat's poll, 40 % chatter with mentions and links. Users' apps are in English, Russian,
/// Simplified Chinese, French or Lao (`language_code`), so replies come from four catalogues; with
/// `MIX_LANGUAGES=en`, every app is in English (the same build with one catalogue in use, for an A/B).
func mixWorkload(count: Int, start: Int, polls: [Int: Int]) -> (updates: [[String: Any]], replies: Int) {
    let commands = ["/agenda", "/agenda tomorrow", "/next", "/vote", "/resources climate", "/deadlines", "/help"]
    let chatter = [
        "hello team, see you at 9", "@saran can you share the draft? https://docs.example.org/draft",
        "thanks @workshop_bot", "slides: https://meet.example.org/uil-sou-plenary and notes later",
    ]
    let languages =
        ProcessInfo.processInfo.environment["MIX_LANGUAGES"] == "en" ? ["en"] : ["en", "ru", "zh-hans", "fr", "lo"]
    var updates: [[String: Any]] = []
    var replies = 0
    for i in start..<(start + count) {
        let chat = -2000 - (i % 50)
        let id = 1 + (i * 7) % 500
        let user: [String: Any] = [
            "id": id, "is_bot": false, "first_name": "User \((i * 7) % 500)",
            "language_code": languages[id % languages.count],
        ]
        let chatObject: [String: Any] = ["id": chat, "type": "supergroup", "title": "Team \(i % 50)"]
        switch i % 10 {
        case 0...4:
            let n = i / 10 * 5 + i % 10
            var command = commands[n % commands.count]
            if command == "/vote" { command += " \(1 + n % 4)" }
            if n % 6 == 0 {
                let words = command.split(separator: " ", maxSplits: 1)
                command = words[0] + "@workshop_bot" + (words.count > 1 ? " " + words[1] : "")
            }
            updates.append([
                "message": [
                    "message_id": i + 1, "date": 1_636_358_400, "text": command, "from": user, "chat": chatObject,
                ]
            ])
            replies += 1
        case 5:
            let poll = polls[chat] ?? 0
            updates.append([
                "callback_query": [
                    "id": "cb\(i)", "chat_instance": "x", "data": "/vote #\(poll) \(1 + i % 4)", "from": user,
                    "message": ["message_id": 900_000 + i, "date": 1_636_358_400, "text": "poll", "chat": chatObject],
                ] as [String: Any]
            ])
            replies += 1
        default:
            updates.append([
                "message": [
                    "message_id": i + 1, "date": 1_636_358_400, "text": chatter[i % chatter.count], "from": user,
                    "chat": chatObject,
                ]
            ])
        }
    }
    return (updates, replies)
}

/// Opens a poll in each of the 50 chats with the bot running, stops it, and returns the chats' poll ids.
func openMixPolls(server: BenchTelegramServer, folder: URL, store: String? = nil) async throws -> [Int: Int] {
    let facilitator: [String: Any] = ["id": mixFacilitator, "is_bot": false, "first_name": "Facilitator"]
    let setup: [[String: Any]] = (0..<50).map { n in
        let chat: [String: Any] = ["id": -2000 - n, "type": "supergroup", "title": "Team \(n)"]
        return [
            "message": [
                "message_id": 800_000 + n, "date": 1_636_358_400, "text": "/poll start themes", "from": facilitator,
                "chat": chat,
            ]
        ]
    }
    try await server.push(setup)
    let bot = try startMixBot(folder: folder, store: store)
    _ = try await waitForReplies(server, 50)
    bot.interrupt()  // SIGINT: a graceful stop, the replies sent and the offset kept
    bot.waitUntilExit()
    try await server.resetTiming()
    return try await server.pollsByChat()
}

/// CPU seconds a finished child process used (user and system), from `/proc/<pid>/stat` while it still runs.
func cpuSeconds(of pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return -1 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the name: state is field 3, utime 14 and stime 15 (1-based in proc(5)), so 11 and 12 here.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return -1 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// A standby instance beside the measured one when the run is on PostgreSQL (`MIX_POSTGRES=1`), started once the
/// measured one holds the Telegram lease; nil on SQLite.
func startMixStandby(folder: URL, store: String?, server: BenchTelegramServer) async throws -> Process? {
    guard let store else { return nil }
    let before = try await server.calls()
    while try await server.calls() <= before { try await Task.sleep(for: .milliseconds(20)) }
    return try startMixBot(folder: folder, store: store, name: "bench-standby")
}

func benchTelegramMix() async throws {
    let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    // MIX_POSTGRES=1: every run on a new database of the tests' PostgreSQL server, with a standby instance.
    let postgres = ProcessInfo.processInfo.environment["MIX_POSTGRES"] == "1" ? try await PostgresTestServer() : nil
    func newStore() async throws -> String? {
        guard let postgres else { return nil }
        return postgres.url(database: try await postgres.createDatabase())
    }
    var botRates: [Double] = [], clientRates: [Double] = [], rss: [Double] = [], cpuPerThousand: [Double] = []
    var answered: [Int] = [], failed: [Int] = [], pollsFound: [Int] = []
    var botCalls: [String: Int] = [:], clientCalls: [String: Int] = [:]
    for _ in 0..<3 {
        // workshop-bot: polls opened first, then all 20,000 updates pending when it starts again.
        do {
            let server = try await BenchTelegramServer(root: root)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tg-mix-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try mixConfiguration(root: root, server: server, folder: folder)
            let store = try await newStore()
            let polls = try await openMixPolls(server: server, folder: folder, store: store)
            pollsFound.append(polls.count)
            let (updates, expected) = mixWorkload(count: 20_000, start: 0, polls: polls)
            for chunk in stride(from: 0, to: updates.count, by: 2000) {
                try await server.push(Array(updates[chunk..<min(chunk + 2000, updates.count)]))
            }
            let setupCalls = try await server.callsByMethod()
            let bot = try startMixBot(folder: folder, store: store)
            let standby = try await startMixStandby(folder: folder, store: store, server: server)
            let timing = try await waitForReplies(server, expected)
            botCalls = try await server.callsByMethod().merging(setupCalls.mapValues { -$0 }, uniquingKeysWith: +)
            rss.append(peakRSSMiB(of: bot.processIdentifier))
            // With a standby, the CPU of both instances.
            let cpu =
                cpuSeconds(of: bot.processIdentifier) + (standby.map { cpuSeconds(of: $0.processIdentifier) } ?? 0)
            for process in [bot] + (standby.map { [$0] } ?? []) {
                process.terminate()
                process.waitUntilExit()
            }
            failed.append(try await server.failedReplies())
            // MIX_LOG=<file>: the fake server's log of every call of the bot's run (method, arrival time), to
            // see where the time went (the gaps between getUpdates calls, the sends after the last one).
            if let dump = ProcessInfo.processInfo.environment["MIX_LOG"] {
                let body = try await server.http.fetch(HTTPRequest(url: server.url + "/control/log")).body
                try body.write(to: URL(fileURLWithPath: dump))
            }
            let replies = Int(timing["replies"] ?? 0)
            answered.append(replies)
            botRates.append(Double(replies) / (timing["span_s"] ?? .infinity))
            cpuPerThousand.append(cpu / Double(max(replies, 1)) * 1000)
            // The minimal client, on the same kind of server with the same updates, right after.
            let client = try await minimalClientRun(root: root, updates: updates, expected: expected)
            clientRates.append(client.rate)
            clientCalls = client.calls
        }
    }
    let expected = mixWorkload(count: 20_000, start: 0, polls: [:]).replies
    print(
        "telegram mix: 20,000 updates (\(expected) to answer), 50 supergroups with an open poll each, 500 users, all pending at start"
            + (postgres == nil ? "" : "; on PostgreSQL, with a standby instance")
    )
    print(
        "  replies received by the server: \(answered); polls found per run: \(pollsFound); replies that read as a failure or refusal: \(failed)"
    )
    print("  minimal client: replies/s runs \(clientRates.map { Int($0) }) median \(Int(median(clientRates)))")
    print("  workshop-bot:   replies/s runs \(botRates.map { Int($0) }) median \(Int(median(botRates)))")
    let describe = { (calls: [String: Int]) in
        calls.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
    print(
        "  Bot API calls in the last run: minimal client \(describe(clientCalls)); workshop-bot \(describe(botCalls))")
    print("  ratio bot/minimal: \(String(format: "%.2f", median(botRates) / median(clientRates)))")
    print(
        "  workshop-bot CPU s per 1,000 replies: \(cpuPerThousand.map { String(format: "%.2f", $0) }) median \(String(format: "%.2f", median(cpuPerThousand)))"
    )
    print(
        "  workshop-bot peak RSS MiB: \(rss.map { String(format: "%.1f", $0) }) median \(String(format: "%.1f", median(rss)))"
    )

    // Paced: 1,000 updates/s for 10 s into an idle, running bot with its polls open.
    let server = try await BenchTelegramServer(root: root)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tg-mix-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try mixConfiguration(root: root, server: server, folder: folder)
    let store = try await newStore()
    let polls = try await openMixPolls(server: server, folder: folder, store: store)
    let bot = try startMixBot(folder: folder, store: store)
    let standby = try await startMixStandby(folder: folder, store: store, server: server)
    defer { standby?.terminate() }
    let before = try await server.calls()
    while try await server.calls() < before + 2 { try await Task.sleep(for: .milliseconds(20)) }
    let (paced, pacedReplies) = mixWorkload(count: 10_000, start: 100_000, polls: polls)
    let (timing, pacedRSS) = try await pushPaced(paced, expecting: pacedReplies, to: server, bot: bot)
    print(
        "telegram mix paced 1,000 updates/s for 10 s: replies \(Int(timing["replies"] ?? 0)) of \(pacedReplies), p50 "
            + String(format: "%.2f", timing["p50_ms"] ?? -1) + " ms, p99 "
            + String(format: "%.2f", timing["p99_ms"] ?? -1)
            + " ms, peak RSS " + String(format: "%.1f", pacedRSS) + " MiB")
}
