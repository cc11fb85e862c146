/// When and how long to wait before trying a failed request again: exponential backoff with full jitter,
/// a cap, and the server's own hint (`Retry-After`, or a platform's `retry_after` in the body) when it gave one.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// The backoff before the second attempt; doubled for each further attempt.
    public var initialDelay: Duration
    /// No wait is longer than this, hints included.
    public var maximumDelay: Duration

    public init(maximumAttempts: Int = 5, initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(60)) {
        self.maximumAttempts = maximumAttempts
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1), given the server's hint if any.
    /// Without a hint the wait is random in [0, min(cap, initial × 2^(attempt-1))] ("full jitter"), so many
    /// clients that failed together do not come back together.
    public func delay(after attempt: Int, hint: Duration?, random: Double = Double.random(in: 0...1)) -> Duration {
        if let hint { return min(hint, maximumDelay) }
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(initialDelay * (1 << exponent), maximumDelay)
        return ceiling * min(max(random, 0), 1)
    }

    /// Runs `operation` until it succeeds, fails with an error that `isRetryable` rejects, or the attempts run
    /// out; the last error is rethrown. `hint` extracts a platform's retry hint from an error; `sleep` is
    /// injectable so tests need not wait.
    public func run<T: Sendable>(
        isRetryable: @Sendable (any Error) -> Bool = { ($0 as? HTTPError)?.isRetryable ?? false },
        hint: @Sendable (any Error) -> Duration? = { ($0 as? HTTPError)?.retryAfter },
        sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        _ operation: @Sendable () async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch {
                if error is CancellationError || (error as? HTTPError) == .cancelled { throw error }
                guard attempt < maximumAttempts, isRetryable(error) else { throw error }
                try await sleep(delay(after: attempt, hint: hint(error)))
                attempt += 1
            }
        }
    }
}
