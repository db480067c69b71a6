import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// Two origins traced at once through the network-namespace chain the raw-socket tests build
/// (client → router1 → router2 → target): an sshd in the client namespace and one in router1,
/// reached over veths from this namespace, each running the real mtr. Each origin sees its own
/// exact hops.
@Suite("Trace runs from two namespaces", .serialized)
struct TraceNetworkTests {
    static let script = FixturePaths.fixtures.appendingPathComponent("netns-topology.sh").path

    @Test("the client sees router1, router2 and the target; router1 sees router2 and the target")
    func twoOriginsExactHops() async throws {
        let suffix = String(UUID().uuidString.lowercased().prefix(6))
        let subnet = Int.random(in: 0...255)
        defer { _ = try? FixturePaths.run("/bin/bash", [Self.script, "down", suffix]) }
        let up = try await FixturePaths.runDetached("/bin/bash", [Self.script, "up", suffix])
        try #require(up.status == 0, "\(up.output)")
        let uplink = try await FixturePaths.runDetached("/bin/bash", [Self.script, "uplink", suffix, String(subnet)])
        try #require(uplink.status == 0, "\(uplink.output)")
        let inClient = try await SSHDFixture.start(address: "10.99.\(subnet).2", netns: "vt-\(suffix)-c")
        defer { Task { await inClient.stop() } }
        let inRouter = try await SSHDFixture.start(address: "10.99.\(subnet).6", netns: "vt-\(suffix)-r1")
        defer { Task { await inRouter.stop() } }

        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let client = try await TraceAPITests.addHost(host, inClient, name: "client")
        let router = try await TraceAPITests.addHost(host, inRouter, name: "router1")
        let reply = try await host.request(.POST, "/api/v1/traces", body: """
            {"target":"10.9.3.2","origins":["\(client)","\(router)"],"options":{"count":2,"maxHops":8}}
            """, headers: ["Accept": "text/event-stream"])
        let origins = TraceAPITests.events(reply.body).filter { $0.name == "origin" }.map(\.data)
        func hops(_ key: String) -> [String?] {
            let origin = origins.first { $0.objectValue?["origin"] == .string(key) }
            let hops = origin?.objectValue?["result"]?.objectValue?["details"]?.objectValue?["hops"]?.arrayValue ?? []
            return hops.map { $0.objectValue?["responders"]?.arrayValue?.first?.objectValue?["address"]?.stringValue }
        }
        #expect(hops(client) == ["10.9.1.1", "10.9.2.2", "10.9.3.2"], "\(reply.body)")
        #expect(hops(router) == ["10.9.2.2", "10.9.3.2"], "\(reply.body)")
        for key in [client, router] {
            let origin = origins.first { $0.objectValue?["origin"] == .string(key) }
            #expect(origin?.objectValue?["result"]?.objectValue?["status"] == .string("up"), "\(reply.body)")
        }
    }
}
