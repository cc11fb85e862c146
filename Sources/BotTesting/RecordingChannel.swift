import BotCore
import Foundation
import Synchronization

/// A channel for tests and benchmarks: messages are pushed in by the test, sent messages are recorded.
/// It is a real `Channel`, so the runtime under test is the one that runs in production.
public final class RecordingChannel: Channel {
    public let platform: Platform
    private let input: AsyncStream<IncomingMessage>
    private let feed: AsyncStream<IncomingMessage>.Continuation
    private let sentMessages = Mutex<[OutgoingMessage]>([])
    private let sendHook: (@Sendable (OutgoingMessage) async -> Void)?
    private let injectedFailures = Mutex<[ChannelError]>([])
    private let receipts = Mutex<[DeliveryReceipt]>([])
    public let usesOutbox: Bool

    /// - Parameters:
    ///   - usesOutbox: whether replies go through the store's outbox, as a platform channel's do.
    ///   - onSend: called after each send is recorded (benchmarks count completions with it).
    public init(
        platform: Platform = "test", usesOutbox: Bool = false,
        onSend: (@Sendable (OutgoingMessage) async -> Void)? = nil
    ) {
        self.platform = platform
        self.usesOutbox = usesOutbox
        (input, feed) = AsyncStream.makeStream(of: IncomingMessage.self)
        sendHook = onSend
    }

    /// Makes the next sends fail with these errors, one each, before sends succeed again.
    public func failNextSends(_ errors: [ChannelError]) { injectedFailures.withLock { $0.append(contentsOf: errors) } }

    /// The receipts of the messages delivered so far, in order.
    public var deliveryReceipts: [DeliveryReceipt] { receipts.withLock { $0 } }

    /// Queues a message as if the platform had delivered it.
    public func push(_ message: IncomingMessage) { feed.yield(message) }

    /// Ends the input; `receive` returns once queued messages are delivered.
    public func finish() { feed.finish() }

    public func receive(_ deliver: @escaping @Sendable (IncomingMessage) async -> DeliveryReceipt) async throws {
        for await message in input {
            let receipt = await deliver(message)
            receipts.withLock { $0.append(receipt) }
        }
    }

    public func send(_ message: OutgoingMessage) async throws {
        let failure = injectedFailures.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if let failure { throw failure }
        sentMessages.withLock { $0.append(message) }
        await sendHook?(message)
    }

    /// Everything sent so far, in order.
    public var sent: [OutgoingMessage] { sentMessages.withLock { $0 } }

    /// The plain text of everything sent to `chat`.
    public func texts(in chat: ChatRef? = nil) -> [String] {
        sent.filter { chat == nil || $0.chat == chat }.map(\.reply.plainText)
    }

    /// A message from `user` in `chat` of this channel's platform.
    public func message(
        _ text: String, from user: String = "alice", in chat: String = "room", id: String? = nil,
        at time: Date = Date(timeIntervalSince1970: 1_636_358_400), botUsername: String? = "workshop_bot",
        isDirect: Bool = false
    ) -> IncomingMessage {
        IncomingMessage(
            chat: ChatRef(platform: platform, id: chat), sender: UserRef(platform: platform, id: user),
            senderName: user, text: text, time: time, messageID: id ?? UUID().uuidString, botUsername: botUsername,
            isDirect: isDirect)
    }
}
