import BotCore
import Synchronization

/// An unbounded first-in first-out queue of deliveries with one reader: the runtime's input (every channel
/// writes, the lane router reads) and each chat's lane (the router writes, the lane's task reads).
///
/// It does what `AsyncStream<Delivery>` did here, at a fraction of the cost: the standard library's stream is
/// generic code that is not specialised across the module boundary, so each `yield` and `next` looked up the
/// metadata of its buffer and tuple types at run time (about a fifth of the CPU of a `/ping` in the
/// in-process benchmark, three streams per message). This one is concrete.
///
/// Semantics, as the stream's: what was written before `finish()` is still read; after the buffer is empty a
/// finished queue, or a cancelled reader, reads nil; writes after `finish()` are dropped.
final class DeliveryQueue: AsyncSequence, Sendable {
    typealias Element = Dispatcher.Delivery

    private struct State {
        /// Read from `head`; slots before it are nil (released) until the array is compacted.
        var items: [Element?] = []
        var head = 0
        var finished = false
        /// The reader waiting for the next delivery, when the buffer is empty.
        var waiter: UnsafeContinuation<Element?, Never>?

        mutating func popFirst() -> Element? {
            guard head < items.count else { return nil }
            let item = items[head]
            items[head] = nil
            head += 1
            if head == items.count {
                items.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 32, head * 2 >= items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    private let state = Mutex(State())

    /// Queues `delivery` for the reader, or hands it straight to a waiting one. Dropped after `finish()`.
    func yield(_ delivery: Element) {
        let waiter = state.withLock { state -> UnsafeContinuation<Element?, Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.items.append(delivery)
            return nil
        }
        waiter?.resume(returning: delivery)
    }

    /// Ends the queue: the reader gets what is buffered, then nil.
    func finish() {
        let waiter = state.withLock { state -> UnsafeContinuation<Element?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The next delivery; nil once the queue is finished and empty, or when the reading task is cancelled
    /// while the buffer is empty. One reader at a time.
    func next() async -> Element? {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Element?, Never>) in
                let outcome = state.withLock { state -> Element?? in
                    if let item = state.popFirst() { return .some(item) }
                    // Task cancellation is flagged before the handler below runs, and both run under the lock,
                    // so either this sees the flag or the handler sees the stored waiter.
                    if state.finished || Task.isCancelled { return .some(nil) }
                    assert(state.waiter == nil, "a DeliveryQueue has one reader")
                    state.waiter = continuation
                    return nil
                }
                if let outcome { continuation.resume(returning: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> UnsafeContinuation<Element?, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Whether a reader is waiting for a delivery (for tests).
    var hasWaitingReader: Bool { state.withLock { $0.waiter != nil } }

    struct AsyncIterator: AsyncIteratorProtocol {
        let queue: DeliveryQueue
        mutating func next() async -> Element? { await queue.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(queue: self) }
}
