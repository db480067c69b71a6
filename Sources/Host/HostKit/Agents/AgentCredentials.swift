import Crypto
import Foundation

/// Agent credentials and the shared secret: minted at random, kept as SHA-256 hashes, and
/// compared in constant time.
enum AgentCredentials {
    /// A new credential: `vag_` and 32 random bytes, base64url.
    static func mint() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "vag_" + text
    }

    /// The hex SHA-256 of `text`, as stored.
    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `presented` hashes to `storedHash`, in time independent of where they differ.
    static func matches(_ presented: String, storedHash: String) -> Bool {
        equal(hash(presented), storedHash)
    }

    /// Whether `presented` is `secret`; both are hashed first, so the time taken does not
    /// depend on the secret's length or where they differ.
    static func secretMatches(_ presented: String?, secret: String?) -> Bool {
        guard let presented, let secret else { return false }
        return equal(hash(presented), hash(secret))
    }

    private static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
