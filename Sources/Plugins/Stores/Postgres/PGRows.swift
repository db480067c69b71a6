import CLibPQ
import Foundation

/// The rows of a result in text format, copied out of libpq's `PGresult` (which is freed at
/// once), addressed by row and column index.
struct PGRows: Sendable {
    /// Column names.
    let columns: [String]
    /// Cell values; nil for SQL NULL.
    let rows: [[String?]]
    /// Rows affected by INSERT/UPDATE/DELETE/COPY.
    let affected: Int

    init(_ result: OpaquePointer) {
        defer { PQclear(result) }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        rows = (0..<rowCount).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
        affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// The first row, if any.
    var first: PGRow? { rows.first.map { PGRow(values: $0, columns: columns) } }

    /// Every row.
    var all: [PGRow] { rows.map { PGRow(values: $0, columns: columns) } }
}

/// One row, read by column name.
struct PGRow: Sendable {
    let values: [String?]
    let columns: [String]

    /// The text of a column, or nil for NULL (or an unknown column).
    subscript(_ name: String) -> String? {
        guard let index = columns.firstIndex(of: name) else { return nil }
        return values[index]
    }

    func string(_ name: String) -> String { self[name] ?? "" }
    func int(_ name: String) -> Int { self[name].flatMap { Int($0) } ?? 0 }
    func int64(_ name: String) -> Int64 { self[name].flatMap { Int64($0) } ?? 0 }
    func double(_ name: String) -> Double? { self[name].flatMap { Double($0) } }
    func bool(_ name: String) -> Bool { self[name] == "t" }
    /// A `timestamptz` selected as `extract(epoch from …)`.
    func date(_ name: String) -> Date? { double(name).map(Date.init(timeIntervalSince1970:)) }
}
