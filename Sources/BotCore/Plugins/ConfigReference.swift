import Foundation

/// A name one configuration file uses that another file defines: a team of `roster.yaml`, a session of the
/// agenda. The configuration loader checks each against the files that define them (unknown names are errors,
/// with the closest known name) and warns when a plugin would post to a team that has no chats.
public struct ConfigReference: Sendable, Hashable {
    /// What kind of name it is, and so which file defines it.
    public enum Kind: String, Sendable, Hashable {
        /// A team id of `roster.yaml`.
        case team
        /// A session id of the agenda.
        case session
    }

    /// The name `everyTeam` stands for all of the roster's teams (a deadline with no `teams`).
    public static let everyTeam = "*"

    public var kind: Kind
    /// The name as written, or `everyTeam`.
    public var name: String
    /// Where it is written in the plugin's file (`["deadlines", "0", "teams", "1"]`), for the line.
    public var path: [String]
    /// Whether the plugin posts to that team's chats because of it (deadline reminders, team sessions'
    /// announcements): a team without chats then never sees those posts.
    public var postsToTeam: Bool

    public init(_ kind: Kind, _ name: String, at path: [String], postsToTeam: Bool = false) {
        self.kind = kind
        self.name = name
        self.path = path
        self.postsToTeam = postsToTeam
    }
}
