import Foundation
import Kernel
import Testing

/// The rules' decisions, with hand-made times: what is raised, once, and what is held back.
@Suite("alert evaluator")
struct AlertEvaluatorTests {
    let tenant = TenantID.defaultTenant
    let monitor = MonitorID.random()
    let channel = NotificationChannelRecord(tenantID: .defaultTenant, name: "ops", type: "webhook", settings: .object([:]))
    var subjects: [MonitorID: Alert.Subject] { [monitor: Alert.Subject(id: monitor, name: "web", kind: "tcp", target: "127.0.0.1:1")] }

    func rule(reminder: Double? = nil, flapping: FlapSuppression? = nil, triggers: [AlertTrigger] = [.down], sendResolved: Bool = true) -> AlertRule {
        AlertRule(tenantID: tenant, name: "r", triggers: triggers, channels: [channel.id], reminderMinutes: reminder, sendResolved: sendResolved, flapping: flapping)
    }

    func change(_ from: MonitorStatus, _ to: MonitorStatus, at seconds: Double) -> Event {
        Event(tenantID: tenant, occurredAt: Date(timeIntervalSince1970: seconds),
              MonitorStatusChanged(monitorID: monitor, from: from, to: to, failure: to == .down ? ProbeFailure(code: "refused", message: "connection refused") : nil))
    }

    func evaluator(_ rules: [AlertRule], windows: [MaintenanceWindow] = []) -> AlertEvaluator {
        AlertEvaluator(rules: rules, windows: windows, channels: [channel], subjects: subjects, states: [])
    }

    @Test func downThenUpRaisesTriggeredThenResolvedOnceEach() {
        var evaluator = evaluator([rule()])
        let down = evaluator.handle(change(.pending, .down, at: 0))
        #expect(down.map(\.alert.kind) == [.triggered])
        #expect(down.first?.alert.title == "web is down")
        #expect(down.first?.alert.message == "127.0.0.1:1: connection refused")
        #expect(down.first?.deliveries.map(\.state) == [.pending])
        #expect(evaluator.handle(change(.down, .down, at: 1)).isEmpty, "no change, no alert")
        let up = evaluator.handle(change(.down, .up, at: 2))
        #expect(up.map(\.alert.kind) == [.resolved])
        #expect(up.first?.alert.severity == .info)
        #expect(evaluator.handle(change(.up, .up, at: 3)).isEmpty)
        #expect(evaluator.handle(change(.pending, .up, at: 4)).isEmpty, "up without an open alert resolves nothing")
    }

    @Test func resolvedIsNotSentWhenTheRuleSaysSoAndDegradedOnlyWhenAsked() {
        var quiet = evaluator([rule(sendResolved: false)])
        _ = quiet.handle(change(.up, .down, at: 0))
        #expect(quiet.handle(change(.down, .up, at: 1)).isEmpty)
        var degraded = evaluator([rule(triggers: [.down, .degraded])])
        #expect(degraded.handle(change(.up, .degraded, at: 0)).map(\.alert.title) == ["web is degraded"])
        #expect(degraded.handle(change(.degraded, .down, at: 1)).map(\.alert.title) == ["web is down"])
        var downOnly = evaluator([rule()])
        #expect(downOnly.handle(change(.up, .degraded, at: 0)).isEmpty)
    }

    @Test func remindersComeEveryIntervalWhileDown() {
        var evaluator = evaluator([rule(reminder: 10)])
        _ = evaluator.handle(change(.up, .down, at: 0))
        #expect(evaluator.tick(now: Date(timeIntervalSince1970: 599)).isEmpty)
        #expect(evaluator.tick(now: Date(timeIntervalSince1970: 600)).map(\.alert.kind) == [.reminder])
        #expect(evaluator.tick(now: Date(timeIntervalSince1970: 900)).isEmpty, "the next one is due ten minutes after the last")
        #expect(evaluator.tick(now: Date(timeIntervalSince1970: 1200)).map(\.alert.title) == ["web is still down"])
        _ = evaluator.handle(change(.down, .up, at: 1300))
        #expect(evaluator.tick(now: Date(timeIntervalSince1970: 5000)).isEmpty, "no reminder once resolved")
    }

    @Test func aFlappingMonitorIsReportedOnceUntilItSettles() {
        var evaluator = evaluator([rule(flapping: FlapSuppression(changes: 3, minutes: 5))])
        var raised: [Alert.Kind] = []
        for step in 0..<10 {
            raised += evaluator.handle(change(step % 2 == 0 ? .up : .down, step % 2 == 0 ? .down : .up, at: Double(step * 20))).map(\.alert.kind)
        }
        // Down, resolved, down are reported; the fourth change within five minutes is
        // reported as flapping, and nothing more while it flaps.
        #expect(raised == [.triggered, .resolved, .triggered, .flapping])
        #expect(evaluator.tick(now: Date(timeIntervalSince1970: 180 + 299)).isEmpty, "still within five minutes of the last change")
        let settled = evaluator.tick(now: Date(timeIntervalSince1970: 180 + 300))
        #expect(settled.map(\.alert.kind) == [.settled])
        #expect(settled.first?.alert.status == .up)
        #expect(settled.first?.alert.severity == .info)
        #expect(evaluator.handle(change(.up, .down, at: 1000)).map(\.alert.kind) == [.triggered], "single changes are reported again")
    }

    @Test func aMaintenanceWindowHoldsAlertsBackAndNoResolvedFollows() throws {
        let window = MaintenanceWindow(tenantID: tenant, name: "upgrade", schedule: .once(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 100)))
        var evaluator = evaluator([rule()], windows: [window])
        let held = evaluator.handle(change(.up, .down, at: 50))
        #expect(held.first?.suppressed == "maintenance: upgrade")
        #expect(held.first?.deliveries.map(\.state) == [.suppressed])
        #expect(evaluator.handle(change(.down, .up, at: 150)).isEmpty, "nothing was reported, so nothing resolves")
        #expect(evaluator.handle(change(.up, .down, at: 200)).first?.suppressed == nil, "after the window")
    }

    @Test func pluginEventsAreReportedWhenARuleNamesThem() {
        var evaluator = evaluator([rule(triggers: [.event("tls.*")])])
        let expiring = Event(tenantID: tenant, occurredAt: Date(timeIntervalSince1970: 0), name: "tls.certificate_expiring",
                             json: .object(["monitorID": .string(monitor.description), "daysLeft": .number(9)]))
        let raised = evaluator.handle(expiring)
        #expect(raised.map(\.alert.kind) == [.event])
        #expect(raised.first?.alert.message == "127.0.0.1:1: tls.certificate_expiring, 9 days left")
        let other = Event(tenantID: tenant, name: "dns.answer_changed", json: .object(["monitorID": .string(monitor.description)]))
        #expect(evaluator.handle(other).isEmpty)
    }

    @Test func aChangeAtOneAgentLocationAlertsOnlyRulesThatNameLocationChanges() {
        var evaluator = evaluator([rule(), rule(triggers: [.event("monitor.location_changed")])])
        let agent = AgentID.random().description
        let down = Event(tenantID: tenant, occurredAt: Date(timeIntervalSince1970: 0),
                         MonitorLocationChanged(monitorID: monitor, location: agent, from: .up, to: .down,
                                                failure: ProbeFailure(code: "timeout", message: "no reply")))
        #expect(AlertEvaluator.isRelevant(down.name))
        let raised = evaluator.handle(down)
        #expect(raised.count == 1, "the rule on down follows the monitor's quorum, not one location")
        #expect(raised.first?.alert.kind == .event)
        #expect(raised.first?.alert.title == "web is down at \(agent)")
        #expect(raised.first?.alert.message == "127.0.0.1:1 at \(agent): no reply")
        #expect(raised.first?.alert.details.objectValue?["location"] == .string(agent))
        // Read back from the outbox as JSON, as the evaluation service does.
        let stored = try? JSONDecoder().decode(Event.self, from: JSONEncoder().encode(down))
        #expect(stored.map { evaluator.handle($0).count } == 1)
        let up = Event(tenantID: tenant, MonitorLocationChanged(monitorID: monitor, location: agent, from: .down, to: .up, failure: nil))
        #expect(evaluator.handle(up).first?.alert.severity == .info)
        var wildcard = self.evaluator([rule(triggers: [.event("monitor.*")])])
        #expect(wildcard.handle(down).count == 1, "monitor.* covers it")
    }

    @Test func anotherTenantsRulesAndDisabledRulesRaiseNothing() {
        var disabled = rule()
        disabled.enabled = false
        var foreign = rule()
        foreign.tenantID = .random()
        var evaluator = evaluator([disabled, foreign])
        #expect(evaluator.handle(change(.up, .down, at: 0)).isEmpty)
    }

    @Test func aSelectionCoversMonitorsListedByIDOrCarryingOneOfItsTagsNarrowedByKind() {
        let other = MonitorID.random()
        #expect(MonitorSelection.all.covers(monitor, kind: "tcp"))
        #expect(MonitorSelection(tags: ["prod"]).covers(monitor, kind: "tcp", tags: ["db", "prod"]))
        #expect(!MonitorSelection(tags: ["prod"]).covers(monitor, kind: "tcp", tags: ["staging"]))
        #expect(!MonitorSelection(tags: ["prod"]).covers(monitor, kind: "tcp"), "an untagged monitor is not chosen by tag")
        #expect(MonitorSelection(ids: [monitor], tags: ["prod"]).covers(monitor, kind: "tcp"), "listed by id, whatever its tags")
        #expect(!MonitorSelection(ids: [other], tags: ["prod"]).covers(monitor, kind: "tcp", tags: ["staging"]))
        #expect(!MonitorSelection(kinds: ["http"], tags: ["prod"]).covers(monitor, kind: "tcp", tags: ["prod"]), "kinds narrow tags too")
    }

    @Test func aRuleByTagAlertsOnlyForTaggedMonitorsAndAWindowByTagHoldsThemBack() {
        var tagged = rule()
        tagged.monitors = MonitorSelection(tags: ["prod"])
        let untagged = [monitor: Alert.Subject(id: monitor, name: "web", kind: "tcp", target: "127.0.0.1:1", tags: ["staging"])]
        var quiet = AlertEvaluator(rules: [tagged], windows: [], channels: [channel], subjects: untagged, states: [])
        #expect(quiet.handle(change(.up, .down, at: 0)).isEmpty)
        let prod = [monitor: Alert.Subject(id: monitor, name: "web", kind: "tcp", target: "127.0.0.1:1", tags: ["prod"])]
        var loud = AlertEvaluator(rules: [tagged], windows: [], channels: [channel], subjects: prod, states: [])
        let raised = loud.handle(change(.up, .down, at: 0))
        #expect(raised.map(\.alert.kind) == [.triggered])
        #expect(raised.first?.alert.monitor?.tags == ["prod"])
        let window = MaintenanceWindow(tenantID: tenant, name: "prod upgrade", monitors: MonitorSelection(tags: ["prod"]),
                                       schedule: .once(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 600)))
        var held = AlertEvaluator(rules: [tagged], windows: [window], channels: [channel], subjects: prod, states: [])
        #expect(held.handle(change(.up, .down, at: 10)).first?.suppressed == "maintenance: prod upgrade")
    }

    @Test func recurringWindowsFollowTheirTimeZoneAcrossMidnight() throws {
        // Sundays 23:30 in Berlin for two hours: Sunday 2026-12-06 22:30 UTC to Monday 00:30 UTC.
        let weekly = MaintenanceSchedule.recurring(days: [.sun], at: "23:30", minutes: 120, timeZone: "Europe/Berlin")
        try weekly.validate()
        let rrule = MaintenanceSchedule(durationMinutes: 120, rrule: "FREQ=WEEKLY;BYDAY=SU;BYHOUR=23;BYMINUTE=30", timeZone: "Europe/Berlin")
        try rrule.validate()
        for schedule in [weekly, rrule] {
            #expect(!schedule.isActive(at: try Date("2026-12-06T22:29:00Z", strategy: .iso8601)))
            #expect(schedule.isActive(at: try Date("2026-12-06T22:30:00Z", strategy: .iso8601)))
            #expect(schedule.isActive(at: try Date("2026-12-07T00:29:00Z", strategy: .iso8601)), "past local midnight")
            #expect(!schedule.isActive(at: try Date("2026-12-07T00:30:00Z", strategy: .iso8601)))
            #expect(!schedule.isActive(at: try Date("2026-12-05T22:45:00Z", strategy: .iso8601)), "not on Saturday")
        }
        #expect(throws: ValidationError.self) { try MaintenanceSchedule(durationMinutes: 60, rrule: "FREQ=MONTHLY").validate() }
        #expect(throws: ValidationError.self) { try MaintenanceSchedule(durationMinutes: 60, rrule: "FREQ=DAILY;INTERVAL=2").validate() }
        #expect(throws: ValidationError.self) { try MaintenanceSchedule.recurring(days: [], at: "7:61", minutes: 60).validate() }
        let daily = MaintenanceSchedule.recurring(days: [], at: "02:00", minutes: 30)
        #expect(daily.isActive(at: try Date("2026-12-03T02:10:00Z", strategy: .iso8601)))
    }

    @Test func backoffDoublesUpToItsCap() {
        let settings = AlertingSettings(retryBaseSeconds: 10, retryMaxSeconds: 60)
        #expect(settings.backoff(afterAttempts: 1, unit: 0.5) == 10)
        #expect(settings.backoff(afterAttempts: 2, unit: 0.5) == 20)
        #expect(settings.backoff(afterAttempts: 3, unit: 0.5) == 40)
        #expect(settings.backoff(afterAttempts: 4, unit: 0.5) == 60)
        #expect(settings.backoff(afterAttempts: 30, unit: 0) == 48)
        #expect(settings.backoff(afterAttempts: 30, unit: 0.999) < 72)
    }
}
