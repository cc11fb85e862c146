import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import AgendaPlugin

/// The agenda's catalogues, and its replies and posts in each reader's and chat's language.
@Suite("Agenda languages")
struct AgendaLanguageTests {
    static let yaml = makeConfiguration(
        sessions: """
              - id: opening
                title: Grand opening
                start: 2021-11-08 09:00
                end: 10:30
                where: https://meet.example.org/plenary
              - id: lao-drafting
                title: Lao drafting
                start: 2021-11-08 11:00
                duration: 1h
                team: lao
              - id: mon-drafting
                title: Mon drafting
                start: 2021-11-08 11:00
                duration: 1h
                team: mon
              - id: review
                title: Peer review
                start: 2021-11-09 14:00
                duration: 1h
                where: Room 3
            """)
    /// The Lao team reads Chinese, the Mongolian team Russian; the workshop English.
    static let roster = Roster(
        teams: [
            Team(
                id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane",
                chats: [ChatRef(platform: "test", id: "lao-chat")], language: .chinese),
            Team(
                id: "mon", name: "Mongolia", timeZone: "Asia/Ulaanbaatar",
                chats: [ChatRef(platform: "test", id: "mon-chat")], language: .russian),
        ],
        facilitators: [UserRef(platform: "test", id: "fac")])
    /// Monday 8 November 2021, 08:00 Hamburg (07:00 UTC, 14:00 Vientiane).
    static let morning = Date(timeIntervalSince1970: 1_636_354_800)

    static let shipped = CoreMessages.tables + RuntimeMessages.tables + AgendaMessages.tables

    @Test("the agenda's catalogues have exactly English's keys, placeholders and each language's plural forms")
    func cataloguesAreComplete() {
        #expect(CatalogueChecks.problems(AgendaMessages.tables) == [])
        #expect(Set(AgendaMessages.tables.map(\.language)) == Set(Language.shipped))
        // Every key is the agenda's: its own prefix, or what /help reads for its plugin and commands.
        let english = AgendaMessages.tables.filter { $0.language == .english }.flatMap(\.messages.keys)
        let foreign = english.filter {
            !$0.hasPrefix("agenda.") && !$0.hasPrefix("commands.") && $0 != "plugins.agenda.summary"
        }
        #expect(foreign == [])
    }

    @Test("the completeness check reports a missing key, a wrong placeholder and a missing plural form")
    func theCheckCatchesMistakes() {
        var broken = AgendaMessages.tables
        let french = broken.firstIndex { $0.language == .french } ?? 0
        broken[french].messages["agenda.week.empty"] = nil
        broken[french].messages["agenda.day.empty"] = "Aucune session le {jour}. {next}"
        let russian = broken.firstIndex { $0.language == .russian } ?? 0
        broken[russian].messages["agenda.search.more"] = [.one: "…и ещё {count}", .other: "…и ещё {count}"]
        let problems = CatalogueChecks.problems(broken)
        #expect(problems.contains("fr: agenda.week.empty: missing"))
        #expect(problems.contains { $0.hasPrefix("fr: agenda.day.empty: {jour} is not a placeholder") })
        #expect(problems.contains("fr: agenda.day.empty: {day} is missing (English's: {day}, {next})"))
        #expect(
            problems.contains(
                "ru: agenda.search.more: missing plural forms few, many (ru needs one, few, many, other)"))
    }

    @Test("the English summaries and help in the catalogue are the plugin's and commands' own")
    func englishSummariesMatchTheCommands() throws {
        let plugin = LoadedPlugin(try AgendaPluginTests.plugin(Self.yaml))
        let english = RuntimeMessages.localization(plugins: [plugin]).texts(.english)
        #expect(english.plain("plugins.agenda.summary") == plugin.summary)
        for command in plugin.commands {
            #expect(english.plain("commands.\(command.name).summary") == command.summary)
            if !command.help.isEmpty { #expect(english.plain("commands.\(command.name).help") == command.help) }
        }
        // The reasons the agenda keeps in English are its catalogue's English.
        for (reason, key) in FeedReason.keys { #expect(english.plain(key) == reason) }
    }

    @Test("/agenda, /agenda tomorrow, /agenda week and /next in French, Russian and Chinese")
    func dayViewsInEachLanguage() async throws {
        try await withTestBot(plugins: [try load(Self.yaml)], roster: Self.roster, now: Self.morning) { bot in
            // French: the app's language, in the workshop's zone.
            let today = await bot.say("/agenda", language: "fr").joined(separator: "\n")
            #expect(
                today == """
                    lundi 8 novembre (heures de Hamburg ; /tz pour changer) :
                    09:00–10:30 Grand opening
                    11:00–12:00 Lao drafting [lao]
                    11:00–12:00 Mon drafting [mon]
                    """)
            let tomorrow = await bot.say("/agenda tomorrow", language: "fr").joined(separator: "\n")
            #expect(tomorrow == "mardi 9 novembre (heures de Hamburg ; /tz pour changer) :\n14:00–15:00 Peer review")
            let week = await bot.say("/agenda week", language: "fr").joined(separator: "\n")
            #expect(week.hasPrefix("Cette semaine (heures de Hamburg) :\n"), "\(week)")
            #expect(week.contains("lun. 8 nov. : 09:00 Grand opening ; 11:00 Lao drafting ; 11:00 Mon drafting"))
            #expect(week.contains("mar. 9 nov. : 14:00 Peer review"))
            let next = await bot.say("/next", language: "fr")
            #expect(
                next == [
                    "Prochaine session : Grand opening, lundi 8 novembre 09:00 (Hamburg), commence dans 1 h.\nLien : https://meet.example.org/plenary"
                ])
            let empty = await bot.say("/agenda 2021-11-13", language: "fr")
            #expect(empty == ["Aucune session le samedi 13 novembre. L’atelier n’a plus de sessions."])

            // Russian: the app's language.
            let russian = await bot.say("/agenda", language: "ru-RU").joined(separator: "\n")
            #expect(russian.hasPrefix("понедельник, 8 ноября (время: Hamburg; /tz — изменить):\n"), "\(russian)")
            let russianTomorrow = await bot.say("/agenda tomorrow", language: "ru").joined(separator: "\n")
            #expect(russianTomorrow.hasPrefix("вторник, 9 ноября (время: Hamburg; /tz — изменить):"))
            let russianWeek = await bot.say("/agenda week", language: "ru").joined(separator: "\n")
            #expect(russianWeek.hasPrefix("Эта неделя (время: Hamburg):\n"), "\(russianWeek)")
            #expect(russianWeek.contains("вт, 9 нояб.: 14:00 Peer review"), "\(russianWeek)")
            let russianNext = await bot.say("/next", language: "ru").first ?? ""
            #expect(
                russianNext.hasPrefix(
                    "Далее: Grand opening, понедельник, 8 ноября 09:00 (Hamburg), начнётся через 1 ч."),
                "\(russianNext)")
            #expect(russianNext.hasSuffix("Ссылка: https://meet.example.org/plenary"))
            let russianEmpty = await bot.say("/agenda 2021-11-07", language: "ru")
            #expect(
                russianEmpty == [
                    "воскресенье, 7 ноября: занятий нет. Далее: понедельник, 8 ноября, 09:00 — Grand opening."
                ])

            // Chinese: the Lao team's language, in its chat and zone (plenaries and its own sessions).
            let lao = await bot.say("/agenda", from: "bob", in: "lao-chat").joined(separator: "\n")
            #expect(
                lao == """
                    11月8日 星期一（Vientiane时间；用 /tz 更改）：
                    15:00–16:30 Grand opening (09:00 Hamburg)
                    17:00–18:00 Lao drafting (11:00 Hamburg) [lao]
                    """)
            let laoTomorrow = await bot.say("/agenda tomorrow", from: "bob", in: "lao-chat").joined(separator: "\n")
            #expect(laoTomorrow == "11月9日 星期二（Vientiane时间；用 /tz 更改）：\n20:00–21:00 Peer review (14:00 Hamburg)")
            let laoWeek = await bot.say("/agenda week", from: "bob", in: "lao-chat").joined(separator: "\n")
            #expect(
                laoWeek.hasPrefix("本周（Vientiane时间）：\n11月8日 周一：15:00 Grand opening；17:00 Lao drafting\n"), "\(laoWeek)")
            let laoNext = await bot.say("/next", from: "bob", in: "lao-chat")
            #expect(
                laoNext == [
                    "下一个：Grand opening，11月8日 星期一 15:00（Vientiane），1 小时后开始。\n链接：https://meet.example.org/plenary"
                ])

            // Readers of two languages in one zone and chat each get their own view (the views are cached).
            let again = await bot.say("/agenda").joined(separator: "\n")
            #expect(again.hasPrefix("Monday 8 November (times in Hamburg; /tz to change):\n"), "\(again)")
            let againFrench = await bot.say("/agenda", language: "fr").joined(separator: "\n")
            #expect(againFrench == today)
        }
    }

    @Test("a session's announcement is posted in each team chat's language, the workshop's elsewhere")
    func announcementsInTheChatsLanguage() async throws {
        try await withTestBot(plugins: [try load(Self.yaml)], roster: Self.roster, now: Self.morning) { bot in
            let booked = await eventually { bot.clock.sleeperCount > 0 }
            #expect(booked)
            // 08:50 Hamburg: the opening, for everyone, in the announcement chat.
            bot.clock.advance(by: 50 * 60)
            let opening = await eventually { bot.channel.sent.count == 1 }
            #expect(opening)
            #expect(
                bot.channel.sent.first?.reply.plainText
                    == "Starting in 10 min: Grand opening at 09:00 Hamburg time.\nLink: https://meet.example.org/plenary"
            )
            // 10:50 Hamburg: each team's drafting, in its own chat and language.
            bot.clock.advance(by: 120 * 60)
            let teams = await eventually { bot.channel.sent.count == 3 }
            #expect(teams)
            let byChat = Dictionary(grouping: bot.channel.sent.dropFirst(), by: \.chat.id).mapValues {
                $0.map(\.reply.plainText)
            }
            #expect(byChat["lao-chat"] == ["10 分钟后开始：Lao drafting，Hamburg时间 11:00。"])
            #expect(byChat["mon-chat"] == ["Начало через 10 мин: Mon drafting в 11:00 (время: Hamburg)."])
            let notices = bot.channel.sent.filter(\.reply.isNotice).count
            #expect(notices == 3)
        }
    }

    @Test("changes and feed notices are written in the language of the chat they are posted to")
    func postsAreWrittenAtPostingTime() throws {
        let localization = Localization(shipped: AgendaMessages.tables)
        let old = Session(
            id: "review", title: "Peer review", start: Date(timeIntervalSince1970: 1_637_067_600),
            end: Date(timeIntervalSince1970: 1_637_071_200), timeZone: "Europe/Berlin", kind: "plenary", team: nil,
            speakers: [], location: nil, description: nil, tags: [])
        var moved = old
        moved.start = Date(timeIntervalSince1970: 1_637_139_600)
        moved.end = moved.start.addingTimeInterval(3600)
        let changes = AgendaChanges(old: [old], new: [moved]).all
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let lines = changes.map { $0.line(zone: berlin, label: "Hamburg", localization.texts(.english)).plainText }
        #expect(lines == ["Moved: Peer review, Tue 16 Nov 14:00 → Wed 17 Nov 10:00 (Hamburg time)"])
        let french = changes.map { $0.line(zone: berlin, label: "Hamburg", localization.texts(.french)).plainText }
        #expect(french == ["Déplacée : Peer review, mar. 16 nov. 14:00 → mer. 17 nov. 10:00 (fuseau : Hamburg)"])
        let chinese = changes.map { $0.line(zone: berlin, label: "Hamburg", localization.texts(.chinese)).plainText }
        #expect(chinese == ["已调整：Peer review，11月16日 周二 14:00 → 11月17日 周三 10:00（Hamburg时间）"])

        let outage = FeedNotice(
            kind: .outage, feed: "https://example.org/…", reason: FeedReason.unreadable,
            at: Date(timeIntervalSince1970: 1_636_354_800), zone: "Europe/Berlin", label: "Hamburg")
        let english = outage.lines(localization.texts(.english)).map(\.plainText)
        #expect(
            english == [
                "The agenda feed https://example.org/… cannot be read: the feed cannot be read as an agenda.",
                "The agenda stays as read on Mon 8 Nov at 08:00 (Hamburg time); I will say when the feed works again. /agenda source shows its state.",
            ])
        let russian = outage.lines(localization.texts(.russian)).map(\.plainText)
        #expect(
            russian.first
                == "Ленту программы https://example.org/… не удаётся прочитать: ленту не удаётся прочитать как программу."
        )
        #expect(russian.last?.hasPrefix("Программа остаётся такой, какой была прочитана пн, 8 нояб. в 08:00") == true)
        // The HTTP client's reasons read in the reader's language too; one it wrote itself is shown as it is.
        var failed = outage
        failed.reason = "HTTP 500"
        failed.at = nil
        let chinese2 = failed.lines(localization.texts(.chinese)).map(\.plainText)
        #expect(chinese2.first == "无法读取日程订阅 https://example.org/…：HTTP 500。")
        failed.reason = "the connection broke"
        let brokeInRussian = failed.lines(localization.texts(.russian)).first?.plainText ?? ""
        #expect(brokeInRussian.hasSuffix(": соединение оборвалось."), "\(brokeInRussian)")
        failed.reason = "curl: something odd"
        let odd = failed.lines(localization.texts(.russian)).first?.plainText ?? ""
        #expect(odd.hasSuffix(": curl: something odd."), "\(odd)")
        #expect(chinese2.last?.hasPrefix("在订阅能够读取之前，日程只有 agenda.yaml 中的环节") == true)
        let recovered = FeedNotice(
            kind: .recovered, feed: "https://example.org/…", reason: nil,
            at: Date(timeIntervalSince1970: 1_636_354_800), zone: "Europe/Berlin", label: "Hamburg")
        #expect(
            recovered.lines(localization.texts(.french)).map(\.plainText) == [
                "Le flux du programme https://example.org/… fonctionne de nouveau (en échec depuis le lun. 8 nov. 08:00, fuseau : Hamburg)."
            ])
    }

    @Test("a changed agenda is posted to a team's chat in the team's language")
    func changesInTheTeamsLanguage() async throws {
        let before = makeConfiguration(
            sessions: """
                  - id: lao-drafting
                    title: Lao drafting
                    start: 2021-11-17 09:00
                    duration: 1h
                    team: lao
                """)
        let after = makeConfiguration(
            sessions: """
                  - id: lao-drafting
                    title: Lao drafting
                    start: 2021-11-18 10:00
                    duration: 1h
                    team: lao
                """)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agenda-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestBot(
            plugins: [try load(before)], roster: Self.roster, now: Self.morning, storeDirectory: directory
        ) { bot in
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
        }
        try await withTestBot(
            plugins: [try load(after)], roster: Self.roster, now: Self.morning.addingTimeInterval(60),
            storeDirectory: directory
        ) { bot in
            let posted = await eventually { bot.channel.sent.count == 1 }
            #expect(posted)
            let post = try #require(bot.channel.sent.first)
            #expect(post.chat == ChatRef(platform: "test", id: "lao-chat"))
            #expect(
                post.reply.plainText == "日程变更：\n已调整：Lao drafting，11月17日 周三 09:00 → 11月18日 周四 10:00（Hamburg时间）")
        }
    }

    @Test("a changes or feed-notice job booked with English lines before the catalogues posts them as written")
    func jobsOfEarlierVersionsStillPost() throws {
        let russian = Localization(shipped: AgendaMessages.tables).texts(.russian)
        func job(_ kind: String, _ payload: Data) -> ScheduledJob {
            ScheduledJob(
                id: 1, owner: "agenda", kind: kind, key: nil, dueAt: Self.morning, chat: nil, payload: payload,
                grace: nil, state: .firing, createdAt: Self.morning, finishedAt: nil, note: nil)
        }
        let written = try JSONEncoder().encode(["Added: Timelines, Fri 19 Nov 09:00 (Hamburg time)"])
        let oldChanges = try AgendaChangesPost.lines(of: job("changes", written), russian).map(\.plainText)
        #expect(oldChanges == ["Added: Timelines, Fri 19 Nov 09:00 (Hamburg time)"])
        #expect(AgendaChangesPost.lineCount(of: job("changes", written)) == 1)
        let oldNotice = try FeedNotice.lines(of: job("feed-notice", written), russian).map(\.plainText)
        #expect(oldNotice == ["Added: Timelines, Fri 19 Nov 09:00 (Hamburg time)"])
        // A job of this version keeps data, written in the chat's language when it fires.
        let session = Session(
            id: "timelines", title: "Timelines", start: Date(timeIntervalSince1970: 1_637_308_800),
            end: Date(timeIntervalSince1970: 1_637_312_400), timeZone: "Europe/Berlin", kind: "plenary", team: nil,
            speakers: [], location: nil, description: nil, tags: [])
        let post = AgendaChangesPost(
            zone: "Europe/Berlin", label: "Hamburg", changes: AgendaChanges(old: [], new: [session]).all)
        let data = try JSONEncoder().encode(post)
        let lines = try AgendaChangesPost.lines(of: job("changes", data), russian).map(\.plainText)
        #expect(lines == ["Добавлено: Timelines, пт, 19 нояб. 09:00 (время: Hamburg)"])
    }

    /// English day and month names: in the pseudo-language (an unknown code) dates are written with English's
    /// `DateLanguage` words, which come from the core, not from catalogues.
    static let dateWords: Set<String> = [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue", "Wed", "Thu",
        "Fri", "Sat", "Sun", "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    @Test("in a pseudo-language that rewrites every catalogue text, no English word of the agenda's own survives")
    func pseudoLanguage() async throws {
        let pseudo = CatalogueChecks.pseudo(Self.shipped)
        var configuration = BotConfiguration()
        configuration.language = pseudo.language
        let plugin = try load(Self.yaml)
        // Names, not the code's English: the configuration's titles, rooms, links, zones and zone labels, team
        // ids, identities, the command's usage words, and the words the person typed.
        var names: Set<String> = [
            "Grand", "opening", "Lao", "drafting", "Mon", "Peer", "review", "Room", "https", "meet", "example",
            "org", "plenary", "Hamburg", "Vientiane", "Asia", "Europe", "Berlin", "UTC", "lao", "mon", "room", "agenda",
            "yaml", "tz", "CST", "America", "Chicago", "Shanghai", "Havana", "Almaty", "Ulaanbaatar",
        ]
        for command in plugin.commands {
            names.insert(command.name)
            for word in command.usage.split(whereSeparator: { !$0.isASCII || !$0.isLetter }) {
                names.insert(String(word))
            }
        }
        names.formUnion(Self.dateWords)
        let known = names
        let script: [(text: String, user: String, chat: String)] = [
            ("/agenda", "alice", "room"), ("/agenda tomorrow", "alice", "room"), ("/agenda week", "alice", "room"),
            ("/agenda 2021-11-13", "alice", "room"), ("/agenda 2021-11-07", "alice", "room"),
            ("/agenda 2021-13-45", "alice", "room"), ("/agenda search review", "alice", "room"),
            ("/agenda search qqq", "alice", "room"), ("/agenda source", "fac", "room"), ("/now", "alice", "room"),
            ("/next", "alice", "room"), ("/session opening", "alice", "room"), ("/session review", "alice", "room"),
            ("/session revie", "alice", "room"), ("/session qqq", "alice", "room"), ("/tz", "alice", "room"),
            ("/tz asia/vientiane", "alice", "room"), ("/agenda", "alice", "room"), ("/tz CST", "alice", "room"),
            ("/tz Asia/Vientane", "alice", "room"), ("/tz Qwxz/Zzqy", "alice", "room"),
            ("/tz reset", "alice", "room"), ("/agenda all", "bob", "lao-chat"), ("/next", "bob", "lao-chat"),
        ]
        try await withTestBot(
            plugins: [plugin], roster: Self.roster, configuration: configuration, now: Self.morning,
            localeOverrides: [pseudo]
        ) { bot in
            for step in script {
                let replies = await bot.say(step.text, from: step.user, in: step.chat)
                #expect(!replies.isEmpty, "\(step.text)")
                let typed = known.union(step.text.split(whereSeparator: { !$0.isLetter }).map(String.init))
                for reply in replies {
                    // Words with digits are times and ids; one letter is no word.
                    let english = reply.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
                        .filter { $0.count > 1 && $0.allSatisfy { $0.isASCII && $0.isLetter } && !typed.contains($0) }
                    #expect(english == [], "\(step.text): \(reply)")
                }
            }
            // The replies came in the pseudo-language (its marks are there).
            let marked = await bot.say("/agenda").first ?? ""
            #expect(marked.contains("⟦"), "\(marked)")
        }
    }
}
