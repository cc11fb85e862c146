import BotCore
import Foundation
import Logging
import Synchronization

/// Keeps a message or job that kills the process from killing it again and again.
///
/// Platforms deliver a message again until the bot confirms it, and the scheduler fires a job again until it is
/// marked done; a handling that crashes the process would therefore crash every restart. So every handling is
/// recorded in the store as *started* before any plugin code runs and forgotten when it ends (whatever its
/// outcome). A handling found started-and-unfinished `limit` times was cut short by the process dying each
/// time: it is not run again but *quarantined* (recorded, logged without its text, its sender and the report
/// chats told once), and the channel's cursor moves past it as for any handled message.
///
/// A handling found started once before is a *suspect* and runs alone (`SuspectGate`): when the process dies
/// again, only the suspect was running, so messages of other chats that happened to be in flight at the first
/// crash are not blamed.
public struct CrashGuard: Sendable {
    /// Unfinished starts after which a handling is quarantined: the process died twice while running it.
    public static let limit = 2
    /// The store namespace of the runtime's own records (plugin names never start with `_`).
    static let namespace = "_runtime"
    static let attempts = "attempts"
    static let quarantine = "quarantine"

    /// What was set aside, as `workshop-bot status` and the report chats show it. Never the message's text.
    public struct Entry: Codable, Sendable, Hashable {
        /// The delivery key (`msg:telegram:-100…:42`) or the job key (`job:17`).
        public var key: String
        /// `message` or `job`.
        public var kind: String
        /// The chat it came from or was meant for.
        public var chat: String?
        /// Who sent it (messages only).
        public var user: String?
        /// The command's name (`/vote`), a listener, or the job's owner and kind.
        public var what: String
        /// When it was quarantined.
        public var at: Date
        /// The reference id of the log line.
        public var ref: String
    }

    /// A handling's unfinished starts so far, by earlier runs of the process, and the run that made the last.
    struct Attempt: Codable, Equatable {
        var count: Int
        var since: Date
        var run: String

        /// Stored as `count seconds-since-2001 run` (one record is written per handling, so not as JSON);
        /// a record an older build wrote as JSON still reads.
        var stored: Data { Data("\(count) \(since.timeIntervalSinceReferenceDate) \(run)".utf8) }

        init(count: Int, since: Date, run: String) {
            self.count = count
            self.since = since
            self.run = run
        }

        /// The attempt in a stored record; nil when it does not read.
        init?(stored data: Data) {
            if data.first == UInt8(ascii: "{") {
                guard let decoded = try? JSONDecoder().decode(Attempt.self, from: data) else { return nil }
                self = decoded
                return
            }
            let fields = String(decoding: data, as: UTF8.self).split(
                separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let count = Int(fields[0]), let seconds = Double(fields[1]), seconds.isFinite
            else { return nil }
            self.init(count: count, since: Date(timeIntervalSinceReferenceDate: seconds), run: String(fields[2]))
        }
    }

    /// What `begin` decided.
    enum Verdict: Sendable, Equatable {
        /// Run it; `alone` when an earlier start of it never finished.
        case proceed(alone: Bool)
        /// An earlier run started it and never finished: count this start only once it runs alone (a suspect
        /// waiting for the gate is not to blame when the process dies meanwhile).
        case suspect
        /// Quarantined now: tell the sender and the report chats.
        case quarantined(Entry)
        /// Quarantined before (delivered again): do nothing.
        case skip

        /// Whether the handling was set aside (now or before).
        var setAside: Bool {
            if case .proceed = self { return false }
            return true
        }
    }

    let store: any Store
    let logger: Logger
    let gate = SuspectGate()
    /// Finished handlings whose start is still recorded: forgotten in the next `begin`'s transaction (or by
    /// `flush`), so a handling costs the store one write, not two. A crash before that leaves a finished
    /// handling looking unfinished; delivered again, it then only runs alone once.
    let finished = FinishedHandlings()
    /// This process's run: a start made by this run is never counted against a handling (the same job fired
    /// twice at once, or a message handled again after its reply could not be queued, is no crash).
    let run = UUID().uuidString

    init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Records the start of a handling of `entry.key`, or quarantines it after `limit` unfinished starts; a
    /// suspect is only recorded once it runs `alone`. A store that cannot be written lets the handling run (the
    /// guard must not stop the bot by itself).
    func begin(_ entry: Entry, alone: Bool = false) async -> Verdict {
        let limit = Self.limit
        let run = self.run
        let forget = finished.take()
        do {
            return try await store.transaction { tx -> Verdict in
                for key in forget {
                    try tx.deleteRecord(namespace: Self.namespace, collection: Self.attempts, key: key)
                }
                return try Self.start(entry, alone: alone, limit: limit, run: run, in: tx)
            }
        } catch {
            logger.error("handling start not recorded", metadata: ["key": "\(entry.key)", "error": "\(error)"])
            return .proceed(alone: false)
        }
    }

    /// `begin` for several handlings about to run side by side (the outbox's batch), in one transaction: each
    /// gets the verdict `begin` would give it. Should the process die while they run, every one not finished
    /// is a suspect at the next start and runs alone then, so only the one that kills the process again is
    /// set aside.
    func beginAll(_ entries: [Entry]) async -> [Verdict] {
        guard !entries.isEmpty else { return [] }
        let limit = Self.limit
        let run = self.run
        let forget = finished.take()
        do {
            return try await store.transaction { tx -> [Verdict] in
                for key in forget {
                    try tx.deleteRecord(namespace: Self.namespace, collection: Self.attempts, key: key)
                }
                return try entries.map { try Self.start($0, alone: false, limit: limit, run: run, in: tx) }
            }
        } catch {
            logger.error(
                "handling starts not recorded", metadata: ["count": "\(entries.count)", "error": "\(error)"])
            return entries.map { _ in .proceed(alone: false) }
        }
    }

    /// Records in `tx` the start of a handling of `entry.key` by this `run`, and decides (see `begin`).
    private static func start(_ entry: Entry, alone: Bool, limit: Int, run: String, in tx: any StoreTransaction)
        throws -> Verdict
    {
        let key = entry.key
        if try tx.record(namespace: namespace, collection: quarantine, key: key) != nil {
            return .skip
        }
        let data = try tx.record(namespace: namespace, collection: attempts, key: key)
        var attempt =
            data.flatMap(Attempt.init(stored:)) ?? Attempt(count: 0, since: entry.at, run: "")
        if attempt.run == run { return .proceed(alone: alone) }
        if attempt.count > 0, !alone { return .suspect }
        if attempt.count >= limit {
            try tx.putRecord(
                namespace: namespace, collection: quarantine, key: key, value: try JSONEncoder().encode(entry))
            try tx.deleteRecord(namespace: namespace, collection: attempts, key: key)
            return .quarantined(entry)
        }
        attempt.count += 1
        attempt.run = run
        try tx.putRecord(namespace: namespace, collection: attempts, key: key, value: attempt.stored)
        return .proceed(alone: alone)
    }

    /// Marks a handling finished (also one cut short by a shutdown: only a dying process counts); its start is
    /// forgotten with the next `begin` or `flush`.
    func end(_ key: String) {
        finished.add(key)
    }

    /// Forgets the starts of every finished handling now (at shutdown, and for tests).
    func flush() async {
        let forget = finished.take()
        guard !forget.isEmpty else { return }
        do {
            try await store.transaction { tx in
                for key in forget {
                    try tx.deleteRecord(namespace: Self.namespace, collection: Self.attempts, key: key)
                }
            }
        } catch {
            logger.error(
                "finished handlings not recorded", metadata: ["count": "\(forget.count)", "error": "\(error)"])
        }
    }

    /// Runs `body` as a guarded handling of `entry`: recorded before, forgotten after, alone when a suspect.
    /// Returns the verdict when the handling was not run.
    func run(_ entry: Entry, _ body: () async -> Void) async -> Verdict? {
        await run(entry, begun: await begin(entry), body)
    }

    /// `run` for a handling whose start `beginAll` already recorded, with the verdict it gave.
    func run(_ entry: Entry, begun: Verdict, _ body: () async -> Void) async -> Verdict? {
        var verdict = begun
        if case .suspect = verdict {
            logger.warning(
                "running alone a handling cut short by an earlier crash",
                metadata: ["key": "\(entry.key)", "what": "\(entry.what)"])
            await gate.enter(alone: true)
            verdict = await begin(entry, alone: true)
            guard case .proceed = verdict else {
                gate.leave(alone: true)
                return verdict
            }
            await body()
            // Finished before the gate lets the next suspect in, whose start then forgets this one's: if the
            // process dies while that suspect runs alone, this handling is not counted again.
            end(entry.key)
            gate.leave(alone: true)
        } else {
            guard case .proceed = verdict else { return verdict }
            await gate.enter(alone: false)
            await body()
            end(entry.key)
            gate.leave(alone: false)
        }
        return nil
    }

    /// Logs a quarantine and tells the report chats once (keyed, so a restart does not tell them twice).
    static func report(
        _ entry: Entry, to chats: [ChatRef], logger: Logger, texts: @Sendable (ChatRef) -> Texts,
        send: Dispatcher.Send
    ) async {
        logger.error(
            "set aside: its handling stopped the bot \(limit) times",
            metadata: [
                "ref": "\(entry.ref)", "kind": "\(entry.kind)", "key": "\(entry.key)", "what": "\(entry.what)",
                "chat": "\(entry.chat ?? "-")",
            ])
        for (index, chat) in chats.enumerated() {
            let texts = texts(chat)
            let kind = texts.has("runtime.kind.\(entry.kind)") ? texts.plain("runtime.kind.\(entry.kind)") : entry.kind
            let line = texts(
                "runtime.set-aside-report",
                [
                    "kind": .text(kind), "command": .text(entry.what),
                    "from": .text(entry.user.map { texts.plain("runtime.set-aside-from", ["user": .text($0)]) } ?? ""),
                    "place": .text(entry.chat.map { texts.plain("runtime.set-aside-in", ["chat": .text($0)]) } ?? ""),
                    "limit": .number(limit), "ref": .text(entry.ref),
                ])
            _ = await send(
                OutgoingMessage(chat: chat, reply: Reply(lines: [line], isNotice: true)),
                "quarantine:\(entry.key)#\(index)")
        }
    }

    /// Everything quarantined, newest first (for `workshop-bot status`).
    public static func quarantined(in tx: any RecordStore) throws -> [Entry] {
        try tx.records(namespace: namespace, collection: quarantine, keyPrefix: "")
            .compactMap { try? JSONDecoder().decode(Entry.self, from: $0.value) }
            .sorted { $0.at > $1.at }
    }

    /// Forgets starts and quarantine records older than `time` (platforms re-deliver within a day).
    static func prune(before time: Date, in tx: any RecordStore) throws -> Int {
        var pruned = 0
        for (key, value) in try tx.records(namespace: namespace, collection: attempts, keyPrefix: "") {
            let since = Attempt(stored: value)?.since ?? .distantPast
            if since < time, try tx.deleteRecord(namespace: namespace, collection: attempts, key: key) { pruned += 1 }
        }
        for (key, value) in try tx.records(namespace: namespace, collection: quarantine, keyPrefix: "") {
            let at = (try? JSONDecoder().decode(Entry.self, from: value))?.at ?? .distantPast
            if at < time, try tx.deleteRecord(namespace: namespace, collection: quarantine, key: key) { pruned += 1 }
        }
        return pruned
    }
}

/// The keys of finished handlings not yet forgotten in the store.
final class FinishedHandlings: Sendable {
    private let keys = Mutex<[String]>([])

    func add(_ key: String) { keys.withLock { $0.append(key) } }

    /// Every key added since the last call.
    func take() -> [String] {
        keys.withLock { keys in
            defer { keys = [] }; return keys
        }
    }
}

/// Lets handlings run side by side, except the ones that must run alone, which wait for the others to finish
/// and keep new ones out until they are done. First come, first served, so neither kind starves.
final class SuspectGate: Sendable {
    private struct State: Sendable {
        var running = 0
        var alone = false
        var queue: [(alone: Bool, continuation: CheckedContinuation<Void, Never>)] = []

        /// Lets a handling in at once when nothing queued is ahead of it and it fits.
        mutating func admit(alone wantsAlone: Bool) -> Bool {
            guard queue.isEmpty, !alone, !(wantsAlone && running > 0) else { return false }
            if wantsAlone { alone = true } else { running += 1 }
            return true
        }
    }

    private let state = Mutex(State())

    /// How many handlings wait to enter (for tests).
    var waiting: Int { state.withLock { $0.queue.count } }

    func enter(alone: Bool) async {
        if state.withLock({ $0.admit(alone: alone) }) { return }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.admit(alone: alone) { return true }
                state.queue.append((alone, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    func leave(alone: Bool) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if alone { state.alone = false } else { state.running -= 1 }
            var ready: [CheckedContinuation<Void, Never>] = []
            while let next = state.queue.first, !state.alone {
                if next.alone {
                    guard state.running == 0 else { break }
                    state.alone = true
                } else {
                    state.running += 1
                }
                state.queue.removeFirst()
                ready.append(next.continuation)
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }
}
