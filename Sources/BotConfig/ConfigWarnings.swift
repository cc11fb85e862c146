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
        if let web = bot.web, let host = web.listen.split(separator: ":").first, !host.hasPrefix("127.") {
            warnings.append(
                decoder.issue(
                    at: ["web", "listen"],
                    message:
                        "\(web.listen) is reachable from other machines, without TLS: calendar and sign-in links carry "
                        + "their secret in the path, so only the reverse proxy should reach it (listen on 127.0.0.1, "
                        + "or keep the port closed but to the proxy, as inside a container)",
                    in: node, file: file))
        }
        return warnings
    }

    /// Chats the configuration posts to (teams' chats, report chats, plugins' announcement chats) on a platform
    /// that `run` does not serve: the configured platforms, or the console when there are none. Posts there
    /// are never sent, so `check-config` says which chat and why.
    static func unservedChatWarnings(
        _ bot: BotConfiguration, roster: Roster, plugins: [LoadedPlugin], factories: [ChannelFactory],
        rosterFile: String, botFile: String
    ) -> [ConfigIssue] {
        var served = Set(
            bot.channels.sections.compactMap { section -> String? in
                if case .platform = section.factory.kind { return section.name }
                return nil
            })
        if served.isEmpty {
            served = Set(
                factories.compactMap { factory -> String? in
                    if case .local = factory.kind { return factory.name }
                    return nil
                }.prefix(1))
        }
        guard !served.isEmpty else { return [] }
        let list = served.sorted().joined(separator: ", ")
        var warnings: [ConfigIssue] = []
        func check(_ chat: ChatRef, _ what: String, file: String, field: String) {
            guard !served.contains(chat.platform.rawValue) else { return }
            warnings.append(
                ConfigIssue(
                    file: file, line: nil, column: nil, field: field,
                    message:
                        "\(what) \(chat) is on \(chat.platform.rawValue), which this configuration does not run (it serves \(list)): posts there are not sent"
                ))
        }
        for team in roster.teams {
            for chat in team.chats { check(chat, "team \(team.id)'s chat", file: rosterFile, field: "teams") }
        }
        for chat in bot.scheduler.reportChats {
            check(chat, "the report chat", file: botFile, field: "scheduler.report_chats")
        }
        for plugin in plugins {
            for chat in plugin.workshopChats {
                check(chat, "the \(plugin.name) plugin's chat", file: "\(plugin.name).yaml", field: "")
            }
        }
        return warnings
    }
}
