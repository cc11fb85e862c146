import BotConfig
import BotCore
import BotRuntime
import BotTesting
import Foundation
import Synchronization
import Testing

@testable import WorkshopBot

/// Someone outside the workshop makes a Telegram group of their own (so they are its administrator) and adds
/// the bot, which serves every chat (`admins_are_facilitators: true`, no `allowed_chats`): the shipped sample
/// workshop on the fake Bot API server.
@Suite(.serialized)
struct OutsiderGroupTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let workshopGroup: Int64 = -1001111111111
    static let ownGroup: Int64 = -1006666666666
    static let outsider: Int64 = 666
    static let facilitator: Int64 = 1

    /// Every command that reaches beyond one chat, as the outsider types them.
    static func attacks(mute job: String) -> [String] {
        [
            "/resource edit covid-education --url https://evil.example/phish",
            #"/deadline add "Big" 2021-12-01 10:00"#,
            "/deadline cancel final-draft",
            "/resource remove climate-education",
            "/upcoming 14d",
            "/upcoming mute \(job)",
            "/deadline move first-draft 2021-11-30 10:00",
            #"/resource add https://evil.example/phish "Slides""#,
            "/resources check",
        ]
    }

    @Test func anOutsidersOwnGroupChangesNothingInTheWorkshopAndCanStillAsk() async throws {
        var configuration = try ConfigLoader(factories: availablePlugins, channels: availableChannels)
            .load(directory: Self.repository.appendingPathComponent("plugins-config").path)
        let lao = try #require(configuration.roster.teams.firstIndex { $0.id == "lao" })
        configuration.roster.teams[lao].chats = [ChatRef(platform: "telegram", id: "\(Self.workshopGroup)")]
        configuration.roster.facilitators.insert(UserRef(platform: "telegram", id: "\(Self.facilitator)"))
        let fake = try await FakeTelegram()
        try await fake.setAdmins(chat: Self.ownGroup, users: [Self.outsider])
        let clock = ManualClock(now: try #require(parseInstant("2021-11-10T10:00:00+01:00")))
        let ids = MessageIDs()

        /// The bot's replies in `chat` by the message they answer (scheduled posts answer none).
        @Sendable func replies(in chat: Int64) async -> [String: String] {
            var answers: [String: String] = [:]
            for sent in (try? await fake.sent()) ?? [] where "\(sent["chat_id"] ?? "")" == "\(chat)" {
                guard let to = (sent["reply_parameters"] as? [String: Any])?["message_id"],
                    let text = sent["text"] as? String
                else { continue }
                answers["\(to)"] = answers["\(to)"].map { $0 + "\n" + text } ?? text
            }
            return answers
        }
        /// Sends each command in order and returns the bot's reply to each.
        @Sendable func say(_ commands: [String], from user: Int64, in chat: Int64) async throws -> [String] {
            let messages = commands.map { ($0, ids.next()) }
            try await fake.push(
                messages.map {
                    FakeTelegram.text($0.0, chat: chat, from: user, firstName: "User \(user)", messageID: $0.1)
                })
            #expect(
                await eventually(timeout: .seconds(30)) {
                    let answered = await replies(in: chat)
                    return messages.allSatisfy { answered["\($0.1)"] != nil }
                })
            let answered = await replies(in: chat)
            return messages.map { answered["\($0.1)"] ?? "(no reply)" }
        }
        let readBack = [
            "/resource covid-education", "/resource climate-education", "/deadline final-draft",
            "/deadline first-draft",
            "/upcoming 14d",
        ]

        try await withTelegramBot(
            fake, plugins: configuration.plugins, roster: configuration.roster, adminsAreFacilitators: true,
            clock: clock
        ) { _ in
            let before = try await say(readBack, from: Self.facilitator, in: Self.workshopGroup)
            #expect(before[0].contains("https://"))
            let foundJob = before[4].split(whereSeparator: \.isWhitespace).first {
                $0.hasSuffix(".") && Int($0.dropLast()) != nil
            }?
            .dropLast()
            let job = try #require(foundJob)  // a post /upcoming mute would skip

            let attacks = Self.attacks(mute: String(job))
            let answers = try await say(attacks, from: Self.outsider, in: Self.ownGroup)
            for (command, answer) in zip(attacks, answers) {
                #expect(
                    answer.contains("is for facilitators only; you are a participant. Nothing was changed."),
                    "\(command): \(answer)")
            }
            #expect(!answers.joined().contains("evil.example"))

            // The workshop's data, read back by its facilitator, is what it was.
            #expect(try await say(readBack, from: Self.facilitator, in: Self.workshopGroup) == before)

            // The participant commands still work in the outsider's group.
            let asked = try await say(["/agenda", "/resources", "/whoami"], from: Self.outsider, in: Self.ownGroup)
            #expect(asked[0].contains("Theme: Climate change"), "\(asked[0])")
            #expect(asked[1].contains("climate"), "\(asked[1])")
            #expect(asked[2].contains("<b>participant</b>"))
            #expect(asked[2].contains("not one of the workshop's chats"))
            // Never asked about a chat outside the workshop.
            #expect(try await fake.calls()["getChatAdministrators"] == nil)
        }
    }
}

/// Message ids for the fake server's updates.
final class MessageIDs: Sendable {
    private let value = Mutex<Int64>(0)
    func next() -> Int64 {
        value.withLock {
            $0 += 1; return $0
        }
    }
}
