import BotCore

/// `/whoami`: the caller's platform identity, role and team, and this chat's id: what facilitators copy into
/// `roster.yaml`.
public struct WhoAmIPlugin: Plugin, ShipsMessages {
    public static let name = "whoami"
    public static let summary = "Shows your identity and role, for the roster"
    public static var messages: [MessageTable] { BuiltinMessages.tables }

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command(
                "whoami", summary: "Show your identity, role and team",
                help: "Facilitators put these identities into roster.yaml to give people roles and teams."
            ) { _, context in
                let caller = context.caller
                let texts = context.texts
                var lines: [RichText] = [
                    texts(
                        "whoami.you",
                        ["name": .text(caller.displayName), "identity": .text(caller.user.description)]),
                    Self.roleLine(caller, texts),
                ]
                if !caller.inWorkshopChat, caller.role < .facilitator {
                    lines.append(texts("whoami.outside"))
                }
                if let team = caller.team {
                    lines.append(texts("whoami.team", ["team": .text(team.name), "id": .text(team.id)]))
                } else {
                    lines.append(texts("whoami.no-team"))
                }
                lines.append(texts("whoami.chat", ["chat": .text(context.chat.description)]))
                return Reply(lines: lines)
            }
        ]
    }
}

extension WhoAmIPlugin {
    /// Where the caller's role comes from and where it applies: "workshop facilitator (roster.yaml), in every
    /// chat", "facilitator of this chat (Telegram group administrator)", "participant".
    static func roleLine(_ caller: Caller, _ texts: Texts) -> RichText {
        switch caller.role {
        case .facilitator: return texts("whoami.role-facilitator", ["source": .text(caller.roleSource.name(in: texts))])
        case .chatFacilitator:
            return texts("whoami.role-chat-facilitator", ["source": .text(caller.roleSource.name(in: texts))])
        case .participant: return texts("whoami.role-participant")
        }
    }
}
