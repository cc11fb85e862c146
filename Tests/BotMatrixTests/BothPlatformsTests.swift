import BotConfig
import BotCore
import BotHTTP
import BotMatrix
import BotRuntime
import BotSQLite
import BotTelegram
import BotTesting
import Foundation
import Logging
import Testing

@testable import WorkshopBot

/// Telegram and Matrix in one bot: the real `workshop-bot run` with both channels configured, and the shipped
/// sample configuration answering on both platforms at once on a manual clock.
@Suite(.serialized)
struct BothPlatformsTests {
    static let telegramToken = "123456:TEST-token"

    /// The fake Bot API server of the Telegram tests.
    static func fakeTelegram() async throws -> LocalServerProcess {
        try await LocalServerProcess(
            script: Synapse.repository.appendingPathComponent("Tests/Servers/fake_telegram_server.py"),
            environment: ["FAKE_TELEGRAM_TOKEN": telegramToken])
    }

    static func pushTelegram(
        _ server: LocalServerProcess, http: HTTPClient, _ text: String, chat: Int64, messageID: Int64
    ) async throws {
        let update: [String: Any] = [
            "message": [
                "message_id": messageID, "date": 1_636_358_400, "text": text,
                "from": ["id": 42, "is_bot": false, "first_name": "Aigerim"],
                "chat": ["id": chat, "type": "supergroup", "title": "Kazakhstan team"],
            ] as [String: Any]
        ]
        _ = try await http.fetch(
            HTTPRequest(
                method: .post, url: server.baseURL + "/control/updates",
                body: try JSONSerialization.data(withJSONObject: [update])))
    }

    static func telegramSent(_ server: LocalServerProcess, http: HTTPClient) async -> [[String: Any]] {
        guard let response = try? await http.fetch(HTTPRequest(url: server.baseURL + "/control/sent")) else {
            return []
        }
        return (try? JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
    }

    /// A copy of the shipped plugins-config, with `edits` applied to some of its files (file name to
    /// replacements); the caller removes the folder.
    static func sampleConfig(_ edits: [String: [(String, String)]]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("both-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Synapse.repository.appendingPathComponent("plugins-config"), to: folder)
        for (file, replacements) in edits {
            let url = folder.appendingPathComponent(file)
            var text = try String(contentsOf: url, encoding: .utf8)
            for (old, new) in replacements {
                guard text.contains(old) else { throw MatrixTestError(description: "\(file) has no \(old)") }
                text = text.replacingOccurrences(of: old, with: new)
            }
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// The bot of a config folder on Telegram (the fake server) and Matrix (as account `bot`) at once, in this
    /// process, on `clock`; `body` runs once the bot has joined `room`, which is in its `matrix.rooms` (so the
    /// room's moderators are facilitators of that room).
    static func withBothPlatforms(
        _ server: Synapse, telegram: LocalServerProcess, bot: String, folder: URL, clock: any BotClock,
        joining room: String, by member: MatrixTestUser, _ body: @Sendable () async throws -> Void
    ) async throws {
        let configuration = try ConfigLoader(factories: availablePlugins, channels: availableChannels).load(
            directory: folder.path)
        let store = try SQLiteStore(path: folder.appendingPathComponent("bot.sqlite").path)
        let logger = Logger(label: "both", factory: { _ in SwiftLogNoOpLogHandler() })
        let matrix = MatrixChannel(
            configuration: .init(
                homeserver: server.url, userID: "@\(bot):localhost", password: Synapse.password(bot), rooms: [room],
                syncTimeout: 2,
                commandNames: Set(configuration.plugins.flatMap(\.commands).map(\.name))),
            http: server.http, store: store, logger: logger)
        let tg = TelegramChannel(
            configuration: .init(token: telegramToken, apiURL: telegram.baseURL, pollTimeout: 1, rateLimit: false),
            http: server.http, logger: logger)
        let running = Bot(
            configuration: configuration, store: store,
            channels: [PollDriver(matrix, store: store, logger: logger), PollDriver(tg, store: store, logger: logger)],
            clock: clock, logger: logger,
            roleSources: [matrix.powerLevels])
        try await running.prepare()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await running.run() }
            defer { group.cancelAll() }
            guard await waitForJoin(member, room: room, bot: bot) else {
                throw MatrixTestError(description: "\(bot) did not join the room")
            }
            try await body()
        }
        await store.close()
    }

    /// A Telegram HTML text as a reader sees it.
    static func plain(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func workshopBotRunAnswersOnTelegramAndMatrixSideBySide() async throws {
        let server = try await Synapse.shared()
        let telegram = try await Self.fakeTelegram()
        let bot = "bot9"
        let host = try await server.user("host")
        let alice = try await server.user("alice")
        let room = try await host.createRoom(invite: ["@\(bot):localhost"])
        try await alice.join(room)
        let folder = try MatrixFaultTests.configFolder(server, bot: bot)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = folder.appendingPathComponent("bot.yaml")
        let both = try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(
            of: "channels:\n",
            with:
                "channels:\n  telegram:\n    token: ${TELEGRAM_BOT_TOKEN}\n    api_url: \(telegram.baseURL)\n    poll_timeout_s: 1\n    rate_limit: false\n"
        )
        try both.write(to: yaml, atomically: true, encoding: .utf8)

        let process = try BotProcess.run(
            config: folder,
            environment: ["MATRIX_PASSWORD": Synapse.password(bot), "TELEGRAM_BOT_TOKEN": Self.telegramToken])
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        #expect(await waitForJoin(host, room: room, bot: bot))
        let command = try await alice.say(room, "!ping")
        try await Self.pushTelegram(telegram, http: server.http, "/ping", chat: -100777, messageID: 5)
        #expect(
            await eventually(timeout: .seconds(20)) {
                ((try? await alice.replies(in: room, from: bot)) ?? []).contains {
                    $0.inReplyTo == command && $0.body == "pong"
                }
            })
        #expect(
            await eventually(timeout: .seconds(20)) {
                await Self.telegramSent(telegram, http: server.http).contains {
                    $0["text"] as? String == "pong" && $0["chat_id"] as? Int == -100777
                }
            })
    }

    @Test func theSampleAgendaAnswersAndAnnouncesOnBothPlatforms() async throws {
        let server = try await Synapse.shared()
        let telegram = try await Self.fakeTelegram()
        let bot = "bot12"
        let host = try await server.user("host")
        let carol = try await server.user("carol")
        let room = try await host.createRoom(invite: ["@\(bot):localhost"])
        try await carol.join(room)
        let telegramChat: Int64 = -100888

        // The shipped sample, with the announcements also going to the two platform chats.
        let folder = try Self.sampleConfig([
            "agenda.yaml": [
                (
                    "announce_chats: [console:workshop]",
                    "announce_chats: [console:workshop, \"matrix:\(room)\", \"telegram:\(telegramChat)\"]"
                )
            ]
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        // 08:49 in Hamburg on the first day: the opening plenary starts at 09:00, announced 10 minutes before.
        let clock = ManualClock(now: try #require(parseInstant("2021-11-08T08:49:00+01:00")))
        try await Self.withBothPlatforms(
            server, telegram: telegram, bot: bot, folder: folder, clock: clock, joining: room, by: host
        ) {
            // The same four commands on each platform.
            var matrixCommands: [String] = []
            for (n, text) in ["agenda 2021-11-08", "next", "tz Asia/Almaty", "agenda 2021-11-08"].enumerated() {
                matrixCommands.append(try await carol.say(room, "!" + text))
                try await Self.pushTelegram(
                    telegram, http: server.http, "/" + text, chat: telegramChat, messageID: Int64(10 + n))
                // One at a time, so the zone is set before the second agenda on both platforms.
                let held = await eventually(timeout: .seconds(20)) {
                    let matrixDone = ((try? await carol.replies(in: room, from: bot)) ?? []).count >= n + 1
                    let telegramDone = await Self.telegramSent(telegram, http: server.http).count >= n + 1
                    return matrixDone && telegramDone
                }
                #expect(held)
            }
            let matrixReplies = try await carol.replies(in: room, from: bot)
            let telegramReplies = await Self.telegramSent(telegram, http: server.http).compactMap {
                ($0["text"] as? String).map(Self.plain)
            }
            #expect(matrixReplies.map(\.inReplyTo) == matrixCommands)
            for replies in [matrixReplies.map(\.body), telegramReplies] {
                try #require(replies.count == 4)
                #expect(replies[0].contains("Monday 8 November (times in Hamburg"))
                #expect(replies[0].contains("09:00–10:30 Opening plenary"))
                #expect(replies[1].contains("Next: Opening plenary"))
                #expect(replies[1].contains("starts in 11 min"))
                #expect(replies[2].contains("Almaty (Asia/Almaty)"))
                #expect(replies[3].contains("14:00–15:30 Opening plenary (09:00 Hamburg)"))
            }
            // Matrix writes the bot's commands with `!`; Telegram with `/`.
            #expect(matrixReplies[0].body.contains("!tz to change"))
            #expect(telegramReplies[0].contains("/tz to change"))

            // The announcement is due at 08:50: nothing before, once on each platform after.
            #expect(try await carol.replies(in: room, from: bot).count == 4)
            clock.advance(to: try #require(parseInstant("2021-11-08T08:50:00+01:00")))
            let held2 = await eventually(timeout: .seconds(20)) {
                let inMatrix = ((try? await carol.replies(in: room, from: bot)) ?? []).contains {
                    $0.body.contains("Opening plenary") && $0.body.hasPrefix("Starting")
                }
                let inTelegram = await Self.telegramSent(telegram, http: server.http).contains {
                    ($0["text"] as? String)?.hasPrefix("Starting") == true
                }
                return inMatrix && inTelegram
            }
            #expect(held2)
            try await Task.sleep(for: .seconds(1))
            let announcements = try await carol.replies(in: room, from: bot).filter { $0.body.hasPrefix("Starting") }
            #expect(announcements.count == 1)
            #expect(announcements.first?.content["msgtype"] as? String == "m.notice")
            #expect(announcements.first?.body.contains("in 10 min") == true)
        }
    }

    @Test func theSampleDeadlinesAndRemindersWorkOnBothPlatforms() async throws {
        let server = try await Synapse.shared()
        let telegram = try await Self.fakeTelegram()
        let bot = "bot13"
        let host = try await server.user("host")
        let dave = try await server.user("dave")
        let fac = try await server.user("fac")
        let room = try await host.createRoom(invite: ["@\(bot):localhost"], powers: ["@fac:localhost": 50])
        try await dave.join(room)
        try await fac.join(room)
        let telegramChat: Int64 = -100999

        // The shipped sample, with the Kazakhstan team's chats on both platforms and a member on each, and fac a
        // workshop facilitator.
        let folder = try Self.sampleConfig([
            "roster.yaml": [
                ("  - console:facilitator", "  - console:facilitator\n  - \"matrix:@fac:localhost\""),
                (
                    "time_zone: Asia/Almaty\n    chats: [console:kazakhstan]",
                    "time_zone: Asia/Almaty\n    chats: [\"telegram:\(telegramChat)\", \"matrix:\(room)\"]"
                ),
                (
                    "  console:aigerim: kazakhstan",
                    "  console:aigerim: kazakhstan\n  telegram:42: kazakhstan\n  \"matrix:@dave:localhost\": kazakhstan"
                ),
            ]
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        // Friday 19 November, 13:00 in Hamburg: the first draft is due at 17:00 (22:00 in Almaty), its last
        // reminder for Kazakhstan at 15:00 (20:00 in Almaty).
        let clock = ManualClock(now: try #require(parseInstant("2021-11-19T13:00:00+01:00")))
        let http = server.http
        @Sendable func telegramTexts() async -> [String] {
            await Self.telegramSent(telegram, http: http).compactMap { ($0["text"] as? String).map(Self.plain) }
        }
        @Sendable func matrixTexts() async -> [String] {
            ((try? await dave.replies(in: room, from: bot)) ?? []).map(\.body)
        }
        try await Self.withBothPlatforms(
            server, telegram: telegram, bot: bot, folder: folder, clock: clock, joining: room, by: host
        ) {
            // /deadlines in the reader's (team's) zone, on both platforms.
            try await dave.say(room, "!deadlines")
            try await Self.pushTelegram(telegram, http: http, "/deadlines", chat: telegramChat, messageID: 1)
            let held = await eventually(timeout: .seconds(20)) {
                let (m, t) = (await matrixTexts(), await telegramTexts())
                return m.count == 1 && t.count == 1
            }
            #expect(held)
            let (firstMatrix, firstTelegram) = (await matrixTexts(), await telegramTexts())
            for text in [firstMatrix[0], firstTelegram[0]] {
                #expect(text.hasPrefix("Deadlines (times in Asia/Almaty):"))
                #expect(
                    text.contains(
                        "First draft of the national policy, strategy or action plan: Fri 19 Nov 22:00, in 4 h"))
            }

            // /remind me in 5s fires after five seconds, once, on each platform.
            try await dave.say(room, "!remind me in 5s stretch")
            try await Self.pushTelegram(
                telegram, http: http, "/remind me in 5s stretch", chat: telegramChat, messageID: 2)
            let held2 = await eventually(timeout: .seconds(20)) {
                let (m, t) = (await matrixTexts(), await telegramTexts())
                return m.count == 2 && t.count == 2
            }
            #expect(held2)
            clock.advance(by: 4)
            try await Task.sleep(for: .milliseconds(500))
            #expect(await matrixTexts().count == 2)
            clock.advance(by: 1)
            let held3 = await eventually(timeout: .seconds(20)) {
                let (m, t) = (await matrixTexts(), await telegramTexts())
                return m.last == "Reminder for dave: stretch" && t.last == "Reminder for Aigerim: stretch"
            }
            #expect(held3)

            // A workshop facilitator (roster.yaml) moves the deadline: the move is announced once in
            // each of the team's chats, on both platforms; a participant cannot move it; the old 15:00 reminder
            // never comes.
            try await fac.say(room, "!deadline move first-draft 2021-11-20 17:00")
            let held4 = await eventually(timeout: .seconds(20)) {
                await matrixTexts().contains { $0.hasPrefix("Moved: First draft") }
            }
            #expect(held4)
            let held5 = await eventually(timeout: .seconds(20)) {
                await telegramTexts().contains { $0.hasPrefix("Moved: First draft") }
            }
            #expect(held5)
            let refused = try await dave.say(room, "!deadline move first-draft 2021-11-21 17:00")
            let held6 = await eventually(timeout: .seconds(20)) {
                ((try? await dave.replies(in: room, from: bot)) ?? []).contains {
                    $0.inReplyTo == refused && $0.body.contains("facilitators only")
                }
            }
            #expect(held6)
            let (matrixBefore, telegramBefore) = (await matrixTexts().count, await telegramTexts().count)
            let holds = await matrixTexts().filter { $0.hasPrefix("Moved: First draft") }.count == 1
            #expect(holds)
            let holds2 = await telegramTexts().filter { $0.hasPrefix("Moved: First draft") }.count == 1
            #expect(holds2)
            clock.advance(to: try #require(parseInstant("2021-11-19T15:30:00+01:00")))
            try await Task.sleep(for: .seconds(2))
            #expect(await matrixTexts().count == matrixBefore)
            #expect(await telegramTexts().count == telegramBefore)
            let finalMatrix = await matrixTexts()
            let holds3 = !finalMatrix.contains { $0.contains("is due in 2 h") }
            #expect(holds3)
        }
    }

    @Test func pollsWorkWithButtonsOnTelegramAndReactionsOnMatrix() async throws {
        let server = try await Synapse.shared()
        let telegram = try await Self.fakeTelegram()
        let bot = "bot14"
        let host = try await server.user("host")
        let fac = try await server.user("fac")
        let dave = try await server.user("dave")
        let bob = try await server.user("bob")
        let room = try await host.createRoom(invite: ["@\(bot):localhost"], powers: ["@fac:localhost": 50])
        for person in [fac, dave, bob] { try await person.join(room) }
        let telegramChat: Int64 = -100555

        let folder = try Self.sampleConfig([
            "roster.yaml": [("  - console:facilitator", "  - console:facilitator\n  - telegram:7")]
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let http = server.http
        @Sendable func telegramSent() async -> [[String: Any]] { await Self.telegramSent(telegram, http: http) }
        @Sendable func pushTelegram(_ update: [String: Any]) async throws {
            _ = try await http.fetch(
                HTTPRequest(
                    method: .post, url: telegram.baseURL + "/control/updates",
                    body: try JSONSerialization.data(withJSONObject: [update])))
        }
        @Sendable func telegramText(_ text: String, from user: Int64, id: Int64) -> [String: Any] {
            [
                "message": [
                    "message_id": id, "date": 1_636_358_400, "text": text,
                    "from": ["id": user, "is_bot": false, "first_name": "User \(user)"],
                    "chat": ["id": telegramChat, "type": "supergroup", "title": "Workshop"],
                ] as [String: Any]
            ]
        }
        let clock = ManualClock(now: try #require(parseInstant("2021-11-10T10:00:00+01:00")))
        try await Self.withBothPlatforms(
            server, telegram: telegram, bot: bot, folder: folder, clock: clock, joining: room, by: host
        ) {
            // Matrix: the facilitator (power level 50) starts the shipped multiple-choice template; people vote
            // by reacting, two taps make a ballot of two choices.
            let start = try await fac.say(room, "!poll start key-topics")
            let held = await eventually(timeout: .seconds(20)) {
                let reactions = (try? await dave.events(in: room, type: "m.reaction")) ?? []
                return reactions.filter { $0["sender"] as? String == "@\(bot):localhost" }.count == 5
            }
            #expect(held)
            let foundPoll = try await dave.replies(in: room, from: bot).first { $0.inReplyTo == start }
            let poll = try #require(foundPoll)
            let pollEvent = try #require(poll["event_id"] as? String)
            try await dave.react(room, to: pollEvent, key: "2️⃣")
            let digital = try await dave.react(room, to: pollEvent, key: "5️⃣")
            try await bob.react(room, to: pollEvent, key: "2️⃣")
            try await bob.react(room, to: pollEvent, key: "1️⃣")
            let held2 = await eventually(timeout: .seconds(20)) {
                ((try? await dave.replies(in: room, from: bot)) ?? []).filter { $0.body.contains("Vote recorded") }
                    .count == 4
            }
            #expect(held2)
            // Taking a reaction back takes that choice out of the ballot; a moderator's redaction of someone
            // else's reaction changes nothing.
            _ = try await dave.call(
                .put,
                "/rooms/\(MatrixTestUser.escape(room))/redact/\(MatrixTestUser.escape(digital))/\(UUID().uuidString)",
                [:])
            let held3 = await eventually(timeout: .seconds(20)) {
                ((try? await dave.replies(in: room, from: bot)) ?? []).contains {
                    $0.body.hasPrefix("dave: Vote recorded: Learning cities.")
                }
            }
            #expect(held3)
            let bobsReaction = try await bob.events(in: room, type: "m.reaction").first {
                $0["sender"] as? String == "@bob:localhost"
                    && (($0.content["m.relates_to"] as? [String: Any])?["key"] as? String) == "1️⃣"
            }
            let bobsFirst = try #require(bobsReaction?["event_id"] as? String)
            _ = try await host.call(
                .put,
                "/rooms/\(MatrixTestUser.escape(room))/redact/\(MatrixTestUser.escape(bobsFirst))/\(UUID().uuidString)",
                [:])
            let refused = try await dave.say(room, "!poll close")
            let closed = try await fac.say(room, "!poll close")
            let held4 = await eventually(timeout: .seconds(20)) {
                ((try? await dave.replies(in: room, from: bot)) ?? []).contains { $0.inReplyTo == closed }
            }
            #expect(held4)
            let matrixReplies = try await dave.replies(in: room, from: bot)
            let holds = matrixReplies.first { $0.inReplyTo == refused }?.body.contains("facilitators only") == true
            #expect(holds)
            let foundResults = matrixReplies.first { $0.inReplyTo == closed }?.body
            let results = try #require(foundResults)
            #expect(results.contains("(2 ballots)"))
            #expect(results.contains("██████████ 2 — Learning cities (100%)"))
            #expect(results.contains("█████░░░░░ 1 — Flexible learning pathways (50%)"))
            #expect(results.contains("░░░░░░░░░░ 0 — Digital skills for all ages (0%)"))

            // Telegram: the facilitator starts the single-choice template; two people press buttons, one of them
            // fails to close it, the facilitator closes it.
            try await pushTelegram(telegramText("/poll start themes", from: 7, id: 1))
            let held5 = await eventually(timeout: .seconds(20)) { await telegramSent().count == 1 }
            #expect(held5)
            let message = try #require(await telegramSent().first)
            let keyboard = try #require(
                (message["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]])
            let foundClimate = keyboard.flatMap { $0 }.first {
                ($0["text"] as? String)?.contains("Climate change") == true
            }
            let climate = try #require(foundClimate)
            let data = try #require(climate["callback_data"] as? String)
            for (user, press) in [(Int64(42), "p1"), (Int64(43), "p2")] {
                try await pushTelegram([
                    "callback_query": [
                        "id": press, "chat_instance": "ci", "data": data,
                        "from": ["id": user, "is_bot": false, "first_name": "User \(user)"],
                        "message": [
                            "message_id": 900, "date": 1_636_358_400, "text": "poll",
                            "chat": ["id": telegramChat, "type": "supergroup", "title": "Workshop"],
                        ] as [String: Any],
                    ] as [String: Any]
                ])
            }
            try await pushTelegram(telegramText("/poll close", from: 42, id: 2))
            try await pushTelegram(telegramText("/poll close", from: 7, id: 3))
            let held6 = await eventually(timeout: .seconds(20)) {
                await telegramSent().contains { Self.plain($0["text"] as? String ?? "").contains("Results of poll") }
            }
            #expect(held6)
            let texts = await telegramSent().map { Self.plain($0["text"] as? String ?? "") }
            let holds2 = texts.contains { $0.contains("/poll close is for facilitators only") }
            #expect(holds2)
            let foundTelegramResults = texts.first { $0.contains("Results of poll") }
            let telegramResults = try #require(foundTelegramResults)
            #expect(telegramResults.contains("(2 ballots)"))
            #expect(telegramResults.contains("Winner: Climate change."))
        }
    }
}
