import ArgumentParser
import BotRuntime
import FlyingFox
import FlyingSocks
import Foundation
import Logging
import ServiceLifecycle

/// The web address of `web:` in bot.yaml: what the plugins publish (`Bot.webDocument(at:)`, the agenda's calendar
/// feeds), on a local address behind a reverse proxy. FlyingFox serves it, as it serves the metrics.
///
/// Only GET and HEAD of a published document; everything else is 404 or 405 with a short plain-text body that
/// repeats nothing of the request. Documents are private to whoever holds their link: `Cache-Control: private`,
/// and they are never listed.
struct WebServer: Service {
    let listen: String
    private let server: HTTPServer

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
    }

    /// The answer to one request (also what the tests of the routes call).
    static func answer(_ request: HTTPRequest, bot: Bot, logger: Logger) async -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            var response = plain(.methodNotAllowed, "only GET\n")
            response.headers[HTTPHeader("Allow")] = "GET, HEAD"
            return response
        }
        do {
            guard let document = try await bot.webDocument(at: request.path) else {
                return plain(.notFound, "not found\n")
            }
            var headers = HTTPHeaders()
            headers[.contentType] = document.contentType
            headers[HTTPHeader("Cache-Control")] = "private, max-age=300"
            headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
            return HTTPResponse(
                statusCode: .ok, headers: headers, body: request.method == .HEAD ? Data() : document.body)
        } catch {
            // The path holds a secret token: it is not logged.
            logger.error("web document failed", metadata: ["error": "\(error)"])
            return plain(.serviceUnavailable, "try again later\n")
        }
    }

    private static func plain(_ status: HTTPStatusCode, _ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "text/plain; charset=utf-8"], body: Data(text.utf8))
    }

    func run() async throws {
        let server = self.server
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            do {
                try await server.waitUntilListening(timeout: 3)
            } catch {
                throw CommandFailure(
                    "cannot serve the web address on \(listen): the address is in use or not local (\(error))")
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
