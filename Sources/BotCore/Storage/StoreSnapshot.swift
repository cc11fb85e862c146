import Foundation

/// A store's whole state, row by row, as its tables hold it: what `workshop-bot store copy` reads from one store
/// and writes into an empty one of another kind (SQLite to PostgreSQL).
///
/// The store roles cannot list everything (handled keys, or every collection of every namespace, are only
/// reached by key), so a copy goes below them, table by table: the stores' schemas hold the same tables with the
/// same columns, and times are milliseconds since 1970 in both (`StoredTime`). Ids are kept, and so is the next
/// id each numbered table would give, so a job's claim and the outbox's order mean the same after the copy.
/// The store's own schema versions are not part of it (each store has its own); the plugins' migration
/// versions are, so no plugin migration runs twice.
///
/// A store that finds a table or column this version does not know how to copy refuses to take a snapshot
/// (`uncopied`): it is an error, never silently left behind.
public struct StoreSnapshot: Sendable, Hashable {
    /// The tables a snapshot covers and their columns, as both stores name them.
    public static let columns: [String: Set<String>] = [
        "records": ["namespace", "collection", "key", "value", "updated_at"],
        "handled": ["key", "handled_at"],
        "jobs": [
            "id", "owner", "kind", "key", "due_at", "chat", "payload", "grace_ms", "state", "created_at", "finished_at",
            "note",
        ],
        "outbox": ["id", "key", "platform", "chat", "payload", "state", "queued_at", "finished_at", "note"],
        "cursors": ["name", "value", "expires_at"],
        "schema_migrations": ["namespace", "version", "name", "applied_at"],
    ]

    /// The tables a snapshot covers.
    public static var tables: Set<String> { Set(columns.keys) }

    /// Tables (`name`) and columns (`table.column`) that hold only what running instances coordinate among
    /// themselves, which a copy leaves behind on purpose: its target starts with its own. `records_version`:
    /// the PostgreSQL store's token of the last change to the records, which its record cache checks.
    public static let leftBehind: Set<String> = ["records_version"]

    /// What a store with these tables and columns holds that a snapshot would not carry over: a table or column
    /// neither copied nor left behind on purpose. A store refuses to take a snapshot while there is any.
    public static func uncopied(_ schema: [String: [String]]) -> [String] {
        var found: [String] = []
        for (table, names) in schema.sorted(by: { $0.key < $1.key }) where !leftBehind.contains(table) {
            guard let known = columns[table] else {
                found.append("table \(table)")
                continue
            }
            for column in names.sorted() where !known.contains(column) && !leftBehind.contains("\(table).\(column)") {
                found.append("column \(table).\(column)")
            }
        }
        return found
    }

    /// A plugin record (`records`).
    public struct Record: Sendable, Hashable {
        public var namespace: String
        public var collection: String
        public var key: String
        public var value: Data
        public var updatedAt: Int64

        public init(namespace: String, collection: String, key: String, value: Data, updatedAt: Int64) {
            self.namespace = namespace
            self.collection = collection
            self.key = key
            self.value = value
            self.updatedAt = updatedAt
        }
    }

    /// A handled message's delivery key (`handled`).
    public struct Handled: Sendable, Hashable {
        public var key: String
        public var handledAt: Int64

        public init(key: String, handledAt: Int64) {
            self.key = key
            self.handledAt = handledAt
        }
    }

    /// A scheduled job in any state (`jobs`).
    public struct Job: Sendable, Hashable {
        public var id: Int64
        public var owner: String
        public var kind: String
        public var key: String?
        public var dueAt: Int64
        public var chat: String?
        public var payload: Data
        public var graceMillis: Int64?
        public var state: String
        public var createdAt: Int64
        public var finishedAt: Int64?
        public var note: String?

        public init(
            id: Int64, owner: String, kind: String, key: String?, dueAt: Int64, chat: String?, payload: Data,
            graceMillis: Int64?, state: String, createdAt: Int64, finishedAt: Int64?, note: String?
        ) {
            self.id = id
            self.owner = owner
            self.kind = kind
            self.key = key
            self.dueAt = dueAt
            self.chat = chat
            self.payload = payload
            self.graceMillis = graceMillis
            self.state = state
            self.createdAt = createdAt
            self.finishedAt = finishedAt
            self.note = note
        }
    }

    /// A queued, sent or given-up reply (`outbox`).
    public struct Outgoing: Sendable, Hashable {
        public var id: Int64
        public var key: String?
        public var platform: String
        public var chat: String
        public var payload: Data
        public var state: String
        public var queuedAt: Int64
        public var finishedAt: Int64?
        public var note: String?

        public init(
            id: Int64, key: String?, platform: String, chat: String, payload: Data, state: String, queuedAt: Int64,
            finishedAt: Int64?, note: String?
        ) {
            self.id = id
            self.key = key
            self.platform = platform
            self.chat = chat
            self.payload = payload
            self.state = state
            self.queuedAt = queuedAt
            self.finishedAt = finishedAt
            self.note = note
        }
    }

    /// A channel's named value: a cursor or state kept for a while (`cursors`).
    public struct ChannelValue: Sendable, Hashable {
        public var name: String
        public var value: String
        public var expiresAt: Int64?

        public init(name: String, value: String, expiresAt: Int64?) {
            self.name = name
            self.value = value
            self.expiresAt = expiresAt
        }
    }

    /// A plugin migration already applied (`schema_migrations`, every namespace but the store's own).
    public struct AppliedMigration: Sendable, Hashable {
        public var namespace: String
        public var version: Int64
        public var name: String
        public var appliedAt: Int64

        public init(namespace: String, version: Int64, name: String, appliedAt: Int64) {
            self.namespace = namespace
            self.version = version
            self.name = name
            self.appliedAt = appliedAt
        }
    }

    /// The namespace of the store's own schema versions in `schema_migrations`, which a snapshot leaves out.
    public static let storeNamespace = "store"

    public var records: [Record] = []
    public var handled: [Handled] = []
    public var jobs: [Job] = []
    public var outbox: [Outgoing] = []
    public var channelValues: [ChannelValue] = []
    public var migrations: [AppliedMigration] = []
    /// The id the next job gets: above every job id the source ever gave, removed ones included.
    public var nextJobID: Int64 = 1
    /// The id the next queued reply gets: above every outbox id the source ever gave.
    public var nextOutgoingID: Int64 = 1

    public init() {}

    /// Whether there is nothing to copy.
    public var isEmpty: Bool {
        records.isEmpty && handled.isEmpty && jobs.isEmpty && outbox.isEmpty && channelValues.isEmpty
            && migrations.isEmpty
    }

    /// One line saying how much there is: "12 records, 40 handled keys, 9 jobs (3 pending), ...".
    public var summary: String {
        let pendingJobs = jobs.filter { $0.state == "pending" }.count
        let pendingReplies = outbox.filter { $0.state == "pending" }.count
        return "\(records.count) plugin records, \(handled.count) handled message keys, "
            + "\(jobs.count) jobs (\(pendingJobs) pending), \(outbox.count) outbox entries (\(pendingReplies) pending), "
            + "\(channelValues.count) channel values, \(migrations.count) plugin migrations"
    }

    /// Puts the rows in one order (by their keys' UTF-8 bytes, as the stores order keys), so two snapshots of
    /// the same state compare equal.
    public func sorted() -> StoreSnapshot {
        var copy = self
        copy.records.sort {
            Self.precedes([$0.namespace, $0.collection, $0.key], [$1.namespace, $1.collection, $1.key])
        }
        copy.handled.sort { Self.precedes([$0.key], [$1.key]) }
        copy.jobs.sort { $0.id < $1.id }
        copy.outbox.sort { $0.id < $1.id }
        copy.channelValues.sort { Self.precedes([$0.name], [$1.name]) }
        copy.migrations.sort {
            $0.namespace.utf8.elementsEqual($1.namespace.utf8)
                ? $0.version < $1.version : Self.precedes([$0.namespace], [$1.namespace])
        }
        return copy
    }

    /// The id after `last` (at least 1); a `StoreError`, never a trap, when `last` is the largest id there is.
    public static func nextID(after last: Int64, of table: String) throws -> Int64 {
        let (next, overflow) = max(last, 0).addingReportingOverflow(1)
        guard !overflow else { throw StoreError("read the store's contents", "the ids of \(table) are exhausted") }
        return next
    }

    /// Whether `left` comes before `right`, comparing part by part as UTF-8 bytes.
    private static func precedes(_ left: [String], _ right: [String]) -> Bool {
        for (a, b) in zip(left, right) where !a.utf8.elementsEqual(b.utf8) {
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        return left.count < right.count
    }
}
