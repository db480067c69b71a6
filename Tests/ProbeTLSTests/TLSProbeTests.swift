import FixtureServers
import Foundation
import Kernel
import Logging
@testable import ProbeTLS
import Testing
import TLSSupport

/// probe.tls against the nginx fixture: one HTTPS port per certificate of the local CA chain.
@Suite("probe.tls against nginx")
struct TLSProbeTests {
    private func run(_ target: String, _ options: TLSOptions, previous: ProbeResult? = nil, timeout: Double = 5) async throws -> ProbeResult {
        let probe = try TLSProbe()
        try probe.validate(target: target, options: options)
        var request = ProbeRequest(target: target, timeout: timeout, options: options, logger: Logger(label: "test"))
        request.previous = previous
        return try await probe.run(request)
    }

    private func trusting(_ nginx: NginxFixture, _ change: (inout TLSOptions) -> Void = { _ in }) -> TLSOptions {
        var options = TLSOptions(caFile: nginx.rootCA)
        change(&options)
        return options
    }

    @Test("a valid chain: every certificate field, the version and cipher, trusted, name matched")
    func validChain() async throws {
        let nginx = try await NginxFixture.shared()
        let result = try await run("localhost:\(nginx.port(.valid))", trusting(nginx))
        #expect(result.status == .up, "\(String(describing: result.failure))")
        let details = result.details
        #expect(details["tlsVersion"]?.stringValue == "TLSv1.3")
        #expect(details["cipher"]?.stringValue?.hasPrefix("TLS_") == true)
        let certificate = try #require(details["certificate"])
        #expect(certificate["trusted"]?.boolValue == true)
        #expect(certificate["hostnameMatches"]?.boolValue == true)
        let chain = try #require(certificate["chain"]?.arrayValue)
        #expect(chain.count == 2)
        let leaf = chain[0]
        #expect(leaf["subject"]?.stringValue == "O=Vantage Tests,CN=valid.test")
        #expect(leaf["issuer"]?.stringValue == "O=Vantage Tests,CN=Vantage Test Intermediate CA")
        #expect(leaf["subjectAlternativeNames"]?.arrayValue?.compactMap(\.stringValue)
                == ["DNS:localhost", "DNS:valid.test", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1"]
                || leaf["subjectAlternativeNames"]?.arrayValue?.compactMap(\.stringValue)
                == ["DNS:localhost", "DNS:valid.test", "IP:127.0.0.1", "IP:::1"])
        #expect(leaf["publicKey"]?["type"]?.stringValue == "RSA")
        #expect(leaf["publicKey"]?["bits"]?.numberValue == 2048)
        #expect(leaf["signatureAlgorithm"]?.stringValue == "sha256WithRSAEncryption")
        #expect(leaf["serialNumber"]?.stringValue?.isEmpty == false)
        #expect(leaf["sha256Fingerprint"]?.stringValue?.count == 95)
        #expect(chain[1]["isCertificateAuthority"]?.boolValue == true)
        let days = try #require(result.metrics[CertificateCheck.daysLeftMetric])
        #expect((363...365).contains(days))
        #expect(result.metrics["tls_handshake_seconds"].map { $0 > 0 } == true)
        #expect(result.events.isEmpty)
    }

    @Test("an address target matches the certificate's IP SAN; SNI can be set apart from the target")
    func addressesAndServerName() async throws {
        let nginx = try await NginxFixture.shared()
        let byAddress = try await run("127.0.0.1:\(nginx.port(.valid))", trusting(nginx))
        #expect(byAddress.status == .up, "\(String(describing: byAddress.failure))")
        let named = try await run("127.0.0.1:\(nginx.port(.valid))", trusting(nginx) { $0.serverName = "valid.test" })
        #expect(named.status == .up)
        #expect(named.details["serverName"]?.stringValue == "valid.test")
        let wrong = try await run("127.0.0.1:\(nginx.port(.valid))", trusting(nginx) { $0.serverName = "other.test" })
        #expect(wrong.failure?.code == "certificate_name_mismatch")
    }

    @Test("each bad certificate is down with its own reason", arguments: [
        (NginxFixture.Certificate.expired, "certificate_expired", "expired on"),
        (.notYetValid, "certificate_not_yet_valid", "is not valid before"),
        (.wrongHost, "certificate_name_mismatch", "wrong.test"),
        (.selfSigned, "certificate_untrusted", "self-signed certificate"),
        (.missingIntermediate, "certificate_untrusted", "unable to get local issuer certificate"),
    ])
    func badCertificates(_ certificate: NginxFixture.Certificate, _ code: String, _ words: String) async throws {
        let nginx = try await NginxFixture.shared()
        let result = try await run("localhost:\(nginx.port(certificate))", trusting(nginx))
        #expect(result.status == .down)
        #expect(result.failure?.code == code)
        #expect(result.failure?.message.contains(words) == true, "\(String(describing: result.failure?.message))")
        #expect(result.details["certificate"]?["chain"]?.arrayValue?.isEmpty == false)
    }

    @Test("the system trust store does not know the local CA; allowUntrusted and allowNameMismatch relax the check")
    func trustChoices() async throws {
        let nginx = try await NginxFixture.shared()
        let system = try await run("localhost:\(nginx.port(.valid))", TLSOptions())
        #expect(system.failure?.code == "certificate_untrusted")
        #expect(system.failure?.message.contains("system trust store") == true)
        let relaxed = try await run("localhost:\(nginx.port(.valid))", TLSOptions(allowUntrusted: true))
        #expect(relaxed.status == .up)
        #expect(relaxed.details["certificate"]?["trusted"]?.boolValue == false)
        let pem = try String(contentsOfFile: nginx.rootCA, encoding: .utf8)
        let inline = try await run("localhost:\(nginx.port(.valid))", TLSOptions(caPEM: pem))
        #expect(inline.status == .up)
        let mismatch = try await run("localhost:\(nginx.port(.wrongHost))", trusting(nginx) { $0.allowNameMismatch = true })
        #expect(mismatch.status == .up)
        #expect(mismatch.details["certificate"]?["hostnameMatches"]?.boolValue == false)
    }

    @Test("a certificate inside the warning window is degraded, and the event fires once on entering it")
    func warningWindowEvent() async throws {
        let nginx = try await NginxFixture.shared()
        let target = "localhost:\(nginx.port(.expiring))"
        let first = try await run(target, trusting(nginx))
        #expect(first.status == .degraded)
        #expect(first.failure?.code == "certificate_expiring")
        #expect(first.details["certificate"]?["chain"]?.arrayValue?.first?["publicKey"]?["curve"]?.stringValue == "prime256v1")
        #expect(first.events.map(\.name) == [CertificateCheck.expiringEvent])
        #expect(first.events.first?.payload["daysLeft"]?.numberValue == first.metrics[CertificateCheck.daysLeftMetric])
        let second = try await run(target, trusting(nginx), previous: first)
        #expect(second.status == .degraded)
        #expect(second.events.isEmpty, "the event must not repeat while the certificate stays in the window")
        var outside = first
        outside.metrics[CertificateCheck.daysLeftMetric] = 40
        let reentered = try await run(target, trusting(nginx), previous: outside)
        #expect(reentered.events.count == 1)
        let quiet = try await run(target, trusting(nginx) { $0.alertOnExpiring = false })
        #expect(quiet.events.isEmpty)
        let narrow = try await run(target, trusting(nginx) { $0.warningDays = 3 })
        #expect(narrow.status == .up)
    }

    @Test("connection failures: refused, a server that does not speak TLS, a silent server")
    func connectionFailures() async throws {
        let nginx = try await NginxFixture.shared()
        let refused = try await run("127.0.0.1:1", TLSOptions())
        #expect(refused.failure?.code == "refused")
        let plain = try await run("127.0.0.1:\(nginx.httpPort)", TLSOptions())
        #expect(plain.failure?.code == "tls_error", "\(String(describing: plain.failure))")
        let silent = try SilentListener()
        let started = ContinuousClock.now
        let stalled = try await run("127.0.0.1:\(silent.port)", TLSOptions(), timeout: 1)
        #expect(stalled.failure?.code == "timeout", "\(String(describing: stalled.failure))")
        #expect(ContinuousClock.now - started < .seconds(4))
    }

    @Test("bad options and targets are refused naming the field", arguments: [
        ("localhost", TLSOptions(port: 0), "config.port"),
        ("localhost", TLSOptions(warningDays: -1), "config.warningDays"),
        ("localhost", TLSOptions(caFile: "/nonexistent/ca.pem"), "config.caFile"),
        ("localhost", TLSOptions(caPEM: "not a certificate"), "config.caPEM"),
        ("localhost", TLSOptions(serverName: "bad name!"), "config.serverName"),
        ("exa mple.net", TLSOptions(), "target"),
        ("example.net:99999", TLSOptions(), "target"),
        ("0.0.0.0:443", TLSOptions(), "target"),
    ])
    func badInput(_ target: String, _ options: TLSOptions, _ field: String) throws {
        let probe = try TLSProbe()
        let error = try #require(throws: Kernel.ValidationError.self) { try probe.validate(target: target, options: options) }
        #expect(error.issues.map(\.field).contains(field), "\(error.issues)")
    }

    @Test("a STARTTLS protocol outside the enumeration is refused naming the field and the allowed ones")
    func unknownStartTLS() throws {
        let runner = ProbeRunner(try TLSProbe(), kind: "tls")
        let error = try #require(throws: Kernel.ValidationError.self) {
            try runner.prepare(target: "localhost", timeout: 5, config: .object(["startTLS": .string("imap")]))
        }
        #expect(error.issues.first?.field == "config.startTLS")
        #expect(error.issues.first?.allowedValues == ["smtp"])
    }
}

/// SMTP STARTTLS against a small SMTP server presenting the fixture's valid chain.
@Suite("probe.tls with SMTP STARTTLS")
struct StartTLSTests {
    @Test("STARTTLS: greeting, EHLO, STARTTLS, then the handshake and the chain")
    func startTLS() async throws {
        let nginx = try await NginxFixture.shared()
        let port = try await SMTPFixture.start(nginx: nginx)
        let probe = try TLSProbe()
        let options = TLSOptions(startTLS: .smtp, caFile: nginx.rootCA)
        let result = try await probe.run(ProbeRequest(target: "localhost:\(port)", timeout: 5, options: options, logger: Logger(label: "test")))
        #expect(result.status == .up, "\(String(describing: result.failure))")
        #expect(result.details["startTLS"]?.stringValue == "smtp")
        #expect(result.details["certificate"]?["chain"]?.arrayValue?.first?["subject"]?.stringValue == "O=Vantage Tests,CN=valid.test")
    }

    @Test("a server that does not offer STARTTLS is down saying so")
    func notOffered() async throws {
        let nginx = try await NginxFixture.shared()
        let port = try await SMTPFixture.start(nginx: nginx, offerStartTLS: false)
        let probe = try TLSProbe()
        let result = try await probe.run(ProbeRequest(target: "localhost:\(port)", timeout: 5, options: TLSOptions(startTLS: .smtp),
                                                      logger: Logger(label: "test")))
        #expect(result.failure?.code == "starttls_unsupported")
        let plain = try await probe.run(ProbeRequest(target: "127.0.0.1:\(nginx.httpPort)", timeout: 2, options: TLSOptions(startTLS: .smtp),
                                                     logger: Logger(label: "test")))
        #expect(plain.failure?.code == "bad_response" || plain.failure?.code == "timeout", "\(String(describing: plain.failure))")
    }
}
