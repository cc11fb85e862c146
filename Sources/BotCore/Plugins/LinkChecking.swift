/// Checks whether web links still work; the runtime gives plugins an implementation over its HTTP client,
/// so a plugin needs no network code of its own.
public protocol LinkChecking: Sendable {
    /// The state of each URL (keys are the URLs given). Must return even when some hosts never answer.
    func check(_ urls: [String]) async -> [String: LinkState]
}

/// What a link check found.
public enum LinkState: Sendable, Hashable {
    case working
    /// Why it is broken: `HTTP 404`, `DNS: host not found`, `timed out`, ...
    case broken(String)
}
