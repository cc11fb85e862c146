import Synchronization
import Testing

@testable import BotHTTP

struct RetryPolicyTests {
    let policy = RetryPolicy(maximumAttempts: 4, initialDelay: .milliseconds(100), maximumDelay: .seconds(1))

    @Test func backoffGrowsIsCappedAndJittered() {
        #expect(policy.delay(after: 1, hint: nil, random: 1) == .milliseconds(100))
        #expect(policy.delay(after: 2, hint: nil, random: 1) == .milliseconds(200))
        #expect(policy.delay(after: 3, hint: nil, random: 0.5) == .milliseconds(200))
        #expect(policy.delay(after: 10, hint: nil, random: 1) == .seconds(1))
        #expect(policy.delay(after: 1, hint: nil, random: 0) == .zero)
        #expect(policy.delay(after: 1, hint: .milliseconds(700), random: 0) == .milliseconds(700))
        #expect(policy.delay(after: 1, hint: .seconds(30), random: 0) == .seconds(1))
    }

    @Test func retryableErrorsAreRetriedWithTheServersHint() async throws {
        let attempts = Mutex(0)
        let sleeps = Mutex<[Duration]>([])
        let value = try await policy.run(sleep: { duration in sleeps.withLock { $0.append(duration) } }) {
            let attempt = attempts.withLock { value -> Int in
                value += 1
                return value
            }
            if attempt == 1 { throw HTTPError.status(code: 429, body: .init(), retryAfter: .milliseconds(300)) }
            if attempt == 2 { throw HTTPError.couldNotConnect(host: "h") }
            return "done"
        }
        #expect(value == "done")
        #expect(attempts.withLock { $0 } == 3)
        let waited = sleeps.withLock { $0 }
        #expect(waited.count == 2)
        #expect(waited.first == .milliseconds(300))
        #expect(waited[1] <= .milliseconds(200))
    }

    @Test("non-retryable errors fail at once", arguments: [
        HTTPError.status(code: 400, body: .init(), retryAfter: nil), .status(code: 401, body: .init(), retryAfter: nil),
        .tls(host: "h", detail: "bad certificate"), .cancelled, .invalidURL("x"),
    ])
    func nonRetryable(_ error: HTTPError) async {
        let attempts = Mutex(0)
        await #expect(throws: error) {
            try await policy.run(sleep: { _ in }) {
                attempts.withLock { $0 += 1 }
                throw error
            }
        }
        #expect(attempts.withLock { $0 } == 1)
    }

    @Test func attemptsRunOut() async {
        let attempts = Mutex(0)
        await #expect(throws: HTTPError.timedOut(host: "h")) {
            try await policy.run(sleep: { _ in }) {
                attempts.withLock { $0 += 1 }
                throw HTTPError.timedOut(host: "h")
            }
        }
        #expect(attempts.withLock { $0 } == 4)
    }

    @Test func platformHintsCanComeFromTheBody() async throws {
        struct TelegramFlood: Error { var retryAfter: Int }
        let sleeps = Mutex<[Duration]>([])
        let attempts = Mutex(0)
        _ = try await policy.run(
            isRetryable: { $0 is TelegramFlood }, hint: { ($0 as? TelegramFlood).map { .seconds($0.retryAfter) } },
            sleep: { duration in sleeps.withLock { $0.append(duration) } }
        ) {
            if attempts.withLock({ value -> Int in value += 1; return value }) == 1 { throw TelegramFlood(retryAfter: 1) }
            return 1
        }
        #expect(sleeps.withLock { $0 } == [.seconds(1)])
    }
}
