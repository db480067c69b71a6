import Foundation
import Kernel
import NIOSSL

/// `notifier.email`: each alert as an email through an SMTP submission server — STARTTLS
/// (default) or TLS from the first byte, certificates verified (a CA file for a private CA),
/// AUTH PLAIN or LOGIN, several recipients, a text and an HTML part.
public struct EmailNotifier: Notifier {
    public static let id = PluginID("notifier.email")!
    public static let summary = "sends each alert as an email over SMTP (STARTTLS or TLS, AUTH)"
    public static let channelSecretPaths = ["password"]

    /// How the connection is protected.
    public enum Security: String, Codable, Sendable, Hashable, CaseIterable {
        /// Plain connection upgraded with STARTTLS (port 587); refused when the server does
        /// not offer it.
        case starttls
        /// TLS from the first byte (port 465).
        case tls
        /// No TLS (port 25): only for a relay on a trusted network; no password is sent.
        case none
    }

    /// A channel's settings.
    public struct ChannelOptions: Codable, Sendable, Hashable {
        /// The SMTP server.
        public var host: String
        /// Its port; default 587, 465 for `tls`, 25 for `none`.
        public var port: Int?
        /// `starttls` (default), `tls` or `none`.
        public var security: Security?
        /// The login, when the server wants one.
        public var username: String?
        /// Its password, a secret.
        public var password: String?
        /// The sender address.
        public var from: String
        /// The recipients (1 to 50).
        public var to: [String]
        /// A PEM file of CA certificates to trust instead of the system's.
        public var caFile: String?
        /// The name given in EHLO; default `vantage`.
        public var heloName: String?
        /// Seconds the whole conversation may take; default 30.
        public var timeoutSeconds: Double?

        /// Creates settings.
        public init(host: String, port: Int? = nil, security: Security? = nil, username: String? = nil, password: String? = nil,
                    from: String, to: [String], caFile: String? = nil, heloName: String? = nil, timeoutSeconds: Double? = nil) {
            self.host = host
            self.port = port
            self.security = security
            self.username = username
            self.password = password
            self.from = from
            self.to = to
            self.caFile = caFile
            self.heloName = heloName
            self.timeoutSeconds = timeoutSeconds
        }

        var securityMode: Security { security ?? .starttls }
        var resolvedPort: Int { port ?? (securityMode == .tls ? 465 : securityMode == .none ? 25 : 587) }
    }

    public init(configuration: EmptyConfiguration, context: PluginContext) async throws {}

    /// A notifier.
    public init() {}

    public func validate(channel: ChannelOptions) throws {
        guard !channel.host.isEmpty, !channel.host.contains(where: { $0.isWhitespace || $0 == "/" }) else { throw ValidationError(field: "host", "must be a host name or address") }
        if let port = channel.port, !(1...65_535).contains(port) { throw ValidationError(field: "port", "must be 1 to 65535") }
        try Self.checkAddress(channel.from, field: "from")
        guard (1...50).contains(channel.to.count) else { throw ValidationError(field: "to", "name 1 to 50 recipients") }
        for (index, address) in channel.to.enumerated() { try Self.checkAddress(address, field: "to[\(index)]") }
        if (channel.username == nil) != (channel.password == nil) { throw ValidationError(field: channel.username == nil ? "username" : "password", "username and password go together") }
        if channel.securityMode == .none, channel.password != nil {
            throw ValidationError(field: "security", "a password is never sent without TLS: use starttls or tls", allowedValues: ["starttls", "tls"])
        }
        if let caFile = channel.caFile {
            guard (try? NIOSSLCertificate.fromPEMFile(caFile))?.isEmpty == false else { throw ValidationError(field: "caFile", "cannot read PEM certificates from \(caFile)") }
        }
        if let name = channel.heloName, name.isEmpty || name.contains(where: { $0.isWhitespace }) { throw ValidationError(field: "heloName", "must be one word") }
        if let timeout = channel.timeoutSeconds, !(1...300).contains(timeout) { throw ValidationError(field: "timeoutSeconds", "must be 1 to 300") }
    }

    public func send(_ alert: Alert, via channel: NotificationChannel<ChannelOptions>) async throws -> DeliveryReceipt {
        let options = channel.options
        var tls: NIOSSLContext?
        if options.securityMode != .none {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            if let caFile = options.caFile {
                do {
                    configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
                } catch {
                    throw NotificationFailure("cannot read the CA file \(caFile): \(error)", retryable: false)
                }
            }
            tls = try NIOSSLContext(configuration: configuration)
        }
        let message = EmailMessage(alert: alert, from: options.from, to: options.to)
        let session = SMTPSession(settings: options, tls: tls)
        do {
            return try await AlertDeliveryService.withTimeout(options.timeoutSeconds ?? 30) { try await session.send(message) }
        } catch let failure as NotificationFailure {
            throw failure
        } catch {
            throw NotificationFailure("\(options.host): \(AlertDeliveryService.describe(error, timeout: options.timeoutSeconds ?? 30))")
        }
    }

    static func checkAddress(_ address: String, field: String) throws {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, address.count <= 254,
              !address.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "<" || $0 == ">" || $0 == "," || $0 == "\u{7F}" }) else {
            throw ValidationError(field: field, "\"\(address)\" is not an email address such as ops@example.com")
        }
    }
}
