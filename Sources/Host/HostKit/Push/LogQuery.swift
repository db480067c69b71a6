import Foundation
import Hummingbird
import Kernel

/// `GET /api/v1/logs`'s query: `from`, `to`, `level` (one or several, comma-separated),
/// `source`, `monitorId` and `q` (words of the message).
enum LogQuery {
    /// The filter of `request`; 422 naming the parameter on a bad value.
    static func filter(_ request: Request) throws -> LogFilter {
        let query = request.uri.queryParameters
        var filter = LogFilter(from: try RequestDecoding.date(request, "from"), to: try RequestDecoding.date(request, "to"))
        if let text = query.get("level"), !text.isEmpty {
            var levels: Set<LogLevel> = []
            for word in text.split(separator: ",") {
                guard let level = LogLevel(loosely: String(word)) else {
                    throw ValidationError(field: "level", "unknown level '\(word)'", allowedValues: LogLevel.allCases.map(\.rawValue))
                }
                levels.insert(level)
            }
            filter.levels = levels
        }
        if let source = query.get("source"), !source.isEmpty { filter.source = source }
        if let text = query.get("monitorId"), !text.isEmpty {
            guard let id = MonitorID(text) else { throw ValidationError(field: "monitorId", "must be a monitor id") }
            filter.monitorID = id
        }
        if let text = query.get("q") {
            guard text.utf8.count <= 1024 else { throw ValidationError(field: "q", "must be at most 1024 bytes") }
            if !text.trimmingCharacters(in: .whitespaces).isEmpty { filter.text = text }
        }
        return filter
    }
}
