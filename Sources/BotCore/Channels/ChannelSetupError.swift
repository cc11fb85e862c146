import Logging

/// A channel that could not be built from its settings (no HTTP client, settings no check let through).
public struct ChannelSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
