import Foundation

/// Which stored connections to read: every member that is set must match.
public struct ConnectionFilter: Sendable, Hashable {
    /// Started at or after.
    public var from: Date?
    /// Started before.
    public var to: Date?
    /// The source or the destination address is this one.
    public var address: String?
    /// The destination's country (ISO code).
    public var country: String?
    /// The destination's autonomous system.
    public var asn: Int?
    /// The transport protocol (`tcp`).
    public var transport: String?

    /// Creates a filter; nil members do not filter.
    public init(from: Date? = nil, to: Date? = nil, address: String? = nil, country: String? = nil, asn: Int? = nil, transport: String? = nil) {
        self.from = from
        self.to = to
        self.address = address
        self.country = country
        self.asn = asn
        self.transport = transport
    }
}

/// What connections are grouped by in an aggregate.
public enum ConnectionGrouping: String, Sendable, Codable, Hashable, CaseIterable {
    /// The destination address.
    case destination
    /// The destination's country.
    case country
    /// The destination's autonomous system.
    case asn
}

/// One group of an aggregate: the key and its totals.
public struct ConnectionAggregate: Codable, Sendable, Hashable {
    /// The destination address, country code or ASN (as text); empty for destinations the
    /// enrichers know nothing about.
    public var key: String
    /// The organisation of an ASN group, or the country's name, when known.
    public var label: String?
    /// Connections in the group.
    public var connections: Int64
    /// Bytes sent plus received.
    public var bytes: Int64

    /// Creates a group.
    public init(key: String, label: String? = nil, connections: Int64, bytes: Int64) {
        self.key = key
        self.label = label
        self.connections = connections
        self.bytes = bytes
    }
}

/// Traffic in one time bucket.
public struct ConnectionBucket: Codable, Sendable, Hashable {
    /// The bucket's start.
    public var start: Date
    /// Connections started in it.
    public var connections: Int64
    /// Bytes from sources to destinations.
    public var bytesSent: Int64
    /// Bytes back.
    public var bytesReceived: Int64

    /// Creates a bucket.
    public init(start: Date, connections: Int64, bytesSent: Int64, bytesReceived: Int64) {
        self.start = start
        self.connections = connections
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
    }
}
