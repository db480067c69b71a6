import FixtureServers
import Foundation
import Kernel
import KernelTesting
import NotifierNtfy
import Testing

/// notifier.ntfy publishes with ntfy's JSON publishing to a local receiver.
@Suite("notifier.ntfy")
struct NtfyNotifierTests {
    @Test func anAlertIsPublishedToTheTopicWithPriorityTagsAndToken() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let options = NtfyNotifier.ChannelOptions(server: receiver.url("/ok"), topic: "vantage-ops", token: "tk_secret", username: nil, password: nil)
        let alert = AlertFixtures.alert()
        #expect(try await NtfyNotifier().send(alert, via: NotificationChannel(name: "phone", options: options)).status == 200)
        let request = try #require(receiver.requests(to: "/ok").first)
        #expect(request.path == "/ok/")
        #expect(request.headers["authorization"] == "Bearer tk_secret")
        let body = try #require(request.json)
        #expect(body["topic"] as? String == "vantage-ops")
        #expect(body["title"] as? String == "web is down")
        #expect(body["message"] as? String == "127.0.0.1:8443: connection refused")
        #expect(body["priority"] as? Int == 5)
        #expect(body["tags"] as? [String] == ["rotating_light", "triggered"])
        #expect(body["click"] as? String == alert.link)
    }

    @Test func resolvedIsLowPriorityAndBasicAuthIsSent() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let options = NtfyNotifier.ChannelOptions(server: receiver.url("/ok"), topic: "t", token: nil, username: "ops", password: "pw")
        _ = try await NtfyNotifier().send(AlertFixtures.alert(.resolved, status: .up, severity: .info, link: nil), via: NotificationChannel(name: "phone", options: options))
        let request = try #require(receiver.requests(to: "/ok").first)
        #expect(request.headers["authorization"] == "Basic " + Data("ops:pw".utf8).base64EncodedString())
        let body = try #require(request.json)
        #expect(body["priority"] as? Int == 2)
        #expect(body["tags"] as? [String] == ["white_check_mark", "resolved"])
        #expect(body["click"] == nil)
    }

    @Test(arguments: [(#"{"server":"https://ntfy.sh","topic":"a b"}"#, "settings.topic"),
                      (#"{"server":"https://ntfy.sh","topic":"t","token":"x","username":"u","password":"p"}"#, "settings.token"),
                      (#"{"server":"https://ntfy.sh","topic":"t","username":"u"}"#, "settings.password"),
                      (#"{"server":"ntfy.sh","topic":"t"}"#, "settings.server")])
    func badSettingsNameTheirField(_ settings: String, _ field: String) throws {
        let error = try #require(throws: ValidationError.self) {
            try NotifierRunner(NtfyNotifier(), name: "ntfy").settings.validate(try JSONValue.parse(Data(settings.utf8)))
        }
        #expect(error.issues.first?.field == field)
    }

    @Test func theSampleChannelValidates() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Plugins/Notifiers/Ntfy/sample.json").standardized
        let settings = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue?["channel"]?.objectValue?["settings"])
        try NotifierRunner(NtfyNotifier(), name: "ntfy").settings.validate(settings)
    }
}
