import BotCore
import Foundation

extension AgendaPlugin: ContributesDashboard {
    /// The programme: today's sessions first, then every day's, in the viewer's zone with the workshop's beside
    /// it. A team's member sees what their team's chat lists: everyone's sessions and their team's own.
    public func dashboardSections(for viewer: DashboardViewer, _ context: PluginContext) async throws
        -> [DashboardSection]
    {
        let texts = viewer.texts
        let language = texts.language
        let sessions = agenda.visible(to: viewer.team?.id, all: viewer.isFacilitator)
        let format = ZoneFormat(viewer.zone, language: DateLanguage.of(language))
        let today = format.day(context.clock.now())
        let columns = [
            texts("agenda.dashboard.when").plainText, texts("agenda.dashboard.session").plainText,
            texts("agenda.dashboard.where").plainText, texts("agenda.dashboard.for").plainText,
        ]
        func row(_ session: Session) -> [String] {
            let when: String
            if let days = session.days {
                when =
                    days.first == days.last
                    ? texts("agenda.dashboard.all-day").plainText
                    : "\(Self.dayText(days.first)) – \(Self.dayText(days.last))"
            } else {
                when = "\(viewer.time(session.start)) – \(format.time(session.end))"
            }
            let team = session.team.map { id in context.roster.team(id: id)?.name ?? id }
            return [
                when, session.title.text(in: language), session.location?.text(in: language) ?? "",
                team ?? texts("agenda.dashboard.everyone").plainText,
            ]
        }
        // Days in the viewer's zone, in order; an all-day session under its first date.
        var days: [(day: String, sessions: [Session])] = []
        for session in sessions {
            let day = session.days.map { Self.dayText($0.first) } ?? format.day(session.start)
            if let index = days.firstIndex(where: { $0.day == day }) {
                days[index].sessions.append(session)
            } else {
                days.append((day, [session]))
            }
        }
        var blocks: [DashboardBlock] = []
        let todays = days.first { $0.day == today }?.sessions ?? []
        blocks.append(.heading(texts("agenda.dashboard.today").plainText + " — " + today))
        blocks.append(
            todays.isEmpty
                ? .paragraph(texts("agenda.dashboard.none").plainText)
                : .table(DashboardTable(columns: columns, rows: todays.map(row))))
        for (day, list) in days {
            blocks.append(.heading(day))
            blocks.append(.table(DashboardTable(columns: columns, rows: list.map(row))))
        }
        let summary = texts(
            "agenda.dashboard.summary", ["count": .number(sessions.count), "today": .number(todays.count)]
        ).plainText
        return [
            DashboardSection(
                id: "programme", title: texts("agenda.dashboard.title").plainText, summary: summary, blocks: blocks)
        ]
    }

    /// A date of `yyyymmdd` as `2021-11-08`: the same for every reader.
    static func dayText(_ number: Int) -> String {
        let text = String(number)
        guard text.count == 8 else { return text }
        let digits = Array(text)
        return "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))"
    }
}
