/// The line being typed at the console's prompt, as a pure state machine: key bytes in, events out.
///
/// It keeps the partial line itself (the terminal is in raw mode, so nothing is echoed for it) with the
/// minimal editing a chat needs: printable characters, Backspace (one whole character, however many bytes),
/// Enter (Return, newline, or CR LF as one) and Ctrl-D on an empty line (end of input). Every other control
/// byte, and every escape sequence (arrows, function keys, Alt with a key), is ignored. Invalid UTF-8 is
/// repaired to U+FFFD, one per maximal invalid subpart, so no input can stop the console.
///
/// No I/O: the console owns the terminal and writes what ``Event/echo(_:)`` says, so the editor can be
/// tested byte for byte.
public struct ConsoleLineEditor: Sendable {
    /// The longest line, in UTF-8 bytes: what a Linux terminal's own line editing holds (4095 characters and
    /// the newline). A key that would make the line longer is refused with the terminal bell.
    public static let maximumLineBytes = 4095

    /// What a run of key bytes did.
    public enum Event: Equatable, Sendable {
        /// Bytes to write to the terminal so it shows the prompt and the line as they now are.
        case echo(String)
        /// A line completed with Enter: the message to send.
        case line(String)
        /// Ctrl-D on an empty line: no more input. The editor ignores what comes after it.
        case endOfInput
    }

    /// Shown before the line being typed.
    public let prompt: String
    /// The line typed so far, without the prompt.
    public private(set) var line = ""
    /// True once ``Event/endOfInput`` has been emitted.
    public private(set) var ended = false

    /// The bytes of a UTF-8 sequence begun but not complete.
    private var pending: [UInt8] = []
    /// How many bytes `pending` will hold when complete (0 when nothing is pending).
    private var expected = 0
    private var escape = EscapeState.none
    /// The previous byte was a carriage return, so a newline right after it ends nothing more.
    private var afterCarriageReturn = false

    /// Where an escape sequence is: after ESC, inside a CSI (`ESC [` parameters, final byte) or an SS3
    /// (`ESC O` and one byte).
    private enum EscapeState: Sendable { case none, escape, csi, ss3 }

    /// Clears the terminal's current line: carriage return, then erase to the end of the line.
    public static let clearLine = "\r\u{1B}[K"

    public init(prompt: String = "> ") { self.prompt = prompt }

    /// What the terminal shows for the line being typed: the prompt and the partial line.
    public var promptLine: String { prompt + line }

    /// The exact bytes that print `message` above the line being typed: the current line is cleared, the
    /// message printed (with a final newline if it lacks one), then the prompt and the partial line shown
    /// again, so the cursor is back where the typist left it.
    public func redraw(above message: String) -> String {
        let ended = message.isEmpty || message.hasSuffix("\n") ? message : message + "\n"
        return Self.clearLine + ended + promptLine
    }

    /// Feeds key bytes, as many or as few as one `read` returned (a sequence may be split anywhere), and
    /// returns what they did, in order; consecutive echoes are joined into one.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Event] {
        var events: [Event] = []
        for byte in bytes where !ended { consume(byte, into: &events) }
        return events
    }

    private mutating func consume(_ byte: UInt8, into events: inout [Event]) {
        let wasAfterCarriageReturn = afterCarriageReturn
        afterCarriageReturn = false
        if expected > 0 {
            if byte >= 0x80 && byte <= 0xBF && (pending.count > 1 || Self.secondByteFits(byte, after: pending[0])) {
                pending.append(byte)
                guard pending.count == expected else { return }
                let text = String(decoding: pending, as: UTF8.self)
                pending.removeAll()
                expected = 0
                insert(text, into: &events)
                return
            }
            // The sequence is broken: one replacement for what came, then this byte on its own.
            pending.removeAll()
            expected = 0
            insert("\u{FFFD}", into: &events)
        }
        switch escape {
        case .none: break
        case .escape:
            switch byte {
            case 0x5B: escape = .csi
            case 0x4F: escape = .ss3
            case 0x1B: break  // ESC ESC: still one escape
            default: escape = .none
            }
            // Alt with a key is ignored; a control or non-ASCII byte ends the escape and counts on its own.
            if escape != .none || byte == 0x1B || (0x20...0x7E).contains(byte) { return }
        case .csi:
            if (0x20...0x3F).contains(byte) { return }  // parameters and intermediates
            escape = .none
            if (0x40...0x7E).contains(byte) { return }  // the final byte
        case .ss3:
            escape = .none
            if (0x20...0x7E).contains(byte) { return }
        }
        switch byte {
        case 0x0D:
            afterCarriageReturn = true
            enter(into: &events)
        case 0x0A:
            if !wasAfterCarriageReturn { enter(into: &events) }
        case 0x08, 0x7F:
            guard !line.isEmpty else { return }
            line.removeLast()
            echo(Self.clearLine + promptLine, into: &events)
        case 0x04:
            guard line.isEmpty else { return }
            ended = true
            echo(Self.clearLine, into: &events)
            events.append(.endOfInput)
        case 0x1B:
            escape = .escape
        case 0x20...0x7E:
            insert(String(UnicodeScalar(byte)), into: &events)
        case 0xC2...0xDF:
            begin(byte, length: 2)
        case 0xE0...0xEF:
            begin(byte, length: 3)
        case 0xF0...0xF4:
            begin(byte, length: 4)
        case 0x80...0xFF:
            insert("\u{FFFD}", into: &events)  // a stray continuation byte or one that never starts UTF-8
        default:
            break  // other control bytes: Tab, Ctrl-C when it reaches us, Ctrl-Z, ...
        }
    }

    private mutating func begin(_ byte: UInt8, length: Int) {
        pending = [byte]
        expected = length
    }

    /// Whether `byte` may follow `lead` (Unicode's table of well-formed UTF-8: no overlong forms, no
    /// surrogates, nothing above U+10FFFF).
    private static func secondByteFits(_ byte: UInt8, after lead: UInt8) -> Bool {
        switch lead {
        case 0xE0: (0xA0...0xBF).contains(byte)
        case 0xED: (0x80...0x9F).contains(byte)
        case 0xF0: (0x90...0xBF).contains(byte)
        case 0xF4: (0x80...0x8F).contains(byte)
        default: true
        }
    }

    /// Appends a decoded character, unless it is a C1 control (which terminals may act on) or the line is
    /// full.
    private mutating func insert(_ text: String, into events: inout [Event]) {
        if let scalar = text.unicodeScalars.first, text.unicodeScalars.count == 1, (0x80...0x9F).contains(scalar.value)
        {
            return
        }
        guard line.utf8.count + text.utf8.count <= Self.maximumLineBytes else {
            echo("\u{07}", into: &events)
            return
        }
        line += text
        echo(text, into: &events)
    }

    private mutating func enter(into events: inout [Event]) {
        let completed = line
        line = ""
        echo("\n", into: &events)
        events.append(.line(completed))
        echo(prompt, into: &events)
    }

    private func echo(_ text: String, into events: inout [Event]) {
        if case .echo(let previous) = events.last {
            events[events.count - 1] = .echo(previous + text)
        } else {
            events.append(.echo(text))
        }
    }
}
