/// Checks whether web links still work; the runtime gives plugins an implementation over its HTTP client,
/// so a plugin needs no network code of its own.
public protocol LinkChecking: Sendable {
    /// The state of each URL (keys are the URLs given). Must return even when some hosts never answer.
    func check(_ urls: [String]) async -> [String: LinkState]
}

/// What a link check found.
public enum LinkState: Sendable, Hashable {
    case working
    /// Why it is broken: `HTTP 404`, `timed out`, ...
    case broken(String)
    /// Its host could not be reached at all (`host not found`, `connection refused`): the link may be dead, or
    /// the bot's own network may be down. When every link is unreachable, the second is the likely one.
    case unreachable(String)
}
