import BotCore
import Foundation

/// Which calendar a feed link gives.
enum FeedScope: Hashable, Sendable {
    /// Every session and deadline of the workshop.
    case workshop
    /// Everyone's sessions and deadlines, and the team's own.
    case team(String)

    /// How it is stored: `workshop` or `team:<id>`.
    var key: String {
        switch self {
        case .workshop: return "workshop"
        case .team(let id): return "team:" + id
        }
    }

    init?(key: String) {
        if key == "workshop" {
            self = .workshop
        } else if key.hasPrefix("team:"), key.count > 5 {
            self = .team(String(key.dropFirst(5)))
        } else {
            return nil
        }
    }

    var team: String? {
        if case .team(let id) = self { return id }
        return nil
    }
}

/// What a feed's link and each entry's version are kept as, in the agenda's storage.
enum CalendarFeeds {
    /// Feed token by scope key.
    static let tokens = "calendar-tokens"
    /// Scope key by feed token.
    static let scopes = "calendar-scopes"
    /// `Version` by entry UID.
    static let versions = "calendar-versions"
    /// This workshop's part of every UID, made once: stable when the workshop is renamed, unique to it.
    static let identity = "calendar-identity"

    /// What an entry said when its sequence was last raised.
    struct Version: Codable, Sendable {
        var fingerprint: String
        var sequence: Int
    }

    /// A new feed token (`SecretToken`).
    static func newToken() -> String { SecretToken.make() }

    /// Whether `text` has a token's shape, checked before it reaches the store.
    static func isToken(_ text: String) -> Bool { SecretToken.isToken(text) }

    /// The token of `scope`'s feed, made on first use (the same link for everyone it is shared with).
    static func token(for scope: FeedScope, in storage: PluginStorage) async throws -> String {
        try await storage.transaction { tx in
            if let token = try tx.get(String.self, tokens, scope.key) { return token }
            let token = newToken()
            try tx.put(token, tokens, scope.key)
            try tx.put(scope.key, scopes, token)
            return token
        }
    }

    /// Makes `scope`'s link stop working; the next `token(for:in:)` hands out a new one. False when it had none.
    static func revoke(_ scope: FeedScope, in storage: PluginStorage) async throws -> Bool {
        try await storage.transaction { tx in
            guard let token = try tx.get(String.self, tokens, scope.key) else { return false }
            try tx.delete(tokens, scope.key)
            try tx.delete(scopes, token)
            return true
        }
    }

    /// The domain part of this workshop's UIDs (`3f9a0c1d7e2b.workshop-bot`), made on first use.
    static func domain(in storage: PluginStorage) async throws -> String {
        let id = try await storage.transaction { tx in
            if let id = try tx.get(String.self, identity, "uid") { return id }
            let id = String(newToken().prefix(12))
            try tx.put(id, identity, "uid")
            return id
        }
        return id + ".workshop-bot"
    }

    /// The scope a token gives, nil for a token never handed out.
    static func scope(of token: String, in storage: PluginStorage) async throws -> FeedScope? {
        guard isToken(token) else { return nil }
        return try await storage.transaction { try $0.get(String.self, scopes, token) }.flatMap(FeedScope.init(key:))
    }

    /// `entries` with their sequences: an entry whose fingerprint differs from the one kept gets the next sequence
    /// (and the new fingerprint is kept), so a calendar app replaces its copy when a session moves.
    static func versioned(_ entries: [(CalendarEntry, fingerprint: String)], in storage: PluginStorage) async throws
        -> [CalendarEntry]
    {
        try await storage.transaction { tx in
            var kept: [String: Version] = [:]
            for (key, version) in try tx.all(Version.self, versions) { kept[key] = version }
            return try entries.map { entry, fingerprint in
                var entry = entry
                switch kept[entry.uid] {
                case let version? where version.fingerprint == fingerprint:
                    entry.sequence = version.sequence
                case let version?:
                    entry.sequence = version.sequence + 1
                    try tx.put(Version(fingerprint: fingerprint, sequence: entry.sequence), versions, entry.uid)
                case nil:
                    entry.sequence = 0
                    try tx.put(Version(fingerprint: fingerprint, sequence: 0), versions, entry.uid)
                }
                return entry
            }
        }
    }
}

extension AgendaPlugin: PublishesWebDocuments {
    /// `/calendar/<token>.ics`: the feed a `/agenda subscribe` link gives.
    public var webDocuments: [WebDocument] {
        [
            WebDocument(path: "calendar", contentType: "text/calendar; charset=utf-8") { name, context in
                guard name.hasSuffix(".ics") else { return nil }
                let token = String(name.dropLast(4))
                guard let scope = try await CalendarFeeds.scope(of: token, in: context.plugin.storage) else {
                    return nil
                }
                return Data(try await calendarFeed(scope, context).utf8)
            }
        ]
    }

    /// The feed of `scope` now: the sessions and deadlines its readers see, in the team's language (the
    /// workshop's for the whole workshop), every time in UTC.
    func calendarFeed(_ scope: FeedScope, _ context: WebDocumentContext) async throws -> String {
        let roster = context.plugin.roster
        let team = scope.team.flatMap { roster.team(id: $0) }
        let language = context.plugin.localization.chatLanguage(team: team)
        let texts = context.plugin.localization.texts(language)
        let sessions = agenda.visible(to: scope.team, all: scope.team == nil)
        let deadlines = AgendaDeadline.all(in: await context.lookups.ask("deadlines", language.code)).filter {
            $0.isVisible(to: scope.team, all: scope.team == nil)
        }
        let domain = try await CalendarFeeds.domain(in: context.plugin.storage)
        var entries: [(CalendarEntry, fingerprint: String)] = sessions.map { session in
            let entry = CalendarEntry(
                uid: "session-\(session.id)@\(domain)", sequence: 0, start: session.start, end: session.end,
                days: session.days, summary: session.title.text(in: language),
                location: session.location?.text(in: language), description: session.description?.text(in: language),
                categories: ([session.kind] + session.tags).reduce(into: [String]()) { kept, category in
                    if !category.isEmpty, !kept.contains(category) { kept.append(category) }
                })
            let fingerprint = [
                "\(session.start.timeIntervalSince1970)", "\(session.end.timeIntervalSince1970)",
                session.days.map { "\($0.first)-\($0.last)" } ?? "", session.title.allTexts.joined(separator: "\u{1E}"),
                session.location?.allTexts.joined(separator: "\u{1E}") ?? "",
            ].joined(separator: "\u{1F}")
            return (entry, fingerprint)
        }
        entries += deadlines.map { deadline in
            let entry = CalendarEntry(
                uid: "deadline-\(deadline.id)@\(domain)", sequence: 0, start: deadline.due, end: nil, days: nil,
                summary: texts("agenda.calendar.deadline", ["title": .text(deadline.title)]).plainText,
                location: nil, description: nil, categories: ["deadline"])
            return (entry, "\(deadline.due.timeIntervalSince1970)\u{1F}\(deadline.teams.joined(separator: ","))")
        }
        let versioned = try await CalendarFeeds.versioned(entries, in: context.plugin.storage)
        let instants = versioned.map(\.start) + [context.plugin.clock.now()]
        let span = (instants.min() ?? Date())...(instants.max() ?? Date())
        let name = team.map { "\(agenda.name) · \($0.name)" } ?? agenda.name
        return CalendarFeedWriter.write(
            name: name, zone: agenda.timeZone, span: span, entries: versioned, stamp: context.plugin.clock.now())
    }

    /// `/agenda revoke <team|all>` (facilitators): the team's (or the whole workshop's) link stops working at once,
    /// for a link that reached someone it should not have, or someone who left the team; `/agenda subscribe` then
    /// hands out a new one.
    func revokeReply(_ words: [String], _ context: CommandContext) async throws -> Reply {
        let texts = context.texts
        guard words.count == 2 else { throw CommandError.usage() }
        let scope: FeedScope
        let name: String
        if words[1] == "all" {
            (scope, name) = (.workshop, texts("agenda.revoke.workshop").plainText)
        } else if let team = context.roster.teams.first(where: {
            $0.id.lowercased() == words[1] || $0.name.lowercased() == words[1]
        }) {
            (scope, name) = (.team(team.id), team.name)
        } else {
            throw CommandError.rejected(
                texts(
                    "agenda.revoke.unknown",
                    ["team": .text(words[1]), "teams": .text(context.roster.teams.map(\.id).joined(separator: ", "))]))
        }
        let revoked = try await CalendarFeeds.revoke(scope, in: context.storage)
        return Reply(texts(revoked ? "agenda.revoke.done" : "agenda.revoke.none", ["calendar": .text(name)]))
    }

    /// `/agenda subscribe [all]`: the link to the caller's team's calendar (the whole workshop's with `all`, or for
    /// someone of no team), sent in their direct chat with the bot, since whoever holds it reads the feed.
    func subscribeReply(all: Bool, _ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let texts = context.texts
        guard let address = context.webAddress else {
            throw CommandError.rejected(texts("agenda.subscribe.off"))
        }
        let team = all ? nil : context.caller.team
        let scope = team.map { FeedScope.team($0.id) } ?? .workshop
        let direct =
            invocation.message.isDirect ? context.chat : await context.directChats.chat(of: context.caller.user)
        guard let direct else { throw CommandError.rejected(texts("agenda.subscribe.write-first")) }
        let token = try await CalendarFeeds.token(for: scope, in: context.storage)
        let path = "calendar/\(token).ics"
        let which: RichText =
            team.map { texts("agenda.subscribe.team", ["team": .text($0.name)]) } ?? texts("agenda.subscribe.workshop")
        let link = Reply(lines: [
            which, RichText(address.webcal(path)), texts("agenda.subscribe.other-apps"), RichText(address.link(path)),
            texts("agenda.subscribe.keep"),
        ])
        if direct == context.chat { return link }
        let key = "calendar-link/\(invocation.message.deliveryKey)"
        try await context.storage.transaction { tx in
            try tx.schedule("calendar-link", at: context.now, key: key, chat: direct, payload: link)
        }
        return Reply(texts("agenda.subscribe.sent"))
    }
}
