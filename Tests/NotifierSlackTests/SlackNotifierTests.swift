import FixtureServers
import Foundation
import Kernel
import KernelTesting
import NotifierSlack
import Testing

/// notifier.slack posts Slack's incoming-webhook format to a local receiver.
@Suite("notifier.slack")
struct SlackNotifierTests {
    @Test func theMessageHasSlacksFallbackTextAndBlocks() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let alert = AlertFixtures.alert(message: "127.0.0.1:8443: <refused> & gone")
        let receipt = try await SlackNotifier().send(alert, via: NotificationChannel(name: "#ops", options: .init(webhookURL: receiver.url("/ok"))))
        #expect(receipt.status == 200)
        let request = try #require(receiver.requests(to: "/ok").first)
        let body = try #require(request.json)
        #expect(body["text"] as? String == "🔴 web is down: 127.0.0.1:8443: <refused> & gone")
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["type"] as? String } == ["header", "section", "section", "context", "actions"])
        let header = try #require(blocks[0]["text"] as? [String: Any])
        #expect(header["type"] as? String == "plain_text")
        #expect((header["text"] as? String).map { $0.count <= 150 } == true)
        let section = try #require(blocks[1]["text"] as? [String: Any])
        #expect(section["type"] as? String == "mrkdwn")
        #expect(section["text"] as? String == "127.0.0.1:8443: &lt;refused&gt; &amp; gone", "Slack's control characters escaped")
        let fields = try #require(blocks[2]["fields"] as? [[String: Any]])
        #expect(fields.count <= 10 && fields.allSatisfy { $0["type"] as? String == "mrkdwn" })
        #expect(fields.first?["text"] as? String == "*Monitor*\nweb")
        let button = try #require((blocks[4]["elements"] as? [[String: Any]])?.first)
        #expect(button["type"] as? String == "button" && button["url"] as? String == alert.link)
    }

    @Test func theSampleChannelValidatesAndItsURLIsSealed() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Plugins/Notifiers/Slack/sample.json").standardized
        let settings = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue?["channel"]?.objectValue?["settings"])
        let runner = NotifierRunner(SlackNotifier(), name: "slack")
        try runner.settings.validate(settings)
        let sealed = try runner.settings.seal(settings, sealer: TestSealer(), previous: nil)
        #expect(sealed.objectValue?["webhookURL"]?.stringValue?.hasPrefix(SealedSecrets.prefix) == true)
        #expect(throws: ValidationError.self) { try runner.settings.validate(.object(["webhookURL": "slack.com"])) }
    }
}
