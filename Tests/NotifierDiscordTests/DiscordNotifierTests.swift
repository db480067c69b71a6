import FixtureServers
import Foundation
import Kernel
import KernelTesting
import NotifierDiscord
import Testing

/// notifier.discord posts Discord's execute-webhook format to a local receiver.
@Suite("notifier.discord")
struct DiscordNotifierTests {
    @Test func theMessageIsOneEmbedWithinDiscordsLimitsAndMentionsOff() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let alert = AlertFixtures.alert(message: "@everyone " + String(repeating: "x", count: 5000))
        let options = DiscordNotifier.ChannelOptions(webhookURL: receiver.url("/ok/api/webhooks/1/token"), username: "Vantage")
        #expect(try await DiscordNotifier().send(alert, via: NotificationChannel(name: "discord", options: options)).status == 200)
        let request = try #require(receiver.requests(to: "/ok").first)
        #expect(request.path == "/ok/api/webhooks/1/token?wait=true")
        let body = try #require(request.json)
        #expect(body["content"] as? String == "🔴 web is down")
        #expect(body["username"] as? String == "Vantage")
        #expect((body["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
        let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
        #expect((embed["title"] as? String).map { $0.count <= 256 } == true)
        #expect((embed["description"] as? String)?.count == 4096, "cut at Discord's limit")
        #expect(embed["color"] as? Int == 0xE01E5A)
        #expect(embed["timestamp"] as? String == "2026-01-26T10:30:00Z")
        #expect(embed["url"] as? String == alert.link)
        let fields = try #require(embed["fields"] as? [[String: Any]])
        #expect(fields.count <= 25 && fields.allSatisfy { $0["inline"] as? Bool == true && ($0["value"] as? String)?.count ?? 0 <= 1024 })
        #expect(fields.first?["name"] as? String == "Monitor" && fields.first?["value"] as? String == "web")
    }

    @Test func aResolvedAlertIsGreen() throws {
        let body = try JSONSerialization.jsonObject(with: Data(DiscordNotifier.payload(AlertFixtures.alert(.resolved, status: .up, title: "web is up again"))))
        let embed = try #require(((body as? [String: Any])?["embeds"] as? [[String: Any]])?.first)
        #expect(embed["color"] as? Int == 0x2EB67D)
    }

    @Test func theSampleChannelValidates() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Plugins/Notifiers/Discord/sample.json").standardized
        let settings = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue?["channel"]?.objectValue?["settings"])
        try NotifierRunner(DiscordNotifier(), name: "discord").settings.validate(settings)
    }
}
