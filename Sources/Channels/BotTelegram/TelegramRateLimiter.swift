import BotCore
import Foundation

/// Keeps sends within Telegram's documented limits: about one message per second per chat (short bursts
/// allowed), 20 per minute per group, 30 per second in all. `reserve` books the next free slot and says how
/// long to wait for it, so concurrent senders queue up fairly instead of all hitting HTTP 429.
actor TelegramRateLimiter {
    /// A token bucket: `capacity` sends at once, refilled at `perSecond`.
    struct Bucket {
        var capacity: Double
        var perSecond: Double
        var tokens: Double
        var updated: ContinuousClock.Instant

        init(capacity: Double, perSecond: Double, now: ContinuousClock.Instant) {
            self.capacity = capacity
            self.perSecond = perSecond
            self.tokens = capacity
            self.updated = now
        }

        /// Takes one token (possibly going into debt) and returns how long until it is really available.
        mutating func take(at now: ContinuousClock.Instant) -> Duration {
            let elapsed = now - updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(capacity, tokens + seconds * perSecond)
            updated = now
            tokens -= 1
            return tokens >= 0 ? .zero : .milliseconds(Int64((-tokens / perSecond) * 1000))
        }
    }

    private var global: Bucket
    private var chats: [ChatRef: Bucket] = [:]
    private var groups: [ChatRef: Bucket] = [:]

    init() { global = Bucket(capacity: 30, perSecond: 30, now: .now) }

    /// Reserves a send to `chat`; the caller waits the returned time before sending.
    func reserve(_ chat: ChatRef) -> Duration {
        let now = ContinuousClock.now
        var wait = global.take(at: now)
        var perChat = chats[chat] ?? Bucket(capacity: 3, perSecond: 1, now: now)
        wait = max(wait, perChat.take(at: now))
        chats[chat] = perChat
        if chat.id.hasPrefix("-") {
            var group = groups[chat] ?? Bucket(capacity: 20, perSecond: 20.0 / 60, now: now)
            wait = max(wait, group.take(at: now))
            groups[chat] = group
        }
        return wait
    }
}
