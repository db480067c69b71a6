import Foundation
import HTTPDelivery
import Kernel

/// The JSON body of `notifier.webhook`: the fields of the seed's webhook (`monitor`, `type`,
/// `target`, `event`, `details`, `timestamp`) and, beside them, the ids, kind, status, the
/// time with milliseconds (`occurredAt`),
/// severity, tenant, link and the alert's facts (`data`).
public enum WebhookPayload {
    /// The body as UTF-8 JSON with sorted keys.
    public static func body(_ alert: Alert) throws -> [UInt8] {
        var object: [String: JSONValue] = [
            "monitor": alert.monitor.map { .string($0.name) } ?? .null,
            "type": alert.monitor.map { .string($0.kind) } ?? .null,
            "target": alert.monitor.map { .string($0.target) } ?? .null,
            "event": .string(AlertText.event(alert)),
            "details": .string(alert.message),
            "timestamp": .string(AlertText.timestamp(alert.occurredAt)),
            "occurredAt": .string(alert.occurredAt.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))),
            "alertId": .string(alert.id.uuidString.lowercased()),
            "kind": .string(alert.kind.rawValue),
            "title": .string(alert.title),
            "severity": .string(alert.severity.rawValue),
            "status": alert.status.map { .string($0.rawValue) } ?? .null,
            "monitorId": alert.monitor.map { .string($0.id.description) } ?? .null,
            "tags": alert.monitor.flatMap { $0.tags.isEmpty ? nil : .array($0.tags.map(JSONValue.string)) } ?? .null,
            "tenantId": .string(alert.tenantID.description),
            "ruleId": alert.ruleID.map { .string($0.description) } ?? .null,
            "link": alert.link.map(JSONValue.string) ?? .null,
            "data": alert.details,
        ]
        object = object.filter { $0.value != .null }
        return Array(try JSONValue.object(object).jsonData())
    }
}
