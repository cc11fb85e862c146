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
}

/// Reads the parts of iCalendar that calendar programs write for an agenda: line unfolding, text escapes,
/// `DTSTART`/`DTEND` (or `DURATION`) with `TZID`, UTC or floating times and all-day dates, `SUMMARY`,
/// `DESCRIPTION`, `LOCATION`, `URL`, `CATEGORIES` (a category `team:lao` makes it a team session), weekly
/// `RRULE` with `UNTIL` or `COUNT` (and `INTERVAL`), and `EXDATE`. Zones come from the system tz database by
/// their `TZID` name; embedded `VTIMEZONE` blocks are skipped.
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
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let physical = String(raw)
            if let first = physical.first, first == " " || first == "\t", !logical.isEmpty {
                logical[logical.count - 1].0 += physical.dropFirst()
            } else if !physical.isEmpty {
                logical.append((physical, index + 1))
            }
        }
        return try logical.map { text, line in
            guard let colon = colonIndex(text) else { throw ICalendarError(line: line, message: "not NAME:VALUE") }
            let head = text[..<colon].split(separator: ";").map(String.init)
            guard let name = head.first, !name.isEmpty else { throw ICalendarError(line: line, message: "no property name") }
            var parameters: [String: String] = [:]
            for parameter in head.dropFirst() {
                let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ICalendarError(line: line, message: "malformed parameter \(parameter)") }
                parameters[parts[0].uppercased()] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            return ContentLine(name: name.uppercased(), parameters: parameters, value: String(text[text.index(after: colon)...]), line: line)
        }
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

    /// A DATE or DATE-TIME value; returns the instant and whether it was an all-day date.
    static func instant(_ line: ContentLine, value: String? = nil, defaultZone: TimeZone) throws -> (Date, Bool) {
        let text = value ?? line.value
        var zone = defaultZone
        if let name = line.parameters["TZID"] {
            guard let named = TimeZone(identifier: name) else {
                throw ICalendarError(line: line.line, message: "unknown TZID \(name) (use an IANA name such as Europe/Berlin)")
            }
            zone = named
        }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "T" || $0 == "Z") }) else {
            throw ICalendarError(line: line.line, message: "not a date-time: \(text)")
        }
        let digits = text.filter(\.isNumber)
        let utc = text.hasSuffix("Z")
        if utc, let gmt = TimeZone(identifier: "UTC") { zone = gmt }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func number(_ from: Int, _ length: Int) -> Int? {
            let start = digits.index(digits.startIndex, offsetBy: from)
            return Int(digits[start..<digits.index(start, offsetBy: length)])
        }
        if digits.count == 8, !text.contains("T") {
            guard let date = calendar.date(from: DateComponents(year: number(0, 4), month: number(4, 2), day: number(6, 2))) else {
                throw ICalendarError(line: line.line, message: "not a date: \(text)")
            }
            return (date, true)
        }
        guard digits.count == 14, text.contains("T"),
            let date = calendar.date(
                from: DateComponents(
                    year: number(0, 4), month: number(4, 2), day: number(6, 2), hour: number(8, 2), minute: number(10, 2),
                    second: number(12, 2)))
        else { throw ICalendarError(line: line.line, message: "not a date-time: \(text)") }
        return (date, false)
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

    /// Every event occurrence of the file, in `defaultZone` where a time has no zone.
    static func events(_ text: String, defaultZone: TimeZone) throws -> [ICalendarEvent] {
        var events: [ICalendarEvent] = []
        var current: [ContentLine]?
        var skipping = 0
        for line in try contentLines(text) {
            switch (line.name, line.value.uppercased()) {
            case ("BEGIN", "VEVENT"): current = [line]
            case ("END", "VEVENT"):
                guard let lines = current else { throw ICalendarError(line: line.line, message: "END:VEVENT without BEGIN") }
                events += try expand(lines, defaultZone: defaultZone)
                current = nil
            case ("BEGIN", "VCALENDAR"), ("END", "VCALENDAR"): break
            case ("BEGIN", _): skipping += 1
            case ("END", _): skipping = max(0, skipping - 1)
            default:
                if skipping == 0 { current?.append(line) }
            }
        }
        if let open = current?.first { throw ICalendarError(line: open.line, message: "VEVENT is not closed") }
        return events
    }

    private static func expand(_ lines: [ContentLine], defaultZone: TimeZone) throws -> [ICalendarEvent] {
        let begin = lines[0].line
        func first(_ name: String) -> ContentLine? { lines.first { $0.name == name } }
        guard let startLine = first("DTSTART") else { throw ICalendarError(line: begin, message: "event without DTSTART") }
        let (start, allDay) = try instant(startLine, defaultZone: defaultZone)
        var length: TimeInterval
        if let endLine = first("DTEND") {
            length = try instant(endLine, defaultZone: defaultZone).0.timeIntervalSince(start)
        } else if let durationLine = first("DURATION") {
            guard let parsed = duration(durationLine.value) else {
                throw ICalendarError(line: durationLine.line, message: "not a duration: \(durationLine.value)")
            }
            length = parsed
        } else {
            length = allDay ? 86_400 : 3600
        }
        guard length > 0 else { throw ICalendarError(line: begin, message: "the event ends before it starts") }
        let summary = first("SUMMARY").map { unescape($0.value) } ?? "(untitled)"
        let uid = first("UID")?.value ?? "\(summary)-\(begin)"
        let categories = lines.filter { $0.name == "CATEGORIES" }.flatMap { unescape($0.value).split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let team = categories.first { $0.lowercased().hasPrefix("team:") }.map { String($0.dropFirst(5)) }
        let location = first("URL")?.value ?? first("LOCATION").map { unescape($0.value) }
        let base = ICalendarEvent(
            id: slug(uid), title: summary, start: start, end: start.addingTimeInterval(length),
            zone: startLine.parameters["TZID"] ?? defaultZone.identifier, description: first("DESCRIPTION").map { unescape($0.value) },
            location: location, tags: categories.filter { !$0.lowercased().hasPrefix("team:") }, team: team, line: begin)
        guard let rule = first("RRULE") else { return [base] }

        var parts: [String: String] = [:]
        for item in rule.value.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { parts[pair[0].uppercased()] = pair[1] }
        }
        guard parts["FREQ"]?.uppercased() == "WEEKLY" else {
            throw ICalendarError(line: rule.line, message: "only weekly RRULEs are supported (FREQ=WEEKLY)")
        }
        // Every 1 to 52 weeks: the occurrences below multiply it, so no value may overflow.
        guard let interval = Int(parts["INTERVAL"] ?? "1"), (1...52).contains(interval) else {
            throw ICalendarError(line: rule.line, message: "INTERVAL must be a number of weeks from 1 to 52")
        }
        let count = parts["COUNT"].flatMap(Int.init)
        let until = try parts["UNTIL"].map { try instant(startLine, value: $0, defaultZone: defaultZone).0 }
        guard count != nil || until != nil else {
            throw ICalendarError(line: rule.line, message: "a repeating event needs COUNT or UNTIL")
        }
        var excluded: Set<Date> = []
        for line in lines where line.name == "EXDATE" {
            for value in line.value.split(separator: ",") {
                excluded.insert(try instant(line, value: String(value), defaultZone: defaultZone).0)
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: base.zone) ?? defaultZone
        var occurrences: [ICalendarEvent] = []
        var index = 0
        while occurrences.count + excluded.count < 10_000 {
            guard let when = calendar.date(byAdding: .weekOfYear, value: index * interval, to: start) else { break }
            if let count, index >= count { break }
            if let until, when > until { break }
            index += 1
            if excluded.contains(when) { continue }
            var occurrence = base
            occurrence.start = when
            occurrence.end = when.addingTimeInterval(length)
            let day = Agenda.day(of: when, in: calendar.timeZone)
            occurrence.id = base.id + String(format: "-%04d%02d%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
            occurrences.append(occurrence)
        }
        return occurrences
    }

    /// A short id from a UID: the part before `@`, lower-cased, other characters as `-`.
    static func slug(_ uid: String) -> String {
        let local = uid.split(separator: "@").first.map(String.init) ?? uid
        let mapped = local.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(String(mapped).split(separator: "-").joined(separator: "-").prefix(40))
    }
}
