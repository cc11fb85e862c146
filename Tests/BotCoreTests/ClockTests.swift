import Foundation
import Testing

@testable import BotCore

struct ClockTests {
    /// A deadline further than a `Duration` can hold (a job due in the year 5000, a date a user typed) is slept
    /// towards a day at a time, and the sleep stays cancellable.
    @Test(arguments: [1e20, Double.greatestFiniteMagnitude, Double.infinity])
    func aDeadlineBeyondWhatADurationHoldsIsSleptTowardsWithoutATrap(_ seconds: Double) async {
        let deadline = Date(timeIntervalSince1970: seconds)
        let sleeping = Task { try await SystemClock().sleep(until: deadline) }
        let offset = Task { try await OffsetClock(startingAt: Date()).sleep(until: deadline) }
        sleeping.cancel()
        offset.cancel()
        await #expect(throws: CancellationError.self) { try await sleeping.value }
        await #expect(throws: CancellationError.self) { try await offset.value }
    }

    @Test func aPassedDeadlineReturnsAtOnce() async throws {
        try await SystemClock().sleep(until: .distantPast)
        try await SystemClock().sleep(until: Date(timeIntervalSince1970: -.infinity))
    }
}
