import BotCore
import Foundation
import Synchronization
import Testing

@testable import BotSQLite

struct Note: Codable, Equatable, Sendable {
    var text: String
    var count: Int
}

struct SQLiteStoreTests {
    let directory: URL
    var path: String { directory.appendingPathComponent("store.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func storage(_ store: SQLiteStore, _ namespace: String = "notes") -> PluginStorage {
        PluginStorage(namespace: namespace, store: store, clock: SystemClock())
    }

    @Test func recordsRoundTripAndAreNamespaced() async throws {
        let store = try SQLiteStore(path: path)
        try await storage(store).transaction { tx in
            try tx.put(Note(text: "Vientiane", count: 1), "cities", "lao")
            try tx.put(Note(text: "Ulaanbaatar", count: 2), "cities", "mongolia")
            try tx.put(Note(text: "%", count: 3), "cities", "l%")
        }
        let other = try await storage(store, "other").transaction { try $0.get(Note.self, "cities", "lao") }
        #expect(other == nil)
        let lao = try await storage(store).transaction { try $0.get(Note.self, "cities", "lao") }
        #expect(lao == Note(text: "Vientiane", count: 1))
        let prefixed = try await storage(store).transaction { try $0.all(Note.self, "cities", prefix: "l") }
        #expect(prefixed.map(\.key) == ["l%", "lao"])
        let literal = try await storage(store).transaction { try $0.all(Note.self, "cities", prefix: "l%") }
        #expect(literal.map(\.key) == ["l%"])
        let deleted = try await storage(store).transaction { try $0.delete("cities", "lao") }
        #expect(deleted)
        await store.close()
    }

    @Test func aThrownErrorRollsEverythingBack() async throws {
        struct Boom: Error {}
        let store = try SQLiteStore(path: path)
        await #expect(throws: Boom.self) {
            try await storage(store).transaction { tx in
                try tx.put(Note(text: "half", count: 1), "c", "k")
                _ = try tx.schedule("remind", at: Date(), payload: "x")
                throw Boom()
            }
        }
        let after = try await storage(store).transaction { tx in
            (try tx.get(Note.self, "c", "k"), try tx.jobs(states: Set(JobState.allCases)).count)
        }
        #expect(after.0 == nil)
        #expect(after.1 == 0)
        await store.close()
    }

    @Test func concurrentTransactionsAreGroupedButFailIndividually() async throws {
        struct Odd: Error {}
        let store = try SQLiteStore(path: path)
        let storage = storage(store)
        let outcomes = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for n in 0..<200 {
                group.addTask {
                    do {
                        try await storage.transaction { tx in
                            try tx.put(Note(text: "n\(n)", count: n), "grouped", String(format: "%03d", n))
                            if n % 10 == 3 { throw Odd() }
                            var total = try tx.get(Note.self, "grouped", "total") ?? Note(text: "total", count: 0)
                            total.count += 1
                            try tx.put(total, "grouped", "total")
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 180)
        let (rows, total) = try await storage.transaction { tx in
            let rows = try tx.all(Note.self, "grouped", prefix: "0").count + tx.all(Note.self, "grouped", prefix: "1").count
            return (rows, try tx.get(Note.self, "grouped", "total")?.count)
        }
        #expect(rows == 180)  // the failing bodies left no record
        #expect(total == 180)  // and every other increment counted once
        await store.close()
    }

    @Test func committedDataSurvivesWithoutAClose() async throws {
        // The first store is never closed, as when the process is killed.
        let first = try SQLiteStore(path: path)
        try await storage(first).transaction { try $0.put(Note(text: "vote", count: 1), "ballots", "alice") }
        let second = try SQLiteStore(path: path)
        let seen = try await storage(second).transaction { try $0.get(Note.self, "ballots", "alice") }
        #expect(seen == Note(text: "vote", count: 1))
        await second.close()
    }

    @Test func pluginMigrationsRunOnceInOrderOnARealFile() async throws {
        let log = LogBox()
        let migrations = [
            Migration(2, "second") { tx in
                log.append("2")
                let note = try tx.get(Note.self, "meta", "v") ?? Note(text: "", count: 0)
                try tx.put(Note(text: note.text + "b", count: note.count + 1), "meta", "v")
            },
            Migration(1, "first") { tx in
                log.append("1")
                try tx.put(Note(text: "a", count: 1), "meta", "v")
            },
        ]
        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate(namespace: "agenda", migrations: migrations) == [1, 2])
        #expect(try await store.migrate(namespace: "agenda", migrations: migrations) == [])
        await store.close()

        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.migrate(namespace: "agenda", migrations: migrations) == [])
        let third = migrations + [Migration(3, "third") { tx in try tx.delete("meta", "v") }]
        #expect(try await reopened.migrate(namespace: "agenda", migrations: third) == [3])
        #expect(try await reopened.appliedVersions("agenda") == [1, 2, 3])
        #expect(try await reopened.appliedVersions("store") == Set(SQLiteStore.schema.map(\.version)))
        #expect(log.items == ["1", "2"])
        await reopened.close()
    }

    @Test func aStoreOfTheSecondSchemaKeepsItsJobsWhenItGainsTheFiringState() async throws {
        // A file as the previous version left it: schema 1 and 2, with one pending and one done job.
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(
                "CREATE TABLE schema_migrations (namespace TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (namespace, version)) WITHOUT ROWID")
            for step in SQLiteStore.schema.prefix(2) {
                try connection.execute(step.sql)
                try connection.execute("INSERT INTO schema_migrations VALUES ('store', \(step.version), '\(step.name)', 0)")
            }
            try connection.execute(
                "INSERT INTO jobs(id, owner, kind, key, due_at, payload, state, created_at) VALUES (7, 'deadlines', 'remind', 'r/1', 1000, x'7B7D', 'pending', 0), (8, 'deadlines', 'remind', 'r/2', 900, x'7B7D', 'done', 0)")
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedVersions("store") == Set(SQLiteStore.schema.map(\.version)))
        let (pending, done) = try await store.transaction { tx in
            (try tx.dueJobs(at: Date(timeIntervalSince1970: 10), limit: 10), try tx.job(id: 8))
        }
        #expect(pending.map(\.id) == [7])
        #expect(done?.state == .done)
        let moved = try await store.transaction { tx in
            (try tx.moveJob(id: 7, from: .pending, to: .firing, at: Date(), note: nil), try tx.jobs(in: .firing, limit: 10).map(\.id))
        }
        #expect(moved.0 && moved.1 == [7])
        // New ids continue after the old ones.
        let next = try await store.transaction { tx in
            try tx.insertJob(NewJob(owner: "deadlines", kind: "remind", dueAt: Date()), at: Date())
        }
        #expect(next > 8)
        await store.close()
    }

    @Test func aFailingMigrationLeavesNoTraceAndIsRetried() async throws {
        struct Broken: Error {}
        let store = try SQLiteStore(path: path)
        let failing = [Migration(1, "broken") { tx in
            try tx.put(Note(text: "x", count: 1), "m", "k")
            throw Broken()
        }]
        await #expect(throws: Broken.self) { try await store.migrate(namespace: "p", migrations: failing) }
        #expect(try await store.appliedVersions("p") == [])
        let fixed = [Migration(1, "fixed") { tx in try tx.put(Note(text: "y", count: 1), "m", "k") }]
        #expect(try await store.migrate(namespace: "p", migrations: fixed) == [1])
        await store.close()
    }

    @Test func handledKeysAreRecordedOnce() async throws {
        let store = try SQLiteStore(path: path)
        let now = Date()
        let first = try await store.transaction { try $0.recordHandled("msg:t:1:1", at: now) }
        let second = try await store.transaction { try $0.recordHandled("msg:t:1:1", at: now) }
        #expect(first && !second)
        let pruned = try await store.transaction { try $0.pruneHandled(before: now.addingTimeInterval(1)) }
        #expect(pruned == 1)
        await store.close()
    }

    @Test func jobsAreOrderedReplacedByKeyAndFinishedOnce() async throws {
        let store = try SQLiteStore(path: path)
        let t0 = Date(timeIntervalSince1970: 1_636_358_400)
        let chat = ChatRef(platform: "test", id: "room")
        try await store.transaction { tx in
            try tx.insertJob(NewJob(owner: "d", kind: "remind", key: "draft/24h", dueAt: t0.addingTimeInterval(60), chat: chat), at: t0)
            try tx.insertJob(NewJob(owner: "d", kind: "remind", key: "draft/2h", dueAt: t0.addingTimeInterval(30)), at: t0)
            // Same key again: replaces the pending job.
            try tx.insertJob(NewJob(owner: "d", kind: "remind", key: "draft/24h", dueAt: t0.addingTimeInterval(90), chat: chat), at: t0)
        }
        let (pending, next, dueSoon) = try await store.transaction { tx in
            (
                try tx.jobs(owner: "d", keyPrefix: "draft/", states: [.pending]), try tx.nextDueTime(),
                try tx.dueJobs(at: t0.addingTimeInterval(60), limit: 10)
            )
        }
        #expect(pending.map(\.key) == ["draft/2h", "draft/24h"])
        #expect(pending.last?.chat == chat)
        #expect(pending.last?.dueAt == t0.addingTimeInterval(90))
        #expect(next == t0.addingTimeInterval(30))
        #expect(dueSoon.map(\.key) == ["draft/2h"])
        let id = try #require(dueSoon.first?.id)
        let once = try await store.transaction { try $0.moveJob(id: id, from: .pending, to: .done, at: t0, note: nil) }
        let twice = try await store.transaction { try $0.moveJob(id: id, from: .pending, to: .done, at: t0, note: nil) }
        #expect(once && !twice)
        let all = try await store.transaction { try $0.jobs(owner: "d", keyPrefix: "", states: Set(JobState.allCases)) }
        #expect(all.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.cancelled, .done, .pending])
        await store.close()
    }

    @Test func cursorsAreSetAndCleared() async throws {
        let store = try SQLiteStore(path: path)
        try await store.transaction { try $0.setCursor("telegram.offset", to: "42") }
        #expect(try await store.transaction { try $0.cursor("telegram.offset") } == "42")
        try await store.transaction { try $0.setCursor("telegram.offset", to: nil) }
        #expect(try await store.transaction { try $0.cursor("telegram.offset") } == nil)
        await store.close()
    }

    @Test func aStoreOfTheThirdSchemaKeepsItsCursorsWhenTheyGainAnExpiry() async throws {
        // A file as the previous version left it: schema 1 to 3, with a sync token and a Matrix button state.
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(
                "CREATE TABLE schema_migrations (namespace TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (namespace, version)) WITHOUT ROWID")
            for step in SQLiteStore.schema.prefix(3) {
                try connection.execute(step.sql)
                try connection.execute("INSERT INTO schema_migrations VALUES ('store', \(step.version), '\(step.name)', 0)")
            }
            try connection.execute("INSERT INTO cursors(name, value) VALUES ('matrix.since', 's72'), ('matrix.buttons.$e', '{}')")
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedVersions("store") == Set(SQLiteStore.schema.map(\.version)))
        let (pruned, since, buttons) = try await store.transaction { tx in
            (try tx.pruneCursors(expiredBy: .distantFuture), try tx.cursor("matrix.since"), try tx.cursor("matrix.buttons.$e"))
        }
        // Values written before expiries existed have none: kept until cleared.
        #expect(pruned == 0)
        #expect(since == "s72" && buttons == "{}")
        try await store.transaction { try $0.setCursor("matrix.buttons.$e", to: "{}", expiresAt: Date(timeIntervalSince1970: 10)) }
        #expect(try await store.transaction { try $0.pruneCursors(expiredBy: Date(timeIntervalSince1970: 10)) } == 1)
        await store.close()
    }

    @Test func unreachablePathIsAClearError() {
        #expect(throws: StoreError.self) { try SQLiteStore(path: "/proc/nonexistent/dir/x.sqlite") }
    }

    @Test(
        "a time the store cannot keep is a StoreError, never a trap, and nothing of the transaction stays",
        arguments: [1e20, -1e20, 253_402_300_800, .infinity, -.infinity, .nan]
    )
    func anUnstorableTimeIsAStoreError(_ seconds: Double) async throws {
        let store = try SQLiteStore(path: path)
        await #expect(throws: StoreError.self) {
            try await storage(store).transaction { tx in
                try tx.put(Note(text: "before", count: 1), "c", "k")
                _ = try tx.schedule("remind", at: Date(timeIntervalSince1970: seconds), payload: "x")
            }
        }
        let after = try await storage(store).transaction { tx in
            (try tx.get(Note.self, "c", "k"), try tx.jobs(states: Set(JobState.allCases)).count)
        }
        #expect(after.0 == nil && after.1 == 0)
        // The edges of the years 1 to 9999 are kept, to the millisecond.
        let last = Date(timeIntervalSince1970: 253_402_300_799.999)
        let first = Date(timeIntervalSince1970: -62_135_596_800)
        try await storage(store).transaction { tx in
            _ = try tx.schedule("remind", at: last, key: "last", payload: "x")
            _ = try tx.schedule("remind", at: first, key: "first", payload: "x")
        }
        let kept = try await storage(store).transaction { try $0.jobs(states: [.pending]).map(\.dueAt) }
        #expect(kept == [first, last])
        await store.close()
    }

    @Test("a grace period the store cannot keep is a StoreError", arguments: [1e300, -1, 400 * 86_400.0, .nan])
    func anUnstorableGraceIsAStoreError(_ grace: Double) async throws {
        let store = try SQLiteStore(path: path)
        await #expect(throws: StoreError.self) {
            try await storage(store).transaction { tx in _ = try tx.schedule("remind", at: Date(), payload: "x", grace: grace) }
        }
        try await storage(store).transaction { tx in _ = try tx.schedule("remind", at: Date(), payload: "x", grace: 3600) }
        #expect(try await storage(store).transaction { try $0.jobs(states: [.pending]).map(\.grace) } == [3600])
        await store.close()
    }

    @Test func aClosedStoreRefusesWork() async throws {
        let store = try SQLiteStore(path: path)
        await store.close()
        await #expect(throws: StoreError.self) { try await store.transaction { try $0.cursor("x") } }
    }
}

/// Collects strings from migration closures.
final class LogBox: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ s: String) { storage.withLock { $0.append(s) } }
    var items: [String] { storage.withLock { $0 } }
}
