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
    static func overview(store: any Store, clock: any BotClock, handlers: [String: [String: JobHandler]])
        -> ScheduleView
    {
        @Sendable func post(_ job: ScheduledJob) -> UpcomingPost {
            let description = handlers[job.owner]?[job.kind]?.describe?(job) ?? RichText("\(job.owner): \(job.kind)")
            return UpcomingPost(
                id: job.id, dueAt: job.dueAt, chat: job.chat, owner: job.owner, kind: job.kind, description: description
            )
        }
        return ScheduleView(
            list: { until in
                try await store.transaction { try $0.dueJobs(at: until, limit: 500) }.map(post)
            },
            skip: { id, reason in
                try await store.transaction { tx -> UpcomingPost? in
                    guard let job = try tx.job(id: id), job.state == .pending else { return nil }
                    let now = clock.now()
                    guard try tx.moveJob(id: id, from: .pending, to: .cancelled, at: now, note: reason) else {
                        return nil
                    }
                    // Muting one occurrence of a recurring reminder skips that one only.
                    try tx.bookNextOccurrence(of: job, handler: handlers[job.owner]?[job.kind], after: now)
                    return post(job)
                }
            })
    }
}
