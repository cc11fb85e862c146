import BotCore
import Foundation

/// A date on the proleptic Gregorian calendar, with day arithmetic in whole numbers: recurrences are computed
/// on wall-clock dates and times, and only the finished occurrences become instants in their zone.
struct CivilDate: Hashable, Comparable, Sendable {
    var year: Int
    var month: Int
    var day: Int

    /// Days since 1970-01-01 (negative before).
    var dayNumber: Int { GregorianDays.dayNumber(year: year, month: month, day: day) }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `dayNumber` days after 1970-01-01.
    init(dayNumber: Int) {
        (year, month, day) = GregorianDays.date(dayNumber: dayNumber)
    }

    /// 1 (Monday) to 7 (Sunday), as ISO 8601 numbers them.
    var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The date as `yyyymmdd`.
    var number: Int { year * 10_000 + month * 100 + day }

    /// Whether the date exists (29 February only in leap years, no 31 April).
    var isValid: Bool { (1...12).contains(month) && day >= 1 && day <= Self.daysIn(year: year, month: month) }

    static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }
}

/// A wall-clock date and time, in no zone yet.
struct LocalDateTime: Hashable, Comparable, Sendable {
    var date: CivilDate
    /// Seconds since the day's midnight.
    var seconds: Int

    static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date.dayNumber, lhs.seconds) < (rhs.date.dayNumber, rhs.seconds)
    }

    /// The instant this wall-clock time names in `zone`. A time a clock change skips moves forward by the gap;
    /// a time that occurs twice means its first occurrence (RFC 5545, 3.3.5).
    func instant(in zone: TimeZone) -> Date {
        let naive = Double(date.dayNumber) * 86_400 + Double(seconds)
        // The offsets in force a day before and a day after: a wall time is valid under an offset when that
        // offset is the one in force at the instant it gives.
        let before = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive - 86_400)))
        let after = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive + 86_400)))
        let valid = [before, after].map { naive - $0 }.filter {
            Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: $0))) == naive - $0
        }
        // Twice (fall back): the first. Never (spring forward): the offset before the gap, which lands after it.
        return Date(timeIntervalSince1970: valid.min() ?? naive - before)
    }
}

/// A recurrence rule (RFC 5545, 3.3.10): `FREQ` DAILY, WEEKLY, MONTHLY or YEARLY with `INTERVAL`, `COUNT` or
/// `UNTIL`, `BYDAY` (with ordinals such as `2TU`, `-1FR` in monthly and yearly rules), `BYMONTHDAY`, `BYMONTH`,
/// `BYSETPOS` and `WKST`. Rules by hour, minute, second, year day or week number are refused, as are the
/// sub-daily frequencies: a workshop's programme has no use for them.
struct RecurrenceRule: Hashable, Sendable {
    enum Frequency: String, Sendable { case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY" }

    /// When a rule ends: after a number of occurrences, or at a moment (inclusive).
    enum End: Hashable, Sendable {
        case never
        case count(Int)
        /// A date-time in UTC (`...Z`): compared as instants.
        case instant(Date)
        /// A floating date-time, in the zone of the start.
        case local(LocalDateTime)
        /// A date: occurrences on that day still count.
        case date(CivilDate)
    }

    var frequency: Frequency
    var interval = 1
    var end = End.never
    /// A `BYDAY` entry: a weekday (1 Monday … 7 Sunday) with an optional ordinal within the month or year
    /// (`2TU` the second Tuesday, `-1FR` the last Friday).
    struct WeekdayNumber: Hashable, Sendable {
        var ordinal: Int?
        var weekday: Int
    }

    var byDay: [WeekdayNumber] = []
    var byMonthDay: [Int] = []
    var byMonth: [Int] = []
    var bySetPos: [Int] = []
    var weekStart = 1

    /// Most occurrences one rule yields, and most periods scanned for them: a rule that never matches
    /// (`BYMONTH=2;BYMONTHDAY=30`) ends instead of looping.
    static let maximumOccurrences = 5000
    static let maximumPeriods = 100_000

    static let weekdayCodes = ["MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7]

    /// Reads an `RRULE` value. `until` reads an UNTIL value (a DATE or DATE-TIME, in the start's zone or UTC).
    /// Throws a message naming the part that is wrong.
    static func parse(_ text: String, until readUntil: (String) throws(RecurrenceError) -> End) throws(RecurrenceError)
        -> RecurrenceRule
    {
        var parts: [String: String] = [:]
        for item in text.split(separator: ";", omittingEmptySubsequences: true) {
            let pair = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty else {
                throw RecurrenceError("\(item.prefix(40)) is not NAME=VALUE")
            }
            let name = pair[0].uppercased()
            guard parts[name] == nil else { throw RecurrenceError("\(name) is given twice") }
            parts[name] = pair[1]
        }
        guard let written = parts.removeValue(forKey: "FREQ") else { throw RecurrenceError("FREQ is missing") }
        guard let frequency = Frequency(rawValue: written.uppercased()) else {
            throw RecurrenceError(
                "FREQ=\(written.prefix(20)) is not supported (DAILY, WEEKLY, MONTHLY or YEARLY)")
        }
        var rule = RecurrenceRule(frequency: frequency)
        func numbers(_ name: String, _ range: ClosedRange<Int>, nonZero: Bool = true) throws(RecurrenceError) -> [Int] {
            guard let value = parts.removeValue(forKey: name) else { return [] }
            var result: [Int] = []
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard let number = Int(item.trimmingCharacters(in: .whitespaces)), range.contains(number),
                    !nonZero || number != 0
                else {
                    throw RecurrenceError(
                        "\(name)=\(value.prefix(40)): expected numbers from \(range.lowerBound) to \(range.upperBound)")
                }
                result.append(number)
            }
            return result
        }
        if let interval = try numbers("INTERVAL", 1...1000).first { rule.interval = interval }
        let count = try numbers("COUNT", 1...Self.maximumOccurrences).first
        let until = try parts.removeValue(forKey: "UNTIL").map { text throws(RecurrenceError) in try readUntil(text) }
        switch (count, until) {
        case (let count?, nil): rule.end = .count(count)
        case (nil, let until?): rule.end = until
        case (nil, nil): rule.end = .never
        case (_?, _?): throw RecurrenceError("COUNT and UNTIL cannot both be given")
        }
        rule.byMonthDay = try numbers("BYMONTHDAY", -31...31)
        rule.byMonth = try numbers("BYMONTH", 1...12)
        rule.bySetPos = try numbers("BYSETPOS", -366...366)
        if let code = parts.removeValue(forKey: "WKST") {
            guard let day = weekdayCodes[code.uppercased()] else {
                throw RecurrenceError("WKST=\(code.prefix(10)) is not a weekday (MO … SU)")
            }
            rule.weekStart = day
        }
        if let days = parts.removeValue(forKey: "BYDAY") {
            for item in days.split(separator: ",", omittingEmptySubsequences: false) {
                let entry = item.trimmingCharacters(in: .whitespaces).uppercased()
                guard entry.count >= 2, let weekday = weekdayCodes[String(entry.suffix(2))] else {
                    throw RecurrenceError(
                        "BYDAY=\(days.prefix(40)): \(entry.prefix(10)) is not a weekday such as MO or 2TU")
                }
                let prefix = entry.dropLast(2)
                var ordinal: Int?
                if !prefix.isEmpty {
                    guard let number = Int(prefix), number != 0, (-53...53).contains(number) else {
                        throw RecurrenceError("BYDAY=\(days.prefix(40)): \(entry.prefix(10)) has no usable ordinal")
                    }
                    guard frequency == .monthly || frequency == .yearly else {
                        throw RecurrenceError("BYDAY=\(entry) counts weekdays, which only a MONTHLY or YEARLY rule can")
                    }
                    ordinal = number
                }
                rule.byDay.append(WeekdayNumber(ordinal: ordinal, weekday: weekday))
            }
        }
        if !rule.byMonthDay.isEmpty, frequency == .weekly {
            throw RecurrenceError("BYMONTHDAY cannot be used with FREQ=WEEKLY")
        }
        if let other = parts.keys.sorted().first {
            throw RecurrenceError(
                "\(other.prefix(20)) is not supported (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, WKST)"
            )
        }
        return rule
    }

    /// The wall-clock start of every occurrence from `start` on, the start itself first (RFC 5545: DTSTART is
    /// always the first instance, and counts towards COUNT), up to `limit` inclusive when the rule has no
    /// earlier end. `zone` places UTC `UNTIL` values.
    func occurrences(from start: LocalDateTime, in zone: TimeZone, through limit: LocalDateTime) -> [LocalDateTime] {
        var rule = self
        // The start's own fields fill what the rule leaves open (as RFC 5545's note on DTSTART says).
        if rule.byDay.isEmpty, rule.byMonthDay.isEmpty {
            switch frequency {
            case .yearly:
                if rule.byMonth.isEmpty { rule.byMonth = [start.date.month] }
                rule.byMonthDay = [start.date.day]
            case .monthly: rule.byMonthDay = [start.date.day]
            case .weekly: rule.byDay = [WeekdayNumber(ordinal: nil, weekday: start.date.weekday)]
            case .daily: break
            }
        }
        var result: [LocalDateTime] = [start]
        let startDay = start.date.dayNumber
        for period in 0..<Self.maximumPeriods {
            guard let days = rule.days(inPeriod: period, startDay: startDay) else { break }
            if let first = days.first, first > limit.date.dayNumber { break }
            for day in days where day >= startDay {
                let occurrence = LocalDateTime(date: CivilDate(dayNumber: day), seconds: start.seconds)
                if occurrence == start { continue }
                if occurrence > limit { return result }
                switch end {
                case .never: break
                case .count(let count): if result.count >= count { return result }
                case .instant(let until): if occurrence.instant(in: zone) > until { return result }
                case .local(let until): if occurrence > until { return result }
                case .date(let until): if occurrence.date > until { return result }
                }
                result.append(occurrence)
                if result.count >= Self.maximumOccurrences { return result }
            }
        }
        return result
    }

    /// The days (as day numbers) of the `index`-th period of the rule, in order, after BYSETPOS; nil past year 9999.
    private func days(inPeriod index: Int, startDay: Int) -> [Int]? {
        let start = CivilDate(dayNumber: startDay)
        let candidates: [Int]
        switch frequency {
        case .daily:
            candidates = [startDay + index * interval]
        case .weekly:
            let weekBegins = startDay - (start.weekday - weekStart + 7) % 7 + 7 * index * interval
            candidates = Array(weekBegins..<(weekBegins + 7))
        case .monthly:
            let months = start.year * 12 + (start.month - 1) + index * interval
            let first = CivilDate(year: months / 12, month: months % 12 + 1, day: 1)
            let length = CivilDate.daysIn(year: first.year, month: first.month)
            candidates = Array(first.dayNumber..<(first.dayNumber + length))
        case .yearly:
            let year = start.year + index * interval
            let first = CivilDate(year: year, month: 1, day: 1).dayNumber
            candidates = Array(first..<CivilDate(year: year + 1, month: 1, day: 1).dayNumber)
        }
        guard let last = candidates.last, CivilDate(dayNumber: last).year <= 9999 else { return nil }
        let matching = candidates.filter(matches)
        guard !bySetPos.isEmpty else { return matching }
        var chosen: Set<Int> = []
        for position in bySetPos {
            let index = position > 0 ? position - 1 : matching.count + position
            if matching.indices.contains(index) { chosen.insert(matching[index]) }
        }
        return matching.filter(chosen.contains)
    }

    /// Whether a day of a period passes the rule's BYMONTH, BYMONTHDAY and BYDAY parts.
    private func matches(_ day: Int) -> Bool {
        let date = CivilDate(dayNumber: day)
        if !byMonth.isEmpty, !byMonth.contains(date.month) { return false }
        let length = CivilDate.daysIn(year: date.year, month: date.month)
        if !byMonthDay.isEmpty, !byMonthDay.contains(where: { $0 > 0 ? $0 == date.day : length + 1 + $0 == date.day }) {
            return false
        }
        guard !byDay.isEmpty else { return true }
        let weekday = date.weekday
        return byDay.contains { entry in
            guard entry.weekday == weekday else { return false }
            guard let ordinal = entry.ordinal else { return true }
            // Counted within the month, or within the year for a yearly rule without BYMONTH.
            let withinYear = frequency == .yearly && byMonth.isEmpty
            let first =
                withinYear
                ? CivilDate(year: date.year, month: 1, day: 1).dayNumber
                : CivilDate(year: date.year, month: date.month, day: 1).dayNumber
            let next = withinYear ? CivilDate(year: date.year + 1, month: 1, day: 1).dayNumber : first + length
            return ordinal > 0 ? (day - first) / 7 + 1 == ordinal : (next - 1 - day) / 7 + 1 == -ordinal
        }
    }
}

/// Why a recurrence rule cannot be used.
struct RecurrenceError: Error, Hashable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
