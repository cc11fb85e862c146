import Foundation

/// Durable state behind one interface: plugin records, handled-message keys, scheduled jobs and channel
/// cursors. SQLite is the embedded default; a PostgreSQL store implements the same protocol.
///
/// All work happens in `transaction`, whose body runs synchronously and atomically: it either commits as a
/// whole or leaves no trace. Bodies must be short and must not block on anything but the store.
public protocol Store: Sendable {
    /// Runs `body` in one write transaction; a thrown error rolls it back and is rethrown.
    @discardableResult
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T
    /// Applies the not yet applied migrations of one namespace (a plugin), each in its own transaction,
    /// in version order, and returns the versions applied now.
    func migrate(namespace: String, migrations: [Migration]) async throws -> [Int]
    /// Closes the store; later calls fail.
    func close() async
}

/// The operations available inside a store transaction. Used by the runtime directly and by plugins
/// through `PluginTransaction`, which confines them to their own namespace.
public protocol StoreTransaction: AnyObject {
    // Plugin records: JSON documents under (namespace, collection, key).
    func record(namespace: String, collection: String, key: String) throws -> Data?
    func putRecord(namespace: String, collection: String, key: String, value: Data) throws
    @discardableResult func deleteRecord(namespace: String, collection: String, key: String) throws -> Bool
    /// Records whose key starts with `keyPrefix`, ordered by key.
    func records(namespace: String, collection: String, keyPrefix: String) throws -> [(key: String, value: Data)]

    // Delivery keys: recognising a message or job handled before.
    /// Records `key` as handled; false when it was already recorded.
    func recordHandled(_ key: String, at time: Date) throws -> Bool
    /// Forgets handled keys older than `time`; returns how many.
    @discardableResult func pruneHandled(before time: Date) throws -> Int

    // Scheduled jobs.
    /// Adds a pending job; a pending job of the same owner and key is replaced. Returns the new id.
    @discardableResult func insertJob(_ job: NewJob, at time: Date) throws -> Int64
    func job(id: Int64) throws -> ScheduledJob?
    /// Jobs of `owner` whose key starts with `keyPrefix`, in the given states, ordered by due time.
    func jobs(owner: String, keyPrefix: String, states: Set<JobState>) throws -> [ScheduledJob]
    /// Pending jobs due at or before `time`, earliest first.
    func dueJobs(at time: Date, limit: Int) throws -> [ScheduledJob]
    /// The due time of the earliest pending job.
    func nextDueTime() throws -> Date?
    /// Moves a pending job to `state`; false when the job is no longer pending.
    func finishJob(id: Int64, state: JobState, at time: Date, note: String?) throws -> Bool
    /// Moves a job from state `from` to `to`; false when it is not in `from`.
    func moveJob(id: Int64, from: JobState, to: JobState, at time: Date, note: String?) throws -> Bool
    /// Jobs in `state`, oldest due first (for the few `firing` jobs a crash can leave).
    func jobs(in state: JobState, limit: Int) throws -> [ScheduledJob]

    // Outbox: replies to platform channels, written with the handling and sent from here.
    /// Queues a message for `platform`; with a `key`, a second message of the same key is ignored (false).
    @discardableResult
    func enqueueOutgoing(_ message: OutgoingMessage, key: String?, at time: Date) throws -> Bool
    /// Pending messages of a platform, oldest first.
    func pendingOutgoing(platform: Platform, limit: Int) throws -> [QueuedMessage]
    /// Marks a queued message sent (or given up, with a note); it stays recorded so its key still counts.
    func finishOutgoing(id: Int64, sent: Bool, at time: Date, note: String?) throws
    /// Forgets sent and given-up messages older than `time`; returns how many.
    @discardableResult func pruneOutgoing(before time: Date) throws -> Int

    // Cursors: channel offsets, sync tokens and similar single values.
    func cursor(_ name: String) throws -> String?
    func setCursor(_ name: String, to value: String?) throws
}

/// A versioned change to a plugin's stored data, applied once, in order, at start-up.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var apply: @Sendable (PluginTransaction) throws -> Void

    public init(_ version: Int, _ name: String, apply: @escaping @Sendable (PluginTransaction) throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }
}

/// An error a store reports: what failed, and the underlying database message.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var message: String

    public init(_ operation: String, _ message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "store: \(operation) failed: \(message)" }
}

/// A message waiting in the outbox.
public struct QueuedMessage: Sendable, Hashable {
    public var id: Int64
    public var message: OutgoingMessage
    public var queuedAt: Date

    public init(id: Int64, message: OutgoingMessage, queuedAt: Date) {
        self.id = id
        self.message = message
        self.queuedAt = queuedAt
    }
}
