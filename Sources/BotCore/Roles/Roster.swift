/// A country team of the workshop: its members and the chats it works in.
public struct Team: Sendable, Hashable, Codable {
    /// Short id used in commands and config (`lao`, `mongolia`).
    public var id: String
    /// The name people read (`Lao PDR`).
    public var name: String
    /// The team's default IANA time zone (`Asia/Vientiane`), when known.
    public var timeZone: String?
    /// The chats that belong to this team, on any platform.
    public var chats: [ChatRef]
    /// The language the team reads by default (`language` in roster.yaml): its members without a language of
    /// their own, and posts to its chats.
    public var language: Language?
    /// For members whose app is set to a language with no catalogue, the one they read instead
    /// (`app_languages: {kk: ru}` in roster.yaml).
    public var appLanguages: [Language: Language]

    public init(
        id: String, name: String, timeZone: String? = nil, chats: [ChatRef] = [], language: Language? = nil,
        appLanguages: [Language: Language] = [:]
    ) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.chats = chats
        self.language = language
        self.appLanguages = appLanguages
    }
}

/// The workshop's cohort: teams, facilitators and known participants. Loaded from `roster.yaml`.
///
/// The roster answers questions; the runtime decides roles in one place (its role resolver), using the
/// roster as one source among others.
public struct Roster: Sendable, Hashable {
    public var teams: [Team]
    public var facilitators: Set<UserRef>
    /// Participants listed by identity, with their team id.
    public var participants: [UserRef: String]
    /// The workshop's zone (an IANA identifier, `time_zone` in roster.yaml): where someone with no zone of
    /// their own and no team zone reads times. Nil reads as UTC.
    public var timeZone: String?

    public init(
        teams: [Team] = [], facilitators: Set<UserRef> = [], participants: [UserRef: String] = [:],
        timeZone: String? = nil
    ) {
        self.teams = teams
        self.facilitators = facilitators
        self.participants = participants
        self.timeZone = timeZone
    }

    /// The team with this id.
    public func team(id: String) -> Team? { teams.first { $0.id == id } }

    /// The team a chat belongs to, if any.
    public func team(of chat: ChatRef) -> Team? { teams.first { $0.chats.contains(chat) } }

    /// A user's team: from the roster's participant list, else from the chat they write in.
    public func team(of user: UserRef, in chat: ChatRef?) -> Team? {
        if let id = participants[user], let team = team(id: id) { return team }
        if let chat { return team(of: chat) }
        return nil
    }
}

/// Who sent a command, as the runtime resolved them.
public struct Caller: Sendable, Hashable {
    public var user: UserRef
    public var displayName: String
    /// The role in the chat the message came from.
    public var role: Role
    /// The caller's team, from the roster or the chat.
    public var team: Team?
    /// Where the role came from, for `/whoami` and refusals (`roster.yaml`, a channel's `facilitators` in
    /// bot.yaml, a group's administrators, `default`).
    public var roleSource: RoleOrigin
    /// Whether the chat is one of the workshop's own chats, the only ones where platform roles count.
    public var inWorkshopChat: Bool
    /// The caller is not a known person (an anonymous group admin, see `IncomingMessage.senderIsAnonymousAdmin`):
    /// commands that must count one person once, such as votes, refuse it.
    public var isAnonymous: Bool

    public init(
        user: UserRef, displayName: String, role: Role, team: Team?, roleSource: RoleOrigin,
        inWorkshopChat: Bool = true,
        isAnonymous: Bool = false
    ) {
        self.isAnonymous = isAnonymous
        self.user = user
        self.displayName = displayName
        self.role = role
        self.team = team
        self.roleSource = roleSource
        self.inWorkshopChat = inWorkshopChat
    }
}
