import Foundation

/// How a queued reply is stored in the outbox: a compact binary form written and read field by field, since
/// every reply is written once and read back at least once after a restart, and Foundation's JSON coders spent
/// a tenth of the bot's CPU on exactly that. Replies an older build queued as JSON still decode.
///
/// The form: the bytes `00 57 42`, a version byte (1), then the message's fields in a fixed order. A string is
/// its UTF-8 length as a LEB128 varint and its bytes; an optional is `0`, or `1` and the value; a list is its
/// count and its elements; an instant is the bit pattern of its seconds since 2001 (exact). Nothing is skipped
/// or guessed: trailing or missing bytes, an unknown tag and an unknown version are errors.
public enum OutboxPayload {
    /// The first bytes of the binary form; JSON never starts with a zero byte.
    static let magic: [UInt8] = [0x00, 0x57, 0x42]
    static let version: UInt8 = 1

    /// Why stored bytes are not a queued reply.
    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    public static func encode(_ message: OutgoingMessage) -> Data {
        var out = Writer()
        out.bytes.append(contentsOf: magic)
        out.bytes.append(version)
        out.string(message.chat.platform.rawValue)
        out.string(message.chat.id)
        for text in [
            message.thread, message.replyTo, message.answersPress, message.idempotencyKey, message.showsProgress,
            message.replacesProgress,
        ] {
            out.optional(text) { $0.string($1) }
        }
        let reply = message.reply
        out.bytes.append(reply.isNotice ? 1 : 0)
        out.count(reply.lines.count)
        for line in reply.lines {
            out.count(line.spans.count)
            for span in line.spans { out.span(span) }
        }
        out.count(reply.buttons.count)
        for row in reply.buttons {
            out.count(row.count)
            for button in row {
                out.string(button.title)
                out.string(button.command)
                out.optional(button.select) { $0.string($1) }
                out.optional(button.undo) { $0.string($1) }
            }
        }
        out.optional(reply.attachment) { out, file in
            out.string(file.fileName)
            out.string(file.mediaType)
            out.count(file.data.count)
            out.bytes.append(contentsOf: file.data)
        }
        return Data(out.bytes)
    }

    /// The message in `data`: the binary form, or the JSON an older build wrote.
    public static func decode(_ data: Data) throws -> OutgoingMessage {
        guard data.first == magic[0] else { return try JSONDecoder().decode(OutgoingMessage.self, from: data) }
        return try data.withUnsafeBytes { raw in
            var input = Reader(bytes: raw)
            guard input.take(magic.count).elementsEqual(magic) else {
                throw Malformed(description: "not a queued reply")
            }
            let version = try input.byte()
            guard version == Self.version else {
                throw Malformed(description: "queued reply of an unknown version \(version)")
            }
            let chat = ChatRef(platform: Platform(rawValue: try input.string()), id: try input.string())
            var texts: [String?] = []
            for _ in 0..<6 { texts.append(try input.optional { try $0.string() }) }
            let isNotice = try input.flag()
            var lines: [RichText] = []
            for _ in 0..<(try input.count()) {
                var spans: [Span] = []
                for _ in 0..<(try input.count()) { spans.append(try input.span()) }
                lines.append(RichText(spans: spans))
            }
            var buttons: [[Button]] = []
            for _ in 0..<(try input.count()) {
                var row: [Button] = []
                for _ in 0..<(try input.count()) {
                    row.append(
                        Button(
                            try input.string(), command: try input.string(),
                            select: try input.optional { try $0.string() }, undo: try input.optional { try $0.string() }
                        ))
                }
                buttons.append(row)
            }
            let attachment = try input.optional { input in
                Attachment(
                    fileName: try input.string(), mediaType: try input.string(),
                    data: Data(try input.bytes(count: try input.count())))
            }
            guard input.isAtEnd else { throw Malformed(description: "queued reply with trailing bytes") }
            var message = OutgoingMessage(
                chat: chat, thread: texts[0], replyTo: texts[1],
                reply: Reply(lines: lines, isNotice: isNotice, buttons: buttons, attachment: attachment),
                answersPress: texts[2], showsProgress: texts[4], replacesProgress: texts[5])
            message.idempotencyKey = texts[3]
            return message
        }
    }

    private struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(512) }

        mutating func count(_ value: Int) {
            var rest = UInt64(max(0, value))
            while rest >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }

        mutating func string(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                count(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func optional<T>(_ value: T?, _ write: (inout Writer, T) -> Void) {
            guard let value else { return bytes.append(0) }
            bytes.append(1)
            write(&self, value)
        }

        mutating func span(_ span: Span) {
            switch span {
            case .text(let text): tagged(0, text)
            case .bold(let text): tagged(1, text)
            case .italic(let text): tagged(2, text)
            case .code(let text): tagged(3, text)
            case .link(let title, let url):
                tagged(4, title)
                string(url)
            case .mention(let name, let user):
                tagged(5, name)
                string(user.platform.rawValue)
                string(user.id)
            case .time(let instant, let text):
                bytes.append(6)
                withUnsafeBytes(of: instant.timeIntervalSinceReferenceDate.bitPattern.littleEndian) {
                    bytes.append(contentsOf: $0)
                }
                string(text)
            }
        }

        private mutating func tagged(_ tag: UInt8, _ text: String) {
            bytes.append(tag)
            string(text)
        }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func take(_ count: Int) -> UnsafeRawBufferPointer.SubSequence {
            let end = min(bytes.count, offset + count)
            defer { offset = end }
            return bytes[offset..<end]
        }

        mutating func bytes(count: Int) throws -> UnsafeRawBufferPointer.SubSequence {
            guard count <= bytes.count - offset else { throw Malformed(description: "queued reply cut short") }
            return take(count)
        }

        mutating func byte() throws -> UInt8 { try bytes(count: 1).first ?? 0 }

        mutating func flag() throws -> Bool {
            switch try byte() {
            case 0: return false
            case 1: return true
            case let other: throw Malformed(description: "queued reply with a flag of \(other)")
            }
        }

        /// A varint no larger than the bytes left (every counted thing takes at least one byte), so a corrupt
        /// count can neither overflow nor make a huge allocation.
        mutating func count() throws -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                guard shift < 63 else { throw Malformed(description: "queued reply with an oversized count") }
                value |= UInt64(next & 0x7F) << shift
                if next < 0x80 { break }
                shift += 7
            }
            guard value <= UInt64(bytes.count - offset) else { throw Malformed(description: "queued reply cut short") }
            return Int(value)
        }

        mutating func string() throws -> String {
            String(decoding: try bytes(count: try count()), as: UTF8.self)
        }

        mutating func optional<T>(_ read: (inout Reader) throws -> T) throws -> T? {
            try flag() ? try read(&self) : nil
        }

        mutating func span() throws -> Span {
            switch try byte() {
            case 0: return .text(try string())
            case 1: return .bold(try string())
            case 2: return .italic(try string())
            case 3: return .code(try string())
            case 4: return .link(title: try string(), url: try string())
            case 5:
                let name = try string()
                return .mention(name: name, user: UserRef(platform: Platform(rawValue: try string()), id: try string()))
            case 6:
                var pattern: UInt64 = 0
                for (index, byte) in try bytes(count: 8).enumerated() { pattern |= UInt64(byte) << (8 * UInt64(index)) }
                let seconds = Double(bitPattern: pattern)
                guard seconds.isFinite else {
                    throw Malformed(description: "queued reply with an instant out of range")
                }
                return .time(at: Date(timeIntervalSinceReferenceDate: seconds), text: try string())
            case let tag: throw Malformed(description: "queued reply with an unknown span tag \(tag)")
            }
        }
    }
}
