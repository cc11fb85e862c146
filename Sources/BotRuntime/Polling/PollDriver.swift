import BotCore
import Foundation
import Logging

/// The runtime's one poll loop, for every platform adapter: the `Channel` the runtime runs for a polled
/// platform (Telegram, Matrix).
///
/// It starts the adapter (retrying by the back-off rule), reads the adapter's cursor from the store (retrying
/// each second), then polls after it, over and over. Each batch's messages are delivered in order, its items
/// handed back to the adapter, and every receipt awaited; only when all say handled is the batch's cursor
/// committed, with the time of the poll, in one store transaction. So a crash at any point repeats at most
/// the last batch, whose handled messages replay without effect. The back-off is `ChannelError.retryDelay`
/// everywhere: after failed polls, after a batch with a message that was not handled (polled again after
/// the same cursor), and after a batch that cannot be confirmed (no cursor: a stall). Polls that bring
/// nothing new are at least `PlatformValues.idlePollSpacing` apart. `.unauthorized` ends the loop with the
/// error; cancelling the task ends it at the next suspension (a poll, a receipt, a pause).
public struct PollDriver<Adapter: PlatformAdapter>: Channel {
    /// The platform adapter polled.
    public let adapter: Adapter
    let store: any Store
    let logger: Logger
    let pause: @Sendable (Duration) async throws -> Void
    let health = PollHealth()
    /// With several instances on one store: the leases, of which this driver's platform's must be held here
    /// to poll. nil: the only instance, which always polls.
    let leases: LeaseKeeper?

    /// How long the driver waits after it could not read its cursor from the store, before trying again.
    static var cursorReadRetry: Duration { .seconds(1) }
    /// How often a poll that brought nothing new still records the time of the poll in the store, so
    /// `workshop-bot status` shows the channel alive without a write per idle poll.
    static var idleRecordInterval: Duration { .seconds(60) }

    /// - Parameters:
    ///   - sleep: how the driver waits (back-off, idle pause, cursor retries); `Task.sleep` unless a test
    ///     records the waits asked for instead. It must throw when the task is cancelled. (The bot's
    ///     `BotClock` is the workshop's wall clock, which tests stop; the pacing of polls runs on real time.)
    ///   - leases: with several instances on one store, the instance's leases: it polls only while it holds
    ///     the platform's (named after the platform), and reads the cursor again each time it takes it over.
    public init(
        _ adapter: Adapter, store: any Store, logger: Logger, leases: LeaseKeeper? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.leases = leases
        self.adapter = adapter
        self.store = store
        self.logger = logger
        self.pause = sleep
    }

    public var platform: Platform { adapter.platform }

    /// Replies to a polled platform go through the store's outbox: the batch counts as handled only once they
    /// are queued there, so confirming it to the platform loses none.
    public var usesOutbox: Bool { true }

    public func send(_ message: OutgoingMessage) async throws { try await adapter.send(message) }

    /// nil when a poll succeeded within twice the adapter's poll time-out plus 5 s, or when another instance
    /// holds the platform's lease (a standby is ready to take over); else why not.
    public var readinessProblem: String? {
        if let leases, !leases.holds(platform.rawValue) { return nil }
        return health.problem(pollTimeout: adapter.polling.pollTimeout, what: adapter.polling.pollName)
    }

    public func receive(_ deliver: @escaping @Sendable (IncomingMessage) async -> DeliveryReceipt) async throws {
        let profile = adapter.polling
        try await waitForLease()
        try await prepareAdapter()
        var cursor = try await readCursor(profile.cursor)
        var failures = 0
        var stalls = 0
        var lastRecorded: ContinuousClock.Instant?
        while !Task.isCancelled {
            if try await waitForLease() {
                // Another instance polled meanwhile: go on from where it stopped.
                cursor = try await readCursor(profile.cursor)
                lastRecorded = nil
            }
            let started = ContinuousClock.now
            let batch: PolledBatch<Adapter.Item>
            do {
                batch = try await adapter.poll(after: cursor)
                failures = 0
                health.succeeded()
            } catch ChannelError.unauthorized(let why) {
                throw stopping(why)
            } catch {
                if Task.isCancelled { return }
                RuntimeMetrics.pollErrors(platform.rawValue).increment()
                failures += 1
                let wait = ChannelError.retryDelay(afterFailures: failures, error: error)
                logger.warning(
                    "\(profile.pollName) failed; retrying",
                    metadata: ["channel": "\(platform)", "error": "\(error)", "in": "\(wait)s"])
                try await pause(.seconds(wait))
                continue
            }
            for skipped in batch.skipped {
                logger.warning(
                    "skipped what does not decode",
                    metadata: ["channel": "\(platform)", "item": "\(skipped.what)", "error": "\(skipped.reason)"])
            }
            var receipts: [DeliveryReceipt] = []
            for message in batch.messages { receipts.append(await deliver(message)) }
            for item in batch.items { await adapter.handle(item) }
            // Confirm the batch only once the runtime has committed every message of it.
            var allHandled = true
            for receipt in receipts where !(await receipt.handled()) { allHandled = false }
            if Task.isCancelled { return }
            guard allHandled, let next = batch.cursor else {
                // Some reply could not be queued, or nothing here can be confirmed (the same items would come
                // straight back): poll after the same cursor, backing off until something moves it.
                stalls += 1
                let wait = ChannelError.retryDelay(afterFailures: stalls, error: ChannelError.transient("stalled"))
                logger.warning(
                    allHandled
                        ? "\(profile.pollName) brought only what cannot be confirmed; polling again later"
                        : "a message of the batch was not handled; polling the batch again",
                    metadata: ["channel": "\(platform)", "messages": "\(batch.messages.count)", "in": "\(wait)s"])
                try await pause(.seconds(wait))
                continue
            }
            stalls = 0
            if next == cursor {
                // Nothing new: a server that answers the long poll at once is not asked again in a tight loop,
                // and the time of the poll is recorded once a minute only.
                try await pause(PlatformValues.idlePause(since: started))
                if let lastRecorded, ContinuousClock.now - lastRecorded < Self.idleRecordInterval { continue }
            }
            cursor = next
            if await commit(next, profile: profile) { lastRecorded = .now }
        }
    }

    /// Waits until this instance holds the platform's lease (at once without leases); whether it had to wait.
    @discardableResult
    func waitForLease() async throws -> Bool {
        guard let leases, !leases.holds(platform.rawValue) else { return false }
        logger.notice("standing by: another instance polls", metadata: ["channel": "\(platform)"])
        try await leases.waitUntilHeld(platform.rawValue)
        logger.notice("polling: this instance took over", metadata: ["channel": "\(platform)"])
        return true
    }

    /// Runs the adapter's start-up until it succeeds, backing off by the rule; `.unauthorized` is thrown.
    func prepareAdapter() async throws {
        var failures = 0
        while true {
            do {
                try await adapter.prepare()
                return
            } catch ChannelError.unauthorized(let why) {
                throw stopping(why)
            } catch {
                try Task.checkCancellation()
                failures += 1
                let wait = ChannelError.retryDelay(afterFailures: failures, error: error)
                logger.warning(
                    "start-up failed; retrying",
                    metadata: ["channel": "\(platform)", "error": "\(error)", "in": "\(wait)s"])
                try await pause(.seconds(wait))
            }
        }
    }

    /// The error that ends the loop when the platform refused the credentials, logged once.
    func stopping(_ why: String) -> ChannelError {
        logger.critical(
            "the platform refused the bot's credentials; the channel stops",
            metadata: ["channel": "\(platform)", "why": "\(why)"])
        return .unauthorized(why)
    }

    /// The stored cursor, read until the store answers.
    func readCursor(_ name: String) async throws -> String? {
        while true {
            do {
                return try await store.transaction { try $0.cursor(name) }
            } catch {
                try Task.checkCancellation()
                logger.error(
                    "cannot read the channel's cursor; retrying",
                    metadata: ["channel": "\(platform)", "error": "\(error)"])
                try await pause(Self.cursorReadRetry)
            }
        }
    }

    /// Stores the new cursor and the time of the poll in one transaction; whether that worked. A failure only
    /// means the batch comes again after a restart, and replays without effect.
    func commit(_ next: String, profile: PollingProfile) async -> Bool {
        let now = Date().formatted(.iso8601)
        let instance = leases?.instance
        let lease = platform.rawValue
        do {
            let saved = try await store.transaction { tx -> Bool in
                // With several instances: only while the store still names this one, so an instance that lost
                // its lease mid-batch never sets the cursor back behind the one now polling.
                if let instance, try tx.lease(lease)?.holder != instance { return false }
                try tx.setCursor(profile.cursor, to: next)
                try tx.setCursor(profile.lastPoll, to: now)
                return true
            }
            if !saved {
                logger.warning(
                    "another instance polls now; this batch's cursor is not saved", metadata: ["channel": "\(platform)"]
                )
            }
            return saved
        } catch {
            logger.error(
                "the channel's cursor was not saved", metadata: ["channel": "\(platform)", "error": "\(error)"])
            return false
        }
    }
}
