/// A source of roles beyond the roster, such as a platform's chat administrators or a room's power
/// levels. Channels provide them; the runtime's role resolver asks them, so roles are still decided in one
/// place.
///
/// Whatever a source grants is a role in that chat only: the resolver counts it as `.chatFacilitator` at most,
/// and only in the workshop's own chats, so whoever creates a group or room of their own and adds the bot is
/// not a facilitator of the workshop.
public protocol RoleSource: Sendable {
    /// The role this source grants `user` in `chat`, with a short name of where it comes from (`group
    /// administrator`), or nil.
    func role(of user: UserRef, in chat: ChatRef) async -> (role: Role, source: RoleOrigin)?

    /// Whether the operator configured `chat` for this source's platform (its channel's list of
    /// allowed chats or rooms in bot.yaml), which makes it one of the workshop's own chats. Default: no chat.
    func isConfiguredChat(_ chat: ChatRef) async -> Bool
}

extension RoleSource {
    public func isConfiguredChat(_ chat: ChatRef) async -> Bool { false }
}
