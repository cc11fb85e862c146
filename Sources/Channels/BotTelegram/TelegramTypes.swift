import Foundation

// The Bot API objects the channel reads (https://core.telegram.org/bots/api#available-types), with only the
// fields it uses: unknown fields are ignored and optional ones may be missing.

/// The envelope of every Bot API answer.
struct TelegramResponse<Result: Decodable>: Decodable {
    var ok: Bool
    var result: Result?
    var description: String?
    var errorCode: Int?
    var parameters: ResponseParameters?

    struct ResponseParameters: Decodable {
        var retryAfter: Int?
        var migrateToChatId: Int64?
    }
}

struct TelegramUser: Decodable {
    var id: Int64
    var isBot: Bool?
    var firstName: String
    var lastName: String?
    var username: String?

    var displayName: String { [firstName, lastName].compactMap { $0 }.joined(separator: " ") }
}

struct TelegramChat: Decodable {
    var id: Int64
    var type: String
    var title: String?
    var username: String?
    var firstName: String?
}

struct TelegramMessage: Decodable {
    var messageId: Int64
    var messageThreadId: Int64?
    var isTopicMessage: Bool?
    var from: TelegramUser?
    var chat: TelegramChat
    var date: Int64
    var text: String?
    var caption: String?
}

struct TelegramChatMember: Decodable {
    var status: String
    var user: TelegramUser
}

struct TelegramChatMemberUpdated: Decodable {
    var chat: TelegramChat
    var from: TelegramUser
    var oldChatMember: TelegramChatMember
    var newChatMember: TelegramChatMember
}

struct TelegramCallbackQuery: Decodable {
    var id: String
    var from: TelegramUser
    var message: TelegramMessage?
    var data: String?
}

struct TelegramUpdate: Decodable {
    var updateId: Int64
    var message: TelegramMessage?
    var editedMessage: TelegramMessage?
    var callbackQuery: TelegramCallbackQuery?
    var myChatMember: TelegramChatMemberUpdated?
}

/// One element of a getUpdates result, kept even when it does not decode, so its id still moves the offset.
struct LenientUpdate: Decodable {
    var id: Int64?
    var update: TelegramUpdate?
    var failure: String?

    private struct IDOnly: Decodable { var updateId: Int64 }

    init(from decoder: any Decoder) throws {
        id = try? IDOnly(from: decoder).updateId
        do {
            update = try TelegramUpdate(from: decoder)
        } catch {
            failure = "\(error)"
        }
    }
}

// Requests.

struct SendMessageRequest: Encodable {
    var chatId: Int64
    var text: String
    var parseMode = "HTML"
    var messageThreadId: Int64?
    var replyParameters: ReplyParameters?
    var linkPreviewOptions = LinkPreviewOptions()
    var replyMarkup: InlineKeyboardMarkup?

    struct InlineKeyboardMarkup: Encodable {
        var inlineKeyboard: [[InlineKeyboardButton]]
    }

    struct InlineKeyboardButton: Encodable {
        var text: String
        var callbackData: String
    }

    struct ReplyParameters: Encodable {
        var messageId: Int64
        var allowSendingWithoutReply = true
    }

    struct LinkPreviewOptions: Encodable {
        var isDisabled = true
    }
}

struct GetUpdatesRequest: Encodable {
    var offset: Int64
    var limit: Int
    var timeout: Int
    var allowedUpdates: [String]
}

struct SetMyCommandsRequest: Encodable {
    struct BotCommand: Encodable {
        var command: String
        var description: String
    }

    var commands: [BotCommand]
}

struct DeleteWebhookRequest: Encodable {
    var dropPendingUpdates = false
}

struct AnswerCallbackQueryRequest: Encodable {
    var callbackQueryId: String
    var text: String?
}
