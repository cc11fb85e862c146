import BotCore

/// Decides who is who: the one place where roles are resolved and checked.
///
/// A user is a facilitator when the roster lists them or any extra source says so; everyone else is a
/// participant. Their team comes from the roster's participant list, else from the chat.
public struct RoleResolver: Sendable {
    public var roster: Roster
    public var sources: [any RoleSource]

    public init(roster: Roster, sources: [any RoleSource] = []) {
        self.roster = roster
        self.sources = sources
    }

    /// The resolved caller for a message.
    public func caller(for message: IncomingMessage) async -> Caller {
        var role = Role.participant
        var source = "default"
        if roster.facilitators.contains(message.sender) {
            role = .facilitator
            source = "roster.yaml facilitators"
        } else {
            for extra in sources {
                if let granted = await extra.role(of: message.sender, in: message.chat), granted.role > role {
                    role = granted.role
                    source = granted.source
                }
            }
        }
        return Caller(
            user: message.sender, displayName: message.senderName, role: role,
            team: roster.team(of: message.sender, in: message.chat), roleSource: source,
            isAnonymous: message.senderIsAnonymousAdmin)
    }

    /// Checks that `caller` may run `command` (with `subcommand`, its first argument, when the command gives
    /// subcommands roles of their own); the refusal a user reads otherwise.
    public func authorize(
        _ caller: Caller, for command: Command, subcommand: String? = nil, prefix: String = "/"
    ) -> CommandError? {
        let sub = subcommand?.lowercased()
        let needed = max(command.requiredRole, sub.flatMap { command.subcommandRoles[$0] } ?? .participant)
        guard caller.role < needed else { return nil }
        let what = sub.flatMap { command.subcommandRoles[$0] != nil ? "\(prefix)\(command.name) \($0)" : nil }
            ?? "\(prefix)\(command.name)"
        return .denied("Sorry, \(what) is for \(needed)s only; you are a \(caller.role). Nothing was changed.")
    }
}
