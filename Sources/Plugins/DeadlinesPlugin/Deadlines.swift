import BotCore
import Foundation

/// A deadline as written in `deadlines.yaml`.
public struct DeadlineEntry: Decodable, Sendable {
    public var id: String
    /// A text, or a map from language codes to texts (`{en: First draft, fr: Premier jet}`); so is `message`.
    public var title: LocalizedText
    /// `YYYY-MM-DD HH:MM` in `time_zone` (or the default zone).
    public var due: String
    public var timeZone: String?
    /// The teams it applies to; empty or absent means every team.
    public var teams: [String]?
    /// How long before the due time each reminder goes out: `[72h, 24h, 2h]`.
    public var remind: [String]?
    public var message: LocalizedText?
    public var link: String?

    public init(
        id: String, title: LocalizedText, due: String, timeZone: String? = nil, teams: [String]? = nil,
        remind: [String]? = nil, message: LocalizedText? = nil, link: String? = nil
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
struct Deadline: Sendable, Hashable, Codable {
    var id: String
    /// Per language when deadlines.yaml gives it so; one text for a deadline added in chat. A deadline stored by an
    /// earlier version holds plain strings, which read as texts for everyone.
    var title: LocalizedText
    var due: Date
    var zone: String
    var teams: [String]
    var offsets: [TimeInterval]
    var message: LocalizedText?
    var link: String?

    /// The earliest reminder of a deadline: a year before it. Each offset names a scheduled job, and
    /// `--remind 99999999999999999999h` would name a time no calendar or store can hold.
    static let longestOffset: TimeInterval = 365 * 86_400
    /// Reminder times one deadline may have, per team: each is a post to the team's chats.
    static let mostOffsets = 10
    /// How far ahead a facilitator may set or move a deadline in chat: a year, as for reminders.
    static let farthest: TimeInterval = ReminderTime.farthest
    /// The longest title typed in chat (as for resources), so lists and notices stay readable.
    static let longestTitle = 200

    /// Reminder offsets as written (`48h,2h`), each checked against `longestOffset`, at most `mostOffsets`;
    /// the message says what is wrong.
    static func offsets(_ texts: [String]) -> Result<[TimeInterval], DeadlineOffsetError> {
        guard texts.count <= mostOffsets else { return .failure(.tooMany) }
        var offsets: [TimeInterval] = []
        for (position, text) in texts.enumerated() {
            guard let seconds = TimeText.duration(text.trimmingWhitespace().lowercased()) else {
                return .failure(.notADuration(position))
            }
            guard seconds <= longestOffset else { return .failure(.tooEarly(position)) }
            offsets.append(seconds)
        }
        return .success(offsets)
    }

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
            guard words.count == 2, let due = ZoneFormat(zone).wallClock(words[0], words[1]) else {
                throw PluginConfigurationError(
                    path: path + ["due"], "expected YYYY-MM-DD HH:MM, found \"\(entry.due)\"")
            }
            let offsets: [TimeInterval]
            switch Self.offsets(entry.remind ?? ["24h", "2h"]) {
            case .success(let parsed): offsets = parsed
            case .failure(.tooMany):
                throw PluginConfigurationError(
                    path: path + ["remind"], "at most \(mostOffsets) reminder times per deadline")
            case .failure(.notADuration(let position)):
                throw PluginConfigurationError(
                    path: path + ["remind", String(position)], "expected a duration such as 24h")
            case .failure(.tooEarly(let position)):
                throw PluginConfigurationError(
                    path: path + ["remind", String(position)], "at most 365d before the deadline")
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

/// What a deadline's reminder plan depends on, and so the key it is kept under: the deadline itself (moved in
/// chat, it is another key), the reader's or team's zone and the quiet hours.
struct DeadlinePlan: Hashable, Sendable {
    var deadline: Deadline
    var zone: String
    var quiet: QuietHours?

    /// Plans kept per configuration: every deadline in every zone a team or reader uses, with room to spare.
    static let capacity = 1_024
}

/// Why reminder offsets were refused.
enum DeadlineOffsetError: Error {
    case tooMany
    case notADuration(Int)
    case tooEarly(Int)
}

/// What a team recorded with `/deadline done`.
struct Submission: Codable, Sendable {
    var by: String
    var at: Date
}

/// A change announced once to a team's chats.
struct DeadlineNotice: Codable, Sendable {
    var team: String
    /// The notice as the facilitator read it (for `/upcoming`, and the whole notice of one booked by an older
    /// version).
    var text: String
    /// The chat where the facilitator made the change and already read this line as the reply.
    var answeredIn: ChatRef?
    /// What changed, for the notice in each chat's language: `moved` (with `from`, `to` and `zone`) or
    /// `cancelled`. Absent in notices booked by older versions, which post `text`.
    var change: String?
    /// Told in each chat's language when the deadline's title is given per language.
    var title: LocalizedText?
    var from: Date?
    var to: Date?
    var zone: String?

    /// The notice in `texts`' language.
    func text(in texts: Texts) -> RichText {
        switch change {
        case "moved":
            guard let title, let from, let to, let name = zone, let zone = TimeZone(identifier: name) else { break }
            return DeadlinesPlugin.moved(title: title.text(in: texts.language), from: from, to: to, zone: zone, texts)
        case "cancelled":
            guard let title else { break }
            return texts("deadlines.cancelled", ["title": .text(title.text(in: texts.language))])
        default: break
        }
        return RichText(text)
    }
}

/// The payload of a deadline reminder job.
struct DeadlineReminder: Codable, Sendable {
    var deadline: String
    var team: String
    /// The deadline's due time the reminder was booked for (absent in reminders booked by older versions).
    var due: Date?
}

extension DeadlinesPlugin {
    /// The configured deadlines with facilitators' changes applied (added, moved, cancelled in chat).
    static func current(_ configured: [Deadline], in tx: PluginTransaction) throws -> [Deadline] {
        let changed = try tx.all(Deadline.self, "deadlines")
        let removed = Set(try tx.all(Bool.self, "removed-deadlines").map(\.key))
        var merged = configured.filter { !removed.contains($0.id) }
        for (id, deadline) in changed where !removed.contains(id) {
            if let index = merged.firstIndex(where: { $0.id == id }) {
                merged[index] = deadline
            } else {
                merged.append(deadline)
            }
        }
        return merged.sorted { $0.due < $1.due }
    }

    func current(_ storage: PluginStorage) async throws -> [Deadline] {
        let configured = deadlines
        return try await storage.transaction { tx in try Self.current(configured, in: tx) }
    }

    /// `current`, kept in `deadlinesKept` once read: `add`, `move` and `cancel` invalidate it.
    func kept(_ storage: PluginStorage) async throws -> [Deadline] {
        try await deadlinesKept.value(for: 0) { try await current(storage) }
    }

    /// What `team` recorded for `deadline` with `/deadline done`, kept in `submissionsKept` once read.
    func submission(of deadline: String, by team: String, _ storage: PluginStorage) async throws -> Submission? {
        let key = "\(deadline)/\(team)"
        return try await submissionsKept.value(for: key) {
            try await storage.transaction { tx in try tx.get(Submission.self, "submissions", key) }
        }
    }

    /// Books a team's reminders for a deadline (replacing pending ones by key), out of the team's quiet hours.
    func schedule(_ deadline: Deadline, team: String, roster: Roster, after now: Date, in tx: PluginTransaction) throws
    {
        let zone = zone(ofTeam: team, roster: roster, deadline: deadline)
        for (offset, due) in deadline.reminderTimes(zone: zone, quiet: quietHours, now: now) where due > now {
            try tx.schedule(
                "deadline-reminder", at: due, key: "deadline/\(deadline.id)/\(team)/\(Int(offset))",
                payload: DeadlineReminder(deadline: deadline.id, team: team, due: deadline.due))
        }
    }

    var deadlineCommands: [Command] {
        [
            Command("deadlines", summary: "Upcoming deadlines for your team, in your time zone") { _, context in
                let texts = context.texts
                let zone = await readerZone(context)
                let now = context.now
                let team = context.caller.team?.id
                // The deadlines and the caller's team's submissions of them, as kept since read from the store.
                let relevant = try await kept(context.storage).filter {
                    $0.applies(to: team) && $0.due > now.addingTimeInterval(-86_400)
                }
                var done: [String: Submission] = [:]
                if let team {
                    for deadline in relevant {
                        done["\(deadline.id)/\(team)"] = try await submission(
                            of: deadline.id, by: team, context.storage)
                    }
                }
                guard !relevant.isEmpty else { return Reply(texts("deadlines.none")) }
                let dates = texts.dates(zone)
                var lines: [RichText] = [texts("deadlines.header", ["zone": .text(dates.zoneName)])]
                for deadline in relevant {
                    let state: RichText
                    if let team, let submitted = done["\(deadline.id)/\(team)"] {
                        state = texts("deadlines.submitted-by", ["name": .text(submitted.by)])
                    } else if deadline.due <= now {
                        state = texts("deadlines.overdue")
                    } else {
                        state = RichText(texts.countdown(from: now, to: deadline.due))
                    }
                    let time = dates.shortDayAndTime(deadline.due)
                    // A deadline for some teams only says which, by the roster's names.
                    lines.append(
                        deadline.teams.isEmpty
                            ? texts(
                                "deadlines.entry",
                                [
                                    "id": .text(deadline.id), "title": .text(deadline.title.text(in: texts.language)),
                                    "time": .text(time),
                                    "state": .rich(state),
                                ])
                            : texts(
                                "deadlines.entry-teams",
                                [
                                    "id": .text(deadline.id), "title": .text(deadline.title.text(in: texts.language)),
                                    "teams": .text(Self.teamNames(deadline.teams, context.roster)),
                                    "time": .text(time), "state": .rich(state),
                                ]))
                }
                return Reply(lines: lines)
            },
            Command(
                "deadline",
                usage:
                    "deadline <id> | deadline done <id> | deadline add \"<title>\" <YYYY-MM-DD> <HH:MM> [--zone Z] [--team T] [--remind 48h,2h] | deadline move <id> <YYYY-MM-DD> <HH:MM> [--zone Z] | deadline cancel <id>",
                summary: "One deadline and its reminders; done for your team; facilitators add, move, cancel",
                options: [
                    .value("zone", help: "the zone the date and time are in (default: yours)"),
                    .value("team", help: "a deadline for this team only"),
                    .value("remind", help: "reminders before it, such as 48h,2h"),
                ],
                subcommandRoles: ["add": .facilitator, "move": .facilitator, "cancel": .facilitator]
            ) { invocation, context in
                let texts = context.texts
                let all = try await kept(context.storage)
                switch invocation.argument(0)?.lowercased() {
                case "add": return try await add(invocation, context, existing: all)
                case "move": return try await move(invocation, context, existing: all)
                case "cancel": return try await cancel(invocation, context, existing: all)
                default: break
                }
                if invocation.argument(0)?.lowercased() == "done" {
                    guard let id = invocation.argument(1), let deadline = all.first(where: { $0.id == id }) else {
                        throw CommandError.usage(texts.plain("deadlines.which"))
                    }
                    guard let team = context.caller.team, deadline.applies(to: team.id) else {
                        throw CommandError.rejected(texts("deadlines.done-not-yours"))
                    }
                    let who = context.caller.displayName
                    let now = context.now
                    try await context.storage.transaction { tx in
                        try tx.put(Submission(by: who, at: now), "submissions", "\(deadline.id)/\(team.id)")
                        // The team's remaining reminders for it stop.
                        _ = try tx.cancelJobs(keyPrefix: "deadline/\(deadline.id)/\(team.id)/")
                    }
                    submissionsKept.invalidate("\(deadline.id)/\(team.id)")
                    return Reply(
                        texts(
                            "deadlines.done",
                            ["title": .text(deadline.title.text(in: texts.language)), "team": .text(team.name)]))
                }
                guard let id = invocation.argument(0), let deadline = all.first(where: { $0.id == id }) else {
                    throw CommandError.usage(texts.plain("deadlines.which"))
                }
                let zone = await readerZone(context)
                var lines: [RichText] = [
                    texts(
                        "deadlines.detail",
                        [
                            "title": .text(deadline.title.text(in: texts.language)), "id": .text(deadline.id),
                            "due": .text(Self.due(deadline.due, zone, now: context.now, texts)),
                        ])
                ]
                if let message = deadline.message { lines.append(RichText(message.text(in: texts.language))) }
                if let link = deadline.link { lines.append("\(link: link, title: link)") }
                lines.append(try await state(of: deadline, for: context.caller.team, zone: zone, context))
                lines.append(
                    deadline.teams.isEmpty
                        ? texts("deadlines.for-everyone")
                        : texts("deadlines.for-teams", ["teams": .text(Self.teamNames(deadline.teams, context.roster))])
                )
                return Reply(lines: lines)
            },
        ]
    }

    var deadlineReminderHandler: JobHandler {
        JobHandler(
            "deadline-reminder",
            describe: { [deadlines] job, texts in
                guard let payload = try? job.decodePayload(DeadlineReminder.self) else {
                    return texts("deadlines.job.deadline-reminder-unknown")
                }
                let title =
                    deadlines.first { $0.id == payload.deadline }?.title.text(in: texts.language) ?? payload.deadline
                return texts("deadlines.job.deadline-reminder", ["title": .text(title), "team": .text(payload.team)])
            },
            targets: { job, roster in
                guard let payload = try? job.decodePayload(DeadlineReminder.self) else { return [] }
                return roster.team(id: payload.team)?.chats ?? []
            }
        ) { job, context in
            let payload = try job.decodePayload(DeadlineReminder.self)
            guard let deadline = try await current(context.storage).first(where: { $0.id == payload.deadline }),
                let team = context.roster.team(id: payload.team)
            else { return [] }
            if team.chats.isEmpty {
                // check-config warns about this too; the log says it at the moment a reminder goes nowhere.
                context.logger.warning(
                    "deadline reminder not posted: the team has no chats in roster.yaml",
                    metadata: ["deadline": "\(deadline.id)", "team": "\(team.id)"])
                return []
            }
            let zone = TimeZone(identifier: team.timeZone ?? deadline.zone) ?? defaultZone
            let now = context.clock.now()
            // Each chat reads it in its language: the team's.
            return team.chats.map { chat in
                let texts = context.texts(for: chat)
                let dates = texts.dates(zone)
                var lines: [RichText] = [
                    texts(
                        "deadlines.reminder",
                        [
                            "title": .text(deadline.title.text(in: texts.language)),
                            "countdown": .text(texts.countdown(from: now, to: deadline.due)),
                            "time": .text(dates.shortDayAndTime(deadline.due)), "zone": .text(dates.zoneName),
                        ])
                ]
                if let message = deadline.message { lines.append(RichText(message.text(in: texts.language))) }
                if let link = deadline.link { lines.append("\(link: link, title: link)") }
                lines.append(texts("deadlines.reminder-done", ["id": .text(deadline.id)]))
                return OutgoingMessage(chat: chat, reply: Reply(lines: lines, isNotice: true))
            }
        }
    }

    /// Schedules each team's reminders for each future deadline (idempotent by key; skipped for teams that
    /// submitted), and cancels reminders of deadlines that are gone.
    public func start(_ context: PluginContext) async throws {
        let now = context.clock.now()
        let teams = context.roster.teams.map(\.id)
        let roster = context.roster
        let configured = self.deadlines
        try await context.storage.transaction { tx in
            let deadlines = try Self.current(configured, in: tx)
            let existing = try tx.jobs(keyPrefix: "deadline/", states: [.pending, .firing, .done, .cancelled])
            let ids = Set(deadlines.map(\.id))
            for job in existing where job.state == .pending {
                let id = job.key?.split(separator: "/").dropFirst().first.map(String.init) ?? ""
                if !ids.contains(id) { _ = try tx.cancelJobs(keyPrefix: job.key ?? "") }
            }
            for deadline in deadlines {
                for team in teams where deadline.applies(to: team) {
                    if try tx.get(Submission.self, "submissions", "\(deadline.id)/\(team)") != nil { continue }
                    let zone = zone(ofTeam: team, roster: roster, deadline: deadline)
                    for (offset, due) in deadline.reminderTimes(zone: zone, quiet: quietHours, now: now) {
                        let key = "deadline/\(deadline.id)/\(team)/\(Int(offset))"
                        let same = existing.filter { $0.key == key }
                        // Already sent (or muted) for this deadline time: not again, even if quiet hours or the
                        // team's zone changed since. Already booked for this time: left alone.
                        let handled = same.contains { job in
                            guard job.state != .pending else { return false }
                            if let booked = (try? job.decodePayload(DeadlineReminder.self))?.due {
                                return abs(booked.timeIntervalSince(deadline.due)) < 1
                            }
                            return abs(job.dueAt.timeIntervalSince(due)) < 1
                        }
                        let booked = same.contains { $0.state == .pending && abs($0.dueAt.timeIntervalSince(due)) < 1 }
                        guard due > now, !handled, !booked else { continue }
                        try tx.schedule(
                            "deadline-reminder", at: due, key: key,
                            payload: DeadlineReminder(deadline: deadline.id, team: team, due: deadline.due))
                    }
                }
            }
        }
    }

    // MARK: Facilitators' changes (the runtime has checked the role)

    private func add(_ invocation: CommandInvocation, _ context: CommandContext, existing: [Deadline]) async throws
        -> Reply
    {
        let texts = context.texts
        let words = Array(invocation.arguments.dropFirst())
        guard words.count >= 3 else { throw CommandError.usage(texts.plain("deadlines.add-usage")) }
        let title = words.dropLast(2).joined(separator: " ")
        guard title.count <= Deadline.longestTitle else {
            throw CommandError.rejected(texts("deadlines.title-too-long", ["count": .number(Deadline.longestTitle)]))
        }
        let readerZoneName = await readerZone(context).identifier
        let zoneName = invocation.option("zone") ?? readerZoneName
        guard let zone = TimeZone(identifier: zoneName) else {
            throw CommandError.rejected(texts("deadlines.unknown-zone", ["zone": .text(zoneName)]))
        }
        guard let due = ZoneFormat(zone).wallClock(words[words.count - 2], words[words.count - 1]) else {
            throw CommandError.usage(texts.plain("deadlines.date-usage"))
        }
        try Self.checkDue(due, zone: zone, now: context.now, texts)
        let offsets: [TimeInterval]
        switch Deadline.offsets((invocation.option("remind") ?? "24h,2h").split(separator: ",").map(String.init)) {
        case .success(let parsed): offsets = parsed
        case .failure(.notADuration): throw CommandError.usage(texts.plain("deadlines.remind-usage"))
        case .failure(.tooMany):
            throw CommandError.rejected(texts("deadlines.too-many-offsets", ["count": .number(Deadline.mostOffsets)]))
        case .failure(.tooEarly):
            throw CommandError.rejected(texts("deadlines.offset-too-early"))
        }
        let teams = invocation.option("team").map { [$0] } ?? []
        if let team = teams.first, context.roster.team(id: team) == nil {
            throw CommandError.rejected(texts("deadlines.unknown-team", ["team": .text(team)]))
        }
        let id = Self.slug(title, taken: Set(existing.map(\.id)))
        let deadline = Deadline(
            id: id, title: LocalizedText(title), due: due, zone: zoneName, teams: teams, offsets: offsets.sorted(by: >))
        let roster = context.roster
        let now = context.now
        try await context.storage.transaction { tx in
            try tx.put(deadline, "deadlines", id)
            for team in roster.teams.map(\.id) where deadline.applies(to: team) {
                try schedule(deadline, team: team, roster: roster, after: now, in: tx)
            }
        }
        deadlinesKept.invalidate(0)
        let dueText = Self.due(due, zone, now: now, texts)
        if teams.isEmpty {
            return Reply(
                texts("deadlines.added", ["id": .text(id), "title": .text(title), "due": .text(dueText)]))
        }
        return Reply(
            texts(
                "deadlines.added-teams",
                [
                    "id": .text(id), "teams": .text(Self.teamNames(teams, roster)), "title": .text(title),
                    "due": .text(dueText),
                ]))
    }

    private func move(_ invocation: CommandInvocation, _ context: CommandContext, existing: [Deadline]) async throws
        -> Reply
    {
        let texts = context.texts
        guard let id = invocation.argument(1), var deadline = existing.first(where: { $0.id == id }) else {
            throw CommandError.usage(texts.plain("deadlines.which"))
        }
        // Read in the mover's zone (their /tz, else their team's, else the plugin's), or `--zone`, as `add` is:
        // the one rule for every time a person types.
        let readerZoneName = await readerZone(context).identifier
        let zoneName = invocation.option("zone") ?? readerZoneName
        guard let zone = TimeZone(identifier: zoneName) else {
            throw CommandError.rejected(texts("deadlines.unknown-zone", ["zone": .text(zoneName)]))
        }
        guard invocation.arguments.count >= 4,
            let due = ZoneFormat(zone).wallClock(invocation.arguments[2], invocation.arguments[3])
        else { throw CommandError.usage(texts.plain("deadlines.new-date-usage")) }
        try Self.checkDue(due, zone: zone, now: context.now, texts)
        let old = deadline.due
        deadline.due = due
        let moved = deadline
        let roster = context.roster
        let chat = context.chat
        let now = context.now
        let line = Self.moved(title: moved.title.text(in: texts.language), from: old, to: due, zone: zone, texts)
            .plainText
        try await context.storage.transaction { tx in
            try tx.put(moved, "deadlines", moved.id)
            // The old reminders go, the new ones come; each team hears of the move once, through a job.
            _ = try tx.cancelJobs(keyPrefix: "deadline/\(moved.id)/")
            for team in roster.teams.map(\.id) where moved.applies(to: team) {
                if try tx.get(Submission.self, "submissions", "\(moved.id)/\(team)") != nil { continue }
                try schedule(moved, team: team, roster: roster, after: now, in: tx)
                try tx.schedule(
                    "deadline-notice", at: now, key: "notice/\(moved.id)/\(team)/\(Int(now.timeIntervalSince1970))",
                    payload: DeadlineNotice(
                        team: team, text: line, answeredIn: chat, change: "moved", title: moved.title, from: old,
                        to: due, zone: zone.identifier))
            }
        }
        deadlinesKept.invalidate(0)
        // The teams' notice says what moved; the facilitator also reads how far ahead the new time is.
        let dates = texts.dates(zone)
        return Reply(
            texts(
                "deadlines.moved-reply",
                [
                    "title": .text(moved.title.text(in: texts.language)), "from": .text(dates.shortDayAndTime(old)),
                    "to": .text(dates.shortDayAndTime(due)), "zone": .text(dates.zoneName),
                    "countdown": .text(texts.countdown(from: now, to: due)),
                ]))
    }

    private func cancel(_ invocation: CommandInvocation, _ context: CommandContext, existing: [Deadline]) async throws
        -> Reply
    {
        let texts = context.texts
        guard let id = invocation.argument(1), let deadline = existing.first(where: { $0.id == id }) else {
            throw CommandError.usage(texts.plain("deadlines.which"))
        }
        let roster = context.roster
        let chat = context.chat
        let now = context.now
        let line = texts.plain("deadlines.cancelled", ["title": .text(deadline.title.text(in: texts.language))])
        try await context.storage.transaction { tx in
            try tx.delete("deadlines", id)
            try tx.put(true, "removed-deadlines", id)
            _ = try tx.cancelJobs(keyPrefix: "deadline/\(id)/")
            for team in roster.teams.map(\.id) where deadline.applies(to: team) {
                try tx.schedule(
                    "deadline-notice", at: now, key: "notice/\(id)/\(team)/\(Int(now.timeIntervalSince1970))",
                    payload: DeadlineNotice(
                        team: team, text: line, answeredIn: chat, change: "cancelled", title: deadline.title))
            }
        }
        deadlinesKept.invalidate(0)
        return Reply(texts("deadlines.cancelled-reply", ["title": .text(deadline.title.text(in: texts.language))]))
    }

    var deadlineNoticeHandler: JobHandler {
        JobHandler(
            "deadline-notice",
            describe: { job, texts in
                guard let notice = try? job.decodePayload(DeadlineNotice.self) else {
                    return texts("deadlines.job.notice-unknown")
                }
                return texts(
                    "deadlines.job.notice", ["team": .text(notice.team), "text": .rich(notice.text(in: texts))])
            }
        ) { job, context in
            let notice = try job.decodePayload(DeadlineNotice.self)
            guard let team = context.roster.team(id: notice.team) else { return [] }
            return team.chats.filter { $0 != notice.answeredIn }.map {
                OutgoingMessage(chat: $0, reply: Reply(notice.text(in: context.texts(for: $0)), isNotice: true))
            }
        }
    }

    /// A deadline's reminder times in `zone` (quiet hours applied when given), as `reminderTimes` works them
    /// out: once per configuration for each deadline, zone and quiet hours, then kept in `plans`.
    func plan(of deadline: Deadline, zone: TimeZone, quiet: QuietHours?) -> [(offset: TimeInterval, at: Date)] {
        plans.value(for: DeadlinePlan(deadline: deadline, zone: zone.identifier, quiet: quiet)) {
            deadline.reminderTimes(zone: zone, quiet: quiet)
        }
    }

    /// A deadline set or moved in chat lies ahead, at most `Deadline.farthest`; a refusal repeats the time as
    /// understood, in `zone`, so a wrong zone or date shows.
    static func checkDue(_ due: Date, zone: TimeZone, now: Date, _ texts: Texts) throws(CommandError) {
        guard due > now else {
            let dates = texts.dates(zone)
            throw .rejected(
                texts(
                    "deadlines.due-past",
                    ["time": .text(dates.shortDayAndTime(due)), "zone": .text(dates.zoneName)]))
        }
        guard due.timeIntervalSince(now) <= Deadline.farthest else {
            throw .rejected(texts("deadlines.due-too-far"))
        }
    }

    /// An id from every word of a title (as long as the title, at most `Deadline.longestTitle` characters), unique
    /// among `taken`: the reply shows it whole, and it is never a cut-off form of the title.
    static func slug(_ title: String, taken: Set<String>) -> String {
        let words = title.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let base = words.isEmpty ? "deadline" : words.joined(separator: "-")
        var candidate = base
        var number = 2
        while taken.contains(candidate) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        return candidate
    }

    /// `Fri 19 Nov 17:00 (Asia/Vientiane)`: a deadline's time with the zone it is shown in, in `texts`' words.
    static func named(_ date: Date, _ zone: TimeZone, _ texts: Texts) -> String {
        let dates = texts.dates(zone)
        return texts.plain(
            "deadlines.time-in-zone", ["time": .text(dates.shortDayAndTime(date)), "zone": .text(dates.zoneName)])
    }

    /// `Fri 19 Nov 17:00 (Asia/Vientiane), in 2 days 3 h`, or `…, overdue` once passed.
    static func due(_ date: Date, _ zone: TimeZone, now: Date, _ texts: Texts) -> String {
        let dates = texts.dates(zone)
        let time = dates.shortDayAndTime(date), name = dates.zoneName
        guard date > now else {
            return texts.plain("deadlines.due-overdue", ["time": .text(time), "zone": .text(name)])
        }
        return texts.plain(
            "deadlines.due-ahead",
            ["time": .text(time), "zone": .text(name), "countdown": .text(texts.countdown(from: now, to: date))])
    }

    /// `Moved: First draft, Fri 19 Nov 17:00 → Sat 20 Nov 17:00 (Europe/Berlin)`: a move as the teams hear of it.
    static func moved(title: String, from: Date, to: Date, zone: TimeZone, _ texts: Texts) -> RichText {
        let dates = texts.dates(zone)
        return texts(
            "deadlines.moved",
            [
                "title": .text(title), "from": .text(dates.shortDayAndTime(from)),
                "to": .text(dates.shortDayAndTime(to)), "zone": .text(dates.zoneName),
            ])
    }

    /// Teams by the roster's names (`Lao PDR, Mongolia`); an id the roster does not know is shown as written.
    static func teamNames(_ ids: [String], _ roster: Roster) -> String {
        ids.map { roster.team(id: $0)?.name ?? $0 }.joined(separator: ", ")
    }

    /// What `/deadline <id>` says of the caller's team: when and by whom it was submitted; that it is not for
    /// their team; or the reminders it will get (quiet hours applied in the team's zone). Without a team, the
    /// plain reminder plan. Times in the reader's `zone`.
    func state(of deadline: Deadline, for team: Team?, zone: TimeZone, _ context: CommandContext) async throws
        -> RichText
    {
        let texts = context.texts
        let dates = texts.dates(zone)
        guard let team else {
            let plan = plan(of: deadline, zone: zone, quiet: nil).map { dates.shortDayAndTime($0.at) }
            return plan.isEmpty
                ? texts("deadlines.plan-none")
                : texts("deadlines.plan", ["times": .text(plan.joined(separator: "; "))])
        }
        guard deadline.applies(to: team.id) else { return texts("deadlines.not-for-team", ["team": .text(team.name)]) }
        if let submitted = try await submission(of: deadline.id, by: team.id, context.storage) {
            return texts(
                "deadlines.submitted",
                [
                    "team": .text(team.name), "name": .text(submitted.by),
                    "time": .text(dates.shortDayAndTime(submitted.at)), "zone": .text(dates.zoneName),
                ])
        }
        let teamZone = self.zone(ofTeam: team.id, roster: context.roster, deadline: deadline)
        let plan = plan(of: deadline, zone: teamZone, quiet: quietHours).map { dates.shortDayAndTime($0.at) }
        return plan.isEmpty
            ? texts("deadlines.plan-team-none")
            : texts("deadlines.plan-team", ["times": .text(plan.joined(separator: "; "))])
    }
}
