import BotCore
import Foundation

/// Everything read from a config folder, validated; the runtime starts only from one of these.
public struct LoadedConfiguration: Sendable {
    public var directory: String
    public var bot: BotConfiguration
    public var roster: Roster
    public var plugins: [LoadedPlugin]
    /// Chats each plugin is limited to; absent means every chat.
    public var pluginChats: [String: Set<ChatRef>]
    /// Valid settings the operator should know about (`check-config` prints them; the bot logs them at start).
    public var warnings: [ConfigIssue]
    /// The values substituted for `${NAME}` references in the folder's files: pass any text about the
    /// configuration (a start-up error, a log line) through `secrets.redact(_:)` before showing it.
    public var secrets: ConfigSecrets
    /// The facilitators' catalogues (`plugins-config/locales/<code>.yaml`), checked at load, which override or
    /// extend the shipped ones key by key.
    public var localeOverrides: [MessageTable]

    public init(
        directory: String = ".", bot: BotConfiguration = BotConfiguration(), roster: Roster = Roster(),
        plugins: [LoadedPlugin], pluginChats: [String: Set<ChatRef>] = [:], warnings: [ConfigIssue] = [],
        secrets: ConfigSecrets = ConfigSecrets(), localeOverrides: [MessageTable] = []
    ) {
        self.localeOverrides = localeOverrides
        self.warnings = warnings
        self.directory = directory
        self.bot = bot
        self.roster = roster
        self.plugins = plugins
        self.pluginChats = pluginChats
        self.warnings = warnings
        self.secrets = secrets
    }
}
