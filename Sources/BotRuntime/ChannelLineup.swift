import BotCore

/// The channels a configuration runs, built by their factories: what `Bot` receives from and sends to, the
/// platforms' role sources, and the readiness of each polled channel.
///
/// `platforms`: every platform section of `bot.yaml` whose factory builds a channel (a polled one runs on the
/// runtime's `PollDriver`); when none does, or without `platforms`, the first local channel of `factories`
/// (the console) with its section's settings, else its fallback settings.
public struct ChannelLineup: Sendable {
    public var channels: [any Channel]
    public var roleSources: [any RoleSource]
    /// Each polled channel's readiness problem (nil: ready: a poll succeeded within twice its time-out plus
    /// 5 s), by its section's name, for `/readyz`.
    public var readiness: [String: @Sendable () -> String?]

    /// `leases`: with several instances on one store, the instance's leases; each polled platform polls only
    /// while this instance holds the platform's.
    ///
    /// - Throws: `ChannelSetupError` when a channel cannot start (settings with an issue, no HTTP client), or
    ///   when there is no channel to run.
    public init(
        configuration: LoadedConfiguration, factories: [ChannelFactory], services: ChannelServices, platforms: Bool,
        leases: LeaseKeeper? = nil
    ) throws {
        channels = []
        roleSources = []
        readiness = [:]
        if platforms {
            for section in configuration.bot.channels.sections {
                guard case .platform = section.factory.kind else { continue }
                try add(section.factory, section.settings, services, leases)
            }
        }
        guard channels.isEmpty else { return }
        for factory in factories {
            guard case .local(let fallback) = factory.kind else { continue }
            try add(factory, configuration.bot.channels[factory.name]?.settings ?? fallback, services, nil)
            if !channels.isEmpty { return }
        }
        throw ChannelSetupError("no channel to run: configure a platform under channels:, or offer the console")
    }

    /// Builds one channel, once its settings are known good (the loader has refused them otherwise; settings
    /// made in code are checked here).
    private mutating func add(
        _ factory: ChannelFactory, _ settings: any ChannelSettings, _ services: ChannelServices,
        _ leases: LeaseKeeper?
    ) throws {
        if let issue = settings.issues().first {
            let field = (["channels", factory.name] + issue.path).joined(separator: ".")
            throw ChannelSetupError("\(field): \(issue.message)")
        }
        guard let built = try factory.make(settings, services: services) else { return }
        roleSources += built.roleSources
        switch built.receiver {
        case .direct(let channel):
            channels.append(channel)
        case .polled(let adapter):
            let (driver, problem) = Self.drive(adapter, services, leases)
            channels.append(driver)
            readiness[factory.name] = problem
        }
    }

    /// The poll driver of an adapter, and its readiness.
    private static func drive<Adapter: PlatformAdapter>(
        _ adapter: Adapter, _ services: ChannelServices, _ leases: LeaseKeeper?
    ) -> (any Channel, @Sendable () -> String?) {
        leases?.compete(for: adapter.platform.rawValue)
        let driver = PollDriver(adapter, store: services.store, logger: services.logger, leases: leases)
        return (driver, { driver.readinessProblem })
    }
}
