import Foundation
import Testing

/// Rules about the code itself that the compiler does not check.
@Suite("Architecture")
struct ArchitectureTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The Swift files under a folder of the repository, with their text.
    static func swiftFiles(under folder: String) throws -> [(path: String, text: String)] {
        let root = repository.appendingPathComponent(folder)
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var files: [(String, String)] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            files.append(
                (
                    url.path.replacingOccurrences(of: repository.path + "/", with: ""),
                    try String(contentsOf: url, encoding: .utf8)
                ))
        }
        return files
    }

    @Test("the core names no platform: channels render and map what is theirs")
    func coreNamesNoPlatform() throws {
        let files = try Self.swiftFiles(under: "Sources/BotCore")
        #expect(files.count > 10)
        for (path, text) in files {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let lower = line.lowercased()
                for name in ["telegram", "matrix", "tg-time", "tg://"] where lower.contains(name) {
                    Issue.record("\(path):\(number + 1) names \(name): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
    }

    @Test(
        "a plugin that declares jobs, lookups, posting chats, listeners or migrations adopts the capability that runs them"
    )
    func capabilitiesAreAdopted() throws {
        let capabilities = [
            "jobHandlers": "SchedulesJobs", "lookups": "AnswersLookups", "workshopChats": "PostsToChats",
            "listeners": "ListensToMessages", "migrations": "MigratesStoredData",
        ]
        let files = try Self.swiftFiles(under: "Sources/Plugins") + Self.swiftFiles(under: "Sources/WorkshopBot")
        var declared = 0
        for (path, text) in files {
            for (property, capability) in capabilities where text.contains("var \(property): [") {
                declared += 1
                // The conformance sits in the same file, as `extension SomePlugin: ..., Capability, ... {}`.
                let adopted = text.split(separator: "\n").contains { line in
                    line.hasPrefix("extension ") && line.contains(": ") && line.contains(capability)
                }
                #expect(
                    adopted,
                    "\(path) declares \(property) but does not adopt \(capability): the runtime would ignore it")
            }
        }
        #expect(declared >= 8)
    }
}
