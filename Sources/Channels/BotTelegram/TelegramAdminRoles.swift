import BotCore
import Foundation
import Logging
import Synchronization

/// Makes the administrators of a Telegram group facilitators of that group, when `bot.yaml` asks for it. The
/// role resolver counts this only in the workshop's own chats (`telegram.allowed_chats`, the roster's chats...)
/// and only for that chat. The list comes from `getChatAdministrators` and is cached per chat for `ttl`; a
/// failed look-up grants nothing (the roster still applies) and is retried after a short pause. A group's
/// anonymous admin (posting as the group) is one of its administrators without a look-up.
public final class TelegramAdminRoles: RoleSource {
    private let api: TelegramAPI
    private let ttl: Duration
    private let logger: Logger
    private let allowedChats: Set<String>
    private let cache = Mutex<[String: (admins: Set<Int64>, until: ContinuousClock.Instant)]>([:])

    public init(channel: TelegramChannel, ttl: Duration = .seconds(600)) {
        api = channel.api
        logger = channel.logger
        allowedChats = channel.configuration.allowedChats ?? []
        self.ttl = ttl
    }

    public func role(of user: UserRef, in chat: ChatRef) async -> (role: Role, source: RoleOrigin)? {
        guard user.platform == "telegram", chat.platform == "telegram", chat.id.hasPrefix("-") else { return nil }
        // Only an administrator of the group can post anonymously as the group.
        if user == TelegramChannel.anonymousAdmin(of: chat.id) {
            return (
                .chatFacilitator,
                RoleOrigin(
                    key: "role-source.group-admin-anonymous", values: ["platform": "Telegram"],
                    english: "Telegram group administrator, posting anonymously")
            )
        }
        guard let userID = Int64(user.id), let chatID = Int64(chat.id) else { return nil }
        let now = ContinuousClock.now
        var admins = cache.withLock { cache in cache[chat.id].flatMap { $0.until > now ? $0.admins : nil } }
        if admins == nil {
            do {
                let members = try await api.call(
                    "getChatAdministrators", ChatIDRequest(chatId: chatID), as: [TelegramChatMember].self)
                admins = Set(members.map(\.user.id))
                cache.withLock { $0[chat.id] = (admins ?? [], now + ttl) }
            } catch {
                logger.warning(
                    "could not read the chat's administrators", metadata: ["chat": "\(chat)", "error": "\(error)"])
                cache.withLock { $0[chat.id] = ([], now + .seconds(30)) }
                return nil
            }
        }
        return admins?.contains(userID) == true
            ? (
                .chatFacilitator,
                RoleOrigin(
                    key: "role-source.group-admin", values: ["platform": "Telegram"],
                    english: "Telegram group administrator")
            )
            : nil
    }

    /// The chats of `telegram.allowed_chats`.
    public func isConfiguredChat(_ chat: ChatRef) async -> Bool {
        chat.platform == "telegram" && allowedChats.contains(chat.id)
    }
}

struct ChatIDRequest: Encodable {
    var chatId: Int64

    enum CodingKeys: String, CodingKey { case chatId = "chat_id" }
}
