import BotCore
import BotPostgres
import BotRuntime
import BotSQLite
import BotTesting
import DeadlinesPlugin
import Foundation
import Testing
import VotingPlugin

/// `workshop-bot store copy`, through the real executable, from a SQLite store the real runtime filled into a
/// database of the real PostgreSQL test server; then the real runtime on that database.
struct StoreCopyTests {
    static let roster = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
    /// Monday 8 November 2021, 08:30 in Berlin.
    static let now = Date(timeIntervalSince1970: 1_636_356_600)
    /// The chat whose reply waits in the outbox when the store is copied.
    static let lobby = ChatRef(platform: "test", id: "lobby")

    static func plugins() throws -> [LoadedPlugin] {
        [
            LoadedPlugin(try VotingPlugin(configuration: VotingConfiguration())),
            LoadedPlugin(try DeadlinesPlugin(configuration: RemindersConfiguration(defaultTimeZone: "Europe/Berlin"))),
        ]
    }

    /// A new folder for a SQLite store, and a new database on the shared test server; `body` gets the SQLite
    /// file's path and the database's URL. Both are removed afterwards.
    static func withPlaces<T>(_ body: (URL, String, PostgresTestServer) async throws -> T) async throws -> T {
        let server = try await PostgresTestServer.shared()
        let database = try await server.createDatabase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(folder, server.url(database: database), server))
        } catch {
            result = .failure(error)
        }
        try? FileManager.default.removeItem(at: folder)
        try await server.dropDatabase(database)
        return try result.get()
    }

    /// The whole state of the database at `url`.
    static func postgresSnapshot(_ url: String) async throws -> StoreSnapshot {
        let store = try await PostgresStore(url: url)
        let snapshot = await Result { try await store.snapshot() }
        await store.close()
        return try snapshot.get()
    }

    /// The whole state of the SQLite store at `path`.
    static func sqliteSnapshot(_ path: String) async throws -> StoreSnapshot {
        let store = try SQLiteStore(path: path)
        let snapshot = await Result { try await store.snapshot() }
        await store.close()
        return try snapshot.get()
    }

    @Test func aWorkshopCopiedFromSQLiteGoesOnOnPostgreSQLWithTheSameState() async throws {
        try await Self.withPlaces { folder, url, _ in
            let plugins = try Self.plugins()
            // A workshop on SQLite: a poll with three ballots, a reminder due in 90 minutes, a reply that could not
            // be sent yet (the platform asked to wait an hour) and a channel's cursor.
            let results = try await withTestBot(
                plugins: plugins, roster: Self.roster, now: Self.now, storeDirectory: folder, usesOutbox: true
            ) { bot in
                _ = await bot.say(#"/poll new "Which theme first?" Climate Digital Citizenship --live"#, from: "fac")
                bot.channel.push(bot.channel.message("/vote 1", from: "alice", id: "vote-alice"))
                _ = await eventually { bot.channel.sent.count == 2 }
                _ = await bot.say("/vote 2", from: "bob")
                _ = await bot.say("/vote 2", from: "carol")
                let set = await bot.say("/remind me in 90m stretch your legs", from: "alice").first ?? ""
                #expect(set.hasSuffix("stretch your legs"), "\(set)")
                let results = await bot.say("/poll results").joined(separator: "\n")
                bot.channel.failNextSends([.rateLimited(retryAfter: 3600)])
                _ = await bot.say("/reminders", from: "dan", in: "lobby", replies: 0)
                let queued = await eventually {
                    let pending = try? await bot.store.transaction {
                        try $0.pendingOutgoing(platform: "test", limit: 10)
                    }
                    return pending?.count == 1
                }
                #expect(queued)
                try await bot.store.transaction { tx in
                    try tx.setCursor("test.offset", to: "4711")
                    try tx.setCursor("test.login", to: "kept a while", expiresAt: Self.now.addingTimeInterval(86_400))
                }
                return results
            }
            #expect(results.contains("(3 ballots)"), "\(results)")
            let path = folder.appendingPathComponent("bot.sqlite").path
            let before = try await Self.sqliteSnapshot(path)
            let pendingReminders = before.jobs.filter { $0.owner == "deadlines" && $0.state == "pending" }
            let pendingReplies = before.outbox.filter { $0.state == "pending" }
            #expect(pendingReminders.count == 1)
            #expect(pendingReplies.count == 1)
            #expect(before.channelValues.count == 2)
            #expect(before.handled.count >= 7)

            let copy = try await ConsoleEndToEndTests.run(["store", "copy", "--from", "sqlite:" + path, "--to", url])
            #expect(copy.status == 0, "\(copy.stderr)")
            #expect(copy.stdout.contains("copied \(before.records.count) plugin records"), "\(copy.stdout)")
            // Every row of every table, ids and the id counters included.
            let after = try await Self.postgresSnapshot(url)
            #expect(after.sorted() == before.sorted())

            // The workshop goes on from there on PostgreSQL.
            let store = try await PostgresStore(url: url)
            try await withTestBot(
                plugins: plugins, roster: Self.roster, now: Self.now, store: .given(store), usesOutbox: true
            ) { bot in
                // The reply left in the outbox is sent, once.
                let sent = await eventually { bot.channel.texts(in: Self.lobby).count == 1 }
                #expect(sent)
                // Alice's vote delivered again is recognised as handled: nothing changes.
                bot.channel.push(bot.channel.message("/vote 3", from: "alice", id: "vote-alice"))
                #expect(await bot.say("/poll results").joined(separator: "\n") == results)
                let closed = await bot.say("/poll close", from: "fac").joined(separator: "\n")
                #expect(closed.contains("(3 ballots)"), "\(closed)")
                #expect(closed.contains("2 — Digital"), "\(closed)")
                #expect(closed.contains("1 — Climate"), "\(closed)")
                let cursor = try await bot.store.transaction { try $0.cursor("test.offset") }
                #expect(cursor == "4711")
                // The reminder fires on time, once.
                _ = await eventually { bot.clock.sleeperCount > 0 }
                bot.clock.advance(by: 90 * 60)
                let fired = await eventually {
                    bot.channel.texts().contains("Reminder for alice: stretch your legs")
                }
                #expect(fired)
                bot.clock.advance(by: 3600)
                #expect(await bot.bot.scheduler.fireDueJobs() == 0)
                let reminders = bot.channel.texts().filter { $0 == "Reminder for alice: stretch your legs" }
                #expect(reminders.count == 1)
                #expect(bot.channel.texts(in: Self.lobby).count == 1)
            }
        }
    }

    @Test func aDatabaseThatHoldsDataIsRefusedAndKeptAsItWas() async throws {
        try await Self.withPlaces { folder, url, _ in
            let path = folder.appendingPathComponent("bot.sqlite").path
            let store = try SQLiteStore(path: path)
            try await store.transaction { tx in
                try tx.putRecord(namespace: "notes", collection: "n", key: "a", value: Data("first".utf8))
            }
            await store.close()
            let first = try await ConsoleEndToEndTests.run(["store", "copy", "--from", path, "--to", url])
            #expect(first.status == 0, "\(first.stderr)")
            let copied = try await Self.postgresSnapshot(url)
            let second = try await ConsoleEndToEndTests.run(["store", "copy", "--from", path, "--to", url])
            #expect(second.status == 1)
            #expect(second.stderr.contains("already holds data (records (1 row))"), "\(second.stderr)")
            #expect(second.stderr.contains("nothing was written"), "\(second.stderr)")
            #expect(try await Self.postgresSnapshot(url) == copied)
        }
    }

    /// From one PostgreSQL database into another (moving to another server), every row and counter with it.
    @Test func aWorkshopMovesBetweenPostgreSQLDatabases() async throws {
        try await Self.withPlaces { folder, url, server in
            let path = folder.appendingPathComponent("bot.sqlite").path
            try await withTestBot(
                plugins: try Self.plugins(), roster: Self.roster, now: Self.now, storeDirectory: folder
            ) { bot in
                _ = await bot.say(#"/poll new "Lunch?" Soup Salad"#, from: "fac")
                _ = await bot.say("/vote 2", from: "alice")
                _ = await bot.say("/remind me in 2h call home", from: "bob")
            }
            let first = try await ConsoleEndToEndTests.run(["store", "copy", "--from", path, "--to", url])
            #expect(first.status == 0, "\(first.stderr)")
            let other = try await server.createDatabase()
            let otherURL = server.url(database: other)
            let moved = try await ConsoleEndToEndTests.run(["store", "copy", "--from", url, "--to", otherURL])
            let same = try await ConsoleEndToEndTests.run(["store", "copy", "--from", url, "--to", url])
            let original = try await Self.postgresSnapshot(url)
            let copied = try await Self.postgresSnapshot(otherURL)
            try await server.dropDatabase(other)
            #expect(moved.status == 0, "\(moved.stderr)")
            #expect(moved.stdout.contains("from \(url) to \(otherURL)"), "\(moved.stdout)")
            #expect(original.jobs.isEmpty == false)
            #expect(copied.sorted() == original.sorted())
            #expect(same.status == 1)
            #expect(same.stderr.contains("--from and --to name the same database"), "\(same.stderr)")
        }
    }

    @Test func aMissingFileABadURLOrAnUnknownTableStopsTheCopyClearly() async throws {
        try await Self.withPlaces { folder, url, server in
            let missing = folder.appendingPathComponent("nothing-here.sqlite").path
            let noFile = try await ConsoleEndToEndTests.run(["store", "copy", "--from", missing, "--to", url])
            #expect(noFile.status == 1)
            #expect(noFile.stderr.contains("no SQLite store at \(missing)"), "\(noFile.stderr)")
            #expect(!FileManager.default.fileExists(atPath: missing))

            let path = folder.appendingPathComponent("bot.sqlite").path
            let empty = try SQLiteStore(path: path)
            await empty.close()
            let secret = "hunter2-copy"
            for (target, expected) in [
                ("postgres://bot:\(secret)@127.0.0.1:\(server.port)/w", "password in the store URL is refused"),
                ("mysql://bot:\(secret)@db/w", "mysql:// is not a store address"),
                (folder.appendingPathComponent("other.sqlite").path, "--to must be a PostgreSQL database"),
            ] {
                let refused = try await ConsoleEndToEndTests.run(["store", "copy", "--from", path, "--to", target])
                #expect(refused.status != 0)
                #expect(refused.stderr.contains(expected), "\(refused.stderr)")
                #expect(!(refused.stdout + refused.stderr).contains(secret))
            }

            let notADatabase = folder.appendingPathComponent("notes.txt")
            try Data("just text, not SQLite".utf8).write(to: notADatabase)
            let wrongFile = try await ConsoleEndToEndTests.run(
                ["store", "copy", "--from", notADatabase.path, "--to", url])
            #expect(wrongFile.status == 1)
            #expect(wrongFile.stderr.contains("cannot read the store at \(notADatabase.path)"), "\(wrongFile.stderr)")

            // A table this version does not know (a newer version's, or one added by hand) is not left behind.
            let store = try SQLiteStore(path: path)
            try await store.transaction { tx in
                try tx.putRecord(namespace: "notes", collection: "n", key: "a", value: Data("kept".utf8))
            }
            await store.close()
            let sqlite = try await ConsoleEndToEndTests.runTool([
                "sqlite3", path, "CREATE TABLE extra(x INTEGER); ALTER TABLE jobs ADD COLUMN claimed_by TEXT",
            ])
            #expect(sqlite.isEmpty)
            let unknown = try await ConsoleEndToEndTests.run(["store", "copy", "--from", path, "--to", url])
            #expect(unknown.status == 1)
            #expect(
                unknown.stderr.contains("does not know how to copy (table extra, column jobs.claimed_by)"),
                "\(unknown.stderr)")
            #expect(try await Self.postgresSnapshot(url).isEmpty)
        }
    }
}

extension Result where Failure == any Error {
    /// What `work` gave or threw, as a value, so a store can be closed before the outcome is passed on.
    init(_ work: () async throws -> Success) async {
        do {
            self = .success(try await work())
        } catch {
            self = .failure(error)
        }
    }
}
