import BotCore
import BotSQLite
import BotTesting
import Foundation
import Logging
import Synchronization
import Testing

@testable import BotRuntime

/// The crash guard on a real store: a process that dies during a handling is simulated by a guard (a run)
/// that begins a handling and never ends it; the next guard on the same store is the restarted process.
struct CrashGuardTests {
    func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bot.sqlite").path)
        try await body(store)
        await store.close()
    }

    func entry(_ key: String = "msg:telegram:-1:7") -> CrashGuard.Entry {
        CrashGuard.Entry(
            key: key, kind: "message", chat: "telegram:-1", user: "telegram:42", what: "/vote",
            at: Date(timeIntervalSince1970: 1_636_358_400), ref: "abc123")
    }

    func freshRun(_ store: SQLiteStore) -> CrashGuard { CrashGuard(store: store, logger: Logger(label: "test")) }

    /// A start is stored as a short line, read back exactly; one an older build stored as JSON still reads, and
    /// a damaged one reads as no record rather than a trap.
    @Test func aStartRecordReadsBackInEitherForm() throws {
        let since = Date(timeIntervalSinceReferenceDate: 658_051_200.123_456_7)
        let attempt = CrashGuard.Attempt(count: 2, since: since, run: "run with spaces 7F3A")
        #expect(CrashGuard.Attempt(stored: attempt.stored) == attempt)
        #expect(CrashGuard.Attempt(stored: try JSONEncoder().encode(attempt)) == attempt)
        for broken in ["", "2", "x 1 r", "2 nan r", "2 inf r", "{\"count\":1}", "99999999999999999999 1 r"] {
            #expect(CrashGuard.Attempt(stored: Data(broken.utf8)) == nil, "\(broken)")
        }
    }

    @Test func aHandlingCutShortTwiceIsQuarantinedAndThenSkipped() async throws {
        try await withStore { store in
            // First run: started, then the process died.
            guard case .proceed(alone: false) = await freshRun(store).begin(entry()) else {
                Issue.record("a first start runs with the others")
                return
            }
            // Second run: a suspect, counted only once it runs alone; it died again.
            let second = freshRun(store)
            guard case .suspect = await second.begin(entry()) else {
                Issue.record("a start left unfinished by an earlier run makes a suspect")
                return
            }
            guard case .proceed(alone: true) = await second.begin(entry(), alone: true) else {
                Issue.record("a suspect runs alone")
                return
            }
            // Third run: set aside, once; a fourth delivery is skipped silently.
            let third = freshRun(store)
            guard case .suspect = await third.begin(entry()) else {
                Issue.record("still a suspect before it runs alone")
                return
            }
            guard case .quarantined(let quarantined) = await third.begin(entry(), alone: true) else {
                Issue.record("two unfinished starts quarantine it")
                return
            }
            #expect(quarantined.what == "/vote" && quarantined.ref == "abc123")
            guard case .skip = await freshRun(store).begin(entry()) else {
                Issue.record("a quarantined message delivered again is skipped")
                return
            }
            let listed = try await store.transaction { try CrashGuard.quarantined(in: $0) }
            #expect(listed == [quarantined])
        }
    }

    @Test func finishedHandlingsAndStartsOfTheSameRunAreNeverCounted() async throws {
        try await withStore { store in
            let first = freshRun(store)
            // The same run starting a handling twice (a job fired twice at once) is no crash.
            for _ in 0..<3 {
                guard case .proceed(alone: false) = await first.begin(entry()) else {
                    Issue.record("starts of one run are not counted")
                    return
                }
            }
            first.end(entry().key)
            // Finished, so the next run (a platform delivering it again) runs it with the others.
            let ran = Log()
            let second = freshRun(store)
            let verdict = await second.run(entry()) { ran.append("ran") }
            #expect(verdict == nil)
            #expect(ran.lines == ["ran"])
            // Its start is forgotten with the next handling's start (here another message's).
            _ = await second.begin(entry("msg:telegram:-1:8"))
            let left = try await store.transaction {
                try $0.records(namespace: CrashGuard.namespace, collection: CrashGuard.attempts, keyPrefix: "")
            }
            #expect(left.map(\.key) == ["msg:telegram:-1:8"], "a finished handling leaves no start behind")
            second.end("msg:telegram:-1:8")
            await second.flush()
            let none = try await store.transaction {
                try $0.records(namespace: CrashGuard.namespace, collection: CrashGuard.attempts, keyPrefix: "")
            }
            #expect(none.isEmpty)
        }
    }

    /// Two handlings in flight when the process died: after the restart each runs alone, and when the second
    /// starts, the first (which finished) is already forgotten, so a second death blames only the second.
    @Test func aSuspectThatFinishedIsForgottenBeforeTheNextSuspectRuns() async throws {
        try await withStore { store in
            let first = freshRun(store)
            _ = await first.begin(entry("msg:a"))
            _ = await first.begin(entry("msg:b"))
            let second = freshRun(store)
            let seen = Log()
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = await second.run(entry("msg:a")) { seen.append("a ran") } }
                group.addTask {
                    _ = await second.run(entry("msg:b")) {
                        let starts =
                            (try? await store.transaction {
                                try $0.records(
                                    namespace: CrashGuard.namespace, collection: CrashGuard.attempts, keyPrefix: "")
                            }) ?? []
                        // Whichever runs second sees the other forgotten.
                        seen.append("b ran beside " + starts.map(\.key).filter { $0 != "msg:b" }.joined())
                    }
                }
            }
            #expect(seen.lines.count == 2)
            // b ran first (a still unfinished, so recorded) or second (a forgotten): never after a finished a.
            let b = seen.lines.first { $0.hasPrefix("b ran") } ?? ""
            let aFirst = seen.lines.first == "a ran"
            #expect(aFirst ? b == "b ran beside " : b == "b ran beside msg:a", "\(seen.lines)")
        }
    }

    @Test func housekeepingForgetsOldStartsAndQuarantineRecords() async throws {
        try await withStore { store in
            _ = await freshRun(store).begin(entry("msg:a"))
            let old = Date(timeIntervalSince1970: 1_636_358_400 + 1)
            let pruned = try await store.transaction { try CrashGuard.prune(before: old, in: $0) }
            #expect(pruned == 1)
            let kept = try await store.transaction { try CrashGuard.prune(before: .distantPast, in: $0) }
            #expect(kept == 0)
        }
    }

    /// The runtime's side: a message already set aside by earlier runs gets one clear reply and a notice to the
    /// report chats, and its handler does not run.
    @Test func theDispatcherAnswersAQuarantinedMessageAndReportsIt() async throws {
        var configuration = BotConfiguration()
        configuration.scheduler.reportChats = [ChatRef(platform: "test", id: "facilitators")]
        try await withTestBot(plugins: [probePlugin()], configuration: configuration, usesOutbox: true) { bot in
            let message = bot.channel.message("/count", from: "mallory", in: "room", id: "poison")
            // Two earlier runs started it and died.
            let first = CrashGuard(store: bot.store, logger: Logger(label: "t"))
            _ = await first.begin(
                CrashGuard.Entry(
                    key: message.deliveryKey, kind: "message", chat: nil, user: nil, what: "/count",
                    at: bot.clock.now(), ref: "r1"))
            let second = CrashGuard(store: bot.store, logger: Logger(label: "t"))
            _ = await second.begin(
                CrashGuard.Entry(
                    key: message.deliveryKey, kind: "message", chat: nil, user: nil, what: "/count",
                    at: bot.clock.now(), ref: "r2"),
                alone: true)

            bot.channel.push(message)
            let held = await eventually { bot.channel.sent.count >= 2 }
            #expect(held)
            let replies = bot.channel.texts(in: ChatRef(platform: "test", id: "room"))
            #expect(replies.count == 1)
            #expect(replies.first?.contains("/count could not be processed") == true, "\(replies)")
            let notice = bot.channel.texts(in: ChatRef(platform: "test", id: "facilitators"))
            #expect(notice.count == 1)
            #expect(
                notice.first?.contains("from test:mallory in test:room stopped the bot 2 times") == true, "\(notice)")
            let count = try await counter(bot)
            #expect(count == 0, "the handler did not run")

            // Delivered again: silently skipped. Other messages go on.
            bot.channel.push(message)
            #expect(await bot.say("/count") == ["count 1"])
            let holds =
                bot.channel.texts(in: ChatRef(platform: "test", id: "room")).filter {
                    $0.contains("could not be processed")
                }.count == 1
            #expect(holds)
        }
    }
}

struct SuspectGateTests {
    /// A suspect waits for the handlings running, and keeps new ones out until it is done.
    @Test func aSuspectRunsAlone() async throws {
        let gate = SuspectGate()
        let log = Log()
        await gate.enter(alone: false)
        await gate.enter(alone: false)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await gate.enter(alone: true)
                log.append("suspect in")
                gate.leave(alone: true)
            }
            // Let the suspect queue up, then a newcomer, which must wait behind it.
            let held = await eventually { gate.waiting == 1 }
            #expect(held)
            group.addTask {
                await gate.enter(alone: false)
                log.append("newcomer in")
                gate.leave(alone: false)
            }
            let held2 = await eventually { gate.waiting == 2 }
            #expect(held2)
            log.append("first out")
            gate.leave(alone: false)
            log.append("second out")
            gate.leave(alone: false)
        }
        #expect(log.lines == ["first out", "second out", "suspect in", "newcomer in"])
    }
}

/// Lines appended from several tasks.
final class Log: Sendable {
    private let state = Mutex<[String]>([])
    func append(_ line: String) { state.withLock { $0.append(line) } }
    var lines: [String] { state.withLock { $0 } }
}

/// A reply whose sending killed the process twice would be sent again at every start: the outbox sets it aside.
/// A channel whose sends never finish until cancelled, and which counts them.
private final class HangingChannel: Channel {
    let platform: Platform = "test"
    let tries = Mutex(0)
    var usesOutbox: Bool { true }
    func receive(_ deliver: @escaping @Sendable (IncomingMessage) async -> DeliveryReceipt) async throws {}
    func send(_ message: OutgoingMessage) async throws {
        tries.withLock { $0 += 1 }
        try await Task.sleep(for: .seconds(3600))
    }
}

struct OutboxCrashGuardTests {
    /// The outbox records the starts of a whole batch at once; a stop (not a crash) forgets those of the replies
    /// it never tried, so after a restart they are sent as usual, not one by one as suspects.
    @Test func aStopForgetsTheStartsOfTheRepliesItNeverTried() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "outbox-stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bot.sqlite").path)
        let chat = ChatRef(platform: "test", id: "room")
        try await store.transaction { tx in
            for n in 1...3 {
                _ = try tx.enqueueOutgoing(OutgoingMessage(chat: chat, reply: "m\(n)"), key: "k\(n)", at: Date())
            }
        }
        let channel = HangingChannel()
        let sender = OutboxSender(store: store, channel: channel, logger: Logger(label: "t"))
        let running = Task { await sender.run() }
        let tried = await eventually { channel.tries.withLock { $0 } == 1 }
        #expect(tried)
        // While the first reply is being sent, all three starts are recorded.
        let during = try await store.transaction {
            try $0.records(namespace: CrashGuard.namespace, collection: CrashGuard.attempts, keyPrefix: "").count
        }
        #expect(during == 3)
        running.cancel()
        await running.value
        let after = try await store.transaction {
            try $0.records(namespace: CrashGuard.namespace, collection: CrashGuard.attempts, keyPrefix: "").count
        }
        #expect(after == 0)
        #expect(channel.tries.withLock { $0 } == 1)
        await store.close()
    }

    @Test func aReplyWhoseSendingStoppedTheBotTwiceIsSetAside() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "outbox-guard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let chat = ChatRef(platform: "test", id: "room")
        // Two earlier runs each started sending the queued reply and died.
        let store = try SQLiteStore(path: directory.appendingPathComponent("bot.sqlite").path)
        let poison = OutgoingMessage(chat: chat, reply: "poison")
        let id = try await store.transaction { tx -> Int64 in
            try tx.enqueueOutgoing(poison, key: "poison", at: Date())
            return try tx.pendingOutgoing(platform: "test", limit: 1).first?.id ?? -1
        }
        let entry = CrashGuard.Entry(
            key: "outbox:test:\(id)", kind: "reply", chat: "\(chat)", user: nil, what: "outbox #\(id)", at: Date(),
            ref: "r")
        _ = await CrashGuard(store: store, logger: Logger(label: "t")).begin(entry)
        _ = await CrashGuard(store: store, logger: Logger(label: "t")).begin(entry, alone: true)
        await store.close()

        try await withTestBot(plugins: [probePlugin()], storeDirectory: directory, usesOutbox: true) { bot in
            #expect(await bot.say("/echo after") == ["after"])
            #expect(!bot.channel.texts().contains("poison"), "the poison reply is not sent again")
            let left = try await bot.store.transaction { try $0.pendingOutgoing(platform: "test", limit: 10) }
            #expect(left.isEmpty)
            let listed = try await bot.store.transaction { try CrashGuard.quarantined(in: $0) }
            #expect(listed.map(\.what) == ["outbox #\(id)"])
        }
    }
}
