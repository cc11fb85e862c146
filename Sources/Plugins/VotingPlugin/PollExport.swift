import BotCore
import Foundation

/// `/poll export` as a CSV file (RFC 4180: fields with a comma, a quote or a line break quoted, quotes doubled,
/// lines ending in CRLF), made safe for spreadsheets: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, so no option, question or name typed in chat runs as a formula.
///
/// A poll with voters on record gives one row per choice of each ballot (a dot in dot voting is a choice;
/// a ranked ballot's rows carry their rank): `poll,option,voter,team,time`, the time in ISO 8601 with its
/// offset. An anonymous poll gives only the count per option, `poll,option,votes`: a ballot's team or time
/// could name its voter, as the results' per-team breakdown also knows.
enum PollExport {
    /// The file for `poll` and its ballots, with times in `zone` and the header row's words in `texts`'
    /// language.
    static func file(
        _ poll: Poll, ballots: [CastBallot], roster: Roster, zone: TimeZone,
        texts: Texts = VotingMessages.englishTexts
    ) -> Attachment {
        Attachment(
            fileName: fileName(poll), mediaType: "text/csv; charset=utf-8",
            data: Data(csv(poll, ballots: ballots, roster: roster, zone: zone, texts: texts).utf8))
    }

    /// `poll-3-which-topic-first.csv`: the id and the question's first words, made a safe file name.
    static func fileName(_ poll: Poll) -> String {
        let words = poll.question.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).prefix(6)
        let stem = (["poll", String(poll.id)] + words.map { $0.lowercased() }).joined(separator: "-")
        return Attachment.safeFileName(String(stem.prefix(80)) + ".csv")
    }

    static func csv(
        _ poll: Poll, ballots: [CastBallot], roster: Roster, zone: TimeZone,
        texts: Texts = VotingMessages.englishTexts
    ) -> String {
        var rows: [[String]]
        func header(_ names: [String]) -> [String] { names.map { texts.plain("voting.csv.\($0)") } }
        func option(_ index: Int) -> String { poll.options.indices.contains(index) ? poll.options[index] : "?" }
        if poll.isAnonymous {
            // Ranked ballots count by first preference, as the results do; every other method by choice.
            let counts = Tally.counts(
                ballots.map { poll.method == .ranked ? Array($0.ballot.choices.prefix(1)) : $0.ballot.choices }, poll)
            rows = [header(["poll", "option", "votes"])]
            rows += poll.options.indices.map { [poll.question, option($0), String(counts[$0])] }
        } else {
            let ranked = poll.method == .ranked
            rows = [
                header(
                    ranked
                        ? ["poll", "option", "rank", "voter", "team", "time"]
                        : ["poll", "option", "voter", "team", "time"])
            ]
            let time = timeFormatter(zone)
            for cast in ballots {
                let voter = cast.voter?.description ?? "?"
                let teamID = cast.ballot.team ?? cast.voter.flatMap { roster.team(of: $0, in: poll.chat)?.id }
                let team = teamID.map { roster.team(id: $0)?.name ?? $0 } ?? ""
                let when = cast.ballot.cast.map { time.string(from: $0) } ?? ""
                for (rank, choice) in cast.ballot.choices.enumerated() {
                    rows.append(
                        ranked
                            ? [poll.question, option(choice), String(rank + 1), voter, team, when]
                            : [poll.question, option(choice), voter, team, when])
                }
            }
        }
        return rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One CSV field: neutralised when a spreadsheet would read it as a formula, then quoted when it holds a
    /// comma, a quote or a line break (quotes doubled).
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// ISO 8601 with the offset in `zone` (`2021-11-08T09:30:00+01:00`), whatever the machine's locale.
    static func timeFormatter(_ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxxxx"
        return formatter
    }
}
