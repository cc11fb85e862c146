import BotTesting
import Foundation
import Testing

/// Three real `workshop-bot run` processes on one PostgreSQL store and a real Synapse: one syncs, the others
/// stand by, and a `kill -9` of the one syncing hands the room to another.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct MatrixFailoverTests {
    @Test func killingTheSyncingInstanceHandsTheRoomToAStandbyAndEveryCommandIsAnsweredOnce() async throws {
        let server = try await Synapse.shared()
        let postgres = try await PostgresTestServer.shared()
        let database = try await postgres.createDatabase()
        let store = postgres.url(database: database)
        let bot = "bot20"
        let host = try await server.user("host")
        let alice = try await server.user("alice")
        let folder = try MatrixFaultTests.configFolder(server, bot: bot)
        defer { try? FileManager.default.removeItem(at: folder) }
        let room = try await host.createRoom(invite: ["@\(bot):localhost"])
        try await alice.join(room)

        let environment = ["MATRIX_PASSWORD": Synapse.password(bot)]
        var instances: [String: Process] = [:]
        for name in ["m1", "m2", "m3"] {
            instances[name] = try BotProcess.run(
                config: folder, environment: environment.merging(["WORKSHOP_BOT_INSTANCE": name]) { $1 },
                arguments: ["--store", store])
        }
        defer {
            for process in instances.values where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        #expect(await waitForJoin(host, room: room, bot: bot))

        let total = 120
        var commands: [String] = []
        var killed: String?
        for n in 1...total {
            commands.append(try await alice.say(room, n % 3 == 0 ? "!whoami" : "!ping \(n)"))
            if killed == nil, n % 10 == 0,
                await MatrixFaultTests.repliesPerCommand(alice, room: room, bot: bot).count >= 15
            {
                killed = await BotProcess.leaseHolder("matrix", config: folder, store: store, environment: environment)
                let syncing = try #require(killed.flatMap { instances[$0] }, "status names the syncing instance")
                kill(syncing.processIdentifier, SIGKILL)
                await syncing.exited()
            }
        }
        #expect(killed != nil, "the kill should land in the middle of the commands")
        let first = killed

        // Another instance takes over within 30 s of the kill.
        let takenOver = await eventually(timeout: .seconds(30)) {
            let next = await BotProcess.leaseHolder("matrix", config: folder, store: store, environment: environment)
            return next != nil && next != first
        }
        #expect(takenOver)
        #expect(
            await eventually(timeout: .seconds(90)) {
                await MatrixFaultTests.repliesPerCommand(alice, room: room, bot: bot).count == total
            })
        try await Task.sleep(for: .seconds(2))
        let counts = await MatrixFaultTests.repliesPerCommand(alice, room: room, bot: bot)
        #expect(Set(counts.keys) == Set(commands), "every command is answered")
        // The instances share the login (its device and access token are in the store), so a send repeated
        // after the kill is the same transaction on the homeserver: nothing is answered twice.
        #expect(counts.values.allSatisfy { $0 == 1 }, "repeated: \(counts.filter { $0.value > 1 })")

        for process in instances.values where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for process in instances.values { await process.exited() }
        try await postgres.dropDatabase(database)
    }
}
