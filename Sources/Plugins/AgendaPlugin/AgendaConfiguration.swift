import BotCore
import Foundation

/// `plugins-config/agenda.yaml`: the workshop and its sessions, as a facilitator writes them.
public struct AgendaConfiguration: Decodable, Sendable {
    public struct Workshop: Decodable, Sendable {
        public var name: String
        /// IANA name of the workshop's zone (`Europe/Berlin`).
        public var timeZone: String
        /// What people call that zone's place (`Hamburg`); default: the city in the zone's name.
        public var timeZoneLabel: String?
        /// `YYYY-MM-DD`.
        public var firstDay: String
        public var lastDay: String
    }

    public struct SessionEntry: Decodable, Sendable {
        public var id: String
        /// A text, or a map from language codes to texts (`{en: Opening, fr: Ouverture}`).
        public var title: LocalizedText
        /// `YYYY-MM-DD HH:MM`, wall-clock time in `time_zone` (or the workshop's zone).
        public var start: String
        /// `HH:MM` on the start day, or `YYYY-MM-DD HH:MM`; give this or `duration`.
        public var end: String?
        /// `90m`, `1h30m`.
        public var duration: String?
        public var timeZone: String?
        public var kind: String?
        public var team: String?
        public var speakers: [String]?
        /// A meeting link or a room; a room's name may be given per language.
        public var `where`: LocalizedText?
        public var description: LocalizedText?
        public var tags: [String]?
    }

    public var workshop: Workshop
    /// How long before each session the "starting soon" announcement goes out (`10m`; `0m` turns it off).
    public var announceBefore: String?
    /// Where announcements of sessions for everyone go; team sessions go to their team's chats.
    public var announceChats: [ChatRef]?
    /// An iCalendar file with more sessions (`agenda.ics`), relative to this file's folder, or a feed: an
    /// `https://` (or `http://`) address the bot fetches at start and every `refresh`.
    public var source: String?
    /// How often a feed is fetched again (`15m`, the default; from 1m to 24h). Only with a feed.
    public var refresh: String?
    /// The facilitators' chats told once when the feed stops working and once when it works again. Only with a
    /// feed; without them an outage is only logged (and shown by `/agenda source`).
    public var reportTo: [ChatRef]?
    public var sessions: [SessionEntry]?
}

/// Where an agenda's iCalendar sessions come from.
enum CalendarSource: Sendable, Hashable {
    /// Only the YAML's sessions.
    case none
    /// A file, relative to the YAML's folder.
    case file(String)
    /// An http(s) address, fetched while the bot runs.
    case feed(String)
}

extension AgendaConfiguration {
    /// Where `source` points; a web address other than http(s) is refused.
    func calendarSource() throws -> CalendarSource {
        guard let source else { return .none }
        if isWebURL(source) { return .feed(source) }
        if Self.looksLikeURL(source) {
            let scheme = source.prefix(while: { $0 != ":" }).lowercased()
            let hint = scheme == "webcal" ? " (a webcal:// address is an https:// one: write https://)" : ""
            throw PluginConfigurationError(
                path: ["source"], "only http and https addresses are fetched, or a file next to agenda.yaml\(hint)")
        }
        return .file(source)
    }

    /// The refresh interval of a feed: `refresh`, else 15 minutes; from a minute to a day.
    func refreshInterval() throws -> TimeInterval {
        guard let text = refresh else { return Self.defaultRefresh }
        guard let seconds = Self.parseDuration(text) else {
            throw PluginConfigurationError(path: ["refresh"], "expected a duration such as 15m")
        }
        guard Self.refreshBounds.contains(seconds) else {
            throw PluginConfigurationError(
                path: ["refresh"],
                "expected from 1m to 24h: a feed fetched more often gains nothing, less often goes stale")
        }
        return seconds
    }

    /// A feed is fetched every 15 minutes unless `refresh` says otherwise.
    static let defaultRefresh: TimeInterval = 15 * 60
    static let refreshBounds: ClosedRange<TimeInterval> = 60...86_400

    /// Checks everything decoding cannot and resolves the sessions to instants. A feed's sessions are those of
    /// `feed`, the feed's text as last fetched; without it the agenda has the YAML's sessions only. Errors in the
    /// feed's text are the feed's (`feed line 12: …`), never with its address.
    ///
    /// Wall-clock times use Foundation's rules at clock changes, which are the documented ones here: a time
    /// that does not exist (the spring-forward hour) moves forward by the gap (02:30 becomes 03:30), and a
    /// time that occurs twice (the fall-back hour) means its first occurrence (summer time).
    func agenda(teams: Set<String>?, feed: String? = nil) throws -> Agenda {
        guard let zone = TimeZone(identifier: workshop.timeZone) else {
            throw PluginConfigurationError(path: ["workshop", "time_zone"], Self.unknownZone(workshop.timeZone))
        }
        guard let first = Self.parseDay(workshop.firstDay) else {
            throw PluginConfigurationError(path: ["workshop", "first_day"], "expected a date as YYYY-MM-DD")
        }
        guard let last = Self.parseDay(workshop.lastDay), let (firstStart, _) = Agenda.bounds(of: first, in: zone),
            let (_, lastEnd) = Agenda.bounds(of: last, in: zone), lastEnd > firstStart
        else {
            throw PluginConfigurationError(
                path: ["workshop", "last_day"], "expected a date as YYYY-MM-DD, not before first_day")
        }
        // Every session with the path its errors point at: its YAML entry, or `source` for the iCalendar file.
        var candidates: [(Session, [String], String)] = []
        for (index, entry) in (sessions ?? []).enumerated() {
            let path = ["sessions", String(index)]
            candidates.append((try session(from: entry, path: path), path, ""))
        }
        let calendar: (text: String, name: String)?
        switch try calendarSource() {
        case .none: calendar = nil
        case .file(let source):
            let url = ConfigurationFile.resolve(source)
            guard let data = try? Data(contentsOf: url) else {
                throw PluginConfigurationError(path: ["source"], "cannot read \(url.path)")
            }
            calendar = (String(decoding: data, as: UTF8.self), source)
        case .feed:
            if let feed { try Self.checkFeedShape(feed) }
            calendar = feed.map { ($0, "feed") }
        }
        if let (text, source) = calendar {
            do {
                for event in try ICalendar.events(text, defaultZone: zone, from: firstStart, through: lastEnd) {
                    let session = Session(
                        id: event.id, title: LocalizedText(event.title), start: event.start, end: event.end,
                        timeZone: event.zone, kind: event.team == nil ? "plenary" : "team work", team: event.team,
                        speakers: [], location: event.location.map { LocalizedText($0) },
                        description: event.description.map { LocalizedText($0) }, tags: event.tags,
                        days: event.allDay.map { first, count in
                            SessionDays(
                                first: first.number, last: CivilDate(dayNumber: first.dayNumber + count - 1).number)
                        })
                    candidates.append((session, ["source"], "\(source) line \(event.line): "))
                }
            } catch let error as ICalendarError {
                throw PluginConfigurationError(path: ["source"], "\(source) \(error)")
            }
        }
        var resolved: [Session] = []
        var seen: Set<String> = []
        for (session, path, prefix) in candidates {
            guard seen.insert(session.id).inserted else {
                throw PluginConfigurationError(
                    path: path + (prefix.isEmpty ? ["id"] : []), prefix + "session id \(session.id) is used twice")
            }
            guard session.start >= firstStart, session.start < lastEnd else {
                throw PluginConfigurationError(
                    path: path + (prefix.isEmpty ? ["start"] : []),
                    prefix + "the session is outside the workshop days \(workshop.firstDay) to \(workshop.lastDay)")
            }
            // An all-day session by its dates: a week of them is 7 days whatever the clock changes in it.
            let length = session.days.map { Double($0.count) * 86_400 } ?? session.end.timeIntervalSince(session.start)
            guard length <= Self.longestSession else {
                throw PluginConfigurationError(
                    path: path + (prefix.isEmpty ? ["end"] : []), prefix + "a session lasts at most 7 days")
            }
            if let team = session.team, let teams, !teams.contains(team) {
                throw PluginConfigurationError(
                    path: path + (prefix.isEmpty ? ["team"] : []),
                    prefix + "unknown team \"\(team)\" (roster.yaml lists the teams)")
            }
            if let location = session.location,
                location.allTexts.contains(where: { Self.looksLikeURL($0) && !isWebURL($0) })
            {
                throw PluginConfigurationError(
                    path: path + (prefix.isEmpty ? ["where"] : []), prefix + "only http and https links are allowed")
            }
            // Sessions for the same audience must not overlap; a team's own sessions may run beside another team's.
            // All-day sessions (a free day, a hackathon week) mark dates and may hold timed sessions.
            if !session.isAllDay,
                let clash = resolved.first(where: {
                    !$0.isAllDay && $0.start < session.end && session.start < $0.end
                        && ($0.team == session.team || $0.isForEveryone || session.isForEveryone)
                        && $0.kind != "deadline" && session.kind != "deadline"
                })
            {
                throw PluginConfigurationError(
                    path: path + (prefix.isEmpty ? ["start"] : []), prefix + "overlaps session \(clash.id)")
            }
            resolved.append(session)
        }
        let label = workshop.timeZoneLabel ?? Self.city(of: workshop.timeZone)
        return Agenda(
            name: workshop.name, timeZone: zone, timeZoneLabel: label, firstDay: first, lastDay: last,
            sessions: resolved)
    }

    /// A fetched feed must be a whole iCalendar file: an error page or a cut-off answer is not an agenda
    /// without sessions.
    static func checkFeedShape(_ text: String) throws {
        let body = (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).trimmingWhitespace()
        guard body.prefix(15).uppercased() == "BEGIN:VCALENDAR" else {
            throw PluginConfigurationError(
                path: ["source"], "the feed is not an iCalendar file (it does not begin with BEGIN:VCALENDAR)")
        }
        guard body.suffix(13).uppercased() == "END:VCALENDAR" else {
            throw PluginConfigurationError(
                path: ["source"], "the feed is cut short (it does not end with END:VCALENDAR)")
        }
    }

    /// One YAML session entry resolved to instants.
    private func session(from entry: SessionEntry, path: [String]) throws -> Session {
        let sessionZoneName = entry.timeZone ?? workshop.timeZone
        guard let sessionZone = TimeZone(identifier: sessionZoneName) else {
            throw PluginConfigurationError(path: path + ["time_zone"], Self.unknownZone(sessionZoneName))
        }
        guard let start = Self.parseDateTime(entry.start, in: sessionZone) else {
            throw PluginConfigurationError(
                path: path + ["start"], "expected YYYY-MM-DD HH:MM, found \"\(entry.start)\"")
        }
        let end: Date
        switch (entry.end, entry.duration) {
        case (let text?, nil):
            let startDay = String(entry.start.prefix(10))
            guard let parsed = Self.parseDateTime(text.count <= 5 ? "\(startDay) \(text)" : text, in: sessionZone)
            else {
                throw PluginConfigurationError(
                    path: path + ["end"], "expected HH:MM or YYYY-MM-DD HH:MM, found \"\(text)\"")
            }
            end = parsed
        case (nil, let text?):
            guard let seconds = Self.parseDuration(text) else {
                throw PluginConfigurationError(path: path + ["duration"], "expected a duration such as 90m or 1h30m")
            }
            end = start.addingTimeInterval(seconds)
        case (nil, nil):
            throw PluginConfigurationError(path: path, "give the session an end or a duration")
        case (_?, _?):
            throw PluginConfigurationError(path: path + ["duration"], "give an end or a duration, not both")
        }
        guard end > start else {
            throw PluginConfigurationError(path: path + ["end"], "the session ends before it starts")
        }
        guard end.timeIntervalSince(start) <= Self.longestSession else {
            throw PluginConfigurationError(
                path: path + [entry.end == nil ? "duration" : "end"], "a session lasts at most 7 days")
        }
        return Session(
            id: entry.id, title: entry.title, start: start, end: end, timeZone: sessionZoneName,
            kind: entry.kind ?? (entry.team == nil ? "plenary" : "team work"), team: entry.team,
            speakers: entry.speakers ?? [], location: entry.where, description: entry.description,
            tags: entry.tags ?? [])
    }

    /// The longest session: a week (a team's work week at most). Longer is a typo in an end or a duration,
    /// and a duration such as 10^20 hours would be a time no calendar can show.
    static let longestSession: TimeInterval = 7 * 86_400
    /// The longest `announce_before`: a day. "Starting soon" a day ahead is already not soon.
    static let longestAnnouncementLead: TimeInterval = 86_400

    /// `scheme:...` with a letters-only scheme: a link, as opposed to a room name such as "Room 3: Hall".
    static func looksLikeURL(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        return scheme.count >= 2
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    static func unknownZone(_ name: String) -> String {
        "unknown time zone \"\(name)\" (use an IANA name such as Europe/Berlin, Asia/Ulaanbaatar or Africa/Kampala)"
    }

    /// The city part of an IANA name: `Asia/Ulaanbaatar` gives `Ulaanbaatar`.
    static func city(of identifier: String) -> String {
        String((identifier.split(separator: "/").last ?? Substring(identifier)).map { $0 == "_" ? " " : $0 })
    }

    /// `YYYY-MM-DD`, checked to be a real date.
    static func parseDay(_ text: String) -> DateComponents? {
        let parts = text.trimmingWhitespace().split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2])
        else { return nil }
        // `/agenda 2021-11-09` reads a day per command: the cached UTC calendar, not one built per call.
        let calendar = ZoneFormat(TimeZone(identifier: "UTC") ?? .current).calendar
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date) == components
        else { return nil }
        return components
    }

    /// `YYYY-MM-DD HH:MM` (or with `T`) as wall-clock time in `zone`.
    static func parseDateTime(_ text: String, in zone: TimeZone) -> Date? {
        let trimmed = text.trimmingWhitespace().replacingOccurrences(of: "T", with: " ")
        let halves = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        guard halves.count == 2, let day = parseDay(String(halves[0])) else { return nil }
        let clock = halves[1].split(separator: ":")
        guard clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour),
            (0..<60).contains(minute)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(
            from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
    }

    /// `90m`, `1h30m`, `2h`: ASCII digits with a unit. A number too long for any use gives a huge (or
    /// infinite) duration, which callers bound; never a trap.
    static func parseDuration(_ text: String) -> TimeInterval? {
        var rest = Substring(text.trimmingWhitespace().lowercased())
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard let number = Double(digits), let unit = rest.dropFirst(digits.count).first else { return nil }
            switch unit {
            case "h": total += number * 3600
            case "m": total += number * 60
            case "s": total += number
            default: return nil
            }
            rest = rest.dropFirst(digits.count + 1)
        }
        return total
    }
}
