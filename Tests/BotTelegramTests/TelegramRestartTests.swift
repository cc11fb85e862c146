import BotTesting
import Foundation
import Testing

/// Kills the real `workshop-bot` process in the middle of a batch of updates and starts it again.
@Suite(.serialized)
struct TelegramRestartTests {
    func start(config: URL) throws -> Process {
        try BotProcess.run(config: config, environment: ["TELEGRAM_BOT_TOKEN": FakeTelegram.token])
    }

    @Test func aKillInTheMiddleOfABatchNeitherLosesNorRepeatsUpdates() async throws {
        let fake = try await FakeTelegram()
        let folder = try fake.botConfigFolder("tg-restart")
        defer { try? FileManager.default.removeItem(at: folder) }

        let total = 2000
        var updates: [[String: Any]] = []
        for n in 1...total {
            let text = n % 3 == 0 ? "/whoami" : "/ping"
            let chat = Int64(-1000 - n % 50)
            updates.append(FakeTelegram.text(text, chat: chat, from: Int64(100 + n % 7), messageID: Int64(n)))
        }
        try await fake.push(updates)

        let first = try start(config: folder)
        let sentBeforeKill = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count >= 10 }
        kill(first.processIdentifier, SIGKILL)
        await first.exited()
        #expect(sentBeforeKill)
        let answeredAtKill = try await fake.sent().count
        #expect(answeredAtKill < total, "the kill should land in the middle of the work")

        let second = try start(config: folder)
        defer {
            kill(second.processIdentifier, SIGKILL)
            second.waitUntilExit()
        }
        #expect(await eventually(timeout: .seconds(60)) { await fake.repliesPerMessage().count == total })
        #expect(await eventually(timeout: .seconds(30)) { ((try? await fake.stats())?["pending_updates"] ?? 1) == 0 })
        let counts = await fake.repliesPerMessage()
        #expect(Set(counts.keys) == Set(1...total), "every update is answered")
        // A reply can only repeat when Telegram accepted its send just before the kill: one per chat being sent
        // to at that moment, and the outbox sends to at most 16 chats at once.
        let repeated = counts.values.filter { $0 > 1 }
        #expect(repeated.count <= 16, "repeated replies: \(counts.filter { $0.value > 1 })")
        #expect(repeated.allSatisfy { $0 == 2 })
    }

    @Test func sigtermDuringABurstLosesNothingAndExitsZero() async throws {
        let fake = try await FakeTelegram()
        let folder = try fake.botConfigFolder("tg-term")
        defer { try? FileManager.default.removeItem(at: folder) }
        let total = 4000
        var updates: [[String: Any]] = []
        for n in 1...total {
            updates.append(
                FakeTelegram.text("/ping", chat: Int64(-3000 - n % 40), from: Int64(n % 9), messageID: Int64(n)))
        }
        try await fake.push(updates)

        let first = try start(config: folder)
        // Signalled as soon as replies flow, so it lands in the middle of the work even on a fast run.
        #expect(await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count >= 10 })
        kill(first.processIdentifier, SIGTERM)
        let exited = await eventually(timeout: .seconds(30)) { !first.isRunning }
        #expect(exited)
        if !exited { kill(first.processIdentifier, SIGKILL) }
        await first.exited()
        #expect(first.terminationReason == .exit)
        #expect(first.terminationStatus == 0)
        #expect(try await fake.sent().count < total, "the signal should land in the middle of the work")

        let second = try start(config: folder)
        defer {
            kill(second.processIdentifier, SIGKILL)
            second.waitUntilExit()
        }
        #expect(await eventually(timeout: .seconds(60)) { await fake.repliesPerMessage().count == total })
        let counts = await fake.repliesPerMessage()
        #expect(Set(counts.keys) == Set(1...total))
        #expect(
            counts.values.allSatisfy { $0 == 1 }, "a graceful stop repeats nothing: \(counts.filter { $0.value > 1 })")
    }
}
