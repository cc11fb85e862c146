import BotCore

/// `bot.yaml`'s `channels` mapping: each section present, decoded by the factory of the channel it names.
///
/// The runtime knows no channel: the sections come in the order the factories are listed (the executable's
/// list), each holding the settings type its channel declares. Decoding asks every registered factory for its
/// section (`ChannelFactory.registered`), so a key no factory has is an unknown key, reported with its line
/// and the closest channel name.
public struct ChannelSections: Decodable, Sendable {
    /// One channel's section.
    public struct Section: Sendable {
        /// The factory that decoded it, and builds the channel.
        public var factory: ChannelFactory
        public var settings: any ChannelSettings
        /// The section's key (`telegram`).
        public var name: String { factory.name }

        public init(factory: ChannelFactory, settings: any ChannelSettings) {
            self.factory = factory
            self.settings = settings
        }
    }

    /// The sections present, in the order of the factories.
    public var sections: [Section]

    public init(_ sections: [Section] = []) {
        self.sections = sections
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: ChannelSectionKey.self)
        var sections: [Section] = []
        for factory in ChannelFactory.registered {
            if let settings = try factory.decodeSettings(from: container) {
                sections.append(Section(factory: factory, settings: settings))
            }
        }
        self.sections = sections
    }

    /// The section named `name`, if present.
    public subscript(name: String) -> Section? {
        sections.first { $0.name == name }
    }
}
