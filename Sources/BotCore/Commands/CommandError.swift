/// Errors a user should see, rendered as the reply. Anything else a handler throws is logged with a
/// reference id and the user sees only "Something went wrong (ref …)".
public enum CommandError: Error, Sendable, Hashable {
    /// The arguments do not fit the command; the runtime adds the command's usage line.
    case usage(String? = nil)
    /// The caller lacks the role the action needs.
    case denied(String)
    /// The request is understood but cannot be done (unknown id, poll closed, ...).
    case rejected(RichText)
}
