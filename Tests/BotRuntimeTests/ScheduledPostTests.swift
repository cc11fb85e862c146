import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

/// What scheduled jobs send, and how long they may run: decided in the same places as for commands.
struct ScheduledPostTests {
    /// The probe plugin's jobs in `states`, with their notes.
    func jobs(_ bot: TestBot, in states: Set<JobState>) async throws -> [ScheduledJob] {
        try await bot.store.transaction { try $0.jobs(owner: "probe", keyPrefix: "", states: states) }
    }

    @Test("a job running past scheduler.job_timeout is stopped and marked failed, and later jobs still fire")
    func aJobPastItsTimeLimitIsStopped() async throws {
        var configuration = BotConfiguration()
        configuration.scheduler.jobTimeout = ConfigDuration(seconds: 0.2)
        try await withTestBot(plugins: [probePlugin()], configuration: configuration) { bot in
            let scheduled = await bot.say("/hangjob")
            #expect(scheduled == ["scheduled"])
            // Well within the 30 s default: only the configured limit can have stopped it.
            let stopped = await eventually(timeout: .seconds(10)) {
                ((try? await jobs(bot, in: [.failed])) ?? []).count == 1
            }
            #expect(stopped)
            let failed = try await jobs(bot, in: [.failed])
            #expect(failed.first?.note?.contains("time limit") == true)
            // The scheduler goes on: a reminder after it fires.
            let ok = await bot.say("/remind 0 after the hang")
            #expect(ok.first == "ok")
            let fired = await eventually(timeout: .seconds(10)) {
                bot.channel.texts().contains("Reminder: after the hang")
            }
            #expect(fired)
        }
    }

    @Test("a scheduled post through the outbox loses the configuration's secrets, as replies do")
    func scheduledPostsHideSecrets() async throws {
        let secrets = ConfigSecrets(referencedIn: ["token: ${BOT_TOKEN}"], environment: ["BOT_TOKEN": "s3cret-T0KEN"])
        try await withTestBot(plugins: [probePlugin()], usesOutbox: true, secrets: secrets) { bot in
            let replies = await bot.say("/remind 0 the token is s3cret-T0KEN")
            #expect(replies.first == "ok")
            let posted = await eventually(timeout: .seconds(10)) {
                bot.channel.texts().contains { $0.hasPrefix("Reminder:") }
            }
            #expect(posted)
            let texts = bot.channel.texts()
            #expect(texts.contains("Reminder: the token is ${BOT_TOKEN}"), "\(texts)")
            #expect(!texts.joined().contains("s3cret-T0KEN"))
        }
    }
}
