import Foundation

/// Handles one kind of scheduled job of a plugin; returns the messages to send.
public struct JobHandler: Sendable {
    public var kind: String
    public var handle: @Sendable (ScheduledJob, PluginContext) async throws -> [OutgoingMessage]
    /// What the job will post, in one line in `texts`' language (the reader's), for facilitators' `/upcoming`
    /// and the missed-jobs report; nil shows the job's kind only. It must not reveal private text (a personal
    /// reminder's words).
    public var describe: (@Sendable (ScheduledJob, Texts) -> RichText)?
    /// For a recurring job: its next due time after an instant. A recurring job books its next occurrence
    /// when it fires; when one occurrence is skipped instead (missed during downtime, or muted), the runtime
    /// books the next one through this, so the series goes on.
    public var next: (@Sendable (ScheduledJob, Date) -> Date?)?
    /// For a job scheduled without a chat (it posts to a team's chats or to announcement chats): the chats it
    /// will post to under `roster`, for `/upcoming`; empty when it will post nowhere. Nil: not said.
    public var targets: (@Sendable (ScheduledJob, Roster) -> [ChatRef])?

    public init(
        _ kind: String, describe: (@Sendable (ScheduledJob, Texts) -> RichText)? = nil,
        next: (@Sendable (ScheduledJob, Date) -> Date?)? = nil,
        targets: (@Sendable (ScheduledJob, Roster) -> [ChatRef])? = nil,
        handle: @escaping @Sendable (ScheduledJob, PluginContext) async throws -> [OutgoingMessage]
    ) {
        self.kind = kind
        self.describe = describe
        self.next = next
        self.targets = targets
        self.handle = handle
    }
}
