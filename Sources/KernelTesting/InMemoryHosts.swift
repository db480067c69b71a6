import Foundation
import Kernel

/// An in-memory store that also keeps remote hosts (`HostStore`), the trace runs made from
/// them (`TraceStore`), the samples collected from them (`SampleStore`) and alerting's
/// records (`AlertStore`), agents (`AgentStore`) and what producers push (`IngestStore`).
public final class InMemoryHostStore: InMemoryStore, HostStore, TraceStore, SampleStore, AlertStore, AgentStore, IngestStore, PushStore, LogStore, DashboardStore, @unchecked Sendable {
    private let records = InMemoryHosts()
    private let runs = InMemoryTraces()
    private let series: InMemorySamples
    private let alerting = InMemoryAlerts()
    private let enrolled = InMemoryAgents()
    private let pushed: InMemoryIngest
    public var ingest: any IngestRepository { pushed }
    private let pushTokens: InMemoryPushes
    private let lines = InMemoryLogs()
    public var pushes: any PushRepository { pushTokens }
    public var logs: any LogRepository { lines }
    public var dashboard: any DashboardRepository { InMemoryDashboard(data: data, ingest: pushed) }
    public var alerts: any AlertRepository { alerting }
    public var agents: any AgentRepository { enrolled }
    public var hosts: any RemoteHostRepository { records }
    public var traces: any TraceRepository { runs }
    public var samples: any SampleRepository { series }

    /// Creates an empty store.
    public override init() {
        let series = InMemorySamples()
        self.series = series
        pushed = InMemoryIngest(samples: series)
        let data = InMemoryData()
        pushTokens = InMemoryPushes(data: data)
        super.init(data: data)
    }

    public required init(configuration: EmptyConfiguration, context: PluginContext) async throws {
        let series = InMemorySamples()
        self.series = series
        pushed = InMemoryIngest(samples: series)
        let data = InMemoryData()
        pushTokens = InMemoryPushes(data: data)
        super.init(data: data)
    }
}

/// Remote hosts in memory, in creation order.
actor InMemoryHosts: RemoteHostRepository {
    private var hosts: [(seq: Int64, host: RemoteHost)] = []
    private var nextSeq: Int64 = 1

    func create(_ host: RemoteHost, tenant: TenantID) throws {
        guard host.tenantID == tenant else { throw StoreError.conflict(entity: "host", detail: "belongs to another tenant") }
        if hosts.contains(where: { $0.host.id == host.id }) { throw StoreError.conflict(entity: "host", detail: "id \(host.id) exists") }
        if hosts.contains(where: { $0.host.tenantID == tenant && $0.host.name == host.name }) {
            throw StoreError.conflict(entity: "host", detail: "a host named \(host.name) exists")
        }
        hosts.append((nextSeq, host))
        nextSeq += 1
    }

    func get(_ id: RemoteHostID, tenant: TenantID) -> RemoteHost? {
        hosts.first { $0.host.id == id && $0.host.tenantID == tenant }?.host
    }

    func list(tenant: TenantID, page: PageRequest) -> Page<RemoteHost> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows = hosts.filter { $0.host.tenantID == tenant && $0.seq > after }.prefix(page.limit + 1).map { ($0.seq, $0.host) }
        return Page(sequenced: Array(rows), limit: page.limit)
    }

    func update(_ host: RemoteHost, tenant: TenantID) throws {
        guard let index = hosts.firstIndex(where: { $0.host.id == host.id && $0.host.tenantID == tenant }) else {
            throw StoreError.notFound(entity: "host", id: host.id.description)
        }
        if hosts.contains(where: { $0.host.tenantID == tenant && $0.host.name == host.name && $0.host.id != host.id }) {
            throw StoreError.conflict(entity: "host", detail: "a host named \(host.name) exists")
        }
        hosts[index].host = host
    }

    func delete(_ id: RemoteHostID, tenant: TenantID) -> Bool {
        guard let index = hosts.firstIndex(where: { $0.host.id == id && $0.host.tenantID == tenant }) else { return false }
        hosts.remove(at: index)
        return true
    }

    func pinHostKey(_ fingerprint: String, host: RemoteHostID, tenant: TenantID, expected: String?) -> Bool {
        guard let index = hosts.firstIndex(where: { $0.host.id == host && $0.host.tenantID == tenant }),
              hosts[index].host.hostKey == expected else { return false }
        hosts[index].host.hostKey = fingerprint
        hosts[index].host.updatedAt = Date()
        return true
    }

    func listAllTenants(page: PageRequest) -> Page<RemoteHost> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return Page(sequenced: Array(hosts.filter { $0.seq > after }.prefix(page.limit + 1).map { ($0.seq, $0.host) }), limit: page.limit)
    }

    func eraseAllTenants() { hosts.removeAll() }
}
