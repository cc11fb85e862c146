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
}

/// A channel that could not be built from its settings (no HTTP client, settings no check let through).
public struct ChannelSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// What the runtime hands a channel factory: the store, the log, the clock and what the enabled plugins offer.
public struct ChannelServices: Sendable {
    public var store: any Store
    public var logger: Logger
    /// The bot's clock (the console stamps its messages with it; channels date their own state by it).
    public var clock: any BotClock
    /// The bot's user name from `bot.yaml` (`/cmd@name` on a channel whose platform does not report one).
    public var botName: String
    /// Every command of the enabled plugins, in `/help` order (a platform's command menu, its command names).
    public var commands: [Command]

    public init(store: any Store, logger: Logger, clock: any BotClock, botName: String, commands: [Command]) {
        self.store = store
        self.logger = logger
        self.clock = clock
        self.botName = botName
        self.commands = commands
    }
}

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

/// Knows one channel: the key of its section under `channels:` in `bot.yaml`, its settings type, and how to
/// build it from those settings. The executable lists the factories it offers (as it lists plugins); the
/// configuration loader decodes and checks each section present through its factory, and refuses any other
/// key with a did-you-mean.
public struct ChannelFactory: Sendable {
    /// When `workshop-bot run` starts the channel.
    public enum Kind: Sendable {
        /// A chat platform: started when its section is present (and its `make` builds it).
        case platform
        /// A local channel (the console): started with `fallback` settings, or its section's, when no
        /// platform channel runs, and by `workshop-bot console`.
        case local(fallback: any ChannelSettings)
    }

    /// The key of the channel's section under `channels:` (lower case, as written in `bot.yaml`).
    public let name: String
    public let kind: Kind
    let decodeSection:
        @Sendable (KeyedDecodingContainer<ChannelSectionKey>, ChannelSectionKey) throws -> (any ChannelSettings)?
    let build: @Sendable (any ChannelSettings, ChannelServices) throws -> BuiltChannel?

    /// - Parameters:
    ///   - make: builds the channel from its settings (already checked: `issues()` was empty); nil when the
    ///     settings leave it off (an empty token). Throws `ChannelSetupError` when it cannot start.
    public init<Settings: ChannelSettings>(
        name: String, settings: Settings.Type, kind: Kind = .platform,
        make: @escaping @Sendable (Settings, ChannelServices) throws -> BuiltChannel?
    ) {
        self.name = name
        self.kind = kind
        decodeSection = { container, key in try container.decodeIfPresent(Settings.self, forKey: key) }
        build = { settings, services in
            guard let typed = settings as? Settings else {
                throw ChannelSetupError("channels.\(name): settings of another channel were given")
            }
            return try make(typed, services)
        }
    }

    /// Decodes this channel's section from the `channels` mapping; nil when the section is absent or empty.
    public func decodeSettings(
        from container: KeyedDecodingContainer<ChannelSectionKey>
    ) throws -> (any ChannelSettings)? {
        guard let key = ChannelSectionKey(stringValue: name) else { return nil }
        return try decodeSection(container, key)
    }

    /// Builds the channel; nil when its settings leave it off.
    public func make(_ settings: any ChannelSettings, services: ChannelServices) throws -> BuiltChannel? {
        try build(settings, services)
    }

    /// The factories the `channels` section is decoded with, for the decoding at hand: the configuration loader
    /// sets them around its decoding of `bot.yaml`. Outside of that, no channel key is known.
    @TaskLocal public static var registered: [ChannelFactory] = []
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
