import BotCore
import Foundation
import Testing

@testable import VotingPlugin

/// A ballot writes its own JSON (every vote writes one); it must read back as written, and ballots written by
/// `JSONEncoder` before must still read.
struct BallotRecordTests {
    @Test func aBallotReadsBackAsWritten() throws {
        let ballots = [
            Ballot(choices: [], team: nil, cast: nil),
            Ballot(choices: [2], team: "lao", cast: Date(timeIntervalSinceReferenceDate: 818_000_000.5)),
            Ballot(choices: [0, 3, 1], team: "team \"ü\"\n", cast: Date(timeIntervalSince1970: 1_796_000_000)),
        ]
        for ballot in ballots {
            let written = try ballot.directJSON()
            #expect(try JSONDecoder().decode(Ballot.self, from: written) == ballot)
        }
    }

    @Test func aBallotTheEncoderWroteStillReads() throws {
        let ballot = Ballot(choices: [4, 1], team: "mng", cast: Date(timeIntervalSinceReferenceDate: 12.25))
        let encoded = try JSONEncoder().encode(ballot)
        #expect(try JSONDecoder().decode(Ballot.self, from: encoded) == ballot)
        let stored = Data(#"{"choices":[1],"team":"uga"}"#.utf8)
        #expect(try JSONDecoder().decode(Ballot.self, from: stored) == Ballot(choices: [1], team: "uga", cast: nil))
    }
}
