import Foundation

/// Where a scheduled job stands.
public enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for its due time.
    case pending
    /// Its handler's changes are committed but its messages not yet queued: only seen after a crash in between;
    /// the scheduler finishes it (as a replay) at start-up.
    case firing
    /// Fired once.
    case done
    /// Its due time passed while the bot was down, beyond the grace period; not fired.
    case missed
    /// Withdrawn before it fired.
    case cancelled
    /// Its handler failed; the error is in the log and in `note`.
    case failed
}

/// A job a plugin asks the scheduler to fire later: a reminder, an announcement, closing a poll.
public struct NewJob: Sendable, Hashable {
    /// The plugin that handles it.
    public var owner: String
    /// The handler within the plugin (`remind`, `close-poll`).
    public var kind: String
    /// An optional key, unique per owner among pending jobs (`deadline/draft-1/24h`): scheduling the same key
    /// again replaces the pending job, so rescheduling is idempotent.
    public var key: String?
    /// When it is due, as an instant (stored in UTC).
    public var dueAt: Date
    /// The chat it concerns, if any.
    public var chat: ChatRef?
    /// Plugin-defined data, usually JSON.
    public var payload: Data
    /// How late it may still fire after downtime; nil uses the scheduler's configured grace period.
    public var grace: TimeInterval?

    public init(
        owner: String, kind: String, key: String? = nil, dueAt: Date, chat: ChatRef? = nil, payload: Data = Data(),
        grace: TimeInterval? = nil
    ) {
        self.owner = owner
        self.kind = kind
        self.key = key
        self.dueAt = dueAt
        self.chat = chat
        self.payload = payload
        self.grace = grace
    }
}

/// A job as stored.
public struct ScheduledJob: Sendable, Hashable {
    public var id: Int64
    public var owner: String
    public var kind: String
    public var key: String?
    public var dueAt: Date
    public var chat: ChatRef?
    public var payload: Data
    public var grace: TimeInterval?
    public var state: JobState
    public var createdAt: Date
    public var finishedAt: Date?
    public var note: String?

    public init(
        id: Int64, owner: String, kind: String, key: String?, dueAt: Date, chat: ChatRef?, payload: Data,
        grace: TimeInterval?, state: JobState, createdAt: Date, finishedAt: Date?, note: String?
    ) {
        self.id = id
        self.owner = owner
        self.kind = kind
        self.key = key
        self.dueAt = dueAt
        self.chat = chat
        self.payload = payload
        self.grace = grace
        self.state = state
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.note = note
    }

    /// The payload decoded from JSON.
    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: payload)
    }
}
