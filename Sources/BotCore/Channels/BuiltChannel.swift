import Logging

/// What a channel factory builds: the receiving side (a platform adapter the runtime's poll driver runs, or a
/// channel with a loop of its own) and the sources of roles the platform grants.
public struct BuiltChannel: Sendable {
    public enum Receiver: Sendable {
        /// A polled platform: the runtime wraps it in its poll driver, which also reports its readiness.
        case polled(any PlatformAdapter)
        /// A channel that runs itself (a stream of input with nothing to confirm, like the console).
        case direct(any Channel)
    }

    public var receiver: Receiver
    /// Platform roles (group administrators, power levels), counted only in the workshop's own chats.
    public var roleSources: [any RoleSource]

    public init(_ receiver: Receiver, roleSources: [any RoleSource] = []) {
        self.receiver = receiver
        self.roleSources = roleSources
    }
}
