import BotConsole
import Testing

/// The line being typed at the console's prompt: key bytes in, echoes, lines and the end of input out.
struct ConsoleLineEditorTests {
    static let clear = "\r\u{1B}[K"

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func typedCharactersAreEchoedAndEnterSendsTheLine() {
        var editor = ConsoleLineEditor()
        #expect(editor.promptLine == "> ")
        #expect(editor.feed(Self.bytes("/pi")) == [.echo("/pi")])
        #expect(editor.feed(Self.bytes("ng")) == [.echo("ng")])
        #expect(editor.line == "/ping")
        #expect(editor.feed([0x0D]) == [.echo("\n"), .line("/ping"), .echo("> ")])
        #expect(editor.line == "")
        // A newline alone is Enter too, and CR LF is one Enter, not two.
        #expect(
            editor.feed(Self.bytes("a\nb\r\n")) == [.echo("a\n"), .line("a"), .echo("> b\n"), .line("b"), .echo("> ")])
        #expect(editor.feed([0x0D]) == [.echo("\n"), .line(""), .echo("> ")])
    }

    @Test func backspaceRemovesOneWholeCharacterAndRedrawsTheLine() {
        var editor = ConsoleLineEditor()
        _ = editor.feed(Self.bytes("café👍"))
        #expect(editor.feed([0x7F]) == [.echo(Self.clear + "> café")])
        #expect(editor.feed([0x08]) == [.echo(Self.clear + "> caf")])
        #expect(editor.line == "caf")
        _ = editor.feed([0x7F, 0x7F, 0x7F])
        #expect(editor.line == "")
        // Backspace on an empty line does nothing.
        #expect(editor.feed([0x7F]) == [])
    }

    @Test func aCharacterSplitAcrossReadsIsEchoedWhenComplete() {
        var editor = ConsoleLineEditor()
        let euro = Self.bytes("€")
        #expect(editor.feed(euro[..<1]) == [])
        #expect(editor.feed(euro[1..<2]) == [])
        #expect(editor.feed(euro[2...]) == [.echo("€")])
        #expect(editor.line == "€")
    }

    @Test func controlDEndsInputOnlyOnAnEmptyLine() {
        var editor = ConsoleLineEditor()
        _ = editor.feed(Self.bytes("half"))
        #expect(editor.feed([0x04]) == [])
        #expect(editor.line == "half")
        #expect(!editor.ended)
        _ = editor.feed([0x0D])
        #expect(editor.feed([0x04]) == [.echo(Self.clear), .endOfInput])
        #expect(editor.ended)
        // Nothing counts after the end.
        #expect(editor.feed(Self.bytes("x\r")) == [])
    }

    @Test func escapeSequencesAndControlKeysAreIgnored() {
        var editor = ConsoleLineEditor()
        _ = editor.feed(Self.bytes("ab"))
        let keys: [[UInt8]] = [
            [0x1B, 0x5B, 0x41],  // up arrow
            [0x1B, 0x5B, 0x31, 0x3B, 0x35, 0x43],  // Ctrl-right
            [0x1B, 0x5B, 0x33, 0x7E],  // Delete
            [0x1B, 0x4F, 0x50],  // F1
            [0x1B, 0x78],  // Alt-x
            [0x1B, 0x1B, 0x5B, 0x44],  // Esc, then left arrow
            [0x09, 0x03, 0x1A, 0x00, 0x15],  // Tab, Ctrl-C, Ctrl-Z, NUL, Ctrl-U
            [0xC2, 0x85],  // a C1 control (NEL) in UTF-8
        ]
        for key in keys {
            #expect(editor.feed(key) == [], "\(key)")
        }
        #expect(editor.line == "ab")
        // A sequence split across reads is still one sequence; Esc before Enter does not swallow the Enter.
        #expect(editor.feed([0x1B]) == [])
        #expect(editor.feed([0x5B, 0x42]) == [])
        #expect(editor.feed([0x1B, 0x0D]) == [.echo("\n"), .line("ab"), .echo("> ")])
    }

    @Test func invalidUTF8IsRepairedAndNothingIsLost() {
        var editor = ConsoleLineEditor()
        let input: [UInt8] = [
            0x61, 0xFF,  // a, a byte that is never UTF-8
            0x62, 0xC3, 0x28,  // b, a lead byte cut short by "("
            0xE0, 0x80,  // an overlong form: two bytes, each invalid on its own
            0xED, 0xA0,  // a surrogate
            0xBF,  // a stray continuation byte
            0xE2, 0x82,  // "€" cut short by Enter
            0x0D,
        ]
        let events = editor.feed(input)
        let repaired = "a\u{FFFD}b\u{FFFD}(\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"
        #expect(events.contains(.line(repaired)), "\(events)")
    }

    @Test func aLineStopsAtTheTerminalsLimitWithTheBell() {
        var editor = ConsoleLineEditor()
        let limit = ConsoleLineEditor.maximumLineBytes
        #expect(limit == 4095)
        _ = editor.feed([UInt8](repeating: 0x61, count: limit - 1))
        // A two-byte character does not fit in the one byte left; a one-byte one does, and then nothing more.
        #expect(editor.feed(Self.bytes("é")) == [.echo("\u{07}")])
        #expect(editor.feed(Self.bytes("bc")) == [.echo("b\u{07}")])
        #expect(editor.line.utf8.count == limit)
        let events = editor.feed([0x0D])
        #expect(events == [.echo("\n"), .line(String(repeating: "a", count: limit - 1) + "b"), .echo("> ")])
    }

    @Test func aMessageIsPrintedAboveThePartLineWhichIsShownAgain() {
        var editor = ConsoleLineEditor()
        #expect(editor.redraw(above: "bot> pong\n") == "\r\u{1B}[Kbot> pong\n> ")
        _ = editor.feed(Self.bytes("/pi"))
        let notice = "bot (notice)> Starting in 10 min: Opening plenary\n"
        #expect(editor.redraw(above: notice) == "\r\u{1B}[K" + notice + "> /pi")
        // A message without a final newline still ends its line before the prompt.
        #expect(editor.redraw(above: "two\nlines") == "\r\u{1B}[Ktwo\nlines\n> /pi")
    }
}
