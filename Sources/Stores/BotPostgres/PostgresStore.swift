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
/// handling claim). What one at a time costs is round trips to the server, so statements travel in libpq's
/// pipeline (only a statement whose answer the body needs waits for one, carrying those queued before it) and
/// concurrent callers share one transaction, each body in a savepoint (`transaction(_:)`).
///
/// A statement that fails (a constraint, a value PostgreSQL refuses) spoils its transaction, as PostgreSQL
/// accepts nothing more in it: the body may catch the error, but the transaction, with the group it ran in, then
/// rolls back as a whole and each of their callers gets the error. A lost connection (the server restarted, the
/// network broke) fails the group it happened in with a `StoreError`; the next group connects again (at once
/// when the server's end of the connection is already seen). When the connection is lost during `COMMIT` itself,
/// the outcome is unknown, and the error says so.
///
/// Times are kept as milliseconds since 1970 (`bigint`), as `StoredTime` says; keys and names are `text` with
/// `COLLATE "C"`, so they compare and sort as UTF-8 bytes; record values and queued messages are `bytea`.
public actor PostgresStore: Store {
    let address: PostgresAddress
    private let secrets: [String]
    private let executor: ConnectionThread
    private var connection: PostgresConnection?
    /// The records this store last saw committed (see `RecordCache`).
    private let cache = RecordCache()
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
        let connection = try newConnection()
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

    /// A usable connection: the one kept, or a new one when there is none or it was lost (a server that
    /// restarted since the last transaction closed it: nothing of the next transaction has run yet).
    private func connected() throws -> PostgresConnection {
        if let connection, connection.isStillOpen { return connection }
        connection?.close()
        connection = nil
        let fresh = try newConnection()
        connection = fresh
        return fresh
    }

    /// A new connection, whose changes to the records carry this store's token (`RecordCache`).
    private func newConnection() throws -> PostgresConnection {
        let connection = try PostgresConnection(address: address, secrets: secrets)
        do {
            try connection.query("SELECT set_config('workshop.writer', $1, false)", [.text(cache.writer)])
        } catch let failure as PostgresFailure {
            connection.close()
            throw failure.storeError("set up the connection")
        }
        return connection
    }

    /// Begins a transaction holding the store's lock. `BEGIN` and the lock are only queued: they reach the server
    /// with the transaction's first statement that needs an answer (or its `COMMIT`), in one round trip.
    /// With `readingVersion`, the records' version is read under the lock, before anything else.
    private func begin(readingVersion: Bool = false) throws -> PostgresConnection {
        let connection = try connected()
        try run("begin a transaction") {
            try connection.send("BEGIN ISOLATION LEVEL READ COMMITTED")
            try connection.send("SELECT pg_advisory_xact_lock($1)", [.integer(Self.lockKey)])
            if readingVersion { try connection.send("SELECT version FROM records_version", keep: true) }
        }
        return connection
    }

    private func rollback(_ connection: PostgresConnection) {
        do {
            // What is still queued is read first, whatever it says: the transaction rolls back anyway.
            _ = try? connection.sync()
            try connection.execute("ROLLBACK")
        } catch {
            // A transaction that may still be open holds the lock and could be committed by the next one: the
            // connection goes.
            connection.close()
            if self.connection === connection { self.connection = nil }
        }
    }

    /// Commits, with the statements still queued in the same round trip: a failure of one of them is the error,
    /// and the caller rolls back.
    private func commit(_ connection: PostgresConnection) throws {
        do {
            let result = try connection.query("COMMIT")
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
            // A statement queued before the COMMIT failed: the server skipped the COMMIT, and the transaction
            // still waits for the caller's rollback.
            throw failure.storeError("commit")
        }
    }

    /// One caller's body in a group. Given the group's transaction, it runs the body there and returns whether
    /// the body threw (its work is to be rolled back to its savepoint) and what to tell the caller once the
    /// group's outcome is known. Given none (the group failed before its turn), it only fails.
    private typealias GroupMember = (PostgresTransaction?) -> (
        threw: Bool, finish: (Result<Void, any Error>) -> Void
    )

    /// Bodies waiting to join the next group, each with the delivery key it will record first, if any.
    private var pending: [(handledKey: String?, member: GroupMember)] = []
    /// The delivery keys of the current group, looked up before its bodies run.
    private let handled = HandledLookAhead()
    private var grouping = false
    /// The most bodies one group has held so far (for tests and diagnostics).
    private(set) var largestGroup = 0
    /// How many groups and bodies ran so far (for the benchmark: the mean size of a group).
    public private(set) var groupsRun = 0, bodiesRun = 0
    /// The most bodies in one group: each runs in a savepoint, and PostgreSQL keeps the ids of at most 64
    /// subtransactions per transaction in shared memory before every other session's snapshots get slower.
    static let groupLimit = 32

    /// Runs `body` in one transaction (see the type's comment for the isolation and what a failure leaves).
    ///
    /// Concurrent callers are grouped, as in `SQLiteStore`: their bodies run one after another inside one
    /// `BEGIN … COMMIT` under the store's lock, each in its own savepoint, and every caller hears back only after
    /// that commit. A body that throws rolls back to its savepoint alone. Serial semantics, with what is not
    /// a question to the server (`BEGIN` and the lock, the savepoints, the writes whose result is not needed,
    /// `COMMIT`) sent in the round trips of the statements that are, and records read before answered from
    /// memory (`RecordCache`).
    @discardableResult
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws
        -> T
    {
        try await transaction(recordingHandled: nil, body)
    }

    /// `transaction(_:)`, with the delivery key the body records first looked up for the whole group in one
    /// round trip, before the bodies run: a handling's claim then costs none, and a group of `/vote`s runs in
    /// two round trips (the look-up, the commit) whatever its size.
    @discardableResult
    public func transaction<T: Sendable>(
        recordingHandled handledKey: String?, _ body: @escaping @Sendable (any StoreTransaction) throws -> T
    ) async throws -> T {
        guard !closed else { throw StoreError("transaction", "the store is closed") }
        if grouping {
            return try await withCheckedThrowingContinuation { continuation in
                pending.append((handledKey, Self.member(body) { continuation.resume(with: $0) }))
            }
        }
        grouping = true
        defer { grouping = false }
        // Let concurrent callers queue up behind this one (the actor is free while this task is suspended).
        await Task.yield()
        var own: Result<T, any Error> = .failure(StoreError("transaction", "not run"))
        var waiting = [(handledKey, Self.member(body) { own = $0 })] + pending
        pending.removeAll()
        while !waiting.isEmpty {
            let group = Array(waiting.prefix(Self.groupLimit))
            waiting.removeFirst(group.count)
            runGroup(group)
        }
        return try own.get()
    }

    /// Runs `group`'s bodies in one transaction and tells each caller the outcome. A statement the server refuses
    /// leaves PostgreSQL accepting nothing more until a rollback, and its round trip may hold the next body's
    /// statements too: the whole group then rolls back and every caller gets the error.
    private func runGroup(_ group: [(handledKey: String?, member: GroupMember)]) {
        largestGroup = max(largestGroup, group.count)
        groupsRun += 1
        bodiesRun += group.count
        var finishers: [(Result<Void, any Error>) -> Void] = []
        finishers.reserveCapacity(group.count)
        let outcome: Result<Void, any Error>
        var begun: PostgresConnection?
        cache.beginGroup()
        do {
            guard !closed else { throw StoreError("transaction", "the store is closed") }
            let connection = try begin(readingVersion: true)
            begun = connection
            // A key PostgreSQL cannot hold (a NUL) is left to its own body, which gets the error alone.
            try lookUpHandled(group.compactMap(\.handledKey).filter { !$0.utf8.contains(0) }, on: connection)
            for (_, member) in group {
                try run("begin a transaction") { try connection.send("SAVEPOINT work") }
                let transaction = PostgresTransaction(connection: connection, cache: cache, handled: handled)
                let (threw, finish) = member(transaction)
                transaction.isOpen = false
                finishers.append(finish)
                if let spoiled = transaction.failure { throw spoiled }
                cache.endBody(kept: !threw)
                handled.endBody(kept: !threw)
                try run("end a transaction") {
                    // A savepoint is not released: the next one nests in it, one statement fewer per body.
                    if threw { try connection.send("ROLLBACK TO SAVEPOINT work") }
                    // The server works on what was sent while the next body runs.
                    try connection.flush()
                }
            }
            // This store's sessions change the version themselves, once per group (the trigger does it for every
            // other client).
            let written = cache.groupWrote ? try leaveNewVersion(on: connection) : nil
            try commit(connection)
            // Committed: nothing after this may fail the group.
            if !cache.checked { cache.check(version: Self.version(in: connection.kept.first)) }
            cache.committedGroup(leaving: written)
            outcome = .success(())
        } catch {
            if let begun, begun.isUsable { rollback(begun) }
            cache.forget()
            outcome = .failure(error)
        }
        for finish in finishers { finish(outcome) }
        for (_, member) in group.dropFirst(finishers.count) { member(nil).finish(outcome) }
    }

    /// Queues the change of the records' version to a new one of this store's, and returns it.
    @discardableResult
    private func leaveNewVersion(on connection: PostgresConnection) throws -> String {
        let version = cache.nextVersion()
        try run("write the records' version") {
            try connection.send("UPDATE records_version SET version = $1", [.text(version)])
        }
        return version
    }

    /// The records' version in a result of `SELECT version FROM records_version`; nil when the row is missing or
    /// unreadable (then nothing kept is trusted).
    static func version(in result: PostgresResult?) -> String? {
        guard let result, result.rowCount == 1 else { return nil }
        return try? result.text(0, 0)
    }

    /// Looks up `keys` in the handled keys, with the records' version, in the group's first round trip.
    private func lookUpHandled(_ keys: [String], on connection: PostgresConnection) throws {
        guard !keys.isEmpty else {
            handled.reset(looked: [], found: [])
            return
        }
        let found = try run("look up the handled keys") { () -> [String] in
            try connection.send("SELECT key FROM handled WHERE key = ANY($1)", [.textArray(keys)], keep: true)
            try connection.sync()
            guard connection.kept.count == 2 else {
                throw StoreError("look up the handled keys", "the server's answers are not the ones asked for")
            }
            cache.check(version: Self.version(in: connection.kept[0]))
            let rows = connection.kept[1]
            return try (0..<rows.rowCount).map { try rows.requiredText($0, 0) }
        }
        handled.reset(looked: keys, found: found)
    }

    /// A group member running `body` and handing its outcome to `deliver` once the group's is known.
    private static func member<T>(
        _ body: @escaping @Sendable (any StoreTransaction) throws -> T,
        deliver: @escaping (Result<T, any Error>) -> Void
    ) -> GroupMember {
        { transaction in
            let outcome: Result<T, any Error> =
                transaction.map { transaction in Result { try body(transaction) } }
                ?? .failure(StoreError("transaction", "not run"))
            let threw: Bool
            if case .success = outcome { threw = false } else { threw = true }
            return (
                threw,
                { group in
                    if case .failure(let error) = group {
                        // Rolled back with its group: nothing of the body was kept, whatever it returned.
                        deliver(.failure(error))
                    } else {
                        deliver(outcome)
                    }
                }
            )
        }
    }

    /// Runs `body` in a transaction of its own, without the record cache (which it empties: a migration or a
    /// copy writes records the cache does not see).
    func inTransaction<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        guard !closed else { throw StoreError("transaction", "the store is closed") }
        defer { cache.forget() }
        let connection = try begin()
        // Whatever it writes, other stores' caches of the records are stale after it.
        try leaveNewVersion(on: connection)
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
        do {
            try commit(connection)
        } catch {
            if connection.isUsable { rollback(connection) }
            throw error
        }
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
        ),
        (
            2, "the records' version, changed by every write of a record (RecordCache)",
            """
            CREATE TABLE records_version (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version text NOT NULL);
            INSERT INTO records_version(version) VALUES (md5(random()::text || clock_timestamp()::text));
            CREATE FUNCTION records_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                UPDATE records_version SET version = md5(random()::text || clock_timestamp()::text);
                RETURN NULL;
            END
            $body$;
            CREATE TRIGGER records_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON records
                FOR EACH STATEMENT WHEN (coalesce(current_setting('workshop.writer', true), '') = '')
                EXECUTE FUNCTION records_changed();
            """
        ),
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
