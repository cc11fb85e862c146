import BotCore
import BotRuntime

/// `roster.yaml`: the teams, the facilitators and, optionally, participants with their team.
public struct RosterConfiguration: Decodable, Sendable {
    public struct TeamEntry: Decodable, Sendable {
        public var id: String
        public var name: String
        public var timeZone: String?
        public var chats: [ChatRef]?
        /// The team's language: its members' default and its chats' posts. Read as written and checked when the
        /// roster is built, so one mistyped code is one issue, not a roster lost (and every team unknown).
        public var language: String?
        /// For members whose app is set to a language with no catalogue, the one they read (`kk: ru`).
        public var appLanguages: [String: String]?
    }

    public var teams: [TeamEntry]?
    public var facilitators: [UserRef]?
    /// Identity (`console:bounmy`) to team id.
    public var participants: [String: String]?
    /// The workshop's zone, for readers with no zone of their own and no team zone.
    public var timeZone: String?
}
