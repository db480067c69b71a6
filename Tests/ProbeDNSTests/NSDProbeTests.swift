import FixtureServers
import Foundation
import Kernel
import Logging
import Testing
@testable import ProbeDNS

/// `probe.dns` against a real NSD serving `Tests/Fixtures/dns`.
@Suite("probe.dns against NSD")
struct NSDProbeTests {
    private let probe = try! DNSProbe()

    private func run(_ target: String, _ options: DNSOptions = DNSOptions(), timeout: Double = 5,
                     previous: ProbeResult? = nil) async throws -> ProbeResult {
        let server = try await NSDFixture.shared().server
        var options = options
        if options.servers.isEmpty { options.servers = [server] }
        try probe.validate(target: target, options: options)
        return try await probe.run(ProbeRequest(target: target, timeout: timeout, options: options,
                                                logger: Logger(label: "test"), previous: previous))
    }

    private func records(_ result: ProbeResult, _ section: String = "answer") -> [String] {
        result.details[section]?.arrayValue?.compactMap { record in
            guard let type = record["type"]?.stringValue, let data = record["data"]?.stringValue else { return nil }
            return "\(record["name"]?.stringValue ?? "") \(type) \(data)"
        } ?? []
    }

    @Test("every record type, as NSD serves it", arguments: [
        ("A", ["example.test. A 192.0.2.10", "example.test. A 192.0.2.11"]),
        ("AAAA", ["example.test. AAAA 2001:db8::10"]),
        ("MX", ["example.test. MX 10 mail.example.test.", "example.test. MX 20 backup.example.test."]),
        ("NS", ["example.test. NS ns1.example.test."]),
        ("TXT", [#"example.test. TXT "v=spf1 -all" "second string""#]),
        ("SOA", ["example.test. SOA ns1.example.test. hostmaster.example.test. 2026112301 3600 900 604800 60"]),
        ("CAA", [#"example.test. CAA 0 issue "letsencrypt.org""#]),
        ("DNSKEY", ["example.test. DNSKEY 257 3 13 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw=="]),
    ])
    func recordTypes(type: String, expected: [String]) async throws {
        let result = try await run("example.test", DNSOptions(type: type))
        #expect(result.status == .up, "\(String(describing: result.failure))")
        #expect(records(result).sorted() == expected.sorted())
        #expect(result.details["rcode"]?.stringValue == "NOERROR")
        #expect(result.details["flags"]?.arrayValue?.compactMap(\.stringValue).contains("aa") == true)
        #expect(result.details["transport"]?.stringValue == "udp")
        #expect((result.latency ?? 0) > 0)
    }

    @Test("SRV and DS, and PTR from an IP address")
    func srvDSAndPTR() async throws {
        let srv = try await run("_sip._tcp.example.test", DNSOptions(type: "SRV"))
        #expect(records(srv) == ["_sip._tcp.example.test. SRV 10 60 5060 sip.example.test."])
        let ds = try await run("sub.example.test", DNSOptions(type: "DS"))
        #expect(records(ds) == ["sub.example.test. DS 12345 13 2 " + String(repeating: "AB", count: 32)])
        let ptr = try await run("192.0.2.10")
        #expect(ptr.details["question"]?["name"]?.stringValue == "10.2.0.192.in-addr.arpa.")
        #expect(records(ptr) == ["10.2.0.192.in-addr.arpa. PTR example.test."])
    }

    @Test("a TXT answer too large for UDP is retried over TCP")
    func truncationRetry() async throws {
        let result = try await run("big.example.test", DNSOptions(type: "TXT"))
        #expect(result.status == .up)
        #expect(result.details["truncatedRetry"]?.boolValue == true)
        #expect(result.details["transport"]?.stringValue == "tcp")
        let value = result.details["answer"]?.arrayValue?.first?["value"]?.stringValue ?? ""
        #expect(value.count == 2000)
        let tcpOnly = try await run("big.example.test", DNSOptions(type: "TXT", transport: .tcp))
        #expect(tcpOnly.details["truncatedRetry"]?.boolValue == false)
        #expect(tcpOnly.details["transport"]?.stringValue == "tcp")
        #expect(tcpOnly.details["answer"]?.arrayValue?.first?["value"]?.stringValue == value)
    }

    @Test("NXDOMAIN is down unless expected, with the SOA in the authority section")
    func nxdomain() async throws {
        let result = try await run("missing.example.test")
        #expect(result.status == .down)
        #expect(result.failure?.code == "rcode")
        #expect(result.failure?.message.contains("NXDOMAIN") == true)
        #expect(records(result, "authority").first?.hasPrefix("example.test. SOA") == true)
        let expected = try await run("missing.example.test", DNSOptions(expectRcode: ["NXDOMAIN"]))
        #expect(expected.status == .up)
    }

    @Test("a delegation comes back as a referral: NS in authority, glue in additional, not authoritative")
    func delegation() async throws {
        let result = try await run("host.sub.example.test", DNSOptions(recursion: false))
        #expect(result.status == .up)
        #expect(records(result).isEmpty)
        #expect(records(result, "authority") == ["sub.example.test. NS ns.sub.example.test."])
        #expect(records(result, "additional") == ["ns.sub.example.test. A 192.0.2.53"])
        #expect(result.details["flags"]?.arrayValue?.compactMap(\.stringValue).contains("aa") == false)
        #expect(result.details["flags"]?.arrayValue?.compactMap(\.stringValue).contains("rd") == false)
    }

    @Test("a CNAME chain is followed by the server; expectations look at the final addresses")
    func cnameChain() async throws {
        let result = try await run("www.example.test", DNSOptions(expectAnswers: .init(equals: ["192.0.2.80"])))
        #expect(result.status == .up, "\(String(describing: result.failure))")
        #expect(records(result) == ["www.example.test. CNAME alias1.example.test.", "alias1.example.test. CNAME alias2.example.test.",
                                    "alias2.example.test. A 192.0.2.80"])
        let cnames = try await run("www.example.test", DNSOptions(type: "CNAME"))
        #expect(cnames.details["answers"]?.arrayValue?.compactMap(\.stringValue) == ["alias1.example.test"])
    }

    @Test("answer expectations pass and fail where they should")
    func expectations() async throws {
        let contains = try await run("example.test", DNSOptions(expectAnswers: .init(contains: ["192.0.2.10"])))
        #expect(contains.status == .up)
        let missing = try await run("example.test", DNSOptions(expectAnswers: .init(contains: ["192.0.2.10", "192.0.2.99"])))
        #expect(missing.status == .down)
        #expect(missing.failure?.code == "answer_mismatch")
        #expect(missing.failure?.message.contains("missing 192.0.2.99") == true)
        let equals = try await run("example.test", DNSOptions(expectAnswers: .init(equals: ["192.0.2.10"])))
        #expect(equals.failure?.message.contains("expected exactly 192.0.2.10, got 192.0.2.10, 192.0.2.11") == true)
        let anyOf = try await run("example.test", DNSOptions(type: "MX", expectAnswers: .init(anyOf: ["10 MAIL.example.test.", "5 x"])))
        #expect(anyOf.status == .up)
        let slow = try await run("example.test", DNSOptions(degradedAfter: 0.000_000_1))
        #expect(slow.status == .degraded)
        #expect(slow.failure?.code == "slow")
    }

    @Test("a changed answer set raises dns.answer_changed once")
    func answerChange() async throws {
        let options = DNSOptions(alertOnChange: true)
        let first = try await run("example.test", options)
        #expect(first.events.isEmpty)
        let same = try await run("example.test", options, previous: first)
        #expect(same.events.isEmpty)
        var older = first
        older.details = .object(["answers": .array([.string("192.0.2.1")]), "rcode": .string("NOERROR")])
        let changed = try await run("example.test", options, previous: older)
        #expect(changed.events.map(\.name) == ["dns.answer_changed"])
        #expect(changed.events.first?.payload["before"] == .array([.string("192.0.2.1")]))
    }

    @Test("DNSSEC OK and EDNS are sent as asked")
    func ednsAndDNSSEC() async throws {
        let withDO = try await run("example.test", DNSOptions(type: "DNSKEY", dnssec: true))
        #expect(withDO.details["edns"]?["dnssecOK"]?.boolValue == true)
        let plain = try await run("example.test", DNSOptions(edns: false))
        #expect(plain.details["edns"] == nil)
        #expect(plain.status == .up)
    }

    @Test("a server that never answers times out within the budget, after the retries, then the next server answers")
    func silentServer() async throws {
        let silent = try SilentUDPPort()
        // The shared NSD may still be starting (the first test to ask waits for it): wait
        // for it before the clock starts, as `run` asks for it.
        let server = try await NSDFixture.shared().server
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await run("example.test", DNSOptions(servers: ["127.0.0.1:\(silent.port)"], attemptTimeout: 0.2, attempts: 3))
        let elapsed = (clock.now - start) / .seconds(1)
        #expect(result.status == .down)
        #expect(result.failure?.code == "timeout")
        #expect(silent.received() == 3)
        // Three attempts of 0.2 s: at least 0.6 s, and bounded (generously: CI machines are busy).
        #expect(elapsed >= 0.55 && elapsed < 5, "took \(elapsed) s")
        let bounded = try await run("example.test", DNSOptions(servers: ["127.0.0.1:\(silent.port)"]), timeout: 0.5)
        #expect(bounded.failure?.code == "timeout")
        let fallback = try await run("example.test", DNSOptions(servers: ["127.0.0.1:\(silent.port)", server], attemptTimeout: 0.1, attempts: 1))
        #expect(fallback.status == .up)
        #expect(fallback.details["server"]?.stringValue == server)
        #expect(fallback.details["failedServers"]?.arrayValue?.count == 1)
    }

    @Test("a closed port is reported as refused at once")
    func refused() async throws {
        let port = FreePort.both()
        let result = try await run("example.test", DNSOptions(servers: ["127.0.0.1:\(port)"]))
        #expect(result.failure?.code == "refused")
        let tcp = try await run("example.test", DNSOptions(servers: ["127.0.0.1:\(port)"], transport: .tcp))
        #expect(tcp.failure?.code == "refused")
    }

    @Test("many queries at once all complete")
    func concurrency() async throws {
        let statuses = try await withThrowingTaskGroup(of: ProbeStatus.self) { group in
            for index in 0..<500 {
                group.addTask { try await self.run(index % 2 == 0 ? "example.test" : "www.example.test").status }
            }
            return try await group.reduce(into: [ProbeStatus]()) { $0.append($1) }
        }
        #expect(statuses.count == 500)
        #expect(statuses.allSatisfy { $0 == .up })
    }
}
