import FixtureServers
import Foundation
import Kernel
import Testing

/// Runs `vantage probe tcp` inside a network namespace of its own, where only loopback is
/// up: an address outside it has no route, so the probe must report `unreachable` (and no
/// packet can leave the machine). Needs root and iproute2, which `.ci/run` provides.
@Suite("probe.tcp in a network namespace")
struct NetworkNamespaceTests {
    @Test func anAddressWithoutARouteIsUnreachable() async throws {
        let namespace = "vt-e2e-\(UInt32.random(in: 0...UInt32.max))"
        let ip = "/usr/sbin/ip"
        guard FileManager.default.isExecutableFile(atPath: ip) else {
            Issue.record("\(ip) is missing: install iproute2 (.ci/run does)")
            return
        }
        #expect(try await Executables.run(ip, ["netns", "add", namespace]).status == 0)
        defer { _ = try? FixturePaths.run(ip, ["netns", "delete", namespace]) }
        #expect(try await Executables.run(ip, ["-n", namespace, "link", "set", "lo", "up"]).status == 0)
        let outcome = try await Executables.run(ip, ["netns", "exec", namespace, try Executables.path("vantage"), "probe", "tcp", "192.0.2.1:80", "--json"])
        #expect(outcome.status == 2)
        let result = try JSONValue.parse(Data(outcome.stdout.utf8))
        #expect(result.objectValue?["result"]?.objectValue?["failure"]?.objectValue?["code"] == .string("unreachable"), "\(outcome.stdout)\(outcome.stderr)")
    }
}
