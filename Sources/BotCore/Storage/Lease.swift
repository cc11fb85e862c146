import Foundation

/// Who may do one exclusive duty (poll a platform account, fire the scheduled jobs) when several instances
/// of the bot share one store, and until when.
///
/// A lease is a channel-state value (`lease:<name>`) with the holder and the expiry, so every store keeps it
/// with no role of its own: store transactions run one at a time (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's
/// transaction lock), so reading a lease and writing it in one transaction is a compare-and-set. An instance
/// takes a free or lapsed lease, renews its own before it lapses, and gives it up when it stops; a lease held
/// by another instance and not yet lapsed is left alone. Expiries are wall-clock times: the instances' clocks
/// must agree to well within a lease's length (NTP does).
public struct Lease: Sendable, Hashable {
    /// What the lease is for: a platform's name, or `scheduler`.
    public var name: String
    /// The instance holding it.
    public var holder: String
    /// When it lapses unless renewed.
    public var expiresAt: Date

    public init(name: String, holder: String, expiresAt: Date) {
        self.name = name
        self.holder = holder
        self.expiresAt = expiresAt
    }

    /// The lease of the scheduled jobs.
    public static let scheduler = "scheduler"

    /// The channel-state name a lease is stored under.
    public static func storedName(_ name: String) -> String { "lease:\(name)" }

    /// The stored form: the expiry in milliseconds since 1970, a space, the holder.
    var storedValue: String { "\(Int64((expiresAt.timeIntervalSince1970 * 1000).rounded())) \(holder)" }

    /// A stored value read back; nil for anything else (a damaged value counts as no lease, so it is taken).
    init?(name: String, stored: String) {
        // `magnitude`, not `abs`: abs(Int64.min) traps, and a stored value may be anything.
        guard let space = stored.firstIndex(of: " "), let millis = Int64(stored[..<space]),
            millis.magnitude < 1_000_000_000_000_000
        else { return nil }
        let holder = String(stored[stored.index(after: space)...])
        guard !holder.isEmpty else { return nil }
        self.init(name: name, holder: holder, expiresAt: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// Whether it has lapsed at `time`.
    public func lapsed(at time: Date) -> Bool { expiresAt <= time }

    /// Whether it keeps `instance` from taking it at `time`: another instance's, not lapsed, and not implausible
    /// (an expiry further ahead than ten lease lengths of `length` is a damaged or hand-written value that would
    /// keep every instance standing by that long, so it counts as lapsed).
    public func keepsOut(_ instance: String, at time: Date, length: TimeInterval) -> Bool {
        holder != instance && !lapsed(at: time) && expiresAt.timeIntervalSince(time) <= 10 * max(length, 1)
    }
}

extension ChannelStateStore {
    /// The lease `name` as stored (possibly lapsed), if any.
    public func lease(_ name: String) throws -> Lease? {
        try cursor(Lease.storedName(name)).flatMap { Lease(name: name, stored: $0) }
    }

    /// Takes or renews the lease `name` for `holder` until `expiresAt` when it is free, lapsed at `time` or
    /// already `holder`'s; returns the lease in force afterwards (another holder's when it was not free).
    /// Call it inside one transaction, which makes it a compare-and-set.
    @discardableResult
    public func takeLease(_ name: String, holder: String, until expiresAt: Date, at time: Date) throws -> Lease {
        if let current = try lease(name), current.keepsOut(holder, at: time, length: expiresAt.timeIntervalSince(time))
        {
            return current
        }
        let taken = Lease(name: name, holder: holder, expiresAt: expiresAt)
        // Kept a minute past its expiry, then the hourly prune forgets it.
        try setCursor(Lease.storedName(name), to: taken.storedValue, expiresAt: expiresAt.addingTimeInterval(60))
        return taken
    }

    /// Gives up `holder`'s lease `name`, so another instance takes it at once; another holder's is left alone.
    public func releaseLease(_ name: String, holder: String) throws {
        guard let current = try lease(name), current.holder == holder else { return }
        try setCursor(Lease.storedName(name), to: nil)
    }
}
