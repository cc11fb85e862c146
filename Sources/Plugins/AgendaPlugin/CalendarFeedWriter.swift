import BotCore
import Foundation

/// One entry of a calendar feed: a session or a deadline as calendar apps get it.
struct CalendarEntry: Sendable, Hashable {
    /// Stable across versions of the feed, so an app updates the entry instead of adding another.
    var uid: String
    /// Raised each time what the entry says changes (see `CalendarSequences`), so apps take the new version.
    var sequence: Int
    var start: Date
    /// Nil for a moment (a deadline): the entry has no length.
    var end: Date?
    /// For an all-day session, the dates it covers; `start` and `end` are then not written.
    var days: SessionDays?
    var summary: String
    var location: String?
    var description: String?
    var categories: [String]

    /// What a change of raises the sequence: the times, the title, the place and the text.
    var fingerprint: String {
        let times =
            days.map { "\($0.first)-\($0.last)" }
            ?? "\(start.timeIntervalSince1970)-\(end?.timeIntervalSince1970 ?? -1)"
        return [times, summary, location ?? "", description ?? ""].joined(separator: "\u{1F}")
    }
}

/// Writes an iCalendar feed (RFC 5545) of sessions and deadlines, as calendar apps subscribe to it: every time in
/// UTC, the workshop's zone as a `VTIMEZONE` (with its clock changes around the workshop) and `X-WR-TIMEZONE`,
/// text escaped and lines folded at 75 octets, CRLF line ends. Pure: no I/O, no clock.
enum CalendarFeedWriter {
    /// The whole feed.
    /// - Parameters:
    ///   - name: the calendar's name apps show (`X-WR-CALNAME`).
    ///   - zone: the workshop's zone.
    ///   - span: the instants the entries fall in, for the zone's clock changes.
    ///   - stamp: when the feed was written (`DTSTAMP`).
    static func write(
        name: String, zone: TimeZone, span: ClosedRange<Date>, entries: [CalendarEntry], stamp: Date
    ) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//workshop-bot//agenda//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:" + zone.identifier,
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
        ]
        lines += timeZone(zone, around: span)
        for entry in entries {
            lines += [
                "BEGIN:VEVENT", "UID:" + escape(entry.uid), "SEQUENCE:\(max(0, entry.sequence))",
                "DTSTAMP:" + utc(stamp),
            ]
            if let days = entry.days {
                lines.append("DTSTART;VALUE=DATE:\(days.first)")
                lines.append("DTEND;VALUE=DATE:\(dayAfter(days.last))")
            } else {
                lines.append("DTSTART:" + utc(entry.start))
                if let end = entry.end, end > entry.start { lines.append("DTEND:" + utc(end)) }
            }
            lines.append("SUMMARY:" + escape(entry.summary))
            if let location = entry.location, !location.isEmpty { lines.append("LOCATION:" + escape(location)) }
            if let description = entry.description, !description.isEmpty {
                lines.append("DESCRIPTION:" + escape(description))
            }
            if !entry.categories.isEmpty {
                lines.append("CATEGORIES:" + entry.categories.map(escape).joined(separator: ","))
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20211108T133000Z`.
    static func utc(_ instant: Date) -> String {
        let parts = ZoneFormat(.gmt).calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: instant)
        return local(parts) + "Z"
    }

    /// `20211108T143000`: a wall-clock time without a zone.
    private static func local(_ parts: DateComponents) -> String {
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        let year = parts.year ?? 1970
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return yearText + two(parts.month) + two(parts.day) + "T" + two(parts.hour) + two(parts.minute)
            + two(parts.second)
    }

    /// The date after `yyyymmdd`, as `yyyymmdd` (an all-day entry's `DTEND` is exclusive).
    static func dayAfter(_ day: Int) -> Int {
        let next = CivilDate(
            dayNumber: CivilDate(year: day / 10_000, month: day / 100 % 100, day: day % 100).dayNumber + 1)
        return next.year * 10_000 + next.month * 100 + next.day
    }

    /// Text with RFC 5545's escapes (backslash, semicolon, comma, line breaks) and without other control
    /// characters, which no property may hold.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var pieces: [String] = []
        var current = ""
        var size = 0
        var limit = 75
        for character in line {
            let length = String(character).utf8.count
            if size + length > limit, !current.isEmpty {
                pieces.append(current)
                current = ""
                size = 0
                limit = 74  // a continuation line starts with a space
            }
            current.append(character)
            size += length
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }

    /// The zone as a `VTIMEZONE`: its offset before `span` and each clock change from a year before to a year
    /// after it (a zone without changes has one `STANDARD` part).
    static func timeZone(_ zone: TimeZone, around span: ClosedRange<Date>) -> [String] {
        let from = span.lowerBound.addingTimeInterval(-366 * 86_400)
        let through = span.upperBound.addingTimeInterval(366 * 86_400)
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + zone.identifier]
        func part(at instant: Date, offsetFrom: Int, offsetTo: Int, written: DateComponents) -> [String] {
            let kind = zone.isDaylightSavingTime(for: instant) ? "DAYLIGHT" : "STANDARD"
            var part = [
                "BEGIN:\(kind)", "DTSTART:" + local(written), "TZOFFSETFROM:" + offset(offsetFrom),
                "TZOFFSETTO:" + offset(offsetTo),
            ]
            // A name such as CET; not the `GMT+1` Foundation gives where it knows none (the offsets say that).
            if let name = zone.abbreviation(for: instant), !name.isEmpty, !name.hasPrefix("GMT") {
                part.append("TZNAME:" + escape(name))
            }
            return part + ["END:\(kind)"]
        }
        let initial = zone.secondsFromGMT(for: from)
        lines += part(
            at: from, offsetFrom: initial, offsetTo: initial,
            written: DateComponents(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0))
        var cursor = from
        var count = 0
        while let change = zone.nextDaylightSavingTimeTransition(after: cursor), change <= through, count < 16 {
            let before = zone.secondsFromGMT(for: change.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: change)
            // DTSTART is the wall-clock time the change happens at, read in the offset in force before it.
            let written = ZoneFormat(.gmt).calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second], from: change.addingTimeInterval(TimeInterval(before)))
            lines += part(at: change, offsetFrom: before, offsetTo: after, written: written)
            cursor = change
            count += 1
        }
        return lines + ["END:VTIMEZONE"]
    }

    /// `+0530`, `-0300`.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return sign + two(minutes / 60) + two(minutes % 60)
    }
}
