import BotConfig
import BotCore
import BotRuntime
import Foundation
import Testing

@testable import WorkshopBot

/// What describes a command (`/help`'s summary, its usage line, its options' help) is in every shipped language,
/// for every command of every plugin the executable offers: a command added without its texts fails here, not
/// in front of a participant reading English in the middle of their language.
struct CommandTextsTests {
    @Test func everyCommandsSummaryUsageAndOptionsAreTranslatedInEveryShippedLanguage() throws {
        let folder = try GeneratedArgumentsTests.sampleConfig()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try ConfigLoader(factories: availablePlugins, channels: availableChannels).load(
            directory: folder.path)
        let tables = RuntimeMessages.tables + configuration.plugins.flatMap(\.messages)
        let localization = RuntimeMessages.localization(plugins: configuration.plugins)
        var missing: [String] = []
        for language in Language.shipped {
            let keys = Set(tables.filter { $0.language == language }.flatMap(\.messages.keys))
            let texts = localization.texts(language)
            for command in configuration.plugins.flatMap(\.commands) {
                var needed = ["commands.\(command.name).summary"]
                if command.usage != command.name { needed.append("commands.\(command.name).usage") }
                needed += command.options.map { "commands.\(command.name).options.\($0.name)" }
                missing += needed.filter { !keys.contains($0) }.map { "\(language): \($0)" }
                // A translated usage line with another number of forms would be dropped for English's.
                let usageKey = "commands.\(command.name).usage"
                if keys.contains(usageKey), language != .english, texts.plain(usageKey) != command.usage {
                    if command.usage(in: texts) == command.usage {
                        missing.append("\(language): commands.\(command.name).usage does not match English's forms")
                    }
                }
            }
        }
        #expect(missing == [], "\(missing.joined(separator: "\n"))")
    }
}
