import BotCore
import BotHTTP
import Foundation

/// Calls Bot API methods over the libcurl client and maps every failure once, to `ChannelError`.
struct TelegramAPI: Sendable {
    let http: HTTPClient
    let token: String
    let baseURL: String

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// Calls `method` with a JSON body and decodes its result; `timeout` covers long polls.
    func call<Body: Encodable, Result: Decodable>(
        _ method: String, _ body: Body, as type: Result.Type, timeout: Duration = .seconds(30)
    ) async throws -> Result {
        let payload = try Self.encoder.encode(body)
        let request = HTTPRequest(
            method: .post, url: "\(baseURL)/bot\(token)/\(method)", headers: [("Content-Type", "application/json")],
            body: payload, timeout: timeout, secrets: [token])
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw ChannelError.transient("\(method): \(error)")
        }
        let decoded: TelegramResponse<Result>
        do {
            decoded = try Self.decoder.decode(TelegramResponse<Result>.self, from: response.body)
        } catch {
            if response.status == 401 || response.status == 404 {
                throw ChannelError.unauthorized("\(method): HTTP \(response.status); check the bot token and api_url")
            }
            throw ChannelError.transient("\(method): HTTP \(response.status) with an unreadable body")
        }
        if decoded.ok, let result = decoded.result { return result }
        let code = decoded.errorCode ?? response.status
        let description = decoded.description ?? "no description"
        switch code {
        case 429: throw ChannelError.rateLimited(retryAfter: Double(decoded.parameters?.retryAfter ?? 1))
        case 401, 404: throw ChannelError.unauthorized("\(method): \(description); check the bot token and api_url")
        case 409: throw ChannelError.conflict("\(method): \(description)")
        case 500...: throw ChannelError.transient("\(method): \(description)")
        default: throw ChannelError.rejected("\(method): \(description)")
        }
    }
}
