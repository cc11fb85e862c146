import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

/// A plugin whose commands show progress before answering, and attach files.
private let slowPlugin = LoadedPlugin(
    name: "slow", summary: "progress and files",
    commands: [
        Command("work", summary: "shows progress, then answers") { _, context in
            await context.showProgress("Working on 3 items…")
            return "All 3 items done."
        },
        Command("fail", summary: "shows progress, then refuses") { _, context in
            await context.showProgress("Trying…")
            throw CommandError.rejected("That cannot be done.")
        },
        Command("file", summary: "attaches a file of the given size") { invocation, _ in
            let size = Int(invocation.argument(0) ?? "") ?? 0
            return Reply(
                lines: ["Here it is."],
                attachment: Attachment(
                    fileName: "big.bin", mediaType: "application/octet-stream", data: Data(count: size)))
        },
    ])

@Suite
struct ProgressAndFilesTests {
    @Test(arguments: [false, true])
    func aProgressMessageComesFirstAndTheAnswerReplacesIt(usesOutbox: Bool) async throws {
        try await withTestBot(plugins: [slowPlugin], usesOutbox: usesOutbox) { bot in
            let said = await bot.say("/work", replies: 2)
            #expect(said == ["Working on 3 items…", "All 3 items done."])
            let sent = bot.channel.sent
            let progress = try #require(sent.first)
            let answer = try #require(sent.last)
            let key = try #require(progress.showsProgress)
            #expect(progress.replacesProgress == nil)
            #expect(answer.replacesProgress == key)
            #expect(answer.showsProgress == nil)
            // Both answer the command; the key is the command's own, stable across deliveries.
            #expect(progress.replyTo == answer.replyTo)
            #expect(key.hasPrefix("msg:test:room:"))
        }
    }

    @Test func anAnswerWithoutProgressReplacesNothing() async throws {
        try await withTestBot(plugins: [slowPlugin]) { bot in
            _ = await bot.say("/file 10")
            #expect(bot.channel.sent.map(\.replacesProgress) == [nil])
            #expect(bot.channel.sent.map(\.showsProgress) == [nil])
        }
    }

    @Test func aRefusalAfterProgressAlsoReplacesIt() async throws {
        try await withTestBot(plugins: [slowPlugin]) { bot in
            let said = await bot.say("/fail", replies: 2)
            #expect(said == ["Trying…", "That cannot be done."])
            let sent = bot.channel.sent
            #expect(sent.last?.replacesProgress != nil)
            #expect(sent.last?.replacesProgress == sent.first?.showsProgress)
        }
    }

    @Test func aMessageDeliveredAgainShowsNoSecondProgressMessage() async throws {
        try await withTestBot(plugins: [slowPlugin], usesOutbox: true) { bot in
            let message = bot.channel.message("/work", id: "m-1")
            bot.channel.push(message)
            let answered = await eventually { bot.channel.sent.count == 2 }
            #expect(answered)
            // The platform delivers it again (the bot crashed before confirming it): a replay, answered by the
            // outbox's one reply and with no new progress message.
            bot.channel.push(message)
            let replayed = await eventually { bot.channel.deliveryReceipts.count == 2 }
            #expect(replayed)
            let receipts = bot.channel.deliveryReceipts
            let done = await receipts.last?.handled()
            #expect(done == true)
            #expect(bot.channel.texts() == ["Working on 3 items…", "All 3 items done."])
        }
    }

    @Test func aFileWithinTheLimitIsSentAndALargerOneIsRefusedWithALineSayingSo() async throws {
        try await withTestBot(plugins: [slowPlugin], usesOutbox: true) { bot in
            _ = await bot.say("/file \(Attachment.maximumSize)")
            let within = try #require(bot.channel.sent.last)
            #expect(within.reply.attachment?.data.count == Attachment.maximumSize)
            #expect(within.reply.plainText == "Here it is.")
            let said = await bot.say("/file 6200000")
            let refused = try #require(bot.channel.sent.last)
            #expect(refused.reply.attachment == nil)
            #expect(
                said == [
                    "Here it is.\nThe file big.bin was not sent: it is 6.2 MB, and a reply can carry at most 5.0 MB."
                ])
        }
    }
}
