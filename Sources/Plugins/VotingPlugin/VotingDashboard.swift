import BotCore
import Foundation

extension VotingPlugin: ContributesDashboard {
    /// The polls: open ones with their closing time and how many of each team voted, closed ones with their
    /// results as bars, the per-team breakdown and, for ranked choice, the rounds. Results show only when the
    /// chat would show them: an open poll's only when it is `--live`, a held-back poll's to facilitators. A
    /// team's member sees the polls of their team's chats, their team's polls and those of chats of no team.
    public func dashboardSections(for viewer: DashboardViewer, _ context: PluginContext) async throws
        -> [DashboardSection]
    {
        let texts = VotingMessages.texts(viewer.texts)
        let roster = context.roster
        let polls = try await context.storage.transaction { tx in
            try tx.all(Poll.self, "polls").map(\.value).filter { Self.isVisible($0, to: viewer, roster: roster) }
                .map { poll in (poll, try Self.ballots(of: poll.id, tx)) }
        }
        var blocks: [DashboardBlock] = []
        var downloads: [DashboardDownload] = []
        let open = polls.filter { $0.0.open }, closed = polls.filter { !$0.0.open }
        if polls.isEmpty { blocks.append(.paragraph(texts.plain("voting.dashboard.none"))) }
        for (poll, ballots) in open.sorted(by: { $0.0.id > $1.0.id }) + closed.sorted(by: { $0.0.id > $1.0.id }) {
            blocks.append(.heading("#\(poll.id) " + Tally.shown(poll.question)))
            if poll.open {
                blocks.append(
                    .paragraph(
                        poll.closes.map { texts.plain("voting.dashboard.open-until", ["when": .text(viewer.time($0))]) }
                            ?? texts.plain("voting.dashboard.open")))
            } else {
                blocks.append(.paragraph(texts.plain("voting.dashboard.closed")))
            }
            blocks.append(Self.participation(poll, ballots, viewer, roster, texts))
            if poll.open, !poll.isLive {
                blocks.append(.paragraph(texts.plain("voting.dashboard.hidden")))
                continue
            }
            if !poll.open, !poll.isAnnounced, !viewer.isFacilitator {
                blocks.append(.paragraph(texts.plain("voting.dashboard.held")))
                continue
            }
            let firstOnly = poll.method == .ranked
            let counts = Tally.counts(
                ballots.map { firstOnly ? Array($0.ballot.choices.prefix(1)) : $0.ballot.choices }, poll)
            let title = texts.plain(firstOnly ? "voting.first-preferences" : "voting.dashboard.per-option")
            blocks.append(
                .bars(
                    DashboardBars(
                        title: title,
                        bars: counts.indices.map { DashboardBars.Bar(label: poll.shownOption($0), count: counts[$0]) }))
            )
            if viewer.isFacilitator {
                // The ballots as `/poll export` gives them, read when asked for; not an announcement, as the
                // chat's export is, since no one but the facilitator sees it.
                let name = PollExport.fileName(poll)
                let storage = context.storage, zone = viewer.zone, id = poll.id
                blocks.append(.download(name: name, title: texts.plain("voting.dashboard.csv")))
                downloads.append(
                    DashboardDownload(name: name, contentType: "text/csv; charset=utf-8") {
                        let ballots = try await storage.transaction { tx in try Self.ballots(of: id, tx) }
                        return Data(
                            PollExport.csv(poll, ballots: ballots, roster: roster, zone: zone, texts: texts).utf8)
                    })
                for line in Tally.teamBreakdown(of: poll, ballots: ballots, roster: roster, texts: texts) {
                    blocks.append(.paragraph(line.plainText))
                }
            }
            if poll.method == .ranked {
                for round in Tally.instantRunoff(
                    ballots.map(\.ballot.choices), options: poll.options.map(Tally.shown), texts: texts)
                {
                    blocks.append(.paragraph(RichText(round).plainText))
                }
            }
        }
        let summary = texts.plain(
            "voting.dashboard.summary", ["open": .number(open.count), "closed": .number(closed.count)])
        return [
            DashboardSection(
                id: "polls", title: texts.plain("voting.dashboard.title"), summary: summary, blocks: blocks,
                downloads: downloads)
        ]
    }

    /// Whether `viewer` sees `poll`: facilitators every poll; a team's member their team's polls and the polls
    /// of their team's chats and of chats of no team.
    static func isVisible(_ poll: Poll, to viewer: DashboardViewer, roster: Roster) -> Bool {
        guard let team = viewer.team else { return true }
        if let pollTeam = poll.team { return pollTeam == team.id }
        guard let chatTeam = roster.team(of: poll.chat) else { return true }
        return chatTeam.id == team.id
    }

    /// How many of each team voted, of the members the roster lists (a team's member sees their team's row).
    private static func participation(
        _ poll: Poll, _ ballots: [CastBallot], _ viewer: DashboardViewer, _ roster: Roster, _ texts: Texts
    ) -> DashboardBlock {
        let electorate = Tally.electorate(of: poll, roster: roster)
        var voted: [String: Int] = [:]
        for ballot in ballots {
            let team = ballot.ballot.team ?? ballot.voter.flatMap { roster.team(of: $0, in: poll.chat)?.id } ?? ""
            voted[team, default: 0] += 1
        }
        var members: [String: Int] = [:]
        for (_, team) in electorate { members[team, default: 0] += 1 }
        let teams = Set(voted.keys).union(members.keys).filter {
            viewer.sees(teams: [$0]) || $0.isEmpty && viewer.isFacilitator
        }
        let noTeam = texts.plain("voting.no-team-group")
        let rows = teams.map { id -> [String] in
            [
                id.isEmpty ? noTeam : roster.team(id: id)?.name ?? id, String(voted[id] ?? 0),
                members[id].map(String.init) ?? "–",
            ]
        }.sorted { $0[0] < $1[0] }
        return .table(
            DashboardTable(
                columns: [
                    texts.plain("voting.dashboard.team"), texts.plain("voting.dashboard.voted"),
                    texts.plain("voting.dashboard.members"),
                ], rows: rows))
    }
}
