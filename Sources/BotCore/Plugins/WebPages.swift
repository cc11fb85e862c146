import Foundation

/// A request to the bot's web address for a plugin's pages (`ServesWebPages`): the dashboard's. The web server
/// has already refused what no page takes: other methods, large bodies, and forms of another type.
public struct WebRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public var method: Method
    /// The path's segments after the route's own: `["signin", "3f…"]` for `/dashboard/signin/3f…`, `[]` for
    /// `/dashboard`.
    public var segments: [String]
    /// The request's cookies by name.
    public var cookies: [String: String]
    /// The fields of a POSTed `application/x-www-form-urlencoded` form; empty for GET.
    public var form: [String: String]

    public init(method: Method, segments: [String], cookies: [String: String] = [:], form: [String: String] = [:]) {
        self.method = method
        self.segments = segments
        self.cookies = cookies
        self.form = form
    }
}

/// What the web server sends for a `WebRequest`.
public struct WebResponse: Sendable {
    /// One response header.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP status: 200, 303, 403, 404, 410.
    public var status: Int
    public var contentType: String
    public var headers: [Header]
    public var body: Data

    public init(status: Int = 200, contentType: String, headers: [Header] = [], body: Data) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// An HTML page (already escaped by whoever rendered it).
    public static func html(_ page: String, status: Int = 200, headers: [Header] = []) -> WebResponse {
        WebResponse(status: status, contentType: "text/html; charset=utf-8", headers: headers, body: Data(page.utf8))
    }

    /// `303 See Other` to `location` (a path on this site), so a browser follows a POST with a GET.
    public static func redirect(to location: String, headers: [Header] = []) -> WebResponse {
        WebResponse(
            status: 303, contentType: "text/plain; charset=utf-8", headers: [Header("Location", location)] + headers,
            body: Data("see \(location)\n".utf8))
    }
}

/// Pages a plugin serves under `/<path>` at the bot's web address: everything under that first segment is
/// handed to `handle`, which answers nil for a page it does not have (the server answers 404).
public struct WebRoute: Sendable {
    /// The first segment of the path (`dashboard`): lower-case letters, digits and `-`.
    public var path: String
    public var handle: @Sendable (_ request: WebRequest, _ context: WebPageContext) async throws -> WebResponse?

    public init(
        path: String,
        handle: @escaping @Sendable (_ request: WebRequest, _ context: WebPageContext) async throws -> WebResponse?
    ) {
        self.path = path
        self.handle = handle
    }
}

/// What a plugin's pages may use: its context outside a message, the other plugins' answers and dashboard
/// sections, and the bot's public address.
public struct WebPageContext: Sendable {
    public var plugin: PluginContext
    public var lookups: LookupDirectory
    /// Every plugin's part of the dashboard, for a viewer.
    public var dashboard: DashboardSources
    /// What every plugin will post, with muting, for facilitators' pages.
    public var schedule: ScheduleView
    /// `web.public_url`: cookies are `Secure` when it is https.
    public var webAddress: WebAddress?

    public init(
        plugin: PluginContext, lookups: LookupDirectory, dashboard: DashboardSources = DashboardSources(),
        schedule: ScheduleView = ScheduleView(), webAddress: WebAddress? = nil
    ) {
        self.plugin = plugin
        self.lookups = lookups
        self.dashboard = dashboard
        self.schedule = schedule
        self.webAddress = webAddress
    }
}

/// A plugin that serves pages at the bot's web address (the dashboard).
public protocol ServesWebPages: Plugin {
    var webRoutes: [WebRoute] { get }
}
