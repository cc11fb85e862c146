import Foundation
import Synchronization
import Testing

@testable import BotHTTP

@Suite(.serialized)
struct HTTPClientTests {
    let server: TestServer
    let client: HTTPClient

    init() async throws {
        server = try await TestServer()
        client = try HTTPClient()
    }

    func stats() async throws -> ServerStats {
        let response = try await client.fetch(HTTPRequest(url: server.url("/stats")))
        return try JSONDecoder().decode(ServerStats.self, from: response.body)
    }

    /// Expects `body` to throw an `HTTPError` and returns it.
    func failure(_ body: () async throws -> HTTPResponse) async -> HTTPError? {
        do {
            _ = try await body()
            Issue.record("expected an error")
            return nil
        } catch let error as HTTPError {
            return error
        } catch {
            Issue.record("expected an HTTPError, got \(error)")
            return nil
        }
    }

    @Test func statusCodesAndHeadersComeBack() async throws {
        let teapot = try await client.send(HTTPRequest(url: server.url("/status/418")))
        #expect(teapot.status == 418)
        #expect(teapot.text == "status 418")
        #expect(try await client.send(HTTPRequest(url: server.url("/status/204"))).status == 204)

        let echoed = try await client.send(
            HTTPRequest(url: server.url("/headers"), headers: [("X-Custom", "ü value"), ("Bad\nName", "dropped")]))
        #expect(echoed.header("x-test") == "two")
        #expect(echoed.headers.filter { $0.name.lowercased() == "x-test" }.map(\.value) == ["one", "two"])
        #expect(echoed.header("CONTENT-TYPE") == "application/json")
        let sent = try JSONDecoder().decode([String: String].self, from: echoed.body)
        #expect(sent["x-custom"] != nil)
        #expect(sent["expect"] == nil)
        #expect(sent.keys.allSatisfy { !$0.contains("bad") })
    }

    @Test func fetchTurnsNon2xxIntoATypedError() async throws {
        let error = await failure { try await client.fetch(HTTPRequest(url: server.url("/status/503"))) }
        guard case .status(let code, let body, _)? = error else {
            Issue.record("expected a status error, got \(String(describing: error))")
            return
        }
        #expect(code == 503)
        #expect(String(decoding: body, as: UTF8.self) == "status 503")
        #expect(error?.isRetryable == true)
        let notFound = await failure { try await client.fetch(HTTPRequest(url: server.url("/nowhere"))) }
        #expect(notFound?.isRetryable == false)
    }

    @Test func postBodiesArriveWholeIncludingNulBytes() async throws {
        var body = Data("start\0middle\0".utf8)
        body.append(Data(repeating: 0x41, count: 2 * 1024 * 1024))
        let response = try await client.fetch(
            HTTPRequest(
                method: .post, url: server.url("/echo"), headers: [("Content-Type", "application/json")], body: body))
        #expect(response.body == body)
        #expect(response.header("content-type") == "application/json")
        let put = try await client.fetch(HTTPRequest(method: .put, url: server.url("/echo"), body: Data("x".utf8)))
        #expect(put.text == "x")
    }

    @Test func aThousandLongPollsAreHeldAtTheSameTime() async throws {
        let count = 1000
        let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for _ in 0..<count {
                group.addTask {
                    let request = HTTPRequest(url: server.url("/hold?ms=2000"), timeout: .seconds(60))
                    return (try? await client.fetch(request))?.text == "held"
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == count)
        let seen = try await stats()
        #expect(seen.peakHeld == count, "the server held \(seen.peakHeld) requests at once")
    }

    @Test func keepAliveReusesOneConnection() async throws {
        for n in 0..<20 {
            let response = try await client.fetch(
                HTTPRequest(method: .post, url: server.url("/echo"), body: Data("message \(n)".utf8)))
            #expect(response.text == "message \(n)")
        }
        let seen = try await stats()
        #expect(seen.requests == 21)
        #expect(seen.connections == 1)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let task = Task { try await client.send(HTTPRequest(url: server.url("/never"), timeout: .seconds(60))) }
        // Wait until the server has the request, then cancel.
        for _ in 0..<500 where (try? await stats())?.requests ?? 0 < 2 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        let result = await task.result
        // Cancelled, not timed out after its 60 s nor answered: the transfer was aborted by the cancellation.
        #expect(throws: HTTPError.cancelled) { try result.get() }
        // A task cancelled before its request starts never sends it.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(HTTPRequest(url: server.url("/status/200")))
        }
        await #expect(throws: HTTPError.cancelled) { try await early.value }
    }

    @Test func networkFaultsBecomeTypedErrors() async throws {
        #expect(
            await failure { try await client.send(HTTPRequest(url: "http://127.0.0.1:1/")) }
                == .couldNotConnect(host: "127.0.0.1"))
        #expect(
            await failure { try await client.send(HTTPRequest(url: "http://nonexistent.invalid/")) }
                == .dns(host: "nonexistent.invalid"))
        let tls = await failure {
            try await client.send(HTTPRequest(url: "https://127.0.0.1:\(server.port)/status/200"))
        }
        guard case .tls? = tls else { Issue.record("expected a TLS error, got \(String(describing: tls))"); return }
        let slow = await failure {
            try await client.send(HTTPRequest(url: server.url("/never"), timeout: .milliseconds(300)))
        }
        #expect(slow == .timedOut(host: "127.0.0.1"))
    }

    @Test("bodies over the cap fail, with or without a Content-Length", arguments: ["", "&chunked=1"])
    func tooLargeBodiesAreRefused(_ chunked: String) async throws {
        let request = HTTPRequest(url: server.url("/huge?bytes=3000000\(chunked)"), maximumResponseSize: 1_000_000)
        #expect(await failure { try await client.send(request) } == .tooLarge(host: "127.0.0.1", limit: 1_000_000))
        let fits = try await client.fetch(
            HTTPRequest(url: server.url("/huge?bytes=999999\(chunked)"), maximumResponseSize: 1_000_000))
        #expect(fits.body.count == 999_999)
    }

    @Test func brokenAnswersAreMalformed() async throws {
        for path in ["/close-mid-body", "/garbage"] {
            let error = await failure { try await client.send(HTTPRequest(url: server.url(path))) }
            guard case .malformedResponse? = error else {
                Issue.record("\(path): expected malformedResponse, got \(String(describing: error))")
                continue
            }
        }
        // The client is still fine afterwards.
        #expect(try await client.fetch(HTTPRequest(url: server.url("/status/200"))).status == 200)
    }

    @Test func redirectsAreFollowedOnlyOnHTTPAndWithinTheLimit() async throws {
        let target = server.url("/status/200").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let followed = try await client.fetch(HTTPRequest(url: server.url("/redirect?to=\(target)")))
        #expect(followed.text == "status 200")
        let notFollowed = try await client.send(
            HTTPRequest(url: server.url("/redirect?to=\(target)"), maximumRedirects: 0))
        #expect(notFollowed.status == 302)
        let loop = await failure {
            try await client.send(HTTPRequest(url: server.url("/redirect-loop"), maximumRedirects: 3))
        }
        guard case .badRedirect? = loop else { Issue.record("loop: \(String(describing: loop))"); return }
        let ftp = await failure {
            try await client.send(HTTPRequest(url: server.url("/redirect?to=ftp%3A%2F%2F127.0.0.1%2Fx")))
        }
        guard case .badRedirect? = ftp else { Issue.record("ftp: \(String(describing: ftp))"); return }
    }

    @Test(
        "only http and https URLs are fetched",
        arguments: ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://x", "http://", "not a url"])
    func otherSchemesAreRefused(_ url: String) async {
        guard case .invalidURL? = await failure({ try await client.send(HTTPRequest(url: url)) }) else {
            Issue.record("expected invalidURL")
            return
        }
    }

    @Test func retryAfterIsParsedInSecondsAndAsADate() async throws {
        let seconds = try await client.send(HTTPRequest(url: server.url("/status/429?retry_after=7")))
        #expect(seconds.retryAfter == .seconds(7))
        let error = await failure { try await client.fetch(HTTPRequest(url: server.url("/status/429?retry_after=7"))) }
        #expect(error?.retryAfter == .seconds(7))
        #expect(error?.isRetryable == true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: Date().addingTimeInterval(30))
        let encoded = date.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let dated = try await client.send(HTTPRequest(url: server.url("/status/503?retry_after=\(encoded)")))
        let wait = try #require(dated.retryAfter)
        #expect(wait > .seconds(25) && wait <= .seconds(31))
        #expect(try await client.send(HTTPRequest(url: server.url("/status/503"))).retryAfter == nil)
    }

    @Test func secretsNeverAppearInErrorsOrDescriptions() async throws {
        let token = "123456:AAH-secret-bot-token"
        let request = HTTPRequest(
            url: "http://nonexistent.invalid/bot\(token)/getUpdates?token=\(token)",
            headers: [("Authorization", "Bearer matrix-access-token-xyz")], secrets: [token])
        let error = await failure { try await client.send(request) }
        let text = "\(String(describing: error)) \(String(reflecting: error)) \(request)"
        #expect(!text.contains(token))
        #expect(!text.contains("secret"))
        #expect(!text.contains("matrix-access-token-xyz"))
        #expect(request.description == "GET http://nonexistent.invalid/…")
        #expect(redact("sent Bearer matrix-access-token-xyz", request.allSecrets) == "sent ***")
        #expect(redact("token matrix-access-token-xyz", request.allSecrets) == "token ***")
    }
}
