import BotCore
import BotHTTP
import BotRuntime
import BotSQLite
import BotTesting
import Foundation
import Logging
import Synchronization
import Testing

@testable import BotMatrix

/// A homeserver that answers from a script (Tests/Servers/scripted_json_server.py), for what a real one never
/// sends: events nested 10,000 levels deep, numbers beyond 64 bits, a `retry_after_ms` of 10^18.
final class ScriptedHomeserver: Sendable {
    private let server: LocalServerProcess
    let http: HTTPClient

    init() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/scripted_json_server.py")
        server = try await LocalServerProcess(script: script)
        http = try HTTPClient()
    }

    var url: String { server.baseURL }

    /// Answers requests below `prefix` (of the client-server API) with `responses` (status, JSON text) in turn,
    /// then with `otherwise`.
    func route(_ prefix: String, _ responses: [(Int, String)] = [], otherwise: (Int, String)?) async throws {
        var request: [String: Any] = [
            "prefix": MatrixAPI.prefix + prefix, "responses": responses.map { ["status": $0.0, "body": $0.1] },
        ]
        if let otherwise { request["default"] = ["status": otherwise.0, "body": otherwise.1] }
        let body = try JSONSerialization.data(withJSONObject: request)
        _ = try await http.fetch(HTTPRequest(method: .post, url: url + "/control/route", body: body))
    }

    /// Every request the server answered, in order.
    func log() async throws -> [(method: String, path: String, at: Double, status: Int, body: String)] {
        let response = try await http.fetch(HTTPRequest(url: url + "/control/log"))
        let entries = (try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
        return entries.compactMap { entry in
            guard let method = entry["method"] as? String, let path = entry["path"] as? String,
                let at = entry["at"] as? Double,
                let status = entry["status"] as? Int, let body = entry["body"] as? String
            else { return nil }
            return (method, path, at, status, body)
        }
    }

    /// The bot's account, and a first sync followed by `syncs` (JSON texts); later syncs bring nothing new.
    func script(syncs: [String]) async throws {
        try await route("/account/whoami", otherwise: (200, #"{"user_id": "@bot:localhost"}"#))
        try await route(
            "/sync", [(200, #"{"next_batch": "s1"}"#)] + syncs.map { (200, $0) },
            otherwise: (200, #"{"next_batch": "s9"}"#))
        try await route("/rooms/%21room%3Alocalhost/send/", otherwise: (200, #"{"event_id": "$reply"}"#))
    }

    /// The bot's accepted replies (message bodies sent with status 200).
    func replies() async -> [String] {
        ((try? await log()) ?? []).filter {
            $0.method == "PUT" && $0.path.contains("/send/m.room.message/") && $0.status == 200
        }
        .map(\.body)
    }
}

/// A sync whose room timeline holds these events (JSON texts).
func syncText(_ events: [String], nextBatch: String = "s2", extra: String = "") -> String {
    #"{"next_batch": "\#(nextBatch)"\#(extra), "rooms": {"join": {"!room:localhost": {"timeline": {"limited": false, "events": [\#(events.joined(separator: ", "))]}}}}}"#
}

func eventText(_ id: String, body: String, timestamp: String = "1636358400000", extraContent: String = "") -> String {
    #"{"type": "m.room.message", "sender": "@alice:localhost", "event_id": "\#(id)", "origin_server_ts": \#(timestamp), "content": {"msgtype": "m.text", "body": "\#(body)"\#(extraContent)}}"#
}

func nested(_ levels: Int) -> String { String(repeating: "[", count: levels) + String(repeating: "]", count: levels) }

func withScriptedMatrixBot(
    _ server: ScriptedHomeserver, retryHintCap: Double = PlatformValues.defaultRetryHintCap,
    _ body: @Sendable () async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteStore(path: folder.appendingPathComponent("bot.sqlite").path)
    let logger = Logger(label: "matrix-test", factory: { _ in SwiftLogNoOpLogHandler() })
    let channel = MatrixChannel(
        configuration: .init(
            homeserver: server.url, userID: "@bot:localhost", accessToken: "t", syncTimeout: 1,
            commandNames: Set(builtins.flatMap(\.commands).map(\.name)), retryHintCap: retryHintCap),
        http: server.http, store: store, logger: logger)
    let bot = Bot(
        configuration: LoadedConfiguration(roster: Roster(), plugins: builtins), store: store,
        channels: [PollDriver(channel, store: store, logger: logger)], clock: SystemClock(),
        logger: logger)
    try await bot.prepare()
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await bot.run() }
        defer { group.cancelAll() }
        try await body()
    }
    await store.close()
}

@Suite(.serialized)
struct MatrixHardeningTests {
    @Test func aSyncWithATooDeepEventStillAnswersTheGoodCommandBesideIt() async throws {
        let server = try await ScriptedHomeserver()
        let deep = nested(10_000)
        try await server.script(syncs: [
            syncText(
                [
                    eventText("$deep", body: "!ping deep", extraContent: #", "x": \#(deep)"#),
                    // A time no clock can hold: the event is still read, at the bot's own time.
                    eventText("$good", body: "!ping", timestamp: "100000000000000000000"),
                ],
                // Deep nesting in a part of the sync the bot does not read does not matter either.
                extra: #", "account_data": {"events": [{"type": "x", "content": \#(deep)}]}"#)
        ])
        try await withScriptedMatrixBot(server) {
            let held = await eventually(timeout: .seconds(30)) { !(await server.replies()).isEmpty }
            #expect(held)
            let replies = await server.replies()
            #expect(replies.count == 1)
            #expect(replies.first?.contains(#""event_id":"$good""#) == true)
            #expect(replies.first?.contains("pong") == true)
            // Syncs that bring nothing new and come back at once are not repeated in a tight loop.
            let syncs = { ((try? await server.log()) ?? []).filter { $0.path.hasSuffix("/sync") }.count }
            let before = await syncs()
            try await Task.sleep(for: .seconds(2))
            let during = await syncs() - before
            #expect(during <= 6, "/sync called \(during) times in 2 s")
        }
    }

    @Test func aRetryAfterMsOfTenToTheEighteenIsWaitedForTheCapAndTheBotGoesOn() async throws {
        let server = try await ScriptedHomeserver()
        try await server.script(syncs: [syncText([eventText("$ping", body: "!ping")])])
        try await server.route(
            "/rooms/%21room%3Alocalhost/send/",
            [
                (
                    429,
                    #"{"errcode": "M_LIMIT_EXCEEDED", "error": "Too Many Requests", "retry_after_ms": 1000000000000000000}"#
                )
            ],
            otherwise: (200, #"{"event_id": "$reply"}"#))
        let cap = 0.5
        try await withScriptedMatrixBot(server, retryHintCap: cap) {
            let held = await eventually(timeout: .seconds(30)) { (await server.replies()).count == 1 }
            #expect(held)
            let sends = try await server.log().filter { $0.method == "PUT" }
            let foundLimited = sends.firstIndex { $0.status == 429 }
            let limited = try #require(foundLimited)
            let retry = try #require(sends.dropFirst(limited + 1).first)
            #expect(retry.status == 200)
            #expect(retry.at - sends[limited].at >= cap - 0.01, "the send was asked again once the cap had passed")
        }
    }

    @Test func retryHintsAreBoundedInOnePlace() {
        // Huge, negative and impossible hints from any platform: never a trap, at most the cap.
        #expect(PlatformValues.retryHint(1e17, cap: 300) == (300, "above the cap of 300.0 s"))
        #expect(PlatformValues.retryHint(2.5, cap: 300) == (2.5, nil))
        #expect(PlatformValues.retryHint(-4, cap: 300).seconds == PlatformValues.fallbackRetryHint)
        #expect(PlatformValues.retryHint(.nan, cap: 300).seconds == PlatformValues.fallbackRetryHint)
        #expect(PlatformValues.retryHint(.infinity, cap: 300).seconds == PlatformValues.fallbackRetryHint)
        #expect(PlatformValues.retryHint(nil, cap: 300) == (PlatformValues.fallbackRetryHint, nil))
        #expect(PlatformValues.retryHint(1e9, cap: 1e12).seconds == PlatformValues.longestRetryHintCap)
        #expect(ChannelError.retryDelay(afterFailures: 1, error: ChannelError.rateLimited(retryAfter: 1e300)) == 3600)
        #expect(ChannelError.retryDelay(afterFailures: Int.max, error: ChannelError.transient("x")) == 60)
        let body = try? JSONDecoder().decode(
            MatrixErrorBody.self, from: Data(#"{"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": 1e18}"#.utf8))
        #expect(
            MatrixAPI.failure(status: 429, error: body, retryAfter: nil, what: "x", cap: 0.5)
                == .rateLimited(retryAfter: 0.5))
        #expect(
            MatrixAPI.failure(status: 429, error: nil, retryAfter: .seconds(Int64.max), what: "x")
                == .rateLimited(retryAfter: 300))
    }

    /// A channel that answers its first send with a rate limit of 10^17 seconds, not capped by the channel.
    final class UncappedChannel: Channel {
        let platform: Platform = "uncapped"
        let usesOutbox = true
        let sends = Mutex(0)
        func receive(_ deliver: @escaping @Sendable (IncomingMessage) async -> DeliveryReceipt) async throws {}
        func send(_ message: OutgoingMessage) async throws {
            let first = sends.withLock { sends in
                sends += 1
                return sends == 1
            }
            if first { throw ChannelError.rateLimited(retryAfter: 1e17) }
        }
    }

    @Test func theOutboxBoundsAHintThatAChannelDidNotCap() async throws {
        let store = try SQLiteStore(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("ob-\(UUID().uuidString).sqlite").path)
        let channel = UncappedChannel()
        try await store.transaction { tx in
            _ = try tx.enqueueOutgoing(
                OutgoingMessage(chat: ChatRef(platform: "uncapped", id: "c"), reply: "hello"), key: "k", at: Date())
        }
        let waits = Mutex<[Duration]>([])
        let outbox = OutboxSender(
            store: store, channel: channel, logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }),
            sleep: { duration in waits.withLock { $0.append(duration) } })
        let running = Task { await outbox.run() }
        #expect(await eventually(timeout: .seconds(30)) { channel.sends.withLock { $0 } == 2 })
        running.cancel()
        outbox.wakeSignal.ring()
        // The hint was waited as the longest cap, an hour: no trap converting it, no wait of years.
        #expect(waits.withLock { $0 } == [.seconds(PlatformValues.longestRetryHintCap)])
        await store.close()
    }

    @Test func platformTimesOutsideTheBelievableAreTheBotsOwnTime() {
        let now = Date(timeIntervalSince1970: 1_636_358_400)
        #expect(
            PlatformValues.time(secondsSince1970: 1_636_358_000, now: now) == Date(timeIntervalSince1970: 1_636_358_000)
        )
        for impossible in [1e20, -1, .nan, .infinity, 0, 1_636_358_400 + 2 * 86_400] as [Double] {
            #expect(PlatformValues.time(secondsSince1970: impossible, now: now) == now)
        }
    }

    @Test func theScannerSplitsAnyDepthWithoutRecursion() throws {
        let deep = nested(100_000)
        let list = try #require(JSONSlices.elements(of: Data("[1, \"a,]\\\"\", \(deep), {\"k\": [2]} ]".utf8)))
        #expect(list.map { String(decoding: $0, as: UTF8.self) } == ["1", "\"a,]\\\"\"", deep, "{\"k\": [2]}"])
        let members = try #require(JSONSlices.members(of: Data(#"{"a\"b": 1, "c": {"d": "}"}}"#.utf8)))
        #expect(members.map(\.key) == ["a\"b", "c"])
        #expect(members.map { String(decoding: $0.value, as: UTF8.self) } == ["1", #"{"d": "}"}"#])
        for broken in ["", "[", "[1,", "[1 2]", "{\"a\" 1}", "{\"a\": }", "[1] x", "\"s\"", "[\"unterminated]"] {
            #expect(
                JSONSlices.elements(of: Data(broken.utf8)) == nil && JSONSlices.members(of: Data(broken.utf8)) == nil,
                "\(broken)")
        }
        #expect(JSONSlices.elements(of: Data(" [ ] ".utf8))?.isEmpty == true)
    }
}
