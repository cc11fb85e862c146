/// A chat platform reached by polling (a long poll for updates, a sync API), reduced to what only the
/// platform knows: how to start, how to fetch the next batch after a cursor, what to do with the items that
/// are not messages, and how to send one message.
///
/// The runtime's `PollDriver` owns everything around that, once for every platform: the loop, the one
/// back-off rule (`ChannelError.retryDelay`), the idle pause, waiting for every receipt of a batch before its
/// cursor is committed to the store, poll health and the poll-error metric. An adapter therefore keeps no
/// loop and commits no cursor; it may read and write its own channel state in the store (a reaction's button, say).
/// The driver is the `Channel` the runtime runs; the console, whose input is a stream with nothing to confirm,
/// implements `Channel` directly.
public protocol PlatformAdapter: Sendable {
    /// What the adapter handles itself once a batch's messages are delivered (a membership change, a press
    /// that carries no command, an invitation to answer).
    associatedtype Item: Sendable

    /// The platform whose chats this adapter serves.
    var platform: Platform { get }

    /// The store cursors and the poll time-out the driver works with.
    var polling: PollingProfile { get }

    /// The one-time start-up calls (`getMe`, `deleteWebhook`, `whoami`). Throws `ChannelError`: the driver
    /// retries by the back-off rule, and stops on `.unauthorized`.
    func prepare() async throws

    /// Fetches the next batch after `cursor` (nil: the first poll ever). Throws `ChannelError` for a failed
    /// poll, or anything else when the batch could not be read whole: the driver then polls again after the
    /// same cursor, by the back-off rule, so nothing is skipped.
    func poll(after cursor: String?) async throws -> PolledBatch<Item>

    /// Handles one item of a batch, after the batch's messages were delivered and before their receipts are
    /// awaited. Failures are the adapter's to log: an item never holds the batch up.
    func handle(_ item: Item) async

    /// Sends one message; throws `ChannelError`.
    func send(_ message: OutgoingMessage) async throws
}

/// What the poll driver needs to know about a platform's polls.
public struct PollingProfile: Sendable, Hashable {
    /// The store cursor holding where the next poll starts (an update offset, a sync token).
    public var cursor: String
    /// The store cursor holding when a poll last succeeded (ISO 8601), for `workshop-bot status`.
    public var lastPoll: String
    /// How long the platform may hold one poll open, in seconds: the channel is ready while a poll succeeded
    /// within twice this plus 5 s.
    public var pollTimeout: Int
    /// What one poll is called in log lines and readiness problems (`poll`, `sync`).
    public var pollName: String

    public init(cursor: String, lastPoll: String, pollTimeout: Int, pollName: String) {
        self.cursor = cursor
        self.lastPoll = lastPoll
        self.pollTimeout = pollTimeout
        self.pollName = pollName
    }
}

/// One answer of a platform's poll, read whole: the messages for the dispatcher, in arrival order per chat;
/// the items the adapter handles itself; what was skipped, with why; and the cursor to commit once every
/// message is handled.
public struct PolledBatch<Item: Sendable>: Sendable {
    /// Something of the answer that could not be read (too deep, the wrong shape, a number that does not fit):
    /// skipped alone, and logged by the driver. Never the text of a message.
    public struct Skipped: Sendable, Hashable {
        /// Which part of the answer (`update 5002`, `event in !room:example.org`).
        public var what: String
        /// Why it was skipped.
        public var reason: String

        public init(what: String, reason: String) {
            self.what = what
            self.reason = reason
        }
    }

    public var messages: [IncomingMessage]
    public var items: [Item]
    public var skipped: [Skipped]
    /// Where the next poll starts once every message of this batch is handled, committed to the store then;
    /// the same cursor as the poll's when nothing new came. nil when nothing of the batch can be confirmed:
    /// the driver then polls again after the old cursor, backing off as for a stall.
    public var cursor: String?

    public init(messages: [IncomingMessage] = [], items: [Item] = [], skipped: [Skipped] = [], cursor: String?) {
        self.messages = messages
        self.items = items
        self.skipped = skipped
        self.cursor = cursor
    }
}
