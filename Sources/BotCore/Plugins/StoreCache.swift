import Synchronization

/// Values a plugin reads from its store on nearly every command (a reader's time zone, the links changed in
/// chat), kept in memory so those commands need no store transaction.
///
/// The store stays the truth: a value is kept only as read from it, and the plugin calls `invalidate` after
/// every committed write that changes it (its own commands are the only writers of its records). A read that
/// was under way while any write was noted is answered but not kept, so a value read before a write is never
/// kept after it. A plugin holds one per loaded configuration, so a reload starts from the store again; since
/// a command of the configuration before a reload may still be writing, `invalidate` reaches every live cache
/// of the same `name` in the process (at worst a cache of another bot in the same process reads its store again).
/// Bounded: past `capacity` keys, values are read for the caller and not kept.
public final class StoreCache<Key: Hashable & Sendable, Value: Sendable>: Sendable, ForgettableCache {
    /// What the cached values are (`agenda.tz`): caches of one name see each other's invalidations.
    public let name: String
    /// The most keys kept.
    public let capacity: Int
    private struct State {
        var values: [Key: Value] = [:]
        /// Counts the writes noted, so a read can tell whether one came while it ran.
        var writes: UInt64 = 0
    }
    private let state = Mutex(State())

    public init(name: String, capacity: Int) {
        self.name = name
        self.capacity = capacity
        StoreCaches.register(self, name: name)
    }

    /// The value kept for `key`, else what `read` (a store read) gives, kept when no write was noted meanwhile.
    public func value(for key: Key, read: () async throws -> Value) async rethrows -> Value {
        let (kept, writes) = state.withLock { ($0.values[key], $0.writes) }
        if let kept { return kept }
        let value = try await read()
        state.withLock { state in
            if state.writes == writes, state.values.count < capacity || state.values[key] != nil {
                state.values[key] = value
            }
        }
        return value
    }

    /// Forgets `key` in every live cache of this name: call it after a committed write changed what the store
    /// holds for it.
    public func invalidate(_ key: Key) {
        for cache in StoreCaches.live(named: name) { (cache as? StoreCache<Key, Value>)?.forget(key) }
    }

    private func forget(_ key: Key) {
        state.withLock { state in
            state.values[key] = nil
            state.writes &+= 1
        }
    }

    /// How many keys are kept.
    public var count: Int { state.withLock { $0.values.count } }

    /// Forgets every key (another process may have written the store meanwhile).
    func forgetAll() {
        state.withLock { state in
            state.values.removeAll()
            state.writes &+= 1
        }
    }
}

/// A cache `StoreCaches.forgetAll` can empty whatever its types.
protocol ForgettableCache: AnyObject, Sendable {
    func forgetAll()
}

/// The live store caches of the process, by name, held weakly.
public enum StoreCaches {
    private struct Entry: Sendable {
        weak let cache: (any ForgettableCache)?
    }
    private static let caches = Mutex<[String: [Entry]]>([:])

    static func register(_ cache: any ForgettableCache, name: String) {
        caches.withLock { caches in
            var entries = caches[name, default: []].filter { $0.cache != nil }
            entries.append(Entry(cache: cache))
            caches[name] = entries
        }
    }

    static func live(named name: String) -> [any ForgettableCache] {
        caches.withLock { $0[name, default: []].compactMap(\.cache) }
    }

    /// Empties every live cache of the process: when this instance takes over from another one that served the
    /// same store meanwhile, nothing it kept may be trusted.
    public static func forgetAll() {
        for cache in caches.withLock({ $0.values.flatMap { $0.compactMap(\.cache) } }) { cache.forgetAll() }
    }
}
