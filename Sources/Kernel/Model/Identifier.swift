import Foundation

/// A UUID-backed identifier whose `Tag` keeps identifiers of different kinds apart,
/// so a monitor id can never be passed where a tenant id is expected.
public struct Identifier<Tag>: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The underlying identifier.
    public let rawValue: UUID

    /// Wraps an existing identifier.
    public init(_ rawValue: UUID) { self.rawValue = rawValue }

    /// Parses the canonical textual form; nil when the text is not a UUID.
    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.rawValue = uuid
    }

    /// A new random identifier.
    public static func random() -> Self { Self(UUID()) }

    /// The lower-case canonical text, as stored and as the API shows it. Written directly from
    /// the bytes: Foundation's `uuidString` formats through `sprintf` and is then lower-cased,
    /// which showed in profiles of result writes.
    public var description: String {
        withUnsafeBytes(of: rawValue.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { buffer in
                let digits: StaticString = "0123456789abcdef"
                var out = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        buffer[out] = UInt8(ascii: "-")
                        out += 1
                    }
                    buffer[out] = digits.utf8Start[Int(byte >> 4)]
                    buffer[out + 1] = digits.utf8Start[Int(byte & 0x0f)]
                    out += 2
                }
                return out
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UUID"))
        }
        self.rawValue = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Tag of tenant identifiers.
public enum TenantTag {}
/// Tag of monitor identifiers.
public enum MonitorTag {}
/// Tag of user identifiers.
public enum UserTag {}
/// Tag of API key identifiers.
public enum APIKeyTag {}

/// Identifies a tenant. Every stored record carries one and every repository call takes one.
public typealias TenantID = Identifier<TenantTag>
/// Identifies a monitor within its tenant.
public typealias MonitorID = Identifier<MonitorTag>
/// Identifies a user (users are global; their memberships give them tenants).
public typealias UserID = Identifier<UserTag>
/// Identifies an API key within its tenant.
public typealias APIKeyID = Identifier<APIKeyTag>

extension Identifier where Tag == TenantTag {
    /// The tenant every request runs as until an authenticator resolves real tenants.
    public static let defaultTenant = TenantID(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!)
}
