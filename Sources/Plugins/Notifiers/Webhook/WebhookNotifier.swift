import Crypto
import Foundation
import HTTPDelivery
import Kernel

/// `notifier.webhook`: a JSON POST per alert to a URL the tenant gives, signed with
/// HMAC-SHA256 when the channel has a secret, with custom headers (sealed at rest).
public struct WebhookNotifier: Notifier {
    public static let id = PluginID("notifier.webhook")!
    public static let summary = "POSTs each alert as JSON to a URL, signed with HMAC-SHA256"
    public static let channelSecretPaths = ["secret", "headers.*"]

    /// A channel's settings.
    public struct ChannelOptions: Codable, Sendable, Hashable {
        /// Where to POST.
        public var url: String
        /// The signing secret: `X-Vantage-Signature: sha256=HEX` over `TIMESTAMP.BODY`.
        public var secret: String?
        /// Extra headers (an `Authorization` a receiver expects).
        public var headers: [String: String]?
        /// Seconds one attempt may take; at most the server's `deliveryTimeoutSeconds`.
        public var timeoutSeconds: Double?

        /// Creates settings.
        public init(url: String, secret: String? = nil, headers: [String: String]? = nil, timeoutSeconds: Double? = nil) {
            self.url = url
            self.secret = secret
            self.headers = headers
            self.timeoutSeconds = timeoutSeconds
        }
    }

    private let delivery: HTTPDelivery

    public init(configuration: EmptyConfiguration, context: PluginContext) async throws {
        delivery = .shared
    }

    /// A notifier on `delivery`.
    public init(delivery: HTTPDelivery = .shared) { self.delivery = delivery }

    public func validate(channel: ChannelOptions) throws {
        _ = try HTTPDeliveryTarget(channel.url)
        if let secret = channel.secret, secret.count < 16 { throw ValidationError(field: "secret", "must be at least 16 characters") }
        for (name, value) in channel.headers ?? [:] {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else { throw ValidationError(field: "headers.\(name)", "is not a valid header name") }
            guard !Self.reserved.contains(name.lowercased()) else { throw ValidationError(field: "headers.\(name)", "is set by Vantage") }
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else { throw ValidationError(field: "headers.\(name)", "must be one line") }
        }
        if let timeout = channel.timeoutSeconds, !(0.1...300).contains(timeout) { throw ValidationError(field: "timeoutSeconds", "must be 0.1 to 300") }
    }

    public func send(_ alert: Alert, via channel: NotificationChannel<ChannelOptions>) async throws -> DeliveryReceipt {
        let body = try WebhookPayload.body(alert)
        var headers = (channel.options.headers ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let secret = channel.options.secret {
            let timestamp = String(Int(Date().timeIntervalSince1970))
            headers.append(("X-Vantage-Timestamp", timestamp))
            headers.append(("X-Vantage-Signature", "sha256=" + WebhookSignature.sign(body: body, timestamp: timestamp, secret: secret)))
        }
        return try await delivery.post(channel.options.url, body: body, headers: headers, alert: alert, timeout: channel.options.timeoutSeconds ?? 300)
    }

    static let reserved: Set<String> = ["content-type", "content-length", "host", "x-vantage-alert-id", "x-vantage-alert-kind",
                                        "x-vantage-signature", "x-vantage-timestamp", "transfer-encoding", "connection"]

    static func isTokenByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }
}

/// The signature of a webhook body: hex HMAC-SHA256 of `TIMESTAMP.BODY` under the secret.
/// A receiver recomputes it and refuses a timestamp older than a few minutes (a replay).
public enum WebhookSignature {
    /// The hex signature.
    public static func sign(body: [UInt8], timestamp: String, secret: String) -> String {
        var message = Array(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message += body
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
