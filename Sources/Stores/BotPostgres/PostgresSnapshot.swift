import BotCore
import Foundation

extension PostgresStore {
    /// Writes a whole state read from another store (`StoreSnapshot`) into this database, in one transaction:
    /// all of it or, on any error, nothing.
    ///
    /// The database must hold no workshop yet: every table of its schema (those this version made and any other)
    /// must be empty, apart from the store's own schema versions; otherwise a `StoreError` names the tables that
    /// hold rows and nothing is written. Ids are kept, and the id counters continue after the source's.
    public func load(_ snapshot: StoreSnapshot) throws {
        try inTransaction { tx in
            let occupied = try Self.tablesHoldingRows(tx)
            guard occupied.isEmpty else {
                throw StoreError(
                    "copy into \(address)",
                    "the database already holds data (\(occupied.joined(separator: ", "))); "
                        + "a copy goes only into an empty database, so nothing was written")
            }
            try Self.insert(snapshot, tx)
        }
    }

    /// The store's whole state, read in one transaction (for a check of a copy, or a copy out of PostgreSQL).
    /// Refuses a database holding a table or column a copy would not carry over, as `SQLiteStore.snapshot` does.
    public func snapshot() throws -> StoreSnapshot {
        try inTransaction { tx in
            let columns = try tx.run(
                """
                SELECT table_name::text, column_name::text FROM information_schema.columns
                WHERE table_schema = current_schema()
                """)
            var schema: [String: [String]] = [:]
            for row in 0..<columns.rowCount {
                schema[try columns.requiredText(row, 0), default: []].append(try columns.requiredText(row, 1))
            }
            let uncopied = StoreSnapshot.uncopied(schema)
            guard uncopied.isEmpty else {
                throw StoreError(
                    "read the store's contents",
                    "the database has what this version of workshop-bot does not know how to copy "
                        + "(\(uncopied.joined(separator: ", ")))")
            }
            return try Self.read(tx)
        }
    }

    /// The tables of the schema the connection works in (`current_schema()`, where the store made its own).
    private static func tableNames(_ tx: PostgresTransaction) throws -> [String] {
        let result = try tx.run(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        return try (0..<result.rowCount).map { try result.requiredText($0, 0) }
    }

    /// "jobs (3 rows)" for every table of the schema that holds rows (the store's schema versions aside).
    private static func tablesHoldingRows(_ tx: PostgresTransaction) throws -> [String] {
        var occupied: [String] = []
        for table in try tableNames(tx) where !StoreSnapshot.leftBehind.contains(table) {
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let condition = table == "schema_migrations" ? " WHERE namespace <> $1" : ""
            let values: [PostgresValue] = condition.isEmpty ? [] : [.text(StoreSnapshot.storeNamespace)]
            let count = try tx.run("SELECT count(*) FROM \(quoted)\(condition)", values).int(0, 0)
            if count > 0 { occupied.append("\(table) (\(count) \(count == 1 ? "row" : "rows"))") }
        }
        return occupied
    }

    private static func text(_ value: String?) -> PostgresValue { value.map(PostgresValue.text) ?? .null }
    private static func integer(_ value: Int64?) -> PostgresValue { value.map(PostgresValue.integer) ?? .null }

    private static func insert(_ snapshot: StoreSnapshot, _ tx: PostgresTransaction) throws {
        for record in snapshot.records {
            try tx.run(
                "INSERT INTO records(namespace, collection, key, value, updated_at) VALUES ($1, $2, $3, $4, $5)",
                [
                    .text(record.namespace), .text(record.collection), .text(record.key), .bytes(record.value),
                    .integer(record.updatedAt),
                ])
        }
        for handled in snapshot.handled {
            try tx.run(
                "INSERT INTO handled(key, handled_at) VALUES ($1, $2)",
                [.text(handled.key), .integer(handled.handledAt)])
        }
        for job in snapshot.jobs {
            try tx.run(
                """
                INSERT INTO jobs(id, owner, kind, key, due_at, chat, payload, grace_ms, state, created_at, finished_at, note)
                OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """,
                [
                    .integer(job.id), .text(job.owner), .text(job.kind), text(job.key), .integer(job.dueAt),
                    text(job.chat), .bytes(job.payload), integer(job.graceMillis), .text(job.state),
                    .integer(job.createdAt), integer(job.finishedAt), text(job.note),
                ])
        }
        for entry in snapshot.outbox {
            try tx.run(
                """
                INSERT INTO outbox(id, key, platform, chat, payload, state, queued_at, finished_at, note)
                OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """,
                [
                    .integer(entry.id), text(entry.key), .text(entry.platform), .text(entry.chat),
                    .bytes(entry.payload), .text(entry.state), .integer(entry.queuedAt), integer(entry.finishedAt),
                    text(entry.note),
                ])
        }
        for value in snapshot.channelValues {
            try tx.run(
                "INSERT INTO cursors(name, value, expires_at) VALUES ($1, $2, $3)",
                [.text(value.name), .text(value.value), integer(value.expiresAt)])
        }
        for migration in snapshot.migrations {
            try tx.run(
                "INSERT INTO schema_migrations(namespace, version, name, applied_at) VALUES ($1, $2, $3, $4)",
                [
                    .text(migration.namespace), .integer(migration.version), .text(migration.name),
                    .integer(migration.appliedAt),
                ])
        }
        // The identity columns continue after the source's ids (the third argument false: `next` is the next id).
        for (table, next) in [("jobs", snapshot.nextJobID), ("outbox", snapshot.nextOutgoingID)] {
            try tx.run(
                "SELECT setval(pg_get_serial_sequence($1, 'id'), $2, false)::bigint", [.text(table), .integer(next)])
        }
    }

    private static func read(_ tx: PostgresTransaction) throws -> StoreSnapshot {
        var snapshot = StoreSnapshot()
        let records = try tx.run("SELECT namespace, collection, key, value, updated_at FROM records")
        snapshot.records = try (0..<records.rowCount).map { row in
            .init(
                namespace: try records.requiredText(row, 0), collection: try records.requiredText(row, 1),
                key: try records.requiredText(row, 2), value: try records.data(row, 3),
                updatedAt: try records.int(row, 4))
        }
        let handled = try tx.run("SELECT key, handled_at FROM handled")
        snapshot.handled = try (0..<handled.rowCount).map { row in
            .init(key: try handled.requiredText(row, 0), handledAt: try handled.int(row, 1))
        }
        let jobs = try tx.run(
            """
            SELECT id, owner, kind, key, due_at, chat, payload, grace_ms, state, created_at, finished_at, note
            FROM jobs ORDER BY id
            """)
        snapshot.jobs = try (0..<jobs.rowCount).map { row in
            .init(
                id: try jobs.int(row, 0), owner: try jobs.requiredText(row, 1), kind: try jobs.requiredText(row, 2),
                key: try jobs.text(row, 3), dueAt: try jobs.int(row, 4), chat: try jobs.text(row, 5),
                payload: try jobs.data(row, 6), graceMillis: try jobs.optionalInt(row, 7),
                state: try jobs.requiredText(row, 8), createdAt: try jobs.int(row, 9),
                finishedAt: try jobs.optionalInt(row, 10), note: try jobs.text(row, 11))
        }
        let outbox = try tx.run(
            "SELECT id, key, platform, chat, payload, state, queued_at, finished_at, note FROM outbox ORDER BY id")
        snapshot.outbox = try (0..<outbox.rowCount).map { row in
            .init(
                id: try outbox.int(row, 0), key: try outbox.text(row, 1), platform: try outbox.requiredText(row, 2),
                chat: try outbox.requiredText(row, 3), payload: try outbox.data(row, 4),
                state: try outbox.requiredText(row, 5), queuedAt: try outbox.int(row, 6),
                finishedAt: try outbox.optionalInt(row, 7), note: try outbox.text(row, 8))
        }
        let cursors = try tx.run("SELECT name, value, expires_at FROM cursors")
        snapshot.channelValues = try (0..<cursors.rowCount).map { row in
            .init(
                name: try cursors.requiredText(row, 0), value: try cursors.requiredText(row, 1),
                expiresAt: try cursors.optionalInt(row, 2))
        }
        let migrations = try tx.run(
            "SELECT namespace, version::bigint, name, applied_at FROM schema_migrations WHERE namespace <> $1",
            [.text(StoreSnapshot.storeNamespace)])
        snapshot.migrations = try (0..<migrations.rowCount).map { row in
            .init(
                namespace: try migrations.requiredText(row, 0), version: try migrations.int(row, 1),
                name: try migrations.requiredText(row, 2), appliedAt: try migrations.int(row, 3))
        }
        snapshot.nextJobID = try nextID(of: "jobs", tx)
        snapshot.nextOutgoingID = try nextID(of: "outbox", tx)
        return snapshot
    }

    /// The id the identity column of `table` gives next.
    private static func nextID(of table: String, _ tx: PostgresTransaction) throws -> Int64 {
        let sequence = try tx.run("SELECT pg_get_serial_sequence($1, 'id')::text", [.text(table)]).requiredText(0, 0)
        // The sequence's name comes from PostgreSQL itself, already quoted where it needs to be.
        let state = try tx.run(
            "SELECT last_value, CASE WHEN is_called THEN 1 ELSE 0 END::bigint FROM \(sequence)")
        let last = try state.int(0, 0)
        return try state.int(0, 1) == 1 ? StoreSnapshot.nextID(after: last, of: table) : last
    }
}
