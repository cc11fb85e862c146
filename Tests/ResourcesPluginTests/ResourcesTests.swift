import BotCore
import BotRuntime
import BotTesting
import Foundation
import Logging
import Testing

@testable import ResourcesPlugin
@testable import WorkshopBot

let sample = ResourcesConfiguration(resources: [
    .init(
        id: "edu", title: "Educación permanente", url: "https://example.org/edu", tags: ["policy"], description: nil,
        language: "es", team: nil, sessions: nil),
    .init(
        id: "climate-a", title: "Adult learning", url: "https://example.org/a", tags: ["climate"],
        description: "for the climate theme", language: nil, team: nil, sessions: ["theme-climate"]),
    .init(
        id: "climate-b", title: "Climate action", url: "https://example.org/b", tags: ["theme"], description: nil,
        language: nil, team: nil, sessions: nil),
])

struct ResourceRulesTests {
    @Test(
        "only plain http(s) links are kept",
        arguments: [
            ("https://uil.unesco.org/x", true), ("http://example.org", true), ("javascript:alert(1)", false),
            ("file:///etc/passwd", false), ("data:text/html,<b>x</b>", false),
            ("https://user:secret@example.org/", false),
            ("ftp://example.org/x", false), ("https://", false), ("example.org", false),
            ("https://example.org/" + String(repeating: "a", count: 2100), false),
        ])
    func urls(_ url: String, _ accepted: Bool) {
        #expect((ResourceRules.problem(with: url) == nil) == accepted)
    }

    @Test func longDescriptionsAndTagsAreRefusedWithTheLimit() {
        func resource(description: String? = nil, tags: [String] = []) -> Resource {
            Resource(id: "x", title: "X", url: "https://example.org/x", tags: tags, description: description)
        }
        #expect(ResourceRules.problem(with: resource(description: String(repeating: "d", count: 1000))) == nil)
        #expect(
            ResourceRules.problem(with: resource(description: String(repeating: "d", count: 1001)))
                == "the description is longer than 1000 characters")
        #expect(ResourceRules.problem(with: resource(tags: [String(repeating: "t", count: 50)])) == nil)
        #expect(
            ResourceRules.problem(with: resource(tags: [String(repeating: "t", count: 51)]))
                == "a tag is longer than 50 characters")
    }

    @Test func searchIgnoresAccentsAndRanksTitlesAboveTagsAboveDescriptions() throws {
        let resources = try ResourcesPlugin(configuration: sample).configured
        #expect(ResourceSearch.search(["educacion"], in: resources).map(\.id) == ["edu"])
        #expect(ResourceSearch.search(["CLIMATE"], in: resources).map(\.id) == ["climate-b", "climate-a"])
        #expect(ResourceSearch.search(["climate", "adult"], in: resources).map(\.id) == ["climate-a"])
    }

    @Test func badConfigurationsAreRefusedWithTheField() {
        let duplicate = ResourcesConfiguration(resources: [
            .init(
                id: "a", title: "A", url: "https://example.org/a", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
            .init(
                id: "b", title: "B", url: "https://example.org/a", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
        ])
        #expect(throws: PluginConfigurationError(path: ["resources", "1", "url"], "the same link as a")) {
            try ResourcesPlugin(configuration: duplicate)
        }
        let unsafe = ResourcesConfiguration(resources: [
            .init(
                id: "a", title: "A", url: "javascript:x", tags: nil, description: nil, language: nil, team: nil,
                sessions: nil)
        ])
        #expect(throws: PluginConfigurationError(path: ["resources", "0"], "only http and https links are accepted")) {
            try ResourcesPlugin(configuration: unsafe)
        }
    }
}

struct ResourcesCommandTests {
    let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])

    @Test func facilitatorsChangeLinksThatParticipantsThenFind() async throws {
        let plugin = LoadedPlugin(try ResourcesPlugin(configuration: sample))
        try await withTestBot(plugins: [plugin], roster: roster) { bot in
            let refused = await bot.say(#"/resource add https://example.org/pad "Team pad""#, from: "alice")
            #expect(refused.first?.contains("is for facilitators only") == true)
            #expect(await bot.say("/resources pad").first?.hasPrefix("No resource matches") == true)

            #expect(
                await bot.say(
                    #"/resource add https://example.org/pad "Team pad" #notes --desc "<b>shared</b>""#, from: "fac")
                    == ["Added team-pad: Team pad."])
            #expect(await bot.say("/resources pad", from: "alice") == ["team-pad Team pad <https://example.org/pad>"])
            #expect(
                await bot.say("/resource add https://example.org/pad Again", from: "fac") == [
                    "That link is already there as team-pad."
                ])
            #expect(
                await bot.say("/resource edit team-pad --title Notes", from: "alice").first?.contains(
                    "facilitators only") == true)
            #expect(
                await bot.say("/resource edit team-pad --title Notes --tags pad,notes", from: "fac") == [
                    "Updated team-pad."
                ])
            let shown = await bot.say("/resource team-pad").joined(separator: "\n")
            #expect(shown.contains("Notes (team-pad)"))
            #expect(shown.contains("<b>shared</b>"))  // plain text on this channel; HTML channels escape it
            #expect(await bot.say("/resource remove edu", from: "fac") == ["Removed edu."])
            #expect(await bot.say("/resources educacion").first?.hasPrefix("No resource matches") == true)
            #expect(await bot.say("/resources theme-climate") == ["climate-a Adult learning <https://example.org/a>"])
        }
    }

    @Test func theLinkCheckReportsDeadLinksAndAppliesItsOwnTimeLimitToAHangingOne() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/http_test_server.py")
        let server = try await LocalServerProcess(script: script)
        let base = server.baseURL
        let target = (base + "/status/200").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let hop = (base + "/redirect?to=" + target).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let configuration = ResourcesConfiguration(resources: [
            .init(
                id: "ok", title: "Fine", url: base + "/status/200", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
            .init(
                id: "gone", title: "Gone", url: base + "/status/404", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
            .init(
                id: "hops", title: "Hops", url: base + "/redirect?to=" + hop, tags: nil, description: nil,
                language: nil, team: nil, sessions: nil),
            // Answers after 8 s: reported as timed out only if the checker's own 1 s limit was applied.
            .init(
                id: "slow", title: "Slow", url: base + "/hold?ms=8000", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
            .init(
                id: "closed", title: "Closed", url: "http://127.0.0.1:1/", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
        ])
        let plugin = LoadedPlugin(
            try ResourcesPlugin(configuration: configuration, checker: LinkCheckingOverHTTP(timeout: .seconds(1))))
        try await withTestBot(plugins: [plugin], roster: roster) { bot in
            let said = await bot.say("/resources check", from: "fac", replies: 2, timeout: .seconds(30))
            #expect(said.first == "Checking 5 links…")
            let report = said.dropFirst().joined(separator: "\n")
            #expect(report.contains("3 of 5 links are broken"))
            #expect(report.contains("gone Gone: HTTP 404"))
            #expect(report.contains("slow Slow: timed out"))
            #expect(report.contains("closed Closed: connection refused"))
            #expect(!report.contains("hops"))
            #expect(!report.contains("ok Fine"))
        }
    }
}

/// A link checker for a bot without network: no host is found.
struct NoNetwork: LinkChecking {
    func check(_ urls: [String]) async -> [String: LinkState] {
        Dictionary(uniqueKeysWithValues: urls.map { ($0, LinkState.unreachable(.hostNotFound)) })
    }
}

struct NoNetworkTests {
    @Test func whenNoLinkCanBeReachedTheReportSuspectsTheBotsNetworkNotTheLinks() async throws {
        let configuration = ResourcesConfiguration(resources: [
            .init(
                id: "a", title: "A", url: "https://example.org/a", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
            .init(
                id: "b", title: "B", url: "https://example.net/b", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
        ])
        let plugin = LoadedPlugin(try ResourcesPlugin(configuration: configuration, checker: NoNetwork()))
        let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
        try await withTestBot(plugins: [plugin], roster: roster) { bot in
            let report = await bot.say("/resources check", from: "fac", replies: 2).dropFirst().joined(separator: "\n")
            #expect(
                report
                    == "None of the 2 links could be reached (host not found).\nThe bot may have no network or name service; nothing is reported broken. Try again later."
            )
        }
    }
}

struct OtherPluginsLinksTests {
    @Test func theCheckTakesTheSessionsMeetingLinksAndTheDeadlinesLinksToo() async throws {
        let configuration = ResourcesConfiguration(resources: [
            .init(
                id: "a", title: "A", url: "https://example.org/a", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil)
        ])
        let resources = LoadedPlugin(try ResourcesPlugin(configuration: configuration, checker: FakeLinks()))
        // Stand-ins answering the agenda's and the deadlines plugin's lookups as they do: an id and a URL each.
        let agenda = LoadedPlugin(
            name: "agenda", summary: "agenda", commands: [],
            lookups: [
                Lookup("session-links") { _, _ in
                    [
                        "opening", "https://meet.example.org/gone-room", "review", "https://meet.example.org/ok",
                    ]
                }
            ])
        let deadlines = LoadedPlugin(
            name: "deadlines", summary: "deadlines", commands: [],
            lookups: [Lookup("deadline-links") { _, _ in ["first-draft", "https://docs.example.org/gone"] }])
        let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
        try await withTestBot(plugins: [resources, agenda, deadlines], roster: roster) { bot in
            let report = await bot.say("/resources check", from: "fac", replies: 2).dropFirst().joined(separator: "\n")
            #expect(
                report
                    == "2 of 4 links are broken:\nsession opening: HTTP 404\ndeadline first-draft: HTTP 404",
                "\(report)")
            // A Russian reader reads what each link belongs to in Russian.
            let russian = await bot.say("/resources check", from: "fac", replies: 2, language: "ru").dropFirst()
                .joined(separator: "\n")
            #expect(russian.hasSuffix("\nзанятие opening: HTTP 404\nсрок first-draft: HTTP 404"), "\(russian)")
        }
    }
}

/// A link checker that calls every link with "gone" in it broken.
struct FakeLinks: LinkChecking {
    func check(_ urls: [String]) async -> [String: LinkState] {
        Dictionary(
            uniqueKeysWithValues: urls.map { ($0, $0.contains("gone") ? LinkState.broken(.httpStatus(404)) : .working) }
        )
    }
}

struct DailyCheckTests {
    @Test func theDailyCheckReportsBrokenLinksAndBooksTheNextDay() async throws {
        var configuration = ResourcesConfiguration(resources: [
            .init(
                id: "fine", title: "Fine", url: "https://example.org/fine", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
            .init(
                id: "old", title: "Old", url: "https://example.org/gone", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
        ])
        configuration.dailyCheck = .init(
            at: "06:00", timeZone: "Europe/Berlin", reportTo: [ChatRef(platform: "test", id: "facilitators")])
        let plugin = LoadedPlugin(try ResourcesPlugin(configuration: configuration, checker: FakeLinks()))
        let fiveAM = ISO8601DateFormatter().date(from: "2021-11-09T04:00:00Z")!  // 05:00 in Berlin
        try await withTestBot(plugins: [plugin], now: fiveAM) { bot in
            let held = await eventually { bot.clock.sleeperCount > 0 }
            #expect(held)
            bot.clock.advance(by: 3600)
            let held2 = await eventually { bot.channel.sent.count == 1 }
            #expect(held2)
            let report = try #require(bot.channel.sent.first)
            #expect(report.chat.id == "facilitators")
            #expect(report.reply.plainText == "1 of 2 links are broken:\nold Old: HTTP 404")
            let pending = try await bot.store.transaction {
                try $0.jobs(owner: "resources", keyPrefix: "daily-check", states: [.pending])
            }
            #expect(pending.map(\.dueAt) == [fiveAM.addingTimeInterval(3600 + 86_400)])
        }
    }
}

/// The last link check on the dashboard: kept by `/resources check`, shown to facilitators only.
struct LinkCheckDashboardTests {
    @Test func theLastCheckShowsEachBrokenLinkWithWhyToFacilitatorsOnly() async throws {
        let configuration = ResourcesConfiguration(resources: [
            .init(
                id: "fine", title: "Fine", url: "https://example.org/fine", tags: nil, description: nil, language: nil,
                team: nil, sessions: nil),
            .init(
                id: "old", title: "Old <guide>", url: "https://example.org/gone", tags: nil, description: nil,
                language: nil, team: nil, sessions: nil),
        ])
        let plugin = try ResourcesPlugin(configuration: configuration, checker: FakeLinks())
        let facilitator = UserRef(platform: "test", id: "fac")
        let lao = Team(id: "lao", name: "Lao PDR", chats: [])
        let roster = Roster(teams: [lao], facilitators: [facilitator])
        try await withTestBot(plugins: [LoadedPlugin(plugin)], roster: roster) { bot in
            let context = PluginContext(
                clock: bot.clock, logger: Logger(label: "test"),
                storage: PluginStorage(namespace: "resources", store: bot.store, clock: bot.clock), roster: roster,
                localization: Localization(shipped: ResourcesMessages.tables))
            let utc = TimeZone(identifier: "UTC") ?? .gmt
            let texts = context.localization.texts(.english)
            let viewer = DashboardViewer(
                user: facilitator, scope: .facilitator, zone: utc, workshopZone: utc, texts: texts)
            let before = try await plugin.dashboardSections(for: viewer, context)
            #expect(before.first?.summary == "No link check yet: /resources check runs one.")
            await bot.say("/resources check", from: "fac", replies: 2)
            let after = try await plugin.dashboardSections(for: viewer, context)
            let section = try #require(after.first)
            #expect(
                section.summary == "Last check Mon 8 Nov 08:00 (UTC): 1 of 2 links did not work.", "\(section.summary)")
            guard case .table(let table)? = section.blocks.last else {
                Issue.record("no table: \(section.blocks)")
                return
            }
            #expect(table.rows == [["old Old <guide>", "https://example.org/gone", "HTTP 404"]])
            let member = DashboardViewer(
                user: UserRef(platform: "test", id: "bounmy"), scope: .team(lao), zone: utc, workshopZone: utc,
                texts: texts)
            let hidden = try await plugin.dashboardSections(for: member, context)
            #expect(hidden.isEmpty)
        }
    }
}
