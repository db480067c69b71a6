import Kernel
import PacketSupport
import TLSSupport

/// Per-monitor options of `probe.tls` (the monitor's `config`).
public struct TLSOptions: Codable, Sendable, Hashable {
    /// The port when the target names none. Default 443.
    public var port: Int
    /// The SNI name and the name the certificate must match. Default: the target's host.
    public var serverName: String?
    /// A protocol to speak before the handshake: `smtp` (EHLO, STARTTLS). Default: none.
    public var startTLS: StartTLS?
    /// Degraded when a certificate of the chain expires within this many days. Default 14.
    public var warningDays: Int
    /// A PEM file of CA certificates to trust instead of the system store.
    public var caFile: String?
    /// PEM text of CA certificates to trust instead of the system store.
    public var caPEM: String?
    /// Report an untrusted chain without going down. Default false.
    public var allowUntrusted: Bool
    /// Report a name mismatch without going down. Default false.
    public var allowNameMismatch: Bool
    /// Address family for a host name: `any`, `ipv4`, `ipv6`. Default `any`.
    public var family: FamilyPreference
    /// Whether to raise `tls.certificate_expiring` when the chain enters the warning window.
    public var alertOnExpiring: Bool

    /// A plain-text protocol spoken before the handshake, upgraded with STARTTLS.
    public enum StartTLS: String, Codable, Sendable, Hashable, CaseIterable {
        /// SMTP: EHLO, then STARTTLS (RFC 3207).
        case smtp
    }

    public init(port: Int = 443, serverName: String? = nil, startTLS: StartTLS? = nil, warningDays: Int = 14,
                caFile: String? = nil, caPEM: String? = nil, allowUntrusted: Bool = false, allowNameMismatch: Bool = false,
                family: FamilyPreference = .any, alertOnExpiring: Bool = true) {
        self.port = port
        self.serverName = serverName
        self.startTLS = startTLS
        self.warningDays = warningDays
        self.caFile = caFile
        self.caPEM = caPEM
        self.allowUntrusted = allowUntrusted
        self.allowNameMismatch = allowNameMismatch
        self.family = family
        self.alertOnExpiring = alertOnExpiring
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TLSOptions()
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        serverName = try container.decodeIfPresent(String.self, forKey: .serverName)
        startTLS = try container.decodeIfPresent(StartTLS.self, forKey: .startTLS)
        warningDays = try container.decodeIfPresent(Int.self, forKey: .warningDays) ?? defaults.warningDays
        caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
        caPEM = try container.decodeIfPresent(String.self, forKey: .caPEM)
        allowUntrusted = try container.decodeIfPresent(Bool.self, forKey: .allowUntrusted) ?? false
        allowNameMismatch = try container.decodeIfPresent(Bool.self, forKey: .allowNameMismatch) ?? false
        family = try container.decodeIfPresent(FamilyPreference.self, forKey: .family) ?? .any
        alertOnExpiring = try container.decodeIfPresent(Bool.self, forKey: .alertOnExpiring) ?? true
    }

    /// Checks every field; throws `ValidationError` naming `config.<key>`.
    func validate() throws {
        var issues: [FieldIssue] = []
        if !(1...65_535).contains(port) { issues.append(.init(field: "config.port", message: "must be 1 to 65535")) }
        if let serverName, !TargetResolver.isHostName(serverName) {
            issues.append(.init(field: "config.serverName", message: "must be a host name"))
        }
        if !(0...3650).contains(warningDays) { issues.append(.init(field: "config.warningDays", message: "must be 0 to 3650")) }
        if caFile != nil && caPEM != nil {
            issues.append(.init(field: "config.caPEM", message: "give caFile or caPEM, not both"))
        }
        issues += TrustAnchorOptions.issues(caFile: caFile, caPEM: caPEM)
        guard issues.isEmpty else { throw ValidationError(issues) }
    }

    var anchors: TrustAnchors { TrustAnchorOptions.anchors(caFile: caFile, caPEM: caPEM) }

    var policy: CertificateCheck.Policy {
        .init(warningDays: warningDays, requireTrusted: !allowUntrusted, requireHostnameMatch: !allowNameMismatch)
    }
}
