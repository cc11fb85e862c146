import BotCore
import Foundation

/// Telegram's HTML: `tg://user?id=` links that notify a person, and `<tg-time>` date-time entities that Telegram
/// shows in each reader's own zone on request (Bot API 9.5).
enum TelegramHTML {
    /// The flavor for the bot's replies; without `dateTimeEntities`, times are their text alone.
    static func flavor(dateTimeEntities: Bool) -> HTMLFlavor {
        dateTimeEntities ? withTimes : withoutTimes
    }

    private static let withTimes = HTMLFlavor(mentionLink: mentionLink, time: timeTag)
    private static let withoutTimes = HTMLFlavor(mentionLink: mentionLink)

    /// `tg://user?id=` for a Telegram user id (digits only); nil for anyone else, who is named as text.
    static func mentionLink(_ user: UserRef) -> String? {
        guard user.platform == "telegram", !user.id.isEmpty,
            user.id.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return "tg://user?id=\(user.id)"
    }

    /// A `<tg-time>` entity around the text; nil (the text alone) for an instant a Unix time cannot name (not a
    /// number, beyond Int64).
    static func timeTag(_ instant: Date, _ escapedText: String) -> String? {
        guard let unix = Int64(exactly: instant.timeIntervalSince1970.rounded(.down)) else { return nil }
        return "<tg-time unix=\"\(unix)\">\(escapedText)</tg-time>"
    }
}
