import BotCore
import Foundation

/// `plugins-config/resources.yaml`.
public struct ResourcesConfiguration: Decodable, Sendable {
    public struct Entry: Decodable, Sendable {
        public var id: String
        /// A text, or a map from language codes to texts (`{en: Guidelines, fr: Consignes}`); so is `description`.
        public var title: LocalizedText
        public var url: String
        public var tags: [String]?
        public var description: LocalizedText?
        public var language: String?
        public var team: String?
        public var sessions: [String]?
    }

    /// An optional daily link check, reported to facilitators' chats when something is broken.
    public struct DailyCheck: Decodable, Sendable {
        /// `HH:MM`, wall-clock time in `time_zone`.
        public var at: String
        public var timeZone: String
        /// Where the report goes.
        public var reportTo: [ChatRef]
    }

    public var resources: [Entry]?
    public var dailyCheck: DailyCheck?
}

/// "Where is the link?": the workshop's resources found by topic, added by facilitators in chat, and checked.
public struct ResourcesPlugin: Plugin, ShipsMessages {
    public typealias Configuration = ResourcesConfiguration
    public static let name = "resources"
    public static let summary = "The workshop's links, found by topic"
    public static var messages: [MessageTable] { ResourcesMessages.tables }

    /// The resources from the file.
    public let configured: [Resource]
    /// The configured resources' search index, folded once per configuration.
    let configuredIndex: TextSearch.Index<Resource>
    /// The resources with the chat's changes and their index (`searchable`), as read from the store.
    let changesKept = StoreCache<Int, (resources: [Resource], index: TextSearch.Index<Resource>)>(
        name: "resources.changes", capacity: 1)
    let checker: (any LinkChecking)?
    let daily: (hour: Int, minute: Int, zone: TimeZone, chats: [ChatRef])?

    public init(configuration: ResourcesConfiguration) throws {
        try self.init(configuration: configuration, checker: nil)
    }

    /// - Parameter checker: checks links for `/resources check`; the executable passes one over its HTTP client.
    public init(configuration: ResourcesConfiguration, checker: (any LinkChecking)?) throws {
        var resources: [Resource] = []
        for (index, entry) in (configuration.resources ?? []).enumerated() {
            let resource = Resource(
                id: entry.id, title: entry.title, url: entry.url, tags: entry.tags ?? [],
                description: entry.description,
                language: entry.language, team: entry.team, sessions: entry.sessions ?? [])
            if let problem = ResourceRules.problem(with: resource) {
                throw PluginConfigurationError(path: ["resources", String(index)], problem)
            }
            if let same = resources.first(where: { $0.id == resource.id }) {
                throw PluginConfigurationError(path: ["resources", String(index), "id"], "id \(same.id) is used twice")
            }
            if let same = resources.first(where: { $0.url == resource.url }) {
                throw PluginConfigurationError(
                    path: ["resources", String(index), "url"], "the same link as \(same.id)")
            }
            resources.append(resource)
        }
        configured = resources
        configuredIndex = ResourceSearch.index(resources)
        self.checker = checker
        if let check = configuration.dailyCheck {
            let parts = check.at.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
                throw PluginConfigurationError(path: ["daily_check", "at"], "expected HH:MM")
            }
            guard let zone = TimeZone(identifier: check.timeZone) else {
                throw PluginConfigurationError(
                    path: ["daily_check", "time_zone"], "unknown time zone \"\(check.timeZone)\"")
            }
            daily = (parts[0], parts[1], zone, check.reportTo)
        } else {
            daily = nil
        }
    }

    /// The daily check's report chats: the workshop's own chats.
    public var workshopChats: [ChatRef] { daily?.chats ?? [] }

    /// Schedules the daily check, when configured (idempotent: one pending job under one key).
    public func start(_ context: PluginContext) async throws {
        guard let next = nextCheck(after: context.clock.now()) else { return }
        try await context.storage.transaction { tx in
            if try tx.jobs(keyPrefix: "daily-check", states: [.pending]).isEmpty {
                try tx.schedule("daily-check", at: next, key: "daily-check", payload: "")
            }
        }
    }

    /// The next daily check time after `now`.
    func nextCheck(after now: Date) -> Date? {
        guard let daily else { return nil }
        return ZoneFormat(daily.zone).calendar.nextDate(
            after: now, matching: DateComponents(hour: daily.hour, minute: daily.minute), matchingPolicy: .nextTime)
    }

    public var jobHandlers: [JobHandler] {
        [
            JobHandler("daily-check") { job, context in
                // Book the next run first, in the transaction that marks this one done.
                if let next = nextCheck(after: job.dueAt) {
                    try await context.storage.transaction { tx in
                        try tx.schedule("daily-check", at: next, key: "daily-check", payload: "")
                    }
                }
                guard let daily else { return [] }
                let report = await check(try await current(context.storage))
                try await LastLinkCheck.keep(report, at: context.clock.now(), in: context.storage)
                // Each report chat reads it in its language (a team's chat, its team's; else the workshop's).
                return daily.chats.compactMap { chat in
                    let lines = reply(report, context.texts(for: chat)).lines
                    guard lines.count > 1 else { return nil }  // only when something is broken
                    return OutgoingMessage(chat: chat, reply: Reply(lines: lines, isNotice: true))
                }
            }
        ]
    }

    public var commands: [Command] {
        [
            Command(
                "resources", usage: "resources [tag, words or session id] | resources check",
                summary: "Find the workshop's links by topic", subcommandRoles: ["check": .facilitator]
            ) { invocation, context in
                let texts = context.texts
                let (all, index) = try await kept(context.storage)
                if invocation.argument(0)?.lowercased() == "check", invocation.arguments.count == 1 {
                    // The sessions' meeting links and the deadlines' links are checked too, when those plugins run.
                    var others: [(label: LinkLabel, url: String)] = []
                    for (name, label) in [("session-links", LinkLabel.session), ("deadline-links", LinkLabel.deadline)]
                    {
                        let lines = await context.lookups.ask(name, "").map(\.plainText)
                        for index in stride(from: 0, to: lines.count - lines.count % 2, by: 2) {
                            others.append((label(lines[index]), lines[index + 1]))
                        }
                    }
                    // The check takes seconds: the chat sees at once what is being done, and the report replaces it.
                    let report = await check(all, others: others) { count in
                        await context.showProgress(Reply(texts("resources.checking", ["count": .number(count)])))
                    }
                    try await LastLinkCheck.keep(report, at: context.now, in: context.storage)
                    return reply(report, texts)
                }
                guard !invocation.arguments.isEmpty else { return tagOverview(all, texts) }
                let words = invocation.arguments
                let session = words.joined(separator: " ")
                let bySession = all.filter { $0.sessions.contains(session) }
                let found = bySession.isEmpty ? index.rank(words) : bySession
                guard !found.isEmpty else {
                    throw CommandError.rejected(
                        texts("resources.no-match", ["words": .text(words.joined(separator: " "))]))
                }
                let shown = found.prefix(6)
                var lines: [RichText] = shown.map {
                    "\(code: $0.id) \(link: $0.url, title: $0.title.text(in: texts.language))"
                }
                if found.count > shown.count {
                    lines.append(texts("resources.more", ["count": .number(found.count - shown.count)]))
                }
                return Reply(lines: lines)
            },
            Command(
                "resource",
                usage:
                    "resource <id> | resource add <url> \"<title>\" [#tag ...] [--desc \"...\"] | resource edit <id> [--title ..] [--url ..] [--desc ..] [--tags a,b] | resource remove <id>",
                summary: "Show one resource; facilitators add, edit and remove them",
                options: [
                    .value("desc", help: "a line saying what the link is for"),
                    .value("title", help: "a new title"),
                    .value("url", help: "a new address (http or https)"),
                    .value("tags", help: "new tags, separated by commas"),
                ],
                subcommandRoles: ["add": .facilitator, "edit": .facilitator, "remove": .facilitator]
            ) { invocation, context in
                switch invocation.argument(0)?.lowercased() {
                case "add": return try await add(invocation, context)
                case "edit": return try await edit(invocation, context)
                case "remove": return try await remove(invocation, context)
                case let id?:
                    guard let resource = try await kept(context.storage).resources.first(where: { $0.id == id }) else {
                        throw CommandError.rejected(context.texts("resources.unknown", ["id": .text(id)]))
                    }
                    return detail(resource, context.texts)
                case nil: throw CommandError.usage()
                }
            },
        ]
    }

    /// "session-resources": the links of an agenda session, for the agenda's `/session`; the key is the session
    /// id with the reader's language (`Lookup.key`), the titles are in that language.
    public var lookups: [Lookup] {
        [
            Lookup("session-resources") { key, storage in
                let (sessionID, language) = Lookup.parts(of: key)
                return try await kept(storage).resources.filter { $0.sessions.contains(sessionID) }
                    .map { "\(link: $0.url, title: $0.title.text(in: language))" }
            }
        ]
    }

    // MARK: Reading

    /// Configured resources with the chat's changes applied: added ones, edits and removals.
    public func current(_ storage: PluginStorage) async throws -> [Resource] {
        try await searchable(storage).resources
    }

    /// `searchable`, kept in `changesKept` once read: `add`, `edit` and `remove` invalidate it.
    func kept(_ storage: PluginStorage) async throws -> (resources: [Resource], index: TextSearch.Index<Resource>) {
        try await changesKept.value(for: 0) { try await searchable(storage) }
    }

    /// The resources as `current` gives them, with their search index. Without changes made in chat both are
    /// the configuration's, built at load; otherwise only the resources changed in chat are folded anew.
    func searchable(_ storage: PluginStorage) async throws -> (resources: [Resource], index: TextSearch.Index<Resource>)
    {
        let (changed, removed) = try await storage.transaction { tx in
            (try tx.all(Resource.self, "changed"), Set(try tx.all(Bool.self, "removed").map(\.key)))
        }
        guard !changed.isEmpty || !removed.isEmpty else { return (configured, configuredIndex) }
        var merged = configured.filter { !removed.contains($0.id) }
        for (id, resource) in changed where !removed.contains(id) {
            if let index = merged.firstIndex(where: { $0.id == id }) {
                merged[index] = resource
            } else {
                merged.append(resource)
            }
        }
        let folded = Dictionary(configuredIndex.entries.map { ($0.item, $0) }, uniquingKeysWith: { first, _ in first })
        let entries = ResourceSearch.byTitle(merged).map { folded[$0] ?? ResourceSearch.entry($0) }
        return (merged, TextSearch.Index(entries: entries))
    }

    private func tagOverview(_ all: [Resource], _ texts: Texts) -> Reply {
        var counts: [String: Int] = [:]
        for resource in all { for tag in resource.tags { counts[tag.lowercased(), default: 0] += 1 } }
        let sorted = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let tags = sorted.map { "\($0.key) (\($0.value))" }
        // The example is a topic of this workshop's own links (one word of it), so it finds something whatever
        // the reader's language: the links are written in the facilitators'.
        let example = sorted.first.map { String($0.key.split(separator: " ").first ?? "") } ?? "climate"
        return Reply(lines: [
            texts("resources.overview", ["count": .number(all.count), "topics": .text(tags.joined(separator: ", "))]),
            texts("resources.overview-hint", ["example": .text(example)]),
        ])
    }

    private func detail(_ resource: Resource, _ texts: Texts) -> Reply {
        var lines: [RichText] = [
            "\(bold: resource.title.text(in: texts.language)) (\(code: resource.id))",
            "\(link: resource.url, title: resource.url)",
        ]
        if let description = resource.description { lines.append(RichText(description.text(in: texts.language))) }
        if !resource.tags.isEmpty {
            lines.append(
                texts("resources.tags", ["tags": .text(resource.tags.map { "#" + $0 }.joined(separator: " "))]))
        }
        if let language = resource.language { lines.append(texts("resources.language", ["language": .text(language)])) }
        if !resource.sessions.isEmpty {
            lines.append(texts("resources.sessions", ["sessions": .text(resource.sessions.joined(separator: ", "))]))
        }
        return Reply(lines: lines)
    }

    /// The links checked and what the checker found of each, worded per reader by `reply`.
    struct LinkReport: Sendable {
        var items: [(label: LinkLabel, url: String)]
        var states: [String: LinkState]
    }

    /// What a checked link belongs to, named in the reader's language: a resource (its id and title), a session's
    /// meeting link or a deadline's link (by id).
    enum LinkLabel: Sendable, Codable {
        case resource(id: String, title: LocalizedText)
        case session(String)
        case deadline(String)

        func text(in texts: Texts) -> RichText {
            switch self {
            case .resource(let id, let title): return "\(code: id) \(title.text(in: texts.language))"
            case .session(let id): return texts("resources.link-session", ["id": .text(id)])
            case .deadline(let id): return texts("resources.link-deadline", ["id": .text(id)])
            }
        }
    }

    /// Checks the resources' links and `others` (a label such as `session opening` and a URL each); nil when
    /// this build has no checker. `starting` hears how many links will be checked, before the check.
    private func check(
        _ all: [Resource], others: [(label: LinkLabel, url: String)] = [],
        starting: (@Sendable (Int) async -> Void)? = nil
    ) async -> LinkReport? {
        guard let checker else { return nil }
        let items: [(label: LinkLabel, url: String)] =
            all.map { (LinkLabel.resource(id: $0.id, title: $0.title), $0.url) } + others
        await starting?(items.count)
        let states = await checker.check(Array(Set(items.map(\.url))))
        return LinkReport(items: items, states: states)
    }

    /// The report of a check in `texts`' language: the broken links with their reason, or that all work.
    private func reply(_ report: LinkReport?, _ texts: Texts) -> Reply {
        guard let report else { return Reply(texts("resources.check-unavailable")) }
        let (items, states) = (report.items, report.states)
        // Every host unreachable (not found, refused) says more about the bot's own network than about the
        // links: nothing is called broken then.
        let unreachable = items.compactMap { item -> String? in
            guard case .unreachable(let why)? = states[item.url] else { return nil }
            return why.text(in: texts)
        }
        if items.count >= 2, unreachable.count == items.count {
            let reasons = Set(unreachable).sorted().joined(separator: ", ")
            return Reply(lines: [
                texts("resources.none-reached", ["count": .number(items.count), "reasons": .text(reasons)]),
                texts("resources.none-reached-hint"),
            ])
        }
        let broken = items.compactMap { item -> RichText? in
            switch states[item.url] {
            case .broken(let why)?, .unreachable(let why)?:
                return "\(item.label.text(in: texts)): \(why.text(in: texts))"
            default: return nil
            }
        }
        guard !broken.isEmpty else { return Reply(texts("resources.all-work", ["count": .number(items.count)])) }
        return Reply(
            lines: [texts("resources.broken", ["broken": .number(broken.count), "count": .number(items.count)])]
                + broken)
    }

    // MARK: Changing (facilitators; the runtime has checked the role)

    private func add(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let texts = context.texts
        let rest = Array(invocation.arguments.dropFirst())
        guard let url = rest.first, rest.count >= 2 else {
            throw CommandError.usage(texts.plain("resources.add-usage"))
        }
        let title = rest.dropFirst().filter { !$0.hasPrefix("#") }.joined(separator: " ")
        let tags = rest.dropFirst().filter { $0.hasPrefix("#") }.map { String($0.dropFirst()) }.filter { !$0.isEmpty }
        var resource = Resource(id: "", title: title, url: url, tags: tags, description: invocation.option("desc"))
        if let problem = ResourceRules.issue(with: resource) {
            throw CommandError.rejected(RichText(problem.message(in: texts)))
        }
        let existing = try await current(context.storage)
        if let same = existing.first(where: { $0.url == url }) {
            throw CommandError.rejected(texts("resources.same-link", ["id": .text(same.id)]))
        }
        resource.id = Self.newID(for: title, taken: Set(existing.map(\.id)))
        let stored = resource
        try await context.storage.transaction { tx in try tx.put(stored, "changed", stored.id) }
        changesKept.invalidate(0)
        return Reply(texts("resources.added", ["id": .text(stored.id), "title": .text(title)]))
    }

    private func edit(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let texts = context.texts
        guard let id = invocation.argument(1) else { throw CommandError.usage(texts.plain("resources.which")) }
        let existing = try await current(context.storage)
        guard var resource = existing.first(where: { $0.id == id }) else {
            throw CommandError.rejected(texts("resources.unknown", ["id": .text(id)]))
        }
        if let title = invocation.option("title") { resource.title = LocalizedText(title) }
        if let url = invocation.option("url") {
            if let same = existing.first(where: { $0.url == url && $0.id != id }) {
                throw CommandError.rejected(texts("resources.same-link", ["id": .text(same.id)]))
            }
            resource.url = url
        }
        if let description = invocation.option("desc") { resource.description = LocalizedText(description) }
        if let tags = invocation.option("tags") {
            resource.tags = tags.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.map(
                String.init)
        }
        if let problem = ResourceRules.issue(with: resource) {
            throw CommandError.rejected(RichText(problem.message(in: texts)))
        }
        let stored = resource
        try await context.storage.transaction { tx in try tx.put(stored, "changed", stored.id) }
        changesKept.invalidate(0)
        return Reply(texts("resources.updated", ["id": .text(id)]))
    }

    private func remove(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let texts = context.texts
        guard let id = invocation.argument(1) else { throw CommandError.usage(texts.plain("resources.which")) }
        guard try await current(context.storage).contains(where: { $0.id == id }) else {
            throw CommandError.rejected(texts("resources.unknown", ["id": .text(id)]))
        }
        try await context.storage.transaction { tx in
            try tx.delete("changed", id)
            try tx.put(true, "removed", id)
        }
        changesKept.invalidate(0)
        return Reply(texts("resources.removed", ["id": .text(id)]))
    }

    /// A short id from a title, unique among `taken`.
    static func newID(for title: String, taken: Set<String>) -> String {
        let words = ResourceSearch.fold(title).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).prefix(4)
        let base = words.isEmpty ? "link" : words.joined(separator: "-")
        var candidate = String(base.prefix(40))
        var number = 2
        while taken.contains(candidate) {
            candidate = "\(base.prefix(36))-\(number)"
            number += 1
        }
        return candidate
    }
}

extension ResourcesPlugin: SchedulesJobs, AnswersLookups, PostsToChats, ReferencesNames {
    /// Each configured resource's team and sessions (filters: nothing is posted to the team because of them).
    public var references: [ConfigReference] {
        configured.enumerated().flatMap { index, resource in
            let entry = ["resources", String(index)]
            let team = resource.team.map { [ConfigReference(.team, $0, at: entry + ["team"])] } ?? []
            return team
                + resource.sessions.enumerated().map { position, session in
                    ConfigReference(.session, session, at: entry + ["sessions", String(position)])
                }
        }
    }
}
