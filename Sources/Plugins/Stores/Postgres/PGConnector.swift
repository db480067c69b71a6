import CLibPQ
import Foundation

/// What a connection is opened with: the user's connection string or URI (with everything
/// libpq offers: sslmode, several hosts with target_session_attrs, passfile, service), and the
/// defaults Vantage adds where the string is silent (`connect_timeout=5`,
/// `application_name=vantage`).
struct PGConnector: Sendable {
    let conninfo: String
    let defaults: [(String, String)]

    /// Checks the string with libpq's own parser; throws `PostgresConfigurationError` naming
    /// what is wrong, without repeating a password.
    init(conninfo: String, applicationName: String = "vantage", connectTimeoutSeconds: Int = 5) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &message) else {
            let reason = message.map { PGConnection.text($0) } ?? "out of memory"
            if let message { PQfreemem(message) }
            throw PostgresConfigurationError.malformed(PGConnectionString.scrub(reason, of: conninfo))
        }
        PQconninfoFree(options)
        self.conninfo = conninfo
        defaults = [("connect_timeout", String(connectTimeoutSeconds)), ("application_name", applicationName)]
    }

    /// Opens a connection.
    func connect() throws -> PGConnection {
        try PGConnection(conninfo: conninfo, defaults: defaults)
    }

    /// The connection's settings other than secrets, for messages: `host=db1,db2 port=5432
    /// dbname=vantage user=vantage`.
    var display: String { PGConnectionString.display(conninfo) }
}

/// Why a connection string was refused before connecting.
enum PostgresConfigurationError: Error, CustomStringConvertible {
    case malformed(String)

    var description: String {
        switch self {
        case .malformed(let reason):
            "the PostgreSQL connection string is malformed: \(reason). Use a URI (postgresql://user@host:5432/dbname?sslmode=require) or key=value pairs (host=... dbname=...)"
        }
    }
}
