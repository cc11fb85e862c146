import BotConfig
import BotCore
import BotRuntime
import Foundation
import Testing

@testable import AgendaPlugin

struct ICalendarTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let iso = ISO8601DateFormatter()

    let calendar = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        BEGIN:VTIMEZONE\r
        TZID:Europe/Berlin\r
        BEGIN:STANDARD\r
        DTSTART:19701025T030000\r
        END:STANDARD\r
        END:VTIMEZONE\r
        BEGIN:VEVENT\r
        UID:weekly-review@uil.example\r
        DTSTART;TZID=Europe/Berlin:20211027T140000\r
        DTEND;TZID=Europe/Berlin:20211027T153000\r
        RRULE:FREQ=WEEKLY;COUNT=4\r
        EXDATE;TZID=Europe/Berlin:20211110T140000\r
        SUMMARY:Weekly review\\, all teams\r
        DESCRIPTION:Bring your draft.\\nOne page is enough.\r
        CATEGORIES:review,draft\r
        URL:https://meet.example.org/review\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:lao-clinic\r
        DTSTART:20211109T030000Z\r
        DURATION:PT1H\r
        SUMMARY:Lao drafting clinic with a very long title that the calendar program folded \r
         onto the next line\r
        CATEGORIES:team:lao,clinic\r
        LOCATION:Room 3: Hall\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:free-day\r
        DTSTART;VALUE=DATE:20211113\r
        SUMMARY:Free day\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test func aWeeklyEventWithAnExceptionAndTheOtherFormsAreRead() throws {
        let events = try ICalendar.events(calendar, defaultZone: berlin)
        let weekly = events.filter { $0.id.hasPrefix("weekly-review") }
        // 27 Oct (summer time), 3 Nov and 17 Nov (winter time); 10 Nov is excepted. 14:00 Berlin each time.
        #expect(weekly.map(\.id) == ["weekly-review-20211027", "weekly-review-20211103", "weekly-review-20211117"])
        #expect(
            weekly.map { iso.string(from: $0.start) } == [
                "2021-10-27T12:00:00Z", "2021-11-03T13:00:00Z", "2021-11-17T13:00:00Z",
            ])
        #expect(weekly.allSatisfy { $0.end.timeIntervalSince($0.start) == 5400 })
        #expect(weekly.first?.title == "Weekly review, all teams")
        #expect(weekly.first?.description == "Bring your draft.\nOne page is enough.")
        #expect(weekly.first?.tags == ["review", "draft"])
        #expect(weekly.first?.location == "https://meet.example.org/review")

        let clinic = try #require(events.first { $0.id == "lao-clinic" })
        #expect(
            clinic.title
                == "Lao drafting clinic with a very long title that the calendar program folded onto the next line")
        #expect(iso.string(from: clinic.start) == "2021-11-09T03:00:00Z")
        #expect(clinic.end.timeIntervalSince(clinic.start) == 3600)
        #expect(clinic.team == "lao")
        #expect(clinic.location == "Room 3: Hall")

        // A date without DTEND is that one date, placed at the workshop's midnight only for ordering.
        let free = try #require(events.first { $0.id == "free-day" })
        #expect(free.allDay?.first == CivilDate(year: 2021, month: 11, day: 13) && free.allDay?.count == 1)
        #expect(iso.string(from: free.start) == "2021-11-12T23:00:00Z")
        #expect(free.end.timeIntervalSince(free.start) == 86_400)
    }

    @Test func anUnknownCalendarZoneRefusesTheFloatingTimesItWouldPlace() throws {
        // Times with a zone of their own do not need it.
        let zoned = """
            BEGIN:VCALENDAR
            X-WR-TIMEZONE:Mars/Base
            BEGIN:VEVENT
            UID:zoned
            DTSTART:20211108T090000Z
            END:VEVENT
            BEGIN:VEVENT
            UID:named
            DTSTART;TZID=Asia/Vientiane:20211108T150000
            END:VEVENT
            BEGIN:VEVENT
            UID:dated
            DTSTART;VALUE=DATE:20211109
            END:VEVENT
            END:VCALENDAR
            """
        #expect(try ICalendar.events(zoned, defaultZone: berlin).count == 3)
        // A floating time is refused with its line and the X-WR-TIMEZONE's, as an unknown TZID is.
        let floating = zoned.replacingOccurrences(of: "DTSTART:20211108T090000Z", with: "DTSTART:20211108T090000")
        do {
            _ = try ICalendar.events(floating, defaultZone: berlin)
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)".hasPrefix("line 5: a floating time, but X-WR-TIMEZONE:Mars/Base (line 2) is not an IANA"),
                "\(error)")
        }
    }

    @Test(
        "broken files are refused with the line",
        arguments: [
            ("BEGIN:VEVENT\nDTSTART:2021-11-08\nEND:VEVENT\n", "line 2: not a date-time"),
            (
                "BEGIN:VEVENT\nDTSTART:20211108T090000\nRRULE:FREQ=HOURLY;COUNT=3\nEND:VEVENT\n",
                "line 3: RRULE: FREQ=HOURLY is not supported"
            ),
            (
                "BEGIN:VEVENT\nDTSTART:20211108T090000\nRRULE:FREQ=WEEKLY;COUNT=-5\nEND:VEVENT\n",
                "line 3: RRULE: COUNT=-5"
            ),
            ("BEGIN:VEVENT\nSUMMARY no colon here\nEND:VEVENT\n", "line 2: not NAME:VALUE"),
            ("BEGIN:VEVENT\nDTSTART;TZID=Mars/Base:20211108T090000\nEND:VEVENT\n", "line 2: unknown TZID"),
            ("BEGIN:VEVENT\nDTSTART:20211108T090000\n", "line 1: VEVENT is not closed"),
            // An interval that would overflow when multiplied by the occurrence number, and ones that mean nothing.
            (
                "BEGIN:VEVENT\nDTSTART:20211108T090000\nRRULE:FREQ=WEEKLY;COUNT=3;INTERVAL=9223372036854775807\nEND:VEVENT\n",
                "line 3: RRULE: INTERVAL="
            ),
            (
                "BEGIN:VEVENT\nDTSTART:20211108T090000\nRRULE:FREQ=WEEKLY;COUNT=3;INTERVAL=0\nEND:VEVENT\n",
                "line 3: RRULE: INTERVAL="
            ),
            (
                "BEGIN:VEVENT\nDTSTART:20211108T090000\nRRULE:FREQ=WEEKLY;COUNT=3;INTERVAL=-2\nEND:VEVENT\n",
                "line 3: RRULE: INTERVAL="
            ),
        ])
    func broken(_ text: String, _ expected: String) {
        #expect(throws: ICalendarError.self) { try ICalendar.events(text, defaultZone: berlin) }
        do {
            _ = try ICalendar.events(text, defaultZone: berlin)
        } catch {
            #expect("\(error)".hasPrefix(expected), "\(error)")
        }
    }

    @Test func anAgendaCanComeFromAnICSFileNextToTheYAML() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try calendar.write(to: folder.appendingPathComponent("agenda.ics"), atomically: true, encoding: .utf8)
        let yaml = makeConfiguration(sessions: "  []", extra: "source: agenda.ics")
        let plugin = try PluginFactory(AgendaPlugin.self).load(
            yaml: yaml, file: folder.appendingPathComponent("agenda.yaml").path, decoder: YAMLConfigDecoder())
        #expect(plugin.name == "agenda")

        try "BEGIN:VEVENT\nDTSTART:20211108T090000\nRRULE:FREQ=MINUTELY;COUNT=2\nEND:VEVENT\n"
            .write(to: folder.appendingPathComponent("agenda.ics"), atomically: true, encoding: .utf8)
        do {
            _ = try PluginFactory(AgendaPlugin.self).load(
                yaml: yaml, file: folder.appendingPathComponent("agenda.yaml").path, decoder: YAMLConfigDecoder())
            Issue.record("expected an error")
        } catch let errors as ConfigErrors {
            #expect(
                errors.description.contains(
                    "agenda.yaml:7:9: source: agenda.ics line 3: RRULE: FREQ=MINUTELY is not supported"), "\(errors)")
        }
    }
}
