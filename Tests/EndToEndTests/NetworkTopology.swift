import FixtureServers
import Foundation

/// The four-namespace path of `Tests/Fixtures/netns-topology.sh` (client → router1 →
/// router2 → target, IPv4 and IPv6), under a name unique to the test, deleted on `tearDown`.
final class NetworkTopology: Sendable {
    let suffix: String
    static let script = Executables.packageRoot.appendingPathComponent("Tests/Fixtures/netns-topology.sh").path

    /// Hop addresses the client sees, by family.
    static let hopsV4 = ["10.9.1.1", "10.9.2.2", "10.9.3.2"]
    static let hopsV6 = ["fd09:1::1", "fd09:2::2", "fd09:3::2"]

    var client: String { "vt-\(suffix)-c" }

    init() async throws {
        suffix = String(UUID().uuidString.lowercased().prefix(6))
        let outcome = try await Executables.run("/bin/bash", [Self.script, "up", suffix])
        guard outcome.status == 0 else {
            tearDown()
            throw SetupFailed(description: "netns topology failed: \(outcome.stderr)")
        }
    }

    /// Makes router2 stop answering with time exceeded.
    func silenceRouter2() async throws { try await run(["silent", suffix]) }

    /// Makes router1 drop one in `n` forwarded packets.
    func dropOneIn(_ n: Int) async throws { try await run(["loss", suffix, String(n)]) }

    /// Sets `net.ipv4.ping_group_range` in the client namespace.
    func setPingGroupRange(_ range: String) async throws {
        let outcome = try await Executables.run("/usr/sbin/ip", ["netns", "exec", client, "sysctl", "-qw", "net.ipv4.ping_group_range=\(range)"])
        guard outcome.status == 0 else { throw SetupFailed(description: outcome.stderr) }
    }

    /// Runs a command in the client namespace.
    func inClient(_ arguments: [String]) async throws -> Executables.Outcome {
        try await Executables.run("/usr/sbin/ip", ["netns", "exec", client] + arguments)
    }

    /// Runs `vantage probe ... --json` in the client namespace and returns the result record.
    func probe(_ arguments: [String], user: String? = nil, binary: String? = nil) async throws -> (Executables.Outcome, [String: Any]) {
        let vantage = try binary ?? Executables.path("vantage")
        var command = [vantage, "probe"] + arguments + ["--json"]
        if let user { command = ["setpriv", "--reuid=\(user)", "--regid=\(user)", "--clear-groups"] + command }
        let outcome = try await inClient(command)
        let record = (try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) as? [String: Any] ?? [:]
        return (outcome, record)
    }

    /// Deletes the namespaces; synchronous, for `defer` (a short blocking call).
    func tearDown() { _ = try? FixturePaths.run("/bin/bash", [Self.script, "down", suffix]) }

    private func run(_ arguments: [String]) async throws {
        let outcome = try await Executables.run("/bin/bash", [Self.script] + arguments)
        guard outcome.status == 0 else { throw SetupFailed(description: outcome.stderr) }
    }

    struct SetupFailed: Error, CustomStringConvertible { let description: String }
}

/// Reading a result record printed by `vantage probe --json`.
extension Dictionary where Key == String, Value == Any {
    var result: [String: Any] { self["result"] as? [String: Any] ?? [:] }
    var details: [String: Any] { result["details"] as? [String: Any] ?? [:] }
    var status: String? { result["status"] as? String }
    var failure: [String: Any]? { result["failure"] as? [String: Any] }

    /// Every hop's probe addresses (nil for a silent probe).
    var hopAddresses: [[String?]] {
        (details["hops"] as? [[String: Any]] ?? []).map { hop in
            (hop["probes"] as? [[String: Any]] ?? []).map { $0["address"] as? String }
        }
    }
}
