import BotHTTP
import BotTesting
import Foundation
import Testing

/// `/readyz` follows the Telegram channel: ready while it polls, unready once its server stops answering.
@Suite(.serialized)
struct ReadinessTests {
    /// A port nothing listens on now (the kernel picks it).
    static func freePort() async throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let reading = output.fileHandleForReading
        let data = await offThePool { reading.readDataToEndOfFile() }
        await process.exited()
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    @Test func readinessTurnsWhenTheBotAPIServerStopsAnswering() async throws {
        var fake: FakeTelegram? = try await FakeTelegram()
        let port = try await Self.freePort()
        let folder = try #require(
            try fake?.botConfigFolder("ready", plugins: "[help, ping]", extra: "metrics:\n  listen: 127.0.0.1:\(port)"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let bot = try TelegramRestartTests().start(config: folder)
        defer {
            kill(bot.processIdentifier, SIGKILL)
            bot.waitUntilExit()
        }
        let client = try HTTPClient()
        let url = "http://127.0.0.1:\(port)/readyz"
        @Sendable func readiness() async -> (Int, String) {
            guard let response = try? await client.send(HTTPRequest(url: url, timeout: .seconds(2))) else {
                return (0, "")
            }
            return (response.status, response.text)
        }
        #expect(await eventually(timeout: .seconds(20)) { await readiness().0 == 200 })
        #expect(await readiness().1 == #"{"checks":{"store":"ok","telegram":"ok"},"ready":true}"#)

        fake = nil  // the Bot API server goes away
        #expect(await eventually(timeout: .seconds(30)) { await readiness().0 == 503 })
        let (_, body) = await readiness()
        #expect(body.contains(#""ready":false"#))
        #expect(body.contains("no successful poll for"))
        #expect(body.contains(#""store":"ok""#))
    }
}
