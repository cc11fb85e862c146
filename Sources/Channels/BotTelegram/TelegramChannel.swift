import BotCore
import BotHTTP
import Foundation
import Logging
import Synchronization

/// Workshop-bot as a Telegram bot: long polling with `getUpdates`, replies with `sendMessage` in HTML.
///
/// A progress message's id (from `sendMessage`'s result) is remembered in memory, and the answer that replaces
/// it edits it (`editMessageText`, the same HTML and keyboard rules); when the id is unknown (after a restart,
/// or the progress message was never sent) or Telegram refuses the edit, the answer is a new message. A file
/// goes as `sendDocument` (multipart), with the reply's text as its caption when that fits in 1,024 characters
/// and replaces no progress message, else the text first as its own message.
///
/// The runtime's `PollDriver` runs it: updates are confirmed to Telegram (the next `getUpdates` offset) only
/// after the runtime reports every message of the batch handled, and the offset is kept in the store; replies
/// go through the store's outbox.
/// A crash at any point therefore re-delivers at most the last batch, whose already-handled messages replay
/// without effect and without a second reply. Edited messages are ignored (commands are read once, as sent).
public struct TelegramChannel: PlatformAdapter {
    /// What the channel needs from `bot.yaml`.
    public struct Configuration: Sendable {
        public var token: String
        /// The Bot API base URL (`https://api.telegram.org`, or a local Bot API server or test server).
        public var apiURL: String
        /// How long Telegram may hold a `getUpdates` call open.
        public var pollTimeout: Int
        /// When set, only these chat ids are served; others are ignored (and logged once per update).
        public var allowedChats: Set<String>?
        /// Commands for Telegram's command menu, as `/help` lists them: name and one-line summary.
        public var commands: [(name: String, summary: String)]
        /// The menu again for users whose app is in another language, by two-letter ISO 639-1 code (`ru`,
        /// `zh`): Telegram shows a user the menu of their app's language, and `commands` to everyone else.
        public var localizedCommands: [String: [(name: String, summary: String)]] = [:]
        /// The workshop's language, for what the channel itself says (the greeting in a new group).
        public var texts: Texts = Localization.coreOnly.workshopTexts
        /// Keep within Telegram's send limits (on unless a benchmark or a local Bot API server says otherwise).
        public var rateLimit: Bool
        /// Send times as date-time entities (`<tg-time>`, Bot API 9.5), which readers can see in their own zone.
        /// A server that cannot parse them gets the same message with the times as plain text.
        public var dateTimeEntities: Bool
        /// The longest a 429's `retry_after` is waited, in seconds (default 5 minutes, at most an hour; see
        /// `PlatformValues.retryHint`); longer hints are cut to it, and the log says so.
        public var retryHintCap: Double

        public init(
            token: String, apiURL: String = "https://api.telegram.org", pollTimeout: Int = 30,
            allowedChats: Set<String>? = nil, commands: [(name: String, summary: String)] = [], rateLimit: Bool = true,
            dateTimeEntities: Bool = true, retryHintCap: Double = PlatformValues.defaultRetryHintCap,
            localizedCommands: [String: [(name: String, summary: String)]] = [:],
            texts: Texts = Localization.coreOnly.workshopTexts
        ) {
            self.localizedCommands = localizedCommands
            self.texts = texts
            self.rateLimit = rateLimit
            self.dateTimeEntities = dateTimeEntities
            self.retryHintCap = retryHintCap
            self.token = token
            self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
            // Telegram holds a long poll for at most 50 s; kept within a day so no sum with it can overflow.
            self.pollTimeout = min(max(pollTimeout, 0), 86_400)
            self.allowedChats = allowedChats
            self.commands = commands
        }
    }

    public static let platformName: Platform = "telegram"
    public let platform: Platform = platformName
    let configuration: Configuration
    let api: TelegramAPI
    let logger: Logger
    let identity = BotIdentity()
    let limiter: TelegramRateLimiter?
    /// The progress messages sent, by progress key, so the answer can edit them.
    let progress = ProgressMessages()

    /// The longest text of one Telegram message.
    public static let messageLimit = 4096
    /// The longest caption of a file, in characters after its markup is read.
    public static let captionLimit = 1024
    /// The next update id to fetch (the `getUpdates` offset), in the store.
    public static let offsetCursor = "telegram.offset"
    /// When `getUpdates` last succeeded (ISO 8601), for `workshop-bot status`.
    public static let lastPollCursor = "telegram.last_poll"

    /// The channel keeps no state of its own in the store: the poll driver keeps its offset there.
    public init(configuration: Configuration, http: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.api = TelegramAPI(
            http: http, token: configuration.token, baseURL: configuration.apiURL,
            retryHintCap: configuration.retryHintCap,
            logger: logger)
        self.logger = logger
        self.limiter = configuration.rateLimit ? TelegramRateLimiter() : nil
    }

    // MARK: Receiving

    public var polling: PollingProfile {
        PollingProfile(
            cursor: Self.offsetCursor, lastPoll: Self.lastPollCursor, pollTimeout: configuration.pollTimeout,
            pollName: "poll")
    }

    /// `getMe` for the bot's user name, `deleteWebhook` so polling works, `setMyCommands` for the menu.
    public func prepare() async throws {
        let me = try await api.call("getMe", EmptyRequest(), as: TelegramUser.self)
        identity.set(username: me.username ?? "")
        _ = try await api.call("deleteWebhook", DeleteWebhookRequest(), as: Bool.self)
        if !configuration.commands.isEmpty {
            try await setMenu(configuration.commands, languageCode: nil)
            for (code, menu) in configuration.localizedCommands.sorted(by: { $0.key < $1.key }) where !menu.isEmpty {
                try await setMenu(menu, languageCode: code)
            }
        }
        logger.info("telegram ready", metadata: ["bot": "@\(me.username ?? "?")"])
    }

    /// `setMyCommands` for users whose app is in `languageCode`, or for everyone else when nil: at most 100
    /// commands, each description at most 256 characters, as the Bot API allows.
    private func setMenu(_ menu: [(name: String, summary: String)], languageCode: String?) async throws {
        let commands = menu.prefix(100).map {
            SetMyCommandsRequest.BotCommand(command: $0.name, description: String($0.summary.prefix(256)))
        }
        _ = try await api.call(
            "setMyCommands", SetMyCommandsRequest(commands: Array(commands), languageCode: languageCode),
            as: Bool.self)
    }

    /// One `getUpdates` after the stored offset (the next update id to fetch; 0 when there is none).
    public func poll(after cursor: String?) async throws -> PolledBatch<TelegramFollowUp> {
        let offset = max(0, cursor.flatMap { Int64($0) } ?? 0)
        let result = try await api.callForResult(
            "getUpdates",
            GetUpdatesRequest(
                offset: offset, limit: 100, timeout: configuration.pollTimeout,
                allowedUpdates: ["message", "callback_query", "my_chat_member"]),
            timeout: .seconds(configuration.pollTimeout + 15))
        return batch(of: try Self.updates(inResult: result), after: offset)
    }

    /// The batch of a `getUpdates` answer: its messages, the other updates to handle, those that do not decode,
    /// and the next offset. The offset moves past the highest usable id, and so past every update served before
    /// it (updates come in id order), even those without an id of their own; with no usable id at or after
    /// `offset` (only old ones, or none that fits) nothing can be confirmed.
    func batch(of updates: [ReceivedUpdate], after offset: Int64) -> PolledBatch<TelegramFollowUp> {
        var batch = PolledBatch<TelegramFollowUp>(cursor: nil)
        for item in updates {
            guard let update = item.update else {
                batch.skipped.append(
                    .init(what: "update \(item.id.map(String.init) ?? "with no usable id")", reason: item.failure ?? "")
                )
                continue
            }
            if let message = incomingMessage(from: update) {
                batch.messages.append(message)
            } else {
                batch.items.append(TelegramFollowUp(update: update))
            }
        }
        if updates.isEmpty {
            batch.cursor = String(offset)
        } else if let last = updates.compactMap(\.usableID).max(), last >= offset {
            batch.cursor = String(last + 1)
        }
        return batch
    }

    /// The updates of a `getUpdates` result, each decoded alone: one that is too deep, too big or of the wrong
    /// shape is kept as a failure (its id, when readable, still moves the offset) without holding up the others.
    /// Throws when the result is not a list.
    static func updates(inResult result: Data) throws -> [ReceivedUpdate] {
        guard let elements = JSONSlices.elements(of: result) else {
            throw ChannelError.transient("getUpdates: the result is not a list")
        }
        return elements.map(ReceivedUpdate.init(json:))
    }

    /// The runtime's view of a text message, or nil for what the bot does not read (edits, photos, service
    /// messages, other bots, chats outside the allowlist).
    func incomingMessage(from update: TelegramUpdate) -> IncomingMessage? {
        if let query = update.callbackQuery, let message = query.message, let data = query.data {
            // A button press runs the button's command as the person who pressed it.
            let chatID = String(message.chat.id)
            if let allowed = configuration.allowedChats, !allowed.contains(chatID) { return nil }
            return IncomingMessage(
                chat: ChatRef(platform: platform, id: chatID), chatTitle: message.chat.title,
                thread: message.isTopicMessage == true ? message.messageThreadId.map(String.init) : nil,
                sender: UserRef(platform: platform, id: String(query.from.id)), senderName: query.from.displayName,
                text: data, time: Date(), messageID: "press-\(query.id)", botUsername: identity.username,
                isDirect: message.chat.type == "private", pressID: query.id,
                languageHint: query.from.languageCode.map { String($0.prefix(35)) })
        }
        guard let message = update.message, let text = message.text, let from = message.from else { return nil }
        // A group admin who posts "anonymously" writes as the group: `from` is GroupAnonymousBot and
        // `sender_chat` the group itself. Other bots, and channels posting into the group, are not read.
        let anonymousAdmin = from.id == Self.groupAnonymousBotID && message.senderChat?.id == message.chat.id
        guard anonymousAdmin || (from.isBot != true && message.senderChat == nil) else { return nil }
        let chatID = String(message.chat.id)
        if let allowed = configuration.allowedChats, !allowed.contains(chatID) {
            logger.info("ignored a message from a chat outside allowed_chats", metadata: ["chat": "\(chatID)"])
            return nil
        }
        return IncomingMessage(
            chat: ChatRef(platform: platform, id: chatID),
            chatTitle: message.chat.title ?? message.chat.username ?? message.chat.firstName,
            thread: message.isTopicMessage == true ? message.messageThreadId.map(String.init) : nil,
            sender: anonymousAdmin ? Self.anonymousAdmin(of: chatID) : UserRef(platform: platform, id: String(from.id)),
            senderName: anonymousAdmin ? message.authorSignature ?? "Anonymous admin" : from.displayName, text: text,
            time: PlatformValues.time(secondsSince1970: message.date), messageID: String(message.messageId),
            botUsername: identity.username, isDirect: message.chat.type == "private",
            senderIsAnonymousAdmin: anonymousAdmin,
            // An anonymous admin's app language is GroupAnonymousBot's, not theirs.
            languageHint: anonymousAdmin ? nil : from.languageCode.map { String($0.prefix(35)) })
    }

    /// The user Telegram shows as the sender of an anonymous group admin's messages (GroupAnonymousBot).
    static let groupAnonymousBotID: Int64 = 1_087_968_824

    /// The stable sender of a group's anonymous admins (`telegram:anonymous-admin:<chat id>`): one unknown
    /// person, the same for every anonymous admin of that group.
    public static func anonymousAdmin(of chatID: String) -> UserRef {
        UserRef(platform: "telegram", id: "anonymous-admin:\(chatID)")
    }

    /// Updates that are not messages: presses are answered so the button stops spinning; being added to a
    /// group gets a short greeting.
    public func handle(_ item: TelegramFollowUp) async {
        let update = item.update
        if let query = update.callbackQuery {
            // A press the bot cannot act on (no message or data left): still acknowledged.
            _ = try? await api.call(
                "answerCallbackQuery", AnswerCallbackQueryRequest(callbackQueryId: query.id, text: nil), as: Bool.self)
        }
        if let member = update.myChatMember, ["member", "administrator"].contains(member.newChatMember.status),
            ["left", "kicked"].contains(member.oldChatMember.status)
        {
            let greeting = OutgoingMessage(
                chat: ChatRef(platform: platform, id: String(member.chat.id)),
                reply: Reply(configuration.texts("channel.greeting")))
            try? await send(greeting)
        }
    }

    // MARK: Sending

    public func send(_ message: OutgoingMessage) async throws {
        guard let chatID = Int64(message.chat.id) else {
            throw ChannelError.rejected("not a Telegram chat id: \(message.chat.id)")
        }
        var chatText = message.reply
        if let press = message.answersPress {
            // A short single-line answer to a press becomes its toast; anything longer goes to the chat.
            let plain = message.reply.plainText
            let toast = message.reply.lines.count <= 1 && plain.count <= 200 && message.reply.buttons.isEmpty
            do {
                _ = try await api.call(
                    "answerCallbackQuery",
                    AnswerCallbackQueryRequest(callbackQueryId: press, text: toast && !plain.isEmpty ? plain : nil),
                    as: Bool.self)
            } catch ChannelError.rejected(let why) {
                // Presses expire after a while: then the answer goes to the chat instead of a toast.
                logger.info("press answer refused", metadata: ["why": "\(why)"])
                if toast, !plain.isEmpty {
                    try await sendToChat(chatID: chatID, message.reply, replyTo: nil, thread: message.thread)
                }
                return
            }
            if toast { return }
            chatText = message.reply
        }
        try await deliver(chatID: chatID, message, chatText)
    }

    /// Sends a reply's text and file: in place of the progress message it replaces (or updates) when that is
    /// known, else as new messages.
    private func deliver(chatID: Int64, _ message: OutgoingMessage, _ reply: Reply) async throws {
        let replyTo = message.replyTo.flatMap(Int64.init)
        var text = reply
        text.attachment = nil
        let key = message.replacesProgress ?? message.showsProgress
        let editing = key.flatMap(progress.id(for:)).flatMap(Int64.init)
        if let file = reply.attachment, editing == nil, !text.isEmpty, text.buttons.isEmpty,
            text.plainText.utf16.count <= Self.captionLimit
        {
            return try await sendDocument(chatID: chatID, file, caption: text, replyTo: replyTo, thread: message.thread)
        }
        var sentText = false
        if !text.isEmpty {
            let first = try await sendToChat(
                chatID: chatID, text, replyTo: replyTo, thread: message.thread, editing: editing)
            sentText = true
            if let progressKey = message.showsProgress, let first {
                progress.remember(String(first), for: progressKey)
            } else if let replaced = message.replacesProgress {
                progress.forget(replaced)
            }
        }
        if let file = reply.attachment {
            try await sendDocument(
                chatID: chatID, file, caption: nil, replyTo: sentText ? nil : replyTo, thread: message.thread)
        }
    }

    /// `sendDocument`: the file as multipart form data, with `caption` (HTML, with the reply's keyboard).
    private func sendDocument(chatID: Int64, _ file: Attachment, caption: Reply?, replyTo: Int64?, thread: String?)
        async throws
    {
        if let limiter {
            let wait = await limiter.reserve(ChatRef(platform: platform, id: String(chatID)))
            if wait > .zero { try await Task.sleep(for: wait) }
        }
        var form = MultipartForm()
        form.add("chat_id", String(chatID))
        if let thread = thread.flatMap(Int64.init) { form.add("message_thread_id", String(thread)) }
        if let replyTo {
            form.add("reply_parameters", TelegramAPI.jsonField(SendMessageRequest.ReplyParameters(messageId: replyTo)))
        }
        if let caption {
            // Times as plain text: a caption is no place to find out whether the server reads date-time entities.
            form.add(
                "caption",
                caption.lines.map { HTMLRenderer.render($0, flavor: TelegramHTML.flavor(dateTimeEntities: false)) }
                    .joined(separator: "\n"))
            form.add("parse_mode", "HTML")
            if let keyboard = Self.keyboard(caption.buttons, logger: logger) {
                form.add("reply_markup", TelegramAPI.jsonField(keyboard))
            }
        }
        form.addFile("document", fileName: file.fileName, mediaType: file.mediaType, data: file.data)
        _ = try await api.callMultipart("sendDocument", form)
    }

    /// Sends a reply as one or more chat messages; only the first replies to the command, only the last has
    /// the buttons. With `editing`, the first part replaces that message's text instead, unless Telegram
    /// refuses the edit (then it is a new message). Returns the id of the first message, sent or edited.
    @discardableResult
    private func sendToChat(
        chatID: Int64, _ chatText: Reply, replyTo: Int64?, thread: String?, editing: Int64? = nil,
        dateTimes: Bool? = nil
    ) async throws -> Int64? {
        let dateTimes = dateTimes ?? configuration.dateTimeEntities
        let keyboard = Self.keyboard(chatText.buttons, logger: logger)
        let parts = Self.split(chatText, dateTimeEntities: dateTimes)
        var first: Int64?
        for (index, text) in parts.enumerated() {
            if let limiter {
                let wait = await limiter.reserve(ChatRef(platform: platform, id: String(chatID)))
                if wait > .zero { try await Task.sleep(for: wait) }
            }
            do {
                let markup = index == parts.count - 1 ? keyboard : nil
                if index == 0, let editing,
                    try await edit(chatID: chatID, messageID: editing, text: text, replyMarkup: markup)
                {
                    first = editing
                    continue
                }
                let result = try await api.callForResult(
                    "sendMessage",
                    SendMessageRequest(
                        chatId: chatID, text: text, messageThreadId: thread.flatMap(Int64.init),
                        replyParameters: index == 0 ? replyTo.map { .init(messageId: $0) } : nil,
                        replyMarkup: markup))
                let sent = try SentMessage(result: result)
                if index == 0 { first = sent.messageId }
            } catch ChannelError.rejected(let why)
                where index == 0 && dateTimes && text.contains("<tg-time") && why.contains("parse entities")
            {
                // A Bot API server older than date-time entities: the same message with plain times.
                logger.notice(
                    "the Bot API server refused a date-time entity; sending times as text", metadata: ["why": "\(why)"])
                return try await sendToChat(
                    chatID: chatID, chatText, replyTo: replyTo, thread: thread, editing: editing, dateTimes: false)
            }
        }
        return first
    }

    /// `editMessageText` of one of the bot's messages: true when it now shows `text` (or already did); false
    /// when Telegram refuses the edit for good (the message was deleted, or can no longer be edited), so the
    /// caller sends a new message. A refusal of the markup itself is thrown, as for `sendMessage`.
    private func edit(
        chatID: Int64, messageID: Int64, text: String, replyMarkup: SendMessageRequest.InlineKeyboardMarkup?
    ) async throws -> Bool {
        do {
            _ = try await api.callForResult(
                "editMessageText",
                EditMessageTextRequest(chatId: chatID, messageId: messageID, text: text, replyMarkup: replyMarkup))
            return true
        } catch ChannelError.rejected(let why) where why.contains("message is not modified") {
            return true
        } catch ChannelError.rejected(let why) where !why.contains("parse entities") {
            logger.info("message not editable; sending a new one", metadata: ["why": "\(why)"])
            return false
        }
    }

    /// The inline keyboard for a reply's buttons; a button whose command exceeds Telegram's 64 bytes is left
    /// out (and logged) rather than failing the whole message.
    static func keyboard(_ rows: [[Button]], logger: Logger) -> SendMessageRequest.InlineKeyboardMarkup? {
        let keyboard = rows.map { row in
            row.compactMap { button -> SendMessageRequest.InlineKeyboardButton? in
                guard button.command.utf8.count <= 64 else {
                    logger.error(
                        "button command longer than 64 bytes left out", metadata: ["button": "\(button.title)"])
                    return nil
                }
                return .init(text: button.title, callbackData: button.command)
            }
        }.filter { !$0.isEmpty }
        return keyboard.isEmpty ? nil : .init(inlineKeyboard: keyboard)
    }

    /// A reply rendered as HTML and cut into messages of at most 4,096 UTF-16 units, at line boundaries. A
    /// single line longer than that is cut as plain text (escaped piece by piece), so no tag is ever split.
    static func split(_ reply: Reply, dateTimeEntities: Bool = false) -> [String] {
        var chunks: [String] = []
        // The message being filled and its length in UTF-16 units, kept as lines are added (counting the whole
        // message again for each line would make a long reply quadratic).
        var current = ""
        var currentLength = 0
        let flavor = TelegramHTML.flavor(dateTimeEntities: dateTimeEntities)
        for line in reply.lines {
            var pieces = [HTMLRenderer.render(line, flavor: flavor)]
            if pieces[0].utf16.count > messageLimit {
                pieces = cut(line.plainText, escapedLimit: messageLimit)
            }
            for piece in pieces {
                let length = piece.utf16.count
                if currentLength == 0 && current.isEmpty {
                    current = piece
                    currentLength = length
                } else if currentLength + 1 + length <= messageLimit {
                    current += "\n"
                    current += piece
                    currentLength += 1 + length
                } else {
                    chunks.append(current)
                    current = piece
                    currentLength = length
                }
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    /// Cuts plain text into pieces whose escaped HTML fits the limit.
    static func cut(_ text: String, escapedLimit: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            let escaped = HTMLRenderer.escape(String(character))
            if current.utf16.count + escaped.utf16.count > escapedLimit {
                pieces.append(current)
                current = ""
            }
            current += escaped
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

struct EmptyRequest: Encodable {}

/// The parts of a sent Message the channel checks.
struct SentMessage {
    var messageId: Int64

    /// The sent message in a `sendMessage` result, read from its `message_id` member alone: the rest of the
    /// message (the chat, the sender, the text and its entities) is not needed, and decoding it whole cost more
    /// than the call.
    init(result: Data) throws {
        guard let member = JSONSlices.member("message_id", of: result),
            let id = Int64(String(decoding: member, as: UTF8.self))
                ?? (try? TelegramAPI.decoder.decode(Int64.self, from: member))
        else { throw ChannelError.transient("sendMessage: the result does not read (\(result.count) bytes)") }
        messageId = id
    }
}

/// An update that is not a message for the runtime (a press without a command, the bot's own membership),
/// handled by the channel once the batch's messages are delivered.
public struct TelegramFollowUp: Sendable {
    let update: TelegramUpdate
}

/// The bot's own user name, learned from `getMe` at start.
final class BotIdentity: Sendable {
    private let state = Mutex<String?>(nil)

    func set(username: String) { state.withLock { $0 = username.isEmpty ? nil : username } }
    var username: String? { state.withLock { $0 } }
}
