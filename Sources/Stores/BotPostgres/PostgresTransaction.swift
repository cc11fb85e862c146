import BotCore
import Foundation

/// The operations of one open PostgreSQL transaction; invalid once the transaction ends, and spoiled (every
/// later operation fails, and the transaction rolls back) once a statement in it failed.
final class PostgresTransaction: StoreTransaction {
    let connection: PostgresConnection
    var isOpen = true
    /// The first failed statement's error: PostgreSQL refuses every later statement of the transaction.
    private(set) var failure: StoreError?

    /// The records this store knows, when the transaction runs in a group (`RecordCache`).
    let cache: RecordCache?
    /// The delivery keys looked up for the group, when the transaction runs in one.
    let handled: HandledLookAhead?

    init(connection: PostgresConnection, cache: RecordCache? = nil, handled: HandledLookAhead? = nil) {
        self.connection = connection
        self.cache = cache
        self.handled = handled
    }

    /// After a round trip: the records' version, when it came with it, tells the cache whether it is current.
    private func absorbVersion() {
        guard let cache, !cache.checked, let read = connection.kept.first else { return }
        cache.check(version: PostgresStore.version(in: read))
    }

    /// Runs one statement of the transaction.
    @discardableResult
    func run(_ sql: String, _ values: [PostgresValue] = []) throws -> PostgresResult {
        try checkUsable()
        do {
            let result = try connection.query(sql, values)
            absorbVersion()
            return result
        } catch let failed as PostgresFailure {
            let error = failed.storeError("query")
            failure = error
            throw error
        } catch let error as StoreError {
            // Refused before it reached the server (a NUL in a text): the transaction is still sound.
            throw error
        }
    }

    /// Queues one statement whose result the operation does not need: it reaches the server with the
    /// transaction's next statement that needs an answer, or with its `COMMIT`, in the same round trip. A failure
    /// it meets is reported there, and spoils the transaction as any failed statement does.
    /// Throws once the transaction ended or a statement of it failed (an answer from memory too).
    private func checkUsable() throws {
        guard isOpen else { throw StoreError("transaction", "used after the transaction ended") }
        if let failure {
            throw StoreError(
                "transaction", "an earlier statement of this transaction failed, so it can only roll back: \(failure)")
        }
    }

    func queue(_ sql: String, _ values: [PostgresValue] = []) throws {
        try checkUsable()
        do {
            try connection.send(sql, values)
        } catch let failed as PostgresFailure {
            let error = failed.storeError("query")
            failure = error
            throw error
        }
    }

    private func text(_ value: String?) -> PostgresValue { value.map(PostgresValue.text) ?? .null }
    private func millis(_ date: Date) throws -> PostgresValue { .integer(try StoredTime.millis(date)) }

    // MARK: Records

    func record(namespace: String, collection: String, key: String) throws -> Data? {
        let cached = RecordCache.Key(namespace: namespace, collection: collection, key: key)
        try checkUsable()
        if let known = cache?.value(cached) { return known }
        let result = try run(
            "SELECT value FROM records WHERE namespace = $1 AND collection = $2 AND key = $3",
            [.text(namespace), .text(collection), .text(key)])
        let value = result.rowCount == 0 ? nil : try result.data(0, 0)
        cache?.read(cached, value)
        return value
    }

    func putRecord(namespace: String, collection: String, key: String, value: Data) throws {
        try queue(
            """
            INSERT INTO records(namespace, collection, key, value, updated_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (namespace, collection, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """,
            [.text(namespace), .text(collection), .text(key), .bytes(value), try millis(Date())])
        cache?.wrote(RecordCache.Key(namespace: namespace, collection: collection, key: key), value)
    }

    func deleteRecord(namespace: String, collection: String, key: String) throws -> Bool {
        let deleted =
            try run(
                "DELETE FROM records WHERE namespace = $1 AND collection = $2 AND key = $3",
                [.text(namespace), .text(collection), .text(key)]
            ).changedRows > 0
        cache?.wrote(RecordCache.Key(namespace: namespace, collection: collection, key: key), nil)
        return deleted
    }

    func records(namespace: String, collection: String, keyPrefix: String) throws -> [(key: String, value: Data)] {
        // starts_with, not LIKE: `%` and `_` stay literal; in the "C" collation PostgreSQL turns it into a range
        // of the primary key, and the range compares bytes.
        let result = try run(
            """
            SELECT key, value FROM records
            WHERE namespace = $1 AND collection = $2 AND key >= $3 AND starts_with(key, $3) ORDER BY key
            """,
            [.text(namespace), .text(collection), .text(keyPrefix)])
        return try (0..<result.rowCount).map { (key: try result.requiredText($0, 0), value: try result.data($0, 1)) }
    }

    // MARK: Handled keys

    func recordHandled(_ key: String, at time: Date) throws -> Bool {
        try checkUsable()
        if let fresh = handled?.isFresh(key) {
            // Looked up for the group: the answer is known, and only a new key needs its row.
            guard fresh else { return false }
            try queue("INSERT INTO handled(key, handled_at) VALUES ($1, $2)", [.text(key), try millis(time)])
            handled?.record(key)
            return true
        }
        return try run(
            "INSERT INTO handled(key, handled_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            [.text(key), try millis(time)]
        ).changedRows > 0
    }

    func pruneHandled(before time: Date) throws -> Int {
        try run("DELETE FROM handled WHERE handled_at < $1", [try millis(time)]).changedRows
    }

    // MARK: Jobs

    private static let jobColumns =
        "id, owner, kind, key, due_at, chat, payload, grace_ms, state, created_at, finished_at, note"

    func insertJob(_ job: NewJob, at time: Date) throws -> Int64 {
        let now = try millis(time)
        let values: [PostgresValue] = [
            .text(job.owner), .text(job.kind), text(job.key), try millis(job.dueAt), text(job.chat?.description),
            .bytes(job.payload), try job.grace.map { PostgresValue.integer(try StoredTime.graceMillis($0)) } ?? .null,
            now,
        ]
        if let key = job.key {
            try queue(
                """
                UPDATE jobs SET state = 'cancelled', finished_at = $1, note = 'replaced'
                WHERE owner = $2 AND key = $3 AND state = 'pending'
                """,
                [now, .text(job.owner), .text(key)])
        }
        let result = try run(
            """
            INSERT INTO jobs(owner, kind, key, due_at, chat, payload, grace_ms, state, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) RETURNING id
            """,
            values)
        guard result.rowCount == 1 else { throw StoreError("schedule a job", "the server returned no id") }
        return try result.int(0, 0)
    }

    func jobs(_ query: JobQuery) throws -> [ScheduledJob] {
        guard isOpen else { throw StoreError("transaction", "used after the transaction ended") }
        guard !query.states.isEmpty else { return [] }
        var conditions: [String] = []
        var values: [PostgresValue] = []
        func placeholder(_ value: PostgresValue) -> String {
            values.append(value)
            return "$\(values.count)"
        }
        if let id = query.id { conditions.append("id = \(placeholder(.integer(id)))") }
        if let owner = query.owner { conditions.append("owner = \(placeholder(.text(owner)))") }
        if !query.keyPrefix.isEmpty {
            let prefix = placeholder(.text(query.keyPrefix))
            conditions.append("key >= \(prefix) AND starts_with(key, \(prefix))")
        }
        if query.states != Set(JobState.allCases) {
            let names = query.states.map(\.rawValue).sorted()
            conditions.append(
                names.count == 1
                    ? "state = \(placeholder(.text(names[0])))" : "state = ANY(\(placeholder(.textArray(names))))")
        }
        if let dueBy = query.dueBy { conditions.append("due_at <= \(placeholder(try millis(dueBy)))") }
        var sql = "SELECT \(Self.jobColumns) FROM jobs"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY due_at, id"
        if let limit = query.limit { sql += " LIMIT \(placeholder(.integer(Int64(max(0, limit)))))" }
        let result = try run(sql, values)
        return try (0..<result.rowCount).map { try Self.job(result, $0) }
    }

    func moveJob(id: Int64, from: JobState, to: JobState, at time: Date, note: String?) throws -> Bool {
        try run(
            "UPDATE jobs SET state = $1, finished_at = $2, note = $3 WHERE id = $4 AND state = $5",
            [.text(to.rawValue), try millis(time), text(note), .integer(id), .text(from.rawValue)]
        ).changedRows > 0
    }

    private static func job(_ result: PostgresResult, _ row: Int) throws -> ScheduledJob {
        let stateName = try result.requiredText(row, 8)
        guard let state = JobState(rawValue: stateName) else {
            throw StoreError("read job", "unknown state \(stateName)")
        }
        return ScheduledJob(
            id: try result.int(row, 0), owner: try result.requiredText(row, 1), kind: try result.requiredText(row, 2),
            key: try result.text(row, 3), dueAt: StoredTime.date(millis: try result.int(row, 4)),
            chat: try result.text(row, 5).flatMap(ChatRef.init(parsing:)), payload: try result.data(row, 6),
            grace: try result.optionalInt(row, 7).map { Double($0) / 1000 }, state: state,
            createdAt: StoredTime.date(millis: try result.int(row, 9)),
            finishedAt: try result.optionalInt(row, 10).map(StoredTime.date(millis:)), note: try result.text(row, 11))
    }

    // MARK: Outbox

    func enqueueOutgoing(_ message: OutgoingMessage, key: String?, at time: Date) throws -> Bool {
        let queuedAt = try millis(time)
        let payload = OutboxPayload.encode(message)
        return try run(
            """
            INSERT INTO outbox(key, platform, chat, payload, state, queued_at) VALUES ($1, $2, $3, $4, 'pending', $5)
            ON CONFLICT (key) DO NOTHING
            """,
            [
                text(key), .text(message.chat.platform.rawValue), .text(message.chat.description), .bytes(payload),
                queuedAt,
            ]
        ).changedRows > 0
    }

    func pendingOutgoing(platform: Platform, limit: Int) throws -> [QueuedMessage] {
        let result = try run(
            "SELECT id, payload, queued_at FROM outbox WHERE platform = $1 AND state = 'pending' ORDER BY id LIMIT $2",
            [.text(platform.rawValue), .integer(Int64(max(0, limit)))])
        return try (0..<result.rowCount).map { row in
            QueuedMessage(
                id: try result.int(row, 0),
                message: try OutboxPayload.decode(try result.data(row, 1)),
                queuedAt: StoredTime.date(millis: try result.int(row, 2)))
        }
    }

    func finishOutgoing(id: Int64, sent: Bool, at time: Date, note: String?) throws {
        try queue(
            "UPDATE outbox SET state = $1, finished_at = $2, note = $3 WHERE id = $4 AND state = 'pending'",
            [.text(sent ? "sent" : "dropped"), try millis(time), text(note), .integer(id)])
    }

    func pruneOutgoing(before time: Date) throws -> Int {
        try run("DELETE FROM outbox WHERE state <> 'pending' AND finished_at < $1", [try millis(time)]).changedRows
    }

    // MARK: Channel state

    func cursor(_ name: String) throws -> String? {
        let result = try run("SELECT value FROM cursors WHERE name = $1", [.text(name)])
        return result.rowCount == 0 ? nil : try result.text(0, 0)
    }

    func setCursor(_ name: String, to value: String?, expiresAt: Date?) throws {
        if let value {
            try queue(
                """
                INSERT INTO cursors(name, value, expires_at) VALUES ($1, $2, $3)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                """,
                [.text(name), .text(value), try expiresAt.map { try millis($0) } ?? .null])
        } else {
            try queue("DELETE FROM cursors WHERE name = $1", [.text(name)])
        }
    }

    func pruneCursors(expiredBy time: Date) throws -> Int {
        try run("DELETE FROM cursors WHERE expires_at IS NOT NULL AND expires_at <= $1", [try millis(time)]).changedRows
    }
}
