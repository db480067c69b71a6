/// What enrichers know about one IP address: where it is and which network announces it.
/// Every member is optional (a City database has no ASN, a private address has nothing), and
/// annotations from several enrichers merge, the first enricher's answer winning per member.
///
/// Attached to results as `geo` (a route hop's responder, a connection's source and
/// destination); encoded without the members it lacks.
public struct AddressAnnotation: Codable, Sendable, Hashable {
    /// ISO 3166-1 alpha-2 country code (`DE`).
    public var countryCode: String?
    /// The country's English name.
    public var country: String?
    /// The city's English name.
    public var city: String?
    /// Latitude in degrees.
    public var latitude: Double?
    /// Longitude in degrees.
    public var longitude: Double?
    /// Radius around the coordinates, in kilometres, within which the address is likely.
    public var accuracyRadiusKm: Int?
    /// The autonomous system number announcing the address.
    public var asn: Int?
    /// The organisation the autonomous system is registered to.
    public var organization: String?

    /// Creates an annotation.
    public init(countryCode: String? = nil, country: String? = nil, city: String? = nil, latitude: Double? = nil,
                longitude: Double? = nil, accuracyRadiusKm: Int? = nil, asn: Int? = nil, organization: String? = nil) {
        self.countryCode = countryCode
        self.country = country
        self.city = city
        self.latitude = latitude
        self.longitude = longitude
        self.accuracyRadiusKm = accuracyRadiusKm
        self.asn = asn
        self.organization = organization
    }

    /// Whether no member is known.
    public var isEmpty: Bool { self == AddressAnnotation() }

    /// This annotation with the members it lacks taken from `other`.
    public func merging(_ other: AddressAnnotation) -> AddressAnnotation {
        AddressAnnotation(countryCode: countryCode ?? other.countryCode, country: country ?? other.country, city: city ?? other.city,
                          latitude: latitude ?? other.latitude, longitude: longitude ?? other.longitude,
                          accuracyRadiusKm: accuracyRadiusKm ?? other.accuracyRadiusKm, asn: asn ?? other.asn,
                          organization: organization ?? other.organization)
    }
}
