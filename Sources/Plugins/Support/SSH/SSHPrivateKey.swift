import Foundation

/// What Vantage can tell about a private key's text before handing it to libssh2: its
/// algorithm (to explain an RSA refusal) and whether it is encrypted.
public enum SSHPrivateKey {
    /// A key's algorithm.
    public enum Kind: String, Sendable {
        case ed25519, ecdsa, rsa, dsa, unknown
    }

    /// The algorithm of a key in OpenSSH (`openssh-key-v1`) or PEM form.
    public static func kind(of text: String) -> Kind {
        if text.contains("BEGIN RSA PRIVATE KEY") { return .rsa }
        if text.contains("BEGIN EC PRIVATE KEY") { return .ecdsa }
        if text.contains("BEGIN DSA PRIVATE KEY") { return .dsa }
        guard let blob = openSSHBlob(text) else { return .unknown }
        // The unencrypted public key comes first in the blob: its algorithm name says it.
        for (needle, kind) in [("ssh-ed25519", Kind.ed25519), ("ecdsa-sha2-", .ecdsa), ("ssh-rsa", .rsa), ("ssh-dss", .dsa)]
        where blob.range(of: Data(needle.utf8)) != nil {
            return kind
        }
        return .unknown
    }

    /// Whether the key is protected by a passphrase.
    public static func isEncrypted(_ text: String) -> Bool {
        if text.contains("ENCRYPTED") { return true }
        guard let blob = openSSHBlob(text) else { return false }
        return blob.range(of: Data("bcrypt".utf8)) != nil || blob.range(of: Data("aes256".utf8)) != nil
    }

    /// Whether the text looks like a private key at all.
    public static func looksLikePrivateKey(_ text: String) -> Bool {
        text.contains("-----BEGIN ") && text.contains("PRIVATE KEY-----")
    }

    /// Why an RSA key was refused, and what to do instead.
    static func rsaRefusedMessage(_ endpoint: SSHEndpoint) -> String {
        "\(endpoint) refused the RSA key: this libssh2 (1.10) signs RSA keys only with SHA-1 (ssh-rsa), which OpenSSH 8.8 and later refuse; use an ed25519 key (ssh-keygen -t ed25519) or an ECDSA key instead"
    }

    private static func openSSHBlob(_ text: String) -> Data? {
        let begin = "-----BEGIN OPENSSH PRIVATE KEY-----", end = "-----END OPENSSH PRIVATE KEY-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else { return nil }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body))
    }
}
