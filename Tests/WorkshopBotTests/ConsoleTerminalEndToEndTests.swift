import BotTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real `workshop-bot console` on a pseudo-terminal, typed at as a person would: the prompt, a message
/// printed above the line being typed, and the terminal's settings given back at the end.
struct ConsoleTerminalEndToEndTests {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// A pseudo-terminal: the bot gets its terminal side as standard input and output; the test types on the
    /// controlling side and reads there everything the terminal shows, as bytes.
    final class PseudoTerminal {
        let controller: Int32
        let terminal: Int32
        private(set) var shown: [UInt8] = []

        init() throws {
            var controller: Int32 = -1
            var terminal: Int32 = -1
            guard openpty(&controller, &terminal, nil, nil, nil) == 0 else {
                throw Failure(description: "no pseudo-terminal")
            }
            self.controller = controller
            self.terminal = terminal
        }

        deinit {
            close(terminal)
            close(controller)
        }

        /// What the terminal has shown so far, decoded (for messages and searching).
        var text: String { String(decoding: shown, as: UTF8.self) }

        func type(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
        }

        /// Reads what the terminal shows until `done` holds for all of it, for at most `limit`; false if it never
        /// did. The limit only bounds a broken run: the checks are on what is shown, not on how fast. It never
        /// blocks a thread: with nothing to read it sleeps as a task, so other tests run meanwhile.
        func readShown(for limit: Duration = .seconds(60), until done: (String) -> Bool) async -> Bool {
            let deadline = ContinuousClock.now + limit
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !done(text) {
                guard ContinuousClock.now < deadline else { return false }
                var waiting = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
                guard poll(&waiting, 1, 0) > 0 else {
                    try? await Task.sleep(for: .milliseconds(10))
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
                if count > 0 { shown += buffer[..<count] }
            }
            return true
        }

        /// Whether the terminal is in its usual line mode: canonical input and echo.
        var inLineMode: Bool {
            var modes = termios()
            guard tcgetattr(terminal, &modes) == 0 else { return false }
            return modes.c_lflag & tcflag_t(ICANON) != 0 && modes.c_lflag & tcflag_t(ECHO) != 0
        }
    }

    /// Starts the bot with the pseudo-terminal as its standard input and output.
    static func start(_ arguments: [String], on pty: PseudoTerminal) throws -> Process {
        let process = Process()
        process.executableURL = BotProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = ConsoleEndToEndTests.repository
        let terminal = FileHandle(fileDescriptor: pty.terminal, closeOnDealloc: false)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits for the process to end, for at most a minute (then stops it); its status, or nil if it had to
    /// be stopped.
    static func exitStatus(of process: Process) async -> Int32? {
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        guard !process.isRunning else {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }

    @Test func aNoticeIsPrintedAboveTheLineBeingTypedWhichIsThenFinished() async throws {
        let pty = try PseudoTerminal()
        #expect(pty.inLineMode)
        // The notice of 08:50 comes 25 s after the start: time to show the prompt and type, even on a loaded
        // machine, before it interrupts the typed line.
        let bot = try Self.start(
            [
                "console", "--config", "plugins-config", "--store", ConsoleEndToEndTests.temporaryStore(), "--now",
                "2021-11-08T08:49:35+01:00",
            ], on: pty)
        defer { if bot.isRunning { bot.terminate() } }
        let prompted = await pty.readShown { $0.contains("> ") }
        try #require(prompted, "no prompt: \(pty.text.debugDescription)")
        #expect(!pty.inLineMode, "the terminal is raw while the prompt is shown")

        // Three characters, no Enter; the bot echoes them itself.
        pty.type(Array("/pi".utf8))
        let echoed = await pty.readShown { $0.hasSuffix("> /pi") }
        try #require(echoed, "\(pty.text.debugDescription)")
        let typedAt = pty.shown.count

        // The "starting soon" notice of 08:50 comes: the line is cleared, the notice printed, the line shown again.
        let noticed = await pty.readShown { $0.contains("(notice)> ") && $0.hasSuffix("> /pi") }
        try #require(noticed, "\(pty.text.debugDescription)")
        let after = String(decoding: pty.shown[typedAt...], as: UTF8.self)
        #expect(after.hasPrefix("\r\u{1B}[Kbot (notice)> "), "\(after.debugDescription)")
        #expect(after.contains("Opening plenary"), "\(after.debugDescription)")
        #expect(after.hasSuffix("\r\n> /pi"), "\(after.debugDescription)")

        // Enter sends the whole line, and the answer is printed with the prompt after it.
        let noticeShown = pty.shown.count
        pty.type(Array("ng\r".utf8))
        let answered = await pty.readShown { $0.hasSuffix("bot> pong\r\n> ") }
        try #require(answered, "\(pty.text.debugDescription)")
        let answer = String(decoding: pty.shown[noticeShown...], as: UTF8.self)
        #expect(answer == "ng\r\n> \r\u{1B}[Kbot> pong\r\n> ", "\(answer.debugDescription)")

        // Ctrl-D on the empty line ends the chat; the bot exits cleanly and the terminal is as it was.
        pty.type([0x04])
        let status = await Self.exitStatus(of: bot)
        #expect(status == 0)
        #expect(pty.inLineMode)
    }

    @Test func controlCStopsTheBotGracefullyAndGivesTheTerminalBack() async throws {
        let pty = try PseudoTerminal()
        let bot = try Self.start(
            ["console", "--config", "plugins-config", "--store", ConsoleEndToEndTests.temporaryStore()], on: pty)
        defer { if bot.isRunning { bot.terminate() } }
        let prompted = await pty.readShown { $0.hasSuffix("> ") }
        try #require(prompted, "no prompt: \(pty.text.debugDescription)")
        pty.type(Array("half a line".utf8))
        let echoed = await pty.readShown { $0.hasSuffix("> half a line") }
        try #require(echoed, "\(pty.text.debugDescription)")
        #expect(!pty.inLineMode)
        // What Ctrl-C does on a terminal the bot controls: SIGINT to the process.
        bot.interrupt()
        let status = await Self.exitStatus(of: bot)
        #expect(status == 0)
        #expect(pty.inLineMode)
        _ = await pty.readShown { $0.hasSuffix("\r\u{1B}[K") }
        #expect(pty.text.hasSuffix("> half a line\r\u{1B}[K"), "\(pty.text.debugDescription)")
    }
}
