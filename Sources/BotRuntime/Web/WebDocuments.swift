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
