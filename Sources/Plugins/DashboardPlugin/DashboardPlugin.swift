import BotCore
import Foundation

/// The dashboard in the browser: `/dashboard` sends a one-time sign-in link in the caller's direct chat, and the
/// pages at `<public_url>/dashboard` show every plugin's part (`ContributesDashboard`) to a signed-in facilitator
/// (the whole workshop) or team member (their team's view). Off unless `web:` is set in bot.yaml.
///
/// Sign-in needs no password: opening the link shows a button, and pressing it (a POST, so a chat app's link
/// preview cannot use the link up) opens a session of 12 hours, kept in an HttpOnly, SameSite=Strict cookie that
/// is Secure when `public_url` is https. Every change is a POST carrying the session's CSRF token.
public struct DashboardPlugin: Plugin, ShipsMessages, ServesWebPages {
    public static let name = "dashboard"
    public static let summary = "Sends your sign-in link to the workshop's dashboard in the browser"
    public static var messages: [MessageTable] { DashboardMessages.tables }

    /// The session cookie's name.
    static let cookie = "workshop_bot_session"
    /// The sign-in page's confirmation cookie, which its form must repeat.
    static let confirmCookie = "workshop_bot_signin"

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command(
                "dashboard", usage: "dashboard [logout] | dashboard end <platform:id>|everyone",
                summary: "Get a sign-in link to the dashboard in the browser",
                help:
                    "Sends you, in your direct chat with the bot, a link that signs you in to the workshop's dashboard "
                    + "(it works once, within 15 minutes). /dashboard logout signs you out on every device. "
                    + "Facilitators: /dashboard end <platform:id> signs that person out everywhere (someone who left "
                    + "a team), /dashboard end everyone signs everybody out.",
                subcommandRoles: ["end": .facilitator]
            ) { invocation, context in
                let arguments = invocation.arguments
                switch arguments.first?.lowercased() {
                case nil: return try await linkReply(invocation, context)
                case "logout" where arguments.count == 1: return try await logoutReply(context)
                case "end" where arguments.count == 2: return try await endReply(arguments[1], context)
                default: throw CommandError.usage()
                }
            }
        ]
    }

    public var jobHandlers: [JobHandler] {
        [
            JobHandler("dashboard-link", describe: { _, texts in texts("dashboard.job.link") }) { job, _ in
                guard let chat = job.chat else { return [] }
                return [OutgoingMessage(chat: chat, reply: try job.decodePayload(Reply.self))]
            }
        ]
    }

    /// `/dashboard`: a new sign-in link, in the caller's direct chat (the console counts as one).
    func linkReply(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let texts = context.texts
        guard let address = context.webAddress else { throw CommandError.rejected(texts("dashboard.off")) }
        let user = context.caller.user
        guard DashboardAccess.scope(of: user, chat: context.chat, roster: context.roster) != nil else {
            throw CommandError.rejected(texts("dashboard.not-for-you"))
        }
        let direct =
            invocation.message.isDirect ? context.chat : await context.directChats.chat(of: context.caller.user)
        guard let direct else { throw CommandError.rejected(texts("dashboard.write-first")) }
        let now = context.now
        let key = "dashboard-link/\(invocation.message.deliveryKey)"
        let sameChat = direct == context.chat
        let outcome = try await context.storage.transaction { tx -> (link: Reply?, nextAt: Date) in
            switch try DashboardAccess.newLink(
                for: user, name: context.caller.displayName, chat: context.chat, now: now, tx)
            {
            case .tooMany(let next): return (nil, next)
            case .link(let token):
                let link = Reply(lines: [
                    texts("dashboard.link.intro"), RichText(address.link("dashboard/signin/\(token)")),
                    texts("dashboard.link.keep"),
                ])
                if !sameChat { try tx.schedule("dashboard-link", at: now, key: key, chat: direct, payload: link) }
                return (link, now)
            }
        }
        guard let link = outcome.link else {
            let minutes = max(1, Int((outcome.nextAt.timeIntervalSince(now) / 60).rounded(.up)))
            throw CommandError.rejected(texts("dashboard.too-many", ["count": .number(minutes)]))
        }
        return sameChat ? link : Reply(texts("dashboard.link.sent"))
    }

    /// `/dashboard logout`: every session of the caller ends.
    func logoutReply(_ context: CommandContext) async throws -> Reply {
        let user = context.caller.user
        let ended = try await context.storage.transaction { tx in try DashboardAccess.endAll(of: user, tx) }
        return Reply(context.texts("dashboard.logged-out", ["count": .number(ended)]))
    }

    /// `/dashboard end <platform:id>|everyone`: a roster facilitator (the runtime checks the subcommand's role:
    /// a group's administrator is not one) ends someone's sessions, or everyone's, for a person who left a team:
    /// the bot does not see anyone leave a group.
    func endReply(_ whom: String, _ context: CommandContext) async throws -> Reply {
        let texts = context.texts
        if whom.lowercased() == "everyone" {
            let ended = try await context.storage.transaction { tx in try DashboardAccess.endEveryone(tx) }
            return Reply(texts("dashboard.ended-everyone", ["count": .number(ended)]))
        }
        guard let user = UserRef(parsing: whom) else { throw CommandError.usage() }
        let ended = try await context.storage.transaction { tx in try DashboardAccess.endAll(of: user, tx) }
        return Reply(texts("dashboard.ended", ["count": .number(ended), "user": .text(user.description)]))
    }

    public var webRoutes: [WebRoute] {
        [WebRoute(path: "dashboard") { request, context in try await DashboardSite.answer(request, context) }]
    }
}

extension DashboardPlugin: SchedulesJobs {}
