import BotCore

/// `/ping`: answers `pong`, to check the bot is alive and reading this chat.
public struct PingPlugin: Plugin, ShipsMessages {
    public static let name = "ping"
    public static let summary = "Checks that the bot is alive"
    public static var messages: [MessageTable] { BuiltinMessages.tables }

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command("ping", summary: "Check that the bot answers") { _, context in Reply(context.texts("ping.pong")) }
        ]
    }
}
