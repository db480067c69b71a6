import Foundation
import Kernel
import RouteSupport

/// A trace run as a file: CSV with one row per origin × hop, or JSON with each origin's hops.
enum TraceExport {
    /// The CSV columns.
    static let columns = ["origin", "hop", "host", "loss_pct", "sent", "last_ms", "avg_ms", "best_ms", "worst_ms", "stddev_ms", "location", "error"]

    /// RFC 4180 CSV (CRLF line ends); an origin without hops (it failed) is one row naming why.
    static func csv(_ run: TraceRun) -> String {
        var lines = [columns.joined(separator: ",")]
        for origin in run.origins {
            let hops = origin.result.flatMap { RouteHop.hops(in: $0.details) } ?? []
            let location = origin.location ?? ""
            if hops.isEmpty {
                let error = origin.result?.failure.map { "\($0.code): \($0.message)" } ?? (origin.state == .running ? "running" : "")
                lines.append(row([origin.name, "", "", "", "", "", "", "", "", "", location, error]))
                continue
            }
            for hop in hops {
                let host = hop.responders.first.map { $0.name ?? $0.address } ?? "???"
                lines.append(row([origin.name, String(hop.ttl), host, number(hop.lossPercent), String(hop.sent), number(hop.lastMs), number(hop.avgMs),
                                  number(hop.bestMs), number(hop.worstMs), number(hop.stdDevMs), location, ""]))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The run with each origin's hops in the shared hop model.
    static func json(_ run: TraceRun) -> JSONValue {
        .object([
            "id": .string(run.id.description),
            "target": .string(run.target),
            "options": run.options,
            "createdAt": .string(APIEncoding.dateText(run.createdAt)),
            "finishedAt": run.finishedAt.map { .string(APIEncoding.dateText($0)) } ?? .null,
            "origins": .array(run.origins.map { origin in
                .object([
                    "origin": .string(origin.key),
                    "name": .string(origin.name),
                    "location": origin.location.map(JSONValue.string) ?? .null,
                    "status": origin.result.map { .string($0.status.rawValue) } ?? .string("running"),
                    "failure": origin.result?.failure.map { .object(["code": .string($0.code), "message": .string($0.message)]) } ?? .null,
                    "hops": .array((origin.result.flatMap { RouteHop.hops(in: $0.details) } ?? []).map(\.json)),
                ])
            }),
        ])
    }

    /// One CSV line: fields with a comma, quote or line break quoted (quotes doubled); a field
    /// a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`.
    static func row(_ fields: [String]) -> String {
        fields.map { field in
            var text = field
            if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    private static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return String(format: "%.3f", value)
    }
}
