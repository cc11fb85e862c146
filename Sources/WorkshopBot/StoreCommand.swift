import ArgumentParser
import BotCore
import BotPostgres
import BotSQLite
import Foundation

/// `workshop-bot store …`: work on a store as a whole.
struct StoreCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Work on a store as a whole.", subcommands: [StoreCopy.self])
}

/// `workshop-bot store copy --from sqlite:./data/workshop-bot.sqlite --to postgres://user@host:5432/db`: moves a
/// workshop to PostgreSQL (see README.md, "Storing on PostgreSQL").
struct StoreCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a workshop's whole state into an empty PostgreSQL database, in one transaction.",
        discussion: """
            Copies every table of the store: plugin records, handled message keys, set-aside messages, scheduled \
            jobs, the outbox, channel cursors and state, and the plugins' migration versions. The target must be \
            empty; on any error nothing is written. Stop the bot first (what it does after the copy began is not \
            copied), then start it with the new store. The password comes from PGPASSWORD or ~/.pgpass, never \
            from the URL.
            """)

    @Option(help: "The store to copy: sqlite:PATH or a path to a SQLite file (or a postgres:// URL).")
    var from: String

    @Option(help: "The empty PostgreSQL database to copy into: postgres://user@host:5432/database.")
    var to: String

    /// Where a store address points.
    enum Location: Equatable {
        case sqlite(path: String)
        case postgres(PostgresAddress)
    }

    /// Reads `--from` or `--to`: `sqlite:PATH` (`sqlite:///abs/path` too), a PostgreSQL URL, or a plain path. An
    /// address that is neither is refused naming only its scheme: the rest of a URL may hold a password.
    static func location(_ text: String, option: String) throws -> Location {
        if PostgresAddress.isPostgresURL(text) {
            do {
                return .postgres(try PostgresAddress(parsing: text))
            } catch {
                // Not the URL itself: it may hold a password, which is refused and never shown.
                throw CommandFailure("\(option): the PostgreSQL URL is not usable: \(error)")
            }
        }
        var path = text
        if path.hasPrefix("sqlite:") {
            path.removeFirst("sqlite:".count)
            if path.hasPrefix("//") { path.removeFirst(2) }
        } else if let scheme = text.range(of: "://").map({ text[..<$0.lowerBound] }),
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        {
            throw CommandFailure(
                "\(option): \(scheme):// is not a store address; give sqlite:PATH, a path, or postgres://user@host:5432/database"
            )
        }
        guard !path.isEmpty else { throw CommandFailure("\(option): the SQLite path is empty") }
        return .sqlite(path: path)
    }

    func run() async throws {
        let source = try Self.location(from, option: "--from")
        guard case .postgres(let target) = try Self.location(to, option: "--to") else {
            throw CommandFailure(
                "--to must be a PostgreSQL database (postgres://user@host:5432/database); a new SQLite store needs no copy"
            )
        }
        if source == .postgres(target) { throw CommandFailure("--from and --to name the same database") }
        let snapshot = try await Self.snapshot(of: source)
        let store: PostgresStore
        do {
            store = try await PostgresStore(address: target)
        } catch {
            throw CommandFailure("cannot open the store at \(target): \(error)")
        }
        do {
            try await store.load(snapshot)
        } catch {
            await store.close()
            throw CommandFailure("cannot copy into \(target): \(error)")
        }
        await store.close()
        print("copied \(snapshot.summary) from \(Self.name(source)) to \(target)")
    }

    /// How a source is shown: its path, or its URL without a password (none is accepted).
    static func name(_ location: Location) -> String {
        switch location {
        case .sqlite(let path): return path
        case .postgres(let address): return address.description
        }
    }

    /// Reads the whole source store. A SQLite path must name an existing file: a mistyped path is an error,
    /// never a new, empty store copied over.
    static func snapshot(of location: Location) async throws -> StoreSnapshot {
        switch location {
        case .sqlite(let path):
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
                throw CommandFailure("--from: no SQLite store at \(path)")
            }
            do {
                let store = try SQLiteStore(path: path)
                let snapshot = await outcome { try await store.snapshot() }
                await store.close()
                return try snapshot.get()
            } catch {
                throw CommandFailure("cannot read the store at \(path): \(error)")
            }
        case .postgres(let address):
            do {
                let store = try await PostgresStore(address: address)
                let snapshot = await outcome { try await store.snapshot() }
                await store.close()
                return try snapshot.get()
            } catch {
                throw CommandFailure("cannot read the store at \(address): \(error)")
            }
        }
    }
}

/// What `work` gave or threw, as a value, so a store can be closed whatever happened before it is passed on.
private func outcome<T>(_ work: () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await work())
    } catch {
        return .failure(error)
    }
}
