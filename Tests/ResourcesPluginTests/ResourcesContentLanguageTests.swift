import BotConfig
import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import ResourcesPlugin

/// Resources whose title and description a facilitator gives per language in resources.yaml: each reader sees
/// their language's, else English's, and a search finds them by any language's words.
@Suite("Resources content in several languages")
struct ResourcesContentLanguageTests {
    static let yaml = """
        resources:
          - id: guidelines
            title: {en: Drafting guidelines, fr: Consignes de rédaction, ru: Методические указания, zh: 起草指南}
            url: https://example.org/guidelines
            tags: [drafting]
            description: {en: How to write the plan., fr: Comment rédiger le plan.}
          - id: template
            title: Action plan template
            url: https://example.org/template
            tags: [drafting]
        """

    static func plugin(_ yaml: String = yaml) throws -> LoadedPlugin {
        try PluginFactory(ResourcesPlugin.self).load(yaml: yaml, file: "resources.yaml", decoder: YAMLConfigDecoder())
    }

    @Test("a French, Russian and Chinese reader read the title in their language, an English one in English")
    func titlesInEachReadersLanguage() async throws {
        try await withTestBot(plugins: [try Self.plugin()]) { bot in
            for (language, title) in [
                ("en", "Drafting guidelines"), ("fr", "Consignes de rédaction"), ("ru", "Методические указания"),
                ("zh", "起草指南"),
            ] {
                let found = await bot.say("/resources drafting", language: language).joined(separator: "\n")
                #expect(found.contains("guidelines \(title)"), "\(language): \(found)")
                #expect(found.contains("template Action plan template"), "\(language): \(found)")
                let detail = await bot.say("/resource guidelines", language: language).joined(separator: "\n")
                #expect(detail.hasPrefix("\(title) (guidelines)\n"), "\(language): \(detail)")
            }
        }
    }

    @Test("the description falls back to English for a language it is not given in")
    func descriptionsFallBackToEnglish() async throws {
        try await withTestBot(plugins: [try Self.plugin()]) { bot in
            let french = await bot.say("/resource guidelines", language: "fr").joined(separator: "\n")
            #expect(french.contains("\nComment rédiger le plan."), "\(french)")
            let chinese = await bot.say("/resource guidelines", language: "zh").joined(separator: "\n")
            #expect(chinese.contains("\nHow to write the plan."), "\(chinese)")
        }
    }

    @Test("a search finds a resource by its title or description in any language")
    func searchMatchesEveryLanguage() async throws {
        try await withTestBot(plugins: [try Self.plugin()]) { bot in
            let byRussian = await bot.say("/resources указания").joined(separator: "\n")
            #expect(byRussian.contains("guidelines Drafting guidelines"), "\(byRussian)")
            #expect(!byRussian.contains("template"), "\(byRussian)")
            let byFrench = await bot.say("/resources redaction", language: "zh").joined(separator: "\n")
            #expect(byFrench.contains("guidelines 起草指南"), "\(byFrench)")
            let byDescription = await bot.say("/resources rediger", language: "ru").joined(separator: "\n")
            #expect(byDescription.contains("guidelines Методические указания"), "\(byDescription)")
        }
    }

    @Test(
        "a broken per-language text in resources.yaml is refused at its line",
        arguments: [
            ("{en: Guidelines, francais: Consignes}", "is not a language code"),
            ("{}", "at least one language"),
        ])
    func brokenTextsAreRefusedAtTheirLine(value: String, reason: String) throws {
        let yaml = """
            resources:
              - id: guidelines
                title: \(value)
                url: https://example.org/guidelines
            """
        do {
            _ = try Self.plugin(yaml)
            Issue.record("accepted")
        } catch let errors as ConfigErrors {
            #expect(errors.description.contains("resources.yaml:3:"), "\(errors)")
            #expect(errors.description.contains(reason), "\(errors)")
        }
    }

    @Test("a title given per language follows the rules in each language")
    func eachLanguageFollowsTheRules() throws {
        let long = String(repeating: "t", count: ResourceRules.maximumTitleLength + 1)
        let yaml = """
            resources:
              - id: guidelines
                title: {en: Guidelines, fr: \(long)}
                url: https://example.org/guidelines
            """
        do {
            _ = try Self.plugin(yaml)
            Issue.record("accepted")
        } catch let errors as ConfigErrors {
            #expect(errors.description.contains("resources.yaml:2:"), "\(errors)")
            #expect(errors.description.contains("200"), "\(errors)")
        }
    }
}
