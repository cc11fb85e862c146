import BotCore
import Foundation

/// "What is on today, and when is that for me?": the workshop's sessions in each reader's own time zone,
/// with "starting soon" announcements through the durable scheduler.
public struct AgendaPlugin: Plugin, ShipsMessages {
    public typealias Configuration = AgendaConfiguration
    public static let name = "agenda"
    public static let summary = "The workshop's sessions, in your time zone"
    public static var messages: [MessageTable] { AgendaMessages.tables }

    /// The agenda in force: the configuration's, with the feed's sessions once read.
    public var agenda: Agenda { live.edition.agenda }
    /// The edition served, replaced when the feed brings a new version.
    let live: LiveAgenda
    /// The configuration, to resolve each new version of the feed against.
    let configuration: AgendaConfiguration
    /// The calendar feed followed, when `source` is a web address.
    let feed: AgendaFeed?
    let lead: TimeInterval
    let announceChats: [ChatRef]
    /// The sessions with their searchable texts folded, for `/agenda search` and `/session`'s suggestions.
    var searchIndex: TextSearch.Index<Session> { live.edition.searchIndex }
    /// The day and week views already rendered for the edition in force (see `AgendaView`).
    var views: ViewCache<AgendaView, Reply> { live.edition.views }
    /// The workshop's days as `yyyymmdd`, from the Monday a week before the first (the week views) to the day
    /// after the last (a reader's zone can shift a session across midnight): only views of these days are kept.
    let keptDays: ClosedRange<Int>
    /// Whether each session location is a link (`place(_:_:)`), by location.
    var places: [String: Bool] { live.edition.places }
    /// People's `/tz` zones (or that they chose none) as read from the store, by user; `/tz` invalidates.
    let zones = StoreCache<String, String?>(name: "agenda.tz", capacity: AgendaPlugin.peopleKept)
    /// People whose zone is kept in memory: more than a workshop's chats hold; others are read per command.
    static let peopleKept = 10_000
    /// The teams its sessions are for (see `ReferencesNames`).
    public let references: [ConfigReference]

    public init(configuration: AgendaConfiguration) throws {
        try self.init(configuration: configuration, fetcher: nil)
    }

    /// - Parameter fetcher: fetches a calendar feed (`source: https://…`); the executable passes one over its HTTP
    ///   client. Without it a feed is never read, and its sessions are missing.
    public init(configuration: AgendaConfiguration, fetcher: (any FeedFetching)?) throws {
        let agenda = try configuration.agenda(teams: nil)
        live = LiveAgenda(AgendaEdition(agenda, feedVersion: nil))
        self.configuration = configuration
        if case .feed(let url) = try configuration.calendarSource() {
            feed = AgendaFeed(
                url: url, refresh: try configuration.refreshInterval(), reportChats: configuration.reportTo ?? [],
                fetcher: fetcher)
        } else {
            feed = nil
            if configuration.refresh != nil {
                throw PluginConfigurationError(
                    path: ["refresh"], "refresh is for a feed: give source an https:// address")
            }
            if configuration.reportTo != nil {
                throw PluginConfigurationError(
                    path: ["report_to"], "report_to is for a feed: give source an https:// address")
            }
        }
        let (first, last) = (
            AgendaView.number(agenda.firstDay, adding: -7), AgendaView.number(agenda.lastDay, adding: 1)
        )
        keptDays = first <= last ? first...last : 0...0  // days the calendar cannot place: no view is kept
        guard let lead = AgendaConfiguration.parseDuration(configuration.announceBefore ?? "10m") else {
            throw PluginConfigurationError(path: ["announce_before"], "expected a duration such as 10m")
        }
        guard lead <= AgendaConfiguration.longestAnnouncementLead else {
            throw PluginConfigurationError(path: ["announce_before"], "at most 24h before the session")
        }
        self.lead = lead
        announceChats = configuration.announceChats ?? []
        // A team session is announced in the team's chats. Sessions of the file are named by their entry;
        // those of the calendar by the `calendar` key.
        let entries = configuration.sessions ?? []
        var references = entries.enumerated().compactMap { index, entry in
            entry.team.map { ConfigReference(.team, $0, at: ["sessions", String(index), "team"], postsToTeam: true) }
        }
        let written = Set(entries.compactMap(\.team))
        for team in Set(agenda.sessions.compactMap(\.team)).subtracting(written).sorted() {
            references.append(ConfigReference(.team, team, at: ["calendar"], postsToTeam: true))
        }
        self.references = references
    }

    /// Session ids as `/session` and other files use them: every session's, and a series' id without the
    /// `-YYYYMMDD` of its occurrences. With a feed none: its sessions are known only once it is read, so session
    /// ids in other files are not checked at load.
    public var definedNames: [ConfigReference.Kind: Set<String>] {
        guard feed == nil else { return [:] }
        var ids = Set<String>()
        for session in agenda.sessions {
            ids.insert(session.id)
            let parts = session.id.split(separator: "-")
            if parts.count > 1, let last = parts.last, last.count == 8, last.allSatisfy(\.isNumber) {
                ids.insert(parts.dropLast().joined(separator: "-"))
            }
        }
        return [.session: ids]
    }

    /// The announcement chats and the feed's report chats: the workshop's own chats (team chats come from the
    /// roster).
    public var workshopChats: [ChatRef] { announceChats + (feed?.reportChats ?? []) }

    public var commands: [Command] {
        [
            Command(
                "agenda",
                usage:
                    "agenda [today|tomorrow|YYYY-MM-DD|week] [all] | agenda search <words> | agenda subscribe [all] | agenda revoke <team|all> | agenda source",
                summary: "What is on, in your time zone",
                help:
                    "In a team's chat only plenaries and that team's sessions are listed; add \"all\" for everything. "
                    + "/agenda subscribe sends you a link to your team's calendar for your calendar app. "
                    + "Facilitators: /agenda revoke <team|all> makes a calendar link stop working, and /agenda source "
                    + "shows where the sessions come from and how the feed is doing.",
                subcommandRoles: ["source": .facilitator, "revoke": .facilitator],
                handler: { invocation, context in try await agendaCommand(invocation, context) }),
            Command("now", summary: "Sessions under way now") { invocation, context in
                let zone = try await readerZone(context)
                let list = agenda.visible(to: chatTeam(context), all: invocation.arguments.contains("all"))
                // All-day sessions of the reader's date, then the sessions under way.
                let running =
                    agenda.allDay(on: Agenda.day(of: context.now, in: zone), from: list)
                    + agenda.current(at: context.now, from: list)
                let texts = context.texts
                guard !running.isEmpty else {
                    let next = nextHint(after: context.now, list: list, zone: zone, texts)
                    return Reply(lines: [texts("agenda.now.nothing", ["next": .rich(next)])])
                }
                return Reply(
                    lines: [texts("agenda.now.header", ["zone": .text(zoneName(zone))])]
                        + running.map { line(for: $0, zone: zone, texts) })
            },
            Command("next", summary: "The next session and when it starts") { invocation, context in
                let zone = try await readerZone(context)
                let list = agenda.visible(to: chatTeam(context), all: invocation.arguments.contains("all"))
                let texts = context.texts
                guard let session = agenda.next(after: context.now, from: list) else {
                    return Reply(lines: [texts("agenda.next.over")])
                }
                let dates = texts.dates(zone)
                let when: RichText =
                    "\(time: session.start, as: "\(dates.day(session.start)) \(dates.time(session.start))")"
                var lines: [RichText] = [
                    texts(
                        "agenda.next.session",
                        [
                            "title": .text(session.title.text(in: texts.language)), "when": .rich(when),
                            "zone": .text(zoneName(zone)),
                            "countdown": .text(texts.countdown(from: context.now, to: session.start)),
                        ])
                ]
                if let location = session.location { lines.append(place(location, texts)) }
                return Reply(lines: lines)
            },
            Command("session", usage: "session <id>", summary: "Details of one session, with its link") {
                invocation, context in
                let texts = context.texts
                guard let id = invocation.argument(0) else { throw CommandError.usage() }
                guard let session = agenda.sessions.first(where: { $0.id.lowercased() == id.lowercased() }) else {
                    let matches = searchIndex.rank([id]).prefix(3).map(\.id)
                    guard matches.isEmpty else {
                        throw CommandError.rejected(
                            texts(
                                "agenda.session.unknown-suggest",
                                ["id": .text(id), "ids": .text(matches.joined(separator: ", "))]))
                    }
                    throw CommandError.rejected(texts("agenda.session.unknown", ["id": .text(id)]))
                }
                let zone = try await readerZone(context)
                var lines: [RichText] = [
                    "\(bold: session.title.text(in: texts.language)) (\(code: session.id))",
                    texts(
                        "agenda.session.when",
                        [
                            "day": .text(when(session, zone, texts)),
                            "times": .text(line(for: session, zone: zone, texts, withTitle: false).plainText),
                        ]),
                ]
                if let team = session.team {
                    lines.append(
                        texts("agenda.session.team", ["team": .text(context.roster.team(id: team)?.name ?? team)]))
                }
                if !session.speakers.isEmpty {
                    lines.append(
                        texts("agenda.session.speakers", ["speakers": .text(session.speakers.joined(separator: ", "))]))
                }
                if let location = session.location { lines.append(place(location, texts)) }
                if let description = session.description {
                    lines.append(RichText(description.text(in: texts.language)))
                }
                if !session.tags.isEmpty {
                    lines.append(
                        texts(
                            "agenda.session.tags", ["tags": .text(session.tags.map { "#" + $0 }.joined(separator: " "))]
                        ))
                }
                // Slides, pads and recordings, when the resources plugin is enabled.
                let related = await context.lookups.ask(
                    "session-resources", Lookup.key(session.id, in: texts.language))
                if !related.isEmpty { lines += [texts("agenda.session.resources")] + related }
                return Reply(lines: lines)
            },
            Command(
                "tz", usage: "tz [IANA zone, e.g. Asia/Ulaanbaatar | reset]", summary: "Show or set your time zone",
                help: "Times are shown in your zone, and in the workshop's when it differs. Zone names in any case, "
                    + "or a city (ulaanbaatar); /tz reset goes back to your team's zone (or the workshop's)."
            ) { invocation, context in
                let user = context.caller.user.description
                let texts = context.texts
                guard let name = invocation.argument(0) else {
                    let zone = try await readerZone(context)
                    // An example of another zone than the reader's own.
                    let example = zone.identifier == "Asia/Almaty" ? "Asia/Ulaanbaatar" : "Asia/Almaty"
                    return Reply(
                        lines: [
                            texts(
                                "agenda.tz.current",
                                [
                                    "zone": .text(zoneName(zone)), "identifier": .text(displayIdentifier(zone)),
                                    "example": .text(example),
                                ])
                        ])
                }
                if ["reset", "default", "off"].contains(name.lowercased()) {
                    try await context.storage.transaction { tx in _ = try tx.delete("tz", user) }
                    zones.invalidate(user)
                    let zone = try await readerZone(context)
                    return Reply(
                        lines: [
                            texts(
                                "agenda.tz.reset",
                                ["zone": .text(zoneName(zone)), "identifier": .text(displayIdentifier(zone))])
                        ])
                }
                let zone: TimeZone
                switch ZoneNames.identifier(named: name) {
                case .success(let identifier):
                    guard let known = TimeZone(identifier: identifier) else {
                        throw CommandError.rejected(texts("agenda.tz.unknown", ["name": .text(name)]))
                    }
                    zone = known
                case .failure(let problem):
                    guard let city = matchZone(name) else {
                        throw CommandError.rejected(
                            texts(
                                "agenda.tz.unknown-why",
                                ["name": .text(name), "problem": .text(problem.message(in: texts))]))
                    }
                    zone = city
                }
                let identifier = zone.identifier
                try await context.storage.transaction { tx in try tx.put(identifier, "tz", user) }
                zones.invalidate(user)
                return Reply(
                    lines: [
                        texts(
                            "agenda.tz.set",
                            [
                                "zone": .text(zoneName(zone)), "identifier": .text(displayIdentifier(zone)),
                                "time": .text(texts.dates(zone).time(context.now)),
                            ])
                    ])
            },
        ]
    }

    /// "user-timezone": the zone a person chose with `/tz`, for other plugins (reminders).
    public var lookups: [Lookup] {
        [
            Lookup("user-timezone") { user, storage in
                try await storedZone(of: user, storage).map { [RichText($0)] } ?? []
            },
            // "session-links": the sessions' meeting links (a location that is a web link), two lines each: the
            // session's id and the URL, each link once. For the resources' link check, which names the session in
            // its reader's language.
            Lookup("session-links") { _, _ in
                var seen = Set<String>()
                return agenda.sessions.flatMap { session -> [RichText] in
                    (session.location?.allTexts ?? []).flatMap { location -> [RichText] in
                        guard isWebURL(location), seen.insert(location).inserted else { return [] }
                        return [RichText(session.id), RichText(location)]
                    }
                }
            },
            // "session-start": for a session id (any case), three lines per session with that id, soonest
            // first: its start (ISO 8601), its id and its title, in the language the key names (`Lookup.key`),
            // else English. For reminders relative to a session.
            Lookup("session-start") { key, _ in
                let (id, language) = Lookup.parts(of: key)
                let wanted = id.lowercased()
                return agenda.sessions.filter { $0.id.lowercased() == wanted }.sorted { $0.start < $1.start }
                    .flatMap {
                        [
                            RichText($0.start.formatted(.iso8601)), RichText($0.id),
                            RichText($0.title.text(in: language)),
                        ]
                    }
            },
        ]
    }

    public var jobHandlers: [JobHandler] {
        [
            JobHandler(
                "changes",
                describe: { job, texts in
                    texts("agenda.job.changes", ["count": .number(AgendaChangesPost.lineCount(of: job))])
                }
            ) { job, context in
                guard let chat = job.chat else { return [] }
                let texts = context.texts(for: chat)
                let lines = try AgendaChangesPost.lines(of: job, texts)
                return [
                    OutgoingMessage(
                        chat: chat,
                        reply: Reply(lines: [texts("agenda.changes.header")] + lines, isNotice: true))
                ]
            },
            JobHandler("calendar-link", describe: { _, texts in texts("agenda.job.calendar-link") }) { job, _ in
                guard let chat = job.chat else { return [] }
                return [OutgoingMessage(chat: chat, reply: try job.decodePayload(Reply.self))]
            },
            JobHandler(
                "feed-notice", describe: { _, texts in texts("agenda.job.feed-notice") }
            ) { job, context in
                guard let chat = job.chat else { return [] }
                let lines = try FeedNotice.lines(of: job, context.texts(for: chat))
                return [OutgoingMessage(chat: chat, reply: Reply(lines: lines, isNotice: true))]
            },
            JobHandler("feed", describe: { _, texts in texts("agenda.job.feed") }) {
                job, context in try await refreshFeed(job, context)
            },
            JobHandler(
                "announce",
                describe: { job, texts in
                    let id = (try? job.decodePayload(String.self)) ?? ""
                    let title = agenda.sessions.first { $0.id == id }?.title.text(in: texts.language) ?? id
                    return texts("agenda.job.announce", ["title": .text(title)])
                },
                targets: { job, roster in
                    let id = (try? job.decodePayload(String.self)) ?? ""
                    return agenda.sessions.first { $0.id == id }.map { chats(for: $0, roster: roster) } ?? []
                }
            ) { job, context in
                let id = try job.decodePayload(String.self)
                guard let session = agenda.sessions.first(where: { $0.id == id }), !session.isAllDay,
                    session.start > context.clock.now()
                else {
                    return []
                }
                let now = context.clock.now()
                // Each chat reads its own language: a team's chat its team's, the others the workshop's.
                return chats(for: session, roster: context.roster).map { chat in
                    let texts = context.texts(for: chat)
                    var lines: [RichText] = [
                        texts(
                            "agenda.announce",
                            [
                                "countdown": .text(texts.countdown(from: now, to: session.start)),
                                "title": .text(session.title.text(in: texts.language)),
                                "time": .text(texts.dates(agenda.timeZone).time(session.start)),
                                "zone": .text(agenda.timeZoneLabel),
                            ])
                    ]
                    if let location = session.location { lines.append(place(location, texts)) }
                    return OutgoingMessage(chat: chat, reply: Reply(lines: lines, isNotice: true))
                }
            },
        ]
    }

    /// Schedules a "starting soon" announcement for every future session (idempotent: the job key is the
    /// session id, and a session already announced, or already scheduled for the same time, is left alone),
    /// and cancels announcements of sessions that are gone. All-day sessions are dates: none starts "soon".
    /// With a feed, the last good copy is read from the store first and a fetch is booked at once; until a copy
    /// is there the agenda has only the YAML's sessions, so nothing is compared or cancelled meanwhile.
    public func start(_ context: PluginContext) async throws {
        let complete = try await restoreFeed(context)
        let current = agenda
        let roster = context.roster
        let now = context.clock.now()
        try await context.storage.transaction { [self] tx in
            if complete { try recordChanges(to: current, in: tx, roster: roster, at: now) }
            try scheduleAnnouncements(for: current, in: tx, at: now, cancelling: complete)
            if let feed {
                try tx.schedule("feed", at: now, key: Self.refreshKey, payload: feed.instance, grace: AgendaFeed.grace)
            } else {
                try tx.cancelJobs(keyPrefix: Self.refreshKey)
            }
        }
    }

    /// Books the announcements of `agenda`'s future timed sessions, and (`cancelling`) cancels those of sessions
    /// it no longer has.
    func scheduleAnnouncements(for agenda: Agenda, in tx: PluginTransaction, at now: Date, cancelling: Bool) throws {
        guard lead > 0 else { return }
        let timed = agenda.sessions.filter { !$0.isAllDay }
        let plan = timed.compactMap { session -> (String, Date)? in
            let due = session.start.addingTimeInterval(-lead)
            return due > now ? (session.id, due) : nil
        }
        let ids = Set(timed.map(\.id))
        let existing = try tx.jobs(keyPrefix: "announce/", states: [.pending, .firing, .done])
        for job in existing
        where cancelling && job.state == .pending && !ids.contains(String(job.key?.dropFirst(9) ?? "")) {
            _ = try tx.cancelJobs(keyPrefix: job.key ?? "")
        }
        for (id, due) in plan {
            let key = "announce/\(id)"
            if existing.contains(where: { $0.key == key && $0.dueAt == due }) { continue }
            try tx.schedule("announce", at: due, key: key, payload: id)
        }
    }

    /// Compares the agenda with the one the bot last started with and, when sessions moved, appeared or
    /// disappeared, posts one short diff to the chats concerned. The diff job and the new snapshot are
    /// written in one transaction, so each change is announced exactly once, also across restarts.
    func postChanges(_ context: PluginContext) async throws {
        let current = agenda
        let roster = context.roster
        let now = context.clock.now()
        try await context.storage.transaction { [self] tx in
            try recordChanges(to: current, in: tx, roster: roster, at: now)
        }
    }

    /// Inside a transaction: compares `current` with the agenda last announced (the snapshot), schedules one
    /// diff per chat concerned, and keeps `current` as the new snapshot.
    func recordChanges(to current: Agenda, in tx: PluginTransaction, roster: Roster, at now: Date) throws {
        let previous = try tx.get([Session].self, "snapshot", "sessions")
        try tx.put(current.sessions, "snapshot", "sessions")
        guard let previous else { return }
        let changes = AgendaChanges(old: previous, new: current.sessions)
        guard !changes.isEmpty else { return }
        var byChat: [ChatRef: [AgendaChange]] = [:]
        for change in changes.all {
            guard let session = change.session else { continue }
            for chat in chats(for: session, roster: roster) { byChat[chat, default: []].append(change) }
        }
        // The changes are kept as data and written at posting time, in the language of the chat they go to.
        for (chat, list) in byChat.sorted(by: { $0.key.description < $1.key.description }) {
            let post = AgendaChangesPost(
                zone: current.timeZone.identifier, label: current.timeZoneLabel, changes: list)
            try tx.schedule(
                "changes", at: now, key: "changes/\(chat)/\(now.timeIntervalSince1970)", chat: chat, payload: post)
        }
    }

    // MARK: Helpers

    private func agendaCommand(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let zone = try await readerZone(context)
        let texts = context.texts
        var words = invocation.arguments.map { $0.lowercased() }
        let all = words.contains("all")
        words.removeAll { $0 == "all" }
        let team = chatTeam(context)
        if words == ["source"] { return try await sourceReply(context) }
        if words.first == "subscribe" {
            guard words.count == 1 else { throw CommandError.usage() }
            return try await subscribeReply(all: all, invocation, context)
        }
        if words.first == "revoke" {
            return try await revokeReply(invocation.arguments.map { $0.lowercased() }, context)
        }
        let list = agenda.visible(to: team, all: all)
        if words.first == "search" {
            let found = searchIndex.rank(Array(invocation.arguments.dropFirst()).filter { $0.lowercased() != "all" })
            guard !found.isEmpty else {
                let typed = invocation.arguments.dropFirst().joined(separator: " ")
                return Reply(lines: [texts("agenda.search.none", ["words": .text(typed)])])
            }
            let shown = found.prefix(8)
            var lines: [RichText] = shown.map {
                texts(
                    "agenda.search.entry",
                    ["when": .text(when($0, zone, texts)), "line": .rich(line(for: $0, zone: zone, texts))])
            }
            if found.count > shown.count {
                lines.append(texts("agenda.search.more", ["count": .number(found.count - shown.count)]))
            }
            return Reply(lines: lines)
        }
        // Which sessions a view lists: all of them, or (in a team's chat, without `all`) the team's and everyone's.
        let listed = all ? nil : team
        // The deadlines plugin's deadlines as they are now (moved, added or cancelled in chat), shown on their days:
        // the same rule of who sees what as for sessions.
        // Their titles in the reader's language (the key names it), as the sessions'.
        let deadlines = AgendaDeadline.all(in: await context.lookups.ask("deadlines", texts.language.code)).filter {
            $0.isVisible(to: team, all: all)
        }
        if words.first == "week" {
            guard let interval = ZoneFormat(zone).calendar.dateInterval(of: .weekOfYear, for: context.now) else {
                return .none
            }
            let due = deadlines.filter { interval.start <= $0.due && $0.due < interval.end }
            let key = AgendaView(
                zone: zone.identifier, day: AgendaView.number(Agenda.day(of: interval.start, in: zone)), team: listed,
                week: true, language: texts.language, deadlines: due)
            return try view(key) { week(list: list, deadlines: due, zone: zone, interval: interval, texts) }
        }
        let target: DateComponents
        switch words.first {
        case nil, "today": target = Agenda.day(of: context.now, in: zone)
        case "tomorrow": target = Agenda.day(of: context.now.addingTimeInterval(86_400), in: zone)
        case let text?:
            guard let day = AgendaConfiguration.parseDay(text) else {
                throw CommandError.usage(texts.plain("agenda.not-a-date", ["text": .text(text)]))
            }
            target = day
        }
        guard let (dayStart, dayEnd) = Agenda.bounds(of: target, in: zone) else { throw CommandError.usage() }
        let due = deadlines.filter { dayStart <= $0.due && $0.due < dayEnd }
        let key = AgendaView(
            zone: zone.identifier, day: AgendaView.number(target), team: listed, week: false,
            language: texts.language, deadlines: due)
        return try view(key) { try dayView(target, list: list, deadlines: due, zone: zone, texts) }
    }

    /// The view `key` names, kept for the workshop's days and computed by `make` otherwise.
    private func view(_ key: AgendaView, _ make: () throws -> Reply) throws -> Reply {
        guard keptDays.contains(key.day) else { return try make() }
        return try views.value(for: key, compute: make)
    }

    /// One day's sessions, and the deadlines due that day, in `zone`: the same for every reader of that zone and
    /// chat and language while the deadlines stay as they are, whatever the time.
    private func dayView(
        _ target: DateComponents, list: [Session], deadlines: [AgendaDeadline], zone: TimeZone, _ texts: Texts
    ) throws -> Reply {
        let sessions = agenda.sessions(on: target, in: zone, from: list)
        guard let (dayStart, _) = Agenda.bounds(of: target, in: zone) else { throw CommandError.usage() }
        let title = texts.dates(zone).day(dayStart)
        guard !sessions.isEmpty || !deadlines.isEmpty else {
            let next = nextHint(after: dayStart, list: list, zone: zone, texts)
            return Reply(lines: [texts("agenda.day.empty", ["day": .text(title), "next": .rich(next)])])
        }
        // All-day sessions first, then sessions and deadlines in the order of their times (a session before a
        // deadline at the same minute).
        let items =
            sessions.map {
                (allDay: $0.isAllDay ? 0 : 1, at: $0.start, order: 0, line: line(for: $0, zone: zone, texts))
            }
            + deadlines.map { (allDay: 1, at: $0.due, order: 1, line: line(for: $0, zone: zone, texts)) }
        return Reply(
            lines: [texts("agenda.day.header", ["day": .text(title), "zone": .text(zoneName(zone))])]
                + items.sorted { ($0.allDay, $0.at, $0.order) < ($1.allDay, $1.at, $1.order) }.map(\.line))
    }

    private func week(
        list: [Session], deadlines: [AgendaDeadline], zone: TimeZone, interval: DateInterval, _ texts: Texts
    ) -> Reply {
        let dates = texts.dates(zone)
        let calendar = dates.calendar
        var lines: [RichText] = [texts("agenda.week.header", ["zone": .text(zoneName(zone))])]
        var cursor = interval.start
        while cursor < interval.end {
            let dayParts = Agenda.day(of: cursor, in: zone)
            let sessions = agenda.sessions(on: dayParts, in: zone, from: list)
            let due = Agenda.bounds(of: dayParts, in: zone).map { bounds in
                deadlines.filter { bounds.0 <= $0.due && $0.due < bounds.1 }
            }
            let items =
                sessions.map { session in
                    (
                        allDay: session.isAllDay ? 0 : 1, at: session.start, order: 0,
                        text: session.isAllDay
                            ? texts.plain(
                                "agenda.all-day-titled", ["title": .text(session.title.text(in: texts.language))])
                            : "\(dates.time(session.start)) \(session.title.text(in: texts.language))"
                    )
                }
                + (due ?? []).map {
                    (
                        allDay: 1, at: $0.due, order: 1,
                        text: texts.plain("agenda.due", ["time": .text(dates.time($0.due)), "title": .text($0.title)])
                    )
                }
            if !items.isEmpty {
                let text = items.sorted { ($0.allDay, $0.at, $0.order) < ($1.allDay, $1.at, $1.order) }.map(\.text)
                    .joined(separator: texts.plain("agenda.week.separator"))
                lines.append(texts("agenda.week.day", ["day": .text(dates.shortDay(cursor)), "items": .text(text)]))
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: cursor) else { break }
            cursor = next
        }
        if lines.count == 1 { lines.append(texts("agenda.week.empty")) }
        return Reply(lines: lines)
    }

    /// The reader's zone: their `/tz`, else their team's, else the workshop's.
    func readerZone(_ context: CommandContext) async throws -> TimeZone {
        let user = context.caller.user.description
        let stored = try await storedZone(of: user, context.storage)
        if let stored, let zone = TimeZone(identifier: stored) { return zone }
        if let name = context.caller.team?.timeZone, let zone = TimeZone(identifier: name) { return zone }
        return agenda.timeZone
    }

    /// The zone `user` chose with `/tz`, if any: kept in `zones` once read, so most commands read no store.
    private func storedZone(of user: String, _ storage: PluginStorage) async throws -> String? {
        try await zones.value(for: user) { try await storage.transaction { tx in try tx.get(String.self, "tz", user) } }
    }

    /// The team whose chat this is, for the team filter.
    private func chatTeam(_ context: CommandContext) -> String? { context.roster.team(of: context.chat)?.id }

    private func chats(for session: Session, roster: Roster) -> [ChatRef] {
        if let team = session.team { return roster.team(id: team)?.chats ?? [] }
        return announceChats
    }

    func line(for session: Session, zone: TimeZone, _ texts: Texts, withTitle: Bool = true) -> RichText {
        if session.isAllDay {
            // A date for every reader: no time to convert, so no workshop time beside it.
            var text =
                withTitle
                ? texts("agenda.all-day-titled", ["title": .text(session.title.text(in: texts.language))])
                : texts("agenda.all-day")
            if let team = session.team, withTitle { text.append(" [\(team)]") }
            return text
        }
        let dates = texts.dates(zone)
        var text: RichText =
            "\(time: session.start, as: dates.time(session.start))–\(time: session.end, as: dates.time(session.end))"
        if withTitle { text.append(" \(session.title.text(in: texts.language))") }
        if zone.identifier != agenda.timeZone.identifier {
            text.append(" (\(texts.dates(agenda.timeZone).time(session.start)) \(agenda.timeZoneLabel))")
        }
        if let team = session.team, withTitle { text.append(" [\(team)]") }
        return text
    }

    /// A deadline's line in a day view: `17:00 Due: First draft (/deadline first-draft)`, with the workshop's time
    /// beside it when the reader's zone differs and its teams when it is not for everyone.
    func line(for deadline: AgendaDeadline, zone: TimeZone, _ texts: Texts) -> RichText {
        let due: RichText = "\(time: deadline.due, as: texts.dates(zone).time(deadline.due))"
        var text = texts("agenda.due", ["time": .rich(due), "title": .text(deadline.title)])
        if zone.identifier != agenda.timeZone.identifier {
            text.append(" (\(texts.dates(agenda.timeZone).time(deadline.due)) \(agenda.timeZoneLabel))")
        }
        if !deadline.teams.isEmpty { text.append(" [\(deadline.teams.joined(separator: ", "))]") }
        text.append(" (/deadline \(code: deadline.id))")
        return text
    }

    /// The day a session is on for a reader in `zone`: its date (or dates) when it is all-day, else the day of its
    /// start there.
    private func when(_ session: Session, _ zone: TimeZone, _ texts: Texts) -> String {
        guard let days = session.days else { return texts.dates(zone).day(session.start) }
        let first = AgendaPlugin.dateLabel(days.first, texts)
        guard days.last != days.first else { return first }
        return texts.plain(
            "agenda.days", ["first": .text(first), "last": .text(AgendaPlugin.dateLabel(days.last, texts))])
    }

    /// `Saturday 20 November` for the date `yyyymmdd`, the same in every zone.
    static func dateLabel(_ number: Int, _ texts: Texts) -> String {
        let date = CivilDate(year: number / 10_000, month: number / 100 % 100, day: number % 100)
        let noon = Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + 43_200)
        return texts.dates(TimeZone(secondsFromGMT: 0) ?? .gmt).day(noon)
    }

    private func nextHint(after instant: Date, list: [Session], zone: TimeZone, _ texts: Texts) -> RichText {
        guard let next = agenda.next(after: instant, from: list) else { return texts("agenda.next-hint.none") }
        let dates = texts.dates(zone)
        return texts(
            "agenda.next-hint",
            [
                "day": .text(dates.day(next.start)), "time": .text(dates.time(next.start)),
                "title": .text(next.title.text(in: texts.language)),
            ])
    }

    /// `Link: …` or `Where: …`, in the reader's language (a room's name too, when given per language): whether a
    /// location is a link is worked out once, at load; the words per reply.
    private func place(_ location: LocalizedText, _ texts: Texts) -> RichText {
        let text = location.text(in: texts.language)
        return Self.place(text, isLink: places[text] ?? isWebURL(text), texts)
    }

    static func place(_ location: String, isLink: Bool, _ texts: Texts) -> RichText {
        guard isLink else { return texts("agenda.place.room", ["place": .text(location)]) }
        return texts("agenda.place.link", ["link": .rich("\(link: location, title: location)")])
    }

    func zoneName(_ zone: TimeZone) -> String {
        zone.identifier == agenda.timeZone.identifier
            ? agenda.timeZoneLabel : AgendaConfiguration.city(of: displayIdentifier(zone))
    }

    /// The zone's identifier as readers know it: `UTC`, not the `GMT` Foundation names it.
    private func displayIdentifier(_ zone: TimeZone) -> String { ZoneFormat(zone).zoneName }

    /// A zone by city name alone (`ulaanbaatar`, `Kampala`).
    private func matchZone(_ name: String) -> TimeZone? {
        let wanted = Agenda.fold(name).replacingOccurrences(of: " ", with: "_")
        return TimeZone.knownTimeZoneIdentifiers.first {
            Agenda.fold(AgendaConfiguration.city(of: $0)).replacingOccurrences(of: " ", with: "_") == wanted
        }
        .flatMap(TimeZone.init(identifier:))
    }
}

/// `09:00` in a zone: a 24-hour clock, the same in every shipped language (replies use `texts.dates(zone)`).
func time(_ instant: Date, _ zone: TimeZone) -> String { ZoneFormat(zone).time(instant) }

/// Names a rendered day or week view of the agenda: it depends on nothing else, so it is rendered once per
/// configuration (and state of the deadlines it shows) and language, and kept (`AgendaPlugin.views`).
struct AgendaView: Hashable, Sendable {
    /// The reader's zone.
    var zone: String
    /// The day, or the week's Monday, as `yyyymmdd`.
    var day: Int
    /// The team whose sessions (and everyone's) are listed; nil lists every session.
    var team: String?
    var week: Bool
    /// The language it is written in: readers of two languages in one zone and chat never share a view.
    var language: Language
    /// The deadlines shown in the view, as the deadlines plugin answered: a deadline moved, added or cancelled in
    /// chat names another view, so no stale one is shown (most views have none and are shared).
    var deadlines: [AgendaDeadline] = []

    /// Views kept per configuration (about 6 MB at most): the workshop's days times its readers' zones, kinds of
    /// chat and languages, with room to spare (the sample workshop read in 10 zones from its 6 kinds of chat, every
    /// team's and the shared ones, fills about 1,600 in one language; most zones are read in one or two).
    /// Views past it are rendered per command.
    static let capacity = 4_096

    /// A calendar day as `yyyymmdd`, `adding` days to it (0 when the calendar cannot place it).
    static func number(_ day: DateComponents, adding days: Int = 0) -> Int {
        let calendar = ZoneFormat(TimeZone(identifier: "UTC") ?? .current).calendar
        guard days != 0 else { return (day.year ?? 0) * 10_000 + (day.month ?? 0) * 100 + (day.day ?? 0) }
        guard let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)),
            let moved = calendar.date(byAdding: .day, value: days, to: date)
        else { return 0 }
        let parts = calendar.dateComponents([.year, .month, .day], from: moved)
        return number(parts)
    }
}

extension AgendaPlugin: SchedulesJobs, AnswersLookups, PostsToChats, ReferencesNames, DefinesNames, ChecksSources {}

/// A deadline of the deadlines plugin, as it answers the "deadlines" lookup: the agenda shows it on its day, so
/// the agenda and `/deadlines` never disagree about when something is due.
struct AgendaDeadline: Hashable, Sendable {
    var due: Date
    var id: String
    var title: String
    /// The team ids it is for; empty for every team.
    var teams: [String]

    /// The deadlines plugin answers with four lines per deadline: the due time in seconds since 1970, the id, the title
    /// and the team ids separated by commas (empty for every team). Groups that do not read as that are skipped.
    static func all(in answer: [RichText]) -> [AgendaDeadline] {
        stride(from: 0, to: answer.count - answer.count % 4, by: 4).compactMap { index in
            guard let seconds = Double(answer[index].plainText), seconds.isFinite else { return nil }
            let due = Date(timeIntervalSince1970: seconds)
            let teams = answer[index + 3].plainText.split(separator: ",").map(String.init)
            return AgendaDeadline(
                due: due, id: answer[index + 1].plainText, title: answer[index + 2].plainText, teams: teams)
        }
    }

    /// Listed as sessions are: in a team's chat (without `all`) when it is for everyone or for that team.
    func isVisible(to team: String?, all: Bool) -> Bool {
        guard let team, !all else { return true }
        return teams.isEmpty || teams.contains(team)
    }
}
