import Foundation
import Kernel

/// Alerts for notifier tests: a monitor going down, coming back, and the like.
public enum AlertFixtures {
    /// An alert about a TCP monitor `web` at `127.0.0.1:8443`.
    public static func alert(_ kind: Alert.Kind = .triggered, status: MonitorStatus? = .down, severity: Alert.Severity = .critical,
                             title: String = "web is down", message: String = "127.0.0.1:8443: connection refused",
                             link: String? = "https://vantage.example.com/api/v1/monitors/0b5cbe0c-8e54-4fd6-9a2a-42c41b5d8a8e") -> Alert {
        let monitor = MonitorID("0b5cbe0c-8e54-4fd6-9a2a-42c41b5d8a8e")!
        let event = Event(tenantID: .defaultTenant, occurredAt: Date(timeIntervalSince1970: 1_769_423_400), name: "monitor.status_changed",
                          json: .object(["monitorID": .string(monitor.description), "from": "up", "to": "down"]))
        return Alert(tenantID: .defaultTenant, kind: kind, title: title, message: message, severity: severity,
                     monitor: Alert.Subject(id: monitor, name: "web", kind: "tcp", target: "127.0.0.1:8443"), status: status,
                     ruleID: AlertRuleID("5d1b3f1e-2f7c-4c35-8f7e-7f1c2b9a4d10"), event: event,
                     details: .object(["from": "up", "to": "down", "failure": .object(["code": "refused", "message": "connection refused"])]),
                     link: link)
    }
}
