import Foundation
import Synchronization

/// A test server script (Python, standard library only) running on 127.0.0.1 for a test or a benchmark.
///
/// The script binds a free port and prints `PORT <n>`; it exits when its standard input closes, which this
/// object does when it goes away, so no server outlives the process that started it.
public final class LocalServerProcess: Sendable {
    public let port: Int
    private let process: Process
    private let lifeline: Pipe
    private let output: FileHandle
    /// What was read from the script's output past the lines taken so far; locked for a whole exchange.
    private let unread: Mutex<Data>

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
        let newline = collected.firstIndex(of: UInt8(ascii: "\n")) ?? collected.endIndex
        let line = String(decoding: collected[..<newline], as: UTF8.self)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw StartError(description: "\(script.lastPathComponent) did not start: \(line)")
        }
        self.port = port
        self.process = process
        self.lifeline = lifeline
        self.output = reading
        self.unread = Mutex(Data(collected[min(newline + 1, collected.endIndex)...]))
    }

    /// Writes `command` as one line to the script's standard input and returns the line it answers (for the
    /// scripts that take commands, such as postgres_server.py). Exchanges are taken one at a time, off the pool.
    public func exchange(_ command: String) async throws -> String {
        let input = lifeline.fileHandleForWriting
        let output = self.output
        return try await offThePool { [self] in
            try unread.withLock { buffer in
                try input.write(contentsOf: Data((command + "\n").utf8))
                while !buffer.contains(UInt8(ascii: "\n")) {
                    let chunk = output.availableData
                    if chunk.isEmpty { throw StartError(description: "the server script ended before answering") }
                    buffer.append(chunk)
                }
                let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) ?? buffer.endIndex
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer = Data(buffer[(newline + 1)...])
                return line
            }
        }
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
