import Foundation

/// A configuration value that decodes but is wrong, located by its field path (`["sessions", "3", "start"]`).
public struct PluginConfigurationError: Error, Sendable, Hashable {
    public var path: [String]
    public var message: String

    public init(path: [String], _ message: String) {
        self.path = path
        self.message = message
    }
}

/// Handles a message that is not a command. Return `.none` to stay silent, which is the norm.
public typealias MessageListener = @Sendable (IncomingMessage, CommandContext) async throws -> Reply
