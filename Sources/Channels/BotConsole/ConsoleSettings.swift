import BotCore

/// `bot.yaml`'s `channels.console` section: the local terminal chat, which runs when no platform channel does
/// (and for `workshop-bot console`).
public struct ConsoleSettings: ChannelSettings {
    /// The console chat's id (default `workshop`); the roster can give it a team (`console:workshop`).
    public var chat: String
    /// The user a line without `name:` comes from (default `you`).
    public var defaultUser: String

    enum CodingKeys: String, CodingKey { case chat, defaultUser }

    public init(chat: String = "workshop", defaultUser: String = "you") {
        self.chat = chat
        self.defaultUser = defaultUser
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ConsoleSettings()
        chat = try c.decodeIfPresent(String.self, forKey: .chat) ?? defaults.chat
        defaultUser = try c.decodeIfPresent(String.self, forKey: .defaultUser) ?? defaults.defaultUser
    }
}

extension ConsoleChannel {
    /// The `channels.console` factory: the terminal chat on standard input and output, stamped with the bot's
    /// clock, started when no platform channel runs; files sent to it go to `exports/` in the bot's data folder.
    public static let factory = ChannelFactory(
        name: "console", settings: ConsoleSettings.self, kind: .local(fallback: ConsoleSettings())
    ) { settings, services in
        BuiltChannel(
            .direct(
                ConsoleChannel(
                    chat: settings.chat, defaultUser: settings.defaultUser, botUsername: services.botName,
                    clock: services.clock,
                    exportsFolder: services.dataFolder.appendingPathComponent("exports", isDirectory: true))))
    }
}
