import BotCore
import Foundation
import Logging
import Synchronization

/// Takes, renews and gives up this instance's leases, so that of several instances sharing one store exactly
/// one polls each platform account, sends its replies and fires the scheduled jobs (`Lease`).
///
/// Every `renewInterval` it tries to take or renew every lease it knows, in one store transaction: a standby
/// takes a lease the moment it has lapsed. A lease counts as held here only until `length` minus one renewal
/// interval after the attempt that won it began, so an instance that cannot reach the store stops before
/// another can take over. (Both are wall-clock times, as the other instances read them: the instances'
/// clocks are kept by NTP.) On a graceful stop it gives its leases up, and a standby takes them at its next
/// attempt. With the defaults (10 s leases renewed every 2 s), a killed holder's duties resume elsewhere
/// within about 12 s.
public final class LeaseKeeper: Sendable {
    /// This instance's name in the store (`workshop-bot status` shows it).
    public let instance: String
    /// The leases it competes for, in the order they were added.
    public var names: [String] { state.withLock { $0.names } }
    /// How long a taken lease lasts unless renewed.
    public let length: Duration
    /// How often the leases are renewed (held) or tried (standby).
    public let renewInterval: Duration
    let store: any Store
    let logger: Logger
    /// The wall clock the expiries are written and checked by (injectable so tests need not wait).
    let now: @Sendable () -> Date

    private struct State {
        var names: [String]
        /// Until when each held lease counts as held here.
        var heldUntil: [String: Date] = [:]
        /// The lease in force at the last attempt, for readiness and logs.
        var seen: [String: Lease] = [:]
        /// The last attempt's store error, if it failed.
        var storeProblem: String?
    }

    private let state: Mutex<State>

    public init(
        instance: String, names: [String] = [Lease.scheduler], store: any Store, logger: Logger,
        length: Duration = .seconds(10),
        renewInterval: Duration = .seconds(2), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.now = now
        self.instance = instance
        self.state = Mutex(State(names: names))
        self.store = store
        self.logger = logger
        self.length = length
        self.renewInterval = min(renewInterval, length / 3)
    }

    /// The default instance name: the host's name and the process id, unique among running processes.
    public static func defaultInstanceName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Adds `name` to the leases competed for (a polled channel adds its platform's), from the next attempt.
    public func compete(for name: String) {
        state.withLock { if !$0.names.contains(name) { $0.names.append(name) } }
    }

    /// Whether this instance holds `name` now.
    public func holds(_ name: String) -> Bool {
        let time = now()
        return state.withLock { state in state.heldUntil[name].map { time < $0 } ?? false }
    }

    /// Returns once this instance holds `name`; throws `CancellationError` when the task is cancelled first.
    public func waitUntilHeld(_ name: String) async throws {
        while !holds(name) {
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Where `name` stands, for `/readyz`: "held here", or the standby's view of who holds it.
    public func describe(_ name: String) -> String {
        if holds(name) { return "held by this instance (\(instance))" }
        return state.withLock { state in
            if let problem = state.storeProblem { return "standby: the store did not answer (\(problem))" }
            guard let lease = state.seen[name], lease.holder != instance else { return "standby: not taken yet" }
            return "standby: held by \(lease.holder) until \(lease.expiresAt.formatted(.iso8601))"
        }
    }

    /// Tries to take or renew every lease once; what this instance holds afterwards.
    @discardableResult
    public func attempt() async -> Set<String> {
        let began = now()
        let until = began.addingTimeInterval(Self.seconds(length))
        let instance = self.instance
        let names = self.names
        do {
            let leases = try await store.transaction { tx in
                try names.map { try tx.takeLease($0, holder: instance, until: until, at: began) }
            }
            let validUntil = began.addingTimeInterval(Self.seconds(length - renewInterval))
            let (gained, lost) = state.withLock { state -> ([String], [String]) in
                state.storeProblem = nil
                var gained: [String] = []
                var lost: [String] = []
                for lease in leases {
                    let before = state.heldUntil[lease.name].map { began < $0 } ?? false
                    state.seen[lease.name] = lease
                    if lease.holder == instance {
                        state.heldUntil[lease.name] = validUntil
                        if !before { gained.append(lease.name) }
                    } else {
                        state.heldUntil[lease.name] = nil
                        if before { lost.append(lease.name) }
                    }
                }
                return (gained, lost)
            }
            for name in gained {
                logger.notice("lease taken", metadata: ["lease": "\(name)", "instance": "\(instance)"])
            }
            for name in lost {
                logger.warning("lease lost", metadata: ["lease": "\(name)", "instance": "\(instance)"])
            }
        } catch {
            state.withLock { $0.storeProblem = "\(error)" }
            logger.error("leases not renewed", metadata: ["error": "\(error)"])
        }
        return Set(names.filter(holds))
    }

    /// Keeps the leases until the task is cancelled, then gives up those held.
    public func run() async {
        while !Task.isCancelled {
            await attempt()
            try? await Task.sleep(for: renewInterval)
        }
        await release()
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Gives up every lease this instance holds.
    public func release() async {
        let held = names.filter(holds)
        state.withLock { $0.heldUntil = [:] }
        guard !held.isEmpty else { return }
        let instance = self.instance
        do {
            try await store.transaction { tx in for name in held { try tx.releaseLease(name, holder: instance) } }
            logger.notice("leases given up", metadata: ["leases": "\(held)", "instance": "\(instance)"])
        } catch {
            logger.error("leases not given up; they lapse by themselves", metadata: ["error": "\(error)"])
        }
    }
}
