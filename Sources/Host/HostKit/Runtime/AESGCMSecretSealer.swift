import Crypto
import Foundation
import Kernel

/// Seals configuration secrets with AES-256-GCM under the server's secret key.
///
/// The key comes from `VANTAGE_SECRET_KEY` (base64 of 32 bytes) or from `secret.key` in the
/// data directory, created with mode 0600 on first start. Losing the key makes stored
/// secrets unreadable (monitors then fail validation naming the field); back it up with the
/// database.
struct AESGCMSecretSealer: SecretSealer {
    private let key: SymmetricKey

    init(key: SymmetricKey) { self.key = key }

    func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return SealedSecrets.prefix + combined.base64EncodedString()
    }

    func unseal(_ sealed: String) throws -> String {
        guard SealedSecrets.isSealed(sealed), let data = Data(base64Encoded: String(sealed.dropFirst(SealedSecrets.prefix.count))) else {
            throw CryptoKitError.incorrectParameterSize
        }
        let plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key)
        return String(decoding: plaintext, as: UTF8.self)
    }

    static let environmentVariable = "VANTAGE_SECRET_KEY"
    static let fileName = "secret.key"

    /// The sealer for this server: the key from the environment, or the key file of the data
    /// directory (created when missing). Throws `ConfigurationError` for a malformed key.
    static func load(dataDirectory: String, environment: [String: String]) throws -> AESGCMSecretSealer {
        if let text = environment[environmentVariable] {
            return try AESGCMSecretSealer(key: decode(text, source: "$\(environmentVariable)"))
        }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        if let data = FileManager.default.contents(atPath: path) {
            return try AESGCMSecretSealer(key: decode(String(decoding: data, as: UTF8.self), source: path))
        }
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError(path: "$.server.dataDirectory", message: "cannot create the secret key file \(path)")
        }
        return AESGCMSecretSealer(key: key)
    }

    private static func decode(_ text: String, source: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw ConfigurationError(path: source, message: "the secret key must be 32 bytes in base64 (openssl rand -base64 32)")
        }
        return SymmetricKey(data: data)
    }
}
