import Logging

/// A channel's section of `bot.yaml` (`channels.<name>`), decoded by the channel's own type: its keys, its
/// defaults, and the checks decoding cannot make.
///
/// The configuration loader decodes the section strictly (unknown keys, file:line), then reports `issues()`
/// as errors and `warnings()` as warnings, each at its path within the section. Messages never repeat a value
/// (it may have come from the environment, and be a secret).
public protocol ChannelSettings: Decodable, Sendable {
    /// Problems decoding cannot see (bounds, shapes of URLs and ids, a missing credential): the bot refuses
    /// to start with any of them.
    func issues() -> [ChannelSettingsIssue]
    /// Valid settings the operator should know about (`check-config` prints them, the bot logs them at start).
    func warnings() -> [ChannelSettingsIssue]
    /// Users the section names as the workshop's facilitators (`facilitators: [...]`), added to the roster's.
    var workshopFacilitators: [UserRef] { get }
    /// Chats the section names as the workshop's own (allowed chats, rooms given by id), where a platform's
    /// roles count.
    var workshopChats: [ChatRef] { get }
}

extension ChannelSettings {
    public func issues() -> [ChannelSettingsIssue] { [] }
    public func warnings() -> [ChannelSettingsIssue] { [] }
    public var workshopFacilitators: [UserRef] { [] }
    public var workshopChats: [ChatRef] { [] }
}

/// One problem with a channel's settings, at a path within its section (`[]`: the section itself).
public struct ChannelSettingsIssue: Sendable, Hashable {
    /// YAML keys below `channels.<name>`, as written in the file (`["poll_timeout_s"]`).
    public var path: [String]
    /// What is wrong, or what to know; never a value from the file.
    public var message: String

    public init(at path: [String], _ message: String) {
        self.path = path
        self.message = message
    }
}

/// Bounds shared by the settings of polled channels: product rules, checked when `bot.yaml` is loaded.
public enum ChannelBounds {
    /// One long poll or sync is held open for 1 to 300 seconds: longer hides a dead connection.
    public static let pollTimeoutSeconds = 1...300
    /// The message for a poll time-out out of bounds.
    public static let pollTimeoutMessage = "expected a number of seconds from 1 to 300"

    /// The issue with a long-poll time-out of `seconds` written at `key`, or nil when it is within bounds.
    public static func pollTimeoutIssue(_ seconds: Int, at key: String) -> ChannelSettingsIssue? {
        pollTimeoutSeconds.contains(seconds) ? nil : ChannelSettingsIssue(at: [key], pollTimeoutMessage)
    }
}

/// A key of the `channels` mapping: only the name of a registered factory is one, so every other key is an
/// unknown key to the strict decoder (reported with its line and the closest channel name, also when decoding
/// stopped before every section was read).
public struct ChannelSectionKey: CodingKey, CaseIterable, Sendable {
    public let stringValue: String
    public var intValue: Int? { nil }

    /// The names of the registered factories.
    public static var allCases: [ChannelSectionKey] {
        ChannelFactory.registered.map { ChannelSectionKey(registered: $0.name) }
    }

    private init(registered name: String) { stringValue = name }

    public init?(stringValue: String) {
        guard ChannelFactory.registered.contains(where: { $0.name == stringValue }) else { return nil }
        self.stringValue = stringValue
    }

    public init?(intValue: Int) { nil }
}
