/// Runs the plugins' start-up steps one at a time: a reload's (migrations, start steps, then the swap of the
/// configuration) and those run on taking over from another instance never interleave, and a takeover that
/// waits behind a reload reads the configuration the reload swapped in, not the one it replaced.
actor StartUpSteps {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `work` once every step queued before it has finished.
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        // The turn passes straight to the next caller waiting, so nobody arriving meanwhile can slip in.
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await work()
    }
}
