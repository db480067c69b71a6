/// An address that answered at a hop, with its reverse DNS name when looked up.
public struct RouteResponder: Codable, Sendable, Hashable {
    /// The address, as text.
    public var address: String
    /// Its PTR name, when names were looked up and it has one.
    public var name: String?

    /// Creates a responder.
    public init(address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }
}
