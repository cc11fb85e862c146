import Foundation
import Logging

/// What the runtime hands a channel factory: the store, the log, the clock and what the enabled plugins offer.
public struct ChannelServices: Sendable {
    public var store: any Store
    public var logger: Logger
    /// The bot's clock (the console stamps its messages with it; channels date their own state by it).
    public var clock: any BotClock
    /// The bot's user name from `bot.yaml` (`/cmd@name` on a channel whose platform does not report one).
    public var botName: String
    /// Every command of the enabled plugins, in `/help` order (a platform's command menu, its command names).
    public var commands: [Command]
    /// The folder the bot keeps its files in (the store's folder): a channel that writes files (the console's
    /// exports) writes them below it.
    public var dataFolder: URL
    /// The catalogues the bot answers from: a platform's command menu in each language comes from them.
    public var localization: Localization

    public init(
        store: any Store, logger: Logger, clock: any BotClock, botName: String, commands: [Command],
        dataFolder: URL = URL(fileURLWithPath: "data", isDirectory: true), localization: Localization = .coreOnly
    ) {
        self.localization = localization
        self.dataFolder = dataFolder
        self.store = store
        self.logger = logger
        self.clock = clock
        self.botName = botName
        self.commands = commands
    }
}
