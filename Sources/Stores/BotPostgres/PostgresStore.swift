import BotCore
import Foundation

/// The store on a PostgreSQL server, over one libpq connection, with the guarantees of `SQLiteStore`.
///
/// An actor whose executor is a thread of its own (`ConnectionThread`): transaction bodies are synchronous by
/// contract, so the libpq calls they make block, and they block that thread, never Swift's cooperative pool. The
/// actor serialises this process's transactions on its one connection.
///
/// Every transaction is `BEGIN ISOLATION LEVEL READ COMMITTED` followed by `pg_advisory_xact_lock` on one key
/// for the whole database, held until `COMMIT` or `ROLLBACK`. So every transaction of every process using the
/// store runs after the previous one committed and, as each statement of READ COMMITTED reads what was committed
/// before it began, sees all of it: serial execution, as SQLite's `BEGIN IMMEDIATE` gives. SERIALIZABLE (or
/// REPEATABLE READ) would let transactions overlap and abort one of two that conflict with a serialization
/// failure, which only re-running the body could absorb; the `Store` contract runs a body once (a migration, a
/// handling claim). A chat bot's transactions are short, so one at a time costs nothing that matters here.
///
/// A statement that fails (a constraint, a value PostgreSQL refuses) spoils its transaction, as PostgreSQL
/// accepts nothing more in it: the body may catch the error, but the transaction then rolls back as a whole and
/// the caller gets the error. A lost connection (the server restarted, the network broke) fails the transaction
/// it happened in with a `StoreError`; the next transaction connects again. When the connection is lost during
/// `COMMIT` itself, the outcome is unknown, and the error says so.
///
/// Times are kept as milliseconds since 1970 (`bigint`), as `StoredTime` says; keys and names are `text` with
/// `COLLATE "C"`, so they compare and sort as UTF-8 bytes; record values and queued messages are `bytea`.
public actor PostgresStore: Store {
    let address: PostgresAddress
    private let secrets: [String]
    private let executor: ConnectionThread
    private var connection: PostgresConnection?
    private var closed = false

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The advisory lock every transaction holds: one key for the store's tables ("workshop" in ASCII).
    static let lockKey: Int64 = 0x776f_726b_7368_6f70

    /// Connects to the database at `address` and brings its schema up to date.
    ///
    /// The password, if the server asks for one, is libpq's business: `PGPASSWORD` or the password file
    /// (`~/.pgpass`, or `passfile=` in the URL). A `StoreError` says what failed, never with the password.
    public init(address: PostgresAddress) async throws {
        self.address = address
        self.executor = ConnectionThread(name: ConnectionThread.defaultName)
        // libpq does not repeat the password in its messages; removing it anyway costs nothing.
        self.secrets = [ProcessInfo.processInfo.environment["PGPASSWORD"]].compactMap { $0 }.filter { $0.count >= 4 }
        try openAndMigrate()
    }

    /// Parses `url` (`postgres://user@host:5432/database`) and opens the store there.
    public init(url: String) async throws {
        let address: PostgresAddress
        do {
            address = try PostgresAddress(parsing: url)
        } catch {
            throw StoreError("open the PostgreSQL store", error.description)
        }
        try await self.init(address: address)
    }

    private func openAndMigrate() throws {
        let connection = try PostgresConnection(address: address, secrets: secrets)
        guard connection.serverVersion >= 110_000 else {
            throw StoreError(
                "open \(address)", "PostgreSQL 11 or newer is needed (the server is \(connection.serverVersion))")
        }
        let encoding = try run("read the server's encoding") {
            try connection.query("SELECT current_setting('server_encoding')").text(0, 0)
        }
        guard encoding == "UTF8" else {
            throw StoreError(
                "open \(address)", "the database's encoding is \(encoding ?? "unknown"); the store needs UTF8")
        }
        try run("bring the store's schema up to date") { try Self.migrateSchema(connection) }
        self.connection = connection
    }

    /// Runs `work`, turning a failed statement into a `StoreError` for `operation`.
    private func run<T>(_ operation: String, _ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let failure as PostgresFailure {
            throw failure.storeError(operation)
        }
    }

    /// A usable connection: the one kept, or a new one when there is none or it was lost.
    private func connected() throws -> PostgresConnection {
        if let connection, connection.isUsable { return connection }
        connection?.close()
        connection = nil
        let fresh = try PostgresConnection(address: address, secrets: secrets)
        connection = fresh
        return fresh
    }

    /// Begins a transaction holding the store's lock. A connection found lost here (the server restarted since
    /// the last transaction) is replaced once: nothing of the transaction has run yet.
    private func begin() throws -> PostgresConnection {
        var attempt = 0
        while true {
            let connection = try connected()
            do {
                try connection.execute(
                    "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(\(Self.lockKey))")
                return connection
            } catch let failure as PostgresFailure {
                if failure.connectionLost && attempt == 0 {
                    attempt += 1
                    self.connection?.close()
                    self.connection = nil
                    continue
                }
                throw failure.storeError("begin a transaction")
            }
        }
    }

    private func rollback(_ connection: PostgresConnection) {
        do {
            try connection.execute("ROLLBACK")
        } catch {
            if !connection.isUsable {
                connection.close()
                if self.connection === connection { self.connection = nil }
            }
        }
    }

    private func commit(_ connection: PostgresConnection) throws {
        do {
            let result = try connection.execute("COMMIT")
            guard result.commandStatus == "COMMIT" else {
                throw StoreError("commit", "PostgreSQL rolled the transaction back (\(result.commandStatus))")
            }
        } catch let failure as PostgresFailure {
            if failure.connectionLost {
                throw StoreError(
                    "commit",
                    "the connection to PostgreSQL was lost during COMMIT, so whether the transaction was applied is unknown: \(failure)"
                )
            }
            throw failure.storeError("commit")
        }
    }

    /// Runs `body` in one transaction (see the type's comment for the isolation and what a failure leaves).
    @discardableResult
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws
        -> T
    {
        try inTransaction { try body($0) }
    }

    func inTransaction<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        guard !closed else { throw StoreError("transaction", "the store is closed") }
        let connection = try begin()
        let transaction = PostgresTransaction(connection: connection)
        let value: T
        do {
            value = try body(transaction)
        } catch {
            transaction.isOpen = false
            rollback(connection)
            throw error
        }
        transaction.isOpen = false
        if let spoiled = transaction.failure {
            rollback(connection)
            throw spoiled
        }
        try commit(connection)
        return value
    }

    public func migrate(namespace: String, migrations: [Migration]) async throws -> [Int] {
        guard !closed else { throw StoreError("migrate", "the store is closed") }
        var applied: [Int] = []
        let done = try appliedVersions(namespace)
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !done.contains(migration.version) {
            let now = Date()
            let ran = try inTransaction { tx -> Bool in
                // Another process may have applied it since the versions were read: the lock makes this check
                // and the migration one step.
                let recorded = try tx.run(
                    "SELECT 1::bigint FROM schema_migrations WHERE namespace = $1 AND version = $2",
                    [.text(namespace), .integer(Int64(migration.version))])
                guard recorded.rowCount == 0 else { return false }
                try migration.apply(PluginTransaction(transaction: tx, namespace: namespace, now: now))
                try tx.run(
                    "INSERT INTO schema_migrations(namespace, version, name, applied_at) VALUES ($1, $2, $3, $4)",
                    [
                        .text(namespace), .integer(Int64(migration.version)), .text(migration.name),
                        .integer(try StoredTime.millis(now)),
                    ])
                return true
            }
            if ran { applied.append(migration.version) }
        }
        return applied
    }

    /// The migration versions recorded for a namespace (`store` holds the store's own schema).
    public func appliedVersions(_ namespace: String) throws -> Set<Int> {
        try inTransaction { tx in
            let result = try tx.run(
                "SELECT version::bigint FROM schema_migrations WHERE namespace = $1", [.text(namespace)])
            return Set(try (0..<result.rowCount).map { Int(try result.int($0, 0)) })
        }
    }

    public func close() {
        guard !closed else { return }
        closed = true
        connection?.close()
        connection = nil
    }

    /// The store's own schema, versioned like a plugin's migrations under the namespace `store` (as in SQLite).
    static let schema: [(version: Int, name: String, sql: String)] = [
        (
            1, "records, handled keys, jobs, cursors, outbox",
            """
            CREATE TABLE records (
                namespace text COLLATE "C" NOT NULL, collection text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL,
                value bytea NOT NULL, updated_at bigint NOT NULL,
                PRIMARY KEY (namespace, collection, key)
            );
            CREATE TABLE handled (key text COLLATE "C" PRIMARY KEY, handled_at bigint NOT NULL);
            CREATE INDEX handled_by_time ON handled(handled_at);
            CREATE TABLE jobs (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                owner text COLLATE "C" NOT NULL, kind text COLLATE "C" NOT NULL, key text COLLATE "C",
                due_at bigint NOT NULL, chat text COLLATE "C", payload bytea NOT NULL, grace_ms bigint,
                state text NOT NULL CHECK (state IN ('pending', 'firing', 'done', 'missed', 'cancelled', 'failed')),
                created_at bigint NOT NULL, finished_at bigint, note text
            );
            CREATE INDEX jobs_pending_by_due ON jobs(due_at, id) WHERE state = 'pending';
            CREATE UNIQUE INDEX jobs_pending_key ON jobs(owner, key) WHERE state = 'pending' AND key IS NOT NULL;
            CREATE INDEX jobs_by_owner_key ON jobs(owner, key);
            CREATE INDEX jobs_firing ON jobs(due_at, id) WHERE state = 'firing';
            CREATE TABLE cursors (name text COLLATE "C" PRIMARY KEY, value text NOT NULL, expires_at bigint);
            CREATE INDEX cursors_expiry ON cursors(expires_at) WHERE expires_at IS NOT NULL;
            CREATE TABLE outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key text COLLATE "C" UNIQUE, platform text COLLATE "C" NOT NULL, chat text NOT NULL,
                payload bytea NOT NULL,
                state text NOT NULL CHECK (state IN ('pending', 'sent', 'dropped')),
                queued_at bigint NOT NULL, finished_at bigint, note text
            );
            CREATE INDEX outbox_pending ON outbox(platform, id) WHERE state = 'pending';
            CREATE INDEX outbox_finished ON outbox(finished_at) WHERE state <> 'pending';
            """
        )
    ]

    /// Creates the tables at first open and applies later schema steps, all in one transaction under the
    /// store's lock, so two processes opening a new database at once do it once.
    private static func migrateSchema(_ connection: PostgresConnection) throws {
        try connection.execute("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(\(lockKey))")
        do {
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    namespace text COLLATE "C" NOT NULL, version integer NOT NULL, name text NOT NULL,
                    applied_at bigint NOT NULL, PRIMARY KEY (namespace, version)
                )
                """)
            let result = try connection.query("SELECT version::bigint FROM schema_migrations WHERE namespace = 'store'")
            let done = Set(try (0..<result.rowCount).map { Int(try result.int($0, 0)) })
            for step in schema where !done.contains(step.version) {
                try connection.execute(step.sql)
                try connection.query(
                    "INSERT INTO schema_migrations(namespace, version, name, applied_at) VALUES ('store', $1, $2, $3)",
                    [.integer(Int64(step.version)), .text(step.name), .integer(try StoredTime.millis(Date()))])
            }
            let commit = try connection.execute("COMMIT")
            guard commit.commandStatus == "COMMIT" else {
                throw StoreError("migrate the schema", "PostgreSQL rolled the transaction back")
            }
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
