/// A notifier instance with its channel settings type erased, so the host holds notifiers of
/// every type in one table and handles channels as stored JSON.
public struct NotifierRunner: Sendable {
    /// The instance name from `Plugins.json`: what a channel's `type` names.
    public let name: String
    /// The plugin behind it.
    public let pluginID: PluginID
    /// How a channel's `settings` are decoded, checked, sealed and redacted.
    public let settings: AnyOptionsSchema
    private let sendBody: @Sendable (Alert, String, JSONValue, (any SecretSealer)?) async throws -> DeliveryReceipt

    /// Wraps a notifier under its instance name.
    public init<N: Notifier>(_ notifier: N, name: String) {
        self.name = name
        self.pluginID = N.id
        let schema = OptionsSchema<N.ChannelOptions>(field: "settings", secretPaths: N.channelSecretPaths) { options in
            try notifier.validate(channel: options)
        }
        self.settings = schema.erased
        self.sendBody = { alert, channel, stored, sealer in
            let options = try schema.open(stored, sealer: sealer)
            return try await notifier.send(alert, via: NotificationChannel(name: channel, options: options))
        }
    }

    /// Delivers an alert through a channel named `channel` whose stored settings (secrets
    /// sealed) are `settings`. Throws `ValidationError` when the settings no longer decode,
    /// or the notifier's error when the delivery failed.
    public func send(_ alert: Alert, channel: String, settings: JSONValue, sealer: (any SecretSealer)?) async throws -> DeliveryReceipt {
        try await sendBody(alert, channel, settings, sealer)
    }
}
