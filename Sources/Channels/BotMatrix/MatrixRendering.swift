import BotCore
import Foundation

/// Turns replies into `m.room.message` contents: a plain `body`, an HTML `formatted_body` with every span
/// escaped, the `!` command prefix, reply and thread relations, and reaction keys for buttons.
enum MatrixRendering {
    /// Matrix's HTML: mentions are matrix.to pills; times are their text.
    static let flavor = HTMLFlavor(mentionLink: mentionLink)

    /// The matrix.to link (a pill) for a Matrix user id; nil for anyone else, and for ids with characters the
    /// spec does not allow in them (named as text, not linked).
    static func mentionLink(_ user: UserRef) -> String? {
        guard user.platform == MatrixChannel.platformName, user.id.hasPrefix("@"), user.id.contains(":"),
            user.id.unicodeScalars.allSatisfy({ $0.isASCII && !"#?\"<> ".unicodeScalars.contains($0) })
        else { return nil }
        return "https://matrix.to/#/\(user.id)"
    }

    /// The reaction keys offered for a reply's first ten buttons, in order.
    static let buttonKeys = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"]

    /// The most bytes of body plus formatted body in one event; the homeserver's limit is 65,536 bytes for the
    /// whole event, which also carries ids and relations.
    static let partLimit = 48_000

    /// The contents to send for one reply: one per part when the reply is too long for one event. Only the
    /// first part answers the command; buttons are listed (with their reaction keys) in the last.
    static func contents(
        for reply: Reply, replyTo: String?, thread: String?, commandNames: Set<String>,
        texts: Texts = Localization.coreOnly.workshopTexts
    ) -> [[String: Any]] {
        var lines = reply.lines.map { bang($0, commandNames) }
        let buttons = reply.buttons.flatMap { $0 }
        if !buttons.isEmpty {
            for (index, button) in buttons.enumerated() {
                let key = index < buttonKeys.count ? buttonKeys[index] + " " : "• "
                lines.append(RichText("\(key)\(button.title)"))
            }
            let commands = buttons.prefix(buttonKeys.count).map(\.command)
            lines.append(bang(texts("channel.react-hint", ["command": .text(commands.first ?? "")]), commandNames))
        }
        var parts: [(body: [String], html: [String], mentions: [String])] = []
        var body: [String] = [], html: [String] = [], mentions: [String] = [], size = 0
        for line in lines {
            let plain = line.plainText
            let rendered = HTMLRenderer.render(line, flavor: flavor)
            let lineSize = plain.utf8.count + rendered.utf8.count + 6
            if size + lineSize > partLimit, !body.isEmpty {
                parts.append((body, html, mentions))
                body = []
                html = []
                mentions = []
                size = 0
            }
            // A single line too long for an event is cut as plain text.
            if lineSize > partLimit {
                for piece in cut(plain, limit: partLimit / 3) {
                    parts.append(([piece], [HTMLRenderer.escape(piece)], []))
                }
                continue
            }
            body.append(plain)
            html.append(rendered)
            for user in line.mentionedUsers
            where user.platform == MatrixChannel.platformName && !mentions.contains(user.id) {
                mentions.append(user.id)
            }
            size += lineSize
        }
        if !body.isEmpty { parts.append((body, html, mentions)) }
        return parts.enumerated().map { index, part -> [String: Any] in
            var mentions: [String: Any] = [:]
            if !part.mentions.isEmpty { mentions["user_ids"] = part.mentions }
            var content: [String: Any] = [
                "msgtype": reply.isNotice ? "m.notice" : "m.text",
                "body": part.body.joined(separator: "\n"),
                "format": "org.matrix.custom.html",
                "formatted_body": part.html.joined(separator: "<br>"),
                // Intentional mentions: only the people a reply names on purpose are pinged, whatever the text
                // says (`@room` in a poll option pings nobody).
                "m.mentions": mentions,
            ]
            var relation: [String: Any] = [:]
            if let thread {
                relation["rel_type"] = "m.thread"
                relation["event_id"] = thread
                relation["is_falling_back"] = index != 0 || replyTo == nil
            }
            if index == 0, let replyTo {
                relation["m.in_reply_to"] = ["event_id": replyTo]
            } else if let thread {
                relation["m.in_reply_to"] = ["event_id": thread]
            }
            if !relation.isEmpty { content["m.relates_to"] = relation }
            return content
        }
    }

    /// Writes the bot's commands with `!`, since Matrix clients such as Element take a leading `/` for their
    /// own commands. Only `/name` of a known command at the start of a word changes, so paths in links and
    /// other slashes stay.
    static func bang(_ text: RichText, _ names: Set<String>) -> RichText {
        guard !names.isEmpty else { return text }
        return RichText(
            spans: text.spans.map { span in
                switch span {
                case .text(let s): .text(bang(s, names))
                case .bold(let s): .bold(bang(s, names))
                case .italic(let s): .italic(bang(s, names))
                case .code(let s): .code(bang(s, names))
                case .link, .mention, .time: span
                }
            })
    }

    static func bang(_ text: String, _ names: Set<String>) -> String {
        guard text.contains("/") else { return text }
        var scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "/" else { continue }
            if index > 0 {
                let before = scalars[index - 1]
                guard before.properties.isWhitespace || "(\"'“‘«[".unicodeScalars.contains(before) else { continue }
            }
            var end = index + 1
            while end < scalars.count, scalars[end].isASCII,
                scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]) || scalars[end] == "_"
            {
                end += 1
            }
            guard end > index + 1 else { continue }
            if end < scalars.count, scalars[end] == "/" { continue }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end])).lowercased()
            if names.contains(name) { scalars[index] = "!" }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The transaction id part of a reply's file event, and of the edit of a progress message (message parts
    /// count from 0, reactions from 1000).
    static let filePart = 500
    static let editPart = 501

    /// An edit of the bot's event `original` to show `content` (one part of a reply, from `contents`), as the
    /// spec's event replacements have it: the new content whole in `m.new_content` (without relations: the
    /// original keeps its reply and thread), `m.relates_to` `m.replace`, and a fallback for clients without
    /// edits, the same text with `* ` in front.
    static func replacement(of original: String, with content: [String: Any]) -> [String: Any] {
        var new = content
        new["m.relates_to"] = nil
        var edit = new
        edit["m.new_content"] = new
        edit["body"] = "* " + (content["body"] as? String ?? "")
        if let html = content["formatted_body"] as? String { edit["formatted_body"] = "* " + html }
        edit["m.relates_to"] = ["rel_type": "m.replace", "event_id": original]
        return edit
    }

    /// An `m.file` event for an uploaded file: its name as `body` and `filename`, its `mxc://` URI, its media type
    /// and size, no mentions; a reply to `replyTo` (when the file is all the reply sends) and in `thread`.
    static func fileContent(_ file: Attachment, uri: String, replyTo: String?, thread: String?) -> [String: Any] {
        var content: [String: Any] = [
            "msgtype": "m.file", "body": file.fileName, "filename": file.fileName, "url": uri,
            "info": ["mimetype": file.essence, "size": file.data.count], "m.mentions": [String: Any](),
        ]
        var relation: [String: Any] = [:]
        if let thread {
            relation["rel_type"] = "m.thread"
            relation["event_id"] = thread
            relation["is_falling_back"] = replyTo == nil
        }
        if let target = replyTo ?? thread { relation["m.in_reply_to"] = ["event_id": target] }
        if !relation.isEmpty { content["m.relates_to"] = relation }
        return content
    }

    /// A transaction id derived from the message's outbox key, so a send repeated after a fault (or a crash)
    /// is recognised by the homeserver as the same event; random only for a message that has no key.
    static func transactionID(key: String?, part: Int) -> String {
        guard let key else { return "wb-\(UUID().uuidString)-\(part)" }
        var out = "wb-"
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "_" + String(byte, radix: 16, uppercase: true)
            }
        }
        return out + "-\(part)"
    }

    private static func cut(_ text: String, limit: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if current.utf8.count + character.utf8.count > limit {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
