import BotCore
import BotRuntime
import BotTesting
import Testing

@testable import BuiltinPlugins

struct BuiltinPluginsTests {
    let plugins = [
        LoadedPlugin(HelpPlugin(configuration: .init())), LoadedPlugin(PingPlugin(configuration: .init())),
        LoadedPlugin(WhoAmIPlugin(configuration: .init())),
    ]
    let roster = Roster(
        teams: [
            Team(id: "uganda", name: "Uganda", timeZone: "Africa/Kampala", chats: [ChatRef(platform: "test", id: "ug")])
        ],
        facilitators: [UserRef(platform: "test", id: "fac")])

    @Test func helpGroupsCommandsByPlugin() async throws {
        try await withTestBot(plugins: plugins) { bot in
            let help = await bot.say("/help").joined()
            let helpPosition = try #require(help.range(of: "help — Lists commands"))
            let pingPosition = try #require(help.range(of: "ping — Checks that the bot is alive"))
            #expect(helpPosition.lowerBound < pingPosition.lowerBound)
            #expect(help.contains("/whoami — Show your identity, role and team"))
        }
    }

    @Test func theOverviewShowsTheFirstFormOfALongUsage() async throws {
        let long = LoadedPlugin(
            name: "long", summary: "long usage",
            commands: [
                Command("thing", usage: "thing <id> | thing add <x> | thing remove <id>", summary: "things") { _, _ in
                    .none
                }
            ])
        try await withTestBot(plugins: plugins + [long]) { bot in
            let help = await bot.say("/help").joined(separator: "\n")
            #expect(help.contains("  /thing <id> … — things"))
            #expect(
                await bot.say("/help thing").first?.hasPrefix(
                    "/thing <id> | thing add <x> | thing remove <id> — things") == true)
        }
    }

    @Test func helpListsOnlyTheSubcommandsTheCallerMayUse() async throws {
        let poll = LoadedPlugin(
            name: "polls", summary: "polls",
            commands: [
                Command(
                    "poll", usage: "poll new <question> | poll results [id] | poll close [id]", summary: "polls",
                    subcommandRoles: ["new": .facilitator, "close": .facilitator]
                ) { _, _ in .none }
            ])
        try await withTestBot(plugins: plugins + [poll], roster: roster) { bot in
            let participant = await bot.say("/help").joined(separator: "\n")
            #expect(participant.contains("  /poll results [id] — polls"), "\(participant)")
            #expect(!participant.contains("poll new"))
            #expect(await bot.say("/help poll").first?.hasPrefix("/poll results [id] — polls") == true)
            let facilitator = await bot.say("/help", from: "fac").joined(separator: "\n")
            #expect(facilitator.contains("  /poll new <question> … — polls"), "\(facilitator)")
            let full = await bot.say("/help poll", from: "fac").first ?? ""
            #expect(full.hasPrefix("/poll new <question> | poll results [id] | poll close [id] — polls"), "\(full)")
        }
    }

    /// The listing is written once per chat catalogue, role and language: asking again in any order gives each
    /// reader their own, never one written for someone else.
    @Test func eachReaderGetsTheListingForTheirRoleLanguageAndChat() async throws {
        let poll = LoadedPlugin(
            name: "polls", summary: "polls",
            commands: [
                Command(
                    "poll", usage: "poll results | poll new <q>", summary: "polls",
                    subcommandRoles: ["new": .facilitator]
                ) { _, _ in .none }
            ])
        let limited: [String: Set<ChatRef>] = ["polls": [ChatRef(platform: "test", id: "ug")]]
        try await withTestBot(plugins: plugins + [poll], roster: roster, pluginChats: limited) { bot in
            let participant = await bot.say("/help", in: "ug").joined(separator: "\n")
            let facilitator = await bot.say("/help", from: "fac", in: "ug").joined(separator: "\n")
            let again = await bot.say("/help", in: "ug").joined(separator: "\n")
            #expect(participant.contains("/poll results … — polls") == false)
            #expect(participant.contains("  /poll results — polls"), "\(participant)")
            #expect(facilitator.contains("  /poll results … — polls"), "\(facilitator)")
            #expect(again == participant)
            let elsewhere = await bot.say("/help", in: "room").joined(separator: "\n")
            #expect(!elsewhere.contains("/poll"), "\(elsewhere)")
            #expect(elsewhere.contains("/ping"))
            let russian = await bot.say("/help", in: "ug", language: "ru").joined(separator: "\n")
            #expect(russian != participant)
            #expect(russian.contains("/poll results — polls"), "\(russian)")
            #expect(await bot.say("/help", in: "ug").joined(separator: "\n") == participant)
        }
    }

    /// Options are listed with a line each, and only those of forms the caller may use (and those of no form).
    @Test func helpListsOnlyTheOptionsOfFormsTheCallerMayUse() async throws {
        let poll = LoadedPlugin(
            name: "polls", summary: "polls",
            commands: [
                Command(
                    "poll",
                    usage: "poll new <question> [--max N] [--maximum-x] | poll results [id] [--team T] | poll close",
                    summary: "polls",
                    options: [
                        .value("max", help: "the most choices"), .flag("maximum-x", help: "x"),
                        .value("team", help: "one team"), .flag("verbose", help: "say more"),
                    ],
                    subcommandRoles: ["new": .facilitator, "close": .facilitator]
                ) { _, _ in .none }
            ])
        try await withTestBot(plugins: plugins + [poll], roster: roster) { bot in
            let participant = await bot.say("/help poll").first ?? ""
            #expect(participant.contains("--team <value> — one team"), "\(participant)")
            #expect(participant.contains("--verbose — say more"), "\(participant)")
            #expect(!participant.contains("--max"), "\(participant)")
            let facilitator = await bot.say("/help poll", from: "fac").first ?? ""
            #expect(facilitator.contains("--max <value> — the most choices"), "\(facilitator)")
            #expect(facilitator.contains("--maximum-x — x"), "\(facilitator)")
        }
    }

    /// A ` | ` inside brackets separates choices of one argument, not forms of the command.
    @Test func aChoiceInsideBracketsDoesNotSplitTheUsage() async throws {
        let zone = LoadedPlugin(
            name: "zones", summary: "zones",
            commands: [
                Command("tz", usage: "tz [IANA zone, e.g. Asia/Ulaanbaatar | reset]", summary: "Your zone") { _, _ in
                    .none
                }
            ])
        try await withTestBot(plugins: plugins + [zone]) { bot in
            let help = await bot.say("/help").joined(separator: "\n")
            #expect(help.contains("  /tz [IANA zone, e.g. Asia/Ulaanbaatar | reset] — Your zone"), "\(help)")
        }
    }

    @Test func helpForOneCommandAcceptsASlashAndAliases() async throws {
        try await withTestBot(plugins: plugins) { bot in
            #expect(await bot.say("/help /ping").first?.hasPrefix("/ping — Check that the bot answers") == true)
            #expect(await bot.say("/help start").first?.hasPrefix("/help [command]") == true)
            #expect(
                await bot.say("/help <b>nope</b>").first
                    == "There is no command /<b>nope</b> here. Type /help for the list.")
        }
    }

    @Test func whoamiShowsRoleAndTeamFromTheChat() async throws {
        try await withTestBot(plugins: plugins, roster: roster) { bot in
            let participant = await bot.say("/whoami", from: "mukasa", in: "ug").joined(separator: "\n")
            #expect(participant.contains("identity test:mukasa"))
            #expect(participant.contains("Role: participant."))
            #expect(participant.contains("Team: Uganda (uganda)"))
            #expect(participant.contains("This chat: test:ug"))
            let facilitator = await bot.say("/whoami", from: "fac", in: "elsewhere").joined(separator: "\n")
            #expect(facilitator.contains("Role: workshop facilitator (roster.yaml), in every chat of the workshop."))
            #expect(facilitator.contains("Team: none"))
        }
    }

    @Test func pingAnswers() async throws {
        try await withTestBot(plugins: plugins) { bot in
            #expect(await bot.say("/ping") == ["pong"])
        }
    }
}

struct HelpOverviewTests {
    @Test(
        "the overview shows a command's first form",
        arguments: [
            ("agenda [today|tomorrow] | agenda search <words>", "agenda [today|tomorrow] …"),
            ("ping", "ping"), ("a|b", "a|b"), ("x | y | z", "x …"), ("", ""), (" | ", " …"), ("é | ü", "é …"),
        ])
    func firstForm(_ usage: String, _ shown: String) {
        let command = Command("x", usage: usage, summary: "x") { _, _ in .none }
        #expect(
            HelpPlugin.overviewForm(command, role: .participant, texts: Localization.coreOnly.texts(.english)) == shown)
    }
}
