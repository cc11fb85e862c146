import BotCore
import Foundation

/// The last link check (`/resources check` or the daily one): when it ran, how many links it checked, and
/// each that did not work with why, kept so the dashboard can show it between checks.
struct LastLinkCheck: Codable, Sendable {
    struct Problem: Codable, Sendable {
        var label: ResourcesPlugin.LinkLabel
        var url: String
        var reason: LinkReason
    }

    var at: Date
    var count: Int
    var problems: [Problem]

    static let collection = "link-check"

    /// Keeps what `report` found (nothing when this build checks no links).
    static func keep(_ report: ResourcesPlugin.LinkReport?, at time: Date, in storage: PluginStorage) async throws {
        guard let report else { return }
        let problems = report.items.compactMap { item -> Problem? in
            switch report.states[item.url] {
            case .broken(let why)?, .unreachable(let why)?:
                return Problem(label: item.label, url: item.url, reason: why)
            default: return nil
            }
        }
        let kept = LastLinkCheck(at: time, count: report.items.count, problems: problems)
        try await storage.transaction { tx in try tx.put(kept, collection, "last") }
    }
}

extension ResourcesPlugin: ContributesDashboard {
    /// For facilitators: the last link check, each link that did not work with why.
    public func dashboardSections(for viewer: DashboardViewer, _ context: PluginContext) async throws
        -> [DashboardSection]
    {
        guard viewer.isFacilitator else { return [] }
        let texts = viewer.texts
        let last = try await context.storage.transaction { tx in
            try tx.get(LastLinkCheck.self, LastLinkCheck.collection, "last")
        }
        var blocks: [DashboardBlock] = []
        let summary: String
        if let last {
            summary =
                texts(
                    "resources.dashboard.summary",
                    [
                        "when": .text(viewer.time(last.at)), "count": .number(last.count),
                        "broken": .number(last.problems.count),
                    ]
                ).plainText
            blocks.append(.paragraph(summary))
            if !last.problems.isEmpty {
                blocks.append(
                    .table(
                        DashboardTable(
                            columns: [
                                texts("resources.dashboard.what").plainText,
                                texts("resources.dashboard.link").plainText,
                                texts("resources.dashboard.problem").plainText,
                            ],
                            rows: last.problems.map { problem in
                                [problem.label.text(in: texts).plainText, problem.url, problem.reason.text(in: texts)]
                            })))
            }
        } else {
            summary = texts("resources.dashboard.never").plainText
            blocks.append(.paragraph(summary))
        }
        return [
            DashboardSection(
                id: "links", title: texts("resources.dashboard.title").plainText, summary: summary, blocks: blocks)
        ]
    }
}
