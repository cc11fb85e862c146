import BotHTTP
import BotTesting
import Foundation
import Testing

/// Several real `workshop-bot run` processes on one PostgreSQL store and the fake Bot API server: one polls,
/// the others stand by, and a `kill -9` of the one polling hands its work to another.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct FailoverTests {
    /// The instance `workshop-bot status` names as holding `lease`, nil when none does.
    static func holder(of lease: String, folder: URL, store: String) async -> String? {
        await BotProcess.leaseHolder(
            lease, config: folder, store: store, environment: ["TELEGRAM_BOT_TOKEN": FakeTelegram.token])
    }

    @Test func theHolderAndTheStandbyAreBothReadyAndSayWhoHoldsWhatAndAGracefulStopHandsOverAtOnce() async throws {
        let postgres = try await PostgresTestServer.shared()
        let database = try await postgres.createDatabase()
        let store = postgres.url(database: database)
        let fake = try await FakeTelegram()
        var folders: [String: URL] = [:]
        var ports: [String: Int] = [:]
        for name in ["a", "b"] {
            // Two distinct ports (the kernel may hand out the same free port twice).
            var port = try await ReadinessTests.freePort()
            while ports.values.contains(port) { port = try await ReadinessTests.freePort() }
            ports[name] = port
            folders[name] = try fake.botConfigFolder(
                "tg-ready-\(name)", plugins: "[help, ping]", extra: "metrics:\n  listen: 127.0.0.1:\(port)")
        }
        defer { for folder in folders.values { try? FileManager.default.removeItem(at: folder) } }
        let client = try HTTPClient()
        @Sendable func readiness(_ port: Int?) async -> (status: Int, body: [String: Any]) {
            guard let port,
                let response = try? await client.send(
                    HTTPRequest(url: "http://127.0.0.1:\(port)/readyz", timeout: .seconds(2)))
            else { return (0, [:]) }
            return (response.status, (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:])
        }
        @Sendable func lease(_ body: [String: Any], _ name: String) -> String {
            (body["leases"] as? [String: String])?[name] ?? ""
        }
        func start(_ name: String) throws -> Process {
            try BotProcess.run(
                config: try #require(folders[name]),
                environment: ["TELEGRAM_BOT_TOKEN": FakeTelegram.token, "WORKSHOP_BOT_INSTANCE": name],
                arguments: ["--store", store])
        }
        let a = try start("a")
        defer { if a.isRunning { kill(a.processIdentifier, SIGKILL) } }
        let (portA, portB) = (ports["a"], ports["b"])
        let aHolds = await eventually(timeout: .seconds(30)) {
            let (status, body) = await readiness(portA)
            return status == 200 && lease(body, "telegram").hasPrefix("held by this instance (a#")
        }
        #expect(aHolds)
        let b = try start("b")
        defer { if b.isRunning { kill(b.processIdentifier, SIGKILL) } }
        // The standby is ready (to take over), and says who polls.
        let bStandsBy = await eventually(timeout: .seconds(30)) {
            let (status, body) = await readiness(portB)
            return status == 200 && lease(body, "telegram").hasPrefix("standby: held by a#")
                && lease(body, "scheduler").hasPrefix("standby: held by a#")
        }
        #expect(bStandsBy, "b is running: \(b.isRunning)")
        let (_, standbyBody) = await readiness(portB)
        #expect((standbyBody["instance"] as? String)?.hasPrefix("b#") == true)
        #expect((standbyBody["checks"] as? [String: String])?["telegram"] == "ok")

        // A graceful stop gives the leases up before the process ends (b takes them at its next attempt, not
        // once they lapse).
        kill(a.processIdentifier, SIGTERM)
        await a.exited()
        #expect(a.terminationStatus == 0)
        let folderB = try #require(folders["b"])
        let afterStop = await Self.holder(of: "telegram", folder: folderB, store: store)
        #expect(afterStop != "a", "a's lease was given up: \(afterStop ?? "none")")
        let bHolds = await eventually(timeout: .seconds(30)) {
            let (status, body) = await readiness(portB)
            return status == 200 && lease(body, "telegram").hasPrefix("held by this instance (b#")
        }
        #expect(bHolds)
        try await fake.push([FakeTelegram.text("/ping", messageID: 1)])
        #expect(await eventually(timeout: .seconds(20)) { await fake.repliesPerMessage()[1] == 1 })
        kill(b.processIdentifier, SIGTERM)
        await b.exited()
        try await postgres.dropDatabase(database)
    }

    @Test func killingThePollingInstanceInABurstHandsItsWorkToAStandbyWithNothingLostOrAppliedTwice() async throws {
        let postgres = try await PostgresTestServer.shared()
        let database = try await postgres.createDatabase()
        let store = postgres.url(database: database)
        let fake = try await FakeTelegram()
        let folder = try fake.botConfigFolder("tg-failover", plugins: "[help, ping, whoami, deadlines]")
        defer { try? FileManager.default.removeItem(at: folder) }

        // Reminders due a few seconds into the failover, then a burst of commands in 50 chats.
        let reminders = 20
        let total = 1500
        var updates: [[String: Any]] = []
        for n in 1...reminders {
            updates.append(
                FakeTelegram.text(
                    "/remind me in 12s failover-\(n)", chat: Int64(-6000 - n % 5), from: Int64(500 + n),
                    messageID: Int64(n)))
        }
        for n in (reminders + 1)...(reminders + total) {
            let text = n % 3 == 0 ? "/whoami" : "/ping"
            updates.append(
                FakeTelegram.text(text, chat: Int64(-5000 - n % 50), from: Int64(100 + n % 7), messageID: Int64(n)))
        }
        try await fake.push(updates)

        var instances: [String: Process] = [:]
        for name in ["i1", "i2", "i3"] {
            instances[name] = try BotProcess.run(
                config: folder, environment: ["TELEGRAM_BOT_TOKEN": FakeTelegram.token, "WORKSHOP_BOT_INSTANCE": name],
                arguments: ["--store", store])
        }
        defer {
            for process in instances.values where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        #expect(await eventually(timeout: .seconds(60)) { ((try? await fake.sent()) ?? []).count >= 40 })
        let first = await Self.holder(of: "telegram", folder: folder, store: store)
        let status =
            (try? await BotProcess.output(
                ["status", "--config", folder.path, "--store", store],
                environment: ["TELEGRAM_BOT_TOKEN": FakeTelegram.token])) ?? "-"
        let polling = try #require(first.flatMap { instances[$0] }, "status names the polling instance: \(status)")
        let scheduling = await Self.holder(of: "scheduler", folder: folder, store: store)

        kill(polling.processIdentifier, SIGKILL)
        await polling.exited()
        let sentAtKill = try await fake.sent().count
        #expect(sentAtKill < total, "the kill should land in the middle of the work")

        // Another instance takes the lease once it lapses and goes on polling and sending: within 30 s.
        let takenOver = await eventually(timeout: .seconds(30)) {
            guard let next = await Self.holder(of: "telegram", folder: folder, store: store), next != first else {
                return false
            }
            return ((try? await fake.sent()) ?? []).count > sentAtKill
        }
        #expect(takenOver)
        let next = await Self.holder(of: "telegram", folder: folder, store: store)
        #expect(next != nil && next != first && instances[next ?? ""]?.isRunning == true)

        #expect(await eventually(timeout: .seconds(90)) { await fake.repliesPerMessage().count == reminders + total })
        let fired = await eventually(timeout: .seconds(60)) {
            let texts = ((try? await fake.sent()) ?? []).compactMap { $0["text"] as? String }
            return (1...reminders).allSatisfy { n in
                texts.contains { $0.hasPrefix("Reminder for") && $0.hasSuffix(": failover-\(n)") }
            }
        }
        #expect(fired, "every reminder fired (the scheduler's lease was \(scheduling ?? "-")'s)")
        #expect(await eventually(timeout: .seconds(30)) { ((try? await fake.stats())?["pending_updates"] ?? 1) == 0 })
        // Settled: nothing more comes.
        try await Task.sleep(for: .seconds(2))

        let counts = await fake.repliesPerMessage()
        #expect(Set(counts.keys) == Set(1...(reminders + total)), "every command is answered")
        // As after any crash: a reply repeats only when Telegram accepted it just before the kill, at most one
        // per chat being sent to then (the outbox sends to at most 16 chats at once).
        let repeated = counts.values.filter { $0 > 1 }
        #expect(repeated.count <= 16, "repeated replies: \(counts.filter { $0.value > 1 })")
        #expect(repeated.allSatisfy { $0 == 2 })
        let texts = try await fake.sent().compactMap { $0["text"] as? String }
        for n in 1...reminders {
            let firings = texts.filter { $0.hasPrefix("Reminder for") && $0.hasSuffix(": failover-\(n)") }.count
            #expect(firings == 1, "reminder \(n) fired \(firings) times")
        }
        // Never two instances polling at once, before or after the kill.
        #expect(try await fake.stats()["overlapping_polls"] == 0)

        for process in instances.values where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for process in instances.values { await process.exited() }
        try await postgres.dropDatabase(database)
    }
}
