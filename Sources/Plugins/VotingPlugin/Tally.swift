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
    /// an instant runoff), the winner(s), and a per-team breakdown when the voters span teams, in `texts`'
    /// language.
    static func results(
        of poll: Poll, ballots: [CastBallot], roster: Roster, closedNow: Bool,
        texts: Texts = VotingMessages.englishTexts
    ) -> Reply {
        let count = ballots.count
        var lines: [RichText] = [
            texts(
                closedNow ? "voting.results-closed" : "voting.results",
                ["id": .number(poll.id), "question": .text(shown(poll.question)), "count": .number(count)])
        ]
        if let turnout = turnout(of: poll, ballots: ballots, roster: roster, texts: texts) { lines.append(turnout) }
        if poll.method == .ranked {
            lines.append(texts("voting.first-preferences"))
            lines += bars(
                counts(ballots.compactMap(\.ballot.choices.first).map { [$0] }, poll), of: count, poll, texts)
        } else {
            let counts = counts(ballots.map(\.ballot.choices), poll)
            let whole = poll.method == .dots ? counts.reduce(0, +) : count
            lines += bars(counts, of: whole, poll, texts)
            lines.append(winners(counts, poll, texts))
        }
        lines += teamBreakdown(of: poll, ballots: ballots, roster: roster, texts: texts)
        if poll.method == .ranked {
            lines += instantRunoff(ballots.map(\.ballot.choices), options: poll.options.map(shown), texts: texts)
                .map { RichText($0) }
        }
        return Reply(lines: lines)
    }

    /// "N of M participants voted": M is the roster's participants of the team(s) allowed to vote (the
    /// electorate), N those of them with a ballot; nil when the roster lists nobody. Other voters are named
    /// apart, by what the roster says of them: participants of other teams, facilitators, and people it does
    /// not list ("not on the roster").
    static func turnout(
        of poll: Poll, ballots: [CastBallot], roster: Roster, texts: Texts = VotingMessages.englishTexts
    ) -> RichText? {
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
        if otherTeams > 0 { others.append(texts.plain("voting.other-teams", ["count": .number(otherTeams)])) }
        if facilitators > 0 { others.append(texts.plain("voting.facilitators", ["count": .number(facilitators)])) }
        if unlisted > 0 { others.append(texts.plain("voting.unlisted", ["count": .number(unlisted)])) }
        let participants = texts.plain("voting.participants", ["count": .number(electorate.count)])
        guard !others.isEmpty else {
            return texts("voting.turnout", ["voted": .number(members), "participants": .text(participants)])
        }
        return texts(
            "voting.turnout-also",
            [
                "voted": .number(members), "participants": .text(participants),
                "others": .text(listed(others, texts)),
            ])
    }

    /// Items as a sentence of `texts`' language lists them: "A", "A and B", "A, B and C".
    static func listed(_ items: [String], _ texts: Texts) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        return texts.plain(
            "voting.and",
            ["items": .text(items.dropLast().joined(separator: texts.plain("voting.separator"))), "last": .text(last)])
    }

    /// Votes (or dots) per option, in the poll's order.
    static func counts(_ ballots: [[Int]], _ poll: Poll) -> [Int] {
        var counts = Array(repeating: 0, count: poll.options.count)
        for choices in ballots { for choice in choices where counts.indices.contains(choice) { counts[choice] += 1 } }
        return counts
    }

    /// One line per option, most votes first: `███░░░░░░░ 3 — Option (30%)`.
    static func bars(_ counts: [Int], of whole: Int, _ poll: Poll, _ texts: Texts) -> [RichText] {
        let ranked = counts.enumerated().sorted { ($1.element, $0.offset) < ($0.element, $1.offset) }
        return ranked.map { entry in
            let percent = whole > 0 ? Int((Double(entry.element) * 100 / Double(whole)).rounded()) : 0
            let filled = min(10, Int((Double(percent) / 10).rounded()))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
            let amount =
                poll.method == .dots
                ? texts.plain("voting.dots", ["count": .number(entry.element)]) : String(entry.element)
            return texts(
                "voting.bar",
                [
                    "bar": .text(bar), "amount": .text(amount), "option": .text(shown(poll.options[entry.offset])),
                    "percent": .number(percent),
                ])
        }
    }

    /// The option(s) with the most votes; ties are named as ties, not broken.
    static func winners(_ counts: [Int], _ poll: Poll, _ texts: Texts) -> RichText {
        let top = counts.max() ?? 0
        guard top > 0 else { return texts("voting.no-winner") }
        let names = counts.indices.filter { counts[$0] == top }.map { shown(poll.options[$0]) }
        if names.count == 1 { return texts("voting.winner", ["option": .text(names[0])]) }
        return texts(
            "voting.tie",
            ["options": .text(names.joined(separator: texts.plain("voting.separator"))), "votes": .number(top)])
    }

    /// When ballots come from more than one team (people without a team count as one group): per team, the
    /// number of voters and their choices; for an anonymous poll only the number of voters, since a small
    /// team's choices would give its voters away.
    static func teamBreakdown(of poll: Poll, ballots: [CastBallot], roster: Roster, texts: Texts) -> [RichText] {
        let groups = Dictionary(grouping: ballots) {
            $0.ballot.team ?? $0.voter.flatMap { roster.team(of: $0, in: poll.chat)?.id } ?? ""
        }
        guard groups.count > 1 else { return [] }
        let noTeam = texts.plain("voting.no-team-group")
        func name(_ id: String) -> String { id.isEmpty ? noTeam : roster.team(id: id)?.name ?? id }
        var lines: [RichText] = [texts("voting.by-team")]
        for (team, members) in groups.sorted(by: { name($0.key) < name($1.key) }) {
            let voters = texts.plain("voting.voters", ["count": .number(members.count)])
            guard !poll.isAnonymous else {
                lines.append(texts("voting.team-voters", ["team": .text(name(team)), "voters": .text(voters)]))
                continue
            }
            let firstOnly = poll.method == .ranked
            let counts = counts(
                members.map { firstOnly ? Array($0.ballot.choices.prefix(1)) : $0.ballot.choices }, poll)
            let chosen = counts.indices.filter { counts[$0] > 0 }.sorted { (counts[$1], $0) < (counts[$0], $1) }
                .map { "\(shown(poll.options[$0])) \(counts[$0])" }.joined(separator: texts.plain("voting.separator"))
            lines.append(
                texts(
                    "voting.team-choices",
                    ["team": .text(name(team)), "voters": .text(voters), "choices": .text(chosen)]
                ))
        }
        return lines
    }

    /// Instant runoff over ranked ballots, one line per round. Each round counts every ballot for its highest
    /// option still in the race; an option with more than half of those wins; otherwise the option with the
    /// fewest is eliminated. Tie-break (documented): among the lowest, the one listed later in the poll goes.
    /// A round decided by that rule says so, and so does the winner's line, so a tie never reads as a clean win.
    static func instantRunoff(
        _ ballots: [[Int]], options: [String], texts: Texts = VotingMessages.englishTexts
    ) -> [String] {
        let separator = texts.plain("voting.separator")
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
            let counted = order.map { "\(options[$0.key]) \($0.value)" }.joined(separator: separator)
            lines.append(texts.plain("voting.round", ["round": .number(round), "counts": .text(counted)]))
            guard let leader = order.first else { break }
            if active == 0 {
                lines.append(texts.plain("voting.runoff-no-ballots"))
                break
            }
            if leader.value * 2 > active || remaining.count == 1 {
                lines.append(
                    winner(options[leader.key], votes: leader.value, of: active, after: tieBreaks, texts: texts))
                break
            }
            let lowest = order.map(\.value).min() ?? 0
            let tied = order.filter { $0.value == lowest }.map(\.key).sorted()
            let out = tied.last ?? leader.key
            if tied.count > 1 {
                let names = tied.map { options[$0] }
                lines.append(
                    texts.plain(
                        "voting.eliminated-tie",
                        [
                            "option": .text(options[out]), "tied": .text(listed(names, texts)),
                            "votes": .number(lowest),
                        ]))
                tieBreaks.append((round, names))
            } else {
                lines.append(texts.plain("voting.eliminated", ["option": .text(options[out])]))
            }
            remaining.remove(out)
            round += 1
        }
        return lines
    }

    /// The winner's line, with a note on the ties the tie rule broke on the way when there were any.
    private static func winner(
        _ option: String, votes: Int, of active: Int, after tieBreaks: [(round: Int, tied: [String])], texts: Texts
    ) -> String {
        guard let first = tieBreaks.first else {
            return texts.plain(
                "voting.runoff-winner", ["option": .text(option), "votes": .number(votes), "active": .number(active)])
        }
        guard tieBreaks.count > 1 else {
            return texts.plain(
                "voting.runoff-winner-tie",
                [
                    "option": .text(option), "votes": .number(votes), "active": .number(active),
                    "tied": .text(listed(first.tied, texts)), "round": .number(first.round),
                ])
        }
        return texts.plain(
            "voting.runoff-winner-ties",
            [
                "option": .text(option), "votes": .number(votes), "active": .number(active),
                "rounds": .text(listed(tieBreaks.map { String($0.round) }, texts)),
            ])
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
