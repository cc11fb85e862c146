import Foundation

/// The real `workshop-bot` executable, started the way an operator runs it, for end-to-end tests and benchmarks.
public enum BotProcess {
    /// The executable built next to the running test bundle or benchmark.
    public static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("workshop-bot")
    }

    /// A new config folder for the real executable: a `bot.yaml` with the store in the folder, `channel` (the
    /// lines under `channels:`, indented by two spaces), the plugins enabled and `extra` lines at the end. The
    /// caller removes the folder.
    public static func configFolder(
        prefix: String, channel: String, plugins: String = "[help, ping, whoami]", extra: String = ""
    ) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bot = """
            name: workshop_bot
            store:
              path: \(folder.appendingPathComponent("bot.sqlite").path)
            channels:
            \(channel)
            plugins:
              enabled: \(plugins)
            \(extra)
            """
        try bot.write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// Starts `workshop-bot run --config <folder>` with `environment` added (the secrets its bot.yaml names)
    /// and `arguments` appended, logging only errors, with no input and its output discarded.
    public static func run(config: URL, environment: [String: String] = [:], arguments: [String] = []) throws
        -> Process
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["run", "--config", config.path, "--log-level", "error"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the executable with `arguments` to its end and returns what it printed on standard output.
    public static func output(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let reading = out.fileHandleForReading
        let data = await offThePool { reading.readDataToEndOfFile() }
        await process.exited()
        return String(decoding: data, as: UTF8.self)
    }

    /// The name of the instance `workshop-bot status` names as holding `lease` in `store` (several instances on
    /// one store), nil when none does or the status cannot be read.
    public static func leaseHolder(
        _ lease: String, config: URL, store: String, environment: [String: String] = [:]
    ) async -> String? {
        guard
            let status = try? await output(
                ["status", "--config", config.path, "--store", store], environment: environment),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("lease \(lease): ") })
        else { return nil }
        let words = line.split(separator: " ")
        guard words.count >= 4, words[3] == "until" else { return nil }
        // The name given (`WORKSHOP_BOT_INSTANCE`), without the random part the process adds.
        return String(words[2].prefix { $0 != "#" })
    }

    /// Keeps `workshop-bot run` running the way systemd's `Restart=always` does: started again whenever it dies,
    /// until `done` holds (checked every 100 ms) or `timeout` passes, starting with `process` when given. Returns
    /// how often it died, and the process still running (which the caller stops).
    public static func supervise(
        config: URL, environment: [String: String], process running: Process? = nil, timeout: Duration = .seconds(90),
        until done: () async -> Bool
    ) async throws -> (deaths: Int, running: Process) {
        var deaths = 0
        var process = try running ?? run(config: config, environment: environment)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await done() { return (deaths, process) }
            if !process.isRunning {
                deaths += 1
                process = try run(config: config, environment: environment)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return (deaths, process)
    }
}
