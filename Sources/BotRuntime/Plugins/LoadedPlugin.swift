import BotCore
import Foundation

/// A plugin after loading: its declarations, type-erased so the runtime can hold plugins of any type.
public struct LoadedPlugin: Sendable {
    public var name: String
    public var summary: String
    public var commands: [Command]
    public var listeners: [MessageListener]
    public var migrations: [Migration]
    public var jobHandlers: [JobHandler]
    /// The plugin's start-up step.
    public var start: @Sendable (PluginContext) async throws -> Void
    public var lookups: [Lookup]
    /// The chats its configuration posts to, which count among the workshop's own chats.
    public var workshopChats: [ChatRef]
    /// The teams and sessions its configuration names, checked against the files that define them.
    public var references: [ConfigReference] = []
    /// The names its configuration defines for other files (the agenda's session ids).
    public var definedNames: [ConfigReference.Kind: Set<String>] = [:]
    /// Reads the sources outside the config folder that the configuration names (a calendar feed) once, for
    /// `check-config`: the problems found, located in the plugin's file. Empty for most plugins.
    public var sourceIssues: @Sendable (Roster) async -> [ConfigIssue] = { _ in [] }
    /// The plugin's shipped message catalogues (`ShipsMessages`).
    public var messages: [MessageTable] = []
    /// What it publishes at the bot's web address (`PublishesWebDocuments`).
    public var webDocuments: [WebDocument] = []
    /// The pages it serves at the bot's web address (`ServesWebPages`).
    public var webRoutes: [WebRoute] = []
    /// Its part of the dashboard (`ContributesDashboard`), nil when it has none.
    public var dashboardSections: (@Sendable (DashboardViewer, PluginContext) async throws -> [DashboardSection])?

    /// A plugin assembled from parts, for tests and tools that need no `Plugin` type.
    public init(
        name: String, summary: String, commands: [Command], listeners: [MessageListener] = [],
        migrations: [Migration] = [], jobHandlers: [JobHandler] = [],
        lookups: [Lookup] = [], workshopChats: [ChatRef] = [],
        start: @escaping @Sendable (PluginContext) async throws -> Void = { _ in }
    ) {
        self.lookups = lookups
        self.workshopChats = workshopChats
        self.name = name
        self.summary = summary
        self.commands = commands
        self.listeners = listeners
        self.migrations = migrations
        self.jobHandlers = jobHandlers
        self.start = start
    }

    public init<P: Plugin>(_ plugin: P) {
        name = P.name
        summary = P.summary
        commands = plugin.commands
        listeners = (plugin as? any ListensToMessages)?.listeners ?? []
        migrations = (plugin as? any MigratesStoredData)?.migrations ?? []
        jobHandlers = (plugin as? any SchedulesJobs)?.jobHandlers ?? []
        start = { try await plugin.start($0) }
        lookups = (plugin as? any AnswersLookups)?.lookups ?? []
        workshopChats = (plugin as? any PostsToChats)?.workshopChats ?? []
        references = (plugin as? any ReferencesNames)?.references ?? []
        definedNames = (plugin as? any DefinesNames)?.definedNames ?? [:]
        messages = (P.self as? any ShipsMessages.Type)?.messages ?? []
        webDocuments = (plugin as? any PublishesWebDocuments)?.webDocuments ?? []
        webRoutes = (plugin as? any ServesWebPages)?.webRoutes ?? []
        if let contributing = plugin as? any ContributesDashboard {
            dashboardSections = { try await contributing.dashboardSections(for: $0, $1) }
        }
    }
}
