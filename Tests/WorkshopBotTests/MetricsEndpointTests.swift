import BotHTTP
import Foundation
import Testing

/// The health and metrics endpoint of a running bot, checked with the Prometheus project's own parser.
@Suite(.serialized)
struct MetricsEndpointTests {
    static func freePort() async throws -> Int {
        let result = try await ConsoleEndToEndTests.runTool(
            ["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        return Int(result.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    static func config(port: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sample = ConsoleEndToEndTests.repository.appendingPathComponent("plugins-config")
        for name in ["roster.yaml", "agenda.yaml", "resources.yaml"] {
            try FileManager.default.copyItem(
                at: sample.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let bot = try String(contentsOf: sample.appendingPathComponent("bot.yaml"), encoding: .utf8)
        try (bot + "\nmetrics:\n  listen: 127.0.0.1:\(port)\n")
            .write(to: folder.appendingPathComponent("bot.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func countersMoveAndTheTextParsesAsPrometheusExposition() async throws {
        let port = try await Self.freePort()
        let folder = try Self.config(port: port)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Started with a soft limit of 256 open files under a hard one of 1,024 (prlimit execs the bot, so the
        // process is the bot's).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        process.arguments = [
            "--nofile=256:1024", "--", ConsoleEndToEndTests.executable.path,
            "console", "--config", folder.path, "--store", folder.appendingPathComponent("s.sqlite").path,
        ]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        let client = try HTTPClient()
        let base = "http://127.0.0.1:\(port)"
        var healthy = false
        for _ in 0..<300 where !healthy {
            healthy = (try? await client.fetch(HTTPRequest(url: base + "/healthz")))?.text == "ok\n"
            if !healthy { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(healthy)
        // The bot raised its soft limit to the hard one at start.
        let limits = try String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)
        let openFiles = limits.split(separator: "\n").first { $0.hasPrefix("Max open files") }
        let softAndHard = (openFiles?.split(separator: " ").dropFirst(3).prefix(2)).map { Array($0) } ?? []
        #expect(softAndHard == ["1024", "1024"], "\(limits)")
        input.fileHandleForWriting.write(
            Data("/ping\n/ping\n/ping\n/nosuch\n/resource add https://example.org x\n".utf8))

        var samples: [String: Double] = [:]
        for _ in 0..<300 {
            let text = try await client.fetch(HTTPRequest(url: base + "/metrics")).text
            samples = try await Self.parse(text)
            if samples["workshop_bot_commands_total{outcome=denied,plugin=resources}"] == 1 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(samples["workshop_bot_commands_total{outcome=ok,plugin=ping}"] == 3)
        #expect(samples["workshop_bot_commands_total{outcome=denied,plugin=resources}"] == 1)
        #expect(samples["workshop_bot_updates_received_total{channel=console}"] == 5)
        #expect(samples["workshop_bot_handler_seconds_count{plugin=ping}"] == 3)
        #expect(samples["workshop_bot_build_info{version=0.1.0}"] == 1)

        let ready = try await client.send(HTTPRequest(url: base + "/readyz"))
        #expect(ready.status == 200)
        #expect(ready.text == #"{"checks":{"store":"ok"},"ready":true}"#)

        // A second bot on the same address refuses to start, clearly.
        let second = try await ConsoleEndToEndTests.run(
            ["console", "--config", folder.path, "--store", folder.appendingPathComponent("t.sqlite").path])
        #expect(second.status != 0)
        #expect(second.stderr.contains("cannot serve metrics on 127.0.0.1:\(port)"))
    }

    /// Parses exposition text with prometheus_client; keys are `name{label=value,...}` with sorted labels.
    static func parse(_ text: String) async throws -> [String: Double] {
        let python = ConsoleEndToEndTests.repository.appendingPathComponent(".venv/bin/python").path
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
                    out[f"{s.name}{{{labels}}}" if labels else s.name] = s.value
            print(json.dumps(out))
            """
        let output = try await ConsoleEndToEndTests.runTool([python, "-c", script], input: text)
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Double] ?? [:]
    }
}
