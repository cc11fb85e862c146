import BotCore
import Synchronization

/// `/help`: the commands the caller may use, grouped by plugin, and `/help <command>` for one command.
/// Summaries and help are shown in the reader's language where a catalogue has them
/// (`commands.<name>.summary`, `commands.<name>.help`, `plugins.<name>.summary`), else as the plugin wrote them.
public struct HelpPlugin: Plugin, ShipsMessages {
    public static let name = "help"
    public static let summary = "Lists commands and explains each one"
    public static var messages: [MessageTable] { BuiltinMessages.tables }

    /// The overviews already written for this configuration: a listing depends only on the chat's catalogue,
    /// the caller's role and the reader's language, all fixed until the next load, and writing it looks up every
    /// command's summary and usage in the reader's catalogue.
    private let overviews = OverviewCache()

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command(
                "help", aliases: ["start"], usage: "help [command]",
                summary: "Show the commands you can use, or how to use one",
                help: "Without an argument, lists the commands you may use here. With a command name, shows its usage.",
                handler: { [overviews] invocation, context in
                    if let name = invocation.argument(0) {
                        return try Self.describe(
                            name, catalog: context.catalog, role: context.caller.role, texts: context.texts)
                    }
                    return overviews.overview(of: context.catalog, role: context.caller.role, texts: context.texts)
                })
        ]
    }

    static func overview(_ catalog: CommandCatalog, role: Role, texts: Texts) -> Reply {
        var lines: [RichText] = [texts("help.overview", ["role": .text(role.name(in: texts))])]
        for section in catalog.sections {
            lines.append("")
            let key = "plugins.\(section.plugin).summary"
            let summary = texts.has(key) ? texts.plain(key) : section.summary
            lines.append(texts("help.section", ["plugin": .text(section.plugin), "summary": .text(summary)]))
            for command in section.commands {
                // The overview stays short on a phone: the first form the caller may use, `…` when there are
                // more; /help <command> shows them all.
                guard let shown = overviewForm(command, role: role, texts: texts) else { continue }
                lines.append(
                    texts(
                        "help.entry",
                        ["usage": .text(catalog.prefix + shown), "summary": .text(command.summary(in: texts))]))
            }
        }
        lines.append("")
        lines.append(texts("help.details"))
        return Reply(lines: lines)
    }

    /// The first usage form `role` may use, followed by ` …` when there are more; nil when it may use none.
    static func overviewForm(_ command: Command, role: Role, texts: Texts) -> String? {
        let forms = command.usageForms(for: role, in: texts)
        return forms.first.map { $0 + (forms.count > 1 ? " …" : "") }
    }

    static func describe(
        _ rawName: String, catalog: CommandCatalog, role: Role, texts: Texts
    ) throws(CommandError) -> Reply {
        let name = rawName.hasPrefix("/") || rawName.hasPrefix("!") ? String(rawName.dropFirst()) : rawName
        guard let (plugin, command) = catalog.command(named: name) else {
            throw .rejected(texts("help.no-such-command", ["command": .text("/" + name)]))
        }
        // Only the forms the caller may use (all of them for one who may use none, so the refusal below makes sense).
        let usage = command.usage(for: role, in: texts)
        var lines: [RichText] = [
            texts(
                "help.usage", ["usage": .text(catalog.prefix + usage), "summary": .text(command.summary(in: texts))])
        ]
        let helpKey = "commands.\(command.name).help"
        let help = texts.has(helpKey) ? texts.plain(helpKey) : command.help
        if !help.isEmpty { lines.append(RichText(help)) }
        let options = command.options(for: role)
        if !options.isEmpty {
            lines.append(texts("help.options"))
            for option in options {
                let help = command.help(of: option, in: texts)
                let form =
                    option.takesValue ? "--\(option.name) <\(texts.plain("help.value"))>" : "--\(option.name)"
                lines.append(
                    texts(
                        "help.option",
                        ["option": .text(form), "help": .text(help.isEmpty ? "" : " — " + help)]))
            }
        }
        if !command.aliases.isEmpty {
            lines.append(
                texts(
                    "help.aliases",
                    ["aliases": .text(command.aliases.map { catalog.prefix + $0 }.joined(separator: ", "))]))
        }
        if command.requiredRole > role {
            lines.append(texts("help.only-for", ["audience": .text(command.requiredRole.audience(in: texts))]))
        }
        lines.append(texts("help.plugin", ["plugin": .text(plugin)]))
        return Reply(lines: lines)
    }
}

/// The `/help` listings of one configuration, by chat catalogue, role and language (at most 256; all are
/// dropped when full, which takes more chats with their own plugin lists than a workshop has).
final class OverviewCache: Sendable {
    private struct Key: Hashable {
        var plugins: [String]
        var prefix: String
        var role: Role
        var language: Language
    }

    private let kept = Mutex<[Key: Reply]>([:])

    func overview(of catalog: CommandCatalog, role: Role, texts: Texts) -> Reply {
        let key = Key(
            plugins: catalog.sections.map(\.plugin), prefix: catalog.prefix, role: role, language: texts.language)
        if let reply = kept.withLock({ $0[key] }) { return reply }
        let reply = HelpPlugin.overview(catalog.visible(to: role), role: role, texts: texts)
        kept.withLock { kept in
            if kept.count >= 256 { kept.removeAll() }
            kept[key] = reply
        }
        return reply
    }
}
