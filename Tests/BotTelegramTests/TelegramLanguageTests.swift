import BotCore
import BotRuntime
import BotTesting
import BuiltinPlugins
import Foundation
import Testing
import VotingPlugin

@testable import BotTelegram

@Suite(.serialized)
struct TelegramLanguageTests {
    @Test("in one group, a user whose app is in Russian and one in Simplified Chinese each read their language")
    func eachSenderReadsTheirAppsLanguage() async throws {
        let fake = try await FakeTelegram()
        let plugins = builtins + [LoadedPlugin(LangPlugin(configuration: .init()))]
        try await withTelegramBot(fake, plugins: plugins) { _ in
            try await fake.push([
                FakeTelegram.text("/nosuch", from: 7, firstName: "Aigerim", messageID: 1, languageCode: "ru"),
                FakeTelegram.text("/nosuch", from: 8, firstName: "Li", messageID: 2, languageCode: "zh-hans"),
                FakeTelegram.text("/nosuch", from: 9, firstName: "Bounmy", messageID: 3, languageCode: "lo"),
                FakeTelegram.text("/lang fr", from: 8, firstName: "Li", messageID: 4, languageCode: "zh-hans"),
                FakeTelegram.text("/nosuch", from: 8, firstName: "Li", messageID: 5, languageCode: "zh-hans"),
            ])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count >= 5 }
            #expect(held)
            var byMessage: [Int: String] = [:]
            for sent in try await fake.sent() {
                guard let id = (sent["reply_parameters"] as? [String: Any])?["message_id"] as? Int else { continue }
                byMessage[id] = sent["text"] as? String
            }
            #expect(byMessage[1] == "Я не знаю команду <code>/nosuch</code>. Что я умею: /help.")
            #expect(byMessage[2] == "我不认识 <code>/nosuch</code>。输入 /help 查看我能做什么。")
            // Lao has no catalogue (and no team maps it): the workshop's language.
            #expect(byMessage[3] == "I don't know <code>/nosuch</code>. Type /help to see what I can do.")
            // A choice made with /lang outweighs the app's language.
            #expect(byMessage[4]?.hasPrefix("Désormais je vous réponds en Français") == true)
            #expect(
                byMessage[5] == "Je ne connais pas <code>/nosuch</code>. Tapez /help pour voir ce que je sais faire.")
        }
    }

    @Test(
        "in the Kazakhstan team's group, a Russian and a Chinese app read their languages; the poll's results post in the team's Russian"
    )
    func readersAndTheTeamsPostInOneGroup() async throws {
        let fake = try await FakeTelegram()
        let group = ChatRef(platform: "telegram", id: "-1001234567890")
        let roster = Roster(
            teams: [Team(id: "kaz", name: "Kazakhstan", chats: [group], language: .russian)],
            facilitators: [UserRef(platform: "telegram", id: "1")])
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_636_358_400))  // 2021-11-08 08:00 UTC
        let plugins = builtins + [LoadedPlugin(try VotingPlugin(configuration: .init()))]
        try await withTelegramBot(fake, plugins: plugins, roster: roster, clock: clock) { _ in
            try await fake.push([
                FakeTelegram.text(
                    #"/poll new "Priority?" Literacy Skills --closes "2021-11-08 12:00""#, from: 1,
                    firstName: "Anna", messageID: 1, languageCode: "de")
            ])
            let opened = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count >= 1 }
            try #require(opened)
            try await fake.push([
                FakeTelegram.text("/vote 1", from: 7, firstName: "Aigerim", messageID: 2, languageCode: "ru"),
                FakeTelegram.text("/vote 2", from: 8, firstName: "Li", messageID: 3, languageCode: "zh-hans"),
            ])
            let voted = await eventually(timeout: .seconds(30)) {
                let replies = ((try? await fake.sent()) ?? []).compactMap {
                    ($0["reply_parameters"] as? [String: Any])?["message_id"] as? Int
                }
                return replies.contains(2) && replies.contains(3)
            }
            try #require(voted)
            var byMessage: [Int: String] = [:]
            for sent in try await fake.sent() {
                guard let id = (sent["reply_parameters"] as? [String: Any])?["message_id"] as? Int else { continue }
                byMessage[id] = sent["text"] as? String
            }
            #expect(byMessage[2]?.hasPrefix("Голос учтён: Literacy.") == true, "\(byMessage[2] ?? "")")
            #expect(byMessage[3]?.hasPrefix("已记录您的票：Skills。") == true, "\(byMessage[3] ?? "")")

            // The poll closes on schedule: its results go to the group, in the team's language.
            let before = try await fake.sent().count
            clock.advance(to: Date(timeIntervalSince1970: 1_636_358_400 + 5 * 3600))
            let posted = await eventually(timeout: .seconds(30)) {
                ((try? await fake.sent()) ?? []).count > before
            }
            try #require(posted)
            let results = try await fake.sent().dropFirst(before).compactMap { $0["text"] as? String }
            let inRussian = results.contains { $0.contains("Опрос закрыт. Результаты опроса #1: Priority?") }
            #expect(inRussian, "\(results)")
        }
    }

    @Test(
        "the command menu is in the workshop's language for everyone and in each language for its readers, and the greeting in a new group is in the workshop's"
    )
    func theCommandMenuIsSetPerLanguage() async throws {
        let fake = try await FakeTelegram()
        let folder = try fake.botConfigFolder("menus", plugins: "[help, ping, whoami, lang]", extra: "language: fr\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bot = try BotProcess.run(config: folder, environment: ["TELEGRAM_BOT_TOKEN": FakeTelegram.token])
        defer {
            kill(bot.processIdentifier, SIGKILL)
            bot.waitUntilExit()
        }
        let set = await eventually(timeout: .seconds(30)) { ((try? await fake.menus()) ?? []).count >= 5 }
        #expect(set)
        let menus = try await fake.menus()
        let byLanguage = Dictionary(menus.map { ($0.language ?? "everyone", $0.commands) }) { first, _ in first }
        #expect(menus.count == 5)
        #expect(byLanguage["everyone"]?["ping"] == "Vérifier que le bot répond")
        #expect(byLanguage["en"]?["ping"] == "Check that the bot answers")
        #expect(byLanguage["fr"]?["ping"] == "Vérifier que le bot répond")
        #expect(byLanguage["ru"]?["ping"] == "Проверить, что бот отвечает")
        #expect(byLanguage["zh"]?["ping"] == "检查机器人是否回应")
        // Every menu lists the same commands, the participants' ones.
        let names = Set(menus.map { Set($0.commands.keys) })
        #expect(names == [["help", "ping", "whoami", "lang"]])

        let me: [String: Any] = ["id": 123456, "is_bot": true, "first_name": "Workshop Bot"]
        try await fake.push([
            [
                "my_chat_member": [
                    "chat": ["id": -556, "type": "group", "title": "Équipe"], "date": 1,
                    "from": ["id": 42, "is_bot": false, "first_name": "Nakato"],
                    "old_chat_member": ["status": "left", "user": me],
                    "new_chat_member": ["status": "member", "user": me],
                ] as [String: Any]
            ]
        ])
        let greeted = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 1 }
        #expect(greeted)
        let greeting = try await fake.sent().first?["text"] as? String
        #expect(greeting == "Bonjour ! Je suis le bot de l’atelier. Tapez /help pour voir ce que je sais faire.")
    }
}
