import BotTesting
import Foundation
import Testing

/// Two runs of the console on one store, as two `scripts/run` sessions of a facilitator rehearsing the workshop.
struct ConsoleSessionsTests {
    func session(_ input: String, store: String) async throws -> String {
        let result = try await ConsoleEndToEndTests.run(
            ["console", "--config", "plugins-config", "--store", store, "--now", "2021-11-10T10:00:00+01:00"],
            input: input)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return result.stdout
    }

    /// The second session's lines are numbered from 1 again; they must not be taken for replays of the first
    /// session's lines (which would answer and store nothing).
    @Test func aSecondSessionKeepsItsRemindersAndVotesBesideTheFirstSessions() async throws {
        let store = ConsoleEndToEndTests.temporaryStore()
        let first = try await session(
            """
            facilitator: /poll new "Which topic first?" "Climate finance" "Skills" --live
            bounmy: /vote 1
            bounmy: /remind me in 3h first session note

            """, store: store)
        #expect(
            first.contains("Vote recorded: Climate finance") && first.contains("set: on Wed 10 Nov 19:00"), "\(first)")

        let second = try await session(
            """
            saran: /vote 2
            bounmy: /remind me in 4h second session note
            bounmy: /reminders
            facilitator: /poll results

            """, store: store)
        #expect(second.contains("Vote recorded: Skills"), "\(second)")
        #expect(
            second.contains("for you: first session note") && second.contains("for you: second session note"),
            "\(second)")
        #expect(second.contains("(2 ballots)") && second.contains("2 of 5 participants voted"), "\(second)")
    }
}
