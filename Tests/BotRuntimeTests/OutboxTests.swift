import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

struct OutboxTests {
    func outbox(_ bot: TestBot) async throws -> [String: Int] {
        try await bot.store.transaction { tx in
            let pending = try tx.pendingOutgoing(platform: "test", limit: 1000).count
            return ["pending": pending]
        }
    }

    @Test func repliesGoThroughTheOutboxAndTheReceiptComesAfter() async throws {
        try await withTestBot(plugins: [probePlugin()], usesOutbox: true) { bot in
            #expect(await bot.say("/count") == ["count 1"])
            let held = await eventually { bot.channel.deliveryReceipts.first?.isHandled == true }
            #expect(held)
            let left = try await outbox(bot)["pending"]
            #expect(left == 0)
        }
    }

    @Test func rateLimitsAndFaultsAreRetriedInOrderAndNothingIsLost() async throws {
        try await withTestBot(plugins: [probePlugin()], usesOutbox: true) { bot in
            bot.channel.failNextSends([
                .rateLimited(retryAfter: 0.05), .transient("HTTP 502"), .rateLimited(retryAfter: 0.01),
            ])
            for n in 1...6 { bot.channel.push(bot.channel.message("/echo \(n)", in: "group")) }
            let held = await eventually { bot.channel.sent.count == 6 }
            #expect(held)
            #expect(bot.channel.texts() == (1...6).map(String.init))
            let left = try await outbox(bot)["pending"]
            #expect(left == 0)
        }
    }

    @Test func aMessageTheBotGetsTwiceIsAnsweredOnce() async throws {
        try await withTestBot(plugins: [probePlugin()], usesOutbox: true) { bot in
            let message = bot.channel.message("/count", id: "update-42")
            bot.channel.push(message)
            bot.channel.push(message)
            let held = await eventually {
                bot.channel.deliveryReceipts.count == 2 && bot.channel.deliveryReceipts.allSatisfy(\.isHandled)
            }
            #expect(held)
            let held2 = await eventually { bot.channel.sent.count == 1 }
            #expect(held2)
            #expect(bot.channel.texts() == ["count 1"])
            let stored = try await counter(bot)
            #expect(stored == 1)
        }
    }

    @Test func aRefusedMessageIsDroppedAndTheNextOneGoesOut() async throws {
        try await withTestBot(plugins: [probePlugin()], usesOutbox: true) { bot in
            bot.channel.failNextSends([.rejected("chat not found")])
            bot.channel.push(bot.channel.message("/echo first"))
            #expect(await bot.say("/echo second") == ["second"])
            #expect(bot.channel.texts() == ["second"])
        }
    }

    @Test func queuedRepliesAreSentAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A reply queued by a bot that died before sending it.
        try await withTestBot(plugins: [probePlugin()], storeDirectory: directory) { bot in
            _ = try await bot.store.transaction { tx in
                try tx.enqueueOutgoing(
                    OutgoingMessage(chat: ChatRef(platform: "test", id: "room"), reply: "left over"), key: "msg:x",
                    at: Date())
            }
        }
        try await withTestBot(plugins: [probePlugin()], storeDirectory: directory, usesOutbox: true) { bot in
            let held = await eventually { bot.channel.texts() == ["left over"] }
            #expect(held)
        }
    }
}
