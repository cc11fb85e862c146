import BotConfig
import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import WorkshopBot

/// Someone outside the workshop creates a Matrix room of their own on the real Synapse (so they are its
/// creator, at power level 100) and invites the bot, which accepts every invitation (no `matrix.rooms`, the
/// default): the shipped sample workshop.
@Suite(.serialized)
struct OutsiderRoomTests {
    @Test func anOutsidersOwnRoomChangesNothingInTheWorkshopAndCanStillAsk() async throws {
        let server = try await Synapse.shared()
        let bot = "bot19"
        let host = try await server.user("host")
        let fac = try await server.user("fac")
        let erin = try await server.user("erin")
        let workshopRoom = try await host.createRoom(invite: ["@\(bot):localhost"])
        try await fac.join(workshopRoom)

        var configuration = try ConfigLoader(factories: availablePlugins, channels: availableChannels)
            .load(directory: Synapse.repository.appendingPathComponent("plugins-config").path)
        let lao = try #require(configuration.roster.teams.firstIndex { $0.id == "lao" })
        configuration.roster.teams[lao].chats = [ChatRef(platform: "matrix", id: workshopRoom)]
        configuration.roster.facilitators.insert(UserRef(platform: "matrix", id: "@fac:localhost"))
        let clock = ManualClock(now: try #require(parseInstant("2021-11-10T10:00:00+01:00")))

        /// Sends each command in order and returns the bot's reply to each.
        @Sendable func say(_ commands: [String], as user: MatrixTestUser, in room: String) async throws -> [String] {
            var events: [String] = []
            for command in commands { events.append(try await user.say(room, command)) }
            let sent = events
            #expect(
                await eventually(timeout: .seconds(60)) {
                    let answered = Set(((try? await user.replies(in: room, from: bot)) ?? []).compactMap(\.inReplyTo))
                    return sent.allSatisfy(answered.contains)
                })
            let replies = try await user.replies(in: room, from: bot)
            return events.map { event in replies.first { $0.inReplyTo == event }?.body ?? "(no reply)" }
        }
        let readBack = [
            "!resource covid-education", "!resource climate-education", "!deadline final-draft",
            "!deadline first-draft",
            "!upcoming 14d",
        ]

        try await withMatrixBot(
            server, bot: bot, plugins: configuration.plugins, roster: configuration.roster, clock: clock
        ) { _, _ in
            #expect(await waitForJoin(host, room: workshopRoom, bot: bot))
            let ownRoom = try await erin.createRoom(invite: ["@\(bot):localhost"])
            #expect(await waitForJoin(erin, room: ownRoom, bot: bot))

            let before = try await say(readBack, as: fac, in: workshopRoom)
            #expect(before[0].contains("https://"))
            let foundJob = before[4].split(whereSeparator: \.isWhitespace).first {
                $0.hasSuffix(".") && Int($0.dropLast()) != nil
            }?
            .dropLast()
            let job = try #require(foundJob)  // a post /upcoming mute would skip

            let attacks = [
                "!resource edit covid-education --url https://evil.example/phish",
                #"!deadline add "Big" 2021-12-01 10:00"#,
                "!deadline cancel final-draft",
                "!resource remove climate-education",
                "!upcoming 14d",
                "!upcoming mute \(job)",
                "!deadline move first-draft 2021-11-30 10:00",
                #"!resource add https://evil.example/phish "Slides""#,
                "!resources check",
            ]
            let answers = try await say(attacks, as: erin, in: ownRoom)
            for (command, answer) in zip(attacks, answers) {
                #expect(
                    answer.contains("is for facilitators only; you are a participant. Nothing was changed."),
                    "\(command): \(answer)")
            }

            // The workshop's data, read back by its facilitator, is what it was.
            #expect(try await say(readBack, as: fac, in: workshopRoom) == before)

            // The participant commands still work in the outsider's room.
            let asked = try await say(["!agenda", "!resources", "!whoami"], as: erin, in: ownRoom)
            #expect(asked[0].contains("Theme: Climate change"), "\(asked[0])")
            #expect(asked[1].contains("climate"), "\(asked[1])")
            #expect(asked[2].contains("Role: participant."), "\(asked[2])")
            #expect(asked[2].contains("not one of the workshop's chats"))
        }
    }
}
