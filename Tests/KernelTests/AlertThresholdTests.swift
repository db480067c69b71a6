import Foundation
import Kernel
import Testing

/// Thresholds on measurements (`latency>500ms for 3 runs`): their text, and what the
/// evaluator raises from a monitor's newest results.
@Suite("alert thresholds")
struct AlertThresholdTests {
    let tenant = TenantID.defaultTenant
    let monitor = MonitorID.random()
    let channel = NotificationChannelRecord(tenantID: .defaultTenant, name: "ops", type: "webhook", settings: .object([:]))

    func evaluator(_ triggers: [AlertTrigger], sendResolved: Bool = true, windows: [MaintenanceWindow] = [],
                   states: [AlertSubjectState] = []) -> AlertEvaluator {
        let rule = AlertRule(tenantID: tenant, name: "slow", triggers: triggers, channels: [channel.id], severity: .warning, sendResolved: sendResolved)
        return AlertEvaluator(rules: [rule], windows: windows, channels: [channel],
                              subjects: [monitor: Alert.Subject(id: monitor, name: "web", kind: "http", target: "https://example.test")], states: states)
    }

    /// Results newest first, from latencies in milliseconds (nil: a down result without one).
    func results(_ latencies: [Double?]) -> [ProbeResult] {
        latencies.map { ms in
            ms.map { ProbeResult(status: .up, latency: $0 / 1000) } ?? .down(ProbeFailure(code: "refused", message: "connection refused"))
        }
    }

    @Test(arguments: [
        ("latency>500ms for 3 runs", "latency>500ms for 3 runs"),
        ("latency > 1.5s for 2 run", "latency>1.5s for 2 runs"),
        ("loss>20%", "loss>20%"),
        ("expiry<14d", "expiry<14d"),
        ("connect_seconds>0.25 for 4", "connect_seconds>0.25 for 4 runs"),
    ])
    func parsesAndPrintsCanonically(text: String, canonical: String) throws {
        let trigger = try #require(AlertTrigger(text))
        #expect(trigger.description == canonical)
        #expect(AlertTrigger(canonical) == trigger, "the canonical text parses to the same trigger")
    }

    @Test(arguments: ["latency>500", "latency>fast", "loss>120%", "loss>-1%", "latency>500ms for 0 runs", "latency>500ms for 101 runs",
                      "latency>500ms for three runs", "Latency>1", "latency>>1ms", "latency>1ms<2ms", ">1", "expiry<14", "latency>nanms"])
    func refusesWhatIsNotAThreshold(text: String) {
        #expect(AlertTrigger(text) == nil)
    }

    @Test func thresholdReadsItsMeasurement() {
        let result = ProbeResult(status: .up, latency: 0.2, metrics: ["loss_ratio": 0.25, "certificate_days_left": 9, "connect_seconds": 0.1])
        #expect(MetricThreshold("latency>100ms")?.value(in: result) == 0.2)
        #expect(MetricThreshold("loss>20%")?.value(in: result) == 0.25)
        #expect(MetricThreshold("expiry<14d")?.value(in: result) == 9)
        #expect(MetricThreshold("expiry<14d")?.value(in: ProbeResult(status: .up, metrics: ["days_left": 20])) == 20, "a domain's days left count too")
        #expect(MetricThreshold("connect_seconds>0.05")?.value(in: result) == 0.1)
    }

    @Test func breachedAfterNRunsAndResolvedOnce() throws {
        var evaluator = evaluator([try #require(AlertTrigger("latency>500ms for 3 runs"))])
        let now = Date(timeIntervalSince1970: 100)
        #expect(evaluator.measured(monitor, tenant: tenant, newestFirst: results([700, 650, 100]), at: now).isEmpty, "two runs above are not three")
        let raised = evaluator.measured(monitor, tenant: tenant, newestFirst: results([700, 650, 610]), at: now)
        #expect(raised.map(\.alert.kind) == [.triggered])
        #expect(raised.first?.alert.title == "web: latency above 500 ms")
        #expect(raised.first?.alert.message == "https://example.test: latency 700 ms, 650 ms, 610 ms (latency>500ms for 3 runs)")
        #expect(raised.first?.alert.severity == .warning)
        #expect(raised.first?.deliveries.map(\.state) == [.pending])
        #expect(evaluator.measured(monitor, tenant: tenant, newestFirst: results([800, 700, 650]), at: now).isEmpty, "once per breach")
        #expect(evaluator.measured(monitor, tenant: tenant, newestFirst: results([nil, 800, 700]), at: now).isEmpty,
                "a result without latency changes nothing")
        let resolved = evaluator.measured(monitor, tenant: tenant, newestFirst: results([120, nil, 800]), at: now)
        #expect(resolved.map(\.alert.kind) == [.resolved])
        #expect(resolved.first?.alert.severity == .info)
        #expect(resolved.first?.alert.title == "web: latency back to 120 ms")
        #expect(evaluator.measured(monitor, tenant: tenant, newestFirst: results([90, 120, nil]), at: now).isEmpty)
        let state = try #require(evaluator.states[AlertSubjectState.Key(ruleID: raised[0].alert.ruleID!, monitorID: monitor)])
        #expect(state.breached == nil, "nothing stays open")
    }

    @Test func resolvedIsNotSentWhenTheRuleSaysSo() throws {
        var evaluator = evaluator([try #require(AlertTrigger("latency>500ms"))], sendResolved: false)
        #expect(evaluator.measured(monitor, tenant: tenant, newestFirst: results([700]), at: Date()).count == 1)
        #expect(evaluator.measured(monitor, tenant: tenant, newestFirst: results([100]), at: Date()).isEmpty)
        #expect(evaluator.measured(monitor, tenant: tenant, newestFirst: results([700]), at: Date()).count == 1, "a new breach alerts again")
    }

    @Test func lossAndExpiryThresholds() throws {
        var evaluator = evaluator([try #require(AlertTrigger("loss>20% for 2 runs")), try #require(AlertTrigger("expiry<14d"))])
        let lossy = [ProbeResult(status: .up, metrics: ["loss_ratio": 0.3, "certificate_days_left": 30]),
                     ProbeResult(status: .up, metrics: ["loss_ratio": 0.5])]
        #expect(evaluator.measured(monitor, tenant: tenant, newestFirst: lossy, at: Date()).map(\.alert.title) == ["web: loss above 20 %"])
        let expiring = [ProbeResult(status: .degraded, metrics: ["loss_ratio": 0.3, "certificate_days_left": 9])]
        let raised = evaluator.measured(monitor, tenant: tenant, newestFirst: expiring, at: Date())
        #expect(raised.map(\.alert.title) == ["web: expiry below 14 days"])
        #expect(raised.first?.alert.message == "https://example.test: expiry 9 days (expiry<14d)")
    }

    @Test func aMaintenanceWindowHoldsTheAlertBackAndItComesAfter() throws {
        let start = Date(timeIntervalSince1970: 1_000)
        let window = MaintenanceWindow(tenantID: tenant, name: "upgrade", schedule: .once(from: start, to: start.addingTimeInterval(600)))
        var evaluator = evaluator([try #require(AlertTrigger("latency>500ms"))], windows: [window])
        let held = evaluator.measured(monitor, tenant: tenant, newestFirst: results([900]), at: start.addingTimeInterval(60))
        #expect(held.first?.suppressed == "maintenance: upgrade")
        #expect(held.first?.deliveries.map(\.state) == [.suppressed])
        let after = evaluator.measured(monitor, tenant: tenant, newestFirst: results([900]), at: start.addingTimeInterval(700))
        #expect(after.first?.suppressed == nil, "still breached after the window: reported then")
        #expect(after.first?.deliveries.map(\.state) == [.pending])
    }

    @Test func needsAsManyResultsAsTheLongestThresholdCovering() throws {
        let evaluator = evaluator([try #require(AlertTrigger("latency>500ms for 3 runs")), try #require(AlertTrigger("loss>1% for 5 runs")), .down])
        let subject = Alert.Subject(id: monitor, name: "web", kind: "http", target: "https://example.test")
        #expect(evaluator.resultsNeeded(subject, tenant: tenant) == 5)
        #expect(evaluator.resultsNeeded(subject, tenant: TenantID.random()) == 0)
    }
}
