import FixtureServers
import Foundation
import Kernel
@testable import ProbeHTTP
import Testing
import TLSSupport

/// probe.http over HTTPS: the certificate is judged as probe.tls judges it.
@Suite("probe.http over HTTPS")
struct HTTPSTests {
    @Test("a valid chain: TLS timing, version and the certificate in the result")
    func valid() async throws {
        let nginx = try await NginxFixture.shared()
        let result = try await runHTTP(nginx.https("/json"), trusting(nginx.rootCA) { $0.json = [.init(path: "$.db.ok", equals: .bool(true))] })
        #expect(result.status == .up, "\(result.message)")
        #expect((result.metrics["tls_seconds"] ?? 0) > 0)
        #expect(result.details["tlsVersion"]?.stringValue == "TLSv1.3")
        #expect(result.details["certificate"]?["trusted"]?.boolValue == true)
        #expect(result.details["certificate"]?["chain"]?.arrayValue?.count == 2)
        #expect((363...365).contains(result.metrics[CertificateCheck.daysLeftMetric] ?? 0))
    }

    @Test("bad certificates fail the request with the certificate's reason", arguments: [
        (NginxFixture.Certificate.expired, "certificate_expired"),
        (.notYetValid, "certificate_not_yet_valid"),
        (.wrongHost, "certificate_name_mismatch"),
        (.selfSigned, "certificate_untrusted"),
        (.missingIntermediate, "certificate_untrusted"),
    ])
    func badCertificates(_ certificate: NginxFixture.Certificate, _ code: String) async throws {
        let nginx = try await NginxFixture.shared()
        let result = try await runHTTP(nginx.https("/ok", certificate), trusting(nginx.rootCA))
        #expect(result.status == .down)
        #expect(result.code == code, "\(result.message)")
        let skipped = try await runHTTP(nginx.https("/ok", certificate), trusting(nginx.rootCA) { $0.skipVerify = true })
        #expect(skipped.status == .up, "skipVerify accepts it: \(skipped.message)")
        #expect(skipped.details["certificate"]?["chain"]?.arrayValue?.isEmpty == false)
    }

    @Test("the system trust store does not know the local CA")
    func systemStore() async throws {
        let nginx = try await NginxFixture.shared()
        let result = try await runHTTP(nginx.https("/ok"))
        #expect(result.code == "certificate_untrusted")
        #expect(result.message.contains("unable to get local issuer certificate"))
    }

    @Test("a certificate in the warning window degrades the monitor and raises the event once")
    func expiring() async throws {
        let nginx = try await NginxFixture.shared()
        let url = nginx.https("/ok", .expiring)
        let first = try await runHTTP(url, trusting(nginx.rootCA))
        #expect(first.status == .degraded)
        #expect(first.code == "certificate_expiring")
        #expect(first.events.map(\.name) == [CertificateCheck.expiringEvent])
        let second = try await runHTTP(url, trusting(nginx.rootCA), previous: first)
        #expect(second.events.isEmpty)
        let unchecked = try await runHTTP(url, trusting(nginx.rootCA) { $0.checkCertificate = false })
        #expect(unchecked.status == .up)
        #expect(unchecked.events.isEmpty)
        let failing = try await runHTTP(nginx.https("/nothing", .expiring), trusting(nginx.rootCA))
        #expect(failing.code == "status_mismatch", "a failed assertion outranks the warning")
    }
}
