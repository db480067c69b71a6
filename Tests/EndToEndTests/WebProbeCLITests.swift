import FixtureServers
import Foundation
import Testing

/// `vantage probe http` and `vantage probe tls` against the nginx fixture.
struct WebProbeCLITests {
    /// Runs `vantage probe …` on a thread of its own (not blocking the test's concurrency pool).
    private func vantage(_ arguments: [String]) async throws -> Executables.Outcome {
        let (status, stdout, stderr) = try await FixturePaths.capture(try Executables.path("vantage"), ["probe"] + arguments)
        return Executables.Outcome(status: status, stdout: stdout, stderr: stderr)
    }

    @Test func httpPrintsTheRedirectsTimingsAndCertificate() async throws {
        let nginx = try await NginxFixture.shared()
        let plain = try await vantage(["http", nginx.http("/redirect/1"), "--timeout", "5"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("302  \(nginx.http("/redirect/1")) → \(nginx.http("/redirect/2"))"))
        #expect(plain.stdout.contains("200 OK  \(nginx.http("/ok"))"))
        #expect(plain.stdout.contains("firstByte"))
        let secure = try await vantage(["http", nginx.https("/json"), "--cacert", nginx.rootCA, "--json"])
        #expect(secure.status == 0, "\(secure.stderr)")
        let record = try JSONSerialization.jsonObject(with: Data(secure.stdout.utf8)) as? [String: Any] ?? [:]
        let details = (record["result"] as? [String: Any])?["details"] as? [String: Any] ?? [:]
        #expect(details["tlsVersion"] as? String == "TLSv1.3")
        let untrusted = try await vantage(["http", nginx.https("/ok", .selfSigned)])
        #expect(untrusted.status == 2)
        #expect(untrusted.stdout.contains("certificate_untrusted"))
        let insecure = try await vantage(["http", nginx.https("/ok", .selfSigned), "-k"])
        #expect(insecure.status == 0, "\(insecure.stdout)")
    }

    @Test func tlsPrintsTheChain() async throws {
        let nginx = try await NginxFixture.shared()
        let outcome = try await vantage(["tls", "localhost:\(nginx.port(.valid))", "--cacert", nginx.rootCA])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("TLSv1.3  TLS_"))
        #expect(outcome.stdout.contains(" 0  O=Vantage Tests,CN=valid.test"))
        #expect(outcome.stdout.contains("key      RSA 2048, sha256WithRSAEncryption"))
        #expect(outcome.stdout.contains("trusted by \(nginx.rootCA), name matches"))
        let expired = try await vantage(["tls", "localhost:\(nginx.port(.expired))", "--cacert", nginx.rootCA])
        #expect(expired.status == 2)
        #expect(expired.stdout.contains("certificate_expired"))
    }

    @Test(arguments: [
        (["http", "gopher://example.net/"], "target: the scheme 'gopher' is not supported (allowed: http, https)"),
        (["http", "http://example.net/", "--options", #"{"bodyRegex":"("}"#], "config.bodyRegex"),
        (["tls", "example.net:443", "--starttls", "imap"], "config.startTLS"),
        (["dns", "example.net", "--cacert", "/x"], "--cacert: only the http and tls probes take --cacert"),
    ])
    func badInputNamesTheField(_ arguments: [String], _ message: String) async throws {
        let outcome = try await vantage(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }
}
