import FlyingSocks
import Foundation
import Logging
import Synchronization

/// The bot's HTTP/1.1 server for its local addresses (the web address of `web:`, the metrics), on FlyingSocks'
/// non-blocking sockets and an epoll loop on a thread of its own, so no client holds a thread of the chat.
///
/// It takes one request per connection and closes it after the answer (`Connection: close`): the reverse proxy
/// in front keeps its own connections to browsers. Whatever a client sends, it costs the bot bounded work:
/// the head is read in one pass within 16 kB (`HTTPHeadReader`), the body only when its `Content-Length` is
/// within `largestBody`, the whole request within `readTimeout` (a client that sends half a request is answered
/// 408 and closed), and at most `mostConnections` are served at once (more are closed at once).
public struct LocalHTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPServerRequest) async -> HTTPServerResponse

    public let host: String
    public let port: UInt16
    /// The largest body taken (a `Content-Length` over it gets 413); 0 takes none.
    public var largestBody: Int
    /// How long a client has to send its whole request, and to take the answer.
    public var readTimeout: Duration = .seconds(10)
    /// The most connections served at once; more are closed at once.
    public var mostConnections = 256
    let logger: Logger
    let handler: Handler

    /// A server for `host:port` (an IPv4 address; port 0 lets the system choose) that answers with `handler`.
    public init(host: String, port: UInt16, largestBody: Int, logger: Logger, handler: @escaping Handler) {
        self.host = host
        self.port = port
        self.largestBody = largestBody
        self.logger = logger
        self.handler = handler
    }

    /// A bound, listening socket, and its port (the one the system chose when `port` is 0).
    public struct Listening: Sendable {
        let socket: Socket
        public let port: UInt16
    }

    /// The listening socket, bound now, so a taken address is an error of the start-up and not of a later
    /// moment. Throws `SocketError` with the system's reason.
    public func listen() throws -> Listening {
        let socket = try Socket(domain: AF_INET)
        try socket.setValue(true, for: .localAddressReuse)
        try socket.bind(to: try sockaddr_in.inet(ip4: host, port: port))
        try socket.listen()
        guard case .ip4(_, let bound) = try socket.sockname() else { return Listening(socket: socket, port: port) }
        return Listening(socket: socket, port: bound)
    }

    /// Serves on `listening` (from `listen()`) until cancelled. An accept that fails (the process is out of file
    /// descriptors) is logged and tried again a moment later; the listening socket is kept.
    public func serve(on listening: Listening) async throws {
        let socket = listening.socket
        let pool: some AsyncSocketPool = .ePoll(logger: .disabled)
        try await pool.prepare()
        let listener = try AsyncSocket(socket: socket, pool: pool)
        let open = OpenConnections()
        defer { try? listener.close() }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await pool.run() }
            var lastLogged = ContinuousClock.now - .seconds(60)
            while !Task.isCancelled {
                let connection: AsyncSocket
                do {
                    connection = try await listener.accept()
                } catch is CancellationError {
                    break
                } catch {
                    if ContinuousClock.now - lastLogged > .seconds(10) {
                        logger.error(
                            "cannot take a connection; trying again",
                            metadata: ["listen": "\(host):\(listening.port)", "error": "\(error)"])
                        lastLogged = .now
                    }
                    try await Task.sleep(for: .milliseconds(100))
                    continue
                }
                // The limit as it is now (an operator may change it while the bot runs: `prlimit`).
                let mostConnections = Self.connectionCap(
                    configured: self.mostConnections, descriptors: Self.descriptorLimit())
                let admitted = open.count.withLock { count in
                    guard count < mostConnections else { return false }
                    count += 1
                    return true
                }
                guard admitted else {
                    try? connection.close()
                    continue
                }
                group.addTask {
                    defer { open.count.withLock { $0 -= 1 } }
                    await answer(connection)
                }
            }
            group.cancelAll()
        }
    }

    /// The most connections served at once: `configured`, but never more than a quarter of the file descriptors
    /// the process may open (`descriptors`, its soft limit), so clients cannot take the ones the store, the
    /// platforms' connections and the system's own threads need (libdispatch stops the process when it cannot
    /// open a file); at least 4.
    static func connectionCap(configured: Int, descriptors: Int) -> Int {
        min(configured, max(4, descriptors / 4))
    }

    /// The process's soft limit on open files.
    static func descriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return limit.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }

    /// Raises the process's soft limit on open files to its hard limit (as Go's runtime does at start): the
    /// soft limit is often 1,024 while the hard one, which the operator set, is far higher.
    public static func raiseDescriptorLimit() {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    /// Reads one request from `connection` within `readTimeout`, answers it (the write within `readTimeout` too,
    /// so a client that never reads cannot hold the connection) and closes the connection.
    private func answer(_ connection: AsyncSocket) async {
        defer { try? connection.close() }
        let outcome = await within(readTimeout) { await read(connection) } ?? .refused(408, "the request took too long")
        var response: HTTPServerResponse
        var isHead = false
        switch outcome {
        case .closed: return
        case .refused(let status, let reason): response = .plain(status, reason + "\n")
        case .request(var request):
            if request.method == "HEAD" {
                isHead = true
                request.method = "GET"
            }
            response = await handler(request)
        }
        let bytes = Self.encode(response, withBody: !isHead)
        _ = await within(readTimeout) { (try? await connection.write(bytes)) != nil }
    }

    /// What `work` gives, or nil when `limit` passes first (`work` is then cancelled).
    private func within<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async -> T) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await work() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private enum ReadOutcome: Sendable {
        case request(HTTPServerRequest)
        case refused(Int, String)
        /// The client closed before sending anything, or the connection failed: nothing to answer.
        case closed
    }

    private func read(_ connection: AsyncSocket) async -> ReadOutcome {
        var buffer: [UInt8] = []
        var reader = HTTPHeadReader()
        do {
            while true {
                let chunk = try await connection.read(atMost: 4096)
                guard !chunk.isEmpty else { return buffer.isEmpty ? .closed : .refused(400, "an unfinished request") }
                buffer += chunk
                switch reader.read(buffer) {
                case .incomplete: continue
                case .refused(let status, let reason): return .refused(status, reason)
                case .head(let head, let bodyStart):
                    let length: Int
                    switch head.bodyLength(largest: largestBody) {
                    case .failure(let refusal): return .refused(refusal.status, refusal.reason)
                    case .success(let value): length = value
                    }
                    var body = Array(buffer[bodyStart...].prefix(length))
                    if body.count < length { body += try await connection.read(bytes: length - body.count) }
                    return .request(
                        HTTPServerRequest(
                            method: head.method, path: head.path, query: head.query, fields: head.fields,
                            body: Data(body)))
                }
            }
        } catch {
            // A timeout's cancellation, a reset or a close: the answer, if any, is the caller's.
            return buffer.isEmpty ? .closed : .refused(400, "an unfinished request")
        }
    }

    /// The bytes of `response`: status line, its fields, `Content-Length`, `Connection: close`, and the body
    /// unless the request was HEAD. Field values lose any CR or LF, so no value can add a field.
    static func encode(_ response: HTTPServerResponse, withBody: Bool) -> Data {
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for field in response.fields {
            // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
            var value = field.value
            value.unicodeScalars.removeAll { $0 == "\r" || $0 == "\n" }
            head += "\(field.name): \(value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        var data = Data(head.utf8)
        if withBody { data.append(response.body) }
        return data
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 303: "See Other"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 431: "Request Header Fields Too Large"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }
}

/// How many connections are being served, shared by the accept loop and the connections' tasks.
private final class OpenConnections: Sendable {
    let count = Mutex(0)
}
