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

    @Test func committedDataSurvivesWithoutAClose() async throws {
        // The first store is never closed, as when the process is killed.
        let first = try SQLiteStore(path: path)
        try await storage(first).transaction { try $0.put(Note(text: "vote", count: 1), "ballots", "alice") }
        let second = try SQLiteStore(path: path)
        let seen = try await storage(second).transaction { try $0.get(Note.self, "ballots", "alice") }
        #expect(seen == Note(text: "vote", count: 1))
        await second.close()
    }

    /// Order and once-only are the conformance suite's (`pluginMigrationsRunOnceInOrder`); here: the applied
    /// versions are in the file, so a reopened store runs none again, only a new one.
    @Test func appliedMigrationsOutliveTheProcess() async throws {
        let log = LogBox()
        let migrations = [Migration(1, "first") { tx in log.append("1") }]
        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate(namespace: "agenda", migrations: migrations) == [1])
        await store.close()

        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.migrate(namespace: "agenda", migrations: migrations) == [])
        let second = migrations + [Migration(2, "second") { tx in try tx.delete("meta", "v") }]
        #expect(try await reopened.migrate(namespace: "agenda", migrations: second) == [2])
        #expect(try await reopened.appliedVersions("agenda") == [1, 2])
        #expect(try await reopened.appliedVersions("store") == Set(SQLiteStore.schema.map(\.version)))
        #expect(log.items == ["1"])
        await reopened.close()
    }

    @Test func aStoreOfTheSecondSchemaKeepsItsJobsWhenItGainsTheFiringState() async throws {
        // A file as the previous version left it: schema 1 and 2, with one pending and one done job.
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(
                "CREATE TABLE schema_migrations (namespace TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (namespace, version)) WITHOUT ROWID"
            )
            for step in SQLiteStore.schema.prefix(2) {
                try connection.execute(step.sql)
                try connection.execute(
                    "INSERT INTO schema_migrations VALUES ('store', \(step.version), '\(step.name)', 0)")
            }
            try connection.execute(
                "INSERT INTO jobs(id, owner, kind, key, due_at, payload, state, created_at) VALUES (7, 'deadlines', 'remind', 'r/1', 1000, x'7B7D', 'pending', 0), (8, 'deadlines', 'remind', 'r/2', 900, x'7B7D', 'done', 0)"
            )
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedVersions("store") == Set(SQLiteStore.schema.map(\.version)))
        let (pending, done) = try await store.transaction { tx in
            (try tx.dueJobs(at: Date(timeIntervalSince1970: 10), limit: 10), try tx.job(id: 8))
        }
        #expect(pending.map(\.id) == [7])
        #expect(done?.state == .done)
        let moved = try await store.transaction { tx in
            (
                try tx.moveJob(id: 7, from: .pending, to: .firing, at: Date(), note: nil),
                try tx.jobs(in: .firing, limit: 10).map(\.id)
            )
        }
        #expect(moved.0 && moved.1 == [7])
        // New ids continue after the old ones.
        let next = try await store.transaction { tx in
            try tx.insertJob(NewJob(owner: "deadlines", kind: "remind", dueAt: Date()), at: Date())
        }
        #expect(next > 8)
        await store.close()
    }

    @Test func aStoreOfTheThirdSchemaKeepsItsCursorsWhenTheyGainAnExpiry() async throws {
        // A file as the previous version left it: schema 1 to 3, with a sync token and a Matrix button state.
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(
                "CREATE TABLE schema_migrations (namespace TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (namespace, version)) WITHOUT ROWID"
            )
            for step in SQLiteStore.schema.prefix(3) {
                try connection.execute(step.sql)
                try connection.execute(
                    "INSERT INTO schema_migrations VALUES ('store', \(step.version), '\(step.name)', 0)")
            }
            try connection.execute(
                "INSERT INTO cursors(name, value) VALUES ('matrix.since', 's72'), ('matrix.buttons.$e', '{}')")
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedVersions("store") == Set(SQLiteStore.schema.map(\.version)))
        let (pruned, since, buttons) = try await store.transaction { tx in
            (
                try tx.pruneCursors(expiredBy: .distantFuture), try tx.cursor("matrix.since"),
                try tx.cursor("matrix.buttons.$e")
            )
        }
        // Values written before expiries existed have none: kept until cleared.
        #expect(pruned == 0)
        #expect(since == "s72" && buttons == "{}")
        try await store.transaction {
            try $0.setCursor("matrix.buttons.$e", to: "{}", expiresAt: Date(timeIntervalSince1970: 10))
        }
        #expect(try await store.transaction { try $0.pruneCursors(expiredBy: Date(timeIntervalSince1970: 10)) } == 1)
        await store.close()
    }

    @Test func unreachablePathIsAClearError() {
        #expect(throws: StoreError.self) { try SQLiteStore(path: "/proc/nonexistent/dir/x.sqlite") }
    }
}

/// Collects strings from migration closures.
final class LogBox: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ s: String) { storage.withLock { $0.append(s) } }
    var items: [String] { storage.withLock { $0 } }
}
