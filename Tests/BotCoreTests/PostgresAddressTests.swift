import BotCore
import Testing

struct PostgresAddressTests {
    @Test(
        "a PostgreSQL URL becomes libpq's connection keywords",
        arguments: [
            (
                "postgres://bot@db.example.org:5433/workshop",
                [("host", "db.example.org"), ("port", "5433"), ("user", "bot"), ("dbname", "workshop")]
            ),
            ("postgresql://db/w", [("host", "db"), ("dbname", "w")]),
            ("POSTGRES://[::1]:5432/w", [("host", "::1"), ("port", "5432"), ("dbname", "w")]),
            (
                "postgres://bot@db/w?sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem",
                [
                    ("host", "db"), ("user", "bot"), ("dbname", "w"), ("sslmode", "verify-full"),
                    ("sslrootcert", "/etc/ssl/ca.pem"),
                ]
            ),
            // A socket folder, percent-encoded as libpq accepts it.
            (
                "postgres://bot@%2Fvar%2Frun%2Fpostgresql/w",
                [("host", "/var/run/postgresql"), ("user", "bot"), ("dbname", "w")]
            ),
            ("postgres://b%40t@db/my%20db", [("host", "db"), ("user", "b@t"), ("dbname", "my db")]),
        ] as [(String, [(String, String)])])
    func parses(_ url: String, _ expected: [(String, String)]) throws {
        let address = try PostgresAddress(parsing: url)
        let keywords = address.connectionParameters.map { "\($0.keyword)=\($0.value)" }
        #expect(keywords == expected.map { "\($0.0)=\($0.1)" })
        // Shown again, it reads back as the same address.
        #expect(try PostgresAddress(parsing: address.description) == address)
    }

    @Test(
        "a malformed URL or a password in it is refused, and the message never repeats it",
        arguments: [
            ("postgres://bot:s3cret-pw@db/w", "password"),
            ("postgres://bot:@db/w", "password"),
            ("postgres://bot@db/w?password=s3cret-pw", "password"),
            ("postgres://bot@db/w?sslmode=sometimes", "sslmode"),
            ("postgres://bot@db/w?search_path=s3cret-pw", "unknown option"),
            ("postgres://bot@db:99999/w", "port"),
            ("postgres://bot@db:5432x/w", "port"),
            ("postgres://bot@/w", "host"),
            ("postgres://a,b/w", "one host"),
            ("postgres://db/w/extra", "database"),
            ("postgres://db/w?sslmode", "name=value"),
            ("postgres://db/w?sslmode=require&sslmode=disable", "twice"),
            ("mysql://db/w", "postgres://"),
            ("postgres://db/w%ZZ", "percent-encoded"),
        ])
    func refuses(_ url: String, _ said: String) {
        #expect(PostgresAddress.isPostgresURL(url) == url.lowercased().hasPrefix("postgres"))
        do {
            let address = try PostgresAddress(parsing: url)
            Issue.record("parsed \(address)")
        } catch {
            #expect(error.description.contains(said))
            #expect(!error.description.contains("s3cret-pw"))
        }
    }
}
