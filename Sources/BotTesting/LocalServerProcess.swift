import Foundation

/// A test server script (Python, standard library only) running on 127.0.0.1 for a test or a benchmark.
///
/// The script binds a free port and prints `PORT <n>`; it exits when its standard input closes, which this
/// object does when it goes away, so no server outlives the process that started it.
public final class LocalServerProcess: Sendable {
    public let port: Int
    private let process: Process
    private let lifeline: Pipe

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `python3 script` (or the given interpreter, such as a virtualenv's Python) with extra environment
    /// variables and waits for its port (on a thread of its own: a Python server can take seconds to start).
    public init(script: URL, interpreter: String = "python3", environment: [String: String] = [:]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, script.path]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), lifeline = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        try process.run()
        let reading = output.fileHandleForReading
        let collected = await offThePool {
            var collected = Data()
            while !collected.contains(UInt8(ascii: "\n")) {
                let chunk = reading.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            return collected
        }
        let line = String(decoding: collected, as: UTF8.self)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw StartError(description: "\(script.lastPathComponent) did not start: \(line)")
        }
        self.port = port
        self.process = process
        self.lifeline = lifeline
    }

    deinit {
        try? lifeline.fileHandleForWriting.close()
        process.terminate()
        // Not waitUntilExit: it spins a run loop that can hang when called from a deinit on a pool thread.
        for _ in 0..<200 where process.isRunning { usleep(10_000) }
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
}
