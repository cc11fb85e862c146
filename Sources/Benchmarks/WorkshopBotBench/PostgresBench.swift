import BotCore
import BotPostgres
import BotTesting
import Foundation

// `/vote` commands per second on PostgreSQL against SQLite, in the same run on the same machine (issue: at
// least half SQLite's rate). The PostgreSQL server is the tests' own (Tests/Servers/postgres_server.py, started
// through PostgresTestServer: a temporary data folder on 127.0.0.1, run as the `postgres` user when the bench
// runs as root). See docs/BENCHMARKS.md.

/// Runs the dispatch workload of `benchDispatch` for `/vote` on SQLite and on PostgreSQL, alternating the two so
/// that load from elsewhere on a shared machine falls on both alike, and prints both medians and their ratio.
func benchDispatchPostgres() async throws {
    let runs = 5, messages = 20_000, chats = 50
    let server = try await PostgresTestServer()
    var sqliteRates: [Double] = [], postgresRates: [Double] = [], groupSizes: [Double] = []
    for _ in 0..<runs {
        sqliteRates.append(try await dispatchRun(command: "vote", messages: messages, chats: chats))
        // A new database each run, as SQLite gets a new file.
        let database = try await server.createDatabase()
        let store = try await PostgresStore(url: server.url(database: database))
        postgresRates.append(try await dispatchRun(command: "vote", messages: messages, chats: chats, store: store))
        let (groups, bodies) = (await store.groupsRun, await store.bodiesRun)
        groupSizes.append(Double(bodies) / Double(max(groups, 1)))
        try await server.dropDatabase(database)
    }
    func shown(_ rates: [Double]) -> String { rates.map { String(Int($0)) }.joined(separator: ", ") }
    let sqlite = median(sqliteRates), postgres = median(postgresRates)
    print("dispatch-postgres: /vote, \(messages) commands over \(chats) chats per run, \(runs) runs each, alternating")
    print("  SQLite (WAL, synchronous=normal):     median \(Int(sqlite)) commands/s (runs: \(shown(sqliteRates)))")
    print(
        "  PostgreSQL (127.0.0.1, one connection): median \(Int(postgres)) commands/s (runs: \(shown(postgresRates)))")
    print(
        "  PostgreSQL transactions per group (median of the runs' means): \(String(format: "%.1f", median(groupSizes)))"
    )
    print("  PostgreSQL / SQLite: \(String(format: "%.2f", sqlite > 0 ? postgres / sqlite : 0))")
}
