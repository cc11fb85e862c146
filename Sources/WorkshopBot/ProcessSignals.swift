import BotConfig
import BotRuntime
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGTERM and SIGINT: the first shuts the service group down gracefully (the bot then exits 0), a second
/// exits at once with status 130.
///
/// The signals are trapped when this is made, before any service starts, so a signal that comes early is
/// not the default action (which would kill the process without a graceful stop).
struct StopSignals: Sendable {
    private let signals: UnixSignalsSequence

    init() async {
        signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
    }

    /// Listens until cancelled.
    func watch(_ group: ServiceGroup, logger: Logger) async {
        var received = 0
        for await _ in signals {
            received += 1
            if received == 1 {
                logger.notice("signal received: stopping gracefully (send it again to exit at once)")
                await group.triggerGracefulShutdown()
            } else {
                logger.warning("second signal: exiting now")
                exit(130)
            }
        }
    }
}

/// On SIGHUP: reads the config folder again and, only when all of it is valid, swaps it in; otherwise logs
/// every problem and keeps the running configuration. A service, so it stops with the group.
struct ConfigurationReloader: Service {
    let hangups: UnixSignalsSequence
    let bot: Bot
    let load: @Sendable () throws -> LoadedConfiguration
    let logger: Logger

    /// Traps SIGHUP now, before any service starts, so an early one does not end the process.
    init(bot: Bot, logger: Logger, load: @escaping @Sendable () throws -> LoadedConfiguration) async {
        hangups = await UnixSignalsSequence(trapping: .sighup)
        self.bot = bot
        self.load = load
        self.logger = logger
    }

    func run() async throws {
        for await _ in hangups.cancelOnGracefulShutdown() {
            logger.notice("SIGHUP: reloading the configuration")
            do {
                try await bot.reload(try load())
            } catch let errors as ConfigErrors {
                logger.error(
                    "reload refused: the configuration has errors; the running one stays",
                    metadata: ["errors": "\(errors.issues.map(\.description))"])
            } catch {
                logger.error("reload failed; the running configuration stays", metadata: ["error": "\(error)"])
            }
        }
    }
}
