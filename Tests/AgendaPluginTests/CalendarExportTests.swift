import BotConfig
import BotCore
import BotRuntime
import Foundation
import Testing

@testable import AgendaPlugin

/// Calendars as organisers' programs export them (Tests/Fixtures/calendars), read as the agenda reads them:
/// within the workshop's days, 8 to 26 November 2021, in Hamburg's zone.
struct CalendarExportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/calendars")
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let iso = ISO8601DateFormatter()

    func events(_ file: String) throws -> [ICalendarEvent] {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent(file), encoding: .utf8)
        let from = try #require(iso.date(from: "2021-11-07T23:00:00Z"))
        let through = try #require(iso.date(from: "2021-11-26T23:00:00Z"))
        return try ICalendar.events(text, defaultZone: berlin, from: from, through: through)
    }

    @Test("Google: a weekday series with a moved and a cancelled occurrence, and an all-day event")
    func google() throws {
        let events = try events("google.ics")
        let plenary = events.filter { $0.title.hasPrefix("Morning plenary") }
        // Mondays, Wednesdays and Fridays from 8 to 26 November: 9 days; 12 Nov cancelled; 10 Nov moved to 11:00.
        #expect(plenary.count == 8)
        #expect(!plenary.contains { iso.string(from: $0.start) == "2021-11-12T08:00:00Z" })
        let moved = try #require(plenary.first { $0.title == "Morning plenary (moved to 11:00)" })
        #expect(iso.string(from: moved.start) == "2021-11-10T10:00:00Z")
        #expect(!plenary.contains { iso.string(from: $0.start) == "2021-11-10T08:00:00Z" })
        #expect(plenary.last.map { iso.string(from: $0.start) } == "2021-11-26T08:00:00Z")
        // Ids: typeable, from the title, the same for the moved occurrence as for the day it replaced.
        #expect(moved.id.hasPrefix("morning-plenary-") && moved.id.hasSuffix("-20211110"))
        #expect(Set(plenary.map(\.id)).count == plenary.count)
        #expect(plenary.allSatisfy { $0.location == "https://meet.google.com/abc-defg-hij" })
        // The all-day event is a date, not a day-long span in some zone.
        let free = try #require(events.first { $0.title == "Free day" })
        #expect(free.allDay?.first == CivilDate(year: 2021, month: 11, day: 20) && free.allDay?.count == 1)
    }

    @Test("Google: floating times in the calendar's X-WR-TIMEZONE; all-day events, repeating and multi-day, as dates")
    func googleCalendarZoneAndAllDay() throws {
        let events = try events("google-vientiane.ics")
        // 09:00 in Vientiane (X-WR-TIMEZONE), 02:00 UTC; not 09:00 in Hamburg, the workshop's zone.
        let checkIns = events.filter { $0.title == "Lao team check-in" }
        #expect(
            checkIns.map { iso.string(from: $0.start) } == [
                "2021-11-09T02:00:00Z", "2021-11-16T02:00:00Z", "2021-11-23T02:00:00Z",
            ])
        #expect(checkIns.allSatisfy { $0.zone == "Asia/Vientiane" && $0.allDay == nil })
        // A UTC time is UTC, whatever the calendar's zone.
        let recap = try #require(events.first { $0.title == "Plenary recap" })
        #expect(iso.string(from: recap.start) == "2021-11-10T12:00:00Z" && recap.allDay == nil)
        // Dates: Thursdays through 25 November without the 18th; a free Saturday; a two-day retreat (DTEND is
        // the first day after it).
        let dates = events.compactMap { event in event.allDay.map { (event.id, $0.first.number, $0.count) } }
            .sorted { $0.1 < $1.1 }
        #expect(
            dates.map(\.0).filter { $0.hasPrefix("reading-day") } == ["reading-day-20211111", "reading-day-20211125"])
        #expect(dates.map(\.1) == [20_211_111, 20_211_120, 20_211_122, 20_211_125])
        #expect(dates.map(\.2) == [1, 1, 2, 1])
    }

    @Test("Thunderbird: a daily team series with exceptions written in UTC and in the event's zone")
    func thunderbird() throws {
        let events = try events("thunderbird.ics")
        // 10 days from 8 November, 09:00 Vientiane (02:00 UTC), without 13 and 14 November.
        let days = events.map { iso.string(from: $0.start).prefix(10) }
        #expect(
            days == [
                "2021-11-08", "2021-11-09", "2021-11-10", "2021-11-11", "2021-11-12", "2021-11-15", "2021-11-16",
                "2021-11-17",
            ])
        #expect(events.allSatisfy { iso.string(from: $0.start).hasSuffix("T02:00:00Z") && $0.team == "lao" })
        #expect(
            events.first?.id == "lao-team-stand-up-"
                + String(format: "%06x", ICalendar.fnv1a("b5a1d8c2-7e3f-4a6b-9c0d-1e2f3a4b5c6d") & 0xFF_FFFF)
                + "-20211108")
    }

    @Test("Nextcloud: a weekly series with a floating UNTIL and an RDATE, a cancelled event, a to-do ignored")
    func nextcloud() throws {
        let events = try events("nextcloud.ics")
        #expect(
            events.map { iso.string(from: $0.start) } == [
                "2021-11-09T14:00:00Z", "2021-11-16T14:00:00Z", "2021-11-23T14:00:00Z", "2021-11-25T14:00:00Z",
            ])
        #expect(events.allSatisfy { $0.title == "Team leads check-in" && $0.location == "Hamburg office" })
        #expect(events.allSatisfy { $0.end.timeIntervalSince($0.start) == 3600 })
    }

    @Test("Outlook: Windows zone names and a custom VTIMEZONE, an override, machine UIDs that share 40 characters")
    func outlook() throws {
        let events = try events("outlook.ics")
        let theme = events.filter { $0.title.hasPrefix("Theme workshop") }
        // Tuesdays 10:00 in W. Europe Standard Time (Berlin's rules), through 23 Nov; 16 Nov moved to 14:00.
        #expect(
            theme.map { iso.string(from: $0.start) } == [
                "2021-11-09T09:00:00Z", "2021-11-16T13:00:00Z", "2021-11-23T09:00:00Z",
            ])
        #expect(theme[1].title == "Theme workshop (afternoon)" && theme[1].location == "Microsoft Teams Meeting")
        #expect(theme.allSatisfy { $0.zone == "Europe/Berlin" })
        let rehearsal = try #require(events.first { $0.title == "Closing rehearsal" })
        // The file's own zone, matched by its rules to a zone with Berlin's offsets.
        #expect(iso.string(from: rehearsal.start) == "2021-11-18T15:00:00Z")
        #expect(rehearsal.id.hasPrefix("closing-rehearsal-") && !theme.contains { $0.id.hasPrefix("closing") })
        #expect(Set(events.map(\.id)).count == events.count)
    }

    @Test("a VTIMEZONE is matched by its rules around the workshop's year, through clock changes")
    func ownZones() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VTIMEZONE
            TZID:Custom Eastern
            BEGIN:STANDARD
            DTSTART:20071104T020000
            RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
            TZOFFSETFROM:-0400
            TZOFFSETTO:-0500
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:20070311T020000
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
            TZOFFSETFROM:-0500
            TZOFFSETTO:-0400
            END:DAYLIGHT
            END:VTIMEZONE
            BEGIN:VTIMEZONE
            TZID:Plus Seven
            BEGIN:STANDARD
            DTSTART:19700101T000000
            TZOFFSETFROM:+0700
            TZOFFSETTO:+0700
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VEVENT
            UID:before-and-after
            DTSTART;TZID=Custom Eastern:20211105T090000
            RRULE:FREQ=WEEKLY;COUNT=2
            END:VEVENT
            BEGIN:VEVENT
            UID:seven
            DTSTART;TZID=Plus Seven:20211110T090000
            END:VEVENT
            END:VCALENDAR

            """
        let from = try #require(iso.date(from: "2021-11-01T00:00:00Z"))
        let events = try ICalendar.events(text, defaultZone: berlin, from: from)
        // 5 Nov in daylight time (UTC-4), 12 Nov after the change (UTC-5).
        #expect(
            events.filter { $0.id.hasPrefix("before-and-after") }.map { iso.string(from: $0.start) } == [
                "2021-11-05T13:00:00Z", "2021-11-12T14:00:00Z",
            ])
        #expect(events.first { $0.id == "seven" }.map { iso.string(from: $0.start) } == "2021-11-10T02:00:00Z")
    }

    @Test(
        "each export is accepted as the agenda's source",
        arguments: ["google.ics", "google-vientiane.ics", "thunderbird.ics", "nextcloud.ics", "outlook.ics"])
    func acceptedAsSource(_ file: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: Self.fixtures.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        let yaml = makeConfiguration(sessions: "  []", extra: "source: \(file)")
        let plugin = try PluginFactory(AgendaPlugin.self).load(
            yaml: yaml, file: folder.appendingPathComponent("agenda.yaml").path, decoder: YAMLConfigDecoder())
        #expect(plugin.name == "agenda")
    }
}
