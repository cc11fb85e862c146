import BotHTTP
import BotTesting
import Foundation

// Reply delay over a local Synapse: a test user sends `!ping` and waits, in its own `/sync`, for the reply.
// workshop-bot (`workshop-bot run` on the Matrix channel) and a minimal reference bot
// (Tests/Servers/minimal_matrix_bot.py) run side by side on the same homeserver, in rooms of their own, and
// the commands alternate between them, so both see the same machine load. See docs/BENCHMARKS.md.

/// The benchmark's side of the homeserver: one user, its token, its sync position.
final class BenchMatrixUser {
    let http: HTTPClient
    let base: String
    let token: String
    var since: String?

    init(http: HTTPClient, base: String, name: String, password: String) async throws {
        self.http = http
        self.base = base
        let body: [String: Any] = [
            "type": "m.login.password", "identifier": ["type": "m.id.user", "user": name], "password": password,
        ]
        let answer = try await Self.call(http, base, token: nil, .post, "/login", body)
        token = answer["access_token"] as? String ?? ""
    }

    static func call(
        _ http: HTTPClient, _ base: String, token: String?, _ method: HTTPMethod, _ path: String,
        _ body: [String: Any]? = nil,
        timeout: Duration = .seconds(30)
    ) async throws -> [String: Any] {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        let response = try await http.fetch(
            HTTPRequest(
                method: method, url: base + "/_matrix/client/v3" + path, headers: headers,
                body: try body.map { try JSONSerialization.data(withJSONObject: $0) }, timeout: timeout))
        return (try JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:]
    }

    func call(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil, timeout: Duration = .seconds(30))
        async throws -> [String: Any]
    {
        try await Self.call(http, base, token: token, method, path, body, timeout: timeout)
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// The reply events (room, event replied to) in the next sync answer.
    func sync(timeoutMS: Int) async throws -> [(room: String, replyTo: String)] {
        let filter =
            #"{"presence":{"types":[]},"account_data":{"types":[]},"room":{"state":{"types":[]},"ephemeral":{"types":[]},"timeline":{"types":["m.room.message"],"limit":50}}}"#
        var path = "/sync?timeout=\(timeoutMS)&filter=\(Self.escape(filter))"
        if let since { path += "&since=\(Self.escape(since))" }
        let answer = try await call(.get, path, timeout: .seconds(60))
        since = answer["next_batch"] as? String ?? since
        var replies: [(String, String)] = []
        let joined = (answer["rooms"] as? [String: Any])?["join"] as? [String: Any] ?? [:]
        for (room, value) in joined {
            let events = ((value as? [String: Any])?["timeline"] as? [String: Any])?["events"] as? [[String: Any]] ?? []
            for event in events {
                let relation = (event["content"] as? [String: Any])?["m.relates_to"] as? [String: Any]
                if let target = (relation?["m.in_reply_to"] as? [String: Any])?["event_id"] as? String {
                    replies.append((room, target))
                }
            }
        }
        return replies
    }
}

func benchMatrix() async throws {
    let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let python = root.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else {
        print("matrix: run scripts/install-deps.sh first (.venv with matrix-synapse)")
        return
    }
    let server = try await LocalServerProcess(
        script: root.appendingPathComponent("Tests/Servers/synapse_server.py"), interpreter: python,
        environment: ["SYNAPSE_USERS": "workshopbot:pw-bot,refbot:pw-ref,alice:pw-alice"])
    let http = try HTTPClient()
    let alice = try await BenchMatrixUser(http: http, base: server.baseURL, name: "alice", password: "pw-alice")
    let ours =
        try await alice.call(.post, "/createRoom", ["preset": "public_chat", "invite": ["@workshopbot:localhost"]])[
            "room_id"] as? String ?? ""
    let theirs =
        try await alice.call(.post, "/createRoom", ["preset": "public_chat", "invite": ["@refbot:localhost"]])[
            "room_id"] as? String ?? ""

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mx-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
    name: workshop_bot
    store:
      path: \(folder.appendingPathComponent("bot.sqlite").path)
    channels:
      matrix:
        homeserver: \(server.baseURL)
        user_id: "@workshopbot:localhost"
        password: ${MATRIX_PASSWORD}
    plugins:
      enabled: [help, ping]
    """.write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
    let bot = try BotProcess.run(config: folder, environment: ["MATRIX_PASSWORD": "pw-bot"])
    let reference = Process()
    reference.executableURL = URL(fileURLWithPath: python)
    reference.arguments = [root.appendingPathComponent("Tests/Servers/minimal_matrix_bot.py").path]
    reference.environment = ProcessInfo.processInfo.environment.merging([
        "MATRIX_HOMESERVER": server.baseURL, "MATRIX_USER": "refbot", "MATRIX_PASSWORD": "pw-ref",
    ]) { $1 }
    let lifeline = Pipe()
    reference.standardInput = lifeline
    reference.standardOutput = FileHandle.nullDevice
    try reference.run()
    defer {
        bot.terminate()
        try? lifeline.fileHandleForWriting.close()
        reference.terminate()
        bot.waitUntilExit()
    }
    // Both bots in their rooms.
    for (room, member) in [(ours, "@workshopbot:localhost"), (theirs, "@refbot:localhost")] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let members = try await alice.call(.get, "/rooms/\(BenchMatrixUser.escape(room))/joined_members")
            if (members["joined"] as? [String: Any])?[member] != nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
    _ = try await alice.sync(timeoutMS: 0)

    /// Sends `!ping` into `room` and returns the milliseconds until alice's sync shows the reply.
    func roundTrip(_ room: String, _ n: Int) async throws -> Double {
        let started = ContinuousClock.now
        let sent = try await alice.call(
            .put, "/rooms/\(BenchMatrixUser.escape(room))/send/m.room.message/bench-\(n)-\(UUID().uuidString)",
            ["msgtype": "m.text", "body": "!ping \(n)"])
        let event = sent["event_id"] as? String ?? ""
        while ContinuousClock.now - started < .seconds(30) {
            if try await alice.sync(timeoutMS: 10_000).contains(where: { $0.room == room && $0.replyTo == event }) {
                let elapsed = ContinuousClock.now - started
                return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            }
        }
        return .infinity
    }

    for n in 0..<5 {  // warm-up: connections, caches, both bots' first replies
        _ = try await roundTrip(ours, n)
        _ = try await roundTrip(theirs, n)
    }
    var oursMS: [Double] = [], theirsMS: [Double] = []
    for n in 0..<100 {
        // Alternate which bot goes first, so neither always follows the other's reply.
        if n % 2 == 0 {
            oursMS.append(try await roundTrip(ours, 100 + n))
            theirsMS.append(try await roundTrip(theirs, 100 + n))
        } else {
            theirsMS.append(try await roundTrip(theirs, 100 + n))
            oursMS.append(try await roundTrip(ours, 100 + n))
        }
    }
    func p99(_ values: [Double]) -> Double { values.sorted()[min(values.count - 1, Int(Double(values.count) * 0.99))] }
    func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
    print("matrix reply delay over a local Synapse, 100 commands each, command sent to reply seen by the sender:")
    print("  workshop-bot:      median \(fmt(median(oursMS))) ms, p99 \(fmt(p99(oursMS))) ms")
    print("  minimal reference: median \(fmt(median(theirsMS))) ms, p99 \(fmt(p99(theirsMS))) ms")
    print("  difference of medians: \(fmt(median(oursMS) - median(theirsMS))) ms")
}
