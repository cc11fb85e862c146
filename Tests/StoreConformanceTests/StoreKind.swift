import BotCore
import BotMemoryStore
import BotPostgres
import BotSQLite
import BotTesting
import Foundation
import Testing

/// The stores every contract test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case memory
    case postgres

    var testDescription: String { rawValue }

    /// Runs `body` on a new, empty store of this kind, then closes it (and removes its file).
    func with<T>(_ body: (any Store) async throws -> T) async throws -> T {
        var directory: URL?
        var database: String?
        let store: any Store
        switch self {
        case .memory:
            store = MemoryStore()
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "conformance-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            directory = folder
            store = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
        case .postgres:
            // One server for the test process, a database for each test.
            let server = try await PostgresTestServer.shared()
            let name = try await server.createDatabase()
            database = name
            store = try await PostgresStore(url: server.url(database: name))
        }
        defer { if let directory { try? FileManager.default.removeItem(at: directory) } }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(store))
        } catch {
            result = .failure(error)
        }
        await store.close()
        if let database { try await PostgresTestServer.shared().dropDatabase(database) }
        return try result.get()
    }
}

extension StoreKind {
    /// Runs `body` on `count` stores opened on one new, empty store of this kind: for PostgreSQL, separate
    /// connections to one database, as several processes have; for SQLite and memory, one store `count` times.
    func withSeveral<T>(_ count: Int, _ body: ([any Store]) async throws -> T) async throws -> T {
        switch self {
        case .memory:
            let store = MemoryStore()
            let result = await Result { try await body(Array(repeating: store, count: count)) }
            await store.close()
            return try result.get()
        case .sqlite:
            // An SQLite file serves one process: its transactions wait for the file's lock inside SQLite, on the
            // caller's thread, so several stores on one file in one test process would hold up the whole pool.
            return try await with { store in try await body(Array(repeating: store, count: count)) }
        case .postgres:
            let server = try await PostgresTestServer.shared()
            let name = try await server.createDatabase()
            var stores: [any Store] = []
            for _ in 0..<count { stores.append(try await PostgresStore(url: server.url(database: name))) }
            let result = await Result { try await body(stores) }
            for store in stores { await store.close() }
            try await server.dropDatabase(name)
            return try result.get()
        }
    }
}

extension Result where Failure == any Error {
    /// The outcome of `body`, thrown or returned.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// A plugin's view of `store`, as plugins use it.
func storage(_ store: any Store, _ namespace: String = "notes") -> PluginStorage {
    PluginStorage(namespace: namespace, store: store, clock: SystemClock())
}

struct Note: Codable, Equatable, Sendable {
    var text: String
    var count: Int
}

/// Holds a transaction past the end of its body, to show that it can no longer be used.
/// `@unchecked Sendable`: written once inside the body and read only after `transaction` returned, never at
/// the same time.
final class Escaped: @unchecked Sendable {
    var transaction: (any StoreTransaction)?
}

/// The error a test body throws to roll a transaction back.
struct Boom: Error {}

let t0 = Date(timeIntervalSince1970: 1_636_358_400)
let room = ChatRef(platform: "test", id: "room")
