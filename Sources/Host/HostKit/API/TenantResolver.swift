import Hummingbird
import Kernel

/// Decides which tenant a request acts in. This is the one place authentication replaces:
/// until then every request runs as the default tenant.
public struct TenantResolver: Sendable {
    /// The tenant used for every request.
    public let defaultTenant: TenantID

    /// Creates a resolver that answers `defaultTenant` for every request.
    public init(defaultTenant: TenantID = .defaultTenant) { self.defaultTenant = defaultTenant }

    /// The tenant of a request.
    public func tenant(for request: Request) throws -> TenantID { defaultTenant }
}
