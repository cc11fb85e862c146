import BotCore
import CPostgres
import Foundation

/// A thin owner of one libpq connection. Not thread-safe: `PostgresStore` confines it to its actor.
///
/// Every statement with values is prepared once per connection and run with `PQsendQueryPrepared` in libpq's
/// pipeline mode (values are never written into SQL text); results come back in binary format, and every value
/// read is checked against its column's type and length, so no answer of the server can trap the process.
final class PostgresConnection {
    private var handle: OpaquePointer?
    /// Words removed from every message before it leaves (the password libpq may have read from the environment).
    private let secrets: [String]
    /// The statements prepared on this connection, by their SQL: the server parses and plans each statement once
    /// per connection instead of at every call. The store's statements are a small fixed set; past
    /// `preparedLimit` (SQL built per call) a statement runs unprepared.
    private var prepared: [String: String] = [:]
    static let preparedLimit = 256
    /// How many statement names were given out (a name is never used twice on a connection, even for a
    /// statement whose preparation failed).
    private var preparedNames = 0

    /// What was queued in libpq's pipeline and has a result still to read, in order.
    private enum Unread {
        /// A statement's preparation (forgotten if it fails, so it is prepared again next time).
        case prepare(sql: String)
        /// A statement; `keep`: its result goes to `kept`.
        case statement(keep: Bool)
    }
    private var unread: [Unread] = []
    /// The results of the statements sent with `keep` and read by the last `sync`, in order.
    private(set) var kept: [PostgresResult] = []
    /// Set when the connection got out of step with the server (a result missing or extra): it is not used again.
    private var broken = false

    /// Connects, or throws a `StoreError` saying why (without the password).
    init(address: PostgresAddress, secrets: [String]) throws {
        self.secrets = secrets
        // libpq keeps the last value given for a keyword: defaults the URL may override (connect_timeout) come
        // first, then the URL's, then what the store relies on (UTF-8 text).
        var parameters: [(keyword: String, value: String)] = [
            ("connect_timeout", "10"), ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"),
            ("keepalives_count", "3"), ("fallback_application_name", "workshop-bot"),
        ]
        parameters += address.connectionParameters
        parameters.append(("client_encoding", "UTF8"))
        let keywords = parameters.map { strdup($0.keyword) }
        let values = parameters.map { strdup($0.value) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        // expand_dbname 0: the database name is a name, never parsed as a connection string.
        let connection = PQconnectdbParams(keywordPointers, valuePointers, 0)
        guard let connection else { throw StoreError("connect to \(address)", "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.clean(String(cString: PQerrorMessage(connection)), secrets: secrets)
            PQfinish(connection)
            throw StoreError("connect to \(address)", message)
        }
        // NOTICE messages (such as "already exists, skipping") would go to standard error; the store says what
        // matters itself.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit { close() }

    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// False once the connection was closed or lost (the server went away, the network broke).
    var isUsable: Bool {
        guard let handle, !broken else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether the idle connection is still open, checked without a round trip: a server that restarted since
    /// the last transaction closed the connection, and the end of it is waiting on the socket. So a transaction
    /// begins on a new connection instead of failing on the old one.
    var isStillOpen: Bool {
        guard let handle, isUsable else { return false }
        guard unread.isEmpty else { return true }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { return false }
        // Nothing is due from the server between transactions. What arrived anyway is its last word (the
        // message of a server shutting down, then the end of the connection): the connection is not used again.
        return poll(&descriptor, 1, 0) == 0
    }

    /// The server's version as a number (150004 for 15.4).
    var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    /// Runs SQL without values (it may hold several statements); the result of the last one.
    @discardableResult
    func execute(_ sql: String) throws -> PostgresResult {
        guard let handle, !broken else { throw StoreError("execute", "the connection is closed") }
        if PQpipelineStatus(handle) != PQ_PIPELINE_OFF {
            // Several statements in one text need libpq's simple protocol, which a pipeline does not carry.
            try sync()
            guard PQexitPipelineMode(handle) == 1 else { throw failure(handle) }
        }
        return try check(PQexec(handle, sql), handle: handle)
    }

    /// Runs one statement with its values bound as parameters (`$1`, `$2`, ...) and returns its rows, in binary:
    /// the statements `send` queued before it go to the server in the same round trip.
    @discardableResult
    func query(_ sql: String, _ values: [PostgresValue] = []) throws -> PostgresResult {
        try send(sql, values)
        guard let result = try sync() else {
            throw PostgresFailure(
                message: "the server sent no result for the statement", sqlState: nil, connectionLost: !isUsable)
        }
        return result
    }

    /// Queues one statement with its values in libpq's pipeline, without waiting for its result: it reaches the
    /// server with the next `query` or `sync`, in the same round trip, and a failure it meets is reported there.
    /// A value PostgreSQL cannot hold (a NUL in a text) is refused here, before anything is sent.
    func send(_ sql: String, _ values: [PostgresValue] = [], keep: Bool = false) throws {
        guard let handle, !broken else { throw StoreError("query", "the connection is closed") }
        var parameters = Parameters()
        defer { parameters.release() }
        for value in values { try parameters.add(value) }
        if PQpipelineStatus(handle) == PQ_PIPELINE_OFF {
            guard PQenterPipelineMode(handle) == 1 else { throw failure(handle) }
        }
        let count = Int32(values.count)
        var name = prepared[sql]
        if name == nil, prepared.count < Self.preparedLimit {
            // Prepared with this first call's types (0, "infer", for a NULL); the store binds each statement's
            // parameters with the same types at every call.
            let fresh = "wb\(preparedNames)"
            preparedNames += 1
            guard PQsendPrepare(handle, fresh, sql, count, parameters.types) == 1 else { throw failure(handle) }
            unread.append(.prepare(sql: sql))
            prepared[sql] = fresh
            name = fresh
        }
        let sent = parameters.withPointers { pointers, lengths, formats in
            if let name {
                PQsendQueryPrepared(handle, name, count, pointers, lengths, formats, 1)
            } else {
                PQsendQueryParams(handle, sql, count, parameters.types, pointers, lengths, formats, 1)
            }
        }
        guard sent == 1 else { throw failure(handle) }
        unread.append(.statement(keep: keep))
    }

    /// Sends what `send` queued so far, without waiting for anything: the server works on it while the caller
    /// goes on.
    func flush() throws {
        guard let handle, !broken else { throw StoreError("query", "the connection is closed") }
        guard PQflush(handle) == 0 else { throw failure(handle) }
    }

    /// Sends what `send` queued, with a synchronisation point, and reads every result up to it: the last
    /// statement's rows, or the first failure among them (the server skips what follows a failure until the
    /// synchronisation point). Nil when nothing was queued.
    @discardableResult
    func sync() throws -> PostgresResult? {
        guard let handle, !broken else { throw StoreError("query", "the connection is closed") }
        guard !unread.isEmpty else { return nil }
        let expected = unread
        unread.removeAll(keepingCapacity: true)
        kept.removeAll()
        guard PQpipelineSync(handle) == 1 else {
            broken = true
            throw failure(handle)
        }
        var last: PostgresResult?
        var firstFailure: PostgresFailure?
        for entry in expected {
            guard let result = PQgetResult(handle) else {
                // Every statement sent has a result: none means the connection is gone or out of step.
                broken = true
                throw firstFailure ?? failure(handle)
            }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                let read = PostgresResult(result)
                if case .statement(keep: true) = entry { kept.append(read) }
                last = read
            case PGRES_PIPELINE_ABORTED:
                PQclear(result)
                last = nil
                // Skipped by the server after a failure: a statement it did not prepare is prepared next time.
                if case .prepare(let sql) = entry { prepared[sql] = nil }
            default:
                if firstFailure == nil { firstFailure = failure(result, handle: handle) }
                PQclear(result)
                last = nil
                if case .prepare(let sql) = entry { prepared[sql] = nil }
            }
            // Each statement's results end with a null.
            while let extra = PQgetResult(handle) {
                PQclear(extra)
                broken = true
            }
        }
        // The synchronisation point itself.
        guard let point = PQgetResult(handle), PQresultStatus(point) == PGRES_PIPELINE_SYNC else {
            broken = true
            throw firstFailure ?? failure(handle)
        }
        PQclear(point)
        if let firstFailure { throw firstFailure }
        return last
    }

    /// A statement's values as libpq takes them: every buffer from malloc (strdup or malloc), freed with this.
    private struct Parameters {
        var types: [Oid] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        var buffers: [UnsafeMutableRawPointer?] = []

        /// Frees the buffers (libpq copied them into its output when the statement was queued).
        func release() { buffers.forEach { free($0) } }

        private mutating func add(_ type: Oid, text: String) {
            types.append(type)
            lengths.append(0)
            formats.append(0)
            buffers.append(strdup(text).map { UnsafeMutableRawPointer($0) })
        }

        mutating func add(_ value: PostgresValue) throws {
            switch value {
            case .null:
                types.append(0)
                lengths.append(0)
                formats.append(0)
                buffers.append(nil)
            case .integer(let number):
                add(PostgresType.int8, text: String(number))
            case .text(let text):
                // libpq takes text as a C string: a NUL would cut it short, and PostgreSQL's text cannot hold one.
                guard !text.utf8.contains(0) else {
                    throw StoreError("query", "a text value holds a NUL character, which PostgreSQL cannot keep")
                }
                add(PostgresType.text, text: text)
            case .textArray(let items):
                guard !items.contains(where: { $0.utf8.contains(0) }) else {
                    throw StoreError("query", "a text value holds a NUL character, which PostgreSQL cannot keep")
                }
                let quoted = items.map { item in
                    let escaped = item.replacingOccurrences(of: "\\", with: "\\\\")
                        .replacingOccurrences(of: "\"", with: "\\\"")
                    return "\"" + escaped + "\""
                }
                add(PostgresType.textArray, text: "{" + quoted.joined(separator: ",") + "}")
            case .bytes(let data):
                guard let length = Int32(exactly: data.count), let buffer = malloc(max(data.count, 1)) else {
                    throw StoreError("query", "a value of \(data.count) bytes is too large for PostgreSQL")
                }
                data.withUnsafeBytes { bytes in
                    if let base = bytes.baseAddress { buffer.copyMemory(from: base, byteCount: bytes.count) }
                }
                types.append(PostgresType.bytea)
                lengths.append(length)
                formats.append(1)
                buffers.append(buffer)
            }
        }

        func withPointers<R>(
            _ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) -> R
        ) -> R {
            body(buffers.map { $0.map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) } }, lengths, formats)
        }
    }

    /// The failure libpq reports for the connection (a send that failed, a result that never came).
    private func failure(_ handle: OpaquePointer) -> PostgresFailure {
        PostgresFailure(
            message: Self.clean(String(cString: PQerrorMessage(handle)), secrets: secrets), sqlState: nil,
            connectionLost: PQstatus(handle) != CONNECTION_OK)
    }

    /// The failure a result reports: the server's message and SQLSTATE.
    private func failure(_ result: OpaquePointer, handle: OpaquePointer) -> PostgresFailure {
        let message = Self.clean(String(cString: PQresultErrorMessage(result)), secrets: secrets)
        let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        return PostgresFailure(
            message: message.isEmpty ? Self.clean(String(cString: PQerrorMessage(handle)), secrets: secrets) : message,
            sqlState: sqlState, connectionLost: PQstatus(handle) != CONNECTION_OK)
    }

    /// The result, or a `StoreError` with the server's message and SQLSTATE (the result is freed either way).
    private func check(_ result: OpaquePointer?, handle: OpaquePointer) throws -> PostgresResult {
        guard let result else {
            throw PostgresFailure(
                message: Self.clean(String(cString: PQerrorMessage(handle)), secrets: secrets), sqlState: nil,
                connectionLost: PQstatus(handle) != CONNECTION_OK)
        }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = Self.clean(String(cString: PQresultErrorMessage(result)), secrets: secrets)
            let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            PQclear(result)
            throw PostgresFailure(
                message: message.isEmpty
                    ? Self.clean(String(cString: PQerrorMessage(handle)), secrets: secrets) : message,
                sqlState: sqlState, connectionLost: PQstatus(handle) != CONNECTION_OK)
        }
        return PostgresResult(result)
    }

    /// `message` without trailing newlines, and with every secret replaced by `***`.
    static func clean(_ message: String, secrets: [String]) -> String {
        var text = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        for secret in secrets where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "***") }
        return text.isEmpty ? "no message from libpq" : text
    }
}

/// A failed statement: the server's message, its SQLSTATE, and whether the connection went with it.
struct PostgresFailure: Error, CustomStringConvertible {
    var message: String
    var sqlState: String?
    var connectionLost: Bool

    var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }

    /// The `StoreError` a caller sees.
    func storeError(_ operation: String) -> StoreError {
        StoreError(operation, connectionLost ? "the connection to PostgreSQL was lost: \(description)" : description)
    }
}

/// The type OIDs the store sends and reads (pg_type.h).
enum PostgresType {
    static let bytea: Oid = 17
    static let int8: Oid = 20
    static let int4: Oid = 23
    static let text: Oid = 25
    static let varchar: Oid = 1043
    static let name: Oid = 19
    static let textArray: Oid = 1009
}

/// A value bound to a statement.
enum PostgresValue {
    case null
    case integer(Int64)
    case text(String)
    case textArray([String])
    case bytes(Data)
}

/// The rows of one statement, in binary format; freed with the object.
final class PostgresResult {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) { self.result = result }
    deinit { PQclear(result) }

    var rowCount: Int { Int(PQntuples(result)) }

    /// Rows the statement changed (`UPDATE 3`): 0 when it reports none.
    var changedRows: Int { PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0 }

    /// The command tag (`COMMIT`, or `ROLLBACK` when PostgreSQL turned a commit into a rollback).
    var commandStatus: String { PQcmdStatus(result).map { String(cString: $0) } ?? "" }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) != 0 }

    private func bytes(_ row: Int, _ column: Int) throws -> UnsafeRawBufferPointer {
        guard row < rowCount, column < Int(PQnfields(result)) else {
            throw StoreError("read a row", "row \(row), column \(column) is not in the result")
        }
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard let pointer = PQgetvalue(result, Int32(row), Int32(column)), length >= 0 else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }

    private func type(_ column: Int) -> Oid { PQftype(result, Int32(column)) }

    /// A bigint (or integer) column; a `StoreError` for anything else or a null.
    func int(_ row: Int, _ column: Int) throws -> Int64 {
        let raw = try bytes(row, column)
        guard !isNull(row, column) else { throw StoreError("read a row", "column \(column) is null") }
        switch (type(column), raw.count) {
        case (PostgresType.int8, 8):
            return raw.reduce(0) { ($0 << 8) | Int64($1) }
        case (PostgresType.int4, 4):
            return Int64(Int32(bitPattern: raw.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }))
        default:
            throw StoreError(
                "read a row", "column \(column) is not an integer (type \(type(column)), \(raw.count) bytes)")
        }
    }

    /// A bigint column that may be null.
    func optionalInt(_ row: Int, _ column: Int) throws -> Int64? {
        isNull(row, column) ? nil : try int(row, column)
    }

    /// A text column that may be null.
    func text(_ row: Int, _ column: Int) throws -> String? {
        let raw = try bytes(row, column)
        if isNull(row, column) { return nil }
        guard [PostgresType.text, PostgresType.varchar, PostgresType.name].contains(type(column)) else {
            throw StoreError("read a row", "column \(column) is not text (type \(type(column)))")
        }
        return String(decoding: raw, as: UTF8.self)
    }

    /// A text column that must not be null.
    func requiredText(_ row: Int, _ column: Int) throws -> String {
        guard let text = try text(row, column) else { throw StoreError("read a row", "column \(column) is null") }
        return text
    }

    /// A bytea column (not null).
    func data(_ row: Int, _ column: Int) throws -> Data {
        let raw = try bytes(row, column)
        guard !isNull(row, column) else { throw StoreError("read a row", "column \(column) is null") }
        guard type(column) == PostgresType.bytea else {
            throw StoreError("read a row", "column \(column) is not bytea (type \(type(column)))")
        }
        return Data(raw)
    }
}
