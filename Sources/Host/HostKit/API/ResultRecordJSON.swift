import Foundation
import Kernel

/// A result record as the API's JSON, written directly: the same object `APIEncoding.encoder`
/// produces (sorted keys, ISO 8601 dates with milliseconds), without `JSONEncoder`'s
/// per-value boxing, which cost about 7 % of a one-shot https request (certificate details are
/// large). Records with probe events go through the encoder.
enum ResultRecordJSON {
    /// The JSON text, or nil when the record needs the general encoder.
    static func text(_ record: ResultRecord) -> String? {
        let result = record.result
        guard result.events.isEmpty else { return nil }
        var out = "{"
        out.reserveCapacity(512)
        out += "\"duration\":" + JSONValue.numberText(record.duration)
        if let id = record.id { out += ",\"id\":" + String(id) }
        out += ",\"kind\":"
        JSONValue.writeString(record.kind, to: &out)
        if let location = record.location {
            out += ",\"location\":"
            JSONValue.writeString(location, to: &out)
        }
        out += record.maintenance ? ",\"maintenance\":true" : ",\"maintenance\":false"
        if let monitor = record.monitorID { out += ",\"monitorID\":\"" + monitor.description + "\"" }
        out += ",\"result\":{\"details\":"
        result.details.write(to: &out)
        if let failure = result.failure {
            out += ",\"failure\":{\"code\":"
            JSONValue.writeString(failure.code, to: &out)
            out += ",\"message\":"
            JSONValue.writeString(failure.message, to: &out)
            out += "}"
        }
        if let latency = result.latency { out += ",\"latency\":" + JSONValue.numberText(latency) }
        out += ",\"metrics\":" + JSONValue.text(ofMetrics: result.metrics)
        out += ",\"status\":\"" + result.status.rawValue + "\"}"
        out += ",\"startedAt\":\"" + APIEncoding.dateText(record.startedAt) + "\""
        out += ",\"target\":"
        JSONValue.writeString(record.target, to: &out)
        out += ",\"tenantID\":\"" + record.tenantID.description + "\"}"
        return out
    }
}
