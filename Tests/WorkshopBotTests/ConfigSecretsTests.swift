import BotConfig
import BotCore
import BotRuntime
import BotTesting
import Foundation
import Logging
import Testing

@testable import WorkshopBot

/// `${NAME}` values never leave the configuration: not in `check-config`'s errors, not in start-up errors, not
/// in log lines, whichever field they are written in and whichever check finds the problem.
struct ConfigSecretsTests {
    static let sentinel = "SEKRIT2sync"
    static let environment = ["SECRET": sentinel, "SHORT": "zq"]

    /// One field of the sample config folder rewritten to hold a reference: in `file`, `original` becomes
    /// `replacement`; the error must be at the line of the reference, for `field`.
    struct Case: CustomTestStringConvertible, Sendable {
        var kind: String
        var file: String
        var original: String
        var replacement: String
        var field: String
        /// Where the error is, from the reference's line: a plugin may point at the entry that holds the field.
        var lineDelta = 0
        var testDescription: String { kind }
    }

    static let cases: [Case] = [
        Case(
            kind: "a string", file: "bot.yaml", original: "synchronous: normal", replacement: "synchronous: ${SECRET}",
            field: "store.synchronous"),
        Case(
            kind: "a number", file: "bot.yaml", original: "  console:\n",
            replacement: "  telegram:\n    token: \"123:abc\"\n    poll_timeout_s: ${SECRET}\n  console:\n",
            field: "channels.telegram.poll_timeout_s"),
        Case(
            kind: "a bool", file: "bot.yaml", original: "  console:\n",
            replacement: "  telegram:\n    token: \"123:abc\"\n    rate_limit: ${SECRET}\n  console:\n",
            field: "channels.telegram.rate_limit"),
        Case(
            kind: "a duration", file: "bot.yaml", original: "handler_timeout: 10s",
            replacement: "handler_timeout: ${SECRET}", field: "dispatch.handler_timeout"),
        Case(
            kind: "a time zone of the roster", file: "roster.yaml", original: "time_zone: Asia/Vientiane",
            replacement: "time_zone: ${SECRET}", field: "teams[lao].time_zone"),
        Case(
            kind: "a time zone checked by a plugin", file: "deadlines.yaml",
            original: "default_time_zone: Europe/Berlin", replacement: "default_time_zone: ${SECRET}",
            field: "default_time_zone"),
        Case(
            kind: "a zone checked by the agenda", file: "agenda.yaml", original: "  time_zone: Europe/Berlin\n",
            replacement: "  time_zone: ${SECRET}\n", field: "workshop.time_zone"),
        Case(
            kind: "a URL of a channel", file: "bot.yaml", original: "  console:\n",
            replacement:
                "  matrix:\n    homeserver: \"tcp://${SECRET}:1\"\n    user_id: \"@bot:example.org\"\n    access_token: t0ken\n  console:\n",
            field: "channels.matrix.homeserver"),
        Case(
            kind: "a URL checked by a plugin", file: "resources.yaml",
            original: "url: https://uil.unesco.org/lifelong-learning/covid-19", replacement: "url: ${SECRET}",
            field: "resources[covid-education]", lineDelta: -2),
        Case(
            kind: "a link checked by a plugin", file: "deadlines.yaml",
            original: "link: https://docs.example.org/workshop-2021/action-plan-template",
            replacement: "link: ${SECRET}",
            field: "deadlines[first-draft].link"),
        Case(
            kind: "a list element", file: "bot.yaml", original: "voting, dashboard]",
            replacement: "voting, dashboard, \"${SECRET}\"]", field: "plugins.enabled[#11]"),
        Case(
            kind: "a list element of chats", file: "bot.yaml", original: "  grace_period: 1h\n",
            replacement: "  grace_period: 1h\n  report_chats: [\"${SECRET}\"]\n", field: "scheduler.report_chats[#1]"),
        Case(
            kind: "a list element checked by a plugin", file: "deadlines.yaml", original: "remind: [72h, 24h, 2h]",
            replacement: "remind: [72h, \"${SECRET}\", 2h]", field: "deadlines[first-draft].remind[#2]"),
        Case(
            kind: "a key of a plugin config", file: "deadlines.yaml", original: "quiet_hours: 22:00-07:00\n",
            replacement: "quiet_hours: 22:00-07:00\n${SECRET}: 1\n", field: "${SECRET}"),
        Case(
            kind: "a channel token", file: "bot.yaml", original: "  console:\n",
            replacement: "  telegram:\n    token: ${SECRET}\n  console:\n", field: "channels.telegram.token"),
        Case(
            kind: "a roster entry", file: "roster.yaml", original: "console:bounmy: lao",
            replacement: "console:bounmy: ${SECRET}", field: "participants.console:bounmy"),
        Case(
            kind: "a roster facilitator", file: "roster.yaml", original: "  - console:facilitator\n",
            replacement: "  - ${SECRET}\n", field: "facilitators[#1]"),
        Case(
            kind: "a short value in quotes", file: "roster.yaml", original: "console:saran: mongolia",
            replacement: "console:saran: ${SHORT}", field: "participants.console:saran"),
        Case(
            kind: "an address", file: "bot.yaml", original: "# metrics:\n",
            replacement: "metrics:\n  listen: ${SECRET}\n# metrics:\n", field: "metrics.listen"),
        Case(
            kind: "a store URL", file: "bot.yaml", original: "  path: ./data/workshop-bot.sqlite\n",
            replacement: "  url: \"postgres://bot@db/w?sslmode=${SECRET}\"\n", field: "store.url"),
    ]

    static let sample = ConsoleEndToEndTests.repository.appendingPathComponent("plugins-config")

    /// A copy of the sample folder with `change` made; returns the folder and the 1-based line of the reference.
    static func folder(with change: Case) throws -> (URL, Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: sample.path) {
            try FileManager.default.copyItem(
                at: sample.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let file = folder.appendingPathComponent(change.file)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(change.original), "the sample no longer has \(change.original)")
        let changed = text.replacingOccurrences(of: change.original, with: change.replacement)
        try changed.write(to: file, atomically: true, encoding: .utf8)
        let lines = changed.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("${SECRET}") || $0.contains("${SHORT}") }) + 1
        return (folder, line + change.lineDelta)
    }

    @Test("a ${ENV} value in every kind of field never appears in check-config's errors", arguments: cases)
    func referencedValuesNeverAppearInErrors(change: Case) throws {
        let (folder, line) = try Self.folder(with: change)
        defer { try? FileManager.default.removeItem(at: folder) }
        let loader = ConfigLoader(
            factories: availablePlugins, channels: availableChannels, environment: Self.environment)
        let errors = try #require(throws: ConfigErrors.self) { try loader.load(directory: folder.path) }
        let text = errors.description
        #expect(!text.contains(Self.sentinel), "\(text)")
        #expect(!text.contains("\"zq\""), "\(text)")
        let located = "\(folder.appendingPathComponent(change.file).relativePath):\(line):"
        #expect(
            errors.issues.contains { $0.description.hasPrefix(located) && $0.field == change.field },
            "no error at \(located) for \(change.field): \(text)")
    }

    /// Runs the real executable with the sentinel in its environment.
    static func runExecutable(_ arguments: [String], input: String = "") async throws -> ConsoleEndToEndTests.Outcome {
        try await ConsoleEndToEndTests.run(arguments, input: input, environment: Self.environment)
    }

    @Test func checkConfigPrintsTheReferenceNotTheValue() async throws {
        let change = Self.cases[5]  // the plugin's own zone check, which quotes the value it refuses
        let (folder, line) = try Self.folder(with: change)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.runExecutable(["check-config", "--config", folder.path])
        #expect(result.status == 1)
        #expect(!(result.stdout + result.stderr).contains(Self.sentinel), "\(result.stderr)")
        #expect(result.stderr.contains("deadlines.yaml:\(line):"), "\(result.stderr)")
        #expect(result.stderr.contains("${SECRET}"), "\(result.stderr)")
    }

    @Test func aStartUpErrorPrintsTheReferenceNotTheValue() async throws {
        let change = Case(
            kind: "a store path", file: "bot.yaml", original: "path: ./data/workshop-bot.sqlite",
            replacement: "path: /proc/${SECRET}/bot.sqlite", field: "store.path")
        let (folder, _) = try Self.folder(with: change)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.runExecutable(["console", "--config", folder.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot open the store at /proc/${SECRET}/bot.sqlite"), "\(result.stderr)")
        #expect(!(result.stdout + result.stderr).contains(Self.sentinel))
    }

    /// A value substituted into a field the bot shows in chat (the console's chat and user names, which
    /// `/whoami` repeats) is written as its reference in every reply.
    @Test func repliesShowTheReferenceNotTheValue() async throws {
        let change = Case(
            kind: "the console's names", file: "bot.yaml", original: "chat: workshop\n    default_user: you",
            replacement: "chat: ${SECRET}\n    default_user: ${SECRET}", field: "")
        let (folder, _) = try Self.folder(with: change)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ConsoleEndToEndTests.temporaryStore()
        let result = try await Self.runExecutable(
            ["console", "--config", folder.path, "--store", store], input: "/whoami\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("console:${SECRET}"), "\(result.stdout)")
        #expect(!(result.stdout + result.stderr).contains(Self.sentinel), "\(result.stdout)")
    }

    /// Replies are searched for values byte for byte before any copy is made; every text a reader sees is
    /// covered, and a value of one or two characters only where it stands quoted.
    @Test func aReplyIsRedactedWhereverTheValueStandsAndOnlyThen() {
        var secrets = ConfigSecrets()
        secrets.add("tok-123456", reference: "${TOKEN}")
        secrets.add("ab", reference: "${SHORT}")
        let clean: Reply = "Agenda \(bold: "today") \(link: "https://x.org/a", title: "slides") · über"
        #expect(!clean.containsText(where: secrets.mayOccur))
        let places: [Reply] = [
            "token tok-123456 here", "\(bold: "xtok-123456x")", "\(link: "https://x.org/?t=tok-123456", title: "t")",
            Reply(lines: ["ok"], buttons: [[Button("tok-123456", command: "/ping")]]),
        ]
        for reply in places {
            #expect(reply.containsText(where: secrets.mayOccur), "\(reply.plainText)")
            let shown = reply.mapText(secrets.redact)
            let buttons = shown.buttons.flatMap { $0.map(\.title) }.joined()
            #expect(!(shown.plainText + buttons).contains("tok-123456"), "\(shown.plainText)")
            #expect((shown.plainText + buttons).contains("${TOKEN}"), "\(shown.plainText)")
        }
        // A text file the reply carries is searched and redacted too; other bytes are left alone.
        let file = Reply(
            lines: ["export"],
            attachment: Attachment(fileName: "poll.csv", mediaType: "text/csv", data: Data("a,tok-123456\r\n".utf8)))
        #expect(file.containsText(where: secrets.mayOccur))
        #expect(file.mapText(secrets.redact).attachment?.data == Data("a,${TOKEN}\r\n".utf8))
        let image = Reply(
            lines: ["x"],
            attachment: Attachment(fileName: "a.png", mediaType: "image/png", data: Data("tok-123456".utf8)))
        #expect(!image.containsText(where: secrets.mayOccur))
        #expect(secrets.redact("table, 'ab' and ab") == "table, '${SHORT}' and ab")
        #expect(!secrets.mayOccur(in: "a b"))
        #expect(secrets.redact("e\u{301}tok-123456") == "e\u{301}${TOKEN}")
    }

    @Test func logLinesShowTheReferenceNotTheValue() {
        let secrets = LogSecrets()
        let lines = LogLines()
        var logger = Logger(label: "test") { _ in RedactingLogHandler(base: lines.handler, secrets: secrets) }
        logger[metadataKey: "early"] = "set before the config was read: \(Self.sentinel)"
        secrets.hide(ConfigSecrets(referencedIn: ["token: ${SECRET}"], environment: Self.environment))
        logger.error(
            "getUpdates failed for https://api.example.org/bot\(Self.sentinel)/getUpdates",
            metadata: ["error": "HTTP 401 \(Self.sentinel)", "list": [.string(Self.sentinel)]])
        logger[metadataKey: "chat"] = "\(Self.sentinel)"
        logger.info("again")
        let text = lines.all.joined(separator: "\n")
        #expect(lines.all.count == 2)
        #expect(text.contains("bot${SECRET}/getUpdates"))
        #expect(!text.contains(Self.sentinel), "\(text)")
    }
}
