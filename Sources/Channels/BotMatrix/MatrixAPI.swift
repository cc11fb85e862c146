import BotCore
import BotHTTP
import Foundation
import Logging

/// Calls the client-server API over the libcurl client and maps every failure once, to `ChannelError`.
///
/// Holds the session: the access token comes from the configuration, or from the store, or from a password
/// log-in; when the homeserver forgets it (`M_UNKNOWN_TOKEN`) and a password is configured, the channel logs
/// in again (once, whoever notices first) and repeats the call. The token and password are declared secrets:
/// libcurl's messages are scrubbed of them and no error built here contains them.
struct MatrixAPI: Sendable {
    let http: HTTPClient
    let baseURL: String
    let session: MatrixSession
    /// The longest a `retry_after_ms` or `Retry-After` is waited (see `PlatformValues.retryHint`).
    var retryHintCap: Double = PlatformValues.defaultRetryHintCap
    var logger = Logger(label: "workshop-bot.matrix", factory: { _ in SwiftLogNoOpLogHandler() })

    static let prefix = "/_matrix/client/v3"
    /// Where files are uploaded (`POST /upload`).
    static let mediaPrefix = "/_matrix/media/v3"

    /// Calls `path` (below `prefix`, by default `/_matrix/client/v3`) and returns the body of a 2xx answer.
    /// `json` is the body, sent as `contentType` (an upload sends its file's bytes as the file's type).
    func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: Data? = nil,
        contentType: String = "application/json", prefix: String = MatrixAPI.prefix,
        timeout: Duration = .seconds(30), authenticated: Bool = true
    ) async throws -> Data {
        var token = authenticated ? try await session.token(api: self) : nil
        var relogged = false
        while true {
            let response = try await send(
                method, prefix, path, query: query, json: json, contentType: contentType, timeout: timeout,
                token: token)
            if response.isSuccess { return response.body }
            let error = try? JSONDecoder().decode(MatrixErrorBody.self, from: response.body)
            let code = error?.errcode ?? "HTTP \(response.status)"
            let what = "\(method.rawValue) \(Self.describe(path)): \(code)\(error?.error.map { " \($0)" } ?? "")"
            if response.status == 401, error?.errcode == "M_UNKNOWN_TOKEN" || error?.errcode == "M_MISSING_TOKEN",
                let used = token, !relogged
            {
                token = try await session.renew(after: used, api: self)
                relogged = true
                continue
            }
            throw Self.failure(
                status: response.status, error: error, retryAfter: response.retryAfter, what: what, cap: retryHintCap,
                logger: logger)
        }
    }

    /// What a non-2xx answer means for the caller: wait (429, `M_LIMIT_EXCEEDED`, with `retry_after_ms` or
    /// `Retry-After`), retry later (5xx), stop (401), or give up on this request (other 4xx).
    /// The hint is bounded by `cap` (and logged when it was cut), like every platform's.
    static func failure(
        status: Int, error: MatrixErrorBody?, retryAfter: Duration?, what: String,
        cap: Double = PlatformValues.defaultRetryHintCap,
        logger: Logger = Logger(label: "workshop-bot.matrix", factory: { _ in SwiftLogNoOpLogHandler() })
    ) -> ChannelError {
        if status == 429 || error?.errcode == "M_LIMIT_EXCEEDED" {
            let hint = error?.retryAfterMs.map { $0 / 1000 } ?? retryAfter.map(seconds)
            return .rateLimited(hint: hint, cap: cap, logger: logger, what: what)
        }
        switch status {
        case 401: return .unauthorized("\(what); check the Matrix access token or password")
        case 500...: return .transient(what)
        default: return .rejected(what)
        }
    }

    /// Calls and returns the events of a list in the answer, each decoded alone (an event too deep or of the
    /// wrong shape is kept as a failure, not a failed call): the answer itself when `member` is nil, else
    /// that member of it.
    func callForEvents(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], member: String? = nil
    ) async throws -> (events: [Lenient<MatrixEvent>], answer: Data) {
        let body = try await call(method, path, query: query)
        let list = member.map { JSONSlices.member($0, of: body) } ?? body
        guard let list, let events = SyncResponse.events(in: list) else {
            throw ChannelError.transient(
                "\(method.rawValue) \(Self.describe(path)): unreadable answer (\(body.count) bytes)")
        }
        return (events, body)
    }

    /// Calls and decodes the answer; an unreadable 2xx body is a transient fault.
    func call<Result: Decodable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: Data? = nil, as type: Result.Type,
        timeout: Duration = .seconds(30), authenticated: Bool = true
    ) async throws -> Result {
        let body = try await call(
            method, path, query: query, json: json, timeout: timeout, authenticated: authenticated)
        do {
            return try JSONDecoder().decode(Result.self, from: body)
        } catch {
            throw ChannelError.transient(
                "\(method.rawValue) \(Self.describe(path)): unreadable answer (\(body.count) bytes)")
        }
    }

    /// Uploads a file to the homeserver's media repository and returns its `mxc://` URI.
    func upload(_ file: Attachment) async throws -> String {
        let body = try await call(
            .post, "/upload", query: [("filename", file.fileName)], json: file.data, contentType: file.mediaType,
            prefix: Self.mediaPrefix, timeout: .seconds(120))
        guard let uploaded = try? JSONDecoder().decode(UploadResponse.self, from: body),
            uploaded.contentUri.hasPrefix("mxc://")
        else {
            throw ChannelError.transient("POST /upload: unreadable answer (\(body.count) bytes)")
        }
        return uploaded.contentUri
    }

    private func send(
        _ method: HTTPMethod, _ prefix: String, _ path: String, query: [(String, String)], json: Data?,
        contentType: String, timeout: Duration, token: String?
    ) async throws -> HTTPResponse {
        var url = baseURL + prefix + path
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        }
        var headers: [(name: String, value: String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if json != nil { headers.append(("Content-Type", contentType)) }
        let request = HTTPRequest(
            method: method, url: url, headers: headers, body: json ?? (method == .get ? nil : Data("{}".utf8)),
            timeout: timeout, secrets: session.secrets)
        do {
            return try await http.send(request)
        } catch {
            throw ChannelError.transient("\(method.rawValue) \(Self.describe(path)): \(error)")
        }
    }

    /// Percent-encodes a path segment or query value (room ids hold `!` and `:`, aliases `#`, event ids `$`).
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// The endpoint for errors and logs: the path without ids (which name rooms and people) or tokens.
    static func describe(_ path: String) -> String {
        "/"
            + path.split(separator: "/").map { segment in
                // Ids (escaped or not) and transaction ids, which are derived from event ids.
                segment.contains("%") || segment.hasPrefix("wb-") || segment.first.map { "!$#@".contains($0) } == true
                    ? "…" : String(segment)
            }.joined(separator: "/")
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: Requests with a body

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}

/// The answer to an upload.
struct UploadResponse: Decodable {
    var contentUri: String

    enum CodingKeys: String, CodingKey { case contentUri = "content_uri" }
}

/// The bot's Matrix session: who it is and its current access token, kept in the store so a restart reuses it.
actor MatrixSession {
    /// The configured user id (`@workshop-bot:example.org`).
    let userID: String
    private let password: String?
    private var accessToken: String?
    private var deviceID: String?
    private let store: any Store
    private let logger: Logger
    /// Declared secrets for HTTP error scrubbing. A token learned later travels only in the `Authorization`
    /// header, whose value the HTTP client always scrubs.
    nonisolated let secrets: [String]

    init(userID: String, accessToken: String?, password: String?, store: any Store, logger: Logger) {
        self.userID = userID
        self.accessToken = accessToken.flatMap { $0.isEmpty ? nil : $0 }
        self.password = password.flatMap { $0.isEmpty ? nil : $0 }
        self.store = store
        self.logger = logger
        secrets = [accessToken, password].compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// A log-in under way, which every caller that needs a new token waits for (a second log-in with the
    /// same device would end the first one's token on a strict homeserver).
    private var renewal: Task<String, any Error>?
    private var storedLoaded = false

    /// The token to use: the configured one, else the stored one, else a fresh log-in.
    func token(api: MatrixAPI) async throws -> String {
        await loadStored()
        if let accessToken { return accessToken }
        return try await logInOnce(api: api)
    }

    /// A new token after `failed` was refused; a caller that comes second gets the one the first obtained.
    func renew(after failed: String, api: MatrixAPI) async throws -> String {
        await loadStored()
        if let accessToken, accessToken != failed { return accessToken }
        guard password != nil else {
            throw ChannelError.unauthorized(
                "the homeserver no longer accepts the access token and no password is configured to log in again")
        }
        if accessToken == failed {
            logger.notice("the homeserver forgot the access token; logging in again")
            accessToken = nil
            try? await store.transaction { try $0.setCursor(MatrixStoredState.accessToken, to: nil) }
        }
        return try await logInOnce(api: api)
    }

    /// The device id of earlier log-ins (so transaction ids keep deduplicating across restarts), and the
    /// stored token when none is configured.
    private func loadStored() async {
        guard !storedLoaded else { return }
        guard
            let stored = try? await store.transaction({ tx in
                (try tx.cursor(MatrixStoredState.accessToken), try tx.cursor(MatrixStoredState.deviceID))
            })
        else { return }
        storedLoaded = true
        deviceID = stored.1 ?? deviceID
        if accessToken == nil { accessToken = stored.0 }
    }

    private func logInOnce(api: MatrixAPI) async throws -> String {
        if let renewal { return try await renewal.value }
        let task = Task { try await self.login(api: api) }
        renewal = task
        defer { renewal = nil }
        return try await task.value
    }

    private func login(api: MatrixAPI) async throws -> String {
        guard let password else {
            throw ChannelError.unauthorized("matrix: neither access_token nor password is configured")
        }
        var body: [String: Any] = [
            "type": "m.login.password",
            "identifier": ["type": "m.id.user", "user": userID],
            "password": password,
            "initial_device_display_name": "workshop-bot",
        ]
        if let deviceID { body["device_id"] = deviceID }
        let response: LoginResponse
        do {
            response = try await api.call(
                .post, "/login", json: MatrixAPI.json(body), as: LoginResponse.self, authenticated: false)
        } catch ChannelError.rejected(let why) where why.contains("M_FORBIDDEN") {
            throw ChannelError.unauthorized("matrix: the homeserver refused the password for \(userID)")
        }
        accessToken = response.accessToken
        deviceID = response.deviceId ?? deviceID
        let device = deviceID
        try? await store.transaction { tx in
            try tx.setCursor(MatrixStoredState.accessToken, to: response.accessToken)
            try tx.setCursor(MatrixStoredState.deviceID, to: device)
        }
        logger.info("logged in to Matrix", metadata: ["user": "\(response.userId)"])
        return response.accessToken
    }
}
