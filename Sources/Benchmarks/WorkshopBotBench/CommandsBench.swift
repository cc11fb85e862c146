import AgendaPlugin
import BotConfig
import BotConsole
import BotCore
import BotRuntime
import BotSQLite
import BotTesting
import BuiltinPlugins
import CAllocCounter
import CPlatform
import DashboardPlugin
import DeadlinesPlugin
import Foundation
import Logging
import ResourcesPlugin
import Synchronization
import VotingPlugin

// The cost of each plugin command people type, in-process: the sample plugins-config with its real plugins,
// through the real runtime (parser, dispatcher lanes, role resolver, handler, SQLite store in a temporary
// folder) into a channel that only counts replies. See docs/BENCHMARKS.md.

/// A console-platform channel that counts the replies it is handed and keeps the first one of each batch, so
/// the benchmark can wait for a batch and show what the commands answered.
final class CountingChannel: Channel {
    let platform: Platform = "console"
    private let input: AsyncStream<IncomingMessage>
    private let feed: AsyncStream<IncomingMessage>.Continuation
    private struct State {
        var sent = 0
        var target = Int.max
        var sample: Reply?
    }
    private let state = Mutex(State())
    private let reached = WakeSignal()

    init() { (input, feed) = AsyncStream.makeStream(of: IncomingMessage.self) }

    func receive(_ deliver: @escaping @Sendable (IncomingMessage) async -> DeliveryReceipt) async throws {
        for await message in input { _ = await deliver(message) }
    }

    func send(_ message: OutgoingMessage) async throws {
        let done = state.withLock { state -> Bool in
            state.sent += 1
            if state.sample == nil { state.sample = message.reply }
            return state.sent == state.target
        }
        if done { reached.ring() }
    }

    /// Pushes `messages` and returns once as many replies have been sent, with the first of them.
    func exchange(_ messages: [IncomingMessage]) async -> Reply? {
        state.withLock { state in
            state.target = state.sent + messages.count
            state.sample = nil
        }
        for message in messages { feed.yield(message) }
        await reached.wait()
        return state.withLock { $0.sample }
    }

    func finish() { feed.finish() }
}

/// CPU time of the whole process (every thread), in nanoseconds.
func processCPUNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// The plugins of the executable (the link checker aside: no command measured here checks links).
let benchPluginFactories: [PluginFactory] =
    Builtins.all.map { PluginFactory($0) } + [
        PluginFactory(AgendaPlugin.self), PluginFactory(DeadlinesPlugin.self), PluginFactory(VotingPlugin.self),
        PluginFactory(ResourcesPlugin.self), PluginFactory(DashboardPlugin.self),
    ]

/// The commands measured, as people type them.
let measuredCommands = [
    "/agenda", "/agenda tomorrow", "/next", "/vote 1", "/resources climate", "/deadlines", "/help", "/ping",
]

func benchCommands(only: String? = nil) async throws {
    _ = wb_tune_malloc(2)  // as the executable does
    // The sample bot.yaml has a console section: the loader needs that channel to read it.
    let configuration = try ConfigLoader(factories: benchPluginFactories, channels: [ConsoleChannel.factory])
        .load(directory: "plugins-config")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
    let channel = CountingChannel()
    var logger = Logger(label: "bench")
    logger.logLevel = .critical
    // The first morning of the sample workshop, 08:30 in Hamburg: today's sessions are ahead, polls are open.
    let clock = ManualClock(now: Date(timeIntervalSince1970: 1_636_356_600))
    let bot = Bot(configuration: configuration, store: store, channels: [channel], clock: clock, logger: logger)
    try await bot.prepare()
    async let running: Void = bot.run()

    let chats = 50
    var serial = 0
    func messages(_ text: String, count: Int, from user: ((Int) -> String)? = nil) -> [IncomingMessage] {
        (0..<count).map { n in
            serial += 1
            // Every tenth message comes from a participant the roster puts in a team (their team's zone).
            let teamMembers = ["bounmy", "saran", "aigerim", "nakato", "wei"]
            let name = user?(n) ?? (n % 10 == 0 ? teamMembers[(n / 10) % teamMembers.count] : "user\(n % 500)")
            // Readers in four languages, as their apps say (Telegram's language_code): each reply is rendered
            // from that language's catalogue, with its dates.
            let appLanguages: [String?] = [nil, "ru", "zh-hans", "fr"]
            return IncomingMessage(
                chat: ChatRef(platform: "console", id: "chat\(n % chats)"),
                sender: UserRef(platform: "console", id: name),
                senderName: name, text: text, time: clock.now(), messageID: "m\(serial)", botUsername: "workshop_bot",
                languageHint: appLanguages[n % appLanguages.count])
        }
    }
    // An open poll in every chat, opened by a facilitator of the roster.
    let opened = await channel.exchange(messages("/poll start themes", count: chats, from: { _ in "facilitator" }))
    print("commands: one open poll in each of \(chats) chats (\(opened?.lines.first?.plainText ?? "no reply"))")

    let perRun = 2_000, runs = 5
    print(
        "commands: \(perRun) commands per run over \(chats) chats from 500 users, median of \(runs) runs, after a warm-up run"
    )
    print("| command | CPU per command | allocations per command | commands/s (wall) | first reply |")
    print("|---|---|---|---|---|")
    for command in measuredCommands where only == nil || command == only {
        _ = await channel.exchange(messages(command, count: perRun))  // warm-up
        var cpu: [Double] = [], allocations: [Double] = [], rates: [Double] = []
        var sample: Reply?
        for _ in 0..<runs {
            let batch = messages(command, count: perRun)
            let cpuBefore = processCPUNanoseconds(), allocationsBefore = wb_allocation_count()
            let started = ContinuousClock.now
            sample = await channel.exchange(batch)
            let elapsed = ContinuousClock.now - started
            cpu.append(Double(processCPUNanoseconds() - cpuBefore) / Double(perRun))
            allocations.append(Double(wb_allocation_count() - allocationsBefore) / Double(perRun))
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            rates.append(Double(perRun) / seconds)
        }
        let first = (sample?.lines.first?.plainText ?? "").prefix(60).replacingOccurrences(of: "|", with: "/")
        print(
            "| `\(command)` | \(String(format: "%.1f", median(cpu) / 1000)) µs (runs \(cpu.map { String(format: "%.1f", $0 / 1000) }.joined(separator: " · "))) "
                + "| \(Int(median(allocations).rounded())) | \(Int(median(rates))) | \(first) |")
    }
    channel.finish()
    await running
    await store.close()
}
