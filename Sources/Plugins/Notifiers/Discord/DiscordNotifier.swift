import Foundation
import HTTPDelivery
import Kernel

/// `notifier.discord`: each alert as a message to a Discord webhook — `content` for the
/// notification and one embed (title, description, colour by kind, facts as inline fields,
/// timestamp, link). Mentions are switched off (`allowed_mentions`), so an alert's text can
/// never ping `@everyone`.
public struct DiscordNotifier: Notifier {
    public static let id = PluginID("notifier.discord")!
    public static let summary = "posts each alert to a Discord webhook"
    public static let channelSecretPaths = ["webhookURL"]

    /// A channel's settings.
    public struct ChannelOptions: Codable, Sendable, Hashable {
        /// The webhook's URL (`https://discord.com/api/webhooks/ID/TOKEN`), a secret.
        public var webhookURL: String
        /// The name the message is posted under; default the webhook's own.
        public var username: String?

        /// Creates settings.
        public init(webhookURL: String, username: String? = nil) {
            self.webhookURL = webhookURL
            self.username = username
        }
    }

    public init(configuration: EmptyConfiguration, context: PluginContext) async throws {}

    /// A notifier.
    public init() {}

    public func validate(channel: ChannelOptions) throws {
        _ = try HTTPDeliveryTarget(channel.webhookURL, field: "webhookURL")
        if let username = channel.username, !(1...80).contains(username.count) { throw ValidationError(field: "username", "must be 1 to 80 characters") }
    }

    public func send(_ alert: Alert, via channel: NotificationChannel<ChannelOptions>) async throws -> DeliveryReceipt {
        // `?wait=true`: Discord answers with the message it created rather than 204.
        let url = channel.options.webhookURL + (channel.options.webhookURL.contains("?") ? "&" : "?") + "wait=true"
        return try await HTTPDelivery.shared.post(url, body: try Self.payload(alert, username: channel.options.username), alert: alert, timeout: 300)
    }

    /// The message as Discord's webhooks take it (limits: title 256, description 4096, 25
    /// fields, field values 1024).
    public static func payload(_ alert: Alert, username: String? = nil) throws -> [UInt8] {
        var embed: [String: JSONValue] = [
            "title": .string(String("\(AlertText.emoji(alert)) \(alert.title)".prefix(256))),
            "description": .string(String(alert.message.prefix(4096))),
            "color": .number(Double(AlertText.color(alert))),
            "timestamp": .string(AlertText.timestamp(alert.occurredAt)),
            "fields": .array(AlertText.facts(alert).prefix(25).map { label, value in
                .object(["name": .string(label), "value": .string(String(value.prefix(1024))), "inline": true])
            }),
            "footer": .object(["text": .string("Vantage · alert \(alert.id.uuidString.lowercased())")]),
        ]
        if let link = alert.link { embed["url"] = .string(link) }
        var message: [String: JSONValue] = [
            "content": .string(String("\(AlertText.emoji(alert)) \(alert.title)".prefix(2000))),
            "embeds": .array([.object(embed)]),
            "allowed_mentions": .object(["parse": .array([])]),
        ]
        if let username { message["username"] = .string(username) }
        return Array(try JSONValue.object(message).jsonData())
    }
}
