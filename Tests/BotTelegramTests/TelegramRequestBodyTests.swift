import BotCore
import Foundation
import Testing

@testable import BotTelegram

/// The bodies written straight into JSON say exactly what `JSONEncoder` says of the same request.
struct TelegramRequestBodyTests {
    /// Both forms parsed, so member order and `\/` do not matter and every value does.
    func parsed(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    static let awkward = [
        "", "plain", "quote \" and backslash \\ and slash /", "line\nbreak\ttab\r", "nul \u{0} bell \u{7} esc \u{1B}",
        "unit separator \u{1F} del \u{7F}", "Пленарное 中文 🇱🇦 e\u{301}", "\u{2028}\u{2029}", "<b>&amp;</b>",
    ]

    @Test func sendMessageBodiesMatchTheEncoder() throws {
        let buttons = Self.awkward.map { SendMessageRequest.InlineKeyboardButton(text: $0, callbackData: "v:" + $0) }
        for (index, text) in Self.awkward.enumerated() {
            let request = SendMessageRequest(
                chatId: -1_001_234_567_890 - Int64(index), text: text,
                messageThreadId: index % 2 == 0 ? Int64(index) : nil,
                replyParameters: index % 3 == 0 ? .init(messageId: Int64.max - Int64(index)) : nil,
                replyMarkup: index % 2 == 1 ? .init(inlineKeyboard: [Array(buttons.prefix(index)), [], buttons]) : nil)
            let direct = try parsed(request.directJSON())
            let encoded = try parsed(try JSONEncoder().encode(request))
            #expect(direct == encoded, "\(text.debugDescription)")
        }
    }

    @Test func callbackAnswersMatchTheEncoder() throws {
        for text in Self.awkward + [nil] as [String?] {
            let request = AnswerCallbackQueryRequest(callbackQueryId: "42\"x", text: text)
            #expect(try parsed(request.directJSON()) == parsed(try JSONEncoder().encode(request)))
        }
    }

    @Test func aSentMessageIsReadFromItsIdAlone() throws {
        let result = Data(
            #"{"message_id":812,"chat":{"id":-100,"type":"supergroup"},"text":"x \"message_id\":1"}"#.utf8)
        #expect(try SentMessage(result: result).messageId == 812)
        for broken in [#"{"chat":{"id":1}}"#, #"{"message_id":"x"}"#, "true", "", #"{"message_id":1e999}"#] {
            #expect(throws: ChannelError.self) { try SentMessage(result: Data(broken.utf8)) }
        }
    }
}
