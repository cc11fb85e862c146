import BotCore
import Foundation

extension DeadlinesPlugin: ContributesDashboard {
    /// Deadlines per team: when each is due (in the viewer's zone, the workshop's beside it), whether the team
    /// recorded it done (when and by whom) or it is overdue, the team's reminder plan, and teams whose reminders
    /// have no chat to go to. A team's member sees their own team only.
    public func dashboardSections(for viewer: DashboardViewer, _ context: PluginContext) async throws
        -> [DashboardSection]
    {
        let texts = viewer.texts
        let language = texts.language
        let roster = context.roster
        let now = context.clock.now()
        let deadlines = try await kept(context.storage)
        let teams = roster.teams.filter { viewer.sees(teams: [$0.id]) }
        var blocks: [DashboardBlock] = []
        var count = 0, overdue = 0
        let columns = [
            texts("deadlines.dashboard.deadline").plainText, texts("deadlines.dashboard.due").plainText,
            texts("deadlines.dashboard.status").plainText, texts("deadlines.dashboard.reminders").plainText,
        ]
        for team in teams {
            let applying = deadlines.filter { $0.applies(to: team.id) }
            blocks.append(.heading(team.name))
            if team.chats.isEmpty {
                blocks.append(.paragraph(texts("deadlines.dashboard.no-chat", ["team": .text(team.name)]).plainText))
            }
            guard !applying.isEmpty else {
                blocks.append(.paragraph(texts("deadlines.dashboard.none").plainText))
                continue
            }
            var rows: [[String]] = []
            for deadline in applying {
                count += 1
                let status: String
                if let done = try await submission(of: deadline.id, by: team.id, context.storage) {
                    status =
                        texts(
                            "deadlines.dashboard.submitted",
                            ["when": .text(viewer.time(done.at)), "who": .text(done.by)]
                        ).plainText
                } else if deadline.due <= now {
                    overdue += 1
                    status = texts("deadlines.dashboard.overdue").plainText
                } else {
                    status = texts("deadlines.dashboard.open").plainText
                }
                let zone = zone(ofTeam: team.id, roster: roster, deadline: deadline)
                let reminders = plan(of: deadline, zone: zone, quiet: quietHours).map(\.at).filter { $0 > now }
                rows.append([
                    deadline.title.text(in: language), viewer.time(deadline.due), status,
                    reminders.isEmpty ? "–" : reminders.map(viewer.time).joined(separator: "; "),
                ])
            }
            blocks.append(.table(DashboardTable(columns: columns, rows: rows)))
        }
        let summary = texts("deadlines.dashboard.summary", ["count": .number(count), "overdue": .number(overdue)])
            .plainText
        return [
            DashboardSection(
                id: "deadlines", title: texts("deadlines.dashboard.title").plainText, summary: summary, blocks: blocks)
        ]
    }
}
