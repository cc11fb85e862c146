import Foundation

/// A command module: agenda, voting, deadlines, resources, or the built-in help.
///
/// A plugin declares everything as data: its commands (with usage, help and required role) here, and what else
/// it does through the capability protocols it adopts (`SchedulesJobs`, `AnswersLookups`, `PostsToChats`,
/// `ListensToMessages`, `MigratesStoredData`, `ReferencesNames`, `DefinesNames`, `ChecksSources`), each one
/// requirement. The runtime does parsing, role checks,
/// ordering, errors and persistence, so a plugin holds only its own logic and needs no change to the core. Its
/// configuration is decoded, strictly, from `plugins-config/<name>.yaml`.
public protocol Plugin: Sendable {
    /// The configuration type decoded from the plugin's YAML file; `NoConfiguration` when it has none.
    associatedtype Configuration: Decodable & Sendable = NoConfiguration

    /// The name used in `bot.yaml`, for the config file and as the store namespace (`agenda`).
    static var name: String { get }
    /// One line saying what the plugin is for, shown in `/help`.
    static var summary: String { get }

    /// Builds the plugin from its decoded configuration. Throw `PluginConfigurationError` for values that
    /// decode but make no sense; the runtime reports them with the file and line.
    init(configuration: Configuration) throws

    var commands: [Command] { get }

    /// Runs once at start-up (and after each reload), after the migrations and before any message: schedule
    /// jobs that follow from the configuration (announcements), reconcile stored state. A thrown error stops the
    /// bot with its message. Default: nothing.
    func start(_ context: PluginContext) async throws
}

extension Plugin {
    public func start(_ context: PluginContext) async throws {}
}

/// A plugin whose scheduled jobs (announcements, reminders, a poll's closing) the scheduler runs.
public protocol SchedulesJobs: Plugin {
    var jobHandlers: [JobHandler] { get }
}

/// A plugin that answers questions other plugins ask (`/upcoming` asks each what it will post).
public protocol AnswersLookups: Plugin {
    var lookups: [Lookup] { get }
}

/// A plugin whose configuration posts to chats (announcement and report chats). They count among the
/// workshop's own chats, where a role a platform grants (a chat's administrators) makes a facilitator of that
/// chat.
public protocol PostsToChats: Plugin {
    var workshopChats: [ChatRef] { get }
}

/// A plugin that sees messages that are not commands.
public protocol ListensToMessages: Plugin {
    var listeners: [MessageListener] { get }
}

/// A plugin whose configuration names teams or sessions defined in other files: each is checked at load.
public protocol ReferencesNames: Plugin {
    var references: [ConfigReference] { get }
}

/// A plugin whose configuration defines names other files may use (the agenda's session ids).
public protocol DefinesNames: Plugin {
    var definedNames: [ConfigReference.Kind: Set<String>] { get }
}

/// A plugin whose stored data change shape between versions: its migrations run once each, in order.
public protocol MigratesStoredData: Plugin {
    var migrations: [Migration] { get }
}

/// A plugin whose configuration names a source outside the config folder that it reads while running (the
/// agenda's calendar feed): `check-config` asks it to read each once and reports what is wrong at its line.
public protocol ChecksSources: Plugin {
    /// The problems with the sources, each at the configuration field naming it; empty when they work. Team
    /// names a source uses are checked against `roster`. Messages never show a secret part of an address.
    func checkSources(roster: Roster) async -> [PluginConfigurationError]
}

/// A plugin that ships its texts as message catalogues (English, French, Russian, Chinese), so its replies are
/// in each reader's language; the runtime merges every plugin's tables with its own and the facilitators'.
public protocol ShipsMessages: Plugin {
    /// The plugin's messages, one table per language; English's names every key.
    static var messages: [MessageTable] { get }
}
