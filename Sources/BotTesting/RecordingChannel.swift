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

    /// - Parameter onSend: called after each send is recorded (benchmarks count completions with it).
    public init(platform: Platform = "test", onSend: (@Sendable (OutgoingMessage) async -> Void)? = nil) {
        self.platform = platform
        (input, feed) = AsyncStream.makeStream(of: IncomingMessage.self)
        sendHook = onSend
    }

    /// Queues a message as if the platform had delivered it.
    public func push(_ message: IncomingMessage) { feed.yield(message) }

    /// Ends the input; `receive` returns once queued messages are delivered.
    public func finish() { feed.finish() }

    public func receive(_ deliver: @escaping @Sendable (IncomingMessage) async -> Void) async throws {
        for await message in input { await deliver(message) }
    }

    public func send(_ message: OutgoingMessage) async throws {
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
        at time: Date = Date(timeIntervalSince1970: 1_636_358_400), botUsername: String? = "workshop_bot"
    ) -> IncomingMessage {
        IncomingMessage(
            chat: ChatRef(platform: platform, id: chat), sender: UserRef(platform: platform, id: user),
            senderName: user, text: text, time: time, messageID: id ?? UUID().uuidString, botUsername: botUsername)
    }
}
