import BotCore
import BotRuntime
import BotTesting
import BuiltinPlugins
import Foundation
import Testing

@testable import DeadlinesPlugin

/// The deadlines plugin's catalogues, and its replies, reminders and notices in each reader's language.
@Suite("Deadlines in every language")
struct DeadlinesLanguageTests {
    static let tables = DeadlinesMessages.tables

    @Test("every catalogue of the plugin has exactly English's keys, placeholders and plural forms")
    func cataloguesAreComplete() {
        #expect(CatalogueChecks.problems(Self.tables) == [])
        #expect(Set(Self.tables.map(\.language)) == Set(Language.shipped))
    }

    @Test("the check reports a missing key, a wrong placeholder and a missing plural form of the plugin's")
    func theCheckCatchesMistakes() {
        var broken = Self.tables
        let russian = broken.firstIndex { $0.language == .russian } ?? 0
        broken[russian].messages["deadlines.none"] = nil
        broken[russian].messages["deadlines.done"] = "<b>{titre}</b> сдано для {team}."
        broken[russian].messages["deadlines.remind-too-many"] = [.one: "{count} напоминание", .other: "{count}"]
        let problems = CatalogueChecks.problems(broken)
        #expect(problems.contains("ru: deadlines.none: missing"))
        #expect(problems.contains { $0.hasPrefix("ru: deadlines.done: {titre} is not a placeholder") })
        #expect(problems.contains("ru: deadlines.done: {title} is missing (English's: {title}, {team})"))
        #expect(
            problems.contains(
                "ru: deadlines.remind-too-many: missing plural forms few, many (ru needs one, few, many, other)"))
    }

    @Test("English summaries, help, usage lines and option help in the catalogue are the plugin's and commands' own")
    func englishSummariesMatchTheCommands() throws {
        let plugin = try DeadlinesPlugin(configuration: .init())
        let english = Localization(shipped: Self.tables).texts(.english)
        #expect(english.plain("plugins.deadlines.summary") == DeadlinesPlugin.summary)
        for command in plugin.commands {
            #expect(english.plain("commands.\(command.name).summary") == command.summary)
            if !command.help.isEmpty { #expect(english.plain("commands.\(command.name).help") == command.help) }
            #expect(command.usage(in: english) == command.usage)
            for option in command.options { #expect(command.help(of: option, in: english) == option.help) }
        }
    }

    @Test("a refused <when> reads in the reader's language, and in English as before")
    func refusalsOfATimeAreTranslated() {
        let words = ["2021-02-31", "10:00", "x"]
        let now = iso.date(from: "2021-11-08T07:30:00Z") ?? Date()
        guard case .failure(let error) = ReminderTime.parse(words, now: now, zone: .gmt) else {
            Issue.record("expected a refusal")
            return
        }
        let localization = Localization(shipped: Self.tables)
        #expect(error.message == "2021-02-31 is not a date")
        #expect(error.message(in: localization.texts(.russian)) == "2021-02-31 — не дата")
        #expect(error.message(in: localization.texts(.french)) == "2021-02-31 n’est pas une date")
        #expect(error.message(in: localization.texts(.chinese)) == "2021-02-31 不是一个日期")
    }

    // Friday 19 November 2021, 14:00 in Berlin: three hours before the first draft is due.
    static let now = iso.date(from: "2021-11-19T13:00:00Z") ?? Date()

    static func plugins() throws -> [LoadedPlugin] {
        [
            LoadedPlugin(
                try DeadlinesPlugin(
                    configuration: .init(
                        defaultTimeZone: "Europe/Berlin",
                        deadlines: [
                            .init(
                                id: "first-draft", title: "First draft", due: "2021-11-19 17:00",
                                remind: ["2h", "30m"])
                        ],
                        quietHours: "off"))),
            LoadedPlugin(LangPlugin(configuration: .init())),
        ]
    }

    /// Lao PDR's chat reads Russian (its roster language); Mongolia's reads the workshop's English.
    static let roster = Roster(
        teams: [
            Team(
                id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane",
                chats: [ChatRef(platform: "test", id: "lao-chat")], language: .russian),
            TestTeams.mongolia,
        ],
        facilitators: [UserRef(platform: "test", id: "fac")],
        participants: [
            UserRef(platform: "test", id: "bounmy"): "lao", UserRef(platform: "test", id: "saran"): "mongolia",
        ])

    @Test("a Russian reader's deadlines, deadline, reminder and refusals are in Russian, dates and countdowns too")
    func russianWalkthrough() async throws {
        let plugins = try Self.plugins() + [LoadedPlugin(HelpPlugin(configuration: .init()))]
        try await withTestBot(plugins: plugins, roster: Self.roster, now: Self.now) { bot in
            // Bounmy chooses Russian for himself (his team reads Russian anyway; this is his own choice).
            _ = await bot.say("/lang ru", from: "bounmy")
            let listed = await bot.say("/deadlines", from: "bounmy").joined(separator: "\n")
            #expect(
                listed == """
                    Сроки сдачи (время в Asia/Vientiane):
                    first-draft First draft: пт, 19 нояб. 23:00, через 3 ч
                    """)
            let one = await bot.say("/deadline first-draft", from: "bounmy")
            #expect(
                one == [
                    """
                    First draft (first-draft): срок пт, 19 нояб. 23:00 (Asia/Vientiane), через 3 ч
                    Напоминания для вашей команды: пт, 19 нояб. 21:00; пт, 19 нояб. 22:30
                    Для: всех команд
                    """
                ])
            let set = await bot.say("/remind me in 90m размяться", from: "bounmy").first ?? ""
            #expect(set.hasPrefix("Напоминание "))
            #expect(set.hasSuffix(" поставлено: пт, 19 нояб. 21:30 (Asia/Vientiane), через 1 ч 30 мин: размяться"))
            let refused = await bot.say("/remind me at 25:00 x", from: "bounmy").joined()
            #expect(refused.contains("укажите время как HH:MM или 3pm, например at 17:00 или at 2:50pm"), "\(refused)")
            #expect(
                await bot.say("/deadline done first-draft", from: "bounmy") == [
                    "First draft отмечено как сданное для Lao PDR. Напоминания больше не придут."
                ])
            // /help shows the plugin's commands in Russian too.
            let help = await bot.say("/help remind", from: "bounmy").joined(separator: "\n")
            #expect(help.hasPrefix("/remind me|team <когда> <текст> — Поставить напоминание: in 2 hours"), "\(help)")
            #expect(help.contains("Время — в вашем часовом поясе (/tz)."), "\(help)")
            let listedAgain = await bot.say("/reminders", from: "bounmy").joined(separator: "\n")
            #expect(listedAgain.hasPrefix("Ожидающие напоминания (время в Asia/Vientiane):"))
            #expect(listedAgain.contains("пт, 19 нояб. 21:30 (Asia/Vientiane) для вас: размяться"))
        }
    }

    @Test("a French and a Chinese reader read theirs, by their app's language")
    func frenchAndChineseReaders() async throws {
        let plugins = try Self.plugins() + [LoadedPlugin(HelpPlugin(configuration: .init()))]
        try await withTestBot(plugins: plugins, roster: Self.roster, now: Self.now) { bot in
            let french = await bot.say("/deadlines", from: "saran", language: "fr-FR").joined(separator: "\n")
            #expect(
                french == """
                    Échéances (heures en Asia/Ulaanbaatar) :
                    first-draft First draft : sam. 20 nov. 00:00, dans 3 h
                    """)
            let added = await bot.say(
                #"/deadline add "Country brief" 2021-11-22 12:00 --team lao --remind 24h"#, from: "fac",
                language: "zh-Hans")
            #expect(
                added == [
                    "已为 Lao PDR 添加截止日期 country-brief：Country brief，截止 11月22日 周一 12:00（Europe/Berlin），2 天 22 小时后。"
                ])
            let past = await bot.say("/deadline add Late 2021-11-01 12:00", from: "fac", language: "fr")
            #expect(past == ["lun. 1 nov. 12:00 (Europe/Berlin) est déjà passé. Rien n’a été modifié."])
            let chinese = await bot.say("/deadline country-brief", from: "saran", language: "zh").joined(
                separator: "\n")
            #expect(chinese.contains("不针对您的团队（Mongolia）。"), "\(chinese)")
            #expect(chinese.hasSuffix("针对：Lao PDR"), "\(chinese)")
            // A facilitator's /help shows the usage line and the options in their language.
            let help = await bot.say("/help deadline", from: "fac", language: "zh").joined(separator: "\n")
            #expect(help.contains(#"deadline add "<标题>" <YYYY-MM-DD> <HH:MM> [--zone 时区]"#), "\(help)")
            #expect(help.contains("日期和时间所用的时区（默认：您的时区）"), "\(help)")
            let usage = await bot.say("/deadline add Qwzt", from: "fac", language: "fr").joined(separator: "\n")
            #expect(usage.contains("donnez un titre, une date et une heure"), "\(usage)")
            #expect(usage.contains(#"deadline add "<titre>" <AAAA-MM-JJ> <HH:MM>"#), "\(usage)")
        }
    }

    @Test("a deadline reminder fired by the clock reads in each team chat's language")
    func remindersAndNoticesReadInTheTeamsLanguage() async throws {
        try await withTestBot(plugins: try Self.plugins(), roster: Self.roster, now: Self.now) { bot in
            bot.clock.advance(by: 3600)  // 15:00 in Berlin: the 2h reminder, to both teams
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            let foundLao = bot.channel.sent.first { $0.chat.id == "lao-chat" }
            let lao = try #require(foundLao)
            #expect(
                lao.reply.plainText == """
                    Срок сдачи First draft — через 2 ч: пт, 19 нояб. 23:00 (Asia/Vientiane).
                    Готово? Напишите /deadline done first-draft.
                    """)
            let foundMongolia = bot.channel.sent.first { $0.chat.id == "mn-chat" }
            let mongolia = try #require(foundMongolia)
            #expect(
                mongolia.reply.plainText.hasPrefix("First draft is due in 2 h: Sat 20 Nov 00:00 (Asia/Ulaanbaatar)."))
            // An English-reading facilitator moves it: the Lao chat hears of it in Russian, Mongolia's in English.
            let moved = await bot.say("/deadline move first-draft 2021-11-20 17:00", from: "fac", replies: 3)
            #expect(
                moved.first == "Moved: First draft, Fri 19 Nov 17:00 → Sat 20 Nov 17:00 (Europe/Berlin), in 1 day 2 h.")
            let noticed = await eventually { bot.channel.sent.count == 5 }
            #expect(noticed)
            let notices = bot.channel.sent.suffix(2)
            let foundLaoNotice = notices.first { $0.chat.id == "lao-chat" }
            #expect(
                foundLaoNotice?.reply.plainText
                    == "Перенесено: First draft, пт, 19 нояб. 17:00 → сб, 20 нояб. 17:00 (Europe/Berlin)")
            let foundMongoliaNotice = notices.first { $0.chat.id == "mn-chat" }
            #expect(
                foundMongoliaNotice?.reply.plainText
                    == "Moved: First draft, Fri 19 Nov 17:00 → Sat 20 Nov 17:00 (Europe/Berlin)")
        }
    }

    @Test("a personal reminder fires in the language its owner read when setting it")
    func aPersonalReminderKeepsItsOwnersLanguage() async throws {
        try await withTestBot(plugins: try Self.plugins(), roster: Self.roster, now: Self.now) { bot in
            _ = await bot.say("/lang zh", from: "saran")
            _ = await bot.say("/remind me in 1m 喝水", from: "saran", in: "mn-chat")
            bot.clock.advance(by: 60)
            let held = await eventually { bot.channel.sent.count == 3 }
            #expect(held)
            #expect(bot.channel.sent.last?.reply.plainText == "给 saran 的提醒：喝水")
        }
    }

    /// Words of the replies that are not the code's English: command names and usage words, names and ids the
    /// test typed or configured, zones, and the day and month words of a language without its own (the
    /// pseudo-language reads dates in English's words: the core's, not this plugin's).
    static func allowed(_ plugins: [LoadedPlugin]) -> Set<String> {
        var words: Set<String> = [
            "alice", "fac", "bounmy", "saran", "Lao", "PDR", "Mongolia", "lao", "mongolia", "Europe", "Berlin",
            "Asia", "Vientiane", "Ulaanbaatar", "Africa", "Kampala", "UTC", "YYYY", "MM", "DD", "HH", "first",
            "draft", "First", "Qwzt", "qwzt", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Nov", "Dec",
        ]
        for plugin in plugins {
            words.insert(plugin.name)
            for command in plugin.commands {
                words.insert(command.name)
                for word in command.usage.split(whereSeparator: { !$0.isASCII || !$0.isLetter }) {
                    words.insert(String(word))
                }
            }
        }
        return words
    }

    /// The ASCII words of `text` that are not `allowed`.
    static func english(in text: String, allowed: Set<String>) -> [String] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter {
            $0.count > 1 && $0.allSatisfy { $0.isASCII && $0.isLetter } && !allowed.contains($0)
        }
    }

    /// The ids of every reminder booked so far, whatever its state.
    static func reminderIDs(_ bot: TestBot) async throws -> Set<String> {
        let jobs = try await bot.store.transaction {
            try $0.jobs(owner: "deadlines", keyPrefix: "reminder/", states: Set(JobState.allCases))
        }
        return Set(jobs.compactMap { $0.key.map { String($0.dropFirst("reminder/".count)) } })
    }

    @Test("in a pseudo-language that rewrites every catalogue text, no English word of the plugin's own survives")
    func pseudoLanguage() async throws {
        let pseudo = CatalogueChecks.pseudo(
            CoreMessages.tables + RuntimeMessages.tables + BuiltinMessages.tables + Self.tables)
        // Every team reads the workshop's language: the pseudo-language.
        var roster = Self.roster
        roster.teams = [TestTeams.lao, TestTeams.mongolia]
        var configuration = BotConfiguration()
        configuration.language = pseudo.language
        let plugins = try Self.plugins()
        let allowed = Self.allowed(plugins)
        // The inputs are not English words: a title `Qwzt`, reminder words `qwzt`.
        let script: [(text: String, user: String, chat: String)] = [
            ("/deadlines", "bounmy", "room"), ("/deadlines", "alice", "room"),
            ("/deadline first-draft", "bounmy", "room"),
            ("/deadline first-draft", "alice", "room"), ("/deadline nosuch", "alice", "room"),
            ("/deadline done first-draft", "alice", "room"), ("/deadline done first-draft", "bounmy", "room"),
            ("/deadline first-draft", "bounmy", "room"), ("/deadlines", "bounmy", "room"),
            ("/deadline add Qwzt 2021-11-22 12:00 --team lao", "fac", "room"),
            ("/deadline add Qwzt 2021-11-01 12:00", "fac", "room"),
            ("/deadline add Qwzt 2023-11-01 12:00", "fac", "room"),
            ("/deadline add Qwzt 2021-11-22 12:00 --zone Mars/Base", "fac", "room"),
            ("/deadline add Qwzt 2021-11-22 12:00 --team xx", "fac", "room"),
            ("/deadline add Qwzt 2021-11-22 12:00 --remind 400d", "fac", "room"),
            ("/deadline add Qwzt 2021-11-22 12:00 --remind 1h,1h,1h,1h,1h,1h,1h,1h,1h,1h,1h", "fac", "room"),
            ("/deadline add Qwzt 2021-11-22 12:00 --remind qq", "fac", "room"),
            ("/deadline add Qwzt 2021-11-22", "fac", "room"), ("/deadline add Qwzt 2021-13-45 12:00", "fac", "room"),
            ("/deadline qwzt", "saran", "room"), ("/deadline move qwzt 2021-11-23 12:00", "fac", "room"),
            ("/deadline move qwzt 2021", "fac", "room"), ("/deadline cancel qwzt", "fac", "room"),
            ("/remind me in 90m qwzt", "alice", "room"), ("/remind team in 90m qwzt", "bounmy", "room"),
            ("/remind team in 90m qwzt", "alice", "room"), ("/remind me every day 09:00 qwzt", "alice", "room"),
            ("/remind me every weekday 09:00 qwzt", "alice", "room"), ("/remind me every 2h qwzt", "alice", "room"),
            ("/remind me every 10m qwzt", "alice", "room"), ("/remind me every 400d qwzt", "alice", "room"),
            ("/remind me in 400d qwzt", "alice", "room"), ("/remind me in 2h", "alice", "room"),
            ("/remind you in 2h qwzt", "alice", "room"), ("/remind me whenever qwzt", "alice", "room"),
            ("/remind me at 25:00 qwzt", "alice", "room"), ("/remind me tomorrow qwzt", "alice", "room"),
            ("/remind me fri qwzt", "alice", "room"), ("/remind me 2021-02-31 10:00 qwzt", "alice", "room"),
            ("/remind me 2021-11-01 10:00 qwzt", "alice", "room"), ("/remind me 31 Nov 10:00 qwzt", "alice", "room"),
            ("/remind me 16 Nov qwzt", "alice", "room"), ("/remind me every month qwzt", "alice", "room"),
            ("/remind me 10m before qwzt qwzt", "alice", "room"), ("/reminders", "alice", "room"),
            ("/reminders", "bounmy", "room"), ("/reminders", "saran", "room"),
            ("/reminder cancel zzzzz", "alice", "room"),
        ]
        try await withTestBot(
            plugins: plugins, roster: roster, configuration: configuration, now: Self.now,
            localeOverrides: [pseudo]
        ) { bot in
            // Moving or cancelling the Lao PDR's deadline also posts a notice to its chat: waited for with the
            // reply, so that no message is read as the next step's.
            let noticed: Set<String> = ["/deadline move qwzt 2021-11-23 12:00", "/deadline cancel qwzt"]
            for step in script {
                let count = noticed.contains(step.text) ? 2 : 1
                let replies = await bot.say(step.text, from: step.user, in: step.chat, replies: count)
                #expect(replies.count == count, "\(step.text): \(replies)")
                // Reminder ids are made of letters and digits: the ones booked so far are names too.
                let typed = allowed.union(step.text.split(whereSeparator: { !$0.isLetter }).map(String.init))
                    .union(try await Self.reminderIDs(bot))
                for reply in replies {
                    #expect(Self.english(in: reply, allowed: typed) == [], "\(step.text): \(reply)")
                }
            }
            // Cancelling a reminder, one of the team's set by someone else, and a fired reminder and a deadline's.
            let set = await bot.say("/remind team in 1m qwzt", from: "bounmy").first ?? ""
            let id = String(set.split(whereSeparator: { !$0.isASCII || !$0.isLetter && !$0.isNumber }).first ?? "")
            for (text, user) in [("/reminder cancel \(id)", "saran"), ("/reminder cancel \(id)", "fac")] {
                let replies = await bot.say(text, from: user)
                for reply in replies {
                    #expect(Self.english(in: reply, allowed: allowed.union([id])) == [], "\(text): \(reply)")
                }
            }
            let before = bot.channel.sent.count
            _ = await bot.say("/remind me in 1m qwzt", from: "alice")
            // Alice's reminder, and the first draft's 2h reminder to Mongolia (Lao PDR has submitted it).
            bot.clock.advance(by: 3600)
            let held = await eventually { bot.channel.sent.count == before + 3 }
            #expect(held)
            for sent in bot.channel.sent.dropFirst(before + 1) {
                #expect(Self.english(in: sent.reply.plainText, allowed: allowed) == [], "\(sent.reply.plainText)")
            }
            // The pseudo-language is the one the replies came in (its marks are there).
            #expect(bot.channel.sent.last?.reply.plainText.contains("⟦") == true)
        }
    }
}
