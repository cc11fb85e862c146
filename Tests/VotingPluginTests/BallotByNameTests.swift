import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import VotingPlugin

private let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])

private func voting() throws -> LoadedPlugin { LoadedPlugin(try VotingPlugin(configuration: .init())) }

private let topics = #""Learning cities" "Non-formal learning" "Digital skills" "Éducation des adultes""#

struct BallotByNameTests {
    @Test func aNameWithSpacesIsOneChoiceWithoutCaseOrAccents() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say("/poll new \"Topic?\" \(topics)", from: "fac")
            // "learning" alone is in two options, so the two words are read together.
            #expect(await bot.say("/vote learning cities").first?.hasPrefix("Vote recorded: Learning cities.") == true)
            #expect(await bot.say("/vote LEARNING CITIES").first?.hasPrefix("Vote recorded: Learning cities.") == true)
            #expect(
                await bot.say("/vote education des adultes").first?.hasPrefix("Vote recorded: Éducation des adultes.")
                    == true)
            #expect(await bot.say("/vote non-formal").first?.hasPrefix("Vote recorded: Non-formal learning.") == true)
            #expect(await bot.say("/vote 3").first?.hasPrefix("Vote recorded: Digital skills.") == true)
        }
    }

    @Test func aNameThatMatchesNothingGetsADidYouMeanAndTheBallotStays() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say("/poll new \"Topic?\" \(topics)", from: "fac")
            _ = await bot.say("/vote 3")
            #expect(
                await bot.say("/vote lerning citis").joined().contains(
                    "lerning citis is not one option: give its number, 1 to 4, or its name; did you mean Learning cities?"
                ))
            #expect(
                await bot.say("/vote digtal").joined().contains(
                    "digtal is not one option: give its number, 1 to 4, or its name; did you mean Digital skills?"))
            let unknown = await bot.say("/vote zebra").joined()
            #expect(unknown.contains("zebra is not one option: give its number, 1 to 4, or its name."))
            #expect(
                await bot.say("/vote learning").joined().contains(
                    "learning matches 2 options (Learning cities, Non-formal learning): give more of the name, or its number"
                ))
            #expect(await bot.say("/vote").first?.hasSuffix("Your vote: Digital skills") == true)
        }
    }

    @Test func aMultipleChoicePollTakesListsOfNumbersOrNames() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say("/poll new \"Topics?\" \(topics) --method multi", from: "fac")
            #expect(
                await bot.say("/vote 2,4").first?.hasPrefix("Vote recorded: Non-formal learning, Éducation") == true)
            #expect(
                await bot.say("/vote 1, 3").first?.hasPrefix("Vote recorded: Learning cities, Digital skills.") == true)
            #expect(
                await bot.say("/vote Learning cities, Digital skills").first?.hasPrefix(
                    "Vote recorded: Learning cities, Digital skills.") == true)
            #expect(
                await bot.say("/vote non-formal,3").first?.hasPrefix(
                    "Vote recorded: Non-formal learning, Digital skills.")
                    == true)
            // The older forms keep working.
            #expect(await bot.say("/vote 1 2").first?.hasPrefix("Vote recorded: Learning cities, Non-formal") == true)
            #expect(await bot.say("/vote digital").first?.hasPrefix("Vote recorded: Digital skills.") == true)
        }
    }

    @Test func aRankingMayBeAListToo() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Order?" Pathways Cities Digital --method ranked"#, from: "fac")
            #expect(await bot.say("/vote 3,1,2").first?.hasPrefix("Vote recorded: Digital, Pathways, Cities.") == true)
            #expect(
                await bot.say("/vote cities, digital, pathways").first?.hasPrefix(
                    "Vote recorded: Cities, Digital, Pathways.") == true)
        }
    }

    @Test func aSingleChoicePollRefusesAListButTakesANameWithAComma() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "One?" "Literacy, numeracy" "Digital skills""#, from: "fac")
            _ = await bot.say("/vote 2")
            #expect(
                await bot.say("/vote 1,2").first
                    == "Poll #1 takes one choice: a list such as /vote 2,5 is for polls of several choices.")
            #expect(
                await bot.say("/vote literacy, numeracy").first?.hasPrefix("Vote recorded: Literacy, numeracy.") == true
            )
        }
    }

    @Test func noTypedBallotCanTrapAndEachRefusalKeepsTheBallot() async throws {
        try await withTestBot(plugins: [try voting()], roster: roster) { bot in
            _ = await bot.say(#"/poll new "Two?" A B C --method multi --max 2"#, from: "fac")
            _ = await bot.say("/vote 1,3")
            let refusals: [(String, String)] = [
                ("/vote 2,,3", "item 2 of the list is empty"),
                ("/vote 2,", "item 2 of the list is empty"),
                ("/vote ,", "item 1 of the list is empty"),
                ("/vote 99999999999999999999999999", "99999999999999999999999999 is not one option: give its number"),
                ("/vote -9223372036854775808", "-9223372036854775808 is not one option: give its number, 1 to 3"),
                ("/vote 2,-5", "-5 is not one option: give its number, 1 to 3"),
                ("/vote 9223372036854775807,1", "9223372036854775807 is not one option"),
                ("/vote " + Array(repeating: "1", count: 2000).joined(separator: ","), "Choose at most 2."),
                ("/vote " + Array(repeating: "2", count: 2000).joined(separator: " "), "Choose at most 2."),
                ("/vote 1,2,3", "Choose at most 2."),
                ("/vote ~1,2", "~n takes one option number"),
                (#"/vote """#, "an empty choice"),
            ]
            for (ballot, refusal) in refusals {
                let reply = await bot.say(ballot).joined()
                #expect(reply.contains(refusal), "\(ballot.prefix(40)): \(reply)")
            }
            // A long unknown name is repeated only in part.
            let long = String(repeating: "z", count: 4000)
            let reply = await bot.say("/vote \(long)").joined()
            #expect(reply.contains(String(repeating: "z", count: 40) + "… is not one option"))
            #expect(!reply.contains(String(repeating: "z", count: 41)))
            #expect(await bot.say("/vote").first?.hasSuffix("Your vote: A, C") == true)
        }
    }
}
