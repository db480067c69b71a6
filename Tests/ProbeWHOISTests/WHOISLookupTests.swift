import FixtureServers
import Foundation
import Kernel
import Logging
import Testing
@testable import ProbeWHOIS

/// `probe.whois` against the local registry, registrar and RDAP servers.
@Suite("probe.whois against local servers")
struct WHOISLookupTests {
    private func probe(rdap: Bool = false) async throws -> (WHOISProbe, WHOISFixture) {
        let fixture = try await WHOISFixture.shared()
        let configuration = WHOISConfiguration(ianaServer: fixture.registry, whoisServers: ["test": fixture.registry],
                                               rdapBootstrap: fixture.rdapBase + "/bootstrap/")
        return (try WHOISProbe(configuration: configuration), fixture)
    }

    /// The default budget is generous: these tests check what a lookup finds, and the first
    /// seconds of a test process on two cores, with every fixture starting at once, once left
    /// a 5 s budget too little for the referral's second query.
    private func run(_ target: String, _ options: WHOISOptions, timeout: Double = 20) async throws -> ProbeResult {
        let (probe, _) = try await probe()
        try probe.validate(target: target, options: options)
        return try await probe.run(ProbeRequest(target: target, timeout: timeout, options: options, logger: Logger(label: "test")))
    }

    private func field(_ result: ProbeResult, _ key: String) -> String? { result.details["registration"]?[key]?.stringValue }

    @Test("WHOIS follows the registry's referral to the registrar and merges both answers")
    func referralChain() async throws {
        let fixture = try await WHOISFixture.shared()
        let result = try await run("example.test", WHOISOptions(protocol: .whois))
        #expect(result.status == .up, "\(String(describing: result.failure))")
        #expect(result.details["servers"]?.arrayValue?.compactMap(\.stringValue) == [fixture.registry, fixture.registrar])
        #expect(field(result, "registrar") == "Example Registrar, Inc.")
        #expect(field(result, "created") == "2001-05-06T07:08:09Z")
        #expect(field(result, "updated") == "2026-01-02T03:04:05Z")
        #expect(field(result, "expires") == "2031-05-06T07:08:09Z")
        #expect(field(result, "abuseEmail") == "abuse@registrar.test")
        #expect(field(result, "dnssec") == "signed")
        #expect(result.details["registration"]?["statuses"]?.arrayValue?.compactMap(\.stringValue) == ["clientDeleteProhibited", "clientTransferProhibited"])
        #expect(result.details["registration"]?["nameServers"]?.arrayValue?.compactMap(\.stringValue) == ["ns1.example.test", "ns2.example.test"])
        #expect(result.details["raw"]?.arrayValue?.count == 2)
        #expect((result.metrics["days_left"] ?? 0) > 1000)
    }

    @Test("the referral limit and a referral back to a server already asked both stop the chain")
    func referralLimits() async throws {
        let fixture = try await WHOISFixture.shared()
        let limited = try await run("example.test", WHOISOptions(protocol: .whois, maxReferrals: 0))
        #expect(limited.details["servers"]?.arrayValue?.count == 1)
        #expect(limited.details["notes"]?.arrayValue?.first?.stringValue?.contains("referral limit") == true)
        let loop = try await run("loop.test", WHOISOptions(protocol: .whois))
        #expect(loop.details["servers"]?.arrayValue?.compactMap(\.stringValue) == [fixture.registry])
        #expect(loop.status == .up)
    }

    @Test("expiry: degraded inside the warning window, down once expired, down when not registered")
    func expiry() async throws {
        let expiring = try await run("expiring.test", WHOISOptions(protocol: .whois))
        #expect(expiring.status == .degraded)
        #expect(expiring.failure?.code == "expiring")
        #expect(expiring.metrics["days_left"] == 9)
        let relaxed = try await run("expiring.test", WHOISOptions(protocol: .whois, expiryWarningDays: 7))
        #expect(relaxed.status == .up)
        let expired = try await run("expired.test", WHOISOptions(protocol: .whois))
        #expect(expired.status == .down)
        #expect(expired.failure?.code == "expired")
        let missing = try await run("nothing.test", WHOISOptions(protocol: .whois))
        #expect(missing.failure?.code == "not_found")
    }

    @Test("IP and AS lookups go from the IANA-like root to the regional registry, keeping none of the root's fields")
    func addressesAndASNs() async throws {
        let fixture = try await WHOISFixture.shared()
        let network = try await run("192.0.2.1", WHOISOptions(protocol: .whois))
        #expect(network.status == .up)
        #expect(network.details["servers"]?.arrayValue?.compactMap(\.stringValue) == [fixture.registry, fixture.registrar])
        #expect(field(network, "network") == "192.0.2.0 - 192.0.2.255")
        #expect(field(network, "holder") == "TEST-NET-1")
        #expect(field(network, "abuseEmail") == "abuse@rir.test")
        #expect(field(network, "created") == "2010-03-04T05:06:07Z")
        let asn = try await run("AS64500", WHOISOptions(protocol: .whois))
        #expect(field(asn, "network") == "AS64500")
        #expect(field(asn, "holder") == "DOC-AS")
    }

    @Test("auto uses RDAP where the bootstrap lists the TLD, range or AS, and WHOIS elsewhere")
    func rdapAuto() async throws {
        let domain = try await run("example.test", WHOISOptions())
        #expect(domain.details["protocol"]?.stringValue == "rdap")
        #expect(field(domain, "registrar") == "Example Registrar, Inc.")
        #expect(field(domain, "abuseEmail") == "abuse@registrar.test")
        #expect(field(domain, "dnssec") == "signed")
        #expect(field(domain, "expires") == "2031-05-06T07:08:09Z")
        #expect(domain.details["raw"]?.arrayValue?.first?["json"]?["ldhName"]?.stringValue == "EXAMPLE.TEST")
        let expiring = try await run("expiring.test", WHOISOptions())
        #expect(expiring.status == .degraded)
        let missing = try await run("nothing.test", WHOISOptions())
        #expect(missing.failure?.code == "not_found")
        let network = try await run("192.0.2.7", WHOISOptions())
        #expect(network.details["protocol"]?.stringValue == "rdap")
        #expect(field(network, "holder") == "Documentation Networks")
        #expect(field(network, "abuseEmail") == "abuse@rir.test")
        let asn = try await run("AS64500", WHOISOptions())
        #expect(field(asn, "network") == "AS64500")
        let unlisted = try await run("198.51.100.1", WHOISOptions(protocol: .auto))
        #expect(unlisted.details["protocol"]?.stringValue == "whois")
    }

    @Test("an unreachable or silent server ends in a clear failure within the timeout")
    func failures() async throws {
        let closed = try await run("example.test", WHOISOptions(protocol: .whois, server: "127.0.0.1:1"))
        #expect(closed.failure?.code == "refused")
        let clock = ContinuousClock()
        let start = clock.now
        let slow = try await run("slow.test", WHOISOptions(protocol: .whois), timeout: 0.5)
        #expect(slow.failure?.code == "timeout")
        #expect(clock.now - start < .seconds(20), "bounded (a loaded CI run took 6.2 s), not fast")
        let rdapStart = clock.now
        let rdapDown = try await run("example.test", WHOISOptions(protocol: .rdap, server: "http://127.0.0.1:1/rdap/"), timeout: 2)
        #expect(rdapDown.status == .down)
        #expect(rdapDown.failure?.code == "rdap_error", "\(String(describing: rdapDown.failure))")
        #expect(clock.now - rdapStart < .seconds(20), "bounded (a loaded CI run took 6.2 s), not fast")
    }

    @Test("servers in a denied network are never contacted, over WHOIS or RDAP")
    func policy() async throws {
        let fixture = try await WHOISFixture.shared()
        let configuration = WHOISConfiguration(ianaServer: fixture.registry, whoisServers: ["test": fixture.registry],
                                               rdapBootstrap: fixture.rdapBase + "/bootstrap/", deny: ["127.0.0.0/8"])
        let probe = try WHOISProbe(configuration: configuration)
        for options in [WHOISOptions(protocol: .whois), WHOISOptions(protocol: .rdap, server: fixture.rdapBase + "/rdap/")] {
            let result = try await probe.run(ProbeRequest(target: "example.test", timeout: 5, options: options, logger: Logger(label: "test")))
            #expect(result.failure?.code == "refused_by_policy", "\(String(describing: result.failure))")
        }
        #expect(throws: ConfigurationError.self) { try WHOISProbe(configuration: WHOISConfiguration(deny: ["10.0.0.0/33"])) }
    }
}
