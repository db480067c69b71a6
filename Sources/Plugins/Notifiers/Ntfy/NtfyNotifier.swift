import Foundation
import HTTPDelivery
import Kernel

/// `notifier.ntfy`: each alert published to an ntfy topic (ntfy.sh or a self-hosted server)
/// as ntfy's JSON publishing takes it — topic, title, message, priority by severity (resolved
/// alerts low), tags (an emoji shortcode and the kind), a click link — with an access token
/// or user and password when the topic is protected.
public struct NtfyNotifier: Notifier {
    public static let id = PluginID("notifier.ntfy")!
    public static let summary = "publishes each alert to an ntfy topic"
    public static let channelSecretPaths = ["token", "password"]

    /// A channel's settings.
    public struct ChannelOptions: Codable, Sendable, Hashable {
        /// The server, `https://ntfy.sh` or your own.
        public var server: String
        /// The topic.
        public var topic: String
        /// An access token (`tk_...`), a secret.
        public var token: String?
        /// A user for basic authentication.
        public var username: String?
        /// Its password, a secret.
        public var password: String?

        /// Creates settings.
        public init(server: String, topic: String, token: String? = nil, username: String? = nil, password: String? = nil) {
            self.server = server
            self.topic = topic
            self.token = token
            self.username = username
            self.password = password
        }
    }

    public init(configuration: EmptyConfiguration, context: PluginContext) async throws {}

    /// A notifier.
    public init() {}

    public func validate(channel: ChannelOptions) throws {
        _ = try HTTPDeliveryTarget(channel.server, field: "server")
        guard !channel.topic.isEmpty, channel.topic.count <= 64,
              channel.topic.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" }) else {
            throw ValidationError(field: "topic", "must be 1 to 64 letters, digits, - or _")
        }
        if channel.token != nil && (channel.username != nil || channel.password != nil) {
            throw ValidationError(field: "token", "give either token or username and password")
        }
        if (channel.username == nil) != (channel.password == nil) { throw ValidationError(field: channel.username == nil ? "username" : "password", "username and password go together") }
    }

    public func send(_ alert: Alert, via channel: NotificationChannel<ChannelOptions>) async throws -> DeliveryReceipt {
        var headers: [(String, String)] = []
        if let token = channel.options.token { headers.append(("Authorization", "Bearer \(token)")) }
        if let user = channel.options.username, let password = channel.options.password {
            headers.append(("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()))
        }
        // JSON publishing goes to the server's root URL with the topic in the body.
        let root = channel.options.server.hasSuffix("/") ? channel.options.server : channel.options.server + "/"
        return try await HTTPDelivery.shared.post(root, body: try Self.payload(alert, topic: channel.options.topic), headers: headers, alert: alert, timeout: 300)
    }

    /// The message as ntfy's JSON publishing takes it.
    public static func payload(_ alert: Alert, topic: String) throws -> [UInt8] {
        let priority: Int = switch (alert.kind, alert.severity) {
        case (.resolved, _), (.settled, _), (.test, _): 2
        case (_, .critical): 5
        case (_, .warning): 4
        case (_, .info): 3
        }
        let tag = switch AlertText.emoji(alert) {
        case "🟢": "white_check_mark"
        case "🔴": "rotating_light"
        case "🔔": "bell"
        case "🧪": "test_tube"
        default: "warning"
        }
        var message: [String: JSONValue] = [
            "topic": .string(topic),
            "title": .string(alert.title),
            "message": .string(alert.message),
            "priority": .number(Double(priority)),
            "tags": .array([.string(tag), .string(alert.kind.rawValue)]),
        ]
        if let link = alert.link { message["click"] = .string(link) }
        return Array(try JSONValue.object(message).jsonData())
    }
}
