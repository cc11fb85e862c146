import BotCore
import Foundation
import Logging

/// Fires durable jobs once, on time, from the store.
///
/// A job fires in a transaction that moves it from pending to done (together with the plugin's own changes,
/// through `HandlingClaim`), so it never fires twice, also across restarts. After downtime, overdue jobs fire
/// at start-up when they are within their grace period and are marked missed (and logged) otherwise. Time
/// comes from the injected clock: tests drive a manual clock and never sleep.
public struct Scheduler: Sendable {
    public typealias Send = Dispatcher.Send

    let store: any Store
    let clock: any BotClock
    let logger: Logger
    /// The configuration in force: job handlers and roster follow a reload.
    let live: LiveConfiguration
    let gracePeriod: TimeInterval
    /// Facilitators' chats that get the list of missed jobs.
    let reportChats: [ChatRef]
    /// How long a job's handler may run before it is stopped and the job marked failed.
    let jobTimeout: Duration
    /// Watches the running job's time limit with one ticking task, as the dispatcher does for commands.
    let timeouts = TimeoutMonitor()
    /// Where a job's messages go: for channels with an outbox, queued in the transaction that marks the job
    /// done; others (the console) are sent after it.
    let replies: ReplyRouter
    /// One message in its own transaction (reports to facilitators' chats).
    var send: Send { replies.send }
    /// Rung when a transaction scheduled or cancelled jobs, so the loop re-reads the next due time.
    public let wakeSignal: WakeSignal
    /// Sets aside a job whose handler killed the process twice (shared with the dispatcher: a suspect runs alone).
    let crashGuard: CrashGuard
    /// The longest single sleep; bounds the effect of wall-clock jumps.
    var maximumSleep: TimeInterval { leases == nil ? 60 : 1 }
    /// With several instances on one store: the leases, of which `Lease.scheduler` must be held here to fire
    /// jobs (and the sleep is at most a second, since another instance's plugins schedule without ringing
    /// here). nil: the only instance, which always fires.
    let leases: LeaseKeeper?

    init(
        live: LiveConfiguration, logger: Logger, gracePeriod: TimeInterval, reportChats: [ChatRef] = [],
        jobTimeout: Duration = .seconds(30), wakeSignal: WakeSignal = WakeSignal(),
        crashGuard: CrashGuard? = nil, replies: ReplyRouter, leases: LeaseKeeper? = nil
    ) {
        self.leases = leases
        self.crashGuard = crashGuard ?? CrashGuard(store: live.store, logger: logger)
        self.replies = replies
        self.reportChats = reportChats
        self.live = live
        self.store = live.store
        self.clock = live.clock
        self.logger = logger
        self.gracePeriod = gracePeriod
        self.jobTimeout = jobTimeout
        self.wakeSignal = wakeSignal
    }

    /// Fires jobs as they fall due until the task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { [timeouts] in await timeouts.run() }
            await fireAsTheyFallDue()
            group.cancelAll()
        }
    }

    private func fireAsTheyFallDue() async {
        guard await waitForLease() != nil else { return }
        await finishInterruptedJobs()
        var lastHousekeeping: Date?
        while !Task.isCancelled {
            switch await waitForLease() {
            case nil: return
            // What the previous holder left firing (killed half-way) is finished here.
            case true?: await finishInterruptedJobs()
            case false?: break
            }
            let now = clock.now()
            if lastHousekeeping.map({ now.timeIntervalSince($0) >= 3600 }) ?? true {
                await housekeeping(at: now)
                // Jobs left firing (a store error after their handler committed) finish here, not days later.
                if lastHousekeeping != nil { await finishInterruptedJobs() }
                lastHousekeeping = now
            }
            await fireDueJobs()
            let next: Date?
            do {
                next = try await store.transaction { try $0.nextDueTime() }
            } catch {
                logger.error("scheduler cannot read jobs", metadata: ["error": "\(error)"])
                next = nil
            }
            let latest = clock.now().addingTimeInterval(maximumSleep)
            await sleepOrWake(until: min(next ?? latest, latest))
        }
    }

    /// Waits until this instance holds the scheduler's lease (at once without leases): whether it had to wait
    /// (it took over from another instance), nil when cancelled.
    private func waitForLease() async -> Bool? {
        guard let leases, !leases.holds(Lease.scheduler) else { return Task.isCancelled ? nil : false }
        logger.notice("scheduler standing by: another instance fires the jobs")
        guard (try? await leases.waitUntilHeld(Lease.scheduler)) != nil else { return nil }
        logger.notice("scheduler: this instance took over")
        return true
    }

    /// How long handled-message keys and sent outbox entries are kept: far longer than any platform
    /// re-delivers a message (Telegram keeps updates for 24 hours), far shorter than forever.
    public static let retention: TimeInterval = 7 * 86_400

    /// Forgets handled-message keys and finished outbox entries older than `retention`, and channel state
    /// whose expiry has passed; runs hourly.
    @discardableResult
    public func housekeeping(at now: Date) async -> (handled: Int, outbox: Int, channelState: Int) {
        let cutoff = now.addingTimeInterval(-Self.retention)
        do {
            let pruned = try await store.transaction { tx in
                (
                    handled: try tx.pruneHandled(before: cutoff) + CrashGuard.prune(before: cutoff, in: tx),
                    outbox: try tx.pruneOutgoing(before: cutoff), channelState: try tx.pruneCursors(expiredBy: now)
                )
            }
            if pruned.handled + pruned.outbox + pruned.channelState > 0 {
                logger.info(
                    "housekeeping",
                    metadata: [
                        "handled": "\(pruned.handled)", "outbox": "\(pruned.outbox)",
                        "channel_state": "\(pruned.channelState)",
                    ])
            }
            return pruned
        } catch {
            logger.error("housekeeping failed", metadata: ["error": "\(error)"])
            return (0, 0, 0)
        }
    }

    private func sleepOrWake(until deadline: Date) async {
        let clock = self.clock
        let signal = wakeSignal
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(until: deadline) }
            group.addTask { await signal.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Fires (or marks missed) every job due now; returns how many were handled. Exposed for tests and tools.
    /// The jobs missed in this pass are then listed once to the report chats.
    @discardableResult
    public func fireDueJobs() async -> Int {
        var handled = 0
        var missed: [ScheduledJob] = []
        while !Task.isCancelled {
            // With several instances: one that lost the scheduler's lease stops firing (each job is claimed in the
            // store anyway, so none fires twice).
            if let leases, !leases.holds(Lease.scheduler) { break }
            let now = clock.now()
            let due: [ScheduledJob]
            do {
                due = try await store.transaction { try $0.dueJobs(at: now, limit: 64) }
            } catch {
                logger.error("scheduler cannot read jobs", metadata: ["error": "\(error)"])
                return handled
            }
            if due.isEmpty { break }
            for job in due {
                RuntimeMetrics.jobs("due").increment()
                if await fire(job, now: now) { missed.append(job) }
                handled += 1
            }
        }
        if !missed.isEmpty { await report(missed) }
        return handled
    }

    /// One message per report chat listing the missed jobs, described by their plugins; keyed by the jobs, so
    /// a restart in the middle does not list them twice.
    private func report(_ missed: [ScheduledJob]) async {
        guard !reportChats.isEmpty, let first = missed.map(\.id).min() else { return }
        let snapshot = live.snapshot
        let handlers = snapshot.jobHandlers
        let formatter = ISO8601DateFormatter()
        for (index, chat) in reportChats.enumerated() {
            let texts = snapshot.texts(for: chat)
            var lines: [RichText] = [texts("runtime.missed", ["count": .number(missed.count)])]
            for job in missed.prefix(50) {
                let description =
                    handlers[job.owner]?[job.kind]?.describe?(job, texts) ?? RichText("\(job.owner): \(job.kind)")
                lines.append(
                    texts(
                        "runtime.missed-post",
                        [
                            "id": .number(Int(clamping: job.id)), "due": .text(formatter.string(from: job.dueAt)),
                            "place": .text(job.chat.map { " → \($0)" } ?? ""), "description": .rich(description),
                        ]))
            }
            if missed.count > 50 { lines.append(texts("runtime.missed-more", ["count": .number(missed.count - 50)])) }
            _ = await send(
                OutgoingMessage(chat: chat, reply: Reply(lines: lines, isNotice: true)),
                "missed:\(first)-\(missed.count)#\(index)")
        }
    }

    /// Jobs a crash left between their handler's commit and the queueing of their messages: run again as
    /// replays (their changes are already applied) to queue the messages, however late.
    public func finishInterruptedJobs() async {
        let interrupted = (try? await store.transaction { try $0.jobs(in: .firing, limit: 10_000) }) ?? []
        for job in interrupted {
            logger.notice(
                "finishing a job interrupted by a restart", metadata: ["job": "\(job.id)", "owner": "\(job.owner)"])
            _ = await fire(job, now: clock.now())
        }
    }

    /// Fires one job, or marks it missed; true when it was missed.
    private func fire(_ job: ScheduledJob, now: Date) async -> Bool {
        let metadata: Logger.Metadata = [
            "job": "\(job.id)", "owner": "\(job.owner)", "kind": "\(job.kind)", "due": "\(job.dueAt)",
        ]
        let lateness = now.timeIntervalSince(job.dueAt)
        if job.state == .pending, lateness > (job.grace ?? gracePeriod) {
            RuntimeMetrics.jobs("missed").increment()
            let handler = live.snapshot.jobHandlers[job.owner]?[job.kind]
            do {
                // Marked missed, and a recurring job's next occurrence booked, in one transaction.
                _ = try await store.transaction { tx in
                    guard
                        try tx.moveJob(
                            id: job.id, from: .pending, to: .missed, at: now,
                            note: "missed: \(lateness.formatted(.number.precision(.fractionLength(0))))s late")
                    else { return }
                    try tx.bookNextOccurrence(of: job, handler: handler, after: now)
                }
            } catch {
                logger.error("job state not saved", metadata: ["job": "\(job.id)", "error": "\(error)"])
            }
            logger.warning("job missed: due while the bot was down, beyond its grace period", metadata: metadata)
            return true
        }
        let snapshot = live.snapshot
        guard let handler = snapshot.jobHandlers[job.owner]?[job.kind] else {
            await finish(job, .failed, note: "no handler for \(job.owner)/\(job.kind)", at: now)
            logger.error("job has no handler (plugin disabled or renamed?)", metadata: metadata)
            return false
        }
        let entry = CrashGuard.Entry(
            key: "job:\(job.id)", kind: "job", chat: job.chat.map { "\($0)" }, user: nil,
            what: "\(job.owner)/\(job.kind)", at: now, ref: Dispatcher.referenceID())
        let verdict = await crashGuard.run(entry) {
            await run(job, handler, snapshot: snapshot, now: now, lateness: lateness, metadata: metadata)
        }
        if let verdict, verdict.setAside {
            await finish(
                job, .failed,
                note: "set aside (ref \(entry.ref)): its handler stopped the bot \(CrashGuard.limit) times", at: now)
            if case .quarantined(let entry) = verdict {
                await CrashGuard.report(
                    entry, to: reportChats, logger: logger, texts: live.snapshot.texts(for:), send: send)
            }
        }
        return false
    }

    /// Runs a due job's handler under the time limit, then marks the job done and queues its messages (or
    /// marks it failed).
    private func run(
        _ job: ScheduledJob, _ handler: JobHandler, snapshot: LiveConfiguration.Snapshot, now: Date,
        lateness: TimeInterval, metadata: Logger.Metadata
    ) async {
        let claim = HandlingClaim(.job(id: job.id))
        let context = PluginContext(
            clock: clock, logger: logger,
            storage: PluginStorage(
                namespace: job.owner, store: store, clock: clock, claim: claim,
                jobsChanged: { [wakeSignal] in wakeSignal.ring() }),
            roster: snapshot.configuration.roster, localization: snapshot.localization)
        let expired = WakeSignal()
        let watch = timeouts.watch(until: .now + jobTimeout, signal: expired)
        defer { timeouts.finish(watch) }
        let outcome: Result<[OutgoingMessage], any Error> = await withTaskGroup(
            of: Result<[OutgoingMessage], any Error>?.self
        ) { group in
            group.addTask {
                do { return .success(try await handler.handle(job, context)) } catch { return .failure(error) }
            }
            group.addTask {
                await expired.wait()
                return Task.isCancelled ? nil : .failure(JobTimedOut())
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(CancellationError())
        }
        // Shutdown is not a failure: the job stays pending (unless its handler already committed) and fires
        // after the restart.
        if Task.isCancelled { return }
        switch outcome {
        case .success(let messages):
            // Done and queued in one transaction: after a crash before it, the job is still pending and fires
            // again (as a replay: its changes are not applied twice); after it, nothing is lost.
            let keyed = messages.enumerated().map { index, message -> (OutgoingMessage, String) in
                var message = message
                let key = "job:\(job.id)#\(index)"
                message.idempotencyKey = key
                return (message, key)
            }
            let routes = replies
            let outcome: (finished: Bool, direct: [OutgoingMessage])
            do {
                outcome = try await store.transaction { tx in
                    // Firing when the handler's transaction claimed it (or a crash left it so); still pending
                    // when the handler made no transaction.
                    guard
                        try tx.moveJob(id: job.id, from: .firing, to: .done, at: now, note: nil)
                            || tx.moveJob(id: job.id, from: .pending, to: .done, at: now, note: nil)
                    else { return (false, []) }
                    return (true, try routes.queue(keyed.map { ($0.0, key: $0.1) }, in: tx, at: Date()))
                }
            } catch {
                logger.error(
                    "job could not be marked done; it fires again",
                    metadata: metadata.merging(["error": "\(error)"]) { $1 })
                return
            }
            guard outcome.finished else {
                logger.info("job already fired or cancelled; not sending again", metadata: metadata)
                return
            }
            logger.debug("job fired", metadata: metadata)
            RuntimeMetrics.jobs(lateness > 1 ? "late" : "fired").increment()
            await replies.release(queuedFor: Set(keyed.map(\.0.chat.platform)), direct: outcome.direct)
        case .failure(let error):
            let ref = Dispatcher.referenceID()
            RuntimeMetrics.jobs("failed").increment()
            await finish(job, .failed, note: "ref \(ref): \(error)", at: now)
            logger.error(
                "job failed",
                metadata: metadata.merging(["ref": "\(ref)", "error": "\(String(reflecting: error))"]) { $1 })
        }
    }

    private func finish(_ job: ScheduledJob, _ state: JobState, note: String, at now: Date) async {
        do {
            // Pending, or firing when its handler had claimed it before failing.
            _ = try await store.transaction { tx in
                try tx.moveJob(id: job.id, from: .pending, to: state, at: now, note: note)
                    || tx.moveJob(id: job.id, from: .firing, to: state, at: now, note: note)
            }
        } catch {
            logger.error("job state not saved", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }
}

/// A job's handler ran past `scheduler.job_timeout` and was stopped.
struct JobTimedOut: Error, CustomStringConvertible {
    var description: String { "the job ran past its time limit and was stopped" }
}
