import BotConfig
import BotRuntime
import BuiltinPlugins
import Foundation
import Testing

/// `store:` in `bot.yaml`: an SQLite `path` or a PostgreSQL `url`, checked when the folder is loaded.
struct StoreSettingsTests {
    /// The configuration loaded from a folder whose `bot.yaml` is `text`, or the issues it has.
    static func load(_ text: String, environment: [String: String] = [:]) throws -> Result<
        LoadedConfiguration, ConfigErrors
    > {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        do {
            return .success(
                try ConfigLoader(
                    factories: Builtins.all.map { PluginFactory($0) }, channels: channelFactories,
                    environment: environment
                )
                .load(directory: folder.path))
        } catch let errors as ConfigErrors {
            return .failure(errors)
        }
    }

    static func issues(_ text: String) throws -> [String] {
        guard case .failure(let errors) = try load(text) else { return [] }
        return errors.issues.map { "\($0.line ?? 0) \($0.field) \($0.description)" }
    }

    @Test func aPostgresURLIsTakenAsWrittenOrFromTheEnvironment() throws {
        let written = try Self.load("store:\n  url: postgres://bot@db.example.org:5432/workshop?sslmode=require\n")
        #expect((try? written.get())?.bot.store.url == "postgres://bot@db.example.org:5432/workshop?sslmode=require")
        let fromEnvironment = try Self.load(
            "store:\n  url: ${DATABASE_URL}\n", environment: ["DATABASE_URL": "postgresql://bot@10.0.0.5/w"])
        #expect((try? fromEnvironment.get())?.bot.store.url == "postgresql://bot@10.0.0.5/w")
    }

    @Test(
        "a store URL the bot could not use is refused at its line",
        arguments: [
            ("store:\n  url: postgres://bot:hunter2@db/w\n", "password in the store URL is refused"),
            ("store:\n  url: postgres://bot@db/w?sslmode=maybe\n", "sslmode must be one of"),
            ("store:\n  url: mysql://db/w\n", "must start with postgres://"),
            ("store:\n  url: postgres://bot@db:0/w\n", "port"),
            ("store:\n  path: a.sqlite\n  url: postgres://db/w\n", "not both"),
        ])
    func aBadStoreURLIsRefused(_ text: String, _ said: String) throws {
        let found = try Self.issues(text)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("url:") }.map { $0 + 1 } ?? 0
        #expect(
            found.contains {
                $0.hasPrefix("\(line) store.url ") && $0.contains("bot.yaml:\(line):") && $0.contains(said)
            },
            "\(found)")
        #expect(!found.joined().contains("hunter2"))
    }

    @Test func synchronousIsAnSQLiteSetting() throws {
        let found = try Self.issues("store:\n  url: postgres://db/w\n  synchronous: full\n")
        #expect(found.contains { $0.hasPrefix("3 store.synchronous ") }, "\(found)")
    }
}
