import BotCore
import BotTesting
import Foundation
import Testing

@testable import BotTelegram

/// The fast reader of updates gives exactly what `JSONDecoder` gives, or nothing (and `JSONDecoder` decides).
struct TelegramUpdateReaderTests {
    /// `JSONDecoder`'s reading of `json`, nil when it refuses it.
    func decoded(_ json: Data) -> TelegramUpdate? { try? JSONDecoder().decode(TelegramUpdate.self, from: json) }

    /// Every update the fast reader returns equals `JSONDecoder`'s; returns how many it read.
    func agreement(_ inputs: [Data]) -> (read: Int, disagreements: [String]) {
        var read = 0
        var disagreements: [String] = []
        for json in inputs {
            guard let fast = TelegramUpdateReader.update(json) else { continue }
            read += 1
            if fast != decoded(json) { disagreements.append(String(decoding: json, as: UTF8.self)) }
        }
        return (read, disagreements)
    }

    static let awkward = [
        "plain", "", "Пленарное 中文 🇱🇦", "quote \" backslash \\ slash /", "nl\n tab\t cr\r", "nul \u{0} bell \u{7}",
        "e\u{301}", "\u{2028}", "<b>&amp;</b>", "/vote@workshop_bot 2",
    ]

    /// Updates of every kind the bot reads, with optional members present or not, text with escapes and other
    /// scripts, and members the reader does not keep (nested, with fractions, lists, booleans and nulls).
    static func generated(count: Int) -> [Data] {
        var generator = SplitMix(seed: 11)
        func pick<T>(_ values: [T]) -> T { values[Int(generator.next() % UInt64(values.count))] }
        func maybe(_ value: Any) -> Any? { generator.next() % 3 == 0 ? nil : value }
        func user() -> [String: Any] {
            var user: [String: Any] = [
                "id": pick([1, 42, 1_087_968_824, Int(Int32.max) * 4]), "first_name": pick(awkward),
            ]
            user["is_bot"] = maybe(pick([true, false]))
            user["last_name"] = maybe(pick(awkward))
            user["username"] = maybe(pick(["ann", NSNull()] as [Any]))
            user["language_code"] = maybe(pick(["en", "ru", "zh-hans", "fr", "lo"]))
            user["is_premium"] = maybe(true)
            return user
        }
        func chat() -> [String: Any] {
            var chat: [String: Any] = [
                "id": pick([-1_001_234_567_890, 42, -2000]), "type": pick(["private", "group", "supergroup"]),
            ]
            chat["title"] = maybe(pick(awkward))
            chat["username"] = maybe("team")
            chat["first_name"] = maybe(pick(awkward))
            return chat
        }
        func message() -> [String: Any] {
            var message: [String: Any] = ["message_id": pick([1, 7, 800_000]), "chat": chat()]
            message["date"] = maybe(1_636_358_400)
            message["from"] = maybe(user())
            message["text"] = maybe(pick(awkward))
            message["caption"] = maybe(pick(awkward))
            message["message_thread_id"] = maybe(3)
            message["is_topic_message"] = maybe(pick([true, false, NSNull()] as [Any]))
            message["sender_chat"] = maybe(chat())
            message["author_signature"] = maybe("Ann")
            message["entities"] = maybe([["type": "bot_command", "offset": 0, "length": 5]])
            message["location"] = maybe(["latitude": 52.520_008, "longitude": -1.5e-3])
            message["reply_to_message"] = maybe(["message_id": 1, "chat": chat(), "text": "deep", "x": [[], [[]], {}]])
            return message
        }
        var updates: [Data] = []
        for id in 0..<count {
            var update: [String: Any] = ["update_id": id * 7919]
            switch id % 5 {
            case 0, 1: update["message"] = message()
            case 2:
                var query: [String: Any] = ["id": "cb\(id)", "from": user(), "chat_instance": "-77"]
                query["message"] = maybe(message())
                query["data"] = maybe(pick(["/vote 1", "v:1:2"]))
                update["callback_query"] = query
            case 3: update["edited_message"] = message()
            default:
                update["my_chat_member"] = [
                    "chat": chat(), "from": user(), "date": 1,
                    "old_chat_member": ["status": "left", "user": user()],
                    "new_chat_member": ["status": "member", "user": user(), "until_date": 0],
                ]
            }
            if let json = try? JSONSerialization.data(withJSONObject: update) { updates.append(json) }
        }
        return updates
    }

    @Test func wellFormedUpdatesReadAsJSONDecoderReadsThem() {
        let updates = Self.generated(count: 600)
        let result = agreement(updates)
        #expect(result.disagreements.isEmpty, "\(result.disagreements.prefix(3))")
        // The fast path is taken for nearly all of them (none of these needs JSONDecoder's rules).
        #expect(result.read == updates.count)
    }

    @Test func theFuzzCorpusAndDamagedUpdatesAgreeOrFallBack() throws {
        var inputs: [Data] = []
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fuzz/Corpus/FuzzTelegramUpdates").standardized
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus.path) {
            let body = try Data(contentsOf: corpus.appendingPathComponent(name))
            inputs += JSONSlices.member("result", of: body).flatMap(JSONSlices.elements(of:)) ?? [body]
        }
        #expect(inputs.count > 3)
        inputs += Self.generated(count: 40)
        // Every prefix, and bytes changed one at a time: the reader agrees or gives the update to JSONDecoder.
        var generator = SplitMix(seed: 5)
        var damaged: [Data] = []
        for input in inputs {
            let bytes = [UInt8](input)
            for length in stride(from: 0, to: bytes.count, by: 3) { damaged.append(Data(bytes[..<length])) }
            for _ in 0..<40 {
                var copy = bytes
                let index = Int(generator.next() % UInt64(copy.count))
                copy[index] =
                    [0x22, 0x5C, 0x2C, 0x7B, 0x7D, 0x30, 0x2E, 0x65, 0x00, 0xFF, 0x75][Int(generator.next() % 11)]
                damaged.append(Data(copy))
            }
        }
        let result = agreement(inputs + damaged)
        #expect(result.disagreements.isEmpty, "\(result.disagreements.prefix(3))")
    }

    @Test func whatJSONDecoderDecidesIsLeftToIt() {
        let cases = [
            #"{"update_id":1,"update_id":2}"#,  // a duplicated member
            #"{"update_id":1.0}"#, #"{"update_id":1e3}"#, #"{"update_id":99999999999999999999}"#,
            #"{"update_id":1,"message":{"message_id":1,"chat":{"id":1,"type":"group"},"text":"\ud800"}}"#,
            #"{"update_id":1,"message":{"message_id":1,"chat":{"id":1,"type":"group"},"text":5}}"#,
            #"{"update_id":1,"message":{"message_id":1,"chat":{"id":1,"type":"group"},"date":1.5}}"#,
            #"{"update_id":1,"x":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}",
            "{\"update_id\":1,\"message\":{\"message_id\":1,\"chat\":{\"id\":1,\"type\":\"g\u{1}\"}}}",
            #"{"update_id":1} x"#, #"{"update_id":01}"#, #"[{"update_id":1}]"#,
        ]
        for text in cases {
            #expect(TelegramUpdateReader.update(Data(text.utf8)) == nil, "\(text)")
        }
        // And what it reads, it reads: escapes, surrogate pairs, nulls for optional members, spaces.
        let read = TelegramUpdateReader.update(
            Data(
                #" { "update_id" : 5 , "message" : { "message_id" : 2 , "chat" : { "id" : -100 , "type" : "group" } , "text" : "\u00e9\ud83c\uddf1\"\/\n" , "from" : null } } "#
                    .utf8))
        #expect(read?.updateId == 5)
        #expect(read?.message?.text == "é🇱\"/\n")
        #expect(read?.message?.from == nil)
    }
}
