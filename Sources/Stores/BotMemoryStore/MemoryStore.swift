import BotCore
import Foundation

/// A store held in memory: the one `withTestBot` uses unless a test needs files or a restart, and a second,
/// independent implementation of every role of `StoreTransaction` that the conformance tests hold to the same
/// contract as `SQLiteStore`.
///
/// Atomicity: a transaction's body works on its own copy of the state (copy-on-write, so only what the body
/// changes is copied), which replaces the store's state when the body returns; a thrown error discards the
/// copy, leaving no trace. The actor runs one body at a time and a body never suspends, so transactions are
/// serial. Nothing survives the process.
public actor MemoryStore: Store {
    private var state = MemoryState()
    private var closed = false

    /// An empty store.
    public init() {}

    @discardableResult
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws
        -> T
    {
        try run(body)
    }

    /// Runs one body against a copy of the state and keeps the copy when the body returns.
    private func run<T>(_ body: (MemoryTransaction) throws -> T) throws -> T {
        guard !closed else { throw StoreError("transaction", "the store is closed") }
        let transaction = MemoryTransaction(state: state)
        defer { transaction.isOpen = false }
        let value = try body(transaction)
        state = transaction.state
        return value
    }

    public func migrate(namespace: String, migrations: [Migration]) async throws -> [Int] {
        let name = StoreKey(namespace)
        let done = state.migrations[name] ?? []
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !done.contains(migration.version) {
            let now = Date()
            try run { transaction in
                try migration.apply(PluginTransaction(transaction: transaction, namespace: namespace, now: now))
                // As a database's key on (namespace, version) would: a version listed twice is an error.
                guard transaction.state.migrations[name, default: []].insert(migration.version).inserted else {
                    throw StoreError("migrate \(namespace)", "version \(migration.version) is listed twice")
                }
            }
            applied.append(migration.version)
        }
        return applied
    }

    /// The migration versions applied for a namespace.
    public func appliedVersions(_ namespace: String) -> Set<Int> { state.migrations[StoreKey(namespace)] ?? [] }

    public func close() {
        closed = true
    }
}

/// Everything a `MemoryStore` holds: plain values, so copying it for a transaction is cheap until written.
struct MemoryState {
    struct Collection: Hashable {
        var namespace: StoreKey
        var collection: StoreKey
    }

    struct OutboxEntry {
        var key: StoreKey?
        var platform: StoreKey
        /// The message as JSON, as a database keeps it: what cannot be encoded is refused when queued.
        var payload: Data
        var sent: Bool?
        var queuedAt: Date
        var finishedAt: Date?
        var note: String?
    }

    struct ChannelValue {
        var value: String
        var expiresAt: Date?
    }

    var records: [Collection: [StoreKey: Data]] = [:]
    var handled: [StoreKey: Date] = [:]
    var jobs: [Int64: ScheduledJob] = [:]
    /// The last job id given out: ids are never reused, as with SQLite's AUTOINCREMENT.
    var lastJobID: Int64 = 0
    var outbox: [Int64: OutboxEntry] = [:]
    /// The outbox entry holding each key, until it is pruned.
    var outboxKeys: [StoreKey: Int64] = [:]
    var lastOutboxID: Int64 = 0
    var cursors: [StoreKey: ChannelValue] = [:]
    var migrations: [StoreKey: Set<Int>] = [:]
}
