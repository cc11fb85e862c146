import BotCore

/// The commands of the loaded plugins, indexed by name and alias, with the chats each plugin may serve.
public struct CommandRegistry: Sendable {
    public struct Entry: Sendable {
        public var plugin: LoadedPlugin
        public var command: Command
    }

    public let plugins: [LoadedPlugin]
    private let byName: [String: Entry]
    private let chats: [String: Set<ChatRef>]
    /// The catalogue of all plugins, built once; per-chat catalogues are only built when plugins are limited.
    private let fullCatalog: CommandCatalog

    public init(plugins: [LoadedPlugin], pluginChats: [String: Set<ChatRef>] = [:]) {
        self.plugins = plugins
        self.chats = pluginChats
        var byName: [String: Entry] = [:]
        for plugin in plugins {
            for command in plugin.commands {
                for name in command.names where byName[name] == nil {
                    byName[name] = Entry(plugin: plugin, command: command)
                }
            }
        }
        self.byName = byName
        self.fullCatalog = Self.catalog(of: plugins)
    }

    private static func catalog(of plugins: [LoadedPlugin]) -> CommandCatalog {
        CommandCatalog(
            sections: plugins.map {
                CommandCatalog.Section(plugin: $0.name, summary: $0.summary, commands: $0.commands)
            })
    }

    /// Whether `plugin` serves `chat`.
    public func isEnabled(_ plugin: String, in chat: ChatRef) -> Bool {
        guard let allowed = chats[plugin] else { return true }
        return allowed.contains(chat)
    }

    /// The command answering to `name` in `chat`, if its plugin serves that chat.
    public func command(named name: String, in chat: ChatRef) -> Entry? {
        guard let entry = byName[name], isEnabled(entry.plugin.name, in: chat) else { return nil }
        return entry
    }

    /// The plugins serving `chat`, in configuration order.
    public func plugins(in chat: ChatRef) -> [LoadedPlugin] { plugins.filter { isEnabled($0.name, in: chat) } }

    /// The help catalogue of `chat`.
    public func catalog(for chat: ChatRef) -> CommandCatalog {
        chats.isEmpty ? fullCatalog : Self.catalog(of: plugins(in: chat))
    }

    /// The known command closest to a mistyped `name`, for the "did you mean" hint (of equally close ones, the
    /// first in alphabetical order).
    public func suggestion(for name: String, in chat: ChatRef) -> String? {
        let candidates = byName.keys.filter { isEnabled(byName[$0]?.plugin.name ?? "", in: chat) }.sorted()
        return TextSearch.closest(to: name, among: candidates)
    }
}
