import CLibSSH2
import Foundation

/// A server's host key as Vantage pins it: its SHA-256 fingerprint in OpenSSH's form
/// (`SHA256:` and unpadded base64, as `ssh-keygen -l` prints it) and its algorithm.
public struct SSHHostKey: Sendable, Hashable, Codable {
    /// `SHA256:…`.
    public var fingerprint: String
    /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, ….
    public var algorithm: String

    /// Creates a host key description.
    public init(fingerprint: String, algorithm: String) {
        self.fingerprint = fingerprint
        self.algorithm = algorithm
    }

    /// The key the session's server presented.
    init(session: OpaquePointer) throws {
        guard let hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256) else {
            throw SSHError(.handshakeFailed, "the server presented no host key")
        }
        let digest = Data(bytes: hash, count: 32)
        fingerprint = Self.fingerprint(sha256: digest)
        var length = 0
        var type: Int32 = 0
        _ = libssh2_session_hostkey(session, &length, &type)
        algorithm = switch type {
        case LIBSSH2_HOSTKEY_TYPE_RSA: "ssh-rsa"
        case LIBSSH2_HOSTKEY_TYPE_DSS: "ssh-dss"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: "ecdsa-sha2-nistp256"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: "ecdsa-sha2-nistp384"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: "ecdsa-sha2-nistp521"
        case LIBSSH2_HOSTKEY_TYPE_ED25519: "ssh-ed25519"
        default: "unknown"
        }
    }

    /// `SHA256:` + the digest in base64 without `=` padding.
    public static func fingerprint(sha256 digest: Data) -> String {
        "SHA256:" + digest.base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// Whether `text` has the form of a fingerprint: `SHA256:` and 43 base64 characters.
    public static func isFingerprint(_ text: String) -> Bool {
        guard text.hasPrefix("SHA256:") else { return false }
        let body = text.dropFirst(7)
        return body.count == 43 && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") }
    }
}
