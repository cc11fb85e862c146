import BotCore
import Foundation

/// One session of the workshop, with its times resolved to instants.
public struct Session: Sendable, Hashable, Codable {
    public var id: String
    /// Per language when agenda.yaml gives it so (`LocalizedText`); a calendar's is one text for everyone.
    public var title: LocalizedText
    public var start: Date
    public var end: Date
    /// The zone the session was written in (shown in details).
    public var timeZone: String
    public var kind: String
    /// The team it is for; nil for everyone.
    public var team: String?
    public var speakers: [String]
    /// A meeting link or a room (a room's name may be given per language).
    public var location: LocalizedText?
    public var description: LocalizedText?
    public var tags: [String]
    /// For an all-day session (an iCalendar `VALUE=DATE` event), the dates it covers: the same days for every
    /// reader, whatever their zone. `start` and `end` are then its first day's and the day after its last day's
    /// midnights in the workshop's zone, for ordering and the workshop's bounds only.
    public var days: SessionDays? = nil

    /// True when it is for everyone (plenaries, shared deadlines).
    public var isForEveryone: Bool { team == nil }

    /// True when it covers whole dates rather than a span of time.
    public var isAllDay: Bool { days != nil }
}

/// The dates an all-day session covers, first and last included, each as `yyyymmdd`: dates, not instants, so
/// that no reader's zone shifts them.
public struct SessionDays: Sendable, Hashable, Codable {
    public var first: Int
    public var last: Int

    public init(first: Int, last: Int) {
        self.first = first
        self.last = last
    }

    /// Whether the calendar day `day` is one of them.
    public func contains(_ day: DateComponents) -> Bool {
        (first...max(first, last)).contains(AgendaView.number(day))
    }

    /// How many days they are.
    var count: Int {
        let dayNumber = { (number: Int) in
            CivilDate(year: number / 10_000, month: number / 100 % 100, day: number % 100).dayNumber
        }
        return dayNumber(last) - dayNumber(first) + 1
    }
}

/// The workshop and its sessions, sorted by start; the pure logic behind the commands (no I/O).
public struct Agenda: Sendable {
    public var name: String
    /// The workshop's own zone, shown next to the reader's.
    public var timeZone: TimeZone
    /// The place people associate with that zone (`Hamburg` for Europe/Berlin).
    public var timeZoneLabel: String
    public var firstDay: DateComponents
    public var lastDay: DateComponents
    public var sessions: [Session]

    public init(
        name: String, timeZone: TimeZone, timeZoneLabel: String, firstDay: DateComponents, lastDay: DateComponents,
        sessions: [Session]
    ) {
        self.name = name
        self.timeZone = timeZone
        self.timeZoneLabel = timeZoneLabel
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.sessions = sessions.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// The sessions listed in a chat: in a team's chat everyone's plus the team's own; elsewhere, or with
    /// `all`, every session.
    public func visible(to team: String?, all: Bool) -> [Session] {
        guard let team, !all else { return sessions }
        return sessions.filter { $0.isForEveryone || $0.team == team }
    }

    /// Sessions overlapping the calendar day `day` in `zone` (a session crossing midnight shows on both days),
    /// all-day sessions of that date first, in every zone.
    public func sessions(on day: DateComponents, in zone: TimeZone, from list: [Session]) -> [Session] {
        guard let (dayStart, dayEnd) = Self.bounds(of: day, in: zone) else { return [] }
        return list.filter { $0.days?.contains(day) ?? false }
            + list.filter { !$0.isAllDay && $0.start < dayEnd && $0.end > dayStart }
    }

    /// Sessions under way at `now` (all-day sessions are dates, not under way at an instant).
    public func current(at now: Date, from list: [Session]) -> [Session] {
        list.filter { !$0.isAllDay && $0.start <= now && now < $0.end }
    }

    /// All-day sessions on `day`.
    public func allDay(on day: DateComponents, from list: [Session]) -> [Session] {
        list.filter { $0.days?.contains(day) ?? false }
    }

    /// The first session starting after `now` (all-day sessions do not start at an instant).
    public func next(after now: Date, from list: [Session]) -> Session? {
        list.first { !$0.isAllDay && $0.start > now }
    }

    /// Sessions matching every word (title, description, speakers, tags, id), ignoring case and accents,
    /// title matches first, then by start. A text given per language matches in any of its languages.
    public func search(_ words: [String], in list: [Session]) -> [Session] {
        TextSearch.rank(list, words: words, fields: Self.searchFields)
    }

    /// What a search looks at in a session, with weights: the title above everything else.
    static func searchFields(_ session: Session) -> [(text: String, weight: Int)] {
        let others: [String] = [session.id] + (session.description?.allTexts ?? []) + session.speakers + session.tags
        return session.title.allTexts.map { (text: $0, weight: 3) } + others.map { (text: $0, weight: 1) }
    }

    /// Lower-cased, accents removed: "Éducation" and "education" match.
    static func fold(_ text: String) -> String { TextSearch.fold(text) }

    /// The start and end instants of a calendar day in a zone (23 or 25 hours on clock-change days).
    public static func bounds(of day: DateComponents, in zone: TimeZone) -> (Date, Date)? {
        ZoneFormat(zone).bounds(of: day).map { ($0.start, $0.end) }
    }

    /// The calendar day of `instant` in `zone`.
    public static func day(of instant: Date, in zone: TimeZone) -> DateComponents {
        ZoneFormat(zone).calendarDay(of: instant)
    }
}
