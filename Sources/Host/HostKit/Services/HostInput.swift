import Foundation
import Kernel
import SSHSupport

/// The body of `POST /api/v1/hosts`, `PUT /api/v1/hosts/{id}` and (without `name`)
/// `POST /api/v1/hosts/test-connection`.
struct HostInput: Codable, Sendable {
    var name: String?
    var address: String
    var port: Int?
    var username: String
    var credentials: JSONValue
    var hostKey: String?
    var location: String?
    var tags: [String]?
    var paused: Bool?
    var collectionInterval: Double?
    var collectionPaused: Bool?

    /// Input with the required fields (the CLI's).
    init(name: String?, address: String, port: Int?, username: String, credentials: JSONValue) {
        self.name = name
        self.address = address
        self.port = port
        self.username = username
        self.credentials = credentials
    }

    /// The input of an existing host, for merging a PATCH onto it.
    init(_ host: RemoteHost) {
        name = host.name
        address = host.address
        port = host.port
        username = host.username
        credentials = host.credentials
        hostKey = host.hostKey
        location = host.location
        tags = host.tags
        paused = host.paused
        collectionInterval = host.collectionInterval
        collectionPaused = host.collectionPaused
    }

    /// `existing` (or a new host in `tenant`) with every field replaced by this input, its
    /// credentials sealed (a `(sealed)` placeholder keeps the stored secret) and checked.
    /// `requireName` is false for an unsaved connection test. Throws `ValidationError` naming
    /// every bad field.
    func apply(to existing: RemoteHost?, tenant: TenantID, egress: EgressPolicy, sealer: (any SecretSealer)?,
               keyDirectory: String?, requireName: Bool = true) throws -> RemoteHost {
        var issues: [FieldIssue] = []
        let name = (self.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if requireName, name.isEmpty || name.unicodeScalars.count > 200 {
            issues.append(.init(field: "name", message: "must be 1 to 200 characters"))
        }
        if let problem = RemoteTarget.problem(address) {
            issues.append(.init(field: "address", message: problem))
        } else if let bytes = NetworkPrefix.addressBytes(address),
                  let refusal = EgressPolicy.builtInRefusal(for: bytes, allowed: [], plugin: "hosts") ?? egress.refusal(for: bytes) {
            issues.append(.init(field: "address", message: refusal))
        }
        let port = self.port ?? 22
        if !(1...65_535).contains(port) { issues.append(.init(field: "port", message: "must be 1 to 65535")) }
        if username.isEmpty || username.unicodeScalars.count > 64 || username.hasPrefix("-")
            || username.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F || $0 == "@" }) {
            issues.append(.init(field: "username", message: "must be 1 to 64 characters without spaces, control characters or '@', not starting with '-'"))
        }
        if let hostKey, !Self.isFingerprint(hostKey) {
            issues.append(.init(field: "hostKey", message: "must be a SHA-256 fingerprint as ssh-keygen -l prints it: SHA256: and 43 base64 characters"))
        }
        if let location, location.unicodeScalars.count > 200 { issues.append(.init(field: "location", message: "must be at most 200 characters")) }
        if let tags {
            if tags.count > 32 { issues.append(.init(field: "tags", message: "must have at most 32 tags")) }
            for (index, tag) in tags.enumerated() where tag.isEmpty || tag.unicodeScalars.count > 64 {
                issues.append(.init(field: "tags[\(index)]", message: "must be 1 to 64 characters"))
            }
        }
        if let collectionInterval, !CollectionSettings.intervalRange.contains(collectionInterval) {
            issues.append(.init(field: "collectionInterval", message: "must be 1 to 86400 seconds"))
        }
        if credentials.objectValue == nil { issues.append(.init(field: "credentials", message: "must be an object")) }
        guard issues.isEmpty else { throw ValidationError(issues) }

        let schema = RemoteHostCredentials.schema
        let sealed = try schema.erased.seal(credentials, sealer: sealer, previous: existing?.credentials)
        let opened = try schema.open(sealed, sealer: sealer)
        let now = Date()
        var host = existing ?? RemoteHost(tenantID: tenant, name: name, address: address, username: username, credentials: sealed,
                                          createdAt: now, updatedAt: now)
        host.name = name
        host.address = address
        host.port = port
        host.username = username
        host.credentials = sealed
        // A host key given replaces the pin; none given keeps it (nil on a new host: trust on first use).
        if let hostKey { host.hostKey = hostKey }
        host.location = location
        host.tags = tags ?? []
        host.paused = paused ?? false
        host.collectionInterval = collectionInterval
        host.collectionPaused = collectionPaused ?? false
        host.updatedAt = now
        // Reads a key file now, so a path outside the key directory is refused when saved.
        _ = try SSHEndpoint(host, credentials: opened, keyDirectory: keyDirectory)
        return host
    }

    /// Whether `text` is `SHA256:` followed by 43 characters of unpadded base64.
    static func isFingerprint(_ text: String) -> Bool {
        guard text.hasPrefix("SHA256:") else { return false }
        let body = text.utf8.dropFirst(7)
        return body.count == 43 && body.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2B || byte == 0x2F
        }
    }
}

/// A host as the API shows it: its credentials' secrets as `(sealed)`.
struct HostView: Encodable {
    var id: RemoteHostID
    var name: String
    var address: String
    var port: Int
    var username: String
    var credentials: JSONValue
    var hostKey: String?
    var location: String?
    var tags: [String]
    var paused: Bool
    /// Seconds between collections; null: the server's default.
    var collectionInterval: Double?
    var collectionPaused: Bool
    var createdAt: Date
    var updatedAt: Date

    init(_ host: RemoteHost) {
        id = host.id
        name = host.name
        address = host.address
        port = host.port
        username = host.username
        credentials = RemoteHostCredentials.schema.erased.redact(host.credentials)
        hostKey = host.hostKey
        location = host.location
        tags = host.tags
        paused = host.paused
        collectionInterval = host.collectionInterval
        collectionPaused = host.collectionPaused
        createdAt = host.createdAt
        updatedAt = host.updatedAt
    }
}

/// What a connection test found (`SSHHostCheck`), and what it did to the host's pinned key.
struct HostTestView: Encodable {
    var reachable: Bool
    var authenticated: Bool
    var hostKey: SSHHostKey?
    var mtrInstalled: Bool?
    var mtrVersion: String?
    var durationMs: Double
    var error: ProbeFailure?
    /// The fingerprint pinned for the host after the test (nil for an unsaved host).
    var pinnedHostKey: String?
    /// Whether this test pinned the key (trust on first use).
    var hostKeyRecorded: Bool

    init(_ check: SSHHostCheck, pinnedHostKey: String?, recorded: Bool) {
        reachable = check.reachable
        authenticated = check.authenticated
        hostKey = check.hostKey
        mtrInstalled = check.mtrInstalled
        mtrVersion = check.mtrVersion
        durationMs = check.durationMs
        error = check.errorCode.map { ProbeFailure(code: $0, message: check.error ?? $0) }
        self.pinnedHostKey = pinnedHostKey
        hostKeyRecorded = recorded
    }
}
