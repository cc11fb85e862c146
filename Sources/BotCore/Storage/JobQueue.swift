import Foundation

/// Scheduled jobs: what plugins ask the scheduler to fire later, and where each one stands.
///
/// Contract: inserting a job with a key replaces (cancels, note `replaced`) the pending job of the same owner
/// and key, so at most one job per owner and key is pending; a job moves between states only from the state
/// the caller expects, so of two racing moves one wins; queries return jobs ordered by due time, then id (the
/// order they were scheduled in).
public protocol JobQueue: AnyObject {
    /// Adds a pending job, replacing the pending job of the same owner and key. Returns the new id.
    @discardableResult func insertJob(_ job: NewJob, at time: Date) throws -> Int64
    /// The jobs `query` selects, by due time, then id.
    func jobs(_ query: JobQuery) throws -> [ScheduledJob]
    /// Moves a job from state `from` to `to`, noting the time and `note`; false when it is not in `from`.
    func moveJob(id: Int64, from: JobState, to: JobState, at time: Date, note: String?) throws -> Bool
}

/// Which jobs `JobQueue.jobs(_:)` returns: every condition given must hold.
public struct JobQuery: Sendable, Hashable {
    /// Only the job of this id.
    public var id: Int64?
    /// Only jobs of this plugin.
    public var owner: String?
    /// Only jobs whose key starts with it; empty also takes jobs without a key.
    public var keyPrefix: String
    /// Only jobs in these states (none: no job).
    public var states: Set<JobState>
    /// Only jobs due at or before it.
    public var dueBy: Date?
    /// At most this many, the earliest due first; nil for all.
    public var limit: Int?

    public init(
        id: Int64? = nil, owner: String? = nil, keyPrefix: String = "", states: Set<JobState> = Set(JobState.allCases),
        dueBy: Date? = nil, limit: Int? = nil
    ) {
        self.id = id
        self.owner = owner
        self.keyPrefix = keyPrefix
        self.states = states
        self.dueBy = dueBy
        self.limit = limit
    }

    /// The job of this id, in any state.
    public static func id(_ id: Int64) -> JobQuery { JobQuery(id: id) }

    /// A plugin's jobs whose key starts with `keyPrefix`, in the given states.
    public static func owner(_ owner: String, keyPrefix: String = "", states: Set<JobState>) -> JobQuery {
        JobQuery(owner: owner, keyPrefix: keyPrefix, states: states)
    }

    /// Pending jobs due at or before `time`, earliest first.
    public static func due(at time: Date, limit: Int) -> JobQuery {
        JobQuery(states: [.pending], dueBy: time, limit: limit)
    }

    /// Jobs in `state`, earliest due first (the few `firing` jobs a crash can leave, the failed ones).
    public static func state(_ state: JobState, limit: Int) -> JobQuery { JobQuery(states: [state], limit: limit) }
}

extension JobQueue {
    /// The job of this id, in any state.
    public func job(id: Int64) throws -> ScheduledJob? { try jobs(.id(id)).first }

    /// Jobs of `owner` whose key starts with `keyPrefix`, in the given states, ordered by due time.
    public func jobs(owner: String, keyPrefix: String, states: Set<JobState>) throws -> [ScheduledJob] {
        try jobs(.owner(owner, keyPrefix: keyPrefix, states: states))
    }

    /// Pending jobs due at or before `time`, earliest first.
    public func dueJobs(at time: Date, limit: Int) throws -> [ScheduledJob] { try jobs(.due(at: time, limit: limit)) }

    /// Jobs in `state`, oldest due first.
    public func jobs(in state: JobState, limit: Int) throws -> [ScheduledJob] { try jobs(.state(state, limit: limit)) }

    /// The due time of the earliest pending job.
    public func nextDueTime() throws -> Date? { try jobs(JobQuery(states: [.pending], limit: 1)).first?.dueAt }
}
