import ArgumentParser
import BotCore
import BotHTTPServer
import BotRuntime
import Foundation
import Logging
import ServiceLifecycle

/// The web address of `web:` in bot.yaml: what the plugins publish (`Bot.webDocument(at:)`, the agenda's calendar
/// feeds) and their pages (the dashboard), on a local address behind a reverse proxy. `LocalHTTPServer` serves
/// it, as it serves the metrics.
///
/// GET (and HEAD) of a published document; GET and POST of a plugin's pages; and only while the configuration in
/// force has `web:` (a reload that removes it stops the feeds at once; a new `listen` needs a restart).
/// Everything else is 404 or 405 with a short plain-text body that repeats nothing of the request. Documents are
/// private to whoever holds their link: `Cache-Control: private`, and they are never listed.
struct WebServer: Service {
    let listen: String
    private let server: LocalHTTPServer
    private let logger: Logger

    init(listen: String, bot: Bot, logger: Logger) async throws {
        let parts = listen.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            throw ValidationError("web.listen must be HOST:PORT, such as 127.0.0.1:8080")
        }
        server = LocalHTTPServer(
            host: String(parts[0]), port: port, largestBody: Self.largestForm, logger: logger
        ) { request in
            await Self.answer(request, bot: bot, logger: logger)
        }
        self.listen = listen
        self.logger = logger
    }

    /// The answer to one request.
    static func answer(_ request: HTTPServerRequest, bot: Bot, logger: Logger) async -> HTTPServerResponse {
        guard bot.configuration.bot.web != nil else { return .plain(404, "not found\n") }
        let kind = request.path.split(separator: "/").first.map(String.init) ?? ""
        let pages = bot.servesPages(under: kind)
        guard request.method == "GET" || (request.method == "POST" && pages) else {
            return .plain(
                405, pages ? "only GET and POST\n" : "only GET\n",
                fields: [HTTPField("Allow", pages ? "GET, HEAD, POST" : "GET, HEAD")])
        }
        do {
            if pages { return try await page(request, bot: bot) }
            guard let document = try await bot.webDocument(at: request.path) else {
                return .plain(404, "not found\n")
            }
            return HTTPServerResponse(
                status: 200,
                fields: [
                    HTTPField("Content-Type", document.contentType),
                    HTTPField("Cache-Control", "private, max-age=300"),
                    HTTPField("X-Content-Type-Options", "nosniff"),
                ], body: document.body)
        } catch {
            // The path holds a secret token: it is not logged.
            logger.error("web document failed", metadata: ["error": "\(error)"])
            return .plain(503, "try again later\n")
        }
    }

    /// The largest form a page takes: the dashboard's forms carry a token or two.
    static let largestForm = 8192

    /// A plugin's page (the dashboard): the cookies and, for POST, the urlencoded form go to the plugin; its
    /// answer goes back with headers that keep the page from being framed, cached, or leaking its address.
    /// (The server has refused a body without a `Content-Length` (411) or over `largestForm` (413).)
    static func page(_ request: HTTPServerRequest, bot: Bot) async throws -> HTTPServerResponse {
        var form: [String: String] = [:]
        if request.method == "POST" {
            let crossSite = WebForms.isCrossSite(
                fetchSite: request["Sec-Fetch-Site"], origin: request["Origin"],
                expected: bot.webAddress?.origin)
            guard !crossSite else { return .plain(403, "a form from another site\n") }
            let type = request["Content-Type"]?.lowercased() ?? ""
            guard request.body.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") else {
                return .plain(415, "only urlencoded forms\n")
            }
            form = WebForms.fields(of: request.body)
        }
        let method: WebRequest.Method = request.method == "POST" ? .post : .get
        let cookies = WebForms.cookies(request.values("Cookie"))
        guard
            let answer = try await bot.webResponse(
                method: method, path: request.path, cookies: cookies, form: form)
        else { return .plain(404, "not found\n") }
        var fields = [
            HTTPField("Content-Type", answer.contentType),
            HTTPField("X-Content-Type-Options", "nosniff"),
            HTTPField("X-Frame-Options", "DENY"),
            HTTPField("Referrer-Policy", "no-referrer"),
            HTTPField(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'"),
        ]
        if !answer.headers.contains(where: { $0.name == "Cache-Control" }) {
            fields.append(HTTPField("Cache-Control", "no-store"))
        }
        fields += answer.headers.map { HTTPField($0.name, $0.value) }
        return HTTPServerResponse(status: answer.status, fields: fields, body: answer.body)
    }

    func run() async throws {
        try await serveUntilShutdown(server) { "cannot serve the web address on \(listen): \($0)" }
    }
}

/// Binds `server` and serves until the service group shuts down, or the server fails (which ends the bot with
/// its error); a bind that fails throws a `CommandFailure` worded by `failure` from the system's reason.
func serveUntilShutdown(_ server: LocalHTTPServer, failure: (any Error) -> String) async throws {
    let listening: LocalHTTPServer.Listening
    do {
        listening = try server.listen()
    } catch {
        throw CommandFailure(failure(error))
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.serve(on: listening) }
        group.addTask { try? await gracefulShutdown() }
        _ = try await group.next()
        group.cancelAll()
    }
}

/// Checks, before anything else starts, that `listen` (`HOST:PORT`) can be bound: a bot that started handling
/// messages and then stopped because its web or metrics address is taken would take updates off a platform and
/// then exit, again at every restart. Throws a `CommandFailure` naming `what` and the system's reason.
func checkCanListen(_ listen: String, for what: String) throws {
    let parts = listen.split(separator: ":")
    guard parts.count == 2, let port = UInt16(parts[1]) else {
        throw CommandFailure("cannot serve \(what) on \(listen): expected HOST:PORT")
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    guard inet_pton(AF_INET, String(parts[0]), &address.sin_addr) == 1 else {
        throw CommandFailure("cannot serve \(what) on \(listen): not an IPv4 address")
    }
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else {
        throw CommandFailure("cannot serve \(what) on \(listen): \(String(cString: strerror(errno)))")
    }
    defer { close(socket) }
    var reuse: Int32 = 1
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else {
        let reason = errno == EADDRINUSE ? "the address is in use" : String(cString: strerror(errno))
        throw CommandFailure("cannot serve \(what) on \(listen): \(reason)")
    }
}
