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

    /// One line per change, with the session it concerns (for choosing its chats), in the workshop's zone.
    func lines(zone: TimeZone, label: String) -> [(Session, String)] {
        func when(_ session: Session) -> String {
            // An all-day session's start is its first date's midnight in the workshop's zone: that date.
            session.isAllDay
                ? "\(shortDay(session.start, zone)), all day"
                : "\(shortDay(session.start, zone)) \(time(session.start, zone))"
        }
        return moved.map { ($0.new, "Moved: \($0.new.title), \(when($0.old)) → \(when($0.new)) (\(label) time)") }
            + added.map { ($0, "Added: \($0.title), \(when($0)) (\(label) time)") }
            + cancelled.map { ($0, "Cancelled: \($0.title), was \(when($0)) (\(label) time)") }
    }
}
