import BotCore
import BotHTTP
import BotRuntime
import BotTesting
import Foundation
import Logging
import Testing

@testable import BotMatrix

/// What the Matrix channel keeps in the store for each poll it posts expires, and the runtime's housekeeping
/// forgets it then: the store does not grow with every poll and reaction of a workshop.
@Suite(.serialized)
struct MatrixStoredStateTests {
    static let t0 = Date(timeIntervalSince1970: 1_636_358_400)
    static let day: TimeInterval = 86_400
    static let room = "!room:localhost"
    static let quiet = Logger(label: "mx", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A sync answer holding `events` (JSON texts) in the room.
    static func sync(_ events: [String]) throws -> SyncResponse {
        try SyncResponse.scanning(Data(syncText(events).utf8))
    }

    static func reaction(_ id: String, to target: String) -> String {
        #"{"type": "m.reaction", "sender": "@alice:localhost", "event_id": "\#(id)", "origin_server_ts": 1636358400000, "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": "\#(target)", "key": "1️⃣"}}}"#
    }

    static func redaction(_ id: String, of target: String) -> String {
        #"{"type": "m.room.redaction", "sender": "@alice:localhost", "event_id": "\#(id)", "redacts": "\#(target)", "origin_server_ts": 1636358400000, "content": {"redacts": "\#(target)"}}"#
    }

    @Test func aPollsButtonsAndTheReactionsToThemAreForgottenByHousekeeping30DaysLater() async throws {
        let server = try await ScriptedHomeserver()
        try await server.route("/rooms/%21room%3Alocalhost/send/", otherwise: (200, #"{"event_id": "$poll"}"#))
        try await withTestBot(plugins: [], now: Self.t0) { bot in
            // A channel on the bot's store and manual clock; a new one has no buttons in memory, only the store's.
            @Sendable func channel() -> MatrixChannel {
                MatrixChannel(
                    configuration: .init(homeserver: server.url, userID: "@bot:localhost", accessToken: "t"),
                    http: server.http, store: bot.store, logger: Self.quiet,
                    clock: bot.clock)
            }
            @Sendable func stored() async throws -> [String?] {
                try await bot.store.transaction { tx in
                    [
                        try tx.cursor(MatrixStoredState.buttons(of: "$poll")),
                        try tx.cursor(MatrixStoredState.reaction("$r1")),
                    ]
                }
            }
            let poster = channel()
            var poll = OutgoingMessage(
                chat: ChatRef(platform: "matrix", id: Self.room),
                reply: Reply(
                    lines: ["Lunch?"],
                    buttons: [[Button("Soup", command: "/vote 1", select: "/vote #1 +1", undo: "/vote #1 -1")]]))
            poll.idempotencyKey = "poll-1"
            try await poster.send(poll)
            let press = try await poster.process(
                Self.sync([Self.reaction("$r1", to: "$poll")]), initial: false, since: "s1")
            #expect(press.messages.map(\.text) == ["/vote #1 +1"])

            // A day before they expire, housekeeping (known to have run: it forgot this earlier entry) keeps both.
            try await bot.store.transaction {
                try $0.setCursor("canary", to: "x", expiresAt: Self.t0.addingTimeInterval(28 * Self.day))
            }
            bot.clock.advance(by: 29 * Self.day)
            let canaryGone = await eventually {
                (try? await bot.store.transaction { try $0.cursor("canary") }) == .some(nil)
            }
            #expect(canaryGone)
            let kept = try await stored()
            let allKept = kept.allSatisfy { $0 != nil }
            #expect(allKept, "\(kept)")
            let taken = try await channel().process(
                Self.sync([Self.reaction("$r2", to: "$poll")]), initial: false, since: "s2")
            #expect(taken.messages.map(\.text) == ["/vote #1 +1"])

            // 30 days after the poll, the next housekeeping forgets them: a reaction, or taking one back, runs nothing.
            bot.clock.advance(by: Self.day)
            let forgotten = await eventually { (try? await stored()) == [nil, nil] }
            #expect(forgotten)
            // The same from the channel that posted the poll, which had its buttons in memory.
            for reader in [channel(), poster] {
                let late = try await reader.process(
                    Self.sync([Self.reaction("$r3", to: "$poll"), Self.redaction("$x1", of: "$r1")]), initial: false,
                    since: "s3")
                #expect(late.messages.isEmpty)
            }
        }
    }

    @Test func theSessionTheBotLoggedInWithIsKeptWithoutExpiry() async throws {
        let server = try await ScriptedHomeserver()
        try await server.route(
            "/login", otherwise: (200, #"{"access_token": "tok", "device_id": "DEVICE", "user_id": "@bot:localhost"}"#))
        try await server.route("/account/whoami", otherwise: (200, #"{"user_id": "@bot:localhost"}"#))
        try await withTestBot(plugins: [], now: Self.t0) { bot in
            let channel = MatrixChannel(
                configuration: .init(homeserver: server.url, userID: "@bot:localhost", password: "pw"),
                http: server.http, store: bot.store, logger: Self.quiet,
                clock: bot.clock)
            try await channel.prepare()
            bot.clock.advance(by: 366 * Self.day)
            await bot.bot.scheduler.housekeeping(at: bot.clock.now())
            let session = try await bot.store.transaction { tx in
                [try tx.cursor(MatrixStoredState.accessToken), try tx.cursor(MatrixStoredState.deviceID)]
            }
            #expect(session == ["tok", "DEVICE"])
        }
    }
}
