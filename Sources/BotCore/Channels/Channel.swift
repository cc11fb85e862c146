import Foundation
import Logging
import Synchronization

/// A messaging platform connection as the runtime runs it: receives messages into the runtime and sends
/// replies out.
///
/// Platforms reached by polling (a long-poll or sync API) are `PlatformAdapter`s, and the runtime's `PollDriver` is
/// their `Channel`: it owns the receive loop, the back-off, the receipts and the cursor commits. The console,
/// whose input is a stream with nothing to confirm, implements `Channel` itself, as do the test kit's
/// channels. Platform errors are mapped once, in the channel or adapter, to `ChannelError`. The runtime calls
/// `receive` once per run, and its lanes call `send`.
public protocol Channel: Sendable {
    /// The platform whose chats this channel serves.
    var platform: Platform { get }
    /// Receives messages until the input ends (returns) or the task is cancelled, calling `deliver` for each
    /// in arrival order (per chat). `deliver` returns once the runtime has queued the message, with a receipt
    /// that tells when the runtime is done with it.
    func receive(_ deliver: @escaping @Sendable (IncomingMessage) async -> DeliveryReceipt) async throws
    /// Sends one message; throws `ChannelError`.
    func send(_ message: OutgoingMessage) async throws
    /// Whether replies to this channel go through the store's outbox: written in a transaction before the
    /// message counts as handled, and sent (and retried) from there, so a crash loses none. Platform
    /// channels say yes; the console does not need it.
    var usesOutbox: Bool { get }
}

extension Channel {
    public var usesOutbox: Bool { false }
}

/// A platform failure, reduced to what the runtime can act on.
public enum ChannelError: Error, Sendable, Hashable {
    /// Try again after the given seconds.
    case rateLimited(retryAfter: Double)
    /// The credentials were refused; the channel cannot go on.
    case unauthorized(String)
    /// Another client uses the same credentials (a second poller).
    case conflict(String)
    /// A network or server fault worth retrying.
    case transient(String)
    /// The platform refused this message; retrying will not help.
    case rejected(String)
}

extension ChannelError {
    /// How long to wait after `failures` failed calls in a row (1 for the first): the platform's own hint when
    /// it rate-limited the call (bounded by `PlatformValues.retryHint`), else 0.5 s doubling up to a minute.
    /// One rule for every channel's polls and for the outbox's retries; always a finite number of seconds
    /// between 0 and an hour, so it converts to a `Duration` without a trap.
    public static func retryDelay(afterFailures failures: Int, error: any Error) -> Double {
        if case .rateLimited(let seconds)? = error as? ChannelError {
            return PlatformValues.retryHint(seconds, cap: PlatformValues.longestRetryHintCap).seconds
        }
        return min(60, 0.5 * pow(2, Double(min(max(failures, 1), 9) - 1)))
    }

    /// The rate-limit error for a platform's retry hint (`retry_after`, `retry_after_ms`, `Retry-After`), in
    /// seconds: the hint bounded by `PlatformValues.retryHint` with the channel's `cap`, and a log line (with
    /// `what`, the call that was limited) when the hint was capped or unusable. Every channel builds its
    /// `rateLimited` errors here, so no hint from a server can trap the process or park a chat for years.
    public static func rateLimited(hint: Double?, cap: Double, logger: Logger, what: String) -> ChannelError {
        let bounded = PlatformValues.retryHint(hint, cap: cap)
        if let replaced = bounded.replaced {
            logger.notice(
                "the platform's retry hint was \(replaced); waiting \(bounded.seconds) s instead",
                metadata: [
                    "call": "\(what)", "asked_s": "\(hint.map { "\($0)" } ?? "none")", "wait_s": "\(bounded.seconds)",
                ])
        }
        return .rateLimited(retryAfter: bounded.seconds)
    }
}

/// Bounds for numbers that come from a platform's server, in one place: a server (or whoever answers in its
/// name) can send any number, and none may trap the process or stall it.
public enum PlatformValues {
    /// The longest one retry hint is waited by default: 5 minutes. A real rate limit longer than that is
    /// asked again after 5 minutes (one cheap call), so honouring it costs nothing, while a huge or broken
    /// hint (`retry_after: 10^17`) cannot park a chat's replies or the poll for longer than that.
    public static let defaultRetryHintCap: Double = 300
    /// The largest cap a channel may be configured with: an hour.
    public static let longestRetryHintCap: Double = 3600
    /// The wait used when a rate limit comes without a usable hint (missing, negative, not finite): 1 s.
    public static let fallbackRetryHint: Double = 1

    /// A platform's retry hint in seconds, made safe: a missing, negative, NaN or infinite hint becomes
    /// `fallbackRetryHint`, and a hint above `cap` (itself kept within 0 … `longestRetryHintCap`) becomes the
    /// cap. `replaced` says why a hint that was given is not used as it is (`"above the cap"`, `"not a usable
    /// number"`), so the caller can log it; nil when the hint is used, or there was none.
    public static func retryHint(_ hint: Double?, cap: Double) -> (seconds: Double, replaced: String?) {
        let cap = cap.isFinite ? min(max(cap, 0), longestRetryHintCap) : defaultRetryHintCap
        guard let hint else { return (min(fallbackRetryHint, cap), nil) }
        guard hint.isFinite, hint >= 0 else { return (min(fallbackRetryHint, cap), "not a usable number") }
        return hint > cap ? (cap, "above the cap of \(cap) s") : (hint, nil)
    }

    /// When a platform says a message was sent (seconds since 1970), or `now` when it gave no time or one
    /// outside 2001 … a day from now: a time beyond that is a broken or hostile value, and storing or
    /// converting it could overflow.
    public static func time(secondsSince1970 seconds: Double?, now: Date = Date()) -> Date {
        guard let seconds, seconds.isFinite, seconds >= 978_307_200, seconds <= now.timeIntervalSince1970 + 86_400
        else {
            return now
        }
        return Date(timeIntervalSince1970: seconds)
    }

    /// The least time between the starts of two polls that brought nothing new (0.5 s): a server that answers
    /// a long poll at once with nothing is then asked at most twice a second instead of in a tight loop.
    public static let idlePollSpacing: Duration = .milliseconds(500)

    /// How long to pause after a poll that started at `started` and brought nothing new, so polls that bring
    /// nothing are at least `idlePollSpacing` apart.
    public static func idlePause(since started: ContinuousClock.Instant, now: ContinuousClock.Instant = .now)
        -> Duration
    {
        max(.zero, idlePollSpacing - (now - started))
    }
}

/// When a channel's poll (`getUpdates`, `/sync`) last succeeded, in memory, for readiness checks; recorded by
/// the runtime's poll driver.
public final class PollHealth: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    public init() {}

    public func succeeded() { last.withLock { $0 = .now } }

    /// nil when a poll succeeded within twice `pollTimeout` plus 5 s; else why not (`what` names the poll).
    public func problem(pollTimeout: Int, what: String) -> String? {
        guard let last = last.withLock({ $0 }) else { return "no successful \(what) yet" }
        let age = ContinuousClock.now - last
        return age <= .seconds(min(max(pollTimeout, 0), 86_400) * 2 + 5)
            ? nil : "no successful \(what) for \(age.components.seconds) s"
    }
}
