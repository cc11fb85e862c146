/// A source of facilitators beyond the roster, such as a platform's chat administrators. Channels provide
/// them; the runtime's role resolver asks them, so roles are still decided in one place.
public protocol RoleSource: Sendable {
    /// The role this source grants `user` in `chat`, with a short name of the source, or nil.
    func role(of user: UserRef, in chat: ChatRef) async -> (role: Role, source: String)?
}
