import BotCore
import Foundation
import Logging
import Synchronization

/// Takes, renews and gives up this instance's leases, so that of several instances sharing one store exactly
/// one is active: it polls each platform account, sends its replies and fires the scheduled jobs (`Lease`).
///
/// Every `renewInterval` it tries to take or renew all the leases it knows, in one store transaction, and takes
/// them only together: while another instance holds any of them (not lapsed), it takes none and stands by. So
/// one instance does every duty, and what the plugins keep in memory (caches of the store, a feed's copy) is
/// that one instance's. A lease counts as held here only until `length` minus one renewal interval after the
/// attempt that won it began, measured on the monotonic clock, so an instance that cannot reach the store stops
/// before another can take over. When it takes the leases after standing by, `whenGained` runs first (the
/// runtime forgets its caches and runs the plugins' start-up again, as after a restart), then the duties
/// resume. On a graceful stop it gives its leases up, and a standby takes them at its next attempt. With the
/// defaults (10 s leases renewed every 2 s), a killed holder's duties resume elsewhere within about 12 s.
public final class LeaseKeeper: Sendable {
    /// This instance's name in the store (`workshop-bot status` shows it).
    public let instance: String
    /// How long a taken lease lasts unless renewed.
    public let length: Duration
    /// How often the leases are renewed (held) or tried (standby).
    public let renewInterval: Duration
    let store: any Store
    let logger: Logger
    let clock: LeaseClock

    /// The leases it competes for, in the order they were added.
    public var names: [String] { state.withLock { $0.names } }

    private struct State {
        var names: [String]
        /// Until when (monotonic) the leases count as held here; nil while not held.
        var heldUntil: Duration?
        /// The leases in force at the last attempt, for readiness and logs.
        var seen: [String: Lease] = [:]
        /// The last attempt's store error, if it failed.
        var storeProblem: String?
        /// Whether an attempt has succeeded in this process (the first one runs no step: the start-up just ran).
        var attempted = false
        /// Runs when the leases are taken after standing by.
        var whenGained: (@Sendable () async -> Void)?
    }

    private let state: Mutex<State>

    public init(
        instance: String, names: [String] = [Lease.scheduler], store: any Store, logger: Logger,
        length: Duration = .seconds(10), renewInterval: Duration = .seconds(2), clock: LeaseClock = .system
    ) {
        self.instance = instance
        self.state = Mutex(State(names: names))
        self.store = store
        self.logger = logger
        self.length = length
        self.renewInterval = min(renewInterval, length / 3)
        self.clock = clock
    }

    /// The default instance name: the host's name and the process id.
    public static func defaultInstanceName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Adds `name` to the leases competed for (a polled channel adds its platform's), from the next attempt.
    public func compete(for name: String) {
        state.withLock { if !$0.names.contains(name) { $0.names.append(name) } }
    }

    /// Sets what runs when this instance takes the leases after standing by, before its duties resume.
    public func whenGained(_ step: @escaping @Sendable () async -> Void) {
        state.withLock { $0.whenGained = step }
    }

    /// Whether this instance holds `name` now.
    public func holds(_ name: String) -> Bool {
        let now = clock.uptime()
        return state.withLock { state in
            state.names.contains(name) && (state.heldUntil.map { now < $0 } ?? false)
        }
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
            // Another instance holds this lease, or (taken together) the others.
            let other = state.seen[name] ?? state.seen.values.min { $0.name < $1.name }
            guard let other, other.holder != instance else { return "standby: not taken yet" }
            return "standby: held by \(other.holder) until \(other.expiresAt.formatted(.iso8601))"
        }
    }

    /// Tries to take or renew the leases once (all of them, or none while another instance holds one); what
    /// this instance holds afterwards.
    @discardableResult
    public func attempt() async -> Set<String> {
        let began = clock.uptime()
        let now = clock.wall()
        let until = now.addingTimeInterval(Self.seconds(length))
        let instance = self.instance
        let names = self.names
        do {
            // The leases in force afterwards, and whether the store named this instance the holder of every one
            // before (else another instance may have served the store meanwhile, even one no longer there).
            let (leases, wasOurs) = try await store.transaction { tx -> ([Lease], Bool) in
                let current = try names.map { name in try tx.lease(name) }
                let others = current.compactMap { $0 }.filter {
                    $0.keepsOut(instance, at: now, length: until.timeIntervalSince(now))
                }
                guard others.isEmpty else { return (others, false) }
                let wasOurs = current.allSatisfy { $0?.holder == instance && $0?.lapsed(at: now) == false }
                return (try names.map { try tx.takeLease($0, holder: instance, until: until, at: now) }, wasOurs)
            }
            let taken = !leases.isEmpty && leases.allSatisfy { $0.holder == instance }
            let (gained, lost, step) = state.withLock { state in
                state.storeProblem = nil
                let before = state.heldUntil.map { began < $0 } ?? false
                let first = !state.attempted
                state.attempted = true
                state.seen = Dictionary(leases.map { ($0.name, $0) }) { first, _ in first }
                if !taken {
                    state.heldUntil = nil
                    return (false, before, nil as (@Sendable () async -> Void)?)
                }
                return (!before, false, !wasOurs && !first ? state.whenGained : nil)
            }
            if lost { logger.warning("leases lost to another instance", metadata: ["instance": "\(instance)"]) }
            if taken {
                if gained {
                    logger.notice("leases taken", metadata: ["leases": "\(names)", "instance": "\(instance)"])
                }
                if let step {
                    // The duties resume only after the step (they wait for `holds`), and from a renewal made after
                    // it: however long the step took, the lease is then fresh and this instance's.
                    await step()
                    return await attempt()
                }
                state.withLock { $0.heldUntil = began + length - renewInterval }
            }
        } catch {
            state.withLock { $0.storeProblem = "\(error)" }
            logger.error("leases not renewed", metadata: ["error": "\(error)"])
        }
        return Set(names.filter(holds))
    }

    /// Keeps the leases until the task is cancelled, then gives them up.
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

    /// Gives up every lease the store names this instance's holder of (also one past its local validity).
    public func release() async {
        state.withLock { $0.heldUntil = nil }
        let names = self.names
        let instance = self.instance
        do {
            try await store.transaction { tx in for name in names { try tx.releaseLease(name, holder: instance) } }
            logger.notice("leases given up", metadata: ["instance": "\(instance)"])
        } catch {
            logger.error("leases not given up; they lapse by themselves", metadata: ["error": "\(error)"])
        }
    }
}

/// The clocks of a `LeaseKeeper`: the wall clock the stored expiries are written in (the other instances read
/// them by theirs), and the monotonic clock that bounds how long this instance counts a lease held (a wall
/// clock set back must not stretch it). Injectable so tests need not wait.
public struct LeaseClock: Sendable {
    public var wall: @Sendable () -> Date
    /// Time since an arbitrary start, never set back.
    public var uptime: @Sendable () -> Duration

    public init(wall: @escaping @Sendable () -> Date, uptime: @escaping @Sendable () -> Duration) {
        self.wall = wall
        self.uptime = uptime
    }

    private static let start = ContinuousClock.now

    /// The system's clocks.
    public static let system = LeaseClock(wall: { Date() }, uptime: { ContinuousClock.now - start })
}
