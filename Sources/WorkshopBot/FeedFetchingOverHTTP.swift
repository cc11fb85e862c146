import BotCore
import BotHTTP
import Foundation

/// Feed fetches for plugins (the agenda's calendar feed), over the libcurl client: conditional GETs with the
/// copy's validators, bounded in size and time, with reasons a facilitator understands and never the address.
struct FeedFetchingOverHTTP: FeedFetching {
    func fetch(_ request: FeedRequest) async -> FeedResult {
        guard isWebURL(request.url) else { return .failed(LinkReason.notHTTP.description) }
        guard let client = SharedHTTP.client else { return .failed(LinkReason.noClient.description) }
        var headers: [(name: String, value: String)] = [("Accept", "text/calendar, */*;q=0.5")]
        if let tag = request.entityTag { headers.append(("If-None-Match", tag)) }
        if let date = request.lastModified { headers.append(("If-Modified-Since", date)) }
        let http = HTTPRequest(
            url: request.url, headers: headers, timeout: request.timeout,
            connectTimeout: min(request.timeout, .seconds(10)), lowSpeedLimit: 1,
            lowSpeedTime: min(request.timeout, .seconds(15)), maximumResponseSize: request.maximumBytes,
            secrets: Self.secrets(of: request.url))
        do {
            let response = try await client.send(http)
            switch response.status {
            case 304: return .notModified
            case 200..<300:
                return .fetched(
                    body: response.body, entityTag: response.header("ETag"),
                    lastModified: response.header("Last-Modified"))
            default: return .failed(LinkReason.httpStatus(response.status).description)
            }
        } catch {
            switch error {
            case .tooLarge(_, let limit):
                return .failed(LinkReason.tooLarge(megabytes: limit / (1024 * 1024)).description)
            case .malformedResponse: return .failed(LinkReason.notHTTPAnswer.description)
            case .connectionLost: return .failed(LinkReason.connectionLost.description)
            default: return .failed(LinkCheckingOverHTTP.reason(error).description)
            }
        }
    }

    /// The parts of an address that may be secret, scrubbed from anything libcurl says: the whole address, its
    /// query and its path.
    static func secrets(of url: String) -> [String] {
        guard let components = URLComponents(string: url) else { return [url] }
        var secrets = [url]
        if let query = components.percentEncodedQuery, !query.isEmpty { secrets.append(query) }
        if components.percentEncodedPath.count > 1 { secrets.append(components.percentEncodedPath) }
        return secrets
    }
}
