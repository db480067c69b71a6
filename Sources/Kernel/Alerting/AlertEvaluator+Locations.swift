import Foundation

extension AlertEvaluator {
    /// The alerts a change at one of a monitor's agent locations raises: only rules that name
    /// `monitor.location_changed` (or `monitor.*`) among their triggers hear of single
    /// locations; the others follow the monitor's own status, decided by quorum, so one broken
    /// vantage point pages no one.
    func locationChanged(_ change: MonitorLocationChanged, _ event: Event) -> [AlertHistoryEntry] {
        rules(of: event.tenantID).compactMap { rule -> AlertHistoryEntry? in
            guard rule.reports(event: event.name), let subject = subject(change.monitorID, rule) else { return nil }
            let place = "at \(change.location)"
            let message = change.failure.map { "\(subject.target) \(place): \($0.message)" } ?? "\(subject.target) is \(change.to.rawValue) \(place)"
            var details: [String: JSONValue] = ["location": .string(change.location), "from": .string(change.from.rawValue),
                                                "to": .string(change.to.rawValue)]
            if let failure = change.failure {
                details["failure"] = .object(["code": .string(failure.code), "message": .string(failure.message)])
            }
            var alert = makeAlert(.event, rule, subject, status: change.to, event: event, title: "\(subject.name) is \(change.to.rawValue) \(place)",
                                  message: message, details: .object(details))
            if change.to == .up { alert.severity = .info }
            return entry(alert, rule, at: event.occurredAt)
        }
    }
}
