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

    let connection: SQLiteConnection
    private(set) var closed = false

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
            PRAGMA wal_autocheckpoint = 4000;
            PRAGMA cache_size = -1024;
            """)
        try Self.migrateSchema(connection)
        // Fail now, not at the first vote, when the file or its folder cannot be written.
        do {
            try connection.execute("BEGIN IMMEDIATE; ROLLBACK")
        } catch {
            throw StoreError("open \(path) for writing", "\(error); check the permissions of the file and its folder")
        }
        self.connection = connection
    }

    /// Transactions waiting to join the next group commit, each with its caller's continuation.
    private var pending: [(SQLiteTransaction) -> (Result<Void, any Error>) -> Void] = []
    private var committing = false

    /// Runs `body` atomically. Concurrent callers are grouped: their bodies run one after another, each in
    /// its own savepoint (a failing body rolls back alone), inside one `BEGIN IMMEDIATE … COMMIT`, and every
    /// caller hears back only after that commit. Serial semantics, but one WAL write per group.
    @discardableResult
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws
        -> T
    {
        guard !closed else { throw StoreError("transaction", "the store is closed") }
        if committing {
            return try await withCheckedThrowingContinuation { continuation in
                pending.append { tx in Self.run(body, in: tx, resuming: continuation) }
            }
        }
        committing = true
        defer { committing = false }
        // Let concurrent callers queue up behind this one (the actor is free while this task is suspended).
        await Task.yield()
        var own: Result<T, any Error> = .failure(StoreError("transaction", "not run"))
        let ownWork: (SQLiteTransaction) -> (Result<Void, any Error>) -> Void = { tx in
            do {
                try tx.connection.query("SAVEPOINT work")
                let value = try body(tx)
                try tx.connection.query("RELEASE work")
                own = .success(value)
            } catch {
                try? tx.connection.query("ROLLBACK TO work")
                try? tx.connection.query("RELEASE work")
                own = .failure(error)
            }
            return { commit in if case .failure(let error) = commit { own = .failure(error) } }
        }
        let batch = [ownWork] + pending
        pending.removeAll()
        var finishers: [(Result<Void, any Error>) -> Void] = []
        finishers.reserveCapacity(batch.count)
        let commit: Result<Void, any Error>
        do {
            guard !closed else { throw StoreError("transaction", "the store is closed") }
            try connection.query("BEGIN IMMEDIATE")
            let transaction = SQLiteTransaction(connection: connection)
            for work in batch {
                finishers.append(work(transaction))
                // A severe error (disk full, I/O) makes SQLite roll back the whole transaction; the rest of the
                // group must not run outside it, and nobody in it may be told "committed".
                if connection.isAutocommit {
                    throw StoreError("transaction", "the database rolled the transaction back: \(connection.lastError)")
                }
            }
            transaction.isOpen = false
            try connection.query("COMMIT")
            commit = .success(())
        } catch {
            try? connection.query("ROLLBACK")
            commit = .failure(error)
        }
        for finish in finishers { finish(commit) }
        if finishers.count < batch.count {
            for work in batch.dropFirst(finishers.count) {
                // Never ran because BEGIN failed: run against a closed transaction to fail the caller.
                let closedTransaction = SQLiteTransaction(connection: connection)
                closedTransaction.isOpen = false
                work(closedTransaction)(commit)
            }
        }
        return try own.get()
    }

    /// Runs one queued body in its own savepoint and returns what to tell its caller after the commit.
    private static func run<T: Sendable>(
        _ body: @Sendable (any StoreTransaction) throws -> T, in tx: SQLiteTransaction,
        resuming continuation: CheckedContinuation<T, any Error>
    ) -> (Result<Void, any Error>) -> Void {
        do {
            guard tx.isOpen else { throw StoreError("transaction", "the store could not begin a transaction") }
            try tx.connection.query("SAVEPOINT work")
            let value = try body(tx)
            try tx.connection.query("RELEASE work")
            return { commit in
                switch commit {
                case .success: continuation.resume(returning: value)
                case .failure(let error): continuation.resume(throwing: error)
                }
            }
        } catch {
            if tx.isOpen {
                try? tx.connection.query("ROLLBACK TO work")
                try? tx.connection.query("RELEASE work")
            }
            return { _ in continuation.resume(throwing: error) }
        }
    }

    public func migrate(namespace: String, migrations: [Migration]) async throws -> [Int] {
        var applied: [Int] = []
        let done = try appliedVersions(namespace)
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !done.contains(migration.version) {
            let now = Date()
            try await transaction { tx in
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
        ),
        (
            2, "outbox",
            """
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                key TEXT UNIQUE, platform TEXT NOT NULL, chat TEXT NOT NULL, payload BLOB NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dropped')),
                queued_at INTEGER NOT NULL, finished_at INTEGER, note TEXT
            );
            CREATE INDEX outbox_pending ON outbox(platform, id) WHERE state = 'pending';
            """
        ),
        (
            // SQLite cannot change a CHECK constraint in place: the table is rebuilt with the same rows and ids.
            3, "jobs: the firing state",
            """
            CREATE TABLE jobs_v3 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                owner TEXT NOT NULL, kind TEXT NOT NULL, key TEXT,
                due_at INTEGER NOT NULL, chat TEXT, payload BLOB NOT NULL, grace_ms INTEGER,
                state TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'done', 'missed', 'cancelled', 'failed')),
                created_at INTEGER NOT NULL, finished_at INTEGER, note TEXT
            );
            INSERT INTO jobs_v3(id, owner, kind, key, due_at, chat, payload, grace_ms, state, created_at, finished_at, note)
                SELECT id, owner, kind, key, due_at, chat, payload, grace_ms, state, created_at, finished_at, note FROM jobs;
            DROP TABLE jobs;
            ALTER TABLE jobs_v3 RENAME TO jobs;
            CREATE INDEX jobs_pending_by_due ON jobs(due_at) WHERE state = 'pending';
            CREATE UNIQUE INDEX jobs_pending_key ON jobs(owner, key) WHERE state = 'pending' AND key IS NOT NULL;
            CREATE INDEX jobs_by_owner_key ON jobs(owner, key);
            CREATE INDEX jobs_firing ON jobs(due_at) WHERE state = 'firing';
            """
        ),
        (
            4, "cursors: an expiry for channel state kept only for a while",
            """
            ALTER TABLE cursors ADD COLUMN expires_at INTEGER;
            CREATE INDEX cursors_expiry ON cursors(expires_at) WHERE expires_at IS NOT NULL;
            """
        ),
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
    /// Milliseconds since 1970 in UTC, the store's time format. Throws a `StoreError` for a time outside
    /// `StoredTime.storableSeconds` (or not a number), so no value given to the store can trap the process.
    var millis: Int64 {
        get throws { try StoredTime.millis(self) }
    }

    init(millis: Int64) { self = StoredTime.date(millis: millis) }
}
