import BotCore
import Foundation
import Yams

/// A plugin after loading: its declarations, type-erased so the runtime can hold plugins of any type.
public struct LoadedPlugin: Sendable {
    public var name: String
    public var summary: String
    public var commands: [Command]
    public var listeners: [MessageListener]
    public var migrations: [Migration]
    public var jobHandlers: [JobHandler]
    /// The plugin's start-up step.
    public var start: @Sendable (StartContext) async throws -> Void
    public var lookups: [Lookup]
    /// The chats its configuration posts to, which count among the workshop's own chats.
    public var workshopChats: [ChatRef]

    /// A plugin assembled from parts, for tests and tools that need no `Plugin` type.
    public init(
        name: String, summary: String, commands: [Command], listeners: [MessageListener] = [],
        migrations: [Migration] = [], jobHandlers: [JobHandler] = [],
        lookups: [Lookup] = [], workshopChats: [ChatRef] = [],
        start: @escaping @Sendable (StartContext) async throws -> Void = { _ in }
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
        listeners = plugin.listeners
        migrations = plugin.migrations
        jobHandlers = plugin.jobHandlers
        start = { try await plugin.start($0) }
        lookups = plugin.lookups
        workshopChats = plugin.workshopChats
    }
}

/// Knows how to build one plugin type from its YAML file. The executable lists the factories it offers;
/// `bot.yaml` chooses which run.
public struct PluginFactory: Sendable {
    public let name: String
    public let summary: String
    let build: @Sendable (_ yaml: String?, _ file: String, _ decoder: YAMLConfigDecoder) throws -> LoadedPlugin

    public init<P: Plugin>(_ type: P.Type) {
        self.init(type) { try P(configuration: $0) }
    }

    /// A factory that builds the plugin itself, to hand it services (a link checker, say) besides its
    /// configuration.
    public init<P: Plugin>(_ type: P.Type, make: @escaping @Sendable (P.Configuration) throws -> P) {
        name = P.name
        summary = P.summary
        build = { yaml, file, decoder in
            let node = try Self.compose(yaml, file: file)
            let configuration = try decoder.decode(P.Configuration.self, from: node, file: file)
            do {
                let plugin = try ConfigurationFile.$current.withValue(URL(fileURLWithPath: file)) {
                    try make(configuration)
                }
                return LoadedPlugin(plugin)
            } catch let error as PluginConfigurationError {
                throw ConfigErrors([decoder.issue(at: error.path, message: error.message, in: node, file: file)])
            }
        }
    }

    /// Builds the plugin; throws `ConfigErrors` that name the file and line.
    public func load(yaml: String?, file: String, decoder: YAMLConfigDecoder) throws -> LoadedPlugin {
        try build(yaml, file, decoder)
    }

    static func compose(_ yaml: String?, file: String) throws -> Node? {
        guard let yaml else { return nil }
        return try YAMLConfigDecoder().compose(yaml: yaml, file: file)
    }
}
