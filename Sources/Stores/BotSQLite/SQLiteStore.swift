import BotCore
import CSQLite
import Foundation

/// The embedded default store: one SQLite file in WAL mode, owned by one actor.
///
/// Every transaction is `BEGIN IMMEDIATE … COMMIT`, so a killed process leaves either all of a command's
/// changes or none. With `synchronous = normal` (the default) a commit survives a killed process but the
/// last commits before a power loss may be rolled back (never corrupted); `full` also survives power loss,
/// at the price of an fsync per commit.
public actor SQLiteStore: Store {
    /// How hard a commit pushes data to the disk.
    public enum Synchronous: String, Sendable, Codable, CaseIterable {
        /// Survives a killed process; the last commits may be lost on power loss.
        case normal
        /// Survives power loss too; an fsync per commit.
        case full
    }

    private let connection: SQLiteConnection
    private var closed = false

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// `":memory:"` gives a private in-memory database.
    public init(path: String, synchronous: Synchronous = .normal) throws {
        if path != ":memory:" {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let connection = try SQLiteConnection(path: path)
        try connection.execute(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = \(synchronous.rawValue.uppercased());
            PRAGMA foreign_keys = ON;
            """)
        try Self.migrateSchema(connection)
        self.connection = connection
    }

    @discardableResult
    public func transaction<T: Sendable>(_ body: @Sendable (any StoreTransaction) throws -> T) throws -> T {
        guard !closed else { throw StoreError("transaction", "the store is closed") }
        try connection.execute("BEGIN IMMEDIATE")
        let transaction = SQLiteTransaction(connection: connection)
        defer { transaction.isOpen = false }
        do {
            let value = try body(transaction)
            try connection.execute("COMMIT")
            return value
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    public func migrate(namespace: String, migrations: [Migration]) throws -> [Int] {
        var applied: [Int] = []
        let done = try appliedVersions(namespace)
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !done.contains(migration.version) {
            let now = Date()
            try transaction { tx in
                try migration.apply(PluginTransaction(transaction: tx, namespace: namespace, now: now))
                guard let sqlite = tx as? SQLiteTransaction else { return }
                try sqlite.connection.query(
                    "INSERT INTO schema_migrations(namespace, version, name, applied_at) VALUES (?, ?, ?, ?)",
                    [.text(namespace), .integer(Int64(migration.version)), .text(migration.name), .integer(now.millis)])
            }
            applied.append(migration.version)
        }
        return applied
    }

    /// The migration versions recorded for a namespace (`store` holds the store's own schema).
    public func appliedVersions(_ namespace: String) throws -> Set<Int> {
        var versions: Set<Int> = []
        try connection.query("SELECT version FROM schema_migrations WHERE namespace = ?", [.text(namespace)]) {
            versions.insert(Int($0.int(0)))
        }
        return versions
    }

    public func close() {
        guard !closed else { return }
        closed = true
        try? connection.execute("PRAGMA optimize")
        connection.close()
    }

    /// The store's own schema, versioned like a plugin's migrations under the namespace `store`.
    static let schema: [(version: Int, name: String, sql: String)] = [
        (
            1, "records, handled keys, jobs, cursors",
            """
            CREATE TABLE records (
                namespace TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL,
                value BLOB NOT NULL, updated_at INTEGER NOT NULL,
                PRIMARY KEY (namespace, collection, key)
            ) WITHOUT ROWID;
            CREATE TABLE handled (key TEXT PRIMARY KEY, handled_at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX handled_by_time ON handled(handled_at);
            CREATE TABLE jobs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                owner TEXT NOT NULL, kind TEXT NOT NULL, key TEXT,
                due_at INTEGER NOT NULL, chat TEXT, payload BLOB NOT NULL, grace_ms INTEGER,
                state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'missed', 'cancelled', 'failed')),
                created_at INTEGER NOT NULL, finished_at INTEGER, note TEXT
            );
            CREATE INDEX jobs_pending_by_due ON jobs(due_at) WHERE state = 'pending';
            CREATE UNIQUE INDEX jobs_pending_key ON jobs(owner, key) WHERE state = 'pending' AND key IS NOT NULL;
            CREATE INDEX jobs_by_owner_key ON jobs(owner, key);
            CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            """
        )
    ]

    private static func migrateSchema(_ connection: SQLiteConnection) throws {
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                namespace TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL,
                PRIMARY KEY (namespace, version)
            ) WITHOUT ROWID
            """)
        var done: Set<Int> = []
        try connection.query("SELECT version FROM schema_migrations WHERE namespace = 'store'") {
            done.insert(Int($0.int(0)))
        }
        for step in schema where !done.contains(step.version) {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                try connection.execute(step.sql)
                try connection.query(
                    "INSERT INTO schema_migrations(namespace, version, name, applied_at) VALUES ('store', ?, ?, ?)",
                    [.integer(Int64(step.version)), .text(step.name), .integer(Date().millis)])
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}

extension Date {
    /// Milliseconds since 1970 in UTC, the store's time format.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
