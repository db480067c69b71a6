import Foundation
import Kernel
import ProcSupport
import SSHSupport

/// `collector.ssh`: reads a host of `/api/v1/hosts` over SSH with one remote command per
/// collection (`RemoteReadingScript`: every file it needs, nonce-delimited, one `sh -c` on a
/// pooled connection), parsed by the same code as `collector.procfs`. The source's address is
/// the host's id, in the source's tenant.
public struct SSHCollector: Collector, ClosablePlugin {
    public static let id = PluginID("collector.ssh")!
    public static let summary = "A remote host's CPU, memory, disks, network, filesystems and processes from /proc over SSH"
    public static let requiredStoreCapabilities: [StoreCapability] = [.hosts]

    public typealias Configuration = SSHCollectorConfiguration

    private let hosts: RemoteHostDirectory?
    private let pool: SSHConnectionPool
    private let configuration: SSHCollectorConfiguration
    private let history = HostReadingHistory()

    public init(configuration: SSHCollectorConfiguration, context: PluginContext) async throws {
        self.init(hosts: context.hosts, configuration: configuration)
    }

    /// Creates a collector reading hosts from `hosts`.
    public init(hosts: RemoteHostDirectory?, configuration: SSHCollectorConfiguration = SSHCollectorConfiguration()) {
        self.hosts = hosts
        self.configuration = configuration
        pool = SSHConnectionPool(limit: configuration.maxConnections, timeouts: configuration.timeouts)
    }

    public func close() async { await pool.closeAll() }

    public func validate(source options: EmptyOptions) throws {}

    public func collect(from source: CollectorSource<EmptyOptions>) async throws -> CollectorReading {
        try await snapshot(host: source.address, tenant: source.tenantID).collectorReading
    }

    /// One reading of host `id` in `tenant` as a `HostSnapshot`, for the command line and tests.
    /// Throws `CollectorFailure` (`host_not_found`, `host_paused`, `host_credentials`, an
    /// `ssh_*` code, `reading_failed`).
    public func snapshot(host id: String, tenant: TenantID) async throws -> HostSnapshot {
        guard let hosts else {
            throw CollectorFailure(code: "hosts_unavailable", message: "this server's store keeps no SSH hosts")
        }
        guard let hostID = RemoteHostID(id), let host = try await hosts.host(hostID, tenant: tenant) else {
            throw CollectorFailure(code: "host_not_found", message: "no host \(id) in this tenant")
        }
        guard !host.paused else { throw CollectorFailure(code: "host_paused", message: "host \(host.name) is paused") }
        let endpoint: SSHEndpoint
        do {
            endpoint = try SSHEndpoint(host, credentials: try hosts.credentials(of: host), keyDirectory: hosts.keyDirectory)
        } catch let error as ValidationError {
            throw CollectorFailure(code: "host_credentials", message: "host \(host.name): \(error)")
        }
        let nonce = String(UInt64.random(in: 1...UInt64.max), radix: 16)
        let command = SSHCommand(["sh", "-c", RemoteReadingScript.script(nonce: nonce, processes: configuration.processes)],
                                 timeout: configuration.commandTimeout, outputLimit: RemoteReadingScript.maximumOutput)
        let output: SSHCommandOutput
        do {
            output = try await pool.run(command, on: endpoint, key: host.id.description)
        } catch let error as SSHError {
            throw CollectorFailure(code: error.code.rawValue, message: "host \(host.name): \(error.message)")
        }
        if host.hostKey == nil, let key = output.hostKey?.fingerprint {
            _ = try? await hosts.pinFirstHostKey(key, of: host)
        }
        let reading: HostReading
        do {
            reading = try HostReading(try RemoteReadingScript.parse(output.stdoutText, nonce: nonce), at: Date())
        } catch {
            let stderr = output.stderrText.prefix(300)
            throw CollectorFailure(code: "reading_failed",
                                   message: "host \(host.name): \(error)\(stderr.isEmpty ? "" : " (stderr: \(stderr))")")
        }
        let previous = await history.exchange(host.id.description, reading)
        return HostSnapshot(previous: previous, current: reading)
    }

    /// Forgets the previous reading of host `id` (deleted or paused).
    public func forget(host id: String) async { await history.forget(id) }
}
