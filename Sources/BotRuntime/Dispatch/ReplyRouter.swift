import BotCore
import Foundation
import Logging

/// Where every message the bot sends goes, decided in this one place for command replies and scheduled posts
/// alike: into the store's outbox for channels that use one (queued in a transaction, then that channel's
/// sender is woken), straight to the channel otherwise (the console, best effort).
///
/// Every message first loses any value substituted for `${NAME}` in the configuration (shown as `${NAME}`),
/// whichever plugin or job wrote it: a token or password never reaches a chat. A file larger than
/// `Attachment.maximumSize` is left out here, with a line saying so, whichever plugin or job attached it.
struct ReplyRouter: Sendable {
    private let channels: [Platform: any Channel]
    /// The outbox senders' wake signals, by platform: the platforms whose messages are queued.
    private let wakes: [Platform: WakeSignal]
    private let store: any Store
    private let logger: Logger
    private let secrets: @Sendable () -> ConfigSecrets
    /// The messages for a chat (its team's language, else the workshop's).
    private let texts: @Sendable (ChatRef) -> Texts

    init(
        channels: [any Channel], senders: [OutboxSender], store: any Store, logger: Logger,
        secrets: @escaping @Sendable () -> ConfigSecrets,
        texts: @escaping @Sendable (ChatRef) -> Texts = { _ in RuntimeMessages.englishTexts }
    ) {
        self.texts = texts
        self.channels = Dictionary(channels.map { ($0.platform, $0) }, uniquingKeysWith: { first, _ in first })
        self.wakes = Dictionary(
            senders.map { ($0.channel.platform, $0.wakeSignal) }, uniquingKeysWith: { first, _ in first })
        self.store = store
        self.logger = logger
        self.secrets = secrets
    }

    /// The message as it may leave: its idempotency key set, secrets hidden and a file too large refused.
    func prepared(_ message: OutgoingMessage, key: String?) -> OutgoingMessage {
        var keyed = message
        keyed.idempotencyKey = key
        if let file = keyed.reply.attachment, file.isTooLarge {
            logger.error(
                "attachment too large; sent without it",
                metadata: ["chat": "\(keyed.chat)", "bytes": "\(file.data.count)", "file": "\(file.fileName)"])
            keyed.reply.attachment = nil
            keyed.reply.lines.append(Self.tooLarge(file, texts(keyed.chat)))
        }
        let hidden = secrets()
        if !hidden.isEmpty, keyed.reply.containsText(where: hidden.mayOccur) {
            keyed.reply = keyed.reply.mapText(hidden.redact)
        }
        return keyed
    }

    /// The line that takes the place of a file too large to send.
    static func tooLarge(_ file: Attachment, _ texts: Texts) -> RichText {
        texts(
            "runtime.file-too-large",
            [
                "file": .text(file.fileName), "size": .text(Attachment.describeSize(file.data.count)),
                "limit": .text(Attachment.describeSize(Attachment.maximumSize)),
            ])
    }

    /// A progress message, straight to its channel and best effort: it cannot wait for the handler's
    /// transaction, and the answer that replaces it goes through the outbox anyway. Its idempotency key is
    /// derived from the handling's, so a platform that deduplicates sends shows it once.
    var progress: Dispatcher.ShowProgress {
        { message in
            let key = message.showsProgress.map { "\($0)#progress" }
            await sendDirectly(prepared(message, key: key))
        }
    }

    /// Queues in `tx` the messages whose channel has an outbox, and returns the others (prepared), which the
    /// caller sends with `release` once `tx` has committed.
    func queue(_ messages: [(OutgoingMessage, key: String?)], in tx: any StoreTransaction, at time: Date) throws
        -> [OutgoingMessage]
    {
        var direct: [OutgoingMessage] = []
        for (message, key) in messages {
            let ready = prepared(message, key: key)
            if wakes[ready.chat.platform] != nil {
                try tx.enqueueOutgoing(ready, key: key, at: time)
            } else {
                direct.append(ready)
            }
        }
        return direct
    }

    /// After the transaction that queued `platforms`' messages committed: wakes their senders, and sends the
    /// `direct` messages (from `queue`) to their channels.
    func release(queuedFor platforms: Set<Platform>, direct: [OutgoingMessage]) async {
        for platform in platforms { wakes[platform]?.ring() }
        for message in direct { await sendDirectly(message) }
    }

    /// One message in its own transaction, for the dispatcher: true when it was sent or durably queued (or can
    /// never be sent), false when queueing failed and the message it answers should be handled again.
    var send: Dispatcher.Send {
        { message, key in
            let ready = prepared(message, key: key)
            guard channels[ready.chat.platform] != nil else {
                logger.error("no channel for chat", metadata: ["chat": "\(ready.chat)"])
                return true  // nothing could ever send it: handling it again would not help
            }
            guard let wake = wakes[ready.chat.platform] else {
                await sendDirectly(ready)
                return true
            }
            do {
                try await store.transaction { try $0.enqueueOutgoing(ready, key: key, at: Date()) }
                wake.ring()
                return true
            } catch {
                logger.error(
                    "reply not queued; the message will be handled again",
                    metadata: ["chat": "\(ready.chat)", "error": "\(error)"])
                return false
            }
        }
    }

    /// Sends a prepared message straight to its channel, logging a failure.
    private func sendDirectly(_ message: OutgoingMessage) async {
        guard let channel = channels[message.chat.platform] else {
            logger.error("no channel for chat", metadata: ["chat": "\(message.chat)"])
            return
        }
        do {
            try await channel.send(message)
        } catch {
            logger.error("send failed", metadata: ["chat": "\(message.chat)", "error": "\(error)"])
        }
    }
}
