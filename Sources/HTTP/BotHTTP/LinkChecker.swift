/// Checks many links at once without being rude to any host: a bounded number of hosts at a time, one request
/// at a time per host, `HEAD` first and `GET` when a server refuses `HEAD`, redirects followed within a limit,
/// and a time limit per request so a hanging host cannot hold up the answer.
public struct LinkChecker: Sendable {
    let client: HTTPClient
    let concurrentHosts: Int
    let timeout: Duration
    let maximumRedirects: Int

    public init(
        client: HTTPClient, concurrentHosts: Int = 8, timeout: Duration = .seconds(10), maximumRedirects: Int = 5
    ) {
        self.client = client
        self.concurrentHosts = max(1, concurrentHosts)
        self.timeout = timeout
        self.maximumRedirects = maximumRedirects
    }

    /// The final status of each URL, or the error that stopped it.
    public func check(_ urls: [String]) async -> [String: Result<Int, HTTPError>] {
        var byHost: [String: [String]] = [:]
        for url in Set(urls) { byHost[HTTPRequest(url: url).host, default: []].append(url) }
        let hosts = byHost.values.map { $0.sorted() }
        return await withTaskGroup(of: [(String, Result<Int, HTTPError>)].self) { group in
            var results: [String: Result<Int, HTTPError>] = [:]
            for (index, urls) in hosts.enumerated() {
                if index >= concurrentHosts, let done = await group.next() {
                    for (url, result) in done { results[url] = result }
                }
                group.addTask {
                    var checked: [(String, Result<Int, HTTPError>)] = []
                    for url in urls { checked.append((url, await checkOne(url))) }
                    return checked
                }
            }
            for await done in group {
                for (url, result) in done { results[url] = result }
            }
            return results
        }
    }

    private func checkOne(_ url: String) async -> Result<Int, HTTPError> {
        do {
            let head = try await client.send(request(url, .head))
            // Some servers refuse HEAD; ask again with GET before calling the link broken.
            guard [403, 405, 501].contains(head.status) else { return .success(head.status) }
            return .success(try await client.send(request(url, .get)).status)
        } catch .tooLarge {
            return .success(200)  // it answered with a body: the link works
        } catch {
            return .failure(error)
        }
    }

    private func request(_ url: String, _ method: HTTPMethod) -> HTTPRequest {
        HTTPRequest(
            method: method, url: url, timeout: timeout, connectTimeout: min(timeout, .seconds(5)),
            maximumResponseSize: 256 * 1024, maximumRedirects: maximumRedirects)
    }
}
