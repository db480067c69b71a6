import Foundation

/// One end of a connection: its address, port and what the enrichers know about the address.
public struct ConnectionEndpoint: Codable, Sendable, Hashable {
    /// The IP address, as text.
    public var address: String
    /// The port, when the protocol has ports.
    public var port: Int?
    /// What the enrichers know about the address (`enricher.geoip`), added on ingest.
    public var geo: AddressAnnotation?

    /// Creates an endpoint.
    public init(address: String, port: Int? = nil, geo: AddressAnnotation? = nil) {
        self.address = address
        self.port = port
        self.geo = geo
    }
}

/// A network connection a producer observed (seed 001's collector, a flow exporter): who
/// talked to whom, over which protocol, how much each way and when, stored per tenant and
/// enriched with GeoIP on ingest (`POST /api/v1/connections`).
public struct ConnectionRecord: Codable, Sendable, Hashable {
    /// The store's sequence number, unique and increasing per store; nil before it is stored.
    public var id: Int64?
    /// The tenant that owns it.
    public var tenantID: TenantID
    /// The side that opened the connection.
    public var source: ConnectionEndpoint
    /// The side it was opened to.
    public var destination: ConnectionEndpoint
    /// `tcp`, `udp`, `icmp`, ...: lower-case letters and digits.
    public var transport: String
    /// Bytes from source to destination.
    public var bytesSent: Int64
    /// Bytes from destination to source.
    public var bytesReceived: Int64
    /// Packets from source to destination.
    public var packetsSent: Int64
    /// Packets from destination to source.
    public var packetsReceived: Int64
    /// The process that owned the connection, when the producer knows it.
    public var process: String?
    /// The service name (`https`, `postgres`), when the producer knows it.
    public var service: String?
    /// When the connection started.
    public var startedAt: Date
    /// When it ended; nil while it was still open.
    public var endedAt: Date?
    /// When the server accepted it.
    public var receivedAt: Date

    /// Creates a record.
    public init(id: Int64? = nil, tenantID: TenantID, source: ConnectionEndpoint, destination: ConnectionEndpoint, transport: String,
                bytesSent: Int64 = 0, bytesReceived: Int64 = 0, packetsSent: Int64 = 0, packetsReceived: Int64 = 0,
                process: String? = nil, service: String? = nil, startedAt: Date, endedAt: Date? = nil, receivedAt: Date = Date()) {
        self.id = id
        self.tenantID = tenantID
        self.source = source
        self.destination = destination
        self.transport = transport
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.packetsSent = packetsSent
        self.packetsReceived = packetsReceived
        self.process = process
        self.service = service
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.receivedAt = receivedAt
    }
}
