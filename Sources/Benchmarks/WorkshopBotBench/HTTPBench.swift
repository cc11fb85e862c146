import BotHTTP
import BotTesting
import Foundation
import FoundationNetworking
import Synchronization

// The libcurl client against Foundation's URLSession (the reference only: the bot never uses URLSession),
// each in a process of its own so threads and peak memory are its own, against the same local test server.

/// Threads of this process now.
func threadCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1
}

/// Peak resident memory of this process, in MiB.
func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return kib / 1024
}

/// One client under test: sends a request, returns the body size.
protocol BenchClient: Sendable {
    func get(_ url: String, timeout: Double) async throws -> Int
    func post(_ url: String, body: Data) async throws -> Int
}

struct CurlBenchClient: BenchClient {
    let client: HTTPClient

    func get(_ url: String, timeout: Double) async throws -> Int {
        try await client.fetch(HTTPRequest(url: url, timeout: .seconds(timeout))).body.count
    }

    func post(_ url: String, body: Data) async throws -> Int {
        try await client.fetch(HTTPRequest(method: .post, url: url, body: body)).body.count
    }
}

struct URLSessionBenchClient: BenchClient {
    let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.default
        configuration.httpMaximumConnectionsPerHost = 2000
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    private func run(_ request: URLRequest) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let status = (response as? HTTPURLResponse)?.statusCode, status == 200 {
                    continuation.resume(returning: data?.count ?? 0)
                } else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                }
            }.resume()
        }
    }

    func get(_ url: String, timeout: Double) async throws -> Int {
        guard let target = URL(string: url) else { throw URLError(.badURL) }
        var request = URLRequest(url: target)
        request.timeoutInterval = timeout
        return try await run(request)
    }

    func post(_ url: String, body: Data) async throws -> Int {
        guard let target = URL(string: url) else { throw URLError(.badURL) }
        var request = URLRequest(url: target)
        request.httpMethod = "POST"
        request.httpBody = body
        return try await run(request)
    }
}

/// Runs the two measurements with one client and prints one result line.
func benchHTTPClient(kind: String, port: Int) async throws {
    let client: any BenchClient = kind == "curl" ? CurlBenchClient(client: try HTTPClient()) : URLSessionBenchClient()
    let base = "http://127.0.0.1:\(port)"
    let body = Data(#"{"chat_id": 12345, "text": "Reminder: draft due at 17:00"}"#.utf8)
    _ = try await client.post(base + "/echo", body: body)  // warm-up: connect once

    let posts = 2000
    let postStart = ContinuousClock.now
    for _ in 0..<posts { _ = try await client.post(base + "/echo", body: body) }
    let postSeconds = (ContinuousClock.now - postStart).seconds

    let polls = 1000
    let peakThreads = ThreadPeak()
    let pollStart = ContinuousClock.now
    let completed = try await withThrowingTaskGroup(of: Int.self, returning: Int.self) { group in
        group.addTask {
            while !Task.isCancelled {
                peakThreads.record(threadCount())
                try? await Task.sleep(for: .milliseconds(20))
            }
            return 0
        }
        for _ in 0..<polls {
            group.addTask { (try? await client.get(base + "/hold?ms=2000", timeout: 60)) != nil ? 1 : 0 }
        }
        var done = 0
        for _ in 0..<polls { done += try await group.next() ?? 0 }
        group.cancelAll()
        return done
    }
    let pollSeconds = (ContinuousClock.now - pollStart).seconds

    // Cancellation: a request the server never answers, cancelled after 50 ms; time until its task returns.
    // Measured for the libcurl client only: this URLSession reference does not tie its tasks to Swift tasks.
    var cancelMilliseconds: [Double] = []
    for _ in 0..<(kind == "curl" ? 20 : 0) {
        let task = Task { try await client.get(base + "/never", timeout: 60) }
        try await Task.sleep(for: .milliseconds(50))
        let cancelled = ContinuousClock.now
        task.cancel()
        _ = await task.result
        cancelMilliseconds.append((ContinuousClock.now - cancelled).seconds * 1000)
    }
    print(
        "RESULT \(kind) posts_per_s=\(Int(Double(posts) / postSeconds)) polls_ok=\(completed) polls_wall_s="
            + String(format: "%.2f", pollSeconds) + " peak_threads=\(peakThreads.value) peak_rss_mib="
            + String(format: "%.1f", peakRSSMiB()) + " cancel_ms=" + String(format: "%.3f", median(cancelMilliseconds)))
}

/// The highest thread count sampled.
final class ThreadPeak: Sendable {
    private let peak = Mutex(0)
    func record(_ count: Int) { peak.withLock { $0 = max($0, count) } }
    var value: Int { peak.withLock { $0 } }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Starts the test server, runs each client in its own process three times, prints medians and ratios.
func benchHTTP() async throws {
    let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let server = try await LocalServerProcess(script: root.appendingPathComponent("Tests/Servers/http_test_server.py"))
    let port = server.port
    var results: [String: [[String: Double]]] = [:]
    for _ in 0..<3 {
        for kind in ["curl", "urlsession"] {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["http-client", kind, String(port)]
            let output = Pipe()
            child.standardOutput = output
            try child.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            child.waitUntilExit()
            guard let result = text.split(separator: "\n").first(where: { $0.hasPrefix("RESULT") }) else { continue }
            print(result)
            var values: [String: Double] = [:]
            for pair in result.split(separator: " ").dropFirst(2) {
                let parts = pair.split(separator: "=")
                if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
            }
            results[kind, default: []].append(values)
        }
    }
    func med(_ kind: String, _ key: String) -> Double { median(results[kind, default: []].compactMap { $0[key] }) }
    for key in ["posts_per_s", "polls_wall_s", "peak_threads", "peak_rss_mib", "cancel_ms"] {
        let curl = med("curl", key), session = med("urlsession", key)
        print(
            "http \(key): libcurl client \(String(format: "%.2f", curl)), URLSession \(String(format: "%.2f", session)), "
                + "ratio \(String(format: "%.2f", curl / session))")
    }
}
