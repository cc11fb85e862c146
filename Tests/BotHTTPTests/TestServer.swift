import BotTesting
import Foundation

/// The HTTP test server (Tests/Servers/http_test_server.py) on 127.0.0.1 for one test.
final class TestServer: Sendable {
    private let server: LocalServerProcess

    init() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/http_test_server.py")
        server = try await LocalServerProcess(script: script)
    }

    var port: Int { server.port }

    func url(_ path: String) -> String { server.baseURL + path }
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
