/// A reply or announcement on its way to a chat.
public struct OutgoingMessage: Sendable, Hashable, Codable {
    /// Where it goes.
    public var chat: ChatRef
    /// The thread or forum topic inside the chat, if any.
    public var thread: String?
    /// The platform message this answers, so platforms that can show a reply do.
    public var replyTo: String?
    /// The content; renderers escape every text span for the platform's markup.
    public var reply: Reply
    /// The button press this answers, if any: the channel acknowledges it (with a short reply as a toast).
    public var answersPress: String?
    /// The outbox key the runtime queued it under (the triggering message's or job's), stable across retries
    /// and restarts: channels whose platform deduplicates sends by a client-chosen id derive that id from it.
    public var idempotencyKey: String?

    public init(chat: ChatRef, thread: String? = nil, replyTo: String? = nil, reply: Reply, answersPress: String? = nil)
    {
        self.answersPress = answersPress
        self.chat = chat
        self.thread = thread
        self.replyTo = replyTo
        self.reply = reply
    }
}
