import BotConfig
import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import AgendaPlugin

func zone(_ id: String) -> TimeZone { TimeZone(identifier: id)! }

func makeConfiguration(sessions: String, extra: String = "") -> String {
    """
    workshop:
      name: Test workshop
      time_zone: Europe/Berlin
      time_zone_label: Hamburg
      first_day: 2021-10-25
      last_day: 2021-11-26
    \(extra)
    announce_chats: [test:room]
    sessions:
    \(sessions)
    """
}

func load(_ yaml: String) throws -> LoadedPlugin {
    try PluginFactory(AgendaPlugin.self).load(yaml: yaml, file: "agenda.yaml", decoder: YAMLConfigDecoder())
}

func plugin(_ yaml: String) throws -> AgendaPlugin {
    let node = try YAMLConfigDecoder().compose(yaml: yaml, file: "agenda.yaml")
    return try AgendaPlugin(
        configuration: YAMLConfigDecoder().decode(AgendaConfiguration.self, from: node, file: "agenda.yaml"))
}

struct AgendaTimeTests {
    @Test(
        "one Berlin session read across the 31 October 2021 clock change and around the world",
        arguments: [
            // Before the change Berlin is UTC+2, after it UTC+1.
            ("2021-10-29 09:00", "Asia/Kathmandu", "12:45"),  // UTC+5:45
            ("2021-11-01 09:00", "Asia/Kathmandu", "13:45"),
            ("2021-10-29 09:00", "Asia/Shanghai", "15:00"),  // UTC+8
            ("2021-11-01 09:00", "Asia/Shanghai", "16:00"),
            ("2021-10-29 09:00", "Africa/Kampala", "10:00"),  // UTC+3
            ("2021-11-01 09:00", "Africa/Kampala", "11:00"),
            ("2021-11-01 09:00", "Europe/Berlin", "09:00"),
        ])
    func conversion(_ start: String, _ reader: String, _ expected: String) throws {
        let instant = try #require(AgendaConfiguration.parseDateTime(start, in: zone("Europe/Berlin")))
        #expect(time(instant, zone(reader)) == expected)
    }

    @Test func wallClockTimesAtClockChangesResolveTheDocumentedWay() throws {
        let berlin = zone("Europe/Berlin")
        // 02:30 on 28 March 2021 does not exist in Berlin: it moves forward by the gap, to 03:30 CEST.
        let skipped = try #require(AgendaConfiguration.parseDateTime("2021-03-28 02:30", in: berlin))
        #expect(skipped == ISO8601DateFormatter().date(from: "2021-03-28T01:30:00Z"))
        // 02:30 on 31 October 2021 happens twice: the first (summer-time) one is meant.
        let repeated = try #require(AgendaConfiguration.parseDateTime("2021-10-31 02:30", in: berlin))
        #expect(repeated == ISO8601DateFormatter().date(from: "2021-10-31T00:30:00Z"))
    }

    @Test func aSessionCrossingMidnightForTheReaderShowsOnBothDays() throws {
        let agenda = try plugin(
            makeConfiguration(
                sessions: """
                      - id: late
                        title: Late review
                        start: 2021-11-16 16:30
                        end: 18:00
                    """)
        ).agenda
        let shanghai = zone("Asia/Shanghai")  // 23:30 to 01:00 there
        let tuesday = agenda.sessions(
            on: DateComponents(year: 2021, month: 11, day: 16), in: shanghai, from: agenda.sessions)
        let wednesday = agenda.sessions(
            on: DateComponents(year: 2021, month: 11, day: 17), in: shanghai, from: agenda.sessions)
        let thursday = agenda.sessions(
            on: DateComponents(year: 2021, month: 11, day: 18), in: shanghai, from: agenda.sessions)
        #expect(tuesday.map(\.id) == ["late"])
        #expect(wednesday.map(\.id) == ["late"])
        #expect(thursday.isEmpty)
        let berlinWednesday = agenda.sessions(
            on: DateComponents(year: 2021, month: 11, day: 17), in: zone("Europe/Berlin"), from: agenda.sessions)
        #expect(berlinWednesday.isEmpty)
    }

    @Test func searchIgnoresCaseAndAccentsAndRanksTitlesFirst() throws {
        let agenda = try plugin(
            makeConfiguration(
                sessions: """
                      - id: a
                        title: Report back
                        start: 2021-11-15 09:00
                        duration: 30m
                        description: about learning cities in Mongolia
                      - id: b
                        title: Learning Cities
                        start: 2021-11-16 09:00
                        duration: 30m
                      - id: c
                        title: Éducation non formelle
                        start: 2021-11-17 09:00
                        duration: 30m
                    """)
        ).agenda
        #expect(agenda.search(["LEARNING", "cities"], in: agenda.sessions).map(\.id) == ["b", "a"])
        #expect(agenda.search(["education"], in: agenda.sessions).map(\.id) == ["c"])
        #expect(agenda.search(["nothing"], in: agenda.sessions).isEmpty)
    }

    @Test func countdownsReadNaturally() {
        let now = Date(timeIntervalSince1970: 0)
        let texts = Localization.coreOnly.texts(.english)
        #expect(texts.countdown(from: now, to: now.addingTimeInterval(8100)) == "in 2 h 15 min")
        #expect(texts.countdown(from: now, to: now.addingTimeInterval(2 * 86400 + 4 * 3600)) == "in 2 days 4 h")
        #expect(texts.countdown(from: now, to: now.addingTimeInterval(299)) == "in 5 min")
        #expect(texts.countdown(from: now, to: now) == "now")
    }
}

struct AgendaConfigurationTests {
    @Test(
        "bad agendas are refused with the line of the problem",
        arguments: [
            ("  - id: x\n    title: X\n    start: 2021-11-16 10:00\n    end: 09:00\n", "ends before it starts", 13),
            (
                "  - id: x\n    title: X\n    start: 2021-12-01 10:00\n    duration: 1h\n", "outside the workshop days",
                12
            ),
            (
                "  - id: x\n    title: X\n    start: 2021-02-30 10:00\n    duration: 1h\n", "expected YYYY-MM-DD HH:MM",
                12
            ),
            (
                "  - id: x\n    title: X\n    start: 2021-11-16 10:00\n    duration: 1h\n    time_zone: Mars/Base\n",
                "unknown time zone", 14
            ),
            (
                "  - id: x\n    title: X\n    start: 2021-11-16 10:00\n    duration: 1h\n  - id: y\n    title: Y\n    start: 2021-11-16 10:30\n    duration: 1h\n",
                "overlaps session x", 16
            ),
            (
                "  - id: x\n    title: X\n    start: 2021-11-16 10:00\n    duration: 1h\n    where: javascript:alert(1)//x\n",
                "only http and https", 14
            ),
            (
                "  - id: x\n    title: X\n    start: 2021-11-16 10:00\n    duration: 99999999999999999999h\n",
                "a session lasts at most 7 days", 13
            ),
            (
                "  - id: x\n    title: X\n    start: 2021-11-16 10:00\n    duration: 169h\n",
                "a session lasts at most 7 days", 13
            ),
            (
                "  - id: x\n    title: X\n    start: 2021-11-16 10:00\n    end: 9999-12-31 10:00\n",
                "a session lasts at most 7 days", 13
            ),
        ])
    func refused(_ sessions: String, _ message: String, _ line: Int) {
        do {
            _ = try load(makeConfiguration(sessions: sessions))
            Issue.record("expected an error")
        } catch let errors as ConfigErrors {
            let issue = errors.issues.first
            #expect(issue?.message.contains(message) == true, "\(errors)")
            #expect(issue?.line == line, "\(errors)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("announcements come at most a day before a session", arguments: ["25h", "99999999999999999999h"])
    func aLongAnnouncementLeadIsRefused(_ lead: String) throws {
        let sessions = "  - id: x\n    title: X\n    start: 2021-11-16 10:00\n    duration: 1h\n"
        #expect(throws: ConfigErrors.self) {
            try load(makeConfiguration(sessions: sessions, extra: "announce_before: \(lead)"))
        }
        do {
            _ = try load(makeConfiguration(sessions: sessions, extra: "announce_before: \(lead)"))
        } catch {
            #expect("\(error)".contains("announce_before: at most 24h before the session"), "\(error)")
        }
        #expect(try load(makeConfiguration(sessions: sessions, extra: "announce_before: 24h")).name == "agenda")
    }

    @Test func teamSessionsMayRunSideBySide() throws {
        let agenda = try plugin(
            makeConfiguration(
                sessions: """
                      - id: a
                        title: A
                        start: 2021-11-16 09:00
                        duration: 1h
                        team: lao
                      - id: b
                        title: B
                        start: 2021-11-16 09:00
                        duration: 1h
                        team: uganda
                    """)
        ).agenda
        #expect(agenda.visible(to: "lao", all: false).map(\.id) == ["a"])
        #expect(agenda.visible(to: nil, all: true).count == 2)
    }

    @Test func theShippedSampleIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("plugins-config/agenda.yaml")
        let agenda = try plugin(try String(contentsOf: url, encoding: .utf8)).agenda
        #expect(agenda.sessions.count >= 15)
        #expect(agenda.sessions.first?.id == "opening")
    }
}
