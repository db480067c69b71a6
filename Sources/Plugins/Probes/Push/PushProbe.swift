import Foundation
import Kernel

/// `probe.push`: a monitor that services report to, rather than one that reaches out. Each
/// push monitor has a token; the service calls `POST /api/v1/push/{token}` as a heartbeat
/// (with an optional status, message and latency). Every interval the check reads the
/// monitor's latest push: within the interval plus grace it takes the pushed status;
/// older, or none at all once the window since the token was issued has passed, it is down
/// with `no_push`. Before the first push, within that window, it says nothing yet (the
/// monitor stays pending).
public struct PushProbe: Probe {
    public typealias Options = PushOptions
    public static let id = PluginID("probe.push")!
    public static let summary = "A heartbeat monitor: services push to its URL; down when no push arrives within interval plus grace"
    public static let requiredStoreCapabilities: [StoreCapability] = [.push]
    public static let acceptsPushes = true
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("push_age_seconds", unit: "seconds", help: "Seconds since the monitor's latest push when it was checked."),
    ]

    private let pushes: (any PushRepository)?
    private let clock: @Sendable () -> Date

    public init(configuration: EmptyConfiguration, context: PluginContext) async throws {
        self.init(pushes: context.pushes)
    }

    /// Creates a probe reading beats from `pushes` (nil where no store keeps them: agents and
    /// `vantage probe`, where every run says so).
    public init(pushes: (any PushRepository)?, clock: @escaping @Sendable () -> Date = Date.init) {
        self.pushes = pushes
        self.clock = clock
    }

    public func validate(target: String, options: PushOptions) throws {
        try options.validate()
    }

    public func run(_ request: ProbeRequest<PushOptions>) async throws -> ProbeResult {
        guard let pushes else {
            return .down(ProbeFailure(code: "push_unavailable", message: "push monitors are judged on a server whose store keeps their pushes"))
        }
        guard let monitor = request.monitor, let tenant = request.tenant else {
            return .down(ProbeFailure(code: "push_monitor_only", message: "a push check judges a monitor's pushes; it runs only as a monitor"))
        }
        let grace = request.options.grace(interval: monitor.interval)
        let window = monitor.interval + grace
        let now = clock()
        if let beat = try await pushes.latestBeat(monitor: monitor.id) {
            let age = max(0, now.timeIntervalSince(beat.receivedAt))
            guard age <= window else {
                return ProbeResult(status: .down,
                                   failure: ProbeFailure(code: "no_push", message: "no push for \(Self.seconds(age)) s (expected every \(Self.seconds(monitor.interval)) s, \(Self.seconds(grace)) s of grace)"),
                                   metrics: ["push_age_seconds": age], details: Self.details(beat, age: age))
            }
            return Self.result(beat, age: age)
        }
        if let issued = try await pushes.token(monitor: monitor.id, tenant: tenant)?.issuedAt, now.timeIntervalSince(issued) <= window {
            return .pending("waiting for the first push (expected within \(Self.seconds(window)) s of the token's issue)")
        }
        return .down(ProbeFailure(code: "no_push", message: "no push received yet (expected every \(Self.seconds(monitor.interval)) s, \(Self.seconds(grace)) s of grace)"))
    }

    /// The result a beat within the window gives: its status, latency and message.
    static func result(_ beat: PushBeat, age: Double) -> ProbeResult {
        let failure: ProbeFailure? = switch beat.status {
        case .up: nil
        case .degraded: ProbeFailure(code: "pushed_degraded", message: beat.message ?? "the service reported degraded")
        case .down: ProbeFailure(code: "pushed_down", message: beat.message ?? "the service reported down")
        }
        return ProbeResult(status: beat.status, latency: beat.latencyMs.map { $0 / 1000 }, failure: failure,
                           metrics: ["push_age_seconds": age], details: details(beat, age: age))
    }

    private static func details(_ beat: PushBeat, age: Double) -> JSONValue {
        var details: [String: JSONValue] = [
            "lastPushAt": .string(beat.receivedAt.formatted(.iso8601)), "ageSeconds": .number(age), "pushedStatus": .string(beat.status.rawValue),
        ]
        if let message = beat.message { details["message"] = .string(message) }
        return .object(details)
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
