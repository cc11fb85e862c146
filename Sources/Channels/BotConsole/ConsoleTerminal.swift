import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The console on an interactive terminal (standard input and output both terminals): a prompt, the line
/// being typed kept by a ``ConsoleLineEditor``, and the bot's messages printed above that line, which is then
/// shown again.
///
/// The terminal is put in raw mode (no echo, no canonical line editing) while lines are read, and its
/// settings are restored on every way out: Ctrl-D on an empty line, the end of input, the reading being
/// cancelled (a graceful stop after SIGINT or SIGTERM) and the process's exit. Ctrl-C stays the terminal's
/// interrupt key, so it raises SIGINT and the bot's graceful stop runs as before; Ctrl-Z and Ctrl-\ are turned
/// off while the prompt is shown, so neither can stop or kill the process with the terminal left raw.
///
/// One lock owns the terminal: key echoes and message redraws are each written whole under it, in order.
final class ConsoleTerminal: Sendable {
    private struct State {
        var editor = ConsoleLineEditor()
        /// True while the terminal is raw and shows the prompt.
        var active = false
    }

    private let state = Mutex(State())
    private let input: Int32
    private let output: Int32

    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    /// Whether standard input and standard output are both terminals, the one case the prompt is shown.
    static var standardStreamsAreTerminals: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// The lines typed, read by a thread of its own. When the terminal's settings cannot be read or changed,
    /// this is standard input read plainly, as when it is not a terminal.
    func lines() -> AsyncStream<String> {
        guard start() else { return ConsoleChannel.standardInputLines() }
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        continuation.onTermination = { [self] _ in stop() }
        let thread = Thread { [self] in readKeys(into: continuation) }
        thread.name = "console-keys"
        thread.start()
        return stream
    }

    /// Writes a message: above the line being typed while the prompt is shown, else as it is.
    func print(_ text: String) {
        state.withLock { state in
            write(state.active ? state.editor.redraw(above: text) : text)
        }
    }

    /// Makes the terminal raw and shows the prompt; false when the terminal refuses.
    private func start() -> Bool {
        var modes = termios()
        guard tcgetattr(input, &modes) == 0 else { return false }
        savedTerminalModes.withLock { $0 = SavedTerminalModes(descriptor: input, modes: modes) }
        guard restoreAtExit else { return false }
        var raw = modes
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | IEXTEN)  // ISIG stays: Ctrl-C is SIGINT
        withUnsafeMutableBytes(of: &raw.c_cc) { keys in
            keys[Int(VMIN)] = 1
            keys[Int(VTIME)] = 0
            keys[Int(VSUSP)] = 0  // disabled (_POSIX_VDISABLE)
            keys[Int(VQUIT)] = 0
        }
        guard tcsetattr(input, TCSADRAIN, &raw) == 0 else {
            Self.restoreModes()
            return false
        }
        state.withLock { state in
            state.active = true
            write(state.editor.promptLine)
        }
        return true
    }

    /// Clears the prompt line and restores the terminal, once; later messages print plainly.
    private func stop() {
        state.withLock { state in
            guard state.active else { return }
            state.active = false
            write(ConsoleLineEditor.clearLine)
            Self.restoreModes()
        }
    }

    /// The reading thread: key bytes through the editor until Ctrl-D, the end of input or a stop.
    private func readKeys(into continuation: AsyncStream<String>.Continuation) {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }  // end of input, or the terminal went away
            let (lines, more) = state.withLock { state -> ([String], Bool) in
                guard state.active else { return ([], false) }
                var lines: [String] = []
                for event in state.editor.feed(buffer[..<count]) {
                    switch event {
                    case .echo(let text): write(text)
                    case .line(let line): lines.append(line)
                    case .endOfInput:
                        state.active = false
                        Self.restoreModes()
                    }
                }
                return (lines, state.active)
            }
            // Outside the lock: finishing the stream runs `onTermination`, which takes it.
            for line in lines { continuation.yield(line) }
            if !more { break }
        }
        stop()
        continuation.finish()
    }

    /// Writes all of `text` to the terminal; a terminal that has gone away is ignored, not fatal.
    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(output, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// Puts back the terminal settings saved before raw mode, if they are still to be restored.
    static func restoreModes() {
        savedTerminalModes.withLock { saved in
            guard var modes = saved else { return }
            _ = tcsetattr(modes.descriptor, TCSADRAIN, &modes.modes)
            saved = nil
        }
    }
}

/// The terminal's settings from before raw mode, and the descriptor they belong to.
private struct SavedTerminalModes: Sendable {
    var descriptor: Int32
    var modes: termios
}

/// What the exit hook restores; nil when the terminal is as it was.
private let savedTerminalModes = Mutex<SavedTerminalModes?>(nil)

/// Registers, once, the exit hook that restores the terminal when the process ends while it is raw. The hook
/// does not wait for the lock: a thread holding it at exit must not hang the exit.
private let restoreAtExit: Bool = {
    atexit {
        savedTerminalModes.withLockIfAvailable { saved in
            guard var modes = saved else { return }
            _ = tcsetattr(modes.descriptor, TCSADRAIN, &modes.modes)
            saved = nil
        }
    } == 0
}()
