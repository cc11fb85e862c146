import Foundation

/// The delivery keys of handled messages: how a message delivered again is recognised as handled before.
///
/// Contract: a key is recorded once (a second record of it reports false) until pruning forgets it.
public protocol DeliveryLog: AnyObject {
    /// Records `key` as handled at `time`; false when it was already recorded.
    func recordHandled(_ key: String, at time: Date) throws -> Bool
    /// Forgets handled keys recorded before `time`; returns how many.
    @discardableResult func pruneHandled(before time: Date) throws -> Int
}
