import Foundation

/// What a WHOIS or RDAP answer says about a domain, an IP network or an AS number.
public struct Registration: Sendable, Hashable {
    /// The domain name, as the registry writes it.
    public var domain: String?
    /// The registrar's name.
    public var registrar: String?
    /// The holder of an IP network or AS number (organisation or network name).
    public var holder: String?
    /// The network range or AS number the answer covers.
    public var network: String?
    /// When it was registered.
    public var created: Date?
    /// When it was last changed.
    public var updated: Date?
    /// When the registration expires.
    public var expires: Date?
    /// EPP status codes (`clientTransferProhibited`, ...).
    public var statuses: [String] = []
    /// Name servers, lower-case, without a trailing dot.
    public var nameServers: [String] = []
    /// `signed` or `unsigned` (or the registry's own word).
    public var dnssec: String?
    /// The abuse contact's e-mail address.
    public var abuseEmail: String?
    /// The abuse contact's telephone number.
    public var abusePhone: String?
    /// The WHOIS server this answer refers to for more detail (`host` or `host:port`).
    public var referral: String?
    /// The server said it has no such object.
    public var notFound = false

    /// Creates an empty registration.
    public init() {}

    /// This registration with every field `other` has taken from `other`: a later, more
    /// specific answer (the registrar's after the registry's) wins.
    public func merged(with other: Registration) -> Registration {
        var result = self
        result.domain = other.domain ?? domain
        result.registrar = other.registrar ?? registrar
        result.holder = other.holder ?? holder
        result.network = other.network ?? network
        result.created = other.created ?? created
        result.updated = other.updated ?? updated
        result.expires = other.expires ?? expires
        if !other.statuses.isEmpty { result.statuses = other.statuses }
        if !other.nameServers.isEmpty { result.nameServers = other.nameServers }
        result.dnssec = other.dnssec ?? dnssec
        result.abuseEmail = other.abuseEmail ?? abuseEmail
        result.abusePhone = other.abusePhone ?? abusePhone
        result.referral = other.referral
        result.notFound = notFound && other.notFound
        return result
    }
}
