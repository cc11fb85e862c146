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

/// Reads the `<when>` of `/remind`, in the reader's zone, case-insensitively:
/// - `in 2h`, `in 90m`, `in 1h30m`, `in 2 hours`, `in 1 hour 30 minutes`;
/// - `at 17:00`, `at 3pm`, `at 2:50pm`, `at 9 am`, `today 18:00`;
/// - `tomorrow 09:00`, `tomorrow 9am`, `tomorrow at 9am`;
/// - a weekday: `monday 09:00`, `on mon at 9am` (the next one; today when its time is still to come);
/// - a date: `2021-11-19 17:00`, `16 Nov 10:00`, `Nov 16 at 10am` (this year, or next when it has passed);
/// - `every day 09:00`, `every weekday 9am`, `every 2h`, `every 2 hours`.
/// Returns the schedule and how many words it used, or a message saying what is wrong. Times relative to a
/// session (`10m before <session>`) need the agenda and are read by `SessionRelativeTime`.
public enum ReminderTime {
    /// How far ahead a reminder may be set: a year (and a day, for leap years). Past that it is a typo, and a
    /// workshop is long over.
    public static let farthest: TimeInterval = 366 * 86_400
    /// The longest repeat of an `every <duration>` reminder: a year. A longer one would never fire twice in
    /// a workshop, and a huge one (`every 9999999999999999s`) would name a time no store can keep.
    public static let longestRepeat: TimeInterval = 365 * 86_400
    /// The reply to a repeat longer than `longestRepeat`, in English.
    public static var longestRepeatMessage: String { ReminderTimeError.repeatTooLong.message }

    public static func parse(_ words: [String], now: Date, zone: TimeZone) -> Result<
        (ReminderSchedule, Int), ReminderTimeError
    > {
        let lower = words.map { $0.lowercased() }
        let calendar = ZoneFormat(zone).calendar
        func checked(_ date: Date, used: Int) -> Result<(ReminderSchedule, Int), ReminderTimeError> {
            guard date > now else { return .failure(.past) }
            guard date.timeIntervalSince(now) <= farthest else {
                return .failure(.tooFar)
            }
            return .success((.once(date), used))
        }
        /// The clock time at `index` (after an optional `at`): the time and the index after it.
        func clockAt(_ index: Int) -> ((Int, Int), Int)? {
            var index = index
            if index < lower.count, lower[index] == "at" { index += 1 }
            return clockTime(lower, at: index)
        }
        /// `minute` past `hour` on the day `day` starts, in the zone.
        func on(_ day: Date, _ time: (Int, Int)) -> Date? {
            calendar.date(bySettingHour: time.0, minute: time.1, second: 0, of: day)
        }
        let today = calendar.startOfDay(for: now)
        switch lower.first {
        case "in":
            guard let (seconds, end) = spokenDuration(lower, at: 1) else {
                return .failure(.init("deadlines.when-how-long"))
            }
            guard seconds <= farthest else {
                return .failure(.tooFarBound)
            }
            return checked(now.addingTimeInterval(seconds), used: end)
        case "at":
            guard let (time, end) = clockAt(0),
                let date = calendar.nextDate(
                    after: now, matching: DateComponents(hour: time.0, minute: time.1), matchingPolicy: .nextTime)
            else { return .failure(.init("deadlines.when-clock")) }
            return checked(date, used: end)
        case "today", "tomorrow":
            let offset = lower[0] == "today" ? 0 : 1
            guard let (time, end) = clockAt(1), let day = calendar.date(byAdding: .day, value: offset, to: today),
                let date = on(day, time)
            else { return .failure(.init("deadlines.when-day-clock", "day", lower[0])) }
            return checked(date, used: end)
        case "every":
            if let (seconds, end) = spokenDuration(lower, at: 1) {
                guard seconds <= longestRepeat else { return .failure(.repeatTooLong) }
                return .success((.interval(seconds: seconds, first: now.addingTimeInterval(seconds)), end))
            }
            guard lower.count >= 3, ["day", "weekday"].contains(lower[1]), let (time, end) = clockAt(2) else {
                return .failure(.init("deadlines.when-every"))
            }
            return .success(
                (.daily(hour: time.0, minute: time.1, zone: zone.identifier, weekdaysOnly: lower[1] == "weekday"), end))
        default:
            break
        }
        // A weekday, possibly after `on`.
        let start = lower.first == "on" ? 1 : 0
        if start < lower.count, let weekday = weekdays[lower[start]] {
            guard let (time, end) = clockAt(start + 1) else {
                return .failure(.init("deadlines.when-after-day", "day", lower[start]))
            }
            for ahead in 0...7 {
                guard let day = calendar.date(byAdding: .day, value: ahead, to: today),
                    calendar.component(.weekday, from: day) == weekday, let date = on(day, time), date > now
                else { continue }
                return checked(date, used: end)
            }
            return .failure(.past)
        }
        // A date: YYYY-MM-DD, `16 Nov` or `Nov 16`.
        if let first = lower.first, first.count == 10, first.contains("-") {
            guard let (_, end) = clockTime(lower, at: 1), let time = clockText(lower, at: 1) else {
                return .failure(.init("deadlines.when-date-time"))
            }
            guard let date = ZoneFormat(zone).wallClock(first, time) else {
                return .failure(.init("deadlines.when-not-a-date", "date", first))
            }
            return checked(date, used: end)
        }
        if let (month, day, next) = dayAndMonth(lower) {
            guard let (time, end) = clockAt(next) else {
                return .failure(.init("deadlines.when-after-date", "date", "\(words[0]) \(words[1])"))
            }
            let year = calendar.component(.year, from: now)
            for candidate in [year, year + 1] {
                let parts = DateComponents(year: candidate, month: month, day: day, hour: time.0, minute: time.1)
                guard let date = calendar.date(from: parts),
                    calendar.dateComponents([.month, .day], from: date) == DateComponents(month: month, day: day)
                else { return .failure(.init("deadlines.when-not-a-date", "date", "\(words[0]) \(words[1])")) }
                if date > now { return checked(date, used: end) }
            }
            return .failure(.past)
        }
        return .failure(.init("deadlines.when-unknown"))
    }

    /// Weekday names and their three-letter forms, as Foundation numbers them (1 Sunday ... 7 Saturday).
    static let weekdays: [String: Int] = {
        let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        var table: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["tues"] = 3
        table["thur"] = 5
        table["thurs"] = 5
        return table
    }()

    /// English month names and their three-letter forms (and `sept`).
    static let months: [String: Int] = {
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        var table: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["sept"] = 9
        return table
    }()

    /// `16 nov` or `nov 16` (a trailing `.` or `,` allowed) at the start: month, day and the index after them.
    static func dayAndMonth(_ lower: [String]) -> (Int, Int, Int)? {
        guard lower.count >= 2 else { return nil }
        let a = lower[0].trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
        let b = lower[1].trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
        func day(_ text: String) -> Int? {
            guard text.count <= 2, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
                (1...31).contains(value)
            else { return nil }
            return value
        }
        if let d = day(a), let m = months[b] { return (m, d, 2) }
        if let m = months[a], let d = day(b) { return (m, d, 2) }
        return nil
    }

    /// A clock time at `index`: `17:00`, `9:05`, `3pm`, `2:50pm`, `12am`, or `9` / `9:30` followed by the word
    /// `am` or `pm`. Returns hour and minute (24-hour) and the index after the words it used.
    static func clockTime(_ lower: [String], at index: Int) -> ((Int, Int), Int)? {
        guard index < lower.count else { return nil }
        var text = lower[index]
        var end = index + 1
        var meridiem: String?
        for suffix in ["am", "pm", "a.m.", "p.m."] where text.hasSuffix(suffix) && text.count > suffix.count {
            meridiem = String(suffix.prefix(1))
            text = String(text.dropLast(suffix.count))
            break
        }
        if meridiem == nil, end < lower.count, ["am", "pm", "a.m.", "p.m."].contains(lower[end]) {
            meridiem = String(lower[end].prefix(1))
            end += 1
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 }),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let hour = Int(parts[0])
        else { return nil }
        let minute = parts.count == 2 ? Int(parts[1]) ?? 60 : 0
        guard (0..<60).contains(minute) else { return nil }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            return ((hour % 12 + (meridiem == "p" ? 12 : 0), minute), end)
        }
        // Without am/pm a time needs its minutes (`17:00`): a lone `9` is more likely a number in the text.
        guard parts.count == 2, (0..<24).contains(hour) else { return nil }
        return ((hour, minute), end)
    }

    /// The clock time at `index` as `HH:MM`, for `wallClock`.
    static func clockText(_ lower: [String], at index: Int) -> String? {
        guard let ((hour, minute), _) = clockTime(lower, at: index) else { return nil }
        return String(format: "%02d:%02d", hour, minute)
    }

    /// A duration at `index`: compact (`2h`, `1h30m`) or spoken (`2 hours`, `1 hour 30 minutes`, `90 min`),
    /// parts possibly joined by `and`. Returns the seconds and the index after the words it used.
    static func spokenDuration(_ lower: [String], at index: Int) -> (TimeInterval, Int)? {
        var total = 0.0
        var cursor = index
        var parts = 0
        while cursor < lower.count {
            if parts > 0, lower[cursor] == "and", cursor + 1 < lower.count {
                guard let (seconds, end) = durationPart(lower, at: cursor + 1) else { break }
                total += seconds
                cursor = end
            } else if let (seconds, end) = durationPart(lower, at: cursor) {
                total += seconds
                cursor = end
            } else {
                break
            }
            parts += 1
        }
        return parts > 0 && total > 0 ? (total, cursor) : nil
    }

    /// One part of a duration at `index`: `2h` alone, or a number and a unit word.
    private static func durationPart(_ lower: [String], at index: Int) -> (TimeInterval, Int)? {
        if let seconds = TimeText.duration(lower[index]) { return (seconds, index + 1) }
        guard index + 1 < lower.count, lower[index].allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Double(lower[index]), let unit = unitSeconds[lower[index + 1]]
        else { return nil }
        return (value * unit, index + 2)
    }

    /// Spoken units, singular and plural.
    static let unitSeconds: [String: TimeInterval] = [
        "second": 1, "seconds": 1, "sec": 1, "secs": 1, "minute": 60, "minutes": 60, "min": 60, "mins": 60,
        "hour": 3600, "hours": 3600, "hr": 3600, "hrs": 3600, "day": 86_400, "days": 86_400, "week": 604_800,
        "weeks": 604_800,
    ]

}

/// Why a `<when>` was refused: a message of `DeadlinesMessages`, with at most one value (what the person typed,
/// or a session's title), rendered in the reader's language by `message(in:)`.
public struct ReminderTimeError: Error, Sendable, Hashable {
    /// The message's key.
    public var key: String
    /// The placeholder the value goes in, and the value.
    public var name: String?
    public var value: String?
    /// The time was understood but breaks a limit (a repeat longer than a year): a refusal, not a usage hint.
    public var isBound: Bool

    init(_ key: String, _ name: String? = nil, _ value: String? = nil, isBound: Bool = false) {
        self.key = key
        self.name = name
        self.value = value
        self.isBound = isBound
    }

    static let past = ReminderTimeError("deadlines.when-past")
    static let tooFar = ReminderTimeError("deadlines.when-too-far")
    static let tooFarBound = ReminderTimeError("deadlines.when-too-far-bound", isBound: true)
    static let repeatTooLong = ReminderTimeError("deadlines.when-repeat-too-long", isBound: true)

    /// The message in `texts`' language.
    public func message(in texts: Texts) -> String {
        guard let name, let value else { return texts.plain(key) }
        return texts.plain(key, [name: .text(value)])
    }

    /// The message in English.
    public var message: String { message(in: DeadlinesMessages.englishTexts) }
}
