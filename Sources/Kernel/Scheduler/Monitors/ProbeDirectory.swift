/// The enabled probes by kind: what monitors and one-shot probes can use.
public struct ProbeDirectory: Sendable {
    private let runners: [String: ProbeRunner]
    /// Seals and opens the secrets of monitor configurations; nil leaves them as given.
    public let sealer: (any SecretSealer)?
    /// The stage every prepared probe's result passes before it is returned: the enabled
    /// enrichers annotate the responders of route hops.
    public let enrichment: AddressEnrichment

    /// Creates a directory; a later runner with the same kind replaces an earlier one.
    public init(_ runners: [ProbeRunner], sealer: (any SecretSealer)? = nil, enrichment: AddressEnrichment = AddressEnrichment([])) {
        self.sealer = sealer
        self.enrichment = enrichment
        var table: [String: ProbeRunner] = [:]
        for runner in runners { table[runner.kind] = runner }
        for runner in runners {
            for alias in runner.aliases where table[alias] == nil { table[alias] = runner }
        }
        self.runners = table
    }

    /// The kinds available, sorted.
    public var kinds: [String] { runners.keys.sorted() }

    /// The kind the plugin `id` is enabled under (its first instance by name), or nil.
    public func kind(of id: PluginID) -> String? {
        runners.filter { $0.value.pluginID == id && $0.key == $0.value.kind }.keys.sorted().first
    }

    /// The runner for a kind, or nil.
    public func runner(for kind: String) -> ProbeRunner? { runners[kind] }

    /// Validates and prepares a probe for `tenant`, whose egress policy is `egress`; throws
    /// `ValidationError` naming `kind`, `target` or `config.<key>`. `monitor` is the monitor
    /// it runs for (nil for one-shot runs).
    public func prepare(kind: String, target: String, timeout: Double, config: JSONValue,
                        egress: EgressPolicy = .unrestricted, tenant: TenantID? = nil, monitor: MonitorReference? = nil) throws -> PreparedProbe {
        guard let runner = runners[kind] else {
            throw ValidationError(field: "kind", "no enabled probe of kind '\(kind)'", allowedValues: kinds)
        }
        let plain = try runner.options.unseal(config, sealer: sealer)
        return enrichment.wrapping(try runner.prepare(target: target, timeout: timeout, config: plain, egress: egress, tenant: tenant, monitor: monitor))
    }

    /// `config` of a monitor of `kind` with its secrets sealed for storage; a placeholder keeps
    /// the secret stored in `previous`.
    public func sealSecrets(kind: String, config: JSONValue, previous: JSONValue?) throws -> JSONValue {
        guard let runner = runners[kind] else { return config }
        return try runner.options.seal(config, sealer: sealer, previous: previous)
    }

    /// `config` of a monitor of `kind` with its secrets opened, for an agent that runs it
    /// (which seals them again with its own key); a value this directory cannot open stays
    /// sealed, and fails on the agent as it would here.
    public func openSecrets(kind: String, config: JSONValue) -> JSONValue {
        guard let runner = runners[kind] else { return config }
        return (try? runner.options.unseal(config, sealer: sealer)) ?? config
    }

    /// `config` of a monitor of `kind` with its secrets replaced by the placeholder.
    public func redactSecrets(kind: String, config: JSONValue) -> JSONValue {
        guard let runner = runners[kind] else { return config }
        return runner.options.redact(config)
    }
}
