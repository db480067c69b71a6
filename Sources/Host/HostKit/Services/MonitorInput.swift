import Foundation
import Kernel

/// The body of `POST /api/v1/monitors` and `PUT /api/v1/monitors/{id}`.
struct MonitorInput: Codable, Sendable {
    var name: String
    var kind: String
    var target: String
    var interval: Double
    var timeout: Double?
    var config: JSONValue?
    var paused: Bool?
    var failureThreshold: Int?
    var recoveryThreshold: Int?
    var tags: [String]?
    var locations: [String]?
    var locationQuorum: Int?

    static let intervalRange = 1.0...86_400.0
    static let maximumTimeout = 300.0

    /// The input of an existing monitor, for merging a PATCH onto it.
    init(_ monitor: Monitor) {
        name = monitor.name
        kind = monitor.kind
        target = monitor.target
        interval = monitor.interval
        timeout = monitor.timeout
        config = monitor.config
        paused = monitor.paused
        failureThreshold = monitor.failureThreshold
        recoveryThreshold = monitor.recoveryThreshold
        tags = monitor.tags
        locations = monitor.locations
        locationQuorum = monitor.locationQuorum
    }

    /// Checks every field (collecting all issues) and the probe's own target and config rules.
    /// `egress` is the tenant's policy, which a literal target address must pass.
    func validate(probes: ProbeDirectory, egress: EgressPolicy) throws -> (timeout: Double, config: JSONValue) {
        var issues: [FieldIssue] = []
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || name.unicodeScalars.count > 200 {
            issues.append(.init(field: "name", message: "must be 1 to 200 characters"))
        }
        if target.isEmpty || target.utf8.count > 2048 {
            issues.append(.init(field: "target", message: "must be 1 to 2048 bytes"))
        }
        if !Self.intervalRange.contains(interval) {
            issues.append(.init(field: "interval", message: "must be from 1 to 86400 seconds"))
        }
        let timeout = self.timeout ?? min(interval * 0.8, 10)
        if !(0.01...min(max(interval, 0.01), Self.maximumTimeout)).contains(timeout) {
            issues.append(.init(field: "timeout", message: "must be more than 0 and at most the interval and 300 seconds"))
        }
        for (field, value) in [("failureThreshold", failureThreshold), ("recoveryThreshold", recoveryThreshold)] {
            if let value, !(1...100).contains(value) { issues.append(.init(field: field, message: "must be 1 to 100")) }
        }
        if let tags, let problem = MonitorTags.problem(tags) { issues.append(.init(field: "tags", message: problem)) }
        if let locations, let problem = MonitorLocations.problem(locations) { issues.append(.init(field: "locations", message: problem)) }
        if let locationQuorum, !(1...1000).contains(locationQuorum) { issues.append(.init(field: "locationQuorum", message: "must be 1 to 1000")) }
        let config = self.config ?? .emptyObject
        if config.objectValue == nil { issues.append(.init(field: "config", message: "must be an object")) }
        if probes.runner(for: kind) == nil {
            issues.append(.init(field: "kind", message: "no enabled probe of kind '\(kind)'", allowedValues: probes.kinds))
        } else if probes.runner(for: kind)?.acceptsPushes == true, let locations, MonitorLocations.normalized(locations) != [MonitorLocations.server] {
            issues.append(.init(field: "locations", message: "a monitor of kind '\(kind)' is judged where its pushes arrive: only [\"server\"]"))
        }
        guard issues.isEmpty else { throw ValidationError(issues) }
        _ = try probes.prepare(kind: kind, target: target, timeout: timeout, config: config, egress: egress)
        return (timeout, config)
    }

    /// A new monitor in `tenant`.
    func makeMonitor(tenant: TenantID, probes: ProbeDirectory, egress: EgressPolicy) throws -> Monitor {
        let now = Date()
        let blank = Monitor(tenantID: tenant, name: "", kind: "", target: "", interval: 0, timeout: 0, createdAt: now, updatedAt: now)
        return try apply(to: blank, probes: probes, egress: egress, at: now)
    }

    /// `existing` with every field replaced by this input, changed at `time`.
    /// Secrets in `config` are sealed (a placeholder keeps the stored secret) before the whole
    /// input is validated, so what is checked is what will run.
    func apply(to existing: Monitor, probes: ProbeDirectory, egress: EgressPolicy, at time: Date = Date()) throws -> Monitor {
        var input = self
        if let config = input.config {
            input.config = try probes.sealSecrets(kind: kind, config: config, previous: existing.kind == kind ? existing.config : nil)
        }
        let (timeout, config) = try input.validate(probes: probes, egress: egress)
        var monitor = existing
        monitor.name = name
        monitor.kind = kind
        monitor.target = target
        monitor.interval = interval
        monitor.timeout = timeout
        monitor.config = config
        monitor.paused = paused ?? false
        monitor.failureThreshold = failureThreshold ?? 1
        monitor.recoveryThreshold = recoveryThreshold ?? 1
        monitor.tags = MonitorTags.normalized(tags ?? [])
        monitor.locations = MonitorLocations.normalized(locations ?? [MonitorLocations.server])
        monitor.locationQuorum = locationQuorum
        monitor.updatedAt = time
        return monitor
    }
}

/// A monitor as the API shows it: its settings, its status and its scheduler state.
struct MonitorView: Encodable {
    var id: MonitorID
    var name: String
    var kind: String
    var target: String
    var interval: Double
    var timeout: Double
    var config: JSONValue
    var paused: Bool
    var failureThreshold: Int
    var recoveryThreshold: Int
    var tags: [String]
    var locations: [String]
    var locationQuorum: Int?
    var createdAt: Date
    var updatedAt: Date
    var status: MonitorStatus
    var lastCheckedAt: Date?
    var lastChangedAt: Date?
    var nextRunAt: Date?
    var lastFailure: ProbeFailure?
    /// A push monitor's token, only in the answer that issued it (create, regenerate-key).
    var pushToken: String?
    /// Where the service pushes with that token.
    var pushURL: String?

    /// The view with a just-issued push token and the URL to push to.
    func showing(pushToken token: String?) -> MonitorView {
        var view = self
        view.pushToken = token
        view.pushURL = token.map { "/api/v1/push/\($0)" }
        return view
    }

    init(_ monitor: Monitor, state: MonitorState?, probes: ProbeDirectory) {
        id = monitor.id
        name = monitor.name
        kind = monitor.kind
        target = monitor.target
        interval = monitor.interval
        timeout = monitor.timeout
        config = probes.redactSecrets(kind: monitor.kind, config: monitor.config)
        paused = monitor.paused
        failureThreshold = monitor.failureThreshold
        recoveryThreshold = monitor.recoveryThreshold
        tags = monitor.tags
        locations = monitor.locations
        locationQuorum = monitor.locationQuorum
        createdAt = monitor.createdAt
        updatedAt = monitor.updatedAt
        status = monitor.paused ? .paused : (state?.status ?? .pending)
        lastCheckedAt = state?.lastCheckedAt
        lastChangedAt = state?.lastChangedAt
        nextRunAt = monitor.paused ? nil : state?.nextRunAt
        lastFailure = state?.lastFailure
    }
}
