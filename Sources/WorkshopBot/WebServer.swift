import ArgumentParser
import BotCore
import BotRuntime
import FlyingFox
import FlyingSocks
import Foundation
import Logging
import ServiceLifecycle

/// The web address of `web:` in bot.yaml: what the plugins publish (`Bot.webDocument(at:)`, the agenda's calendar
/// feeds), on a local address behind a reverse proxy. FlyingFox serves it, as it serves the metrics.
///
/// Only GET of a published document, and only while the configuration in force has `web:` (a reload that
/// removes it stops the feeds at once; a new `listen` needs a restart). Everything else is 404 or 405 with a short
/// plain-text body that repeats nothing of the request. Documents are private to whoever holds their link:
/// `Cache-Control: private`, and they are never listed. Should the server stop (the process ran out of file
/// descriptors), it is logged and started again, so the chat never runs on with the web address gone.
struct WebServer: Service {
    let listen: String
    private let server: HTTPServer
    private let logger: Logger

    init(listen: String, bot: Bot, logger: Logger) async throws {
        let parts = listen.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            throw ValidationError("web.listen must be HOST:PORT, such as 127.0.0.1:8080")
        }
        let server = HTTPServer(address: try .inet(ip4: String(parts[0]), port: port), logger: .disabled)
        await server.appendRoute("*") { request in
            await Self.answer(request, bot: bot, logger: logger)
        }
        self.listen = listen
        self.server = server
        self.logger = logger
    }

    /// The answer to one request.
    static func answer(_ request: HTTPRequest, bot: Bot, logger: Logger) async -> HTTPResponse {
        guard bot.configuration.bot.web != nil else { return plain(.notFound, "not found\n") }
        let kind = request.path.split(separator: "/").first.map(String.init) ?? ""
        let pages = bot.servesPages(under: kind)
        guard request.method == .GET || (request.method == .POST && pages) else {
            var response = plain(.methodNotAllowed, pages ? "only GET and POST\n" : "only GET\n")
            response.headers[HTTPHeader("Allow")] = pages ? "GET, POST" : "GET"
            return response
        }
        do {
            if pages { return try await page(request, bot: bot) }
            guard let document = try await bot.webDocument(at: request.path) else {
                return plain(.notFound, "not found\n")
            }
            var headers = HTTPHeaders()
            headers[.contentType] = document.contentType
            headers[HTTPHeader("Cache-Control")] = "private, max-age=300"
            headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
            return HTTPResponse(statusCode: .ok, headers: headers, body: document.body)
        } catch {
            // The path holds a secret token: it is not logged.
            logger.error("web document failed", metadata: ["error": "\(error)"])
            return plain(.serviceUnavailable, "try again later\n")
        }
    }

    /// The largest form a page takes: the dashboard's forms carry a token or two.
    static let largestForm = 8192

    /// A plugin's page (the dashboard): the cookies and, for POST, the urlencoded form go to the plugin; its
    /// answer goes back with headers that keep the page from being framed, cached, or leaking its address.
    static func page(_ request: HTTPRequest, bot: Bot) async throws -> HTTPResponse {
        var form: [String: String] = [:]
        if request.method == .POST {
            let crossSite = WebForms.isCrossSite(
                fetchSite: request.headers[HTTPHeader("Sec-Fetch-Site")], origin: request.headers[HTTPHeader("Origin")],
                expected: bot.configuration.bot.web?.address?.origin)
            guard !crossSite else { return plain(.forbidden, "a form from another site\n") }
            guard let length = request.headers[.contentLength].flatMap({ Int($0) }) else {
                return plain(HTTPStatusCode(411, phrase: "Length Required"), "a form needs a Content-Length\n")
            }
            guard length <= largestForm else {
                return plain(HTTPStatusCode(413, phrase: "Content Too Large"), "the form is too large\n")
            }
            let type = request.headers[.contentType]?.lowercased() ?? ""
            guard length == 0 || type.hasPrefix("application/x-www-form-urlencoded") else {
                return plain(HTTPStatusCode(415, phrase: "Unsupported Media Type"), "only urlencoded forms\n")
            }
            form = WebForms.fields(of: try await request.bodyData)
        }
        let method: WebRequest.Method = request.method == .POST ? .post : .get
        let cookies = WebForms.cookies(request.headers.values(for: HTTPHeader("Cookie")))
        guard
            let answer = try await bot.webResponse(
                method: method, path: request.path, cookies: cookies, form: form)
        else { return plain(.notFound, "not found\n") }
        var headers = HTTPHeaders()
        headers[.contentType] = answer.contentType
        headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
        headers[HTTPHeader("X-Frame-Options")] = "DENY"
        headers[HTTPHeader("Referrer-Policy")] = "no-referrer"
        headers[HTTPHeader("Content-Security-Policy")] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
        if !answer.headers.contains(where: { $0.name == "Cache-Control" }) {
            headers[HTTPHeader("Cache-Control")] = "no-store"
        }
        for header in answer.headers { headers.addValue(header.value, for: HTTPHeader(header.name)) }
        return HTTPResponse(
            statusCode: HTTPStatusCode(answer.status, phrase: phrase(answer.status)), headers: headers,
            body: answer.body)
    }

    private static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 303: return "See Other"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 410: return "Gone"
        default: return "Status"
        }
    }

    private static func plain(_ status: HTTPStatusCode, _ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "text/plain; charset=utf-8"], body: Data(text.utf8))
    }

    func run() async throws {
        let server = self.server
        let logger = self.logger
        let listen = self.listen
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await server.run()
                    } catch {
                        if Task.isCancelled { return }
                        logger.error(
                            "the web server stopped; starting it again in a second",
                            metadata: ["listen": "\(listen)", "error": "\(error)"])
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            do {
                try await server.waitUntilListening(timeout: 3)
            } catch {
                throw CommandFailure("cannot serve the web address on \(listen): it did not start listening (\(error))")
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
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
