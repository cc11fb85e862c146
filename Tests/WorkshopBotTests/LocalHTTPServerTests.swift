import BotTesting
import Foundation
import Logging
import Testing

@testable import BotHTTPServer

/// The bot's HTTP server over real sockets on 127.0.0.1, driven by a plain blocking client (on threads of its
/// own): what a client that sends too much, too little or too slowly gets, and that it never holds up another.
struct LocalHTTPServerTests {
    /// A client connection: blocking calls, each with a 30-second receive limit so a failing test ends.
    struct Client: Sendable {
        let descriptor: Int32

        static func connect(_ port: UInt16) async throws -> Client {
            try await offThePool {
                let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var limit = timeval(tv_sec: 30, tv_usec: 0)
                setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = port.bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
                return Client(descriptor: descriptor)
            }
        }

        func send(_ text: String) async {
            let bytes = Array(text.utf8)
            let descriptor = self.descriptor
            await offThePool {
                _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
        }

        /// Everything until the server closes (or 30 seconds pass).
        func answer() async -> String {
            let descriptor = self.descriptor
            return await offThePool {
                var data: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                    if count <= 0 { break }
                    data += chunk[0..<count]
                }
                return String(decoding: data, as: UTF8.self)
            }
        }

        /// Whether anything has arrived, without waiting.
        func hasAnswer() -> Bool {
            var byte: UInt8 = 0
            return recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) >= 0
        }

        func close() { _ = Glibc.close(descriptor) }
    }

    /// Runs a server answering `200 <method> <path> <body>` while `body` runs.
    static func withServer(
        timeout: Duration = .seconds(60), mostConnections: Int = 256,
        _ body: @Sendable (UInt16) async throws -> Void
    ) async throws {
        var server = LocalHTTPServer(
            host: "127.0.0.1", port: 0, largestBody: 64, logger: Logger(label: "test")
        ) { request in
            .plain(200, "\(request.method) \(request.path) \(String(decoding: request.body, as: UTF8.self))")
        }
        server.readTimeout = timeout
        server.mostConnections = mostConnections
        let listening = try server.listen()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [server] in try await server.serve(on: listening) }
            defer { group.cancelAll() }
            try await body(listening.port)
        }
    }

    static func status(_ answer: String) -> String { answer.components(separatedBy: "\r\n").first ?? "" }

    @Test func aRequestIsAnsweredAndTheConnectionClosed() async throws {
        try await Self.withServer { port in
            let client = try await Client.connect(port)
            defer { client.close() }
            await client.send("POST /form?x=1 HTTP/1.1\r\nHost: t\r\nContent-Length: 9\r\n\r\ncsrf")
            await client.send("=abcd")
            let answer = await client.answer()
            #expect(Self.status(answer) == "HTTP/1.1 200 OK", "\(answer)")
            #expect(answer.contains("\r\nConnection: close\r\n"))
            #expect(answer.hasSuffix("\r\n\r\nPOST /form csrf=abcd"), "\(answer)")
        }
    }

    @Test func headIsAnsweredAsGetWithoutTheBody() async throws {
        try await Self.withServer { port in
            let client = try await Client.connect(port)
            defer { client.close() }
            await client.send("HEAD /feed HTTP/1.1\r\nHost: t\r\n\r\n")
            let answer = await client.answer()
            #expect(answer.contains("Content-Length: 10\r\n"), "\(answer)")
            #expect(answer.hasSuffix("\r\n\r\n"), "\(answer)")
        }
    }

    /// The server answers 414 while the client is still sending: it never reads more than the limit.
    @Test func anOverlongRequestLineIsRefusedBeforeItEnds() async throws {
        try await Self.withServer { port in
            let client = try await Client.connect(port)
            defer { client.close() }
            await client.send("GET /" + String(repeating: "a", count: HTTPHeadReader.largestHead + 10))
            let answer = await client.answer()
            #expect(Self.status(answer) == "HTTP/1.1 414 URI Too Long", "\(answer)")
        }
    }

    @Test func aBodyOverTheLimitOrChunkedIsRefusedUnread() async throws {
        try await Self.withServer { port in
            for (head, status) in [
                ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 65\r\n\r\n", "413 Content Too Large"),
                ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", "411 Length Required"),
                ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: x\r\n\r\n", "400 Bad Request"),
            ] {
                let client = try await Client.connect(port)
                await client.send(head)
                let answer = await client.answer()
                client.close()
                #expect(Self.status(answer) == "HTTP/1.1 \(status)", "\(head)")
            }
        }
    }

    @Test func halfARequestIsAnswered408WhenItsTimeIsUp() async throws {
        try await Self.withServer(timeout: .milliseconds(300)) { port in
            let client = try await Client.connect(port)
            defer { client.close() }
            await client.send("GET / HTTP/1.1\r\nHost: t\r\nHost")
            let answer = await client.answer()
            #expect(Self.status(answer) == "HTTP/1.1 408 Request Timeout", "\(answer)")
            // A body that never comes in full is cut off the same way.
            let body = try await Client.connect(port)
            defer { body.close() }
            await body.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            #expect(Self.status(await body.answer()) == "HTTP/1.1 408 Request Timeout")
        }
    }

    /// Clients that hold their connections half-sent do not hold up anyone else.
    @Test func aSlowClientDoesNotHoldUpAnother() async throws {
        try await Self.withServer { port in
            var slow: [Client] = []
            for _ in 0..<20 {
                let client = try await Client.connect(port)
                await client.send("GET / HTTP/1.1\r\nHost: t\r\nX: ")
                slow.append(client)
            }
            let other = try await Client.connect(port)
            defer { other.close() }
            await other.send("GET /other HTTP/1.1\r\nHost: t\r\n\r\n")
            let answer = await other.answer()
            #expect(answer.hasSuffix("GET /other "), "\(answer)")
            for client in slow {
                #expect(!client.hasAnswer())
                client.close()
            }
        }
    }

    /// Beyond `mostConnections`, a connection is closed at once, unanswered; once one ends, there is room again.
    @Test func connectionsBeyondTheLimitAreClosedAtOnce() async throws {
        try await Self.withServer(mostConnections: 2) { port in
            let first = try await Client.connect(port)
            let second = try await Client.connect(port)
            await first.send("GET / HTTP/1.1\r\nHost: t\r\n")
            await second.send("GET / HTTP/1.1\r\nHost: t\r\n")
            let third = try await Client.connect(port)
            await third.send("GET /third HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(await third.answer() == "")
            third.close()
            first.close()
            let answered = await eventually(timeout: .seconds(30)) {
                guard let again = try? await Client.connect(port) else { return false }
                defer { again.close() }
                await again.send("GET /again HTTP/1.1\r\nHost: t\r\n\r\n")
                return await again.answer().hasSuffix("GET /again ")
            }
            #expect(answered)
            second.close()
        }
    }

    /// Clients never get more than a quarter of the process's file descriptors, however many are configured.
    @Test func connectionsAreCappedByTheDescriptorLimit() {
        #expect(LocalHTTPServer.connectionCap(configured: 256, descriptors: 16384) == 256)
        #expect(LocalHTTPServer.connectionCap(configured: 256, descriptors: 1024) == 256)
        #expect(LocalHTTPServer.connectionCap(configured: 256, descriptors: 60) == 15)
        #expect(LocalHTTPServer.connectionCap(configured: 256, descriptors: 8) == 4)
        #expect(LocalHTTPServer.descriptorLimit() > 0)
    }
}
