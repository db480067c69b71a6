/// Delivers alerts (webhook, email) through channels a tenant configures.
///
/// A channel's `settings` object is this notifier's `ChannelOptions`, handled like a probe's
/// options (see `OptionsSchema`): decoded strictly when the channel is created, checked by
/// `validate(channel:)`, its secrets (`channelSecretPaths`: a webhook's signing secret, an SMTP
/// password) sealed at rest and never returned, and opened only for a delivery.
public protocol Notifier: Plugin {
    /// A channel's settings (a URL, an address), decoded strictly.
    associatedtype ChannelOptions: Codable & Sendable = EmptyOptions
    /// Paths in the settings holding secrets (`secret`, `smtp.password`). Default: none.
    static var channelSecretPaths: [String] { get }
    /// Checks a channel's settings before it is stored; throw `ValidationError` with fields
    /// relative to the settings (`url`), which the host reports as `settings.url`. The
    /// default accepts everything.
    func validate(channel: ChannelOptions) throws
    /// Delivers one alert through one channel and returns what the receiver answered. Throws
    /// `NotificationFailure` when the delivery failed (`retryable` tells the host whether to
    /// try again). The host bounds the call by the delivery timeout and cancels it after.
    func send(_ alert: Alert, via channel: NotificationChannel<ChannelOptions>) async throws -> DeliveryReceipt
}

extension Notifier {
    /// No secrets.
    public static var channelSecretPaths: [String] { [] }

    /// Accepts every channel.
    public func validate(channel: ChannelOptions) throws {}
}

/// One channel of a notifier for one delivery: its name and its settings, with secrets
/// already opened by the host.
public struct NotificationChannel<Options: Sendable>: Sendable {
    /// The channel's name.
    public var name: String
    /// The notifier-specific settings.
    public var options: Options

    /// Creates a channel.
    public init(name: String, options: Options) {
        self.name = name
        self.options = options
    }
}
