import BotCore
import Foundation

/// The zones a calendar file's `TZID`s name, each as a real time zone: an IANA name (any case), a Windows name
/// as Outlook writes them (through the CLDR mapping in `WindowsZones`), or a zone the file defines itself in a
/// `VTIMEZONE` (`GMT +0100 (Standard) / GMT +0200 (Daylight)`), matched to the IANA zone whose offsets agree
/// with its rules around the workshop's year, so readers' times and clock changes follow the zone database.
struct CalendarZones {
    /// Zones the file defines, by their `TZID`.
    var defined: [String: TimeZone] = [:]

    /// The zone `name` names, or nil.
    func zone(named name: String) -> TimeZone? {
        if case .success(let zone) = ZoneNames.zone(named: name) { return zone }
        if let iana = WindowsZones.iana[name], let zone = TimeZone(identifier: iana) { return zone }
        if let zone = defined[name] { return zone }
        // Some programs prefix the IANA name (`/mozilla.org/20070129_1/Europe/Berlin`).
        let parts = name.split(separator: "/")
        if parts.count >= 2, case .success(let zone) = ZoneNames.zone(named: parts.suffix(2).joined(separator: "/")) {
            return zone
        }
        return nil
    }

    /// One STANDARD or DAYLIGHT part of a VTIMEZONE: from its onset on (and at each repetition), clocks show
    /// `offsetTo` seconds from UTC; before, `offsetFrom`.
    struct Observance {
        var onset: LocalDateTime
        var offsetFrom: Int
        var offsetTo: Int
        var rule: RecurrenceRule?
        var dates: [LocalDateTime] = []
    }

    /// The VTIMEZONE definitions among `lines`, each matched to a zone around `year`. A definition that cannot
    /// be read, or that no zone matches, is left out (its TZID is then reported where an event uses it).
    static func read(_ lines: [ICalendar.ContentLine], around year: Int) -> CalendarZones {
        var zones = CalendarZones()
        var index = 0
        while index < lines.count {
            guard lines[index].name == "BEGIN", lines[index].value.uppercased() == "VTIMEZONE" else {
                index += 1
                continue
            }
            var id: String?
            var observances: [Observance] = []
            var part: [ICalendar.ContentLine]?
            index += 1
            while index < lines.count, !(lines[index].name == "END" && lines[index].value.uppercased() == "VTIMEZONE") {
                let line = lines[index]
                switch (line.name, line.value.uppercased()) {
                case ("TZID", _) where part == nil: id = line.value
                case ("BEGIN", "STANDARD"), ("BEGIN", "DAYLIGHT"): part = []
                case ("END", "STANDARD"), ("END", "DAYLIGHT"):
                    if let part, let observance = observance(part) { observances.append(observance) }
                    part = nil
                default: part?.append(line)
                }
                index += 1
            }
            // A TZID that is already an IANA or Windows name needs no matching: those names win in `zone(named:)`.
            if let id, zones.zone(named: id) == nil, let zone = matching(observances, around: year) {
                zones.defined[id] = zone
            }
            index += 1
        }
        return zones
    }

    private static func observance(_ lines: [ICalendar.ContentLine]) -> Observance? {
        func first(_ name: String) -> ICalendar.ContentLine? { lines.first { $0.name == name } }
        guard let start = first("DTSTART"), let from = first("TZOFFSETFROM").flatMap({ offset($0.value) }),
            let to = first("TZOFFSETTO").flatMap({ offset($0.value) }),
            let onset = try? ICalendar.writtenTime(start, defaultZone: TimeZone(secondsFromGMT: 0) ?? .gmt)
        else { return nil }
        var observance = Observance(onset: onset.local, offsetFrom: from, offsetTo: to)
        if let rule = first("RRULE") {
            observance.rule = try? RecurrenceRule.parse(rule.value) { text throws(RecurrenceError) in
                guard
                    let until = try? ICalendar.writtenTime(
                        rule, value: text, defaultZone: TimeZone(secondsFromGMT: 0) ?? .gmt)
                else { throw RecurrenceError("bad UNTIL") }
                // UNTIL is in UTC in a VTIMEZONE; compare it in the wall time before the onset.
                return .local(LocalDateTime(date: until.local.date, seconds: until.local.seconds))
            }
        }
        for line in lines where line.name == "RDATE" {
            for value in line.value.split(separator: ",") {
                if let date = try? ICalendar.writtenTime(line, value: String(value), defaultZone: .gmt) {
                    observance.dates.append(date.local)
                }
            }
        }
        return observance
    }

    /// `+0100`, `-0500`, `+053000` in seconds east of UTC.
    static func offset(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let sign = trimmed.first, sign == "+" || sign == "-" else { return nil }
        let digits = trimmed.dropFirst()
        guard digits.count == 4 || digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let hours = Int(digits.prefix(2)), let minutes = Int(digits.dropFirst(2).prefix(2)), hours < 24,
            minutes < 60
        else { return nil }
        let seconds = digits.count == 6 ? Int(digits.suffix(2)) ?? 0 : 0
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60 + seconds)
    }

    /// The zone whose offsets agree with the observances' at every change and in the middle of every month, in
    /// the years around `year`; a zone without changes becomes a fixed offset.
    static func matching(_ observances: [Observance], around year: Int) -> TimeZone? {
        guard !observances.isEmpty else { return nil }
        let first = LocalDateTime(date: CivilDate(year: year - 1, month: 1, day: 1), seconds: 0)
        let last = LocalDateTime(date: CivilDate(year: year + 1, month: 12, day: 31), seconds: 86_399)
        var changes: [(at: Double, offset: Int, before: Int)] = []
        for observance in observances {
            var onsets = [observance.onset] + observance.dates
            if let rule = observance.rule {
                // Expanded in UTC: the wall times are the observance's own; only their order matters here.
                onsets += rule.occurrences(from: observance.onset, in: .gmt, through: last)
            }
            for onset in onsets where onset >= first && onset <= last {
                let naive = Double(onset.date.dayNumber) * 86_400 + Double(onset.seconds)
                changes.append((naive - Double(observance.offsetFrom), observance.offsetTo, observance.offsetFrom))
            }
        }
        changes.sort { $0.at < $1.at }
        let offsets = Set(observances.map(\.offsetTo))
        if offsets.count == 1, let only = offsets.first { return TimeZone(secondsFromGMT: only) }
        guard !changes.isEmpty else { return nil }
        func expected(at instant: Double) -> Int {
            changes.last { $0.at <= instant }?.offset ?? changes[0].before
        }
        var samples: [Double] = []
        for change in changes { samples += [change.at - 3600, change.at + 3600] }
        for y in (year - 1)...(year + 1) {
            for month in 1...12 {
                samples.append(Double(CivilDate(year: y, month: month, day: 15).dayNumber) * 86_400 + 43_200)
            }
        }
        let regions = ["Europe/", "America/", "Asia/", "Africa/", "Australia/", "Pacific/", "Atlantic/", "Indian/"]
        let candidates = TimeZone.knownTimeZoneIdentifiers.sorted { lhs, rhs in
            let l = regions.firstIndex { lhs.hasPrefix($0) } ?? regions.count
            let r = regions.firstIndex { rhs.hasPrefix($0) } ?? regions.count
            return (l, lhs) < (r, rhs)
        }
        for identifier in candidates {
            guard let zone = TimeZone(identifier: identifier) else { continue }
            if samples.allSatisfy({ zone.secondsFromGMT(for: Date(timeIntervalSince1970: $0)) == expected(at: $0) }) {
                return zone
            }
        }
        return nil
    }
}
