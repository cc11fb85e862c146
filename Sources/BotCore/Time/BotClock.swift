import Foundation

/// The bot's source of wall-clock time. Injected everywhere time matters, so tests use a manual clock and
/// never sleep, and a facilitator can rehearse a workshop day with `--now`.
public protocol BotClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Suspends until `deadline` has been reached on this clock; throws `CancellationError` when cancelled.
    func sleep(until deadline: Date) async throws
}

/// The system's wall clock.
public struct SystemClock: BotClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        try await sleepUntil(deadline) { Date() }
    }
}

/// A clock that starts at a chosen instant and runs on at real speed from there (`--now`).
public struct OffsetClock: BotClock {
    private let start: Date
    private let origin: ContinuousClock.Instant

    public init(startingAt start: Date) {
        self.start = start
        self.origin = ContinuousClock.now
    }

    public func now() -> Date {
        let elapsed = ContinuousClock.now - origin
        let (seconds, attoseconds) = elapsed.components
        return start.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    public func sleep(until deadline: Date) async throws {
        try await sleepUntil(deadline) { now() }
    }
}

/// Sleeps until `deadline` by `now`: at once when it has passed, else a day at a time at most, since the gap
/// between two dates may be more than a `Duration` can hold.
func sleepUntil(_ deadline: Date, now: () -> Date) async throws {
    while true {
        let seconds = deadline.timeIntervalSince(now())
        guard seconds > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(for: .seconds(min(seconds, 86_400)))
    }
}
