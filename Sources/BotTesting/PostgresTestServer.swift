import Foundation

/// A real PostgreSQL server on 127.0.0.1 (Tests/Servers/postgres_server.py), for the PostgreSQL store's tests.
///
/// `shared()` is started once per test process and shared: every test takes a database of its own
/// (`createDatabase()`), so suites running side by side never see each other's data. A test that stops the
/// server starts one of its own (`init()`).
public final class PostgresTestServer: Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The role that connects without a password (trust on 127.0.0.1), and owns the test databases.
    public static let user = "workshop"
    /// The role that must give its password (scram-sha-256), and that password.
    public static let passwordUser = "secretive"
    public static let password = "pw-\(UUID().uuidString.prefix(8))-never-shown"

    private let server: LocalServerProcess

    /// The shared server, started by the first test that asks for it, or why it could not start.
    public static func shared() async throws -> PostgresTestServer { try await starting.value }
    private static let starting = Task { try await PostgresTestServer() }

    /// Starts a server of its own (initdb and start-up take a few seconds).
    public init() async throws {
        server = try await LocalServerProcess(
            script: Self.repository.appendingPathComponent("Tests/Servers/postgres_server.py"),
            environment: ["POSTGRES_TEST_SECRET": Self.password])
    }

    public var port: Int { server.port }

    /// `postgres://user@127.0.0.1:<port>/database` with optional query options (`passfile=...`).
    public func url(database: String, user: String = PostgresTestServer.user, query: String = "") -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(database)" + (query.isEmpty ? "" : "?" + query)
    }

    /// A new, empty database owned by `user`; its name.
    public func createDatabase() async throws -> String {
        let answer = try await server.exchange("createdb")
        guard answer.hasPrefix("DB ") else { throw LocalServerProcess.StartError(description: "createdb: \(answer)") }
        return String(answer.dropFirst(3))
    }

    /// Drops a database `createDatabase()` made (closing its connections).
    public func dropDatabase(_ name: String) async throws { try await command("dropdb \(name)") }

    /// Kills the server as a crash would (no checkpoint; recovery at the next start).
    public func kill() async throws { try await command("stop") }

    /// Starts the server again on the same port, and returns once it accepts connections.
    public func restart() async throws { try await command("start") }

    private func command(_ line: String) async throws {
        let answer = try await server.exchange(line)
        guard answer == "OK" else { throw LocalServerProcess.StartError(description: "\(line): \(answer)") }
    }
}
