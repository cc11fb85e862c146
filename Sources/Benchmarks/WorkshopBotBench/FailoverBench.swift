import BotCore
import BotHTTP
import BotPostgres
import BotTesting
import Foundation

// How long the Telegram account goes unanswered when the instance polling it is killed (issue: median under
// 15 s, maximum under 30 s over ten kills): two release `workshop-bot run` instances on one PostgreSQL store (the
// tests' server) and the fake Bot API server, a /ping every 50 ms throughout. See docs/BENCHMARKS.md.

/// Kills the lease holder ten times; each time, the failover time is from the kill to the first reply the
/// server accepts afterwards. The killed instance is replaced by a new standby before the next kill.
func benchFailover() async throws {
    let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let kills = 10
    let postgres = try await PostgresTestServer()
    let database = try await postgres.createDatabase()
    let url = postgres.url(database: database)
    let server = try await BenchTelegramServer(root: root)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-failover-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeBenchBotYAML(folder: folder, server: server)
    let store = try await PostgresStore(url: url)

    var started = 0
    func startInstance() throws -> (String, Process) {
        started += 1
        let name = "bench-\(started)"
        let process = try BotProcess.run(
            config: folder,
            environment: ["TELEGRAM_BOT_TOKEN": BenchTelegramServer.token, "WORKSHOP_BOT_INSTANCE": name],
            arguments: ["--store", url])
        return (name, process)
    }
    func sent() async throws -> Int {
        let body = try await server.http.fetch(HTTPRequest(url: server.url + "/control/stats")).body
        return (try JSONSerialization.jsonObject(with: body) as? [String: Int])?["sent"] ?? 0
    }
    /// The instance holding the Telegram lease now, once one does.
    func holder() async throws -> String {
        while true {
            if let lease = try await store.transaction({ try $0.lease("telegram") }), !lease.lapsed(at: Date()) {
                return String(lease.holder.prefix { $0 != "#" })
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    var instances: [String: Process] = [:]
    for _ in 0..<2 {
        let (name, process) = try startInstance()
        instances[name] = process
    }
    // A /ping every 50 ms, in ten chats, for as long as the benchmark runs.
    let http = server.http
    let updatesURL = server.url + "/control/updates"
    let traffic = Task {
        var n = 0
        while !Task.isCancelled {
            n += 1
            let update: [String: Any] = [
                "message": [
                    "message_id": n, "date": 1_636_358_400, "text": "/ping",
                    "from": ["id": 1 + n % 100, "is_bot": false, "first_name": "User"],
                    "chat": ["id": -7000 - n % 10, "type": "supergroup", "title": "Team"],
                ] as [String: Any]
            ]
            if let body = try? JSONSerialization.data(withJSONObject: [update]) {
                _ = try? await http.fetch(HTTPRequest(method: .post, url: updatesURL, body: body))
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
    var times: [Double] = []
    for _ in 0..<kills {
        // Serving steadily before the kill.
        let flowing = try await sent()
        while try await sent() < flowing + 20 { try await Task.sleep(for: .milliseconds(50)) }
        let name = try await holder()
        guard let process = instances.removeValue(forKey: name) else { break }
        let killedAt = ContinuousClock.now
        kill(process.processIdentifier, SIGKILL)
        await process.exited()
        let atDeath = try await sent()
        while try await sent() <= atDeath { try await Task.sleep(for: .milliseconds(20)) }
        let taken = ContinuousClock.now - killedAt
        times.append(taken.seconds)
        let (replacement, standby) = try startInstance()
        instances[replacement] = standby
    }
    traffic.cancel()
    for process in instances.values {
        kill(process.processIdentifier, SIGTERM)
        await process.exited()
    }
    await store.close()
    try await postgres.dropDatabase(database)
    let shown = times.map { String(format: "%.1f", $0) }.joined(separator: ", ")
    print("failover: Telegram, 2 instances on PostgreSQL, kill -9 of the lease holder, \(times.count) kills")
    print(
        "  kill to the next reply: median \(String(format: "%.1f", median(times))) s, maximum "
            + "\(String(format: "%.1f", times.max() ?? 0)) s (each: \(shown))")
}
