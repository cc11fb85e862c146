import BotCore
import Foundation
import Logging

/// The composition root: one bot made of channels, a dispatcher, a scheduler and a store.
///
/// `run` is structured: a child task per channel's receive loop (a `PollDriver` for a polled platform) feeds
/// one input stream, the dispatcher drains it in per-chat lanes, and the scheduler fires jobs beside them.
/// When every channel has ended
/// (the console reached end of input) the lanes finish their replies, the scheduler stops, and `run`
/// returns. Cancelling `run` stops everything.
public struct Bot: Sendable {
    /// The configuration in force; `reload` replaces it.
    public let live: LiveConfiguration
    public let store: any Store
    public let channels: [any Channel]
    public let clock: any BotClock
    public let logger: Logger
    public let dispatcher: Dispatcher
    public let scheduler: Scheduler
    /// One sender per channel that uses the outbox.
    public let outboxSenders: [OutboxSender]

    /// The configuration in force now.
    public var configuration: LoadedConfiguration { live.snapshot.configuration }

    public init(
        configuration: LoadedConfiguration, store: any Store, channels: [any Channel], clock: any BotClock,
        logger: Logger, roleSources: [any RoleSource] = []
    ) {
        self.store = store
        self.channels = channels
        self.clock = clock
        self.logger = logger
        let live = LiveConfiguration(configuration, store: store, clock: clock, roleSources: roleSources)
        self.live = live
        // One guard for messages, jobs and replies, so a suspect of any kind runs alone.
        let crashGuard = CrashGuard(store: store, logger: logger)
        let senders = channels.filter(\.usesOutbox).map {
            OutboxSender(store: store, channel: $0, logger: logger, crashGuard: crashGuard)
        }
        self.outboxSenders = senders
        let replies = ReplyRouter(
            channels: channels, senders: senders, store: store, logger: logger,
            secrets: { live.snapshot.configuration.secrets })
        let send = replies.send
        let wake = WakeSignal()
        self.scheduler = Scheduler(
            live: live, logger: logger, gracePeriod: configuration.bot.scheduler.gracePeriod.seconds,
            reportChats: configuration.bot.scheduler.reportChats,
            jobTimeout: configuration.bot.scheduler.jobTimeout.duration, wakeSignal: wake,
            crashGuard: crashGuard, replies: replies)
        self.dispatcher = Dispatcher(
            live: live, logger: logger, handlerTimeout: configuration.bot.dispatch.handlerTimeout.duration,
            jobsChanged: { wake.ring() }, crashGuard: crashGuard,
            redelivering: Set(channels.filter(\.usesOutbox).map(\.platform)), send: send)
    }

    /// Applies every plugin's pending store migrations, then runs each plugin's start-up step. Call once
    /// before `run`.
    public func prepare() async throws { try await prepare(configuration) }

    /// Swaps in a new configuration while the bot runs: its plugins' migrations and start-up steps run first
    /// (the agenda reschedules its announcements and posts what changed), then messages use the new one.
    /// Messages being handled finish with the old one; none is dropped. Channel and store settings are read
    /// at start only.
    public func reload(_ next: LoadedConfiguration) async throws {
        try await prepare(next)
        live.replace(with: next)
        scheduler.wakeSignal.ring()
        logger.notice("configuration reloaded", metadata: ["plugins": "\(next.plugins.map(\.name))"])
    }

    private func prepare(_ configuration: LoadedConfiguration) async throws {
        for plugin in configuration.plugins where !plugin.migrations.isEmpty {
            let applied = try await store.migrate(namespace: plugin.name, migrations: plugin.migrations)
            if !applied.isEmpty {
                logger.info("migrated", metadata: ["plugin": "\(plugin.name)", "versions": "\(applied)"])
            }
        }
        let wake = scheduler.wakeSignal
        for plugin in configuration.plugins {
            let storage = PluginStorage(namespace: plugin.name, store: store, clock: clock, jobsChanged: { wake.ring() })
            try await plugin.start(
                PluginContext(clock: clock, logger: logger, storage: storage, roster: configuration.roster))
        }
    }

    /// Runs until every channel has ended, `stop` rings (a graceful shutdown), or the task is cancelled.
    ///
    /// A graceful shutdown stops receiving first, lets every message already received finish (handlers are
    /// not interrupted; their time limit still applies), then gives the outbox up to `drainTimeout` to send
    /// what is queued. Anything left is in the store and goes out after the next start; messages a channel
    /// had not confirmed are delivered again and replay without effect.
    public func run(stop: WakeSignal? = nil, drainTimeout: Duration = .seconds(10)) async {
        let (input, feed) = AsyncStream.makeStream(of: Dispatcher.Delivery.self)
        let senders = self.outboxSenders
        let channels = self.channels
        let logger = self.logger
        let dispatcher = self.dispatcher
        let scheduler = self.scheduler
        let store = self.store
        logger.info(
            "ready",
            metadata: [
                "channels": "\(channels.map(\.platform.rawValue))",
                "plugins": "\(configuration.plugins.map(\.name))",
            ])
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await scheduler.run() }
            for sender in senders { group.addTask { await sender.run() } }
            await withTaskGroup(of: Void.self) { work in
                work.addTask { await dispatcher.run(input) }
                work.addTask {
                    await Self.receive(from: channels, into: feed, until: stop, logger: logger)
                    feed.finish()
                }
            }
            if !senders.isEmpty, stop != nil {
                await Self.drainOutbox(store, platforms: senders.map(\.channel.platform), timeout: drainTimeout, logger: logger)
            }
            group.cancelAll()
        }
        logger.info("stopped")
    }

    /// Runs every channel's receive loop until all have ended or `stop` rings (then the loops are cancelled).
    private static func receive(
        from channels: [any Channel], into feed: AsyncStream<Dispatcher.Delivery>.Continuation, until stop: WakeSignal?,
        logger: Logger
    ) async {
        await withTaskGroup(of: Bool.self) { receivers in
            for channel in channels {
                let received = RuntimeMetrics.updatesReceived(channel.platform.rawValue)
                receivers.addTask {
                    do {
                        try await channel.receive { message in
                            received.increment()
                            let delivery = Dispatcher.Delivery(message: message)
                            feed.yield(delivery)
                            return delivery.receipt
                        }
                    } catch is CancellationError {
                    } catch {
                        logger.error("channel stopped", metadata: ["channel": "\(channel.platform)", "error": "\(error)"])
                    }
                    return false
                }
            }
            if let stop {
                receivers.addTask {
                    await stop.wait()
                    return !Task.isCancelled
                }
            }
            var running = channels.count
            while let stopped = await receivers.next() {
                if stopped {
                    logger.info("stopping: no new messages; finishing the ones received")
                    break
                }
                running -= 1
                if running == 0 { break }
            }
            receivers.cancelAll()
        }
    }

    /// Waits until the outbox of these platforms is empty, or `timeout` has passed.
    private static func drainOutbox(_ store: any Store, platforms: [Platform], timeout: Duration, logger: Logger) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let pending = (try? await store.transaction { tx in
                try platforms.reduce(0) { $0 + (try tx.pendingOutgoing(platform: $1, limit: 1).count) }
            }) ?? 0
            if pending == 0 { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        logger.warning("stopping with replies still queued; they are sent after the next start")
    }
}
