import FixtureServers
import Foundation
import Kernel
import KernelTesting
@testable import NotifierEmail
import Testing

/// notifier.email against a real SMTP server (aiosmtpd) with STARTTLS, TLS from the first
/// byte and AUTH, its certificate from the local test CA.
@Suite("notifier.email against aiosmtpd")
struct EmailNotifierTests {
    private func options(_ smtp: SMTPReceiverFixture, _ nginx: NginxFixture, security: EmailNotifier.Security = .starttls,
                         password: String = SMTPReceiverFixture.password, trusted: Bool = true) -> EmailNotifier.ChannelOptions {
        EmailNotifier.ChannelOptions(host: "127.0.0.1", port: security == .tls ? smtp.tlsPort : smtp.startTLSPort, security: security,
                                     username: SMTPReceiverFixture.user, password: password, from: "alerts@vantage.test",
                                     to: ["ops@example.test", "oncall@example.test"], caFile: trusted ? nginx.rootCA : nil, timeoutSeconds: 20)
    }

    /// The decoded text of the part with `contentType`.
    private func part(_ data: String, _ contentType: String) -> String? {
        let lines = data.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "Content-Type: \(contentType); charset=utf-8") else { return nil }
        let body = lines[(start + 3)...].prefix { !$0.hasPrefix("--") }.joined()
        return Data(base64Encoded: body).map { String(decoding: $0, as: UTF8.self) }
    }

    private func header(_ data: String, _ name: String) -> String? {
        data.components(separatedBy: "\r\n\r\n").first?.components(separatedBy: "\r\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    @Test(arguments: [EmailNotifier.Security.starttls, .tls])
    func anAlertArrivesWithBothPartsAndProperHeaders(_ security: EmailNotifier.Security) async throws {
        let nginx = try await NginxFixture.shared()
        let smtp = try await SMTPReceiverFixture.start(nginx: nginx)
        let alert = AlertFixtures.alert(title: "web ist ausgefallen – Störung")
        let receipt = try await EmailNotifier().send(alert, via: NotificationChannel(name: "mail", options: options(smtp, nginx, security: security)))
        #expect(receipt.status == 250)
        #expect(receipt.detail?.contains("queued as") == true)
        let message = try #require(smtp.messages().first)
        #expect(message.port == security.rawValue)
        #expect(message.user.contains(SMTPReceiverFixture.user), "logged in: \(message.user)")
        #expect(message.mechanism == "PLAIN", "PLAIN when offered: one round trip")
        #expect(message.from == "alerts@vantage.test")
        #expect(message.to == ["ops@example.test", "oncall@example.test"])
        #expect(message.data.contains("\r\n"), "CRLF line ends")
        let date = try #require(header(message.data, "Date"))
        #expect(date.range(of: #"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$"#, options: .regularExpression) != nil, "RFC 5322: \(date)")
        #expect(header(message.data, "Message-ID")?.hasPrefix("<\(alert.id.uuidString.lowercased()).") == true)
        #expect(header(message.data, "Message-ID")?.hasSuffix("@vantage.test>") == true)
        #expect(header(message.data, "X-Vantage-Alert-Id") == alert.id.uuidString.lowercased())
        #expect(header(message.data, "To") == "ops@example.test, oncall@example.test")
        let subject = try #require(header(message.data, "Subject"))
        #expect(subject.hasPrefix("=?UTF-8?B?"), "encoded: \(subject)")
        let decoded = subject.components(separatedBy: "\r\n ").map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == "[CRITICAL] web ist ausgefallen – Störung")
        #expect(header(message.data, "Content-Type")?.hasPrefix("multipart/alternative; boundary=") == true)
        let text = try #require(part(message.data, "text/plain"))
        #expect(text.contains("127.0.0.1:8443: connection refused") && text.contains("Target:   127.0.0.1:8443"))
        let html = try #require(part(message.data, "text/html"))
        #expect(html.contains("<h2>web ist ausgefallen – Störung</h2>") && html.contains("<a href=\"\(alert.link!)\">"))
    }

    @Test(arguments: [EmailNotifier.Security.starttls, .tls])
    func aServerOfferingOnlyAuthLoginIsLoggedIntoWithLogin(_ security: EmailNotifier.Security) async throws {
        let nginx = try await NginxFixture.shared()
        let smtp = try await SMTPReceiverFixture.start(nginx: nginx, loginOnly: true)
        let receipt = try await EmailNotifier().send(AlertFixtures.alert(), via: NotificationChannel(name: "mail", options: options(smtp, nginx, security: security)))
        #expect(receipt.status == 250)
        let message = try #require(smtp.messages().first)
        #expect(message.mechanism == "LOGIN")
        #expect(message.user == SMTPReceiverFixture.user)
    }

    @Test func aServerTheEgressRulesRefuseIsNeverConnectedTo() async throws {
        let nginx = try await NginxFixture.shared()
        let smtp = try await SMTPReceiverFixture.start(nginx: nginx)
        // The tenant's policy denies loopback: the resolved address is checked before connecting.
        let denyLoopback = EgressPolicy(denied: ["127.0.0.0/8"].compactMap(NetworkPrefix.init))
        let refused = try await #require(throws: NotificationFailure.self) {
            try await EgressPolicy.$current.withValue(denyLoopback) {
                try await EmailNotifier().send(AlertFixtures.alert(), via: NotificationChannel(name: "mail", options: options(smtp, nginx)))
            }
        }
        #expect(!refused.retryable)
        #expect(refused.message.contains("delivery to 127.0.0.1 is not allowed"), "\(refused.message)")
        #expect(smtp.messages().isEmpty)
        // The built-in rules refuse the metadata address whatever the tenant allows (refused
        // before any packet is sent).
        var metadata = options(smtp, nginx)
        metadata.host = "169.254.169.254"
        let builtIn = try await #require(throws: NotificationFailure.self) {
            try await EmailNotifier().send(AlertFixtures.alert(), via: NotificationChannel(name: "mail", options: metadata))
        }
        #expect(!builtIn.retryable && builtIn.message.contains("not allowed"), "\(builtIn.message)")
    }

    @Test func aWrongPasswordIsAClearErrorNotRetried() async throws {
        let nginx = try await NginxFixture.shared()
        let smtp = try await SMTPReceiverFixture.start(nginx: nginx)
        let failure = try await #require(throws: NotificationFailure.self) {
            try await EmailNotifier().send(AlertFixtures.alert(), via: NotificationChannel(name: "mail", options: options(smtp, nginx, password: "wrong-password")))
        }
        #expect(failure.status == 535)
        #expect(!failure.retryable)
        #expect(failure.message.contains("AUTH PLAIN (credentials)") && failure.message.contains("check the user name and password"), "\(failure.message)")
        #expect(!failure.message.contains("wrong-password"))
        #expect(smtp.messages().isEmpty)
    }

    @Test(arguments: [EmailNotifier.Security.starttls, .tls])
    func anUntrustedCertificateIsAClearErrorNotRetried(_ security: EmailNotifier.Security) async throws {
        let nginx = try await NginxFixture.shared()
        let smtp = try await SMTPReceiverFixture.start(nginx: nginx)
        let failure = try await #require(throws: NotificationFailure.self) {
            try await EmailNotifier().send(AlertFixtures.alert(), via: NotificationChannel(name: "mail", options: options(smtp, nginx, security: security, trusted: false)))
        }
        #expect(!failure.retryable)
        #expect(failure.message.contains("TLS with 127.0.0.1 failed"), "\(failure.message)")
        #expect(smtp.messages().isEmpty)
    }

    @Test(arguments: [
        (#"{"host":"smtp.example.com","from":"alerts","to":["ops@example.com"]}"#, "settings.from"),
        (#"{"host":"smtp.example.com","from":"a@example.com","to":[]}"#, "settings.to"),
        (#"{"host":"smtp.example.com","from":"a@example.com","to":["ops@example.com","x@y\r\nRCPT TO:<z@q>"]}"#, "settings.to[1]"),
        (#"{"host":"smtp.example.com","from":"a@example.com","to":["o@example.com"],"security":"none","username":"u","password":"p"}"#, "settings.security"),
        (#"{"host":"smtp.example.com","from":"a@example.com","to":["o@example.com"],"username":"u"}"#, "settings.password"),
        (#"{"host":"smtp.example.com","from":"a@example.com","to":["o@example.com"],"caFile":"/nonexistent.pem"}"#, "settings.caFile"),
        (#"{"host":"smtp.example.com","from":"a@example.com","to":["o@example.com"],"security":"ssl"}"#, "settings.security"),
    ])
    func badSettingsNameTheirField(_ settings: String, _ field: String) throws {
        let error = try #require(throws: ValidationError.self) {
            try NotifierRunner(EmailNotifier(), name: "email").settings.validate(try JSONValue.parse(Data(settings.utf8)))
        }
        #expect(error.issues.first?.field == field)
    }

    @Test func repliesAreParsedFromEveryLineEnding() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed(Array("250-mail.test\r\n250-AUTH PLAIN LOGIN\r\n25".utf8)).isEmpty)
        let replies = try parser.feed(Array("0 STARTTLS\n220 ready\r\n".utf8))
        #expect(replies == [SMTPReply(code: 250, lines: ["mail.test", "AUTH PLAIN LOGIN", "STARTTLS"]), SMTPReply(code: 220, lines: ["ready"])])
        #expect(try parser.feed(Array("354\r\n".utf8)) == [SMTPReply(code: 354, lines: [""])])
        #expect(throws: SMTPProtocolError.self) { try parser.feed(Array("hello\r\n".utf8)) }
        var mixed = SMTPReplyParser()
        #expect(throws: SMTPProtocolError.self) { try mixed.feed(Array("250-a\r\n550 b\r\n".utf8)) }
    }

    @Test func theSampleChannelValidatesAndItsPasswordIsSealed() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Plugins/Notifiers/Email/sample.json").standardized
        let settings = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue?["channel"]?.objectValue?["settings"])
        let runner = NotifierRunner(EmailNotifier(), name: "email")
        try runner.settings.validate(settings)
        let sealed = try runner.settings.seal(settings, sealer: TestSealer(), previous: nil)
        #expect(sealed.objectValue?["password"]?.stringValue?.hasPrefix(SealedSecrets.prefix) == true)
    }
}
