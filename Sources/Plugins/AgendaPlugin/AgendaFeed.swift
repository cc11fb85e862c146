import BotCore
import Foundation
import Synchronization

/// The agenda in force and what is worked out from it once: swapped whole when the feed brings a new version,
/// so a command reads one consistent edition.
struct AgendaEdition: Sendable {
    let agenda: Agenda
    /// The sessions with their searchable texts folded, for `/agenda search` and `/session`'s suggestions.
    let searchIndex: TextSearch.Index<Session>
    /// Whether each session location is a link (`AgendaPlugin.place`), by location: the words around it are
    /// the reader's language's, written per reply.
    let places: [String: Bool]
    /// The day and week views already rendered for this edition (see `AgendaView`).
    let views = ViewCache<AgendaView, Reply>(capacity: AgendaView.capacity)
    /// The fingerprint of the feed's text it holds; nil when it holds no feed (a file, or no copy yet).
    let feedVersion: String?

    init(_ agenda: Agenda, feedVersion: String?) {
        self.agenda = agenda
        self.feedVersion = feedVersion
        searchIndex = TextSearch.Index(agenda.sessions, fields: Agenda.searchFields)
        places = Dictionary(
            agenda.sessions.compactMap(\.location).flatMap(\.allTexts).map { ($0, isWebURL($0)) },
            uniquingKeysWith: { first, _ in first })
    }
}

/// The edition a plugin serves: replaced by the feed's refreshes, read by every command.
final class LiveAgenda: Sendable {
    private let current: Mutex<AgendaEdition>

    init(_ edition: AgendaEdition) { current = Mutex(edition) }

    var edition: AgendaEdition { current.withLock { $0 } }

    func replace(with edition: AgendaEdition) { current.withLock { $0 = edition } }
}

/// A calendar feed the agenda follows: `source: https://…` in agenda.yaml.
struct AgendaFeed: Sendable {
    /// The address, which may hold a secret: only `masked` is ever shown or logged.
    let url: String
    /// The address as it may be shown.
    let masked: String
    /// Names the address in the store without keeping it there (a fingerprint).
    let key: String
    let refresh: TimeInterval
    /// The facilitators' chats told of an outage and of the recovery.
    let reportChats: [ChatRef]
    /// Fetches over the bot's HTTP client; nil in a build (or test) that gives none.
    let fetcher: (any FeedFetching)?
    /// Tells this configuration's refresh jobs from those another configuration (before a reload) booked.
    let instance = UUID().uuidString

    /// The largest feed read, and the time one fetch may take (under the scheduler's default job limit of 30 s).
    static let maximumBytes = 5 * 1024 * 1024
    static let timeout: Duration = .seconds(20)
    /// How late a refresh may still run after downtime: any time (it only fetches, and a start books one anyway).
    static let grace: TimeInterval = 365 * 86_400

    init(url: String, refresh: TimeInterval, reportChats: [ChatRef], fetcher: (any FeedFetching)?) {
        self.url = url
        masked = FeedAddress.masked(url)
        key = AgendaFeed.fingerprint(url)
        self.refresh = refresh
        self.reportChats = reportChats
        self.fetcher = fetcher
    }

    /// One fetch, conditional on the validators of the copy kept.
    func fetch(entityTag: String? = nil, lastModified: String? = nil) async -> FeedResult {
        guard let fetcher else { return .failed(FeedReason.noFetcher) }
        return await fetcher.fetch(
            FeedRequest(
                url: url, entityTag: entityTag, lastModified: lastModified, maximumBytes: Self.maximumBytes,
                timeout: Self.timeout))
    }

    /// A short fingerprint of `text` (FNV-1a, 64 bits): tells versions apart, reveals nothing of an address.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}

/// The feed's last good text, kept so that a restart with the server down still has the agenda.
struct FeedCopy: Codable, Sendable {
    /// The feed it came from (`AgendaFeed.key`).
    var source: String
    var text: String
}

/// How the feed has been doing: for `/agenda source`, and to tell the facilitators once per outage.
struct FeedStatus: Codable, Sendable {
    var source: String
    /// The validators of the copy kept, for conditional fetches.
    var entityTag: String?
    var lastModified: String?
    /// The last fetch that worked (a new copy, the same one, or a 304).
    var lastSuccess: Date?
    /// When the last new copy was taken.
    var lastChange: Date?
    var lastError: String?
    var lastErrorAt: Date?
    /// When the current outage began; nil while the feed works. Set and cleared in the transactions that
    /// schedule the outage and recovery notices, so each is posted once, also across restarts.
    var failingSince: Date?

    init(source: String) { self.source = source }
}

extension AgendaPlugin {
    /// What a refresh found.
    enum FeedOutcome {
        case unchanged(entityTag: String?, lastModified: String?)
        case changed(text: String, agenda: Agenda, entityTag: String?, lastModified: String?)
        case failed(String)
    }

    /// The store's records of the feed: a job key, and where copy and status live.
    static let refreshKey = "feed/refresh"

    /// At start-up: the last good copy from the store, when it is of this feed and still fits the configuration.
    /// True when the agenda holds the feed's sessions (or there is no feed); false while it has only the YAML's.
    func restoreFeed(_ context: PluginContext) async throws -> Bool {
        guard let feed else { return true }
        let copy = try await context.storage.transaction { tx in try tx.get(FeedCopy.self, "feed", "copy") }
        guard let copy, copy.source == feed.key else { return false }
        do {
            let restored = try configuration.agenda(teams: Self.teams(context.roster), feed: copy.text)
            live.replace(with: AgendaEdition(restored, feedVersion: AgendaFeed.fingerprint(copy.text)))
            return true
        } catch let error as PluginConfigurationError {
            context.logger.warning(
                "the agenda feed's last copy does not fit the configuration; waiting for the next fetch",
                metadata: ["feed": "\(feed.masked)", "problem": "\(error.message)"])
            return false
        }
    }

    /// The refresh job: fetches the feed (conditionally), and when it changed keeps the new copy, posts the
    /// changes and moves the announcements; a failure keeps the last good copy and tells the report chats once
    /// per outage, and once when it works again.
    func refreshFeed(_ job: ScheduledJob, _ context: PluginContext) async throws -> [OutgoingMessage] {
        guard let feed else { return [] }  // a reload dropped the feed: nothing to fetch
        let now = context.clock.now()
        guard (try? job.decodePayload(String.self)) == feed.instance else {
            // Booked by the configuration before a reload, and fired before the new one took over: the new one
            // fetches, in a moment.
            try await context.storage.transaction { tx in
                try tx.schedule(
                    "feed", at: now.addingTimeInterval(1), key: Self.refreshKey, payload: feed.instance,
                    grace: AgendaFeed.grace)
            }
            return []
        }
        // The next refresh is booked first, with the claim: a fetch that fails or overruns never ends them.
        let (stored, status) = try await context.storage.transaction { tx in
            try tx.schedule(
                "feed", at: now.addingTimeInterval(feed.refresh), key: Self.refreshKey, payload: feed.instance,
                grace: AgendaFeed.grace)
            return (
                try tx.get(FeedCopy.self, "feed", "copy").flatMap { $0.source == feed.key ? $0 : nil },
                try tx.get(FeedStatus.self, "feed", "status").flatMap { $0.source == feed.key ? $0 : nil }
            )
        }
        // A copy the agenda does not serve (it no longer fits a changed configuration) is fetched and read again
        // in full, so that a misfit is reported rather than taken as "unchanged".
        let copy = stored.flatMap { AgendaFeed.fingerprint($0.text) == live.edition.feedVersion ? $0 : nil }
        let result = await feed.fetch(
            entityTag: copy == nil ? nil : status?.entityTag, lastModified: copy == nil ? nil : status?.lastModified)
        try Task.checkCancellation()  // shutting down: not an outage
        let outcome = evaluate(result, kept: copy, status: status, roster: context.roster)
        let roster = context.roster
        try await context.storage.transaction { [self] tx in
            try record(outcome, of: feed, in: tx, roster: roster, at: now)
        }
        switch outcome {
        case .failed(let reason):
            context.logger.warning("agenda feed failed", metadata: ["feed": "\(feed.masked)", "reason": "\(reason)"])
        case .changed(let text, _, _, _):
            context.logger.info(
                "agenda feed changed", metadata: ["feed": "\(feed.masked)", "bytes": "\(text.utf8.count)"])
        case .unchanged: context.logger.debug("agenda feed unchanged", metadata: ["feed": "\(feed.masked)"])
        }
        // The agenda served is the copy the store holds (committed: on a replay after a crash, nothing above was).
        let kept = try await context.storage.transaction { tx in try tx.get(FeedCopy.self, "feed", "copy") }
        if let kept, kept.source == feed.key {
            let version = AgendaFeed.fingerprint(kept.text)
            if version != live.edition.feedVersion {
                if case .changed(let text, let agenda, _, _) = outcome, text == kept.text {
                    live.replace(with: AgendaEdition(agenda, feedVersion: version))
                } else if let agenda = try? configuration.agenda(teams: Self.teams(roster), feed: kept.text) {
                    live.replace(with: AgendaEdition(agenda, feedVersion: version))
                }
            }
        }
        return []
    }

    /// What a fetch means for the agenda: a new copy that is a valid agenda, the same one, or a failure.
    func evaluate(_ result: FeedResult, kept: FeedCopy?, status: FeedStatus?, roster: Roster) -> FeedOutcome {
        switch result {
        case .notModified:
            guard kept != nil else { return .failed(FeedReason.notModified) }
            return .unchanged(entityTag: status?.entityTag, lastModified: status?.lastModified)
        case .failed(let reason):
            return .failed(reason)
        case .fetched(let body, let entityTag, let lastModified):
            let text = String(decoding: body, as: UTF8.self)
            if let kept, kept.text == text { return .unchanged(entityTag: entityTag, lastModified: lastModified) }
            do {
                let agenda = try configuration.agenda(teams: Self.teams(roster), feed: text)
                return .changed(text: text, agenda: agenda, entityTag: entityTag, lastModified: lastModified)
            } catch let error as PluginConfigurationError {
                return .failed(error.message)
            } catch {
                return .failed(FeedReason.unreadable)
            }
        }
    }

    /// Writes what a refresh found: the status, a new copy with its changes and announcements, and the outage or
    /// recovery notices, all in one transaction.
    func record(
        _ outcome: FeedOutcome, of feed: AgendaFeed, in tx: PluginTransaction, roster: Roster, at now: Date
    ) throws {
        var status =
            try tx.get(FeedStatus.self, "feed", "status").flatMap { $0.source == feed.key ? $0 : nil }
            ?? FeedStatus(source: feed.key)
        let label = agenda.timeZoneLabel
        let zone = agenda.timeZone.identifier
        switch outcome {
        case .failed(let reason):
            status.lastError = reason
            status.lastErrorAt = now
            if status.failingSince == nil {
                status.failingSince = now
                // "As read" only when the agenda serves the feed's copy (not one that no longer fits).
                let kept = status.lastChange.flatMap { live.edition.feedVersion == nil ? nil : $0 }
                let notice = FeedNotice(
                    kind: .outage, feed: feed.masked, reason: reason, at: kept, zone: zone, label: label)
                try notify(notice, since: now, feed: feed, in: tx, at: now)
            }
        case .unchanged(let entityTag, let lastModified), .changed(_, _, let entityTag, let lastModified):
            if let since = status.failingSince {
                let notice = FeedNotice(
                    kind: .recovered, feed: feed.masked, reason: nil, at: since, zone: zone, label: label)
                try notify(notice, since: since, feed: feed, in: tx, at: now)
                status.failingSince = nil
            }
            status.lastSuccess = now
            status.entityTag = entityTag
            status.lastModified = lastModified
            if case .changed(let text, let agenda, _, _) = outcome {
                try tx.put(FeedCopy(source: feed.key, text: text), "feed", "copy")
                status.lastChange = now
                try recordChanges(to: agenda, in: tx, roster: roster, at: now)
                try scheduleAnnouncements(for: agenda, in: tx, at: now, cancelling: true)
            }
        }
        try tx.put(status, "feed", "status")
    }

    /// Schedules a notice about the feed to each report chat, keyed by the outage so it is posted once; it is
    /// written in the chat's language when it is posted.
    private func notify(
        _ notice: FeedNotice, since: Date, feed: AgendaFeed, in tx: PluginTransaction, at now: Date
    ) throws {
        for chat in feed.reportChats {
            try tx.schedule(
                "feed-notice", at: now,
                key: "feed-notice/\(notice.kind.rawValue)/\(chat)/\(since.timeIntervalSince1970)",
                chat: chat, payload: notice)
        }
    }

    /// For `check-config`: fetches the feed once and reads it as the agenda would. Problems are at `source`,
    /// with the address masked.
    public func checkSources(roster: Roster) async -> [PluginConfigurationError] {
        guard let feed else { return [] }
        let outcome = evaluate(await feed.fetch(), kept: nil, status: nil, roster: roster)
        guard case .failed(let reason) = outcome else { return [] }
        return [PluginConfigurationError(path: ["source"], "the feed \(feed.masked) cannot be used: \(reason)")]
    }

    /// The teams a feed's sessions may be for.
    static func teams(_ roster: Roster) -> Set<String> { Set(roster.teams.map(\.id)) }

    /// `/agenda source`: where the sessions come from and, for a feed, how it is doing.
    func sourceReply(_ context: CommandContext) async throws -> Reply {
        let texts = context.texts
        guard let feed else {
            switch try? configuration.calendarSource() {
            case .file(let name)?:
                return Reply(lines: [texts("agenda.source.file-named", ["file": .text(name)])])
            default:
                return Reply(lines: [texts("agenda.source.file")])
            }
        }
        let (status, next) = try await context.storage.transaction { tx in
            (
                try tx.get(FeedStatus.self, "feed", "status").flatMap { $0.source == feed.key ? $0 : nil },
                try tx.jobs(keyPrefix: Self.refreshKey, states: [.pending]).map(\.dueAt).min()
            )
        }
        let zone = try await readerZone(context)
        let dates = texts.dates(zone)
        func when(_ instant: Date?) -> MessageValue {
            guard let instant else { return .text(texts.plain("agenda.source.never")) }
            return .text("\(dates.shortDay(instant)) \(dates.time(instant))")
        }
        let fromFeed =
            live.edition.feedVersion == nil ? 0 : agenda.sessions.count - (configuration.sessions?.count ?? 0)
        var lines: [RichText] = [
            texts(
                "agenda.source.feed",
                [
                    "feed": .text(feed.masked), "interval": .text(texts.span(feed.refresh)),
                    "zone": .text(zoneName(zone)),
                ]),
            texts("agenda.source.last-success", ["when": when(status?.lastSuccess)]),
            texts("agenda.source.last-change", ["when": when(status?.lastChange)]),
        ]
        if let error = status?.lastError {
            lines.append(
                texts(
                    "agenda.source.last-error",
                    ["when": when(status?.lastErrorAt), "error": .text(FeedReason.text(error, texts))]))
        } else {
            lines.append(texts("agenda.source.no-error"))
        }
        if let since = status?.failingSince {
            lines.append(texts("agenda.source.failing", ["when": when(since)]))
        }
        lines.append(texts("agenda.source.next", ["when": when(next)]))
        lines.append(texts("agenda.source.from-feed", ["count": .number(fromFeed)]))
        return Reply(lines: lines)
    }
}

/// Why a fetch of the feed failed, in the agenda's own words: kept in the feed's status and in notices as
/// English (what `check-config` prints), and shown to a reader in their language. The HTTP client's reasons
/// (`HTTP 404`, `timed out`) read in the reader's language too (`LinkReason.recognising`); other reasons (a
/// configuration problem of the feed's sessions) are shown as they are.
enum FeedReason {
    static let noFetcher = "this build of the bot cannot fetch feeds"
    static let notModified = "the server answered 304 Not Modified to a plain request"
    static let unreadable = "the feed cannot be read as an agenda"

    /// The catalogue key of each of the agenda's own reasons.
    static let keys: [String: String] = [
        noFetcher: "agenda.feed.reason.no-fetcher", notModified: "agenda.feed.reason.not-modified",
        unreadable: "agenda.feed.reason.unreadable",
    ]

    /// `reason` in `texts`' language when it is one of the agenda's own, else as it is.
    static func text(_ reason: String, _ texts: Texts) -> String {
        guard let key = keys[reason] else { return LinkReason.recognising(reason).text(in: texts) }
        return texts.plain(key)
    }
}

/// The payload of a "feed-notice" job: an outage of the feed or its end, written in the language of the report
/// chat when it is posted.
struct FeedNotice: Codable, Sendable, Hashable {
    enum Kind: String, Codable, Sendable { case outage, recovered }

    var kind: Kind
    /// The feed's address, masked.
    var feed: String
    /// Why it cannot be read (an outage).
    var reason: String?
    /// For an outage, when the copy the agenda keeps serving was read (nil: the agenda has only agenda.yaml's
    /// sessions); for a recovery, when the outage began.
    var at: Date?
    /// The workshop's zone (an IANA identifier) and its label (`Hamburg`), in which `at` is told.
    var zone: String
    var label: String

    func lines(_ texts: Texts) -> [RichText] {
        let dates = texts.dates(TimeZone(identifier: zone) ?? .gmt)
        switch kind {
        case .outage:
            let failed = texts(
                "agenda.feed.failed",
                ["feed": .text(feed), "reason": .text(FeedReason.text(reason ?? "", texts))])
            guard let at else { return [failed, texts("agenda.feed.yaml-only")] }
            return [
                failed,
                texts(
                    "agenda.feed.kept",
                    ["day": .text(dates.shortDay(at)), "time": .text(dates.time(at)), "zone": .text(label)]),
            ]
        case .recovered:
            let since = at ?? Date(timeIntervalSince1970: 0)
            return [
                texts(
                    "agenda.feed.recovered",
                    [
                        "feed": .text(feed), "day": .text(dates.shortDay(since)), "time": .text(dates.time(since)),
                        "zone": .text(label),
                    ])
            ]
        }
    }

    /// The lines of `job`'s notice in `texts`' language. A job booked by an earlier version of the bot holds its
    /// lines already written (in English): they are posted as they are.
    static func lines(of job: ScheduledJob, _ texts: Texts) throws -> [RichText] {
        if let written = try? job.decodePayload([String].self) { return written.map { RichText($0) } }
        return try job.decodePayload(FeedNotice.self).lines(texts)
    }
}
