import Foundation

/// How severe a log line is, from `trace` to `critical` (the levels of swift-log and syslog).
public enum LogLevel: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case trace, debug, info, notice, warning, error, critical

    /// The level a producer's word names: the levels themselves, and the spellings other
    /// loggers use (`warn`, `err`, `fatal`, `crit`, `information`), any case; nil otherwise.
    public init?(loosely text: String) {
        switch text.lowercased() {
        case "warn": self = .warning
        case "err": self = .error
        case "fatal", "crit", "alert", "emerg", "emergency", "panic": self = .critical
        case "information": self = .info
        default: self.init(rawValue: text.lowercased())
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
}

/// One log line a service sent (`POST /api/v1/logs/ingest`).
public struct LogEntry: Sendable, Codable, Hashable, Identifiable {
    /// The store's sequence number; nil before it is stored.
    public var id: Int64?
    /// The tenant it belongs to.
    public var tenantID: TenantID
    /// When it happened, by the producer's clock (the receipt time when it gave none).
    public var time: Date
    /// When the server received it.
    public var receivedAt: Date
    /// Its level.
    public var level: LogLevel
    /// The line itself (at most 16 KiB), searched by word.
    public var message: String
    /// Who wrote it (`backup`, `api-7f9c`), if the producer said.
    public var source: String?
    /// The push monitor whose token sent it, or the one the producer named.
    public var monitorID: MonitorID?
    /// Structured fields (`{"user": "ada", "status": 500}`): a JSON object.
    public var fields: JSONValue

    /// Creates an entry.
    public init(id: Int64? = nil, tenantID: TenantID, time: Date, receivedAt: Date = Date(), level: LogLevel = .info, message: String,
                source: String? = nil, monitorID: MonitorID? = nil, fields: JSONValue = .emptyObject) {
        self.id = id
        self.tenantID = tenantID
        self.time = time
        self.receivedAt = receivedAt
        self.level = level
        self.message = message
        self.source = source
        self.monitorID = monitorID
        self.fields = fields
    }
}

/// Which log lines to read: every condition given must hold.
public struct LogFilter: Sendable, Hashable {
    /// Lines at or after this time.
    public var from: Date?
    /// Lines before this time.
    public var to: Date?
    /// Lines at one of these levels; nil or empty: every level.
    public var levels: Set<LogLevel>?
    /// Lines from this source, exactly.
    public var source: String?
    /// Lines of this monitor.
    public var monitorID: MonitorID?
    /// Lines whose message holds every word of this text (whole words, any case): full-text
    /// search in the store (FTS5 in SQLite, `tsvector` in PostgreSQL), not a substring scan.
    public var text: String?

    /// Creates a filter.
    public init(from: Date? = nil, to: Date? = nil, levels: Set<LogLevel>? = nil, source: String? = nil, monitorID: MonitorID? = nil,
                text: String? = nil) {
        self.from = from
        self.to = to
        self.levels = levels
        self.source = source
        self.monitorID = monitorID
        self.text = text
    }

    /// The words of `text` that a search matches: runs of letters and digits, lowercased,
    /// at most 16. Both stores search for these same words, so a query means the same in each.
    public var words: [String] { text.map { Array(Self.words(in: $0).prefix(16)) } ?? [] }

    /// Every word of `text`: runs of letters and digits, lowercased.
    public static func words(in text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
