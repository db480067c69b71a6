import Kernel
import RouteSupport
import SSHSupport

/// `probe.mtr_ssh`: runs `mtr --json` on a remote host over SSH and reads its report into the
/// hop model `probe.traceroute` and `probe.mtr` share, so a path can be watched from each of
/// an operator's servers. The host (`config.host`) is a record of `/api/v1/hosts` in the
/// monitor's tenant; its connection is pooled and reused between runs.
public struct MTRSSHProbe: Probe, ClosablePlugin {
    public static let id = PluginID("probe.mtr_ssh")!
    public static let summary = "mtr run on a remote host over SSH: per-hop loss and latency from another location"
    public static let requiredStoreCapabilities: [StoreCapability] = [.hosts]
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("hops", unit: "count", help: "Hops on the path."),
        ProbeMetric("rounds", unit: "count", help: "Rounds mtr sent."),
        ProbeMetric("loss_ratio", unit: "ratio", help: "Share of probes to the destination without a reply, 0 to 1."),
        ProbeMetric("rtt_avg_seconds", unit: "seconds", help: "Average round-trip time to the destination."),
        ProbeMetric("rtt_min_seconds", unit: "seconds", help: "Best round-trip time to the destination."),
        ProbeMetric("rtt_max_seconds", unit: "seconds", help: "Worst round-trip time to the destination."),
    ]

    public typealias Configuration = MTRSSHConfiguration
    public typealias Options = MTRSSHOptions

    private let hosts: RemoteHostDirectory?
    private let pool: SSHConnectionPool

    public init(configuration: MTRSSHConfiguration, context: PluginContext) async throws {
        self.init(hosts: context.hosts, pool: SSHConnectionPool(limit: configuration.maxConnections, timeouts: configuration.timeouts))
    }

    /// Creates a probe reading hosts from `hosts` and connecting through `pool`.
    public init(hosts: RemoteHostDirectory?, pool: SSHConnectionPool = SSHConnectionPool()) {
        self.hosts = hosts
        self.pool = pool
    }

    public func close() async { await pool.closeAll() }

    /// The argument vector a run sends (`mtr --json … -- TARGET`), for tests and the docs.
    public static func commandArguments(target: String, options: MTRSSHOptions) -> [String] {
        MTRSSHCommand.arguments(target: target, options: options)
    }

    public func validate(target: String, options: MTRSSHOptions) throws {
        if let problem = RemoteTarget.problem(target) { throw ValidationError(field: "target", problem) }
        if let address = NetworkPrefix.addressBytes(target),
           let refusal = EgressPolicy.builtInRefusal(for: address, allowed: [], plugin: Self.id.rawValue) ?? EgressPolicy.current.refusal(for: address) {
            throw ValidationError(field: "target", refusal)
        }
        try options.validate()
    }

    public func run(_ request: ProbeRequest<MTRSSHOptions>) async throws -> ProbeResult {
        let options = request.options
        guard let hosts else {
            return .down(ProbeFailure(code: "hosts_unavailable", message: "this server's store keeps no SSH hosts"))
        }
        guard let tenant = request.tenant else {
            return .down(ProbeFailure(code: "no_tenant", message: "mtr over SSH runs for a tenant's host: use the API or a monitor"))
        }
        guard let hostID = options.hostID, let host = try await hosts.host(hostID, tenant: tenant) else {
            return .down(ProbeFailure(code: "host_not_found", message: "no host \(options.host) in this tenant"))
        }
        guard !host.paused else { return .down(ProbeFailure(code: "host_paused", message: "host \(host.name) is paused")) }
        guard request.timeout >= options.minimumDuration else {
            return .down(ProbeFailure(code: "timeout_too_short",
                                      message: "\(options.count) rounds \(options.interval) s apart and a \(options.wait) s wait take at least \(options.minimumDuration) s; the timeout is \(request.timeout) s"))
        }
        let endpoint: SSHEndpoint
        do {
            endpoint = try SSHEndpoint(host, credentials: try hosts.credentials(of: host), keyDirectory: hosts.keyDirectory)
        } catch let error as ValidationError {
            return .down(ProbeFailure(code: "host_credentials", message: "host \(host.name): \(error)"))
        }
        let command = SSHCommand(MTRSSHCommand.arguments(target: request.target, options: options),
                                 timeout: max(request.timeout - 0.05, 0.5), outputLimit: MTRJSONReport.maximumSize)
        let origin = MTRSSHOrigin(host)
        request.progress?.report(.object(["event": .string("started"), "origin": origin.json]))
        let output: SSHCommandOutput
        do {
            output = try await pool.run(command, on: endpoint, key: host.id.description)
        } catch let error as SSHError {
            var details: [String: JSONValue] = ["origin": origin.json]
            if let presented = error.presentedFingerprint { details["presentedHostKey"] = .string(presented) }
            return ProbeResult(status: .down, failure: ProbeFailure(code: error.code.rawValue, message: error.message), details: .object(details))
        }
        if host.hostKey == nil, let key = output.hostKey?.fingerprint {
            _ = try? await hosts.pinFirstHostKey(key, of: host)
        }
        return MTRSSHReport(output: output, target: request.target, options: options, origin: origin).result
    }
}
