import Foundation

/// Times as people read them in chat, shared by the plugins.
public enum TimeText {
    /// `in 2 h 15 min`, `in 2 days 4 h`, `in 5 min`, or `now` once the time has come. Total: a span too
    /// long for an `Int` of minutes (a corrupt stored time) reads as the longest one, never a trap.
    public static func countdown(from now: Date, to target: Date) -> String {
        let span = (target.timeIntervalSince(now) / 60).rounded(.up)
        let minutes = span.isNaN ? 0 : Int(exactly: span) ?? (span > 0 ? Int.max : Int.min)
        if minutes <= 0 { return "now" }
        let days = minutes / 1440, hours = (minutes % 1440) / 60, rest = minutes % 60
        if days > 0 { return "in \(days) day\(days == 1 ? "" : "s")" + (hours > 0 ? " \(hours) h" : "") }
        if hours > 0 { return "in \(hours) h" + (rest > 0 ? " \(rest) min" : "") }
        return "in \(rest) min"
    }

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
