import BotCore
import Foundation

/// When a reminder fires: once, or again and again at a wall-clock time in a zone (which keeps its hour
/// across clock changes).
public enum ReminderSchedule: Sendable, Hashable, Codable {
    case once(Date)
    /// Every day (`weekdaysOnly` false) or Monday to Friday, at `hour:minute` in `zone`.
    case daily(hour: Int, minute: Int, zone: String, weekdaysOnly: Bool)
    /// Every `seconds`, from `first` on (`every 2h`).
    case interval(seconds: TimeInterval, first: Date)

    /// Whether it fires more than once.
    public var isRecurring: Bool {
        if case .once = self { return false }
        return true
    }

    /// The first firing strictly after `instant`.
    public func next(after instant: Date) -> Date? {
        switch self {
        case .once(let date): return date > instant ? date : nil
        case .interval(let seconds, let first):
            guard seconds > 0 else { return nil }
            if first > instant { return first }
            let steps = (instant.timeIntervalSince(first) / seconds).rounded(.down) + 1
            return first.addingTimeInterval(steps * seconds)
        case .daily(let hour, let minute, let zoneName, let weekdaysOnly):
            guard let zone = TimeZone(identifier: zoneName) else { return nil }
            let calendar = ZoneFormat(zone).calendar
            var cursor = instant
            for _ in 0..<8 {
                guard
                    let candidate = calendar.nextDate(
                        after: cursor, matching: DateComponents(hour: hour, minute: minute), matchingPolicy: .nextTime)
                else { return nil }
                let weekday = calendar.component(.weekday, from: candidate)  // 1 Sunday ... 7 Saturday
                if !weekdaysOnly || (2...6).contains(weekday) { return candidate }
                cursor = candidate
            }
            return nil
        }
    }
}

/// Reads the `<when>` of `/remind`: `in 2h`, `in 90m`, `in 1h30m`, `in 5s`, `at 17:00`, `tomorrow 09:00`,
/// `2021-11-19 17:00`, `every day 09:00`, `every weekday 09:00`, `every 2h`, in the reader's zone. Returns the schedule
/// and how many words it used, or a message saying what is wrong.
public enum ReminderTime {
    /// How far ahead a reminder may be set: a year (and a day, for leap years). Past that it is a typo, and a
    /// workshop is long over.
    public static let farthest: TimeInterval = 366 * 86_400
    /// The longest repeat of an `every <duration>` reminder: a year. A longer one would never fire twice in
    /// a workshop, and a huge one (`every 9999999999999999s`) would name a time no store can keep.
    public static let longestRepeat: TimeInterval = 365 * 86_400
    /// The reply to a repeat longer than `longestRepeat`.
    public static let longestRepeatMessage =
        "A recurring reminder must repeat at least once a year: give every 365d or less."

    public static func parse(_ words: [String], now: Date, zone: TimeZone) -> Result<
        (ReminderSchedule, Int), ReminderTimeError
    > {
        let lower = words.map { $0.lowercased() }
        let calendar = ZoneFormat(zone).calendar
        func clock(_ text: String) -> (Int, Int)? {
            let parts = text.split(separator: ":").map { Int($0) }
            guard parts.count == 2, let h = parts[0], let m = parts[1], (0..<24).contains(h), (0..<60).contains(m)
            else { return nil }
            return (h, m)
        }
        func checked(_ date: Date, used: Int) -> Result<(ReminderSchedule, Int), ReminderTimeError> {
            guard date > now else { return .failure(.init("that time is in the past")) }
            guard date.timeIntervalSince(now) <= farthest else {
                return .failure(.init("reminders can be at most a year ahead"))
            }
            return .success((.once(date), used))
        }
        switch lower.first {
        case "in":
            guard lower.count >= 2, let seconds = duration(lower[1]), seconds > 0 else {
                return .failure(.init("say how long, such as in 2h, in 90m or in 1h30m"))
            }
            guard seconds <= farthest else {
                return .failure(.init("Reminders can be at most a year ahead.", isBound: true))
            }
            return checked(now.addingTimeInterval(seconds), used: 2)
        case "at":
            guard lower.count >= 2, let (h, m) = clock(lower[1]),
                let date = calendar.nextDate(
                    after: now, matching: DateComponents(hour: h, minute: m), matchingPolicy: .nextTime)
            else { return .failure(.init("say the time as HH:MM, such as at 17:00")) }
            return checked(date, used: 2)
        case "tomorrow":
            guard lower.count >= 2, let (h, m) = clock(lower[1]),
                let tomorrow = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: now)),
                let date = calendar.date(bySettingHour: h, minute: m, second: 0, of: tomorrow)
            else { return .failure(.init("say the time as HH:MM, such as tomorrow 09:00")) }
            return checked(date, used: 2)
        case "every":
            if lower.count >= 2, let seconds = duration(lower[1]) {
                guard seconds <= longestRepeat else { return .failure(.init(longestRepeatMessage, isBound: true)) }
                return .success((.interval(seconds: seconds, first: now.addingTimeInterval(seconds)), 2))
            }
            guard lower.count >= 3, ["day", "weekday"].contains(lower[1]), let (h, m) = clock(lower[2]) else {
                return .failure(.init("say every day HH:MM, every weekday HH:MM or every 2h"))
            }
            return .success((.daily(hour: h, minute: m, zone: zone.identifier, weekdaysOnly: lower[1] == "weekday"), 3))
        case let first? where first.count == 10 && first.contains("-"):
            guard lower.count >= 2, clock(lower[1]) != nil else {
                return .failure(.init("say the date and time as YYYY-MM-DD HH:MM"))
            }
            guard let date = wallClock(first, lower[1], zone: zone) else {
                return .failure(.init("\(first) is not a date"))
            }
            return checked(date, used: 2)
        default:
            return .failure(.init("say when: in 2h, at 17:00, tomorrow 09:00, 2021-11-19 17:00 or every weekday 09:00"))
        }
    }

    /// `YYYY-MM-DD` and `HH:MM` as wall-clock time in `zone`; nil when either is not real (31 February), or
    /// the year is not one of four digits (1000 to 9999: no calendar arithmetic on year 10^17).
    public static func wallClock(_ day: String, _ time: String, zone: TimeZone) -> Date? {
        let dayWords = day.split(separator: "-", omittingEmptySubsequences: false)
        let clockWords = time.split(separator: ":", omittingEmptySubsequences: false)
        guard dayWords.count == 3, clockWords.count == 2, dayWords[0].count == 4,
            (dayWords + clockWords).allSatisfy({
                (1...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber }
            })
        else { return nil }
        let parts = dayWords.compactMap { Int($0) }
        let clock = clockWords.compactMap { Int($0) }
        guard parts.count == 3, clock.count == 2, parts[0] >= 1000, (0..<24).contains(clock[0]),
            (0..<60).contains(clock[1])
        else { return nil }
        let calendar = ZoneFormat(zone).calendar
        let components = DateComponents(
            year: parts[0], month: parts[1], day: parts[2], hour: clock[0], minute: clock[1])
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date)
                == DateComponents(year: parts[0], month: parts[1], day: parts[2])
        else { return nil }
        return date
    }

    /// A duration such as `2h` or `1h30m` (see `TimeText.duration`).
    static func duration(_ text: String) -> TimeInterval? { TimeText.duration(text) }
}

/// Why a `<when>` was refused.
public struct ReminderTimeError: Error, Sendable, Hashable {
    public var message: String
    /// The time was understood but breaks a limit (a repeat longer than a year): a refusal, not a usage hint.
    public var isBound: Bool
    init(_ message: String, isBound: Bool = false) {
        self.message = message
        self.isBound = isBound
    }
}
