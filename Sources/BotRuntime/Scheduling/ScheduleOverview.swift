import BotCore
import Foundation

extension ScheduleView {
    /// The live view over the store's pending jobs, described by the job handlers of the running
    /// configuration. Muting cancels the job (state `cancelled`, with who muted it in its note), so it never
    /// fires, also after a restart.
    static func overview(store: any Store, handlers: [String: [String: JobHandler]]) -> ScheduleView {
        @Sendable func post(_ job: ScheduledJob) -> UpcomingPost {
            let description = handlers[job.owner]?[job.kind]?.describe?(job) ?? RichText("\(job.owner): \(job.kind)")
            return UpcomingPost(
                id: job.id, dueAt: job.dueAt, chat: job.chat, owner: job.owner, kind: job.kind, description: description)
        }
        return ScheduleView(
            list: { until in
                try await store.transaction { try $0.dueJobs(at: until, limit: 500) }.map(post)
            },
            skip: { id, reason in
                try await store.transaction { tx -> UpcomingPost? in
                    guard let job = try tx.job(id: id), job.state == .pending else { return nil }
                    guard try tx.finishJob(id: id, state: .cancelled, at: Date(), note: reason) else { return nil }
                    return post(job)
                }
            })
    }
}
