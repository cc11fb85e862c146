import BotCore

/// `/ping`: answers `pong`, to check the bot is alive and reading this chat.
public struct PingPlugin: Plugin {
    public static let name = "ping"
    public static let summary = "Checks that the bot is alive"

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command("ping", summary: "Check that the bot answers") { _, _ in "pong" }
        ]
    }
}
