import BotCore
import Foundation

/// "What is on today, and when is that for me?": the workshop's sessions in each reader's own time zone,
/// with "starting soon" announcements through the durable scheduler.
public struct AgendaPlugin: Plugin {
    public typealias Configuration = AgendaConfiguration
    public static let name = "agenda"
    public static let summary = "The workshop's sessions, in your time zone"

    public let agenda: Agenda
    let lead: TimeInterval
    let announceChats: [ChatRef]

    public init(configuration: AgendaConfiguration) throws {
        agenda = try configuration.agenda(teams: nil)
        guard let lead = AgendaConfiguration.parseDuration(configuration.announceBefore ?? "10m") else {
            throw PluginConfigurationError(path: ["announce_before"], "expected a duration such as 10m")
        }
        guard lead <= AgendaConfiguration.longestAnnouncementLead else {
            throw PluginConfigurationError(path: ["announce_before"], "at most 24h before the session")
        }
        self.lead = lead
        announceChats = configuration.announceChats ?? []
    }

    /// The announcement chats: the workshop's own chats (team chats come from the roster).
    public var workshopChats: [ChatRef] { announceChats }

    public var commands: [Command] {
        [
            Command(
                "agenda", usage: "agenda [today|tomorrow|YYYY-MM-DD|week] [all] | agenda search <words>",
                summary: "What is on, in your time zone",
                help: "In a team's chat only plenaries and that team's sessions are listed; add \"all\" for everything.",
                handler: { invocation, context in try await agendaCommand(invocation, context) }),
            Command("now", summary: "Sessions under way now") { invocation, context in
                let zone = try await readerZone(context)
                let list = agenda.visible(to: chatTeam(context), all: invocation.arguments.contains("all"))
                let running = agenda.current(at: context.now, from: list)
                guard !running.isEmpty else {
                    return "Nothing is on right now. \(nextHint(after: context.now, list: list, zone: zone))"
                }
                return Reply(lines: ["Now (\(zoneName(zone))):"] + running.map { line(for: $0, zone: zone) })
            },
            Command("next", summary: "The next session and when it starts") { invocation, context in
                let zone = try await readerZone(context)
                let list = agenda.visible(to: chatTeam(context), all: invocation.arguments.contains("all"))
                guard let session = agenda.next(after: context.now, from: list) else {
                    return "No more sessions: the workshop is over. Thank you for taking part!"
                }
                var lines: [RichText] = [
                    "Next: \(bold: session.title), \(time: session.start, as: "\(day(session.start, zone)) \(time(session.start, zone))") (\(zoneName(zone))), starts \(TimeText.countdown(from: context.now, to: session.start))."
                ]
                if let location = session.location { lines.append(place(location)) }
                return Reply(lines: lines)
            },
            Command("session", usage: "session <id>", summary: "Details of one session, with its link") { invocation, context in
                guard let id = invocation.argument(0) else { throw CommandError.usage() }
                guard let session = agenda.sessions.first(where: { $0.id.lowercased() == id.lowercased() }) else {
                    let matches = agenda.search([id], in: agenda.sessions).prefix(3).map(\.id)
                    let hint = matches.isEmpty ? "" : " Did you mean \(matches.joined(separator: ", "))?"
                    throw CommandError.rejected("There is no session \(code: id).\(hint) /agenda week lists them.")
                }
                let zone = try await readerZone(context)
                var lines: [RichText] = [
                    "\(bold: session.title) (\(code: session.id))",
                    "\(day(session.start, zone)), \(line(for: session, zone: zone, withTitle: false).plainText)",
                ]
                if let team = session.team { lines.append("For team \(context.roster.team(id: team)?.name ?? team)") }
                if !session.speakers.isEmpty { lines.append("Speakers: \(session.speakers.joined(separator: ", "))") }
                if let location = session.location { lines.append(place(location)) }
                if let description = session.description { lines.append(RichText(description)) }
                if !session.tags.isEmpty { lines.append("Tags: \(session.tags.map { "#" + $0 }.joined(separator: " "))") }
                // Slides, pads and recordings, when the resources plugin is enabled.
                let related = await context.lookups.ask("session-resources", session.id)
                if !related.isEmpty { lines += ["Resources:"] + related }
                return Reply(lines: lines)
            },
            Command(
                "tz", usage: "tz [IANA zone, e.g. Asia/Ulaanbaatar]", summary: "Show or set your time zone",
                help: "Times are shown in your zone, and in the workshop's when it differs."
            ) { invocation, context in
                let user = context.caller.user.description
                guard let name = invocation.argument(0) else {
                    let zone = try await readerZone(context)
                    return "Your times are shown in \(bold: zoneName(zone)) (\(code: zone.identifier)). Change it with /tz Asia/Almaty."
                }
                guard let zone = TimeZone(identifier: name) ?? matchZone(name) else {
                    throw CommandError.rejected(
                        "\(code: name) is not a time zone I know. Try Asia/Ulaanbaatar, Africa/Kampala or Asia/Almaty.")
                }
                let identifier = zone.identifier
                try await context.storage.transaction { tx in try tx.put(identifier, "tz", user) }
                return "From now on I show your times in \(bold: zoneName(zone)) (\(code: identifier)). It is \(time(context.now, zone)) there now."
            },
        ]
    }

    /// "user-timezone": the zone a person chose with `/tz`, for other plugins (reminders).
    public var lookups: [Lookup] {
        [
            Lookup("user-timezone") { user, storage in
                try await storage.transaction { tx in try tx.get(String.self, "tz", user) }.map { [RichText($0)] } ?? []
            }
        ]
    }

    public var jobHandlers: [JobHandler] {
        [
            JobHandler(
                "changes",
                describe: { job in
                    let count = (try? job.decodePayload([String].self).count) ?? 0
                    return "the agenda's changes (\(count) line\(count == 1 ? "" : "s"))"
                }
            ) { job, _ in
                guard let chat = job.chat else { return [] }
                let lines = try job.decodePayload([String].self)
                return [
                    OutgoingMessage(
                        chat: chat, reply: Reply(lines: ["\(bold: "Agenda changes:")"] + lines.map { RichText($0) }, isNotice: true))
                ]
            },
            JobHandler(
                "announce",
                describe: { [agenda] job in
                    let id = (try? job.decodePayload(String.self)) ?? ""
                    let title = agenda.sessions.first { $0.id == id }?.title ?? id
                    return "“starting soon” for \(bold: title)"
                }
            ) { job, context in
                let id = try job.decodePayload(String.self)
                guard let session = agenda.sessions.first(where: { $0.id == id }), session.start > context.clock.now() else {
                    return []
                }
                let when = "\(time(session.start, agenda.timeZone)) \(agenda.timeZoneLabel) time"
                var lines: [RichText] = ["Starting \(TimeText.countdown(from: context.clock.now(), to: session.start)): \(bold: session.title) at \(when)."]
                if let location = session.location { lines.append(place(location)) }
                return chats(for: session, roster: context.roster).map {
                    OutgoingMessage(chat: $0, reply: Reply(lines: lines, isNotice: true))
                }
            }
        ]
    }

    /// Schedules a "starting soon" announcement for every future session (idempotent: the job key is the
    /// session id, and a session already announced, or already scheduled for the same time, is left alone),
    /// and cancels announcements of sessions that are gone.
    public func start(_ context: PluginContext) async throws {
        try await postChanges(context)
        guard lead > 0 else { return }
        let now = context.clock.now()
        let plan = agenda.sessions.compactMap { session -> (String, Date)? in
            let due = session.start.addingTimeInterval(-lead)
            return due > now ? (session.id, due) : nil
        }
        let ids = Set(agenda.sessions.map(\.id))
        try await context.storage.transaction { tx in
            let existing = try tx.jobs(keyPrefix: "announce/", states: [.pending, .firing, .done])
            for job in existing where job.state == .pending && !ids.contains(String(job.key?.dropFirst(9) ?? "")) {
                _ = try tx.cancelJobs(keyPrefix: job.key ?? "")
            }
            for (id, due) in plan {
                let key = "announce/\(id)"
                if existing.contains(where: { $0.key == key && $0.dueAt == due }) { continue }
                try tx.schedule("announce", at: due, key: key, payload: id)
            }
        }
    }

    /// Compares the agenda with the one the bot last started with and, when sessions moved, appeared or
    /// disappeared, posts one short diff to the chats concerned. The diff job and the new snapshot are
    /// written in one transaction, so each change is announced exactly once, also across restarts.
    func postChanges(_ context: PluginContext) async throws {
        let current = agenda.sessions
        let roster = context.roster
        let now = context.clock.now()
        try await context.storage.transaction { tx in
            let previous = try tx.get([Session].self, "snapshot", "sessions")
            try tx.put(current, "snapshot", "sessions")
            guard let previous else { return }
            let changes = AgendaChanges(old: previous, new: current)
            guard !changes.isEmpty else { return }
            var byChat: [ChatRef: [String]] = [:]
            for (session, line) in changes.lines(zone: agenda.timeZone, label: agenda.timeZoneLabel) {
                for chat in chats(for: session, roster: roster) { byChat[chat, default: []].append(line) }
            }
            for (chat, lines) in byChat.sorted(by: { $0.key.description < $1.key.description }) {
                try tx.schedule(
                    "changes", at: now, key: "changes/\(chat)/\(now.timeIntervalSince1970)", chat: chat, payload: lines)
            }
        }
    }

    // MARK: Helpers

    private func agendaCommand(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let zone = try await readerZone(context)
        var words = invocation.arguments.map { $0.lowercased() }
        let all = words.contains("all")
        words.removeAll { $0 == "all" }
        let list = agenda.visible(to: chatTeam(context), all: all)
        if words.first == "search" {
            let found = agenda.search(Array(invocation.arguments.dropFirst()).filter { $0.lowercased() != "all" }, in: agenda.sessions)
            guard !found.isEmpty else { return "No session matches \(invocation.arguments.dropFirst().joined(separator: " "))." }
            let shown = found.prefix(8)
            var lines: [RichText] = shown.map { "\(day($0.start, zone)): \(line(for: $0, zone: zone))" }
            if found.count > shown.count { lines.append("…and \(found.count - shown.count) more; add a word to narrow it.") }
            return Reply(lines: lines)
        }
        if words.first == "week" { return week(list: list, zone: zone, now: context.now) }
        let target: DateComponents
        switch words.first {
        case nil, "today": target = Agenda.day(of: context.now, in: zone)
        case "tomorrow": target = Agenda.day(of: context.now.addingTimeInterval(86_400), in: zone)
        case let text?:
            guard let day = AgendaConfiguration.parseDay(text) else { throw CommandError.usage("\(text) is not a date") }
            target = day
        }
        let sessions = agenda.sessions(on: target, in: zone, from: list)
        guard let (dayStart, _) = Agenda.bounds(of: target, in: zone) else { throw CommandError.usage() }
        let title = day(dayStart, zone)
        guard !sessions.isEmpty else {
            return "No sessions on \(title). \(nextHint(after: dayStart, list: list, zone: zone))"
        }
        return Reply(lines: ["\(bold: title) (times in \(zoneName(zone)); /tz to change):"] + sessions.map { line(for: $0, zone: zone) })
    }

    private func week(list: [Session], zone: TimeZone, now: Date) -> Reply {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.firstWeekday = 2
        guard let interval = calendar.dateInterval(of: .weekOfYear, for: now) else { return .none }
        var lines: [RichText] = ["\(bold: "This week") (times in \(zoneName(zone))):"]
        var cursor = interval.start
        while cursor < interval.end {
            let dayParts = Agenda.day(of: cursor, in: zone)
            let sessions = agenda.sessions(on: dayParts, in: zone, from: list)
            if !sessions.isEmpty {
                let items = sessions.map { "\(time($0.start, zone)) \($0.title)" }.joined(separator: "; ")
                lines.append("\(bold: shortDay(cursor, zone)): \(items)")
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: cursor) else { break }
            cursor = next
        }
        if lines.count == 1 { lines.append("No sessions this week.") }
        return Reply(lines: lines)
    }

    /// The reader's zone: their `/tz`, else their team's, else the workshop's.
    private func readerZone(_ context: CommandContext) async throws -> TimeZone {
        let user = context.caller.user.description
        let stored = try await context.storage.transaction { tx in try tx.get(String.self, "tz", user) }
        if let stored, let zone = TimeZone(identifier: stored) { return zone }
        if let name = context.caller.team?.timeZone, let zone = TimeZone(identifier: name) { return zone }
        return agenda.timeZone
    }

    /// The team whose chat this is, for the team filter.
    private func chatTeam(_ context: CommandContext) -> String? { context.roster.team(of: context.chat)?.id }

    private func chats(for session: Session, roster: Roster) -> [ChatRef] {
        if let team = session.team { return roster.team(id: team)?.chats ?? [] }
        return announceChats
    }

    func line(for session: Session, zone: TimeZone, withTitle: Bool = true) -> RichText {
        var text: RichText = "\(time: session.start, as: time(session.start, zone))–\(time: session.end, as: time(session.end, zone))"
        if withTitle { text.append(" \(session.title)") }
        if zone.identifier != agenda.timeZone.identifier {
            text.append(" (\(time(session.start, agenda.timeZone)) \(agenda.timeZoneLabel))")
        }
        if let team = session.team, withTitle { text.append(" [\(team)]") }
        return text
    }

    private func nextHint(after instant: Date, list: [Session], zone: TimeZone) -> String {
        guard let next = agenda.next(after: instant, from: list) else { return "The workshop has no more sessions." }
        return "Next: \(day(next.start, zone)) \(time(next.start, zone)) \(next.title)."
    }

    private func place(_ location: String) -> RichText {
        isWebURL(location) ? "Link: \(link: location, title: location)" : "Where: \(location)"
    }

    private func zoneName(_ zone: TimeZone) -> String {
        zone.identifier == agenda.timeZone.identifier ? agenda.timeZoneLabel : AgendaConfiguration.city(of: zone.identifier)
    }

    /// A zone by city name alone (`ulaanbaatar`, `Kampala`).
    private func matchZone(_ name: String) -> TimeZone? {
        let wanted = Agenda.fold(name).replacingOccurrences(of: " ", with: "_")
        return TimeZone.knownTimeZoneIdentifiers.first { Agenda.fold(AgendaConfiguration.city(of: $0)).replacingOccurrences(of: " ", with: "_") == wanted }
            .flatMap(TimeZone.init(identifier:))
    }
}

/// `09:00` in a zone.
func time(_ instant: Date, _ zone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.hour, .minute], from: instant)
    return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
}

/// `Monday 8 November` in a zone.
func day(_ instant: Date, _ zone: TimeZone) -> String { format(instant, zone, "EEEE d MMMM") }

/// `Mon 8 Nov` in a zone.
func shortDay(_ instant: Date, _ zone: TimeZone) -> String { format(instant, zone, "EEE d MMM") }

private func format(_ instant: Date, _ zone: TimeZone, _ pattern: String) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = pattern
    return formatter.string(from: instant)
}

extension AgendaPlugin: SchedulesJobs, AnswersLookups, PostsToChats {}
