import BotCore
import BotRuntime
import Foundation
import Yams

/// Knows how to build one plugin type from its YAML file. The executable lists the factories it offers;
/// `bot.yaml` chooses which run.
public struct PluginFactory: Sendable {
    public let name: String
    public let summary: String
    /// The plugin's shipped message catalogues, which facilitators' locale files are checked against.
    public let messages: [MessageTable]
    let build: @Sendable (_ yaml: String?, _ file: String, _ decoder: YAMLConfigDecoder) throws -> LoadedPlugin

    public init<P: Plugin>(_ type: P.Type) {
        self.init(type) { try P(configuration: $0) }
    }

    /// A factory that builds the plugin itself, to hand it services (a link checker, say) besides its
    /// configuration.
    public init<P: Plugin>(_ type: P.Type, make: @escaping @Sendable (P.Configuration) throws -> P) {
        name = P.name
        summary = P.summary
        messages = (P.self as? any ShipsMessages.Type)?.messages ?? []
        build = { yaml, file, decoder in
            let node = try Self.compose(yaml, file: file)
            let configuration = try decoder.decode(P.Configuration.self, from: node, file: file)
            do {
                let plugin = try ConfigurationFile.$current.withValue(URL(fileURLWithPath: file)) {
                    try make(configuration)
                }
                var loaded = LoadedPlugin(plugin)
                if let checking = plugin as? any ChecksSources {
                    // Located in the file when asked: the parsed document itself is not kept.
                    loaded.sourceIssues = { roster in
                        let problems = await checking.checkSources(roster: roster)
                        guard !problems.isEmpty else { return [] }
                        let node = try? Self.compose(yaml, file: file)
                        return problems.map { decoder.issue(at: $0.path, message: $0.message, in: node, file: file) }
                    }
                }
                return loaded
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
