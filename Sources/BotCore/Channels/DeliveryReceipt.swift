import Synchronization

/// Tells a channel when the runtime has finished with a message it delivered: the handler's changes are
/// committed and its replies are sent, or durably queued for a channel with an outbox. A channel that must
/// confirm messages to its platform (an update offset, a sync token) waits for the receipts
/// of a batch before it moves on; the console ignores them.
public final class DeliveryReceipt: Sendable {
    private struct State {
        var handled = false
        var failed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Marks the message handled and wakes everyone waiting. Later calls do nothing.
    public func markHandled() { finish(failed: false) }

    /// Marks the message as not handled (its reply could not be queued): waiters return false, and the channel
    /// should deliver it again.
    public func markFailed() { finish(failed: true) }

    private func finish(failed: Bool) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.handled, !state.failed else { return [] }
            if failed { state.failed = true } else { state.handled = true }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Whether the runtime is done with the message.
    public var isHandled: Bool { state.withLock { $0.handled } }

    /// Returns once the message is handled (true), or failed or the waiting task is cancelled (false).
    @discardableResult
    public func handled() async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.handled || state.failed || Task.isCancelled { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        return isHandled
    }
}
