import BotCore
import Foundation
import Yams

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

    public init(
        directory: String = ".", bot: BotConfiguration = BotConfiguration(), roster: Roster = Roster(),
        plugins: [LoadedPlugin], pluginChats: [String: Set<ChatRef>] = [:], warnings: [ConfigIssue] = []
    ) {
        self.warnings = warnings
        self.directory = directory
        self.bot = bot
        self.roster = roster
        self.plugins = plugins
        self.pluginChats = pluginChats
    }
}

/// Reads `bot.yaml`, `roster.yaml` and each enabled plugin's file from a config folder, collecting every
/// problem with its file and line before giving up, so one `check-config` run shows them all.
public struct ConfigLoader: Sendable {
    public var factories: [PluginFactory]
    public var environment: [String: String]

    public init(factories: [PluginFactory], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.factories = factories
        self.environment = environment
    }

    /// Loads and validates the folder; throws `ConfigErrors` listing every problem found.
    public func load(directory: String) throws -> LoadedConfiguration {
        let decoder = YAMLConfigDecoder(environment: environment)
        var issues: [ConfigIssue] = []
        let dir = URL(fileURLWithPath: directory)
        guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("bot.yaml").path) else {
            throw ConfigErrors([
                ConfigIssue(
                    file: display(dir, "bot.yaml"), line: nil, column: nil, field: "",
                    message: "not found: the config folder must hold bot.yaml (try --config plugins-config)")
            ])
        }

        // bot.yaml
        let botFile = display(dir, "bot.yaml")
        var bot = BotConfiguration()
        var botNode: Node?
        do {
            let text = try read(dir, "bot.yaml")
            botNode = try? decoder.compose(yaml: text, file: botFile)
            bot = try decoder.decode(BotConfiguration.self, from: text, file: botFile)
        } catch let errors as ConfigErrors {
            issues += errors.issues
        } catch {
            issues.append(ConfigIssue(file: botFile, line: nil, column: nil, field: "", message: "\(error)"))
        }
        if let sync = bot.store.synchronous, !["normal", "full"].contains(sync) {
            issues.append(
                decoder.issue(
                    at: ["store", "synchronous"], message: "expected normal or full, found \"\(sync)\"", in: botNode,
                    file: botFile))
        }

        // roster.yaml (optional)
        var roster = Roster()
        let rosterFile = display(dir, "roster.yaml")
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("roster.yaml").path) {
            do {
                let text = try read(dir, "roster.yaml")
                let node = try? decoder.compose(yaml: text, file: rosterFile)
                let config = try decoder.decode(RosterConfiguration.self, from: text, file: rosterFile)
                let (built, rosterIssues) = Self.roster(from: config, node: node, file: rosterFile, decoder: decoder)
                roster = built
                issues += rosterIssues
            } catch let errors as ConfigErrors {
                issues += errors.issues
            } catch {
                issues.append(ConfigIssue(file: rosterFile, line: nil, column: nil, field: "", message: "\(error)"))
            }
        }

        // Enabled plugins, each from its own file.
        var plugins: [LoadedPlugin] = []
        var seen: Set<String> = []
        for (index, name) in bot.plugins.enabled.enumerated() {
            guard seen.insert(name).inserted else {
                issues.append(
                    decoder.issue(
                        at: ["plugins", "enabled", String(index)], message: "plugin \(name) is enabled twice",
                        in: botNode, file: botFile))
                continue
            }
            guard let factory = factories.first(where: { $0.name == name }) else {
                let known = factories.map(\.name).joined(separator: ", ")
                issues.append(
                    decoder.issue(
                        at: ["plugins", "enabled", String(index)],
                        message: "unknown plugin \"\(name)\" (available: \(known))", in: botNode, file: botFile))
                continue
            }
            let fileName = "\(name).yaml"
            let path = dir.appendingPathComponent(fileName).path
            let yaml = FileManager.default.fileExists(atPath: path) ? try? read(dir, fileName) : nil
            do {
                plugins.append(try factory.load(yaml: yaml, file: display(dir, fileName), decoder: decoder))
            } catch let errors as ConfigErrors {
                issues += errors.issues
            } catch {
                issues.append(
                    ConfigIssue(file: display(dir, fileName), line: nil, column: nil, field: "", message: "\(error)"))
            }
        }
        for name in bot.plugins.chats.keys where !bot.plugins.enabled.contains(name) {
            issues.append(
                decoder.issue(
                    at: ["plugins", "chats", name], message: "plugin \(name) is not enabled", in: botNode,
                    file: botFile))
        }

        // Two plugins must not claim the same command name.
        var owners: [String: String] = [:]
        for plugin in plugins {
            for command in plugin.commands {
                for name in command.names {
                    if let other = owners[name], other != plugin.name {
                        issues.append(
                            ConfigIssue(
                                file: botFile, line: nil, column: nil, field: "plugins.enabled",
                                message: "plugins \(other) and \(plugin.name) both define /\(name)"))
                    }
                    owners[name] = plugin.name
                }
            }
        }

        guard issues.isEmpty else { throw ConfigErrors(issues) }
        return LoadedConfiguration(
            directory: directory, bot: bot, roster: roster, plugins: plugins,
            pluginChats: bot.plugins.chats.mapValues(Set.init),
            warnings: Self.warnings(bot, node: botNode, file: botFile, decoder: decoder))
    }

    private func read(_ dir: URL, _ name: String) throws -> String {
        let data = try Data(contentsOf: dir.appendingPathComponent(name))
        return String(decoding: data, as: UTF8.self)
    }

    private func display(_ dir: URL, _ name: String) -> String {
        dir.appendingPathComponent(name).relativePath
    }

    /// Builds the roster and checks what decoding cannot: unique team ids, real time zones, known teams.
    static func roster(
        from config: RosterConfiguration, node: Node?, file: String, decoder: YAMLConfigDecoder
    ) -> (Roster, [ConfigIssue]) {
        var issues: [ConfigIssue] = []
        var teams: [Team] = []
        for (index, entry) in (config.teams ?? []).enumerated() {
            if teams.contains(where: { $0.id == entry.id }) {
                issues.append(
                    decoder.issue(
                        at: ["teams", String(index), "id"], message: "team id \(entry.id) is used twice", in: node,
                        file: file))
            }
            if let zone = entry.timeZone, TimeZone(identifier: zone) == nil {
                issues.append(
                    decoder.issue(
                        at: ["teams", String(index), "time_zone"],
                        message: "unknown time zone \"\(zone)\" (use an IANA name such as Asia/Vientiane)", in: node,
                        file: file))
            }
            teams.append(Team(id: entry.id, name: entry.name, timeZone: entry.timeZone, chats: entry.chats ?? []))
        }
        var participants: [UserRef: String] = [:]
        for (identity, team) in config.participants ?? [:] {
            guard let user = UserRef(parsing: identity) else {
                issues.append(
                    decoder.issue(
                        at: ["participants", identity], message: "expected platform:id, found \"\(identity)\"",
                        in: node, file: file))
                continue
            }
            guard teams.contains(where: { $0.id == team }) else {
                issues.append(
                    decoder.issue(
                        at: ["participants", identity], message: "unknown team \"\(team)\"", in: node, file: file))
                continue
            }
            participants[user] = team
        }
        let roster = Roster(teams: teams, facilitators: Set(config.facilitators ?? []), participants: participants)
        return (roster, issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
    }
}
