/// What a plugin or host feature needs of the store, checked at assembly so that a
/// deployment missing a capability stops at start-up with a message naming both sides
/// instead of failing on first use.
public enum StoreRequirements {
    /// Throws a `ConfigurationError` at `path` when `store` lacks one of `needed`:
    /// "collector.procfs needs a store with samples; store.sqlite has none".
    public static func check(_ needed: [StoreCapability], of requirer: String, store: any Store, path: String) throws {
        let storeID = type(of: store).id
        for capability in needed where !capability.isOffered(by: store) {
            throw ConfigurationError(path: path, message: "\(requirer) needs a store with \(capability.name); \(storeID) has none")
        }
    }
}
