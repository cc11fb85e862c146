import Foundation

/// The serial executor `PostgresStore` runs on: a thread of its own, so the store's blocking libpq calls (a
/// round trip to the server, a reconnect that waits for a timeout) never hold one of the few threads of Swift's
/// cooperative pool. The thread is started when work arrives and ends after a few idle seconds, so a store that
/// is not used holds no thread, and a closed store keeps answering (with errors) without one waiting for it.
final class ConnectionThread: SerialExecutor, @unchecked Sendable {
    // @unchecked Sendable: `jobs` and `running` are only read or written with `condition` locked, and a job is
    // run by the one thread that took it off the queue, so no two jobs ever run at once.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var running = false
    private let name: String

    /// The thread's name (Linux keeps at most 15 bytes of a name).
    static let defaultName = "wb-postgres"

    /// Set on every connection thread: how a test tells that work ran there and not on the pool.
    private static let marker: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Whether the calling code runs on a connection thread.
    static var isCurrent: Bool { pthread_getspecific(marker) != nil }

    /// How long the thread waits for more work before it ends.
    static let idleSeconds: TimeInterval = 5

    init(name: String) { self.name = name }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        if running {
            condition.signal()
        } else {
            running = true
            Thread { [self] in drain() }.start()
        }
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    /// Runs queued jobs one after another until the queue has stayed empty for `idleSeconds`.
    private func drain() {
        // Best effort, for `ps` and debuggers: Foundation on Linux does not pass a name set before `start()` to
        // the system, and sometimes not one set here either (the thread then keeps its starter's name).
        Thread.current.name = name
        pthread_setspecific(Self.marker, UnsafeRawPointer(bitPattern: 1))
        condition.lock()
        while true {
            if jobs.isEmpty {
                _ = condition.wait(until: Date(timeIntervalSinceNow: Self.idleSeconds))
                if jobs.isEmpty {
                    running = false
                    condition.unlock()
                    return
                }
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedSerialExecutor())
            condition.lock()
        }
    }
}
