import BotRuntime
import Yams

extension ConfigLoader {
    /// Settings that are valid but let people outside the workshop bring the bot into chats of their own, where
    /// the platform makes them administrators. Their platform roles count for nothing there (the role resolver
    /// grants them only in the workshop's own chats), but the bot still answers there, so `check-config` and
    /// the start-up log say so. Warnings never stop the bot.
    static func warnings(_ bot: BotConfiguration, node: Node?, file: String, decoder: YAMLConfigDecoder) -> [ConfigIssue] {
        var warnings: [ConfigIssue] = []
        if let matrix = bot.channels.matrix, matrix.rooms?.isEmpty ?? true {
            warnings.append(
                decoder.issue(
                    at: ["channels", "matrix"],
                    message:
                        "no rooms: the bot accepts an invitation to any room. Room creators and moderators are facilitators only in the workshop's own chats; list the workshop's rooms in matrix.rooms so the bot serves only them",
                    in: node, file: file))
        }
        if let telegram = bot.channels.telegram, telegram.adminsAreFacilitators == true,
            telegram.allowedChats?.isEmpty ?? true
        {
            warnings.append(
                decoder.issue(
                    at: ["channels", "telegram", "admins_are_facilitators"],
                    message:
                        "group administrators are facilitators, with no allowed_chats: anyone can add the bot to a group of their own. Administrators are facilitators only in the workshop's own chats; list them in telegram.allowed_chats so the bot serves only them",
                    in: node, file: file))
        }
        return warnings
    }
}
