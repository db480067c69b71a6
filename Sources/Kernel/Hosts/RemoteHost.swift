import Foundation

/// Tag of remote host identifiers.
public enum RemoteHostTag {}
/// Identifies a remote host within its tenant.
public typealias RemoteHostID = Identifier<RemoteHostTag>

/// A server Vantage reaches over SSH to run commands there: traces from its location (mtr),
/// later its /proc metrics. Seed 000's "servers" and seed 002's "hosts" are this record.
///
/// `credentials` holds the authentication options (`RemoteHostCredentials` as JSON) with
/// their secrets sealed at rest; the API shows them as `(sealed)`. `hostKey` is the pinned
/// SHA-256 fingerprint of the server's host key: nil until the first connection records it
/// (trust on first use), changed only through `RemoteHostRepository.pinHostKey`.
public struct RemoteHost: Sendable, Codable, Hashable, Identifiable {
    /// Identifier, unique within the store.
    public var id: RemoteHostID
    /// The tenant that owns the host.
    public var tenantID: TenantID
    /// A name for people, unique within the tenant.
    public var name: String
    /// Host name or IP address to connect to.
    public var address: String
    /// SSH port.
    public var port: Int
    /// The remote account.
    public var username: String
    /// Authentication options, secrets sealed (`RemoteHostCredentials`).
    public var credentials: JSONValue
    /// The pinned host-key fingerprint (`SHA256:…`), or nil before the first connection.
    public var hostKey: String?
    /// Where the host is, for people and reports ("Frankfurt", "eu-west-1").
    public var location: String?
    /// Free-form labels.
    public var tags: [String]
    /// A paused host runs no monitors, is refused as a trace origin and is not collected.
    public var paused: Bool
    /// Seconds between two collections of the host's metrics; nil: the server's default
    /// (`collection.defaultInterval`, 10 s).
    public var collectionInterval: Double?
    /// Whether collecting the host's metrics is paused (its monitors and traces still run).
    public var collectionPaused: Bool
    /// When the host was created.
    public var createdAt: Date
    /// When the host was last changed.
    public var updatedAt: Date

    /// Creates a host.
    public init(id: RemoteHostID = .random(), tenantID: TenantID, name: String, address: String, port: Int = 22, username: String,
                credentials: JSONValue, hostKey: String? = nil, location: String? = nil, tags: [String] = [], paused: Bool = false,
                collectionInterval: Double? = nil, collectionPaused: Bool = false, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.address = address
        self.port = port
        self.username = username
        self.credentials = credentials
        self.hostKey = hostKey
        self.location = location
        self.tags = tags
        self.paused = paused
        self.collectionInterval = collectionInterval
        self.collectionPaused = collectionPaused
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Decodes a host; the collection fields, added later, default when a stored document
    /// lacks them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(RemoteHostID.self, forKey: .id)
        tenantID = try container.decode(TenantID.self, forKey: .tenantID)
        name = try container.decode(String.self, forKey: .name)
        address = try container.decode(String.self, forKey: .address)
        port = try container.decode(Int.self, forKey: .port)
        username = try container.decode(String.self, forKey: .username)
        credentials = try container.decode(JSONValue.self, forKey: .credentials)
        hostKey = try container.decodeIfPresent(String.self, forKey: .hostKey)
        location = try container.decodeIfPresent(String.self, forKey: .location)
        tags = try container.decode([String].self, forKey: .tags)
        paused = try container.decode(Bool.self, forKey: .paused)
        collectionInterval = try container.decodeIfPresent(Double.self, forKey: .collectionInterval)
        collectionPaused = try container.decodeIfPresent(Bool.self, forKey: .collectionPaused) ?? false
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }
}

/// How Vantage authenticates to a host: exactly one of `password`, `privateKey` (pasted
/// OpenSSH or PEM text) or `privateKeyFile` (a path inside the server's configured key
/// directory), and `passphrase` for an encrypted key. Decoded strictly through
/// `RemoteHostCredentials.schema`, whose secret paths are sealed at rest.
public struct RemoteHostCredentials: Codable, Sendable, Hashable {
    /// A password.
    public var password: String?
    /// A private key's text.
    public var privateKey: String?
    /// A private key file's path, inside the configured key directory.
    public var privateKeyFile: String?
    /// The private key's passphrase.
    public var passphrase: String?

    /// Creates credentials.
    public init(password: String? = nil, privateKey: String? = nil, privateKeyFile: String? = nil, passphrase: String? = nil) {
        self.password = password
        self.privateKey = privateKey
        self.privateKeyFile = privateKeyFile
        self.passphrase = passphrase
    }

    /// The options schema: field `credentials`, secrets `password`, `privateKey` and
    /// `passphrase` sealed, exactly one method required.
    public static let schema = OptionsSchema<RemoteHostCredentials>(
        field: "credentials", secretPaths: ["password", "privateKey", "passphrase"]
    ) { credentials in
        let given = [credentials.password, credentials.privateKey, credentials.privateKeyFile].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError(field: "password", "give exactly one of password, privateKey or privateKeyFile")
        }
        if let key = credentials.privateKey, !(key.contains("-----BEGIN ") && key.contains("PRIVATE KEY-----")) {
            throw ValidationError(field: "privateKey", "must be a private key in OpenSSH or PEM form (-----BEGIN ... PRIVATE KEY-----)")
        }
        if credentials.passphrase != nil && credentials.password != nil {
            throw ValidationError(field: "passphrase", "applies to a private key, not a password")
        }
        if let file = credentials.privateKeyFile, file.isEmpty || file.utf8.contains(0) {
            throw ValidationError(field: "privateKeyFile", "must be a file name inside the key directory")
        }
    }
}
