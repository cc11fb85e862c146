import BotCore
import BotHTTP

/// `bot.yaml`'s `channels.telegram` section, with its defaults and its checks; `run` starts the channel when a
/// token is set.
public struct TelegramSettings: ChannelSettings {
    /// The bot token from @BotFather; write `${TELEGRAM_BOT_TOKEN}`, never the token itself. Empty (an unset
    /// variable that was allowed to be empty): the channel stays off.
    public var token: String
    /// The Bot API base URL; default `https://api.telegram.org`.
    public var apiURL = "https://api.telegram.org"
    /// How long Telegram may hold one `getUpdates` call open, in seconds (`poll_timeout_s`, default 30).
    public var pollTimeout = 30
    /// When given, only these chat ids are served.
    public var allowedChats: [String]? = nil
    /// Telegram user ids of facilitators, added to the roster's facilitators.
    public var facilitators: [String] = []
    /// Chat administrators count as facilitators in their chat (asked with getChatAdministrators, cached).
    public var adminsAreFacilitators = false
    /// Keep within Telegram's send limits (default true; turn off only for a local test server).
    public var rateLimit = true
    /// Times as date-time entities that readers can open in their own zone (default true).
    public var dateTimeEntities = true

    enum CodingKeys: String, CodingKey {
        case token, apiURL = "apiUrl", pollTimeout = "pollTimeoutS", allowedChats, facilitators, adminsAreFacilitators
        case rateLimit, dateTimeEntities
    }

    /// The settings with this token and every default.
    public init(token: String) { self.token = token }

    /// Reads the section: `token` is required; every other key falls back to its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(token: try c.decode(String.self, forKey: .token))
        apiURL = try c.decodeIfPresent(String.self, forKey: .apiURL) ?? apiURL
        pollTimeout = try c.decodeIfPresent(Int.self, forKey: .pollTimeout) ?? pollTimeout
        allowedChats = try c.decodeIfPresent([String].self, forKey: .allowedChats)
        facilitators = try c.decodeIfPresent([String].self, forKey: .facilitators) ?? facilitators
        adminsAreFacilitators =
            try c.decodeIfPresent(Bool.self, forKey: .adminsAreFacilitators) ?? adminsAreFacilitators
        rateLimit = try c.decodeIfPresent(Bool.self, forKey: .rateLimit) ?? rateLimit
        dateTimeEntities = try c.decodeIfPresent(Bool.self, forKey: .dateTimeEntities) ?? dateTimeEntities
    }

    public func issues() -> [ChannelSettingsIssue] {
        var issues: [ChannelSettingsIssue] = []
        if !token.isEmpty, !Self.isToken(token) {
            issues.append(
                .init(
                    at: ["token"],
                    "expected the bot token from @BotFather (a number, a colon, then letters and digits)"))
        }
        if let issue = ChannelBounds.pollTimeoutIssue(pollTimeout, at: "poll_timeout_s") { issues.append(issue) }
        if !isWebURL(apiURL) {
            issues.append(.init(at: ["api_url"], "expected an http(s) URL such as https://api.telegram.org"))
        }
        return issues
    }

    /// Administrators are facilitators only in the workshop's own chats, but without `allowed_chats` the bot
    /// still answers in any group someone adds it to.
    public func warnings() -> [ChannelSettingsIssue] {
        guard adminsAreFacilitators, allowedChats?.isEmpty ?? true else { return [] }
        return [
            .init(
                at: ["admins_are_facilitators"],
                "group administrators are facilitators, with no allowed_chats: anyone can add the bot to a group of their own. Administrators are facilitators only in the workshop's own chats; list them in telegram.allowed_chats so the bot serves only them"
            )
        ]
    }

    public var workshopFacilitators: [UserRef] {
        facilitators.map { UserRef(platform: TelegramChannel.platformName, id: $0) }
    }

    public var workshopChats: [ChatRef] {
        (allowedChats ?? []).map { ChatRef(platform: TelegramChannel.platformName, id: $0) }
    }

    /// Whether `text` has the shape of a Bot API token (`123456:ABC-def_1`).
    static func isToken(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[0].allSatisfy { $0.isASCII && $0.isNumber }
            && !parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && !$0.isWhitespace }
    }
}

extension TelegramChannel {
    /// The `channels.telegram` factory: a Telegram adapter on the runtime's poll driver when a token is set,
    /// with group administrators as a role source when `admins_are_facilitators` says so.
    /// - Parameter http: the process's HTTP client, asked for only when the channel starts (nil: libcurl
    ///   could not start).
    public static func factory(http: @escaping @Sendable () -> HTTPClient?) -> ChannelFactory {
        ChannelFactory(name: "telegram", settings: TelegramSettings.self) { settings, services in
            guard !settings.token.isEmpty else { return nil }
            guard let client = http() else { throw ChannelSetupError("cannot start the HTTP client (libcurl)") }
            // The menu in the workshop's language for everyone, and in each other language Telegram can name.
            let listed = services.commands.filter { $0.requiredRole == .participant }
            let localization = services.localization
            let menu = listed.map { (name: $0.name, summary: $0.summary(in: localization.workshopTexts)) }
            var localized: [String: [(name: String, summary: String)]] = [:]
            for language in localization.languages where language.code.count == 2 {
                let texts = localization.texts(language)
                localized[language.code] = listed.map { (name: $0.name, summary: $0.summary(in: texts)) }
            }
            let channel = TelegramChannel(
                configuration: .init(
                    token: settings.token, apiURL: settings.apiURL, pollTimeout: settings.pollTimeout,
                    allowedChats: settings.allowedChats.map(Set.init), commands: menu, rateLimit: settings.rateLimit,
                    dateTimeEntities: settings.dateTimeEntities, localizedCommands: localized,
                    texts: localization.workshopTexts),
                http: client, logger: services.logger)
            let admins = settings.adminsAreFacilitators ? [TelegramAdminRoles(channel: channel)] : []
            return BuiltChannel(.polled(channel), roleSources: admins)
        }
    }
}
