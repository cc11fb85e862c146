import Foundation

/// A message as a channel delivers it to the runtime, already mapped from the platform's JSON.
public struct IncomingMessage: Sendable, Hashable {
    /// The chat the message was written in.
    public var chat: ChatRef
    /// The chat's title, when the platform has one (group name); used in logs and `/whoami`.
    public var chatTitle: String?
    /// The forum topic or thread inside the chat, when the platform has them; replies go there too.
    public var thread: String?
    /// Who wrote it.
    public var sender: UserRef
    /// The sender's display name, as the platform shows it.
    public var senderName: String
    /// The text as typed; may be empty, huge, or contain anything a platform lets through.
    public var text: String
    /// When the platform says the message was sent.
    public var time: Date
    /// The platform's id of this message, unique within the chat; used to reply to it and to
    /// recognise a message that a platform delivers twice.
    public var messageID: String
    /// The bot's own user name on this platform (`workshop_bot`), so `/cmd@otherbot` can be told apart.
    public var botUsername: String?
    /// Whether the chat is a one-to-one chat with the bot.
    public var isDirect: Bool
    /// Set when the message is a button press (its `text` is the button's command): the platform's id of the
    /// press, which the answer must acknowledge.
    public var pressID: String?
    /// Set when the sender is not a known person but a group administrator posting as the group (a
    /// platform's "remain anonymous"): `sender` then names the group's anonymous admins as one, and nothing that must be
    /// tied to one person (a vote) is accepted from it.
    public var senderIsAnonymousAdmin: Bool
    /// The language the sender's app is set to, as their platform says (`ru`,
    /// `zh-hans`), when it says: a hint the runtime maps to the nearest catalogue for people who chose none.
    public var languageHint: String?

    public init(
        chat: ChatRef, chatTitle: String? = nil, thread: String? = nil, sender: UserRef, senderName: String,
        text: String, time: Date, messageID: String, botUsername: String? = nil, isDirect: Bool = false,
        pressID: String? = nil, senderIsAnonymousAdmin: Bool = false, languageHint: String? = nil
    ) {
        self.languageHint = languageHint
        self.pressID = pressID
        self.senderIsAnonymousAdmin = senderIsAnonymousAdmin
        self.chat = chat
        self.chatTitle = chatTitle
        self.thread = thread
        self.sender = sender
        self.senderName = senderName
        self.text = text
        self.time = time
        self.messageID = messageID
        self.botUsername = botUsername
        self.isDirect = isDirect
    }

    /// The platform the message came from.
    public var platform: Platform { chat.platform }

    /// A key that names this message among all messages of all platforms; the runtime records it
    /// so that a message delivered twice is applied once.
    public var deliveryKey: String { "msg:\(chat.platform):\(chat.id):\(messageID)" }
}
