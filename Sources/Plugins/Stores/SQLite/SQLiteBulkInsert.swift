import GRDB
import GRDBSQLite

/// Multi-row statements bound with the sqlite3 C API, inside the caller's GRDB transaction.
///
/// The scheduler's writer commits thousands of rows a second; binding each through GRDB's
/// `StatementArguments` boxes every value, and one statement per row pays SQLite's statement
/// start each time. Here `rowsPerStatement` rows share one statement, and values are bound
/// straight from Swift strings and numbers.
struct SQLiteBulkInsert {
    /// The SQL before the rows, for example `INSERT INTO t (a, b) VALUES`.
    let head: String
    /// The SQL after the rows, for example an `ON CONFLICT` clause.
    let tail: String
    /// Values in each row.
    let columns: Int
    /// Rows in each full statement (SQLite allows 32,766 parameters in a statement).
    let rowsPerStatement: Int

    /// One row's placeholders, `(?,?,…)` with `columns` of them.
    private var row: String { "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")" }

    /// Inserts `count` rows; `bind` binds row `index`'s `columns` values, in order.
    func run(_ db: Database, count: Int, bind: (inout SQLiteBinder, Int) -> Void) throws {
        guard count > 0, let connection = db.sqliteConnection else { return }
        var full: OpaquePointer?
        defer { sqlite3_finalize(full) }
        var index = 0
        while index < count {
            let rows = min(rowsPerStatement, count - index)
            var partial: OpaquePointer?
            defer { sqlite3_finalize(partial) }
            let statement: OpaquePointer
            if rows == rowsPerStatement {
                if full == nil { full = try prepare(rows: rows, connection) }
                statement = full!
            } else {
                partial = try prepare(rows: rows, connection)
                statement = partial!
            }
            var binder = SQLiteBinder(statement: statement)
            for offset in 0..<rows { bind(&binder, index + offset) }
            let code = sqlite3_step(statement)
            sqlite3_reset(statement)
            guard code == SQLITE_DONE else { throw Self.error(code, connection) }
            index += rows
        }
    }

    private func prepare(rows: Int, _ connection: OpaquePointer) throws -> OpaquePointer {
        let row = row
        var sql = head
        sql.reserveCapacity(head.count + rows * (row.count + 1) + tail.count + 1)
        for index in 0..<rows {
            sql += index == 0 ? " " : ","
            sql += row
        }
        sql += " " + tail
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw Self.error(code, connection, sql: sql) }
        return statement
    }

    private static func error(_ code: CInt, _ connection: OpaquePointer, sql: String? = nil) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}

/// Binds one statement's parameters in order, from the first.
struct SQLiteBinder {
    let statement: OpaquePointer
    private var index: CInt = 1

    init(statement: OpaquePointer) { self.statement = statement }

    /// SQLite copies the bytes before the bind returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds text, or NULL.
    mutating func text(_ value: String?) {
        if var value {
            value.withUTF8 { bytes in
                if let base = bytes.baseAddress, !bytes.isEmpty {
                    _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                          CInt(bytes.count), Self.transient)
                } else {
                    _ = sqlite3_bind_text(statement, index, "", 0, Self.transient)  // empty text, not NULL
                }
            }
        } else {
            sqlite3_bind_null(statement, index)
        }
        index += 1
    }

    /// Binds a real, or NULL.
    mutating func double(_ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }

    /// Binds an integer.
    mutating func integer(_ value: Int) {
        sqlite3_bind_int64(statement, index, sqlite3_int64(value))
        index += 1
    }
}
