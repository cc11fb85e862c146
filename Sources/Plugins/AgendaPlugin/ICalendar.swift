import Foundation

/// A line of an iCalendar file that cannot be used, with its line number.
struct ICalendarError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
}

/// An event read from an iCalendar file (RFC 5545), one occurrence of it after expanding its RRULE.
struct ICalendarEvent {
    var id: String
    var title: String
    var start: Date
    var end: Date
    var zone: String
    var description: String?
    var location: String?
    var tags: [String]
    var team: String?
    /// The line of its BEGIN:VEVENT, for error messages.
    var line: Int
    /// For an all-day event (`DTSTART;VALUE=DATE`), its first date and how many dates it covers (`DTEND` is
    /// exclusive); `start` and `end` are then midnights in the workshop's zone.
    var allDay: (first: CivilDate, count: Int)? = nil
}

/// Reads the parts of iCalendar (RFC 5545) that calendar programs write for an agenda: line unfolding (space or
/// TAB), CRLF or LF, a byte-order mark, text escapes, parameters with quoted or empty values; `DTSTART`/`DTEND`
/// (or `DURATION`) with `TZID`, UTC or floating times and all-day dates; `SUMMARY`, `DESCRIPTION`, `LOCATION`,
/// `URL`, `CATEGORIES` (a category `team:lao` makes it a team session), `STATUS:CANCELLED`; `X-WR-TIMEZONE`
/// (the zone of floating times, as Google and Apple write it); repetition by one
/// or more `RRULE`s (see `RecurrenceRule`), `RDATE` and `EXDATE` in their date and date-time forms, and
/// `RECURRENCE-ID` overrides that move, retitle or cancel one occurrence. Zones come from the system tz
/// database by their `TZID` name; other components (`VTIMEZONE`, `VALARM`, `VTODO`, `VJOURNAL`, `X-` ones)
/// and unknown properties are skipped.
enum ICalendar {
    struct ContentLine {
        var name: String
        var parameters: [String: String]
        var value: String
        var line: Int
    }

    /// Unfolds the text into content lines, each with the number of its first physical line.
    static func contentLines(_ text: String) throws -> [ContentLine] {
        var logical: [(String, Int)] = []
        // Split on any newline: Swift reads "\r\n" as one Character, so splitting on "\n" alone would not split.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (index, raw) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let physical = String(raw)
            if let first = physical.first, first == " " || first == "\t", !logical.isEmpty {
                logical[logical.count - 1].0 += physical.dropFirst()
            } else if !physical.isEmpty {
                logical.append((physical, index + 1))
            }
        }
        return try logical.map { text, line in
            guard let colon = colonIndex(text) else { throw ICalendarError(line: line, message: "not NAME:VALUE") }
            let head = splitOutsideQuotes(String(text[..<colon]), separator: ";")
            guard let name = head.first, !name.isEmpty else {
                throw ICalendarError(line: line, message: "no property name")
            }
            var parameters: [String: String] = [:]
            for parameter in head.dropFirst() {
                // An empty value (`X-TITLE=`) is allowed; a quoted one may hold `;`, `:` and `,`.
                let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(
                    String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw ICalendarError(line: line, message: "malformed parameter \(parameter.prefix(40))")
                }
                parameters[parts[0].uppercased()] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            return ContentLine(
                name: name.uppercased(), parameters: parameters, value: String(text[text.index(after: colon)...]),
                line: line)
        }
    }

    /// `text` split at `separator`, except where it stands inside double quotes.
    static func splitOutsideQuotes(_ text: String, separator: Character) -> [String] {
        var parts: [String] = [""]
        var quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle() }
            if ch == separator, !quoted {
                parts.append("")
            } else {
                parts[parts.count - 1].append(ch)
            }
        }
        return parts
    }

    /// The colon that ends the name and parameters (not one inside a quoted parameter value).
    private static func colonIndex(_ text: String) -> String.Index? {
        var quoted = false
        for index in text.indices {
            if text[index] == "\"" { quoted.toggle() }
            if text[index] == ":", !quoted { return index }
        }
        return nil
    }

    /// Text values: `\n`, `\,`, `\;` and `\\` escapes.
    static func unescape(_ value: String) -> String {
        var out = ""
        var escaped = false
        for ch in value {
            if escaped {
                out.append(ch == "n" || ch == "N" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// `PT1H30M`, `P1D`.
    static func duration(_ text: String) -> TimeInterval? {
        var total = 0.0
        var number = ""
        for ch in text.uppercased() {
            if ch.isASCII, ch.isNumber {
                number.append(ch)
                continue
            }
            let value = Double(number) ?? 0
            switch ch {
            case "W": total += value * 604_800
            case "D": total += value * 86_400
            case "H": total += value * 3600
            case "M": total += value * 60
            case "S": total += value
            case "P", "T", "+": break
            default: return nil
            }
            number = ""
        }
        return total > 0 ? total : nil
    }

    /// A DATE or DATE-TIME value as written: its wall-clock date and time, and the zone that places it (the
    /// `TZID`, UTC for a `Z` time, else `defaultZone` for a floating time or a date).
    struct WrittenTime {
        var local: LocalDateTime
        var zone: TimeZone
        var isDate: Bool
        var isUTC: Bool
        var instant: Date { local.instant(in: zone) }
    }

    static func writtenTime(
        _ line: ContentLine, value: String? = nil, defaultZone: TimeZone, zones: CalendarZones = CalendarZones()
    ) throws -> WrittenTime {
        let text = (value ?? line.value).trimmingCharacters(in: .whitespaces)
        var zone = defaultZone
        if let name = line.parameters["TZID"] {
            guard let named = zones.zone(named: name) else {
                throw ICalendarError(
                    line: line.line,
                    message:
                        "unknown TZID \(name.prefix(60)): not an IANA or Windows zone name, nor a VTIMEZONE of the file whose rules match a known zone"
                )
            }
            zone = named
        }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "T" || $0 == "Z") }) else {
            throw ICalendarError(line: line.line, message: "not a date-time: \(text.prefix(40))")
        }
        let digits = Array(text.filter(\.isNumber))
        func number(_ from: Int, _ length: Int) -> Int { Int(String(digits[from..<(from + length)])) ?? 0 }
        let isUTC = text.hasSuffix("Z")
        if isUTC { zone = TimeZone(secondsFromGMT: 0) ?? zone }
        if digits.count == 8, !text.contains("T") {
            let date = CivilDate(year: number(0, 4), month: number(4, 2), day: number(6, 2))
            guard date.isValid, date.year >= 1 else {
                throw ICalendarError(line: line.line, message: "not a date: \(text)")
            }
            return WrittenTime(local: LocalDateTime(date: date, seconds: 0), zone: zone, isDate: true, isUTC: false)
        }
        guard digits.count == 14, text.contains("T") else {
            throw ICalendarError(line: line.line, message: "not a date-time: \(text.prefix(40))")
        }
        let date = CivilDate(year: number(0, 4), month: number(4, 2), day: number(6, 2))
        let (hour, minute, second) = (number(8, 2), number(10, 2), number(12, 2))
        guard date.isValid, date.year >= 1, hour < 24, minute < 60, second < 61 else {
            throw ICalendarError(line: line.line, message: "not a date-time: \(text)")
        }
        let local = LocalDateTime(date: date, seconds: hour * 3600 + minute * 60 + min(second, 59))
        return WrittenTime(local: local, zone: zone, isDate: false, isUTC: isUTC)
    }

    /// One VEVENT's content lines.
    struct Component {
        var lines: [ContentLine]
        var begin: Int { lines.first?.line ?? 0 }
        func first(_ name: String) -> ContentLine? { lines.first { $0.name == name } }
        func all(_ name: String) -> [ContentLine] { lines.filter { $0.name == name } }
        var uid: String? { first("UID")?.value }
        var isCancelled: Bool { first("STATUS")?.value.uppercased() == "CANCELLED" }
    }

    /// Where the times of a file go when they name no zone.
    struct Placement {
        /// The workshop's zone: all-day dates are placed at its midnights (for ordering and the workshop's
        /// bounds; readers see them as dates).
        var workshop: TimeZone
        /// The zone of floating date-times: the calendar's `X-WR-TIMEZONE`, else the workshop's.
        var floating: TimeZone
        /// An `X-WR-TIMEZONE` that names no zone: a floating date-time is then refused, naming this line.
        var unknownCalendarZone: ContentLine?
    }

    /// `line`'s DATE or DATE-TIME as `placement` places it: a date in the workshop's zone, a floating time in the
    /// calendar's; a floating time is refused when the calendar's `X-WR-TIMEZONE` names no zone.
    static func placedTime(_ line: ContentLine, _ placement: Placement, zones: CalendarZones) throws -> WrittenTime {
        var written = try writtenTime(line, defaultZone: placement.floating, zones: zones)
        if written.isDate {
            written.zone = placement.workshop
        } else if line.parameters["TZID"] == nil, !written.isUTC, let unknown = placement.unknownCalendarZone {
            throw ICalendarError(
                line: line.line,
                message:
                    "a floating time, but X-WR-TIMEZONE:\(unknown.value.prefix(60)) (line \(unknown.line)) is not an IANA or Windows zone name, nor a VTIMEZONE of the file"
            )
        }
        return written
    }

    /// The date of `instant` in `zone`.
    static func date(of instant: Date, in zone: TimeZone) -> CivilDate {
        let local = instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))
        return CivilDate(dayNumber: Int((local / 86_400).rounded(.down)))
    }

    /// `event` made an all-day event on `count` dates from `first`, from midnight to midnight in `zone`.
    static func onDates(_ event: inout ICalendarEvent, from first: CivilDate, count: Int, zone: TimeZone) {
        event.allDay = (first, count)
        event.start = LocalDateTime(date: first, seconds: 0).instant(in: zone)
        event.end = LocalDateTime(date: CivilDate(dayNumber: first.dayNumber + count), seconds: 0).instant(in: zone)
    }

    /// Most dates one all-day event is taken to cover (a `DURATION` of 10^20 days becomes this many): far above
    /// the agenda's longest session, which refuses it with its line.
    static let maximumDays = 100_000

    /// Every event occurrence of the file. A floating time is in the calendar's `X-WR-TIMEZONE`, else in
    /// `defaultZone` (the workshop's); an all-day event covers its dates, placed at `defaultZone`'s midnights; an
    /// `X-WR-TIMEZONE` that names no zone refuses the file's first floating time, as an unknown `TZID` refuses
    /// the time that names it. A repeating event is
    /// expanded up to `limit` (its own COUNT or UNTIL may end it sooner), occurrences before `from` left out;
    /// an occurrence a `RECURRENCE-ID` override names is replaced by the override (or dropped when it is
    /// cancelled); cancelled events are skipped.
    static func events(_ text: String, defaultZone: TimeZone, from: Date? = nil, through limit: Date? = nil) throws
        -> [ICalendarEvent]
    {
        var components: [Component] = []
        var current: [ContentLine]?
        var skipping = 0
        let lines = try contentLines(text)
        let year = CivilDate(dayNumber: Int(((from ?? Date()).timeIntervalSince1970 / 86_400).rounded(.down))).year
        let zones = CalendarZones.read(lines, around: year)
        var placement = Placement(workshop: defaultZone, floating: defaultZone)
        var calendarZoneRead = false
        for line in lines {
            switch (line.name, line.value.uppercased()) {
            case ("X-WR-TIMEZONE", _) where skipping == 0 && current == nil && !calendarZoneRead:
                // The calendar's own zone, for its floating times (Google writes its calendar's zone here).
                calendarZoneRead = true
                if let zone = zones.zone(named: line.value.trimmingCharacters(in: .whitespaces)) {
                    placement.floating = zone
                } else {
                    placement.unknownCalendarZone = line
                }
            case ("BEGIN", "VEVENT") where skipping == 0: current = [line]
            case ("END", "VEVENT") where skipping == 0:
                guard let lines = current else {
                    throw ICalendarError(line: line.line, message: "END:VEVENT without BEGIN")
                }
                components.append(Component(lines: lines))
                current = nil
            case ("BEGIN", "VCALENDAR"), ("END", "VCALENDAR"): break
            case ("BEGIN", _): skipping += 1
            case ("END", _): skipping = max(0, skipping - 1)
            default:
                if skipping == 0 { current?.append(line) }
            }
        }
        if let open = current?.first { throw ICalendarError(line: open.line, message: "VEVENT is not closed") }
        // Overrides of a repeating event, by its UID.
        var overrides: [String: [Component]] = [:]
        for component in components where component.first("RECURRENCE-ID") != nil {
            guard let uid = component.uid else {
                throw ICalendarError(
                    line: component.begin, message: "an event with RECURRENCE-ID needs the UID of the event it changes")
            }
            overrides[uid, default: []].append(component)
        }
        var events: [ICalendarEvent] = []
        for component in components where component.first("RECURRENCE-ID") == nil && !component.isCancelled {
            events += try expand(
                component, overrides: component.uid.flatMap { overrides[$0] } ?? [], placement: placement,
                zones: zones, from: from, through: limit)
        }
        return events
    }

    /// The event a component describes, without its repetitions.
    private static func event(_ component: Component, id: String, placement: Placement, zones: CalendarZones) throws
        -> (ICalendarEvent, WrittenTime)
    {
        let begin = component.begin
        guard let startLine = component.first("DTSTART") else {
            throw ICalendarError(line: begin, message: "event without DTSTART")
        }
        let start = try placedTime(startLine, placement, zones: zones)
        var length: TimeInterval
        // An all-day event covers whole dates: DTEND is the first date after it (RFC 5545, 3.6.1).
        var dates = 1
        if let endLine = component.first("DTEND") {
            let end = try placedTime(endLine, placement, zones: zones)
            length = end.instant.timeIntervalSince(start.instant)
            dates =
                end.local.date.dayNumber + (!end.isDate && end.local.seconds > 0 ? 1 : 0)
                - start.local.date.dayNumber
        } else if let durationLine = component.first("DURATION") {
            guard let parsed = duration(durationLine.value) else {
                throw ICalendarError(
                    line: durationLine.line, message: "not a duration: \(durationLine.value.prefix(40))")
            }
            length = parsed
            dates = Int(min((parsed / 86_400).rounded(.up), Double(maximumDays)))
        } else {
            length = start.isDate ? 86_400 : 3600
        }
        guard length > 0, !start.isDate || dates > 0 else {
            throw ICalendarError(line: begin, message: "the event ends before it starts")
        }
        let summary = component.first("SUMMARY").map { unescape($0.value) } ?? "(untitled)"
        let categories = component.all("CATEGORIES").flatMap { splitOutsideQuotes(unescape($0.value), separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let team = categories.first { $0.lowercased().hasPrefix("team:") }.map { String($0.dropFirst(5)) }
        let location = component.first("URL")?.value ?? component.first("LOCATION").map { unescape($0.value) }
        var event = ICalendarEvent(
            id: id, title: summary, start: start.instant, end: start.instant.addingTimeInterval(length),
            zone: start.isUTC ? "UTC" : start.zone.identifier,
            description: component.first("DESCRIPTION").map { unescape($0.value) }, location: location,
            tags: categories.filter { !$0.lowercased().hasPrefix("team:") }, team: team, line: begin)
        if start.isDate {
            onDates(&event, from: start.local.date, count: min(dates, maximumDays), zone: start.zone)
        }
        return (event, start)
    }

    private static func expand(
        _ component: Component, overrides: [Component], placement: Placement, zones: CalendarZones, from: Date?,
        through limit: Date?
    ) throws -> [ICalendarEvent] {
        let summary = component.first("SUMMARY").map { unescape($0.value) } ?? "(untitled)"
        let baseID = sessionID(uid: component.uid ?? "\(summary)-\(component.begin)", title: summary)
        let (base, start) = try event(component, id: baseID, placement: placement, zones: zones)
        let rules = component.all("RRULE")
        let extraDates = component.all("RDATE")
        guard !rules.isEmpty || !extraDates.isEmpty else { return [base] }
        let length = base.end.timeIntervalSince(base.start)

        // The last wall-clock moment to expand to: the caller's limit, else a year after the start.
        let end = limit ?? start.instant.addingTimeInterval(366 * 86_400)
        let endLocal = LocalDateTime(
            date: CivilDate(
                dayNumber: Int(
                    ((end.timeIntervalSince1970 + Double(start.zone.secondsFromGMT(for: end))) / 86_400).rounded(.down))
            ),
            seconds: 86_399)
        var starts: Set<Date> = [start.instant]
        for rule in rules {
            let parsed: RecurrenceRule
            do {
                parsed = try RecurrenceRule.parse(rule.value) { text throws(RecurrenceError) in
                    do {
                        let until = try writtenTime(rule, value: text, defaultZone: start.zone, zones: zones)
                        if until.isDate { return .date(until.local.date) }
                        return until.isUTC ? .instant(until.instant) : .local(until.local)
                    } catch {
                        throw RecurrenceError("UNTIL=\(text.prefix(30)) is not a date or date-time")
                    }
                }
            } catch {
                throw ICalendarError(line: rule.line, message: "RRULE: \(error)")
            }
            for local in parsed.occurrences(from: start.local, in: start.zone, through: endLocal) {
                starts.insert(local.instant(in: start.zone))
            }
        }
        for line in extraDates {
            for value in splitOutsideQuotes(line.value, separator: ",") where !value.isEmpty {
                guard !value.contains("/") else { continue }  // a PERIOD: its start is not enough to place a session
                let written = try writtenTime(line, value: value, defaultZone: start.zone, zones: zones)
                let local =
                    written.isDate
                    ? LocalDateTime(date: written.local.date, seconds: start.local.seconds) : written.local
                starts.insert(written.isDate ? local.instant(in: start.zone) : written.instant)
            }
        }
        for line in component.all("EXDATE") {
            for value in splitOutsideQuotes(line.value, separator: ",") where !value.isEmpty {
                let written = try writtenTime(line, value: value, defaultZone: start.zone, zones: zones)
                if written.isDate {
                    // A date takes out every occurrence on that day, in the event's own zone.
                    starts = starts.filter {
                        Agenda.day(of: $0, in: start.zone)
                            != DateComponents(
                                year: written.local.date.year, month: written.local.date.month,
                                day: written.local.date.day)
                    }
                } else {
                    starts.remove(written.instant)
                }
            }
        }
        func occurrenceID(_ instant: Date) -> String {
            let day = Agenda.day(of: instant, in: start.zone)
            return baseID + String(format: "-%04d%02d%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
        }
        // Overrides replace the occurrence their RECURRENCE-ID names (or remove it, when cancelled).
        var replaced: [ICalendarEvent] = []
        for override in overrides {
            guard let idLine = override.first("RECURRENCE-ID") else { continue }
            let original = try writtenTime(idLine, defaultZone: start.zone, zones: zones)
            let originalStart =
                original.isDate
                ? LocalDateTime(date: original.local.date, seconds: start.local.seconds).instant(in: start.zone)
                : original.instant
            starts.remove(originalStart)
            if override.isCancelled { continue }
            var (moved, _) = try event(
                override, id: occurrenceID(originalStart), placement: placement, zones: zones)
            // What the override does not say, it keeps from the series.
            if override.first("SUMMARY") == nil { moved.title = base.title }
            if override.first("DTEND") == nil, override.first("DURATION") == nil {
                if let dates = moved.allDay, let series = base.allDay {
                    onDates(&moved, from: dates.first, count: series.count, zone: start.zone)
                } else {
                    moved.end = moved.start.addingTimeInterval(length)
                }
            }
            if override.first("URL") == nil, override.first("LOCATION") == nil { moved.location = base.location }
            if override.first("DESCRIPTION") == nil { moved.description = base.description }
            if override.first("CATEGORIES") == nil {
                moved.tags = base.tags
                moved.team = base.team
            }
            replaced.append(moved)
        }
        func inWindow(_ instant: Date) -> Bool { (from.map { instant >= $0 } ?? true) && instant < end }
        let occurrences = starts.sorted().filter(inWindow).map { instant -> ICalendarEvent in
            var occurrence = base
            occurrence.start = instant
            occurrence.end = instant.addingTimeInterval(length)
            if let dates = base.allDay {
                onDates(&occurrence, from: date(of: instant, in: start.zone), count: dates.count, zone: start.zone)
            }
            occurrence.id = occurrenceID(instant)
            return occurrence
        }
        return (occurrences + replaced.filter { inWindow($0.start) })
            .sorted { $0.start < $1.start }
    }

    /// A session id people can type, stable across re-imports of the same calendar: the UID's part before `@`
    /// when it reads as words (`weekly-review@uil.example` gives `weekly-review`); otherwise (Outlook's and
    /// Google's long machine UIDs, which can share their first 40 characters) the title's words and six hex
    /// digits of a hash of the whole UID (`opening-plenary-3f9a0c`).
    static func sessionID(uid: String, title: String) -> String {
        let local = slug(uid.split(separator: "@").first.map(String.init) ?? uid)
        // Words, not a machine's mix of letters and digits (`5m1c2o3k…`, a UUID, `20211101t101010z-1234`).
        let parts = local.split(separator: "-")
        let readable =
            local.count <= 40 && parts.allSatisfy { word in word.allSatisfy(\.isLetter) || word.allSatisfy(\.isNumber) }
            && parts.contains { word in word.count >= 2 && word.allSatisfy(\.isLetter) }
        if readable, !local.isEmpty { return local }
        let words = String(slug(title).prefix(30)).split(separator: "-").joined(separator: "-")
        return (words.isEmpty ? "event" : words) + "-" + String(format: "%06x", fnv1a(uid) & 0xFF_FFFF)
    }

    /// Lower-cased, letters and digits kept, everything else one `-`.
    static func slug(_ text: String) -> String {
        let mapped = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(mapped).split(separator: "-").joined(separator: "-")
    }

    /// The 64-bit FNV-1a hash of the UTF-8 bytes: the same on every machine and every run (Swift's `Hasher` is
    /// seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
