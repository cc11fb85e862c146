import BotCore
import BotHTTP
import BotRuntime
import BotTesting
import BuiltinPlugins
import Foundation
import Logging
import Synchronization
import Testing

@testable import BotTelegram

let builtins = [
    LoadedPlugin(HelpPlugin(configuration: .init())), LoadedPlugin(PingPlugin(configuration: .init())),
    LoadedPlugin(WhoAmIPlugin(configuration: .init())),
]

/// A plugin with a very long answer.
let longPlugin = LoadedPlugin(
    name: "long", summary: "long answers",
    commands: [
        Command("long", summary: "300 lines") { _, _ in
            Reply(lines: (1...300).map { RichText("line \($0): \(String(repeating: "é<>", count: 10))") })
        }
    ])

func texts(_ sent: [[String: Any]]) -> [String] { sent.compactMap { $0["text"] as? String } }

@Suite(.serialized)
struct TelegramChannelTests {
    @Test func aGroupCommandIsAnsweredAndOtherBotsCommandsAreNot() async throws {
        let fake = try await FakeTelegram()
        try await withTelegramBot(fake, plugins: builtins) { _ in
            try await fake.push([
                FakeTelegram.text("/ping@workshop_bot", messageID: 1),
                FakeTelegram.text("/ping@otherbot", messageID: 2),
                FakeTelegram.text("hello everyone", messageID: 3), FakeTelegram.text("/whoami", messageID: 4),
            ])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count >= 2 }
            #expect(held)
            let sent = try await fake.sent()
            #expect(sent.count == 2)
            #expect(texts(sent).first == "pong")
            #expect((sent.first?["reply_parameters"] as? [String: Any])?["message_id"] as? Int == 1)
            #expect(sent.first?["chat_id"] as? Int == -1001234567890)
            #expect(sent.first?["parse_mode"] as? String == "HTML")
            #expect(texts(sent).last?.contains("<code>telegram:42</code>") == true)
            let stats = try await fake.stats()
            let held2 =
                await eventually(timeout: .seconds(30)) { ((try? await fake.stats())?["pending_updates"] ?? 1) == 0 }
                || stats["pending_updates"] == 0
            #expect(held2)
        }
    }

    @Test func timesAreDateTimeEntitiesAndAnOlderServerGetsThemAsText() async throws {
        let start = Date(timeIntervalSince1970: 1_636_358_400)  // 8 November 2021, 08:00 UTC
        let clockPlugin = LoadedPlugin(
            name: "when", summary: "a time",
            commands: [
                Command("when", summary: "a time") { _, _ in
                    "Opening plenary at \(time: start, as: "09:00 Hamburg") <b>"
                }
            ])
        let fake = try await FakeTelegram()
        try await withTelegramBot(fake, plugins: [clockPlugin]) { _ in
            try await fake.push([FakeTelegram.text("/when", messageID: 1)])
            let held = await eventually(timeout: .seconds(20)) { ((try? await fake.sent()) ?? []).count == 1 }
            #expect(held)
            #expect(
                texts(try await fake.sent()) == [
                    #"Opening plenary at <tg-time unix="1636358400">09:00 Hamburg</tg-time> &lt;b&gt;"#
                ])
            try await fake.fail(
                "sendMessage",
                [
                    [
                        "status": 400,
                        "description":
                            #"Bad Request: can't parse entities: Unsupported start tag "tg-time" at byte offset 19"#,
                    ]
                ])
            try await fake.push([FakeTelegram.text("/when", messageID: 2)])
            let held2 = await eventually(timeout: .seconds(20)) { ((try? await fake.sent()) ?? []).count == 2 }
            #expect(held2)
            #expect(texts(try await fake.sent()).last == "Opening plenary at 09:00 Hamburg &lt;b&gt;")
        }
    }

    @Test func userTextIsEscapedInHTML() async throws {
        let fake = try await FakeTelegram()
        try await withTelegramBot(fake, plugins: builtins) { _ in
            try await fake.push([FakeTelegram.text("/whoami", firstName: "<b>Ann</b> & Co", messageID: 7)])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 1 }
            #expect(held)
            let text = texts(try await fake.sent()).first ?? ""
            #expect(text.contains("<b>&lt;b&gt;Ann&lt;/b&gt; &amp; Co</b>"))
            #expect(!text.contains("<b>Ann</b>"))
        }
    }

    @Test func rateLimitsAndServerErrorsKeepOrderAndLoseNothing() async throws {
        let fake = try await FakeTelegram()
        try await fake.fail("sendMessage", [["status": 429, "retry_after": 1], ["status": 502], ["garbage": true]])
        try await withTelegramBot(fake, plugins: builtins) { _ in
            try await fake.push([
                FakeTelegram.text("/ping", messageID: 10), FakeTelegram.text("/help ping", messageID: 11),
                FakeTelegram.text("/whoami", messageID: 12),
            ])
            let held = await eventually(timeout: .seconds(20)) { ((try? await fake.sent()) ?? []).count >= 3 }
            #expect(held)
            let sent = try await fake.sent()
            #expect(sent.count == 3)
            let replied = sent.compactMap { ($0["reply_parameters"] as? [String: Any])?["message_id"] as? Int }
            #expect(replied == [10, 11, 12])
        }
    }

    @Test func longRepliesAreSplitAtLinesWithinTheLimit() async throws {
        let fake = try await FakeTelegram()
        try await withTelegramBot(fake, plugins: [longPlugin]) { _ in
            try await fake.push([FakeTelegram.text("/long", messageID: 20)])
            let held = await eventually(timeout: .seconds(30)) {
                texts((try? await fake.sent()) ?? []).joined(separator: "\n").split(separator: "\n").count >= 300
            }
            #expect(held)
            let parts = texts(try await fake.sent())
            // Packed greedily: no part could have taken the next part's first line.
            for (part, next) in zip(parts, parts.dropFirst()) {
                let nextLine = next.split(separator: "\n").first.map(String.init) ?? ""
                #expect((part + "\n" + nextLine).utf16.count > 4096)
            }
            let holds = parts.allSatisfy { $0.utf16.count <= 4096 }
            #expect(holds)
            let lines = parts.joined(separator: "\n").split(separator: "\n")
            #expect(lines.count == 300)
            #expect(lines.first == "line 1: \(String(repeating: "é&lt;&gt;", count: 10))")
            #expect(lines.last?.hasPrefix("line 300: ") == true)
        }
    }

    @Test func splittingCutsAnOverlongLineAsEscapedText() {
        let line = String(repeating: "<&>", count: 3000)
        let parts = TelegramChannel.split(Reply(RichText("\(bold: line)")))
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.utf16.count <= 4096 && !$0.contains("<b>") })
        #expect(parts.joined() == HTMLRenderer.escape(line))
        #expect(TelegramChannel.split(.none).isEmpty)
    }

    @Test func garbageAndUndecodableUpdatesAreSkippedAndTheLoopGoesOn() async throws {
        let fake = try await FakeTelegram()
        try await fake.fail("getUpdates", [["garbage": true], ["status": 502]])
        try await withTelegramBot(fake, plugins: builtins) { _ in
            try await fake.push([
                ["message": ["message_id": 30, "text": "/ping"]],  // no chat, no date: does not decode
                ["message": ["message_id": 31, "date": 1, "chat": ["id": -5, "type": "group"], "photo": [] as [Any]]],
                [
                    "edited_message": [
                        "message_id": 32, "date": 1, "text": "/ping", "chat": ["id": -5, "type": "group"],
                    ]
                ],
                FakeTelegram.text("/ping", messageID: 33),
            ])
            let held = await eventually(timeout: .seconds(15)) { ((try? await fake.sent()) ?? []).count >= 1 }
            #expect(held)
            let sent = try await fake.sent()
            #expect(sent.count == 1)
            #expect((sent.first?["reply_parameters"] as? [String: Any])?["message_id"] as? Int == 33)
            let held2 = await eventually(timeout: .seconds(30)) {
                ((try? await fake.stats())?["pending_updates"] ?? 1) == 0
            }
            #expect(held2)
        }
    }

    @Test func buttonsArriveAsAKeyboardAndPressesRunTheirCommand() async throws {
        let fake = try await FakeTelegram()
        let picker = LoadedPlugin(
            name: "picker", summary: "buttons",
            commands: [
                Command("menu", summary: "shows buttons") { _, _ in
                    Reply(
                        lines: ["Pick one:"],
                        buttons: [[Button("Pick A", command: "/pick A"), Button("Pick B", command: "/pick B")]])
                },
                Command("pick", summary: "picks") { invocation, context in
                    if invocation.argument(0) == "long" { return Reply(lines: ["line one", "line two"]) }
                    return "\(context.caller.displayName) picked \(invocation.argument(0) ?? "?")"
                },
            ])
        try await withTelegramBot(fake, plugins: [picker]) { _ in
            try await fake.push([FakeTelegram.text("/menu", messageID: 1)])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 1 }
            try #require(held)
            let menu = try #require(try await fake.sent().first)
            let keyboard = (menu["reply_markup"] as? [String: Any])?["inline_keyboard"] as? [[[String: Any]]]
            let holds = keyboard?.first?.map { $0["callback_data"] as? String } == ["/pick A", "/pick B"]
            #expect(holds)

            try await fake.push([
                FakeTelegram.press("/pick B", id: "q1"), FakeTelegram.press("/pick long", id: "q2"),
                FakeTelegram.press("/nosuch", id: "q3"),
            ])
            let held2 = await eventually(timeout: .seconds(30)) { ((try? await fake.answers()) ?? []).count == 3 }
            #expect(held2)
            let answers = try await fake.answers()
            let holds2 = answers.map { $0["callback_query_id"] as? String } == ["q1", "q2", "q3"]
            #expect(holds2)
            #expect(answers[0]["text"] as? String == "Saran picked B")
            #expect(answers[1]["text"] == nil)
            #expect((answers[2]["text"] as? String)?.contains("I don't know /nosuch") == true)
            // Only the long answer went to the chat.
            let held3 = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 2 }
            #expect(held3)
            #expect(texts(try await fake.sent()).last == "line one\nline two")
        }
    }

    @Test func chatAdministratorsAreFacilitatorsOfTheWorkshopsChatsOnly() async throws {
        let fake = try await FakeTelegram()
        try await fake.setAdmins(chat: -1001234567890, users: [77])
        try await fake.setAdmins(chat: -1006660000000, users: [77])  // a group of their own
        let roster = Roster(teams: [
            Team(id: "lao", name: "Lao PDR", chats: [ChatRef(platform: "telegram", id: "-1001234567890")])
        ])
        try await withTelegramBot(fake, plugins: builtins, roster: roster, adminsAreFacilitators: true) { _ in
            try await fake.push([
                FakeTelegram.text("/whoami", from: 77, firstName: "Admin", messageID: 1),
                FakeTelegram.text("/whoami", from: 42, messageID: 2),
                FakeTelegram.text("/whoami", from: 77, firstName: "Admin", messageID: 3),
                FakeTelegram.text("/whoami", chat: -1006660000000, from: 77, firstName: "Admin", messageID: 4),
            ])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 4 }
            #expect(held)
            let sent = try await fake.sent()
            let answers = texts(sent.filter { "\($0["chat_id"] ?? "")" == "-1001234567890" })
            try #require(answers.count == 3)
            #expect(answers[0].contains("<b>facilitator of this chat</b> (Telegram group administrator)"))
            #expect(answers[1].contains("<b>participant</b>"))
            #expect(answers[2].contains("<b>facilitator of this chat</b>"))
            let foundOwnText = texts(sent.filter { "\($0["chat_id"] ?? "")" == "-1006660000000" }).first
            let ownText = try #require(foundOwnText)
            #expect(ownText.contains("<b>participant</b>"))
            #expect(ownText.contains("not one of the workshop's chats"))
            // Cached, and never asked about the own group.
            #expect(try await fake.calls()["getChatAdministrators"] == 1)
        }
    }

    @Test func aWrongTokenStopsTheChannelWithAClearError() async throws {
        let fake = try await FakeTelegram()
        let store = try BotSQLiteStoreForTests.make()
        let channel = TelegramChannel(
            configuration: .init(token: "999:wrong", apiURL: fake.url, pollTimeout: 1), http: fake.http,
            logger: Logger(label: "t"))
        do {
            try await PollDriver(channel, store: store, logger: Logger(label: "t")).receive { _ in DeliveryReceipt() }
            Issue.record("expected the channel to stop")
        } catch ChannelError.unauthorized(let why) {
            #expect(why.contains("check the bot token"))
            #expect(!why.contains("999:wrong"))
        }
    }
}

/// A plugin whose `/slow` waits until the test opens the gate.
final class SlowGate: Sendable {
    private let open = Synchronization.Mutex(false)
    func release() { open.withLock { $0 = true } }
    var isOpen: Bool { open.withLock { $0 } }

    var plugin: LoadedPlugin {
        LoadedPlugin(
            name: "slow", summary: "waits",
            commands: [
                Command("slow", summary: "waits for the test") { [self] _, _ in
                    while !isOpen { try await Task.sleep(for: .milliseconds(5)) }
                    return "done"
                }
            ])
    }
}

@Suite(.serialized)
struct TelegramOffsetTests {
    @Test func updatesAreConfirmedOnlyAfterTheyAreHandled() async throws {
        let fake = try await FakeTelegram()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tg-offset-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let gate = SlowGate()
        try await fake.push([
            FakeTelegram.text("/ping", messageID: 1), FakeTelegram.text("/slow", chat: -77, messageID: 2),
        ])
        // First run: /ping is answered, /slow hangs; the batch must stay unconfirmed. Then the bot stops.
        try await withTelegramBot(fake, plugins: builtins + [gate.plugin], directory: folder) { _ in
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 1 }
            #expect(held)
            try await Task.sleep(for: .milliseconds(300))
            let stats = try await fake.stats()
            #expect(stats["confirmed_offset"] ?? 0 <= 1000, "the batch holding /slow was confirmed: \(stats)")
        }
        // Second run: the batch comes again; /ping replays without a second reply, /slow is answered.
        gate.release()
        try await withTelegramBot(fake, plugins: builtins + [gate.plugin], directory: folder) { _ in
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 2 }
            #expect(held)
            let held2 = await eventually(timeout: .seconds(30)) {
                ((try? await fake.stats())?["pending_updates"] ?? 1) == 0
            }
            #expect(held2)
            try await Task.sleep(for: .milliseconds(200))
            let sent = try await fake.sent()
            #expect(texts(sent) == ["pong", "done"])
        }
    }
}

@Suite(.serialized)
struct TelegramUpdateMappingTests {
    func channel(allowed: Set<String>? = nil) throws -> TelegramChannel {
        TelegramChannel(
            configuration: .init(token: "1:x", apiURL: "http://127.0.0.1:9", allowedChats: allowed),
            http: try HTTPClient(),
            logger: Logger(label: "t"))
    }

    func update(_ json: String) throws -> TelegramUpdate {
        try TelegramAPI.decoder.decode(TelegramUpdate.self, from: Data(json.utf8))
    }

    /// Every request names its fields as the Bot API does (the types spell their keys out).
    @Test func requestsUseTheBotAPIsFieldNames() throws {
        func keys(_ body: some Encodable) throws -> Set<String> {
            let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(body)) as? [String: Any]
            var found: Set<String> = []
            for (key, value) in object ?? [:] {
                found.insert(key)
                if let nested = value as? [String: Any] { found.formUnion(nested.keys.map { "\(key).\($0)" }) }
                if let rows = value as? [String: [[[String: Any]]]], let first = rows.values.first?.first?.first {
                    found.formUnion(first.keys.map { "\(key).button.\($0)" })
                }
            }
            return found
        }
        let send = SendMessageRequest(
            chatId: 1, text: "x", messageThreadId: 2, replyParameters: .init(messageId: 3),
            replyMarkup: .init(inlineKeyboard: [[.init(text: "a", callbackData: "/vote 1")]]))
        #expect(
            try keys(send) == [
                "chat_id", "text", "parse_mode", "message_thread_id", "reply_parameters", "reply_parameters.message_id",
                "reply_parameters.allow_sending_without_reply", "link_preview_options",
                "link_preview_options.is_disabled", "reply_markup", "reply_markup.inline_keyboard",
                "reply_markup.button.text", "reply_markup.button.callback_data",
            ])
        let edit = EditMessageTextRequest(chatId: 1, messageId: 2, text: "x")
        #expect(
            try keys(edit) == [
                "chat_id", "message_id", "text", "parse_mode", "link_preview_options",
                "link_preview_options.is_disabled",
            ])
        #expect(
            try keys(GetUpdatesRequest(offset: 1, limit: 2, timeout: 3, allowedUpdates: []))
                == ["offset", "limit", "timeout", "allowed_updates"])
        #expect(try keys(DeleteWebhookRequest()) == ["drop_pending_updates"])
        #expect(try keys(AnswerCallbackQueryRequest(callbackQueryId: "q", text: "t")) == ["callback_query_id", "text"])
        #expect(try keys(ChatIDRequest(chatId: 1)) == ["chat_id"])
        let parameters = try TelegramAPI.decoder.decode(
            ResponseParameters.self, from: Data(#"{"retry_after": 5, "migrate_to_chat_id": -100}"#.utf8))
        #expect(parameters.retryAfter == 5)
        #expect(parameters.migrateToChatId == -100)
    }

    @Test func aForumTopicMessageKeepsItsThreadAndPrivateChatsAreDirect() throws {
        let topic = try update(
            #"{"update_id": 1, "message": {"message_id": 5, "message_thread_id": 77, "is_topic_message": true, "date": 1, "text": "/agenda", "from": {"id": 9, "is_bot": false, "first_name": "Aigerim", "last_name": "K"}, "chat": {"id": -100, "type": "supergroup", "title": "Kazakhstan", "is_forum": true}, "unknown_field": {"x": 1}}}"#
        )
        let message = try #require(try channel().incomingMessage(from: topic))
        #expect(message.thread == "77")
        #expect(message.senderName == "Aigerim K")
        #expect(message.chat == ChatRef(platform: "telegram", id: "-100"))
        #expect(message.deliveryKey == "msg:telegram:-100:5")
        let direct = try update(
            #"{"update_id": 2, "message": {"message_id": 6, "date": 1, "text": "/help", "from": {"id": 9, "is_bot": false, "first_name": "A"}, "chat": {"id": 9, "type": "private", "first_name": "A"}}}"#
        )
        #expect(try channel().incomingMessage(from: direct)?.isDirect == true)
    }

    @Test func otherBotsPhotosAndChatsOutsideTheAllowlistAreNotRead() throws {
        let fromBot = try update(
            #"{"update_id": 3, "message": {"message_id": 7, "date": 1, "text": "/ping", "from": {"id": 8, "is_bot": true, "first_name": "B"}, "chat": {"id": -1, "type": "group"}}}"#
        )
        #expect(try channel().incomingMessage(from: fromBot) == nil)
        let photo = try update(
            #"{"update_id": 4, "message": {"message_id": 8, "date": 1, "photo": [], "caption": "/ping", "from": {"id": 9, "is_bot": false, "first_name": "A"}, "chat": {"id": -1, "type": "group"}}}"#
        )
        #expect(try channel().incomingMessage(from: photo) == nil)
        let elsewhere = try update(
            #"{"update_id": 5, "message": {"message_id": 9, "date": 1, "text": "/ping", "from": {"id": 9, "is_bot": false, "first_name": "A"}, "chat": {"id": -2, "type": "group"}}}"#
        )
        #expect(try channel(allowed: ["-1"]).incomingMessage(from: elsewhere) == nil)
        #expect(try channel(allowed: ["-2"]).incomingMessage(from: elsewhere) != nil)
    }

    @Test func beingAddedToAGroupPostsAGreeting() async throws {
        let fake = try await FakeTelegram()
        try await withTelegramBot(fake, plugins: builtins) { _ in
            try await fake.push([
                [
                    "my_chat_member": [
                        "chat": ["id": -555, "type": "group", "title": "Uganda team"], "date": 1,
                        "from": ["id": 42, "is_bot": false, "first_name": "Nakato"],
                        "old_chat_member": [
                            "status": "left", "user": ["id": 123456, "is_bot": true, "first_name": "Workshop Bot"],
                        ],
                        "new_chat_member": [
                            "status": "member", "user": ["id": 123456, "is_bot": true, "first_name": "Workshop Bot"],
                        ],
                    ] as [String: Any]
                ]
            ])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 1 }
            try #require(held)
            let greeting = try #require(try await fake.sent().first)
            #expect(greeting["chat_id"] as? Int == -555)
            #expect((greeting["text"] as? String)?.contains("/help") == true)
        }
    }
}
