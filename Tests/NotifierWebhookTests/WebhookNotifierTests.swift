import FixtureServers
import Foundation
import HTTPDelivery
import Kernel
import KernelTesting
import NotifierWebhook
import Testing

/// notifier.webhook against a real HTTP receiver on loopback that verifies the signature,
/// fails on purpose, never answers, redirects or refuses.
@Suite("notifier.webhook against a receiver")
struct WebhookNotifierTests {
    static let secret = "correct-horse-battery-staple"

    private func send(_ url: String, secret: String? = WebhookNotifierTests.secret, headers: [String: String]? = nil, timeout: Double? = nil,
                      alert: Alert = AlertFixtures.alert()) async throws -> DeliveryReceipt {
        let options = WebhookNotifier.ChannelOptions(url: url, secret: secret, headers: headers, timeoutSeconds: timeout)
        return try await WebhookNotifier().send(alert, via: NotificationChannel(name: "ops", options: options))
    }

    @Test func aSignedAlertIsVerifiedByTheReceiverAndCarriesTheSeedFields() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let alert = AlertFixtures.alert()
        let receipt = try await send(receiver.url("/verify/\(Self.secret)"), headers: ["Authorization": "Bearer abc"], alert: alert)
        #expect(receipt.status == 200)
        let request = try #require(receiver.requests(to: "/verify").first)
        #expect(request.status == 200, "the receiver checked the HMAC over the timestamp and the raw body")
        #expect(request.headers["x-vantage-alert-id"] == alert.id.uuidString.lowercased())
        #expect(request.headers["authorization"] == "Bearer abc")
        #expect(request.headers["content-type"] == "application/json")
        let body = try #require(request.json)
        #expect(body["monitor"] as? String == "web")
        #expect(body["type"] as? String == "tcp")
        #expect(body["target"] as? String == "127.0.0.1:8443")
        #expect(body["event"] as? String == "down")
        #expect(body["details"] as? String == "127.0.0.1:8443: connection refused")
        #expect(body["timestamp"] as? String == "2026-01-26T10:30:00Z")
        #expect(body["alertId"] as? String == alert.id.uuidString.lowercased())
        #expect(body["status"] as? String == "down")
        #expect(body["tenantId"] as? String == TenantID.defaultTenant.description)
        #expect((body["data"] as? [String: Any])?["to"] as? String == "down")
    }

    @Test func aWrongSecretIsRefusedForGood() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let failure = try await #require(throws: NotificationFailure.self) {
            try await send(receiver.url("/verify/\(Self.secret)"), secret: "another-secret-of-16+")
        }
        #expect(failure.status == 401)
        #expect(!failure.retryable)
        #expect(failure.message.contains("refused the alert with 401"))
    }

    @Test func aReceiverFailingTwiceAcceptsTheThirdAttemptWithTheSameAlertID() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let alert = AlertFixtures.alert()
        for _ in 0..<2 {
            let failure = try await #require(throws: NotificationFailure.self) { try await send(receiver.url("/flaky/2"), alert: alert) }
            #expect(failure.status == 503 && failure.retryable)
        }
        #expect(try await send(receiver.url("/flaky/2"), alert: alert).status == 200)
        #expect(Set(receiver.requests(to: "/flaky").compactMap { $0.headers["x-vantage-alert-id"] }) == [alert.id.uuidString.lowercased()])
    }

    @Test func aSilentReceiverTimesOutAndIsWorthAnotherAttempt() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let started = ContinuousClock.now
        let failure = try await #require(throws: NotificationFailure.self) { try await send(receiver.url("/silent"), timeout: 0.5) }
        #expect(failure.retryable)
        #expect(failure.message.contains("no answer"))
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func redirectsAreNotFollowed() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let failure = try await #require(throws: NotificationFailure.self) { try await send(receiver.url("/redirect")) }
        #expect(failure.status == 302 && !failure.retryable)
        #expect(receiver.requests(to: "/ok").isEmpty)
    }

    @Test func aLinkLocalAddressIsRefusedBeforeAnythingIsSent() async throws {
        let failure = try await #require(throws: NotificationFailure.self) { try await send("http://169.254.169.254/latest") }
        #expect(!failure.retryable)
        #expect(failure.message.contains("not allowed"))
    }

    @Test(arguments: [
        (#"{"url":"ftp://h/x"}"#, "settings.url"),
        (#"{"url":"https://user:pw@h/x"}"#, "settings.url"),
        (#"{"url":"https://h/x","secret":"short"}"#, "settings.secret"),
        (#"{"url":"https://h/x","headers":{"X-A":"one\r\nX-B: two"}}"#, "settings.headers.X-A"),
        (#"{"url":"https://h/x","headers":{"Content-Type":"text/plain"}}"#, "settings.headers.Content-Type"),
        (#"{"url":"https://h/x","timeoutSeconds":0}"#, "settings.timeoutSeconds"),
        (#"{"url":"https://h/x","method":"GET"}"#, "settings.method"),
    ])
    func badSettingsNameTheirField(_ settings: String, _ field: String) throws {
        let runner = NotifierRunner(WebhookNotifier(), name: "webhook")
        let error = try #require(throws: ValidationError.self) { try runner.settings.validate(try JSONValue.parse(Data(settings.utf8))) }
        #expect(error.issues.first?.field == field)
    }

    @Test func theSampleChannelDecodesAndItsSecretsAreSealed() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Plugins/Notifiers/Webhook/sample.json").standardized
        let sample = try JSONValue.parse(Data(contentsOf: url))
        let settings = try #require(sample.objectValue?["channel"]?.objectValue?["settings"])
        let runner = NotifierRunner(WebhookNotifier(), name: "webhook")
        try runner.settings.validate(settings)
        let sealer = TestSealer()
        let sealed = try runner.settings.seal(settings, sealer: sealer, previous: nil)
        let text = String(decoding: try JSONEncoder().encode(sealed), as: UTF8.self)
        #expect(!text.contains("a-long-random-signing-secret") && !text.contains("0123456789abcdef"))
        #expect(runner.settings.redact(sealed).objectValue?["url"] == "https://hooks.example.com/vantage")
    }
}
