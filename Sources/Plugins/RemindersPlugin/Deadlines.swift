import BotCore
import Foundation

/// A deadline as written in `deadlines.yaml`.
public struct DeadlineEntry: Decodable, Sendable {
    public var id: String
    public var title: String
    /// `YYYY-MM-DD HH:MM` in `time_zone` (or the default zone).
    public var due: String
    public var timeZone: String?
    /// The teams it applies to; empty or absent means every team.
    public var teams: [String]?
    /// How long before the due time each reminder goes out: `[72h, 24h, 2h]`.
    public var remind: [String]?
    public var message: String?
    public var link: String?

    public init(
        id: String, title: String, due: String, timeZone: String? = nil, teams: [String]? = nil,
        remind: [String]? = nil, message: String? = nil, link: String? = nil
    ) {
        self.id = id
        self.title = title
        self.due = due
        self.timeZone = timeZone
        self.teams = teams
        self.remind = remind
        self.message = message
        self.link = link
    }
}

/// A deadline resolved to an instant, with its reminder offsets.
struct Deadline: Sendable, Hashable {
    var id: String
    var title: String
    var due: Date
    var zone: String
    var teams: [String]
    var offsets: [TimeInterval]
    var message: String?
    var link: String?

    static func resolve(_ entries: [DeadlineEntry], defaultZone: TimeZone) throws -> [Deadline] {
        var seen: Set<String> = []
        return try entries.enumerated().map { index, entry in
            let path = ["deadlines", String(index)]
            guard seen.insert(entry.id).inserted else {
                throw PluginConfigurationError(path: path + ["id"], "deadline id \(entry.id) is used twice")
            }
            let zoneName = entry.timeZone ?? defaultZone.identifier
            guard let zone = TimeZone(identifier: zoneName) else {
                throw PluginConfigurationError(path: path + ["time_zone"], "unknown time zone \"\(zoneName)\"")
            }
            let words = entry.due.split(separator: " ").map(String.init)
            guard words.count == 2, let due = ReminderTime.wallClock(words[0], words[1], zone: zone) else {
                throw PluginConfigurationError(path: path + ["due"], "expected YYYY-MM-DD HH:MM, found \"\(entry.due)\"")
            }
            var offsets: [TimeInterval] = []
            for (position, text) in (entry.remind ?? ["24h", "2h"]).enumerated() {
                guard let seconds = ReminderTime.duration(text.lowercased()) else {
                    throw PluginConfigurationError(path: path + ["remind", String(position)], "expected a duration such as 24h")
                }
                offsets.append(seconds)
            }
            if let link = entry.link, !isWebURL(link) {
                throw PluginConfigurationError(path: path + ["link"], "only http and https links are allowed")
            }
            return Deadline(
                id: entry.id, title: entry.title, due: due, zone: zoneName, teams: entry.teams ?? [],
                offsets: offsets.sorted(by: >), message: entry.message, link: entry.link)
        }.sorted { $0.due < $1.due }
    }

    /// Whether it applies to `team` (every team when it names none).
    func applies(to team: String?) -> Bool { teams.isEmpty || team.map(teams.contains) ?? true }
}

/// What a team recorded with `/deadline done`.
struct Submission: Codable, Sendable {
    var by: String
    var at: Date
}

/// The payload of a deadline reminder job.
struct DeadlineReminder: Codable, Sendable {
    var deadline: String
    var team: String
}

extension RemindersPlugin {
    var deadlineCommands: [Command] {
        [
            Command("deadlines", summary: "Upcoming deadlines for your team, in your time zone") { _, context in
                let zone = await readerZone(context)
                let now = context.now
                let team = context.caller.team?.id
                let done = try await submissions(context.storage)
                let relevant = deadlines.filter { $0.applies(to: team) && $0.due > now.addingTimeInterval(-86_400) }
                guard !relevant.isEmpty else { return "No upcoming deadlines." }
                var lines: [RichText] = ["Deadlines (times in \(zone.identifier)):"]
                for deadline in relevant {
                    let when = Self.format(deadline.due, zone)
                    if let team, let submitted = done["\(deadline.id)/\(team)"] {
                        lines.append("\(code: deadline.id) \(deadline.title): \(when), submitted by \(submitted.by)")
                    } else if deadline.due <= now {
                        lines.append("\(code: deadline.id) \(deadline.title): \(when), \(bold: "overdue")")
                    } else {
                        lines.append("\(code: deadline.id) \(deadline.title): \(when), \(Self.countdown(from: now, to: deadline.due))")
                    }
                }
                return Reply(lines: lines)
            },
            Command(
                "deadline", usage: "deadline <id> | deadline done <id>",
                summary: "One deadline and its reminders; mark your team's submission with done"
            ) { invocation, context in
                if invocation.argument(0)?.lowercased() == "done" {
                    guard let id = invocation.argument(1), let deadline = deadlines.first(where: { $0.id == id }) else {
                        throw CommandError.usage("which deadline? /deadlines lists them")
                    }
                    guard let team = context.caller.team, deadline.applies(to: team.id) else {
                        throw CommandError.rejected("Only a team this deadline is for can mark it done.")
                    }
                    let who = context.caller.displayName
                    let now = context.now
                    try await context.storage.transaction { tx in
                        try tx.put(Submission(by: who, at: now), "submissions", "\(deadline.id)/\(team.id)")
                        // The team's remaining reminders for it stop.
                        _ = try tx.cancelJobs(keyPrefix: "deadline/\(deadline.id)/\(team.id)/")
                    }
                    return "Marked \(bold: deadline.title) as submitted for \(team.name). Its reminders stop."
                }
                guard let id = invocation.argument(0), let deadline = deadlines.first(where: { $0.id == id }) else {
                    throw CommandError.usage("which deadline? /deadlines lists them")
                }
                let zone = await readerZone(context)
                var lines: [RichText] = ["\(bold: deadline.title) (\(code: deadline.id)): due \(Self.format(deadline.due, zone))"]
                if let message = deadline.message { lines.append(RichText(message)) }
                if let link = deadline.link { lines.append("\(link: link, title: link)") }
                let plan = deadline.offsets.map { Self.format(deadline.due.addingTimeInterval(-$0), zone) }
                lines.append("Reminders: \(plan.joined(separator: "; "))")
                lines.append("For: \(deadline.teams.isEmpty ? "every team" : deadline.teams.joined(separator: ", "))")
                return Reply(lines: lines)
            },
        ]
    }

    var deadlineReminderHandler: JobHandler {
        JobHandler("deadline-reminder") { job, context in
            let payload = try job.decodePayload(DeadlineReminder.self)
            guard let deadline = deadlines.first(where: { $0.id == payload.deadline }),
                let team = context.roster.team(id: payload.team)
            else { return [] }
            var lines: [RichText] = ["\(bold: deadline.title) is due \(Self.countdown(from: context.clock.now(), to: deadline.due)) (\(Self.format(deadline.due, TimeZone(identifier: team.timeZone ?? deadline.zone) ?? defaultZone)))."]
            if let message = deadline.message { lines.append(RichText(message)) }
            if let link = deadline.link { lines.append("\(link: link, title: link)") }
            lines.append("Done? Type /deadline done \(deadline.id).")
            return team.chats.map { OutgoingMessage(chat: $0, reply: Reply(lines: lines, isNotice: true)) }
        }
    }

    /// Schedules each team's reminders for each future deadline (idempotent by key; skipped for teams that
    /// submitted), and cancels reminders of deadlines that are gone.
    public func start(_ context: StartContext) async throws {
        let now = context.clock.now()
        let teams = context.roster.teams.map(\.id)
        let deadlines = self.deadlines
        try await context.storage.transaction { tx in
            let existing = try tx.jobs(keyPrefix: "deadline/", states: [.pending, .done, .cancelled])
            let ids = Set(deadlines.map(\.id))
            for job in existing where job.state == .pending {
                let id = job.key?.split(separator: "/").dropFirst().first.map(String.init) ?? ""
                if !ids.contains(id) { _ = try tx.cancelJobs(keyPrefix: job.key ?? "") }
            }
            for deadline in deadlines {
                for team in teams where deadline.applies(to: team) {
                    if try tx.get(Submission.self, "submissions", "\(deadline.id)/\(team)") != nil { continue }
                    for offset in deadline.offsets {
                        let due = deadline.due.addingTimeInterval(-offset)
                        let key = "deadline/\(deadline.id)/\(team)/\(Int(offset))"
                        guard due > now, !existing.contains(where: { $0.key == key && $0.dueAt == due }) else { continue }
                        try tx.schedule(
                            "deadline-reminder", at: due, key: key,
                            payload: DeadlineReminder(deadline: deadline.id, team: team))
                    }
                }
            }
        }
    }

    private func submissions(_ storage: PluginStorage) async throws -> [String: Submission] {
        try await storage.transaction { tx in
            Dictionary(uniqueKeysWithValues: try tx.all(Submission.self, "submissions").map { ($0.key, $0.value) })
        }
    }

    static func format(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE d MMM HH:mm"
        return formatter.string(from: date)
    }

    static func countdown(from now: Date, to due: Date) -> String {
        let minutes = Int((due.timeIntervalSince(now) / 60).rounded(.up))
        if minutes <= 0 { return "now" }
        let days = minutes / 1440, hours = (minutes % 1440) / 60, rest = minutes % 60
        if days > 0 { return "in \(days) day\(days == 1 ? "" : "s")" + (hours > 0 ? " \(hours) h" : "") }
        if hours > 0 { return "in \(hours) h" + (rest > 0 ? " \(rest) min" : "") }
        return "in \(rest) min"
    }
}
