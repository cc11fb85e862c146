import Foundation
import Synchronization

/// A messaging platform connection: receives messages into the runtime and sends replies out.
///
/// Platform errors are mapped once, in the channel, to `ChannelError`. The runtime owns the loop that calls
/// `receive`, and the lanes that call `send`.
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
    /// it rate-limited the call, else 0.5 s doubling up to a minute. One rule for every channel's polls and
    /// for the outbox's retries.
    public static func retryDelay(afterFailures failures: Int, error: any Error) -> Double {
        if case .rateLimited(let seconds)? = error as? ChannelError { return seconds }
        return min(60, 0.5 * pow(2, Double(min(max(failures, 1) - 1, 8))))
    }
}

/// When a channel's poll (`getUpdates`, `/sync`) last succeeded, in memory, for readiness checks.
public final class PollHealth: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    public init() {}

    public func succeeded() { last.withLock { $0 = .now } }

    /// nil when a poll succeeded within twice `pollTimeout` plus 5 s; else why not (`what` names the poll).
    public func problem(pollTimeout: Int, what: String) -> String? {
        guard let last = last.withLock({ $0 }) else { return "no successful \(what) yet" }
        let age = ContinuousClock.now - last
        return age <= .seconds(pollTimeout * 2 + 5) ? nil : "no successful \(what) for \(age.components.seconds) s"
    }
}
