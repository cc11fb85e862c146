import BotTesting
import Foundation
import Testing

/// Checks the deployment files as far as this machine can: systemd verifies the unit, and the compose file is
/// parsed and checked against the Dockerfile.
struct DeployTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy")

    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let reading = pipe.fileHandleForReading
        let data = await offThePool { reading.readDataToEndOfFile() }
        await process.exited()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func theSystemdUnitVerifies() async throws {
        // verify wants the ExecStart binary to exist: check a copy of the unit pointing at a binary that does.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let unit = try String(contentsOf: Self.deploy.appendingPathComponent("workshop-bot.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/opt/workshop-bot/workshop-bot run"))
        for setting in [
            "DynamicUser=yes", "StateDirectory=workshop-bot", "ProtectSystem=strict", "NoNewPrivileges=yes",
            "Restart=on-failure", "EnvironmentFile=/etc/workshop-bot/env",
        ] {
            #expect(unit.contains(setting), "missing \(setting)")
        }
        let copy = unit.replacingOccurrences(of: "/opt/workshop-bot/workshop-bot", with: "/bin/true")
        try copy.write(to: folder.appendingPathComponent("workshop-bot.service"), atomically: true, encoding: .utf8)
        let result = try await Self.run([
            "systemd-analyze", "verify", folder.appendingPathComponent("workshop-bot.service").path,
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("workshop-bot.service:"), "\(result.output)")
    }

    @Test func composeAgreesWithTheDockerfile() async throws {
        let script = """
            import json, sys, yaml
            c = yaml.safe_load(open(sys.argv[1]))
            s = c["services"]["workshop-bot"]
            print(json.dumps({"env_file": s["env_file"], "volumes": s["volumes"], "healthcheck": s["healthcheck"]["test"],
                              "dockerfile": s["build"]["dockerfile"], "named": list(c.get("volumes", {}))}))
            """
        let result = try await Self.run([
            "python3", "-c", script, Self.deploy.appendingPathComponent("compose.yaml").path,
        ])
        #expect(result.status == 0, "\(result.output)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any] ?? [:]
        let dockerfile = try String(contentsOf: Self.deploy.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(parsed["dockerfile"] as? String == "deploy/Dockerfile")
        #expect(parsed["env_file"] as? String == "env")
        #expect(FileManager.default.fileExists(atPath: Self.deploy.appendingPathComponent("env.example").path))
        let volumes = parsed["volumes"] as? [String] ?? []
        #expect(volumes.contains("../plugins-config:/config:ro"))
        #expect(volumes.contains("workshop-bot-data:/data"))
        #expect((parsed["named"] as? [String]) == ["workshop-bot-data", "workshop-bot-postgres"])
        // The paths the compose file mounts are the ones the image uses.
        #expect(dockerfile.contains(#"VOLUME ["/data"]"#))
        #expect(dockerfile.contains(#""--config", "/config""#))
        #expect(dockerfile.contains("USER workshop-bot"))
        #expect(dockerfile.contains("HEALTHCHECK"))
        #expect((parsed["healthcheck"] as? [String])?.contains("/usr/local/bin/workshop-bot") == true)
        #expect(dockerfile.contains("COPY --from=build /out/workshop-bot /usr/local/bin/workshop-bot"))
    }

    /// The postgres profile: a PostgreSQL service and two replicas of the bot on it, the password only in env
    /// files (never in a URL of the compose file), and never started with the SQLite bot.
    @Test func composeRunsTwoReplicasOnPostgreSQL() async throws {
        let script = """
            import json, sys, yaml
            c = yaml.safe_load(open(sys.argv[1]))
            s = c["services"]
            r, p = s["workshop-bot-replica"], s["postgres"]
            print(json.dumps({"profiles": {k: v.get("profiles") for k, v in s.items()},
                              "replicas": r["deploy"]["replicas"], "env_file": r["env_file"],
                              "entrypoint": r["entrypoint"], "depends": r["depends_on"]["postgres"]["condition"],
                              "pg_env_file": p["env_file"], "pg_env": p["environment"], "named": list(c["volumes"])}))
            """
        let file = Self.deploy.appendingPathComponent("compose.yaml")
        let result = try await Self.run(["python3", "-c", script, file.path])
        #expect(result.status == 0, "\(result.output)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any] ?? [:]
        let profiles = parsed["profiles"] as? [String: [String]] ?? [:]
        #expect(profiles["workshop-bot"] == ["sqlite"])
        #expect(profiles["workshop-bot-replica"] == ["postgres"])
        #expect(profiles["postgres"] == ["postgres"])
        #expect(parsed["replicas"] as? Int == 2)
        #expect(parsed["env_file"] as? String == "env")
        #expect(parsed["pg_env_file"] as? String == "postgres.env")
        #expect(parsed["depends"] as? String == "service_healthy")
        let command = (parsed["entrypoint"] as? [String])?.last ?? ""
        #expect(command.contains(#"--store "$$DATABASE_URL""#), "\(command)")
        #expect((parsed["pg_env"] as? [String: String])?["POSTGRES_PASSWORD"] == nil)
        #expect((parsed["named"] as? [String])?.contains("workshop-bot-postgres") == true)
        // The examples of both env files exist, and the bots' names the URL without a password.
        let env = try String(contentsOf: Self.deploy.appendingPathComponent("env.example"), encoding: .utf8)
        #expect(env.contains("DATABASE_URL=postgres://workshop@postgres:5432/workshop"))
        #expect(env.contains("PGPASSWORD="))
        let postgresEnv = try String(
            contentsOf: Self.deploy.appendingPathComponent("postgres.env.example"), encoding: .utf8)
        #expect(postgresEnv.contains("POSTGRES_PASSWORD="))
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.range(of: #"postgres(ql)?://[^@\s]*:[^@\s]*@"#, options: .regularExpression) == nil)
    }
}
