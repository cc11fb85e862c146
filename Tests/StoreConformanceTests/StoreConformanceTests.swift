import BotCore
import Foundation
import Synchronization
import Testing

/// The contract of every role of `StoreTransaction`, and of `Store` itself, run against each store: what one
/// store does here, every store must do.
struct StoreConformanceTests {
    // MARK: Transactions

    @Test(arguments: StoreKind.allCases)
    func aThrownErrorRollsBackEveryRole(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            await #expect(throws: Boom.self) {
                try await storage(store).transaction { tx in
                    try tx.put(Note(text: "half", count: 1), "c", "k")
                    _ = try tx.schedule("remind", at: Date(), payload: "x")
                    throw Boom()
                }
            }
            await #expect(throws: Boom.self) {
                try await store.transaction { tx in
                    _ = try tx.recordHandled("msg:1", at: t0)
                    _ = try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "hello"), key: "reply:1", at: t0)
                    try tx.setCursor("telegram.offset", to: "42")
                    throw Boom()
                }
            }
            let after = try await store.transaction { tx in
                (
                    try tx.record(namespace: "notes", collection: "c", key: "k"), try tx.jobs(JobQuery()).count,
                    try tx.recordHandled("msg:1", at: t0), try tx.pendingOutgoing(platform: "test", limit: 10).count,
                    try tx.cursor("telegram.offset")
                )
            }
            #expect(after.0 == nil)
            #expect(after.1 == 0)
            #expect(after.2)  // the handled key was not kept
            #expect(after.3 == 0)
            #expect(after.4 == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentTransactionsFailIndividuallyAndEachCountsOnce(_ kind: StoreKind) async throws {
        struct Odd: Error {}
        try await kind.with { store async throws in
            let storage = storage(store)
            let outcomes = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
                for n in 0..<200 {
                    group.addTask {
                        do {
                            try await storage.transaction { tx in
                                try tx.put(Note(text: "n\(n)", count: n), "grouped", String(format: "%03d", n))
                                if n % 10 == 3 { throw Odd() }
                                var total = try tx.get(Note.self, "grouped", "total") ?? Note(text: "total", count: 0)
                                total.count += 1
                                try tx.put(total, "grouped", "total")
                            }
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let committed = outcomes.filter { $0 }.count
            #expect(committed == 180)
            let (rows, total) = try await storage.transaction { tx in
                let rows =
                    try tx.all(Note.self, "grouped", prefix: "0").count
                    + tx.all(Note.self, "grouped", prefix: "1").count
                return (rows, try tx.get(Note.self, "grouped", "total")?.count)
            }
            #expect(rows == 180)  // the failing bodies left no record
            #expect(total == 180)  // and every other increment counted once
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aTransactionKeptPastItsBodyRefusesWork(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let escaped = Escaped()
            try await store.transaction { tx in escaped.transaction = tx }
            let kept = try #require(escaped.transaction)
            #expect(throws: StoreError.self) {
                try kept.putRecord(namespace: "n", collection: "c", key: "k", value: Data())
            }
            #expect(throws: StoreError.self) { try kept.cursor("x") }
            let afterEscape = try await store.transaction { try $0.record(namespace: "n", collection: "c", key: "k") }
            #expect(afterEscape == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aClosedStoreRefusesWork(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            await store.close()
            await #expect(throws: StoreError.self) { try await store.transaction { try $0.cursor("x") } }
            await #expect(throws: StoreError.self) {
                try await store.migrate(namespace: "p", migrations: [Migration(1, "one") { _ in }])
            }
        }
    }

    // MARK: Migrations

    @Test(arguments: StoreKind.allCases)
    func pluginMigrationsRunOnceInOrder(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let log = LogBox()
            let migrations = [
                Migration(2, "second") { tx in
                    log.append("2")
                    let note = try tx.get(Note.self, "meta", "v") ?? Note(text: "", count: 0)
                    try tx.put(Note(text: note.text + "b", count: note.count + 1), "meta", "v")
                },
                Migration(1, "first") { tx in
                    log.append("1")
                    try tx.put(Note(text: "a", count: 1), "meta", "v")
                },
            ]
            #expect(try await store.migrate(namespace: "agenda", migrations: migrations) == [1, 2])
            #expect(try await store.migrate(namespace: "agenda", migrations: migrations) == [])
            // Another namespace has its own versions.
            #expect(try await store.migrate(namespace: "voting", migrations: [migrations[1]]) == [1])
            let third = migrations + [Migration(3, "third") { tx in log.append("3") }]
            #expect(try await store.migrate(namespace: "agenda", migrations: third) == [3])
            #expect(log.items == ["1", "2", "1", "3"])
            let migrated = try await storage(store, "agenda").transaction { try $0.get(Note.self, "meta", "v") }
            #expect(migrated == Note(text: "ab", count: 2))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aFailingMigrationLeavesNoTraceAndIsRetried(_ kind: StoreKind) async throws {
        struct Broken: Error {}
        try await kind.with { store async throws in
            let failing = [
                Migration(1, "broken") { tx in
                    try tx.put(Note(text: "x", count: 1), "m", "k")
                    throw Broken()
                }
            ]
            await #expect(throws: Broken.self) { try await store.migrate(namespace: "p", migrations: failing) }
            let leftByFailure = try await storage(store, "p").transaction { try $0.get(Note.self, "m", "k") }
            #expect(leftByFailure == nil)
            let fixed = [Migration(1, "fixed") { tx in try tx.put(Note(text: "y", count: 1), "m", "k") }]
            #expect(try await store.migrate(namespace: "p", migrations: fixed) == [1])
            let leftByFix = try await storage(store, "p").transaction { try $0.get(Note.self, "m", "k") }
            #expect(leftByFix == Note(text: "y", count: 1))
        }
    }

    // MARK: Records

    @Test(arguments: StoreKind.allCases)
    func recordsRoundTripAndAreNamespaced(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            try await storage(store).transaction { tx in
                try tx.put(Note(text: "Vientiane", count: 1), "cities", "lao")
                try tx.put(Note(text: "Ulaanbaatar", count: 2), "cities", "mongolia")
                try tx.put(Note(text: "%", count: 3), "cities", "l%")
                try tx.put(Note(text: "Luang Prabang", count: 4), "towns", "lao")
            }
            let other = try await storage(store, "other").transaction { try $0.get(Note.self, "cities", "lao") }
            #expect(other == nil)
            let lao = try await storage(store).transaction { try $0.get(Note.self, "cities", "lao") }
            #expect(lao == Note(text: "Vientiane", count: 1))
            let prefixed = try await storage(store).transaction { try $0.all(Note.self, "cities", prefix: "l") }
            #expect(prefixed.map(\.key) == ["l%", "lao"])
            let literal = try await storage(store).transaction { try $0.all(Note.self, "cities", prefix: "l%") }
            #expect(literal.map(\.key) == ["l%"])
            try await storage(store).transaction { try $0.put(Note(text: "Vientiane", count: 5), "cities", "lao") }
            let replaced = try await storage(store).transaction { try $0.get(Note.self, "cities", "lao") }
            #expect(replaced?.count == 5)
            let deleted = try await storage(store).transaction { try $0.delete("cities", "lao") }
            let again = try await storage(store).transaction { try $0.delete("cities", "lao") }
            #expect(deleted && !again)
            let left = try await storage(store).transaction { tx in
                (try tx.all(Note.self, "cities").map(\.key), try tx.get(Note.self, "towns", "lao")?.count)
            }
            #expect(left.0 == ["l%", "mongolia"])
            #expect(left.1 == 4)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func keysCompareAndSortAsBytes(_ kind: StoreKind) async throws {
        // `é` precomposed and `e` with a combining accent are the same to Swift's `==`, not to a database.
        let keys = ["é", "e\u{301}", "a", "Z", "ab"]
        try await kind.with { store async throws in
            try await store.transaction { tx in
                for (index, key) in keys.enumerated() {
                    try tx.putRecord(namespace: "n", collection: "c", key: key, value: Data([UInt8(index)]))
                }
            }
            let all = try await store.transaction { try $0.records(namespace: "n", collection: "c", keyPrefix: "") }
            let order = all.map { Array($0.key.utf8) }
            let expectedOrder = ["Z", "a", "ab", "e\u{301}", "é"].map { Array($0.utf8) }
            let values = all.map(\.value)
            let expectedValues = [3, 2, 4, 1, 0].map { Data([UInt8($0)]) }
            #expect(order == expectedOrder)
            #expect(values == expectedValues)
            let accented = try await store.transaction {
                try $0.records(namespace: "n", collection: "c", keyPrefix: "e")
            }
            let accentedKeys = accented.map { Array($0.key.utf8) }
            #expect(accentedKeys == [Array("e\u{301}".utf8)])
            let handled = try await store.transaction { tx in
                (try tx.recordHandled("é", at: t0), try tx.recordHandled("e\u{301}", at: t0))
            }
            #expect(handled.0 && handled.1)
        }
    }

    // MARK: Delivery log

    @Test(arguments: StoreKind.allCases)
    func handledKeysAreRecordedOnceUntilPruned(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let first = try await store.transaction { try $0.recordHandled("msg:t:1:1", at: t0) }
            let second = try await store.transaction { try $0.recordHandled("msg:t:1:1", at: t0.addingTimeInterval(5)) }
            #expect(first && !second)
            _ = try await store.transaction { try $0.recordHandled("msg:t:1:2", at: t0.addingTimeInterval(10)) }
            // Before the recorded time, or at it, nothing goes.
            let atRecordedTime = try await store.transaction { try $0.pruneHandled(before: t0) }
            #expect(atRecordedTime == 0)
            let pruned = try await store.transaction { try $0.pruneHandled(before: t0.addingTimeInterval(1)) }
            #expect(pruned == 1)
            let after = try await store.transaction { tx in
                (try tx.recordHandled("msg:t:1:1", at: t0), try tx.recordHandled("msg:t:1:2", at: t0))
            }
            #expect(after.0 && !after.1)
        }
    }

    // MARK: Jobs

    @Test(arguments: StoreKind.allCases)
    func jobsAreOrderedReplacedByKeyAndFinishedOnce(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            try await store.transaction { tx in
                try tx.insertJob(
                    NewJob(owner: "d", kind: "remind", key: "draft/24h", dueAt: t0.addingTimeInterval(60), chat: room),
                    at: t0)
                try tx.insertJob(
                    NewJob(owner: "d", kind: "remind", key: "draft/2h", dueAt: t0.addingTimeInterval(30)), at: t0)
                // Same key again: replaces the pending job.
                try tx.insertJob(
                    NewJob(owner: "d", kind: "remind", key: "draft/24h", dueAt: t0.addingTimeInterval(90), chat: room),
                    at: t0)
            }
            let (pending, next, dueSoon) = try await store.transaction { tx in
                (
                    try tx.jobs(owner: "d", keyPrefix: "draft/", states: [.pending]), try tx.nextDueTime(),
                    try tx.dueJobs(at: t0.addingTimeInterval(60), limit: 10)
                )
            }
            #expect(pending.map(\.key) == ["draft/2h", "draft/24h"])
            #expect(pending.last?.chat == room)
            #expect(pending.last?.dueAt == t0.addingTimeInterval(90))
            #expect(next == t0.addingTimeInterval(30))
            #expect(dueSoon.map(\.key) == ["draft/2h"])
            let id = try #require(dueSoon.first?.id)
            let once = try await store.transaction {
                try $0.moveJob(id: id, from: .pending, to: .done, at: t0, note: nil)
            }
            let twice = try await store.transaction {
                try $0.moveJob(id: id, from: .pending, to: .done, at: t0, note: nil)
            }
            #expect(once && !twice)
            let all = try await store.transaction {
                try $0.jobs(owner: "d", keyPrefix: "", states: Set(JobState.allCases))
            }
            let states = all.map(\.state).sorted { $0.rawValue < $1.rawValue }
            #expect(states == [.cancelled, .done, .pending])
            let foundReplaced = all.first { $0.state == .cancelled }
            let replaced = try #require(foundReplaced)
            #expect(replaced.note == "replaced")
            #expect(replaced.finishedAt == t0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aKeyIsReplacedOnlyWithinItsOwnerAndOnlyWhilePending(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let ids = try await store.transaction { tx -> [Int64] in
                let first = try tx.insertJob(NewJob(owner: "a", kind: "k", key: "same", dueAt: t0), at: t0)
                let other = try tx.insertJob(NewJob(owner: "b", kind: "k", key: "same", dueAt: t0), at: t0)
                _ = try tx.moveJob(id: first, from: .pending, to: .done, at: t0, note: nil)
                let second = try tx.insertJob(NewJob(owner: "a", kind: "k", key: "same", dueAt: t0), at: t0)
                // Jobs without a key never replace each other.
                let loose1 = try tx.insertJob(NewJob(owner: "a", kind: "k", dueAt: t0), at: t0)
                let loose2 = try tx.insertJob(NewJob(owner: "a", kind: "k", dueAt: t0), at: t0)
                return [first, other, second, loose1, loose2]
            }
            let states = try await store.transaction { tx in try ids.map { try tx.job(id: $0)?.state } }
            #expect(states == [.done, .pending, .pending, .pending, .pending])
            #expect(Set(ids).count == ids.count)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func jobQueriesSelectByEveryConditionInDueOrder(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let ids = try await store.transaction { tx -> [String: Int64] in
                var ids: [String: Int64] = [:]
                // Inserted out of due order; two due at the same instant keep their insertion order.
                for (name, owner, key, offset) in [
                    ("late", "a", "x/late", 300.0), ("tie1", "a", "x/tie1", 100), ("tie2", "a", "y/tie2", 100),
                    ("early", "a", nil, 10), ("other", "b", "x/other", 50), ("fails", "a", "x/fails", 20),
                    ("fires", "a", "x/fires", 30),
                ] as [(String, String, String?, Double)] {
                    ids[name] = try tx.insertJob(
                        NewJob(owner: owner, kind: "k", key: key, dueAt: t0.addingTimeInterval(offset)), at: t0)
                }
                return ids
            }
            func names(_ jobs: [ScheduledJob]) -> [String] {
                jobs.map { job in ids.first { $0.value == job.id }?.key ?? "?" }
            }
            let fails = try #require(ids["fails"])
            let fires = try #require(ids["fires"])
            try await store.transaction { tx in
                _ = try tx.moveJob(id: fails, from: .pending, to: .failed, at: t0, note: "boom")
                _ = try tx.moveJob(id: fires, from: .pending, to: .firing, at: t0, note: nil)
                // Not in the state the caller expects: nothing moves.
                #expect(try !tx.moveJob(id: fails, from: .pending, to: .done, at: t0, note: nil))
            }
            let results = try await store.transaction { tx in
                (
                    all: try tx.jobs(JobQuery()), pending: try tx.jobs(JobQuery(states: [.pending])),
                    ownerA: try tx.jobs(.owner("a", states: [.pending])),
                    prefixed: try tx.jobs(.owner("a", keyPrefix: "x/", states: Set(JobState.allCases))),
                    due: try tx.jobs(.due(at: t0.addingTimeInterval(100), limit: 10)),
                    dueLimited: try tx.jobs(.due(at: t0.addingTimeInterval(100), limit: 2)),
                    failed: try tx.jobs(in: .failed, limit: 10), firing: try tx.jobs(in: .firing, limit: 10),
                    none: try tx.jobs(JobQuery(states: [])), byID: try tx.job(id: fails),
                    missing: try tx.job(id: 999_999), next: try tx.nextDueTime()
                )
            }
            #expect(names(results.all) == ["early", "fails", "fires", "other", "tie1", "tie2", "late"])
            #expect(names(results.pending) == ["early", "other", "tie1", "tie2", "late"])
            #expect(names(results.ownerA) == ["early", "tie1", "tie2", "late"])
            #expect(names(results.prefixed) == ["fails", "fires", "tie1", "late"])  // no job without a key
            #expect(names(results.due) == ["early", "other", "tie1", "tie2"])
            #expect(names(results.dueLimited) == ["early", "other"])
            #expect(names(results.failed) == ["fails"])
            #expect(results.failed.first?.note == "boom")
            #expect(names(results.firing) == ["fires"])
            #expect(results.none.isEmpty)
            #expect(results.byID?.state == .failed)
            #expect(results.missing == nil)
            #expect(results.next == t0.addingTimeInterval(10))
            let empty = try await kind.with { try await $0.transaction { try $0.nextDueTime() } }
            #expect(empty == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aJobKeepsWhatWasScheduled(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let job = try await store.transaction { tx -> ScheduledJob? in
                let id = try tx.insertJob(
                    NewJob(
                        owner: "deadlines", kind: "remind", key: "r/1", dueAt: t0.addingTimeInterval(0.1234),
                        chat: room,
                        payload: Data(#"{"text":"go"}"#.utf8), grace: 90.5),
                    at: t0)
                return try tx.job(id: id)
            }
            let kept = try #require(job)
            #expect(kept.owner == "deadlines" && kept.kind == "remind" && kept.key == "r/1")
            #expect(kept.dueAt == Date(timeIntervalSince1970: 1_636_358_400.123))  // to the millisecond
            #expect(kept.chat == room)
            let payload = Data(#"{"text":"go"}"#.utf8)
            #expect(kept.payload == payload)
            #expect(kept.grace == 90.5)
            #expect(kept.state == .pending && kept.createdAt == t0 && kept.finishedAt == nil && kept.note == nil)
        }
    }

    @Test(
        "a time the store cannot keep is a StoreError, never a trap, and nothing of the transaction stays",
        arguments: StoreKind.allCases, [1e20, -1e20, 253_402_300_800, .infinity, -.infinity, .nan]
    )
    func anUnstorableTimeIsAStoreError(_ kind: StoreKind, _ seconds: Double) async throws {
        try await kind.with { store async throws in
            await #expect(throws: StoreError.self) {
                try await storage(store).transaction { tx in
                    try tx.put(Note(text: "before", count: 1), "c", "k")
                    _ = try tx.schedule("remind", at: Date(timeIntervalSince1970: seconds), payload: "x")
                }
            }
            let after = try await storage(store).transaction { tx in
                (try tx.get(Note.self, "c", "k"), try tx.jobs(states: Set(JobState.allCases)).count)
            }
            #expect(after.0 == nil && after.1 == 0)
            let unstorable = Date(timeIntervalSince1970: seconds)
            await #expect(throws: StoreError.self) {
                try await store.transaction { try $0.recordHandled("m", at: unstorable) }
            }
            await #expect(throws: StoreError.self) {
                try await store.transaction { try $0.setCursor("c", to: "v", expiresAt: unstorable) }
            }
            await #expect(throws: StoreError.self) {
                try await store.transaction {
                    try $0.enqueueOutgoing(OutgoingMessage(chat: room, reply: "x"), key: nil, at: unstorable)
                }
            }
            // The edges of the years 1 to 9999 are kept, to the millisecond.
            let last = Date(timeIntervalSince1970: 253_402_300_799.999)
            let first = Date(timeIntervalSince1970: -62_135_596_800)
            try await storage(store).transaction { tx in
                _ = try tx.schedule("remind", at: last, key: "last", payload: "x")
                _ = try tx.schedule("remind", at: first, key: "first", payload: "x")
            }
            let kept = try await storage(store).transaction { try $0.jobs(states: [.pending]).map(\.dueAt) }
            #expect(kept == [first, last])
        }
    }

    @Test(
        "a grace period the store cannot keep is a StoreError", arguments: StoreKind.allCases,
        [1e300, -1, 400 * 86_400.0, .nan])
    func anUnstorableGraceIsAStoreError(_ kind: StoreKind, _ grace: Double) async throws {
        try await kind.with { store async throws in
            await #expect(throws: StoreError.self) {
                try await storage(store).transaction { tx in
                    _ = try tx.schedule("remind", at: Date(), payload: "x", grace: grace)
                }
            }
            try await storage(store).transaction { tx in
                _ = try tx.schedule("remind", at: Date(), payload: "x", grace: 3600)
            }
            let graces = try await storage(store).transaction { try $0.jobs(states: [.pending]).map(\.grace) }
            #expect(graces == [3600])
        }
    }

    // MARK: Outbox

    /// A record read again is the record as stored now: after a change, after a rollback, and in another store
    /// that holds the same key (values read before may be kept in memory, keyed by what they were read from).
    @Test(arguments: StoreKind.allCases)
    func aRecordReadAgainIsWhatIsStoredNow(_ kind: StoreKind) async throws {
        try await kind.with { first async throws in
            try await StoreKind.memory.with { second async throws in
                let a = storage(first), b = storage(second)
                try await a.transaction { try $0.put(Note(text: "first", count: 1), "notes", "k") }
                try await b.transaction { try $0.put(Note(text: "second", count: 2), "notes", "k") }
                for _ in 0..<2 {
                    let fromFirst = try await a.transaction { try $0.get(Note.self, "notes", "k") }
                    let fromSecond = try await b.transaction { try $0.get(Note.self, "notes", "k") }
                    #expect(fromFirst?.text == "first")
                    #expect(fromSecond?.text == "second")
                }
                try await a.transaction { try $0.put(Note(text: "changed", count: 3), "notes", "k") }
                let changed = try await a.transaction { try $0.get(Note.self, "notes", "k") }
                #expect(changed == Note(text: "changed", count: 3))
                await #expect(throws: Boom.self) {
                    try await a.transaction { tx in
                        try tx.put(Note(text: "rolled back", count: 4), "notes", "k")
                        _ = try tx.get(Note.self, "notes", "k")
                        throw Boom()
                    }
                }
                let afterRollback = try await a.transaction { try $0.get(Note.self, "notes", "k") }
                #expect(afterRollback?.text == "changed")
                try await a.transaction { _ = try $0.delete("notes", "k") }
                let afterDelete = try await a.transaction { try $0.get(Note.self, "notes", "k") }
                #expect(afterDelete == nil)
            }
        }
    }

    /// A queued message is read back as it was queued, every kind of span included, and one queued in a
    /// transaction that rolled back is never read (a store may keep what it queued in memory, so this checks
    /// that it keeps only what was committed, under the row it was committed as).
    @Test(arguments: StoreKind.allCases)
    func theOutboxReadsBackExactlyWhatCommitted(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let user = UserRef(platform: "test", id: "ann")
            let rich = OutgoingMessage(
                chat: room, thread: "t", replyTo: "9",
                reply: Reply(
                    lines: [
                        RichText(spans: [
                            .text("a"), .bold("b"), .italic("i"), .code("c"), .link(title: "l", url: "https://x.org"),
                            .mention(name: "Ann", user: user), .time(at: t0, text: "09:00"),
                        ])
                    ], isNotice: true, buttons: [[Button("1", command: "/vote 1")]]), answersPress: "p")
            await #expect(throws: Boom.self) {
                try await store.transaction { tx in
                    _ = try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "rolled back"), key: "k0", at: t0)
                    throw Boom()
                }
            }
            _ = try await store.transaction { try $0.enqueueOutgoing(rich, key: "k1", at: t0) }
            _ = try await store.transaction {
                try $0.enqueueOutgoing(OutgoingMessage(chat: room, reply: "2"), key: "k2", at: t0)
            }
            let pending = try await store.transaction { try $0.pendingOutgoing(platform: "test", limit: 10) }
            #expect(pending.map(\.message) == [rich, OutgoingMessage(chat: room, reply: "2")])
            // Read again (nothing finished yet): the same messages.
            let again = try await store.transaction { try $0.pendingOutgoing(platform: "test", limit: 10) }
            #expect(again.map(\.message) == pending.map(\.message))
            #expect(again.map(\.id) == pending.map(\.id))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anOutboxKeyIsTakenOnceUntilItsEntryIsPruned(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let first = OutgoingMessage(chat: room, reply: "first")
            let queued = try await store.transaction { tx in
                (
                    try tx.enqueueOutgoing(first, key: "msg:1", at: t0),
                    try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "again"), key: "msg:1", at: t0),
                    // Messages without a key never collide.
                    try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "free 1"), key: nil, at: t0),
                    try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "free 2"), key: nil, at: t0)
                )
            }
            #expect(queued == (true, false, true, true))
            let pending = try await store.transaction { try $0.pendingOutgoing(platform: "test", limit: 10) }
            #expect(pending.map(\.message.reply.plainText) == ["first", "free 1", "free 2"])
            #expect(pending.first?.message == first)
            #expect(pending.first?.queuedAt == t0)
            let id = try #require(pending.first?.id)
            // Sent: the key still counts.
            let afterSend = try await store.transaction { tx in
                try tx.finishOutgoing(id: id, sent: true, at: t0.addingTimeInterval(60), note: nil)
                return try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "again"), key: "msg:1", at: t0)
            }
            #expect(!afterSend)
            // Pruned: the key is free again.
            let afterPrune = try await store.transaction { tx in
                (
                    try tx.pruneOutgoing(before: t0.addingTimeInterval(61)),
                    try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "later"), key: "msg:1", at: t0)
                )
            }
            #expect(afterPrune == (1, true))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func eachPlatformsPendingMessagesComeInQueueOrder(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let telegram = ChatRef(platform: "telegram", id: "1")
            let matrix = ChatRef(platform: "matrix", id: "!r:hs")
            try await store.transaction { tx in
                for n in 0..<6 {
                    let chat = n.isMultiple(of: 2) ? telegram : matrix
                    // Queued later with an earlier time: the order is the queue's, not the clock's.
                    _ = try tx.enqueueOutgoing(
                        OutgoingMessage(chat: chat, reply: Reply(RichText("m" + String(n)))), key: "k\(n)",
                        at: t0.addingTimeInterval(Double(-n)))
                }
            }
            let (tg, mx, limited, none) = try await store.transaction { tx in
                (
                    try tx.pendingOutgoing(platform: "telegram", limit: 10),
                    try tx.pendingOutgoing(platform: "matrix", limit: 10),
                    try tx.pendingOutgoing(platform: "telegram", limit: 2),
                    try tx.pendingOutgoing(platform: "console", limit: 10)
                )
            }
            #expect(tg.map(\.message.reply.plainText) == ["m0", "m2", "m4"])
            #expect(mx.map(\.message.reply.plainText) == ["m1", "m3", "m5"])
            #expect(limited.map(\.message.reply.plainText) == ["m0", "m2"])
            #expect(none.isEmpty)
            #expect(tg.map(\.id) == tg.map(\.id).sorted())
        }
    }

    @Test(arguments: StoreKind.allCases)
    func finishedMessagesLeaveThePendingListAndArePrunedByAge(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let ids = try await store.transaction { tx -> [Int64] in
                for n in 0..<4 {
                    _ = try tx.enqueueOutgoing(
                        OutgoingMessage(chat: room, reply: Reply(RichText("m" + String(n)))), key: "k\(n)", at: t0)
                }
                return try tx.pendingOutgoing(platform: "test", limit: 10).map(\.id)
            }
            try #require(ids.count == 4)
            try await store.transaction { tx in
                try tx.finishOutgoing(id: ids[0], sent: true, at: t0.addingTimeInterval(10), note: nil)
                try tx.finishOutgoing(id: ids[1], sent: false, at: t0.addingTimeInterval(20), note: "given up")
                try tx.finishOutgoing(id: ids[2], sent: true, at: t0.addingTimeInterval(30), note: nil)
                // A finished message is not finished again (its time stays, so it is pruned as sent at 10).
                try tx.finishOutgoing(id: ids[0], sent: false, at: t0.addingTimeInterval(100), note: "late")
            }
            let pending = try await store.transaction { try $0.pendingOutgoing(platform: "test", limit: 10).map(\.id) }
            #expect(pending == [ids[3]])
            let pruned = try await store.transaction { tx in
                (
                    try tx.pruneOutgoing(before: t0.addingTimeInterval(10)),
                    try tx.pruneOutgoing(before: t0.addingTimeInterval(25))
                )
            }
            #expect(pruned == (0, 2))
            let keys = try await store.transaction { tx in
                try (0..<4).map {
                    try tx.enqueueOutgoing(OutgoingMessage(chat: room, reply: "again"), key: "k\($0)", at: t0)
                }
            }
            // Pruned keys are free; the sent and the pending one still count.
            #expect(keys == [true, true, false, false])
            let prunedAtLast = try await store.transaction { try $0.pruneOutgoing(before: .distantFuture) }
            #expect(prunedAtLast == 1)
        }
    }

    // MARK: Channel state

    @Test(arguments: StoreKind.allCases)
    func cursorsAreSetReplacedAndCleared(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            try await store.transaction { try $0.setCursor("telegram.offset", to: "42") }
            let offset = try await store.transaction { try $0.cursor("telegram.offset") }
            #expect(offset == "42")
            try await store.transaction { try $0.setCursor("telegram.offset", to: "43") }
            let replacedOffset = try await store.transaction { try $0.cursor("telegram.offset") }
            #expect(replacedOffset == "43")
            try await store.transaction { try $0.setCursor("telegram.offset", to: nil) }
            let cleared = try await store.transaction { try $0.cursor("telegram.offset") }
            #expect(cleared == nil)
            let neverSet = try await store.transaction { try $0.cursor("never.set") }
            #expect(neverSet == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func channelStateWithAnExpiryIsKeptUntilThenAndPrunedAfter(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let hour: TimeInterval = 3600
            try await store.transaction { tx in
                try tx.setCursor("matrix.buttons.$a", to: "a", expiresAt: t0.addingTimeInterval(hour))
                try tx.setCursor("matrix.buttons.$b", to: "b", expiresAt: t0.addingTimeInterval(2 * hour))
                try tx.setCursor("matrix.since", to: "s1")
                // Set again without an expiry: kept for good.
                try tx.setCursor("matrix.token", to: "t", expiresAt: t0.addingTimeInterval(hour))
                try tx.setCursor("matrix.token", to: "t2")
            }
            let prunedEarly = try await store.transaction {
                try $0.pruneCursors(expiredBy: t0.addingTimeInterval(hour - 1))
            }
            #expect(prunedEarly == 0)
            // Not yet pruned: still read back.
            let unpruned = try await store.transaction { try $0.cursor("matrix.buttons.$a") }
            #expect(unpruned == "a")
            let prunedAtExpiry = try await store.transaction {
                try $0.pruneCursors(expiredBy: t0.addingTimeInterval(hour))
            }
            #expect(prunedAtExpiry == 1)
            let left = try await store.transaction { tx in
                try ["matrix.buttons.$a", "matrix.buttons.$b", "matrix.since", "matrix.token"].map { try tx.cursor($0) }
            }
            #expect(left == [nil, "b", "s1", "t2"])
            let prunedForever = try await store.transaction { try $0.pruneCursors(expiredBy: .distantFuture) }
            #expect(prunedForever == 1)
            let kept = try await store.transaction { tx in
                try ["matrix.since", "matrix.token"].map { try tx.cursor($0) }
            }
            #expect(kept == ["s1", "t2"])
        }
    }

    // MARK: Leases

    @Test(arguments: StoreKind.allCases)
    func aLeaseIsTakenOnceRenewedByItsHolderAndTakenOverOnlyWhenLapsedOrGivenUp(_ kind: StoreKind) async throws {
        try await kind.with { store async throws in
            let length: TimeInterval = 10
            let first = try await store.transaction {
                try $0.takeLease("telegram", holder: "a", until: t0.addingTimeInterval(length), at: t0)
            }
            #expect(first == Lease(name: "telegram", holder: "a", expiresAt: t0.addingTimeInterval(length)))
            // Held and not lapsed: another instance is told who holds it, and nothing changes.
            let refused = try await store.transaction {
                try $0.takeLease("telegram", holder: "b", until: t0.addingTimeInterval(9 + length), at: t0 + 9)
            }
            #expect(refused == first)
            // The holder renews.
            let renewed = try await store.transaction {
                try $0.takeLease("telegram", holder: "a", until: t0.addingTimeInterval(9 + length), at: t0 + 9)
            }
            #expect(renewed.holder == "a" && renewed.expiresAt == t0.addingTimeInterval(19))
            // Another lease is apart.
            let scheduler = try await store.transaction {
                try $0.takeLease(Lease.scheduler, holder: "b", until: t0.addingTimeInterval(length), at: t0 + 9)
            }
            #expect(scheduler.holder == "b")
            // Lapsed (at its expiry): taken over.
            let takenOver = try await store.transaction {
                try $0.takeLease("telegram", holder: "b", until: t0.addingTimeInterval(19 + length), at: t0 + 19)
            }
            #expect(takenOver.holder == "b")
            // Giving up: only the holder's release counts.
            try await store.transaction { try $0.releaseLease("telegram", holder: "a") }
            let afterOthersRelease = try await store.transaction { try $0.lease("telegram") }
            #expect(afterOthersRelease?.holder == "b")
            try await store.transaction { try $0.releaseLease("telegram", holder: "b") }
            let afterRelease = try await store.transaction { try $0.lease("telegram") }
            #expect(afterRelease == nil)
            // A damaged value counts as no lease.
            for damaged in ["garbage", "-9223372036854775808 x", "9223372036854775807 x", "12 ", " a", ""] {
                try await store.transaction { try $0.setCursor(Lease.storedName("telegram"), to: damaged) }
                let read = try await store.transaction { try $0.lease("telegram") }
                #expect(read == nil || read?.holder == "x", "\(damaged)")
                let overDamaged = try await store.transaction {
                    try $0.takeLease("telegram", holder: "c", until: t0.addingTimeInterval(length), at: t0)
                }
                #expect(overDamaged.holder == "c", "\(damaged)")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func ofManyInstancesTakingAFreeLeaseAtOnceExactlyOneWins(_ kind: StoreKind) async throws {
        // Twelve connections to one database (one file), as twelve processes have.
        try await kind.withSeveral(12) { stores async throws in
            let store = stores[0]
            let holders = try await withThrowingTaskGroup(of: String.self, returning: [String].self) { group in
                for (instance, store) in stores.enumerated() {
                    group.addTask {
                        try await store.transaction {
                            try $0.takeLease("matrix", holder: "i\(instance)", until: t0 + 10, at: t0).holder
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(holders.count == 12)
            #expect(Set(holders).count == 1, "every instance was told the same holder: \(Set(holders).sorted())")
            let stored = try await store.transaction { try $0.lease("matrix") }
            #expect(stored?.holder == holders.first)
        }
    }
}

/// Collects strings from migration closures.
final class LogBox: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ s: String) { storage.withLock { $0.append(s) } }
    var items: [String] { storage.withLock { $0 } }
}
