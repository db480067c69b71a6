import CLibPQ
import Foundation

/// One libpq connection. Every call blocks, so the pool runs them on its own threads, never on
/// an event loop; a connection is used by one thread at a time (the pool hands it out
/// exclusively), which is what makes the unchecked `Sendable` sound.
final class PGConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Names of the statements prepared on this connection.
    private var prepared: [String: String] = [:]

    /// Connects with a libpq connection string or URI; throws `PGError` with libpq's reason.
    /// `defaults` (keyword, value) apply where the string does not set the keyword itself.
    init(conninfo: String, defaults: [(String, String)] = []) throws {
        // With expand_dbname, the string's own settings override the defaults listed before it.
        let keywords = defaults.map(\.0) + ["dbname"]
        let values = defaults.map(\.1) + [conninfo]
        let connected = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers + [nil], valuePointers + [nil], 1)
            }
        }
        guard let handle = connected else {
            throw PGError(sqlState: nil, message: "out of memory opening a connection", connectionLost: true)
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(handle))
            PQfinish(handle)
            throw PGError(sqlState: nil, message: message, connectionLost: true)
        }
        self.handle = handle
        // libpq prints server notices ("relation ... already exists, skipping") on stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// False once the server or network has dropped the connection.
    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The server's version number (150018 for 15.18).
    var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs SQL without parameters (several statements allowed); returns the last result.
    @discardableResult
    func execute(_ sql: String) throws -> PGRows {
        try check(PQexec(handle, sql))
    }

    /// Runs one statement with text parameters, prepared once per connection under a name
    /// derived from its text and reused after.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws -> PGRows {
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "s\(prepared.count)"
            _ = try check(PQprepare(handle, name, sql, Int32(parameters.count), nil))
            prepared[sql] = name
        }
        return try withCStrings(parameters) { values in
            try check(PQexecPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0))
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isHealthy { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Streams `data` (COPY text format) into `COPY ... FROM STDIN`; returns the rows copied.
    func copyIn(_ sql: String, data: [UInt8]) throws -> Int {
        let start = PQexec(handle, sql)
        guard PQresultStatus(start) == PGRES_COPY_IN else { _ = try check(start); throw failure(nil) }
        PQclear(start)
        let chunk = 1 << 20
        var offset = 0
        while offset < data.count {
            let count = min(chunk, data.count - offset)
            let sent = data.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: count) {
                    PQputCopyData(handle, $0, Int32(count))
                }
            }
            guard sent == 1 else { throw failure(nil) }
            offset += count
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw failure(nil) }
        var copied = 0
        while let result = PQgetResult(handle) {
            copied = try check(result).affected
        }
        return copied
    }

    /// Waits up to `timeout` seconds for a notification on a connection that ran `LISTEN`;
    /// returns those that arrived as (channel, payload), or throws when the connection is lost.
    func notifications(waiting timeout: Double) throws -> [(String, String)] {
        var collected = drainNotifications()
        if !collected.isEmpty { return collected }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(timeout * 1000))
        if ready < 0 && errno != EINTR { throw failure(nil) }
        if ready > 0 {
            guard PQconsumeInput(handle) == 1 else { throw failure(nil) }
        }
        if !isHealthy { throw failure(nil) }
        collected = drainNotifications()
        return collected
    }

    private func drainNotifications() -> [(String, String)] {
        var collected: [(String, String)] = []
        while let notice = PQnotifies(handle) {
            collected.append((String(cString: notice.pointee.relname), String(cString: notice.pointee.extra)))
            PQfreemem(notice)
        }
        return collected
    }

    /// Turns a result into rows, or throws its error (and frees it either way).
    private func check(_ result: OpaquePointer?) throws -> PGRows {
        guard let result else { throw failure(nil) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PGRows(result)
        default:
            defer { PQclear(result) }
            throw failure(result)
        }
    }

    private func failure(_ result: OpaquePointer?) -> PGError {
        let state = result.flatMap { PQresultErrorField($0, vantage_pq_diag_sqlstate()) }.map { String(cString: $0) }
        let primary = result.flatMap { PQresultErrorField($0, vantage_pq_diag_message_primary()) }.map { String(cString: $0) }
        let message = primary ?? Self.text(PQerrorMessage(handle))
        return PGError(sqlState: state, message: message.isEmpty ? "the connection to the server failed" : message,
                       connectionLost: !isHealthy)
    }

    /// libpq's message without its trailing newline, joined to one line.
    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")
    }
}

/// Calls `body` with the parameters as C strings (NULL for nil), valid for the call.
private func withCStrings<T>(_ values: [String?], _ body: ([UnsafePointer<CChar>?]) throws -> T) rethrows -> T {
    let copies = values.map { $0.map { strdup($0) } ?? nil }
    defer { for copy in copies { free(copy) } }
    return try body(copies.map { $0.map { UnsafePointer($0) } })
}
