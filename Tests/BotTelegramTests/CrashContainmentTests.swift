import BotTesting
import Foundation
import Testing

/// A command and a job that kill the real process (a trap, as a bug would), restarted as systemd would: each
/// stops the bot at most twice, is then set aside and reported, and every later command is answered.
@Suite(.serialized)
struct CrashContainmentTests {
    static let reportChat: Int64 = -1009
    static let environment = [
        "TELEGRAM_BOT_TOKEN": FakeTelegram.token, "WORKSHOP_BOT_FAULT_INJECTION": "1",
        // A trap then ends the process at once, without the runtime's symbolicated backtrace.
        "SWIFT_BACKTRACE": "enable=no",
    ]

    func replies(_ fake: FakeTelegram, to messageID: Int) async -> [String] {
        ((try? await fake.sent()) ?? []).filter {
            ($0["reply_parameters"] as? [String: Any])?["message_id"] as? Int == messageID
        }.compactMap { $0["text"] as? String }
    }

    func notices(_ fake: FakeTelegram) async -> [String] {
        ((try? await fake.sent()) ?? []).filter { ($0["chat_id"] as? Int).map(Int64.init) == Self.reportChat }
            .compactMap { $0["text"] as? String }
    }

    @Test func aCrashingCommandAndACrashingJobAreSetAsideAfterTwoCrashes() async throws {
        let fake = try await FakeTelegram()
        let folder = try fake.botConfigFolder(
            "tg-crash", plugins: "[help, ping, whoami, faults]",
            extra: "scheduler:\n  report_chats: [telegram:\(Self.reportChat)]")
        defer { try? FileManager.default.removeItem(at: folder) }

        // A poison command between two ordinary ones of other chats, in one batch.
        try await fake.push([
            FakeTelegram.text("/ping", chat: -101, messageID: 1),
            FakeTelegram.text("/crash", chat: -102, from: 77, messageID: 2),
            FakeTelegram.text("/whoami", chat: -103, messageID: 3),
        ])
        var (deaths, process) = try await BotProcess.supervise(config: folder, environment: Self.environment) {
            let answered = await !replies(fake, to: 2).isEmpty
            let reported = await !notices(fake).isEmpty
            return answered && reported
        }
        #expect(deaths >= 1 && deaths <= 2, "the poison message stops the bot at most twice: \(deaths)")
        let answer = await replies(fake, to: 2)
        #expect(answer.count == 1)
        #expect(answer.first?.contains("could not be processed") == true, "\(answer)")
        // The other chats' commands of the batch are answered (a send that Telegram accepted just before a crash
        // may repeat once: the outbox's documented window).
        for bystander in [1, 3] {
            #expect(await eventually(timeout: .seconds(30)) { await !replies(fake, to: bystander).isEmpty })
            #expect(await replies(fake, to: bystander).count <= 2)
        }
        let notice = await notices(fake).first ?? ""
        #expect(
            notice.contains("/crash") && notice.contains("telegram:77") && notice.contains("set aside"), "\(notice)")
        #expect(!notice.contains("message text"))

        // Later commands, in the same chat too, are answered; the bot does not die again.
        try await fake.push([FakeTelegram.text("/ping", chat: -102, from: 77, messageID: 4)])
        #expect(await eventually(timeout: .seconds(30)) { await !replies(fake, to: 4).isEmpty })
        #expect(process.isRunning)

        // A job whose handler traps: fired again after each restart, set aside after the second crash.
        try await fake.push([FakeTelegram.text("/crashjob", chat: -104, messageID: 5)])
        (deaths, process) = try await BotProcess.supervise(
            config: folder, environment: Self.environment, process: process
        ) {
            await notices(fake).count >= 2
        }
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        #expect(deaths >= 1 && deaths <= 2, "the crashing job stops the bot at most twice: \(deaths)")
        let jobNotice = await notices(fake).last ?? ""
        #expect(jobNotice.contains("faults/crash") && jobNotice.contains("set aside"), "\(jobNotice)")
        try await fake.push([FakeTelegram.text("/ping", chat: -104, messageID: 6)])
        #expect(await eventually(timeout: .seconds(30)) { await !replies(fake, to: 6).isEmpty })
        #expect(process.isRunning)
        // Neither notice is posted twice, whatever the restarts.
        #expect(await notices(fake).count == 2)

        let status = try await BotProcess.output(["status", "--config", folder.path], environment: Self.environment)
        #expect(status.contains("set aside after stopping the bot 2 times: 2"), "\(status)")
        #expect(status.contains("message /crash from telegram:77 in telegram:-102"), "\(status)")
        #expect(status.contains("job faults/crash"), "\(status)")
        #expect(status.contains("failed jobs: 1"), "\(status)")
    }
}
