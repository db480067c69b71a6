/// An enricher instance with its type erased, under its instance name.
public struct EnricherRunner: Sendable {
    /// The instance name from `Plugins.json`.
    public let name: String
    /// The plugin behind it.
    public let pluginID: PluginID
    private let annotateBody: @Sendable ([String]) async -> [String: AddressAnnotation]
    private let reasonBody: @Sendable () async -> String?

    /// Wraps an enricher under its instance name.
    public init<E: Enricher>(_ enricher: E, name: String) {
        self.name = name
        self.pluginID = E.id
        self.annotateBody = { await enricher.annotations(for: $0) }
        self.reasonBody = { await enricher.unavailableReason() }
    }

    /// What the enricher knows about `addresses` (see `Enricher.annotations(for:)`).
    public func annotations(for addresses: [String]) async -> [String: AddressAnnotation] { await annotateBody(addresses) }

    /// Why the enricher cannot answer now, or nil (see `Enricher.unavailableReason()`).
    public func unavailableReason() async -> String? { await reasonBody() }
}
