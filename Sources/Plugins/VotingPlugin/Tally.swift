import BotCore
import Foundation

/// A stored ballot with the voter it belongs to; the voter is used for counting people, never shown.
struct CastBallot: Sendable {
    var voter: UserRef?
    var ballot: Ballot
}

/// Counting and the results text. Pure functions over a poll and its ballots, so closing by command and by
/// the scheduler print the same thing, and the rules are tested without a bot.
enum Tally {
    /// The people a poll is for, with their team ids: the `--team` team's members, else the members of the
    /// team whose chat it is in, else every participant the roster lists.
    static func electorate(of poll: Poll, roster: Roster) -> [UserRef: String] {
        if let team = poll.team ?? roster.team(of: poll.chat)?.id {
            return roster.participants.filter { $0.value == team }
        }
        return roster.participants
    }

    /// The results: a headline, how many of the known participants voted, a bar per option (or the rounds of
    /// an instant runoff), the winner(s), and a per-team breakdown when the voters span teams.
    static func results(of poll: Poll, ballots: [CastBallot], roster: Roster, closedNow: Bool) -> Reply {
        let count = ballots.count
        var lines: [RichText] = [
            "\(bold: "\(closedNow ? "Closed. " : "")Results of poll #\(poll.id): \(shown(poll.question))") (\(count) ballot\(count == 1 ? "" : "s"))"
        ]
        if let turnout = turnout(of: poll, ballots: ballots, roster: roster) { lines.append(turnout) }
        if poll.method == .ranked {
            lines.append("First preferences:")
            lines += bars(counts(ballots.compactMap(\.ballot.choices.first).map { [$0] }, poll), of: count, poll)
        } else {
            let counts = counts(ballots.map(\.ballot.choices), poll)
            let whole = poll.method == .dots ? counts.reduce(0, +) : count
            lines += bars(counts, of: whole, poll)
            lines.append(winners(counts, poll))
        }
        lines += teamBreakdown(of: poll, ballots: ballots, roster: roster)
        if poll.method == .ranked {
            lines += instantRunoff(ballots.map(\.ballot.choices), options: poll.options.map(shown)).map { RichText($0) }
        }
        return Reply(lines: lines)
    }

    /// "N of M participants voted": M is the roster's participants of the team(s) allowed to vote (the
    /// electorate), N those of them with a ballot; nil when the roster lists nobody. Other voters are named
    /// apart, by what the roster says of them: participants of other teams, facilitators, and people it does
    /// not list ("not on the roster").
    static func turnout(of poll: Poll, ballots: [CastBallot], roster: Roster) -> RichText? {
        let electorate = electorate(of: poll, roster: roster)
        guard !electorate.isEmpty else { return nil }
        var members = 0
        var otherTeams = 0
        var facilitators = 0
        var unlisted = 0
        for ballot in ballots {
            // A ballot whose voter cannot be read back (a damaged key) is nobody the roster lists.
            guard let voter = ballot.voter else {
                unlisted += 1
                continue
            }
            if electorate[voter] != nil {
                members += 1
            } else if roster.participants[voter] != nil {
                otherTeams += 1
            } else if roster.facilitators.contains(voter) {
                facilitators += 1
            } else {
                unlisted += 1
            }
        }
        var others: [String] = []
        if otherTeams > 0 { others.append("\(otherTeams) from \(otherTeams == 1 ? "another team" : "other teams")") }
        if facilitators > 0 { others.append(counted(facilitators, "facilitator")) }
        if unlisted > 0 { others.append("\(unlisted) not on the roster") }
        let also = others.isEmpty ? "" : "; also \(listed(others))"
        return "\(members) of \(counted(electorate.count, "participant")) voted\(also)."
    }

    /// `count` and `noun`, plural unless the count is one: "1 participant", "0 participants".
    static func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    /// Items as a sentence lists them: "A", "A and B", "A, B and C".
    static func listed(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }

    /// Votes (or dots) per option, in the poll's order.
    static func counts(_ ballots: [[Int]], _ poll: Poll) -> [Int] {
        var counts = Array(repeating: 0, count: poll.options.count)
        for choices in ballots { for choice in choices where counts.indices.contains(choice) { counts[choice] += 1 } }
        return counts
    }

    /// One line per option, most votes first: `███░░░░░░░ 3 — Option (30%)`.
    static func bars(_ counts: [Int], of whole: Int, _ poll: Poll) -> [RichText] {
        let ranked = counts.enumerated().sorted { ($1.element, $0.offset) < ($0.element, $1.offset) }
        return ranked.map { entry in
            let percent = whole > 0 ? Int((Double(entry.element) * 100 / Double(whole)).rounded()) : 0
            let filled = min(10, Int((Double(percent) / 10).rounded()))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
            let amount =
                poll.method == .dots ? "\(entry.element) dot\(entry.element == 1 ? "" : "s")" : "\(entry.element)"
            return "\(code: bar) \(amount) — \(shown(poll.options[entry.offset])) (\(percent)%)"
        }
    }

    /// The option(s) with the most votes; ties are named as ties, not broken.
    static func winners(_ counts: [Int], _ poll: Poll) -> RichText {
        let top = counts.max() ?? 0
        guard top > 0 else { return "No votes: no winner." }
        let names = counts.indices.filter { counts[$0] == top }.map { shown(poll.options[$0]) }
        if names.count == 1 { return "Winner: \(bold: names[0])." }
        return "Tie between \(bold: names.joined(separator: ", ")), with \(top) each."
    }

    /// When ballots come from more than one team (people without a team count as one group): per team, the
    /// number of voters and their choices; for an anonymous poll only the number of voters, since a small
    /// team's choices would give its voters away.
    static func teamBreakdown(of poll: Poll, ballots: [CastBallot], roster: Roster) -> [RichText] {
        let groups = Dictionary(grouping: ballots) {
            $0.ballot.team ?? $0.voter.flatMap { roster.team(of: $0, in: poll.chat)?.id } ?? ""
        }
        guard groups.count > 1 else { return [] }
        func name(_ id: String) -> String { id.isEmpty ? "No team" : roster.team(id: id)?.name ?? id }
        var lines: [RichText] = ["By team:"]
        for (team, members) in groups.sorted(by: { name($0.key) < name($1.key) }) {
            let voters = "\(members.count) voter\(members.count == 1 ? "" : "s")"
            guard !poll.isAnonymous else {
                lines.append("\(name(team)): \(voters)")
                continue
            }
            let firstOnly = poll.method == .ranked
            let counts = counts(
                members.map { firstOnly ? Array($0.ballot.choices.prefix(1)) : $0.ballot.choices }, poll)
            let chosen = counts.indices.filter { counts[$0] > 0 }.sorted { (counts[$1], $0) < (counts[$0], $1) }
                .map { "\(shown(poll.options[$0])) \(counts[$0])" }.joined(separator: ", ")
            lines.append("\(name(team)) (\(voters)): \(chosen)")
        }
        return lines
    }

    /// Instant runoff over ranked ballots, one line per round. Each round counts every ballot for its highest
    /// option still in the race; an option with more than half of those wins; otherwise the option with the
    /// fewest is eliminated. Tie-break (documented): among the lowest, the one listed later in the poll goes.
    /// A round decided by that rule says so, and so does the winner's line, so a tie never reads as a clean win.
    static func instantRunoff(_ ballots: [[Int]], options: [String]) -> [String] {
        var remaining = Set(options.indices)
        var lines: [String] = []
        var round = 1
        /// The rounds whose elimination the tie rule decided, with the tied options.
        var tieBreaks: [(round: Int, tied: [String])] = []
        while !remaining.isEmpty {
            var counts = Dictionary(uniqueKeysWithValues: remaining.map { ($0, 0) })
            var active = 0
            for ballot in ballots {
                if let top = ballot.first(where: remaining.contains) {
                    counts[top, default: 0] += 1
                    active += 1
                }
            }
            let order = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            lines.append("Round \(round): " + order.map { "\(options[$0.key]) \($0.value)" }.joined(separator: ", "))
            guard let leader = order.first else { break }
            if active == 0 {
                lines.append("No ballots: no winner.")
                break
            }
            if leader.value * 2 > active || remaining.count == 1 {
                lines.append("Winner: \(options[leader.key]) with \(leader.value) of \(active)\(afterTies(tieBreaks)).")
                break
            }
            let lowest = order.map(\.value).min() ?? 0
            let tied = order.filter { $0.value == lowest }.map(\.key).sorted()
            let out = tied.last ?? leader.key
            if tied.count > 1 {
                let names = tied.map { options[$0] }
                lines.append(
                    "Eliminated: \(options[out]) (tie between \(listed(names)) at \(lowest), broken by the tie rule: the option listed later in the poll goes)."
                )
                tieBreaks.append((round, names))
            } else {
                lines.append("Eliminated: \(options[out]).")
            }
            remaining.remove(out)
            round += 1
        }
        return lines
    }

    /// The winner line's note on the ties the tie rule broke on the way, empty when there were none.
    private static func afterTies(_ tieBreaks: [(round: Int, tied: [String])]) -> String {
        guard let first = tieBreaks.first else { return "" }
        guard tieBreaks.count > 1 else {
            return ", after the tie between \(listed(first.tied)) in round \(first.round) was broken by list order"
        }
        return ", after ties broken by list order in rounds \(listed(tieBreaks.map { String($0.round) }))"
    }

    /// Text as the chat shows it: a word joiner after the `@` of `@room`, `@all`, `@everyone`, `@here` and
    /// `@channel`, so a poll option can never ping a whole chat, even on clients that ignore Matrix's
    /// intentional mentions. Escaping of markup is the renderers' job (every span is escaped).
    static func shown(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let at = rest.firstIndex(of: "@") {
            out += rest[...at]
            rest = rest[rest.index(after: at)...]
            let word = rest.prefix { $0.isLetter }.lowercased()
            if ["room", "all", "everyone", "here", "channel"].contains(word) { out += "\u{2060}" }
        }
        return out + rest
    }
}
