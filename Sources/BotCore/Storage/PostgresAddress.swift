import Foundation

/// Where a PostgreSQL store lives, parsed from `postgres://user@host:5432/database?sslmode=verify-full`.
///
/// A value type with no I/O, so the configuration check and the store read a URL the same way. A password in the
/// URL is refused: it would sit in `bot.yaml`, in shell history and in process listings. libpq reads it itself
/// from `PGPASSWORD` or from `~/.pgpass` (or the file a `passfile` option names). No message of this type repeats
/// the URL or any part of it that could hold a secret.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    /// A host name, an IP address, or a folder holding the server's Unix socket (starting with `/`).
    public var host: String
    public var port: Int?
    public var user: String?
    public var database: String?
    /// libpq connection options taken from the URL's query (`sslmode=require`), by name.
    public var options: [String: String]

    /// The query options passed through to libpq: TLS, the password file, timeouts, the name shown in
    /// `pg_stat_activity`.
    public static let passedOptions: Set<String> = [
        "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "passfile", "connect_timeout", "application_name",
    ]
    /// libpq's `sslmode` values.
    public static let sslModes: Set<String> = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    /// Why a text is not a PostgreSQL URL; the message never repeats the text.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Whether `text` asks for PostgreSQL (`postgres://` or `postgresql://`), well-formed or not.
    public static func isPostgresURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    public init(
        host: String, port: Int? = nil, user: String? = nil, database: String? = nil, options: [String: String] = [:]
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.options = options
    }

    /// Parses `postgres://[user@]host[:port][/database][?option=value&...]`.
    public init(parsing text: String) throws(Problem) {
        let expected = "expected postgres://user@host:5432/database"
        let lowered = text.lowercased()
        guard let scheme = ["postgres://", "postgresql://"].first(where: { lowered.hasPrefix($0) }) else {
            throw Problem("\(expected) (the URL must start with postgres:// or postgresql://)")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        if rest.contains("#") { throw Problem("\(expected): a PostgreSQL URL has no #fragment") }
        var authority = rest
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }
        var user: String?
        var hostAndPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            if userInfo.contains(":") {
                throw Problem(
                    "a password in the store URL is refused: give it in the environment (PGPASSWORD) or in ~/.pgpass")
            }
            user = try Self.decoded(userInfo, what: "the user name")
            hostAndPort = authority[authority.index(after: at)...]
        }
        var portText: Substring?
        var hostText = hostAndPort
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else {
                throw Problem("\(expected): unclosed [ in the host")
            }
            hostText = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw Problem("\(expected): unexpected text after the host") }
                portText = after.dropFirst()
            }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            hostText = hostAndPort[..<colon]
            portText = hostAndPort[hostAndPort.index(after: colon)...]
        }
        let host = try Self.decoded(hostText, what: "the host")
        guard !host.isEmpty else { throw Problem("\(expected): the host is missing") }
        guard !host.contains(","), !host.contains(" ") else {
            throw Problem("\(expected): one host (a list of hosts is not supported)")
        }
        var port: Int?
        if let portText {
            guard let number = Int(portText), portText.allSatisfy(\.isASCII), (1...65_535).contains(number) else {
                throw Problem("\(expected): the port must be a number from 1 to 65535")
            }
            port = number
        }
        var database: String?
        if let path, !path.isEmpty {
            guard !path.contains("/") else { throw Problem("\(expected): the path is only the database's name") }
            database = try Self.decoded(path, what: "the database name")
        }
        var options: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "=") else {
                throw Problem("\(expected): each option in the query is name=value")
            }
            let name = try Self.decoded(pair[..<equals], what: "an option's name")
            if name == "password" {
                throw Problem(
                    "a password in the store URL is refused: give it in the environment (PGPASSWORD) or in ~/.pgpass")
            }
            guard Self.passedOptions.contains(name) else {
                throw Problem(
                    "unknown option in the store URL's query: \(name.filter { $0.isLetter || $0 == "_" }) (known: \(Self.passedOptions.sorted().joined(separator: ", ")))"
                )
            }
            guard options[name] == nil else { throw Problem("the option \(name) is given twice in the store URL") }
            let value = try Self.decoded(pair[pair.index(after: equals)...], what: "the value of \(name)")
            if name == "sslmode", !Self.sslModes.contains(value) {
                throw Problem("sslmode must be one of \(Self.sslModes.sorted().joined(separator: ", "))")
            }
            if name == "connect_timeout", Int(value).map({ $0 >= 0 }) != true {
                throw Problem("connect_timeout must be a whole number of seconds")
            }
            options[name] = value
        }
        self.init(host: host, port: port, user: user, database: database, options: options)
    }

    /// Percent-decodes a part of the URL; a NUL or a malformed escape is a problem.
    private static func decoded(_ part: Substring, what: String) throws(Problem) -> String {
        guard let value = String(part).removingPercentEncoding, !value.contains("\u{0}") else {
            throw Problem("\(what) in the store URL is not correctly percent-encoded")
        }
        return value
    }

    /// The keywords and values libpq connects with (`PQconnectdbParams`), in a stable order.
    public var connectionParameters: [(keyword: String, value: String)] {
        var parameters: [(keyword: String, value: String)] = [("host", host)]
        if let port { parameters.append(("port", String(port))) }
        if let user { parameters.append(("user", user)) }
        if let database { parameters.append(("dbname", database)) }
        for name in options.keys.sorted() {
            if let value = options[name] { parameters.append((name, value)) }
        }
        return parameters
    }

    /// The URL, safe to show: it never held a password; the values of file options are shown, they are paths.
    public var description: String {
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
                ?? text
        }
        var text = "postgres://"
        if let user { text += encoded(user) + "@" }
        text += host.contains(":") ? "[\(host)]" : encoded(host)
        if let port { text += ":\(port)" }
        if let database { text += "/" + encoded(database) }
        let query = options.keys.sorted().compactMap { name in options[name].map { "\(name)=\(encoded($0))" } }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }
}
