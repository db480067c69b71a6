import Foundation
import HTTPDelivery
import Kernel

/// `notifier.slack`: each alert as a message to a Slack incoming webhook — a `text` fallback
/// (what notifications and old clients show) and Block Kit `blocks` (a header, the message,
/// the facts as fields, a link button when the alert has one).
public struct SlackNotifier: Notifier {
    public static let id = PluginID("notifier.slack")!
    public static let summary = "posts each alert to a Slack incoming webhook"
    public static let channelSecretPaths = ["webhookURL"]

    /// A channel's settings.
    public struct ChannelOptions: Codable, Sendable, Hashable {
        /// The incoming webhook's URL (`https://hooks.slack.com/services/...`), a secret.
        public var webhookURL: String

        /// Creates settings.
        public init(webhookURL: String) { self.webhookURL = webhookURL }
    }

    public init(configuration: EmptyConfiguration, context: PluginContext) async throws {}

    /// A notifier.
    public init() {}

    public func validate(channel: ChannelOptions) throws { _ = try HTTPDeliveryTarget(channel.webhookURL, field: "webhookURL") }

    public func send(_ alert: Alert, via channel: NotificationChannel<ChannelOptions>) async throws -> DeliveryReceipt {
        try await HTTPDelivery.shared.post(channel.options.webhookURL, body: try Self.payload(alert), alert: alert, timeout: 300)
    }

    /// The message as Slack's incoming webhooks take it.
    public static func payload(_ alert: Alert) throws -> [UInt8] {
        let headline = "\(AlertText.emoji(alert)) \(alert.title)"
        var blocks: [JSONValue] = [
            .object(["type": "header", "text": .object(["type": "plain_text", "text": .string(String(headline.prefix(150))), "emoji": true])]),
            .object(["type": "section", "text": .object(["type": "mrkdwn", "text": .string(escape(alert.message))])]),
        ]
        let fields = AlertText.facts(alert).map { label, value in JSONValue.object(["type": "mrkdwn", "text": .string("*\(label)*\n\(escape(value))")]) }
        blocks.append(.object(["type": "section", "fields": .array(Array(fields.prefix(10)))]))
        blocks.append(.object(["type": "context", "elements": .array([.object(["type": "mrkdwn", "text": .string("Vantage · \(AlertText.timestamp(alert.occurredAt)) · alert \(alert.id.uuidString.lowercased())")])])]))
        if let link = alert.link {
            blocks.append(.object(["type": "actions", "elements": .array([.object(["type": "button", "text": .object(["type": "plain_text", "text": "Open in Vantage"]), "url": .string(link)])])]))
        }
        let message: JSONValue = .object(["text": .string("\(headline): \(alert.message)"), "blocks": .array(blocks)])
        return Array(try message.jsonData())
    }

    /// Slack's three control characters in `mrkdwn` text.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
