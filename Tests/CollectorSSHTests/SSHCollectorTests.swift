import CollectorProcfs
import CollectorSSH
import FixtureServers
import Foundation
import Kernel
import KernelTesting
import ProcSupport
import Testing

/// collector.ssh against a private sshd on loopback: the same machine read over SSH and
/// locally, one command per collection counted in sshd's log, and a host that goes away.
@Suite("collector.ssh", .serialized)
struct SSHCollectorTests {
    struct Setup {
        let store = InMemoryHostStore()
        let tenant = TenantID.random()
        let host: RemoteHost
        let collector: SSHCollector

        init(_ server: SSHDFixture, hostKey: String? = nil, paused: Bool = false) async throws {
            host = RemoteHost(tenantID: tenant, name: "metrics-host", address: server.address, port: server.port, username: "vssh-ed25519",
                              credentials: .object(["privateKey": .string(try server.privateKey("ed25519"))]), hostKey: hostKey, paused: paused)
            collector = SSHCollector(hosts: RemoteHostDirectory(repository: store.hosts, sealer: nil, keyDirectory: nil))
            try await store.hosts.create(host, tenant: tenant)
        }

        /// Runs `body`, then closes the collector's connections whatever happened: awaited here,
        /// not left to a task that could still be closing sessions while the process exits.
        func closing(_ body: () async throws -> Void) async throws {
            do { try await body() } catch {
                await collector.close()
                throw error
            }
            await collector.close()
        }

        func collect(tenant: TenantID? = nil) async throws -> HostSnapshot {
            try await collector.snapshot(host: host.id.description, tenant: tenant ?? self.tenant)
        }
    }

    static func value(_ snapshot: HostSnapshot, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        snapshot.samples.first { $0.name == name && $0.labels == labels }?.value
    }

    @Test("this machine over SSH reads as it does locally, with one SSH command per collection on one connection")
    func sameAsLocal() async throws {
        let server = try await SSHDFixture.start()
        defer { Task { await server.stop() } }
        // The key pinned beforehand: pinning it on first use changes the host's settings, and
        // the pool connects again once for them.
        let setup = try await Setup(server, hostKey: try await server.hostFingerprint())
        try await setup.closing {
            // Local readings on both sides of the remote one: other tests start and stop
            // servers meanwhile, and used memory moves with them.
            let localBefore = try await ProcfsCollector().snapshot()
            let remote = try await setup.collect()
            let local = try await ProcfsCollector().snapshot()
            #expect(remote.system.kernel == local.system.kernel && remote.system.hostname == local.system.hostname)
            #expect(remote.system.logicalCPUs == local.system.logicalCPUs && remote.system.cpuModel == local.system.cpuModel)
            #expect(Self.value(remote, "memory_total_bytes") == Self.value(local, "memory_total_bytes"))
            #expect(Self.value(remote, "filesystem_size_bytes", ["mount": "/"]) == Self.value(local, "filesystem_size_bytes", ["mount": "/"]))
            let used = try #require(Self.value(remote, "memory_used_bytes")), localUsed = try #require(Self.value(local, "memory_used_bytes"))
            let usedBefore = try #require(Self.value(localBefore, "memory_used_bytes"))
            let margin = Double(256 << 20)
            #expect(used > min(usedBefore, localUsed) - margin && used < max(usedBefore, localUsed) + margin,
                    "used memory within 256 MiB of the local readings around it: \(usedBefore), \(used), \(localUsed)")
            #expect(remote.processes.contains { $0.command.contains("sshd") && $0.user == "root" })
            #expect(remote.processes.count > 10 && abs(remote.processes.count - local.processes.count) < 50)
            #expect(remote.problems.isEmpty, "\(remote.problems)")
            #expect(remote.interval == nil)

            let firstEnd = ContinuousClock.now
            try await Task.sleep(for: .seconds(1))
            let secondStart = ContinuousClock.now
            let second = try await setup.collect()
            _ = try await setup.collect()
            let interval = try #require(second.interval)
            #expect(interval >= (secondStart - firstEnd) / .seconds(1) - 0.02, "the host's uptime between the readings: \(interval) s")
            #expect(Self.value(second, "network_received_bytes_per_second", ["interface": "lo"]) ?? 0 > 0, "the SSH traffic itself crossed lo")
            #expect(await server.logLines(containing: "Starting session: command for vssh-ed25519", reaching: 3) == 3, "three collections, three commands")
            #expect(server.logLines(containing: "Accepted publickey for vssh-ed25519") == 1, "on one connection")
        }
    }

    @Test("a host that goes away fails with ssh_connect_failed naming it, and reads again when it is back")
    func unreachableThenBack() async throws {
        let server = try await SSHDFixture.start()
        let setup = try await Setup(server)
        try await setup.closing {
            _ = try await setup.collect()
            await server.stop()
            await setup.collector.close()
            let failure = try await #require(throws: CollectorFailure.self) { try await setup.collect() }
            #expect(failure.code.hasPrefix("ssh_") && failure.message.contains("metrics-host"), "\(failure)")
            let again = try await SSHDFixture.start()
            defer { Task { await again.stop() } }
            try await Self.pointed(setup, at: again)
        }
    }

    /// Points the host record at `server` (with its key pinned) and reads it.
    static func pointed(_ setup: Setup, at again: SSHDFixture) async throws {
        let moved = RemoteHost(id: setup.host.id, tenantID: setup.tenant, name: "metrics-host", address: again.address, port: again.port, username: "vssh-ed25519",
                               credentials: .object(["privateKey": .string(try again.privateKey("ed25519"))]), hostKey: try await again.hostFingerprint())
        try await setup.store.hosts.update(moved, tenant: setup.tenant)
        #expect(try await setup.collect().samples.contains { $0.name == "memory_total_bytes" })
    }

    @Test("another tenant's host is not found; a paused host is not read")
    func tenantAndPause() async throws {
        let server = try await SSHDFixture.shared()
        let setup = try await Setup(server)
        let other = try await #require(throws: CollectorFailure.self) { try await setup.collect(tenant: .random()) }
        #expect(other.code == "host_not_found")
        let paused = try await Setup(server, paused: true)
        let failure = try await #require(throws: CollectorFailure.self) { try await paused.collect() }
        #expect(failure.code == "host_paused")
        let runner = CollectorRunner(setup.collector, name: "ssh")
        let reading = try await runner.collect(tenant: setup.tenant, address: setup.host.id.description, options: .object([:]), sealer: nil)
        #expect(reading.details.objectValue?["system"]?.objectValue?["kernel"] != nil)
        #expect(try await setup.store.hosts.get(setup.host.id, tenant: setup.tenant)?.hostKey == (try await server.hostFingerprint()),
                "the host key is pinned on first use")
        await setup.collector.close()
    }
}
