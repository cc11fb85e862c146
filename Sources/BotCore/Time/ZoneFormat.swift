import Foundation
import Synchronization

/// The words dates are written with in one language, and their order: weekday and month names, long and
/// short. Every shipped language writes the time of day on a 24-hour clock (`09:00`, `17:30`).
///
/// Formats are cached per zone *and* language (`ZoneFormat.Key`), so readers of two languages in one zone never
/// share a cached format.
public struct DateLanguage: Sendable, Hashable {
    /// How a day is put together from its words.
    enum Order: Sendable {
        /// `Monday 8 November`, `lundi 8 novembre`; `separator` follows the weekday (`понедельник, 8 ноября`).
        case weekdayDayMonth(separator: String)
        /// `11月8日 星期一`.
        case monthDayWeekday
    }

    /// The language's BCP 47 code (`en`); it alone identifies the language in cache keys.
    public let code: String
    /// Sunday first, as `Calendar`'s weekday numbers 1...7 count.
    let weekdays: [String]
    let shortWeekdays: [String]
    /// January first; in the form a date uses (Russian's genitive: `8 ноября`).
    let months: [String]
    let shortMonths: [String]
    let order: Order

    /// English, as `en_US_POSIX` writes `EEEE d MMMM` and `EEE d MMM`.
    public static let english = DateLanguage(
        code: "en",
        weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        shortWeekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        months: [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ],
        shortMonths: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        order: .weekdayDayMonth(separator: ""))

    /// French, as CLDR's `fr` writes `EEEE d MMMM` and `EEE d MMM`.
    public static let french = DateLanguage(
        code: "fr",
        weekdays: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        shortWeekdays: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        months: [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre",
        ],
        shortMonths: [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
        ],
        order: .weekdayDayMonth(separator: ""))

    /// Russian, as CLDR's `ru` writes `EEEE, d MMMM` and `EEE, d MMM` (months in the genitive).
    public static let russian = DateLanguage(
        code: "ru",
        weekdays: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
        shortWeekdays: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
        months: [
            "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
            "ноября", "декабря",
        ],
        shortMonths: [
            "янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек.",
        ],
        order: .weekdayDayMonth(separator: ","))

    /// Simplified Chinese, as CLDR's `zh` writes `M月d日 EEEE` and `M月d日 EEE`.
    public static let chinese = DateLanguage(
        code: "zh",
        weekdays: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        shortWeekdays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        months: (1...12).map { "\($0)月" },
        shortMonths: (1...12).map { "\($0)月" },
        order: .monthDayWeekday)

    /// The words for `language`: its own when shipped (a regional tag reads its base language's), else
    /// English's.
    public static func of(_ language: Language) -> DateLanguage {
        switch language.base.code {
        case "fr": return .french
        case "ru": return .russian
        case "zh": return .chinese
        default: return .english
        }
    }

    public static func == (lhs: DateLanguage, rhs: DateLanguage) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A name from one of the tables; a number outside it (never produced by a Gregorian calendar) reads `?`.
    static func name(_ table: [String], _ number: Int?) -> String {
        guard let number, table.indices.contains(number - 1) else { return "?" }
        return table[number - 1]
    }

    /// A day in this language's order, from the long or the short names.
    func day(_ parts: ZoneFormat.Parts, short: Bool) -> String {
        let weekday = Self.name(short ? shortWeekdays : weekdays, parts.weekday)
        let month = Self.name(short ? shortMonths : months, parts.month)
        switch order {
        case .weekdayDayMonth(let separator): return "\(weekday)\(separator) \(parts.day) \(month)"
        case .monthDayWeekday: return "\(month)\(parts.day)日 \(weekday)"
        }
    }
}

/// Dates and times as replies write them, in one time zone and one language.
///
/// Text is assembled from the zone's calendar components and the language's words, so no `DateFormatter`,
/// `Date.FormatStyle` or ICU formatter is built per reply; the Gregorian calendar of the zone (weeks start on
/// Monday) is built once per zone and language and kept (`ZoneFormat(zone, language:)`), since building one
/// costs more than formatting. Replies read the same as `en_US_POSIX` patterns did.
public struct ZoneFormat: Sendable {
    /// What a format is cached under: the zone's identifier and the language's code.
    public struct Key: Sendable, Hashable {
        public var zone: String
        public var language: String

        public init(zone: String, language: String) {
            self.zone = zone
            self.language = language
        }
    }

    /// The calendar-day and clock parts of an instant in the zone.
    public struct Parts: Sendable, Hashable {
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        /// 1 is Sunday, as `Calendar` counts.
        public var weekday: Int
    }

    public let zone: TimeZone
    public let language: DateLanguage
    /// The Gregorian calendar in `zone`, weeks starting on Monday: for calendar arithmetic (the bounds of a
    /// day, a week's days) without building a calendar per reply.
    public let calendar: Calendar

    /// The format of `zone` in `language`, from the process-wide cache (built on first use).
    public init(_ zone: TimeZone, language: DateLanguage = .english) {
        self = ZoneFormat.shared.format(zone, language: language)
    }

    /// A format built now, outside any cache.
    init(uncached zone: TimeZone, language: DateLanguage) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.firstWeekday = 2
        self.zone = zone
        self.language = language
        self.calendar = calendar
    }

    /// The cache every format comes from.
    static let shared = ZoneFormatCache(capacity: ZoneFormatCache.defaultCapacity)

    public var key: Key { Key(zone: zone.identifier, language: language.code) }

    /// The zone's name as a reader should see it: its IANA identifier, but `UTC` for the zone Foundation
    /// names `GMT` when it was asked for UTC (nobody in the workshop lives in London's winter time by that name).
    public var zoneName: String { zone.identifier == "GMT" ? "UTC" : zone.identifier }

    /// `YYYY-MM-DD` and `HH:MM` as wall-clock time in the zone: a four-digit year (1000 to 9999, so no calendar
    /// arithmetic runs on a year such as 10^17), a real day and time (no 31 February, no 25:00); nil otherwise.
    /// What people type for a deadline, a poll's closing or a reminder.
    public func wallClock(_ day: String, _ time: String) -> Date? {
        let dayWords = day.split(separator: "-", omittingEmptySubsequences: false)
        let clockWords = time.split(separator: ":", omittingEmptySubsequences: false)
        guard dayWords.count == 3, clockWords.count == 2, dayWords[0].count == 4,
            (dayWords + clockWords).allSatisfy({
                (1...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber }
            })
        else { return nil }
        let numbers = (dayWords + clockWords).compactMap { Int($0) }
        guard numbers.count == 5, numbers[0] >= 1000, (0..<24).contains(numbers[3]), (0..<60).contains(numbers[4])
        else { return nil }
        let wanted = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2])
        guard
            let date = calendar.date(
                from: DateComponents(
                    year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4])),
            calendar.dateComponents([.year, .month, .day], from: date) == wanted
        else { return nil }
        return date
    }

    /// The parts of `instant` in the zone.
    public func parts(_ instant: Date) -> Parts {
        if let parts = Self.civilParts(instant, offset: zone.secondsFromGMT(for:)) { return parts }
        return calendarParts(instant)
    }

    /// The parts as the zone's calendar works them out (every instant, but costly: a reply writes several).
    func calendarParts(_ instant: Date) -> Parts {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: instant)
        return Parts(
            year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0,
            minute: parts.minute ?? 0, weekday: parts.weekday ?? 0)
    }

    /// The parts of an instant between 1902 and 9998 from its UTC offset in the zone, by arithmetic on days
    /// (the proleptic Gregorian calendar, which the zone's calendar follows in those years); nil outside them.
    static func civilParts(_ instant: Date, offset: (Date) -> Int) -> Parts? {
        let seconds = instant.timeIntervalSince1970
        guard seconds.isFinite, seconds > -2_145_916_800, seconds < 253_370_764_800 else { return nil }
        let local = Int(seconds.rounded(.down)) + offset(instant)
        var days = local / 86_400
        var secondOfDay = local % 86_400
        if secondOfDay < 0 {
            days -= 1
            secondOfDay += 86_400
        }
        let (year, month, day) = GregorianDays.date(dayNumber: days)
        // 1970-01-01 was a Thursday: 5, counting Sunday as 1.
        let weekday = ((days % 7) + 7 + 4) % 7 + 1
        return Parts(
            year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
            weekday: weekday)
    }

    /// `09:00`.
    public func time(_ instant: Date) -> String { Self.clock(parts(instant)) }

    /// `Monday 8 November`.
    public func day(_ instant: Date) -> String { language.day(parts(instant), short: false) }

    /// `Mon 8 Nov`.
    public func shortDay(_ instant: Date) -> String { Self.shortDay(parts(instant), language) }

    /// `Mon 8 Nov 09:00`.
    public func shortDayAndTime(_ instant: Date) -> String {
        let parts = parts(instant)
        return "\(Self.shortDay(parts, language)) \(Self.clock(parts))"
    }

    /// `2021-11-08 09:00`.
    public func dateAndTime(_ instant: Date) -> String {
        let parts = parts(instant)
        return
            "\(Self.padded(parts.year, 4))-\(Self.padded(parts.month, 2))-\(Self.padded(parts.day, 2)) \(Self.clock(parts))"
    }

    /// The calendar day of `instant` in the zone (year, month and day only).
    public func calendarDay(of instant: Date) -> DateComponents {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return DateComponents(year: parts.year, month: parts.month, day: parts.day)
    }

    /// The first instant of calendar day `day` in the zone and the first of the next (23 or 25 hours apart on
    /// clock-change days); nil for a day the calendar cannot place.
    public func bounds(of day: DateComponents) -> (start: Date, end: Date)? {
        guard let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)),
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { return nil }
        return (start, end)
    }

    private static func shortDay(_ parts: Parts, _ language: DateLanguage) -> String {
        language.day(parts, short: true)
    }

    private static func clock(_ parts: Parts) -> String { "\(padded(parts.hour, 2)):\(padded(parts.minute, 2))" }

    /// `number` with leading zeros to `width` digits (a negative number keeps its sign in front).
    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (number < 0 ? "-" : "") + zeros + digits
    }
}

/// The formats built so far, per zone and language, shared by every plugin of the process.
///
/// Bounded: past `capacity` formats a new zone is formatted with a format built for the call and not kept,
/// so zone names typed in chat cannot grow the process's memory without end.
final class ZoneFormatCache: Sendable {
    /// More zones than a workshop's readers are in (the tz database has about 600), times a few languages.
    static let defaultCapacity = 1_024

    let capacity: Int
    private let formats = Mutex<[ZoneFormat.Key: ZoneFormat]>([:])

    init(capacity: Int) { self.capacity = capacity }

    func format(_ zone: TimeZone, language: DateLanguage) -> ZoneFormat {
        let key = ZoneFormat.Key(zone: zone.identifier, language: language.code)
        if let cached = formats.withLock({ $0[key] }) { return cached }
        let built = ZoneFormat(uncached: zone, language: language)
        formats.withLock { formats in
            if formats.count < capacity, formats[key] == nil { formats[key] = built }
        }
        return built
    }

    /// How many formats are kept.
    var count: Int { formats.withLock { $0.count } }

    /// Whether a format for `key` is kept.
    func contains(_ key: ZoneFormat.Key) -> Bool { formats.withLock { $0[key] != nil } }
}
