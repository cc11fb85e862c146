import Foundation

/// Durable state behind one interface. SQLite is the embedded default and `MemoryStore` the in-memory one for
/// tests; a PostgreSQL store implements the same protocol.
///
/// All work happens in `transaction`, whose body runs synchronously and atomically: it either commits as a
/// whole or leaves no trace. Bodies must be short and must not block on anything but the store.
public protocol Store: Sendable {
    /// Runs `body` in one write transaction; a thrown error rolls it back and is rethrown.
    @discardableResult
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T
    /// Runs `body` as `transaction(_:)` does, for a body that records the delivery key `handledKey` before
    /// anything else (`recordHandled`, a handling's claim): a store for which each question to its server is a
    /// round trip may look the key up ahead, with others. Stores without such a cost need not implement it.
    @discardableResult
    func transaction<T: Sendable>(
        recordingHandled handledKey: String?, _ body: @escaping @Sendable (any StoreTransaction) throws -> T
    ) async throws -> T
    /// Applies the not yet applied migrations of one namespace (a plugin), each in its own transaction,
    /// in version order, and returns the versions applied now.
    func migrate(namespace: String, migrations: [Migration]) async throws -> [Int]
    /// Closes the store; later calls fail.
    func close() async
}

extension Store {
    @discardableResult
    public func transaction<T: Sendable>(
        recordingHandled handledKey: String?, _ body: @escaping @Sendable (any StoreTransaction) throws -> T
    ) async throws -> T {
        try await transaction(body)
    }
}

/// The operations available inside a store transaction: the five roles a store plays, each with its own
/// contract, so a store implements (and the conformance tests check) one small role at a time.
///
/// Used by the runtime directly and by plugins through `PluginTransaction`, which confines them to their own
/// namespace. A transaction object is valid only inside its body; used later, every operation throws.
///
/// Keys, names and prefixes compare as their UTF-8 bytes in every role: two canonically equivalent spellings
/// (`é` and `e` + U+0301) are two keys, and "ordered by key" means byte order. Times are kept to the
/// millisecond within `StoredTime.storableSeconds`; any other time is a `StoreError`.
public protocol StoreTransaction: RecordStore, DeliveryLog, JobQueue, Outbox, ChannelStateStore {}

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
