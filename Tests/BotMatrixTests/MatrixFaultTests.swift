import BotCore
import BotHTTP
import BotTesting
import Foundation
import Testing

/// Faults between the bot and a real homeserver: a killed bot process, and the homeserver's rate limit.
@Suite(.serialized)
struct MatrixFaultTests {
    /// A config folder for the real `workshop-bot run` as `bot` on `server`; the caller removes it.
    static func configFolder(_ server: Synapse, bot: String) throws -> URL {
        try BotProcess.configFolder(
            prefix: "mx-run",
            channel: """
                  matrix:
                    homeserver: \(server.url)
                    user_id: "@\(bot):localhost"
                    password: ${MATRIX_PASSWORD}
                    sync_timeout_s: 2
                """)
    }

    static func start(config: URL, bot: String) throws -> Process {
        try BotProcess.run(config: config, environment: ["MATRIX_PASSWORD": Synapse.password(bot)])
    }

    /// How many replies each command event got.
    static func repliesPerCommand(_ user: MatrixTestUser, room: String, bot: String) async -> [String: Int] {
        var counts: [String: Int] = [:]
        for reply in (try? await user.replies(in: room, from: bot)) ?? [] {
            if let target = reply.inReplyTo { counts[target, default: 0] += 1 }
        }
        return counts
    }

    @Test func aKillInTheMiddleOfABurstNeitherLosesNorRepeatsACommand() async throws {
        let server = try await Synapse.shared()
        let bot = "bot8"
        let host = try await server.user("host")
        let alice = try await server.user("alice")
        let folder = try Self.configFolder(server, bot: bot)
        defer { try? FileManager.default.removeItem(at: folder) }
        let room = try await host.createRoom(invite: ["@\(bot):localhost"])
        try await alice.join(room)

        let first = try Self.start(config: folder, bot: bot)
        #expect(await waitForJoin(host, room: room, bot: bot))
        let total = 150
        var commands: [String] = []
        var killed = false
        for n in 1...total {
            commands.append(try await alice.say(room, n % 3 == 0 ? "!whoami" : "!ping \(n)"))
            if !killed, n % 10 == 0, await Self.repliesPerCommand(alice, room: room, bot: bot).count >= 15 {
                kill(first.processIdentifier, SIGKILL)
                await first.exited()
                killed = true
            }
        }
        if !killed {
            _ = await eventually(timeout: .seconds(30)) {
                await Self.repliesPerCommand(alice, room: room, bot: bot).count >= 15
            }
            kill(first.processIdentifier, SIGKILL)
            await first.exited()
        }
        let answeredAtKill = await Self.repliesPerCommand(alice, room: room, bot: bot).count
        #expect(answeredAtKill < total, "the kill should land in the middle of the work")

        let second = try Self.start(config: folder, bot: bot)
        defer {
            kill(second.processIdentifier, SIGKILL)
            second.waitUntilExit()
        }
        #expect(
            await eventually(timeout: .seconds(90)) {
                await Self.repliesPerCommand(alice, room: room, bot: bot).count == total
            })
        try await Task.sleep(for: .seconds(2))
        let counts = await Self.repliesPerCommand(alice, room: room, bot: bot)
        #expect(Set(counts.keys) == Set(commands), "every command is answered")
        // Sends are keyed by the command's event, so a send repeated after the kill is the same event on the
        // homeserver: no command is answered twice.
        #expect(counts.values.allSatisfy { $0 == 1 }, "repeated: \(counts.filter { $0.value > 1 })")
    }

    @Test func theHomeserversRateLimitIsWaitedOutAndRepliesKeepTheirOrder() async throws {
        let server = try await Synapse.strict(perSecond: 2, burst: 3)
        let admin = try await server.user("admin")
        for person in ["host", "alice"] {
            _ = try await admin.call(
                .post, "/users/@\(person):localhost/override_ratelimit", ["messages_per_second": 0, "burst_count": 0],
                prefix: "/_synapse/admin/v1")
        }
        let host = try await server.user("host")
        let alice = try await server.user("alice")
        try await withMatrixBot(server, bot: "bot1", plugins: builtins) { _, _ in
            let room = try await host.createRoom(invite: ["@bot1:localhost"])
            try await alice.join(room)
            #expect(await waitForJoin(host, room: room, bot: "bot1"))
            var commands: [String] = []
            for n in 1...8 { commands.append(try await alice.say(room, "!ping \(n)")) }
            let held = await eventually(timeout: .seconds(40)) {
                ((try? await alice.replies(in: room, from: "bot1")) ?? []).count >= 8
            }
            #expect(held)
            let replies = try await alice.replies(in: room, from: "bot1")
            #expect(replies.compactMap(\.inReplyTo) == commands)
        }
    }
}
