import BotConfig
import BotRuntime
import Foundation
import Testing

@testable import WorkshopBot

/// Teams and sessions one file names and another defines: checked by `check-config` with the line and the
/// closest known name; a team that plugins post to without chats is a warning.
struct CrossFileReferenceTests {
    /// The sample config folder with `changes` (file, original text, replacement) applied.
    static func sample(_ changes: [(String, String, String)]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("refs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: ConfigSecretsTests.sample.path) {
            try FileManager.default.copyItem(
                at: ConfigSecretsTests.sample.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        for (file, original, replacement) in changes {
            let url = folder.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(original), "the sample no longer has \(original)")
            try text.replacingOccurrences(of: original, with: replacement).write(
                to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    static func line(of text: String, in file: URL) throws -> Int {
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func unknownTeamsAndSessionsAreErrorsAtTheirLinesWithTheClosestName() throws {
        let folder = try Self.sample([
            ("agenda.yaml", "    team: lao\n", "    team: laos\n"),
            ("resources.yaml", "sessions: [theme-climate]", "sessions: [theme-climat]"),
            ("deadlines.yaml", "  - id: first-draft\n", "  - id: first-draft\n    teams: [mongolia, kazakstan]\n"),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let loader = ConfigLoader(factories: availablePlugins, channels: availableChannels)
        let errors = try #require(throws: ConfigErrors.self) { try loader.load(directory: folder.path) }
        let text = errors.description
        let agenda = try Self.line(of: "team: laos", in: folder.appendingPathComponent("agenda.yaml"))
        #expect(text.contains("agenda.yaml:\(agenda):"), "\(text)")
        #expect(text.contains("unknown team \"laos\"") && text.contains("(did you mean lao?)"), "\(text)")
        let resources = try Self.line(of: "theme-climat]", in: folder.appendingPathComponent("resources.yaml"))
        #expect(text.contains("resources.yaml:\(resources):"), "\(text)")
        #expect(text.contains("unknown session \"theme-climat\"") && text.contains("did you mean theme-climate?"))
        let deadlines = try Self.line(of: "kazakstan", in: folder.appendingPathComponent("deadlines.yaml"))
        #expect(text.contains("deadlines.yaml:\(deadlines):"), "\(text)")
        #expect(text.contains("did you mean kazakhstan?"), "\(text)")
        #expect(errors.issues.count == 4, "\(text)")  // two resources name theme-climat
    }

    @Test func aTeamThatPluginsPostToWithoutChatsIsAWarningAndOneWithChatsIsNot() throws {
        let sample = try ConfigLoader(factories: availablePlugins, channels: availableChannels)
            .load(directory: ConfigSecretsTests.sample.path)
        #expect(!sample.warnings.contains { $0.message.contains("has no chats") }, "\(sample.warnings)")
        let folder = try Self.sample([("roster.yaml", "chats: [console:mongolia]", "chats: []")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try ConfigLoader(factories: availablePlugins, channels: availableChannels)
            .load(directory: folder.path)
        let warnings = loaded.warnings.map(\.message).filter { $0.contains("has no chats") }
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.hasPrefix("team mongolia has no chats: the agenda and deadlines posts") == true)
    }

    @Test func chatsOnAPlatformTheConfigurationDoesNotRunAreWarnedAbout() throws {
        // The sample's teams have console chats; with Telegram configured, `run` serves Telegram only.
        let folder = try Self.sample([("bot.yaml", "  console:\n", "  telegram:\n    token: ${TOKEN}\n  console:\n")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try ConfigLoader(
            factories: availablePlugins, channels: availableChannels, environment: ["TOKEN": "123:abc"]
        )
        .load(directory: folder.path)
        let warnings = loaded.warnings.map(\.message).filter { $0.contains("does not run") }
        #expect(warnings.count == 6, "\(warnings)")  // five teams' chats and the agenda's announcement chat
        #expect(warnings.contains { $0.hasPrefix("the agenda plugin's chat console:workshop is on console") })
        #expect(
            warnings.contains(
                "team lao's chat console:lao is on console, which this configuration does not run (it serves telegram): posts there are not sent"
            ), "\(warnings)")
        let sample = try ConfigLoader(factories: availablePlugins, channels: availableChannels)
            .load(directory: ConfigSecretsTests.sample.path)
        #expect(!sample.warnings.contains { $0.message.contains("does not run") })
    }
}
