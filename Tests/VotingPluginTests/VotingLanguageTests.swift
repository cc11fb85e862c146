import BotCore
import BotRuntime
import BotTesting
import BuiltinPlugins
import Foundation
import Testing

@testable import VotingPlugin

/// The voting plugin's catalogues, and polls run in French, Russian and Chinese through the runtime.
@Suite("Voting languages")
struct VotingLanguageTests {
    @Test("every voting catalogue has exactly English's keys, placeholders and the plural forms its language needs")
    func cataloguesAreComplete() {
        #expect(CatalogueChecks.problems(VotingMessages.tables) == [])
        #expect(Set(VotingMessages.tables.map(\.language)) == Set(Language.shipped))
    }

    @Test("the completeness check reports a missing key, a wrong placeholder and a missing plural form")
    func theCheckCatchesMistakes() {
        var broken = VotingMessages.tables
        let french = broken.firstIndex { $0.language == .french } ?? 0
        broken[french].messages["voting.closed"] = nil
        broken[french].messages["voting.recorded"] = "Vote enregistré : {choix}."
        let russian = broken.firstIndex { $0.language == .russian } ?? 0
        broken[russian].messages["voting.ballots"] = [.one: "{count} бюллетень", .other: "{count} бюллетеня"]
        let problems = CatalogueChecks.problems(broken)
        #expect(problems.contains("fr: voting.closed: missing"))
        #expect(problems.contains { $0.hasPrefix("fr: voting.recorded: {choix} is not a placeholder") })
        #expect(problems.contains("fr: voting.recorded: {choices} is missing (English's: {choices})"))
        #expect(
            problems.contains("ru: voting.ballots: missing plural forms few, many (ru needs one, few, many, other)"))
    }

    @Test("English summaries in the catalogue are the plugin's and its commands' own")
    func englishSummariesMatchTheCommands() throws {
        let plugin = LoadedPlugin(try VotingPlugin(configuration: .init()))
        let english = VotingMessages.englishTexts
        #expect(english.plain("plugins.voting.summary") == plugin.summary)
        for command in plugin.commands {
            #expect(english.plain("commands.\(command.name).summary") == command.summary)
            #expect(command.help.isEmpty || english.plain("commands.\(command.name).help") == command.help)
        }
    }

    @Test("/upcoming describes a poll's closing and its notice in the facilitator's language")
    func upcomingDescribesThePollsJobsInTheReadersLanguage() async throws {
        let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
        let plugins = [
            LoadedPlugin(try VotingPlugin(configuration: .init())),
            LoadedPlugin(UpcomingPlugin(configuration: .init())),
        ]
        try await withTestBot(plugins: plugins, roster: roster) { bot in
            _ = await bot.say(#"/poll new "Mistake?" "Option A" B --closes "2021-11-08 12:00""#, from: "fac")
            let russian = await bot.say("/upcoming", from: "fac", language: "ru").joined(separator: "\n")
            #expect(russian.contains("закрытие опроса №1 и публикация результатов"), "\(russian)")
            let chinese = await bot.say("/upcoming", from: "fac", language: "zh-hans").joined(separator: "\n")
            #expect(chinese.contains("关闭投票 #1 并公布结果"), "\(chinese)")
            let english = await bot.say("/upcoming", from: "fac").joined(separator: "\n")
            #expect(english.contains("closing poll #1 and posting its results"), "\(english)")
        }
    }

    @Test("counted texts take each language's plural forms")
    func pluralForms() {
        let localization = Localization(shipped: VotingMessages.tables)
        func ballots(_ count: Int, _ language: Language) -> String {
            localization.texts(language).plain("voting.ballots", ["count": .number(count)])
        }
        #expect([1, 2, 5].map { ballots($0, .english) } == ["1 ballot", "2 ballots", "5 ballots"])
        #expect([0, 1, 2].map { ballots($0, .french) } == ["0 bulletin", "1 bulletin", "2 bulletins"])
        #expect(
            [1, 3, 5, 21].map { ballots($0, .russian) } == [
                "1 бюллетень", "3 бюллетеня", "5 бюллетеней", "21 бюллетень",
            ])
        #expect(ballots(2, .chinese) == "2 张选票")
    }

    /// A team per language, each with its chat and one participant; the facilitator is in none.
    static let roster = Roster(
        teams: [
            Team(id: "lyon", name: "Lyon", chats: [ChatRef(platform: "test", id: "lyon")], language: .french),
            Team(id: "kazan", name: "Kazan", chats: [ChatRef(platform: "test", id: "kazan")], language: .russian),
            Team(id: "xian", name: "Xian", chats: [ChatRef(platform: "test", id: "xian")], language: .chinese),
        ],
        facilitators: [UserRef(platform: "test", id: "fac")],
        participants: [
            UserRef(platform: "test", id: "amelie"): "lyon", UserRef(platform: "test", id: "ivan"): "kazan",
            UserRef(platform: "test", id: "li"): "xian",
        ])

    /// What a walkthrough in one team's chat expects to read, in the team's language.
    struct Walkthrough: Sendable, CustomTestStringConvertible {
        var chat: String
        var participant: String
        var recorded: String
        var hidden: String
        var ballot: String
        var badChoice: String
        var notice: String
        var results: String
        var turnout: String
        var winner: String
        var noneOpen: String

        var testDescription: String { chat }
    }

    static let walkthroughs: [Walkthrough] = [
        Walkthrough(
            chat: "lyon", participant: "amelie",
            recorded: "Vote enregistré : Pomme. Vous pouvez le modifier jusqu’à la fermeture du sondage.",
            hidden: "Le sondage #1 est ouvert : les résultats restent cachés jusqu’à sa fermeture.",
            ballot: "Votre vote : Pomme", badChoice: "7 n’est pas une option : donnez son numéro, de 1 à 2",
            notice: "Le sondage #1 ferme dans 1 h : Pomme ou poire ?",
            results: "Fermé. Résultats du sondage #1 : Pomme ou poire ? (1 bulletin)",
            turnout: "Ont voté : 1 sur 1 participant.", winner: "Gagnant : Pomme.",
            noneOpen: "Il n’y a pas de sondage ouvert ici."),
        Walkthrough(
            chat: "kazan", participant: "ivan",
            recorded: "Голос учтён: Pomme. Его можно изменить, пока опрос не закрыт.",
            hidden: "Опрос #1 открыт: результаты скрыты до его закрытия.", ballot: "Ваш голос: Pomme",
            badChoice: "7 — не вариант: укажите его номер, от 1 до 2",
            notice: "Опрос #1 закроется через 1 ч: Pomme ou poire ?",
            results: "Опрос закрыт. Результаты опроса #1: Pomme ou poire ? (1 бюллетень)",
            turnout: "Проголосовали 1 из 1 участника.", winner: "Победитель: Pomme.",
            noneOpen: "Здесь нет открытого опроса."),
        Walkthrough(
            chat: "xian", participant: "li", recorded: "已记录您的票：Pomme。投票关闭前您都可以修改。",
            hidden: "投票 #1 正在进行：结果在投票关闭前不公开。", ballot: "您的选票：Pomme",
            badChoice: "7 不是一个选项：请给出它的编号，1 到 2", notice: "投票 #1 将于1 小时后关闭：Pomme ou poire ?",
            results: "已关闭。投票 #1 的结果：Pomme ou poire ?（1 张选票）", turnout: "1 名参与者中有 1 名已投票。",
            winner: "胜出：Pomme。", noneOpen: "这里没有进行中的投票。"),
    ]

    @Test(
        "a poll opened, voted in by button and command, refused, announced and closed in the team's language",
        arguments: walkthroughs)
    func walkthrough(_ expected: Walkthrough) async throws {
        let now = Date(timeIntervalSince1970: 1_636_358_400)  // 2021-11-08 08:00 UTC
        try await withTestBot(
            plugins: [LoadedPlugin(try VotingPlugin(configuration: .init()))], roster: Self.roster, now: now
        ) { bot in
            let chat = expected.chat, person = expected.participant
            // The facilitator's app is in English: the replies to them are, the posts to the team's chat not.
            let opened = await bot.say(
                #"/poll new "Pomme ou poire ?" Pomme Poire --closes "2021-11-08 10:00""#, from: "fac", in: chat,
                language: "en")
            #expect(opened.first?.hasPrefix("Poll #1: Pomme ou poire ?") == true)
            let button = try #require(bot.channel.sent.last?.reply.buttons.first?.first)
            #expect(button.title == "1. Pomme")
            #expect(await bot.say(button.command, from: person, in: chat) == [expected.recorded])
            #expect(await bot.say("/poll results", from: person, in: chat) == [expected.hidden])
            let ballot = await bot.say("/vote", from: person, in: chat).joined(separator: "\n")
            #expect(ballot.hasSuffix(expected.ballot))
            let refused = await bot.say("/vote 7", from: person, in: chat).joined()
            #expect(refused.contains(expected.badChoice))
            // The "closes soon" notice at 09:00 and the results at 10:00 are posted in the team's language.
            let waiting = await eventually { bot.clock.sleeperCount > 0 }
            #expect(waiting)
            let before = bot.channel.sent.count
            bot.clock.advance(by: 3600)
            let noticed = await eventually { bot.channel.sent.count == before + 1 }
            #expect(noticed)
            #expect(bot.channel.sent.last?.reply.lines.first?.plainText == expected.notice)
            #expect(bot.channel.sent.last?.chat == ChatRef(platform: "test", id: chat))
            let waitingAgain = await eventually { bot.clock.sleeperCount > 0 }
            #expect(waitingAgain)
            bot.clock.advance(by: 3600)
            let closed = await eventually { bot.channel.sent.count == before + 2 }
            #expect(closed)
            let results = try #require(bot.channel.sent.last).reply.lines.map(\.plainText)
            #expect(results.first == expected.results)
            #expect(results.contains(expected.turnout))
            #expect(results.contains(expected.winner))
            #expect(await bot.say("/vote 1", from: person, in: chat) == [expected.noneOpen])
        }
    }

    @Test("a facilitator's own commands answer in the language their app is set to")
    func repliesFollowTheReader() async throws {
        try await withTestBot(plugins: [LoadedPlugin(try VotingPlugin(configuration: .init()))], roster: Self.roster) {
            bot in
            let opened = await bot.say(
                #"/poll new "Борщ или щи?" Борщ Щи --method multi --anonymous"#, from: "fac", language: "ru-RU")
            #expect(opened.first?.hasPrefix("Опрос #1: Борщ или щи?\n1. Борщ\n2. Щи\n") == true)
            #expect(opened.joined().contains("(анонимный; результаты скрыты до закрытия)"))
            #expect(opened.joined().contains("Голосуйте командой /vote #1 <номера> (не больше 2) или кнопками."))
            #expect(
                await bot.say("/poll edit 1 Щи", from: "fac", language: "fr").joined().contains(
                    "donnez l’identifiant du sondage, puis sa question et au moins deux options"))
            _ = await bot.say("/vote 1,2", from: "amelie")
            #expect(
                await bot.say("/poll delete 1", from: "fac", language: "zh") == [
                    "投票 #1 无法删除：投票已经开始。请改用 /poll close 1 关闭它。没有做任何更改。"
                ])
            let closed = await bot.say("/poll close", from: "fac", language: "fr").joined(separator: "\n")
            #expect(closed.hasPrefix("Fermé. Résultats du sondage #1 : Борщ или щи? (1 bulletin)"))
            #expect(closed.contains("Égalité entre Борщ, Щи, avec 1 chacune."))
            #expect(await bot.say("/poll list", language: "zh") == ["#1 Борщ или щи?（已关闭、匿名）"])
        }
    }

    /// The ASCII words of `text` that are not `allowed`: English the code wrote itself.
    static func english(in text: String, allowed: Set<String>) -> [String] {
        // Words with digits are ids and times (09:00, 1h), not words.
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter {
            $0.count > 1 && $0.allSatisfy { $0.isASCII && $0.isLetter } && !allowed.contains($0)
        }
    }

    @Test("in a pseudo-language that rewrites every catalogue text, no English word of the plugin's own survives")
    func pseudoLanguage() async throws {
        let pseudo = CatalogueChecks.pseudo(CoreMessages.tables + RuntimeMessages.tables + VotingMessages.tables)
        var configuration = BotConfiguration()
        configuration.language = pseudo.language
        let now = Date(timeIntervalSince1970: 1_636_358_400)
        let plugin = LoadedPlugin(
            try VotingPlugin(
                configuration: .init(templates: ["zorpz": .init(question: "Zorp?", options: ["Quix", "Blorf"])])))
        // Names, not the code's English: the commands' names, the people, the template, the zone, and the day and
        // month the core writes for a language without its own date words. A usage line (the runtime shows it
        // after a usage error; usage is not in catalogues) is taken out of a reply before it is read.
        var names: Set<String> = ["fac", "alice", "bob", "test", "room", "Lyon", "lyon", "UTC", "qps", "zorpz"]
        names.formUnion(plugin.commands.map(\.name))
        let usages = plugin.commands.map(\.usage)
        let closes = try #require(ZoneFormat(.gmt).wallClock("2021-11-08", "10:00"))
        for word in ZoneFormat(.gmt).shortDayAndTime(closes).split(whereSeparator: { !$0.isLetter }) {
            names.insert(String(word))
        }
        let allowed = names
        let script: [(text: String, user: String)] = [
            (#"/poll new "Zorp?" Quix Blorf --closes "2021-11-08 10:00" --live"#, "fac"),
            (#"/poll new Zorp quix? Quix"#, "fac"),
            (#"/poll new "Zorp?" Quix"#, "fac"),
            (#"/poll new "Zorp?" Quix quix"#, "fac"),
            (#"/poll new "Zorp?" Quix Blorf --method zz"#, "fac"),
            (#"/poll new "Zorp?" Quix Blorf --closes "2021-11-01 10:00""#, "fac"),
            (#"/poll new "Zorp?" Quix Blorf --team zz"#, "fac"),
            ("/poll start zz", "fac"),
            ("/vote", "alice"),
            ("/vote #1 1", "alice"),
            ("/vote #1", "alice"),
            ("/vote #1 9", "alice"),
            ("/vote #1 Vorp", "alice"),
            ("/vote #1 Blorv", "alice"),
            ("/vote #1 1,2", "alice"),
            ("/vote #x 1", "alice"),
            ("/poll results 1", "alice"),
            ("/poll nudge 1", "fac"),
            ("/poll export 1", "fac"),
            ("/poll list", "alice"),
            ("/unvote #1", "alice"),
            ("/unvote #1", "alice"),
            ("/vote #1 2", "alice"),
            ("/poll edit 1 Zorp? Quix Blorf", "fac"),
            ("/poll delete 1", "fac"),
            ("/poll close 1 --hold", "fac"),
            ("/poll results 1", "alice"),
            ("/poll reopen 1", "fac"),
            ("/poll reopen 1", "fac"),
            ("/poll close 1", "fac"),
            ("/poll reopen 1", "fac"),
            ("/poll start zorpz", "fac"),
            ("/poll edit 2 Zorpy? Quix Blorf", "fac"),
            ("/poll delete 2", "fac"),
            (#"/poll new "Dotz?" Quix Blorf --method dots --dots 2 --anonymous"#, "fac"),
            (#"/poll new "Multz?" Quix Blorf Vorp --method multi --max 2 --team lyon"#, "fac"),
            ("/vote 1", "alice"),
            ("/vote #3 1 1 1", "alice"),
            ("/vote #3 1 2", "alice"),
            ("/vote #3 1", "bob"),
            ("/vote #4 1", "alice"),
            ("/vote #4 ~1", "lyonnais"),
            ("/vote #4 ~2", "lyonnais"),
            ("/vote #4 ~3", "lyonnais"),
            ("/vote #4 -3", "lyonnais"),
            ("/poll close 3", "fac"),
            ("/poll nudge 4", "fac"),
            ("/poll close 4", "fac"),
            (#"/poll new "Rankz?" Quix Blorf Vorp --method ranked"#, "fac"),
            ("/vote 3 1 2", "alice"),
            ("/vote 2 1 3", "fac"),
            ("/vote 1 2 3", "bob"),
            ("/vote 2 3 1", "lyonnais"),
            ("/vote 1 1", "alice"),
            ("/poll close", "fac"),
            ("/poll export 5", "fac"),
            ("/poll results", "alice"),
            ("/poll list", "alice"),
        ]
        let roster = Roster(
            teams: [Team(id: "lyon", name: "Lyon")], facilitators: [UserRef(platform: "test", id: "fac")],
            participants: [UserRef(platform: "test", id: "lyonnais"): "lyon"])
        try await withTestBot(
            plugins: [plugin], roster: roster, configuration: configuration, now: now, localeOverrides: [pseudo]
        ) { bot in
            for step in script {
                let before = bot.channel.sent.count
                let replies = await bot.say(step.text, from: step.user)
                #expect(!replies.isEmpty, "\(step.text)")
                let typed = allowed.union(step.text.split(whereSeparator: { !$0.isLetter }).map(String.init))
                    .union(["Quix", "Blorf", "Vorp", "Zorp", "Zorpy", "Dotz", "Multz", "Rankz", "lyonnais"])
                for message in bot.channel.sent.dropFirst(before) {
                    var texts = [message.reply.plainText] + message.reply.buttons.flatMap { $0 }.map(\.title)
                    if let file = message.reply.attachment { texts.append(String(decoding: file.data, as: UTF8.self)) }
                    for text in texts {
                        let read = usages.reduce(text) { $0.replacingOccurrences(of: $1, with: "") }
                        #expect(Self.english(in: read, allowed: typed) == [], "\(step.text): \(text)")
                    }
                }
            }
            // The replies came in the pseudo-language (its marks are there).
            #expect(await bot.say("/poll list").first?.contains("⟦") == true)
        }
    }
}
