import Foundation

/// Runs blocking work (reading a child process's output to its end, waiting for it to exit, waiting for a
/// server's first line) on a thread of its own and suspends until it is done.
///
/// Swift concurrency runs every test on as many threads as the machine has cores (two here); a test that
/// blocks one of them for seconds holds back every other test, and timed waits elsewhere then run out.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// `offThePool` for work that cannot fail.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

extension Process {
    /// Waits for the process to end on a thread of its own (`waitUntilExit` blocks, and spins a run loop).
    public func exited() async {
        await offThePool { self.waitUntilExit() }
    }
}
