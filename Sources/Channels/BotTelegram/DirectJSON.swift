import BotCore
import Foundation

// Telegram's request bodies sent once per reply, written directly (`DirectJSON`).

extension SendMessageRequest: DirectJSON {
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

extension AnswerCallbackQueryRequest: DirectJSON {
    func write(into json: inout JSONBytes) {
        json.object { json in
            json.member("callback_query_id", callbackQueryId)
            if let text { json.member("text", text) }
        }
    }
}
