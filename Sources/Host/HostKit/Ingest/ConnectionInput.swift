import Foundation
import Kernel

/// `POST /api/v1/connections`: `{"connections": [...]}`, each record decoded strictly. The
/// `init(from:)`s call `KnownKeys.check`, so `RequestDecoding.fast` can decode the batch.
struct ConnectionBatchInput: Decodable {
    var connections: [ConnectionInput]

    private enum CodingKeys: String, CodingKey { case connections }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        connections = try container.decode([ConnectionInput].self, forKey: .connections)
        try KnownKeys.check(decoder, CodingKeys.self)
    }
}

/// One connection as a producer sends it.
struct ConnectionInput: Decodable {
    struct Endpoint: Decodable {
        var address: String
        var port: Int?

        private enum CodingKeys: String, CodingKey { case address, port }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            address = try container.decode(String.self, forKey: .address)
            port = try container.decodeIfPresent(Int.self, forKey: .port)
            try KnownKeys.check(decoder, CodingKeys.self)
        }
    }

    var source: Endpoint
    var destination: Endpoint
    var `protocol`: String
    var bytesSent: Int64?
    var bytesReceived: Int64?
    var packetsSent: Int64?
    var packetsReceived: Int64?
    var process: String?
    var service: String?
    var startedAt: JSONValue
    var endedAt: JSONValue?

    private enum CodingKeys: String, CodingKey {
        case source, destination, `protocol`, bytesSent, bytesReceived, packetsSent, packetsReceived, process, service, startedAt, endedAt
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(Endpoint.self, forKey: .source)
        destination = try container.decode(Endpoint.self, forKey: .destination)
        `protocol` = try container.decode(String.self, forKey: .protocol)
        bytesSent = try container.decodeIfPresent(Int64.self, forKey: .bytesSent)
        bytesReceived = try container.decodeIfPresent(Int64.self, forKey: .bytesReceived)
        packetsSent = try container.decodeIfPresent(Int64.self, forKey: .packetsSent)
        packetsReceived = try container.decodeIfPresent(Int64.self, forKey: .packetsReceived)
        process = try container.decodeIfPresent(String.self, forKey: .process)
        service = try container.decodeIfPresent(String.self, forKey: .service)
        startedAt = try container.decode(JSONValue.self, forKey: .startedAt)
        endedAt = try container.decodeIfPresent(JSONValue.self, forKey: .endedAt)
        try KnownKeys.check(decoder, CodingKeys.self)
    }

    /// The longest process or service name kept.
    static let maximumNameLength = 256

    /// The record for `tenant`; throws `ValidationError` naming `connections[index].field`.
    func record(tenant: TenantID, index: Int, receivedAt: Date) throws -> ConnectionRecord {
        let at = "connections[\(index)]"
        let source = try Self.endpoint(source, field: "\(at).source")
        let destination = try Self.endpoint(destination, field: "\(at).destination")
        let transport = self.protocol.lowercased()
        guard (1...16).contains(transport.count), transport.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError(field: "\(at).protocol", "must be 1 to 16 letters or digits (tcp, udp, icmp, ...)")
        }
        for (name, value) in [("bytesSent", bytesSent), ("bytesReceived", bytesReceived), ("packetsSent", packetsSent), ("packetsReceived", packetsReceived)] {
            if let value, value < 0 { throw ValidationError(field: "\(at).\(name)", "must not be negative") }
        }
        for (name, value) in [("process", process), ("service", service)] {
            if let value, value.count > Self.maximumNameLength || value.contains(where: { $0.isNewline || $0 == "\u{0}" }) {
                throw ValidationError(field: "\(at).\(name)", "must be at most \(Self.maximumNameLength) characters on one line")
            }
        }
        let started = try IngestTime.parse(startedAt, field: "\(at).startedAt")
        let ended = try endedAt.flatMap { $0 == .null ? nil : try IngestTime.parse($0, field: "\(at).endedAt") }
        if let ended, ended < started { throw ValidationError(field: "\(at).endedAt", "must not be before startedAt") }
        return ConnectionRecord(tenantID: tenant, source: source, destination: destination, transport: transport,
                                bytesSent: bytesSent ?? 0, bytesReceived: bytesReceived ?? 0, packetsSent: packetsSent ?? 0,
                                packetsReceived: packetsReceived ?? 0, process: process, service: service, startedAt: started,
                                endedAt: ended, receivedAt: receivedAt)
    }

    /// An endpoint with its address in canonical text (`2001:DB8::1` as `2001:db8::1`).
    private static func endpoint(_ input: Endpoint, field: String) throws -> ConnectionEndpoint {
        guard let bytes = NetworkPrefix.addressBytes(input.address), !input.address.hasPrefix("[") else {
            throw ValidationError(field: "\(field).address", "must be an IPv4 or IPv6 address")
        }
        if let port = input.port, !(0...65_535).contains(port) {
            throw ValidationError(field: "\(field).port", "must be 0 to 65535")
        }
        return ConnectionEndpoint(address: NetworkPrefix.text(of: bytes), port: input.port)
    }
}
