import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import BuiltinPlugins

/// The shipped catalogues of the core, the runtime and the built-in plugins, and replies in each language.
/// Fresh built-in plugins: each bot gets its own (the /lang plugin keeps choices in memory for its store).
private var builtins: [LoadedPlugin] {
    [
        LoadedPlugin(HelpPlugin(configuration: .init())), LoadedPlugin(PingPlugin(configuration: .init())),
        LoadedPlugin(WhoAmIPlugin(configuration: .init())), LoadedPlugin(UpcomingPlugin(configuration: .init())),
        LoadedPlugin(LangPlugin(configuration: .init())),
    ]
}

private struct Boom: Error {}

@Suite("Languages")
struct LanguageTests {
    static let shipped = CoreMessages.tables + RuntimeMessages.tables + BuiltinMessages.tables

    @Test("every shipped catalogue has exactly English's keys, placeholders and the plural forms its language needs")
    func shippedCataloguesAreComplete() {
        #expect(CatalogueChecks.problems(Self.shipped) == [])
        #expect(Set(Self.shipped.map(\.language)) == Set(Language.shipped))
    }

    @Test("the completeness check fails on a missing key, an extra key, a placeholder or a plural form")
    func theCheckCatchesEachKindOfMistake() {
        var broken = Self.shipped
        let french = broken.lastIndex { $0.language == .french } ?? 0
        broken[french].messages["ping.pong"] = nil
        broken[french].messages["ping.pang"] = "pang"
        broken[french].messages["whoami.chat"] = "Ce groupe : <code>{groupe}</code>"
        let russian = broken.lastIndex { $0.language == .russian } ?? 0
        broken[russian].messages["time.days"] = [.one: "{count} день", .other: "{count} дня"]
        let problems = CatalogueChecks.problems(broken)
        #expect(problems.contains("fr: ping.pong: missing"))
        #expect(problems.contains("fr: ping.pang: unknown key: the English catalogue has no such message"))
        #expect(problems.contains { $0.hasPrefix("fr: whoami.chat: {groupe} is not a placeholder") })
        #expect(problems.contains("fr: whoami.chat: {chat} is missing (English's: {chat})"))
        #expect(problems.contains("ru: time.days: missing plural forms few, many (ru needs one, few, many, other)"))
    }

    @Test("usage lines are in the reader's language, in /help and after a usage error, filtered by role alike")
    func usageInTheReadersLanguage() async throws {
        try await withTestBot(plugins: Self.plugins, roster: Self.roster) { bot in
            _ = await bot.say("/lang ru", from: "fac")
            let help = await bot.say("/help upcoming", from: "fac").first ?? ""
            #expect(help.hasPrefix("/upcoming [24h] | upcoming mute <номер> | upcoming unmute <номер> — "), "\(help)")
            let refused = await bot.say("/upcoming mute x", from: "fac").joined(separator: "\n")
            #expect(refused.contains("<номер>"), "\(refused)")
            _ = await bot.say("/lang zh", from: "alice")
            let lang = await bot.say("/help lang", from: "alice").first ?? ""
            #expect(lang.hasPrefix("/lang [<语言> | reset]"), "\(lang)")
        }
        // A translation with another number of forms is not used; the English line is.
        let texts = Localization(
            shipped: [
                MessageTable(.english, ["commands.x.usage": "x a | x b"]),
                MessageTable(.french, ["commands.x.usage": "x a"]),
            ]
        ).texts(.french)
        let command = Command("x", usage: "x a | x b", summary: "x", subcommandRoles: ["b": .facilitator]) { _, _ in
            .none
        }
        #expect(command.usage(in: texts) == "x a | x b")
        #expect(command.usageForms(for: .participant, in: texts) == ["x a"])
    }

    /// A platform that makes everyone in "room" a facilitator of it by a power level of 50.
    struct PowerLevels: RoleSource {
        func role(of user: UserRef, in chat: ChatRef) async -> (role: Role, source: RoleOrigin)? {
            guard chat.id == "room" else { return nil }
            return (
                .chatFacilitator,
                RoleOrigin(
                    key: "role-source.power-level", values: ["platform": "Matrix", "level": "50"],
                    english: "Matrix power level 50")
            )
        }

        func isConfiguredChat(_ chat: ChatRef) async -> Bool { chat.id == "room" }
    }

    @Test("where a role comes from is named in the reader's language, a file's name as it is")
    func roleOriginsInTheReadersLanguage() async throws {
        try await withTestBot(plugins: Self.plugins, roster: Self.roster, roleSources: [PowerLevels()]) { bot in
            _ = await bot.say("/lang ru", from: "alice")
            let granted = await bot.say("/whoami", from: "alice").joined(separator: "\n")
            #expect(granted.contains("(уровень прав Matrix 50)"), "\(granted)")
            _ = await bot.say("/lang zh", from: "fac")
            let roster = await bot.say("/whoami", from: "fac").joined(separator: "\n")
            #expect(roster.contains("（roster.yaml）"), "\(roster)")
        }
        let french = Localization.coreOnly.texts(.french)
        #expect(RoleOrigin.botYAML(channel: "telegram").name(in: french) == "telegram.facilitators dans bot.yaml")
        #expect(RoleOrigin.byDefault.name(in: french) == "par défaut")
        #expect(RoleOrigin.byDefault.description == "default")
    }

    @Test("English summaries in the catalogue are the commands' own, which the platforms' command menus show")
    func englishSummariesMatchTheCommands() {
        let localization = RuntimeMessages.localization(plugins: builtins)
        let english = localization.texts(.english)
        for plugin in builtins {
            #expect(english.plain("plugins.\(plugin.name).summary") == plugin.summary)
            for command in plugin.commands {
                #expect(english.plain("commands.\(command.name).summary") == command.summary)
                if !command.help.isEmpty { #expect(english.plain("commands.\(command.name).help") == command.help) }
                #expect(command.usage(in: english) == command.usage)
                for option in command.options { #expect(command.help(of: option, in: english) == option.help) }
            }
        }
    }

    static let roster = Roster(
        teams: [
            Team(id: "kaz", name: "Kazakhstan", chats: [ChatRef(platform: "test", id: "kz")], language: .russian),
            Team(
                id: "mon", name: "Mongolia", chats: [ChatRef(platform: "test", id: "mn")],
                appLanguages: [Language("mn") ?? .english: .russian]),
        ],
        facilitators: [UserRef(platform: "test", id: "fac")])

    static var plugins: [LoadedPlugin] { builtins }

    @Test("/lang lists, sets and resets a person's language through the runtime, for them alone")
    func langSetListReset() async throws {
        try await withTestBot(plugins: Self.plugins, roster: Self.roster) { bot in
            let list = await bot.say("/lang").joined(separator: "\n")
            #expect(
                list == """
                    Languages I answer in:
                      en — English (yours)
                      fr — Français
                      ru — Русский
                      zh — 简体中文
                    It is the workshop's language. /lang <language> chooses another.
                    """)
            #expect(
                await bot.say("/lang RU") == [
                    "Теперь я отвечаю вам на языке: Русский (ru). /lang reset вернёт язык по умолчанию."
                ])
            #expect(await bot.say("/nosuch") == ["Я не знаю команду /nosuch. Что я умею: /help."])
            let chosen = await bot.say("/lang").joined(separator: "\n").split(separator: "\n").last
            #expect(chosen == "Вы выбрали его через /lang; /lang reset отменяет выбор.")
            // Someone else still reads the workshop's language.
            #expect(await bot.say("/nosuch", from: "bob") == ["I don't know /nosuch. Type /help to see what I can do."])
            // A regional tag reads its language; an unknown one is refused in the reader's language, escaped.
            #expect(await bot.say("/lang zh-Hans").first?.hasPrefix("从现在起我用简体中文（zh）回复您") == true)
            #expect(
                await bot.say("/lang <b>x") == [
                    "我没有 <b>x 的消息。可用：en, fr, ru, zh。组织者可在 plugins-config/locales/ 中添加语言。"
                ])
            let sent = bot.channel.sent
            var html = ""
            if let line = sent.last?.reply.lines.first { html = HTMLRenderer.render(line) }
            #expect(html.contains("<code>&lt;b&gt;x</code>"))
            #expect(await bot.say("/lang reset") == ["Your choice is forgotten: I answer you in English (en)."])
            #expect(await bot.say("/nosuch") == ["I don't know /nosuch. Type /help to see what I can do."])
            // One language or none: several words, or an empty one, get the usage and change nothing.
            let several = await bot.say("/lang fr ru")
            #expect(several.first?.hasPrefix("Usage:") == true, "\(several)")
            for blank in ["\"\"", "\" \""] {
                let empty = await bot.say("/lang \(blank)")
                #expect(empty.first?.hasPrefix("Usage:") == true, "\(empty)")
            }
            #expect(await bot.say("/nosuch") == ["I don't know /nosuch. Type /help to see what I can do."])
        }
    }

    @Test("without a choice: the app's language, mapped by the team, else the team's, else the workshop's")
    func fallbacks() async throws {
        var configuration = BotConfiguration()
        configuration.language = .french
        try await withTestBot(plugins: Self.plugins, roster: Self.roster, configuration: configuration) { bot in
            // The app's language, to the nearest catalogue.
            #expect(await bot.say("/ping", language: "ru-RU") == ["понг"])
            #expect(await bot.say("/ping", language: "zh-hans") == ["乓"])
            // Mongolia's members whose app is in Mongolian read Russian, as roster.yaml says.
            #expect(await bot.say("/ping", in: "mn", language: "mn") == ["понг"])
            // An app language with no catalogue: the team's (Kazakhstan: Russian), else the workshop's (French).
            let team = await bot.say("/lang", in: "kz", language: "lo").joined(separator: "\n").split(separator: "\n")
                .last
            #expect(team == "Это язык вашей команды. /lang <язык> выбирает другой.")
            #expect(
                await bot.say("/nosuch", language: "lo") == [
                    "Je ne connais pas /nosuch. Tapez /help pour voir ce que je sais faire."
                ])
            // Refusals and usage errors are the runtime's, in the reader's language.
            #expect(
                await bot.say("/upcoming", language: "ru") == [
                    "Извините, /upcoming доступна только ведущим; ваша роль: участник. Ничего не изменено."
                ])
            #expect(
                await bot.say("/upcoming 5q", from: "fac", language: "zh") == [
                    "没有成功：时间窗口是一个时长，例如 24h、90m 或 3d。\n用法：/upcoming [24h] | upcoming mute <编号> | upcoming unmute <编号>"
                ])
            #expect(
                await bot.say("/help --x", language: "ru") == [
                    "Не получилось: неизвестный параметр --x.\nКак использовать: /help [команда]"
                ])
            #expect(
                await bot.say("/help \"open", language: "fr") == [
                    "Cela n’a pas marché : un guillemet \" n’est pas fermé.\nUtilisation : /help [commande]"
                ])
        }
    }

    @Test("/help shows the converted commands' summaries in the reader's language")
    func helpIsLocalised() async throws {
        try await withTestBot(plugins: Self.plugins, roster: Self.roster) { bot in
            let help = await bot.say("/help", in: "kz").joined(separator: "\n")
            #expect(help.hasPrefix("Команды, доступные вам здесь (участник):"))
            #expect(help.contains("lang — Выбирает язык, на котором бот вам отвечает"))
            #expect(help.contains("  /ping — Проверить, что бот отвечает"))
            #expect(help.hasSuffix("Подробнее: /help <команда>."))
            let upcoming = await bot.say("/help upcoming", in: "kz", language: "zh").joined(separator: "\n")
                .split(separator: "\n")
            #expect(
                upcoming.first
                    == "/upcoming [24h] | upcoming mute <编号> | upcoming unmute <编号> — 机器人接下来几小时要发布什么、发到哪里")
            #expect(upcoming.contains("只有研讨会组织者可以使用。"))
        }
    }

    /// Words of the replies that are names, not the code's English: command and subcommand names, usage
    /// placeholders (not yet in catalogues), identities and file names the replies quote.
    static func names(_ plugins: [LoadedPlugin]) -> Set<String> {
        var words: Set<String> = [
            "alice", "fac", "test", "room", "kz", "roster", "yaml", "qps", "English", "Kazakhstan", "kaz", "en", "fr",
            "ru", "zh",
        ]
        for plugin in plugins {
            words.insert(plugin.name)
            for command in plugin.commands {
                for word in (command.usage + " " + command.aliases.joined(separator: " ")).split(whereSeparator: {
                    !$0.isASCII || !$0.isLetter
                }) {
                    words.insert(String(word))
                }
            }
        }
        return words
    }

    /// The ASCII words of `text` that are not `names`.
    static func english(in text: String, names: Set<String>) -> [String] {
        // Words with digits are reference ids (ref 7f3a21) and durations (24h), not words.
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter {
            $0.count > 1 && $0.allSatisfy { $0.isASCII && $0.isLetter } && !names.contains($0)
        }
    }

    @Test("in a pseudo-language that rewrites every catalogue text, no English word of the code's own survives")
    func pseudoLanguage() async throws {
        let pseudo = CatalogueChecks.pseudo(Self.shipped)
        var configuration = BotConfiguration()
        configuration.language = pseudo.language
        configuration.dispatch.handlerTimeout = ConfigDuration(seconds: 0.2)
        let failing = LoadedPlugin(
            name: "failing", summary: "",
            commands: [
                Command("boom", summary: "") { _, _ in throw Boom() },
                Command("slow", summary: "") { _, _ in
                    try await Task.sleep(for: .seconds(30))
                    return .none
                },
            ])
        let plugins = Self.plugins + [failing]
        let names = Self.names(plugins)
        let script: [(text: String, user: String, chat: String)] = [
            ("/help", "alice", "room"), ("/help", "fac", "room"), ("/help upcoming", "alice", "room"),
            ("/help help", "fac", "room"), ("/help nosuch", "alice", "room"), ("/ping", "alice", "room"),
            ("/whoami", "alice", "room"), ("/whoami", "fac", "kz"), ("/nosuch", "alice", "room"),
            ("/hepl", "alice", "room"), ("/ping --x", "alice", "room"), ("/ping --x=1", "alice", "room"),
            ("/help \"open", "alice", "room"), ("/upcoming", "alice", "room"), ("/upcoming", "fac", "room"),
            ("/upcoming 3d", "fac", "room"), ("/upcoming 5q", "fac", "room"), ("/upcoming mute 1", "fac", "room"),
            ("/upcoming mute x", "fac", "room"), ("/upcoming unmute 1", "fac", "room"), ("/lang", "alice", "room"),
            ("/lang xx", "alice", "room"), ("/lang reset", "alice", "room"), ("/boom", "alice", "room"),
            ("/slow", "alice", "room"),
        ]
        try await withTestBot(
            plugins: plugins, roster: Self.roster, configuration: configuration, localeOverrides: [pseudo]
        ) { bot in
            for step in script {
                let replies = await bot.say(step.text, from: step.user, in: step.chat)
                #expect(!replies.isEmpty, "\(step.text)")
                // What the person typed may come back (an unknown command's name), and is theirs.
                let typed = names.union(step.text.split(whereSeparator: { !$0.isLetter }).map(String.init))
                for reply in replies {
                    #expect(Self.english(in: reply, names: typed) == [], "\(step.text): \(reply)")
                }
            }
            // The pseudo-language is the one the replies came in (its marks are there).
            #expect(await bot.say("/ping").first == "⟦ƥǿƞɠ⟧")
        }
    }
}
