import BotConfig
import BotRuntime
import BuiltinPlugins
import Foundation
import Testing

/// Every number and duration of `bot.yaml` is bounded when the folder is loaded: values no product rule allows,
/// and values that would overflow a conversion, are refused with the file, line and field, and never trap.
struct ConfigBoundsTests {
    /// A field of `bot.yaml`, written as `template` with `VALUE` standing for the value tried.
    struct Field: CustomTestStringConvertible, Sendable {
        var field: String
        var template: String
        var testDescription: String { field }
    }

    static let telegram = "channels:\n  telegram:\n    token: \"123:abc\"\n"
    static let matrix =
        "channels:\n  matrix:\n    homeserver: https://m.example.org\n    user_id: \"@b:example.org\"\n    password: pw\n"

    static let fields: [Field] = [
        Field(field: "dispatch.handler_timeout", template: "dispatch:\n  handler_timeout: VALUE\n"),
        Field(field: "scheduler.grace_period", template: "scheduler:\n  grace_period: VALUE\n"),
        Field(field: "channels.telegram.poll_timeout_s", template: telegram + "    poll_timeout_s: VALUE\n"),
        Field(field: "channels.matrix.sync_timeout_s", template: matrix + "    sync_timeout_s: VALUE\n"),
        Field(
            field: "channels.matrix.facilitator_power_level", template: matrix + "    facilitator_power_level: VALUE\n"),
        Field(field: "metrics.listen", template: "metrics:\n  listen: \"127.0.0.1:VALUE\"\n"),
    ]

    /// Numbers no field takes, in the shapes a facilitator (or a typo) can write them.
    static let values = [
        "1e300", "-1", "99999999999999999999", ".inf", "-.inf", ".nan", "99999999999999999999h", "1e300s", "-1h",
        "9999999999w", String(repeating: "9", count: 400) + "s", "0x7fffffffffffffff", "-9223372036854775808",
    ]

    /// The issues loading a folder whose `bot.yaml` is `text` throws; empty when it loads.
    static func issues(_ text: String) throws -> [ConfigIssue] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try ConfigLoader(
                factories: Builtins.all.map { PluginFactory($0) }, channels: channelFactories, environment: [:]
            )
            .load(directory: folder.path)
            return []
        } catch let errors as ConfigErrors {
            return errors.issues
        }
    }

    @Test("out-of-range numbers are refused with file:line and field", arguments: fields, values)
    func outOfRangeNumbersAreRefused(field: Field, value: String) throws {
        let text = field.template.replacingOccurrences(of: "VALUE", with: value)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains(value) }.map { $0 + 1 }
        let found = try Self.issues(text)
        #expect(
            found.contains { $0.field == field.field && $0.line == line && $0.description.contains("bot.yaml:") },
            "\(value): \(found.map(\.description))")
    }

    @Test(
        "the bounds are the product's rules: the limit is accepted, just past it is refused",
        arguments: [
            ("dispatch:\n  handler_timeout: 10m\n", "dispatch:\n  handler_timeout: 10m1s\n"),
            ("dispatch:\n  handler_timeout: 1ms\n", "dispatch:\n  handler_timeout: 0s\n"),
            ("scheduler:\n  grace_period: 7d\n", "scheduler:\n  grace_period: 7d1s\n"),
            ("scheduler:\n  grace_period: 0s\n", "scheduler:\n  grace_period: 366d1s\n"),
            (telegram + "    poll_timeout_s: 300\n", telegram + "    poll_timeout_s: 301\n"),
            (telegram + "    poll_timeout_s: 1\n", telegram + "    poll_timeout_s: 0\n"),
            (matrix + "    sync_timeout_s: 300\n", matrix + "    sync_timeout_s: 301\n"),
            (matrix + "    facilitator_power_level: 100\n", matrix + "    facilitator_power_level: 101\n"),
            (matrix + "    facilitator_power_level: 0\n", matrix + "    facilitator_power_level: -1\n"),
            ("metrics:\n  listen: 127.0.0.1:65535\n", "metrics:\n  listen: 127.0.0.1:65536\n"),
            ("metrics:\n  listen: 127.0.0.1:1\n", "metrics:\n  listen: 127.0.0.1:0\n"),
            (
                "web:\n  public_url: https://bot.example.org\n  listen: 127.0.0.1:65535\n",
                "web:\n  public_url: https://bot.example.org\n  listen: 127.0.0.1:65536\n"
            ),
            (
                "web:\n  listen: 127.0.0.1:8080\n  public_url: https://example.org/bot/\n",
                "web:\n  listen: 127.0.0.1:8080\n  public_url: ftp://example.org/bot\n"
            ),
            (
                "web:\n  listen: 127.0.0.1:8080\n  public_url: https://bot.example.org\n",
                "web:\n  listen: 127.0.0.1:8080\n  public_url: https://bot.example.org/?token=1\n"
            ),
            // Links carry a secret: plain http only to this machine.
            (
                "web:\n  listen: 127.0.0.1:8080\n  public_url: http://127.0.0.1:8080\n",
                "web:\n  listen: 127.0.0.1:8080\n  public_url: http://bot.example.org\n"
            ),
        ])
    func boundsAreInclusive(accepted: String, refused: String) throws {
        let acceptedIssues = try Self.issues(accepted)
        #expect(acceptedIssues.isEmpty, "\(acceptedIssues.map(\.description))")
        let issues = try Self.issues(refused)
        #expect(issues.count == 1, "\(issues.map(\.description))")
        #expect(issues.first?.line == refused.components(separatedBy: "\n").count - 1)
    }

    @Test func anEmptyWebSectionIsAnIssueNotASilentOff() throws {
        let issues = try Self.issues("web:\n")
        #expect(issues.count == 1, "\(issues.map(\.description))")
        #expect(issues.first?.description.contains("web needs public_url") == true, "\(issues.map(\.description))")
    }

    @Test func aDurationBuiltInCodeNeverOverflowsItsConversion() {
        #expect(ConfigDuration(seconds: 1e300).duration == ConfigDuration.maximum.duration)
        #expect(ConfigDuration(seconds: -.infinity).duration == .zero)
        #expect(ConfigDuration(seconds: .nan).duration == .zero)
        #expect(ConfigDuration(parsing: "366d") == ConfigDuration.maximum)
        #expect(ConfigDuration(parsing: "366d1ms") == nil)
        #expect(ConfigDuration(parsing: "1h30m")?.seconds == 5400)
    }
}
