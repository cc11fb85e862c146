import BotConfig
import BotCore
import BotRuntime
import Foundation
import Testing

/// A plugin with a configuration file, to see its problems reported.
private struct GreeterPlugin: Plugin {
    struct Configuration: Decodable, Sendable {
        var greeting: String
    }
    static let name = "greeter"
    static let summary = "Greets."
    init(configuration: Configuration) {}
    var commands: [Command] { [] }
}

@Suite("ConfigLoader")
struct ConfigLoaderTests {
    /// A config folder in a temporary directory with the given files.
    private func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// The issues of loading a folder of `files` with the greeter plugin offered; empty when it loads.
    func issues(loading files: [String: String]) throws -> [ConfigIssue] {
        let dir = try folder(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try ConfigLoader(factories: [PluginFactory(GreeterPlugin.self)], environment: [:]).load(
                directory: dir.path)
            return []
        } catch let errors as ConfigErrors {
            return errors.issues
        }
    }

    @Test("one run reports the problems of every file, also when bot.yaml has its own")
    func everyFileInOneRun() throws {
        let issues = try issues(loading: [
            "bot.yaml": "name: bot\nbogus: 1\nplugins:\n  enabled: [greeter]\n",
            "roster.yaml": "teams:\n  - id: lao\n    name: Lao PDR\n    time_zone: Mars/Base\n",
            "greeter.yaml": "greting: hello\n",
        ])
        let files = Set(issues.map { URL(fileURLWithPath: $0.file).lastPathComponent })
        #expect(files == ["bot.yaml", "roster.yaml", "greeter.yaml"])
    }

    @Test("a broken plugins section in bot.yaml is reported, and no plugin file is guessed at")
    func brokenPluginsSection() throws {
        let issues = try issues(loading: [
            "bot.yaml": "name: bot\nplugins:\n  enabled: greeter\n", "greeter.yaml": "greting: hello\n",
        ])
        #expect(!issues.isEmpty && issues.allSatisfy { $0.file.hasSuffix("bot.yaml") })
    }

    /// Loads a roster whose zone is an abbreviation (refused at `line`, naming `meaning`), then one whose zone is
    /// an IANA name in another case, and returns the accepted configuration.
    func zoneChecked(refused: String, line: Int, meaning: String, accepted: String) throws -> LoadedConfiguration {
        let bot = "name: bot\nplugins:\n  enabled: []\n"
        let refusedFolder = try folder(["bot.yaml": bot, "roster.yaml": refused])
        defer { try? FileManager.default.removeItem(at: refusedFolder) }
        let loader = ConfigLoader(factories: [], environment: [:])
        #expect {
            try loader.load(directory: refusedFolder.path)
        } throws: { error in
            let issues = (error as? ConfigErrors)?.issues ?? []
            return issues.count == 1 && issues[0].line == line && issues[0].message.contains(meaning)
        }
        let acceptedFolder = try folder(["bot.yaml": bot, "roster.yaml": accepted])
        defer { try? FileManager.default.removeItem(at: acceptedFolder) }
        return try loader.load(directory: acceptedFolder.path)
    }

    @Test(
        "a team's zone: an abbreviation is refused with the zones it may mean; any case of an IANA name is read as it")
    func teamZones() throws {
        let loaded = try zoneChecked(
            refused: "teams:\n  - id: cn\n    name: China\n    time_zone: CST\n", line: 4, meaning: "Asia/Shanghai",
            accepted: "teams:\n  - id: lao\n    name: Lao PDR\n    time_zone: asia/vientiane\n")
        #expect(loaded.roster.teams.first?.timeZone == "Asia/Vientiane")
    }

    @Test(
        "the workshop's zone in roster.yaml: an abbreviation is refused at its line; any case of an IANA name is read as it"
    )
    func workshopZone() throws {
        let loaded = try zoneChecked(
            refused: "facilitators: []\ntime_zone: IST\n", line: 2, meaning: "Asia/Kolkata",
            accepted: "time_zone: europe/berlin\n")
        #expect(loaded.roster.timeZone == "Europe/Berlin")
        let unset = try folder(["bot.yaml": "name: bot\nplugins:\n  enabled: []\n", "roster.yaml": "teams: []\n"])
        defer { try? FileManager.default.removeItem(at: unset) }
        #expect(try ConfigLoader(factories: [], environment: [:]).load(directory: unset.path).roster.timeZone == nil)
    }
}
