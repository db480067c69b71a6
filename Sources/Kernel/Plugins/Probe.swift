import Logging

/// Options of a probe (or settings of a channel) that takes none: any key given is refused
/// as unknown, like a typo in options that exist.
public struct EmptyOptions: Codable, Sendable, Hashable {
    /// Creates the empty options.
    public init() {}

    public init(from decoder: any Decoder) throws {
        // Opening the object lets the strict decoder see that no key was asked for.
        _ = try decoder.container(keyedBy: NoKeys.self)
    }
}

/// The keys of a type that has none.
struct NoKeys: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

/// One measurement against one target: a TCP connect, a ping, a DNS query.
///
/// The host owns the schedule, jitter, deadline, retries, state changes and persistence; a
/// probe only measures. A down target is a `ProbeResult` with status `.down`; throw only
/// when the probe cannot run at all (a bug, a missing permission). The host enforces
/// `request.timeout` with a deadline of its own, so a probe that hangs cannot stop its
/// monitor, but a probe should honour the timeout and task cancellation itself.
public protocol Probe: Plugin {
    /// Per-monitor options, the monitor's `config` object, decoded strictly.
    associatedtype Options: Codable & Sendable = EmptyOptions
    /// Other kinds this probe answers to when enabled under its default name, such as
    /// `ping` for `probe.icmp`. Default: none.
    static var kindAliases: [String] { get }
    /// Paths in the options (`basicAuth.password`, `secretHeaders.*`) holding secrets: the host
    /// seals them at rest and never returns them (see `SealedSecrets`). Default: none.
    static var secretPaths: [String] { get }
    /// The numbers this probe puts in `ProbeResult.metrics`, exported per monitor on
    /// `/metrics` (see `ProbeMetric`). Default: none.
    static var metrics: [ProbeMetric] { get }
    /// Whether `run` reads `ProbeRequest.previous` (to raise an event when something changed).
    /// Only then does the scheduler keep each monitor's whole last result in memory and read
    /// it from the store after a restart or a lease handover. Default: false.
    static var readsPreviousResult: Bool { get }
    /// Whether the probe judges what services push for their monitor rather than reaching
    /// out (`probe.push`): each monitor of its kind gets a push token when it is created, and
    /// runs only on servers. Default: false.
    static var acceptsPushes: Bool { get }
    /// Checks a target and options before a monitor is stored or a probe is run, so bad input
    /// is refused at creation time. Throw `ValidationError` with fields named `target` or
    /// `config.<key>`. The default accepts everything.
    func validate(target: String, options: Options) throws
    /// Runs one measurement.
    func run(_ request: ProbeRequest<Options>) async throws -> ProbeResult
}

extension Probe {
    /// No aliases.
    public static var kindAliases: [String] { [] }

    /// No secrets.
    public static var secretPaths: [String] { [] }

    /// No exported metrics.
    public static var metrics: [ProbeMetric] { [] }

    /// The previous result is not read.
    public static var readsPreviousResult: Bool { false }

    /// Reaches out to its target.
    public static var acceptsPushes: Bool { false }

    /// Accepts every target and options.
    public func validate(target: String, options: Options) throws {}
}

/// One run of a probe: the target, the time it may take, and its options.
public struct ProbeRequest<Options: Sendable>: Sendable {
    /// What to probe, in the probe's syntax.
    public var target: String
    /// Seconds the run may take.
    public var timeout: Double
    /// The decoded per-monitor options.
    public var options: Options
    /// A logger for this run.
    public var logger: Logger
    /// Where a probe that measures in steps (the hops of a trace, the rounds of mtr) reports
    /// partial results as they arrive; nil when nobody follows the run.
    public var progress: ProbeProgress?
    /// The previous result of the same monitor, for probes that raise a `ProbeEvent` when
    /// something changes: the last run's, or after a restart the last stored one; nil on a
    /// monitor's very first run and for one-shot runs.
    public var previous: ProbeResult?
    /// The tenant the run is for: a monitor's, or the caller's for a one-shot run through the
    /// API; nil from the CLI. Probes that read tenant records (`PluginContext.hosts`) need it.
    public var tenant: TenantID?
    /// The monitor the run checks, with its interval; nil for one-shot runs. A probe fed by
    /// what arrives for its monitor (`acceptsPushes`) reads it.
    public var monitor: MonitorReference?

    /// Creates a request.
    public init(target: String, timeout: Double, options: Options, logger: Logger, progress: ProbeProgress? = nil,
                previous: ProbeResult? = nil, tenant: TenantID? = nil, monitor: MonitorReference? = nil) {
        self.monitor = monitor
        self.target = target
        self.timeout = timeout
        self.options = options
        self.logger = logger
        self.progress = progress
        self.previous = previous
        self.tenant = tenant
    }
}

/// Receives a probe's partial results while it runs: the API streams them as server-sent
/// events and the CLI redraws its report. Each update is a JSON object with an `event` name.
public struct ProbeProgress: Sendable {
    private let body: @Sendable (JSONValue) -> Void

    /// Wraps a callback; it must return quickly.
    public init(_ body: @escaping @Sendable (JSONValue) -> Void) { self.body = body }

    /// Reports one update.
    public func report(_ update: JSONValue) { body(update) }
}
