import BotCore
import BotHTTP
import BotMatrix
import BotRuntime
import BotSQLite
import BotTesting
import Foundation
import Logging

/// A real Synapse homeserver on 127.0.0.1 (Tests/Servers/synapse_server.py in the repository's `.venv`),
/// started once per test process and shared: every test uses its own rooms and its own bot account (suites run
/// side by side, and two bots on one account would both answer).
final class Synapse: Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let bots = (1...20).map { "bot\($0)" }
    static let people = ["host", "alice", "bob", "carol", "dave", "erin", "fac"]
    static func password(_ name: String) -> String { "pw-\(name)-secret" }

    private let server: LocalServerProcess
    let http: HTTPClient

    /// The shared homeserver, started by the first test that asks for it, or why it could not start.
    static func shared() async throws -> Synapse { try await starting.value }
    private static let starting = Task { try await Synapse() }

    /// A separate homeserver with a strict message rate limit, for the 429 tests.
    static func strict(perSecond: Double, burst: Int) async throws -> Synapse {
        try await Synapse(environment: [
            "SYNAPSE_RC_MESSAGE_PER_SECOND": "\(perSecond)", "SYNAPSE_RC_MESSAGE_BURST": "\(burst)",
        ])
    }

    init(environment: [String: String] = [:]) async throws {
        let users =
            (["admin:\(Self.password("admin")):admin"] + (Self.bots + Self.people).map { "\($0):\(Self.password($0))" })
            .joined(separator: ",")
        server = try await LocalServerProcess(
            script: Self.repository.appendingPathComponent("Tests/Servers/synapse_server.py"),
            interpreter: Self.repository.appendingPathComponent(".venv/bin/python").path,
            environment: environment.merging(["SYNAPSE_USERS": users]) { $1 })
        http = try HTTPClient()
    }

    var url: String { server.baseURL }

    func user(_ name: String) async throws -> MatrixTestUser {
        try await MatrixTestUser.login(self, name: name)
    }
}

struct MatrixTestError: Error, CustomStringConvertible {
    var description: String
}

/// A person (or the bot's account from another device) talking to the homeserver, for the tests' side.
final class MatrixTestUser: Sendable {
    let name: String
    let userID: String
    let token: String
    let server: Synapse

    private init(name: String, token: String, server: Synapse) {
        self.name = name
        self.userID = "@\(name):localhost"
        self.token = token
        self.server = server
    }

    static func login(_ server: Synapse, name: String) async throws -> MatrixTestUser {
        let answer = try await call(
            server, token: nil, .post, "/login",
            [
                "type": "m.login.password", "identifier": ["type": "m.id.user", "user": name],
                "password": Synapse.password(name),
            ])
        guard let token = answer["access_token"] as? String else {
            throw MatrixTestError(description: "no token for \(name)")
        }
        return MatrixTestUser(name: name, token: token, server: server)
    }

    static func call(
        _ server: Synapse, token: String?, _ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil,
        prefix: String = "/_matrix/client/v3"
    ) async throws -> [String: Any] {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        for _ in 0..<20 {
            let response = try await server.http.send(
                HTTPRequest(
                    method: method, url: server.url + prefix + path, headers: headers,
                    body: data ?? (method == .get ? nil : Data("{}".utf8))))
            let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
            if response.status == 429 {
                try await Task.sleep(for: .milliseconds(Int64((object["retry_after_ms"] as? Double) ?? 500)))
                continue
            }
            guard response.isSuccess else {
                throw MatrixTestError(
                    description: "\(method.rawValue) \(path): HTTP \(response.status) \(response.text)")
            }
            return object
        }
        throw MatrixTestError(description: "\(path): rate limited too often")
    }

    func call(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil, prefix: String = "/_matrix/client/v3")
        async throws -> [String: Any]
    {
        try await Self.call(server, token: token, method, path, body, prefix: prefix)
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// Creates a public room (anyone may join), invites `invite`, and gives `powers` their power levels.
    func createRoom(invite: [String] = [], powers: [String: Int] = [:], encrypted: Bool = false) async throws -> String
    {
        var body: [String: Any] = ["preset": "public_chat", "invite": invite, "name": "test room"]
        if !powers.isEmpty { body["power_level_content_override"] = ["users": powers] }
        if encrypted {
            body["initial_state"] = [
                ["type": "m.room.encryption", "state_key": "", "content": ["algorithm": "m.megolm.v1.aes-sha2"]]
            ]
        }
        let answer = try await call(.post, "/createRoom", body)
        guard let room = answer["room_id"] as? String else { throw MatrixTestError(description: "no room id") }
        return room
    }

    func join(_ room: String) async throws {
        _ = try await call(.post, "/join/\(Self.escape(room))", [:])
    }

    func joinedMembers(_ room: String) async throws -> Set<String> {
        let answer = try await call(.get, "/rooms/\(Self.escape(room))/joined_members")
        return Set((answer["joined"] as? [String: Any])?.keys ?? [:].keys)
    }

    /// Sends any event and returns its id.
    @discardableResult
    func send(_ room: String, type: String = "m.room.message", _ content: [String: Any]) async throws -> String {
        let txn = UUID().uuidString
        let answer = try await call(.put, "/rooms/\(Self.escape(room))/send/\(type)/\(txn)", content)
        guard let event = answer["event_id"] as? String else { throw MatrixTestError(description: "no event id") }
        return event
    }

    /// Sends a plain text message.
    @discardableResult
    func say(_ room: String, _ text: String) async throws -> String {
        try await send(room, ["msgtype": "m.text", "body": text])
    }

    @discardableResult
    func react(_ room: String, to event: String, key: String) async throws -> String {
        try await send(
            room, type: "m.reaction", ["m.relates_to": ["rel_type": "m.annotation", "event_id": event, "key": key]])
    }

    /// The room's events of `type` (oldest first), as the homeserver stores them.
    func events(in room: String, type: String = "m.room.message") async throws -> [[String: Any]] {
        var events: [[String: Any]] = []
        var from: String?
        let filter = "{\"types\":[\"\(type)\"]}"
        for _ in 0..<100 {
            var path = "/rooms/\(Self.escape(room))/messages?dir=b&limit=500&filter=\(Self.escape(filter))"
            if let from { path += "&from=\(Self.escape(from))" }
            let page = try await call(.get, path)
            let chunk = page["chunk"] as? [[String: Any]] ?? []
            events += chunk
            guard let end = page["end"] as? String, !chunk.isEmpty else { break }
            from = end
        }
        return events.reversed()
    }

    /// Messages the bot (`bot`) sent into the room, oldest first.
    func replies(in room: String, from bot: String) async throws -> [[String: Any]] {
        try await events(in: room).filter { $0["sender"] as? String == "@\(bot):localhost" }
    }
}

extension Dictionary where Key == String, Value == Any {
    var content: [String: Any] { self["content"] as? [String: Any] ?? [:] }
    var body: String { content["body"] as? String ?? "" }
    var inReplyTo: String? {
        ((content["m.relates_to"] as? [String: Any])?["m.in_reply_to"] as? [String: Any])?["event_id"] as? String
    }
}

/// A running bot on the Matrix channel against the homeserver, as account `bot`.
func withMatrixBot(
    _ server: Synapse, bot: String, plugins: [LoadedPlugin], roster: Roster = Roster(), directory: URL? = nil,
    rooms: [String] = [], accessToken: String? = nil, clock: any BotClock = SystemClock(),
    _ body: @Sendable (Bot, any Store) async throws -> Void
) async throws {
    let folder = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("mx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { if directory == nil { try? FileManager.default.removeItem(at: folder) } }
    let store = try SQLiteStore(path: folder.appendingPathComponent("bot.sqlite").path)
    let logger = Logger(label: "matrix-test", factory: { _ in SwiftLogNoOpLogHandler() })
    let names = Set(plugins.flatMap(\.commands).map(\.name))
    let channel = MatrixChannel(
        configuration: .init(
            homeserver: server.url, userID: "@\(bot):localhost", accessToken: accessToken,
            password: accessToken == nil ? Synapse.password(bot) : nil, rooms: rooms, syncTimeout: 2,
            commandNames: names),
        http: server.http, store: store, logger: logger)
    let bot = Bot(
        configuration: LoadedConfiguration(roster: roster, plugins: plugins), store: store,
        channels: [PollDriver(channel, store: store, logger: logger)],
        clock: clock, logger: logger, roleSources: [channel.powerLevels])
    try await bot.prepare()
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await bot.run() }
        defer { group.cancelAll() }
        try await body(bot, store)
    }
    await store.close()
}

/// Waits until the bot's account has joined the room.
func waitForJoin(_ user: MatrixTestUser, room: String, bot: String) async -> Bool {
    await eventually(timeout: .seconds(20)) {
        (try? await user.joinedMembers(room))?.contains("@\(bot):localhost") == true
    }
}
