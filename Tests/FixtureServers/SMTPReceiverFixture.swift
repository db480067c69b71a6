import Foundation

/// An SMTP receiver on aiosmtpd (`Tests/Fixtures/web/smtp_receiver.py`, Debian's
/// python3-aiosmtpd) with the nginx fixture's certificate: one port with STARTTLS and one
/// with TLS from the first byte, AUTH required (user `alerts`, password `app-password-1`).
/// Every accepted message is logged. It exits with the test process.
public struct SMTPReceiverFixture: Sendable {
    /// The STARTTLS port.
    public let startTLSPort: Int
    /// The implicit-TLS port.
    public let tlsPort: Int
    /// The log of accepted messages.
    public let log: String
    /// The account it accepts.
    public static let user = "alerts", password = "app-password-1"

    /// One accepted message.
    public struct Message: Sendable, Decodable {
        /// `starttls` or `tls`.
        public var port: String
        /// The envelope sender.
        public var from: String
        /// The envelope recipients.
        public var to: [String]
        /// The message as received.
        public var data: String
        /// Who logged in.
        public var user: String
        /// The AUTH mechanism used (`PLAIN`, `LOGIN`).
        public var mechanism: String?
    }

    /// Starts a receiver with `nginx`'s valid certificate; `loginOnly` offers AUTH LOGIN and
    /// not PLAIN, as some servers do.
    public static func start(nginx: NginxFixture, loginOnly: Bool = false) async throws -> SMTPReceiverFixture {
        let script = FixturePaths.fixtures.appendingPathComponent("web/smtp_receiver.py").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-smtp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let output = directory + "/stdout", log = directory + "/messages.jsonl"
        let certs = nginx.directory + "/certs"
        try FixturePaths.spawn("/usr/bin/python3", [script, "--cert", certs + "/valid-chain.pem", "--key", certs + "/valid.key", "--log", log,
                                                    "--user", user, "--password", password, "--watch", "\(getpid())"] + (loginOnly ? ["--login-only"] : []), output: output,
                               errors: directory + "/stderr")
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: output, encoding: .utf8), let line = text.split(separator: "\n").first {
                let ports = line.split(separator: " ").compactMap { Int($0) }
                if ports.count == 2 { return SMTPReceiverFixture(startTLSPort: ports[0], tlsPort: ports[1], log: log) }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FixtureError(message: "the SMTP receiver did not start (is python3-aiosmtpd installed?): \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
    }

    /// Every message accepted so far.
    public func messages() -> [Message] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Message.self, from: Data($0.utf8)) }
    }
}
