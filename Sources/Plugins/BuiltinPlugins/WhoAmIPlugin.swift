import BotCore

/// `/whoami`: the caller's platform identity, role and team, and this chat's id: what facilitators copy into
/// `roster.yaml`.
public struct WhoAmIPlugin: Plugin {
    public static let name = "whoami"
    public static let summary = "Shows your identity and role, for the roster"

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command(
                "whoami", summary: "Show your identity, role and team",
                help: "Facilitators put these identities into roster.yaml to give people roles and teams."
            ) { _, context in
                let caller = context.caller
                var lines: [RichText] = [
                    "You are \(bold: caller.displayName), identity \(code: caller.user.description).",
                    "Role: \(bold: caller.role.rawValue) (from \(caller.roleSource)).",
                ]
                if let team = caller.team {
                    lines.append("Team: \(bold: team.name) (\(code: team.id))")
                } else {
                    lines.append("Team: none (roster.yaml puts people or chats in teams).")
                }
                lines.append("This chat: \(code: context.chat.description)")
                return Reply(lines: lines)
            }
        ]
    }
}

/// The built-in plugins, for the executable's plugin list.
public enum Builtins {
    public static let all: [any Plugin.Type] = [HelpPlugin.self, PingPlugin.self, WhoAmIPlugin.self]
}
