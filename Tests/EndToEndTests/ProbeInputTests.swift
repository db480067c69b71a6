import Foundation
import Testing

/// Bad input to the raw-socket probes: clear errors and exit codes, never a crash.
struct ProbeInputTests {
    @Test(arguments: [
        (["ping", "999.1.2.3"], "target"),
        (["ping", "bad host!"], "target"),
        (["ping", "127.0.0.1", "-c", "0"], "config.count"),
        (["ping", "127.0.0.1", "-c", "1001"], "config.count"),
        (["ping", "127.0.0.1", "-i", "0.0001"], "config.interval"),
        (["ping", "224.0.0.1"], "target"),
        (["ping", "127.0.0.1", "--options", #"{"payloadSize": 70000}"#], "config.payloadSize"),
        (["traceroute", "127.0.0.1", "--method", "sctp"], "config.method"),
        (["traceroute", "127.0.0.1", "--options", #"{"maxHops": 0}"#], "config.maxHops"),
        (["traceroute", "127.0.0.1", "--options", #"{"firstTTL": 40, "maxHops": 30}"#], "config.firstTTL"),
        (["mtr", "127.0.0.1", "-c", "0"], "config.count"),
        (["mtr", "::", "-c", "1"], "target"),
    ])
    func refusedWithTheFieldNamed(arguments: [String], field: String) async throws {
        let outcome = try await Executables.run(try Executables.path("vantage"), ["probe"] + arguments)
        #expect(outcome.status == 64, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.contains(field), "\(arguments): \(outcome.stderr)")
    }

    @Test func unresolvableNameIsDownNotAnError() async throws {
        let outcome = try await Executables.run(try Executables.path("vantage"), ["probe", "ping", "no-such-host.invalid", "--json"])
        #expect(outcome.status == 2)
        let record = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(record.failure?["code"] as? String == "name_not_resolved")
    }
}
