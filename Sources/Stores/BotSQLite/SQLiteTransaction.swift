import BotCore
import Foundation

/// The operations of one open SQLite transaction; invalid once the transaction ends.
final class SQLiteTransaction: StoreTransaction {
    let connection: SQLiteConnection
    var isOpen = true

    init(connection: SQLiteConnection) { self.connection = connection }

    private func checkOpen() throws {
        guard isOpen else { throw StoreError("transaction", "used after the transaction ended") }
    }

    // MARK: Records

    func record(namespace: String, collection: String, key: String) throws -> Data? {
        try checkOpen()
        var result: Data?
        try connection.query(
            "SELECT value FROM records WHERE namespace = ? AND collection = ? AND key = ?",
            [.text(namespace), .text(collection), .text(key)]
        ) { result = $0.data(0) }
        return result
    }

    func putRecord(namespace: String, collection: String, key: String, value: Data) throws {
        try checkOpen()
        try connection.query(
            """
            INSERT INTO records(namespace, collection, key, value, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(namespace, collection, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """,
            [.text(namespace), .text(collection), .text(key), .blob(value), .integer(Date().millis)])
    }

    func deleteRecord(namespace: String, collection: String, key: String) throws -> Bool {
        try checkOpen()
        try connection.query(
            "DELETE FROM records WHERE namespace = ? AND collection = ? AND key = ?",
            [.text(namespace), .text(collection), .text(key)])
        return connection.changes > 0
    }

    func records(namespace: String, collection: String, keyPrefix: String) throws -> [(key: String, value: Data)] {
        try checkOpen()
        var rows: [(key: String, value: Data)] = []
        // A key range rather than LIKE, so the primary key index serves the prefix and `%` stays literal.
        try connection.query(
            """
            SELECT key, value FROM records
            WHERE namespace = ? AND collection = ? AND key >= ? AND key < ? ORDER BY key
            """,
            [.text(namespace), .text(collection), .text(keyPrefix), .text(keyPrefix + "\u{10FFFF}")]
        ) { rows.append((key: $0.text(0) ?? "", value: $0.data(1))) }
        return rows
    }

    // MARK: Handled keys

    func recordHandled(_ key: String, at time: Date) throws -> Bool {
        try checkOpen()
        try connection.query(
            "INSERT INTO handled(key, handled_at) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
            [.text(key), .integer(time.millis)])
        return connection.changes > 0
    }

    func pruneHandled(before time: Date) throws -> Int {
        try checkOpen()
        try connection.query("DELETE FROM handled WHERE handled_at < ?", [.integer(time.millis)])
        return connection.changes
    }

    // MARK: Jobs

    private static let jobColumns =
        "id, owner, kind, key, due_at, chat, payload, grace_ms, state, created_at, finished_at, note"

    func insertJob(_ job: NewJob, at time: Date) throws -> Int64 {
        try checkOpen()
        if let key = job.key {
            try connection.query(
                "UPDATE jobs SET state = 'cancelled', finished_at = ?, note = 'replaced' WHERE owner = ? AND key = ? AND state = 'pending'",
                [.integer(time.millis), .text(job.owner), .text(key)])
        }
        try connection.query(
            """
            INSERT INTO jobs(owner, kind, key, due_at, chat, payload, grace_ms, state, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
            """,
            [
                .text(job.owner), .text(job.kind), job.key.map(SQLiteValue.text) ?? .null, .integer(job.dueAt.millis),
                job.chat.map { .text($0.description) } ?? .null, .blob(job.payload),
                job.grace.map { .integer(try StoredTime.graceMillis($0)) } ?? .null, .integer(time.millis),
            ])
        return connection.lastInsertRowID
    }

    func jobs(_ query: JobQuery) throws -> [ScheduledJob] {
        try checkOpen()
        guard !query.states.isEmpty else { return [] }
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let id = query.id {
            conditions.append("id = ?")
            values.append(.integer(id))
        }
        if let owner = query.owner {
            conditions.append("owner = ?")
            values.append(.text(owner))
        }
        if !query.keyPrefix.isEmpty {
            conditions.append("key >= ? AND key < ?")
            values += [.text(query.keyPrefix), .text(query.keyPrefix + "\u{10FFFF}")]
        }
        if query.states != Set(JobState.allCases) {
            // The states are the enum's own names, written into the SQL so the partial indexes on
            // `state = 'pending'` and `state = 'firing'` serve the query; a handful of statements are cached.
            let names = query.states.map { "'\($0.rawValue)'" }.sorted()
            conditions.append(names.count == 1 ? "state = \(names[0])" : "state IN (\(names.joined(separator: ", ")))")
        }
        if let dueBy = query.dueBy {
            conditions.append("due_at <= ?")
            values.append(.integer(try dueBy.millis))
        }
        var sql = "SELECT \(Self.jobColumns) FROM jobs"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY due_at, id"
        if let limit = query.limit {
            sql += " LIMIT ?"
            values.append(.integer(Int64(max(0, limit))))
        }
        var result: [ScheduledJob] = []
        try connection.query(sql, values) { result.append(try Self.job(from: $0)) }
        return result
    }

    func moveJob(id: Int64, from: JobState, to: JobState, at time: Date, note: String?) throws -> Bool {
        try checkOpen()
        try connection.query(
            "UPDATE jobs SET state = ?, finished_at = ?, note = ? WHERE id = ? AND state = ?",
            [
                .text(to.rawValue), .integer(time.millis), note.map(SQLiteValue.text) ?? .null, .integer(id),
                .text(from.rawValue),
            ])
        return connection.changes > 0
    }

    private static func job(from row: SQLiteRow) throws -> ScheduledJob {
        guard let state = JobState(rawValue: row.text(8) ?? "") else {
            throw StoreError("read job", "unknown state \(row.text(8) ?? "null")")
        }
        return ScheduledJob(
            id: row.int(0), owner: row.text(1) ?? "", kind: row.text(2) ?? "", key: row.text(3),
            dueAt: Date(millis: row.int(4)), chat: row.text(5).flatMap(ChatRef.init(parsing:)), payload: row.data(6),
            grace: row.isNull(7) ? nil : Double(row.int(7)) / 1000, state: state, createdAt: Date(millis: row.int(9)),
            finishedAt: row.isNull(10) ? nil : Date(millis: row.int(10)), note: row.text(11))
    }

    // MARK: Outbox

    func enqueueOutgoing(_ message: OutgoingMessage, key: String?, at time: Date) throws -> Bool {
        try checkOpen()
        let payload = OutboxPayload.encode(message)
        try connection.query(
            """
            INSERT INTO outbox(key, platform, chat, payload, state, queued_at) VALUES (?, ?, ?, ?, 'pending', ?)
            ON CONFLICT(key) DO NOTHING
            """,
            [
                key.map(SQLiteValue.text) ?? .null, .text(message.chat.platform.rawValue),
                .text(message.chat.description),
                .blob(payload), .integer(time.millis),
            ])
        guard connection.changes > 0 else { return false }
        if connection.queuedMessages.count < SQLiteConnection.queuedMessagesLimit {
            connection.queuedMessages[connection.lastInsertRowID] = (payload, message)
        }
        return true
    }

    func pendingOutgoing(platform: Platform, limit: Int) throws -> [QueuedMessage] {
        try checkOpen()
        var rows: [(Int64, Data, Int64)] = []
        try connection.query(
            "SELECT id, payload, queued_at FROM outbox WHERE platform = ? AND state = 'pending' ORDER BY id LIMIT ?",
            [.text(platform.rawValue), .integer(Int64(max(0, limit)))]
        ) { rows.append(($0.int(0), $0.data(1), $0.int(2))) }
        return try rows.map { row in
            let message: OutgoingMessage
            if let queued = connection.queuedMessages.removeValue(forKey: row.0), queued.payload == row.1 {
                message = queued.message
            } else {
                message = try OutboxPayload.decode(row.1)
            }
            return QueuedMessage(id: row.0, message: message, queuedAt: Date(millis: row.2))
        }
    }

    func finishOutgoing(id: Int64, sent: Bool, at time: Date, note: String?) throws {
        try checkOpen()
        try connection.query(
            "UPDATE outbox SET state = ?, finished_at = ?, note = ? WHERE id = ? AND state = 'pending'",
            [
                .text(sent ? "sent" : "dropped"), .integer(time.millis), note.map(SQLiteValue.text) ?? .null,
                .integer(id),
            ])
    }

    func pruneOutgoing(before time: Date) throws -> Int {
        try checkOpen()
        try connection.query(
            "DELETE FROM outbox WHERE state != 'pending' AND finished_at < ?", [.integer(time.millis)])
        return connection.changes
    }

    // MARK: Channel state

    func cursor(_ name: String) throws -> String? {
        try checkOpen()
        var result: String?
        try connection.query("SELECT value FROM cursors WHERE name = ?", [.text(name)]) { result = $0.text(0) }
        return result
    }

    func setCursor(_ name: String, to value: String?, expiresAt: Date?) throws {
        try checkOpen()
        if let value {
            try connection.query(
                """
                INSERT INTO cursors(name, value, expires_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                """,
                [.text(name), .text(value), try expiresAt.map { SQLiteValue.integer(try $0.millis) } ?? .null])
        } else {
            try connection.query("DELETE FROM cursors WHERE name = ?", [.text(name)])
        }
    }

    func pruneCursors(expiredBy time: Date) throws -> Int {
        try checkOpen()
        try connection.query(
            "DELETE FROM cursors WHERE expires_at IS NOT NULL AND expires_at <= ?", [.integer(time.millis)])
        return connection.changes
    }
}
