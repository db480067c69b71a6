import AuthSupport
import Crypto
import Foundation
import Kernel
import Logging
import Testing

@Suite("Token signing with ES256 keys from files")
struct TokenAuthorityTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-keys-\(UUID())")
    let logger = Logger(label: "test")

    @Test func es256TokensVerifyWithThePublicKeyAndHS256TokensDoNot() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = P256.Signing.PrivateKey()
        let privatePath = directory.appendingPathComponent("signing.pem").path
        let publicPath = directory.appendingPathComponent("verify.pem").path
        try Data(key.pemRepresentation.utf8).write(to: URL(fileURLWithPath: privatePath))
        try Data(key.publicKey.pemRepresentation.utf8).write(to: URL(fileURLWithPath: publicPath))
        let issuer = try await TokenAuthority(settings: TokenSettings(privateKeyFile: privatePath), environment: [:], signing: true, logger: logger)
        let verifier = try await TokenAuthority(settings: TokenSettings(publicKeyFile: publicPath), environment: [:], signing: false, logger: logger)
        #expect(issuer.algorithm == "ES256")
        let user = UserID.random()
        #expect(try await verifier.verify(try await issuer.issue(for: user).token) == user)
        let secret = String(repeating: "s", count: 40)
        let hmac = try await TokenAuthority(settings: TokenSettings(), environment: ["VANTAGE_JWT_SECRET": secret], signing: true, logger: logger)
        await #expect(throws: AuthenticationFailure.self) { try await verifier.verify(try await hmac.issue(for: user).token) }
        let other = P256.Signing.PrivateKey()
        try Data(other.pemRepresentation.utf8).write(to: URL(fileURLWithPath: privatePath))
        let stranger = try await TokenAuthority(settings: TokenSettings(privateKeyFile: privatePath), environment: [:], signing: true, logger: logger)
        await #expect(throws: AuthenticationFailure.self) { try await verifier.verify(try await stranger.issue(for: user).token) }
    }

    @Test func anUnreadableKeyFileIsAConfigurationError() async {
        await #expect(throws: ConfigurationError.self) {
            _ = try await TokenAuthority(settings: TokenSettings(publicKeyFile: "/nonexistent.pem"), environment: [:], signing: false, logger: logger)
        }
    }

    @Test func anEphemeralSecretIsOptIn() async throws {
        await #expect(throws: ConfigurationError.self) {
            _ = try await TokenAuthority(settings: TokenSettings(), environment: [:], signing: true, logger: logger)
        }
        let authority = try await TokenAuthority(settings: TokenSettings(ephemeralSecretWhenMissing: true), environment: [:], signing: true, logger: logger)
        let user = UserID.random()
        #expect(try await authority.verify(try await authority.issue(for: user).token) == user)
    }
}
