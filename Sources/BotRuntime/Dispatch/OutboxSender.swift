import BotCore
import Foundation
import Logging
import Synchronization

/// Sends the outbox of one channel: oldest first, chats concurrently and each chat's messages one at a time,
/// so replies to a chat keep their order.
///
/// A message leaves the outbox only when the platform accepted it (marked sent) or refused it for good
/// (marked dropped, logged). Rate limits wait the platform's `retry after` (bounded, see
/// `PlatformValues.retryHint`); network faults and 5xx back off exponentially up to a minute; nothing is
/// dropped for being late. Messages queued before a crash are sent after the restart. A crash between the
/// platform accepting a message and it being marked sent sends it again: that one HTTP call per chat in
/// flight (at most `concurrentChats`) is the only window for a repeated reply.
public struct OutboxSender: Sendable {
    let store: any Store
    let channel: any Channel
    let logger: Logger
    /// At most this many chats are sent to at once, which also bounds how many replies a crash can repeat.
    static let concurrentChats = 16
    /// How many queued messages are read at once. The next batch is read when this one is sent, so its size
    /// decides how often the senders wait for the slowest chat of a batch.
    static let batchSize = 256

    /// Rung when a message is queued.
    public let wakeSignal: WakeSignal
    /// Sleeps between retries; injectable so tests need not wait.
    let sleep: @Sendable (Duration) async throws -> Void
    /// Sets aside a reply whose sending killed the process twice (it would be sent again at every start).
    let crashGuard: CrashGuard
    /// With several instances on one store: the leases, of which the channel's platform's must be held here to
    /// send, so one instance sends each chat's replies, in order. nil: the only instance, which always sends.
    let leases: LeaseKeeper?

    public init(
        store: any Store, channel: any Channel, logger: Logger, wakeSignal: WakeSignal = WakeSignal(),
        crashGuard: CrashGuard? = nil, leases: LeaseKeeper? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.crashGuard = crashGuard ?? CrashGuard(store: store, logger: logger)
        self.leases = leases
        self.store = store
        self.channel = channel
        self.logger = logger
        self.wakeSignal = wakeSignal
        self.sleep = sleep
    }

    /// Sends queued messages until the task is cancelled.
    public func run() async {
        let platform = channel.platform
        while !Task.isCancelled {
            if let leases, !leases.holds(platform.rawValue) {
                guard (try? await leases.waitUntilHeld(platform.rawValue)) != nil else { return }
            }
            let batch: [QueuedMessage]
            do {
                batch = try await store.transaction {
                    try $0.pendingOutgoing(platform: platform, limit: Self.batchSize)
                }
            } catch {
                logger.error("outbox unreadable", metadata: ["channel": "\(platform)", "error": "\(error)"])
                try? await sleep(.seconds(1))
                continue
            }
            if batch.isEmpty {
                if leases == nil {
                    await wakeSignal.wait()
                } else {
                    // Another instance's scheduler may queue here without ringing: look again each second.
                    await wakeSignal.wait(atMost: .seconds(1))
                }
                continue
            }
            // Chats are sent concurrently, each chat's messages in order: a rate-limited chat does not hold
            // up the others within a batch.
            var byChat: [ChatRef: [QueuedMessage]] = [:]
            var order: [ChatRef] = []
            for queued in batch {
                if byChat[queued.message.chat] == nil { order.append(queued.message.chat) }
                byChat[queued.message.chat, default: []].append(queued)
            }
            // The crash guard records the starts of the whole batch in one transaction, not one per reply.
            let entries = batch.map(guardEntry)
            let verdicts = await crashGuard.beginAll(entries)
            var begun: [Int64: (CrashGuard.Entry, CrashGuard.Verdict)] = [:]
            for (queued, (entry, verdict)) in zip(batch, zip(entries, verdicts)) { begun[queued.id] = (entry, verdict) }
            let started = begun
            let reached = ReachedReplies()
            let completed = await withTaskGroup(of: Bool.self, returning: Bool.self) { group in
                var completed = true
                for (index, chat) in order.enumerated() {
                    if index >= Self.concurrentChats { completed = await (group.next() ?? true) && completed }
                    let messages = byChat[chat] ?? []
                    group.addTask {
                        for queued in messages {
                            guard !Task.isCancelled, leases?.holds(platform.rawValue) ?? true else { return false }
                            reached.add(queued.id)
                            guard await send(queued, begun: started[queued.id]) else { return false }
                        }
                        return true
                    }
                }
                return await group.reduce(completed) { $0 && $1 }
            }
            if !completed {
                // Stopped (a shutdown, or the lease lost): the replies of the batch never tried were not cut short
                // by a dying process, so their recorded starts are forgotten, and they are plain replies when
                // sent later, by this instance or the one holding the lease.
                let untried = started.filter { !reached.contains($0.key) }
                for (entry, verdict) in untried.values where verdict == .proceed(alone: false) {
                    crashGuard.end(entry.key)
                }
                await crashGuard.flush()
                if Task.isCancelled { return }
            }
        }
    }

    /// Sends one message until it is accepted or refused for good; false when cancelled. `begun`: the crash
    /// guard's record of its first try, made with its batch.
    private func send(_ queued: QueuedMessage, begun: (CrashGuard.Entry, CrashGuard.Verdict)?) async -> Bool {
        var failures = 0
        let channelName = channel.platform.rawValue
        var begun = begun
        while !Task.isCancelled {
            // With several instances: an instance that lost its lease (a wait, a slow store) sends no more; the
            // one holding it now sends what is left.
            if let leases, !leases.holds(channel.platform.rawValue) { return false }
            do {
                defer { begun = nil }
                try await guardedSend(queued, begun: begun)
                await finish(queued, sent: true, note: nil)
                RuntimeMetrics.repliesSent(channelName).increment()
                return true
            } catch ChannelError.rateLimited(let hint) {
                RuntimeMetrics.rateLimitWaits(channelName).increment()
                // Bounded again here (channels cap their hints already), so no channel's value can trap.
                let wait = max(PlatformValues.retryHint(hint, cap: PlatformValues.longestRetryHintCap).seconds, 0.05)
                logger.notice(
                    "rate limited; waiting", metadata: ["chat": "\(queued.message.chat)", "seconds": "\(wait)"])
                guard (try? await sleep(.seconds(wait))) != nil else { return false }
            } catch let aside as SetAside {
                await finish(queued, sent: false, note: "set aside (ref \(aside.ref)): sending it stopped the bot")
                return true
            } catch ChannelError.rejected(let why) {
                logger.error(
                    "message refused by the platform; dropped",
                    metadata: ["chat": "\(queued.message.chat)", "why": "\(why)"])
                await finish(queued, sent: false, note: why)
                return true
            } catch {
                failures += 1
                RuntimeMetrics.repliesRetried(channelName).increment()
                let wait = ChannelError.retryDelay(afterFailures: failures, error: error)
                logger.warning(
                    "send failed; retrying",
                    metadata: ["chat": "\(queued.message.chat)", "error": "\(error)", "in": "\(wait)s"])
                guard (try? await sleep(.seconds(wait))) != nil else { return false }
            }
        }
        return false
    }

    /// One send, watched by the crash guard (only the call itself, so no retry wait holds up a suspect): a
    /// reply whose sending stopped the process twice would be sent again at every start, so it is set aside.
    private func guardedSend(_ queued: QueuedMessage, begun: (CrashGuard.Entry, CrashGuard.Verdict)?) async throws {
        let entry = begun?.0 ?? guardEntry(queued)
        var outcome: Result<Void, any Error> = .success(())
        let body: () async -> Void = {
            do { try await channel.send(queued.message) } catch { outcome = .failure(error) }
        }
        let verdict: CrashGuard.Verdict?
        if let begun {
            verdict = await crashGuard.run(entry, begun: begun.1, body)
        } else {
            verdict = await crashGuard.run(entry, body)
        }
        guard let verdict else { return try outcome.get() }
        if case .quarantined = verdict {
            logger.error(
                "reply set aside: sending it stopped the bot \(CrashGuard.limit) times",
                metadata: ["ref": "\(entry.ref)", "chat": "\(queued.message.chat)", "id": "\(queued.id)"])
        }
        throw SetAside(ref: entry.ref)
    }

    /// How the crash guard knows the sending of `queued`.
    private func guardEntry(_ queued: QueuedMessage) -> CrashGuard.Entry {
        CrashGuard.Entry(
            key: "outbox:\(channel.platform):\(queued.id)", kind: "reply", chat: "\(queued.message.chat)", user: nil,
            what: "outbox #\(queued.id)", at: Date(), ref: Dispatcher.referenceID())
    }

    /// A reply the crash guard set aside.
    struct SetAside: Error {
        var ref: String
    }

    private func finish(_ queued: QueuedMessage, sent: Bool, note: String?) async {
        do {
            try await store.transaction { try $0.finishOutgoing(id: queued.id, sent: sent, at: Date(), note: note) }
        } catch {
            logger.error("outbox state not saved", metadata: ["id": "\(queued.id)", "error": "\(error)"])
        }
    }
}

/// The replies of a batch the sender has come to, so a stop can tell which it never tried.
final class ReachedReplies: Sendable {
    private let ids = Mutex<Set<Int64>>([])

    func add(_ id: Int64) { ids.withLock { _ = $0.insert(id) } }
    func contains(_ id: Int64) -> Bool { ids.withLock { $0.contains(id) } }
}
