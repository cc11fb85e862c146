import BotCore
import CSQLite
import Foundation

/// A thin owner of one SQLite connection and its prepared statements. Not thread-safe: `SQLiteStore`
/// confines it to its actor.
final class SQLiteConnection {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    let path: String
    /// Replies this process queued in the outbox, by row id, with the payload written: the outbox's reader
    /// takes the message from here instead of decoding it again when the row's payload is the same bytes (so a
    /// row id reused after a rolled-back transaction can never yield another message). Small: when the sender
    /// keeps up it holds the few replies between queueing and sending; under a backlog it keeps the oldest
    /// (read first) and later replies are decoded, so a burst costs no memory. Rows queued by an earlier run
    /// are decoded.
    var queuedMessages: [Int64: (payload: Data, message: OutgoingMessage)] = [:]
    static let queuedMessagesLimit = 256

    init(path: String) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw StoreError("open \(path)", message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit { close() }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs SQL that returns no rows (may hold several statements).
    func execute(_ sql: String) throws {
        guard let handle else { throw StoreError("execute", "the store is closed") }
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw StoreError("execute", message)
        }
    }

    var lastError: String { handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed" }

    /// True when no transaction is open: after `BEGIN`, SQLite returns here only if an error rolled it back.
    var isAutocommit: Bool { handle.map { sqlite3_get_autocommit($0) != 0 } ?? true }

    /// Rows changed by the last statement.
    var changes: Int { handle.map { Int(sqlite3_changes($0)) } ?? 0 }

    var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Runs one statement with bound values, calling `row` for each result row.
    func query(_ sql: String, _ values: [SQLiteValue] = [], row: (SQLiteRow) throws -> Void = { _ in }) throws {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .integer(let v): rc = sqlite3_bind_int64(statement, index, v)
            case .text(let v): rc = sqlite3_bind_text(statement, index, v, -1, sqliteTransient)
            case .blob(let v):
                rc = v.withUnsafeBytes { bytes in
                    sqlite3_bind_blob(
                        statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count),
                        sqliteTransient)
                }
            }
            guard rc == SQLITE_OK else { throw StoreError("bind", lastError) }
        }
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_ROW {
                try row(SQLiteRow(statement: statement))
            } else if rc == SQLITE_DONE {
                return
            } else {
                throw StoreError("query", lastError)
            }
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        guard let handle else { throw StoreError("prepare", "the store is closed") }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
            let statement
        else { throw StoreError("prepare", lastError) }
        statements[sql] = statement
        return statement
    }
}

/// SQLite's "copy this buffer now" destructor, which Swift cannot import as a constant.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value bound to or read from a statement.
enum SQLiteValue {
    case null
    case integer(Int64)
    case text(String)
    case blob(Data)
}

/// The current row of a statement, valid only inside the row callback.
struct SQLiteRow {
    let statement: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: pointer)
    }
    func data(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return Data() }
        return Data(bytes: pointer, count: count)
    }
}
