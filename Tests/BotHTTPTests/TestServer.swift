import Foundation

/// The Python test server (Tests/Servers/http_test_server.py) running on 127.0.0.1 for one test.
final class TestServer: Sendable {
    let port: Int
    private let process: Process
    /// The server exits when this pipe closes, so it never outlives the test process.
    private let lifeline: Pipe

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Servers/http_test_server.py")

    init() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path]
        let output = Pipe()
        let lifeline = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        try process.run()
        var collected = Data()
        while !collected.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
        }
        let line = String(decoding: collected, as: UTF8.self)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw ServerError(message: "the test server did not start: \(line)")
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

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    struct ServerError: Error { var message: String }
}

/// Counters the test server keeps.
struct ServerStats: Decodable {
    var connections: Int
    var requests: Int
    var held: Int
    var peakHeld: Int

    enum CodingKeys: String, CodingKey {
        case connections, requests, held
        case peakHeld = "peak_held"
    }
}
