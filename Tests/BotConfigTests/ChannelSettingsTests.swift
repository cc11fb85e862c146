import BotConfig
import BotConsole
import BotCore
import BotMatrix
import BotRuntime
import BotTelegram
import BuiltinPlugins
import Foundation
import Testing

/// The channels of this build, as the executable lists them (no HTTP client: nothing here starts a channel).
let channelFactories: [ChannelFactory] = [
    ConsoleChannel.factory, TelegramChannel.factory { nil }, MatrixChannel.factory { nil },
]

/// A channel the loader has never heard of, registered only by its factory: its section is decoded by its own
/// settings type and checked by its own rules.
struct PagerSettings: ChannelSettings {
    var intervalS: Int
    var pagers: [String]?

    func issues() -> [ChannelSettingsIssue] {
        (1...60).contains(intervalS) ? [] : [.init(at: ["interval_s"], "expected a number of seconds from 1 to 60")]
    }

    func warnings() -> [ChannelSettingsIssue] {
        pagers?.isEmpty ?? true ? [.init(at: [], "no pagers: nobody is paged")] : []
    }

    var workshopChats: [ChatRef] { (pagers ?? []).map { ChatRef(platform: "pager", id: $0) } }
}

let pagerFactory = ChannelFactory(name: "pager", settings: PagerSettings.self) { _, _ in nil }

@Suite("Channel settings")
struct ChannelSettingsTests {
    /// Loads a folder whose `bot.yaml` is `text`, with `channels` registered; the configuration, or every issue.
    static func load(_ text: String, channels: [ChannelFactory]) throws -> Result<LoadedConfiguration, ConfigErrors> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("channels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        do {
            let loader = ConfigLoader(
                factories: Builtins.all.map { PluginFactory($0) }, channels: channels, environment: [:])
            return .success(try loader.load(directory: folder.path))
        } catch let errors as ConfigErrors {
            return .failure(errors)
        }
    }

    static func issues(_ text: String, channels: [ChannelFactory] = channelFactories) throws -> [String] {
        guard case .failure(let errors) = try load(text, channels: channels) else { return [] }
        return errors.issues.map { issue in
            let file = URL(fileURLWithPath: issue.file).lastPathComponent
            return "\(file):\(issue.line ?? 0):\(issue.column ?? 0): \(issue.field): \(issue.message)"
        }
    }

    @Test func aChannelNameNoFactoryHasIsAnUnknownKeyWithTheClosestChannel() throws {
        let typo = try Self.issues("channels:\n  telgram:\n    token: \"1:x\"\n")
        #expect(typo == ["bot.yaml:2:3: channels.telgram: unknown key 'telgram' (did you mean 'telegram'?)"], "\(typo)")
        // Also when another part of the file fails to decode, and when another channel's section does.
        let broken = try Self.issues(
            "channels:\n  matrx:\n    homeserver: x\n  telegram:\n    poll_timeout_s: soon\n"
                + "dispatch:\n  handler_timeout: soon\n")
        #expect(
            broken.contains("bot.yaml:2:3: channels.matrx: unknown key 'matrx' (did you mean 'matrix'?)"), "\(broken)")
        // A channel this build does not offer is refused the same way, whatever its section holds.
        #expect(
            try Self.issues("channels:\n  pager:\n    interval_s: 5\n")
                == ["bot.yaml:2:3: channels.pager: unknown key 'pager'"])
    }

    @Test func aRegisteredChannelsSectionIsDecodedAndCheckedByItsOwnType() throws {
        let channels = channelFactories + [pagerFactory]
        #expect(
            try Self.issues("channels:\n  pager:\n    interval_s: 61\n    pagers: [\"7\"]\n", channels: channels)
                == ["bot.yaml:3:17: channels.pager.interval_s: expected a number of seconds from 1 to 60"])
        let misspelt = try Self.issues("channels:\n  pager:\n    intervl_s: 5\n", channels: channels)
        #expect(
            misspelt == [
                "bot.yaml:3:5: channels.pager.interval_s: missing key 'interval_s'",
                "bot.yaml:3:5: channels.pager.intervl_s: unknown key 'intervl_s' (did you mean 'interval_s'?)",
            ], "\(misspelt)")
        let valid = "channels:\n  pager:\n    interval_s: 60\n"
        guard case .success(let loaded) = try Self.load(valid, channels: channels) else {
            Issue.record("a valid pager section was refused: \(try Self.issues(valid, channels: channels))")
            return
        }
        let settings = try #require(loaded.bot.channels["pager"]?.settings as? PagerSettings)
        #expect(settings.intervalS == 60)
        let warned = loaded.warnings.map(\.description)
        #expect(
            warned.contains { $0.hasSuffix("bot.yaml:3:5: channels.pager: no pagers: nobody is paged") }, "\(warned)")
    }

    @Test func aWebAddressBeyondLoopbackIsWarnedOf() throws {
        let open = "web:\n  listen: 0.0.0.0:8080\n  public_url: https://bot.example.org\n"
        guard case .success(let loaded) = try Self.load(open, channels: channelFactories) else {
            Issue.record("refused: \(try Self.issues(open))")
            return
        }
        let warned = loaded.warnings.map(\.description)
        #expect(warned.count == 1, "\(warned)")
        #expect(
            warned.first?.contains("web.listen: 0.0.0.0:8080 is reachable from other machines") == true, "\(warned)")
        let local = "web:\n  listen: 127.0.0.1:8080\n  public_url: https://bot.example.org\n"
        guard case .success(let quiet) = try Self.load(local, channels: channelFactories) else {
            Issue.record("refused: \(try Self.issues(local))")
            return
        }
        #expect(quiet.warnings.isEmpty, "\(quiet.warnings)")
    }

    @Test func theChannelsOfThisBuildRefuseTheirBoundsWithFileAndLine() throws {
        let matrix =
            "channels:\n  matrix:\n    homeserver: https://m.example.org\n    user_id: \"@b:example.org\"\n    password: pw\n"
        #expect(
            try Self.issues(matrix + "    sync_timeout_s: 301\n")
                == ["bot.yaml:6:21: channels.matrix.sync_timeout_s: expected a number of seconds from 1 to 300"])
        #expect(
            try Self.issues("channels:\n  telegram:\n    token: \"1:x\"\n    poll_timeout_s: 0\n")
                == ["bot.yaml:4:21: channels.telegram.poll_timeout_s: expected a number of seconds from 1 to 300"])
        // Defaults come from the channel's own settings type.
        let console = "channels:\n  console:\n    chat: plenary\n"
        guard case .success(let loaded) = try Self.load(console, channels: channelFactories) else {
            Issue.record("a valid console section was refused: \(try Self.issues(console))")
            return
        }
        let settings = try #require(loaded.bot.channels["console"]?.settings as? ConsoleSettings)
        #expect((settings.chat, settings.defaultUser) == ("plenary", "you"))
    }
}
