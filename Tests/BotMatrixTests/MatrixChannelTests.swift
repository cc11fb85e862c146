import BotCore
import BotHTTP
import BotRuntime
import BotSQLite
import BotTesting
import BuiltinPlugins
import DeadlinesPlugin
import Foundation
import Logging
import Testing
import VotingPlugin

@testable import BotMatrix

let builtins = [
    LoadedPlugin(HelpPlugin(configuration: .init())), LoadedPlugin(PingPlugin(configuration: .init())),
    LoadedPlugin(WhoAmIPlugin(configuration: .init())),
]

/// The channel against a real Synapse homeserver: each test has its own bot account and rooms.
@Suite(.serialized)
struct MatrixChannelTests {
    let server: Synapse

    init() async throws { server = try await Synapse.shared() }

    @Test func aCommandGetsAReplyInItsThreadAndHelpShowsTheBangPrefix() async throws {
        let host = try await server.user("host")
        let alice = try await server.user("alice")
        try await withMatrixBot(server, bot: "bot1", plugins: builtins) { _, _ in
            let room = try await host.createRoom(invite: ["@bot1:localhost"])
            try await alice.join(room)
            #expect(await waitForJoin(host, room: room, bot: "bot1"))
            let ping = try await alice.say(room, "!ping")
            let slashPing = try await alice.say(room, "/ping")
            let root = try await alice.say(room, "a question in a thread")
            let inThread = try await alice.send(
                room,
                ["msgtype": "m.text", "body": "!ping", "m.relates_to": ["rel_type": "m.thread", "event_id": root]])
            let help = try await alice.say(room, "!help")
            let held = await eventually(timeout: .seconds(20)) {
                ((try? await alice.replies(in: room, from: "bot1")) ?? []).count >= 4
            }
            #expect(held)
            let replies = try await alice.replies(in: room, from: "bot1")
            #expect(replies.count == 4)
            let pongs = replies.filter { $0.body == "pong" }
            #expect(pongs.map(\.inReplyTo) == [ping, slashPing, inThread])
            let threaded = try #require(pongs.last?.content["m.relates_to"] as? [String: Any])
            #expect(threaded["rel_type"] as? String == "m.thread")
            #expect(threaded["event_id"] as? String == root)
            let foundHelpReply = replies.first { $0.inReplyTo == help }
            let helpReply = try #require(foundHelpReply)
            #expect(helpReply.body.contains("!ping"))
            #expect(!helpReply.body.contains("/ping"))
            #expect(helpReply.content["format"] as? String == "org.matrix.custom.html")
            #expect(helpReply.content["msgtype"] as? String == "m.text")
        }
    }

    @Test func aFacilitatorByPowerLevelRunsAFacilitatorCommandAndAParticipantCannot() async throws {
        let host = try await server.user("host")
        let fac = try await server.user("fac")
        let bob = try await server.user("bob")
        let voting = LoadedPlugin(try VotingPlugin(configuration: .init()))
        // Power levels count in the workshop's rooms (here: matrix.rooms).
        let room = try await host.createRoom(invite: ["@bot2:localhost"], powers: ["@fac:localhost": 50])
        try await fac.join(room)
        try await bob.join(room)
        try await withMatrixBot(server, bot: "bot2", plugins: builtins + [voting], rooms: [room]) { _, _ in
            #expect(await waitForJoin(host, room: room, bot: "bot2"))
            let refused = try await bob.say(
                room, #"!poll new "Which topic first?" "Learning cities" "Lifelong learning""#)
            let held = await eventually(timeout: .seconds(20)) {
                ((try? await bob.replies(in: room, from: "bot2")) ?? []).contains { $0.inReplyTo == refused }
            }
            #expect(held)
            let foundRefusal = try await bob.replies(in: room, from: "bot2").first { $0.inReplyTo == refused }
            let refusal = try #require(foundRefusal)
            #expect(refusal.body.contains("facilitator"))
            let created = try await fac.say(
                room, #"!poll new "Which topic first?" "Learning cities" "Lifelong learning""#)
            let held2 = await eventually(timeout: .seconds(20)) {
                ((try? await bob.replies(in: room, from: "bot2")) ?? []).contains { $0.inReplyTo == created }
            }
            #expect(held2)
            let foundPoll = try await bob.replies(in: room, from: "bot2").first { $0.inReplyTo == created }
            let poll = try #require(foundPoll)
            #expect(poll.body.contains("Learning cities"))
            #expect(poll.body.contains("1️⃣"))
            let pollEvent = try #require(poll["event_id"] as? String)
            // The bot offers the options as reactions on its poll message.
            let held3 = await eventually(timeout: .seconds(30)) {
                let reactions = (try? await bob.events(in: room, type: "m.reaction")) ?? []
                return reactions.filter { $0["sender"] as? String == "@bot2:localhost" }.count == 2
            }
            #expect(held3)

            // A reaction votes once, even when sent twice by different clients of the same person.
            try await bob.react(room, to: pollEvent, key: "2️⃣")
            let held4 = await eventually(timeout: .seconds(20)) {
                ((try? await bob.replies(in: room, from: "bot2")) ?? []).contains { $0.body.contains("Vote recorded") }
            }
            #expect(held4)
            let close = try await fac.say(room, "!poll close")
            let held5 = await eventually(timeout: .seconds(20)) {
                ((try? await bob.replies(in: room, from: "bot2")) ?? []).contains { $0.inReplyTo == close }
            }
            #expect(held5)
            let foundResults = try await bob.replies(in: room, from: "bot2").first { $0.inReplyTo == close }
            let results = try #require(foundResults)
            #expect(results.body.contains("(1 ballot)"))
            #expect(results.body.contains("Lifelong learning"))
            let confirmations = try await bob.replies(in: room, from: "bot2").filter {
                $0.body.contains("Vote recorded")
            }
            #expect(confirmations.count == 1)
            #expect(confirmations.first?.body.hasPrefix("bob: ") == true)
            #expect(confirmations.first?.inReplyTo == pollEvent)
        }
    }

    @Test func theBacklogIsNotAnsweredOnTheFirstStartAndTheBotIgnoresItself() async throws {
        let host = try await server.user("host")
        let carol = try await server.user("carol")
        let botElsewhere = try await server.user("bot3")
        let room = try await host.createRoom()
        try await carol.join(room)
        try await botElsewhere.join(room)
        for n in 1...3 { try await carol.say(room, "!ping \(n) before the bot ever ran") }
        try await withMatrixBot(server, bot: "bot3", plugins: builtins) { _, _ in
            // The bot's own account, from another device: never answered.
            try await botElsewhere.say(room, "!ping from myself")
            // Give the bot time to (wrongly) answer the backlog before the command it must answer.
            try await Task.sleep(for: .seconds(3))
            let now = try await carol.say(room, "!ping now")
            let held = await eventually(timeout: .seconds(20)) {
                ((try? await carol.events(in: room)) ?? []).contains { $0.inReplyTo == now }
            }
            #expect(held)
            try await Task.sleep(for: .seconds(1))
            let replies = try await carol.events(in: room).filter { $0.inReplyTo != nil }
            #expect(replies.count == 1)
            #expect(replies.first?.inReplyTo == now)
        }
    }

    @Test func unexpectedContentIsSkippedAndNothingElseIsLost() async throws {
        let host = try await server.user("host")
        let dave = try await server.user("dave")
        try await withMatrixBot(server, bot: "bot4", plugins: builtins) { _, _ in
            let room = try await host.createRoom(invite: ["@bot4:localhost"])
            try await dave.join(room)
            #expect(await waitForJoin(host, room: room, bot: "bot4"))
            let original = try await dave.say(room, "hello")
            // (Synapse refuses bodies that are missing or not text from its own clients; other servers' events can
            // still carry them, which MatrixSyncDecodingTests covers.)
            try await dave.send(room, ["msgtype": "m.image", "body": "!ping", "url": "mxc://localhost/x"])
            try await dave.send(room, ["msgtype": "m.notice", "body": "!ping"])  // other bots' notices
            try await dave.send(
                room,
                [
                    "msgtype": "m.text", "body": "* !ping", "m.new_content": ["msgtype": "m.text", "body": "!ping"],
                    "m.relates_to": ["rel_type": "m.replace", "event_id": original],
                ])
            try await dave.send(
                room, type: "m.room.encrypted", ["algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "garbage"])
            _ = try await dave.call(
                .put,
                "/rooms/\(MatrixTestUser.escape(room))/redact/\(MatrixTestUser.escape(original))/\(UUID().uuidString)",
                [:])
            let last = try await dave.say(room, "!ping")
            let held = await eventually(timeout: .seconds(20)) {
                ((try? await dave.replies(in: room, from: "bot4")) ?? []).contains { $0.inReplyTo == last }
            }
            #expect(held)
            try await Task.sleep(for: .seconds(1))
            let replies = try await dave.replies(in: room, from: "bot4")
            // The encrypted event makes the bot say once that it cannot read encrypted messages; one pong.
            let holds = replies.filter { $0.body == "pong" }.count == 1
            #expect(holds)
            let holds2 = replies.filter { $0.body.contains("encrypted") }.count == 1
            #expect(holds2)
            #expect(replies.count == 2)
        }
    }

    @Test func anEncryptedRoomGetsOnePlainNotice() async throws {
        let host = try await server.user("host")
        let erin = try await server.user("erin")
        try await withMatrixBot(server, bot: "bot5", plugins: builtins) { _, _ in
            let room = try await host.createRoom(invite: ["@bot5:localhost"], encrypted: true)
            try await erin.join(room)
            #expect(await waitForJoin(host, room: room, bot: "bot5"))
            for _ in 0..<3 {
                try await erin.send(
                    room, type: "m.room.encrypted", ["algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "x"])
            }
            let held = await eventually(timeout: .seconds(20)) {
                ((try? await erin.replies(in: room, from: "bot5")) ?? []).count >= 1
            }
            #expect(held)
            try await Task.sleep(for: .seconds(2))
            let replies = try await erin.replies(in: room, from: "bot5")
            #expect(replies.count == 1)
            #expect(replies.first?.content["msgtype"] as? String == "m.notice")
            #expect(replies.first?.body.contains("cannot read encrypted messages") == true)
        }
    }

    @Test func aForgottenTokenLeadsToANewLogInAndTheBotGoesOn() async throws {
        let host = try await server.user("host")
        let alice = try await server.user("alice")
        try await withMatrixBot(server, bot: "bot6", plugins: builtins) { _, store in
            let room = try await host.createRoom(invite: ["@bot6:localhost"])
            try await alice.join(room)
            #expect(await waitForJoin(host, room: room, bot: "bot6"))
            let first = try await alice.say(room, "!ping")
            let held = await eventually(timeout: .seconds(20)) {
                ((try? await alice.replies(in: room, from: "bot6")) ?? []).contains { $0.inReplyTo == first }
            }
            #expect(held)
            let foundToken = try await store.transaction { try $0.cursor("matrix.access_token") }
            let token = try #require(foundToken)
            _ = try await MatrixTestUser.call(server, token: token, .post, "/logout", [:])
            let second = try await alice.say(room, "!ping")
            let held2 = await eventually(timeout: .seconds(30)) {
                ((try? await alice.replies(in: room, from: "bot6")) ?? []).contains { $0.inReplyTo == second }
            }
            #expect(held2)
            let renewed = try await store.transaction { try $0.cursor("matrix.access_token") }
            #expect(renewed != nil && renewed != token)
        }
    }

    @Test func aPersonalReminderComesToTheDirectChatWithTheBot() async throws {
        let host = try await server.user("host")
        let erin = try await server.user("erin")
        let reminders = LoadedPlugin(try DeadlinesPlugin(configuration: .init(defaultTimeZone: "Europe/Berlin")))
        try await withMatrixBot(server, bot: "bot10", plugins: builtins + [reminders]) { _, _ in
            let direct = try await erin.createRoom(invite: ["@bot10:localhost"])
            let group = try await host.createRoom(invite: ["@bot10:localhost"])
            try await erin.join(group)
            #expect(await waitForJoin(erin, room: direct, bot: "bot10"))
            #expect(await waitForJoin(host, room: group, bot: "bot10"))
            // Erin writes to the bot in their two-person room once.
            let hello = try await erin.say(direct, "!ping")
            let held = await eventually(timeout: .seconds(20)) {
                ((try? await erin.replies(in: direct, from: "bot10")) ?? []).contains { $0.inReplyTo == hello }
            }
            #expect(held)
            // A reminder set in the group comes to that direct chat, without a mention.
            let set = try await erin.say(group, "!remind me in 3s tea")
            let held2 = await eventually(timeout: .seconds(20)) {
                ((try? await erin.replies(in: group, from: "bot10")) ?? []).contains {
                    $0.inReplyTo == set && $0.body.hasSuffix("I will send it to our direct chat.")
                }
            }
            #expect(held2)
            let held3 = await eventually(timeout: .seconds(30)) {
                ((try? await erin.replies(in: direct, from: "bot10")) ?? []).contains { $0.body == "Reminder: tea" }
            }
            #expect(held3)
            // And a group member without a direct chat is mentioned in the group.
            let hostSet = try await host.say(group, "!remind me in 2s coffee")
            let held4 = await eventually(timeout: .seconds(20)) {
                ((try? await host.replies(in: group, from: "bot10")) ?? []).contains { $0.inReplyTo == hostSet }
            }
            #expect(held4)
            let held5 = await eventually(timeout: .seconds(30)) {
                ((try? await host.replies(in: group, from: "bot10")) ?? []).contains {
                    $0.body == "Reminder for host: coffee"
                }
            }
            #expect(held5)
            let foundMention = try await host.replies(in: group, from: "bot10").first {
                $0.body == "Reminder for host: coffee"
            }
            let mention = try #require(foundMention)
            #expect((mention.content["m.mentions"] as? [String: Any])?["user_ids"] as? [String] == ["@host:localhost"])
            #expect(
                (mention.content["formatted_body"] as? String)?.contains("https://matrix.to/#/@host:localhost") == true)
        }
    }

    @Test func onlyRoomsOfTheAllowlistAreJoinedAndOtherInvitationsAreDeclined() async throws {
        let host = try await server.user("host")
        let alice = try await server.user("alice")
        let alias = "ws-\(UUID().uuidString.prefix(8).lowercased())"
        let allowed =
            try await host.call(
                .post, "/createRoom", ["preset": "public_chat", "room_alias_name": alias, "name": "allowed"])["room_id"]
            as? String ?? ""
        try await alice.join(allowed)
        let other = try await host.createRoom()
        // The allowlist names the room by its alias; the bot joins it by itself (it is public) and declines the
        // invitation to the other room.
        try await withMatrixBot(server, bot: "bot11", plugins: builtins, rooms: ["#\(alias):localhost"]) { _, _ in
            #expect(await waitForJoin(host, room: allowed, bot: "bot11"))
            _ = try await host.call(
                .post, "/rooms/\(MatrixTestUser.escape(other))/invite", ["user_id": "@bot11:localhost"])
            let held = await eventually(timeout: .seconds(20)) {
                let state = try? await host.call(
                    .get,
                    "/rooms/\(MatrixTestUser.escape(other))/state/m.room.member/\(MatrixTestUser.escape("@bot11:localhost"))"
                )
                return state?["membership"] as? String == "leave"
            }
            #expect(held)
            let command = try await alice.say(allowed, "!ping")
            let held2 = await eventually(timeout: .seconds(20)) {
                ((try? await alice.replies(in: allowed, from: "bot11")) ?? []).contains { $0.inReplyTo == command }
            }
            #expect(held2)
            #expect(try await host.joinedMembers(other) == ["@host:localhost"])
            // A room of the allowlist, named by alias, is one of the workshop's: its creator (room version 12)
            // is a facilitator of it.
            let whoami = try await host.say(allowed, "!whoami")
            let held3 = await eventually(timeout: .seconds(20)) {
                ((try? await alice.replies(in: allowed, from: "bot11")) ?? []).contains { $0.inReplyTo == whoami }
            }
            #expect(held3)
            let foundRole = try await alice.replies(in: allowed, from: "bot11").first { $0.inReplyTo == whoami }
            let role = try #require(foundRole)
            #expect(role.body.contains("Role: facilitator of this chat (Matrix room creator)."), "\(role.body)")
        }
    }

    @Test func aRefusedTokenWithoutPasswordStopsTheChannelWithAClearError() async throws {
        let logger = Logger(label: "matrix-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = try SQLiteStore(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("mx-\(UUID().uuidString).sqlite").path)
        let channel = MatrixChannel(
            configuration: .init(homeserver: server.url, userID: "@bot7:localhost", accessToken: "syt_wrong_token_123"),
            http: server.http, store: store, logger: logger)
        let driver = PollDriver(channel, store: store, logger: logger)
        await #expect(throws: ChannelError.self) {
            try await driver.receive { _ in DeliveryReceipt() }
        }
        do {
            try await driver.receive { _ in DeliveryReceipt() }
        } catch {
            #expect("\(error)".contains("no password"))
            #expect(!"\(error)".contains("syt_wrong_token_123"))
        }
        await store.close()
    }
}
