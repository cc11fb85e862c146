import BotCore
import Synchronization

/// The parts of the running configuration that a reload swaps: plugins with their commands, lookups and job
/// handlers, and the roster with its roles. Readers take a consistent snapshot per message or job.
public final class LiveConfiguration: Sendable {
    /// One consistent version of the configuration. A class of constants: every message and job takes one,
    /// and passing a reference costs one retain where copying the struct's fields cost dozens.
    public final class Snapshot: Sendable {
        public let configuration: LoadedConfiguration
        public let registry: CommandRegistry
        public let roles: RoleResolver
        public let lookups: LookupDirectory
        public let jobHandlers: [String: [String: JobHandler]]
        /// Every plugin's pending jobs, described by these job handlers (for `/upcoming`).
        public let schedule: ScheduleView
        /// Every language's messages: the runtime's, the plugins' and the facilitators' overrides.
        public let localization: Localization
        /// `web.public_url` as links start with it, read once per configuration rather than per message.
        public let webAddress: WebAddress?

        init(
            configuration: LoadedConfiguration, registry: CommandRegistry, roles: RoleResolver,
            lookups: LookupDirectory, jobHandlers: [String: [String: JobHandler]], schedule: ScheduleView,
            localization: Localization, webAddress: WebAddress?
        ) {
            self.configuration = configuration
            self.registry = registry
            self.roles = roles
            self.lookups = lookups
            self.jobHandlers = jobHandlers
            self.schedule = schedule
            self.localization = localization
            self.webAddress = webAddress
        }

        /// The language `message`'s sender reads: the one rule (`Localization.language(chosen:hint:team:)`),
        /// with the choice they made with `/lang` (the "user-language" lookup, answered from memory).
        public func language(for message: IncomingMessage, team: Team?) async -> Language {
            let chosen = await lookups.ask("user-language", message.sender.description).first.flatMap {
                Language($0.plainText)
            }
            return localization.language(chosen: chosen, hint: message.languageHint, team: team)
        }

        /// The messages for a post to `chat`: its team's language in a team's chat, else the workshop's.
        public func texts(for chat: ChatRef) -> Texts {
            localization.texts(localization.chatLanguage(team: configuration.roster.team(of: chat)))
        }
    }

    private let current: Mutex<Snapshot>
    let store: any Store
    let clock: any BotClock
    let roleSources: [any RoleSource]

    init(_ configuration: LoadedConfiguration, store: any Store, clock: any BotClock, roleSources: [any RoleSource]) {
        self.store = store
        self.clock = clock
        self.roleSources = roleSources
        current = Mutex(Self.snapshot(configuration, store: store, clock: clock, roleSources: roleSources))
    }

    /// The configuration now.
    public var snapshot: Snapshot { current.withLock { $0 } }

    /// Replaces the configuration; messages already being handled finish with the one they started with.
    func replace(with configuration: LoadedConfiguration) {
        let next = Self.snapshot(configuration, store: store, clock: clock, roleSources: roleSources)
        current.withLock { $0 = next }
    }

    static func snapshot(
        _ configuration: LoadedConfiguration, store: any Store, clock: any BotClock, roleSources: [any RoleSource]
    ) -> Snapshot {
        let registry = CommandRegistry(plugins: configuration.plugins, pluginChats: configuration.pluginChats)
        var entries: [String: @Sendable (String) async throws -> [RichText]] = [:]
        var handlers: [String: [String: JobHandler]] = [:]
        for plugin in configuration.plugins {
            let storage = PluginStorage(namespace: plugin.name, store: store, clock: clock)
            for lookup in plugin.lookups where entries[lookup.name] == nil {
                let answer = lookup.answer
                entries[lookup.name] = { key in try await answer(key, storage) }
            }
            for handler in plugin.jobHandlers { handlers[plugin.name, default: [:]][handler.kind] = handler }
        }
        return Snapshot(
            configuration: configuration, registry: registry,
            roles: RoleResolver(configuration: configuration, sources: roleSources),
            lookups: LookupDirectory(entries: entries), jobHandlers: handlers,
            schedule: .overview(store: store, clock: clock, handlers: handlers, roster: configuration.roster),
            localization: RuntimeMessages.localization(
                plugins: configuration.plugins, overrides: configuration.localeOverrides,
                workshop: configuration.bot.language),
            webAddress: configuration.bot.web?.address)
    }
}
