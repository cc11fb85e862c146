import BotCore
import BotRuntime
import BotSQLite
import Foundation
import Logging

/// A running bot for tests: real runtime, real SQLite store in a temporary folder, a manual clock and a
/// recording channel.
public struct TestBot: Sendable {
    public let bot: Bot
    public let channel: RecordingChannel
    public let clock: ManualClock
    public let store: SQLiteStore
    /// The folder holding the store; removed after `withTestBot` unless `keepStore` was set.
    public let directory: URL

    /// Sends `text` as `user` in `chat` (a direct chat with the bot when `direct`) and waits until `replies`
    /// more messages have been sent.
    @discardableResult
    public func say(
        _ text: String, from user: String = "alice", in chat: String = "room", direct: Bool = false, replies: Int = 1,
        timeout: Duration = .seconds(30)
    ) async -> [String] {
        let before = channel.sent.count
        channel.push(channel.message(text, from: user, in: chat, at: clock.now(), isDirect: direct))
        _ = await eventually(timeout: timeout) { channel.sent.count >= before + replies }
        return Array(channel.sent.dropFirst(before)).map(\.reply.plainText)
    }
}

/// Runs `body` against a started bot, then ends the input and waits for the bot to finish its work.
@discardableResult
public func withTestBot<T: Sendable>(
    plugins: [LoadedPlugin], roster: Roster = Roster(), configuration: BotConfiguration = BotConfiguration(),
    pluginChats: [String: Set<ChatRef>] = [:], now: Date = Date(timeIntervalSince1970: 1_636_358_400),
    storeDirectory: URL? = nil, usesOutbox: Bool = false, logLevel: Logger.Level = .critical,
    roleSources: [any RoleSource] = [], _ body: @Sendable (TestBot) async throws -> T
) async throws -> T {
    let directory = storeDirectory ?? FileManager.default.temporaryDirectory
        .appendingPathComponent("workshop-bot-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { if storeDirectory == nil { try? FileManager.default.removeItem(at: directory) } }
    let store = try SQLiteStore(path: directory.appendingPathComponent("bot.sqlite").path)
    let clock = ManualClock(now: now)
    let channel = RecordingChannel(usesOutbox: usesOutbox)
    var logger = Logger(label: "test-bot")
    logger.logLevel = logLevel
    let bot = Bot(
        configuration: LoadedConfiguration(
            bot: configuration, roster: roster, plugins: plugins, pluginChats: pluginChats),
        store: store, channels: [channel], clock: clock, logger: logger, roleSources: roleSources)
    try await bot.prepare()
    let testBot = TestBot(bot: bot, channel: channel, clock: clock, store: store, directory: directory)
    let result = try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            await bot.run()
            return nil
        }
        do {
            let value = try await body(testBot)
            channel.finish()
            while let next = try await group.next() { _ = next }
            return value
        } catch {
            group.cancelAll()
            throw error
        }
    }
    await store.close()
    return result
}
