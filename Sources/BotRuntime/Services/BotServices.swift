import BotCore
import Foundation
import Logging
import ServiceLifecycle

/// The bot's long-running parts as swift-service-lifecycle services, in the order a `ServiceGroup` starts
/// them. The group shuts services down in reverse order, which is the order a graceful stop needs:
///
/// 1. `receivers`: the channels' receive loops (a `PollDriver` per polled platform) stop taking new messages;
/// 2. `dispatcher`: every message already received finishes (handlers keep their time limit);
/// 3. `outbox`: each sender gets up to the drain time to send what is queued (the rest goes out after the
///    next start);
/// 4. `scheduler`: stops firing jobs;
/// 5. `leases` (with several instances on one store): gives up this instance's leases, so a standby takes
///    over at once.
///
/// When every channel has ended by itself (the console reached end of input), the receivers service returns
/// and the group shuts down the rest the same way.
public struct BotServices: Sendable {
    /// In start order; the executable puts its own services (metrics server, reload) in front of them.
    public let services: [ServiceGroupConfiguration.ServiceConfiguration]

    init(bot: Bot, drainTimeout: Duration?) {
        let input = DeliveryQueue()
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        // First to start and last to stop: the leases are given up only once every duty has stopped.
        if let leases = bot.leases { services.append(.init(service: LeaseService(keeper: leases))) }
        services.append(.init(service: SchedulerService(scheduler: bot.scheduler)))
        for sender in bot.outboxSenders {
            services.append(
                .init(
                    service: OutboxService(
                        sender: sender, store: bot.store, drainTimeout: drainTimeout, logger: bot.logger)))
        }
        services.append(.init(service: DispatcherService(dispatcher: bot.dispatcher, input: input)))
        services.append(
            .init(
                service: ReceiversService(channels: bot.channels, feed: input, logger: bot.logger),
                successTerminationBehavior: .gracefullyShutdownGroup))
        self.services = services
    }
}

/// Keeps this instance's leases until the group shuts down, then gives them up.
struct LeaseService: Service {
    let keeper: LeaseKeeper

    func run() async throws {
        await cancelWhenGracefulShutdown { await keeper.run() }
    }
}

/// Fires scheduled jobs until the group shuts down.
struct SchedulerService: Service {
    let scheduler: Scheduler

    func run() async throws {
        await cancelWhenGracefulShutdown { await scheduler.run() }
    }
}

/// Sends one outbox platform's queued messages. On a graceful shutdown it goes on sending until the queue is
/// empty or `drainTimeout` has passed (no draining when nil); anything left stays in the store.
struct OutboxService: Service {
    let sender: OutboxSender
    let store: any Store
    let drainTimeout: Duration?
    let logger: Logger

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await sender.run() }
            let graceful = (try? await gracefulShutdown()) != nil
            if graceful, let drainTimeout { await drain(timeout: drainTimeout) }
            group.cancelAll()
        }
    }

    private func drain(timeout: Duration) async {
        let platform = sender.channel.platform
        // A standby sends nothing: what is queued is the lease holder's to send.
        if let leases = sender.leases, !leases.holds(platform.rawValue) { return }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !Task.isCancelled {
            let pending =
                (try? await store.transaction { try $0.pendingOutgoing(platform: platform, limit: 1).count }) ?? 0
            if pending == 0 { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        logger.warning(
            "stopping with replies still queued; they are sent after the next start",
            metadata: ["channel": "\(platform)"])
    }
}

/// Drains the input stream in per-chat lanes. The stream ends when the receivers have stopped; the service
/// then waits for its turn in the shutdown, so the group sees it end in order.
struct DispatcherService: Service {
    let dispatcher: Dispatcher
    let input: DeliveryQueue

    func run() async throws {
        await dispatcher.run(input)
        try? await gracefulShutdown()
    }
}

/// Runs every channel's receive loop, feeding one input stream, until all have ended or a graceful shutdown
/// cancels them; then ends the stream.
struct ReceiversService: Service {
    let channels: [any Channel]
    let feed: DeliveryQueue
    let logger: Logger

    func run() async throws {
        defer { feed.finish() }
        let channels = self.channels
        let feed = self.feed
        let logger = self.logger
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { receivers in
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
                            logger.error(
                                "channel stopped", metadata: ["channel": "\(channel.platform)", "error": "\(error)"])
                        }
                    }
                }
            }
        }
        if Task.isShuttingDownGracefully {
            logger.info("stopping: no new messages; finishing the ones received")
        }
    }
}
