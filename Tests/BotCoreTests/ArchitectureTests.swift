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
            files.append((url.path.replacingOccurrences(of: repository.path + "/", with: ""), try String(contentsOf: url, encoding: .utf8)))
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
}
