import Foundation
import Kernel
import Testing

/// Sealing, opening and redacting the secrets of a configuration, with a toy sealer (the
/// AES-GCM sealer of the host is exercised end to end in HostKitTests).
struct SealedSecretsTests {
    /// Reverses the text; refuses text sealed under another "key".
    struct ReversingSealer: SecretSealer {
        var key = "k1"
        func seal(_ plaintext: String) throws -> String { SealedSecrets.prefix + key + ":" + String(plaintext.reversed()) }
        func unseal(_ sealed: String) throws -> String {
            let body = sealed.dropFirst(SealedSecrets.prefix.count)
            guard body.hasPrefix(key + ":") else { throw CocoaError(.coderInvalidValue) }
            return String(body.dropFirst(key.count + 1).reversed())
        }
    }

    let paths = ["auth.password", "secretHeaders.*", "token"]
    let config: JSONValue = .object([
        "auth": .object(["user": .string("u"), "password": .string("pw")]),
        "secretHeaders": .object(["A": .string("1"), "B": .string("2")]),
        "other": .string("visible"),
    ])

    @Test func sealOpenAndRedactEveryPathIncludingWildcards() throws {
        let sealed = try SealedSecrets.seal(config, paths: paths, sealer: ReversingSealer(), previous: nil)
        #expect(sealed["auth"]?["password"]?.stringValue == SealedSecrets.prefix + "k1:wp")
        #expect(sealed["secretHeaders"]?["B"]?.stringValue == SealedSecrets.prefix + "k1:2")
        #expect(sealed["other"]?.stringValue == "visible")
        #expect(sealed["auth"]?["user"]?.stringValue == "u")
        #expect(try SealedSecrets.unseal(sealed, paths: paths, sealer: ReversingSealer()) == config)
        let redacted = SealedSecrets.redact(sealed, paths: paths)
        #expect(redacted["secretHeaders"]?["A"]?.stringValue == SealedSecrets.placeholder)
        #expect(!redacted.jsonText.contains(SealedSecrets.prefix))
        #expect(try SealedSecrets.seal(sealed, paths: paths, sealer: ReversingSealer(), previous: nil) == sealed, "sealing twice changes nothing")
    }

    @Test func aPlaceholderKeepsTheStoredSecretOrIsRefused() throws {
        let stored = try SealedSecrets.seal(config, paths: paths, sealer: ReversingSealer(), previous: nil)
        let echoed = SealedSecrets.redact(stored, paths: paths)
        #expect(try SealedSecrets.seal(echoed, paths: paths, sealer: ReversingSealer(), previous: stored) == stored)
        let error = try #require(throws: ValidationError.self) {
            try SealedSecrets.seal(echoed, paths: paths, sealer: ReversingSealer(), previous: nil)
        }
        #expect(error.issues.first?.field.hasPrefix("config.") == true)
    }

    @Test func aSecretSealedUnderAnotherKeyNamesTheField() throws {
        let sealed = try SealedSecrets.seal(config, paths: ["auth.password"], sealer: ReversingSealer(key: "old"), previous: nil)
        let error = try #require(throws: ValidationError.self) {
            try SealedSecrets.unseal(sealed, paths: ["auth.password"], sealer: ReversingSealer(key: "new"))
        }
        #expect(error.issues.first?.field == "config.auth.password")
        #expect(throws: ValidationError.self) { try SealedSecrets.unseal(sealed, paths: ["auth.password"], sealer: nil) }
    }
}
