import BotCore
import BotMemoryStore
import BotRuntime
import BotSQLite
import Foundation
import Logging

/// A running bot for tests: real runtime, a real store (in memory unless the test asks for SQLite), a manual
/// clock and a recording channel.
public struct TestBot: Sendable {
    public let bot: Bot
    public let channel: RecordingChannel
    public let clock: ManualClock
    public let store: any Store
    /// The folder holding a SQLite store (removed after `withTestBot` unless the test gave it); nil in memory.
    public let directory: URL?

    /// Sends `text` as `user` in `chat` (a direct chat with the bot when `direct`) and waits until `replies`
    /// more messages have been sent.
    @discardableResult
    /// `language` is what the sender's platform says their app is set to (the message's language hint).
    public func say(
        _ text: String, from user: String = "alice", in chat: String = "room", direct: Bool = false, replies: Int = 1,
        language: String? = nil, timeout: Duration = .seconds(120)
    ) async -> [String] {
        let before = channel.sent.count
        var message = channel.message(text, from: user, in: chat, at: clock.now(), isDirect: direct)
        message.languageHint = language
        channel.push(message)
        _ = await eventually(timeout: timeout) { channel.sent.count >= before + replies }
        return Array(channel.sent.dropFirst(before)).map(\.reply.plainText)
    }
}

/// The store a `withTestBot` runs on.
public enum TestStore: Sendable {
    /// A `MemoryStore`: no files, gone when the bot stops. The default.
    case memory
    /// A SQLite file in a temporary folder, removed afterwards: for a test of what only files do.
    case sqlite
    /// A store the test opened itself (a PostgreSQL database); closed when the bot stops, as the others.
    case given(any Store)
}

/// Runs `body` against a started bot, then ends the input and waits for the bot to finish its work.
///
/// - Parameters:
///   - store: the store to run on (`.memory` by default), or one the test opened (`.given`).
///   - storeDirectory: a folder for a SQLite store that outlives the run: a second `withTestBot` on the same
///     folder is a restart. When given, the bot runs on SQLite there whatever `store` says.
///   - secrets: values the configuration substituted for `${NAME}`, which no message may show.
///   - logger: the bot's logger, to read what the bot logs (a recording handler); by default one at `logLevel`
///     that writes to standard error.
@discardableResult
public func withTestBot<T: Sendable>(
    plugins: [LoadedPlugin], roster: Roster = Roster(), configuration: BotConfiguration = BotConfiguration(),
    pluginChats: [String: Set<ChatRef>] = [:], now: Date = Date(timeIntervalSince1970: 1_636_358_400),
    store kind: TestStore = .memory, storeDirectory: URL? = nil, usesOutbox: Bool = false,
    logLevel: Logger.Level = .critical, roleSources: [any RoleSource] = [], secrets: ConfigSecrets = ConfigSecrets(),
    logger custom: Logger? = nil, localeOverrides: [MessageTable] = [],
    _ body: @Sendable (TestBot) async throws -> T
) async throws -> T {
    let directory: URL?
    let store: any Store
    var isSQLite = storeDirectory != nil
    if case .sqlite = kind { isSQLite = true }
    if case .given(let given) = kind, storeDirectory == nil {
        directory = nil
        store = given
    } else if isSQLite {
        let folder =
            storeDirectory
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("workshop-bot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        directory = folder
        store = try SQLiteStore(path: folder.appendingPathComponent("bot.sqlite").path)
    } else {
        directory = nil
        store = MemoryStore()
    }
    defer { if storeDirectory == nil, let directory { try? FileManager.default.removeItem(at: directory) } }
    let clock = ManualClock(now: now)
    let channel = RecordingChannel(usesOutbox: usesOutbox)
    var logger = custom ?? Logger(label: "test-bot")
    if custom == nil { logger.logLevel = logLevel }
    let bot = Bot(
        configuration: LoadedConfiguration(
            bot: configuration, roster: roster, plugins: plugins, pluginChats: pluginChats, secrets: secrets,
            localeOverrides: localeOverrides),
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
