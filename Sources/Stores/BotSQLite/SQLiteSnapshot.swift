import BotCore
import Foundation

extension SQLiteStore {
    /// The store's whole state, read in one read transaction (a consistent moment even while a bot writes), for
    /// a copy into another store (`StoreSnapshot`).
    ///
    /// Refuses, with a `StoreError` and nothing read, a file holding a table or column this build does not know
    /// how to copy (`StoreSnapshot.uncopied`) or a schema version it does not know (written by a newer
    /// workshop-bot): what a copy cannot carry over must stop it, not be left behind.
    public func snapshot() throws -> StoreSnapshot {
        guard !closed else { throw StoreError("read the store's contents", "the store is closed") }
        try connection.execute("BEGIN")
        do {
            let snapshot = try readSnapshot()
            try connection.execute("COMMIT")
            return snapshot
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func readSnapshot() throws -> StoreSnapshot {
        var tables: [String] = []
        try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            tables.append($0.text(0) ?? "")
        }
        // SQLite's own bookkeeping aside (sqlite_sequence holds the AUTOINCREMENT counters, read below).
        var schema: [String: [String]] = [:]
        for table in tables where !table.hasPrefix("sqlite_") {
            var names: [String] = []
            try connection.query("SELECT name FROM pragma_table_info(?)", [.text(table)]) {
                names.append($0.text(0) ?? "")
            }
            schema[table] = names
        }
        let uncopied = StoreSnapshot.uncopied(schema)
        guard uncopied.isEmpty else {
            throw StoreError(
                "read the store's contents",
                "the store has what this version of workshop-bot does not know how to copy "
                    + "(\(uncopied.joined(separator: ", "))); nothing was copied")
        }
        var storeVersions: [Int64] = []
        try connection.query(
            "SELECT version FROM schema_migrations WHERE namespace = ?", [.text(StoreSnapshot.storeNamespace)]
        ) { storeVersions.append($0.int(0)) }
        let known = Set(Self.schema.map { Int64($0.version) })
        if let newer = storeVersions.first(where: { !known.contains($0) }) {
            throw StoreError(
                "read the store's contents",
                "the store's schema is at version \(newer), newer than this workshop-bot knows; use the version that wrote it"
            )
        }
        var snapshot = StoreSnapshot()
        try connection.query("SELECT namespace, collection, key, value, updated_at FROM records") {
            snapshot.records.append(
                .init(
                    namespace: $0.text(0) ?? "", collection: $0.text(1) ?? "", key: $0.text(2) ?? "", value: $0.data(3),
                    updatedAt: $0.int(4)))
        }
        try connection.query("SELECT key, handled_at FROM handled") {
            snapshot.handled.append(.init(key: $0.text(0) ?? "", handledAt: $0.int(1)))
        }
        try connection.query(
            """
            SELECT id, owner, kind, key, due_at, chat, payload, grace_ms, state, created_at, finished_at, note
            FROM jobs ORDER BY id
            """
        ) { row in
            snapshot.jobs.append(
                .init(
                    id: row.int(0), owner: row.text(1) ?? "", kind: row.text(2) ?? "", key: row.text(3),
                    dueAt: row.int(4), chat: row.text(5), payload: row.data(6),
                    graceMillis: row.isNull(7) ? nil : row.int(7), state: row.text(8) ?? "",
                    createdAt: row.int(9), finishedAt: row.isNull(10) ? nil : row.int(10), note: row.text(11)))
        }
        try connection.query(
            "SELECT id, key, platform, chat, payload, state, queued_at, finished_at, note FROM outbox ORDER BY id"
        ) { row in
            snapshot.outbox.append(
                .init(
                    id: row.int(0), key: row.text(1), platform: row.text(2) ?? "", chat: row.text(3) ?? "",
                    payload: row.data(4), state: row.text(5) ?? "", queuedAt: row.int(6),
                    finishedAt: row.isNull(7) ? nil : row.int(7), note: row.text(8)))
        }
        try connection.query("SELECT name, value, expires_at FROM cursors") {
            snapshot.channelValues.append(
                .init(name: $0.text(0) ?? "", value: $0.text(1) ?? "", expiresAt: $0.isNull(2) ? nil : $0.int(2)))
        }
        try connection.query(
            "SELECT namespace, version, name, applied_at FROM schema_migrations WHERE namespace != ?",
            [.text(StoreSnapshot.storeNamespace)]
        ) {
            snapshot.migrations.append(
                .init(namespace: $0.text(0) ?? "", version: $0.int(1), name: $0.text(2) ?? "", appliedAt: $0.int(3)))
        }
        // AUTOINCREMENT never gives an id twice, even after rows were pruned: the copy continues from there.
        var counters: [String: Int64] = [:]
        try connection.query("SELECT name, seq FROM sqlite_sequence") { counters[$0.text(0) ?? ""] = $0.int(1) }
        snapshot.nextJobID = try StoreSnapshot.nextID(
            after: max(counters["jobs"] ?? 0, snapshot.jobs.map(\.id).max() ?? 0), of: "jobs")
        snapshot.nextOutgoingID = try StoreSnapshot.nextID(
            after: max(counters["outbox"] ?? 0, snapshot.outbox.map(\.id).max() ?? 0), of: "outbox")
        return snapshot
    }
}
