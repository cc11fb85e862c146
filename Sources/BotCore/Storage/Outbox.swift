import Foundation

/// Replies to platform channels, written in the transaction of the handling that made them and sent from here.
///
/// Contract: a key is taken once (until the entry holding it is pruned), so a message handled again queues no
/// second reply; each platform's pending messages come back in the order they were queued; a finished entry
/// stays (its key still counts) until pruned.
public protocol Outbox: AnyObject {
    /// Queues a message for its chat's platform; with a `key`, a second message of the same key is ignored
    /// (false).
    @discardableResult
    func enqueueOutgoing(_ message: OutgoingMessage, key: String?, at time: Date) throws -> Bool
    /// Pending messages of a platform, oldest first, at most `limit`.
    func pendingOutgoing(platform: Platform, limit: Int) throws -> [QueuedMessage]
    /// Marks a pending message sent (or given up, with a note); nothing happens to one no longer pending.
    func finishOutgoing(id: Int64, sent: Bool, at time: Date, note: String?) throws
    /// Forgets sent and given-up messages finished before `time`; returns how many. Pending ones stay.
    @discardableResult func pruneOutgoing(before time: Date) throws -> Int
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
