import Foundation

/// Reads the common shape of a Telegram update straight from its bytes: every update a bot receives is
/// decoded, and Foundation's `JSONDecoder` spent a tenth of the bot's CPU on it under load.
///
/// It is a fast path, not a second decoder with its own rules: on anything it is not sure to read exactly as
/// `JSONDecoder` would (a number with a fraction or exponent, a duplicated member, an unpaired surrogate, a
/// value of an unexpected type, nesting deeper than 32, invalid UTF-8) it gives up and returns nil, and the
/// update is decoded by `JSONDecoder` as before. A test holds both to the same result on every update it
/// returns one for.
struct TelegramUpdateReader {
    /// Gives up: the update is left to `JSONDecoder`.
    struct GiveUp: Error {}

    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The update in `json`, or nil when it is better left to `JSONDecoder`.
    static func update(_ json: Data) -> TelegramUpdate? {
        json.withUnsafeBytes { raw in
            var reader = TelegramUpdateReader(raw)
            guard let update = try? reader.update() else { return nil }
            reader.skipSpace()
            return reader.position == raw.count ? update : nil
        }
    }

    // MARK: The Bot API objects

    private mutating func update() throws -> TelegramUpdate {
        var id: Int64?
        var message: TelegramMessage?
        var edited: TelegramMessage?
        var query: TelegramCallbackQuery?
        var member: TelegramChatMemberUpdated?
        try object { reader, key in
            switch key {
            case "update_id": try reader.once(&id) { try $0.integer() }
            case "message": try reader.onceOptional(&message) { try $0.message() }
            case "edited_message": try reader.onceOptional(&edited) { try $0.message() }
            case "callback_query": try reader.onceOptional(&query) { try $0.callbackQuery() }
            case "my_chat_member": try reader.onceOptional(&member) { try $0.chatMemberUpdated() }
            default: try reader.skipValue(depth: 1)
            }
        }
        guard let id else { throw GiveUp() }
        return TelegramUpdate(
            updateId: id, message: message, editedMessage: edited, callbackQuery: query, myChatMember: member)
    }

    private mutating func message() throws -> TelegramMessage {
        var id: Int64?
        var thread: Int64?
        var isTopic: Bool?
        var from: TelegramUser?
        var senderChat: TelegramChat?
        var signature: String?
        var chat: TelegramChat?
        var date: Double?
        var text: String?
        var caption: String?
        try object { reader, key in
            switch key {
            case "message_id": try reader.once(&id) { try $0.integer() }
            case "message_thread_id": try reader.onceOptional(&thread) { try $0.integer() }
            case "is_topic_message": try reader.onceOptional(&isTopic) { try $0.bool() }
            case "from": try reader.onceOptional(&from) { try $0.user() }
            case "sender_chat": try reader.onceOptional(&senderChat) { try $0.chat() }
            case "author_signature": try reader.onceOptional(&signature) { try $0.string() }
            case "chat": try reader.once(&chat) { try $0.chat() }
            case "date": try reader.onceOptional(&date) { Double(try $0.integer()) }
            case "text": try reader.onceOptional(&text) { try $0.string() }
            case "caption": try reader.onceOptional(&caption) { try $0.string() }
            default: try reader.skipValue(depth: 2)
            }
        }
        guard let id, let chat else { throw GiveUp() }
        return TelegramMessage(
            messageId: id, messageThreadId: thread, isTopicMessage: isTopic, from: from, senderChat: senderChat,
            authorSignature: signature, chat: chat, date: date, text: text, caption: caption)
    }

    private mutating func user() throws -> TelegramUser {
        var id: Int64?
        var isBot: Bool?
        var firstName: String?
        var lastName: String?
        var username: String?
        var language: String?
        try object { reader, key in
            switch key {
            case "id": try reader.once(&id) { try $0.integer() }
            case "is_bot": try reader.onceOptional(&isBot) { try $0.bool() }
            case "first_name": try reader.once(&firstName) { try $0.string() }
            case "last_name": try reader.onceOptional(&lastName) { try $0.string() }
            case "username": try reader.onceOptional(&username) { try $0.string() }
            case "language_code": try reader.onceOptional(&language) { try $0.string() }
            default: try reader.skipValue(depth: 3)
            }
        }
        guard let id, let firstName else { throw GiveUp() }
        return TelegramUser(
            id: id, isBot: isBot, firstName: firstName, lastName: lastName, username: username, languageCode: language)
    }

    private mutating func chat() throws -> TelegramChat {
        var id: Int64?
        var type: String?
        var title: String?
        var username: String?
        var firstName: String?
        try object { reader, key in
            switch key {
            case "id": try reader.once(&id) { try $0.integer() }
            case "type": try reader.once(&type) { try $0.string() }
            case "title": try reader.onceOptional(&title) { try $0.string() }
            case "username": try reader.onceOptional(&username) { try $0.string() }
            case "first_name": try reader.onceOptional(&firstName) { try $0.string() }
            default: try reader.skipValue(depth: 3)
            }
        }
        guard let id, let type else { throw GiveUp() }
        return TelegramChat(id: id, type: type, title: title, username: username, firstName: firstName)
    }

    private mutating func callbackQuery() throws -> TelegramCallbackQuery {
        var id: String?
        var from: TelegramUser?
        var message: TelegramMessage?
        var data: String?
        try object { reader, key in
            switch key {
            case "id": try reader.once(&id) { try $0.string() }
            case "from": try reader.once(&from) { try $0.user() }
            case "message": try reader.onceOptional(&message) { try $0.message() }
            case "data": try reader.onceOptional(&data) { try $0.string() }
            default: try reader.skipValue(depth: 2)
            }
        }
        guard let id, let from else { throw GiveUp() }
        return TelegramCallbackQuery(id: id, from: from, message: message, data: data)
    }

    private mutating func chatMemberUpdated() throws -> TelegramChatMemberUpdated {
        var chat: TelegramChat?
        var from: TelegramUser?
        var old: TelegramChatMember?
        var new: TelegramChatMember?
        try object { reader, key in
            switch key {
            case "chat": try reader.once(&chat) { try $0.chat() }
            case "from": try reader.once(&from) { try $0.user() }
            case "old_chat_member": try reader.once(&old) { try $0.chatMember() }
            case "new_chat_member": try reader.once(&new) { try $0.chatMember() }
            default: try reader.skipValue(depth: 2)
            }
        }
        guard let chat, let from, let old, let new else { throw GiveUp() }
        return TelegramChatMemberUpdated(chat: chat, from: from, oldChatMember: old, newChatMember: new)
    }

    private mutating func chatMember() throws -> TelegramChatMember {
        var status: String?
        var user: TelegramUser?
        try object { reader, key in
            switch key {
            case "status": try reader.once(&status) { try $0.string() }
            case "user": try reader.once(&user) { try $0.user() }
            default: try reader.skipValue(depth: 3)
            }
        }
        guard let status, let user else { throw GiveUp() }
        return TelegramChatMember(status: status, user: user)
    }

    // MARK: Members

    /// A member read once: a second one gives up (which of two `JSONDecoder` keeps is not this reader's to say).
    private mutating func once<T>(_ slot: inout T?, _ read: (inout Self) throws -> T) throws {
        guard slot == nil else { throw GiveUp() }
        slot = try read(&self)
    }

    /// An optional member: `null` is its absence, as `decodeIfPresent` reads it.
    private mutating func onceOptional<T>(_ slot: inout T?, _ read: (inout Self) throws -> T) throws {
        guard slot == nil else { throw GiveUp() }
        if try literal("null") { return }
        slot = try read(&self)
    }

    // MARK: JSON

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard peek() == byte else { throw GiveUp() }
        position += 1
    }

    /// Reads `word` if it comes next.
    private mutating func literal(_ word: StaticString) throws -> Bool {
        skipSpace()
        return word.withUTF8Buffer { expected in
            guard position + expected.count <= bytes.count else { return false }
            for index in 0..<expected.count where bytes[position + index] != expected[index] { return false }
            position += expected.count
            return true
        }
    }

    /// An object, each member's key handed to `member`, which reads the value.
    private mutating func object(_ member: (inout Self, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            skipSpace()
            guard let next = peek() else { throw GiveUp() }
            position += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw GiveUp() }
        }
    }

    /// A whole number that fits in 64 bits, written as JSON writes integers (no fraction, no exponent).
    private mutating func integer() throws -> Int64 {
        skipSpace()
        let negative = peek() == UInt8(ascii: "-")
        if negative { position += 1 }
        var value: Int64 = 0
        var digits = 0
        while let byte = peek(), byte >= 0x30, byte <= 0x39 {
            let digit = Int64(byte - 0x30)
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw GiveUp() }
            value = next
            digits += 1
            position += 1
        }
        guard digits > 0, digits == 1 || bytes[position - digits] != 0x30 else { throw GiveUp() }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw GiveUp()
        }
        return value
    }

    private mutating func bool() throws -> Bool {
        if try literal("true") { return true }
        if try literal("false") { return false }
        throw GiveUp()
    }

    /// A string, its escapes read; gives up on an unpaired surrogate, a raw control character or invalid UTF-8.
    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        // The common case: no escape, the bytes are the string.
        while let byte = peek(), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw GiveUp() }
            position += 1
        }
        guard let stop = peek() else { throw GiveUp() }
        if stop == UInt8(ascii: "\"") {
            position += 1
            return try validated(UnsafeRawBufferPointer(rebasing: bytes[start..<(position - 1)]))
        }
        var out = [UInt8](bytes[start..<position])
        while true {
            guard let byte = peek() else { throw GiveUp() }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try out.withUnsafeBytes { try validated($0) }
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { throw GiveUp() }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): try appendEscapedScalar(to: &out)
                default: throw GiveUp()
                }
            case 0..<0x20: throw GiveUp()
            default: out.append(byte)
            }
        }
    }

    private func validated(_ utf8: UnsafeRawBufferPointer) throws -> String {
        guard let text = String(validating: utf8.bindMemory(to: UInt8.self), as: UTF8.self) else { throw GiveUp() }
        return text
    }

    /// `\uXXXX` (after the `\u`), a surrogate pair as one scalar.
    private mutating func appendEscapedScalar(to out: inout [UInt8]) throws {
        var value = try hexQuad()
        if (0xD800..<0xDC00).contains(value) {
            guard try literal("\\u") else { throw GiveUp() }
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw GiveUp() }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(value) {
            throw GiveUp()
        }
        guard let scalar = Unicode.Scalar(value) else { throw GiveUp() }
        out.append(contentsOf: String(Character(scalar)).utf8)
    }

    private mutating func hexQuad() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw GiveUp() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw GiveUp()
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Skips a value of a member this reader does not keep; gives up beyond 32 levels.
    private mutating func skipValue(depth: Int) throws {
        guard depth < 32 else { throw GiveUp() }
        skipSpace()
        guard let byte = peek() else { throw GiveUp() }
        switch byte {
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "{"): try object { reader, _ in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            position += 1
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                try skipValue(depth: depth + 1)
                skipSpace()
                guard let next = peek() else { throw GiveUp() }
                position += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else { throw GiveUp() }
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): guard try literal("null") else { throw GiveUp() }
        default: try skipNumber()
        }
    }

    /// Skips a number of any JSON form (a member this reader does not keep may hold a fraction).
    private mutating func skipNumber() throws {
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard try digits() > 0 else { throw GiveUp() }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard try digits() > 0 else { throw GiveUp() }
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard try digits() > 0 else { throw GiveUp() }
        }
    }

    private mutating func digits() throws -> Int {
        var count = 0
        while let byte = peek(), byte >= 0x30, byte <= 0x39 {
            position += 1
            count += 1
        }
        return count
    }
}
