import BotCore
import Foundation

/// A document the bot's web server sends.
public struct WebDocumentAnswer: Sendable {
    public var contentType: String
    public var body: Data
}

extension Bot {
    /// The document at `path` (`/calendar/<token>.ics`) that an enabled plugin publishes, rendered now with the
    /// configuration in force; nil when no plugin publishes it (the server answers 404). Paths are matched
    /// exactly: one segment naming the document kind, one naming the document, nothing else.
    public func webDocument(at path: String) async throws -> WebDocumentAnswer? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 3, segments[0].isEmpty, !segments[1].isEmpty, !segments[2].isEmpty,
            segments[2].count <= 200
        else { return nil }
        let kind = String(segments[1]), name = String(segments[2])
        let snapshot = live.snapshot
        let configuration = snapshot.configuration
        for plugin in configuration.plugins {
            guard let document = plugin.webDocuments.first(where: { $0.path == kind }) else { continue }
            let storage = PluginStorage(namespace: plugin.name, store: store, clock: clock)
            let context = WebDocumentContext(
                plugin: PluginContext(
                    clock: clock, logger: logger, storage: storage, roster: configuration.roster,
                    localization: snapshot.localization),
                lookups: snapshot.lookups)
            guard let body = try await document.render(name, context) else { return nil }
            return WebDocumentAnswer(contentType: document.contentType, body: body)
        }
        return nil
    }
}

extension Bot {
    /// The answer of the plugin serving pages under `path`'s first segment (`/dashboard/…`), or nil when none does
    /// or it has no such page (the server answers 404). The plugin sees the segments after its own, the cookies and
    /// the form; the configuration in force at this moment answers.
    public func webResponse(
        method: WebRequest.Method, path: String, cookies: [String: String], form: [String: String]
    ) async throws -> WebResponse? {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 2, segments[0].isEmpty, !segments[1].isEmpty, segments.count <= 6,
            segments.allSatisfy({ $0.count <= 200 })
        else { return nil }
        if segments.count > 2, segments.last == "" { segments.removeLast() }  // `/dashboard/` is `/dashboard`
        let kind = segments[1]
        let snapshot = live.snapshot
        let configuration = snapshot.configuration
        for plugin in configuration.plugins {
            guard let route = plugin.webRoutes.first(where: { $0.path == kind }) else { continue }
            let context = WebPageContext(
                plugin: pluginContext(plugin.name, snapshot), lookups: snapshot.lookups,
                dashboard: DashboardSources { viewer in await self.dashboardSections(for: viewer, snapshot) },
                schedule: snapshot.schedule, webAddress: snapshot.webAddress)
            let request = WebRequest(
                method: method, segments: Array(segments.dropFirst(2)), cookies: cookies, form: form)
            return try await route.handle(request, context)
        }
        return nil
    }

    /// Whether some enabled plugin serves pages under `/<kind>` (which take POST, unlike documents).
    public func servesPages(under kind: String) -> Bool {
        live.snapshot.configuration.plugins.contains { plugin in plugin.webRoutes.contains { $0.path == kind } }
    }

    private func pluginContext(_ name: String, _ snapshot: LiveConfiguration.Snapshot) -> PluginContext {
        PluginContext(
            clock: clock, logger: logger, storage: PluginStorage(namespace: name, store: store, clock: clock),
            roster: snapshot.configuration.roster, localization: snapshot.localization)
    }

    /// Every contributing plugin's sections for `viewer`, in the order plugins are enabled. A plugin that fails
    /// shows as a section saying so (and the error is logged), so one broken part never hides the others.
    func dashboardSections(for viewer: DashboardViewer, _ snapshot: LiveConfiguration.Snapshot) async
        -> [DashboardSection]
    {
        var sections: [DashboardSection] = []
        for plugin in snapshot.configuration.plugins {
            guard let contribute = plugin.dashboardSections else { continue }
            do {
                sections += try await contribute(viewer, pluginContext(plugin.name, snapshot))
            } catch {
                logger.error("a dashboard section failed", metadata: ["plugin": "\(plugin.name)", "error": "\(error)"])
                let texts = viewer.texts
                sections.append(
                    DashboardSection(
                        id: plugin.name, title: plugin.name, summary: texts("dashboard.section-failed").plainText,
                        blocks: [.paragraph(texts("dashboard.section-failed").plainText)]))
            }
        }
        if viewer.isFacilitator {
            do {
                sections.append(try await problemsSection(viewer, snapshot))
            } catch {
                logger.error("the dashboard's problems section failed", metadata: ["error": "\(error)"])
            }
        }
        return sections
    }

    /// For facilitators: what went wrong that no chat shows on its own: messages, replies and jobs set aside
    /// after stopping the bot, scheduled posts missed while the bot was down, and jobs that failed. The
    /// dashboard's version of `workshop-bot status`.
    func problemsSection(_ viewer: DashboardViewer, _ snapshot: LiveConfiguration.Snapshot) async throws
        -> DashboardSection
    {
        let texts = viewer.texts
        let (setAside, missed, failed) = try await store.transaction { tx in
            (
                try CrashGuard.quarantined(in: tx), try tx.jobs(in: .missed, limit: 50),
                try tx.jobs(in: .failed, limit: 50)
            )
        }
        func describe(_ job: ScheduledJob) -> String {
            snapshot.jobHandlers[job.owner]?[job.kind]?.describe?(job, texts).plainText ?? "\(job.owner): \(job.kind)"
        }
        var blocks: [DashboardBlock] = [.heading(texts("runtime.dashboard.set-aside").plainText)]
        if setAside.isEmpty {
            blocks.append(.paragraph(texts("runtime.dashboard.nothing").plainText))
        } else {
            blocks.append(
                .table(
                    DashboardTable(
                        columns: [
                            texts("runtime.dashboard.when").plainText, texts("runtime.dashboard.what").plainText,
                            texts("runtime.dashboard.where").plainText, texts("runtime.dashboard.ref").plainText,
                        ],
                        rows: setAside.prefix(50).map { entry in
                            let kind =
                                texts.has("runtime.kind.\(entry.kind)")
                                ? texts.plain("runtime.kind.\(entry.kind)") : entry.kind
                            let from = entry.user.map { " (\($0))" } ?? ""
                            return [
                                viewer.time(entry.at), "\(kind): \(entry.what)\(from)", entry.chat ?? "–", entry.ref,
                            ]
                        })))
        }
        for (title, jobs) in [("runtime.dashboard.missed", missed), ("runtime.dashboard.failed", failed)] {
            blocks.append(.heading(texts(title).plainText))
            guard !jobs.isEmpty else {
                blocks.append(.paragraph(texts("runtime.dashboard.nothing").plainText))
                continue
            }
            blocks.append(
                .table(
                    DashboardTable(
                        columns: [
                            texts("runtime.dashboard.due").plainText, texts("runtime.dashboard.what").plainText,
                            texts("runtime.dashboard.where").plainText, texts("runtime.dashboard.note").plainText,
                        ],
                        rows: jobs.map { job in
                            [viewer.time(job.dueAt), describe(job), job.chat?.description ?? "–", job.note ?? ""]
                        })))
        }
        let count = setAside.count + missed.count + failed.count
        return DashboardSection(
            id: "problems", title: texts("runtime.dashboard.title").plainText,
            summary: texts("runtime.dashboard.summary", ["count": .number(count)]).plainText, blocks: blocks)
    }
}
