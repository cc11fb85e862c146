import Foundation

/// Durations as people type them in chat, shared by the plugins (countdowns are `Texts.countdown`, in the
/// reader's language).
public enum TimeText {
    /// `2h`, `90m`, `1h30m`, `45s`, `2d`: ASCII digits with a unit. Total over any text: a number too long for
    /// any use gives a huge (or infinite) duration, never a trap; callers bound it with their own rule.
    public static func duration(_ text: String) -> TimeInterval? {
        var total = 0.0
        var digits = ""
        for ch in text {
            if ch.isASCII, ch.isNumber {
                digits.append(ch)
                continue
            }
            guard let value = Double(digits) else { return nil }
            switch ch {
            case "d": total += value * 86_400
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            default: return nil
            }
            digits = ""
        }
        return digits.isEmpty && total > 0 ? total : nil
    }
}
