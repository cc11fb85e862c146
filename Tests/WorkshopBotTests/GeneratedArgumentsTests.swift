import BotConfig
import BotCore
import BotRuntime
import BotTesting
import Foundation
import ResourcesPlugin
import Testing

@testable import WorkshopBot

/// Every command of every plugin the executable offers, loaded from the shipped `plugins-config/` and run
/// through the real runtime (parser, option binding, role checks, dispatcher, SQLite store, scheduler) with
/// arguments from a seeded generator: extreme numbers, huge durations, impossible dates, long and unusual
/// text, unbalanced quotes, options with and without values, subcommand names and the ids of real polls,
/// deadlines, resources, sessions and reminders. No input may crash the process, fail a handler
/// ("Something went wrong") or make it overrun its time limit ("took too long"), and no scheduled job they
/// booked may fail when it fires.
struct GeneratedArgumentsTests {
    /// The first morning of the sample workshop: 8 November 2021, 08:30 in Hamburg.
    static let now = Date(timeIntervalSince1970: 1_636_356_600)

    @Test func everyCommandOfEveryPluginSurvivesGeneratedArguments() async throws {
        let folder = try Self.sampleConfig()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The executable's plugins, with a link checker that answers at once instead of going to the network.
        let factories = availablePlugins.map { factory in
            factory.name == ResourcesPlugin.name
                ? PluginFactory(ResourcesPlugin.self) {
                    try ResourcesPlugin(configuration: $0, checker: InstantLinkChecker())
                }
                : factory
        }
        let configuration = try ConfigLoader(factories: factories, channels: availableChannels).load(
            directory: folder.path)
        let commands = configuration.plugins.flatMap(\.commands)
        #expect(
            Set(configuration.plugins.map(\.name)) == Set(availablePlugins.map(\.name)),
            "the sample enables every plugin")
        let known = try Self.knownIDs(in: folder)

        let store = FileManager.default.temporaryDirectory.appendingPathComponent(
            "generated-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: store) }
        // Two runs on one store: the second starts on what the first left (a restart runs every plugin's start-up
        // again over the deadlines, polls and reminders the generated commands stored).
        var replies: [String] = []
        var failed: [String] = []
        for (run, (batches, start)) in [
            ([2_000, 2_000], Self.now), ([2_000], Self.now.addingTimeInterval(2 * 86_400)),
        ].enumerated() {
            let (sent, failures) = try await withTestBot(
                plugins: configuration.plugins, roster: configuration.roster, configuration: configuration.bot,
                pluginChats: configuration.pluginChats, now: start, storeDirectory: store
            ) { bot in
                var generator = ArgumentGenerator(seed: 0x5EED_2021 &+ UInt64(run), commands: commands, ids: known)
                var pushed = 0
                for count in batches {
                    for _ in 0..<count {
                        let (text, speaker) = generator.next()
                        bot.channel.push(
                            bot.channel.message(
                                text, from: speaker.user, in: speaker.chat, at: bot.clock.now(),
                                isDirect: speaker.isDirect))
                        pushed += 1
                    }
                    // Every message handled: its changes committed and its reply sent.
                    let expected = pushed
                    _ = await eventually(timeout: .seconds(120)) { bot.channel.deliveryReceipts.count == expected }
                    for receipt in bot.channel.deliveryReceipts { _ = await receipt.handled() }
                    // The reminders and scheduled jobs booked so far become ids to use; then a day passes, and what
                    // was booked for it fires.
                    let jobs = try await bot.store.transaction { try $0.jobs(in: .pending, limit: 1_000) }
                    generator.learn(
                        jobs.compactMap {
                            $0.key?.hasPrefix("reminder/") == true ? $0.key.map { String($0.dropFirst(9)) } : nil
                        })
                    generator.learn(jobs.prefix(20).map { String($0.id) })
                    bot.clock.advance(by: 86_400)
                    _ = await bot.bot.scheduler.fireDueJobs()
                }
                let failed = try await bot.store.transaction { try $0.jobs(in: .failed, limit: 100) }
                #expect(pushed == batches.reduce(0, +))
                return (
                    bot.channel.sent.map(\.reply.plainText), failed.map { "\($0.owner)/\($0.kind): \($0.note ?? "")" }
                )
            }
            replies += sent
            failed += failures
        }
        #expect(failed.isEmpty, "jobs failed: \(failed)")
        #expect(replies.count >= 6_000, "every command is answered")
        let broken = replies.filter { $0.contains("Something went wrong") || $0.contains("took too long") }
        #expect(broken.isEmpty, "\(broken.count) failures, first: \(broken.prefix(3))")
    }

    /// A copy of the shipped `plugins-config`, its roster's console identities moved to the test channel's
    /// platform so the same people are facilitators and team members.
    static func sampleConfig() throws -> URL {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generated-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: repository.appendingPathComponent("plugins-config"), to: folder)
        let roster = folder.appendingPathComponent("roster.yaml")
        let text = try String(contentsOf: roster, encoding: .utf8).replacingOccurrences(of: "console:", with: "test:")
        try text.write(to: roster, atomically: true, encoding: .utf8)
        return folder
    }

    /// The ids the sample files define (sessions, resources, deadlines) and the poll templates' names.
    static func knownIDs(in folder: URL) throws -> [String] {
        var ids: [String] = []
        for file in ["agenda.yaml", "resources.yaml", "deadlines.yaml"] {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("- id:") { ids.append(trimmed.dropFirst(5).trimmingCharacters(in: .whitespaces)) }
            }
        }
        let voting = try String(contentsOf: folder.appendingPathComponent("voting.yaml"), encoding: .utf8)
        for line in voting.split(separator: "\n")
        where line.hasPrefix("  ") && !line.hasPrefix("   ") && line.hasSuffix(":") {
            ids.append(line.trimmingCharacters(in: .whitespaces).dropLast().description)
        }
        #expect(ids.count > 10, "the sample's ids were found")
        return ids
    }
}

/// A link checker that finds every link working, without the network.
private struct InstantLinkChecker: LinkChecking {
    func check(_ urls: [String]) async -> [String: LinkState] {
        Dictionary(urls.map { ($0, LinkState.working) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Who says a generated command, and where.
struct Speaker {
    var user: String
    var chat: String
    var isDirect: Bool
}

/// Seeded generation of command lines: the same seed gives the same lines, so a failure can be replayed.
struct ArgumentGenerator {
    private var state: UInt64
    let commands: [Command]
    private var ids: [String]

    init(seed: UInt64, commands: [Command], ids: [String]) {
        state = seed
        self.commands = commands
        self.ids = ids + ["1", "2", "3", "#1", "#2", "#3", "#0", "#-1", "#99999999999999999999"]
    }

    /// Adds ids seen at run time (reminders, scheduled jobs).
    mutating func learn(_ more: [String]) { ids += more.prefix(40) }

    /// SplitMix64.
    private mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { Int(random() % UInt64(bound)) }
    private mutating func pick(_ list: [String]) -> String { list[below(list.count)] }
    private mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    static let numbers = [
        "\(Int.min)", "\(Int.max)", "1" + String(repeating: "0", count: 30), "-1", "0", "-7", "1", "2", "3", "10", "21",
        "9223372036854775808", "99999999999999999999", "1e308", "NaN", "-0", "+3", "٣", "½", "0x10",
    ]
    static let durations = [
        "99999999999999999999h", "9999999999999999s", "5s", "90m", "1h30m", "0h", "-5m", "2d", "365d", "366d",
        "1000000d", "١٢h", "h", "24h,2h", "48h,99999999999999999999h", "1m", "2h", "10m", "7d", "8d",
        "1h,1h,1h,1h,1h,1h,1h,1h,1h,1h,1h",
    ]
    /// Durations no person means, which once reached the store's date conversion or an `Int(_:)`.
    static let extremeDurations = [
        "99999999999999999999h", "9999999999999999s", "48h,99999999999999999999h", "1000000d", "106751991167300d",
    ]
    static let dates = [
        "9999-12-31", "0000-01-01", "2021-11-19", "2021-11-22", "2021-02-31", "1969-12-31", "99999-01-01", "2021-13-01",
        "2022-11-08", "2023-01-01", "-2021-11-19", "2021-11-08T10:00", "١٢٣٤-01-01", "2021-9223372036854775807-01",
        "2021-01-99999999999999999999", "+2021-11-19",
    ]
    static let times = ["10:00", "25:61", "-1:00", "09:00", "23:59", "00:00", "99999999999999999999:00", "9:5", "12"]
    static let texts = [
        "", " ", String(repeating: "x", count: 5_000), String(repeating: "ab ", count: 400), "🎉👩‍👩‍👧 party",
        "مرحبا بالعالم", "שלום", "e\u{301}\u{301}\u{301}\u{301}", "\u{200B}\u{2060}", "\"unbalanced", "“curly",
        "'single",
        "<b>html</b> &amp;", "@room", "@everyone hi", "#tag", "https://example.org/x", "javascript:alert(1)",
        "http://user:pw@example.org/", "stretch", "Topic A", "Topic B", "Lao PDR", "lao", "mongolia", "nosuch",
        "Europe/Berlin", "Asia/Almaty", "Mars/Olympus", "\\", "`code`", "*bold*", "\u{0}", "\t", "--", "—team lao",
    ]
    static let words = [
        "add", "move", "cancel", "done", "new", "start", "close", "reopen", "results", "list", "nudge", "export",
        "edit",
        "remove", "check", "mute", "search", "today", "tomorrow", "week", "all", "me", "team", "in", "at", "every",
        "day",
        "weekday", "help", "ping", "~1", "+1", "-1", "~-9223372036854775808", "+99999999999999999999", "-2",
    ]
    static let options = [
        "--max", "--max 0", "--max 2", "--max -9223372036854775808", "--dots 21", "--dots 2", "--dots 0", "--closes",
        "--closes \"9999-12-31 10:00\"", "--closes \"2021-11-09 10:00\"", "--closes \"0000-01-01 00:00\"",
        "--closes \"99999999999-01-01 10:00\"", "--closes \"2021-11-09 99:99\"", "--remind 99999999999999999999h",
        "--remind 48h,2h", "--remind", "--zone Asia/Almaty", "--zone Mars/Olympus", "--team lao", "--team nosuch",
        "--method dots", "--method multi", "--method ranked", "--method single", "--method x", "--anonymous", "--live",
        "--hold", "--", "—team lao", "--unknown", "--max=5", "--anonymous=yes", "--title \"New title\"",
        "--url https://example.org/new", "--url http://user:pw@evil.example/",
        "--desc \"" + String(repeating: "d", count: 1_500) + "\"",
        "--tags a,b,c", "--tags " + (1...30).map { "t\($0)" }.joined(separator: ","),
    ]

    static let pollTexts = [
        "Option A", "Option B", "Learning cities", "🎉 emoji", "مرحبا", String(repeating: "o", count: 100),
        String(repeating: "o", count: 101), "option a", "@room", "e\u{301}",
    ]
    static let closings = [
        "9999-12-31 10:00", "2021-11-09 10:00", "2021-11-08 09:00", "0000-01-01 00:00", "99999999999-01-01 10:00",
        "2021-11-09 99:99", "2022-11-08 10:00", "2021-02-31 10:00", "2021-11-09", "10:00",
    ]

    /// A value for the option `name`, from the pool that fits it (and now and then from any pool).
    private mutating func value(for name: String) -> String {
        if chance(15) { return argument() }
        switch name {
        case "max", "dots": return pick(Self.numbers)
        case "closes": return "\"\(pick(Self.closings))\""
        case "remind": return chance(40) ? pick(Self.extremeDurations) : pick(Self.durations)
        case "zone":
            return chance(70) ? pick(["Asia/Almaty", "Europe/Berlin", "UTC"]) : pick(["Mars/Olympus", "", "utc"])
        case "team": return chance(70) ? pick(["lao", "mongolia"]) : pick(["nosuch", "LAO", ""])
        case "method": return pick(["single", "multi", "dots", "ranked", "x"])
        case "url":
            return pick([
                "https://example.org/new", "http://user:pw@evil.example/", "javascript:alert(1)",
                "https://example.org/" + String(repeating: "p", count: 2_100),
            ])
        case "tags":
            return pick([
                "a,b,c", (1...30).map { "t\($0)" }.joined(separator: ","), String(repeating: "t", count: 60), ",,,",
            ])
        default: return "\"\(pick(Self.texts + [String(repeating: "d", count: 1_500)]))\""
        }
    }

    /// A date, mostly one within the coming year (so the command goes on to its other arguments).
    private mutating func soonDate() -> String {
        chance(60) ? pick(["2021-11-19", "2021-12-01", "2022-06-01"]) : pick(Self.dates)
    }
    private mutating func soonTime() -> String { chance(60) ? pick(["10:00", "17:30"]) : pick(Self.times) }

    /// Up to three of the command's own options, as `--name value`, `--name=value`, a bare flag, or a value
    /// missing.
    private mutating func options(of command: Command) -> [String] {
        guard !command.options.isEmpty else { return chance(5) ? [pick(Self.options)] : [] }
        return (0..<below(3)).flatMap { _ -> [String] in
            let option = command.options[below(command.options.count)]
            let dash = chance(10) ? "—" : "--"
            guard option.takesValue else {
                return chance(10) ? ["\(dash)\(option.name)=yes"] : ["\(dash)\(option.name)"]
            }
            switch below(10) {
            case 0: return ["\(dash)\(option.name)"]
            case 1: return ["\(dash)\(option.name)=\(value(for: option.name))"]
            default: return ["\(dash)\(option.name)", value(for: option.name)]
            }
        }
    }

    /// One argument, of any kind.
    private mutating func argument() -> String {
        switch below(8) {
        case 0: return pick(Self.numbers)
        case 1: return pick(Self.durations)
        case 2: return pick(Self.dates)
        case 3: return pick(Self.times)
        case 4: return pick(Self.options)
        case 5: return pick(ids)
        case 6: return pick(Self.words)
        default:
            let text = pick(Self.texts)
            return chance(40) ? "\"\(text)\"" : text
        }
    }

    /// Lines shaped like the commands' real uses, with generated values in their slots, so generated values
    /// reach the code behind a valid start.
    private mutating func shaped(_ name: String) -> [String]? {
        switch name {
        case "remind":
            let when: [String]
            switch below(5) {
            case 0: when = ["in", chance(40) ? pick(Self.extremeDurations) : pick(Self.durations)]
            case 1:
                let every = chance(40) ? pick(Self.extremeDurations) : pick(Self.durations)
                when =
                    ["every", chance(70) ? every : pick(["day", "weekday"])] + (chance(50) ? [pick(Self.times)] : [])
            case 2: when = [pick(Self.dates), pick(Self.times)]
            case 3: when = ["at", pick(Self.times)]
            default: when = ["tomorrow", pick(Self.times)]
            }
            return [pick(["me", "team", "me", "you"])] + when + [chance(70) ? "stretch" : pick(Self.texts)]
        case "deadline":
            switch below(4) {
            case 0: return ["add", chance(60) ? "Brief" : "\"\(pick(Self.texts))\"", soonDate(), soonTime()]
            case 1: return ["move", pick(ids), soonDate(), soonTime()]
            case 2: return [pick(["cancel", "done"]), pick(ids)]
            default: return [pick(ids)]
            }
        case "poll":
            switch below(3) {
            case 0:
                let question = chance(80) ? "Which topic?" : pick(Self.texts)
                var choices = ["Option A", "Option B", "Option C"].prefix(2 + below(2)).map { $0 }
                if chance(40) { choices.append(pick(Self.pollTexts)) }
                return ["new", "\"\(question)\""] + choices.map { "\"\($0)\"" }
            case 1: return ["start", pick(ids)]
            default:
                return [pick(["close", "reopen", "results", "nudge", "export", "list"])]
                    + (chance(70) ? [pick(ids)] : [])
            }
        case "vote", "unvote":
            let poll = chance(70) ? ["#\(1 + below(6))"] : chance(30) ? [pick(ids)] : []
            let choice =
                chance(60)
                ? pick(["1", "2", "3", "~1", "~2", "+1", "+3", "-1", "-2", "Option A", "b"])
                : pick(Self.words + Self.numbers + Self.texts)
            return poll + [choice] + (chance(30) ? [pick(Self.numbers + ["1", "2"])] : [])
        case "resource":
            return [
                pick(["add", "edit", "remove"]), pick(ids + ["https://example.org/\(below(1000))"]), pick(Self.texts),
            ]
        case "reminder":
            return [chance(80) ? "cancel" : pick(Self.words), pick(ids)]
        case "upcoming":
            return chance(50) ? [pick(Self.durations)] : ["mute", pick(ids + Self.numbers)]
        case "agenda":
            return [pick(Self.dates + ["week", "today", "tomorrow", "search"]), pick(Self.texts + ["all"])]
        default: return nil
        }
    }

    /// The next command line and who says it where: the facilitator, a team member, or a guest outside the
    /// roster, in the workshop's group or in a direct chat.
    mutating func next() -> (String, Speaker) {
        // Half the time one of the commands that change state, so their deeper paths are reached often.
        let changing = commands.filter {
            ["poll", "vote", "unvote", "remind", "reminder", "deadline", "resource"].contains($0.name)
        }
        let command =
            chance(50) && !changing.isEmpty ? changing[below(changing.count)] : commands[below(commands.count)]
        let name = command.names[below(command.names.count)]
        var words: [String]
        if chance(70), let shape = shaped(command.name) {
            words = shape + options(of: command)
        } else if chance(50) {
            words = (0..<below(4)).map { _ in argument() } + options(of: command)
        } else {
            words = (0..<below(7)).map { _ in argument() }
            if chance(50), !words.isEmpty { words[0] = pick(Self.words) }
        }
        let speaker: Speaker
        switch below(7) {
        case 0, 1, 2: speaker = Speaker(user: "facilitator", chat: "workshop", isDirect: false)
        case 3, 4: speaker = Speaker(user: "bounmy", chat: "workshop", isDirect: false)
        case 5: speaker = Speaker(user: "guest", chat: "workshop", isDirect: false)
        default: speaker = Speaker(user: "saran", chat: "dm-saran", isDirect: true)
        }
        return ((["/" + name] + words).joined(separator: " "), speaker)
    }
}
