import ArgumentParser
import Kernel

/// `/api/v1/hosts`: servers Vantage reaches over SSH (traces from their location, later their
/// metrics), with sealed credentials and pinned host keys; and `vantage hosts`.
public struct HostsFeature: HostFeature {
    public let name = "hosts"
    /// Creates the feature.
    public init() {}

    public var requiredStoreCapabilities: [StoreCapability] { [.hosts] }

    public var commands: [any ParsableCommand.Type] { [HostsCommand.self] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        guard let store = core.store as? any HostStore else { return FeatureParts() }
        let hosts = HostService(store: store, sealer: core.probes.sealer, keyDirectory: core.sshKeyDirectory, events: core.events)
        return FeatureParts(routes: [HostRoutes(hosts: hosts, tenants: core.tenants, decoding: core.decoding)])
    }
}
