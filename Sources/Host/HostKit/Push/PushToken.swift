import Crypto
import Foundation

/// Push tokens: 32 random bytes, base64url, behind the prefix `vpush_` (so a leaked one is
/// recognisable in logs and by secret scanners). The store keeps only the SHA-256.
enum PushToken {
    /// The prefix every push token starts with.
    static let prefix = "vpush_"

    /// A new random token.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// Whether `text` has a token's shape: the prefix and 43 base64url characters.
    static func isWellFormed(_ text: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let body = text.dropFirst(prefix.count)
        return body.count == 43 && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// The token's SHA-256, lowercase hex: what the store keeps and looks up.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
