import BotCore

/// Decides who is who: the one place where roles are resolved and checked.
///
/// - A *workshop facilitator* (`.facilitator`) is listed in `roster.yaml` or named in `bot.yaml`
///   (a channel's `facilitators`, such as `telegram.facilitators`), and is one in every chat.
/// - A *facilitator of a chat* (`.chatFacilitator`) holds a role a platform gave them there (chat
///   administrator, room creator, power level), in one of the workshop's own chats: the roster's team chats,
///   the announcement and report chats, the chats `bot.yaml` names for plugins, and the chats each channel's
///   section names (its allowed chats, its rooms). Whatever a platform grants never counts for more, and counts
///   nothing in any other chat, so anyone who makes a group or room of their own and adds the bot is a
///   participant there.
/// - Everyone else is a participant.
///
/// Their team comes from the roster's participant list, else from the chat.
public struct RoleResolver: Sendable {
    public var roster: Roster
    /// Workshop facilitators named in `bot.yaml` besides the roster, with where each was named.
    public var configuredFacilitators: [UserRef: RoleOrigin]
    /// The workshop's own chats known from the configuration; the sources may add the chats their platform
    /// was configured with (`RoleSource.isConfiguredChat`).
    public var workshopChats: Set<ChatRef>
    public var sources: [any RoleSource]

    /// A resolver from its parts, for tests and tools.
    public init(
        roster: Roster, configuredFacilitators: [UserRef: RoleOrigin] = [:], workshopChats: Set<ChatRef> = [],
        sources: [any RoleSource] = []
    ) {
        self.roster = roster
        self.configuredFacilitators = configuredFacilitators
        self.workshopChats = workshopChats
        self.sources = sources
    }

    /// The resolver of a loaded configuration: its roster, the facilitator ids of `bot.yaml`'s channels, and
    /// every chat the configuration names as the workshop's.
    public init(configuration: LoadedConfiguration, sources: [any RoleSource] = []) {
        var named: [UserRef: RoleOrigin] = [:]
        for section in configuration.bot.channels.sections {
            for user in section.settings.workshopFacilitators {
                named[user] = .botYAML(channel: section.name)
            }
        }
        var chats = Set(configuration.roster.teams.flatMap(\.chats))
        chats.formUnion(configuration.bot.scheduler.reportChats)
        chats.formUnion(configuration.plugins.flatMap(\.workshopChats))
        chats.formUnion(configuration.pluginChats.values.joined())
        // Each channel's own chats (room ids; aliases are resolved by the channel, which reports them through its
        // role source).
        chats.formUnion(configuration.bot.channels.sections.flatMap(\.settings.workshopChats))
        self.init(roster: configuration.roster, configuredFacilitators: named, workshopChats: chats, sources: sources)
    }

    /// Whether `chat` is one of the workshop's own chats, where platform-granted roles count.
    public func isWorkshopChat(_ chat: ChatRef) async -> Bool {
        if workshopChats.contains(chat) { return true }
        for source in sources where await source.isConfiguredChat(chat) { return true }
        return false
    }

    /// The resolved caller for a message.
    public func caller(for message: IncomingMessage) async -> Caller {
        let team = roster.team(of: message.sender, in: message.chat)
        let inWorkshop = await isWorkshopChat(message.chat)
        func resolved(_ role: Role, _ source: RoleOrigin) -> Caller {
            Caller(
                user: message.sender, displayName: message.senderName, role: role, team: team, roleSource: source,
                inWorkshopChat: inWorkshop, isAnonymous: message.senderIsAnonymousAdmin)
        }
        if roster.facilitators.contains(message.sender) { return resolved(.facilitator, .roster) }
        if let named = configuredFacilitators[message.sender] { return resolved(.facilitator, named) }
        // A platform's roles count only in the workshop's own chats, and only for that chat; the platform is
        // not asked about any other chat.
        guard inWorkshop else { return resolved(.participant, .byDefault) }
        for source in sources {
            if let granted = await source.role(of: message.sender, in: message.chat), granted.role > .participant {
                return resolved(.chatFacilitator, granted.source)
            }
        }
        return resolved(.participant, .byDefault)
    }

    /// Checks that `caller` may run `command` (with `subcommand`, its first argument, when the command gives
    /// subcommands roles of their own); the refusal a user reads otherwise, in `texts`' language.
    public func authorize(
        _ caller: Caller, for command: Command, subcommand: String? = nil, prefix: String = "/",
        texts: Texts = RuntimeMessages.englishTexts
    ) -> CommandError? {
        let sub = subcommand?.lowercased()
        let needed = max(command.requiredRole, sub.flatMap { command.subcommandRoles[$0] } ?? .participant)
        guard caller.role < needed else { return nil }
        let what =
            sub.flatMap { command.subcommandRoles[$0] != nil ? "\(prefix)\(command.name) \($0)" : nil }
            ?? "\(prefix)\(command.name)"
        if caller.role == .chatFacilitator {
            return .denied(
                texts.plain(
                    "runtime.denied-chat-facilitator",
                    ["command": .text(what), "source": .text(caller.roleSource.name(in: texts))]))
        }
        // A participant needs no more detail: either kind of facilitator may run it.
        return .denied(
            texts.plain("runtime.denied", ["command": .text(what), "role": .text(caller.role.name(in: texts))]))
    }
}
