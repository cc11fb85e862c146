import BotCore
import Foundation

/// The night in a reader's zone (default 22:00 to 07:00), when reminders the bot generates itself (a team's
/// deadline reminders, at offsets before the deadline) are not posted. Reminders a person set for an exact time
/// are never moved.
///
/// The rule: a reminder that would land in quiet hours waits until they end (the reader's morning), unless the
/// morning is at or after the deadline; then it comes the evening before, one minute before quiet hours begin.
/// Two reminders of one deadline that end up at the same time are sent once.
struct QuietHours: Sendable, Hashable {
    /// Minutes after midnight.
    var from: Int
    var to: Int

    static let standard = QuietHours(from: 22 * 60, to: 7 * 60)

    init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }

    /// Parses `22:00-07:00`.
    init?(parsing text: String) {
        let parts = text.split(separator: "-").map { $0.trimmingWhitespace() }
        guard parts.count == 2, let from = Self.minutes(parts[0]), let to = Self.minutes(parts[1]), from != to else {
            return nil
        }
        self.init(from: from, to: to)
    }

    private static func minutes(_ text: Substring) -> Int? {
        let pieces = text.split(separator: ":")
        guard pieces.count == 2, pieces[1].count == 2, let hour = Int(pieces[0]), let minute = Int(pieces[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// Whether a minute of the day lies in quiet hours (which may run past midnight).
    func contains(minuteOfDay minute: Int) -> Bool {
        from < to ? (minute >= from && minute < to) : (minute >= from || minute < to)
    }

    /// When to post a generated reminder meant for `time` to a reader in `zone`, for a deadline at `limit`.
    func adjust(_ time: Date, zone: TimeZone, before limit: Date) -> Date {
        let calendar = ZoneFormat(zone).calendar
        let parts = calendar.dateComponents([.hour, .minute], from: time)
        guard contains(minuteOfDay: (parts.hour ?? 0) * 60 + (parts.minute ?? 0)) else { return time }
        if let morning = calendar.nextDate(
            after: time, matching: DateComponents(hour: to / 60, minute: to % 60, second: 0), matchingPolicy: .nextTime),
            morning < limit
        {
            return morning
        }
        // The start of this quiet period: the latest `from` at or before `time`.
        let evening = calendar.nextDate(
            after: time.addingTimeInterval(1), matching: DateComponents(hour: from / 60, minute: from % 60, second: 0),
            matchingPolicy: .nextTime,
            direction: .backward)
        return (evening ?? time).addingTimeInterval(-60)
    }

    var description: String {
        String(format: "%02d:%02d-%02d:%02d", from / 60, from % 60, to / 60, to % 60)
    }
}

extension Deadline {
    /// When each of a team's reminders goes out: `due - offset`, moved out of the team's quiet hours, once per
    /// distinct time, keyed by offset. A reminder still ahead whose evening-before time has already passed
    /// (the deadline was just moved) goes out at `now` rather than not at all.
    func reminderTimes(zone: TimeZone, quiet: QuietHours?, now: Date? = nil) -> [(offset: TimeInterval, at: Date)] {
        var times: [(offset: TimeInterval, at: Date)] = []
        // Offsets are checked when set; one stored by an older version outside the bound is skipped, never
        // turned into an impossible time or key.
        for offset in offsets where (0...Deadline.longestOffset).contains(offset) {
            let planned = due.addingTimeInterval(-offset)
            var at = planned
            if let quiet { at = quiet.adjust(at, zone: zone, before: due) }
            if let now, planned > now, at <= now { at = now.addingTimeInterval(1) }
            if times.contains(where: { abs($0.at.timeIntervalSince(at)) < 1 }) { continue }
            times.append((offset, at))
        }
        return times
    }
}
