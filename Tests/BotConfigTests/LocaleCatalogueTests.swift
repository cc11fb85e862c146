import BotConfig
import BotCore
import BotRuntime
import BuiltinPlugins
import Foundation
import Testing

/// `plugins-config/locales/<code>.yaml`: facilitators' catalogues, taking effect or refused with file:line.
@Suite("Locale catalogues")
struct LocaleCatalogueTests {
    /// Loads a config folder with `files` (paths relative to it) and the built-in plugins offered.
    /// Each issue as shown, with its file's name only (the folder is a temporary one).
    static func shown(_ errors: ConfigErrors) -> [String] {
        errors.issues.map { issue in
            var shown = issue
            shown.file = URL(fileURLWithPath: issue.file).lastPathComponent
            return shown.description
        }
    }

    func load(_ files: [String: String]) throws -> Result<LoadedConfiguration, ConfigErrors> {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("locales-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let loader = ConfigLoader(factories: Builtins.all.map { PluginFactory($0) }, environment: [:])
        do {
            return .success(try loader.load(directory: dir.path))
        } catch let errors as ConfigErrors {
            return .failure(errors)
        }
    }

    static let bot = "plugins:\n  enabled: [help, ping, whoami, lang]\nlanguage: kk\n"
    static let roster = """
        teams:
          - id: mongolia
            name: Mongolia
            language: mn
            app_languages: {kk: ru}
        """

    @Test("a Kazakh file extends the catalogues, a Russian one corrects one message, and both take effect")
    func anOverrideTakesEffect() throws {
        let loaded = try load([
            "bot.yaml": Self.bot, "roster.yaml": Self.roster,
            "locales/kk.yaml": """
            language.name: Қазақша
            ping.pong: понг!
            upcoming.no-such-number:
              one: "{count} жазба; {number} нөмірі жоқ."
              other: "{count} жазба; {number} нөмірі жоқ."
            """,
            "locales/mn.yaml": "ping.pong: понг\n",
            "locales/ru.yaml": "runtime.unknown-command: \"Нет такой команды: <code>{command}</code>.\"\n",
        ]).get()
        let localization = RuntimeMessages.localization(
            plugins: loaded.plugins, overrides: loaded.localeOverrides, workshop: loaded.bot.language)
        #expect(localization.defaultLanguage.code == "kk")
        #expect(localization.languages.map(\.code) == ["en", "fr", "kk", "mn", "ru", "zh"])
        #expect(localization.workshopTexts.plain("ping.pong") == "понг!")
        // What the file does not translate reads English.
        #expect(localization.workshopTexts.plain("runtime.done") == "Done.")
        #expect(
            localization.texts(.russian)("runtime.unknown-command", ["command": "/x"]).spans == [
                .text("Нет такой команды: "), .code("/x"), .text("."),
            ])
        #expect(localization.texts(.russian).plain("runtime.done") == "Готово.")
        let team = try #require(loaded.roster.team(id: "mongolia"))
        #expect(localization.language(chosen: nil, hint: "kk", team: team) == .russian)
        #expect(localization.language(chosen: nil, hint: nil, team: team).code == "mn")
    }

    @Test("a broken file is refused with each problem at its file and line")
    func aBrokenOverrideIsRefused() throws {
        let result = try load([
            "bot.yaml": "plugins:\n  enabled: [help, ping]\nlanguage: lo\n",
            "roster.yaml": "teams:\n  - id: lao\n    name: Lao PDR\n    language: de\n",
            "locales/ru.yaml": """
            ping.pong: понг
            ping.pnog: понг
            whoami.team: "Команда: {name}"
            upcoming.no-such-number:
              one: "{count} публикация; номера {number} нет."
              other: "{count} публикаций; номера {number} нет."
            runtime.usage: "Как: <code>{usage}"
            """,
            "locales/zh.yaml": "time.days:\n  one: \"{count} 天\"\n  other: \"{count} 天\"\n",
            "locales/not a language.yaml": "ping.pong: x\n",
            "locales/xx-bad.yaml": "ping.pong: x\n",
            "locales/kk.yml": "ping.pong: x\n",
            "locales/fr.yaml": "ping.pong: \"\"\nlanguage.name: null\n",
            "locales/mn.yaml": "ping.pong: x\n",
            "locales/MN.yaml": "ping.pong: y\n",
        ])
        guard case .failure(let errors) = result else {
            Issue.record("loaded a broken catalogue")
            return
        }
        let shown = Self.shown(errors)
        let expected = [
            "ru.yaml:2:12: ping.pnog: unknown message key (did you mean ping.pong?)",
            "ru.yaml:3:14: whoami.team: {name} is not a placeholder of this message (English's: {team}, {id})",
            "ru.yaml:3:14: whoami.team: {team} is missing (English's: {team}, {id})",
            "ru.yaml:3:14: whoami.team: {id} is missing (English's: {team}, {id})",
            "ru.yaml:5:3: upcoming.no-such-number: missing plural forms few, many (ru needs one, few, many, other)",
            "ru.yaml:7:16: runtime.usage: <code> is not closed",
            "zh.yaml:2:8: time.days.one: zh has no plural form one (its forms: other)",
            "bot.yaml:3:11: language: no catalogue for lo (there are: en, fr, mn, ru, zh; add locales/lo.yaml)",
            "roster.yaml:4:15: teams[lao].language: no catalogue for de (there are: en, fr, mn, ru, zh; add locales/de.yaml)",
        ]
        for line in expected {
            #expect(shown.contains(line), "\(line)\nnot in:\n\(shown.joined(separator: "\n"))")
        }
        let named =
            "a locale file is named after its language code (ISO 639, with a script or region if need be), "
            + "such as kk.yaml, mn.yaml or zh-hant.yaml"
        for line in [
            "not a language.yaml: \(named)", "xx-bad.yaml: \(named)",
            "kk.yml: locale files end in .yaml: rename it kk.yaml",
            "fr.yaml:1:12: ping.pong: a text may not be empty",
            "fr.yaml:2:16: language.name: expected a text (quote it to mean the word: \"null\")",
        ] {
            #expect(shown.contains(line), "\(line)\nnot in:\n\(shown.joined(separator: "\n"))")
        }
        // Two files of one language (names compare without case): one is refused, whichever is read second.
        let twice = shown.filter { $0.hasSuffix("are both the catalogue of mn: keep one") }
        #expect(twice.count == 1, "\(shown.joined(separator: "\n"))")
    }
}

extension LocaleCatalogueTests {
    @Test("a mistyped team language is one issue at its line, and the rest of the roster still counts")
    func aMistypedTeamLanguageIsOneIssue() throws {
        let result = try load([
            "bot.yaml": "plugins:\n  enabled: [help, ping]\n",
            "roster.yaml": """
            teams:
              - id: lao
                name: Lao PDR
                language: russian
              - id: mon
                name: Mongolia
                app_languages: {mn: rus}
            participants:
              "test:alice": mon
            """,
        ])
        guard case .failure(let errors) = result else {
            Issue.record("loaded a roster with a mistyped language")
            return
        }
        let shown = Self.shown(errors)
        #expect(
            shown == [
                "roster.yaml:4:15: teams[lao].language: expected a language code such as en, fr, ru, zh or kk",
                "roster.yaml:7:25: teams[mon].app_languages.mn: no catalogue for rus (there are: en, fr, ru, zh; add locales/rus.yaml)",
            ], "\(shown.joined(separator: "\n"))")
    }
}
