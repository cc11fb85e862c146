import ArgumentParser
import BotCore
import BotHTTPServer
import BotRuntime
import BotTelegram
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// `/healthz` (the process answers), `/readyz` (the store answers and every platform channel polled
/// recently or is another instance's to poll, with a JSON body naming what failed and, with several instances,
/// who holds which lease) and `/metrics` (Prometheus text), on a local address.
/// `LocalHTTPServer` serves them: a small server on Swift concurrency and plain sockets, without SwiftNIO's
/// build cost.
struct ObservabilityServer: Service {
    let listen: String
    private let server: LocalHTTPServer

    /// Parses the address, installs Prometheus as the swift-metrics backend and declares the routes; `run`
    /// serves them.
    init(
        listen: String, store: any Store, channels: [String: @Sendable () -> String?], leases: LeaseKeeper? = nil,
        logger: Logger
    ) async throws {
        let parts = listen.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            throw ValidationError("metrics.listen must be HOST:PORT, such as 127.0.0.1:9464")
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        Gauge(label: "workshop_bot_build_info", dimensions: [("version", workshopBotVersion)]).record(1)
        server = LocalHTTPServer(host: String(parts[0]), port: port, largestBody: 0, logger: logger) { request in
            guard request.method == "GET" else {
                return .plain(405, "only GET\n", fields: [HTTPField("Allow", "GET, HEAD")])
            }
            switch request.path {
            case "/healthz": return .plain(200, "ok\n")
            case "/metrics":
                return HTTPServerResponse(
                    status: 200, fields: [HTTPField("Content-Type", "text/plain; version=0.0.4")],
                    body: Data(registry.emitToBuffer()))
            case "/readyz":
                let checks = await Self.readiness(store: store, channels: channels)
                let ready = checks.values.allSatisfy { $0 == "ok" }
                var answer: [String: Any] = ["ready": ready, "checks": checks]
                if let leases {
                    // A standby is ready (to take over); the body says which duties it holds and who holds the rest.
                    answer["instance"] = leases.instance
                    answer["leases"] = Dictionary(leases.names.map { ($0, leases.describe($0)) }) { first, _ in first }
                }
                let body = (try? JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys])) ?? Data()
                return HTTPServerResponse(
                    status: ready ? 200 : 503, fields: [HTTPField("Content-Type", "application/json")], body: body)
            default: return .plain(404, "not found\n")
            }
        }
        self.listen = listen
    }

    /// Serves until the group shuts down; throws a clear error (which stops the group) when the address is
    /// taken or not local.
    func run() async throws {
        try await serveUntilShutdown(server) {
            "cannot serve metrics on \(listen): the address is in use or not local (\($0))"
        }
    }

    /// Each check's state: "ok" or why not. `channels` gives each platform channel's readiness problem (its
    /// poll driver's), nil when it is ready.
    static func readiness(store: any Store, channels: [String: @Sendable () -> String?]) async -> [String: String] {
        var checks: [String: String] = [:]
        do {
            _ = try await store.transaction { try $0.cursor(TelegramChannel.lastPollCursor) }
            checks["store"] = "ok"
        } catch {
            checks["store"] = "unreachable: \(error)"
        }
        for (name, problem) in channels { checks[name] = problem() ?? "ok" }
        return checks
    }
}

/// The version reported by `workshop_bot_build_info`.
let workshopBotVersion = "0.1.0"
