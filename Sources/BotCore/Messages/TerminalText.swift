/// Text made safe to print on a terminal: what people type in chat reaches the console and the operator's
/// commands (`status`), and a terminal obeys control characters (`ESC ]0;…` sets the window title, `ESC [2J`
/// clears the screen, U+202E turns text around). Each such character is shown as a visible stand-in
/// instead: C0 controls as their control pictures (`␛` for ESC), DEL as `␡`, C1 controls and bidirectional
/// overrides and isolates as U+FFFD. Line breaks and tabs are kept.
public enum TerminalText {
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsReplacing(scalar) else {
                result.append(scalar)
                continue
            }
            if scalar.value < 0x20, let picture = Unicode.Scalar(0x2400 + scalar.value) {
                result.append(picture)
            } else if scalar.value == 0x7F, let picture = Unicode.Scalar(0x2421) {
                result.append(picture)
            } else {
                result.append("\u{FFFD}")
            }
        }
        return String(result)
    }

    private static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
