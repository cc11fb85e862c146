import Foundation

/// The times and grace periods every store keeps, and how: milliseconds since 1970 in UTC, within bounds that
/// turn a mistaken value into a `StoreError` instead of a trap or a silent wrap. Shared by the stores so they
/// refuse the same values and give back the same instants.
public enum StoredTime {
    /// The instants a store keeps: from year 1 to the end of year 9999 (UTC). Beyond them a time is a
    /// mistake (a duration of 10^20 hours, a corrupt value), and some would not fit a 64-bit integer.
    public static let storableSeconds: ClosedRange<Double> = -62_135_596_800...253_402_300_799.999

    /// The longest grace period a job may have: a year (366 days). A job later than that is missed, not fired.
    public static let maximumGrace: TimeInterval = 366 * 86_400

    /// `date` in milliseconds since 1970; a `StoreError` for a time outside `storableSeconds` or not a number.
    public static func millis(_ date: Date) throws -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard storableSeconds.contains(seconds), let value = Int64(exactly: (seconds * 1000).rounded()) else {
            throw StoreError("store a time", "\(seconds) s since 1970 is outside the years 1 to 9999 the store keeps")
        }
        return value
    }

    /// The instant of a stored millisecond count.
    public static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// `date` as a store gives it back: rounded to the millisecond, or a `StoreError` as `millis(_:)` says.
    public static func rounded(_ date: Date) throws -> Date { Self.date(millis: try millis(date)) }

    /// A job's grace period in milliseconds: at least 0, at most `maximumGrace`; a `StoreError`, never a trap,
    /// for anything else.
    public static func graceMillis(_ seconds: TimeInterval) throws -> Int64 {
        guard (0...maximumGrace).contains(seconds), let value = Int64(exactly: (seconds * 1000).rounded()) else {
            throw StoreError("schedule a job", "a grace period of \(seconds) s is outside 0 to \(Int(maximumGrace)) s")
        }
        return value
    }
}
