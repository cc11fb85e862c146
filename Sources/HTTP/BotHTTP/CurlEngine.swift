import CCurl
import Foundation
import Synchronization

/// One request on its way through the engine.
///
/// Safety of `@unchecked Sendable`: `request` and `id` never change. `phase` and `continuation` are only
/// touched while holding the engine's lock. Everything else (`easy`, `headerList`, `body`, `headers`,
/// `exceeded`) belongs to the engine thread from the moment the transfer is taken from the inbox, and
/// libcurl's callbacks run on that thread too.
final class Transfer: @unchecked Sendable {
    enum Phase { case new, submitted, cancelled, finished }

    let request: HTTPRequest
    var phase = Phase.new
    var continuation: CheckedContinuation<HTTPResponse, any Error>?

    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var body = Data()
    var headers: [(name: String, value: String)] = []
    var exceeded = false
    /// libcurl writes its error message here; it must outlive the easy handle, so it is allocated, not an array.
    let errorBuffer: UnsafeMutablePointer<CChar>

    init(request: HTTPRequest) {
        self.request = request
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit { errorBuffer.deallocate() }
}

/// The raw multi handle. Safety of `@unchecked Sendable`: only `curl_multi_wakeup`, which libcurl documents
/// as callable from any thread, is used outside the engine thread.
struct MultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// Drives every transfer with one curl multi handle on one dedicated thread. Callers hand transfers over
/// through a locked inbox and `curl_multi_wakeup`; a waiting request costs no thread, and no curl call but
/// the wake-up is made off the engine thread.
final class CurlEngine: Sendable {
    private struct Shared {
        var inbox: [Transfer] = []
        var cancels: [Transfer] = []
        var stopping = false
        /// Set, under the lock, just before the multi handle is freed: no wake-up may touch it after that.
        var released = false
    }

    private let shared = Mutex(Shared())
    private let multi: MultiHandle

    /// `curl_global_init`, exactly once per process.
    private static let globalInit: CURLcode = wb_curl_global_init()

    init(maximumConnections: Int) throws(HTTPError) {
        guard Self.globalInit == CURLE_OK, let raw = curl_multi_init() else {
            throw .transport(host: "-", code: Int(Self.globalInit.rawValue), detail: "libcurl could not be initialised")
        }
        multi = MultiHandle(raw: raw)
        // Idle keep-alive connections are kept up to this count; it must cover the expected concurrency.
        _ = wb_curl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, maximumConnections)
        _ = wb_curl_multi_setopt_long(raw, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in self.loop() }
        thread.name = "workshop-bot-curl"
        thread.start()
    }

    /// Wakes the engine thread, unless the multi handle is already freed. Called under the lock, so the
    /// thread cannot free the handle between the check and the wake-up.
    private func wake() {
        shared.withLock { shared in
            if !shared.released { curl_multi_wakeup(multi.raw) }
        }
    }

    /// Runs one transfer; cancelling the calling task aborts it promptly.
    func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = Transfer(request: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let accepted = shared.withLock { shared -> Bool in
                    guard transfer.phase == .new, !Task.isCancelled, !shared.stopping else {
                        transfer.phase = .finished
                        return false
                    }
                    transfer.phase = .submitted
                    transfer.continuation = continuation
                    shared.inbox.append(transfer)
                    return true
                }
                if accepted {
                    wake()
                } else {
                    continuation.resume(throwing: HTTPError.cancelled)
                }
            }
        } onCancel: {
            let wake = shared.withLock { shared -> Bool in
                switch transfer.phase {
                case .new:
                    transfer.phase = .cancelled
                    return false
                case .submitted:
                    shared.cancels.append(transfer)
                    return true
                case .cancelled, .finished:
                    return false
                }
            }
            if wake { self.wake() }
        }
    }

    /// Stops the engine thread; running transfers fail as cancelled.
    func stop() {
        shared.withLock { $0.stopping = true }
        wake()
    }

    // MARK: The engine thread

    private func loop() {
        var running: [UnsafeMutableRawPointer: Transfer] = [:]
        var active: Int32 = 0
        while true {
            let (incoming, cancels, stopping) = shared.withLock { shared in
                defer {
                    shared.inbox.removeAll(keepingCapacity: true)
                    shared.cancels.removeAll(keepingCapacity: true)
                }
                return (shared.inbox, shared.cancels, shared.stopping)
            }
            for transfer in incoming {
                do {
                    let easy = try configure(transfer)
                    running[easy] = transfer
                    curl_multi_add_handle(multi.raw, easy)
                } catch {
                    release(transfer)
                    finish(transfer, .failure(error))
                }
            }
            for transfer in cancels {
                guard let easy = transfer.easy, running.removeValue(forKey: easy) != nil else { continue }
                curl_multi_remove_handle(multi.raw, easy)
                release(transfer)
                finish(transfer, .failure(HTTPError.cancelled))
            }
            if stopping {
                for (easy, transfer) in running {
                    curl_multi_remove_handle(multi.raw, easy)
                    release(transfer)
                    finish(transfer, .failure(HTTPError.cancelled))
                }
                running.removeAll()
                break
            }
            curl_multi_perform(multi.raw, &active)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi.raw, &left) {
                guard wb_curl_msg_is_done(message) != 0, let easy = message.pointee.easy_handle,
                    let transfer = running.removeValue(forKey: easy)
                else { continue }
                let code = wb_curl_msg_result(message)
                curl_multi_remove_handle(multi.raw, easy)
                let result = outcome(of: transfer, code: code)
                release(transfer)
                finish(transfer, result)
            }
            curl_multi_poll(multi.raw, nil, 0, 1000, nil)
        }
        shared.withLock { $0.released = true }
        curl_multi_cleanup(multi.raw)
    }

    private func finish(_ transfer: Transfer, _ result: Result<HTTPResponse, any Error>) {
        let continuation = shared.withLock { _ -> CheckedContinuation<HTTPResponse, any Error>? in
            guard transfer.phase != .finished else { return nil }
            transfer.phase = .finished
            defer { transfer.continuation = nil }
            return transfer.continuation
        }
        continuation?.resume(with: result)
    }

    private func release(_ transfer: Transfer) {
        if let easy = transfer.easy { curl_easy_cleanup(easy) }
        if let list = transfer.headerList { curl_slist_free_all(list) }
        transfer.easy = nil
        transfer.headerList = nil
    }

    /// Creates and configures the easy handle of a transfer.
    private func configure(_ transfer: Transfer) throws -> UnsafeMutableRawPointer {
        let request = transfer.request
        guard let easy = curl_easy_init() else {
            throw HTTPError.transport(host: request.host, code: -1, detail: "curl_easy_init failed")
        }
        transfer.easy = easy
        var failed: CURLcode = CURLE_OK
        func check(_ code: CURLcode) { if code != CURLE_OK, failed == CURLE_OK { failed = code } }

        check(wb_curl_easy_setopt_string(easy, CURLOPT_URL, request.url))
        check(wb_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        check(wb_curl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(wb_curl_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        check(wb_curl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, request.maximumRedirects > 0 ? 1 : 0))
        check(wb_curl_easy_setopt_long(easy, CURLOPT_MAXREDIRS, request.maximumRedirects))
        check(wb_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.timeout.milliseconds))
        check(wb_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.milliseconds))
        if let limit = request.lowSpeedLimit {
            check(wb_curl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, limit))
            check(
                wb_curl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, request.lowSpeedTime.milliseconds / 1000))
            )
        }
        check(wb_curl_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maximumResponseSize)))
        check(wb_curl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        check(wb_curl_easy_setopt_string(easy, CURLOPT_USERAGENT, "workshop-bot"))
        check(wb_curl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS))
        check(wb_curl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, transfer.errorBuffer))

        switch request.method {
        case .get: break
        case .head: check(wb_curl_easy_setopt_long(easy, CURLOPT_NOBODY, 1))
        case .post: check(wb_curl_easy_setopt_long(easy, CURLOPT_POST, 1))
        default: check(wb_curl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue))
        }
        if let body = request.body ?? (request.method == .post ? Data() : nil) {
            // The size goes first, so the copy takes exactly these bytes (the body may contain NULs).
            check(wb_curl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            body.withUnsafeBytes { bytes in
                let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
                check(
                    wb_curl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base)))
            }
        }
        // An empty Expect: stops curl from waiting for a 100-continue that many servers never send.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in request.headers
        where !header.name.contains(where: { $0 == "\r" || $0 == "\n" || $0 == ":" })
            && !header.value.contains(where: { $0 == "\r" || $0 == "\n" })
        {
            list = curl_slist_append(list, "\(header.name): \(header.value)")
        }
        transfer.headerList = list
        check(wb_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list))

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        check(wb_curl_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback))
        check(wb_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        check(wb_curl_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback))
        check(wb_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context))

        guard failed == CURLE_OK else {
            throw HTTPError.transport(
                host: request.host, code: Int(failed.rawValue), detail: String(cString: curl_easy_strerror(failed)))
        }
        return easy
    }

    /// The response or the typed error of a finished transfer.
    private func outcome(of transfer: Transfer, code: CURLcode) -> Result<HTTPResponse, any Error> {
        let request = transfer.request
        guard let easy = transfer.easy else { return .failure(HTTPError.cancelled) }
        if code == CURLE_OK {
            var status = 0
            _ = wb_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            var retryAfter: curl_off_t = 0
            _ = wb_curl_easy_getinfo_off_t(easy, CURLINFO_RETRY_AFTER, &retryAfter)
            return .success(
                HTTPResponse(
                    status: status, headers: transfer.headers, body: transfer.body,
                    retryAfter: retryAfter > 0 ? .seconds(retryAfter) : nil))
        }
        let detail = redact(errorText(transfer, code), request.allSecrets)
        let host = request.host
        let error: HTTPError
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: error = .dns(host: host)
        case CURLE_COULDNT_CONNECT: error = .couldNotConnect(host: host)
        case CURLE_OPERATION_TIMEDOUT: error = .timedOut(host: host)
        case CURLE_FILESIZE_EXCEEDED: error = .tooLarge(host: host, limit: request.maximumResponseSize)
        case CURLE_WRITE_ERROR where transfer.exceeded:
            error = .tooLarge(host: host, limit: request.maximumResponseSize)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            error = .tls(host: host, detail: detail)
        case CURLE_TOO_MANY_REDIRECTS: error = .badRedirect(host: host, detail: detail)
        case CURLE_UNSUPPORTED_PROTOCOL:
            // A redirect to another scheme, or a reply without any HTTP status line (HTTP/0.9).
            var redirects = 0
            _ = wb_curl_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &redirects)
            error =
                redirects > 0 || detail.contains("Protocol")
                ? .badRedirect(host: host, detail: detail) : .malformedResponse(host: host, detail: detail)
        case CURLE_WEIRD_SERVER_REPLY, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_BAD_CONTENT_ENCODING,
            CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3:
            error = .malformedResponse(host: host, detail: detail)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR: error = .connectionLost(host: host, detail: detail)
        case CURLE_ABORTED_BY_CALLBACK: error = .cancelled
        default: error = .transport(host: host, code: Int(code.rawValue), detail: detail)
        }
        return .failure(error)
    }

    private func errorText(_ transfer: Transfer, _ code: CURLcode) -> String {
        let buffered = String(cString: transfer.errorBuffer)
        return buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
    }
}

/// Replaces every secret in `text` with `***`.
func redact(_ text: String, _ secrets: [String]) -> String {
    secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
}

extension Duration {
    /// Whole milliseconds, for libcurl's `_MS` options.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// libcurl's write callback: appends body bytes, refusing (and so aborting the transfer) past the size cap.
private let curlWriteCallback: wb_curl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    if transfer.body.count + length > transfer.request.maximumResponseSize {
        transfer.exceeded = true
        return 0
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { transfer.body.append($0, count: length) }
    return length
}

/// libcurl's header callback: collects `Name: value` lines, starting over at every status line (redirects,
/// 100 Continue), so the headers are those of the final response.
private let curlHeaderCallback: wb_curl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    var bytes = UnsafeRawBufferPointer(start: data, count: length)[...]
    // Header lines end in \r\n, which Swift's String would treat as one character: trim bytes first.
    while let last = bytes.last, last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
    let line = String(decoding: bytes, as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        transfer.headers.removeAll()
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        transfer.headers.append((name: name, value: value))
    }
    return length
}
