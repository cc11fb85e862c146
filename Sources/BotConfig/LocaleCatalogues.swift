import BotCore
import BotRuntime
import Foundation
import Yams

/// The facilitators' catalogues: `plugins-config/locales/<code>.yaml`, each a flat mapping of message keys to
/// a text or to plural forms, which override or extend the shipped catalogues key by key:
///
/// ```yaml
/// runtime.unknown-command: "…"
/// upcoming.no-such-number:
///   other: "…"
/// ```
///
/// Every message is checked against English's: an unknown key (with the closest known one), a text that does
/// not parse, placeholders that differ from English's, missing or foreign plural forms for the file's
/// language: each an issue at its file and line.
enum LocaleCatalogues {
    /// The folder inside the config folder.
    static let folder = "locales"

    /// Reads every `.yaml` file of `locales/` (none when the folder is absent), sorted by name; `english` is
    /// every shipped English message (the runtime's and every available plugin's, enabled or not).
    static func load(
        from dir: URL, english: [String: MessageSource], decoder: YAMLConfigDecoder, texts: inout [String]
    ) -> (tables: [MessageTable], issues: [ConfigIssue]) {
        let folder = dir.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return ([], []) }
        var tables: [MessageTable] = []
        var issues: [ConfigIssue] = []
        var seen: [Language: String] = [:]
        for name in names.sorted() where !name.hasPrefix(".") {
            let file = folder.appendingPathComponent(name).relativePath
            func refuse(_ message: String) {
                issues.append(ConfigIssue(file: file, line: nil, column: nil, field: "", message: message))
            }
            guard name.hasSuffix(".yaml") else {
                // A catalogue under another name would be ignored without a word.
                refuse(
                    name.hasSuffix(".yml")
                        ? "locale files end in .yaml: rename it \(name.dropLast(4)).yaml"
                        : "only language catalogues (<code>.yaml) belong in locales/")
                continue
            }
            guard let language = Language(String(name.dropLast(".yaml".count))), language.isKnownLanguage else {
                refuse(
                    "a locale file is named after its language code (ISO 639, with a script or region if need be), "
                        + "such as kk.yaml, mn.yaml or zh-hant.yaml")
                continue
            }
            if let other = seen[language] {
                refuse("\(other) and \(name) are both the catalogue of \(language.code): keep one")
                continue
            }
            seen[language] = name
            let text: String
            do {
                text = String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
            } catch {
                issues.append(
                    ConfigIssue(file: file, line: nil, column: nil, field: "", message: "cannot be read: \(error)"))
                continue
            }
            texts.append(text)
            let node: Node?
            do {
                node = try decoder.compose(yaml: text, file: file)
            } catch let errors as ConfigErrors {
                issues += errors.issues
                continue
            } catch {
                issues.append(ConfigIssue(file: file, line: nil, column: nil, field: "", message: "\(error)"))
                continue
            }
            let (table, tableIssues) = Self.table(
                language, node: node, english: english, decoder: decoder, file: file)
            issues += tableIssues
            if tableIssues.isEmpty { tables.append(table) }
        }
        return (tables, issues)
    }

    /// One file's messages, and its problems.
    static func table(
        _ language: Language, node: Node?, english: [String: MessageSource], decoder: YAMLConfigDecoder, file: String
    ) -> (MessageTable, [ConfigIssue]) {
        var issues: [ConfigIssue] = []
        var messages: [String: MessageSource] = [:]
        guard let node else { return (MessageTable(language, [:]), []) }
        guard case .mapping(let mapping) = node else {
            return (
                MessageTable(language, [:]),
                [decoder.issue(at: [], message: "expected message keys with their texts", in: node, file: file)]
            )
        }
        let known = english.keys.sorted()
        for entry in YAMLNodeFacts.entries(of: mapping) {
            let key = entry.key
            func report(_ path: [String], _ message: String) {
                issues.append(decoder.issue(at: [key] + path, message: message, in: node, file: file))
            }
            guard english[key] != nil else {
                let closest = TextSearch.closest(to: key, among: known)
                report([], "unknown message key" + (closest.map { " (did you mean \($0)?)" } ?? ""))
                continue
            }
            let source: MessageSource
            switch entry.value {
            case .scalar(let scalar):
                // `null`, `~` or nothing is YAML's null, not a text.
                guard !(scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)) else {
                    report([], "expected a text (quote it to mean the word: \"null\")")
                    continue
                }
                source = .text(scalar.string)
            case .mapping(let forms):
                var plural: [PluralCategory: String] = [:]
                var shapeOK = true
                for form in YAMLNodeFacts.entries(of: forms) {
                    guard let category = PluralCategory(rawValue: form.key) else {
                        report(
                            [form.key],
                            "not a plural form: \(PluralCategory.allCases.map(\.rawValue).joined(separator: ", "))")
                        shapeOK = false
                        continue
                    }
                    guard case .scalar(let scalar) = form.value else {
                        report([form.key], "expected a text")
                        shapeOK = false
                        continue
                    }
                    plural[category] = scalar.string
                }
                guard shapeOK else { continue }
                source = .plural(plural)
            default:
                report([], "expected a text, or plural forms such as one: … and other: …")
                continue
            }
            let problems = source.problems(key: key, language: language, english: english[key])
            for problem in problems {
                report(problem.category.map { [$0.rawValue] } ?? [], problem.message)
            }
            if problems.isEmpty { messages[key] = source }
        }
        return (MessageTable(language, messages), issues)
    }
}
