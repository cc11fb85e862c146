import BotCore
import BotRuntime
import BotTesting
import BuiltinPlugins
import Foundation
import Testing

struct DispatcherTests {
    let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])

    @Test func messagesOfOneChatAreHandledInOrder() async throws {
        try await withTestBot(plugins: [probePlugin()]) { bot in
            for n in 1...40 { bot.channel.push(bot.channel.message("/echo \(n)", in: "room")) }
            let held = await eventually { bot.channel.sent.count == 40 }
            #expect(held)
            #expect(bot.channel.texts() == (1...40).map(String.init))
        }
    }

    @Test func aBlockedChatDoesNotDelayOtherChats() async throws {
        let gate = Gate()
        try await withTestBot(plugins: [probePlugin(gate: gate)]) { bot in
            bot.channel.push(bot.channel.message("/block", in: "a"))
            let other = await bot.say("/echo hello", in: "b")
            #expect(other == ["hello"])
            #expect(bot.channel.sent.count == 1)  // chat a is still blocked
            gate.open()
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            #expect(bot.channel.sent.last?.chat.id == "a")
        }
    }

    @Test func aThrowingHandlerGivesAReferenceAndTheChatGoesOn() async throws {
        try await withTestBot(plugins: [probePlugin()]) { bot in
            let failed = await bot.say("/boom")
            #expect(failed.first?.contains("Something went wrong (ref ") == true)
            #expect(await bot.say("/echo still here") == ["still here"])
        }
    }

    @Test func aSlowHandlerIsStoppedAtTheTimeoutWithoutDelayingOthers() async throws {
        var configuration = BotConfiguration()
        // The limit applies to every handler: long enough that the quick ones never reach it, however loaded
        // the machine (the hanging one waits an hour).
        configuration.dispatch.handlerTimeout = ConfigDuration(seconds: 3)
        try await withTestBot(plugins: [probePlugin()], configuration: configuration) { bot in
            bot.channel.push(bot.channel.message("/hang", in: "a"))
            // Chat b is answered while chat a's handler hangs (which may time out first on a loaded machine).
            bot.channel.push(bot.channel.message("/echo meanwhile", in: "b"))
            let held = await eventually { bot.channel.texts(in: ChatRef(platform: "test", id: "b")) == ["meanwhile"] }
            #expect(held)
            let held2 = await eventually { bot.channel.texts(in: ChatRef(platform: "test", id: "a")).count == 1 }
            #expect(held2)
            let timedOut = bot.channel.texts(in: ChatRef(platform: "test", id: "a"))
            #expect(timedOut.first?.contains("took too long") == true)
            #expect(timedOut.first?.contains("ref ") == true)
            #expect(await bot.say("/echo after", in: "a") == ["after"])
        }
    }

    @Test func aCommandNeedingARoleIsRefusedAndChangesNothing() async throws {
        try await withTestBot(plugins: [probePlugin()], roster: roster) { bot in
            #expect(await bot.say("/count") == ["count 1"])
            let refused = await bot.say("/reset", from: "alice")
            #expect(refused.first?.contains("for facilitators only") == true)
            let value1 = try await counter(bot)
            #expect(value1 == 1)
            #expect(await bot.say("/reset", from: "fac") == ["reset done"])
            let value2 = try await counter(bot)
            #expect(value2 == 0)
        }
    }

    @Test func helpListsOnlyWhatTheCallerMayUse() async throws {
        let plugins = [LoadedPlugin(HelpPlugin(configuration: .init())), probePlugin()]
        try await withTestBot(plugins: plugins, roster: roster) { bot in
            let participant = await bot.say("/help", from: "alice").joined()
            #expect(participant.contains("/count"))
            #expect(!participant.contains("/reset"))
            let facilitator = await bot.say("/help", from: "fac").joined()
            #expect(facilitator.contains("/reset"))
            let one = await bot.say("/help remind").joined()
            #expect(one.contains("/remind <seconds> <text>"))
        }
    }

    @Test func unknownCommandsGetAHintAndChatterGetsNothing() async throws {
        try await withTestBot(plugins: [probePlugin()]) { bot in
            bot.channel.push(bot.channel.message("hello everyone"))
            bot.channel.push(bot.channel.message("/echo@otherbot ignored"))
            bot.channel.push(bot.channel.message(""))
            let hint = await bot.say("/ecoh hi")
            #expect(hint.first?.contains("Did you mean /echo?") == true)
            #expect(bot.channel.sent.count == 1)
            #expect(await bot.say("/nosuch").first?.contains("Type /help") == true)
            #expect(await bot.say("/echo@workshop_bot addressed") == ["addressed"])
        }
    }

    @Test func badArgumentsGetTheUsage() async throws {
        try await withTestBot(plugins: [probePlugin()]) { bot in
            #expect(await bot.say("/echo").first == "Usage: /echo <words>")
            let unclosed = await bot.say(#"/echo "open"#).joined(separator: "\n")
            #expect(unclosed.contains("is not closed"))
            #expect(unclosed.contains("Usage: /echo <words>"))
            #expect(await bot.say("/remind soon").joined(separator: "\n").contains("give seconds and a text"))
        }
    }

    @Test func hostileInputIsHandled() async throws {
        try await withTestBot(plugins: [probePlugin()]) { bot in
            // Within a Telegram message (UTF-16 units): echoed whole; beyond it: refused unread.
            let large = String(repeating: "ü🌍", count: 1_300)
            #expect(await bot.say("/echo \(large)").first?.count == 2_600)
            let huge = String(repeating: "ü🌍", count: 30_000)
            #expect(await bot.say("/echo \(huge)").first?.hasPrefix("That message is too long for a command") == true)
            #expect(await bot.say("/echo a\u{0}b\u{202E}c") == ["a\u{0}b\u{202E}c"])
            let repaired = String(decoding: [0x2F, 0x65, 0x63, 0x68, 0x6F, 0x20, 0xFF, 0xFE] as [UInt8], as: UTF8.self)
            #expect(await bot.say(repaired) == ["\u{FFFD}\u{FFFD}"])
        }
    }

    @Test func aMessageDeliveredTwiceIsAppliedOnce() async throws {
        try await withTestBot(plugins: [probePlugin()]) { bot in
            let message = bot.channel.message("/count", id: "update-7")
            bot.channel.push(message)
            bot.channel.push(message)
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            // The second delivery is a replay: its handler runs against the current state and its changes
            // are rolled back, so the count is applied once.
            #expect(bot.channel.texts() == ["count 1", "count 2"])
            let value3 = try await counter(bot)
            #expect(value3 == 1)
            #expect(await bot.say("/count") == ["count 2"])
        }
    }

    @Test func aPluginLimitedToChatsIsInvisibleElsewhere() async throws {
        let only = ["probe": Set([ChatRef(platform: "test", id: "lao")])]
        try await withTestBot(plugins: [probePlugin()], pluginChats: only) { bot in
            #expect(await bot.say("/echo hi", in: "lao") == ["hi"])
            #expect(await bot.say("/echo hi", in: "mongolia").first?.contains("I don't know") == true)
        }
    }
}

struct ListenerTests {
    /// A plugin whose listener counts the chatter it sees.
    func counting(_ name: String) -> LoadedPlugin {
        LoadedPlugin(
            name: name, summary: "counts", commands: [],
            listeners: [
                { _, context in
                    try await context.storage.transaction { tx in
                        let seen = (try tx.get(Counter.self, "counters", "seen")?.value ?? 0) + 1
                        try tx.put(Counter(value: seen), "counters", "seen")
                    }
                    return .none
                }
            ])
    }

    func seen(_ bot: TestBot, _ plugin: String) async throws -> Int {
        try await PluginStorage(namespace: plugin, store: bot.store, clock: bot.clock).transaction {
            try $0.get(Counter.self, "counters", "seen")?.value ?? 0
        }
    }

    @Test func everyListeningPluginKeepsItsChangesAndARepeatAppliesNone() async throws {
        try await withTestBot(plugins: [counting("first"), counting("second")]) { bot in
            let message = bot.channel.message("hello everyone", id: "chatter-1")
            bot.channel.push(message)
            bot.channel.push(message)
            bot.channel.push(bot.channel.message("good morning", id: "chatter-2"))
            let held = await eventually {
                bot.channel.deliveryReceipts.count == 3 && bot.channel.deliveryReceipts.allSatisfy(\.isHandled)
            }
            #expect(held)
            let first = try await seen(bot, "first")
            let second = try await seen(bot, "second")
            #expect(first == 2)
            #expect(second == 2)
        }
    }
}

struct LongCommandTests {
    /// A command longer than a Telegram message can be (a Matrix client sends far more) is refused before any
    /// handler runs, so its words are never echoed back at length.
    @Test func aCommandLongerThanAnyPlatformMessageIsRefusedUnread() async throws {
        try await withTestBot(plugins: [probePlugin()]) { bot in
            let long = "/echo " + String(repeating: "x", count: 100_000)
            let reply = await bot.say(long)
            #expect(reply == ["That message is too long for a command: at most 4096 characters. Nothing was done."])
            let fits = "/echo " + String(repeating: "y", count: 4_000)
            #expect(await bot.say(fits) == [String(repeating: "y", count: 4_000)])
        }
    }
}
