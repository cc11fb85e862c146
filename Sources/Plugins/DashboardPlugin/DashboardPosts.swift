import BotCore
import Foundation

/// `/dashboard/posts`, for facilitators: what the bot will post in the next seven days, each with a button that
/// mutes it, and the posts muted here with a button that puts them back. Muting is `/upcoming mute`'s (the post
/// is skipped for good; of a recurring reminder, this time only), and every change is a POST with the
/// session's CSRF token, answered with a redirect back to the page.
enum DashboardPosts {
    static let id = "posts"
    static let horizon: TimeInterval = 7 * 86_400
    /// Posts muted from the dashboard, by job id: what the page lists under "Muted here".
    static let mutedHere = "muted-posts"

    struct MutedPost: Codable, Sendable {
        var what: String
        var dueAt: Date
        var where_: String
    }

    /// The page's content.
    static func content(_ viewer: DashboardViewer, csrf: String, _ context: WebPageContext) async throws -> String {
        let texts = viewer.texts
        let now = context.plugin.clock.now()
        let posts = try await context.schedule.upcoming(until: now + horizon, texts: texts)
        let muted = try await context.plugin.storage.transaction { tx in
            try tx.all(MutedPost.self, mutedHere)
        }.filter { $0.value.dueAt > now }
        return DashboardPages.render(
            [
                "intro": texts("dashboard.posts.intro").plainText, "csrf": csrf,
                "whenLabel": texts("dashboard.posts.when").plainText,
                "whatLabel": texts("dashboard.posts.what").plainText,
                "whereLabel": texts("dashboard.posts.where").plainText,
                "hasPosts": !posts.isEmpty, "none": texts("dashboard.posts.none").plainText,
                "posts": posts.map { post -> [String: Any] in
                    [
                        "id": String(post.id), "when": viewer.time(post.dueAt), "what": post.description.plainText,
                        "where": places(post.targets, context.plugin.roster, texts),
                        "label": texts("dashboard.posts.mute").plainText,
                    ]
                },
                "hasMuted": !muted.isEmpty, "mutedTitle": texts("dashboard.posts.muted").plainText,
                "muted": muted.map { id, post -> [String: Any] in
                    [
                        "id": id, "when": viewer.time(post.dueAt), "what": post.what, "where": post.where_,
                        "label": texts("dashboard.posts.unmute").plainText,
                    ]
                },
            ], "posts", root: DashboardSite.root(context))
    }

    /// `POST /dashboard/posts/mute` or `/unmute` with the job's `id`; the caller has checked the CSRF token.
    static func change(
        _ action: String, _ request: WebRequest, _ viewer: DashboardViewer, name: String, _ context: WebPageContext
    ) async throws -> WebResponse? {
        guard let text = request.form["id"], let id = Int64(text) else { return nil }
        let texts = viewer.texts
        let storage = context.plugin.storage
        switch action {
        case "mute":
            let reason = "muted by \(name) (\(viewer.user)) on the dashboard"
            if let post = try await context.schedule.mute(id, reason: reason, texts: texts) {
                let kept = MutedPost(
                    what: post.description.plainText, dueAt: post.dueAt,
                    where_: places(post.targets, context.plugin.roster, texts))
                try await storage.transaction { tx in try tx.put(kept, mutedHere, String(id)) }
                context.plugin.logger.notice(
                    "scheduled post muted",
                    metadata: ["job": "\(id)", "owner": "\(post.owner)", "by": "\(viewer.user)"])
            }
        case "unmute":
            if try await context.schedule.unmute(id, texts: texts) != nil {
                context.plugin.logger.notice(
                    "scheduled post unmuted", metadata: ["job": "\(id)", "by": "\(viewer.user)"])
            }
            try await storage.transaction { tx in try tx.delete(mutedHere, String(id)) }
        default:
            return nil
        }
        return .redirect(to: DashboardSite.root(context) + "/posts")
    }

    /// Where a post goes, as people name the places: a team's chat by the team's name.
    static func places(_ targets: [ChatRef]?, _ roster: Roster, _ texts: Texts) -> String {
        guard let targets else { return "–" }
        guard !targets.isEmpty else { return texts("dashboard.posts.nowhere").plainText }
        return targets.map { roster.team(of: $0)?.name ?? $0.description }.joined(separator: ", ")
    }

    static let template = """
        <p>{{intro}}</p>
        {{#hasPosts}}<div class="scroll"><table><thead><tr><th></th><th scope="col">{{whenLabel}}</th><th scope="col">{{whatLabel}}</th><th scope="col">{{whereLabel}}</th></tr></thead><tbody>
        {{#posts}}<tr><td><form method="post" action="{{root}}/posts/mute"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button type="submit">{{label}}</button></form></td><td>{{when}}</td><td>{{what}}</td><td>{{where}}</td></tr>
        {{/posts}}</tbody></table></div>{{/hasPosts}}
        {{^hasPosts}}<p>{{none}}</p>{{/hasPosts}}
        {{#hasMuted}}<h2>{{mutedTitle}}</h2><div class="scroll"><table><thead><tr><th></th><th scope="col">{{whenLabel}}</th><th scope="col">{{whatLabel}}</th><th scope="col">{{whereLabel}}</th></tr></thead><tbody>
        {{#muted}}<tr><td><form method="post" action="{{root}}/posts/unmute"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button type="submit">{{label}}</button></form></td><td>{{when}}</td><td>{{what}}</td><td>{{where}}</td></tr>
        {{/muted}}</tbody></table></div>{{/hasMuted}}
        """
}
