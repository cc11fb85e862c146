import BotCore

/// `/help`: the commands the caller may use, grouped by plugin, and `/help <command>` for one command.
public struct HelpPlugin: Plugin {
    public static let name = "help"
    public static let summary = "Lists commands and explains each one"

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command(
                "help", aliases: ["start"], usage: "help [command]",
                summary: "Show the commands you can use, or how to use one",
                help: "Without an argument, lists the commands you may use here. With a command name, shows its usage.",
                handler: { invocation, context in
                    let catalog = context.catalog.visible(to: context.caller.role)
                    if let name = invocation.argument(0) {
                        return try Self.describe(name, catalog: context.catalog, role: context.caller.role)
                    }
                    return Self.overview(catalog, role: context.caller.role)
                })
        ]
    }

    static func overview(_ catalog: CommandCatalog, role: Role) -> Reply {
        var lines: [RichText] = ["Commands you can use here (\(role)):"]
        for section in catalog.sections {
            lines.append("")
            lines.append("\(bold: section.plugin) — \(section.summary)")
            for command in section.commands {
                // The overview stays short on a phone: the first form the caller may use, `…` when there are
                // more; /help <command> shows them all.
                guard let shown = overviewForm(command, role: role) else { continue }
                lines.append("  \(code: catalog.prefix + shown) — \(command.summary)")
            }
        }
        lines.append("")
        lines.append("Type \(code: "/help <command>") for details.")
        return Reply(lines: lines)
    }

    /// The first usage form `role` may use, followed by ` …` when there are more; nil when it may use none.
    static func overviewForm(_ command: Command, role: Role) -> String? {
        let forms = command.usageForms(for: role)
        return forms.first.map { $0 + (forms.count > 1 ? " …" : "") }
    }

    static func describe(_ rawName: String, catalog: CommandCatalog, role: Role) throws(CommandError) -> Reply {
        let name = rawName.hasPrefix("/") || rawName.hasPrefix("!") ? String(rawName.dropFirst()) : rawName
        guard let (plugin, command) = catalog.command(named: name) else {
            throw .rejected("There is no command \(code: "/" + name) here. Type /help for the list.")
        }
        // Only the forms the caller may use (all of them for one who may use none, so the refusal below makes sense).
        let forms = command.usageForms(for: role)
        let usage = forms.isEmpty ? command.usage : forms.joined(separator: " | ")
        var lines: [RichText] = ["\(code: catalog.prefix + usage) — \(command.summary)"]
        if !command.help.isEmpty { lines.append(RichText(command.help)) }
        let options = command.options(for: role)
        if !options.isEmpty {
            lines.append("Options:")
            for option in options {
                let form = option.takesValue ? "--\(option.name) <value>" : "--\(option.name)"
                lines.append("  \(code: form)\(option.help.isEmpty ? "" : " — " + option.help)")
            }
        }
        if !command.aliases.isEmpty {
            lines.append("Also: \(command.aliases.map { catalog.prefix + $0 }.joined(separator: ", "))")
        }
        if command.requiredRole > role {
            lines.append("Only \(command.requiredRole.audience) can use this.")
        }
        lines.append("Plugin: \(plugin)")
        return Reply(lines: lines)
    }
}
