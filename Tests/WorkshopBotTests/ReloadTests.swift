import Foundation
import Synchronization
import Testing

/// SIGHUP on a running bot: a valid changed config is swapped in; a broken one changes nothing.
struct ReloadTests {
    final class Output: Sendable {
        private let text = Mutex("")
        func append(_ data: Data) { text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        var value: String { text.withLock { $0 } }
    }

    func waitFor(_ output: Output, _ needle: String, count: Int = 1) async -> Bool {
        for _ in 0..<500 {
            if output.value.components(separatedBy: needle).count - 1 >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func sighupReloadsAValidConfigAndKeepsTheRunningOneWhenBroken() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = ConsoleEndToEndTests.repository.appendingPathComponent("plugins-config")
        for name in ["bot.yaml", "roster.yaml", "agenda.yaml", "resources.yaml"] {
            try FileManager.default.copyItem(
                at: sample.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let agendaFile = folder.appendingPathComponent("agenda.yaml")
        let agenda = try String(contentsOf: agendaFile, encoding: .utf8)

        let process = Process()
        process.executableURL = ConsoleEndToEndTests.executable
        process.arguments = [
            "console", "--config", folder.path, "--store", folder.appendingPathComponent("bot.sqlite").path, "--now",
            "2021-11-08T08:30:00+01:00", "--log-level", "notice",
        ]
        let input = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = input
        process.standardOutput = stdout
        process.standardError = stderr
        let out = Output(), err = Output()
        stdout.fileHandleForReading.readabilityHandler = { out.append($0.availableData) }
        stderr.fileHandleForReading.readabilityHandler = { err.append($0.availableData) }
        try process.run()
        func say(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

        say("/session opening")
        #expect(await waitFor(out, "Opening plenary (opening)"))

        // A valid change: the opening gets a new (English) title and moves by an hour. The sample gives the
        // opening's title per language.
        try agenda.replacingOccurrences(of: "en: Opening plenary", with: "en: Grand opening")
            .replacingOccurrences(
                of: "start: 2021-11-08 09:00\n    end: 10:30", with: "start: 2021-11-08 10:00\n    end: 11:00"
            )
            .write(to: agendaFile, atomically: true, encoding: .utf8)
        // `workshop-bot reload` finds the running bot by its store.
        let reload = try await ConsoleEndToEndTests.run(
            ["reload", "--config", folder.path, "--store", folder.appendingPathComponent("bot.sqlite").path])
        #expect(reload.status == 0, "\(reload.stderr)")
        #expect(reload.stdout.hasPrefix("asked process \(process.processIdentifier) to reload"))
        #expect(await waitFor(err, "configuration reloaded"))
        #expect(await waitFor(out, "Moved: Grand opening, Mon 8 Nov 09:00 → Mon 8 Nov 10:00 (Hamburg time)"))
        say("/session opening")
        #expect(await waitFor(out, "Grand opening (opening)"))

        // A broken file: the running configuration stays.
        try "workshop:\n  name: x\n  tim_zone: Europe/Berlin\n".write(to: agendaFile, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        #expect(await waitFor(err, "reload refused"))
        #expect(err.value.contains("tim_zone"))
        say("/session opening")
        #expect(await waitFor(out, "Grand opening (opening)", count: 2))

        try input.fileHandleForWriting.close()
        await process.exited()
        #expect(process.terminationStatus == 0)
    }
}
