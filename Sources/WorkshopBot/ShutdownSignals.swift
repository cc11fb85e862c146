import BotRuntime
import Dispatch
import Foundation
import Logging
import Synchronization

/// How many stop signals arrived.
private final class SignalCount: Sendable {
    private let value = Mutex(0)

    func increment() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}

/// SIGTERM and SIGINT stop the bot gracefully (it then exits 0); a second signal exits at once. SIGHUP asks
/// for a configuration reload.
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    init(stop: WakeSignal, reload: WakeSignal, logger: Logger) {
        var sources: [any DispatchSourceSignal] = []
        signal(SIGHUP, SIG_IGN)
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        hangup.setEventHandler {
            logger.notice("SIGHUP: reloading the configuration")
            reload.ring()
        }
        hangup.resume()
        sources.append(hangup)
        let received = SignalCount()
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.increment() == 1 {
                    logger.notice("signal received: stopping gracefully (send it again to exit at once)")
                    stop.ring()
                } else {
                    logger.warning("second signal: exiting now")
                    exit(130)
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Stops listening.
    func cancel() { sources.forEach { $0.cancel() } }
}
