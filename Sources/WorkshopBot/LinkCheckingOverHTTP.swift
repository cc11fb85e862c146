import BotCore
import BotHTTP

/// The process's one HTTP client, made on first use (the console alone never starts it).
enum SharedHTTP {
    static let client: HTTPClient? = try? HTTPClient()
}

/// Link checks for plugins, over the libcurl client, with reasons a facilitator understands.
struct LinkCheckingOverHTTP: LinkChecking {
    /// The limit for each request: a hanging host is reported as timed out after this.
    var timeout: Duration = .seconds(10)

    func check(_ urls: [String]) async -> [String: LinkState] {
        guard let client = SharedHTTP.client else {
            return Dictionary(
                uniqueKeysWithValues: urls.map { ($0, LinkState.broken(.noClient)) })
        }
        let results = await LinkChecker(client: client, timeout: timeout).check(urls)
        return results.mapValues { result in
            switch result {
            case .success(let status) where status < 400: return .working
            case .success(let status): return .broken(.httpStatus(status))
            case .failure(let error):
                switch error {
                case .dns, .couldNotConnect: return .unreachable(Self.reason(error))
                default: return .broken(Self.reason(error))
                }
            }
        }
    }

    static func reason(_ error: HTTPError) -> LinkReason {
        switch error {
        case .dns: return .hostNotFound
        case .couldNotConnect: return .connectionRefused
        case .timedOut: return .timedOut
        case .tls: return .tlsFailed
        case .badRedirect: return .badRedirect
        case .invalidURL: return .notHTTP
        default: return .other("\(error)")
        }
    }
}
