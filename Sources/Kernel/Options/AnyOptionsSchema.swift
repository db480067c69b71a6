/// An `OptionsSchema` with its options type erased: what the host keeps per kind of record to
/// check, seal, open and redact options as JSON without knowing the plugin's types.
public struct AnyOptionsSchema: Sendable {
    /// The key the options sit under in their record (`config`).
    public let field: String
    /// Paths of secrets inside the options.
    public let secretPaths: [String]
    private let check: @Sendable (JSONValue) throws -> Void

    /// Wraps a check of plaintext options; prefer `OptionsSchema.erased`.
    public init(field: String, secretPaths: [String], check: @escaping @Sendable (JSONValue) throws -> Void) {
        self.field = field
        self.secretPaths = secretPaths
        self.check = check
    }

    /// Decodes and validates plaintext options; throws `ValidationError` naming the field.
    public func validate(_ value: JSONValue) throws { try check(value) }

    /// Options with every secret sealed for storage; a placeholder keeps the secret stored in
    /// `previous`. Throws `ValidationError` for a placeholder with nothing behind it.
    public func seal(_ value: JSONValue, sealer: (any SecretSealer)?, previous: JSONValue?) throws -> JSONValue {
        guard !secretPaths.isEmpty else { return value }
        return try SealedSecrets.seal(value, paths: secretPaths, sealer: sealer, previous: previous, field: field)
    }

    /// Options with their sealed secrets opened, for the plugin.
    public func unseal(_ value: JSONValue, sealer: (any SecretSealer)?) throws -> JSONValue {
        guard !secretPaths.isEmpty else { return value }
        return try SealedSecrets.unseal(value, paths: secretPaths, sealer: sealer, field: field)
    }

    /// Options with every secret replaced by `SealedSecrets.placeholder`, for API responses.
    public func redact(_ value: JSONValue) -> JSONValue {
        guard !secretPaths.isEmpty else { return value }
        return SealedSecrets.redact(value, paths: secretPaths)
    }
}
