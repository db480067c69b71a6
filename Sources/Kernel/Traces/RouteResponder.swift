/// An address that answered at a hop, with its reverse DNS name when looked up and what
/// the enrichers know about it (country, city, coordinates, ASN).
public struct RouteResponder: Codable, Sendable, Hashable {
    /// The address, as text.
    public var address: String
    /// Its PTR name, when names were looked up and it has one.
    public var name: String?
    /// What the enabled enrichers know about the address (`enricher.geoip`), when anything.
    public var geo: AddressAnnotation?

    /// Creates a responder.
    public init(address: String, name: String? = nil, geo: AddressAnnotation? = nil) {
        self.address = address
        self.name = name
        self.geo = geo
    }
}
