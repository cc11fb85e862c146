import BotCore
import BotTesting
import Foundation
import Testing

@testable import BotPostgres

struct Note: Codable, Equatable, Sendable {
    var text: String
    var count: Int
}

func storage(_ store: any Store, _ namespace: String = "notes") -> PluginStorage {
    PluginStorage(namespace: namespace, store: store, clock: SystemClock())
}

/// What only the PostgreSQL store has to show: passwords, a server that goes away, several processes on one
/// database. The contracts every store keeps are in StoreConformanceTests, which runs against PostgreSQL too.
struct PostgresStoreTests {
    /// Runs `body` on a new store in a new database of the shared server, then closes it and drops the database.
    func withStore<T>(_ body: (PostgresStore, PostgresTestServer, String) async throws -> T) async throws -> T {
        let server = try await PostgresTestServer.shared()
        let database = try await server.createDatabase()
        let store = try await PostgresStore(url: server.url(database: database))
        let result: Result<T, any Error>
        do {
            result = .success(try await body(store, server, database))
        } catch {
            result = .failure(error)
        }
        await store.close()
        try await server.dropDatabase(database)
        return try result.get()
    }

    @Test func aPasswordInTheURLIsRefusedWithoutShowingIt() async throws {
        let server = try await PostgresTestServer.shared()
        let secret = "hunter2-in-the-url"
        for url in [
            "postgres://workshop:\(secret)@127.0.0.1:\(server.port)/workshop",
            "postgresql://workshop@127.0.0.1:\(server.port)/workshop?password=\(secret)",
        ] {
            let error = await #expect(throws: StoreError.self) { try await PostgresStore(url: url) }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("PGPASSWORD"))
            #expect(!message.contains(secret))
        }
    }

    /// The password comes from a password file (as `~/.pgpass`, named here with `passfile=` so the test does not
    /// touch the process's environment): a wrong one is a StoreError that names the failure, not the password.
    @Test func aWrongPasswordIsAStoreErrorThatNeverShowsIt() async throws {
        let server = try await PostgresTestServer.shared()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func passfile(_ password: String) throws -> String {
            let file = folder.appendingPathComponent("pgpass-\(UUID().uuidString)")
            try Data("127.0.0.1:\(server.port):*:\(PostgresTestServer.passwordUser):\(password)\n".utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            return file.path
        }
        let wrong = "wrong-\(UUID().uuidString)"
        let wrongURL = server.url(
            database: PostgresTestServer.passwordUser, user: PostgresTestServer.passwordUser,
            query: "passfile=\(try passfile(wrong))")
        let error = await #expect(throws: StoreError.self) { try await PostgresStore(url: wrongURL) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("password authentication failed"))
        #expect(!message.contains(wrong))
        #expect(!message.contains(PostgresTestServer.password))
        // Without any password: refused too, and said so.
        let noneURL = server.url(database: PostgresTestServer.passwordUser, user: PostgresTestServer.passwordUser)
        let missing = await #expect(throws: StoreError.self) { try await PostgresStore(url: noneURL) }
        #expect(missing.map { "\($0)" }?.contains("password") == true)
        // The right one opens the store.
        let rightURL = server.url(
            database: PostgresTestServer.passwordUser, user: PostgresTestServer.passwordUser,
            query: "passfile=\(try passfile(PostgresTestServer.password))")
        let store = try await PostgresStore(url: rightURL)
        try await storage(store).transaction { try $0.put(Note(text: "in", count: 1), "c", "k") }
        let read = try await storage(store).transaction { try $0.get(Note.self, "c", "k") }
        await store.close()
        #expect(read == Note(text: "in", count: 1))
    }

    /// A server killed (as a crash would) and started again: the transaction during the outage fails with a
    /// StoreError, the first one after the restart works on a new connection, and nothing committed is lost.
    @Test func aRestartedServerIsReconnectedAndKeepsWhatWasCommitted() async throws {
        let server = try await PostgresTestServer()
        let database = try await server.createDatabase()
        let store = try await PostgresStore(url: server.url(database: database))
        try await storage(store).transaction { try $0.put(Note(text: "before", count: 1), "c", "before") }

        // Killed and restarted between two transactions: the next one works.
        try await server.kill()
        try await server.restart()
        try await storage(store).transaction { try $0.put(Note(text: "after restart", count: 2), "c", "after") }

        // Killed, and a transaction during the outage: a StoreError that says what happened.
        try await server.kill()
        let outage = await #expect(throws: StoreError.self) {
            try await storage(store).transaction { try $0.put(Note(text: "lost", count: 3), "c", "outage") }
        }
        let message = outage.map { "\($0)" } ?? ""
        #expect(message.contains("connect") || message.contains("lost"))
        // And again while it is still down (no connection to reuse now): still a StoreError.
        await #expect(throws: StoreError.self) { try await store.transaction { try $0.cursor("x") } }

        try await server.restart()
        let kept = try await storage(store).transaction { tx in
            try ["before", "after", "outage"].map { try tx.get(Note.self, "c", $0)?.text }
        }
        #expect(kept == ["before", "after restart", nil])
        await store.close()
    }

    /// Two stores on one database (two processes, or the bot and `workshop-bot status`): every read-modify-write
    /// counts once, because each transaction holds the store's lock until it commits.
    @Test func twoStoresOnOneDatabaseRunTheirTransactionsOneAtATime() async throws {
        try await withStore { first, server, database in
            let second = try await PostgresStore(url: server.url(database: database))
            let counted = await withTaskGroup(of: Bool.self, returning: Int.self) { group in
                for n in 0..<100 {
                    let store = n.isMultiple(of: 2) ? first : second
                    group.addTask {
                        do {
                            try await storage(store).transaction { tx in
                                var total = try tx.get(Note.self, "c", "total") ?? Note(text: "total", count: 0)
                                total.count += 1
                                try tx.put(total, "c", "total")
                            }
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            let total = try await storage(first).transaction { try $0.get(Note.self, "c", "total")?.count }
            await second.close()
            #expect(counted == 100)
            #expect(total == 100)
        }
    }

    /// A value PostgreSQL cannot keep (a NUL in a key) is a StoreError, never a trap; a statement the server
    /// refuses spoils its transaction, which then rolls back as a whole even if the body goes on.
    @Test func aRefusedValueOrStatementIsAStoreErrorAndLeavesNothing() async throws {
        try await withStore { store, _, _ in
            await #expect(throws: StoreError.self) {
                try await store.transaction { try $0.cursor("nul\u{0}name") }
            }
            let outcome = try await store.transaction { tx -> String in
                try tx.setCursor("kept", to: "yes")
                return "committed"
            }
            #expect(outcome == "committed")
            await #expect(throws: StoreError.self) {
                try await store.transaction { tx in
                    try tx.setCursor("spoiled", to: "no")
                    // The server refuses the statement; the body catches the error and returns normally.
                    let postgres = tx as? PostgresTransaction
                    _ = try? postgres?.run("SELECT 1 / $1::bigint", [.integer(0)])
                }
            }
            let left = try await store.transaction { tx in (try tx.cursor("kept"), try tx.cursor("spoiled")) }
            #expect(left.0 == "yes")
            #expect(left.1 == nil)
        }
    }

    /// Concurrent transactions share one PostgreSQL transaction, each body in its own savepoint: a body that
    /// throws rolls back alone, and the bodies of its group around it commit.
    @Test func aBodyThatThrowsRollsBackAloneInItsGroup() async throws {
        try await withStore { store, _, _ in
            struct Refused: Error {}
            var grouped = false
            for round in 0..<5 where !grouped {
                let outcomes = await withTaskGroup(of: (Int, Bool).self, returning: [Int: Bool].self) { group in
                    for n in 0..<60 {
                        group.addTask {
                            do {
                                try await store.transaction { tx in
                                    try tx.setCursor("r\(round)-\(n)", to: "\(n)")
                                    try tx.putRecord(
                                        namespace: "n", collection: "c", key: "r\(round)-\(n)", value: Data([1]))
                                    if n % 4 == 1 { throw Refused() }
                                }
                                return (n, true)
                            } catch {
                                return (n, false)
                            }
                        }
                    }
                    return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
                }
                let kept = try await store.transaction { tx in
                    try (0..<60).map { n in
                        (
                            try tx.cursor("r\(round)-\(n)"),
                            try tx.record(namespace: "n", collection: "c", key: "r\(round)-\(n)")
                        )
                    }
                }
                for n in 0..<60 {
                    let refused = n % 4 == 1
                    #expect(outcomes[n] == !refused, "body \(n)")
                    #expect(kept[n].0 == (refused ? nil : "\(n)"), "body \(n)")
                    #expect(kept[n].1 == (refused ? nil : Data([1])), "body \(n)")
                }
                grouped = await store.largestGroup > 1
            }
            // Sixty callers at once are grouped (a round without any group would prove nothing above).
            #expect(grouped)
            #expect(await store.largestGroup <= PostgresStore.groupLimit)
        }
    }

    /// A statement the server refuses, in a group: the group rolls back as a whole, every caller of it gets a
    /// StoreError, and the store goes on with the next transactions.
    @Test func aRefusedStatementFailsItsGroupAndLeavesNothing() async throws {
        try await withStore { store, _, _ in
            var grouped = false
            for round in 0..<5 where !grouped {
                let outcomes = await withTaskGroup(of: (Int, Bool).self, returning: [Int: Bool].self) { group in
                    for n in 0..<20 {
                        group.addTask {
                            do {
                                try await store.transaction { tx in
                                    try tx.setCursor("s\(round)-\(n)", to: "\(n)")
                                    if n == 7 {
                                        // Refused by the server; the body catches the error and goes on.
                                        _ = try? (tx as? PostgresTransaction)?.run(
                                            "SELECT 1 / $1::bigint", [.integer(0)])
                                    }
                                }
                                return (n, true)
                            } catch {
                                return (n, false)
                            }
                        }
                    }
                    return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
                }
                let kept = try await store.transaction { tx in try (0..<20).map { try tx.cursor("s\(round)-\($0)") } }
                // Every body that committed is kept, every body that failed left nothing, and the refused one failed.
                #expect(outcomes[7] == false)
                for n in 0..<20 { #expect((kept[n] != nil) == (outcomes[n] == true), "body \(n)") }
                grouped = outcomes.values.filter { !$0 }.count > 1
            }
            #expect(grouped)
            let after = try await store.transaction { tx -> String? in
                try tx.setCursor("after", to: "yes")
                return try tx.cursor("after")
            }
            #expect(after == "yes")
        }
    }

    /// A record this store keeps in memory is read again once anyone else changed the records: another store on
    /// the same database (another instance), or a client that is no store at all (`psql`), whose changes the
    /// trigger marks.
    @Test func aRecordChangedElsewhereIsReadAgain() async throws {
        try await withStore { first, server, database in
            let second = try await PostgresStore(url: server.url(database: database))
            // Another record read first: the transaction's first round trip brings the records' version, and only
            // then may what is kept answer.
            func read(_ store: PostgresStore) async throws -> Data? {
                try await store.transaction { tx in
                    _ = try tx.record(namespace: "n", collection: "c", key: "other")
                    return try tx.record(namespace: "n", collection: "c", key: "k")
                }
            }
            try await first.transaction {
                try $0.putRecord(namespace: "n", collection: "c", key: "k", value: Data([1]))
            }
            #expect(try await read(first) == Data([1]))
            #expect(try await read(first) == Data([1]))
            try await second.transaction {
                try $0.putRecord(namespace: "n", collection: "c", key: "k", value: Data([2]))
            }
            #expect(try await read(first) == Data([2]))
            // The second store again, after the first read at its last version: still a change.
            try await second.transaction {
                try $0.putRecord(namespace: "n", collection: "c", key: "k", value: Data([4]))
            }
            #expect(try await read(first) == Data([4]))
            // A client without the stores' setting: the change goes through the trigger.
            try await second.transaction { tx in
                let postgres = try #require(tx as? PostgresTransaction)
                try postgres.run("SELECT set_config('workshop.writer', '', true)")
                try postgres.run("UPDATE records SET value = $1 WHERE key = 'k'", [.bytes(Data([3]))])
            }
            #expect(try await read(first) == Data([3]))
            _ = try await second.transaction { try $0.deleteRecord(namespace: "n", collection: "c", key: "k") }
            #expect(try await read(first) == nil)
            await second.close()
        }
    }

    /// Delivery keys are looked up for a whole group before its bodies run: a key recorded before, or by an
    /// earlier body of the same group, makes the handling a replay whose changes are rolled back, so every
    /// message's change is applied once.
    @Test func aDeliveryKeyLookedUpAheadIsClaimedOnce() async throws {
        try await withStore { store, _, _ in
            var grouped = false
            for round in 0..<5 where !grouped {
                let old = "r\(round)-old"
                _ = try await store.transaction { try $0.recordHandled(old, at: Date()) }
                let states = await withTaskGroup(of: HandlingClaim.State?.self, returning: [HandlingClaim.State].self) {
                    group in
                    for n in 0..<40 {
                        // Two handlings per key; the first pair's key was recorded before.
                        let key = n < 2 ? old : "r\(round)-k\(n / 2)"
                        group.addTask {
                            let claim = HandlingClaim(.message(key: key))
                            do {
                                try await storage(store).claiming(claim).transaction { tx in
                                    var note = try tx.get(Note.self, "c", key) ?? Note(text: key, count: 0)
                                    note.count += 1
                                    try tx.put(note, "c", key)
                                }
                                return claim.current
                            } catch {
                                return nil
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1 ?? .open) }
                }
                let counts = try await storage(store).transaction { tx in
                    try (1..<20).map { try tx.get(Note.self, "c", "r\(round)-k\($0)")?.count }
                }
                let oldNote = try await storage(store).transaction { try $0.get(Note.self, "c", old) }
                #expect(oldNote == nil)
                #expect(counts == Array(repeating: 1, count: 19))
                let claimed = states.filter { $0 == .claimed }.count
                let replayed = states.filter { $0 == .replay }.count
                #expect(claimed == 19)
                #expect(replayed == 21)
                grouped = await store.largestGroup > 1
            }
            #expect(grouped)
        }
    }

    /// Two canonically equivalent spellings (which Swift's `String` counts as equal) are two records and two
    /// delivery keys, in memory as in the database: neither answers for the other.
    @Test func equivalentSpellingsAreTwoKeysInMemoryToo() async throws {
        try await withStore { store, _, _ in
            let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
            try await store.transaction {
                try $0.putRecord(namespace: "n", collection: "c", key: composed, value: Data([1]))
            }
            let read = try await store.transaction { tx in
                _ = try tx.record(namespace: "n", collection: "c", key: composed)
                return try tx.record(namespace: "n", collection: "c", key: decomposed)
            }
            #expect(read == nil)
            _ = try await store.transaction { try $0.recordHandled(composed, at: Date()) }
            let claim = HandlingClaim(.message(key: decomposed))
            try await storage(store).claiming(claim).transaction { try $0.put(Note(text: "x", count: 1), "c", "x") }
            let state = claim.current
            #expect(state == .claimed)
        }
    }

    /// A statement used for the first time right after a queued one the server refuses is skipped, preparation
    /// and all: it is prepared again at its next use instead of failing every transaction after.
    @Test func aStatementSkippedAfterAFailureIsPreparedAgain() async throws {
        try await withStore { store, _, _ in
            await #expect(throws: StoreError.self) {
                try await store.transaction { tx in
                    let postgres = try #require(tx as? PostgresTransaction)
                    try postgres.queue("SELECT 1 / $1::bigint", [.integer(0)])
                    try postgres.queue("SELECT 2 + $1::bigint", [.integer(0)])
                }
            }
            let answer = try await store.transaction { tx in
                let postgres = try #require(tx as? PostgresTransaction)
                return try postgres.run("SELECT 2 + $1::bigint", [.integer(1)]).int(0, 0)
            }
            #expect(answer == 3)
        }
    }

    /// Without its `records_version` row (deleted by hand) the store goes on, reading records from the server
    /// and seeing another store's changes.
    @Test func withoutTheRecordsVersionRowTheStoreGoesOn() async throws {
        try await withStore { first, server, database in
            let second = try await PostgresStore(url: server.url(database: database))
            try await first.transaction { tx in
                _ = try #require(tx as? PostgresTransaction).run("DELETE FROM records_version")
            }
            func read(_ store: PostgresStore) async throws -> Data? {
                try await store.transaction { tx in
                    _ = try tx.record(namespace: "n", collection: "c", key: "other")
                    return try tx.record(namespace: "n", collection: "c", key: "k")
                }
            }
            for value in [Data([1]), Data([2])] {
                try await second.transaction {
                    try $0.putRecord(namespace: "n", collection: "c", key: "k", value: value)
                }
                #expect(try await read(first) == value)
            }
            await second.close()
        }
    }

    /// The store's blocking libpq calls, and the bodies that make them, run on its own thread, never on one of
    /// the few threads of Swift's cooperative pool.
    @Test func transactionsRunOnTheStoresOwnThread() async throws {
        try await withStore { store, _, _ in
            let onItsThread = try await store.transaction { _ in ConnectionThread.isCurrent }
            #expect(onItsThread)
            #expect(!ConnectionThread.isCurrent)
        }
    }

    /// Values and queued messages are bytea: every byte comes back as written.
    @Test func recordValuesAreBinarySafe() async throws {
        try await withStore { store, _, _ in
            let values = [Data(), Data((0...255).map { UInt8($0) }), Data(repeating: 0, count: 3)]
            try await store.transaction { tx in
                for (index, value) in values.enumerated() {
                    try tx.putRecord(namespace: "n", collection: "c", key: "k\(index)", value: value)
                }
            }
            let read = try await store.transaction { tx in
                try (0..<values.count).map { try tx.record(namespace: "n", collection: "c", key: "k\($0)") }
            }
            #expect(read == values)
        }
    }

    /// A reopened store finds its schema and the plugins' applied migrations: none runs again.
    @Test func aReopenedStoreKeepsItsSchemaAndMigrations() async throws {
        try await withStore { store, server, database in
            let first = try await store.migrate(namespace: "p", migrations: [Migration(1, "one") { _ in }])
            #expect(first == [1])
            let again = try await PostgresStore(url: server.url(database: database))
            let versions = try await again.appliedVersions("store")
            let applied = try await again.migrate(namespace: "p", migrations: [Migration(1, "one") { _ in }])
            await again.close()
            #expect(versions == Set(PostgresStore.schema.map(\.version)))
            #expect(applied == [])
        }
    }
}

/// libpq does not put the password in its messages; should one ever hold the `PGPASSWORD` it read, the store
/// removes it before the message leaves, and makes one line of libpq's several.
@Test func aMessageLosesTheEnvironmentsPasswordAndItsLineBreaks() {
    let cleaned = PostgresConnection.clean(
        "connection to server failed: FATAL:  role with pw-from-env\n\tHINT: check it\n",
        secrets: ["pw-from-env"])
    #expect(cleaned == "connection to server failed: FATAL:  role with ***; HINT: check it")
}
