import BotCore
import Foundation

/// `plugins-config/deadlines.yaml`.
public struct RemindersConfiguration: Decodable, Sendable {
    /// The zone for people who have not set one with `/tz` and whose team has none (default UTC).
    public var defaultTimeZone: String?
    /// Pending reminders one person may have (default 20).
    public var maximumPerUser: Int?
    /// The shortest repeat of an `every <duration>` reminder (default 1h), so nobody floods a chat.
    public var minimumRecurringInterval: String?
    /// The workshop's deadlines.
    public var deadlines: [DeadlineEntry]?
    /// `22:00-07:00` (the default) in each team's zone: deadline reminders that would land then wait for the
    /// morning; `off` sends them at their offsets whatever the hour.
    public var quietHours: String?

    public init(
        defaultTimeZone: String? = nil, maximumPerUser: Int? = nil, deadlines: [DeadlineEntry]? = nil,
        quietHours: String? = nil, minimumRecurringInterval: String? = nil
    ) {
        self.minimumRecurringInterval = minimumRecurringInterval
        self.defaultTimeZone = defaultTimeZone
        self.maximumPerUser = maximumPerUser
        self.deadlines = deadlines
        self.quietHours = quietHours
    }
}

/// A reminder as stored in its job.
struct Reminder: Codable, Sendable {
    var id: String
    var owner: UserRef
    var ownerName: String
    /// Set for a team reminder.
    var team: String?
    var teamName: String?
    var chat: ChatRef
    var thread: String?
    var text: String
    var schedule: ReminderSchedule
    /// Whether `chat` is the owner's direct chat with the bot (then no mention is needed).
    var isDirect: Bool?
    /// The delivery key of the message that set it, from which its id is derived.
    var messageKey: String?
    /// The language its owner read when setting it, for a personal reminder's words around theirs (absent in
    /// reminders set by older versions: then the chat's).
    var language: Language?
}

/// Personal and team reminders: `/remind me|team <when> <text>`, fired through the durable scheduler, once,
/// on time, in the reader's own time zone (the agenda's `/tz`, asked through the runtime's lookups).
public struct DeadlinesPlugin: Plugin, ShipsMessages {
    public typealias Configuration = RemindersConfiguration
    public static let name = "deadlines"
    public static let summary = "Deadlines, and reminders for you or your team"
    public static var messages: [MessageTable] { DeadlinesMessages.tables }

    let defaultZone: TimeZone
    let maximumPerUser: Int
    let deadlines: [Deadline]
    let quietHours: QuietHours?
    let minimumInterval: TimeInterval
    /// Deadlines' reminder plans worked out for this configuration (`plan(of:zone:quiet:)`).
    let plans = ViewCache<DeadlinePlan, [(offset: TimeInterval, at: Date)]>(capacity: DeadlinePlan.capacity)
    /// The deadlines with the chat's changes (`current`), as read from the store; their changes invalidate it.
    let deadlinesKept = StoreCache<Int, [Deadline]>(name: "deadlines.deadlines", capacity: 1)
    /// Teams' submissions (or that there is none) by `deadline/team`, as read; `/deadline done` invalidates.
    let submissionsKept = StoreCache<String, Submission?>(
        name: "deadlines.submissions", capacity: DeadlinesPlugin.submissionsKeptCount)
    /// Submissions kept in memory: every deadline of every team of a workshop many times over; beyond it they
    /// are read per command.
    static let submissionsKeptCount = 10_000

    public init(configuration: RemindersConfiguration) throws {
        let name = configuration.defaultTimeZone ?? "UTC"
        guard let zone = TimeZone(identifier: name) else {
            throw PluginConfigurationError(path: ["default_time_zone"], "unknown time zone \"\(name)\"")
        }
        defaultZone = zone
        let perUser = configuration.maximumPerUser ?? 20
        guard Self.perUserLimit.contains(perUser) else {
            throw PluginConfigurationError(
                path: ["maximum_per_user"],
                "expected a number from \(Self.perUserLimit.lowerBound) to \(Self.perUserLimit.upperBound)")
        }
        maximumPerUser = perUser
        deadlines = try Deadline.resolve(configuration.deadlines ?? [], defaultZone: zone)
        if let text = configuration.minimumRecurringInterval {
            guard let seconds = TimeText.duration(text.lowercased()), seconds <= ReminderTime.longestRepeat else {
                throw PluginConfigurationError(
                    path: ["minimum_recurring_interval"], "expected a duration such as 1h or 30m, at most 365d")
            }
            minimumInterval = seconds
        } else {
            minimumInterval = 3600
        }
        switch configuration.quietHours?.lowercased() {
        case nil: quietHours = .standard
        case "off": quietHours = nil
        case let text?:
            guard let parsed = QuietHours(parsing: text) else {
                throw PluginConfigurationError(
                    path: ["quiet_hours"], "expected HH:MM-HH:MM such as 22:00-07:00, or off")
            }
            quietHours = parsed
        }
    }

    /// What `maximum_per_user` may say: every person at least one reminder, and no more than a thousand pending
    /// (each is a scheduled job, and `/reminders` lists them all).
    static let perUserLimit = 1...1000

    /// The zone a team reads its deadline reminders in.
    func zone(ofTeam team: String, roster: Roster, deadline: Deadline) -> TimeZone {
        TimeZone(identifier: roster.team(id: team)?.timeZone ?? deadline.zone) ?? defaultZone
    }

    public var commands: [Command] {
        deadlineCommands + [
            Command(
                "remind", usage: "remind me|team <when> <text>",
                summary:
                    "Set a reminder: in 2 hours, at 3pm, tomorrow 9am, monday 09:00, 16 Nov 10:00, every weekday 09:00",
                help: "Times are in your zone (/tz). Also 10m before <session id> and at the start of <session id>. "
                    + "Team reminders go to this chat for your whole team."
            ) { invocation, context in try await remind(invocation, context) },
            Command("reminders", summary: "Your and your team's pending reminders") { _, context in
                let texts = context.texts
                let mine = try await pending(for: context.caller, in: context.storage)
                guard !mine.isEmpty else { return Reply(texts("deadlines.reminders-none")) }
                let zone = await readerZone(context)
                var lines: [RichText] = [texts("deadlines.reminders-header", ["zone": .text(zone.identifier)])]
                for (job, reminder) in mine {
                    let when = describe(reminder.schedule, next: job.dueAt, zone: zone, texts)
                    if let team = reminder.team {
                        // A team reminder says who set it: only they (or a facilitator) can cancel it.
                        lines.append(
                            texts(
                                "deadlines.reminders-team",
                                [
                                    "id": .text(reminder.id), "when": .text(when),
                                    "team": .text(reminder.teamName ?? team), "owner": .text(reminder.ownerName),
                                    "text": .text(reminder.text),
                                ]))
                    } else {
                        // A personal reminder's words are shown only in the chat it goes to: set in a direct chat,
                        // it stays private when listed in a group.
                        let words =
                            reminder.chat != context.chat ? texts.plain("deadlines.reminders-private") : reminder.text
                        lines.append(
                            texts(
                                "deadlines.reminders-mine",
                                ["id": .text(reminder.id), "when": .text(when), "text": .text(words)]))
                    }
                }
                return Reply(lines: lines)
            },
            Command(
                "reminder", usage: "reminder cancel <id>",
                summary: "Cancel a reminder you set (facilitators: any reminder)"
            ) { invocation, context in
                guard invocation.argument(0)?.lowercased() == "cancel", let id = invocation.argument(1)?.lowercased()
                else {
                    throw CommandError.usage()
                }
                let (job, reminder) = try await cancelReminder(id, context)
                let zone = await readerZone(context)
                let texts = context.texts
                let when = describe(reminder.schedule, next: job.dueAt, zone: zone, texts)
                // Someone else's personal reminder (a facilitator cancelling it) is named by whose it was only.
                if reminder.team == nil && reminder.owner != context.caller.user {
                    return Reply(
                        texts(
                            "deadlines.reminder-cancelled-other",
                            ["id": .text(id), "owner": .text(reminder.ownerName), "when": .text(when)]))
                }
                return Reply(
                    texts(
                        "deadlines.reminder-cancelled",
                        ["id": .text(id), "text": .text(reminder.text), "when": .text(when)]))
            },
        ]
    }

    public var jobHandlers: [JobHandler] {
        [deadlineReminderHandler, deadlineNoticeHandler] + [
            JobHandler(
                "remind",
                describe: { job, texts in
                    // A personal reminder's words are its owner's: only who it is for is shown.
                    guard let reminder = try? job.decodePayload(Reminder.self) else {
                        return texts("deadlines.job.reminder")
                    }
                    if let team = reminder.team {
                        return texts(
                            "deadlines.job.team-reminder",
                            ["team": .text(reminder.teamName ?? team), "text": .text(reminder.text)])
                    }
                    return texts("deadlines.job.personal-reminder", ["name": .text(reminder.ownerName)])
                },
                next: { job, after in
                    guard let reminder = try? job.decodePayload(Reminder.self), reminder.schedule.isRecurring else {
                        return nil
                    }
                    return reminder.schedule.next(after: after)
                }
            ) { job, context in
                let reminder = try job.decodePayload(Reminder.self)
                // A recurring reminder books its next time in the transaction that marks this one fired. (The
                // store keeps times to the millisecond: look a second past this firing, never at it again.)
                if reminder.schedule.isRecurring,
                    let next = reminder.schedule.next(after: job.dueAt.addingTimeInterval(1))
                {
                    try await context.storage.transaction { tx in
                        try tx.schedule(
                            "remind", at: next, key: "reminder/\(reminder.id)", chat: reminder.chat, payload: reminder)
                    }
                }
                // A team's reminder reads in its chat's language; a personal one in its owner's.
                let texts: Texts
                if reminder.team == nil, let language = reminder.language,
                    context.localization.isAvailable(language)
                {
                    texts = context.localization.texts(language)
                } else {
                    texts = context.texts(for: reminder.chat)
                }
                let late =
                    context.clock.now().timeIntervalSince(job.dueAt) > 60 ? texts.plain("deadlines.fired-late") : ""
                let line: RichText
                if let team = reminder.team {
                    line = texts(
                        "deadlines.fired-team",
                        ["team": .text(reminder.teamName ?? team), "late": .text(late), "text": .text(reminder.text)])
                } else if reminder.isDirect == true {
                    line = texts("deadlines.fired-direct", ["late": .text(late), "text": .text(reminder.text)])
                } else {
                    let owner: RichText = "\(mention: reminder.owner, name: reminder.ownerName)"
                    line = texts(
                        "deadlines.fired-mention",
                        ["owner": .rich(owner), "late": .text(late), "text": .text(reminder.text)])
                }
                return [
                    OutgoingMessage(chat: reminder.chat, thread: reminder.thread, reply: Reply(line, isNotice: true))
                ]
            }
        ]
    }

    private func remind(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let texts = context.texts
        guard let target = invocation.argument(0)?.lowercased(), ["me", "team"].contains(target) else {
            throw CommandError.usage(texts.plain("deadlines.remind-who"))
        }
        let team = target == "team" ? context.caller.team : nil
        if target == "team", team == nil {
            throw CommandError.rejected(texts("deadlines.remind-no-team"))
        }
        let zone = await readerZone(context)
        let rest = Array(invocation.arguments.dropFirst())
        let (schedule, used) = try await when(rest, context, zone: zone)
        let text = rest.dropFirst(used).joined(separator: " ").trimmingWhitespace()
        guard !text.isEmpty else { throw CommandError.usage(texts.plain("deadlines.remind-what")) }
        guard text.count <= Self.longestReminder else {
            throw CommandError.rejected(texts("deadlines.remind-too-long", ["count": .number(Self.longestReminder)]))
        }
        guard let first = schedule.next(after: context.now) else {
            throw CommandError.usage(texts.plain("deadlines.when-past"))
        }
        if case .interval(let seconds, _) = schedule, seconds < minimumInterval {
            throw CommandError.rejected(
                texts("deadlines.remind-too-often", ["span": .text(texts.span(minimumInterval))]))
        }
        let mine = try await pending(for: context.caller, in: context.storage).filter {
            $0.1.owner == context.caller.user
        }
        guard mine.count < maximumPerUser else {
            throw CommandError.rejected(texts("deadlines.remind-too-many", ["count": .number(mine.count)]))
        }
        // A personal reminder goes to the person's direct chat with the bot when they have one; else to this
        // chat, mentioning them.
        var direct: ChatRef?
        if team == nil {
            direct =
                invocation.message.isDirect ? context.chat : await context.directChats.chat(of: context.caller.user)
        }
        let messageKey = invocation.message.deliveryKey
        let draft = Reminder(
            id: "", owner: context.caller.user, ownerName: context.caller.displayName, team: team?.id,
            teamName: team?.name, chat: direct ?? context.chat, thread: direct == nil ? invocation.message.thread : nil,
            text: String(text), schedule: schedule, isDirect: direct != nil, messageKey: messageKey,
            language: texts.language)
        let reminder = try await context.storage.transaction { tx -> Reminder in
            // The id comes from the message (the same when the message is handled again); on the rare clash
            // with another message's reminder, the next candidate.
            var reminder = draft
            for attempt in 0..<20 {
                reminder.id = Self.id(for: attempt == 0 ? messageKey : "\(messageKey)#\(attempt)")
                let taken = try tx.jobs(keyPrefix: "reminder/\(reminder.id)", states: Set(JobState.allCases)).contains {
                    job in
                    (try? job.decodePayload(Reminder.self))?.messageKey != messageKey
                }
                if !taken { break }
            }
            try tx.schedule("remind", at: first, key: "reminder/\(reminder.id)", chat: reminder.chat, payload: reminder)
            return reminder
        }
        let key = direct != nil && direct != context.chat ? "deadlines.remind-set-direct" : "deadlines.remind-set"
        return Reply(
            texts(
                key,
                [
                    "id": .text(reminder.id), "when": .text(describe(schedule, next: first, zone: zone, texts)),
                    "countdown": .text(texts.countdown(from: context.now, to: first)), "text": .text(reminder.text),
                ]))
    }

    /// The longest reminder text, so a reminder stays one readable message.
    static let longestReminder = 500

    /// The schedule a `/remind` asks for and how many words it used: a time relative to a session (asking the
    /// agenda when it starts) or any form `ReminderTime` reads.
    private func when(_ words: [String], _ context: CommandContext, zone: TimeZone) async throws -> (
        ReminderSchedule, Int
    ) {
        let texts = context.texts
        func refuse(_ error: ReminderTimeError) -> CommandError {
            let message = error.message(in: texts)
            return error.isBound ? CommandError.rejected(RichText(message)) : CommandError.usage(message)
        }
        if let relative = SessionRelativeTime.parse(words) {
            let sessions = SessionRelativeTime.Session.all(
                in: await context.lookups.ask("session-start", Lookup.key(relative.session, in: texts.language)))
            guard !sessions.isEmpty else {
                throw CommandError.rejected(texts("deadlines.no-session", ["session": .text(relative.session)]))
            }
            // The first of that id whose reminder time is still to come.
            let now = context.now
            let session = sessions.first { $0.start.addingTimeInterval(-relative.before) > now } ?? sessions[0]
            switch relative.date(for: session, now: now) {
            case .success(let date): return (.once(date), relative.used)
            case .failure(let error): throw refuse(error)
            }
        }
        switch ReminderTime.parse(words, now: context.now, zone: zone) {
        case .success(let parsed): return parsed
        case .failure(let error): throw refuse(error)
        }
    }

    /// Cancels reminder `id`, which only the person who set it or a facilitator may do: a team reminder is
    /// shared with the team, but one member's mistake (or mischief) must not remove it for everyone. The check
    /// and the cancel are one transaction. Someone else's personal reminder is not even named to the caller.
    private func cancelReminder(_ id: String, _ context: CommandContext) async throws -> (ScheduledJob, Reminder) {
        let caller = context.caller
        let texts = context.texts
        let isFacilitator = caller.role >= .facilitator
        return try await context.storage.transaction { tx in
            let key = "reminder/\(id)"
            let found = try tx.jobs(keyPrefix: key, states: [.pending]).compactMap { job -> (ScheduledJob, Reminder)? in
                guard job.key == key, let reminder = try? job.decodePayload(Reminder.self) else { return nil }
                return (job, reminder)
            }.first
            guard let (job, reminder) = found else {
                throw CommandError.rejected(texts("deadlines.reminder-unknown", ["id": .text(id)]))
            }
            let isOwner = reminder.owner == caller.user
            let isTeams = reminder.team != nil && reminder.team == caller.team?.id
            guard isOwner || isFacilitator else {
                guard isTeams, let team = reminder.team else {
                    throw CommandError.rejected(texts("deadlines.reminder-unknown", ["id": .text(id)]))
                }
                throw CommandError.rejected(
                    texts(
                        "deadlines.reminder-not-yours",
                        ["id": .text(id), "team": .text(reminder.teamName ?? team), "owner": .text(reminder.ownerName)]
                    ))
            }
            _ = try tx.cancelJobs(keyPrefix: key)
            return (job, reminder)
        }
    }

    /// The caller's pending reminders and their team's, with their jobs, soonest first.
    private func pending(for caller: Caller, in storage: PluginStorage) async throws -> [(ScheduledJob, Reminder)] {
        try await storage.transaction { tx in
            try tx.jobs(keyPrefix: "reminder/", states: [.pending]).compactMap { job in
                guard let reminder = try? job.decodePayload(Reminder.self) else { return nil }
                let isMine = reminder.team == nil && reminder.owner == caller.user
                let isTeams = reminder.team != nil && reminder.team == caller.team?.id
                return isMine || isTeams ? (job, reminder) : nil
            }
        }
    }

    func readerZone(_ context: CommandContext) async -> TimeZone {
        await context.readerZone(otherwise: defaultZone)
    }

    private func describe(_ schedule: ReminderSchedule, next: Date, zone: TimeZone, _ texts: Texts) -> String {
        // The day in the reader's language (`Mon 8 Nov 10:00`, `lun. 8 nov. 10:00`).
        let at = texts.dates(zone).shortDayAndTime(next)
        switch schedule {
        case .once: return texts.plain("deadlines.schedule-once", ["time": .text(at), "zone": .text(zone.identifier)])
        case .daily(let hour, let minute, _, let weekdays):
            return texts.plain(
                weekdays ? "deadlines.schedule-weekdays" : "deadlines.schedule-daily",
                [
                    "clock": .text(String(format: "%02d:%02d", hour, minute)), "time": .text(at),
                    "zone": .text(zone.identifier),
                ])
        case .interval(let seconds, _):
            return texts.plain(
                "deadlines.schedule-interval",
                ["span": .text(texts.span(seconds)), "time": .text(at), "zone": .text(zone.identifier)])
        }
    }

    /// A short id derived from the message that set the reminder, so handling that message again (a replay
    /// after a crash) names the same reminder. Five letters and digits that cannot be mistaken for each other
    /// (no `0`/`o`, `1`/`l`/`i`), lower case (typed in any case): FNV-1a over the delivery key, mixed by a
    /// SplitMix64 finaliser so that consecutive messages give ids that differ from the first letter on.
    static func id(for messageKey: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in messageKey.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        var id = ""
        for _ in 0..<5 {
            id.append(idAlphabet[Int(hash % UInt64(idAlphabet.count))])
            hash /= UInt64(idAlphabet.count)
        }
        return id
    }

    /// The characters of reminder ids.
    static let idAlphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
}

extension DeadlinesPlugin: AnswersLookups {
    /// "deadlines": every deadline as it is now (the file's, with the changes made in chat), soonest first, four
    /// lines each: the due time in seconds since 1970 (cheap to write and read: `/agenda` asks on every call), the
    /// id, the title in the language whose code is the key (English for any other key) and the team ids separated
    /// by commas (empty for every team). The agenda shows them on their days, so there is one source of truth for
    /// when they are due. Read from `deadlinesKept`, so asking costs no store read once the deadlines are kept.
    public var lookups: [Lookup] {
        [
            Lookup("deadlines") { key, storage in
                let language = Language(key) ?? .english
                return try await kept(storage).flatMap { deadline -> [RichText] in
                    [
                        RichText(String(deadline.due.timeIntervalSince1970)), RichText(deadline.id),
                        RichText(deadline.title.text(in: language)),
                        RichText(deadline.teams.joined(separator: ",")),
                    ]
                }
            },
            // "deadline-links": the web links this plugin shows people (each deadline's `link`), two lines each:
            // the deadline's id and the URL. For the resources' link check, which names the deadline in its
            // reader's language.
            Lookup("deadline-links") { _, storage in
                try await kept(storage).flatMap { deadline -> [RichText] in
                    guard let link = deadline.link, isWebURL(link) else { return [] }
                    return [RichText(deadline.id), RichText(link)]
                }
            },
        ]
    }
}

extension DeadlinesPlugin: SchedulesJobs, ReferencesNames {
    /// Each deadline's teams (every team when it names none): its reminders are posts to their chats.
    public var references: [ConfigReference] {
        deadlines.enumerated().flatMap { index, deadline in
            deadline.teams.isEmpty
                ? [
                    ConfigReference(
                        .team, ConfigReference.everyTeam, at: ["deadlines", String(index)], postsToTeam: true)
                ]
                : deadline.teams.enumerated().map { position, team in
                    ConfigReference(
                        .team, team, at: ["deadlines", String(index), "teams", String(position)], postsToTeam: true)
                }
        }
    }
}
