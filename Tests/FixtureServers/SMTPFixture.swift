import Foundation

/// A minimal SMTP server (`Tests/Fixtures/web/smtp_starttls.py`) on 127.0.0.1 that offers
/// STARTTLS with the nginx fixture's valid certificate, or does not offer it. It exits with
/// the test process.
public enum SMTPFixture {
    /// Starts a server and returns its port.
    public static func start(nginx: NginxFixture, offerStartTLS: Bool = true) async throws -> UInt16 {
        let script = FixturePaths.fixtures.appendingPathComponent("web/smtp_starttls.py").path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-smtp-\(UUID().uuidString).log").path
        let certs = nginx.directory + "/certs"
        var arguments = [script, "--cert", certs + "/valid-chain.pem", "--key", certs + "/valid.key", "--watch", "\(getpid())"]
        if !offerStartTLS { arguments.append("--no-starttls") }
        try FixturePaths.spawn("/usr/bin/env", ["python3"] + arguments, output: log)
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
               let line = text.split(separator: "\n").first, let port = UInt16(line.trimmingCharacters(in: .whitespaces)) {
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FixtureError(message: "the SMTP fixture did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }
}
