import Foundation
import Kernel

extension StoreConformance {
    static func alerts(of store: any Store) throws -> any AlertRepository {
        guard let alerts = (store as? any AlertStore)?.alerts else { throw ConformanceFailure(message: "the store keeps no alerts", location: #fileID) }
        return alerts
    }

    static func alertEntry(tenant: TenantID, channel: ChannelID, at seconds: Double, monitor: MonitorID? = nil, deliveries: Int = 1) -> AlertHistoryEntry {
        let at = Fixtures.time(seconds)
        let event = Event(tenantID: tenant, occurredAt: at, name: "monitor.status_changed", json: .object(["monitorID": .string((monitor ?? .random()).description)]))
        let alert = Alert(tenantID: tenant, title: "web is down", message: "refused", severity: .critical,
                          monitor: monitor.map { Alert.Subject(id: $0, name: "web", kind: "tcp", target: "127.0.0.1:1") }, status: .down,
                          ruleID: .random(), event: event, details: .object(["to": .string("down")]), occurredAt: at)
        return AlertHistoryEntry(alert: alert, deliveries: (0..<deliveries).map { _ in
            AlertDelivery(alertID: alert.id, tenantID: tenant, channelID: channel, channelName: "ops", nextAttemptAt: at, createdAt: at)
        })
    }

    /// Cases for `AlertStore`s, added by `cases(for:)` to every store type that conforms.
    static let alertCases: [StoreConformanceCase] = [
        .init("alerts: configuration documents are created, read, listed by kind with pages, replaced and deleted, within their tenant") { store in
            let alerts = try alerts(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let channels = (0..<3).map { NotificationChannelRecord(tenantID: tenant, name: "c\($0)", type: "webhook", settings: .object(["url": .string("https://h/\($0)")]),
                                                                  createdAt: Fixtures.time(0), updatedAt: Fixtures.time(0)) }
            for channel in channels { try await alerts.createConfig(try AlertConfigDocument(channel)) }
            let rule = AlertRule(tenantID: tenant, name: "c0", channels: [channels[0].id], createdAt: Fixtures.time(0), updatedAt: Fixtures.time(0))
            try await alerts.createConfig(try AlertConfigDocument(rule))
            let read = try await alerts.config(.channel, id: channels[1].id.rawValue, tenant: tenant)?.record(as: NotificationChannelRecord.self)
            try expectEqual(read, channels[1], "read back as written")
            try expectEqual(try await alerts.config(.channel, id: channels[1].id.rawValue, tenant: other) == nil, true, "invisible to another tenant")
            try expectEqual(try await alerts.config(.rule, id: channels[1].id.rawValue, tenant: tenant) == nil, true, "kinds are apart")
            let first = try await alerts.listConfig(.channel, tenant: tenant, page: PageRequest(limit: 2))
            try expectEqual(first.items.map(\.name), ["c0", "c1"], "oldest first")
            let second = try await alerts.listConfig(.channel, tenant: tenant, page: PageRequest(limit: 2, cursor: first.nextCursor))
            try expectEqual(second.items.map(\.name), ["c2"], "the next page")
            try expectEqual(second.nextCursor, nil, "the last page")
            try expectEqual(try await alerts.listConfig(.rule, tenant: tenant, page: PageRequest()).items.map(\.name), ["c0"], "a rule may share a channel's name")
            try expectEqual(try await alerts.listConfigAllTenants(.channel, page: PageRequest()).items.count, 3, "every tenant's")
            var renamed = channels[2]
            renamed.name = "pager"
            renamed.enabled = false
            try await alerts.updateConfig(try AlertConfigDocument(renamed))
            try expectEqual(try await alerts.config(.channel, id: renamed.id.rawValue, tenant: tenant)?.record(as: NotificationChannelRecord.self), renamed, "replaced")
            try await expectThrows("a taken name", matching: { $0 is StoreError }) {
                var clash = renamed
                clash.name = "c0"
                try await alerts.updateConfig(try AlertConfigDocument(clash))
            }
            try await expectThrows("a duplicate name", matching: { $0 is StoreError }) {
                try await alerts.createConfig(try AlertConfigDocument(NotificationChannelRecord(tenantID: tenant, name: "c0", type: "webhook", settings: .object([:]))))
            }
            try await expectThrows("an unknown document", matching: { $0 is StoreError }) {
                try await alerts.updateConfig(try AlertConfigDocument(NotificationChannelRecord(tenantID: tenant, name: "x", type: "webhook", settings: .object([:]))))
            }
            try expectEqual(try await alerts.deleteConfig(.channel, id: renamed.id.rawValue, tenant: other), false, "another tenant cannot delete")
            try expectEqual(try await alerts.deleteConfig(.channel, id: renamed.id.rawValue, tenant: tenant), true, "deleted")
            try expectEqual(try await alerts.config(.channel, id: renamed.id.rawValue, tenant: tenant) == nil, true, "gone")
        },
        .init("alerts: an evaluation commits only on the revision it read, with its states and alerts") { store in
            let alerts = try alerts(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            try expectEqual(try await alerts.evaluationCursor(), AlertCursor(sequence: 0, revision: 0), "a fresh cursor")
            let state = AlertSubjectState(ruleID: .random(), monitorID: .random(), tenantID: tenant, status: .down, open: .down,
                                          lastNotifiedAt: Fixtures.time(5), changes: [Fixtures.time(5)])
            let entry = alertEntry(tenant: tenant, channel: .random(), at: 5)
            try expectEqual(try await alerts.commitEvaluation(AlertEvaluationCommit(expectedRevision: 0, sequence: 7, states: [state], alerts: [entry])), true, "committed")
            try expectEqual(try await alerts.evaluationCursor(), AlertCursor(sequence: 7, revision: 1), "advanced")
            try expectEqual(try await alerts.commitEvaluation(AlertEvaluationCommit(expectedRevision: 0, sequence: 9, alerts: [alertEntry(tenant: tenant, channel: .random(), at: 6)])),
                            false, "a stale revision commits nothing")
            try expectEqual(try await alerts.evaluationCursor(), AlertCursor(sequence: 7, revision: 1), "unchanged")
            try expectEqual(try await alerts.subjectStates(), [state], "the state as written")
            try expectEqual(try await alerts.history(tenant: tenant, monitor: nil, page: PageRequest()).items, [entry], "only the committed alert")
            try expectEqual(try await alerts.commitEvaluation(AlertEvaluationCommit(expectedRevision: 1, sequence: 7, removedStates: [state.key])), true, "removal")
            try expectEqual(try await alerts.subjectStates(), [], "removed")
        },
        .init("alerts: deliveries are claimed by one owner until their hold expires, attempts recorded, history newest first") { store in
            let alerts = try alerts(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let monitor = MonitorID.random()
            let entries = (0..<3).map { alertEntry(tenant: tenant, channel: .random(), at: Double($0), monitor: $0 == 2 ? monitor : nil) }
            try await alerts.record(entries)
            try await alerts.record([alertEntry(tenant: other, channel: .random(), at: 100)])
            try expectEqual(try await alerts.pendingDeliveries(), 4, "all pending")
            let early = try await alerts.claimDeliveries(owner: "a", now: Fixtures.time(1), until: Fixtures.time(60), limit: 10)
            try expectEqual(early.map(\.alert.id), [entries[0].alert.id, entries[1].alert.id], "the due ones, oldest first, with their alerts")
            try expectEqual(try await alerts.claimDeliveries(owner: "b", now: Fixtures.time(2), until: Fixtures.time(60), limit: 10).map(\.alert.id),
                            [entries[2].alert.id], "another owner gets only what is not held")
            var done = early[0].delivery
            done.state = .delivered
            done.attempts = [DeliveryAttempt(at: Fixtures.time(1), duration: 0.01, delivered: true, status: 200, detail: "ok", server: "a")]
            try expectEqual(try await alerts.finishAttempt(done, owner: "b"), false, "only the holder records")
            try expectEqual(try await alerts.finishAttempt(done, owner: "a"), true, "recorded")
            var retry = early[1].delivery
            retry.attempts = [DeliveryAttempt(at: Fixtures.time(1), duration: 1, delivered: false, status: 503, detail: "busy", server: "a")]
            retry.nextAttemptAt = Fixtures.time(30)
            try await alerts.finishAttempt(retry, owner: "a")
            try expectEqual(try await alerts.claimDeliveries(owner: "b", now: Fixtures.time(20), until: Fixtures.time(80), limit: 10).count, 0, "a retry waits for its time")
            let again = try await alerts.claimDeliveries(owner: "b", now: Fixtures.time(70), until: Fixtures.time(90), limit: 10)
            try expectEqual(Set(again.map(\.alert.id)), [entries[1].alert.id, entries[2].alert.id, ], "due again, and an expired hold is taken over")
            let held = try await alerts.claimDeliveries(owner: "c", now: Fixtures.time(75), until: Fixtures.time(200), limit: 10)
            try expectEqual(held.count, 0, "all held by b")
            try await alerts.releaseClaims(owner: "b")
            try expectEqual(try await alerts.claimDeliveries(owner: "c", now: Fixtures.time(75), until: Fixtures.time(200), limit: 10).count, 2,
                            "released claims are taken at once")
            let history = try await alerts.history(tenant: tenant, monitor: nil, page: PageRequest(limit: 2))
            try expectEqual(history.items.map(\.alert.id), [entries[2].alert.id, entries[1].alert.id], "newest first")
            let rest = try await alerts.history(tenant: tenant, monitor: nil, page: PageRequest(limit: 2, cursor: history.nextCursor))
            try expectEqual(rest.items.map(\.alert.id), [entries[0].alert.id], "the next page")
            try expectEqual(rest.items.first?.deliveries, [done], "with each attempt")
            try expectEqual(try await alerts.history(tenant: tenant, monitor: monitor, page: PageRequest()).items.map(\.alert.id), [entries[2].alert.id], "one monitor's")
            try expectEqual(try await alerts.pruneHistory(olderThan: Fixtures.time(50)), 1, "only the finished old alert is pruned")
            try await alerts.eraseAllTenants()
            try expectEqual(try await alerts.pendingDeliveries(), 0, "erased")
        },
    ]
}
