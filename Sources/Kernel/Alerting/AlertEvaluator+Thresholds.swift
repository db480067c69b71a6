import Foundation

extension AlertEvaluator {
    /// The alerts a monitor's newest results raise through the thresholds of the rules that
    /// cover it (`latency>500ms for 3 runs`): a triggered alert when a threshold is breached
    /// and none is open, a resolved one (when the rule sends them) once it clears. Results
    /// are newest first; a rule reads as many as its longest threshold needs.
    public mutating func measured(_ monitorID: MonitorID, tenant: TenantID, newestFirst results: [ProbeResult], at now: Date) -> [AlertHistoryEntry] {
        var raised: [AlertHistoryEntry] = []
        for rule in rules(of: tenant) where !rule.thresholds.isEmpty {
            guard let subject = subject(monitorID, rule) else { continue }
            let key = AlertSubjectState.Key(ruleID: rule.id, monitorID: monitorID)
            var state = states[key] ?? AlertSubjectState(ruleID: rule.id, monitorID: monitorID, tenantID: tenant, status: .pending)
            var open = Set(state.breached ?? [])
            let before = open
            let event = Event(tenantID: tenant, occurredAt: now, name: "alert.threshold", json: .object(["monitorID": .string(monitorID.description)]))
            for threshold in rule.thresholds {
                let name = threshold.description
                let values = results.compactMap(threshold.value(in:))
                switch threshold.breached(byNewestFirst: results) {
                case true? where !open.contains(name):
                    let seen = values.prefix(threshold.runs).map(threshold.format).joined(separator: ", ")
                    let side = threshold.breachesBelow ? "below" : "above"
                    let alert = makeAlert(.triggered, rule, subject, status: state.status, event: event,
                                          title: "\(subject.name): \(threshold.measurementName) \(side) \(threshold.format(threshold.limit))",
                                          message: "\(subject.target): \(threshold.measurementName) \(seen) (\(name))",
                                          details: Self.details(threshold, values.prefix(threshold.runs)))
                    let made = entry(alert, rule, at: now)
                    if made.suppressed == nil { open.insert(name) }
                    raised.append(made)
                case false? where open.contains(name):
                    open.remove(name)
                    if rule.sendResolved {
                        var alert = makeAlert(.resolved, rule, subject, status: state.status, event: event,
                                              title: "\(subject.name): \(threshold.measurementName) back to \(threshold.format(values[0]))",
                                              message: "\(subject.target): \(threshold.measurementName) \(threshold.format(values[0])), no longer past \(threshold.format(threshold.limit)) (\(name))",
                                              details: Self.details(threshold, values.prefix(1)))
                        alert.severity = .info
                        raised.append(entry(alert, rule, at: now))
                    }
                default:
                    break
                }
            }
            // Thresholds removed from the rule close silently.
            open.formIntersection(rule.thresholds.map(\.description))
            guard open != before else { continue }
            state.breached = open.isEmpty ? nil : open.sorted()
            store(state)
        }
        return raised
    }

    /// How many of the newest results of `subject` the thresholds covering it need; 0 when none does.
    public func resultsNeeded(_ subject: Alert.Subject, tenant: TenantID) -> Int {
        rules(of: tenant).filter { $0.monitors.covers(subject.id, kind: subject.kind, tags: subject.tags) }
            .flatMap(\.thresholds).map(\.runs).max() ?? 0
    }

    private static func details(_ threshold: MetricThreshold, _ values: ArraySlice<Double>) -> JSONValue {
        .object(["threshold": .string(threshold.description), "measurement": .string(threshold.measurementName),
                 "limit": .number(threshold.limit), "runs": .number(Double(threshold.runs)),
                 "values": .array(values.map { .number($0) })])
    }
}
