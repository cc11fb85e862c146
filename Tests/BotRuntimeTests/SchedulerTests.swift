import BotCore
import BotRuntime
import BotSQLite
import BotTesting
import Foundation
import Testing

struct SchedulerTests {
    let t0 = Date(timeIntervalSince1970: 1_636_358_400)

    @Test func aJobFiresOnTimeAndExactlyOnce() async throws {
        try await withTestBot(plugins: [probePlugin()], now: t0) { bot in
            #expect(await bot.say("/remind 60 session starts") == ["ok"])
            // The scheduler sleeps on the clock until the job's due time.
            let held = await eventually { bot.clock.nextDeadline == t0.addingTimeInterval(60) }
            #expect(held)
            bot.clock.advance(by: 59.5)
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            bot.clock.advance(by: 0.5)
            let held2 = await eventually { bot.channel.sent.count == 2 }
            #expect(held2)
            #expect(bot.channel.sent.last?.reply.plainText == "Reminder: session starts")
            #expect(bot.channel.sent.last?.reply.isNotice == true)
            bot.clock.advance(by: 3600)
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            #expect(bot.channel.sent.count == 2)
            let value1 = try await counter(bot, "fired")
            #expect(value1 == 1)
        }
    }

    @Test func concurrentFiringStillFiresOnce() async throws {
        try await withTestBot(plugins: [probePlugin()], now: t0) { bot in
            try await bot.store.transaction { tx in
                try tx.insertJob(
                    NewJob(
                        owner: "probe", kind: "remind", dueAt: t0, chat: ChatRef(platform: "test", id: "room"),
                        payload: Data(#""once""#.utf8)), at: t0)
            }
            async let first = bot.bot.scheduler.fireDueJobs()
            async let second = bot.bot.scheduler.fireDueJobs()
            async let third = bot.bot.scheduler.fireDueJobs()
            _ = await (first, second, third)
            let held = await eventually { ((try? await counter(bot, "fired")) ?? 0) >= 1 }
            #expect(held)
            let value2 = try await counter(bot, "fired")
            #expect(value2 == 1)
            let holds = bot.channel.texts().filter { $0 == "Reminder: once" }.count == 1
            #expect(holds)
        }
    }

    @Test func afterDowntimeOverdueJobsFireWithinGraceAndAreMissedBeyondIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sched-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let room = ChatRef(platform: "test", id: "room")
        // First run: schedule three jobs, then stop before any is due.
        try await withTestBot(plugins: [probePlugin()], now: t0, storeDirectory: directory) { bot in
            try await bot.store.transaction { tx in
                try tx.insertJob(
                    NewJob(
                        owner: "probe", kind: "remind", key: "soon", dueAt: t0.addingTimeInterval(6600), chat: room,
                        payload: Data(#""soon""#.utf8)), at: t0)
                try tx.insertJob(
                    NewJob(
                        owner: "probe", kind: "remind", key: "old", dueAt: t0.addingTimeInterval(60), chat: room,
                        payload: Data(#""old""#.utf8)), at: t0)
                try tx.insertJob(
                    NewJob(
                        owner: "probe", kind: "remind", key: "patient", dueAt: t0.addingTimeInterval(60), chat: room,
                        payload: Data(#""patient""#.utf8), grace: 86_400), at: t0)
            }
        }
        // Second run starts two hours later: default grace is one hour.
        let later = t0.addingTimeInterval(7200 + 60)
        try await withTestBot(plugins: [probePlugin()], now: later, storeDirectory: directory) { bot in
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            #expect(Set(bot.channel.texts()) == ["Reminder: patient", "Reminder: soon"] as Set)
            let jobs = try await bot.store.transaction {
                try $0.jobs(owner: "probe", keyPrefix: "", states: Set(JobState.allCases))
            }
            let states = Dictionary(uniqueKeysWithValues: jobs.map { ($0.key ?? "", $0.state) })
            #expect(states == ["old": .missed, "patient": .done, "soon": .done])
        }
        // Third run: nothing fires again.
        try await withTestBot(plugins: [probePlugin()], now: later.addingTimeInterval(60), storeDirectory: directory) {
            bot in
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            #expect(bot.channel.sent.isEmpty)
            let value3 = try await counter(bot, "fired")
            #expect(value3 == 2)
        }
    }

    @Test func jobsMissedDuringDowntimeAreListedOnceToTheReportChats() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sched-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let room = ChatRef(platform: "test", id: "room")
        let facilitators = ChatRef(platform: "test", id: "facilitators")
        let configuration = BotConfiguration(scheduler: .init(reportChats: [facilitators]))
        try await withTestBot(
            plugins: [probePlugin()], configuration: configuration, now: t0, storeDirectory: directory
        ) { bot in
            try await bot.store.transaction { tx in
                for name in ["draft due", "review due"] {
                    try tx.insertJob(
                        NewJob(
                            owner: "probe", kind: "remind", key: name, dueAt: t0.addingTimeInterval(60), chat: room,
                            payload: Data("\"\(name)\"".utf8)), at: t0)
                }
                try tx.insertJob(
                    NewJob(
                        owner: "probe", kind: "remind", key: "recent", dueAt: t0.addingTimeInterval(7000), chat: room,
                        payload: Data(#""recent""#.utf8)), at: t0)
            }
        }
        // Two hours later (grace one hour): two are missed, one fires late; the participants' chat gets only that one.
        let later = t0.addingTimeInterval(7200 + 60)
        try await withTestBot(
            plugins: [probePlugin()], configuration: configuration, now: later, storeDirectory: directory
        ) { bot in
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            try await Task.sleep(for: .milliseconds(200))
            #expect(bot.channel.sent.count == 2)
            let toRoom = bot.channel.sent.filter { $0.chat == room }
            #expect(toRoom.map(\.reply.plainText) == ["Reminder: recent"])
            let foundReport = bot.channel.sent.first { $0.chat == facilitators }
            let report = try #require(foundReport)
            #expect(report.reply.plainText.hasPrefix("2 scheduled posts were missed"))
            #expect(report.reply.plainText.contains("→ test:room: reminder draft due"))
            #expect(report.reply.plainText.contains("reminder review due"))
            #expect(!report.reply.plainText.contains("recent"))
        }
        // A restart lists nothing again.
        try await withTestBot(
            plugins: [probePlugin()], configuration: configuration, now: later.addingTimeInterval(60),
            storeDirectory: directory
        ) { bot in
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            #expect(bot.channel.sent.isEmpty)
        }
    }

    @Test func aCrashAfterAJobsChangesButBeforeItsMessagesWereQueuedLosesNothingAndRepeatsNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sched-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let room = ChatRef(platform: "test", id: "room")
        // The state a crash leaves: the handler's transaction committed (counter and claim), no message queued.
        // Written with no bot running, so no scheduler finishes the job before the restart below.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let store = try SQLiteStore(path: directory.appendingPathComponent("bot.sqlite").path)
            try await store.transaction { tx in
                let id = try tx.insertJob(
                    NewJob(
                        owner: "probe", kind: "remind", key: "k", dueAt: t0.addingTimeInterval(60), chat: room,
                        payload: Data(#""stretch""#.utf8)), at: t0)
                _ = try tx.moveJob(id: id, from: .pending, to: .firing, at: t0, note: nil)
                try tx.putRecord(
                    namespace: "probe", collection: "counters", key: "fired", value: Data(#"{"value":1}"#.utf8))
            }
            await store.close()
        }
        // Hours later, beyond the grace period: the interrupted job still delivers its message, once, and its
        // changes are not applied again.
        try await withTestBot(plugins: [probePlugin()], now: t0.addingTimeInterval(5 * 3600), storeDirectory: directory)
        { bot in
            let held = await eventually { bot.channel.sent.count == 1 }
            #expect(held)
            #expect(bot.channel.texts() == ["Reminder: stretch"])
            let fired = try await counter(bot, "fired")
            #expect(fired == 1)
            let jobs = try await bot.store.transaction {
                try $0.jobs(owner: "probe", keyPrefix: "", states: Set(JobState.allCases))
            }
            #expect(jobs.map(\.state) == [.done])
        }
        try await withTestBot(plugins: [probePlugin()], now: t0.addingTimeInterval(6 * 3600), storeDirectory: directory)
        { bot in
            await bot.bot.scheduler.finishInterruptedJobs()
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            #expect(bot.channel.sent.isEmpty)
        }
    }

    @Test func aRestartBetweenDueAndFiredFiresOnceAfterwards() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sched-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestBot(plugins: [probePlugin()], now: t0, storeDirectory: directory) { bot in
            #expect(await bot.say("/remind 60 draft due") == ["ok"])
        }
        // The bot was down at the due time and comes back 30 s later.
        try await withTestBot(plugins: [probePlugin()], now: t0.addingTimeInterval(90), storeDirectory: directory) {
            bot in
            let held = await eventually { bot.channel.sent.count == 1 }
            #expect(held)
            #expect(bot.channel.texts() == ["Reminder: draft due"])
        }
        try await withTestBot(plugins: [probePlugin()], now: t0.addingTimeInterval(120), storeDirectory: directory) {
            bot in
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            let value4 = try await counter(bot, "fired")
            #expect(value4 == 1)
        }
    }

    @Test func housekeepingForgetsOldDeliveryKeysAndSentRepliesOnly() async throws {
        try await withTestBot(plugins: [probePlugin()], now: t0) { bot in
            let room = ChatRef(platform: "test", id: "room")
            try await bot.store.transaction { tx in
                _ = try tx.recordHandled("old", at: t0.addingTimeInterval(-8 * 86_400))
                _ = try tx.recordHandled("recent", at: t0.addingTimeInterval(-86_400))
                _ = try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "sent long ago"), key: "a", at: t0)
                _ = try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "still pending"), key: "b", at: t0)
                let first = try tx.pendingOutgoing(platform: "test", limit: 10)[0]
                try tx.finishOutgoing(id: first.id, sent: true, at: t0.addingTimeInterval(-9 * 86_400), note: nil)
            }
            // The bot's own scheduler also runs housekeeping when it starts, so check the effect, not the counts.
            await bot.bot.scheduler.housekeeping(at: t0)
            let (recentKept, oldGone, pending) = try await bot.store.transaction { tx in
                (
                    !(try tx.recordHandled("recent", at: t0)), try tx.recordHandled("old", at: t0),
                    try tx.pendingOutgoing(platform: "test", limit: 10).map(\.message.reply.plainText)
                )
            }
            #expect(recentKept && oldGone)
            #expect(pending == ["still pending"])
        }
    }

    @Test(arguments: [TestStore.memory, .sqlite])
    func housekeepingForgetsExpiredChannelStateOnly(_ store: TestStore) async throws {
        try await withTestBot(plugins: [probePlugin()], now: t0, store: store) { bot in
            try await bot.store.transaction { tx in
                try tx.setCursor("matrix.buttons.$old", to: "{}", expiresAt: t0.addingTimeInterval(-60))
                try tx.setCursor("matrix.buttons.$new", to: "{}", expiresAt: t0.addingTimeInterval(3600))
                try tx.setCursor("matrix.since", to: "s1")
            }
            await bot.bot.scheduler.housekeeping(at: t0)
            let left = try await bot.store.transaction { tx in
                try ["matrix.buttons.$old", "matrix.buttons.$new", "matrix.since"].map { try tx.cursor($0) }
            }
            #expect(left == [nil, "{}", "s1"])
        }
    }

    @Test func aJobWhoseHandlerFailsAfterItsChangeIsMarkedFailedNotLeftFiring() async throws {
        try await withTestBot(plugins: [probePlugin()], now: t0) { bot in
            let id = try await bot.store.transaction { tx in
                try tx.insertJob(NewJob(owner: "probe", kind: "claim-then-fail", dueAt: t0), at: t0)
            }
            let held = await eventually { (try? await bot.store.transaction { try $0.job(id: id) })??.state == .failed }
            #expect(held)
            let claimed = try await counter(bot, "claimed")
            #expect(claimed == 1)
        }
    }

    @Test func aJobWithoutAHandlerIsMarkedFailed() async throws {
        try await withTestBot(plugins: [probePlugin()], now: t0) { bot in
            let id = try await bot.store.transaction { tx in
                try tx.insertJob(NewJob(owner: "gone", kind: "x", dueAt: t0), at: t0)
            }
            let held = await eventually { (try? await bot.store.transaction { try $0.job(id: id) })??.state == .failed }
            #expect(held)
        }
    }
}
