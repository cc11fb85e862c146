import Synchronization

/// A channel's memory of the progress messages it sent (`OutgoingMessage.showsProgress`): progress key →
/// the platform's id of the message, so the answer that replaces it (`replacesProgress`) can edit it.
///
/// In memory only, and bounded: after a restart, or once `capacity` later progress messages pushed an entry
/// out (oldest first), the answer is sent as a new message instead. A progress message is best-effort; the
/// answer is not.
public final class ProgressMessages: Sendable {
    private struct State {
        var ids: [String: String] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())
    /// The most progress messages remembered at once.
    public let capacity: Int

    public init(capacity: Int = 256) { self.capacity = max(1, capacity) }

    /// Remembers that the progress message shown under `key` is the platform's message `id`.
    public func remember(_ id: String, for key: String) {
        state.withLock { state in
            if state.ids.updateValue(id, forKey: key) == nil { state.order.append(key) }
            while state.order.count > capacity {
                state.ids[state.order.removeFirst()] = nil
            }
        }
    }

    /// The platform's id of the progress message shown under `key`, if it is still remembered.
    public func id(for key: String) -> String? { state.withLock { $0.ids[key] } }

    /// Forgets `key` once its progress message has been replaced by the answer.
    public func forget(_ key: String) {
        state.withLock { state in
            guard state.ids.removeValue(forKey: key) != nil else { return }
            state.order.removeAll { $0 == key }
        }
    }
}
