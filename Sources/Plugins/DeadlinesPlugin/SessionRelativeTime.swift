import BotCore
import Foundation

/// A `<when>` relative to an agenda session: `10m before <session>`, `1 hour before <session>`,
/// `at the start of <session>`, where `<session>` is one word: the session's id as `/agenda` shows it. Reading
/// it needs the agenda's answer to the "session-start" lookup, so it is split from `ReminderTime`: `parse`
/// finds the form, the handler asks the agenda, `date` computes the time.
struct SessionRelativeTime: Sendable, Hashable {
    /// How long before the session's start.
    var before: TimeInterval
    /// The session as written.
    var session: String
    /// How many words of the command it used.
    var used: Int

    /// The form at the start of `words`, or nil when they are not one.
    static func parse(_ words: [String]) -> SessionRelativeTime? {
        let lower = words.map { $0.lowercased() }
        if let (seconds, end) = ReminderTime.spokenDuration(lower, at: 0), end + 1 < lower.count,
            lower[end] == "before"
        {
            return SessionRelativeTime(before: seconds, session: words[end + 1], used: end + 2)
        }
        for opening in [["at", "the", "start", "of"], ["at", "start", "of"]]
        where lower.count > opening.count && Array(lower.prefix(opening.count)) == opening {
            return SessionRelativeTime(before: 0, session: words[opening.count], used: opening.count + 1)
        }
        return nil
    }

    /// One session in the agenda's answer to "session-start".
    struct Session: Sendable, Hashable {
        var start: Date
        var id: String
        var title: String

        /// The agenda answers with three lines per session of that id, soonest first: the start as ISO 8601,
        /// the id and the title. Lines that do not read as that are skipped.
        static func all(in answer: [RichText]) -> [Session] {
            stride(from: 0, to: answer.count - answer.count % 3, by: 3).compactMap { index in
                guard let start = try? Date(answer[index].plainText, strategy: .iso8601) else { return nil }
                return Session(start: start, id: answer[index + 1].plainText, title: answer[index + 2].plainText)
            }
        }
    }

    /// When the reminder fires for `session`, or why it cannot: the time is past, or more than a year ahead.
    func date(for session: Session, now: Date) -> Result<Date, ReminderTimeError> {
        let date = session.start.addingTimeInterval(-before)
        guard date > now else {
            let key = session.start > now ? "deadlines.when-session-sooner" : "deadlines.when-session-earlier"
            return .failure(.init(key, "title", session.title))
        }
        guard date.timeIntervalSince(now) <= ReminderTime.farthest else {
            return .failure(.tooFarBound)
        }
        return .success(date)
    }
}
