import Logging

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
