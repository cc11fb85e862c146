import BotCore
import BotHTTP
import BotRuntime
import BotSQLite
import BotTelegram
import BotTesting
import Foundation
import Logging

/// The fake Bot API server (Tests/Servers/fake_telegram_server.py) on 127.0.0.1, with helpers to feed it
/// updates and read what the bot sent.
final class FakeTelegram: Sendable {
    static let token = "123456:TEST-token"
    private let server: LocalServerProcess
    let http: HTTPClient

    init() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/fake_telegram_server.py")
        server = try await LocalServerProcess(script: script, environment: ["FAKE_TELEGRAM_TOKEN": Self.token])
        http = try HTTPClient()
    }

    var url: String { server.baseURL }

    /// Queues updates for getUpdates.
    func push(_ updates: [[String: Any]]) async throws {
        let body = try JSONSerialization.data(withJSONObject: updates)
        _ = try await http.fetch(HTTPRequest(method: .post, url: url + "/control/updates", body: body))
    }

    /// Makes the next calls of `method` fail as described (see the server's docstring).
    func fail(_ method: String, _ responses: [[String: Any]]) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["method": method, "responses": responses])
        _ = try await http.fetch(HTTPRequest(method: .post, url: url + "/control/fail", body: body))
    }

    /// Sets the administrators getChatAdministrators reports for a chat.
    func setAdmins(chat: Int64, users: [Int64]) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["chat_id": chat, "user_ids": users])
        _ = try await http.fetch(HTTPRequest(method: .post, url: url + "/control/admins", body: body))
    }

    /// Every answerCallbackQuery the server got, in order.
    func answers() async throws -> [[String: Any]] {
        let response = try await http.fetch(HTTPRequest(url: url + "/control/answers"))
        return (try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
    }

    /// A button press (callback_query) on a bot message, as the Bot API shapes it.
    static func press(
        _ data: String, id: String, on messageID: Int64 = 900, chat: Int64 = -1001234567890, from user: Int64 = 42
    )
        -> [String: Any]
    {
        [
            "callback_query": [
                "id": id, "chat_instance": "ci", "data": data,
                "from": ["id": user, "is_bot": false, "first_name": "Saran"],
                "message": [
                    "message_id": messageID, "date": 1_636_358_400, "text": "menu",
                    "chat": ["id": chat, "type": "supergroup", "title": "Mongolia team"],
                ] as [String: Any],
            ] as [String: Any]
        ]
    }

    /// Every Bot API call in order: its method, when it was answered (the server's monotonic seconds) and
    /// the HTTP status it got.
    func log() async throws -> [(method: String, at: Double, status: Int)] {
        let response = try await http.fetch(HTTPRequest(url: url + "/control/log"))
        let entries = (try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
        return entries.compactMap { entry in
            guard let method = entry["method"] as? String, let at = entry["at"] as? Double,
                let status = entry["status"] as? Int
            else { return nil }
            return (method, at, status)
        }
    }

    /// An update served as this exact JSON text, filed by the server under `id` (a number, or a numeric string
    /// beyond 64 bits).
    static func raw(_ json: String, id: Any) -> [String: Any] { ["update_id": id, "raw": json] }

    /// How often each Bot API method was called.
    func calls() async throws -> [String: Int] {
        let response = try await http.fetch(HTTPRequest(url: url + "/control/calls"))
        return (try JSONSerialization.jsonObject(with: response.body) as? [String: Int]) ?? [:]
    }

    /// A config folder for the real `workshop-bot run` against this server (rate limits off), with `extra`
    /// appended to bot.yaml. The caller removes the folder.
    func botConfigFolder(_ name: String, plugins: String = "[help, ping, whoami]", extra: String = "") throws -> URL {
        try BotProcess.configFolder(
            prefix: name,
            channel: """
                  telegram:
                    token: ${TELEGRAM_BOT_TOKEN}
                    api_url: \(url)
                    poll_timeout_s: 1
                    rate_limit: false
                """, plugins: plugins, extra: extra)
    }

    /// How many replies each message id received.
    func repliesPerMessage() async -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for message in (try? await sent()) ?? [] {
            if let id = (message["reply_parameters"] as? [String: Any])?["message_id"] as? Int {
                counts[id, default: 0] += 1
            }
        }
        return counts
    }

    /// Every setMyCommands request, in order: each menu's commands and its language code (nil: for everyone).
    func menus() async throws -> [(language: String?, commands: [String: String])] {
        let response = try await http.fetch(HTTPRequest(url: url + "/control/menus"))
        let menus = (try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
        return menus.map { menu in
            var commands: [String: String] = [:]
            for command in menu["commands"] as? [[String: Any]] ?? [] {
                if let name = command["command"] as? String { commands[name] = command["description"] as? String }
            }
            return (menu["language_code"] as? String, commands)
        }
    }

    /// Every sendMessage the server accepted, in order.
    func sent() async throws -> [[String: Any]] {
        let response = try await http.fetch(HTTPRequest(url: url + "/control/sent"))
        return (try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
    }

    /// Every editMessageText the server accepted, in order.
    func edits() async throws -> [[String: Any]] {
        let response = try await http.fetch(HTTPRequest(url: url + "/control/edits"))
        return (try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
    }

    /// Every sendDocument the server accepted, in order: its fields, and its file as `file_name`, `mime_type`
    /// and `content`.
    func documents() async throws -> [[String: Any]] {
        let response = try await http.fetch(HTTPRequest(url: url + "/control/documents"))
        return (try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
    }

    func stats() async throws -> [String: Int] {
        let response = try await http.fetch(HTTPRequest(url: url + "/control/stats"))
        return (try JSONSerialization.jsonObject(with: response.body) as? [String: Int]) ?? [:]
    }

    /// A text message update as the Bot API shapes it.
    static func text(
        _ text: String, chat: Int64 = -1001234567890, from user: Int64 = 42, firstName: String = "Bounmy",
        messageID: Int64, chatType: String = "supergroup", languageCode: String = "lo"
    ) -> [String: Any] {
        [
            "message": [
                "message_id": messageID, "date": 1_636_358_400, "text": text,
                "from": ["id": user, "is_bot": false, "first_name": firstName, "language_code": languageCode],
                "chat": ["id": chat, "type": chatType, "title": "Lao PDR team"],
                "entities": [["type": "bot_command", "offset": 0, "length": 5]],
            ] as [String: Any]
        ]
    }
}

/// A running bot on the Telegram channel against the fake server.
func withTelegramBot(
    _ fake: FakeTelegram, plugins: [LoadedPlugin], roster: Roster = Roster(), directory: URL? = nil,
    adminsAreFacilitators: Bool = false, clock: any BotClock = SystemClock(), pollTimeout: Int = 1,
    retryHintCap: Double = PlatformValues.defaultRetryHintCap, _ body: @Sendable (Bot) async throws -> Void
) async throws {
    let folder = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("tg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { if directory == nil { try? FileManager.default.removeItem(at: folder) } }
    let store = try SQLiteStore(path: folder.appendingPathComponent("bot.sqlite").path)
    var logger = Logger(label: "telegram-test")
    logger.logLevel = .critical
    let channel = TelegramChannel(
        configuration: .init(
            token: FakeTelegram.token, apiURL: fake.url, pollTimeout: pollTimeout, rateLimit: false,
            retryHintCap: retryHintCap),
        http: fake.http, logger: logger)
    let bot = Bot(
        configuration: LoadedConfiguration(roster: roster, plugins: plugins), store: store,
        channels: [PollDriver(channel, store: store, logger: logger)],
        clock: clock, logger: logger,
        roleSources: adminsAreFacilitators ? [TelegramAdminRoles(channel: channel)] : [])
    try await bot.prepare()
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await bot.run() }
        defer { group.cancelAll() }
        try await body(bot)
    }
    await store.close()
}
