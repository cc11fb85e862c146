import BotTesting
import Foundation
import Testing

/// `workshop-bot export`, run as a facilitator would after changing links in chat.
struct ExportTests {
    /// A copy of the sample config folder, and a store file for it, in a temporary folder.
    private func sampleConfig() throws -> (config: URL, store: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("plugins-config")
        try FileManager.default.copyItem(
            at: ConsoleEndToEndTests.repository.appendingPathComponent("plugins-config"), to: config)
        return (config, dir.appendingPathComponent("bot.sqlite").path)
    }

    @Test("--output replaces the file with the configured links and those added in chat, and check-config accepts it")
    func outputReplacesTheFile() async throws {
        let (config, store) = try sampleConfig()
        defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
        let file = config.appendingPathComponent("resources.yaml")
        let before = try String(contentsOf: file, encoding: .utf8)
        let configured = before.components(separatedBy: "\n  - id: ").count - 1
        #expect(configured > 0)
        // A facilitator adds a link in the console chat.
        let added = try await ConsoleEndToEndTests.run(
            ["console", "--config", config.path, "--store", store],
            input: "facilitator: /resource add https://example.org/new-guide \"New guide\" #guide\n")
        #expect(added.status == 0)
        #expect(added.stdout.contains("New guide"), "\(added.stdout)")
        let export = try await ConsoleEndToEndTests.run(
            ["export", "resources", "--config", config.path, "--store", store, "--output", file.path])
        #expect(export.status == 0, "\(export.stderr)")
        let after = try String(contentsOf: file, encoding: .utf8)
        #expect(after.contains("https://example.org/new-guide"))
        #expect(after.components(separatedBy: "url: ").count - 1 == configured + 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: config.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
        let check = try await ConsoleEndToEndTests.run(["check-config", "--config", config.path])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test("printing into the very file being exported is refused, with the safe command")
    func redirectIntoTheFileIsRefused() async throws {
        let (config, store) = try sampleConfig()
        defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
        let file = config.appendingPathComponent("resources.yaml")
        let result = try await ConsoleEndToEndTests.runTool([
            "sh", "-c",
            "'\(BotProcess.executable.path)' export resources --config '\(config.path)' --store '\(store)' > '\(file.path)' 2>&1; echo \"status=$?\"",
        ])
        #expect(result.contains("status=0") == false)
        let written = try String(contentsOf: file, encoding: .utf8)
        #expect(written.contains("--output"))
        #expect(!written.contains("resources:"))
        #expect(!written.contains("Usage:"), "one line, no usage block: \(written)")
        // The command it names, run as it is from another folder (the file restored first), exports this
        // config's links and store into the file.
        let hint = try #require(written.split(separator: "`").dropFirst().first.map(String.init))
        #expect(hint.contains("--config \(config.path)") && hint.contains("--store \(store)"), "\(hint)")
        let original = try Data(
            contentsOf: ConsoleEndToEndTests.repository.appendingPathComponent("plugins-config/resources.yaml"))
        try original.write(to: file)
        let elsewhere = FileManager.default.temporaryDirectory.path
        let command = hint.replacingOccurrences(of: "workshop-bot ", with: "'\(BotProcess.executable.path)' ")
        let rerun = try await ConsoleEndToEndTests.runTool(["sh", "-c", "cd '\(elsewhere)' && \(command)"])
        #expect(rerun.contains("wrote"), "\(rerun)")
        #expect(try String(contentsOf: file, encoding: .utf8).contains("resources:"))
    }

    @Test func theHelpShowsOnlyTheSafeForm() async throws {
        let help = try await ConsoleEndToEndTests.run(["export", "--help"])
        #expect(help.status == 0)
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("--output plugins-config/resources.yaml"), "\(help.stdout)")
        #expect(!help.stdout.contains("> plugins-config"), "no redirect into the file: \(help.stdout)")
    }
}
