import BotTesting
import Foundation
import Testing

/// A command that kills the real process (a trap, as a bug would) on a real homeserver, restarted as systemd
/// would: it stops the bot at most twice, is then set aside and reported, and later commands are answered.
@Suite(.serialized)
struct MatrixCrashContainmentTests {
    @Test func aCrashingCommandIsSetAsideAfterTwoCrashes() async throws {
        let server = try await Synapse.shared()
        let bot = "bot16"
        let host = try await server.user("host")
        let alice = try await server.user("alice")
        let room = try await host.createRoom(invite: ["@\(bot):localhost"])
        let reports = try await host.createRoom(invite: ["@\(bot):localhost"])
        try await alice.join(room)

        let folder = try MatrixFaultTests.configFolder(server, bot: bot)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bot.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "enabled: [help, ping, whoami]", with: "enabled: [help, ping, whoami, faults]")
        text += "\nscheduler:\n  report_chats: [\"matrix:\(reports)\"]\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let environment = [
            "MATRIX_PASSWORD": Synapse.password(bot), "WORKSHOP_BOT_FAULT_INJECTION": "1",
            "SWIFT_BACKTRACE": "enable=no",
        ]

        let first = try BotProcess.run(config: folder, environment: environment)
        #expect(await waitForJoin(host, room: room, bot: bot))
        #expect(await waitForJoin(host, room: reports, bot: bot))
        let ping = try await alice.say(room, "!ping")
        #expect(
            await eventually(timeout: .seconds(30)) {
                ((try? await alice.replies(in: room, from: bot)) ?? []).contains { $0.inReplyTo == ping }
            })
        let crash = try await alice.say(room, "!crash")

        @Sendable func answer(to event: String) async -> [String] {
            ((try? await alice.replies(in: room, from: bot)) ?? []).filter { $0.inReplyTo == event }.map(\.body)
        }
        @Sendable func notices() async -> [String] {
            ((try? await host.replies(in: reports, from: bot)) ?? []).map(\.body)
        }

        let (deaths, process) = try await BotProcess.supervise(config: folder, environment: environment, process: first)
        {
            let answered = await !answer(to: crash).isEmpty
            let reported = await !notices().isEmpty
            return answered && reported
        }
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        #expect(deaths >= 1 && deaths <= 2, "the poison command stops the bot at most twice: \(deaths)")
        let reply = await answer(to: crash)
        #expect(reply.count == 1 && reply.first?.contains("could not be processed") == true, "\(reply)")
        let notice = await notices()
        #expect(notice.count == 1)
        #expect(
            notice.first?.contains("@alice:localhost") == true && notice.first?.contains("set aside") == true,
            "\(notice)")

        // Every later command is answered, by the same process.
        let later = try await alice.say(room, "!ping")
        #expect(await eventually(timeout: .seconds(30)) { await answer(to: later) == ["pong"] })
        #expect(process.isRunning)
        let status = try await BotProcess.output(["status", "--config", folder.path], environment: environment)
        #expect(status.contains("message /crash from matrix:@alice:localhost"), "\(status)")
    }
}
