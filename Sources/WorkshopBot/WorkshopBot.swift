import AgendaPlugin
import ArgumentParser
import BotConfig
import BotConsole
import BotCore
import BotHTTP
import BotHTTPServer
import BotMatrix
import BotPostgres
import BotRuntime
import BotSQLite
import BotTelegram
import BuiltinPlugins
import CPlatform
import DashboardPlugin
import DeadlinesPlugin
import Foundation
import Logging
import ResourcesPlugin
import ServiceLifecycle
import VotingPlugin
import Yams

/// A command that could not do its work (no running bot, no store, a file that cannot be written): printed as
/// one `Error:` line and exit status 1, without the usage block that argument mistakes get.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The plugins this build offers; `bot.yaml` chooses which of them run.
let availablePlugins: [PluginFactory] =
    Builtins.all.map { PluginFactory($0) } + [
        PluginFactory(AgendaPlugin.self) { try AgendaPlugin(configuration: $0, fetcher: FeedFetchingOverHTTP()) },
        PluginFactory(DeadlinesPlugin.self),
        PluginFactory(VotingPlugin.self),
        PluginFactory(DashboardPlugin.self),
        PluginFactory(ResourcesPlugin.self) { try ResourcesPlugin(configuration: $0, checker: LinkCheckingOverHTTP()) },
    ] + (FaultInjectionPlugin.offered ? [PluginFactory(FaultInjectionPlugin.self)] : [])

/// The channels this build offers, by their key under `channels:` in `bot.yaml`; the console runs when no
/// platform channel does.
let availableChannels: [ChannelFactory] = [
    ConsoleChannel.factory,
    TelegramChannel.factory { SharedHTTP.client },
    MatrixChannel.factory { SharedHTTP.client },
]

@main
struct WorkshopBot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workshop-bot",
        abstract: "A plugin-based chat bot for the channels of online workshops.",
        subcommands: [
            Run.self, Console.self, CheckConfig.self, Status.self, Reload.self, Export.self, StoreCommands.self,
        ],
        defaultSubcommand: Run.self
    )

    static func main() async {
        // glibc gives every thread that allocates its own malloc arena and keeps freed memory; two arenas and
        // fixed trim thresholds keep a long-running bot's resident memory down (docs/BENCHMARKS.md).
        _ = wb_tune_malloc(2)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: LogSecrets.shared.redacting(error))
        }
    }
}

/// Options every subcommand shares.
/// `--config`: every subcommand reads the config folder.
struct ConfigOptions: ParsableArguments {
    @Option(help: "The config folder holding bot.yaml, roster.yaml and one file per plugin.")
    var config: String = "plugins-config"

    /// Loads the config folder, or prints every problem with its file and line and exits 1.
    func loadConfiguration() throws -> LoadedConfiguration {
        do {
            let configuration = try ConfigLoader(factories: availablePlugins, channels: availableChannels)
                .load(directory: config)
            LogSecrets.shared.hide(configuration.secrets)
            return configuration
        } catch let errors as ConfigErrors {
            FileHandle.standardError.write(Data("invalid configuration:\n\(errors.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// `--store`: the subcommands that read or write the store.
struct StoreOptions: ParsableArguments {
    @Option(
        help: """
            The store: an SQLite file path, or a PostgreSQL database as postgres://user@host:5432/database \
            (default: bot.yaml's store.url or store.path, else ./data/workshop-bot.sqlite).
            """)
    var store: String?

    /// The store: `--store`, else bot.yaml's `store.url` or `store.path`, else `./data/workshop-bot.sqlite`.
    func storeLocation(_ configuration: LoadedConfiguration) -> String {
        store ?? configuration.bot.store.url ?? configuration.bot.store.path ?? "./data/workshop-bot.sqlite"
    }

    /// Whether the store is a PostgreSQL database (a `postgres://` or `postgresql://` URL).
    func isPostgres(_ configuration: LoadedConfiguration) -> Bool {
        PostgresAddress.isPostgresURL(storeLocation(configuration))
    }

    /// The folder of the bot's own files (exports, the pid file): the SQLite file's folder, or `./data` beside
    /// a PostgreSQL store.
    func localFolder(_ configuration: LoadedConfiguration) -> URL {
        if isPostgres(configuration) { return URL(fileURLWithPath: "data", isDirectory: true) }
        return URL(fileURLWithPath: storeLocation(configuration)).deletingLastPathComponent()
    }

    /// Where the running bot writes its process id, for `workshop-bot reload`: beside the SQLite file, or in
    /// `./data`, named after the PostgreSQL database (`postgres-db.example.org-5432-workshop.pid`).
    func pidFile(_ configuration: LoadedConfiguration) -> URL {
        let location = storeLocation(configuration)
        guard isPostgres(configuration) else { return pidFileURL(forStore: location) }
        let address = try? PostgresAddress(parsing: location)
        let parts = [address?.host, address?.port.map(String.init), address?.database].compactMap { $0 }
        let name = parts.joined(separator: "-").map { $0.isLetter || $0.isNumber || "-._".contains($0) ? $0 : "_" }
        return localFolder(configuration).appendingPathComponent("postgres-\(String(name)).pid")
    }

    func openStore(_ configuration: LoadedConfiguration) async throws -> any Store {
        let location = storeLocation(configuration)
        if PostgresAddress.isPostgresURL(location) {
            let address: PostgresAddress
            do {
                address = try PostgresAddress(parsing: location)
            } catch {
                // Not the URL itself: it may hold a password, which is refused and never shown.
                throw CommandFailure("the store's PostgreSQL URL is not usable: \(error)")
            }
            do {
                return try await PostgresStore(address: address)
            } catch {
                throw CommandFailure("cannot open the store at \(address): \(error)")
            }
        }
        let synchronous = SQLiteStore.Synchronous(rawValue: configuration.bot.store.synchronous ?? "normal") ?? .normal
        do {
            return try SQLiteStore(path: location, synchronous: synchronous)
        } catch {
            throw CommandFailure("cannot open the store at \(location): \(error)")
        }
    }
}

/// `--log-level` and `--log-format`: the subcommands that log.
struct LogOptions: ParsableArguments {
    @Option(help: "Log level on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    @Option(help: "Log format on standard error: text, logfmt or json.")
    var logFormat: String = "text"

    func makeLogger(default level: Logger.Level) throws -> Logger {
        let chosen: Logger.Level
        if let logLevel {
            guard let parsed = Logger.Level(rawValue: logLevel.lowercased()) else {
                throw ValidationError("unknown log level \(logLevel)")
            }
            chosen = parsed
        } else {
            chosen = level
        }
        let format = logFormat.lowercased()
        guard ["text", "logfmt", "json"].contains(format) else {
            throw ValidationError("unknown log format \(logFormat)")
        }
        LoggingSystem.bootstrap { label in
            if let structured = StructuredLogHandler.Format(rawValue: format) {
                return RedactingLogHandler(
                    base: StructuredLogHandler(label: label, format: structured, logLevel: chosen), secrets: .shared)
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = chosen
            return RedactingLogHandler(base: handler, secrets: .shared)
        }
        return Logger(label: "workshop-bot")
    }
}

/// The options of the subcommands that run the bot or read its store: config folder, store and logging. Each
/// subcommand's `--help` lists only the groups it takes.
struct CommonOptions: ParsableArguments {
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logOptions: LogOptions

    var config: String { configOptions.config }
    func loadConfiguration() throws -> LoadedConfiguration { try configOptions.loadConfiguration() }
    func storeLocation(_ configuration: LoadedConfiguration) -> String { storeOptions.storeLocation(configuration) }
    func openStore(_ configuration: LoadedConfiguration) async throws -> any Store {
        try await storeOptions.openStore(configuration)
    }
    func makeLogger(default level: Logger.Level) throws -> Logger { try logOptions.makeLogger(default: level) }
}

/// Starts the bot from a config folder and runs it until its channels end. `platforms` runs the configured
/// platform channels (falling back to the console when there are none); otherwise the console alone.
func runBot(options: CommonOptions, clock: any BotClock, defaultLevel: Logger.Level, platforms: Bool) async throws {
    LocalHTTPServer.raiseDescriptorLimit()
    let logger = try options.makeLogger(default: defaultLevel)
    let configuration = try options.loadConfiguration()
    let store = try await options.openStore(configuration)
    for warning in configuration.warnings { logger.warning("\(warning)") }
    // The configuration is read and the store migrated: the code that did it need not stay in memory, nor
    // raise the process's peak while the rest starts (see below).
    _ = wb_page_out_code()
    let services = ChannelServices(
        store: store, logger: logger, clock: clock, botName: configuration.bot.name,
        commands: configuration.plugins.flatMap(\.commands),
        dataFolder: options.storeOptions.localFolder(configuration),
        localization: RuntimeMessages.localization(
            plugins: configuration.plugins, overrides: configuration.localeOverrides,
            workshop: configuration.bot.language))
    // Several instances may share a PostgreSQL store: then each duty (polling a platform account, sending its
    // replies, firing jobs) runs on the instance holding its lease. An SQLite file serves one instance.
    // The console is one person's session: on a shared store it fires no jobs (it competes for no lease, so it
    // never keeps the `run` instances from theirs, and a shifted `--now` never fires the workshop's posts).
    let leases =
        options.storeOptions.isPostgres(configuration)
        ? LeaseKeeper(
            instance: instanceName(), names: platforms ? [Lease.scheduler] : [], store: store, logger: logger)
        : nil
    let lineup: ChannelLineup
    do {
        lineup = try ChannelLineup(
            configuration: configuration, factories: availableChannels, services: services, platforms: platforms,
            leases: leases)
    } catch let error as ChannelSetupError {
        throw CommandFailure(error.description)
    }
    let bot = Bot(
        configuration: configuration, store: store, channels: lineup.channels, clock: clock, logger: logger,
        roleSources: lineup.roleSources, leases: leases)
    // Trapped before anything starts: from here on a signal stops the bot gracefully or reloads it.
    let stopSignals = await StopSignals()
    let reloader = await ConfigurationReloader(bot: bot, logger: logger) {
        try ConfigLoader(factories: availablePlugins, channels: availableChannels).load(directory: options.config)
    }
    // `workshop-bot reload` finds the running bot through this file next to the store.
    let pidFile = options.storeOptions.pidFile(configuration)
    try? FileManager.default.createDirectory(at: pidFile.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? "\(getpid())\n".write(to: pidFile, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: pidFile) }
    // One service tree, stopped in reverse order: the bot's services (receivers first), then the reloader,
    // then the web and metrics servers, which answer until the end.
    var tree: [ServiceGroupConfiguration.ServiceConfiguration] = []
    // Before any message is handled: an address that is taken stops the start, not a running bot.
    if let web = configuration.bot.web { try checkCanListen(web.listen, for: "the web address") }
    if let metrics = configuration.bot.metrics { try checkCanListen(metrics.listen, for: "metrics") }
    if let metrics = configuration.bot.metrics {
        tree.append(
            .init(
                service: try await ObservabilityServer(
                    listen: metrics.listen, store: store, channels: lineup.readiness, leases: leases, logger: logger)))
    }
    if let web = configuration.bot.web {
        tree.append(.init(service: try await WebServer(listen: web.listen, bot: bot, logger: logger)))
    }
    try await bot.prepare()
    // A first attempt before anything runs: a lone instance holds its leases from the start, and a standby knows
    // at once whom it stands by for.
    await leases?.attempt()
    tree.append(.init(service: reloader))
    tree += bot.services().services
    // Start-up is over: its code, and the libraries' start-up code and tables, need not stay in memory for three
    // weeks (docs/BENCHMARKS.md, "Peak memory: the libraries' start-up pages handed back too"). What handles
    // messages is read back as it runs.
    let pagedOut = wb_page_out_code()
    logger.debug("start-up code paged out", metadata: ["bytes": "\(pagedOut)"])
    let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: tree, logger: logger))
    do {
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask { await stopSignals.watch(group, logger: logger) }
            try await group.run()
            tasks.cancelAll()
        }
    } catch {
        await store.close()
        throw error
    }
    logger.info("stopped")
    await store.close()
}

/// This instance's name among several on one store: `WORKSHOP_BOT_INSTANCE` (letters, digits, `.`, `_` and `-`,
/// at most 64), else the host's name and the process id; then `#` and six random hex digits, so two instances
/// given the same name (replicas sharing one environment file) are still two holders.
func instanceName() -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    var name = ProcessInfo.processInfo.environment["WORKSHOP_BOT_INSTANCE"] ?? ""
    if name.isEmpty || name.count > 64 || !name.allSatisfy(allowed.contains) {
        name = String(LeaseKeeper.defaultInstanceName().filter(allowed.contains).prefix(64))
    }
    return name + "#" + String(format: "%06x", UInt32.random(in: 0..<0x100_0000))
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the bot on the configured channels (the console when no platform channel is configured).")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        try await runBot(options: options, clock: SystemClock(), defaultLevel: .info, platforms: true)
    }
}

struct Console: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chat with the bot in the terminal: each line is a message, `name: text` sends it as that user.")

    @OptionGroup var options: CommonOptions

    @Option(help: "Start the bot's clock at this ISO 8601 instant (2021-11-08T09:00:00+01:00) and run on from there.")
    var now: String?

    func run() async throws {
        var clock: any BotClock = SystemClock()
        if let now {
            guard let start = parseInstant(now) else {
                throw ValidationError("--now expects an ISO 8601 time such as 2021-11-08T09:00:00+01:00, got \(now)")
            }
            clock = OffsetClock(startingAt: start)
        }
        try await runBot(options: options, clock: clock, defaultLevel: .warning, platforms: false)
    }
}

struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract:
            "Validate a config folder: prints ok, or every problem with its line. A calendar feed is fetched once.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try options.loadConfiguration()
        for warning in configuration.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        // What the files name outside the folder (a calendar feed) is read once, as the bot will read it.
        let problems = await ConfigLoader.checkSources(of: configuration)
        guard problems.isEmpty else {
            FileHandle.standardError.write(Data("invalid configuration:\n\(ConfigErrors(problems).description)\n".utf8))
            throw ExitCode(1)
        }
        print("ok")
    }
}

/// Parses an ISO 8601 instant with an offset or Z, with or without fractional seconds.
func parseInstant(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write stored data in its config file's shape, so changes made in chat can be kept.",
        discussion: """
            workshop-bot export resources --config plugins-config --output plugins-config/resources.yaml
            replaces the file safely (a new file is written, then renamed over the old one). \
            Without --output the YAML is printed; do not redirect it into the file it is read from \
            (the shell empties that file first).
            """)

    @OptionGroup var options: CommonOptions

    @Argument(help: "What to export: resources.")
    var what: String

    @Option(name: .shortAndLong, help: "Write to this file (replaced atomically) instead of printing.")
    var output: String?

    func run() async throws {
        guard what == "resources" else { throw ValidationError("only `resources` can be exported") }
        _ = try options.makeLogger(default: .warning)
        let file = URL(fileURLWithPath: options.config).appendingPathComponent("resources.yaml")
        if output == nil, StandardOutput.isFile(atPath: file.path) {
            // The safe command repeats the folder and store given, so it exports the same data wherever it runs.
            var safe = ["workshop-bot", "export", "resources", "--config", options.config]
            if let store = options.storeOptions.store { safe += ["--store", store] }
            safe += ["--output", file.path]
            throw CommandFailure(
                "standard output is \(file.path) itself, which the shell has just emptied: restore it from a copy, then run `\(safe.map(ShellWord.quoted).joined(separator: " "))`"
            )
        }
        let configuration = try options.loadConfiguration()
        let store = try await options.openStore(configuration)
        let yaml = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        let decoded = try YAMLConfigDecoder().decode(ResourcesConfiguration.self, from: yaml, file: file.path)
        let plugin = try ResourcesPlugin(configuration: decoded)
        let resources = try await plugin.current(
            PluginStorage(namespace: ResourcesPlugin.name, store: store, clock: SystemClock()))
        await store.close()
        let text = try YAMLEncoder().encode(["resources": resources])
        if let output {
            try StandardOutput.replace(atPath: output, with: text)
            print("wrote \(resources.count) resources to \(output)")
        } else {
            print(text, terminator: "")
        }
    }
}

/// Where the command's output goes.
enum StandardOutput {
    /// Whether standard output is the file at `path` (same device and inode): `> file` was given.
    static func isFile(atPath path: String) -> Bool {
        var out = stat()
        var other = stat()
        guard fstat(1, &out) == 0, stat(path, &other) == 0 else { return false }
        return out.st_dev == other.st_dev && out.st_ino == other.st_ino
    }

    /// Replaces the file at `path` with `text` atomically: written to a new file beside it, flushed, then renamed
    /// over it, so a reader (or a crash) sees the old file or the new one, never half of one.
    static func replace(atPath path: String, with text: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw CommandFailure("cannot replace \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "What the store says: the channels' last successful poll, queued replies, the next jobs, and what was set aside or failed."
    )

    @OptionGroup var options: CommonOptions

    func run() async throws {
        _ = try options.makeLogger(default: .warning)
        let configuration = try options.loadConfiguration()
        // Reading, not creating: a mistyped path must not report an empty, healthy store.
        let location = options.storeLocation(configuration)
        guard options.storeOptions.isPostgres(configuration) || FileManager.default.fileExists(atPath: location) else {
            throw CommandFailure("no store at \(location): has the bot run with this --config (or --store)?")
        }
        let store = try await options.openStore(configuration)
        // Times in the workshop's zone, jobs as /upcoming describes them.
        let zone =
            configuration.roster.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC") ?? .gmt
        let format = ZoneFormat(zone)
        let handlers = Dictionary(
            configuration.plugins.map { plugin in
                (
                    plugin.name,
                    Dictionary(plugin.jobHandlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
                )
            }, uniquingKeysWith: { first, _ in first })
        let roster = configuration.roster
        // The jobs described in English, from the plugins' catalogues as the running bot has them.
        let english = RuntimeMessages.localization(plugins: configuration.plugins).texts(.english)
        let report = try await store.transaction { tx -> [String] in
            var lines: [String] = []
            let lastPoll = try tx.cursor(TelegramChannel.lastPollCursor)
            let offset = try tx.cursor(TelegramChannel.offsetCursor)
            if lastPoll != nil || offset != nil {
                lines.append("telegram: last successful poll \(lastPoll ?? "never"), next update \(offset ?? "-")")
            }
            if let lastSync = try tx.cursor(MatrixChannel.lastPollCursor) {
                lines.append("matrix: last successful sync \(lastSync)")
            }
            // Several instances on one store: who holds each duty.
            let now = Date()
            for name in ["telegram", "matrix", Lease.scheduler] {
                guard let lease = try tx.lease(name) else { continue }
                let until = lease.expiresAt.formatted(.iso8601)
                lines.append(
                    "lease \(name): \(lease.holder) "
                        + (lease.lapsed(at: now)
                            ? "(lapsed at \(until): the next instance takes it)" : "until \(until)"))
            }
            for platform in ["telegram", "matrix"] as [Platform] {
                let waiting = try tx.pendingOutgoing(platform: platform, limit: 100_000).count
                if waiting > 0 { lines.append("\(platform): \(waiting) replies waiting in the outbox") }
            }
            let pending = try tx.dueJobs(at: .distantFuture, limit: 1_000_000)
            let byOwner = Dictionary(grouping: pending, by: \.owner).map { "\($0.key) \($0.value.count)" }.sorted()
            lines.append(
                "scheduled jobs pending: \(pending.count)"
                    + (byOwner.isEmpty ? "" : " (\(byOwner.joined(separator: ", ")))")
                    + (pending.isEmpty ? "" : ", the next ones (times in \(format.zoneName)):"))
            for job in pending.prefix(10) {
                let handler = handlers[job.owner]?[job.kind]
                let what = handler?.describe?(job, english).plainText ?? job.kind
                let targets = job.chat.map { [$0] } ?? handler?.targets?(job, roster)
                let place =
                    targets.map {
                        $0.isEmpty
                            ? " (no chat: will not be posted)" : " → " + $0.map(\.description).joined(separator: ", ")
                    }
                    ?? ""
                lines.append("  \(format.shortDayAndTime(job.dueAt))  \(job.owner): \(what)\(place)")
            }
            let quarantined = try CrashGuard.quarantined(in: tx)
            lines.append("set aside after stopping the bot \(CrashGuard.limit) times: \(quarantined.count)")
            for entry in quarantined.prefix(20) {
                let from = entry.user.map { " from \($0)" } ?? ""
                lines.append(
                    "  \(entry.at.formatted(.iso8601))  \(entry.kind) \(entry.what)\(from) in \(entry.chat ?? "-")  ref \(entry.ref)  (\(entry.key))"
                )
            }
            let failed = try tx.jobs(in: .failed, limit: 20)
            lines.append("failed jobs: \(failed.count == 20 ? "20 or more" : "\(failed.count)")")
            for job in failed {
                lines.append(
                    "  #\(job.id) \(job.owner)/\(job.kind) due \(job.dueAt.formatted(.iso8601)): \(job.note ?? "-")")
            }
            return lines
        }
        // Job descriptions hold what people typed (a reminder's text): shown, never obeyed by the terminal.
        print(TerminalText.safe(report.joined(separator: "\n")))
        await store.close()
    }
}

/// `<store>.pid`: the running bot's process id.
func pidFileURL(forStore store: String) -> URL { URL(fileURLWithPath: store + ".pid") }

struct Reload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the running bot (found by its store) to reload its config folder; same as kill -HUP.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let configuration = try options.loadConfiguration()  // refuse to ask for a reload that would fail
        let file = store.pidFile(configuration)
        guard let text = try? String(contentsOf: file, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(pid, 0) == 0
        else {
            throw CommandFailure("no running bot found for this store (\(file.path))")
        }
        kill(pid, SIGHUP)
        print("asked process \(pid) to reload \(options.config)")
    }
}

/// Words of a command line shown for someone to copy into a shell.
enum ShellWord {
    /// `word` as the shell reads it back: as it is when it holds only safe characters, else in single quotes.
    static func quoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@+,")
        if !word.isEmpty, word.allSatisfy(safe.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
