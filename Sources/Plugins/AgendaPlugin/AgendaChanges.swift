import BotCore
import Foundation

/// What changed between two versions of the agenda, session by session (matched by id).
struct AgendaChanges {
    var moved: [(old: Session, new: Session)] = []
    var added: [Session] = []
    var cancelled: [Session] = []

    init(old: [Session], new: [Session]) {
        let before = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(new.map(\.id))
        for session in new {
            if let previous = before[session.id] {
                if previous.start != session.start || previous.end != session.end || previous.days != session.days {
                    moved.append((previous, session))
                }
            } else {
                added.append(session)
            }
        }
        cancelled = old.filter { !after.contains($0.id) }
    }

    var isEmpty: Bool { moved.isEmpty && added.isEmpty && cancelled.isEmpty }

    /// One change per session, moves first, then additions, then cancellations; each with the session it
    /// concerns (for choosing its chats).
    var all: [AgendaChange] {
        moved.map { AgendaChange(kind: .moved, session: $0.new, previous: AgendaChange.When($0.old)) }
            + added.map { AgendaChange(kind: .added, session: $0) }
            + cancelled.map { AgendaChange(kind: .cancelled, session: $0) }
    }
}

/// One change of the agenda as the "changes" job keeps it: data, written in the language of the chat it is
/// posted to when the job fires.
struct AgendaChange: Codable, Sendable, Hashable {
    enum Kind: String, Codable, Sendable { case moved, added, cancelled }

    /// When a session is: its start, and whether it is all-day (its start is then its first date's midnight in
    /// the workshop's zone: that date).
    struct When: Codable, Sendable, Hashable {
        var start: Date
        var isAllDay: Bool

        init(_ session: Session) {
            start = session.start
            isAllDay = session.isAllDay
        }
    }

    var kind: Kind
    /// Written in the language of the chat it is posted to (a job booked before titles had languages holds a
    /// plain string, which reads as a text for everyone).
    var title: LocalizedText
    /// When it is now (for a cancelled one: when it was).
    var when: When
    /// For a moved one, when it was.
    var previous: When?
    /// The session it concerns, for choosing its chats (not kept in the job).
    var session: Session?

    init(kind: Kind, session: Session, previous: When? = nil) {
        self.kind = kind
        title = session.title
        when = When(session)
        self.previous = previous
        self.session = session
    }

    private enum CodingKeys: String, CodingKey { case kind, title, when, previous }

    /// `Moved: Draft review, Tue 16 Nov 14:00 → Wed 17 Nov 10:00 (Hamburg time)`, in `zone` (the workshop's).
    func line(zone: TimeZone, label: String, _ texts: Texts) -> RichText {
        let dates = texts.dates(zone)
        func written(_ when: When) -> String {
            when.isAllDay
                ? texts.plain("agenda.changes.all-day", ["day": .text(dates.shortDay(when.start))])
                : "\(dates.shortDay(when.start)) \(dates.time(when.start))"
        }
        switch kind {
        case .moved:
            return texts(
                "agenda.changes.moved",
                [
                    "title": .text(title.text(in: texts.language)), "old": .text(written(previous ?? when)),
                    "new": .text(written(when)),
                    "zone": .text(label),
                ])
        case .added:
            return texts(
                "agenda.changes.added",
                ["title": .text(title.text(in: texts.language)), "when": .text(written(when)), "zone": .text(label)])
        case .cancelled:
            return texts(
                "agenda.changes.cancelled",
                ["title": .text(title.text(in: texts.language)), "when": .text(written(when)), "zone": .text(label)])
        }
    }
}

/// The payload of a "changes" job: the changes for one chat, with the workshop's zone they are told in.
struct AgendaChangesPost: Codable, Sendable {
    /// The workshop's zone (an IANA identifier) and its label (`Hamburg`).
    var zone: String
    var label: String
    var changes: [AgendaChange]

    /// The lines of `job`'s post in `texts`' language. A job booked by an earlier version of the bot holds its
    /// lines already written (in English): they are posted as they are.
    static func lines(of job: ScheduledJob, _ texts: Texts) throws -> [RichText] {
        if let written = try? job.decodePayload([String].self) { return written.map { RichText($0) } }
        let post = try job.decodePayload(AgendaChangesPost.self)
        let zone = TimeZone(identifier: post.zone) ?? .gmt
        return post.changes.map { $0.line(zone: zone, label: post.label, texts) }
    }

    /// How many lines `job` posts, for its description.
    static func lineCount(of job: ScheduledJob) -> Int {
        if let written = try? job.decodePayload([String].self) { return written.count }
        return (try? job.decodePayload(AgendaChangesPost.self).changes.count) ?? 0
    }
}
