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
    /// Set on a progress message ("Checking 12 links…"), sent at once while a command works: the key (derived
    /// from the triggering message) under which the channel remembers the platform's id of what it sent.
    public var showsProgress: String?
    /// Set on the answer that takes the place of the progress message shown under this key: a channel that can
    /// edit its messages edits that one, when it still knows its id; otherwise, and on platforms without
    /// edits, the answer is sent as a new message. Nothing is lost either way.
    public var replacesProgress: String?

    public init(
        chat: ChatRef, thread: String? = nil, replyTo: String? = nil, reply: Reply, answersPress: String? = nil,
        showsProgress: String? = nil, replacesProgress: String? = nil
    ) {
        self.answersPress = answersPress
        self.showsProgress = showsProgress
        self.replacesProgress = replacesProgress
        self.chat = chat
        self.thread = thread
        self.replyTo = replyTo
        self.reply = reply
    }
}
