import Foundation

/// The fields of one certificate that people read: who it is for, who issued it, how long it
/// is valid and what key it carries.
public struct CertificateSummary: Sendable, Equatable {
    /// A public key's algorithm and size.
    public struct PublicKey: Sendable, Equatable {
        /// `RSA`, `EC`, `Ed25519`, ...
        public var type: String
        /// Key size in bits (an EC key: the curve's size).
        public var bits: Int
        /// The named curve of an EC key (`prime256v1`).
        public var curve: String?
    }

    /// The subject, RFC 2253 (`CN=valid.test,O=Vantage Tests`).
    public var subject: String
    /// The issuer, RFC 2253.
    public var issuer: String
    /// `DNS:name`, `IP:address` and `email:address` entries.
    public var subjectAlternativeNames: [String]
    /// The serial number in upper-case hex.
    public var serialNumber: String
    public var notBefore: Date
    public var notAfter: Date
    public var publicKey: PublicKey
    /// The signature algorithm's name (`sha256WithRSAEncryption`).
    public var signatureAlgorithm: String
    /// SHA-256 of the DER encoding, colon-separated hex.
    public var sha256Fingerprint: String
    /// Whether the certificate may issue others (basic constraints CA).
    public var isCertificateAuthority: Bool
    /// Whether the issuer is the subject (a root or a self-signed certificate).
    public var isSelfIssued: Bool

    /// Whole days until `notAfter`, negative once expired.
    public func daysLeft(at now: Date) -> Int { Int(floor(notAfter.timeIntervalSince(now) / 86_400)) }
}
