import BotCore
import BotRuntime
import BotTesting
import Foundation
import Logging
import Synchronization
import Testing

private let quiet = Logger(label: "lease-test") { _ in SwiftLogNoOpLogHandler() }

@Suite(.timeLimit(.minutes(1))) struct LeaseTests {
    @Test func aStandbyTakesOverAGivenUpLeaseAtOnceAndALapsedOneOnlyOnceItHasLapsed() async throws {
        let store = try CountingStore()
        let time = WallTime()
        let a = LeaseKeeper(instance: "a", store: store, logger: quiet, length: .seconds(10), clock: time.clock)
        let b = LeaseKeeper(instance: "b", store: store, logger: quiet, length: .seconds(10), clock: time.clock)
        a.compete(for: "telegram")
        b.compete(for: "telegram")
        #expect(await a.attempt() == [Lease.scheduler, "telegram"])
        #expect(await b.attempt() == [])
        #expect(b.describe("telegram").hasPrefix("standby: held by a until "))
        #expect(a.describe("telegram") == "held by this instance (a)")
        // A graceful stop gives the leases up: the standby takes them at its next attempt.
        await a.release()
        #expect(!a.holds("telegram"))
        #expect(await b.attempt() == [Lease.scheduler, "telegram"])
        // b is killed (it renews no more): a is refused until b's lease has lapsed, then takes it.
        time.advance(by: 9.9)
        #expect(await a.attempt() == [])
        // b's own view ran out one renewal interval before the lease did: it stopped before a could take over.
        #expect(!b.holds("telegram") && !b.holds(Lease.scheduler))
        time.advance(by: 0.1)
        #expect(await a.attempt() == [Lease.scheduler, "telegram"])
        #expect(await b.attempt() == [])
        let stored = try await store.transaction { tx in
            try [Lease.scheduler, "telegram"].map { try tx.lease($0)?.holder }
        }
        #expect(stored == ["a", "a"])
        await store.close()
    }

    @Test func theLeasesAreTakenTogetherAndAStepRunsBeforeAStandbysDutiesResume() async throws {
        let store = try CountingStore()
        let time = WallTime()
        let a = LeaseKeeper(instance: "a", store: store, logger: quiet, clock: time.clock)
        let b = LeaseKeeper(instance: "b", store: store, logger: quiet, clock: time.clock)
        let gains = Mutex<[String]>([])
        b.whenGained {
            // The duties wait for the step: while it runs, b does not count the leases held yet.
            gains.withLock { $0.append(b.holds(Lease.scheduler) ? "held during the step" : "step") }
        }
        a.compete(for: "telegram")
        #expect(await a.attempt() == [Lease.scheduler, "telegram"])
        // b competes for a lease a does not know yet: it takes nothing while a holds another.
        b.compete(for: "telegram")
        b.compete(for: "matrix")
        #expect(await b.attempt() == [])
        let matrix = try await store.transaction { try $0.lease("matrix") }
        #expect(matrix == nil)
        #expect(b.describe("matrix").hasPrefix("standby: held by a until "))
        await a.release()
        #expect(await b.attempt() == [Lease.scheduler, "telegram", "matrix"])
        #expect(gains.withLock { $0 } == ["step"])
        // Renewing runs no step.
        time.advance(by: 2)
        #expect(await b.attempt() == [Lease.scheduler, "telegram", "matrix"])
        #expect(gains.withLock { $0 } == ["step"])
        await store.close()
    }

    @Test func takingTheLeasesAfterAnotherInstanceHeldThemRunsTheStepEvenIfThisOneNeverSawIt() async throws {
        let store = try CountingStore()
        let time = WallTime()
        let a = LeaseKeeper(instance: "a", store: store, logger: quiet, clock: time.clock)
        let steps = Mutex(0)
        a.whenGained { steps.withLock { $0 += 1 } }
        // The first attempt of the process runs no step: the start-up has just run.
        #expect(await a.attempt() == [Lease.scheduler])
        #expect(steps.withLock { $0 } == 0)
        // a cannot reach the store for a while; b takes the lapsed lease, serves, and stops.
        time.advance(by: 11)
        try await store.transaction { tx in
            _ = try tx.takeLease(Lease.scheduler, holder: "b", until: time.clock.wall() + 10, at: time.clock.wall())
            try tx.releaseLease(Lease.scheduler, holder: "b")
        }
        // a never saw b, but the store no longer named a: the step runs before its duties resume.
        #expect(await a.attempt() == [Lease.scheduler])
        #expect(steps.withLock { $0 } == 1)
        // A renewal of its own lease runs none.
        time.advance(by: 2)
        #expect(await a.attempt() == [Lease.scheduler])
        #expect(steps.withLock { $0 } == 1)
        // A lease far in the future (a damaged or hand-written value) does not keep a standby out.
        try await store.transaction { tx in
            try tx.setCursor(Lease.storedName(Lease.scheduler), to: "99999999999999 intruder")
        }
        #expect(await a.attempt() == [Lease.scheduler])
        await store.close()
    }

    @Test func aWallClockSetBackDoesNotStretchHowLongALeaseCountsHeld() async throws {
        let store = try FailingAfterStore(successes: 1)
        let time = WallTime()
        let keeper = LeaseKeeper(instance: "a", store: store, logger: quiet, clock: time.clock)
        #expect(await keeper.attempt() == [Lease.scheduler])
        time.advance(by: 7.9)
        time.setWallBack(by: 60)
        #expect(keeper.holds(Lease.scheduler))
        time.advance(by: 0.1)
        #expect(!keeper.holds(Lease.scheduler), "8 s of the monotonic clock after the attempt, whatever the wall says")
        await store.close()
    }

    @Test func anInstanceThatCannotReachTheStoreStopsCountingItsLeasesHeld() async throws {
        // Every transaction after the first fails: the renewal cannot happen.
        let store = try FailingAfterStore(successes: 1)
        let time = WallTime()
        let keeper = LeaseKeeper(
            instance: "a", store: store, logger: quiet, length: .seconds(10), renewInterval: .seconds(2),
            clock: time.clock)
        #expect(await keeper.attempt() == [Lease.scheduler])
        time.advance(by: 2)
        #expect(await keeper.attempt() == [Lease.scheduler], "a failed renewal keeps the lease until it runs out")
        #expect(keeper.describe(Lease.scheduler) == "held by this instance (a)")
        time.advance(by: 5.9)
        #expect(keeper.holds(Lease.scheduler))
        time.advance(by: 0.1)
        #expect(await keeper.attempt() == [])
        #expect(keeper.describe(Lease.scheduler).hasPrefix("standby: the store did not answer"))
        await store.close()
    }

    @Test func aPollDriverPollsOnlyWhileItsInstanceHoldsTheLeaseAndGoesOnFromTheHoldersCursor() async throws {
        let adapter = ScriptedAdapter([.batch(PolledBatch(messages: [polledMessage("9")], cursor: "c9"))])
        let store = try CountingStore()
        let other = LeaseKeeper(instance: "other", store: store, logger: quiet)
        other.compete(for: "scripted")
        #expect(await other.attempt() == [Lease.scheduler, "scripted"])
        let mine = LeaseKeeper(
            instance: "mine", store: store, logger: quiet, length: .seconds(30), renewInterval: .milliseconds(100))
        let driver = PollDriver(adapter, store: store, logger: quiet, leases: mine, sleep: RecordingSleeper().sleep)
        mine.compete(for: "scripted")
        let deliveries = Deliveries()
        let keeping = Task { await mine.run() }
        let receiving = Task { try await driver.receive(deliveries.deliver) }
        // A standby is ready (to take over) and does not poll.
        let polledEarly = await eventually(timeout: .milliseconds(500)) { adapter.polls.count > 0 }
        #expect(!polledEarly)
        #expect(driver.readinessProblem == nil)
        // The holder polled meanwhile, then stops gracefully.
        try await store.transaction { try $0.setCursor("scripted.cursor", to: "c8") }
        await other.release()
        let polled = await eventually { adapter.polls.count >= 2 }
        #expect(polled)
        #expect(Array(adapter.polls.prefix(2)) == ["c8", "c9"])
        #expect(deliveries.count == 1)
        receiving.cancel()
        keeping.cancel()
        _ = await receiving.result
        await keeping.value
        // Stopped: its leases were given up.
        let left = try await store.transaction { try $0.lease("scripted") }
        #expect(left == nil)
        await store.close()
    }
}

extension LeaseTests {
    @Test func aPollDriverThatLostItsLeaseMidBatchDoesNotSaveTheBatchsCursor() async throws {
        let adapter = ScriptedAdapter([.batch(PolledBatch(messages: [polledMessage("1")], cursor: "c1"))])
        let store = try CountingStore()
        let mine = LeaseKeeper(instance: "mine", store: store, logger: quiet, length: .seconds(30))
        mine.compete(for: "scripted")
        #expect(await mine.attempt() == [Lease.scheduler, "scripted"])
        let driver = PollDriver(adapter, store: store, logger: quiet, leases: mine, sleep: RecordingSleeper().sleep)
        let deliveries = Deliveries { _ in nil }
        let receiving = Task { try await driver.receive(deliveries.deliver) }
        let delivered = await eventually { deliveries.count == 1 }
        #expect(delivered)
        // While the batch is handled, another instance takes the lease over (this one could not renew it).
        try await store.transaction { tx in
            try tx.setCursor(Lease.storedName("scripted"), to: nil)
            _ = try tx.takeLease("scripted", holder: "other", until: Date() + 30, at: Date())
            try tx.setCursor("scripted.cursor", to: "c7")
        }
        deliveries.receipt(0)?.markHandled()
        let polledAgain = await eventually { adapter.polls.count == 2 }
        #expect(polledAgain)
        // The cursor the new holder saved stays; this instance's older one was not written over it.
        #expect(try await store.cursor("scripted.cursor") == "c7")
        receiving.cancel()
        _ = await receiving.result
        await store.close()
    }

    @Test func anOutboxSenderSendsOnlyWhileItsInstanceHoldsThePlatformsLease() async throws {
        let store = try CountingStore()
        let channel = RecordingChannel(usesOutbox: true)
        let other = LeaseKeeper(instance: "other", store: store, logger: quiet)
        other.compete(for: "test")
        #expect(await other.attempt() == [Lease.scheduler, "test"])
        let mine = LeaseKeeper(
            instance: "mine", store: store, logger: quiet, length: .seconds(30), renewInterval: .milliseconds(100))
        mine.compete(for: "test")
        try await store.transaction { tx in
            for n in 1...3 {
                let message = OutgoingMessage(chat: ChatRef(platform: "test", id: "room"), reply: Reply("reply \(n)"))
                try tx.enqueueOutgoing(message, key: "k\(n)", at: Date())
            }
        }
        let sender = OutboxSender(store: store, channel: channel, logger: quiet, leases: mine)
        let keeping = Task { await mine.run() }
        let sending = Task { await sender.run() }
        // A standby sends nothing of what is queued.
        let sentEarly = await eventually(timeout: .milliseconds(500)) { !channel.sent.isEmpty }
        #expect(!sentEarly)
        // The holder stops; this instance takes over and sends all of it, in order.
        await other.release()
        let sent = await eventually { channel.sent.count == 3 }
        #expect(sent)
        #expect(channel.sent.map(\.reply.lines.first?.plainText) == ["reply 1", "reply 2", "reply 3"])
        sending.cancel()
        keeping.cancel()
        await sending.value
        await keeping.value
        await store.close()
    }
}

/// The scheduler fires jobs only where the scheduler's lease is held.
@Suite(.timeLimit(.minutes(1))) struct SchedulerLeaseTests {
    /// A bot on `store` with one plugin whose "post" jobs post "posted", and `leases` as its instance's.
    static func bot(_ store: any Store, _ channel: RecordingChannel, leases: LeaseKeeper) -> Bot {
        let plugin = LoadedPlugin(
            name: "poster", summary: "posts", commands: [],
            jobHandlers: [
                JobHandler("post") { job, _ in
                    [OutgoingMessage(chat: job.chat ?? ChatRef(platform: "test", id: "room"), reply: Reply("posted"))]
                }
            ])
        return Bot(
            configuration: LoadedConfiguration(plugins: [plugin]), store: store, channels: [channel],
            clock: SystemClock(), logger: quiet, leases: leases)
    }

    static func scheduleDuePost(_ store: any Store) async throws {
        try await store.transaction { tx in
            _ = try tx.insertJob(
                NewJob(
                    owner: "poster", kind: "post", dueAt: Date().addingTimeInterval(-60),
                    chat: ChatRef(platform: "test", id: "room"), payload: Data("{}".utf8)),
                at: Date())
        }
    }

    @Test func aStandbyFiresNothingAndTheNextHolderFiresTheDueJobOnce() async throws {
        let store = try CountingStore()
        let holder = LeaseKeeper(instance: "holder", store: store, logger: quiet)
        #expect(await holder.attempt() == [Lease.scheduler])
        let standby = LeaseKeeper(instance: "standby", store: store, logger: quiet)
        let channel = RecordingChannel()
        let bot = Self.bot(store, channel, leases: standby)
        try await Self.scheduleDuePost(store)
        #expect(await standby.attempt() == [])
        #expect(await bot.scheduler.fireDueJobs() == 0)
        let pending = try await store.transaction { try $0.jobs(owner: "poster", keyPrefix: "", states: [.pending]) }
        #expect(pending.count == 1)
        // The holder stops: the standby takes the lease and fires the job, once.
        await holder.release()
        #expect(await standby.attempt() == [Lease.scheduler])
        #expect(await bot.scheduler.fireDueJobs() == 1)
        #expect(await bot.scheduler.fireDueJobs() == 0)
        let posted = await eventually { channel.sent.count == 1 }
        #expect(posted)
        #expect(channel.sent.map(\.reply.plainText) == ["posted"])
        await store.close()
    }

    /// The console on a shared store: its keeper competes for no lease, so even with nobody else holding the
    /// scheduler's lease it fires no job (the instances running `workshop-bot run` do).
    @Test func anInstanceCompetingForNoLeaseNeverFiresJobs() async throws {
        let store = try CountingStore()
        let console = LeaseKeeper(instance: "console", names: [], store: store, logger: quiet)
        let channel = RecordingChannel()
        let bot = Self.bot(store, channel, leases: console)
        try await Self.scheduleDuePost(store)
        #expect(await console.attempt() == [])
        #expect(!console.holds(Lease.scheduler))
        #expect(await bot.scheduler.fireDueJobs() == 0)
        let lease = try await store.transaction { try $0.lease(Lease.scheduler) }
        #expect(lease == nil)
        #expect(channel.sent.isEmpty)
        await store.close()
    }
}

/// Taking over while a reload runs its start-up steps.
@Suite(.timeLimit(.minutes(1))) struct TakeoverDuringReloadTests {
    /// The start-up steps run on taking over wait for a reload in progress, and then use the configuration it
    /// swapped in: never the old configuration's steps after the new one's.
    @Test func aTakeoverWaitsForTheReloadAndRunsTheNewConfigurationsSteps() async throws {
        let store = try CountingStore()
        let holder = LeaseKeeper(instance: "holder", store: store, logger: quiet)
        #expect(await holder.attempt() == [Lease.scheduler])
        let standby = LeaseKeeper(instance: "standby", store: store, logger: quiet)
        let starts = Mutex<[String]>([])
        let gate = Mutex(false)
        func configuration(_ label: String) -> LoadedConfiguration {
            LoadedConfiguration(plugins: [
                LoadedPlugin(name: "steps", summary: "records its start-up steps", commands: []) { _ in
                    let first = starts.withLock { list -> Bool in
                        list.append(label)
                        return list.filter { $0 == label }.count == 1
                    }
                    // The new configuration's first start-up step (the reload's) waits for the test.
                    if label == "new", first {
                        while !gate.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
                    }
                }
            ])
        }
        let bot = Bot(
            configuration: configuration("old"), store: store, channels: [RecordingChannel()], clock: SystemClock(),
            logger: quiet, leases: standby)
        try await bot.prepare()
        #expect(await standby.attempt() == [])
        let reloading = Task { try await bot.reload(configuration("new")) }
        let inReload = await eventually { starts.withLock { $0 } == ["old", "new"] }
        #expect(inReload)
        await holder.release()
        let taking = Task { await standby.attempt() }
        // While the reload's step runs, the takeover runs no step of its own (neither the old configuration's nor
        // the new one's).
        try await Task.sleep(for: .milliseconds(200))
        #expect(starts.withLock { $0 } == ["old", "new"])
        gate.withLock { $0 = true }
        try await reloading.value
        #expect(await taking.value == [Lease.scheduler])
        #expect(starts.withLock { $0 } == ["old", "new", "new"])
        await store.close()
    }
}

/// Clocks the test moves: the wall clock and the monotonic one together, unless `setWallBack` sets the wall
/// clock back alone.
final class WallTime: Sendable {
    private let time = Mutex((wall: Date(timeIntervalSince1970: 1_800_000_000), uptime: Duration.seconds(100)))

    var clock: LeaseClock {
        LeaseClock(wall: { [self] in time.withLock { $0.wall } }, uptime: { [self] in time.withLock { $0.uptime } })
    }
    func advance(by seconds: TimeInterval) {
        time.withLock {
            $0.wall += seconds
            $0.uptime += .milliseconds(Int64((seconds * 1000).rounded()))
        }
    }
    func setWallBack(by seconds: TimeInterval) { time.withLock { $0.wall -= seconds } }
}

/// A real store whose transactions fail after the first `successes`.
final class FailingAfterStore: Store {
    struct Unreachable: Error {}
    let base: CountingStore
    let successes: Int

    init(successes: Int) throws {
        base = try CountingStore()
        self.successes = successes
    }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        guard base.transactions < successes else { throw Unreachable() }
        return try await base.transaction(body)
    }

    func migrate(namespace: String, migrations: [Migration]) async throws -> [Int] {
        try await base.migrate(namespace: namespace, migrations: migrations)
    }

    func close() async { await base.close() }
}
