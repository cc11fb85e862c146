import BotConfig
import BotCore
import Foundation
import Testing

/// Texts a facilitator writes once or per language, read from YAML as the plugins' files are.
struct LocalizedTextTests {
    struct File: Decodable {
        var title: LocalizedText
    }

    static func decode(_ yaml: String) throws -> LocalizedText {
        try YAMLConfigDecoder(environment: [:]).decode(File.self, from: yaml, file: "agenda.yaml").title
    }

    @Test func aPlainStringIsForEveryReader() throws {
        let title = try Self.decode("title: Opening plenary\n")
        #expect(title.text(in: .russian) == "Opening plenary")
        #expect(title.text(in: .english) == "Opening plenary")
        #expect(title.languages.isEmpty)
    }

    @Test func eachReaderGetsTheirLanguageElseTheBaseElseEnglishElseTheFirst() throws {
        let title = try Self.decode(
            "title: {en: \"Opening plenary\", fr: \"Séance d'ouverture\", ru: \"Пленарное открытие\"}\n")
        #expect(title.text(in: .french) == "Séance d'ouverture")
        #expect(title.text(in: .russian) == "Пленарное открытие")
        #expect(title.text(in: Language("fr-CA") ?? .english) == "Séance d'ouverture")
        #expect(title.text(in: .chinese) == "Opening plenary")
        #expect(title.languages == [.english, .french, .russian])
        let noEnglish = try Self.decode("title:\n  zh: 开幕全体会议\n  ru: Пленарное открытие\n")
        #expect(noEnglish.text(in: .french) == "Пленарное открытие")
        #expect(noEnglish.text(in: .chinese) == "开幕全体会议")
    }

    @Test(
        "a broken text is refused with what to write",
        arguments: [
            ("title: {english!: Opening}\n", "is not a language code"),
            ("title: {}\n", "at least one language"),
            ("title: [Opening]\n", "map from language codes to texts"),
            ("title: {en: Opening, EN: Ouverture}\n", "given twice"),
        ])
    func brokenTextsAreRefused(yaml: String, reason: String) {
        do {
            let decoded = try Self.decode(yaml)
            Issue.record("accepted: \(decoded)")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test func itKeepsItsShapeThroughJSON() throws {
        for text in [LocalizedText("Opening"), LocalizedText([.english: "Opening", .french: "Ouverture"])] {
            let text = try #require(text)
            let back = try JSONDecoder().decode(LocalizedText.self, from: try JSONEncoder().encode(text))
            #expect(back == text)
        }
    }
}
