import Foundation

/// The `alerting` section of `Plugins.json`: how alerts are evaluated and delivered.
///
/// ```json
/// "alerting": {"maxAttempts": 6, "retryBaseSeconds": 10, "deliveryTimeoutSeconds": 10, "maxConcurrentDeliveries": 32}
/// ```
public struct AlertingSettings: Codable, Sendable, Hashable {
    /// Whether this server evaluates rules and delivers alerts. Default true. Servers sharing
    /// a PostgreSQL store may all keep it on: each evaluation commits once, and each delivery
    /// is claimed by one server.
    public var enabled: Bool
    /// Attempts per delivery before it is given up. Default 6.
    public var maxAttempts: Int
    /// Seconds before the second attempt; each further wait doubles, up to
    /// `retryMaxSeconds`, with ±20 % jitter. Default 10.
    public var retryBaseSeconds: Double
    /// The longest wait between attempts. Default 600.
    public var retryMaxSeconds: Double
    /// Seconds one attempt may take. Default 10.
    public var deliveryTimeoutSeconds: Double
    /// Deliveries running at once, at most. Default 32.
    public var maxConcurrentDeliveries: Int
    /// Seconds between checks for reminders and settled flapping, and between polls of the
    /// outbox and of due deliveries when nothing announced them. Default 5.
    public var pollSeconds: Double
    /// Days alerts are kept in the history. Default 30.
    public var historyDays: Double
    /// The server's public address for links in alerts (`https://vantage.example.com`); nil:
    /// alerts carry no link.
    public var publicURL: String?

    /// Creates settings with the documented defaults.
    public init(enabled: Bool = true, maxAttempts: Int = 6, retryBaseSeconds: Double = 10, retryMaxSeconds: Double = 600,
                deliveryTimeoutSeconds: Double = 10, maxConcurrentDeliveries: Int = 32, pollSeconds: Double = 5,
                historyDays: Double = 30, publicURL: String? = nil) {
        self.enabled = enabled
        self.maxAttempts = maxAttempts
        self.retryBaseSeconds = retryBaseSeconds
        self.retryMaxSeconds = retryMaxSeconds
        self.deliveryTimeoutSeconds = deliveryTimeoutSeconds
        self.maxConcurrentDeliveries = maxConcurrentDeliveries
        self.pollSeconds = pollSeconds
        self.historyDays = historyDays
        self.publicURL = publicURL
    }

    public init(from decoder: any Decoder) throws {
        let defaults = AlertingSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? defaults.enabled
        maxAttempts = try container.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? defaults.maxAttempts
        retryBaseSeconds = try container.decodeIfPresent(Double.self, forKey: .retryBaseSeconds) ?? defaults.retryBaseSeconds
        retryMaxSeconds = try container.decodeIfPresent(Double.self, forKey: .retryMaxSeconds) ?? defaults.retryMaxSeconds
        deliveryTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .deliveryTimeoutSeconds) ?? defaults.deliveryTimeoutSeconds
        maxConcurrentDeliveries = try container.decodeIfPresent(Int.self, forKey: .maxConcurrentDeliveries) ?? defaults.maxConcurrentDeliveries
        pollSeconds = try container.decodeIfPresent(Double.self, forKey: .pollSeconds) ?? defaults.pollSeconds
        historyDays = try container.decodeIfPresent(Double.self, forKey: .historyDays) ?? defaults.historyDays
        publicURL = try container.decodeIfPresent(String.self, forKey: .publicURL)
        func refuse(_ key: CodingKeys, _ message: String) -> DecodingError {
            .dataCorruptedError(forKey: key, in: container, debugDescription: message)
        }
        if !(1...100).contains(maxAttempts) { throw refuse(.maxAttempts, "must be 1 to 100") }
        if !(0.01...86_400).contains(retryBaseSeconds) { throw refuse(.retryBaseSeconds, "must be 0.01 to 86400") }
        if !(retryBaseSeconds...86_400).contains(retryMaxSeconds) { throw refuse(.retryMaxSeconds, "must be retryBaseSeconds to 86400") }
        if !(0.1...300).contains(deliveryTimeoutSeconds) { throw refuse(.deliveryTimeoutSeconds, "must be 0.1 to 300") }
        if !(1...1000).contains(maxConcurrentDeliveries) { throw refuse(.maxConcurrentDeliveries, "must be 1 to 1000") }
        if !(0.05...3600).contains(pollSeconds) { throw refuse(.pollSeconds, "must be 0.05 to 3600") }
        if !(1...3650).contains(historyDays) { throw refuse(.historyDays, "must be 1 to 3650") }
        if let publicURL, URL(string: publicURL)?.scheme == nil { throw refuse(.publicURL, "must be an absolute URL such as https://vantage.example.com") }
    }

    /// The wait before attempt `attempt + 1` after `attempt` failed ones (the first retry
    /// waits `retryBaseSeconds`), jittered by `unit` in 0..<1.
    public func backoff(afterAttempts attempt: Int, unit: Double) -> Double {
        let exponent = min(max(attempt - 1, 0), 30)
        let wait = min(retryBaseSeconds * pow(2, Double(exponent)), retryMaxSeconds)
        return wait * (0.8 + 0.4 * unit)
    }
}
