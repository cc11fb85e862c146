import Foundation

/// Who is looking at the dashboard, and what they may see: a roster facilitator sees the whole workshop, a team's
/// member only what their team sees in chat. Plugins filter their sections by `scope`; nothing else decides it.
public struct DashboardViewer: Sendable {
    /// What the viewer may see.
    public enum Scope: Sendable, Hashable {
        /// A facilitator listed in roster.yaml: every team.
        case facilitator
        /// A member of this team: the team's own data and what is for everyone.
        case team(Team)
    }

    public var user: UserRef
    public var scope: Scope
    /// The zone the viewer reads times in, by the chat's rule (`/tz`, else the team's, else the workshop's).
    public var zone: TimeZone
    /// The workshop's zone (roster.yaml's `time_zone`), shown beside the viewer's.
    public var workshopZone: TimeZone
    /// The messages in the viewer's language.
    public var texts: Texts

    /// The formats of `time(_:)`, made once per viewer (a page formats dozens of times).
    private let own: ZoneFormat
    private let workshop: ZoneFormat

    public init(user: UserRef, scope: Scope, zone: TimeZone, workshopZone: TimeZone, texts: Texts) {
        self.user = user
        self.scope = scope
        self.zone = zone
        self.workshopZone = workshopZone
        self.texts = texts
        let language = DateLanguage.of(texts.language)
        own = ZoneFormat(zone, language: language)
        workshop = ZoneFormat(workshopZone, language: language)
    }

    public var isFacilitator: Bool { scope == .facilitator }

    /// The viewer's team, nil for a facilitator.
    public var team: Team? {
        if case .team(let team) = scope { return team }
        return nil
    }

    /// Whether something for `teams` (empty: everyone) is the viewer's to see.
    public func sees(teams: [String]) -> Bool {
        switch scope {
        case .facilitator: return true
        case .team(let team): return teams.isEmpty || teams.contains(team.id)
        }
    }

    /// `instant` as the viewer reads it, with the workshop's time beside it when the zones differ:
    /// "Mon 8 Nov 15:00 (Asia/Vientiane) · 09:00 Europe/Berlin".
    public func time(_ instant: Date) -> String {
        let shown = "\(own.shortDayAndTime(instant)) (\(own.zoneName))"
        guard zone.secondsFromGMT(for: instant) != workshopZone.secondsFromGMT(for: instant) else { return shown }
        let sameDay = own.shortDay(instant) == workshop.shortDay(instant)
        let other = sameDay ? workshop.time(instant) : workshop.shortDayAndTime(instant)
        return "\(shown) · \(other) \(workshop.zoneName)"
    }
}

/// One page of the dashboard, from one plugin: the agenda's programme, the deadlines per team, the polls.
public struct DashboardSection: Sendable {
    /// The page's path segment (`polls`): lower-case letters, digits and `-`.
    public var id: String
    public var title: String
    /// One line for the overview ("2 open polls").
    public var summary: String
    public var blocks: [DashboardBlock]
    /// Files the section's `.download` blocks link to, made when one is asked for.
    public var downloads: [DashboardDownload]

    public init(
        id: String, title: String, summary: String, blocks: [DashboardBlock], downloads: [DashboardDownload] = []
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.blocks = blocks
        self.downloads = downloads
    }
}

/// A file a section offers (a poll's ballots as CSV), at `/dashboard/<section>/<name>`: made only when the viewer
/// asks for it, from the data as it is then.
public struct DashboardDownload: Sendable {
    /// The file's name, also its path segment (`poll-3-which-topic.csv`).
    public var name: String
    public var contentType: String
    public var make: @Sendable () async throws -> Data

    public init(name: String, contentType: String, make: @escaping @Sendable () async throws -> Data) {
        self.name = name
        self.contentType = contentType
        self.make = make
    }
}

/// What a section shows, as data: the dashboard renders it (and escapes every text in it).
public enum DashboardBlock: Sendable {
    case heading(String)
    case paragraph(String)
    case table(DashboardTable)
    /// A bar chart of counts (a poll's results), drawn as inline SVG.
    case bars(DashboardBars)
    /// A link to the section's download `name`.
    case download(name: String, title: String)
}

/// A table with a header row.
public struct DashboardTable: Sendable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// Counts to draw as horizontal bars.
public struct DashboardBars: Sendable {
    public struct Bar: Sendable, Hashable {
        public var label: String
        public var count: Int

        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    /// What the bars count, read out by screen readers ("Ballots per option").
    public var title: String
    public var bars: [Bar]

    public init(title: String, bars: [Bar]) {
        self.title = title
        self.bars = bars
    }
}

/// A plugin with a part of the dashboard. It filters by `viewer.scope`: a team's member must see no other team's
/// data.
public protocol ContributesDashboard: Plugin {
    func dashboardSections(for viewer: DashboardViewer, _ context: PluginContext) async throws -> [DashboardSection]
}

/// Every enabled plugin's dashboard sections for a viewer, in the order plugins are enabled; the runtime
/// supplies it. A plugin whose sections fail is shown as a section saying so, not as an error page.
public struct DashboardSources: Sendable {
    private let gather: @Sendable (DashboardViewer) async -> [DashboardSection]

    public init(gather: @escaping @Sendable (DashboardViewer) async -> [DashboardSection] = { _ in [] }) {
        self.gather = gather
    }

    public func sections(for viewer: DashboardViewer) async -> [DashboardSection] { await gather(viewer) }
}
