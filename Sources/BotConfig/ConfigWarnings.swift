import BotCore
import BotRuntime
import Yams

extension ConfigLoader {
    /// Settings that are valid but that the operator should know about, as each channel's `warnings()` says
    /// (settings that let people outside the workshop bring the bot into chats of their own, where the platform
    /// makes them administrators: their platform roles count for nothing there, but the bot still answers), so
    /// `check-config` and the start-up log say so. Warnings never stop the bot.
    static func warnings(_ bot: BotConfiguration, node: Node?, file: String, decoder: YAMLConfigDecoder)
        -> [ConfigIssue]
    {
        var warnings: [ConfigIssue] = []
        for section in bot.channels.sections {
            for warning in section.settings.warnings() {
                warnings.append(
                    decoder.issue(
                        at: ["channels", section.name] + warning.path, message: warning.message, in: node, file: file))
            }
        }
        return warnings
    }
}
