import BotCore
import BotRuntime
import Foundation
import Yams

/// Reads `bot.yaml`, `roster.yaml` and each enabled plugin's file from a config folder, collecting every
/// problem with its file and line before giving up, so one `check-config` run shows them all.
public struct ConfigLoader: Sendable {
    public var factories: [PluginFactory]
    /// The channels `bot.yaml` may configure under `channels:`, each decoding and checking its own section;
    /// any other key there is refused. Without them, no channel section is accepted.
    public var channels: [ChannelFactory]
    public var environment: [String: String]

    public init(
        factories: [PluginFactory], channels: [ChannelFactory] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.factories = factories
        self.channels = channels
        self.environment = environment
    }

    /// Loads and validates the folder; throws `ConfigErrors` listing every problem found.
    ///
    /// No issue thrown holds a value substituted from the environment: whoever wrote the message (the decoder,
    /// these checks, a plugin's own validation), each one is redacted here, the one place that sees every file.
    public func load(directory: String) throws -> LoadedConfiguration {
        var texts: [String] = []
        do {
            var loaded = try load(directory: directory, texts: &texts)
            loaded.secrets = ConfigSecrets(referencedIn: texts, environment: environment)
            return loaded
        } catch let errors as ConfigErrors {
            throw ConfigSecrets(referencedIn: texts, environment: environment).redact(errors)
        } catch {
            let secrets = ConfigSecrets(referencedIn: texts, environment: environment)
            throw ConfigErrors([
                ConfigIssue(file: directory, line: nil, column: nil, field: "", message: secrets.redact("\(error)"))
            ])
        }
    }

    /// Reads once, for `check-config`, the sources outside the folder that the loaded plugins name (the agenda's
    /// calendar feed): every problem, at its line, with the configuration's secrets redacted. Empty when they work.
    public static func checkSources(of configuration: LoadedConfiguration) async -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        for plugin in configuration.plugins {
            issues += await plugin.sourceIssues(configuration.roster).map(configuration.secrets.redact)
        }
        return issues
    }

    /// Loads the folder, appending the text of every file read to `texts`.
    private func load(directory: String, texts: inout [String]) throws -> LoadedConfiguration {
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
            texts.append(text)
            botNode = try? decoder.compose(yaml: text, file: botFile)
            bot = try ChannelFactory.$registered.withValue(channels) {
                try decoder.decode(BotConfiguration.self, from: text, file: botFile)
            }
        } catch let errors as ConfigErrors {
            issues += errors.issues
            // The plugins' files are still checked, so one run shows the problems of every file: the enabled
            // list is read alone when the rest of bot.yaml has problems.
            if let plugins = Self.pluginSettings(in: botNode, file: botFile, decoder: decoder) {
                bot.plugins = plugins
            }
        } catch {
            issues.append(ConfigIssue(file: botFile, line: nil, column: nil, field: "", message: "\(error)"))
        }
        issues += Self.settingsIssues(bot, node: botNode, file: botFile, decoder: decoder)

        // roster.yaml (optional)
        var roster = Roster()
        var rosterNode: Node?
        let rosterFile = display(dir, "roster.yaml")
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("roster.yaml").path) {
            do {
                let text = try read(dir, "roster.yaml")
                texts.append(text)
                let node = try? decoder.compose(yaml: text, file: rosterFile)
                rosterNode = node
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
        var pluginFiles: [String: (file: String, node: Node?)] = [:]
        var seen: Set<String> = []
        for (index, name) in bot.plugins.enabled.enumerated() {
            guard seen.insert(name).inserted else {
                issues.append(
                    decoder.issue(
                        at: ["plugins", "enabled", String(index)], message: "a plugin is enabled twice",
                        in: botNode, file: botFile))
                continue
            }
            guard let factory = factories.first(where: { $0.name == name }) else {
                let known = factories.map(\.name).joined(separator: ", ")
                let written = decoder.writtenValue(at: ["plugins", "enabled", String(index)], in: botNode) ?? name
                issues.append(
                    decoder.issue(
                        at: ["plugins", "enabled", String(index)],
                        message: "unknown plugin \(YAMLNodeFacts.quoted(written)) (available: \(known))", in: botNode,
                        file: botFile))
                continue
            }
            let fileName = "\(name).yaml"
            let path = dir.appendingPathComponent(fileName).path
            let yaml = FileManager.default.fileExists(atPath: path) ? try? read(dir, fileName) : nil
            texts += yaml.map { [$0] } ?? []
            do {
                let plugin = try factory.load(yaml: yaml, file: display(dir, fileName), decoder: decoder)
                plugins.append(plugin)
                if !plugin.references.isEmpty {
                    let node = yaml.flatMap { try? decoder.compose(yaml: $0, file: display(dir, fileName)) }
                    pluginFiles[name] = (display(dir, fileName), node)
                }
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

        let (referenceIssues, referenceWarnings) = Self.checkReferences(
            plugins, files: pluginFiles, roster: roster, rosterFile: rosterFile, decoder: decoder)
        issues += referenceIssues

        // The facilitators' catalogues, checked against every available plugin's English (a file may translate
        // a plugin that is not enabled yet), then the languages bot.yaml and roster.yaml name.
        let shipped = RuntimeMessages.tables + factories.flatMap(\.messages)
        let locales = LocaleCatalogues.load(
            from: dir, english: Localization.englishSources(shipped: shipped), decoder: decoder, texts: &texts)
        issues += locales.issues
        // Which languages have a catalogue is all these checks need: no template is parsed for them.
        let available = Set((CoreMessages.tables + shipped + locales.tables).map(\.language)).union([.english])
        issues += Self.languageIssues(
            bot, roster: roster, available: available, botNode: botNode, botFile: botFile, rosterNode: rosterNode,
            rosterFile: rosterFile, decoder: decoder)

        guard issues.isEmpty else { throw ConfigErrors(issues) }
        return LoadedConfiguration(
            directory: directory, bot: bot, roster: roster, plugins: plugins,
            pluginChats: bot.plugins.chats.mapValues(Set.init),
            warnings: Self.warnings(bot, node: botNode, file: botFile, decoder: decoder) + referenceWarnings
                + Self.unservedChatWarnings(
                    bot, roster: roster, plugins: plugins, factories: channels, rosterFile: rosterFile, botFile: botFile
                ), localeOverrides: locales.tables)
    }

    /// Checks the teams and sessions each plugin's file names against the files that define them: an unknown
    /// name is an error at its line, with the closest known one; a team that plugins post to (deadline
    /// reminders, team sessions) but that has no chats in roster.yaml gets one warning naming what will not be
    /// posted. Sessions are checked only when a plugin defines them (the agenda is enabled).
    static func checkReferences(
        _ plugins: [LoadedPlugin], files: [String: (file: String, node: Node?)], roster: Roster, rosterFile: String,
        decoder: YAMLConfigDecoder
    ) -> (issues: [ConfigIssue], warnings: [ConfigIssue]) {
        var issues: [ConfigIssue] = []
        var defined: [ConfigReference.Kind: Set<String>] = [:]
        for plugin in plugins {
            for (kind, names) in plugin.definedNames { defined[kind, default: []].formUnion(names) }
        }
        let teamIDs = roster.teams.map(\.id)
        var silentTeams: [String: Set<String>] = [:]  // team id -> plugins whose posts for it go nowhere
        for plugin in plugins {
            guard let (file, node) = files[plugin.name] else { continue }
            for reference in plugin.references {
                func report(_ message: String) {
                    issues.append(decoder.issue(at: reference.path, message: message, in: node, file: file))
                }
                switch reference.kind {
                case .team:
                    var teams: [Team] = []
                    if reference.name == ConfigReference.everyTeam {
                        teams = roster.teams
                    } else if let team = roster.team(id: reference.name) {
                        teams = [team]
                    } else {
                        let closest = TextSearch.closest(to: reference.name, among: teamIDs)
                        report(
                            "unknown team \(YAMLNodeFacts.quoted(reference.name)) in \(rosterFile)"
                                + (closest.map { " (did you mean \($0)?)" }
                                    ?? (teamIDs.isEmpty ? "" : " (teams: \(teamIDs.joined(separator: ", ")))")))
                    }
                    if reference.postsToTeam {
                        for team in teams where team.chats.isEmpty {
                            silentTeams[team.id, default: []].insert(plugin.name)
                        }
                    }
                case .session:
                    guard let known = defined[.session], !known.contains(reference.name) else { continue }
                    let closest = TextSearch.closest(to: reference.name, among: known.sorted())
                    report(
                        "unknown session \(YAMLNodeFacts.quoted(reference.name)) in the agenda"
                            + (closest.map { " (did you mean \($0)?)" } ?? " (/agenda week lists the session ids)"))
                }
            }
        }
        let warnings = silentTeams.keys.sorted().map { team in
            let what = silentTeams[team, default: []].sorted().joined(separator: " and ")
            return ConfigIssue(
                file: rosterFile, line: nil, column: nil, field: "teams",
                message:
                    "team \(team) has no chats: the \(what) posts for it (reminders, announcements) will not be sent; list its chats under chats:"
            )
        }
        return (issues, warnings)
    }

    /// The languages `bot.yaml` and `roster.yaml` name that have no catalogue, shipped or in `locales/`.
    static func languageIssues(
        _ bot: BotConfiguration, roster: Roster, available: Set<Language>, botNode: Node?, botFile: String,
        rosterNode: Node?, rosterFile: String, decoder: YAMLConfigDecoder
    ) -> [ConfigIssue] {
        let codes = available.sorted().map(\.code).joined(separator: ", ")
        func missing(_ language: Language) -> String {
            "no catalogue for \(language.code) (there are: \(codes); add \(LocaleCatalogues.folder)/\(language.code).yaml)"
        }
        var issues: [ConfigIssue] = []
        if !available.contains(bot.language) {
            issues.append(decoder.issue(at: ["language"], message: missing(bot.language), in: botNode, file: botFile))
        }
        for (index, team) in roster.teams.enumerated() {
            if let language = team.language, !available.contains(language) {
                issues.append(
                    decoder.issue(
                        at: ["teams", String(index), "language"], message: missing(language), in: rosterNode,
                        file: rosterFile))
            }
            for (app, language) in team.appLanguages.sorted(by: { $0.key < $1.key })
            where !available.contains(language) {
                issues.append(
                    decoder.issue(
                        at: ["teams", String(index), "app_languages", app.code], message: missing(language),
                        in: rosterNode, file: rosterFile))
            }
        }
        return issues
    }

    /// The `plugins` section of a `bot.yaml` whose other sections have problems; nil when it has problems of its
    /// own (they are among the issues already reported).
    static func pluginSettings(in node: Node?, file: String, decoder: YAMLConfigDecoder) -> BotConfiguration
        .PluginSettings?
    {
        guard case .mapping(let mapping)? = node,
            let section = mapping.first(where: { $0.key.string == "plugins" })?.value
        else { return nil }
        return try? decoder.decode(BotConfiguration.PluginSettings.self, from: section, file: file)
    }

    /// The bounds of `bot.yaml`'s numbers and durations: product rules, checked before anything converts or adds
    /// them, so no value written in the file can trap the bot.
    public enum Bounds {
        /// A command (or a scheduled job) may run up to 10 minutes: a longer one holds up every later message of
        /// its chat (or every later post).
        public static let handlerTimeout = ConfigDuration(seconds: 600)
        /// Posts overdue by more than a week after downtime are stale: they are reported, never sent late.
        public static let gracePeriod = ConfigDuration(seconds: 7 * 86_400)
        /// A TCP port.
        public static let port = 1...65_535
    }

    /// Problems with `bot.yaml`'s settings that decoding cannot see: bounds, shapes of addresses and URLs, and
    /// (each channel's own `issues()`) channel sections the bot could not work with. Messages never repeat a
    /// value (it may be a secret).
    static func settingsIssues(
        _ bot: BotConfiguration, node: Node?, file: String, decoder: YAMLConfigDecoder
    ) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        func report(_ path: [String], _ message: String) {
            issues.append(decoder.issue(at: path, message: message, in: node, file: file))
        }

        if let sync = bot.store.synchronous, !["normal", "full"].contains(sync) {
            report(["store", "synchronous"], "expected normal or full")
        }
        if let url = bot.store.url {
            if bot.store.path != nil {
                report(["store", "url"], "give either path (an SQLite file) or url (a PostgreSQL database), not both")
            }
            if bot.store.synchronous != nil {
                report(["store", "synchronous"], "synchronous is an SQLite setting; PostgreSQL commits durably")
            }
            // The problem's message never repeats the URL, which may have come from the environment.
            do {
                _ = try PostgresAddress(parsing: url)
            } catch {
                report(["store", "url"], error.description)
            }
        }
        let timeout = bot.dispatch.handlerTimeout.seconds
        if !(timeout > 0 && timeout <= Bounds.handlerTimeout.seconds) {
            report(
                ["dispatch", "handler_timeout"],
                "expected more than 0s and at most \(Bounds.handlerTimeout.text): a longer command holds up its chat")
        }
        let jobTimeout = bot.scheduler.jobTimeout.seconds
        if !(jobTimeout > 0 && jobTimeout <= Bounds.handlerTimeout.seconds) {
            report(
                ["scheduler", "job_timeout"],
                "expected more than 0s and at most \(Bounds.handlerTimeout.text): a longer job holds up the posts after it"
            )
        }
        let grace = bot.scheduler.gracePeriod.seconds
        if !(grace >= 0 && grace <= Bounds.gracePeriod.seconds) {
            report(
                ["scheduler", "grace_period"],
                "expected at most \(Bounds.gracePeriod.text): posts later than that are reported, not sent")
        }
        if let metrics = bot.metrics, !Self.isListenAddress(metrics.listen) {
            report(
                ["metrics", "listen"],
                "expected HOST:PORT with an IPv4 address and a port from 1 to 65535, such as 127.0.0.1:9464")
        }
        if let web = bot.web {
            if !Self.isListenAddress(web.listen) {
                report(
                    ["web", "listen"],
                    "expected HOST:PORT with an IPv4 address and a port from 1 to 65535, such as 127.0.0.1:8080")
            }
            if web.address == nil {
                report(
                    ["web", "public_url"],
                    "expected the https:// address people reach the bot at, without ? or #, its path (if any) of letters, digits "
                        + "and -._~/ only, such as https://bot.example.org or https://example.org/bot "
                        + "(http:// only for 127.0.0.1 or localhost: the links carry a secret)"
                )
            }
        }
        // Each channel's own checks, at their place in its section.
        for section in bot.channels.sections {
            for issue in section.settings.issues() {
                report(["channels", section.name] + issue.path, issue.message)
            }
        }
        return issues
    }

    /// Whether `text` is `A.B.C.D:PORT` with a port in `Bounds.port`.
    static func isListenAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[1]), Bounds.port.contains(port) else { return false }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4
            && octets.allSatisfy { octet in
                octet.count <= 3 && octet.allSatisfy(\.isASCII) && Int(octet).map { (0...255).contains($0) } == true
            }
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
        /// A zone as written, as its IANA identifier (any case accepted); an abbreviation or unknown name is an
        /// issue at `path`, and the name is kept as written.
        func zoneName(_ written: String?, at path: [String]) -> String? {
            guard let written else { return nil }
            switch ZoneNames.identifier(named: written) {
            case .success(let identifier): return identifier
            case .failure(let problem):
                issues.append(decoder.issue(at: path, message: problem.description, in: node, file: file))
                return written
            }
        }
        var teams: [Team] = []
        for (index, entry) in (config.teams ?? []).enumerated() {
            if teams.contains(where: { $0.id == entry.id }) {
                issues.append(
                    decoder.issue(
                        at: ["teams", String(index), "id"], message: "team id \(entry.id) is used twice", in: node,
                        file: file))
            }
            let zone = zoneName(entry.timeZone, at: ["teams", String(index), "time_zone"])
            var appLanguages: [Language: Language] = [:]
            for (written, read) in (entry.appLanguages ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let app = Language(written) else {
                    issues.append(
                        decoder.issue(
                            at: ["teams", String(index), "app_languages", written],
                            message: "expected a language code such as kk or mn", in: node, file: file))
                    continue
                }
                guard let language = Language(read) else {
                    issues.append(
                        decoder.issue(
                            at: ["teams", String(index), "app_languages", written],
                            message: "expected a language code such as ru or en", in: node, file: file))
                    continue
                }
                appLanguages[app] = language
            }
            var language: Language?
            if let written = entry.language {
                language = Language(written)
                if language == nil {
                    issues.append(
                        decoder.issue(
                            at: ["teams", String(index), "language"],
                            message: "expected a language code such as en, fr, ru, zh or kk", in: node, file: file))
                }
            }
            teams.append(
                Team(
                    id: entry.id, name: entry.name, timeZone: zone, chats: entry.chats ?? [], language: language,
                    appLanguages: appLanguages))
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
        let workshopZone = zoneName(config.timeZone, at: ["time_zone"])
        let roster = Roster(
            teams: teams, facilitators: Set(config.facilitators ?? []), participants: participants,
            timeZone: workshopZone)
        return (roster, issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
    }
}
