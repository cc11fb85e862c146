import BotCore
import Foundation
import Synchronization

/// The agenda in force and what is worked out from it once: swapped whole when the feed brings a new version,
/// so a command reads one consistent edition.
struct AgendaEdition: Sendable {
    let agenda: Agenda
    /// The sessions with their searchable texts folded, for `/agenda search` and `/session`'s suggestions.
    let searchIndex: TextSearch.Index<Session>
    /// Each session location's line (`place(_:)`), by location.
    let places: [String: RichText]
    /// The day and week views already rendered for this edition (see `AgendaView`).
    let views = ViewCache<AgendaView, Reply>(capacity: AgendaView.capacity)
    /// The fingerprint of the feed's text it holds; nil when it holds no feed (a file, or no copy yet).
    let feedVersion: String?

    init(_ agenda: Agenda, feedVersion: String?) {
        self.agenda = agenda
        self.feedVersion = feedVersion
        searchIndex = TextSearch.Index(agenda.sessions, fields: Agenda.searchFields)
        places = Dictionary(
            agenda.sessions.compactMap(\.location).map { ($0, AgendaPlugin.place($0)) },
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
        guard let fetcher else { return .failed("this build of the bot cannot fetch feeds") }
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
            guard kept != nil else { return .failed("the server answered 304 Not Modified to a plain request") }
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
                return .failed("the feed cannot be read as an agenda")
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
        let zone = agenda.timeZone
        switch outcome {
        case .failed(let reason):
            status.lastError = reason
            status.lastErrorAt = now
            if status.failingSince == nil {
                status.failingSince = now
                // "As read" only when the agenda serves the feed's copy (not one that no longer fits).
                let kept = status.lastChange.flatMap { live.edition.feedVersion == nil ? nil : $0 }.map {
                    "The agenda stays as read on \(shortDay($0, zone)) at \(time($0, zone)) (\(label) time)"
                }
                let lines = [
                    "The agenda feed \(feed.masked) cannot be read: \(reason).",
                    (kept ?? "The agenda has only agenda.yaml's sessions until it can be read")
                        + "; I will say when the feed works again. /agenda source shows its state.",
                ]
                try notify(lines, kind: "outage", since: now, feed: feed, in: tx, at: now)
            }
        case .unchanged(let entityTag, let lastModified), .changed(_, _, let entityTag, let lastModified):
            if let since = status.failingSince {
                let lines = [
                    "The agenda feed \(feed.masked) works again (it failed from \(shortDay(since, zone)) \(time(since, zone)), \(label) time)."
                ]
                try notify(lines, kind: "recovered", since: since, feed: feed, in: tx, at: now)
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

    /// Schedules a notice about the feed to each report chat, keyed by the outage so it is posted once.
    private func notify(
        _ lines: [String], kind: String, since: Date, feed: AgendaFeed, in tx: PluginTransaction, at now: Date
    ) throws {
        for chat in feed.reportChats {
            try tx.schedule(
                "feed-notice", at: now, key: "feed-notice/\(kind)/\(chat)/\(since.timeIntervalSince1970)", chat: chat,
                payload: lines)
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
        guard let feed else {
            switch try? configuration.calendarSource() {
            case .file(let name)?:
                return
                    "The agenda comes from agenda.yaml and \(code: name), read at start and on reload; there is no feed."
            default:
                return "The agenda comes from agenda.yaml, read at start and on reload; there is no feed."
            }
        }
        let (status, next) = try await context.storage.transaction { tx in
            (
                try tx.get(FeedStatus.self, "feed", "status").flatMap { $0.source == feed.key ? $0 : nil },
                try tx.jobs(keyPrefix: Self.refreshKey, states: [.pending]).map(\.dueAt).min()
            )
        }
        let zone = try await readerZone(context)
        func when(_ instant: Date?) -> String {
            guard let instant else { return "never" }
            return "\(shortDay(instant, zone)) \(time(instant, zone))"
        }
        let fromFeed =
            live.edition.feedVersion == nil ? 0 : agenda.sessions.count - (configuration.sessions?.count ?? 0)
        var lines: [RichText] = [
            "\(bold: "Agenda feed"): \(code: feed.masked), every \(TimeText.countdown(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: feed.refresh)).dropFirst(3)) (times in \(zoneName(zone)))",
            "Last successful fetch: \(when(status?.lastSuccess))",
            "Last change: \(when(status?.lastChange))",
        ]
        if let error = status?.lastError {
            lines.append("Last error: \(when(status?.lastErrorAt)): \(error)")
        } else {
            lines.append("Last error: none")
        }
        if let since = status?.failingSince {
            lines.append("Failing since \(when(since)): the agenda stays as last read.")
        }
        lines.append("Next refresh: \(when(next))")
        lines.append("Sessions from the feed: \(fromFeed)")
        return Reply(lines: lines)
    }
}
