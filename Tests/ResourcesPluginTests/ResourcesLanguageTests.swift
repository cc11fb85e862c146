import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import ResourcesPlugin

/// The resources plugin's catalogues, and its replies and link reports in each reader's language.
@Suite("Resources in every language")
struct ResourcesLanguageTests {
    static let tables = ResourcesMessages.tables

    @Test("every catalogue of the plugin has exactly English's keys, placeholders and plural forms")
    func cataloguesAreComplete() {
        #expect(CatalogueChecks.problems(Self.tables) == [])
        #expect(Set(Self.tables.map(\.language)) == Set(Language.shipped))
    }

    @Test("the check reports a missing key, a wrong placeholder and a plural form a language does not have")
    func theCheckCatchesMistakes() {
        var broken = Self.tables
        let french = broken.firstIndex { $0.language == .french } ?? 0
        broken[french].messages["resources.which"] = nil
        broken[french].messages["resources.added"] = "Ajouté <code>{ident}</code> : {title}."
        let chinese = broken.firstIndex { $0.language == .chinese } ?? 0
        broken[chinese].messages["resources.checking"] = [.one: "检查 {count} 个", .other: "检查 {count} 个"]
        let problems = CatalogueChecks.problems(broken)
        #expect(problems.contains("fr: resources.which: missing"))
        #expect(problems.contains { $0.hasPrefix("fr: resources.added: {ident} is not a placeholder") })
        #expect(problems.contains("fr: resources.added: {id} is missing (English's: {id}, {title})"))
        #expect(problems.contains { $0.hasPrefix("zh: resources.checking.one: zh has no plural form one") })
    }

    @Test("English summaries, usage lines and option help in the catalogue are the plugin's and commands' own")
    func englishSummariesMatchTheCommands() throws {
        let plugin = try ResourcesPlugin(configuration: ResourcesConfiguration())
        let english = Localization(shipped: Self.tables).texts(.english)
        #expect(english.plain("plugins.resources.summary") == ResourcesPlugin.summary)
        for command in plugin.commands {
            #expect(english.plain("commands.\(command.name).summary") == command.summary)
            if !command.help.isEmpty { #expect(english.plain("commands.\(command.name).help") == command.help) }
            #expect(command.usage(in: english) == command.usage)
            for option in command.options { #expect(command.help(of: option, in: english) == option.help) }
        }
    }

    @Test("an option's help reads in each language")
    func optionHelpIsTranslated() throws {
        let plugin = try ResourcesPlugin(configuration: ResourcesConfiguration())
        let resource = try #require(plugin.commands.first { $0.name == "resource" })
        let tags = try #require(resource.options.first { $0.name == "tags" })
        let localization = Localization(shipped: Self.tables)
        #expect(resource.help(of: tags, in: localization.texts(.english)) == "new tags, separated by commas")
        #expect(resource.help(of: tags, in: localization.texts(.russian)) == "новые метки через запятую")
        #expect(resource.help(of: tags, in: localization.texts(.chinese)) == "新的标签，用逗号分隔")
    }

    @Test("why a resource is refused reads in each language, and in English as check-config reports it")
    func problemsAreTranslated() throws {
        let long = Resource(id: "x", title: String(repeating: "t", count: 201), url: "https://example.org")
        let problem = try #require(ResourceRules.issue(with: long))
        let localization = Localization(shipped: Self.tables)
        #expect(ResourceRules.problem(with: long) == "the title is longer than 200 characters")
        #expect(problem.message(in: localization.texts(.russian)) == "название длиннее 200 символов")
        #expect(problem.message(in: localization.texts(.french)) == "le titre dépasse 200 caractères")
        #expect(problem.message(in: localization.texts(.chinese)) == "标题超过 200 个字符")
    }

    static let configuration: ResourcesConfiguration = {
        var configuration = ResourcesConfiguration(resources: [
            .init(
                id: "edu", title: "Educación permanente", url: "https://example.org/edu", tags: ["policy"],
                description: nil, language: "es", team: nil, sessions: ["opening"]),
            .init(
                id: "climate-a", title: "Adult learning", url: "https://example.org/a", tags: ["climate"],
                description: nil, language: nil, team: nil, sessions: nil),
            .init(
                id: "old", title: "Old", url: "https://example.org/gone", tags: ["climate"], description: nil,
                language: nil, team: nil, sessions: nil),
        ])
        configuration.dailyCheck = .init(
            at: "06:00", timeZone: "Europe/Berlin",
            reportTo: [ChatRef(platform: "test", id: "kz"), ChatRef(platform: "test", id: "facilitators")])
        return configuration
    }()

    /// Kazakhstan's chat reads Russian (its roster language).
    static let roster = Roster(
        teams: [
            Team(id: "kaz", name: "Kazakhstan", chats: [ChatRef(platform: "test", id: "kz")], language: .russian)
        ],
        facilitators: [UserRef(platform: "test", id: "fac")])

    static func plugin() throws -> LoadedPlugin {
        LoadedPlugin(try ResourcesPlugin(configuration: configuration, checker: FakeLinks()))
    }

    @Test("readers in Russian, French and Chinese (their app's language) read the plugin's replies in theirs")
    func walkthrough() async throws {
        try await withTestBot(plugins: [try Self.plugin()], roster: Self.roster) { bot in
            #expect(
                await bot.say("/resources", language: "ru-RU") == [
                    """
                    3 ресурса. Темы: climate (2), policy (1)
                    Напишите /resources <тема или слова>, например /resources climate.
                    """
                ])
            #expect(
                await bot.say("/resources zzz", language: "fr") == [
                    "Aucune ressource ne correspond à zzz. /resources liste les thèmes."
                ])
            let shown = await bot.say("/resource edu", language: "zh-Hans").joined(separator: "\n")
            #expect(shown.hasPrefix("Educación permanente (edu)\n"), "\(shown)")
            #expect(shown.hasSuffix("标签：#policy\n语言：es\n环节：opening"), "\(shown)")
            #expect(await bot.say("/resource nope", language: "zh") == ["没有资源 nope。"])
            #expect(
                await bot.say("/resource add https://example.org/pad Pad #notes", from: "fac", language: "ru") == [
                    "Добавлено pad: Pad."
                ])
            #expect(
                await bot.say("/resource add https://example.org/pad Again", from: "fac", language: "fr") == [
                    "Ce lien existe déjà sous pad."
                ])
            #expect(
                await bot.say("/resource add ftp://example.org/x Titre", from: "fac", language: "fr") == [
                    "seuls les liens http et https sont acceptés"
                ])
            #expect(await bot.say("/resource remove pad", from: "fac", language: "ru") == ["pad удалён."])
            // A usage error ends with the usage line in the reader's language.
            let usage = await bot.say("/resource add https://example.org", from: "fac", language: "ru").joined()
            #expect(usage.contains("укажите ссылку и название"), "\(usage)")
            #expect(usage.contains(#"resource add <url> "<название>" [#метка ...]"#), "\(usage)")
            let checked = await bot.say("/resources check", from: "fac", replies: 2, language: "zh")
            #expect(checked.first == "正在检查 3 个链接…")
            #expect(checked.last == "3 个链接中有 1 个失效：\nold Old: HTTP 404")
        }
    }

    @Test("the daily check is worded for each report chat: Russian in a Russian team's chat, else the workshop's")
    func theDailyReportReadsInEachChatsLanguage() async throws {
        let fiveAM = try #require(ISO8601DateFormatter().date(from: "2021-11-09T04:00:00Z"))  // 05:00 in Berlin
        try await withTestBot(plugins: [try Self.plugin()], roster: Self.roster, now: fiveAM) { bot in
            let parked = await eventually { bot.clock.sleeperCount > 0 }
            #expect(parked)
            bot.clock.advance(by: 3600)
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            let foundKazakhstan = bot.channel.sent.first { $0.chat.id == "kz" }
            #expect(foundKazakhstan?.reply.plainText == "Нерабочие ссылки (1 из 3):\nold Old: HTTP 404")
            let foundFacilitators = bot.channel.sent.first { $0.chat.id == "facilitators" }
            #expect(foundFacilitators?.reply.plainText == "1 of 3 links are broken:\nold Old: HTTP 404")
        }
    }

    @Test("why a link failed reads in each language; a reason the checker wrote itself is shown as it is")
    func linkReasonsInEachLanguage() {
        let localization = Localization.coreOnly
        let reasons: [LinkReason] = [
            .httpStatus(404), .hostNotFound, .connectionRefused, .timedOut, .tlsFailed, .badRedirect, .notHTTP,
            .noClient,
        ]
        for reason in reasons {
            #expect(reason.text(in: localization.texts(.english)) == reason.description)
        }
        #expect(LinkReason.hostNotFound.text(in: localization.texts(.russian)) == "хост не найден")
        #expect(LinkReason.timedOut.text(in: localization.texts(.french)) == "délai dépassé")
        #expect(LinkReason.httpStatus(503).text(in: localization.texts(.chinese)) == "HTTP 503")
        // Every reason but the HTTP status (`HTTP 404` in every language) has Russian words of its own.
        let same = reasons.dropFirst().filter { $0.text(in: localization.texts(.russian)) == $0.description }
        #expect(same.isEmpty, "\(same)")
        // A reason kept as its English text (a feed's status, a queued notice) is recognised again.
        let kept: [LinkReason] =
            reasons + [.notHTTPAnswer, .connectionLost, .tooLarge(megabytes: 5), .other("SSL_ERROR_SYSCALL (35)")]
        for reason in kept {
            #expect(LinkReason.recognising(reason.description) == reason, "\(reason)")
        }
        #expect(
            LinkReason.recognising("the file is larger than 5 MB").text(in: localization.texts(.russian))
                == "файл больше 5 МБ")
        #expect(LinkReason.recognising("HTTP 9999").key == nil)
        // A failure the HTTP client words itself: the catalogue's wording around the client's own words.
        let other = LinkReason.other("curl error 56")
        #expect(other.text(in: localization.texts(.english)) == "the request failed: curl error 56")
        #expect(other.text(in: localization.texts(.russian)) == "запрос не удался: curl error 56")
        #expect(other.text(in: localization.texts(.chinese)) == "请求失败：curl error 56")
        #expect(other.text(in: localization.texts(.french)) == "la requête a échoué : curl error 56")
        let literal: LinkReason = "curl said no"
        #expect(literal.text(in: localization.texts(.russian)) == "curl said no")
    }

    /// The ASCII words of `text` that are not `allowed`.
    static func english(in text: String, allowed: Set<String>) -> [String] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter {
            $0.count > 1 && $0.allSatisfy { $0.isASCII && $0.isLetter } && !allowed.contains($0)
        }
    }

    @Test("in a pseudo-language that rewrites every catalogue text, no English word of the plugin's own survives")
    func pseudoLanguage() async throws {
        let pseudo = CatalogueChecks.pseudo(CoreMessages.tables + RuntimeMessages.tables + Self.tables)
        var configuration = BotConfiguration()
        configuration.language = pseudo.language
        let plugins = [try Self.plugin()]
        // Names, not the code's English: identities, the configured titles, ids, tags, sessions and URLs, the
        // command names and the words of their usage lines, and `HTTP` of the checker's reason (the checker's
        // words, not this plugin's).
        var names: Set<String> = [
            "alice", "fac", "Educación", "permanente", "edu", "Adult", "learning", "climate", "Old", "old", "policy",
            "opening", "es", "https", "example", "org", "gone", "HTTP", "qwzt", "Qwzt", "zzz",
        ]
        for plugin in plugins {
            names.insert(plugin.name)
            for command in plugin.commands {
                names.insert(command.name)
                for word in command.usage.split(whereSeparator: { !$0.isASCII || !$0.isLetter }) {
                    names.insert(String(word))
                }
            }
        }
        let allowed = names
        let script: [(text: String, user: String, replies: Int)] = [
            ("/resources", "alice", 1), ("/resources climate", "alice", 1), ("/resources zzz", "alice", 1),
            ("/resources opening", "alice", 1), ("/resource edu", "alice", 1), ("/resource zzz", "alice", 1),
            ("/resource", "alice", 1), ("/resources check", "alice", 1), ("/resources check", "fac", 2),
            ("/resource add https://example.org/qwzt Qwzt #qwzt", "fac", 1),
            ("/resource add https://example.org/qwzt Qwzt", "fac", 1),
            ("/resource add ftp://example.org Qwzt", "fac", 1),
            ("/resource add https://qwzt:qwzt@example.org Qwzt", "fac", 1),
            ("/resource add https://example.org", "fac", 1),
            ("/resource edit qwzt --title Qwzt --tags qwzt", "fac", 1), ("/resource edit zzz --title Qwzt", "fac", 1),
            ("/resource edit qwzt --url https://example.org/a", "fac", 1), ("/resource edit", "fac", 1),
            ("/resource edit qwzt --tags \(String(repeating: "q,", count: 21))", "fac", 1),
            ("/resource remove qwzt", "fac", 1), ("/resource remove qwzt", "fac", 1), ("/resource remove", "fac", 1),
        ]
        try await withTestBot(
            plugins: plugins, roster: Self.roster, configuration: configuration, localeOverrides: [pseudo]
        ) { bot in
            for step in script {
                let replies = await bot.say(step.text, from: step.user, replies: step.replies)
                #expect(replies.count == step.replies, "\(step.text)")
                let typed = allowed.union(step.text.split(whereSeparator: { !$0.isLetter }).map(String.init))
                for reply in replies {
                    #expect(Self.english(in: reply, allowed: typed) == [], "\(step.text): \(reply)")
                }
            }
            // The pseudo-language is the one the replies came in (its marks are there).
            #expect(bot.channel.sent.last?.reply.plainText.hasPrefix("⟦") == true)
        }
        // Without a checker, and with no network: the plugin's words around the checker's reasons.
        let offline = [
            LoadedPlugin(try ResourcesPlugin(configuration: Self.configuration))
        ]
        let unreachable = [
            LoadedPlugin(try ResourcesPlugin(configuration: Self.configuration, checker: NoNetwork()))
        ]
        for (plugins, count) in [(offline, 1), (unreachable, 2)] {
            try await withTestBot(
                plugins: plugins, roster: Self.roster, configuration: configuration, localeOverrides: [pseudo]
            ) { bot in
                let replies = await bot.say("/resources check", from: "fac", replies: count)
                #expect(replies.count == count)
                // `host not found` is the checker's reason, quoted as it gave it.
                for reply in replies {
                    let words = Self.english(in: reply, allowed: allowed.union(["host", "not", "found"]))
                    #expect(words == [], "\(reply)")
                }
            }
        }
    }
}
