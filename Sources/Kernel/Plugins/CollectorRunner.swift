/// A collector instance with its source options type erased, so the host holds collectors of
/// every type in one table and handles sources as stored JSON.
public struct CollectorRunner: Sendable {
    /// The instance name from `Plugins.json`.
    public let name: String
    /// The plugin behind it.
    public let pluginID: PluginID
    /// How a source's `options` are decoded, checked, sealed and redacted.
    public let options: AnyOptionsSchema
    private let collectBody: @Sendable (TenantID, String, JSONValue, (any SecretSealer)?) async throws -> CollectorReading

    /// Wraps a collector under its instance name.
    public init<C: Collector>(_ collector: C, name: String) {
        self.name = name
        self.pluginID = C.id
        let schema = OptionsSchema<C.SourceOptions>(field: "options", secretPaths: C.sourceSecretPaths) { options in
            try collector.validate(source: options)
        }
        self.options = schema.erased
        self.collectBody = { tenant, address, stored, sealer in
            let options = try schema.open(stored, sealer: sealer)
            return try await collector.collect(from: CollectorSource(tenantID: tenant, address: address, options: options))
        }
    }

    /// Reads samples from the source at `address` whose stored options (secrets sealed) are
    /// `options`.
    public func collect(tenant: TenantID, address: String, options: JSONValue, sealer: (any SecretSealer)?) async throws -> CollectorReading {
        try await collectBody(tenant, address, options, sealer)
    }
}
