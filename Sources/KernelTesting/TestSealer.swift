import Foundation
import Kernel

/// A sealer for tests of notifier and probe settings: the plaintext reversed behind the
/// sealed prefix, so a test can tell sealed text from the secret. Not encryption.
public struct TestSealer: SecretSealer {
    /// Creates the sealer.
    public init() {}

    public func seal(_ plaintext: String) throws -> String { SealedSecrets.prefix + "test:" + String(plaintext.reversed()) }

    public func unseal(_ sealed: String) throws -> String {
        let body = sealed.dropFirst(SealedSecrets.prefix.count)
        guard body.hasPrefix("test:") else { throw CocoaError(.coderInvalidValue) }
        return String(body.dropFirst(5).reversed())
    }
}
