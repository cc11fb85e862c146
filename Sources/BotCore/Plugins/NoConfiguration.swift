import Foundation

/// The configuration of a plugin that has none: its file may be absent or empty.
public struct NoConfiguration: Decodable, Sendable, Hashable {
    public init() {}
}
