import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle

/// Turns what the outbox holds into alerts: it reads the events after the cursor saved in the
/// store (status changes, probe events), evaluates every rule (`AlertEvaluator`), and commits
/// the new states, the alerts with their pending deliveries and the advanced cursor in one
/// transaction — only if no other server committed since it read the cursor; otherwise it
/// reads again. A crash anywhere before that commit leaves the events to be evaluated again,
/// and after it leaves the alerts to be delivered: nothing is lost and nothing is sent twice.
///
/// It wakes when a status change is published here or on another server, after every
/// `pollSeconds` otherwise (reminders, settled flapping, probe events); once an hour it
/// deletes alerts older than `historyDays`.
public final class AlertEvaluationService: Service, Sendable {
    private let store: any AlertStore
    private let events: EventBus
    private let settings: AlertingSettings
    private let clock: any SchedulerClock
    private let logger: Logger
    private let committed: @Sendable () -> Void
    private let raised: Counter
    private let batch: Int
    private let checked = CheckedMonitors()

    /// Creates the service; `committed` is called after each commit that raised alerts (the
    /// delivery service's wake-up).
    public init(store: any AlertStore, events: EventBus, settings: AlertingSettings, logger: Logger, metricsFactory: any MetricsFactory,
                clock: any SchedulerClock = WallClock(), batch: Int = 1000, committed: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.events = events
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.committed = committed
        self.batch = batch
        raised = Counter(label: "vantage_alerts_raised_total", factory: metricsFactory)
    }

    /// Evaluates until cancelled or shut down.
    public func run() async throws {
        let wakeups = events.subscribe(EventFilter(topics: [MonitorStatusChanged.eventName]))
        let checks = events.subscribe(EventFilter(topics: [MonitorChecked.eventName]))
        let signal = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let relay = Task {
            for await _ in wakeups { signal.continuation.yield() }
        }
        // Checks do not wake the loop: their thresholds are read at the next pass.
        let notes = Task { [checked] in
            for await event in checks {
                if let check = event.payload(as: MonitorChecked.self) { checked.note(check.monitorID, tenant: event.tenantID) }
            }
        }
        let ticker = Task { [clock, settings] in
            while !Task.isCancelled {
                try? await clock.sleep(seconds: settings.pollSeconds)
                signal.continuation.yield()
            }
        }
        defer {
            relay.cancel()
            notes.cancel()
            ticker.cancel()
            signal.continuation.finish()
        }
        await cancelWhenGracefulShutdown {
            var wakes = signal.stream.makeAsyncIterator()
            var lastTick = Date.distantPast
            var lastPrune = Date.distantPast
            repeat {
                let now = self.clock.now
                let tick = now.timeIntervalSince(lastTick) >= self.settings.pollSeconds * 0.9
                do {
                    while try await self.pass(tick: tick && lastTick != now) {}
                    if tick { lastTick = now }
                    if now.timeIntervalSince(lastPrune) >= 3600 {
                        lastPrune = now
                        let pruned = try await self.store.alerts.pruneHistory(olderThan: now.addingTimeInterval(-self.settings.historyDays * 86_400))
                        if pruned > 0 { self.logger.info("alert history pruned", metadata: ["alerts": "\(pruned)"]) }
                    }
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.warning("alert evaluation failed; trying again at the next wake-up", metadata: ["error": "\(error)"])
                }
            } while await wakes.next() != nil && !Task.isCancelled
        }
    }

    /// One evaluation: the events after the cursor (at most one batch), the thresholds of the
    /// monitors checked since the last pass and, when `tick`, the alerts due with time.
    /// Returns true when a full batch was read (more may follow).
    @discardableResult
    public func pass(tick: Bool) async throws -> Bool {
        while true {
            let cursor = try await store.alerts.evaluationCursor()
            let read = try await store.checks.outboxAllTenants(after: cursor.sequence, limit: batch)
            let entries = read.filter { AlertEvaluator.isRelevant($0.event.name) }
            let states = try await store.alerts.subjectStates()
            let noted = checked.snapshot()
            if entries.isEmpty && (!tick || states.isEmpty) && read.isEmpty && noted.isEmpty { return false }
            let config = try await AlertConfigSnapshot.load(from: store.alerts)
            let measuring = Set(config.rules.filter { $0.enabled && !$0.thresholds.isEmpty }.map(\.tenantID))
            let measured = noted.filter { measuring.contains($0.tenant) }
            let subjects = try await self.subjects(entries, tick ? states : [], measured.map { ($0.monitor, $0.tenant) })
            var evaluator = AlertEvaluator(rules: config.rules, windows: config.windows, channels: config.channels, subjects: subjects,
                                           states: states, linkBase: settings.publicURL)
            var alerts: [AlertHistoryEntry] = []
            // Events raised by another server sharing the store are in this outbox too: each
            // is evaluated once, by whichever server commits first.
            for entry in entries { alerts += evaluator.handle(entry.event) }
            for item in measured {
                guard let subject = subjects[item.monitor] else { continue }
                let needed = evaluator.resultsNeeded(subject, tenant: item.tenant)
                guard needed > 0 else { continue }
                let newest = try await store.results.list(tenant: item.tenant, scope: .monitor(item.monitor), from: nil, to: nil,
                                                          page: PageRequest(limit: needed))
                alerts += evaluator.measured(item.monitor, tenant: item.tenant, newestFirst: newest.items.map(\.result), at: clock.now)
            }
            if tick { alerts += evaluator.tick(now: clock.now) }
            let commit = AlertEvaluationCommit(expectedRevision: cursor.revision, sequence: read.last?.sequence ?? cursor.sequence,
                                               states: evaluator.changed.compactMap { evaluator.states[$0] },
                                               removedStates: Array(evaluator.removed), alerts: alerts)
            if commit.sequence == cursor.sequence && commit.states.isEmpty && commit.removedStates.isEmpty && alerts.isEmpty {
                checked.consume(noted)
                return false
            }
            guard try await store.alerts.commitEvaluation(commit) else { continue }
            checked.consume(noted)
            if !alerts.isEmpty {
                raised.increment(by: alerts.count)
                for entry in alerts { events.publish(Event(tenantID: entry.alert.tenantID, AlertRaised(alert: entry.alert, suppressed: entry.suppressed))) }
                committed()
            }
            return read.count >= batch
        }
    }

    /// The monitors the events and states concern, read from the store.
    private func subjects(_ entries: [OutboxEntry], _ states: [AlertSubjectState],
                          _ checked: [(MonitorID, TenantID)]) async throws -> [MonitorID: Alert.Subject] {
        var wanted: [MonitorID: TenantID] = [:]
        for state in states { wanted[state.monitorID] = state.tenantID }
        for (monitor, tenant) in checked { wanted[monitor] = tenant }
        for entry in entries {
            if let change = entry.event.payload(as: MonitorStatusChanged.self) {
                wanted[change.monitorID] = entry.event.tenantID
            } else if case .object(let payload) = entry.event.json, case .string(let text)? = payload["monitorID"], let id = MonitorID(text) {
                wanted[id] = entry.event.tenantID
            }
        }
        var subjects: [MonitorID: Alert.Subject] = [:]
        for (id, tenant) in wanted {
            if let monitor = try await store.monitors.get(id, tenant: tenant) {
                subjects[id] = Alert.Subject(id: id, name: monitor.name, kind: monitor.kind, target: monitor.target, tags: monitor.tags)
            }
        }
        return subjects
    }
}
