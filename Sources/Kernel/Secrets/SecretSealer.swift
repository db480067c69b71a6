/// Seals secrets in monitor configurations at rest (SSH passwords, HTTP credentials, SMTP
/// passwords, webhook secrets). The host provides one, keyed from its data directory or the
/// environment; probes never see sealed text, only plaintext in their options.
public protocol SecretSealer: Sendable {
    /// The sealed form of `plaintext`, starting with `SealedSecrets.prefix`.
    func seal(_ plaintext: String) throws -> String
    /// The plaintext of a value `seal` produced; throws when it was sealed with another key
    /// or altered.
    func unseal(_ sealed: String) throws -> String
}

/// Where sealed secrets sit in a record's options (a monitor's `config`, a channel's
/// `settings`), and how they move through the API; `OptionsSchema` applies it.
///
/// A path is dot-separated keys into the options; `*` stands for every key of an
/// object (`secretHeaders.*`). Stored configurations hold sealed text at those paths; the
/// API shows `SealedSecrets.placeholder` instead; sending the placeholder back on an update
/// keeps the stored secret.
public enum SealedSecrets {
    /// The start of every sealed value (the version lets the format change later).
    public static let prefix = "vantage-sealed:v1:"
    /// What the API shows in place of a secret.
    public static let placeholder = "(sealed)"

    /// Whether `text` is a sealed value.
    public static func isSealed(_ text: String) -> Bool { text.hasPrefix(prefix) }

    /// `config` with every secret sealed. A placeholder keeps the value at the same path of
    /// `previous`; a value that is already sealed is kept as it is (it was checked when the
    /// configuration was prepared). Throws `ValidationError` for a placeholder with nothing
    /// stored behind it, on the secret's path under `field`.
    public static func seal(_ config: JSONValue, paths: [String], sealer: (any SecretSealer)?, previous: JSONValue?,
                            field: String = "config") throws -> JSONValue {
        try transform(config, paths: paths) { value, path in
            if value == placeholder {
                guard let kept = previous.flatMap({ lookup($0, path) }), isSealed(kept) else {
                    throw ValidationError(field: field + "." + path, "'\(placeholder)' stands for a stored secret, but none is stored here")
                }
                return kept
            }
            if isSealed(value) { return value }
            return try sealer?.seal(value) ?? value
        }
    }

    /// `config` with every sealed secret opened, for the probe; throws `ValidationError` on the
    /// field when a value cannot be opened.
    public static func unseal(_ config: JSONValue, paths: [String], sealer: (any SecretSealer)?, field: String = "config") throws -> JSONValue {
        try transform(config, paths: paths) { value, path in
            guard isSealed(value) else { return value }
            guard let sealer else {
                throw ValidationError(field: field + "." + path, "is sealed, but this server has no secret key to open it")
            }
            do {
                return try sealer.unseal(value)
            } catch {
                throw ValidationError(field: field + "." + path, "the sealed secret cannot be opened with this server's key (was the key changed?)")
            }
        }
    }

    /// `config` with every secret replaced by the placeholder, for API responses.
    public static func redact(_ config: JSONValue, paths: [String]) -> JSONValue {
        (try? transform(config, paths: paths) { _, _ in placeholder }) ?? config
    }

    /// Applies `change` to each string at `paths` (`*` matching every key), passing the
    /// concrete path.
    static func transform(_ value: JSONValue, paths: [String], _ change: (String, String) throws -> String) throws -> JSONValue {
        var result = value
        for path in paths {
            result = try apply(result, steps: path.split(separator: ".").map(String.init), prefix: "", change)
        }
        return result
    }

    private static func apply(_ value: JSONValue, steps: [String], prefix: String, _ change: (String, String) throws -> String) throws -> JSONValue {
        guard let step = steps.first else {
            guard case .string(let text) = value else { return value }
            return .string(try change(text, prefix))
        }
        guard var object = value.objectValue else { return value }
        let keys = step == "*" ? Array(object.keys) : [step]
        for key in keys {
            guard let child = object[key] else { continue }
            object[key] = try apply(child, steps: Array(steps.dropFirst()), prefix: prefix.isEmpty ? key : prefix + "." + key, change)
        }
        return .object(object)
    }

    private static func lookup(_ value: JSONValue, _ path: String) -> String? {
        var current: JSONValue? = value
        for key in path.split(separator: ".") { current = current?.objectValue?[String(key)] }
        return current?.stringValue
    }
}
