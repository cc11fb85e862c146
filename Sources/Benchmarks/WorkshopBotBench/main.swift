import BotCore
import BotRuntime
import BotSQLite
import BotTesting
import Foundation
import Logging
import Synchronization

// Benchmarks for docs/BENCHMARKS.md. Run in a release build: `scripts/bench` (or
// `scripts/build-release && .build/release/workshop-bot-bench [dispatch|dispatch-postgres|commands|startup|all]`).
// Each figure is the median of several runs; the machine is shared, so medians and ratios are what count.

struct Ballot: Codable, Sendable {
    var option: Int
    var count: Int
}

/// A command that does what a vote does: read a ballot, change it, write it back, in one SQLite transaction.
let votePlugin = LoadedPlugin(
    name: "bench", summary: "benchmark",
    commands: [
        Command("vote", usage: "vote <n>", summary: "vote") { invocation, context in
            guard let option = invocation.argument(0).flatMap(Int.init) else { throw CommandError.usage() }
            let user = context.caller.user.description
            let count = try await context.storage.transaction { tx in
                var ballot = try tx.get(Ballot.self, "ballots", user) ?? Ballot(option: option, count: 0)
                ballot.option = option
                ballot.count += 1
                try tx.put(ballot, "ballots", user)
                return ballot.count
            }
            return "Vote \(option) recorded for \(context.caller.displayName) (\(count))"
        },
        Command("ping", summary: "ping") { _, _ in "pong" },
    ])

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Commands per second through parser, dispatcher lanes, role check, handler and its store transaction, on a
/// new SQLite file in a temporary folder.
func dispatchRun(command: String, messages: Int, chats: Int) async throws -> Double {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
    return try await dispatchRun(command: command, messages: messages, chats: chats, store: store)
}

/// Commands per second through parser, dispatcher lanes, role check, handler and its transaction on `store`
/// (closed at the end).
func dispatchRun(command: String, messages: Int, chats: Int, store: any Store) async throws -> Double {
    let done = Mutex(0)
    let finished = WakeSignal()
    let channel = RecordingChannel(platform: "bench") { _ in
        let count = done.withLock { value -> Int in
            value += 1
            return value
        }
        if count == messages { finished.ring() }
    }
    var logger = Logger(label: "bench")
    logger.logLevel = .critical
    let roster = Roster(facilitators: [UserRef(platform: "bench", id: "fac")])
    let bot = Bot(
        configuration: LoadedConfiguration(roster: roster, plugins: [votePlugin]), store: store, channels: [channel],
        clock: SystemClock(), logger: logger)
    try await bot.prepare()
    let prepared = (0..<messages).map { n in
        IncomingMessage(
            chat: ChatRef(platform: "bench", id: "chat\(n % chats)"),
            sender: UserRef(platform: "bench", id: "user\(n % 500)"), senderName: "User \(n % 500)",
            text: command == "vote" ? "/vote \(n % 7 + 1)" : "/ping", time: Date(), messageID: "\(n)",
            botUsername: "workshop_bot")
    }
    let start = ContinuousClock.now
    async let running: Void = bot.run()
    for message in prepared { channel.push(message) }
    await finished.wait()
    let elapsed = ContinuousClock.now - start
    channel.finish()
    await running
    await store.close()
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(messages) / seconds
}

func benchDispatch() async throws {
    let runs = 5
    for (command, messages) in [("vote", 50_000), ("ping", 100_000)] {
        var rates: [Double] = []
        for _ in 0..<runs { rates.append(try await dispatchRun(command: command, messages: messages, chats: 50)) }
        let shown = rates.map { String(Int($0)) }.joined(separator: ", ")
        print(
            "dispatch /\(command): \(messages) commands over 50 chats: median \(Int(median(rates))) commands/s (runs: \(shown))"
        )
    }
}

/// Time from process start to ready: `workshop-bot console` on the sample config with empty input, which
/// loads and validates the config, opens and migrates the store, starts and stops. An upper bound of "ready".
func benchStartup() throws {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("workshop-bot")
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
        print("startup: build workshop-bot in the same configuration first (\(executable.path) missing)")
        return
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    var times: [Double] = []
    for _ in 0..<21 {
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "console", "--config", "plugins-config", "--store", directory.appendingPathComponent("s.sqlite").path,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    print(
        "startup: process start to ready and exit, 21 runs: median \(String(format: "%.1f", median(times))) ms, "
            + "min \(String(format: "%.1f", times.min() ?? 0)) ms")
}

let what = CommandLine.arguments.dropFirst().first ?? "all"
if what == "http-client", CommandLine.arguments.count == 4, let port = Int(CommandLine.arguments[3]) {
    try await benchHTTPClient(kind: CommandLine.arguments[2], port: port)
} else {
    if what == "dispatch" || what == "all" { try await benchDispatch() }
    if what == "dispatch-postgres" { try await benchDispatchPostgres() }
    if what == "failover" { try await benchFailover() }
    if what == "calendar-feed" || what == "web" { try await benchCalendarFeed() }
    if what == "commands" || what == "all" {
        try await benchCommands(only: CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil)
    }
    if what == "startup" || what == "all" { try benchStartup() }
    if what == "http" || what == "all" { try await benchHTTP() }
    if what == "telegram" || what == "all" { try await benchTelegram() }
    if what == "telegram-mix" || what == "all" { try await benchTelegramMix() }
    if what == "scheduler" || what == "all" { try await benchScheduler() }
    if what == "matrix" || what == "all" { try await benchMatrix() }
}
