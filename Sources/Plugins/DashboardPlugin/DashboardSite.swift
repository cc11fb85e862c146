import BotCore
import Foundation

/// The dashboard's pages, one request at a time:
/// - `GET /dashboard/signin/<token>`: asks to confirm; `POST` there uses the link up and opens a session;
/// - `GET /dashboard`: the overview; `GET /dashboard/<section>`: one plugin's section;
/// - `POST /dashboard/logout` (with the CSRF token): ends this browser's session;
/// - `GET /dashboard/signed-out`: how to sign in; every page asked for without a session is sent there.
enum DashboardSite {
    static func answer(_ request: WebRequest, _ context: WebPageContext) async throws -> WebResponse? {
        let now = context.plugin.clock.now()
        let storage = context.plugin.storage
        let texts = context.plugin.localization.workshopTexts
        let segments = request.segments
        if segments.count == 2, segments[0] == "signin" {
            let token = segments[1]
            if request.method == .post {
                // The confirmation cookie set by this link's page: a form posted from another site's page (which
                // would sign the victim in as the forger) cannot carry it, even from a browser that sends no
                // Sec-Fetch-Site and no Origin but `null`.
                let confirmation = request.cookies[DashboardPlugin.confirmCookie] ?? ""
                guard SecretToken.isToken(confirmation),
                    DashboardAccess.same(confirmation, request.form["confirm"] ?? "")
                else {
                    let link = try await storage.transaction { tx in try DashboardAccess.link(token, now: now, tx) }
                    guard link != nil else { return expired(context) }
                    return forbidden(texts("dashboard.signin.unconfirmed").plainText, context)
                }
                let session = try await storage.transaction { tx in
                    try DashboardAccess.signIn(with: token, now: now, tx)
                }
                guard let session else { return expired(context) }
                return .redirect(to: root(context), headers: [cookie(session, context)])
            }
            let link = try await storage.transaction { tx in try DashboardAccess.link(token, now: now, tx) }
            guard let link else { return expired(context) }
            // A second tab of a sign-in page keeps the first one's value, so either tab's button works.
            let kept = request.cookies[DashboardPlugin.confirmCookie]
            let confirmation = kept.flatMap { SecretToken.isToken($0) ? $0 : nil } ?? SecretToken.make()
            let content = DashboardPages.render(
                [
                    "intro": texts("dashboard.signin.intro", ["name": .text(link.name)]).plainText, "token": token,
                    "confirm": confirmation,
                    "button": texts("dashboard.signin.button").plainText,
                    "note": texts("dashboard.signin.note").plainText,
                ], "signin", root: root(context))
            return page(
                texts("dashboard.signin.title").plainText, content, context, texts: texts,
                headers: [confirmCookie(confirmation, context)])
        }
        if segments == ["signed-out"], request.method == .get {
            return notice(
                texts("dashboard.signed-out.title").plainText,
                [texts("dashboard.signed-out.how").plainText, texts("dashboard.signed-out.strict").plainText],
                link: (root(context), texts("dashboard.signed-out.continue").plainText), context, status: 200)
        }
        if segments == ["logout"], request.method == .post {
            let token = request.cookies[DashboardPlugin.cookie]
            let session = try await storage.transaction { tx in try DashboardAccess.session(token, now: now, tx) }
            guard let token, let session else { return .redirect(to: root(context) + "/signed-out") }
            guard let sent = request.form["csrf"], DashboardAccess.same(sent, session.csrf) else {
                return forbidden(texts("dashboard.csrf").plainText, context)
            }
            try await storage.transaction { tx in try DashboardAccess.end(token, tx) }
            return .redirect(to: root(context) + "/signed-out", headers: [clearedCookie(context)])
        }
        if request.method == .post, segments.count == 2, segments[0] == DashboardPosts.id {
            return try await signedIn(request, context, now: now) { viewer, session in
                guard viewer.isFacilitator else { return forbidden(texts("dashboard.not-yours").plainText, context) }
                guard let sent = request.form["csrf"], DashboardAccess.same(sent, session.csrf) else {
                    return forbidden(texts("dashboard.csrf").plainText, context)
                }
                return try await DashboardPosts.change(segments[1], request, viewer, name: session.name, context)
                    ?? notice(
                        texts("dashboard.no-such-page").plainText, [],
                        link: (root(context), texts("dashboard.back").plainText), context, status: 404)
            }
        }
        // Nothing else changes anything: a POST elsewhere is refused as a forged one would be.
        if request.method == .post { return forbidden(texts("dashboard.csrf").plainText, context) }
        if segments.count == 2 {
            return try await signedIn(request, context, now: now) { viewer, _ in
                try await download(segments[1], of: segments[0], viewer, context)
            }
        }
        guard segments.count <= 1 else { return nil }
        return try await signedIn(request, context, now: now) { viewer, session in
            try await signedInPage(segments.first, viewer, session, context)
        }
    }

    /// `body` with the viewer of the request's session; without a valid session, the way to the sign-in notice.
    private static func signedIn(
        _ request: WebRequest, _ context: WebPageContext, now: Date,
        _ body: (DashboardViewer, DashboardAccess.Session) async throws -> WebResponse
    ) async throws -> WebResponse {
        let session = try await context.plugin.storage.transaction { tx in
            try DashboardAccess.session(request.cookies[DashboardPlugin.cookie], now: now, tx)
        }
        guard let session, let user = UserRef(parsing: session.user) else {
            return .redirect(to: root(context) + "/signed-out")
        }
        guard let scope = DashboardAccess.scope(of: user, chat: session.chat, roster: context.plugin.roster) else {
            return forbidden(context.plugin.localization.workshopTexts("dashboard.not-for-you").plainText, context)
        }
        return try await body(await DashboardViewers.viewer(user, scope: scope, context), session)
    }

    /// The overview (`section` nil) or one section, for the session's viewer.
    private static func signedInPage(
        _ sectionID: String?, _ viewer: DashboardViewer, _ session: DashboardAccess.Session, _ context: WebPageContext
    ) async throws -> WebResponse {
        let scope = viewer.scope
        let texts = viewer.texts
        var sections = await context.dashboard.sections(for: viewer)
        if viewer.isFacilitator {
            let count = try await context.schedule.upcoming(
                until: context.plugin.clock.now() + DashboardPosts.horizon, texts: texts
            ).count
            sections.append(
                DashboardSection(
                    id: DashboardPosts.id, title: texts("dashboard.posts.title").plainText,
                    summary: texts("dashboard.posts.summary", ["count": .number(count)]).plainText, blocks: []))
        }
        let navigation = sections.map { (id: $0.id, title: $0.title) }
        let who: String
        switch scope {
        case .facilitator:
            who = texts("dashboard.viewer.facilitator", ["name": .text(session.name)]).plainText
        case .team(let team):
            who =
                texts("dashboard.viewer.team", ["name": .text(session.name), "team": .text(team.name)])
                .plainText
        }
        let title: String
        let content: String
        if let sectionID {
            guard let section = sections.first(where: { $0.id == sectionID }) else {
                // A team's member asking for a facilitator's page (or any other) is told it is not theirs.
                guard viewer.isFacilitator else { return forbidden(texts("dashboard.not-yours").plainText, context) }
                return notice(
                    texts("dashboard.no-such-page").plainText, [],
                    link: (root(context), texts("dashboard.back").plainText), context, status: 404)
            }
            title = section.title
            content =
                section.id == DashboardPosts.id
                ? try await DashboardPosts.content(viewer, csrf: session.csrf, context)
                : DashboardPages.blocks(section.blocks, section: section.id, root: root(context))
        } else {
            title = texts("dashboard.overview.title").plainText
            content = DashboardPages.render(
                [
                    "sections": sections.map { ["id": $0.id, "title": $0.title, "summary": $0.summary] },
                    "empty": sections.isEmpty ? [texts("dashboard.overview.empty").plainText] : [],
                ], "overview", root: root(context))
        }
        let html = DashboardPages.page(
            title: title, workshop: workshopName(context), language: texts.language, content: content,
            root: root(context), viewer: who,
            navigation: navigation, current: sectionID,
            logout: (csrf: session.csrf, label: texts("dashboard.logout").plainText), texts: texts)
        return .html(html, headers: [WebResponse.Header("Cache-Control", "no-store")])
    }

    /// A section's file: only a section the viewer sees offers it, so a file is never more than its page shows.
    private static func download(
        _ name: String, of sectionID: String, _ viewer: DashboardViewer, _ context: WebPageContext
    ) async throws -> WebResponse {
        let sections = await context.dashboard.sections(for: viewer)
        guard let section = sections.first(where: { $0.id == sectionID }),
            let file = section.downloads.first(where: { $0.name == name })
        else {
            guard viewer.isFacilitator else { return forbidden(viewer.texts("dashboard.not-yours").plainText, context) }
            return notice(
                viewer.texts("dashboard.no-such-page").plainText, [],
                link: (root(context), viewer.texts("dashboard.back").plainText), context, status: 404)
        }
        let quoted = name.filter { $0 != "\"" && $0 != "\\" && !$0.isNewline }
        return WebResponse(
            contentType: file.contentType,
            headers: [
                WebResponse.Header("Content-Disposition", "attachment; filename=\"\(quoted)\""),
                WebResponse.Header("Cache-Control", "no-store"),
            ], body: try await file.make())
    }

    /// The dashboard's absolute path as the browser sees it: `/dashboard`, under the path of `public_url` when it
    /// has one (`/bot/dashboard` for `https://example.org/bot`, which the proxy forwards to the bot's `/dashboard`).
    static func root(_ context: WebPageContext) -> String { (context.webAddress?.path ?? "") + "/dashboard" }

    /// The session cookie: for the dashboard's paths only, for a session's 12 hours.
    private static func cookie(_ session: String, _ context: WebPageContext) -> WebResponse.Header {
        setCookie(
            DashboardPlugin.cookie, session, path: root(context), maxAge: DashboardAccess.sessionLifetime, context)
    }

    /// The sign-in page's confirmation cookie: sent back only by a form on the bot's own pages (SameSite=Strict),
    /// for the sign-in paths only, for as long as a link lasts.
    private static func confirmCookie(_ value: String, _ context: WebPageContext) -> WebResponse.Header {
        setCookie(
            DashboardPlugin.confirmCookie, value, path: root(context) + "/signin", maxAge: DashboardAccess.linkLifetime,
            context)
    }

    private static func clearedCookie(_ context: WebPageContext) -> WebResponse.Header {
        setCookie(DashboardPlugin.cookie, "", path: root(context), maxAge: 0, context)
    }

    /// A `Set-Cookie` the dashboard sends: always HttpOnly and SameSite=Strict, Secure when `public_url` is https.
    private static func setCookie(
        _ name: String, _ value: String, path: String, maxAge: TimeInterval, _ context: WebPageContext
    ) -> WebResponse.Header {
        let secure = context.webAddress?.base.lowercased().hasPrefix("https:") ?? true
        return WebResponse.Header(
            "Set-Cookie",
            "\(name)=\(value); Path=\(path); Max-Age=\(Int(maxAge)); HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : ""))
    }

    private static func expired(_ context: WebPageContext) -> WebResponse {
        let texts = context.plugin.localization.workshopTexts
        return notice(
            texts("dashboard.expired.title").plainText, [texts("dashboard.expired.how").plainText], link: nil,
            context, status: 410)
    }

    private static func forbidden(_ text: String, _ context: WebPageContext) -> WebResponse {
        let texts = context.plugin.localization.workshopTexts
        return notice(
            texts("dashboard.forbidden.title").plainText, [text],
            link: (root(context), texts("dashboard.back").plainText),
            context, status: 403)
    }

    private static func notice(
        _ title: String, _ paragraphs: [String], link: (href: String, text: String)?, _ context: WebPageContext,
        status: Int
    ) -> WebResponse {
        var values: [String: Any] = ["paragraphs": paragraphs]
        if let link { values["link"] = ["href": link.href, "text": link.text] }
        let texts = context.plugin.localization.workshopTexts
        return page(
            title, DashboardPages.render(values, "notice", root: root(context)), context, texts: texts, status: status)
    }

    private static func page(
        _ title: String, _ content: String, _ context: WebPageContext, texts: Texts, status: Int = 200,
        headers: [WebResponse.Header] = []
    ) -> WebResponse {
        let html = DashboardPages.page(
            title: title, workshop: workshopName(context), language: texts.language, content: content,
            root: root(context), texts: texts)
        return .html(html, status: status, headers: [WebResponse.Header("Cache-Control", "no-store")] + headers)
    }

    private static func workshopName(_ context: WebPageContext) -> String {
        context.plugin.localization.workshopTexts("dashboard.workshop").plainText
    }
}

/// The viewer of a session: their zone and language by the chat's rules.
enum DashboardViewers {
    static func viewer(_ user: UserRef, scope: DashboardViewer.Scope, _ context: WebPageContext) async
        -> DashboardViewer
    {
        let roster = context.plugin.roster
        let team: Team? = {
            if case .team(let team) = scope { return team }
            return nil
        }()
        let utc = TimeZone(identifier: "UTC") ?? .gmt
        let workshopZone = roster.timeZone.flatMap(TimeZone.init(identifier:)) ?? utc
        var zone = team?.timeZone.flatMap(TimeZone.init(identifier:)) ?? workshopZone
        if let answer = await context.lookups.ask("user-timezone", user.description).first,
            let chosen = TimeZone(identifier: answer.plainText)
        {
            zone = chosen
        }
        let chosen = await context.lookups.ask("user-language", user.description).first.flatMap {
            Language($0.plainText)
        }
        let localization = context.plugin.localization
        let texts = localization.texts(localization.language(chosen: chosen, hint: nil, team: team))
        return DashboardViewer(user: user, scope: scope, zone: zone, workshopZone: workshopZone, texts: texts)
    }
}
