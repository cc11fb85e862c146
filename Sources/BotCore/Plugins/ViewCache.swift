import Synchronization

/// Answers a plugin computes once and keeps: views that depend only on its configuration and a few inputs
/// (a day's sessions in one zone, the search index of its links). A plugin holds one per loaded
/// configuration, so a reload, which builds the plugin anew, starts with an empty one.
///
/// Bounded: past `capacity` entries, values are computed for the caller and not kept, so inputs typed in chat
/// cannot grow the process's memory without end. Safe to share between tasks; two tasks missing the same key
/// at once may both compute it (the values are equal).
public final class ViewCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The most entries kept.
    public let capacity: Int
    private let entries = Mutex<[Key: Value]>([:])

    public init(capacity: Int) { self.capacity = capacity }

    /// The value kept for `key`, or `compute()`'s, which is kept while there is room.
    public func value(for key: Key, compute: () throws -> Value) rethrows -> Value {
        if let kept = entries.withLock({ $0[key] }) { return kept }
        let value = try compute()
        entries.withLock { entries in
            if entries.count < capacity, entries[key] == nil { entries[key] = value }
        }
        return value
    }

    /// How many values are kept.
    public var count: Int { entries.withLock { $0.count } }
}
