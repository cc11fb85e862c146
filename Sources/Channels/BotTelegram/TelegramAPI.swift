import BotCore
import BotHTTP
import Foundation
import Logging

/// Calls Bot API methods over the libcurl client and maps every failure once, to `ChannelError`.
struct TelegramAPI: Sendable {
    let http: HTTPClient
    let token: String
    let baseURL: String
    /// The longest a `retry_after` is waited (see `PlatformValues.retryHint`).
    let retryHintCap: Double
    let logger: Logger

    /// The Bot API's coders; the types name their snake_case keys (`chat_id`) themselves.
    private static let encoder = JSONEncoder()
    static let decoder = JSONDecoder()

    /// Calls `method` with a JSON body and decodes its result; `timeout` covers long polls.
    func call<Body: Encodable, Result: Decodable>(
        _ method: String, _ body: Body, as type: Result.Type, timeout: Duration = .seconds(30)
    ) async throws -> Result {
        let result = try await callForResult(method, body, timeout: timeout)
        do {
            return try Self.decoder.decode(Result.self, from: result)
        } catch {
            throw ChannelError.transient("\(method): the result does not read (\(result.count) bytes)")
        }
    }

    /// Calls `method` with a JSON body and returns the bytes of its `result`, undecoded, so that a caller can
    /// split a list and decode each element alone. The envelope is read member by member, so a result that
    /// no decoder could read whole still comes back here.
    func callForResult<Body: Encodable>(_ method: String, _ body: Body, timeout: Duration = .seconds(30)) async throws
        -> Data
    {
        let json = try (body as? any DirectJSON)?.directJSON() ?? Self.encoder.encode(body)
        return try await post(method, contentType: "application/json", body: json, timeout: timeout)
    }

    /// Calls `method` with a `multipart/form-data` body (an upload such as `sendDocument`) and returns the bytes
    /// of its `result`.
    func callMultipart(_ method: String, _ form: MultipartForm, timeout: Duration = .seconds(120)) async throws -> Data
    {
        let (contentType, payload) = form.encoded()
        return try await post(method, contentType: contentType, body: payload, timeout: timeout)
    }

    /// POSTs `body` to `method` and returns the bytes of its `result`; a transport failure is transient.
    private func post(_ method: String, contentType: String, body: Data, timeout: Duration) async throws -> Data {
        let request = HTTPRequest(
            method: .post, url: "\(baseURL)/bot\(token)/\(method)", headers: [("Content-Type", contentType)],
            body: body, timeout: timeout, secrets: [token])
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw ChannelError.transient("\(method): \(error)")
        }
        return try result(of: response, method: method)
    }

    /// A request body as a JSON string, for a multipart field that takes JSON (`reply_markup`,
    /// `reply_parameters`), in the Bot API's snake case.
    static func jsonField<Body: Encodable>(_ body: Body) -> String {
        String(decoding: (try? encoder.encode(body)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The bytes of the `result` of one Bot API answer, its envelope read member by member; an answer that is
    /// not `ok` throws the `ChannelError` its status and `error_code` call for (a 429's `retry_after` capped).
    func result(of response: HTTPResponse, method: String) throws -> Data {
        guard let members = JSONSlices.members(of: response.body),
            let ok = Self.field("ok", in: members, as: Bool.self)
        else {
            if response.status == 401 || response.status == 404 {
                throw ChannelError.unauthorized("\(method): HTTP \(response.status); check the bot token and api_url")
            }
            throw ChannelError.transient("\(method): HTTP \(response.status) with an unreadable body")
        }
        if ok, let result = members.first(where: { $0.key == "result" })?.value { return result }
        let code = Self.field("error_code", in: members, as: Int.self) ?? response.status
        let description = Self.field("description", in: members, as: String.self) ?? "no description"
        switch code {
        case 429:
            let parameters = Self.field("parameters", in: members, as: ResponseParameters.self)
            throw ChannelError.rateLimited(
                hint: parameters?.retryAfter, cap: retryHintCap, logger: logger, what: method)
        case 401, 404: throw ChannelError.unauthorized("\(method): \(description); check the bot token and api_url")
        case 409: throw ChannelError.conflict("\(method): \(description)")
        case 500...: throw ChannelError.transient("\(method): \(description)")
        default: throw ChannelError.rejected("\(method): \(description)")
        }
    }

    /// One member of the envelope, decoded alone; nil when it is missing or does not decode.
    private static func field<Value: Decodable>(
        _ key: String, in members: [(key: String, value: Data)], as type: Value.Type
    )
        -> Value?
    {
        members.first { $0.key == key }.flatMap { try? decoder.decode(Value.self, from: $0.value) }
    }
}
