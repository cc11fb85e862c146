import BotCore
import Foundation

/// `bot.yaml`: the bot's name, store, channels, enabled plugins and runtime limits.
public struct BotConfiguration: Decodable, Sendable {
    /// The bot's user name, so `/cmd@name` is recognised on the console (platforms report their own).
    public var name: String
    public var store: StoreSettings
    public var channels: ChannelSections
    public var plugins: PluginSettings
    public var dispatch: DispatchSettings
    public var scheduler: SchedulerSettings
    /// The health and metrics endpoint; off unless given.
    public var metrics: MetricsSettings?
    /// What the bot publishes on the web (calendar feeds); off unless given.
    public var web: WebSettings?
    /// The workshop's language: for readers with no language of their own, their app's or their team's, and
    /// for posts to chats of no team (default `en`).
    public var language: Language

    enum CodingKeys: String, CodingKey {
        case name, store, channels, plugins, dispatch, scheduler, metrics, web, language
    }

    public init(
        name: String = "workshop_bot", store: StoreSettings = .init(), channels: ChannelSections = .init(),
        plugins: PluginSettings = .init(), dispatch: DispatchSettings = .init(), scheduler: SchedulerSettings = .init(),
        language: Language = .english
    ) {
        self.language = language
        self.name = name
        self.store = store
        self.channels = channels
        self.plugins = plugins
        self.dispatch = dispatch
        self.scheduler = scheduler
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "workshop_bot"
        store = try c.decodeIfPresent(StoreSettings.self, forKey: .store) ?? .init()
        channels = try c.decodeIfPresent(ChannelSections.self, forKey: .channels) ?? .init()
        plugins = try c.decodeIfPresent(PluginSettings.self, forKey: .plugins) ?? .init()
        dispatch = try c.decodeIfPresent(DispatchSettings.self, forKey: .dispatch) ?? .init()
        scheduler = try c.decodeIfPresent(SchedulerSettings.self, forKey: .scheduler) ?? .init()
        metrics = try c.decodeIfPresent(MetricsSettings.self, forKey: .metrics)
        if c.contains(.web), try c.decodeNil(forKey: .web) {
            throw DecodingError.dataCorruptedError(
                forKey: .web, in: c,
                debugDescription:
                    "web needs public_url (and listen, default 127.0.0.1:8080); remove web: to turn it off")
        }
        web = try c.decodeIfPresent(WebSettings.self, forKey: .web)
        language = try c.decodeIfPresent(Language.self, forKey: .language) ?? .english
    }

    /// `/healthz`, `/readyz` and `/metrics` over HTTP on a local address.
    public struct MetricsSettings: Decodable, Sendable {
        /// `HOST:PORT`, default `127.0.0.1:9464`; keep it on loopback and let a proxy or the scraper reach it.
        public var listen: String

        enum CodingKeys: String, CodingKey { case listen }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? "127.0.0.1:9464"
        }
    }

    /// The web server for what plugins publish (the agenda's calendar feeds at `/calendar/<token>.ics`): it
    /// listens on a local address behind a reverse proxy that adds TLS, and links say `public_url`.
    public struct WebSettings: Decodable, Sendable {
        /// `HOST:PORT`, default `127.0.0.1:8080`.
        public var listen: String
        /// The address people reach it at (`https://bot.example.org`), which links handed out in chat start with.
        public var publicURL: String

        enum CodingKeys: String, CodingKey {
            case listen
            case publicURL = "public_url"
        }

        public init(listen: String = "127.0.0.1:8080", publicURL: String) {
            self.listen = listen
            self.publicURL = publicURL
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? "127.0.0.1:8080"
            publicURL = try c.decode(String.self, forKey: .publicURL)
        }

        /// `public_url` when it is an http(s) address without query or fragment (`check-config` refuses others).
        public var address: WebAddress? { WebAddress(publicURL) }
    }

    /// Where state is kept: an SQLite file (`path`) or a PostgreSQL database (`url`); `--store` overrides both.
    public struct StoreSettings: Decodable, Sendable {
        /// An SQLite file path (relative to the working directory).
        public var path: String?
        /// A PostgreSQL database, `postgres://user@host:5432/database` (`?sslmode=verify-full` and the other
        /// options `PostgresAddress` passes through). Never with a password: libpq reads it from `PGPASSWORD` or
        /// `~/.pgpass`.
        public var url: String?
        /// SQLite only: `normal` (survives a killed process) or `full` (also survives power loss, slower).
        public var synchronous: String?

        public init(path: String? = nil, url: String? = nil, synchronous: String? = nil) {
            self.path = path
            self.url = url
            self.synchronous = synchronous
        }
    }

    /// Which plugins run, and where.
    public struct PluginSettings: Decodable, Sendable {
        /// Plugin names, in the order `/help` lists them.
        public var enabled: [String]
        /// Optional: limits a plugin to these chats (`voting: [telegram:-1001234]`).
        public var chats: [String: [ChatRef]]

        enum CodingKeys: String, CodingKey { case enabled, chats }

        public init(enabled: [String] = ["help", "ping", "whoami"], chats: [String: [ChatRef]] = [:]) {
            self.enabled = enabled
            self.chats = chats
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decodeIfPresent([String].self, forKey: .enabled) ?? ["help", "ping", "whoami"]
            chats = try c.decodeIfPresent([String: [ChatRef]].self, forKey: .chats) ?? [:]
        }
    }

    /// Limits on command handling.
    public struct DispatchSettings: Decodable, Sendable {
        /// A handler running longer is abandoned and the user told so.
        public var handlerTimeout: ConfigDuration

        enum CodingKeys: String, CodingKey { case handlerTimeout }

        public init(handlerTimeout: ConfigDuration = ConfigDuration(seconds: 10)) {
            self.handlerTimeout = handlerTimeout
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            handlerTimeout = try c.decodeIfPresent(ConfigDuration.self, forKey: .handlerTimeout) ?? .init(seconds: 10)
        }
    }

    /// Scheduled jobs.
    public struct SchedulerSettings: Decodable, Sendable {
        /// After downtime, an overdue job still fires when at most this late; otherwise it is marked missed.
        public var gracePeriod: ConfigDuration
        /// Facilitators' chats that get one list of the posts missed during downtime, instead of the posts
        /// flooding the participants' chats late; empty: missed posts are only logged.
        public var reportChats: [ChatRef]
        /// How long a job (an announcement, a reminder, a poll's closing) may run before it is stopped and
        /// marked failed (default 30 s).
        public var jobTimeout: ConfigDuration

        enum CodingKeys: String, CodingKey { case gracePeriod, reportChats, jobTimeout }

        public init(
            gracePeriod: ConfigDuration = ConfigDuration(seconds: 3600), reportChats: [ChatRef] = [],
            jobTimeout: ConfigDuration = ConfigDuration(seconds: 30)
        ) {
            self.gracePeriod = gracePeriod
            self.reportChats = reportChats
            self.jobTimeout = jobTimeout
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            gracePeriod = try c.decodeIfPresent(ConfigDuration.self, forKey: .gracePeriod) ?? .init(seconds: 3600)
            reportChats = try c.decodeIfPresent([ChatRef].self, forKey: .reportChats) ?? []
            jobTimeout = try c.decodeIfPresent(ConfigDuration.self, forKey: .jobTimeout) ?? .init(seconds: 30)
        }
    }
}

/// A duration written as `90s`, `15m`, `2h`, `1h30m`, `2d` or `500ms` in configuration files.
///
/// Every duration is finite and at most `maximum` (a year): no text a facilitator writes can make a conversion to
/// `Duration` or to whole seconds overflow. Fields narrow the range further where the product needs it.
public struct ConfigDuration: Decodable, Sendable, Hashable, CustomStringConvertible {
    public var seconds: Double

    /// The longest duration any configuration field accepts: 366 days, the longest span a workshop's settings
    /// (reminders, grace periods, intervals) can mean.
    public static let maximum = ConfigDuration(seconds: 366 * 86_400)

    public init(seconds: Double) { self.seconds = seconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch Self.parse(text) {
        case .success(let value):
            self = value
        case .failure(let problem):
            // The text is not repeated: it may have come from the environment.
            throw DecodingError.dataCorruptedError(in: container, debugDescription: problem.expected)
        }
    }

    /// Parses `1h30m`-style text; nil when it is not one, or longer than `maximum`.
    public init?(parsing text: String) {
        guard case .success(let value) = Self.parse(text) else { return nil }
        self = value
    }

    /// Why a text is not a duration, as what was expected.
    package struct Problem: Error {
        package var expected: String
    }

    /// The duration `text` writes, or what a duration looks like.
    package static func parse(_ text: String) -> Result<ConfigDuration, Problem> {
        let malformed = Problem(expected: "a duration such as 30s, 15m, 2h or 1h30m")
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800)]
        var rest = Substring(text.trimmingWhitespace().lowercased())
        guard !rest.isEmpty else { return .failure(malformed) }
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && ($0.isNumber || $0 == ".") })
            guard !digits.isEmpty, let number = Double(digits) else { return .failure(malformed) }
            rest = rest.dropFirst(digits.count)
            guard let (unit, factor) = units.first(where: { rest.hasPrefix($0.0) }) else { return .failure(malformed) }
            rest = rest.dropFirst(unit.count)
            total += number * factor
        }
        guard total.isFinite, total <= maximum.seconds else {
            return .failure(Problem(expected: "a duration of at most \(maximum.text) (a year)"))
        }
        return .success(ConfigDuration(seconds: total))
    }

    /// The duration as a `Duration`; values outside 0 ... `maximum` (only possible when built in code) are clamped.
    public var duration: Duration {
        let bounded = seconds.isNaN ? 0 : min(max(seconds, 0), Self.maximum.seconds)
        return .milliseconds(Int64((bounded * 1000).rounded()))
    }

    public var description: String { "\(seconds)s" }

    /// The duration in the largest whole units that make it up, for messages (`1h30m`, `10m`, `366d`).
    public var text: String {
        guard seconds.isFinite, seconds >= 0, seconds <= Self.maximum.seconds else { return description }
        var rest = Int((seconds * 1000).rounded())
        var parts = ""
        for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)]
        where rest >= size {
            parts += "\(rest / size)\(unit)"
            rest %= size
        }
        return parts.isEmpty ? "0s" : parts
    }
}
