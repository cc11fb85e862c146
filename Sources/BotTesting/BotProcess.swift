import Foundation

/// The real `workshop-bot` executable, started the way an operator runs it, for end-to-end tests and benchmarks.
public enum BotProcess {
    /// The executable built next to the running test bundle or benchmark.
    public static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("workshop-bot")
    }

    /// Starts `workshop-bot run --config <folder>` with `environment` added (the secrets its bot.yaml names),
    /// logging only errors, with no input and its output discarded.
    public static func run(config: URL, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["run", "--config", config.path, "--log-level", "error"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
