import BotCore
import Foundation

/// Sign-in links and sessions, kept in the dashboard's storage. A link works once, for 15 minutes; a session lasts
/// 12 hours or until `/dashboard logout`. Who a session shows what to is decided here and only here
/// (`scope(of:chat:roster:)`), at every request, from roster.yaml as it is then: a facilitator removed from the
/// roster sees no facilitator page from the next request on, and a person the roster does not list sees the team
/// of the chat they asked in only while the roster still gives that chat to that team. Leaving a group on the
/// platform is not seen by the bot: `/dashboard end <person>` (facilitators) ends that person's sessions at once.
enum DashboardAccess {
    static let linkLifetime: TimeInterval = 15 * 60
    static let sessionLifetime: TimeInterval = 12 * 3600
    /// The most sign-in links one person gets in `linkWindow`: enough for a few devices, too few to flood a chat.
    static let linksPerWindow = 5
    static let linkWindow: TimeInterval = 3600

    /// Collections of the dashboard's storage.
    static let links = "signin-links"
    static let sessions = "sessions"
    /// `<user>/<session token>`: a person's sessions, for `/dashboard logout`.
    static let sessionsByUser = "sessions-by-user"
    /// A person's recent link times, for the rate limit.
    static let linkTimes = "signin-times"

    /// A sign-in link handed out: for whom, the chat they asked in (whose team counts for someone the roster does
    /// not list), and until when it works.
    struct Link: Codable, Sendable {
        var user: String
        /// Their name as the platform showed it when they asked.
        var name: String
        var chat: ChatRef?
        var expires: Date
    }

    /// A signed-in browser: whose it is, and the token its forms carry against cross-site requests.
    struct Session: Codable, Sendable {
        var user: String
        var name: String
        /// The chat the sign-in link was asked for in.
        var chat: ChatRef?
        var expires: Date
        var csrf: String
    }

    /// What a person may see: a roster facilitator everything, a team's member their team's view; nil for
    /// anyone else. Roles a platform grants (a group's administrators) count only in their chat, so never here.
    /// The team is the chat's rule (`Roster.team(of:in:)`): the one the roster lists the person in, else the one
    /// the roster gives the chat they asked in, as the roster is now.
    static func scope(of user: UserRef, chat: ChatRef?, roster: Roster) -> DashboardViewer.Scope? {
        if roster.facilitators.contains(user) { return .facilitator }
        if let team = roster.team(of: user, in: chat) { return .team(team) }
        return nil
    }

    /// A new link for `user`, or nil when they already had `linksPerWindow` in the last hour (with the time the
    /// next one can be had). Expired links of everyone are dropped on the way.
    static func newLink(for user: UserRef, name: String, chat: ChatRef?, now: Date, _ tx: PluginTransaction) throws
        -> NewLink
    {
        var times = try tx.get([Date].self, linkTimes, user.description) ?? []
        times = times.filter { now.timeIntervalSince($0) < linkWindow }
        if times.count >= linksPerWindow, let oldest = times.min() {
            return .tooMany(nextAt: oldest.addingTimeInterval(linkWindow))
        }
        for (key, link) in try tx.all(Link.self, links) where link.expires <= now { try tx.delete(links, key) }
        let token = SecretToken.make()
        try tx.put(Link(user: user.description, name: name, chat: chat, expires: now + linkLifetime), links, token)
        try tx.put(times + [now], linkTimes, user.description)
        return .link(token)
    }

    /// What asking for a link gave.
    enum NewLink {
        case link(String)
        /// Too many links lately; the next can be had at `nextAt`.
        case tooMany(nextAt: Date)
    }

    /// The link `token` if it is still good, without using it up (the page that asks to confirm the sign-in).
    static func link(_ token: String, now: Date, _ tx: PluginTransaction) throws -> Link? {
        guard SecretToken.isToken(token), let link = try tx.get(Link.self, links, token), link.expires > now else {
            return nil
        }
        return link
    }

    /// Uses up the link `token` and opens a session for its person: the session's token, or nil when the link
    /// is unknown, used or expired. Both happen in the caller's one transaction, so a link opens one session.
    static func signIn(with token: String, now: Date, _ tx: PluginTransaction) throws -> String? {
        guard let link = try link(token, now: now, tx) else { return nil }
        try tx.delete(links, token)
        for (key, session) in try tx.all(Session.self, sessions) where session.expires <= now {
            try tx.delete(sessions, key)
            try tx.delete(sessionsByUser, "\(session.user)/\(key)")
        }
        let session = SecretToken.make()
        try tx.put(
            Session(
                user: link.user, name: link.name, chat: link.chat, expires: now + sessionLifetime,
                csrf: SecretToken.make()),
            sessions, session)
        try tx.put(now, sessionsByUser, "\(link.user)/\(session)")
        return session
    }

    /// The session of cookie value `token`, when it is one and has not expired.
    static func session(_ token: String?, now: Date, _ tx: PluginTransaction) throws -> Session? {
        guard let token, SecretToken.isToken(token), let session = try tx.get(Session.self, sessions, token),
            session.expires > now
        else { return nil }
        return session
    }

    /// Ends the session `token`.
    static func end(_ token: String, _ tx: PluginTransaction) throws {
        guard let session = try tx.get(Session.self, sessions, token) else { return }
        try tx.delete(sessions, token)
        try tx.delete(sessionsByUser, "\(session.user)/\(token)")
    }

    /// Ends every session of `user`, and their unused links; how many sessions there were.
    static func endAll(of user: UserRef, _ tx: PluginTransaction) throws -> Int {
        let prefix = user.description + "/"
        let owned = try tx.all(Date.self, sessionsByUser, prefix: prefix)
        for (key, _) in owned {
            try tx.delete(sessions, String(key.dropFirst(prefix.count)))
            try tx.delete(sessionsByUser, key)
        }
        for (key, link) in try tx.all(Link.self, links) where link.user == user.description {
            try tx.delete(links, key)
        }
        return owned.count
    }

    /// Ends every session and unused link of everyone; how many sessions there were.
    static func endEveryone(_ tx: PluginTransaction) throws -> Int {
        let all = try tx.all(Session.self, sessions)
        for (key, session) in all {
            try tx.delete(sessions, key)
            try tx.delete(sessionsByUser, "\(session.user)/\(key)")
        }
        for (key, _) in try tx.all(Link.self, links) { try tx.delete(links, key) }
        return all.count
    }

    /// Whether two secrets are equal, in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
