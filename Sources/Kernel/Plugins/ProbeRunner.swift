import Logging

/// A probe instance under the kind that monitors name it by, with its options type erased,
/// so the host and scheduler can hold probes of every type in one table.
public struct ProbeRunner: Sendable {
    /// The kind monitors use: the instance name in `Plugins.json` (`tcp` by default).
    public let kind: String
    /// The plugin behind it.
    public let pluginID: PluginID
    /// Other kinds this runner answers to (the probe's `kindAliases` when enabled under its
    /// default name).
    public let aliases: [String]
    /// How a monitor's `config` for this probe is decoded, sealed and redacted (its secrets
    /// are `Probe.secretPaths`).
    public let options: AnyOptionsSchema
    /// The metrics the probe declares (`Probe.metrics`).
    public let metrics: [ProbeMetric]
    /// The names of `metrics`, one array shared by every monitor of the kind.
    let metricNames: [String]
    /// Whether the probe reads the previous result (`Probe.readsPreviousResult`).
    public let readsPreviousResult: Bool
    /// Whether the probe judges pushes (`Probe.acceptsPushes`).
    public let acceptsPushes: Bool
    /// The options a monitor gets when its `config` is empty, encoded (nil when the probe
    /// needs some options given): what a form built for the kind starts from.
    public let defaults: JSONValue?
    /// The allowed values of each top-level option whose default is a string from a closed
    /// set (a `CaseIterable` enumeration, such as `family`): what a form offers as a choice.
    public let choices: [String: [String]]
    private let prepareBody: @Sendable (String, Double, JSONValue, EgressPolicy, TenantID?, MonitorReference?) throws -> PreparedProbe

    /// Wraps a probe under a kind.
    public init<P: Probe>(_ probe: P, kind: String) {
        self.kind = kind
        self.pluginID = P.id
        self.aliases = kind == P.id.name ? P.kindAliases : []
        self.metrics = P.metrics
        self.metricNames = P.metrics.map(\.name)
        self.readsPreviousResult = P.readsPreviousResult
        self.acceptsPushes = P.acceptsPushes
        // The probe validates target and options together, so the schema only decodes.
        let schema = OptionsSchema<P.Options>(field: "config", secretPaths: P.secretPaths)
        self.options = schema.erased
        self.defaults = (try? schema.decode(.emptyObject)).flatMap { try? JSONValue(encoding: $0) }
        self.choices = Self.choices(of: schema, defaults: defaults)
        // One copy of the probe behind a reference: each prepared monitor holds 8 bytes of it,
        // not the probe's whole value (its event loop group, its policy, ...).
        let shared = SharedProbe(probe)
        self.prepareBody = { target, timeout, config, egress, tenant, monitor in
            let probe = shared.probe
            let options = try schema.decode(config)
            try EgressPolicy.$current.withValue(egress) { try probe.validate(target: target, options: options) }
            return PreparedProbe { logger, progress, previous in
                try await EgressPolicy.$current.withValue(egress) {
                    try await shared.probe.run(ProbeRequest(target: target, timeout: timeout, options: options, logger: logger,
                                                     progress: progress, previous: previous, tenant: tenant, monitor: monitor))
                }
            }
        }
    }

    /// The closed sets of the string options in `defaults`, found by asking the strict decoder:
    /// a value no option takes is refused with the allowed values when there is a set.
    private static func choices<Options>(of schema: OptionsSchema<Options>, defaults: JSONValue?) -> [String: [String]] {
        guard case .object(let fields)? = defaults else { return [:] }
        var found: [String: [String]] = [:]
        for (key, value) in fields {
            guard case .string = value else { continue }
            var probe = fields
            probe[key] = .string("\u{1}")
            do {
                _ = try schema.decode(.object(probe))
            } catch let error as ValidationError {
                let issue = error.issues.first { $0.field == "config.\(key)" }
                if let allowed = issue?.allowedValues, !allowed.isEmpty { found[key] = allowed }
            } catch {}
        }
        return found
    }

    /// Decodes and validates options and target once; the result can run many times.
    /// `egress` is the policy of the tenant the probe runs for, bound as
    /// `EgressPolicy.current` while it validates and runs; `tenant` is passed to every run as
    /// `ProbeRequest.tenant`, and `monitor` as `ProbeRequest.monitor`. Throws
    /// `ValidationError` naming `target` or `config.<key>`.
    public func prepare(target: String, timeout: Double, config: JSONValue, egress: EgressPolicy = .unrestricted,
                        tenant: TenantID? = nil, monitor: MonitorReference? = nil) throws -> PreparedProbe {
        try prepareBody(target, timeout, config, egress, tenant, monitor)
    }
}

/// A probe with its target and options checked and decoded, ready to run repeatedly.
public struct PreparedProbe: Sendable {
    private let body: @Sendable (Logger, ProbeProgress?, ProbeResult?) async throws -> ProbeResult

    /// Wraps a run closure taking the logger, the progress sink and the previous result.
    public init(_ body: @escaping @Sendable (Logger, ProbeProgress?, ProbeResult?) async throws -> ProbeResult) { self.body = body }

    /// Wraps a run closure that reports no progress.
    public init(_ body: @escaping @Sendable (Logger) async throws -> ProbeResult) { self.body = { logger, _, _ in try await body(logger) } }

    /// Runs the probe once, reporting partial results to `progress` when given; `previous` is
    /// the monitor's last result (see `ProbeRequest.previous`).
    public func run(logger: Logger, progress: ProbeProgress? = nil, previous: ProbeResult? = nil) async throws -> ProbeResult {
        try await body(logger, progress, previous)
    }
}

/// A probe held by reference, shared by every monitor prepared from it.
private final class SharedProbe<P: Probe>: Sendable {
    let probe: P
    init(_ probe: P) { self.probe = probe }
}
