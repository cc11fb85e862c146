import BotTesting
import Foundation
import Testing

/// Runs the real `workshop-bot` executable, as a facilitator would, and reads what it prints.
struct ConsoleEndToEndTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var executable: URL { BotProcess.executable }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the workshop-bot executable from the repository folder, feeding `input`, with `environment` added.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) async throws
        -> Outcome
    {
        try await execute(executable, arguments, input: input, environment: environment)
    }

    /// Runs a tool (through /usr/bin/env), feeding `input`; returns its standard output, or throws when it fails.
    static func runTool(_ arguments: [String], input: String = "") async throws -> String {
        let outcome = try await execute(URL(fileURLWithPath: "/usr/bin/env"), arguments, input: input)
        guard outcome.status == 0 else { throw ToolError(message: "\(arguments[0]) failed: \(outcome.stderr)") }
        return outcome.stdout
    }

    private static func execute(
        _ program: URL, _ arguments: [String], input: String, environment: [String: String] = [:]
    ) async throws -> Outcome {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = repository
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Both pipes are read at once, each on a thread of its own: a child that fills one while the test
        // reads the other would wait forever.
        let outReader = stdout.fileHandleForReading, errReader = stderr.fileHandleForReading
        async let outRead = offThePool { outReader.readDataToEndOfFile() }
        async let errRead = offThePool { errReader.readDataToEndOfFile() }
        let (out, err) = await (outRead, errRead)
        await process.exited()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    struct ToolError: Error { var message: String }

    static func temporaryStore() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)/bot.sqlite").path
    }

    @Test func aPipedScriptGetsHelpIdentityAndAHint() async throws {
        let result = try await Self.run(
            ["console", "--config", "plugins-config", "--store", Self.temporaryStore()],
            input: "you: /help\nyou: /whoami\nyou: /nosuch\n")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("bot> ") }, "every reply line is prefixed: \(lines)")
        #expect(result.stdout.contains("Commands you can use here (participant):"))
        #expect(result.stdout.contains("/ping — Check that the bot answers"))
        #expect(result.stdout.contains("identity console:you"))
        #expect(result.stdout.contains("Role: participant"))
        #expect(result.stdout.contains("I don't know /nosuch. Type /help to see what I can do."))
        // Replies come in the order of the script.
        let help = try #require(result.stdout.range(of: "Commands you can use"))
        let whoami = try #require(result.stdout.range(of: "identity console:you"))
        let hint = try #require(result.stdout.range(of: "I don't know /nosuch"))
        #expect(help.lowerBound < whoami.lowerBound && whoami.lowerBound < hint.lowerBound)
    }

    /// Once started, the bot hands its code's pages back to the kernel (only start-up used most of them), and
    /// every command after that still runs: the pages come back from the executable as the code runs.
    @Test func theCodeIsPagedOutAfterStartUpAndCommandsStillRun() async throws {
        let result = try await Self.run(
            ["console", "--config", "plugins-config", "--store", Self.temporaryStore(), "--log-level", "debug"],
            input: "you: /ping\nyou: /help\nyou: /agenda\n")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let line = result.stderr.split(separator: "\n").first { $0.contains("start-up code paged out") }
        let logged = try #require(line, "stderr: \(result.stderr)")
        let bytes = logged.split(separator: "bytes=").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
        #expect(bytes > 1_000_000, "\(logged)")
        #expect(result.stdout.contains("bot> pong"), "\(result.stdout)")
        #expect(result.stdout.contains("Commands you can use here (participant):"))
    }

    @Test func rosterRolesAndTeamsShowInTheConsole() async throws {
        let result = try await Self.run(
            [
                "console", "--config", "plugins-config", "--store", Self.temporaryStore(), "--now",
                "2021-11-08T08:30:00+01:00",
            ],
            input: "facilitator: /whoami\nbounmy: /whoami\nping\n/ping@otherbot\n!ping\n")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("identity console:facilitator"))
        #expect(result.stdout.contains("Role: workshop facilitator (roster.yaml), in every chat of the workshop."))
        #expect(result.stdout.contains("Team: Lao PDR (lao)"))
        // Chatter and commands for other bots get no answer; `!ping` does.
        #expect(result.stdout.components(separatedBy: "pong").count - 1 == 1)
    }

    @Test func aFacilitatorRunsFourPollsByEveryMethodAndOnlyTheFacilitatorClosesThem() async throws {
        let script = try String(
            contentsOf: Self.repository.appendingPathComponent("Tests/Fixtures/poll-script.txt"), encoding: .utf8)
        let result = try await Self.run(
            [
                "console", "--config", "plugins-config", "--store", Self.temporaryStore(), "--now",
                "2021-11-10T10:00:00+01:00",
            ],
            input: script)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let out = result.stdout
        // The shipped template opens poll #1; three participants vote in four polls, one per method.
        #expect(out.contains("bot> Poll #1: Which key topic should your team prioritise?"))
        #expect(out.components(separatedBy: "Vote recorded").count - 1 == 12)
        #expect(
            out.contains("Sorry, /poll close is for facilitators only; you are a participant. Nothing was changed."))
        // Multiple choice (up to 2), single choice, dots and ranked, counted correctly.
        #expect(out.contains("██████████ 3 — Learning cities (100%)"))
        #expect(out.contains("Winner: Learning cities."))
        #expect(out.contains("███████░░░ 2 — Climate change (67%)"))
        #expect(out.contains("Winner: Climate change."))
        #expect(out.contains("████░░░░░░ 4 dots — Open resources (44%)"))
        #expect(out.contains("Winner: Open resources."))
        // A three-way tie in the first round is broken by list order, and the results say so.
        #expect(out.contains("Eliminated: Online course (tie between Webinar, Peer visit and Online course at 1,"))
        #expect(out.contains("Winner: Peer visit with 2 of 3, after the tie between Webinar, Peer visit and Online"))
        #expect(out.components(separatedBy: "3 of 5 participants voted.").count - 1 == 4)
        // The participant's attempt changed nothing: poll #1 closes once, by the facilitator, after it.
        let refusal = try #require(out.range(of: "is for facilitators only"))
        let closed = try #require(out.range(of: "Closed. Results of poll #1"))
        #expect(refusal.lowerBound < closed.lowerBound)
        #expect(out.components(separatedBy: "Closed. Results of poll #1").count - 1 == 1)
    }

    @Test func aPollExportIsAFileInTheExportsFolderBesideTheStore() async throws {
        let store = Self.temporaryStore()
        let folder = URL(fileURLWithPath: store).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.run(
            [
                "console", "--config", "plugins-config", "--store", store, "--now", "2021-11-10T10:00:00+01:00",
            ],
            input: """
                facilitator: /poll new "Lunch, or \\"coffee\\"?" "=1+1" Coffee
                bounmy: /vote 1
                facilitator: /poll close
                facilitator: /poll export 1

                """)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let file = folder.appendingPathComponent("exports/poll-1-lunch-or-coffee.csv")
        #expect(result.stdout.contains("bot> file: \(file.path) ("), "\(result.stdout)")
        let csv = try String(contentsOf: file, encoding: .utf8)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines.count == 3 && lines[2].isEmpty, "\(csv)")
        #expect(lines.first == "poll,option,voter,team,time")
        // The bot's clock runs on from --now, so the vote is within seconds of 10:00 in the workshop's zone.
        let row = lines.count > 1 ? lines[1] : ""
        #expect(row.hasPrefix("\"Lunch, or \"\"coffee\"\"?\",'=1+1,console:bounmy,Lao PDR,2021-11-10T10:0"), "\(row)")
        #expect(row.hasSuffix("+01:00"), "\(row)")
    }

    @Test func aMatrixSectionWithoutCredentialsStopsTheStartClearly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mx-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (settings, message) in [
            (
                "homeserver: https://matrix.example.org\n    user_id: \"@bot:example.org\"",
                "bot.yaml:5:5: channels.matrix: give access_token"
            ),
            (
                "homeserver: ftp://matrix.example.org\n    user_id: \"@bot:example.org\"\n    password: x",
                "bot.yaml:5:17: channels.matrix.homeserver: expected an http(s) URL"
            ),
            (
                "homeserver: https://matrix.example.org\n    user_id: bot\n    password: x",
                "bot.yaml:6:14: channels.matrix.user_id: expected a full Matrix user id"
            ),
        ] {
            try "store:\n  path: \(folder.path)/bot.sqlite\nchannels:\n  matrix:\n    \(settings)\n"
                .write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
            let result = try await Self.run(["run", "--config", folder.path])
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    @Test func checkConfigAcceptsTheSampleAndRejectsABrokenFileWithItsLine() async throws {
        let ok = try await Self.run(["check-config", "--config", "plugins-config"])
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout == "ok\n")

        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: broken) }
        try "name: workshop_bot\nplugins:\n  enabled: [help, ping]\ndispatch:\n  handler_timeot: 5s\n"
            .write(to: broken.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        let bad = try await Self.run(["check-config", "--config", broken.path])
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains("bot.yaml:5:3"), "stderr: \(bad.stderr)")
        #expect(bad.stderr.contains("handler_timeot"))

        // An invalid config also stops `console` before anything starts.
        let refused = try await Self.run(
            ["console", "--config", broken.path, "--store", Self.temporaryStore()], input: "/ping\n")
        #expect(refused.status == 1)
        #expect(!refused.stdout.contains("pong"))
    }

    @Test func checkConfigWarnsWhenOutsidersCanBringTheBotIntoTheirOwnChats() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let open = """
            channels:
              telegram:
                token: "1:x"
                admins_are_facilitators: true
              matrix:
                homeserver: https://matrix.example.org
                user_id: "@bot:example.org"
                password: pw
            """
        try open.write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        let warned = try await Self.run(["check-config", "--config", folder.path])
        #expect(warned.status == 0, "stderr: \(warned.stderr)")
        #expect(warned.stdout == "ok\n")
        #expect(
            warned.stderr.contains("warning: \(folder.path)/bot.yaml:6:5: channels.matrix: no rooms"),
            "\(warned.stderr)")
        #expect(
            warned.stderr.contains(
                "warning: \(folder.path)/bot.yaml:4:30: channels.telegram.admins_are_facilitators: group administrators are facilitators, with no allowed_chats"
            ),
            "\(warned.stderr)")

        // Listing the workshop's chats and rooms settles both.
        try open.replacingOccurrences(
            of: "admins_are_facilitators: true", with: "admins_are_facilitators: true\n    allowed_chats: [\"-100\"]"
        )
        .replacingOccurrences(of: "password: pw", with: "password: pw\n    rooms: [\"#workshop:example.org\"]")
        .write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        let quiet = try await Self.run(["check-config", "--config", folder.path])
        #expect(quiet.status == 0, "stderr: \(quiet.stderr)")
        #expect(!quiet.stderr.contains("warning"), "\(quiet.stderr)")
    }

    @Test func aStoreThatCannotBeWrittenStopsTheStartClearly() async throws {
        let result = try await Self.run(
            ["console", "--config", "plugins-config", "--store", "/proc/workshop-bot/bot.sqlite"], input: "/ping\n")
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot open the store at /proc/workshop-bot/bot.sqlite"))
        #expect(!result.stdout.contains("pong"))
    }

    @Test func reloadAndStatusWithoutABotOrStoreSayWhyInOneLine() async throws {
        let store = Self.temporaryStore()
        for command in ["reload", "status"] {
            let result = try await Self.run([command, "--config", "plugins-config", "--store", store])
            #expect(result.status == 1)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("Error: "), "\(result.stderr)")
            #expect(!result.stderr.contains("Usage"))
        }
    }

    @Test func eachSubcommandsHelpListsOnlyTheOptionsItTakes() async throws {
        let check = try await Self.run(["check-config", "--help"])
        #expect(check.stdout.contains("--config"))
        #expect(!check.stdout.contains("--store") && !check.stdout.contains("--log-level"), "\(check.stdout)")
        let reload = try await Self.run(["reload", "--help"])
        #expect(reload.stdout.contains("--store") && !reload.stdout.contains("--log-format"), "\(reload.stdout)")
        let console = try await Self.run(["console", "--help"])
        #expect(console.stdout.contains("--now") && console.stdout.contains("--log-level"))
        let status = try await Self.run(["status", "--help"])
        #expect(!status.stdout.contains("--now"))
    }

    @Test func badOptionsAreRefusedClearly() async throws {
        let result = try await Self.run(["console", "--config", "plugins-config", "--now", "yesterday"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--now expects an ISO 8601 time"))
    }
}

struct StatusCommandTests {
    @Test func statusShowsTheNextScheduledJobsFromTheStore() async throws {
        let store = ConsoleEndToEndTests.temporaryStore()
        let started = try await ConsoleEndToEndTests.run(
            ["console", "--config", "plugins-config", "--store", store, "--now", "2021-11-08T08:00:00+01:00"])
        #expect(started.status == 0)
        let status = try await ConsoleEndToEndTests.run(["status", "--config", "plugins-config", "--store", store])
        #expect(status.status == 0, "\(status.stderr)")
        let lines = status.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("scheduled jobs pending: ") == true)
        #expect(lines.first?.hasSuffix("the next ones (times in Europe/Berlin):") == true)
        try #require(lines.count == 13, "\(lines)")
        // In the workshop's zone, as /upcoming describes the job, with where it goes.
        #expect(lines[1] == "  Mon 8 Nov 08:50  agenda: “starting soon” for Opening plenary → console:workshop")
        #expect(lines[8].hasSuffix("Team drafting: China → console:china"), "\(lines)")
        #expect(lines[11] == "set aside after stopping the bot 2 times: 0")
        #expect(lines[12] == "failed jobs: 0")
    }

    /// A reminder's text is typed by a participant; `status` shows it on the operator's terminal.
    @Test func statusShowsControlCharactersInAJobsTextWithoutObeyingThem() async throws {
        let store = ConsoleEndToEndTests.temporaryStore()
        let started = try await ConsoleEndToEndTests.run(
            ["console", "--config", "plugins-config", "--store", store, "--now", "2021-11-08T08:00:00+01:00"],
            input: "bounmy: /remind team in 5m \u{1B}]0;PWNED\u{07}\u{1B}[31mred\n")
        #expect(started.status == 0)
        let status = try await ConsoleEndToEndTests.run(["status", "--config", "plugins-config", "--store", store])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("␛]0;PWNED␇␛[31mred"), "\(status.stdout)")
        #expect(!status.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test func statusOfAStoreThatDoesNotExistSaysSoAndCreatesNothing() async throws {
        let store = ConsoleEndToEndTests.temporaryStore()
        let status = try await ConsoleEndToEndTests.run(["status", "--config", "plugins-config", "--store", store])
        #expect(status.status != 0)
        #expect(status.stderr.contains("no store at \(store)"), "\(status.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}
