import BotTesting
import Foundation
import Testing

/// The executable on a PostgreSQL store, chosen with `--store` or with `store.url` in `bot.yaml`, against the
/// real test server: the bot answers, `status` reads what it stored, and a URL it cannot use stops it clearly.
struct PostgresCommandLineTests {
    /// How many of the agenda's jobs `status` counts as pending (`scheduled jobs pending: 57 (agenda 16, ...`).
    static func pendingAgendaJobs(_ status: String) -> Int {
        guard let range = status.range(of: "(agenda ") else { return 0 }
        return Int(status[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    @Test func theBotRunsOnAPostgresStoreGivenOnTheCommandLine() async throws {
        let server = try await PostgresTestServer.shared()
        let database = try await server.createDatabase()
        let url = server.url(database: database)
        let console = try await ConsoleEndToEndTests.run(
            [
                "console", "--config", "plugins-config", "--store", url, "--now", "2021-11-08T08:00:00+01:00",
            ], input: "/ping\n")
        let status = try await ConsoleEndToEndTests.run(["status", "--config", "plugins-config", "--store", url])
        try await server.dropDatabase(database)
        #expect(console.status == 0, "\(console.stderr)")
        #expect(console.stdout.contains("pong"), "\(console.stdout)")
        #expect(status.status == 0, "\(status.stderr)")
        // The sample's agenda scheduled its posts in the database, and status reads them from there.
        #expect(Self.pendingAgendaJobs(status.stdout) > 0, "\(status.stdout)")
        #expect(status.stdout.contains("agenda: “starting soon” for Opening plenary"), "\(status.stdout)")
    }

    @Test func theBotRunsOnThePostgresStoreBotYamlNames() async throws {
        let server = try await PostgresTestServer.shared()
        let database = try await server.createDatabase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pg-config-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: ConfigSecretsTests.sample, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bot.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "  path: ./data/workshop-bot.sqlite\n", with: "  url: ${DATABASE_URL}\n")
            .replacingOccurrences(of: "  synchronous: normal\n", with: "")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let environment = ["DATABASE_URL": server.url(database: database)]
        let check = try await ConsoleEndToEndTests.run(
            ["check-config", "--config", folder.path], environment: environment)
        let console = try await ConsoleEndToEndTests.run(
            ["console", "--config", folder.path, "--now", "2021-11-08T08:00:00+01:00"],
            input: "/ping\n", environment: environment)
        let status = try await ConsoleEndToEndTests.run(
            ["status", "--config", folder.path], environment: environment)
        try await server.dropDatabase(database)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(console.status == 0, "\(console.stderr)")
        #expect(console.stdout.contains("pong"), "\(console.stdout)")
        #expect(Self.pendingAgendaJobs(status.stdout) > 0, "\(status.stdout) \(status.stderr)")
        #expect(status.stdout.contains("agenda: “starting soon” for Opening plenary"), "\(status.stdout)")
    }

    @Test func aStoreURLWithAPasswordOrNoServerStopsTheStartWithoutShowingIt() async throws {
        let withPassword = try await ConsoleEndToEndTests.run(
            ["console", "--config", "plugins-config", "--store", "postgres://bot:hunter2-cli@127.0.0.1:1/w"],
            input: "/ping\n")
        #expect(withPassword.status != 0)
        #expect(withPassword.stderr.contains("password in the store URL is refused"), "\(withPassword.stderr)")
        #expect(!(withPassword.stdout + withPassword.stderr).contains("hunter2-cli"))
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let noServer = try await ConsoleEndToEndTests.run(
            ["status", "--config", "plugins-config", "--store", "postgres://bot@127.0.0.1:1/w"])
        #expect(noServer.status == 1)
        #expect(noServer.stderr.contains("cannot open the store at postgres://bot@127.0.0.1:1/w"), "\(noServer.stderr)")
    }

    @Test func checkConfigPointsAtAMalformedStoreURL() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pg-bad-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: ConfigSecretsTests.sample, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bot.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(
                of: "  path: ./data/workshop-bot.sqlite\n", with: "  url: postgres://bot@db:5432x/workshop\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.contains("url:") }) + 1
        let check = try await ConsoleEndToEndTests.run(["check-config", "--config", folder.path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("bot.yaml:\(line):"), "\(check.stderr)")
        #expect(check.stderr.contains("store.url"), "\(check.stderr)")
        #expect(check.stderr.contains("port"), "\(check.stderr)")
    }
}
