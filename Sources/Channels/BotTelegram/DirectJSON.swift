import Foundation

/// A request body written straight into JSON bytes: the bodies sent once per reply (`sendMessage`,
/// `answerCallbackQuery`), where Foundation's `JSONEncoder` cost more than the rest of the call. Each type keeps
/// its `Encodable` conformance, and a test holds both forms to the same JSON.
protocol DirectJSONBody: Encodable {
    func write(into json: inout JSONBytes)
}

/// The bytes of one JSON value, written in order: objects are opened, filled with members and closed.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []
    /// Whether the object being written has no member yet (no comma before the next).
    private var firstMember = true

    init() { bytes.reserveCapacity(512) }

    mutating func object(_ fill: (inout JSONBytes) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        firstMember = true
        fill(&self)
        bytes.append(UInt8(ascii: "}"))
        firstMember = false
    }

    mutating func member(_ key: StaticString, _ write: (inout JSONBytes) -> Void) {
        if !firstMember { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
        write(&self)
        firstMember = false
    }

    mutating func member(_ key: StaticString, _ text: String) { member(key) { $0.string(text) } }
    mutating func member(_ key: StaticString, _ number: Int64) { member(key) { $0.number(number) } }
    mutating func member(_ key: StaticString, _ flag: Bool) {
        member(key) { $0.bytes.append(contentsOf: (flag ? "true" : "false").utf8) }
    }

    mutating func array<Element>(_ elements: [Element], _ write: (inout JSONBytes, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
        firstMember = false
    }

    mutating func number(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }

    /// A JSON string: `"` and `\` escaped, control characters as `\uXXXX` (or their short forms), everything
    /// else as its UTF-8 bytes.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                switch byte {
                case 0x22: bytes.append(contentsOf: #"\""#.utf8)
                case 0x5C: bytes.append(contentsOf: #"\\"#.utf8)
                case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
                case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
                case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension DirectJSONBody {
    var directJSON: Data {
        var json = JSONBytes()
        write(into: &json)
        return Data(json.bytes)
    }
}

extension SendMessageRequest: DirectJSONBody {
    func write(into json: inout JSONBytes) {
        json.object { json in
            json.member("chat_id", chatId)
            json.member("text", text)
            json.member("parse_mode", parseMode)
            if let messageThreadId { json.member("message_thread_id", messageThreadId) }
            if let replyParameters {
                json.member("reply_parameters") { json in
                    json.object { json in
                        json.member("message_id", replyParameters.messageId)
                        json.member("allow_sending_without_reply", replyParameters.allowSendingWithoutReply)
                    }
                }
            }
            json.member("link_preview_options") { json in
                json.object { $0.member("is_disabled", linkPreviewOptions.isDisabled) }
            }
            if let replyMarkup {
                json.member("reply_markup") { json in
                    json.object { json in
                        json.member("inline_keyboard") { json in
                            json.array(replyMarkup.inlineKeyboard) { json, row in
                                json.array(row) { json, button in
                                    json.object { json in
                                        json.member("text", button.text)
                                        json.member("callback_data", button.callbackData)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension AnswerCallbackQueryRequest: DirectJSONBody {
    func write(into json: inout JSONBytes) {
        json.object { json in
            json.member("callback_query_id", callbackQueryId)
            if let text { json.member("text", text) }
        }
    }
}
