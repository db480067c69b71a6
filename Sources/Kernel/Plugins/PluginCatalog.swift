/// The plugins compiled into a host, by id. A custom host is just another list.
public struct PluginCatalog: Sendable {
    /// Registrations in id order.
    public let registrations: [PluginRegistration]

    /// A catalog refusing duplicate ids and ids whose role does not match the registration.
    public init(_ registrations: [PluginRegistration]) throws {
        var seen = Set<PluginID>()
        for registration in registrations {
            guard registration.id.role == registration.role else {
                throw ConfigurationError(path: "catalog", message: "plugin \(registration.id) is registered as a \(registration.role.rawValue) but its id names the role '\(registration.id.role.rawValue)'")
            }
            guard seen.insert(registration.id).inserted else {
                throw ConfigurationError(path: "catalog", message: "plugin \(registration.id) is registered twice")
            }
        }
        self.registrations = registrations.sorted { $0.id < $1.id }
    }

    /// The registration of an id, or nil.
    public func registration(for id: String) -> PluginRegistration? {
        registrations.first { $0.id.rawValue == id }
    }

    /// Every id, sorted.
    public var ids: [String] { registrations.map(\.id.rawValue) }
}
