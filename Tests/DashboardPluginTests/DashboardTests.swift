import BotCore
import BotRuntime
import BotTesting
import BuiltinPlugins
import DeadlinesPlugin
import Foundation
import Testing
import VotingPlugin

@testable import DashboardPlugin

/// The dashboard through the runtime's web seam (`Bot.webResponse`), as the web server calls it: sign-in links,
/// sessions, what each viewer may see, CSRF, and escaping.
struct DashboardTests {
    static let facilitator = UserRef(platform: "test", id: "fac")
    static let bounmy = UserRef(platform: "test", id: "bounmy")
    static let saran = UserRef(platform: "test", id: "saran")

    let roster = Roster(
        teams: [
            Team(
                id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane",
                chats: [ChatRef(platform: "test", id: "lao-chat")]),
            Team(
                id: "mongolia", name: "Mongolia", timeZone: "Asia/Ulaanbaatar",
                chats: [ChatRef(platform: "test", id: "mongolia-chat")]),
        ],
        facilitators: [Self.facilitator],
        participants: [Self.bounmy: "lao", Self.saran: "mongolia"], timeZone: "Europe/Berlin")

    static var withWeb: BotConfiguration {
        var configuration = BotConfiguration()
        configuration.web = .init(listen: "127.0.0.1:8080", publicURL: "https://bot.example.org/")
        return configuration
    }

    func plugins() throws -> [LoadedPlugin] {
        [
            LoadedPlugin(DashboardPlugin(configuration: NoConfiguration())),
            LoadedPlugin(UpcomingPlugin(configuration: NoConfiguration())),
            LoadedPlugin(try VotingPlugin(configuration: VotingConfiguration())),
            LoadedPlugin(
                try DeadlinesPlugin(
                    configuration: .init(
                        defaultTimeZone: "Europe/Berlin",
                        deadlines: [
                            .init(id: "first-draft", title: "First draft", due: "2021-11-19 17:00"),
                            .init(id: "lao-plan", title: "Lao plan", due: "2021-11-22 12:00", teams: ["lao"]),
                            .init(
                                id: "mongolia-plan", title: "Mongolian plan", due: "2021-11-22 12:00",
                                teams: ["mongolia"]),
                        ]))),
        ]
    }

    static let signInPrefix = "https://bot.example.org/dashboard/signin/"

    /// The token of the sign-in link among `lines`.
    static func token(in lines: [String]) -> String? {
        let words = lines.joined(separator: "\n").split(whereSeparator: \.isWhitespace)
        guard let link = words.first(where: { $0.hasPrefix(signInPrefix) }) else { return nil }
        return String(link.dropFirst(signInPrefix.count))
    }

    static func request(
        _ bot: TestBot, _ method: WebRequest.Method, _ path: String, cookie: String? = nil,
        form: [String: String] = [:], cookies extra: [String: String] = [:]
    ) async throws -> WebResponse? {
        var cookies = extra
        if let cookie { cookies[DashboardPlugin.cookie] = cookie }
        return try await bot.bot.webResponse(method: method, path: path, cookies: cookies, form: form)
    }

    static func header(_ name: String, of response: WebResponse?) -> String? {
        response?.headers.first(where: { $0.name == name })?.value
    }

    static func text(_ response: WebResponse?) -> String {
        guard let response else { return "" }
        return String(decoding: response.body, as: UTF8.self)
    }

    /// Opens the sign-in link `token` and presses Sign in, as a browser does: the page's confirmation cookie and
    /// its form's field go back with the POST.
    static func confirm(_ bot: TestBot, _ token: String) async throws -> WebResponse? {
        let page = try await request(bot, .get, "/dashboard/signin/\(token)")
        let marker = "name=\"confirm\" value=\""
        let html = text(page)
        let start = try #require(html.range(of: marker), "\(html)")
        let field = String(html[start.upperBound...].prefix(32))
        let setCookie = try #require(header("Set-Cookie", of: page))
        #expect(setCookie.hasPrefix("\(DashboardPlugin.confirmCookie)=\(field);"), "\(setCookie)")
        return try await request(
            bot, .post, "/dashboard/signin/\(token)", form: ["confirm": field],
            cookies: [DashboardPlugin.confirmCookie: field])
    }

    /// Signs `user` in through a link asked for in their direct chat; the session cookie's value.
    static func signIn(_ bot: TestBot, as user: String) async throws -> String {
        let lines = await bot.say("/dashboard", from: user, in: "\(user)-direct", direct: true)
        let found = try #require(token(in: lines), "\(lines)")
        return try session(of: try await confirm(bot, found))
    }

    /// The session cookie's value that a sign-in set.
    static func session(of signedIn: WebResponse?) throws -> String {
        let cookie = try #require(header("Set-Cookie", of: signedIn))
        let value = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
        return String(try #require(value.last))
    }

    @Test func aLinkSignsInOnceWithAStrictHttpOnlySecureCookieAndAPreviewDoesNotUseItUp() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            let lines = await bot.say("/dashboard", from: "fac", in: "fac-direct", direct: true)
            let token = try #require(Self.token(in: lines), "\(lines)")
            // Opening the link (as a chat app's preview does) only asks to confirm.
            let asked = try await Self.request(bot, .get, "/dashboard/signin/\(token)")
            #expect(asked?.status == 200)
            #expect(Self.text(asked).contains("<form method=\"post\" action=\"/dashboard/signin/\(token)\">"))
            let again = try await Self.request(bot, .get, "/dashboard/signin/\(token)")
            #expect(again?.status == 200)
            // A POST without the page's confirmation (a form on another site's page) is refused and uses
            // nothing up; so is one whose cookie and field differ.
            let forged = try await Self.request(bot, .post, "/dashboard/signin/\(token)")
            #expect(forged?.status == 403)
            let mismatched = try await Self.request(
                bot, .post, "/dashboard/signin/\(token)", form: ["confirm": SecretToken.make()],
                cookies: [DashboardPlugin.confirmCookie: SecretToken.make()])
            #expect(mismatched?.status == 403)
            #expect(Self.text(mismatched).contains("Open the link from your chat again"))
            // A second tab of the page keeps the first one's confirmation, so the first tab's button still works.
            let firstTab = try await Self.request(bot, .get, "/dashboard/signin/\(token)")
            let value = try #require(Self.header("Set-Cookie", of: firstTab)?.split(separator: ";").first)
            let kept = String(value.dropFirst(DashboardPlugin.confirmCookie.count + 1))
            let secondTab = try await Self.request(
                bot, .get, "/dashboard/signin/\(token)", cookies: [DashboardPlugin.confirmCookie: kept])
            #expect(Self.text(secondTab).contains("name=\"confirm\" value=\"\(kept)\""))
            let signedIn = try await Self.request(
                bot, .post, "/dashboard/signin/\(token)", form: ["confirm": kept],
                cookies: [DashboardPlugin.confirmCookie: kept])
            #expect(signedIn?.status == 303)
            #expect(Self.header("Location", of: signedIn) == "/dashboard")
            let cookie = try #require(Self.header("Set-Cookie", of: signedIn))
            #expect(cookie.hasPrefix("workshop_bot_session="))
            for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/dashboard", "Max-Age=43200"] {
                #expect(cookie.contains(attribute), "\(cookie)")
            }
            // Used up: neither pressing again nor opening it works.
            let reused = try await Self.request(bot, .post, "/dashboard/signin/\(token)")
            #expect(reused?.status == 410)
            let reopened = try await Self.request(bot, .get, "/dashboard/signin/\(token)")
            #expect(reopened?.status == 410)
        }
    }

    @Test func aLinkExpiresAfterFifteenMinutesAndASessionAfterTwelveHours() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            let lines = await bot.say("/dashboard", from: "fac", in: "fac-direct", direct: true)
            let token = try #require(Self.token(in: lines))
            bot.clock.advance(by: 15 * 60 + 1)
            let late = try await Self.request(bot, .post, "/dashboard/signin/\(token)")
            #expect(late?.status == 410)
            #expect(Self.text(late).contains("Type /dashboard"))

            let session = try await Self.signIn(bot, as: "fac")
            let fresh = try await Self.request(bot, .get, "/dashboard", cookie: session)
            #expect(fresh?.status == 200)
            bot.clock.advance(by: 12 * 3600 + 1)
            let stale = try await Self.request(bot, .get, "/dashboard", cookie: session)
            #expect(stale?.status == 303)
            #expect(Self.header("Location", of: stale) == "/dashboard/signed-out")
        }
    }

    @Test(arguments: ["/dashboard", "/dashboard/polls", "/dashboard/deadlines", "/dashboard/posts"])
    func everyPageWithoutAValidSessionLeadsToTheSignInNotice(path: String) async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            for cookie in [nil, "", "not-a-token", "0123456789abcdef0123456789abcdef"] as [String?] {
                let response = try await Self.request(bot, .get, path, cookie: cookie)
                let label = String(describing: cookie)
                #expect(response?.status == 303, "\(label)")
                #expect(Self.header("Location", of: response) == "/dashboard/signed-out")
            }
            let notice = try await Self.request(bot, .get, "/dashboard/signed-out")
            #expect(notice?.status == 200)
            #expect(Self.text(notice).contains("Type /dashboard in a chat with the bot"))
        }
    }

    @Test func aTeamMemberSeesTheirTeamOnlyAndNoFacilitatorPage() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            await bot.say(#"/poll new "Lao question?" Yes No"#, from: "fac", in: "lao-chat", replies: 1)
            await bot.say(#"/poll new "Mongolian question?" Yes No"#, from: "fac", in: "mongolia-chat", replies: 1)
            let session = try await Self.signIn(bot, as: "bounmy")
            let deadlines = Self.text(try await Self.request(bot, .get, "/dashboard/deadlines", cookie: session))
            #expect(deadlines.contains("<h2>Lao PDR</h2>"), "\(deadlines)")
            #expect(deadlines.contains("Lao plan"))
            #expect(!deadlines.contains("Mongolia"))
            let polls = Self.text(try await Self.request(bot, .get, "/dashboard/polls", cookie: session))
            #expect(polls.contains("Lao question?"))
            #expect(!polls.contains("Mongolian question?"))
            #expect(!polls.contains("Mongolia"))
            let posts = try await Self.request(bot, .get, "/dashboard/posts", cookie: session)
            #expect(posts?.status == 403)
            let overview = Self.text(try await Self.request(bot, .get, "/dashboard", cookie: session))
            #expect(overview.contains("bounmy, Lao PDR"))
            #expect(!overview.contains("/dashboard/posts"))
            // A facilitator sees both teams.
            let facilitator = try await Self.signIn(bot, as: "fac")
            let all = Self.text(try await Self.request(bot, .get, "/dashboard/deadlines", cookie: facilitator))
            #expect(all.contains("<h2>Lao PDR</h2>") && all.contains("<h2>Mongolia</h2>"))
            let allPolls = Self.text(try await Self.request(bot, .get, "/dashboard/polls", cookie: facilitator))
            #expect(allPolls.contains("Lao question?") && allPolls.contains("Mongolian question?"))
        }
    }

    @Test func someoneNeitherFacilitatorNorInATeamGetsNoLink() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            let lines = await bot.say("/dashboard", from: "stranger", in: "stranger-direct", direct: true)
            #expect(Self.token(in: lines) == nil)
            #expect(lines.joined().contains("for the workshop's facilitators and its teams' members"), "\(lines)")
        }
    }

    @Test func aLinkAskedForInAGroupGoesToTheDirectChatOnly() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            let unknown = await bot.say("/dashboard", from: "bounmy", in: "lao-chat")
            #expect(unknown.joined().contains("Write to the bot in a direct chat first"), "\(unknown)")
            await bot.say("hello", from: "bounmy", in: "bounmy-direct", direct: true, replies: 0)
            let answer = await bot.say("/dashboard", from: "bounmy", in: "lao-chat", replies: 2)
            #expect(Self.token(in: answer) != nil)
            let inGroup = bot.channel.sent.filter { $0.chat.id == "lao-chat" }.map(\.reply.plainText)
            #expect(Self.token(in: inGroup) == nil, "\(inGroup)")
            let inDirect = bot.channel.sent.filter { $0.chat.id == "bounmy-direct" }.map(\.reply.plainText)
            #expect(Self.token(in: inDirect) != nil, "\(inDirect)")
        }
    }

    @Test func linksAreRateLimitedPerPerson() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            for _ in 0..<DashboardAccess.linksPerWindow {
                let lines = await bot.say("/dashboard", from: "fac", in: "fac-direct", direct: true)
                #expect(Self.token(in: lines) != nil)
            }
            let refused = await bot.say("/dashboard", from: "fac", in: "fac-direct", direct: true)
            #expect(Self.token(in: refused) == nil)
            #expect(refused.joined().contains("ask again in 60 minutes"), "\(refused)")
            let other = await bot.say("/dashboard", from: "bounmy", in: "bounmy-direct", direct: true)
            #expect(Self.token(in: other) != nil)
            bot.clock.advance(by: 3601)
            let later = await bot.say("/dashboard", from: "fac", in: "fac-direct", direct: true)
            #expect(Self.token(in: later) != nil)
        }
    }

    @Test func changesNeedTheSessionsCSRFToken() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            let session = try await Self.signIn(bot, as: "fac")
            let page = Self.text(try await Self.request(bot, .get, "/dashboard", cookie: session))
            let marker = "name=\"csrf\" value=\""
            let start = try #require(page.range(of: marker))
            let csrf = String(page[start.upperBound...].prefix(32))
            #expect(SecretToken.isToken(csrf))
            // Without the token, with another one, or to a path that changes nothing: refused, session kept.
            for form in [[:], ["csrf": "0123456789abcdef0123456789abcdef"]] as [[String: String]] {
                let refused = try await Self.request(bot, .post, "/dashboard/logout", cookie: session, form: form)
                #expect(refused?.status == 403)
            }
            let elsewhere = try await Self.request(bot, .post, "/dashboard", cookie: session, form: ["csrf": csrf])
            #expect(elsewhere?.status == 403)
            let muted = try await Self.request(
                bot, .post, "/dashboard/posts/mute", cookie: session, form: ["id": "1"])
            #expect(muted?.status == 403)
            let still = try await Self.request(bot, .get, "/dashboard", cookie: session)
            #expect(still?.status == 200)
            // With it: signed out, the cookie cleared, the session gone.
            let out = try await Self.request(bot, .post, "/dashboard/logout", cookie: session, form: ["csrf": csrf])
            #expect(out?.status == 303)
            #expect(Self.header("Set-Cookie", of: out)?.contains("Max-Age=0") == true)
            let after = try await Self.request(bot, .get, "/dashboard", cookie: session)
            #expect(after?.status == 303)
        }
    }

    @Test func dashboardLogoutInChatEndsEverySessionOfThatPerson() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            let phone = try await Self.signIn(bot, as: "fac")
            let laptop = try await Self.signIn(bot, as: "fac")
            let other = try await Self.signIn(bot, as: "bounmy")
            let reply = await bot.say("/dashboard logout", from: "fac", in: "fac-direct", direct: true)
            #expect(reply.first == "Signed out: 2 browser sessions ended.")
            for session in [phone, laptop] {
                let response = try await Self.request(bot, .get, "/dashboard", cookie: session)
                #expect(response?.status == 303)
            }
            let kept = try await Self.request(bot, .get, "/dashboard", cookie: other)
            #expect(kept?.status == 200)
        }
    }

    /// Someone the roster does not list sees the team of the chat they asked in, and only while the roster still
    /// gives that chat to that team.
    @Test func aChatsTeamCountsOnlyWhileTheRosterStillGivesItThatChat() async throws {
        let roster = self.roster
        let plugins = try plugins()
        try await withTestBot(plugins: plugins, roster: roster, configuration: Self.withWeb) { bot in
            await bot.say("hello", from: "noy", in: "noy-direct", direct: true, replies: 0)
            let answer = await bot.say("/dashboard", from: "noy", in: "lao-chat", replies: 2)
            let token = try #require(Self.token(in: answer), "\(answer)")
            let session = try Self.session(of: try await Self.confirm(bot, token))
            let before = Self.text(try await Self.request(bot, .get, "/dashboard", cookie: session))
            #expect(before.contains("noy, Lao PDR"), "\(before)")
            // The facilitator moves the Lao group out of the team in roster.yaml: the next request is refused.
            var moved = roster
            moved.teams[0].chats = [ChatRef(platform: "test", id: "new-lao-chat")]
            try await bot.bot.reload(LoadedConfiguration(bot: Self.withWeb, roster: moved, plugins: plugins))
            let after = try await Self.request(bot, .get, "/dashboard", cookie: session)
            #expect(after?.status == 403)
        }
    }

    @Test func aFacilitatorEndsSomeonesSessionsOrEveryonesInChat() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            let bounmy = try await Self.signIn(bot, as: "bounmy")
            let saran = try await Self.signIn(bot, as: "saran")
            let facilitator = try await Self.signIn(bot, as: "fac")
            // A link asked for but not yet used is cancelled too.
            let pending = await bot.say("/dashboard", from: "bounmy", in: "bounmy-direct", direct: true)
            let unused = try #require(Self.token(in: pending))
            let ended = await bot.say("/dashboard end test:bounmy", from: "fac", in: "lao-chat")
            #expect(
                ended.first
                    == "test:bounmy is signed out of the dashboard: 1 browser session ended, unused links cancelled.",
                "\(ended)")
            let gone = try await Self.request(bot, .get, "/dashboard", cookie: bounmy)
            #expect(gone?.status == 303)
            let reused = try await Self.request(bot, .post, "/dashboard/signin/\(unused)")
            #expect(reused?.status != 303)
            let kept = try await Self.request(bot, .get, "/dashboard", cookie: saran)
            #expect(kept?.status == 200)
            let everyone = await bot.say("/dashboard end everyone", from: "fac", in: "fac-direct", direct: true)
            #expect(everyone.first?.hasPrefix("Everyone is signed out of the dashboard: 2 browser sessions") == true)
            for session in [saran, facilitator] {
                let response = try await Self.request(bot, .get, "/dashboard", cookie: session)
                #expect(response?.status == 303)
            }
        }
    }

    /// A participant cannot end sessions, and neither can a group's administrator whom the roster does not list
    /// as a facilitator: a role the platform grants counts in its chat, not on the dashboard.
    @Test func onlyTheRostersFacilitatorsEndOthersSessions() async throws {
        let admins = GroupAdmins([UserRef(platform: "test", id: "admin")])
        try await withTestBot(
            plugins: try plugins(), roster: roster, configuration: Self.withWeb, roleSources: [admins]
        ) { bot in
            let session = try await Self.signIn(bot, as: "bounmy")
            let participant = await bot.say("/dashboard end test:bounmy", from: "saran", in: "mongolia-chat")
            #expect(participant.joined().contains("facilitator"), "\(participant)")
            let admin = await bot.say("/dashboard end everyone", from: "admin", in: "lao-chat")
            #expect(admin.first?.contains("you are a facilitator of this chat only") == true, "\(admin)")
            let kept = try await Self.request(bot, .get, "/dashboard", cookie: session)
            #expect(kept?.status == 200)
            let bad = await bot.say("/dashboard end <b>nobody</b>", from: "fac", in: "fac-direct", direct: true)
            #expect(bad.joined().contains("dashboard end"), "\(bad)")
        }
    }

    /// With `public_url: https://example.org/bot`, the proxy forwards `/bot/dashboard` to the bot's `/dashboard`:
    /// every link, form, redirect and the cookie's path carry `/bot`.
    @Test func aPublicAddressWithAPathPrefixesEveryLinkRedirectAndTheCookie() async throws {
        var configuration = BotConfiguration()
        configuration.web = .init(listen: "127.0.0.1:8080", publicURL: "https://example.org/bot")
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: configuration) { bot in
            let lines = await bot.say("/dashboard", from: "fac", in: "fac-direct", direct: true)
            let prefix = "https://example.org/bot/dashboard/signin/"
            let words = lines.joined(separator: "\n").split(whereSeparator: \.isWhitespace)
            let found = words.first(where: { $0.hasPrefix(prefix) })
            let link = try #require(found, "\(lines)")
            let token = String(link.dropFirst(prefix.count))
            let page = try await Self.request(bot, .get, "/dashboard/signin/\(token)")
            let confirm = Self.text(page)
            #expect(confirm.contains("action=\"/bot/dashboard/signin/\(token)\""), "\(confirm)")
            #expect(Self.header("Set-Cookie", of: page)?.contains("; Path=/bot/dashboard/signin;") == true)
            let signedIn = try await Self.confirm(bot, token)
            #expect(Self.header("Location", of: signedIn) == "/bot/dashboard")
            let cookie = try #require(Self.header("Set-Cookie", of: signedIn))
            #expect(cookie.contains("; Path=/bot/dashboard;"), "\(cookie)")
            let session = try Self.session(of: signedIn)
            let overview = Self.text(try await Self.request(bot, .get, "/dashboard", cookie: session))
            #expect(overview.contains("href=\"/bot/dashboard/polls\""), "\(overview)")
            #expect(overview.contains("action=\"/bot/dashboard/logout\""))
            #expect(!overview.contains("\"/dashboard"))
            let without = try await Self.request(bot, .get, "/dashboard")
            #expect(Self.header("Location", of: without) == "/bot/dashboard/signed-out")
        }
    }

    @Test func userTextIsEscapedOnEveryPage() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            await bot.say(
                #"/poll new "Best <script>alert(1)</script> idea?" "A \"quoted\" & <b>bold</b>" Two --live"#,
                from: "fac", in: "lao-chat")
            await bot.say("/vote 1", from: "bounmy", in: "lao-chat")
            let session = try await Self.signIn(bot, as: "fac")
            let polls = Self.text(try await Self.request(bot, .get, "/dashboard/polls", cookie: session))
            #expect(!polls.contains("<script>"))
            #expect(!polls.contains("<b>bold"))
            #expect(polls.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(polls)")
            #expect(polls.contains("A &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"))
            // The live poll's bars: the option's label escaped inside the SVG too.
            #expect(polls.contains("<svg role=\"img\""))
            #expect(polls.contains("<text x=\"0\" y=\"13\">A &quot;quoted&quot;"))
        }
    }

    @Test func aVoteCastInChatShowsOnThePollPage() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            await bot.say(#"/poll new "Which first?" One Two"#, from: "fac", in: "lao-chat")
            let session = try await Self.signIn(bot, as: "fac")
            let before = Self.text(try await Self.request(bot, .get, "/dashboard/polls", cookie: session))
            #expect(before.contains("<tr><td>Lao PDR</td><td>0</td><td>1</td></tr>"), "\(before)")
            await bot.say("/vote 2", from: "bounmy", in: "lao-chat")
            let after = Self.text(try await Self.request(bot, .get, "/dashboard/polls", cookie: session))
            #expect(after.contains("<tr><td>Lao PDR</td><td>1</td><td>1</td></tr>"), "\(after)")
            // Hidden until it closes; then the bars show.
            #expect(after.contains("Results stay hidden until the poll closes."))
            await bot.say("/poll close", from: "fac", in: "lao-chat")
            let closed = Self.text(try await Self.request(bot, .get, "/dashboard/polls", cookie: session))
            #expect(closed.contains("<text x=\"0\" y=\"51\">Two</text>"), "\(closed)")
        }
    }

    @Test func aFacilitatorMutesAndUnmutesAScheduledPost() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            await bot.say("/remind team in 2h Bring the draft", from: "bounmy", in: "lao-chat")
            let session = try await Self.signIn(bot, as: "fac")
            let page = Self.text(try await Self.request(bot, .get, "/dashboard/posts", cookie: session))
            #expect(page.contains("Lao PDR"), "\(page)")
            let csrf = try #require(Self.field("csrf", in: page))
            let id = try #require(Self.field("id", in: page))
            let muted = try await Self.request(
                bot, .post, "/dashboard/posts/mute", cookie: session, form: ["csrf": csrf, "id": id])
            #expect(muted?.status == 303)
            let upcoming = await bot.say("/upcoming", from: "fac", in: "fac-direct", direct: true)
            #expect(!upcoming.joined().contains("Bring the draft"), "\(upcoming)")
            let listed = Self.text(try await Self.request(bot, .get, "/dashboard/posts", cookie: session))
            #expect(listed.contains("Muted here"))
            #expect(listed.contains("action=\"/dashboard/posts/unmute\""))
            let unmuted = try await Self.request(
                bot, .post, "/dashboard/posts/unmute", cookie: session, form: ["csrf": csrf, "id": id])
            #expect(unmuted?.status == 303)
            let back = await bot.say("/upcoming", from: "fac", in: "fac-direct", direct: true)
            #expect(back.joined().contains("Bring the draft"), "\(back)")
        }
    }

    @Test func facilitatorsSeeMissedAndFailedPostsAndTeamsDoNot() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            let now = bot.clock.now()
            try await bot.store.transaction { tx in
                let missed = try tx.insertJob(
                    NewJob(
                        owner: "dashboard", kind: "dashboard-link", key: "m", dueAt: now - 7200,
                        chat: ChatRef(platform: "test", id: "lao-chat"), payload: Data("{}".utf8)), at: now - 9000)
                _ = try tx.moveJob(id: missed, from: .pending, to: .missed, at: now, note: "2h late")
                let failed = try tx.insertJob(
                    NewJob(owner: "voting", kind: "close-poll", key: "f", dueAt: now - 60, payload: Data("7".utf8)),
                    at: now - 600)
                _ = try tx.moveJob(id: failed, from: .pending, to: .failed, at: now, note: "timed out after 30s")
            }
            let session = try await Self.signIn(bot, as: "fac")
            let page = Self.text(try await Self.request(bot, .get, "/dashboard/problems", cookie: session))
            #expect(page.contains("Scheduled posts missed while the bot was down"), "\(page)")
            #expect(page.contains("your dashboard sign-in link, in your direct chat"))
            #expect(page.contains("2h late"))
            #expect(page.contains("timed out after 30s"))
            let overview = Self.text(try await Self.request(bot, .get, "/dashboard", cookie: session))
            #expect(overview.contains("Set aside, missed or failed: 2."))
            let member = try await Self.signIn(bot, as: "bounmy")
            let refused = try await Self.request(bot, .get, "/dashboard/problems", cookie: member)
            #expect(refused?.status == 403)
        }
    }

    @Test func aFacilitatorDownloadsAClosedPollsBallotsAndATeamMemberCannot() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, configuration: Self.withWeb) { bot in
            await bot.say(#"/poll new "Which first?" One "=SUM(A1)""#, from: "fac", in: "lao-chat")
            await bot.say("/vote 2", from: "bounmy", in: "lao-chat")
            let session = try await Self.signIn(bot, as: "fac")
            let open = Self.text(try await Self.request(bot, .get, "/dashboard/polls", cookie: session))
            #expect(!open.contains(".csv"), "an open poll's ballots stay hidden")
            await bot.say("/poll close", from: "fac", in: "lao-chat")
            let page = Self.text(try await Self.request(bot, .get, "/dashboard/polls", cookie: session))
            let link = "/dashboard/polls/poll-1-which-first.csv"
            #expect(page.contains("<a href=\"\(link)\" download>Ballots as a CSV file</a>"), "\(page)")
            let file = try await Self.request(bot, .get, link, cookie: session)
            #expect(file?.status == 200)
            #expect(file?.contentType == "text/csv; charset=utf-8")
            #expect(Self.header("Content-Disposition", of: file) == "attachment; filename=\"poll-1-which-first.csv\"")
            let csv = Self.text(file)
            #expect(csv.contains("test:bounmy"), "\(csv)")
            #expect(csv.contains("'=SUM(A1)"), "a formula is defused: \(csv)")
            let member = try await Self.signIn(bot, as: "bounmy")
            let refused = try await Self.request(bot, .get, link, cookie: member)
            #expect(refused?.status == 403)
            let unknown = try await Self.request(bot, .get, "/dashboard/polls/poll-9.csv", cookie: session)
            #expect(unknown?.status == 404)
        }
    }

    /// The value of the first hidden field `name` in `page`.
    static func field(_ name: String, in page: String) -> String? {
        let marker = "name=\"\(name)\" value=\""
        guard let start = page.range(of: marker) else { return nil }
        let rest = page[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    @Test func everyTemplateParses() {
        let unparsed = DashboardPages.unparsed
        #expect(unparsed.isEmpty, "\(unparsed)")
        #expect(DashboardPages.templates.count == 6)
    }
}

/// A platform that makes `admins` administrators of every chat (as anyone is of a group they create).
struct GroupAdmins: RoleSource {
    let admins: Set<UserRef>
    init(_ admins: Set<UserRef>) { self.admins = admins }

    func role(of user: UserRef, in chat: ChatRef) async -> (role: Role, source: RoleOrigin)? {
        admins.contains(user) ? (.chatFacilitator, "Test group administrator") : nil
    }
}
