import Synchronization

/// Watches the deadlines of running handlers with one ticking task, instead of one sleeping timer task per
/// command: a cancelled `Task.sleep` keeps its timer (and memory) until the deadline, which at thousands of
/// commands per second and a ten-second limit adds up to tens of thousands of dead timers.
final class TimeoutMonitor: Sendable {
    private struct Entry {
        var deadline: ContinuousClock.Instant
        var expire: @Sendable () -> Void
    }

    private let entries = Mutex<(next: UInt64, running: [UInt64: Entry])>((0, [:]))
    /// How often deadlines are checked; timeouts are seconds long, so this granularity is plenty.
    let tick: Duration

    init(tick: Duration = .milliseconds(50)) { self.tick = tick }

    /// Watches a deadline; `signal` rings when it passes. Returns the id to `finish` with.
    func watch(until deadline: ContinuousClock.Instant, signal: WakeSignal) -> UInt64 {
        watch(until: deadline) { signal.ring() }
    }

    /// Watches a deadline; `expire` runs (on the monitor's task) when it passes. Returns the id to `finish` with.
    func watch(until deadline: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) -> UInt64 {
        entries.withLock { state in
            state.next += 1
            state.running[state.next] = Entry(deadline: deadline, expire: expire)
            return state.next
        }
    }

    /// Stops watching.
    func finish(_ id: UInt64) { _ = entries.withLock { $0.running.removeValue(forKey: id) } }

    /// Rings every passed deadline, every tick, until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            let expired = entries.withLock { state -> [@Sendable () -> Void] in
                let due = state.running.filter { $0.value.deadline <= now }
                for id in due.keys { state.running.removeValue(forKey: id) }
                return due.values.map(\.expire)
            }
            for expire in expired { expire() }
            try? await Task.sleep(for: tick)
        }
    }
}
