import Kernel

/// The web interface at `/` (`Resources/Web`: plain HTML, CSS and JavaScript modules, no build
/// step) and the browser's cookie session at `/api/v1/auth/session`.
public struct WebFeature: HostFeature {
    public let name = "web interface"
    /// Creates the feature.
    public init() {}

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        FeatureParts(routes: [
            WebRoutes(assets: WebAssets.bundled()),
            SessionRoutes(store: core.store, passwordAccounts: core.passwordAccounts, decoding: core.decoding, authenticators: core.authenticators),
        ])
    }
}
