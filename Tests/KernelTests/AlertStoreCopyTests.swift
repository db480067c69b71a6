import Foundation
import Kernel
import KernelTesting
import Testing

/// `vantage store migrate` keeps alerting: settings, the history with pending deliveries, and
/// the open alerts' states reach the target store.
@Suite("store copy of alerts")
struct AlertStoreCopyTests {
    @Test func settingsHistoryAndOpenStatesAreCopied() async throws {
        let source = InMemoryHostStore()
        let tenant = try await Fixtures.tenant(in: source)
        let monitor = Fixtures.monitor(tenant: tenant)
        try await source.monitors.create(monitor, tenant: tenant)
        let channel = NotificationChannelRecord(tenantID: tenant, name: "ops", type: "webhook", settings: .object(["url": "https://hooks.example.com/x"]))
        // Whole-second times: the stores keep dates to the millisecond.
        let rule = AlertRule(tenantID: tenant, name: "all", monitors: MonitorSelection(tags: ["prod"]), channels: [channel.id],
                             createdAt: Fixtures.time(0), updatedAt: Fixtures.time(0))
        let window = MaintenanceWindow(tenantID: tenant, name: "sundays",
                                       schedule: .once(from: Fixtures.time(0), to: Fixtures.time(3600)), createdAt: Fixtures.time(0), updatedAt: Fixtures.time(0))
        for document in [try AlertConfigDocument(channel), try AlertConfigDocument(rule), try AlertConfigDocument(window)] {
            try await source.alerts.createConfig(document)
        }
        let older = AlertHistoryEntry(alert: AlertFixtures.alert(), deliveries: [])
        var newer = AlertHistoryEntry(alert: AlertFixtures.alert(.resolved, status: .up), deliveries: [])
        newer.alert.occurredAt = older.alert.occurredAt.addingTimeInterval(60)
        newer.deliveries = [AlertDelivery(alertID: newer.alert.id, tenantID: tenant, channelID: channel.id, channelName: "ops",
                                          nextAttemptAt: newer.alert.occurredAt, createdAt: newer.alert.occurredAt)]
        newer.alert.tenantID = tenant
        var olderInTenant = older
        olderInTenant.alert.tenantID = tenant
        try await source.alerts.record([olderInTenant, newer])
        let open = AlertSubjectState(ruleID: rule.id, monitorID: monitor.id, tenantID: tenant, status: .down)
        _ = try await source.alerts.commitEvaluation(AlertEvaluationCommit(expectedRevision: 0, sequence: 0, states: [open]))

        let target = InMemoryHostStore()
        let report = try await StoreCopier(from: source, to: target).copy(overwrite: false)
        #expect(report.description.contains("3 alerting settings, 2 alerts, 1 alert states"), "\(report)")
        #expect(try await target.alerts.config(.rule, id: rule.id.rawValue, tenant: tenant)?.record(as: AlertRule.self) == rule)
        #expect(try await target.alerts.config(.maintenance, id: window.id.rawValue, tenant: tenant)?.record(as: MaintenanceWindow.self) == window)
        let history = try await target.alerts.history(tenant: tenant, monitor: nil, page: PageRequest())
        #expect(history.items.map(\.alert.id) == [newer.alert.id, olderInTenant.alert.id], "newest first, as in the source")
        #expect(try await target.alerts.pendingDeliveries() == 1, "a pending delivery stays pending, for the target's servers")
        #expect(try await target.alerts.subjectStates() == [open])
    }
}
