import BotConsole
import BotCore
import BotMatrix
import BotRuntime
import BotTelegram
import BotTesting
import Foundation
import Logging
import Testing

/// The channels of this build, as the executable lists them (no HTTP client: nothing here starts a channel).
let channelFactories: [ChannelFactory] = [
    ConsoleChannel.factory, TelegramChannel.factory { nil }, MatrixChannel.factory { nil },
]

/// A platform that is nothing but settings: polled through `ScriptedAdapter`, or left off.
struct FakePlatformSettings: ChannelSettings {
    var on = true
    var issue: String?

    func issues() -> [ChannelSettingsIssue] { issue.map { [.init(at: ["on"], $0)] } ?? [] }
}

/// A local channel that records what it was built with.
struct FakeLocalSettings: ChannelSettings {
    var chat = "fallback"
}

@Suite("Channel lineup")
struct ChannelLineupTests {
    static let platform = ChannelFactory(name: "fake", settings: FakePlatformSettings.self) { settings, _ in
        settings.on ? BuiltChannel(.polled(ScriptedAdapter([]))) : nil
    }
    static let local = ChannelFactory(
        name: "local", settings: FakeLocalSettings.self, kind: .local(fallback: FakeLocalSettings())
    ) { settings, _ in
        BuiltChannel(.direct(RecordingChannel(platform: Platform(rawValue: settings.chat))))
    }

    static func services() throws -> ChannelServices {
        ChannelServices(
            store: try CountingStore(), logger: Logger(label: "lineup", factory: { _ in SwiftLogNoOpLogHandler() }),
            clock: ManualClock(now: Date(timeIntervalSince1970: 1_636_356_600)), botName: "bot", commands: [])
    }

    static func configuration(_ sections: [ChannelSections.Section]) -> LoadedConfiguration {
        LoadedConfiguration(bot: BotConfiguration(channels: ChannelSections(sections)), plugins: [])
    }

    @Test func aPolledPlatformRunsOnThePollDriverWithItsReadinessAndTheLocalChannelStaysOff() throws {
        let configuration = Self.configuration([.init(factory: Self.platform, settings: FakePlatformSettings())])
        let lineup = try ChannelLineup(
            configuration: configuration, factories: [Self.local, Self.platform], services: try Self.services(),
            platforms: true)
        #expect(lineup.channels.map(\.platform) == ["scripted"])
        #expect(lineup.channels.first is PollDriver<ScriptedAdapter>)
        #expect(lineup.readiness.keys.sorted() == ["fake"])
        #expect(lineup.readiness["fake"]?() == "no successful poll yet")
    }

    @Test func withoutARunningPlatformTheLocalChannelRunsWithItsSectionOrItsFallback() throws {
        let off = Self.configuration([.init(factory: Self.platform, settings: FakePlatformSettings(on: false))])
        let fallback = try ChannelLineup(
            configuration: off, factories: [Self.local, Self.platform], services: try Self.services(), platforms: true)
        #expect(fallback.channels.map(\.platform) == ["fallback"])
        #expect(fallback.readiness.isEmpty)

        let configured = Self.configuration([
            .init(factory: Self.platform, settings: FakePlatformSettings()),
            .init(factory: Self.local, settings: FakeLocalSettings(chat: "configured")),
        ])
        let consoleOnly = try ChannelLineup(
            configuration: configured, factories: [Self.local, Self.platform], services: try Self.services(),
            platforms: false)
        #expect(consoleOnly.channels.map(\.platform) == ["configured"])
    }

    @Test func settingsWithAnIssueAreRefusedBeforeTheChannelIsBuilt() throws {
        let configuration = Self.configuration([
            .init(factory: Self.platform, settings: FakePlatformSettings(issue: "expected a fake"))
        ])
        #expect {
            try ChannelLineup(
                configuration: configuration, factories: [Self.local, Self.platform], services: try Self.services(),
                platforms: true)
        } throws: { error in
            (error as? ChannelSetupError)?.description == "channels.fake.on: expected a fake"
        }
    }
}
