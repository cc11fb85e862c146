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
                    Self.roleLine(caller),
                ]
                if !caller.inWorkshopChat, caller.role < .facilitator {
                    lines.append(
                        "This chat is not one of the workshop's chats, so a chat administrator or room moderator is a participant here."
                    )
                }
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

extension WhoAmIPlugin {
    /// Where the caller's role comes from and where it applies: "workshop facilitator (roster.yaml), in every
    /// chat", "facilitator of this chat (Telegram group administrator)", "participant".
    static func roleLine(_ caller: Caller) -> RichText {
        switch caller.role {
        case .facilitator:
            return "Role: \(bold: "workshop facilitator") (\(caller.roleSource)), in every chat of the workshop."
        case .chatFacilitator:
            return
                "Role: \(bold: "facilitator of this chat") (\(caller.roleSource)). Changes beyond this chat (deadlines, resources, scheduled posts) are for the workshop's facilitators."
        case .participant:
            return "Role: \(bold: "participant")."
        }
    }
}
