import BotConfig
import BotCore
import BotRuntime
import BotTesting
import Foundation
import Synchronization
import Testing

@testable import WorkshopBot

/// A platform on which `admins` administer every chat they are asked about, as anyone administers a group
/// they create.
final class AdminsEverywhere: RoleSource {
    let admins: Set<UserRef>
    init(_ admins: Set<UserRef>) { self.admins = admins }
    func role(of user: UserRef, in chat: ChatRef) async -> (role: Role, source: RoleOrigin)? {
        admins.contains(user) ? (.chatFacilitator, "Test group administrator") : nil
    }
}

/// The shipped sample workshop on the real runtime: a facilitator of one chat (a platform's administrator in a
/// team's chat) runs that chat's polls but changes nothing beyond it; in a chat outside the workshop the same
/// administrator is a participant.
struct RoleScopeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let teamChat = "lao-team"
    static let ownGroup = "outsider-group"

    /// What a chat facilitator must not do: every command that reaches beyond one chat.
    static let beyondOneChat = [
        "/resource edit covid-education --url https://evil.example/phish",
        #"/resource add https://evil.example/phish "Slides""#,
        "/resource remove covid-education",
        "/resources check",
        #"/deadline add "Big" 2021-12-01 10:00 --remind 2h"#,
        "/deadline move first-draft 2021-11-30 10:00",
        "/deadline cancel final-draft",
        "/upcoming 14d",
        "/upcoming mute 1",
    ]

    static func sampleWorkshop() throws -> LoadedConfiguration {
        var configuration = try ConfigLoader(factories: availablePlugins, channels: availableChannels)
            .load(directory: repository.appendingPathComponent("plugins-config").path)
        let lao = try #require(configuration.roster.teams.firstIndex { $0.id == "lao" })
        configuration.roster.teams[lao].chats = [ChatRef(platform: "test", id: teamChat)]
        configuration.roster.facilitators.insert(UserRef(platform: "test", id: "fac"))
        return configuration
    }

    /// Sends `text` as `user` in `chat` and returns the bot's reply to it (posts the scheduler makes meanwhile,
    /// such as a team's reminders, answer no message and are left out).
    static func ask(_ bot: TestBot, _ text: String, from user: String, in chat: String) async -> [String] {
        let message = bot.channel.message(text, from: user, in: chat, at: bot.clock.now())
        bot.channel.push(message)
        _ = await eventually(timeout: .seconds(30)) { bot.channel.sent.contains { $0.replyTo == message.messageID } }
        return bot.channel.sent.filter { $0.replyTo == message.messageID }.map(\.reply.plainText)
    }

    /// The workshop's data as a workshop facilitator reads it back.
    static func workshopData(_ bot: TestBot) async -> [String] {
        var seen: [String] = []
        for command in [
            "/resource covid-education", "/resources climate", "/deadline final-draft", "/deadline first-draft",
            "/deadlines", "/upcoming 14d",
        ] {
            seen += await Self.ask(bot, command, from: "fac", in: teamChat)
        }
        return seen
    }

    @Test func aChatFacilitatorIsRefusedEveryChangeBeyondItsChatAndTheWorkshopIsUnchanged() async throws {
        let configuration = try Self.sampleWorkshop()
        let admins = AdminsEverywhere([UserRef(platform: "test", id: "admin")])
        try await withTestBot(
            plugins: configuration.plugins, roster: configuration.roster, configuration: configuration.bot,
            roleSources: [admins]
        ) { bot in
            let before = await Self.workshopData(bot)
            let holds = before.contains { $0.contains("covid-education") }
            #expect(holds)
            let holds2 = before.contains { $0.hasPrefix("1. ") || $0.contains("\n1. ") }
            #expect(holds2)  // /upcoming lists scheduled posts, numbered from 1

            for command in Self.beyondOneChat {
                let reply = await Self.ask(bot, command, from: "admin", in: Self.teamChat)
                #expect(
                    reply.first?.contains(
                        "is for the workshop's facilitators (roster.yaml); you are a facilitator of this chat only (Test group administrator). Nothing was changed."
                    ) == true,
                    "\(command): \(reply)")
            }
            // Every command or subcommand the plugins declare for the workshop's facilitators, not only those above.
            for command in configuration.plugins.flatMap(\.commands) {
                var forms = command.subcommandRoles.filter { $0.value == .facilitator }.keys.map {
                    "/\(command.name) \($0)"
                }
                if command.requiredRole == .facilitator { forms.append("/\(command.name)") }
                for form in forms {
                    let reply = await Self.ask(bot, form, from: "admin", in: Self.teamChat)
                    #expect(
                        reply.first?.contains("you are a facilitator of this chat only") == true, "\(form): \(reply)")
                }
            }
            #expect(await Self.workshopData(bot) == before)

            // Its own chat's business is theirs: a poll in the team's chat.
            let opened = await Self.ask(
                bot, #"/poll new "Which topic first?" Cities Skills"#, from: "admin", in: Self.teamChat)
            #expect(opened.first?.contains("Which topic first?") == true, "\(opened)")
            #expect(
                await Self.ask(bot, "/poll close", from: "admin", in: Self.teamChat).first?.contains("Results") == true)
            let whoami = await Self.ask(bot, "/whoami", from: "admin", in: Self.teamChat).joined()
            #expect(whoami.contains("Role: facilitator of this chat (Test group administrator)."))
            let fac = await Self.ask(bot, "/whoami", from: "fac", in: Self.ownGroup).joined()
            #expect(fac.contains("Role: workshop facilitator (roster.yaml), in every chat of the workshop."))
        }
    }

    @Test func inAChatOutsideTheWorkshopAnAdministratorIsAParticipant() async throws {
        let configuration = try Self.sampleWorkshop()
        let admins = AdminsEverywhere([UserRef(platform: "test", id: "admin")])
        try await withTestBot(
            plugins: configuration.plugins, roster: configuration.roster, configuration: configuration.bot,
            roleSources: [admins]
        ) { bot in
            let before = await Self.workshopData(bot)
            for command in Self.beyondOneChat + [#"/poll new "Q?" A B"#] {
                let reply = await Self.ask(bot, command, from: "admin", in: Self.ownGroup)
                #expect(
                    reply.first?.contains("only; you are a participant. Nothing was changed.") == true,
                    "\(command): \(reply)")
            }
            #expect(await Self.workshopData(bot) == before)
            // The participant commands still work there.
            let agenda = await Self.ask(bot, "/agenda", from: "admin", in: Self.ownGroup).joined()
            #expect(agenda.contains("Opening"), "\(agenda)")
            let resources = await Self.ask(bot, "/resources", from: "admin", in: Self.ownGroup).joined()
            #expect(resources.contains("climate"), "\(resources)")
            let whoami = await Self.ask(bot, "/whoami", from: "admin", in: Self.ownGroup).joined()
            #expect(whoami.contains("Role: participant."))
            #expect(whoami.contains("This chat is not one of the workshop's chats"))
        }
    }
}
