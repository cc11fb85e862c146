import Foundation
import Synchronization

/// A plugin's view of the store: its own namespace of records, and its own scheduled jobs.
///
/// Each `transaction` is atomic. During a command or job, the runtime attaches a `HandlingClaim`, so that
/// the plugin's changes and the "handled" mark commit together (see `HandlingClaim`).
public struct PluginStorage: Sendable {
    /// The plugin's name, which namespaces its records and owns its jobs.
    public let namespace: String
    let store: any Store
    let clock: any BotClock
    let claim: HandlingClaim?
    let jobsChanged: @Sendable () -> Void

    /// - Parameter jobsChanged: called after a commit that scheduled or cancelled jobs (wakes the scheduler).
    public init(
        namespace: String, store: any Store, clock: any BotClock, claim: HandlingClaim? = nil,
        jobsChanged: @escaping @Sendable () -> Void = {}
    ) {
        self.namespace = namespace
        self.store = store
        self.clock = clock
        self.claim = claim
        self.jobsChanged = jobsChanged
    }

    /// The same storage with a claim attached.
    public func claiming(_ claim: HandlingClaim?) -> PluginStorage {
        PluginStorage(namespace: namespace, store: store, clock: clock, claim: claim, jobsChanged: jobsChanged)
    }

    /// Runs `body` atomically. Read, decide and write inside one body so concurrent commands cannot interleave.
    @discardableResult
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PluginTransaction) throws -> T) async throws -> T
    {
        let now = clock.now()
        let namespace = self.namespace
        let claim = self.claim
        do {
            let (value, state, scheduled) = try await store.transaction(recordingHandled: claim?.openMessageKey) {
                tx -> (T, HandlingClaim.State, Bool) in
                let state = try claim?.attempt(in: tx, at: now) ?? .claimed
                let pluginTransaction = PluginTransaction(transaction: tx, namespace: namespace, now: now)
                let value = try body(pluginTransaction)
                if state == .replay { throw Replayed(value: value) }
                return (value, state, pluginTransaction.notes.jobsChanged)
            }
            claim?.settle(state)
            if scheduled { jobsChanged() }
            return value
        } catch let replayed as Replayed<T> {
            claim?.settle(.replay)
            return replayed.value
        }
    }

    /// Carries a replayed transaction's result out of the rolled-back transaction.
    private struct Replayed<T: Sendable>: Error { var value: T }
}

/// The operations a plugin may do inside its transaction, confined to its namespace.
/// Values are stored as JSON, so any `Codable` type can be kept and a store needs no plugin schema.
public struct PluginTransaction {
    let transaction: any StoreTransaction
    /// The plugin's namespace.
    public let namespace: String
    /// The clock's time when the transaction started.
    public let now: Date
    let notes = Notes()

    final class Notes {
        var jobsChanged = false
    }

    public init(transaction: any StoreTransaction, namespace: String, now: Date) {
        self.transaction = transaction
        self.namespace = namespace
        self.now = now
    }

    /// The value stored under `key` in `collection`, if any.
    public func get<V: Decodable>(_ type: V.Type, _ collection: String, _ key: String) throws -> V? {
        guard let data = try transaction.record(namespace: namespace, collection: collection, key: key) else {
            return nil
        }
        return try JSONDecoder().decode(type, from: data)
    }

    /// The value stored under `key` in `collection`, if any; a record read before with the same bytes (a poll
    /// read by every vote) is not decoded again (see `DecodedRecords`).
    public func get<V: Decodable & Sendable>(_ type: V.Type, _ collection: String, _ key: String) throws -> V? {
        guard let data = try transaction.record(namespace: namespace, collection: collection, key: key) else {
            return nil
        }
        let memoKey = DecodedRecords.Key(
            namespace: namespace, collection: collection, key: key, type: ObjectIdentifier(type))
        if let value: V = DecodedRecords.value(for: memoKey, decodedFrom: data) { return value }
        let value = try JSONDecoder().decode(type, from: data)
        DecodedRecords.keep(value, for: memoKey, decodedFrom: data)
        return value
    }

    /// Stores `value` under `key` in `collection`, replacing what was there.
    public func put<V: Encodable>(_ value: V, _ collection: String, _ key: String) throws {
        let data = try JSONEncoder().encode(value)
        try transaction.putRecord(namespace: namespace, collection: collection, key: key, value: data)
    }

    /// Stores `value` under `key` in `collection`, written directly (see `DirectJSON`).
    public func put<V: DirectJSON>(_ value: V, _ collection: String, _ key: String) throws {
        try transaction.putRecord(namespace: namespace, collection: collection, key: key, value: value.directJSON())
    }

    /// Removes `key` from `collection`; false when it was not there.
    @discardableResult
    public func delete(_ collection: String, _ key: String) throws -> Bool {
        try transaction.deleteRecord(namespace: namespace, collection: collection, key: key)
    }

    /// All values in `collection` whose key starts with `prefix`, ordered by key.
    public func all<V: Decodable>(_ type: V.Type, _ collection: String, prefix: String = "") throws
        -> [(key: String, value: V)]
    {
        let decoder = JSONDecoder()
        return try transaction.records(namespace: namespace, collection: collection, keyPrefix: prefix).map {
            (key: $0.key, value: try decoder.decode(type, from: $0.value))
        }
    }

    /// Schedules a job of this plugin; `key` makes rescheduling replace the pending job of the same key.
    @discardableResult
    public func schedule<P: Encodable>(
        _ kind: String, at dueAt: Date, key: String? = nil, chat: ChatRef? = nil, payload: P,
        grace: TimeInterval? = nil
    ) throws -> Int64 {
        let data = try JSONEncoder().encode(payload)
        notes.jobsChanged = true
        return try transaction.insertJob(
            NewJob(owner: namespace, kind: kind, key: key, dueAt: dueAt, chat: chat, payload: data, grace: grace),
            at: now)
    }

    /// Cancels this plugin's pending jobs whose key starts with `keyPrefix`; returns how many.
    @discardableResult
    public func cancelJobs(keyPrefix: String) throws -> Int {
        var count = 0
        for job in try transaction.jobs(owner: namespace, keyPrefix: keyPrefix, states: [.pending])
        where try transaction.moveJob(id: job.id, from: .pending, to: .cancelled, at: now, note: "cancelled") {
            count += 1
        }
        if count > 0 { notes.jobsChanged = true }
        return count
    }

    /// This plugin's jobs whose key starts with `keyPrefix`, in the given states.
    public func jobs(keyPrefix: String = "", states: Set<JobState> = [.pending]) throws -> [ScheduledJob] {
        try transaction.jobs(owner: namespace, keyPrefix: keyPrefix, states: states)
    }
}

/// Values decoded from records, each with the bytes it was decoded from, so a record read again unchanged is
/// not decoded again. The store stays the truth: a value is only returned for the very bytes the store gave
/// (compared in full), so a write, a rollback or another store in the same process can never yield a stale or
/// foreign value; decoding is deterministic, so equal bytes decode to an equal value. Bounded: past
/// `capacity` entries it starts again.
enum DecodedRecords {
    struct Key: Hashable, Sendable {
        var namespace: String
        var collection: String
        var key: String
        var type: ObjectIdentifier
    }

    static let capacity = 256
    private static let memo = Mutex<[Key: (data: Data, value: any Sendable)]>([:])

    static func value<V: Sendable>(for key: Key, decodedFrom data: Data) -> V? {
        memo.withLock { memo in
            guard let kept = memo[key], kept.data == data else { return nil }
            return kept.value as? V
        }
    }

    static func keep<V: Sendable>(_ value: V, for key: Key, decodedFrom data: Data) {
        memo.withLock { memo in
            if memo.count >= capacity { memo.removeAll(keepingCapacity: true) }
            memo[key] = (data, value)
        }
    }
}
