import Foundation
import Kernel

/// The words of an alert as chat notifiers show them.
public enum AlertText {
    /// The event name of the seed's webhook body: the status a monitor went to (`down`,
    /// `degraded`), `up` when resolved, the probe event's name, or the alert's kind.
    public static func event(_ alert: Alert) -> String {
        switch alert.kind {
        case .triggered: alert.status?.rawValue ?? "triggered"
        case .resolved: "up"
        case .event: alert.event.name
        default: alert.kind.rawValue
        }
    }

    /// A marker for the kind: 🔴 down, 🟢 resolved, 🟠 degraded or flapping, 🔔 reminder.
    public static func emoji(_ alert: Alert) -> String {
        switch alert.kind {
        case .resolved: "🟢"
        case .reminder: "🔔"
        case .flapping: "🟠"
        case .test: "🧪"
        case .settled: alert.status == .up ? "🟢" : "🟠"
        case .event: "🟡"
        case .triggered: alert.status == .degraded ? "🟠" : "🔴"
        }
    }

    /// An RGB colour for the kind (chat embeds, attachments).
    public static func color(_ alert: Alert) -> Int {
        switch emoji(alert) {
        case "🟢": 0x2EB67D
        case "🟠", "🟡": 0xECB22E
        case "🔴": 0xE01E5A
        default: 0x5B7FFF
        }
    }

    /// `2026-01-26T10:30:00Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// Facts as label and value: monitor, target, status, severity.
    public static func facts(_ alert: Alert) -> [(String, String)] {
        var facts: [(String, String)] = []
        if let monitor = alert.monitor {
            facts.append(("Monitor", monitor.name))
            facts.append(("Target", monitor.target))
            facts.append(("Type", monitor.kind))
        }
        if let status = alert.status { facts.append(("Status", status.rawValue)) }
        facts.append(("Severity", alert.severity.rawValue))
        return facts
    }
}
