import BotCore
import Foundation

extension JobQueue {
    /// Books the next occurrence of a recurring job whose current one is skipped (missed or muted), as its
    /// handler would have when firing it.
    func bookNextOccurrence(of job: ScheduledJob, handler: JobHandler?, after time: Date) throws {
        guard let next = handler?.next?(job, max(time, job.dueAt.addingTimeInterval(1))) else { return }
        try insertJob(
            NewJob(
                owner: job.owner, kind: job.kind, key: job.key, dueAt: next, chat: job.chat, payload: job.payload,
                grace: job.grace),
            at: time)
    }
}

extension ScheduleView {
    /// The live view over the store's pending jobs, described by the job handlers of the running
    /// configuration. Muting cancels the job (state `cancelled`, with who muted it in its note), so it never
    /// fires, also after a restart.
    static func overview(
        store: any Store, clock: any BotClock, handlers: [String: [String: JobHandler]], roster: Roster
    ) -> ScheduleView {
        @Sendable func post(_ job: ScheduledJob, _ texts: Texts) -> UpcomingPost {
            let handler = handlers[job.owner]?[job.kind]
            let description = handler?.describe?(job, texts) ?? RichText("\(job.owner): \(job.kind)")
            return UpcomingPost(
                id: job.id, dueAt: job.dueAt, chat: job.chat, owner: job.owner, kind: job.kind,
                description: description,
                targets: job.chat.map { [$0] } ?? handler?.targets?(job, roster))
        }
        return ScheduleView(
            list: { until, texts in
                try await store.transaction { try $0.dueJobs(at: until, limit: 500) }.map { post($0, texts) }
            },
            skip: { id, reason, texts in
                try await store.transaction { tx -> UpcomingPost? in
                    guard let job = try tx.job(id: id), job.state == .pending else { return nil }
                    let now = clock.now()
                    guard try tx.moveJob(id: id, from: .pending, to: .cancelled, at: now, note: reason) else {
                        return nil
                    }
                    // Muting one occurrence of a recurring reminder skips that one only.
                    try tx.bookNextOccurrence(of: job, handler: handlers[job.owner]?[job.kind], after: now)
                    return post(job, texts)
                }
            },
            restore: { id, texts in
                try await store.transaction { tx -> UpcomingPost? in
                    // Only a muted job (cancelled with a "muted by" note) whose time is still to come comes back.
                    guard let job = try tx.job(id: id), job.state == .cancelled,
                        job.note?.hasPrefix("muted by") == true,
                        job.dueAt > clock.now()
                    else { return nil }
                    // A recurring job booked its next occurrence under the same key when this one was muted: that
                    // booking gives way (this one books it again when it fires).
                    if let key = job.key {
                        for booked in try tx.jobs(owner: job.owner, keyPrefix: key, states: [.pending])
                        where booked.key == key {
                            _ = try tx.moveJob(
                                id: booked.id, from: .pending, to: .cancelled, at: clock.now(),
                                note: "replaced: #\(id) unmuted")
                        }
                    }
                    guard try tx.moveJob(id: id, from: .cancelled, to: .pending, at: clock.now(), note: nil) else {
                        return nil
                    }
                    return post(job, texts)
                }
            })
    }
}
