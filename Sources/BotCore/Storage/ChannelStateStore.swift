import Foundation

/// Channels' single named values: cursors (an update offset, a sync token) and state a channel keeps for a
/// while (a login token, what a message's buttons mean).
///
/// Contract: a value is read back until it is replaced or cleared. A value set with an expiry is kept at least
/// until then and forgotten by the first `pruneCursors(expiredBy:)` at or after it (the runtime prunes hourly),
/// so state that only matters for a while does not pile up; a value without one is kept until cleared.
/// Setting a value replaces its expiry too.
public protocol ChannelStateStore: AnyObject {
    /// The value stored under `name`, if any.
    func cursor(_ name: String) throws -> String?
    /// Stores `value` under `name` (nil clears it); `expiresAt` nil keeps it until cleared.
    func setCursor(_ name: String, to value: String?, expiresAt: Date?) throws
    /// Forgets every value whose expiry is at or before `time`; returns how many.
    @discardableResult func pruneCursors(expiredBy time: Date) throws -> Int
}

extension ChannelStateStore {
    /// Stores `value` under `name` with no expiry (nil clears it).
    public func setCursor(_ name: String, to value: String?) throws {
        try setCursor(name, to: value, expiresAt: nil)
    }
}
