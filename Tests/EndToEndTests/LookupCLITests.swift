import FixtureServers
import Foundation
import Testing

/// `vantage probe dns` and `vantage probe whois` against NSD and the WHOIS fixture servers.
struct LookupCLITests {
    private func vantage(_ arguments: [String]) async throws -> Executables.Outcome {
        try await Executables.run(try Executables.path("vantage"), ["probe"] + arguments)
    }

    @Test func digLikeOutputAndJSON() async throws {
        let nsd = try await NSDFixture.shared()
        let text = try await vantage(["dns", "example.test", "MX", "--server", nsd.server])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains(";; ->>HEADER<<- status: NOERROR"))
        #expect(text.stdout.contains("example.test.\t300\tIN\tMX\t10 mail.example.test."))
        #expect(text.stdout.contains(";; Query time:"))
        let json = try await vantage(["dns", "big.example.test", "TXT", "--server", nsd.server, "--tcp", "--json"])
        let record = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        let details = (record["result"] as? [String: Any])?["details"] as? [String: Any] ?? [:]
        #expect(details["transport"] as? String == "tcp")
        let reverse = try await vantage(["dns", "192.0.2.10", "--server", nsd.server])
        #expect(reverse.stdout.contains("10.2.0.192.in-addr.arpa.\t300\tIN\tPTR\texample.test."))
        let missing = try await vantage(["dns", "nope.example.test", "--server", nsd.server])
        #expect(missing.status == 2)
        #expect(missing.stdout.contains("status: NXDOMAIN"))
    }

    @Test func whoisFollowsTheReferral() async throws {
        let fixture = try await WHOISFixture.shared()
        let outcome = try await vantage(["whois", "example.test", "--server", fixture.registry])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("registrar:   Example Registrar, Inc."))
        #expect(outcome.stdout.contains("expires:     2031-05-06T07:08:09Z"))
        #expect(outcome.stdout.contains("asked:       \(fixture.registry) → \(fixture.registrar)"))
    }

    @Test(arguments: [
        (["dns", "a..b"], "target"),
        (["dns", String(repeating: "x", count: 64) + ".test"], "target"),
        (["dns", "example.test", "AXFR"], "config.type"),
        (["dns", "example.test", "--server", "1.2.3.4:70000"], "config.servers[0]"),
        (["dns", "example.test", "--server", "[::1"], "config.servers[0]"),
        (["whois", "not a domain"], "target"),
        (["whois", "example.com", "--server", "whois.example:0"], "config.server"),
        (["ping", "127.0.0.1", "A"], "TYPE"),
        (["tcp", "127.0.0.1:1", "--tcp"], "--tcp"),
    ])
    func refusedWithTheFieldNamed(arguments: [String], field: String) async throws {
        let outcome = try await vantage(arguments)
        #expect(outcome.status == 64, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.contains(field), "\(arguments): \(outcome.stderr)")
    }

    @Test func aSilentServerTimesOutInBoundedTime() async throws {
        let silent = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(silent) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(silent, $0, length) == 0 && getsockname(silent, $0, &length) == 0 }
        }
        let start = Date()
        let outcome = try await vantage(["dns", "example.test", "--server", "127.0.0.1:\(UInt16(bigEndian: address.sin_port))", "--timeout", "1", "--json"])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains(#""code":"timeout""#))
        // Bounded, not fast: a process started while every fixture of the run starts took 11.7 s
        // in a clean-clone CI; a lookup that ignored --timeout would never end.
        #expect(Date().timeIntervalSince(start) < 30)
    }
}
