import Foundation
import Logging

/// Everything a command handler may use, handed in by the runtime: no globals, so handlers are testable.
public struct CommandContext: Sendable {
    /// Who sent the command, with their role and team.
    public var caller: Caller
    /// The chat it was sent in.
    public var chat: ChatRef
    public var clock: any BotClock
    public var logger: Logger
    /// The plugin's own storage; its transactions are tied to this message's handling.
    public var storage: PluginStorage
    public var roster: Roster
    /// The commands available in this chat, for help-like commands.
    public var catalog: CommandCatalog
    /// Questions other plugins answer (see `Lookup`).
    public var lookups: LookupDirectory
    /// What all plugins have scheduled to post, for facilitators' overview.
    public var schedule: ScheduleView
    /// People's direct chats with the bot, where personal messages can reach them.
    public var directChats: DirectChats
    /// The messages in the caller's language (see `Localization.language(chosen:hint:team:)`).
    public var texts: Texts
    /// Every language's messages, for a reply about languages (`/lang`) or a post to another chat.
    public var localization: Localization
    /// The bot's public web address (`web.public_url`), for links to what plugins publish there; nil when the
    /// web interface is off.
    public var webAddress: WebAddress?
    /// Sends a progress message at once (see `showProgress`).
    private let progress: @Sendable (Reply) async -> Void

    /// - Parameter progress: sends a progress message for this handling at once (the runtime's dispatcher
    ///   supplies it); by default nothing is shown.
    public init(
        caller: Caller, chat: ChatRef, clock: any BotClock, logger: Logger, storage: PluginStorage, roster: Roster,
        catalog: CommandCatalog, lookups: LookupDirectory = LookupDirectory(), schedule: ScheduleView = ScheduleView(),
        directChats: DirectChats = DirectChats(), texts: Texts = .keysOnly, localization: Localization = .coreOnly,
        webAddress: WebAddress? = nil, progress: @escaping @Sendable (Reply) async -> Void = { _ in }
    ) {
        self.webAddress = webAddress
        self.texts = texts
        self.localization = localization
        self.progress = progress
        self.lookups = lookups
        self.schedule = schedule
        self.directChats = directChats
        self.caller = caller
        self.chat = chat
        self.clock = clock
        self.logger = logger
        self.storage = storage
        self.roster = roster
        self.catalog = catalog
    }

    /// The clock's current time.
    public var now: Date { clock.now() }

    /// Shows `reply` in the chat at once, before the handler returns, for work that takes a while ("Checking
    /// 12 links…"). The handler's answer then takes its place: platforms that can edit a message edit this
    /// one, the others (the console) show the answer after it. Best effort: it is not queued in the store's
    /// outbox and a failure is only logged, so the answer, which is, never waits for it or is lost with it. A
    /// second call updates the same message; on a replay of a message already handled nothing is shown.
    public func showProgress(_ reply: Reply) async { await progress(reply) }

    /// The zone the caller reads times in: the one they chose with `/tz` (the "user-timezone" lookup), else
    /// their team's, else `fallback`, else the workshop's (the roster's), else UTC.
    public func readerZone(otherwise fallback: TimeZone? = nil) async -> TimeZone {
        if let answer = await lookups.ask("user-timezone", caller.user.description).first,
            let zone = TimeZone(identifier: answer.plainText)
        {
            return zone
        }
        if let name = caller.team?.timeZone, let zone = TimeZone(identifier: name) { return zone }
        if let fallback { return fallback }
        if let name = roster.timeZone, let zone = TimeZone(identifier: name) { return zone }
        return TimeZone(identifier: "UTC") ?? .gmt
    }
}

/// What a plugin's work outside a message may use: its `start` step (after every start and reload) and its
/// scheduled jobs.
public struct PluginContext: Sendable {
    public var clock: any BotClock
    public var logger: Logger
    /// The plugin's own storage; in a job, its first transaction also marks the job done.
    public var storage: PluginStorage
    public var roster: Roster
    /// Every language's messages: a post to a chat uses `texts(for:)`.
    public var localization: Localization

    public init(
        clock: any BotClock, logger: Logger, storage: PluginStorage, roster: Roster,
        localization: Localization = .coreOnly
    ) {
        self.localization = localization
        self.clock = clock
        self.logger = logger
        self.storage = storage
        self.roster = roster
    }
}

extension CommandContext {
    /// The messages for everyone in `chat`, whoever asked: in its team's language in a team's chat, else the
    /// workshop's (a poll's question read by the whole chat).
    public func texts(for chat: ChatRef) -> Texts {
        localization.texts(localization.chatLanguage(team: roster.team(of: chat)))
    }
}

extension PluginContext {
    /// The messages for a post to `chat`: in its team's language in a team's chat, else the workshop's.
    public func texts(for chat: ChatRef) -> Texts {
        localization.texts(localization.chatLanguage(team: roster.team(of: chat)))
    }
}

/// The commands of the enabled plugins, as `/help` lists them.
public struct CommandCatalog: Sendable {
    /// One plugin's entry.
    public struct Section: Sendable {
        public var plugin: String
        public var summary: String
        public var commands: [Command]

        public init(plugin: String, summary: String, commands: [Command]) {
            self.plugin = plugin
            self.summary = summary
            self.commands = commands
        }
    }

    public var sections: [Section]
    /// The prefix shown before command names.
    public var prefix: String

    public init(sections: [Section], prefix: String = "/") {
        self.sections = sections
        self.prefix = prefix
    }

    /// The command answering to `name` (or an alias).
    public func command(named name: String) -> (plugin: String, command: Command)? {
        let lowered = name.lowercased()
        for section in sections {
            if let command = section.commands.first(where: { $0.names.contains(lowered) }) {
                return (section.plugin, command)
            }
        }
        return nil
    }

    /// The catalogue limited to the commands `role` may run.
    public func visible(to role: Role) -> CommandCatalog {
        CommandCatalog(
            sections: sections.compactMap { section in
                let commands = section.commands.filter { $0.requiredRole <= role }
                return commands.isEmpty
                    ? nil : Section(plugin: section.plugin, summary: section.summary, commands: commands)
            }, prefix: prefix)
    }
}

/// A job some plugin has scheduled, as facilitators see it in `/upcoming`.
public struct UpcomingPost: Sendable, Hashable {
    public var id: Int64
    public var dueAt: Date
    public var chat: ChatRef?
    /// The plugin that scheduled it.
    public var owner: String
    public var kind: String
    /// What it will post (the plugin's description of the job, in the language of the texts it was listed
    /// with), or its kind.
    public var description: RichText
    /// Where it will post: its chat, or the chats its plugin names for it (a team's); empty when it will post
    /// nowhere (a team without chats); nil when its plugin does not say.
    public var targets: [ChatRef]?

    public init(
        id: Int64, dueAt: Date, chat: ChatRef?, owner: String, kind: String, description: RichText,
        targets: [ChatRef]? = nil
    ) {
        self.id = id
        self.dueAt = dueAt
        self.chat = chat
        self.owner = owner
        self.kind = kind
        self.description = description
        self.targets = targets ?? chat.map { [$0] }
    }
}

/// The runtime's view of every plugin's pending jobs: what the bot will post next, and a way to skip one.
/// Plugins see their own jobs through their storage; this view crosses plugins, for facilitators.
public struct ScheduleView: Sendable {
    private let list: @Sendable (Date, Texts) async throws -> [UpcomingPost]
    private let skip: @Sendable (Int64, String, Texts) async throws -> UpcomingPost?
    private let restore: @Sendable (Int64, Texts) async throws -> UpcomingPost?

    public init(
        list: @escaping @Sendable (Date, Texts) async throws -> [UpcomingPost] = { _, _ in [] },
        skip: @escaping @Sendable (Int64, String, Texts) async throws -> UpcomingPost? = { _, _, _ in nil },
        restore: @escaping @Sendable (Int64, Texts) async throws -> UpcomingPost? = { _, _ in nil }
    ) {
        self.list = list
        self.skip = skip
        self.restore = restore
    }

    /// Pending jobs due until `time`, soonest first, described in `texts`' language.
    public func upcoming(until time: Date, texts: Texts) async throws -> [UpcomingPost] {
        try await list(time, texts)
    }

    /// Cancels the pending job `id`, noting `reason`; returns it (described in `texts`' language), or nil when
    /// no such job is pending.
    public func mute(_ id: Int64, reason: String, texts: Texts) async throws -> UpcomingPost? {
        try await skip(id, reason, texts)
    }

    /// Puts a muted job `id` back, when its time is still to come; returns it, or nil when it was not muted
    /// or its time has passed.
    public func unmute(_ id: Int64, texts: Texts) async throws -> UpcomingPost? { try await restore(id, texts) }
}

/// The direct (one-to-one) chats people have opened with the bot, as the runtime saw them. Some platforms let a
/// bot write to a person only after they wrote to it, so only these chats are used for
/// personal messages.
public struct DirectChats: Sendable {
    private let find: @Sendable (UserRef) async -> ChatRef?

    public init(find: @escaping @Sendable (UserRef) async -> ChatRef? = { _ in nil }) { self.find = find }

    /// The direct chat of `user`, if they have written to the bot there.
    public func chat(of user: UserRef) async -> ChatRef? { await find(user) }
}
