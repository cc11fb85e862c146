import BotCore
import BotHTTP
import BotSQLite
import Foundation
import Logging
import Synchronization
import Testing

@testable import BotMatrix

/// Sync answers with content of every wrong shape, decoded and processed without a homeserver.
@Suite struct MatrixSyncDecodingTests {
    func channel() throws -> (MatrixChannel, SQLiteStore) {
        let store = try SQLiteStore(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("mx-\(UUID().uuidString).sqlite").path)
        let channel = MatrixChannel(
            configuration: .init(homeserver: "http://127.0.0.1:9", userID: "@bot:localhost", accessToken: "t"),
            http: try HTTPClient(), store: store, logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        return (channel, store)
    }

    static func message(_ n: Int, body: Any, sender: String = "@alice:localhost", extra: [String: Any] = [:])
        -> [String: Any]
    {
        [
            "type": "m.room.message", "sender": sender, "event_id": "$e\(n)", "origin_server_ts": 1_636_358_400_000 + n,
            "content": ["msgtype": "m.text", "body": body].merging(extra) { $1 },
        ]
    }

    func process(_ events: [Any], in channel: MatrixChannel) async throws -> [IncomingMessage] {
        let json: [String: Any] = [
            "next_batch": "s2",
            "rooms": ["join": ["!room:localhost": ["timeline": ["events": events, "limited": false]]]],
        ]
        let sync = try JSONDecoder().decode(SyncResponse.self, from: JSONSerialization.data(withJSONObject: json))
        return try await channel.process(sync, initial: false, since: "s1").messages
    }

    @Test func eventsOfTheWrongShapeAreSkippedAndTheRestDelivered() async throws {
        let (channel, store) = try channel()
        let events: [Any] = [
            Self.message(1, body: 42),
            Self.message(2, body: ["!ping"]),
            ["type": "m.room.message", "sender": "@alice:localhost", "event_id": "$e3"],  // no content
            // No sender:
            ["type": "m.room.message", "event_id": "$e4", "content": ["msgtype": "m.text", "body": "!ping"]],
            "not an event",
            17,
            Self.message(5, body: "!ping", extra: ["m.relates_to": ["rel_type": "m.replace", "event_id": "$e1"]]),
            Self.message(6, body: "!ping", sender: "@bot:localhost"),
            [
                "type": "m.room.redaction", "sender": "@alice:localhost", "event_id": "$e7", "redacts": "$e1",
                "content": [:],
            ],
            [
                "type": "m.reaction", "sender": "@alice:localhost", "event_id": "$e8",
                "content": ["m.relates_to": "nonsense"],
            ],
            Self.message(9, body: "!ping", extra: ["m.relates_to": ["m.in_reply_to": ["event_id": "$e1"]]]),
            Self.message(10, body: "!agenda", extra: ["m.relates_to": ["rel_type": "m.thread", "event_id": "$root"]]),
        ]
        let delivered = try await process(events, in: channel)
        #expect(delivered.map(\.messageID) == ["$e9", "$e10"])
        #expect(delivered.map(\.text) == ["!ping", "!agenda"])
        #expect(delivered.last?.thread == "$root")
        #expect(delivered.first?.sender == UserRef(platform: "matrix", id: "@alice:localhost"))
        #expect(delivered.first?.chat == ChatRef(platform: "matrix", id: "!room:localhost"))
        await store.close()
    }

    static func ownMembership(_ n: Int, previous: String?) -> [String: Any] {
        var event: [String: Any] = [
            "type": "m.room.member", "sender": "@bot:localhost", "state_key": "@bot:localhost", "event_id": "$m\(n)",
            "content": ["membership": "join", "displayname": "Workshop bot"],
        ]
        if let previous { event["unsigned"] = ["prev_content": ["membership": previous]] }
        return event
    }

    @Test func onlyANewJoinCutsTheHistoryBeforeItNotAProfileChange() async throws {
        let (channel, store) = try channel()
        let renamed = try await process(
            [Self.message(1, body: "!ping"), Self.ownMembership(2, previous: "join"), Self.message(3, body: "!help")],
            in: channel)
        #expect(renamed.map(\.messageID) == ["$e1", "$e3"])
        let joined = try await process(
            [
                Self.message(4, body: "!ping before"), Self.ownMembership(5, previous: "invite"),
                Self.message(6, body: "!help"),
            ], in: channel)
        #expect(joined.map(\.messageID) == ["$e6"])
        await store.close()
    }

    @Test func aGapThatCannotBeReadFailsTheSyncInsteadOfSkippingIt() async throws {
        let (channel, store) = try channel()
        let json: [String: Any] = [
            "next_batch": "s3",
            "rooms": [
                "join": [
                    "!room:localhost": [
                        "timeline": ["events": [Self.message(1, body: "!ping")], "limited": true, "prev_batch": "p2"]
                    ]
                ]
            ],
        ]
        let sync = try JSONDecoder().decode(SyncResponse.self, from: JSONSerialization.data(withJSONObject: json))
        // The homeserver of this channel does not answer: the events between the syncs cannot be read.
        await #expect(throws: (any Error).self) {
            _ = try await channel.process(sync, initial: false, since: "s1")
        }
        await store.close()
    }

    @Test func aTenThousandEventSyncIsReadWhole() async throws {
        let (channel, store) = try channel()
        var events: [Any] = []
        for n in 0..<10_000 {
            events.append(n % 100 == 0 ? Self.message(n, body: n) : Self.message(n, body: "!ping \(n)"))
        }
        let delivered = try await process(events, in: channel)
        #expect(delivered.count == 9_900)
        #expect(Set(delivered.map(\.messageID)).count == 9_900)
        #expect(delivered.first?.text == "!ping 1")
        await store.close()
    }

    @Test func malformedJSONIsATransientFaultNotACrash() throws {
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(SyncResponse.self, from: Data("{\"next_batch\": 12, \"rooms\": [".utf8))
        }
        let minimal = try JSONDecoder().decode(SyncResponse.self, from: Data(#"{"next_batch":"s9"}"#.utf8))
        #expect(minimal.nextBatch == "s9")
        #expect(minimal.rooms == nil)
    }

    @Test func powerLevelsCreatorsAndThresholds() async throws {
        var power = MatrixPowerLevels.RoomPower()
        MatrixPowerLevels.apply(
            "m.room.power_levels",
            .object(["users": .object(["@fac:x": .number(50), "@old:x": .string("75")]), "users_default": .number(0)]),
            sender: "", to: &power)
        MatrixPowerLevels.apply(
            "m.room.create", .object(["room_version": .string("12")]), sender: "@host:x", to: &power)
        #expect(power.level(of: "@fac:x") == 50)
        #expect(power.level(of: "@old:x") == 75)
        #expect(power.level(of: "@nobody:x") == 0)
        #expect(power.creators == ["@host:x"])
        #expect(power.creatorsArePrivileged())
        MatrixPowerLevels.apply(
            "m.room.create", .object(["room_version": .string("10")]), sender: "@host:x", to: &power)
        #expect(!power.creatorsArePrivileged())

        let levels = MatrixPowerLevels(threshold: 50, api: nil, logger: Logger(label: "t"))
        let room = "!r:x"
        levels.observe(
            MatrixEvent(
                type: "m.room.create", sender: "@host:x", eventId: "$c", stateKey: "",
                content: .object(["room_version": .string("12")])), in: room)
        levels.observe(
            MatrixEvent(
                type: "m.room.power_levels", sender: "@host:x", eventId: "$p", stateKey: "",
                content: .object(["users": .object(["@fac:x": .number(50), "@mod:x": .number(49)])])), in: room)
        let chat = ChatRef(platform: "matrix", id: room)
        #expect(await levels.role(of: UserRef(platform: "matrix", id: "@fac:x"), in: chat)?.role == .chatFacilitator)
        #expect(await levels.role(of: UserRef(platform: "matrix", id: "@host:x"), in: chat)?.role == .chatFacilitator)
        #expect(await levels.role(of: UserRef(platform: "matrix", id: "@mod:x"), in: chat) == nil)
        #expect(await levels.role(of: UserRef(platform: "telegram", id: "@fac:x"), in: chat) == nil)

        // The rooms of matrix.rooms, as the channel resolved them, are the workshop's; with no rooms, none is.
        #expect(!(await levels.isConfiguredChat(chat)))
        let configured = MatrixPowerLevels(
            threshold: 50, api: nil, logger: Logger(label: "t"), configuredRooms: { [room] })
        #expect(await configured.isConfiguredChat(chat))
        #expect(!(await configured.isConfiguredChat(ChatRef(platform: "matrix", id: "!other:x"))))
        #expect(!(await configured.isConfiguredChat(ChatRef(platform: "telegram", id: room))))
    }
}

/// How homeserver failures map to what the channel and the outbox do.
@Suite struct MatrixFailureTests {
    func body(_ json: String) -> MatrixErrorBody? {
        try? JSONDecoder().decode(MatrixErrorBody.self, from: Data(json.utf8))
    }

    @Test func rateLimitsWaitTheHomeserversHint() {
        #expect(
            MatrixAPI.failure(
                status: 429, error: body(#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500}"#),
                retryAfter: .seconds(2), what: "x")
                == .rateLimited(retryAfter: 1.5))
        #expect(
            MatrixAPI.failure(status: 429, error: nil, retryAfter: .seconds(2), what: "x")
                == .rateLimited(retryAfter: 2))
        #expect(MatrixAPI.failure(status: 429, error: nil, retryAfter: nil, what: "x") == .rateLimited(retryAfter: 1))
        #expect(
            MatrixAPI.failure(status: 400, error: body(#"{"errcode":"M_LIMIT_EXCEEDED"}"#), retryAfter: nil, what: "x")
                == .rateLimited(retryAfter: 1))
        #expect(ChannelError.retryDelay(afterFailures: 3, error: ChannelError.rateLimited(retryAfter: 4.5)) == 4.5)
    }

    @Test func serverFaultsAreRetriedWithGrowingPausesAndRefusalsAreNot() {
        #expect(MatrixAPI.failure(status: 502, error: nil, retryAfter: nil, what: "PUT send") == .transient("PUT send"))
        #expect(
            MatrixAPI.failure(
                status: 403, error: body(#"{"errcode":"M_FORBIDDEN"}"#), retryAfter: nil, what: "PUT send")
                == .rejected("PUT send"))
        if case .unauthorized = MatrixAPI.failure(status: 401, error: nil, retryAfter: nil, what: "GET sync") {
        } else {
            Issue.record("401 must stop the channel")
        }
        let pauses = (1...12).map { ChannelError.retryDelay(afterFailures: $0, error: ChannelError.transient("x")) }
        #expect(pauses.prefix(4) == [0.5, 1, 2, 4])
        #expect(pauses.last == 60)
    }

    @Test func endpointsInErrorsNameNoRoomEventOrPerson() {
        #expect(
            MatrixAPI.describe("/rooms/%21abc%3Alocalhost/send/m.room.message/wb-1") == "/rooms/…/send/m.room.message/…"
        )
        #expect(MatrixAPI.describe("/directory/room/#ws:localhost") == "/directory/room/…")
        #expect(MatrixAPI.describe("/user/@bot:localhost/filter") == "/user/…/filter")
    }
}
