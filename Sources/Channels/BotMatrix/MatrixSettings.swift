import BotCore
import BotHTTP

/// `bot.yaml`'s `channels.matrix` section, with its defaults and its checks; `run` starts the channel when the
/// section is present, next to Telegram when both are.
public struct MatrixSettings: ChannelSettings {
    /// The homeserver's base URL (`https://matrix.example.org`).
    public var homeserver: String
    /// The bot account (`@workshop-bot:example.org`).
    public var userID: String
    /// `${MATRIX_ACCESS_TOKEN}`: an access token of the bot account; or give `password` instead.
    public var accessToken: String? = nil
    /// `${MATRIX_PASSWORD}`: the bot logs in with it (and again when the homeserver forgets its token).
    public var password: String? = nil
    /// Room ids (`!abc:example.org`) or aliases (`#workshop:example.org`) the bot serves and joins; empty or
    /// absent: any room it is invited to.
    public var rooms: [String] = []
    /// Members with at least this power level are facilitators in their room (default 50, moderators).
    public var facilitatorPowerLevel = 50
    /// Matrix user ids of facilitators, added to the roster's facilitators.
    public var facilitators: [String] = []
    /// How long the homeserver may hold one `/sync` open, in seconds (`sync_timeout_s`, default 30).
    public var syncTimeout = 30

    /// Matrix power levels that make a facilitator: 0 (everyone) to 100 (room admins).
    public static let facilitatorPowerLevels = 0...100

    enum CodingKeys: String, CodingKey {
        case homeserver, userID = "userId", accessToken, password, rooms, facilitatorPowerLevel, facilitators
        case syncTimeout = "syncTimeoutS"
    }

    /// The settings of this account on this homeserver, with every default (no credentials yet).
    public init(homeserver: String, userID: String) {
        self.homeserver = homeserver
        self.userID = userID
    }

    /// Reads the section: `homeserver` and `user_id` are required; every other key falls back to its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            homeserver: try c.decode(String.self, forKey: .homeserver),
            userID: try c.decode(String.self, forKey: .userID))
        accessToken = try c.decodeIfPresent(String.self, forKey: .accessToken)
        password = try c.decodeIfPresent(String.self, forKey: .password)
        rooms = try c.decodeIfPresent([String].self, forKey: .rooms) ?? rooms
        facilitatorPowerLevel = try c.decodeIfPresent(Int.self, forKey: .facilitatorPowerLevel) ?? facilitatorPowerLevel
        facilitators = try c.decodeIfPresent([String].self, forKey: .facilitators) ?? facilitators
        syncTimeout = try c.decodeIfPresent(Int.self, forKey: .syncTimeout) ?? syncTimeout
    }

    /// The access token, when one is given (an empty `${VARIABLE}` counts as none).
    var givenAccessToken: String? { accessToken.flatMap { $0.isEmpty ? nil : $0 } }
    /// The password, when one is given.
    var givenPassword: String? { password.flatMap { $0.isEmpty ? nil : $0 } }

    public func issues() -> [ChannelSettingsIssue] {
        var issues: [ChannelSettingsIssue] = []
        if !isWebURL(homeserver) {
            issues.append(.init(at: ["homeserver"], "expected an http(s) URL such as https://matrix.example.org"))
        }
        if !(userID.hasPrefix("@") && userID.contains(":")) {
            issues.append(.init(at: ["user_id"], "expected a full Matrix user id such as @workshop-bot:example.org"))
        }
        if givenAccessToken == nil && givenPassword == nil {
            issues.append(.init(at: [], "give access_token: ${MATRIX_ACCESS_TOKEN} or password: ${MATRIX_PASSWORD}"))
        }
        if !Self.facilitatorPowerLevels.contains(facilitatorPowerLevel) {
            issues.append(
                .init(
                    at: ["facilitator_power_level"],
                    "expected a power level from 0 to 100 (50: moderators, 100: admins)"))
        }
        if let issue = ChannelBounds.pollTimeoutIssue(syncTimeout, at: "sync_timeout_s") { issues.append(issue) }
        return issues
    }

    /// Without `rooms`, the bot accepts an invitation to any room; its creators and moderators are
    /// facilitators only in the workshop's own chats, but the bot still answers there.
    public func warnings() -> [ChannelSettingsIssue] {
        guard rooms.isEmpty else { return [] }
        return [
            .init(
                at: [],
                "no rooms: the bot accepts an invitation to any room. Room creators and moderators are facilitators only in the workshop's own chats; list the workshop's rooms in matrix.rooms so the bot serves only them"
            )
        ]
    }

    public var workshopFacilitators: [UserRef] {
        facilitators.map { UserRef(platform: MatrixChannel.platformName, id: $0) }
    }

    /// The rooms given by id; rooms given by alias are resolved by the channel, which reports them through its
    /// role source.
    public var workshopChats: [ChatRef] {
        rooms.filter { $0.hasPrefix("!") }.map { ChatRef(platform: MatrixChannel.platformName, id: $0) }
    }
}

extension MatrixChannel {
    /// The `channels.matrix` factory: a Matrix adapter on the runtime's poll driver, with the rooms' power
    /// levels as a role source.
    /// - Parameter http: the process's HTTP client, asked for only when the channel starts (nil: libcurl
    ///   could not start).
    public static func factory(http: @escaping @Sendable () -> HTTPClient?) -> ChannelFactory {
        ChannelFactory(name: "matrix", settings: MatrixSettings.self) { settings, services in
            guard let client = http() else { throw ChannelSetupError("cannot start the HTTP client (libcurl)") }
            let channel = MatrixChannel(
                configuration: .init(
                    homeserver: settings.homeserver, userID: settings.userID, accessToken: settings.givenAccessToken,
                    password: settings.givenPassword, rooms: settings.rooms,
                    facilitatorPowerLevel: settings.facilitatorPowerLevel, syncTimeout: settings.syncTimeout,
                    commandNames: Set(services.commands.map(\.name)), texts: services.localization.workshopTexts),
                http: client, store: services.store, logger: services.logger, clock: services.clock)
            return BuiltChannel(.polled(channel), roleSources: [channel.powerLevels])
        }
    }
}
