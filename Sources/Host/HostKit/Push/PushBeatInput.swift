import Foundation
import Hummingbird
import Kernel

/// What a push carries, from the query (`?status=down&msg=disk%20full&ping=12`, as Uptime
/// Kuma's push URLs take it) or a JSON body (`{"status": "down", "message": "disk full",
/// "latencyMs": 12}`); the body wins where both name a value. Everything is optional.
struct PushBeatInput: Sendable {
    var status: ProbeStatus = .up
    var message: String?
    var latencyMs: Double?

    /// The longest message kept.
    static let maximumMessageLength = 1024

    /// Reads the query and `body` (nil or an empty body: none); 422 naming the field on a bad value.
    init(query: [String: String], body: JSONValue?) throws {
        var issues: [FieldIssue] = []
        let object = body?.objectValue ?? [:]
        if let body, body.objectValue == nil { throw ValidationError(field: "body", "must be a JSON object") }
        let known: Set<String> = ["status", "message", "msg", "latencyMs", "ping"]
        for key in object.keys.sorted() where !known.contains(key) {
            issues.append(FieldIssue(field: key, message: "unknown field", allowedValues: known.sorted()))
        }
        let statusText = object["status"]?.stringValue ?? query["status"]
        if object["status"] != nil, object["status"]?.stringValue == nil { issues.append(FieldIssue(field: "status", message: "must be text")) }
        if let statusText {
            if let parsed = Self.status(statusText) { status = parsed } else {
                issues.append(FieldIssue(field: "status", message: "unknown status '\(statusText)'", allowedValues: ["up", "degraded", "down"]))
            }
        }
        let messageValue = object["message"] ?? object["msg"]
        if let messageValue, messageValue.stringValue == nil, messageValue != .null { issues.append(FieldIssue(field: "message", message: "must be text")) }
        message = messageValue?.stringValue ?? query["msg"] ?? query["message"]
        if let message, message.count > Self.maximumMessageLength {
            issues.append(FieldIssue(field: "message", message: "must be at most \(Self.maximumMessageLength) characters"))
        }
        if message?.isEmpty == true { message = nil }
        let latencyValue = object["latencyMs"] ?? object["ping"]
        if let latencyValue, latencyValue != .null {
            if let number = latencyValue.numberValue { latencyMs = number } else { issues.append(FieldIssue(field: "latencyMs", message: "must be a number")) }
        } else if let text = query["ping"] ?? query["latencyMs"], !text.isEmpty {
            if let number = Double(text) { latencyMs = number } else { issues.append(FieldIssue(field: "ping", message: "must be a number of milliseconds")) }
        }
        if let latencyMs, !(latencyMs.isFinite && (0...3_600_000).contains(latencyMs)) {
            issues.append(FieldIssue(field: "latencyMs", message: "must be 0 to 3600000 milliseconds"))
        }
        guard issues.isEmpty else { throw ValidationError(issues) }
    }

    /// `up`, `degraded`, `down`, and the words other tools push (`ok`, `1`, `0`, `fail`).
    private static func status(_ text: String) -> ProbeStatus? {
        switch text.lowercased() {
        case "up", "ok", "1", "true", "success": .up
        case "degraded", "warn", "warning": .degraded
        case "down", "0", "false", "fail", "failure", "error": .down
        default: nil
        }
    }
}
