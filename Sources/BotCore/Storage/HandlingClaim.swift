import Foundation
import Synchronization

/// Makes the handling of one message or one job take effect once, even when the platform delivers the
/// message again or the bot restarts half-way.
///
/// The first store transaction of a handling also records the claim (the message's delivery key, or the
/// job moving from pending to firing), atomically with the plugin's own changes. If the claim was already
/// recorded, the handling is a replay: its transactions still run, so the handler can compute its reply,
/// but they are rolled back, so nothing is applied twice. (A job moves on from firing to done in the
/// transaction that queues its messages: after a crash in between, it is run again as a replay at start-up,
/// which loses no message and applies nothing twice.)
public final class HandlingClaim: Sendable {
    /// What the claim records.
    public enum Kind: Sendable, Hashable {
        /// A message's delivery key, recorded in the handled-keys table.
        case message(key: String)
        /// A scheduled job, moved from pending to firing.
        case job(id: Int64)
    }

    /// Where the claim stands.
    public enum State: Sendable, Hashable {
        /// No transaction has recorded it yet.
        case open
        /// Recorded by this handling: its changes are applied.
        case claimed
        /// Found already recorded: this handling's changes are rolled back.
        case replay
    }

    public let kind: Kind
    private let state = Mutex<State>(.open)

    public init(_ kind: Kind) { self.kind = kind }

    /// The current state.
    public var current: State { state.withLock { $0 } }

    /// The delivery key the next transaction will record, while the claim is open and is a message's.
    var openMessageKey: String? {
        guard case .message(let key) = kind, current == .open else { return nil }
        return key
    }

    /// Inside a transaction: records the claim if still open and tells whether this transaction must be
    /// rolled back as a replay. The new state is only kept once the transaction commits (`settle`).
    func attempt(in transaction: any StoreTransaction, at time: Date) throws -> State {
        switch current {
        case .claimed: return .claimed
        case .replay: return .replay
        case .open:
            let fresh: Bool
            switch kind {
            case .message(let key): fresh = try transaction.recordHandled(key, at: time)
            case .job(let id): fresh = try transaction.moveJob(id: id, from: .pending, to: .firing, at: time, note: nil)
            }
            return fresh ? .claimed : .replay
        }
    }

    /// Keeps the state a committed (or replayed) transaction reached.
    func settle(_ newState: State) {
        state.withLock { if $0 == .open { $0 = newState } }
    }
}
