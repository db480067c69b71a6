import Foundation
import Kernel

/// One log line as a service sends it: `{"level": "error", "message": "...", "source":
/// "api", "fields": {...}, "time": "2026-12-05T10:00:00Z", "monitorId": "..."}`; only
/// `message` is required.
struct LogEntryInput: Decodable {
    var level: String?
    var message: String
    var source: String?
    var fields: JSONValue?
    var time: JSONValue?
    var monitorId: String?

    /// The longest message kept, in bytes.
    static let maximumMessageBytes = 16 * 1024
    /// The longest source kept.
    static let maximumSourceLength = 200
    /// The largest `fields` object, in bytes of JSON.
    static let maximumFieldsBytes = 16 * 1024

    /// The entry, or a `ValidationError` naming `logs[index].<field>`.
    func entry(tenant: TenantID, index: Int, receivedAt: Date) throws -> LogEntry {
        let prefix = "logs[\(index)]"
        var issues: [FieldIssue] = []
        var parsedLevel = LogLevel.info
        if let level {
            if let known = LogLevel(loosely: level) { parsedLevel = known } else {
                issues.append(FieldIssue(field: "\(prefix).level", message: "unknown level '\(level)'", allowedValues: LogLevel.allCases.map(\.rawValue)))
            }
        }
        if message.isEmpty || message.utf8.count > Self.maximumMessageBytes {
            issues.append(FieldIssue(field: "\(prefix).message", message: "must be 1 to \(Self.maximumMessageBytes) bytes"))
        }
        if let source, source.isEmpty || source.count > Self.maximumSourceLength {
            issues.append(FieldIssue(field: "\(prefix).source", message: "must be 1 to \(Self.maximumSourceLength) characters"))
        }
        let fields = self.fields ?? .emptyObject
        if fields.objectValue == nil {
            issues.append(FieldIssue(field: "\(prefix).fields", message: "must be an object"))
        } else if fields.jsonText.utf8.count > Self.maximumFieldsBytes {
            issues.append(FieldIssue(field: "\(prefix).fields", message: "must be at most \(Self.maximumFieldsBytes) bytes of JSON"))
        }
        var monitor: MonitorID?
        if let monitorId {
            if let id = MonitorID(monitorId) { monitor = id } else { issues.append(FieldIssue(field: "\(prefix).monitorId", message: "must be a monitor id")) }
        }
        var time = receivedAt
        do {
            if let value = self.time, value != .null { time = try IngestTime.parse(value, field: "\(prefix).time") }
        } catch let error as ValidationError {
            issues += error.issues
        }
        guard issues.isEmpty else { throw ValidationError(issues) }
        return LogEntry(tenantID: tenant, time: time, receivedAt: receivedAt, level: parsedLevel, message: message, source: source,
                        monitorID: monitor, fields: fields)
    }

    /// The lines of a body: a JSON array of objects, `{"logs": [...]}`, or JSON lines (one
    /// object per line, blank lines skipped). 400 when it is none of them, naming the line.
    static func values(of body: Data) throws -> [JSONValue] {
        let first = body.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if first == UInt8(ascii: "{"), let value = try? JSONValue.parse(body), value.objectValue != nil {
            // One object: a single line, or the batch as {"logs": [...]}.
            if let batch = value["logs"]?.arrayValue, value.objectValue?.count == 1 { return batch }
            return [value]
        }
        if first == UInt8(ascii: "[") {
            guard let value = try? JSONValue.parse(body), let array = value.arrayValue else {
                throw Problem(status: .badRequest, detail: "the request body is not a valid JSON array")
            }
            return array
        }
        var values: [JSONValue] = []
        var number = 0
        for line in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            guard trimmed.contains(where: { !($0 == 0x20 || $0 == 0x09) }) else { continue }
            guard let value = try? JSONValue.parse(Data(trimmed)), value.objectValue != nil else {
                throw Problem(status: .badRequest, detail: "line \(number) of the request body is not a JSON object (send a JSON array or JSON lines)")
            }
            values.append(value)
        }
        return values
    }
}
