import BotCore
import Foundation

/// One open `MemoryStore` transaction: works on its own copy of the state; invalid once the body returned.
final class MemoryTransaction: StoreTransaction {
    var state: MemoryState
    var isOpen = true

    init(state: MemoryState) { self.state = state }

    private func checkOpen() throws {
        guard isOpen else { throw StoreError("transaction", "used after the transaction ended") }
    }

    // MARK: Records

    func record(namespace: String, collection: String, key: String) throws -> Data? {
        try checkOpen()
        return state.records[.init(namespace: StoreKey(namespace), collection: StoreKey(collection))]?[StoreKey(key)]
    }

    func putRecord(namespace: String, collection: String, key: String, value: Data) throws {
        try checkOpen()
        state.records[.init(namespace: StoreKey(namespace), collection: StoreKey(collection)), default: [:]][
            StoreKey(key)] =
            value
    }

    func deleteRecord(namespace: String, collection: String, key: String) throws -> Bool {
        try checkOpen()
        let address = MemoryState.Collection(namespace: StoreKey(namespace), collection: StoreKey(collection))
        guard state.records[address]?.removeValue(forKey: StoreKey(key)) != nil else { return false }
        if state.records[address]?.isEmpty == true { state.records[address] = nil }
        return true
    }

    func records(namespace: String, collection: String, keyPrefix: String) throws -> [(key: String, value: Data)] {
        try checkOpen()
        let rows = state.records[.init(namespace: StoreKey(namespace), collection: StoreKey(collection))] ?? [:]
        return rows.filter { $0.key.isInPrefixRange(of: keyPrefix) }
            .sorted { $0.key < $1.key }
            .map { (key: $0.key.text, value: $0.value) }
    }

    // MARK: Handled keys

    func recordHandled(_ key: String, at time: Date) throws -> Bool {
        try checkOpen()
        let time = try StoredTime.rounded(time)
        guard state.handled[StoreKey(key)] == nil else { return false }
        state.handled[StoreKey(key)] = time
        return true
    }

    func pruneHandled(before time: Date) throws -> Int {
        try checkOpen()
        let time = try StoredTime.rounded(time)
        let old = state.handled.filter { $0.value < time }
        for key in old.keys { state.handled[key] = nil }
        return old.count
    }

    // MARK: Jobs

    func insertJob(_ job: NewJob, at time: Date) throws -> Int64 {
        try checkOpen()
        let time = try StoredTime.rounded(time)
        let dueAt = try StoredTime.rounded(job.dueAt)
        let grace = try job.grace.map { Double(try StoredTime.graceMillis($0)) / 1000 }
        if let key = job.key {
            for (id, pending) in state.jobs
            where pending.state == .pending && Self.same(pending.owner, job.owner)
                && pending.key.map({ Self.same($0, key) }) == true
            {
                state.jobs[id]?.state = .cancelled
                state.jobs[id]?.finishedAt = time
                state.jobs[id]?.note = "replaced"
            }
        }
        state.lastJobID += 1
        let id = state.lastJobID
        // The chat is kept as its text and read back parsed, as a database column keeps it.
        state.jobs[id] = ScheduledJob(
            id: id, owner: job.owner, kind: job.kind, key: job.key, dueAt: dueAt,
            chat: job.chat.flatMap { ChatRef(parsing: $0.description) }, payload: job.payload, grace: grace,
            state: .pending, createdAt: time, finishedAt: nil, note: nil)
        return id
    }

    func jobs(_ query: JobQuery) throws -> [ScheduledJob] {
        try checkOpen()
        let dueBy = try query.dueBy.map(StoredTime.rounded)
        var selected: [ScheduledJob]
        if let id = query.id {
            selected = state.jobs[id].map { [$0] } ?? []
        } else {
            selected = Array(state.jobs.values)
        }
        selected.removeAll { job in
            !query.states.contains(job.state)
                || query.owner.map { !Self.same(job.owner, $0) } == true
                || (!query.keyPrefix.isEmpty
                    && job.key.map { StoreKey($0).isInPrefixRange(of: query.keyPrefix) } != true)
                || dueBy.map { job.dueAt > $0 } == true
        }
        selected.sort { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
        if let limit = query.limit { selected = Array(selected.prefix(max(0, limit))) }
        return selected
    }

    func moveJob(id: Int64, from: JobState, to: JobState, at time: Date, note: String?) throws -> Bool {
        try checkOpen()
        let time = try StoredTime.rounded(time)
        guard var job = state.jobs[id], job.state == from else { return false }
        if to == .pending, from != .pending, let key = job.key,
            state.jobs.values.contains(where: {
                $0.state == .pending && Self.same($0.owner, job.owner) && $0.key.map { Self.same($0, key) } == true
            })
        {
            // The uniqueness a database index keeps: one pending job per owner and key.
            throw StoreError("move a job", "a pending job of \(job.owner) already has the key \(key)")
        }
        job.state = to
        job.finishedAt = time
        job.note = note
        state.jobs[id] = job
        return true
    }

    /// Text equality as the store compares text: byte for byte.
    private static func same(_ left: String, _ right: String) -> Bool { left.utf8.elementsEqual(right.utf8) }

    // MARK: Outbox

    func enqueueOutgoing(_ message: OutgoingMessage, key: String?, at time: Date) throws -> Bool {
        try checkOpen()
        let time = try StoredTime.rounded(time)
        let payload = OutboxPayload.encode(message)
        let storeKey = key.map(StoreKey.init)
        if let storeKey, state.outboxKeys[storeKey] != nil { return false }
        state.lastOutboxID += 1
        let id = state.lastOutboxID
        state.outbox[id] = MemoryState.OutboxEntry(
            key: storeKey, platform: StoreKey(message.chat.platform.rawValue), payload: payload, sent: nil,
            queuedAt: time)
        if let storeKey { state.outboxKeys[storeKey] = id }
        return true
    }

    func pendingOutgoing(platform: Platform, limit: Int) throws -> [QueuedMessage] {
        try checkOpen()
        let platform = StoreKey(platform.rawValue)
        return try state.outbox.filter { $0.value.sent == nil && $0.value.platform == platform }
            .sorted { $0.key < $1.key }
            .prefix(max(0, limit))
            .map {
                QueuedMessage(
                    id: $0.key, message: try OutboxPayload.decode($0.value.payload),
                    queuedAt: $0.value.queuedAt)
            }
    }

    func finishOutgoing(id: Int64, sent: Bool, at time: Date, note: String?) throws {
        try checkOpen()
        let time = try StoredTime.rounded(time)
        guard var entry = state.outbox[id], entry.sent == nil else { return }
        entry.sent = sent
        entry.finishedAt = time
        entry.note = note
        state.outbox[id] = entry
    }

    func pruneOutgoing(before time: Date) throws -> Int {
        try checkOpen()
        let time = try StoredTime.rounded(time)
        let old = state.outbox.filter { entry in
            entry.value.sent != nil && entry.value.finishedAt.map { $0 < time } == true
        }
        for (id, entry) in old {
            state.outbox[id] = nil
            if let key = entry.key { state.outboxKeys[key] = nil }
        }
        return old.count
    }

    // MARK: Channel state

    func cursor(_ name: String) throws -> String? {
        try checkOpen()
        return state.cursors[StoreKey(name)]?.value
    }

    func setCursor(_ name: String, to value: String?, expiresAt: Date?) throws {
        try checkOpen()
        guard let value else {
            state.cursors[StoreKey(name)] = nil
            return
        }
        state.cursors[StoreKey(name)] = MemoryState.ChannelValue(
            value: value, expiresAt: try expiresAt.map(StoredTime.rounded))
    }

    func pruneCursors(expiredBy time: Date) throws -> Int {
        try checkOpen()
        let time = try StoredTime.rounded(time)
        let expired = state.cursors.filter { $0.value.expiresAt.map { $0 <= time } == true }
        for name in expired.keys { state.cursors[name] = nil }
        return expired.count
    }
}
