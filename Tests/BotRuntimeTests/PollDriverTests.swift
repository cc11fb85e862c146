import BotCore
import BotRuntime
import BotSQLite
import BotTesting
import Foundation
import Logging
import Synchronization
import Testing

/// An adapter that answers each poll with the next step of its script, then waits until cancelled.
final class ScriptedAdapter: PlatformAdapter {
    enum Step: Sendable {
        case batch(PolledBatch<String>)
        case failure(ChannelError)
    }

    private struct State {
        var steps: [Step]
        var prepareFailures: [ChannelError]
        var polls: [String?] = []
        var handled: [String] = []
    }

    private let state: Mutex<State>
    let platform: Platform = "scripted"
    var polling: PollingProfile {
        PollingProfile(cursor: "scripted.cursor", lastPoll: "scripted.last_poll", pollTimeout: 1, pollName: "poll")
    }

    init(_ steps: [Step], prepareFailures: [ChannelError] = []) {
        state = Mutex(State(steps: steps, prepareFailures: prepareFailures))
    }

    /// The cursor of each poll, in order.
    var polls: [String?] { state.withLock { $0.polls } }
    /// The items handled, in order.
    var handled: [String] { state.withLock { $0.handled } }

    func prepare() async throws {
        if let failure = state.withLock({ $0.prepareFailures.isEmpty ? nil : $0.prepareFailures.removeFirst() }) {
            throw failure
        }
    }

    func poll(after cursor: String?) async throws -> PolledBatch<String> {
        let step = state.withLock { state -> Step? in
            state.polls.append(cursor)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        switch step {
        case .batch(let batch): return batch
        case .failure(let error): throw error
        case nil:
            // The script is over: a long poll that never answers.
            try await Task.sleep(for: .seconds(86_400))
            throw CancellationError()
        }
    }

    func handle(_ item: String) async { state.withLock { $0.handled.append(item) } }

    func send(_ message: OutgoingMessage) async throws {}
}

/// Records each wait the driver asks for, and returns at once (throwing when the task is cancelled).
final class RecordingSleeper: Sendable {
    private let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in
            try Task.checkCancellation()
            waits.withLock { $0.append(duration) }
            await Task.yield()
        }
    }
}

/// A real store that counts its transactions and fails the first `failing` of them.
final class CountingStore: Store {
    struct Unavailable: Error {}
    let base: SQLiteStore
    private let counts: Mutex<(transactions: Int, failing: Int)>

    init(failing: Int = 0) throws {
        base = try SQLiteStore(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("poll-\(UUID().uuidString).sqlite").path
        )
        counts = Mutex((0, failing))
    }

    var transactions: Int { counts.withLock { $0.transactions } }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        let fail = counts.withLock { counts -> Bool in
            counts.transactions += 1
            guard counts.failing > 0 else { return false }
            counts.failing -= 1
            return true
        }
        if fail { throw Unavailable() }
        return try await base.transaction(body)
    }

    func migrate(namespace: String, migrations: [Migration]) async throws -> [Int] {
        try await base.migrate(namespace: namespace, migrations: migrations)
    }

    func close() async { await base.close() }

    func cursor(_ name: String) async throws -> String? { try await base.transaction { try $0.cursor(name) } }
}

/// Receipts the test marks itself.
final class Deliveries: Sendable {
    private let receipts = Mutex<[(message: IncomingMessage, receipt: DeliveryReceipt)]>([])
    /// What each delivery's receipt says at once: nil leaves it to the test.
    private let outcome: @Sendable (Int) -> Bool?

    init(outcome: @escaping @Sendable (Int) -> Bool? = { _ in true }) { self.outcome = outcome }

    var count: Int { receipts.withLock { $0.count } }
    func receipt(_ index: Int) -> DeliveryReceipt? {
        receipts.withLock { $0.indices.contains(index) ? $0[index].receipt : nil }
    }

    var deliver: @Sendable (IncomingMessage) async -> DeliveryReceipt {
        { [self] message in
            let receipt = DeliveryReceipt()
            let index = receipts.withLock { receipts in
                receipts.append((message, receipt))
                return receipts.count - 1
            }
            switch outcome(index) {
            case true?: receipt.markHandled()
            case false?: receipt.markFailed()
            case nil: break
            }
            return receipt
        }
    }
}

func polledMessage(_ id: String) -> IncomingMessage {
    IncomingMessage(
        chat: ChatRef(platform: "scripted", id: "room"), sender: UserRef(platform: "scripted", id: "alice"),
        senderName: "alice", text: "/ping", time: Date(timeIntervalSince1970: 1_636_358_400), messageID: id)
}

/// Runs the driver until `body` returns, then cancels it; returns how `receive` ended.
@discardableResult
func withDriver(
    _ adapter: ScriptedAdapter, store: CountingStore, sleeper: RecordingSleeper, deliveries: Deliveries,
    _ body: @Sendable () async throws -> Void
) async throws -> Result<Void, any Error> {
    let driver = PollDriver(
        adapter, store: store, logger: Logger(label: "poll-test") { _ in SwiftLogNoOpLogHandler() },
        sleep: sleeper.sleep)
    let task = Task { try await driver.receive(deliveries.deliver) }
    do {
        try await body()
    } catch {
        task.cancel()
        throw error
    }
    task.cancel()
    return await task.result
}

@Suite(.timeLimit(.minutes(1))) struct PollDriverTests {
    @Test func theCursorIsCommittedOnlyOnceEveryReceiptSaysHandled() async throws {
        let adapter = ScriptedAdapter([
            .batch(PolledBatch(messages: [polledMessage("1"), polledMessage("2")], items: ["greeting"], cursor: "c1"))
        ])
        let store = try CountingStore()
        let deliveries = Deliveries { _ in nil }
        try await withDriver(adapter, store: store, sleeper: RecordingSleeper(), deliveries: deliveries) {
            () async throws in
            let held = await eventually { deliveries.count == 2 && adapter.handled == ["greeting"] }
            #expect(held)
            deliveries.receipt(0)?.markHandled()
            // One receipt of two: the driver waits, commits nothing and does not poll on.
            let noSecondPoll = !(await eventually(timeout: .milliseconds(300)) { adapter.polls.count > 1 })
            #expect(noSecondPoll)
            #expect(try await store.cursor("scripted.cursor") == nil)
            deliveries.receipt(1)?.markHandled()
            let held2 = await eventually { adapter.polls == [nil, "c1"] }
            #expect(held2)
            #expect(try await store.cursor("scripted.cursor") == "c1")
            #expect(try await store.cursor("scripted.last_poll") != nil)
        }
        await store.close()
    }

    @Test func aBatchWithAnUnhandledMessageIsPolledAgainAfterTheSameCursor() async throws {
        let batch = PolledBatch<String>(messages: [polledMessage("1")], cursor: "c1")
        let adapter = ScriptedAdapter([.batch(batch), .batch(batch)])
        let store = try CountingStore()
        let sleeper = RecordingSleeper()
        // The first delivery's reply could not be queued; the second is handled.
        let deliveries = Deliveries { $0 > 0 }
        try await withDriver(adapter, store: store, sleeper: sleeper, deliveries: deliveries) { () async throws in
            let held = await eventually { adapter.polls.count == 3 }
            #expect(held)
            #expect(adapter.polls == [nil, nil, "c1"])
            #expect(sleeper.recorded == [.milliseconds(500)])
            #expect(try await store.cursor("scripted.cursor") == "c1")
        }
        await store.close()
    }

    @Test func aFailingPollBacksOffByTheOneRuleAndASuccessResetsIt() async throws {
        let adapter = ScriptedAdapter([
            .failure(.transient("HTTP 502")), .failure(.transient("timed out")), .failure(.rateLimited(retryAfter: 7)),
            .batch(PolledBatch(cursor: "c1")), .failure(.transient("HTTP 502")),
        ])
        let store = try CountingStore()
        let sleeper = RecordingSleeper()
        try await withDriver(adapter, store: store, sleeper: sleeper, deliveries: Deliveries()) { () async throws in
            let held = await eventually { adapter.polls.count == 6 }
            #expect(held)
            #expect(adapter.polls == [nil, nil, nil, nil, "c1", "c1"])
            // 0.5 s doubling; a rate limit waits its hint; after a good poll the count starts again.
            #expect(sleeper.recorded == [.milliseconds(500), .seconds(1), .seconds(7), .milliseconds(500)])
        }
        await store.close()
    }

    @Test func aBatchThatCannotBeConfirmedBacksOffAsAStall() async throws {
        let stuck = PolledBatch<String>(messages: [polledMessage("1")], cursor: nil)
        let adapter = ScriptedAdapter([
            .batch(stuck), .batch(stuck), .batch(PolledBatch(messages: [polledMessage("2")], cursor: "c2")),
        ])
        let store = try CountingStore()
        let sleeper = RecordingSleeper()
        try await withDriver(adapter, store: store, sleeper: sleeper, deliveries: Deliveries()) { () async throws in
            let held = await eventually { adapter.polls.count == 4 }
            #expect(held)
            #expect(adapter.polls == [nil, nil, nil, "c2"])
            #expect(sleeper.recorded == [.milliseconds(500), .seconds(1)])
            #expect(try await store.cursor("scripted.cursor") == "c2")
        }
        await store.close()
    }

    @Test func aPollThatBringsNothingNewPausesAndRecordsThePollTimeOncePerMinute() async throws {
        let store = try CountingStore()
        try await store.base.transaction { try $0.setCursor("scripted.cursor", to: "c0") }
        let adapter = ScriptedAdapter([.batch(PolledBatch(cursor: "c0")), .batch(PolledBatch(cursor: "c0"))])
        let sleeper = RecordingSleeper()
        try await withDriver(adapter, store: store, sleeper: sleeper, deliveries: Deliveries()) { () async throws in
            let held = await eventually { adapter.polls.count == 3 }
            #expect(held)
            #expect(adapter.polls == ["c0", "c0", "c0"])
            #expect(sleeper.recorded.count == 2)
            let holds = sleeper.recorded.allSatisfy { $0 <= PlatformValues.idlePollSpacing }
            #expect(holds)
            // One read of the cursor, one record of the poll time; the second idle poll writes nothing.
            #expect(store.transactions == 2)
            #expect(try await store.cursor("scripted.last_poll") != nil)
        }
        await store.close()
    }

    @Test func theCursorIsReadFromTheStoreUntilItAnswers() async throws {
        let store = try CountingStore(failing: 2)
        try await store.base.transaction { try $0.setCursor("scripted.cursor", to: "c7") }
        let adapter = ScriptedAdapter([])
        let sleeper = RecordingSleeper()
        try await withDriver(adapter, store: store, sleeper: sleeper, deliveries: Deliveries()) { () async throws in
            let held = await eventually { adapter.polls.count == 1 }
            #expect(held)
            #expect(adapter.polls == ["c7"])
            #expect(sleeper.recorded == [.seconds(1), .seconds(1)])
        }
        await store.close()
    }

    @Test func unauthorizedEndsTheLoopWithTheError() async throws {
        let store = try CountingStore()
        let sleeper = RecordingSleeper()
        let polling = ScriptedAdapter([.failure(.unauthorized("the token was refused"))])
        let driver = PollDriver(
            polling, store: store, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }, sleep: sleeper.sleep)
        await #expect(throws: ChannelError.unauthorized("the token was refused")) {
            try await driver.receive(Deliveries().deliver)
        }
        #expect(polling.polls == [nil])
        // At start-up too, after a fault that is retried.
        let starting = ScriptedAdapter([], prepareFailures: [.transient("HTTP 502"), .unauthorized("wrong user")])
        let starter = PollDriver(
            starting, store: store, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }, sleep: sleeper.sleep)
        await #expect(throws: ChannelError.unauthorized("wrong user")) {
            try await starter.receive(Deliveries().deliver)
        }
        #expect(starting.polls.isEmpty)
        #expect(sleeper.recorded == [.milliseconds(500)])
        await store.close()
    }

    @Test func cancellationEndsTheLoopWhilePollingAndWhileWaitingForReceipts() async throws {
        let store = try CountingStore()
        // While a poll is open.
        let idle = ScriptedAdapter([])
        let whilePolling = try await withDriver(
            idle, store: store, sleeper: RecordingSleeper(), deliveries: Deliveries()
        ) { () async throws in
            let held = await eventually { idle.polls.count == 1 }
            #expect(held)
        }
        #expect(idle.polls.count == 1)
        if case .failure(let error) = whilePolling { #expect(error is CancellationError) }
        // While a receipt is outstanding: the loop ends, and the batch is not confirmed.
        let waiting = ScriptedAdapter([.batch(PolledBatch(messages: [polledMessage("1")], cursor: "c1"))])
        let deliveries = Deliveries { _ in nil }
        let sleeper = RecordingSleeper()
        try await withDriver(waiting, store: store, sleeper: sleeper, deliveries: deliveries) { () async throws in
            let held = await eventually { deliveries.count == 1 }
            #expect(held)
        }
        #expect(waiting.polls == [nil])
        #expect(sleeper.recorded.isEmpty)
        #expect(try await store.cursor("scripted.cursor") == nil)
        await store.close()
    }
}
