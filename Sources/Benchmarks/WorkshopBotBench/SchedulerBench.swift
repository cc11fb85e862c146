import BotCore
import BotRuntime
import BotSQLite
import BotTesting
import Foundation
import Logging

/// 100,000 pending reminders: how long the scheduler's next-due query and one firing take, against an empty
/// store, and the memory of the process.
func benchScheduler() async throws {
    func run(pending: Int) async throws -> (next: Double, fire: Double, insert: Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("s.sqlite").path)
        let now = Date(timeIntervalSince1970: 1_636_358_400)
        let chat = ChatRef(platform: "bench", id: "room")
        let insertStart = ContinuousClock.now
        for batch in stride(from: 0, to: pending, by: 5000) {
            try await store.transaction { tx in
                for n in batch..<min(batch + 5000, pending) {
                    try tx.insertJob(
                        NewJob(
                            owner: "bench", kind: "remind", key: "reminder/\(n)",
                            dueAt: now.addingTimeInterval(3600 + Double(n)), chat: chat, payload: Data(#""later""#.utf8)
                        ),
                        at: now)
                }
            }
        }
        let insertSeconds = (ContinuousClock.now - insertStart).seconds
        try await store.transaction { tx in
            try tx.insertJob(
                NewJob(
                    owner: "bench", kind: "remind", key: "due", dueAt: now, chat: chat, payload: Data(#""now""#.utf8)),
                at: now)
        }
        let plugin = LoadedPlugin(
            name: "bench", summary: "bench", commands: [],
            jobHandlers: [JobHandler("remind") { job, _ in [OutgoingMessage(chat: job.chat ?? chat, reply: "ok")] }])
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let channel = RecordingChannel(platform: "bench")
        let bot = Bot(
            configuration: LoadedConfiguration(plugins: [plugin]), store: store, channels: [channel],
            clock: ManualClock(now: now), logger: logger)
        var nextTimes: [Double] = []
        for _ in 0..<200 {
            let start = ContinuousClock.now
            _ = try await store.transaction { try $0.nextDueTime() }
            nextTimes.append((ContinuousClock.now - start).seconds * 1e6)
        }
        let fireStart = ContinuousClock.now
        let fired = await bot.scheduler.fireDueJobs()
        let fireMicros = (ContinuousClock.now - fireStart).seconds * 1e6
        precondition(fired == 1 && channel.sent.count == 1, "exactly the one due job fires")
        await store.close()
        return (median(nextTimes), fireMicros, insertSeconds)
    }
    let empty = try await run(pending: 0)
    let full = try await run(pending: 100_000)
    print(
        "scheduler: next-due query median \(String(format: "%.1f", empty.next)) µs with 0 pending, "
            + "\(String(format: "%.1f", full.next)) µs with 100,000 pending; firing the one due job "
            + "\(String(format: "%.0f", empty.fire)) µs vs \(String(format: "%.0f", full.fire)) µs; "
            + "inserting 100,000 took \(String(format: "%.2f", full.insert)) s; peak RSS \(String(format: "%.1f", peakRSSMiB())) MiB"
    )
}
