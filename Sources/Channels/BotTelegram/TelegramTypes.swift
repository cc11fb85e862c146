import BotCore
import Foundation

// The Bot API objects the channel reads (https://core.telegram.org/bots/api#available-types), with only the
// fields it uses: unknown fields are ignored and optional ones may be missing. Each type names its snake_case
// keys itself: a key strategy on the coders would convert every key of every update and request at run time.

/// The `parameters` of a failed Bot API answer. Each field is read on its own, so a value of the wrong type
/// or size loses only itself; `retry_after` is read as any number (bounded where it is used).
struct ResponseParameters: Decodable {
    var retryAfter: Double?
    var migrateToChatId: Int64?

    enum CodingKeys: String, CodingKey {
        case retryAfter = "retry_after", migrateToChatId = "migrate_to_chat_id"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        retryAfter = try? c.decodeIfPresent(Double.self, forKey: .retryAfter)
        migrateToChatId = try? c.decodeIfPresent(Int64.self, forKey: .migrateToChatId)
    }
}

struct TelegramUser: Decodable, Equatable {
    enum CodingKeys: String, CodingKey {
        case id, isBot = "is_bot", firstName = "first_name", lastName = "last_name", username
        case languageCode = "language_code"
    }

    var id: Int64
    var isBot: Bool?
    var firstName: String
    var lastName: String?
    var username: String?
    /// The IETF tag of the user's app language (`ru`, `zh-hans`), when Telegram sends it.
    var languageCode: String?

    var displayName: String { [firstName, lastName].compactMap { $0 }.joined(separator: " ") }
}

struct TelegramChat: Decodable, Equatable {
    enum CodingKeys: String, CodingKey {
        case id, type, title, username, firstName = "first_name"
    }

    var id: Int64
    var type: String
    var title: String?
    var username: String?
    var firstName: String?
}

struct TelegramMessage: Decodable, Equatable {
    enum CodingKeys: String, CodingKey {
        case messageId = "message_id", messageThreadId = "message_thread_id", isTopicMessage = "is_topic_message", from,
            senderChat = "sender_chat", authorSignature = "author_signature", chat, date, text, caption
    }

    var messageId: Int64
    var messageThreadId: Int64?
    var isTopicMessage: Bool?
    var from: TelegramUser?
    /// Set when the message was sent on behalf of a chat: a channel, or the group itself (an anonymous admin).
    var senderChat: TelegramChat?
    /// An anonymous admin's custom title, when the group shows one.
    var authorSignature: String?
    var chat: TelegramChat
    /// Read as any number, so a date that does not fit loses only itself (see `PlatformValues.time`).
    var date: Double?
    var text: String?
    var caption: String?
}

struct TelegramChatMember: Decodable, Equatable {
    var status: String
    var user: TelegramUser
}

struct TelegramChatMemberUpdated: Decodable, Equatable {
    enum CodingKeys: String, CodingKey {
        case chat, from, oldChatMember = "old_chat_member", newChatMember = "new_chat_member"
    }

    var chat: TelegramChat
    var from: TelegramUser
    var oldChatMember: TelegramChatMember
    var newChatMember: TelegramChatMember
}

struct TelegramCallbackQuery: Decodable, Equatable {
    var id: String
    var from: TelegramUser
    var message: TelegramMessage?
    var data: String?
}

struct TelegramUpdate: Decodable, Equatable {
    enum CodingKeys: String, CodingKey {
        case updateId = "update_id", message, editedMessage = "edited_message", callbackQuery = "callback_query",
            myChatMember = "my_chat_member"
    }

    var updateId: Int64
    var message: TelegramMessage?
    var editedMessage: TelegramMessage?
    var callbackQuery: TelegramCallbackQuery?
    var myChatMember: TelegramChatMemberUpdated?
}

/// One element of a getUpdates result, decoded on its own and kept even when it does not decode, so its id
/// (read alone, when it is there and fits) still moves the offset.
struct ReceivedUpdate {
    var id: Int64?
    var update: TelegramUpdate?
    var failure: String?

    init(json: Data) {
        do {
            update =
                try TelegramUpdateReader.update(json) ?? TelegramAPI.decoder.decode(TelegramUpdate.self, from: json)
        } catch {
            failure = String("\(error)".prefix(300))
        }
        id =
            update?.updateId
            ?? JSONSlices.member("update_id", of: json).flatMap {
                try? TelegramAPI.decoder.decode(Int64.self, from: $0)
            }
    }

    /// Whether the id can be confirmed: an offset is the id plus one, and a negative offset means something
    /// else to the Bot API.
    var usableID: Int64? { id.flatMap { $0 >= 0 && $0 < Int64.max ? $0 : nil } }
}

// Requests.

struct SendMessageRequest: Encodable {
    enum CodingKeys: String, CodingKey {
        case chatId = "chat_id", text, parseMode = "parse_mode", messageThreadId = "message_thread_id",
            replyParameters = "reply_parameters", linkPreviewOptions = "link_preview_options", replyMarkup =
            "reply_markup"
    }

    var chatId: Int64
    var text: String
    var parseMode = "HTML"
    var messageThreadId: Int64?
    var replyParameters: ReplyParameters?
    var linkPreviewOptions = LinkPreviewOptions()
    var replyMarkup: InlineKeyboardMarkup?

    struct InlineKeyboardMarkup: Encodable {
        enum CodingKeys: String, CodingKey {
            case inlineKeyboard = "inline_keyboard"
        }

        var inlineKeyboard: [[InlineKeyboardButton]]
    }

    struct InlineKeyboardButton: Encodable {
        enum CodingKeys: String, CodingKey {
            case text, callbackData = "callback_data"
        }

        var text: String
        var callbackData: String
    }

    struct ReplyParameters: Encodable {
        enum CodingKeys: String, CodingKey {
            case messageId = "message_id", allowSendingWithoutReply = "allow_sending_without_reply"
        }

        var messageId: Int64
        var allowSendingWithoutReply = true
    }

    struct LinkPreviewOptions: Encodable {
        enum CodingKeys: String, CodingKey {
            case isDisabled = "is_disabled"
        }

        var isDisabled = true
    }
}

struct EditMessageTextRequest: Encodable {
    enum CodingKeys: String, CodingKey {
        case chatId = "chat_id", messageId = "message_id", text, parseMode = "parse_mode", linkPreviewOptions =
            "link_preview_options", replyMarkup = "reply_markup"
    }

    var chatId: Int64
    var messageId: Int64
    var text: String
    var parseMode = "HTML"
    var linkPreviewOptions = SendMessageRequest.LinkPreviewOptions()
    var replyMarkup: SendMessageRequest.InlineKeyboardMarkup?
}

struct GetUpdatesRequest: Encodable {
    enum CodingKeys: String, CodingKey {
        case offset, limit, timeout, allowedUpdates = "allowed_updates"
    }

    var offset: Int64
    var limit: Int
    var timeout: Int
    var allowedUpdates: [String]
}

struct SetMyCommandsRequest: Encodable {
    enum CodingKeys: String, CodingKey {
        case commands
        case languageCode = "language_code"
    }

    struct BotCommand: Encodable {
        var command: String
        var description: String
    }

    var commands: [BotCommand]
    /// Left out for the menu of every user without a menu in their language.
    var languageCode: String?
}

struct DeleteWebhookRequest: Encodable {
    enum CodingKeys: String, CodingKey {
        case dropPendingUpdates = "drop_pending_updates"
    }

    var dropPendingUpdates = false
}

struct AnswerCallbackQueryRequest: Encodable {
    enum CodingKeys: String, CodingKey {
        case callbackQueryId = "callback_query_id", text
    }

    var callbackQueryId: String
    var text: String?
}
