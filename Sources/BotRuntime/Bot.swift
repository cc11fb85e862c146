import BotCore
import Foundation
import Logging
import ServiceLifecycle

/// The composition root: one bot made of channels, a dispatcher, a scheduler and a store.
///
/// Its long-running parts are services (`BotServices`) for one swift-service-lifecycle `ServiceGroup`: the
/// channels' receive loops (a `PollDriver` per polled platform) feed one input stream, the dispatcher drains
/// it in per-chat lanes, outbox senders send queued replies, and the scheduler fires jobs beside them. The
/// group stops them in reverse order, so a graceful stop finishes what was received before anything else.
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
    /// With several instances on one store: this instance's leases (its services run their duty only while
    /// it holds the duty's lease, `LeaseKeeper`). nil: the only instance.
    public let leases: LeaseKeeper?
    /// Start-up steps run one at a time (a reload's, a takeover's).
    let startUpSteps = StartUpSteps()

    /// The configuration in force now.
    public var configuration: LoadedConfiguration { live.snapshot.configuration }
    /// The web address in force now (`web.public_url`), read once per configuration.
    public var webAddress: WebAddress? { live.snapshot.webAddress }

    public init(
        configuration: LoadedConfiguration, store: any Store, channels: [any Channel], clock: any BotClock,
        logger: Logger, roleSources: [any RoleSource] = [], leases: LeaseKeeper? = nil
    ) {
        self.leases = leases
        self.store = store
        self.channels = channels
        self.clock = clock
        self.logger = logger
        let live = LiveConfiguration(configuration, store: store, clock: clock, roleSources: roleSources)
        self.live = live
        // One guard for messages, jobs and replies, so a suspect of any kind runs alone.
        let crashGuard = CrashGuard(store: store, logger: logger)
        let senders = channels.filter(\.usesOutbox).map {
            OutboxSender(store: store, channel: $0, logger: logger, crashGuard: crashGuard, leases: leases)
        }
        self.outboxSenders = senders
        let replies = ReplyRouter(
            channels: channels, senders: senders, store: store, logger: logger,
            secrets: { live.snapshot.configuration.secrets }, texts: { live.snapshot.texts(for: $0) })
        let send = replies.send
        let wake = WakeSignal()
        self.scheduler = Scheduler(
            live: live, logger: logger, gracePeriod: configuration.bot.scheduler.gracePeriod.seconds,
            reportChats: configuration.bot.scheduler.reportChats,
            jobTimeout: configuration.bot.scheduler.jobTimeout.duration, wakeSignal: wake,
            crashGuard: crashGuard, replies: replies, leases: leases)
        self.dispatcher = Dispatcher(
            live: live, logger: logger, handlerTimeout: configuration.bot.dispatch.handlerTimeout.duration,
            jobsChanged: { wake.ring() }, crashGuard: crashGuard,
            redelivering: Set(channels.filter(\.usesOutbox).map(\.platform)), showProgress: replies.progress,
            send: send)
        // Taking over from another instance: what this one kept in memory is from before, so the caches are
        // emptied and the plugins' start-up runs again (a feed's stored copy read back, as after a restart).
        let bot = self
        leases?.whenGained {
            StoreCaches.forgetAll()
            do {
                // After a reload in progress, with the configuration it swapped in.
                try await bot.startUpSteps.run { try await bot.prepare(bot.live.snapshot.configuration) }
            } catch {
                bot.logger.error("start-up steps after taking over failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Applies every plugin's pending store migrations, then runs each plugin's start-up step. Call once
    /// before `run`.
    public func prepare() async throws {
        let bot = self
        try await startUpSteps.run { try await bot.prepare(bot.configuration) }
    }

    /// Swaps in a new configuration while the bot runs: its plugins' migrations and start-up steps run first
    /// (the agenda reschedules its announcements and posts what changed), then messages use the new one.
    /// Messages being handled finish with the old one; none is dropped. Channel and store settings are read
    /// at start only.
    public func reload(_ next: LoadedConfiguration) async throws {
        let bot = self
        try await startUpSteps.run {
            try await bot.prepare(next)
            bot.live.replace(with: next)
        }
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
            let storage = PluginStorage(
                namespace: plugin.name, store: store, clock: clock, jobsChanged: { wake.ring() })
            try await plugin.start(
                PluginContext(
                    clock: clock, logger: logger, storage: storage, roster: configuration.roster,
                    localization: RuntimeMessages.localization(
                        plugins: configuration.plugins, overrides: configuration.localeOverrides,
                        workshop: configuration.bot.language)))
        }
    }

    /// The bot's services, for a `ServiceGroup` the caller runs with its own (signals, metrics server). On a
    /// graceful shutdown each outbox gets up to `drainTimeout` to send what is queued; nil sends nothing more.
    public func services(drainTimeout: Duration? = .seconds(10)) -> BotServices {
        logger.info(
            "ready",
            metadata: [
                "channels": "\(channels.map(\.platform.rawValue))",
                "plugins": "\(configuration.plugins.map(\.name))",
            ])
        return BotServices(bot: self, drainTimeout: drainTimeout)
    }

    /// Runs the bot's services alone until every channel has ended (then the messages received are finished)
    /// or the task is cancelled (then everything stops at once). The executable runs `services` in its own
    /// group instead, with graceful shutdown on SIGTERM and SIGINT.
    public func run() async {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: services(drainTimeout: nil).services, logger: logger))
        do {
            try await group.run()
        } catch is CancellationError {
        } catch {
            logger.error("stopped with an error", metadata: ["error": "\(error)"])
        }
        logger.info("stopped")
    }
}
